"""Syntax mistakes are reported where the author must fix them, with what to do."""

from __future__ import annotations

import pathlib

import pytest

from game.scenario import ScenarioError, load_scenario_text, safe_yaml
from game.scenario.template import template_text


def problems(text: str) -> list[str]:
    """`LINE:COL CODE: message` of every problem in text."""
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, "s.yaml")
    return [f"{p.line}:{p.col} {p.code}: {p.message}" for p in caught.value.problems]


def first(text: str) -> str:
    return problems(text)[0]


def test_an_unclosed_brace_is_reported_where_it_opened(scanner):
    text = "schema_version: 2\nparties:\n  us: {name: A, brief: B\n  cn: x\ntitle: t\n"
    assert first(text) == ("3:7 unclosed: the '{' opened here is never closed: add '}' where "
                           "its items end")


def test_an_unclosed_bracket_is_reported_where_it_opened(scanner):
    text = "schema_version: 2\nissues: [{id: a}, {id: b}\ntitle: t\n"
    assert first(text).startswith("2:9 unclosed: the '[' opened here is never closed")


def test_a_closed_brace_missing_a_comma_points_at_the_mistake_and_names_the_brace(scanner):
    found = first("a: {b: 1 c: 2}\nd: 3\n")
    assert found.startswith("1:11 syntax:")
    assert "in the '{' opened at line 1, column 4; is a comma missing?" in found


def test_an_unclosed_quote_at_the_end_of_the_file_is_reported_where_it_opened(scanner):
    text = 'schema_version: 2\nid: x\ntitle: "unclosed\nsummary: s\n'
    assert first(text) == ('3:8 unclosed: the quote (") opened here is never closed: close '
                           "it on this line")
    assert first("a: 'open\nb: 2\n").startswith("1:4 unclosed: the quote (')")


def test_a_quote_closed_lines_later_by_another_quote_is_reported_where_it_opened(scanner):
    text = 'title: "unclosed\nsummary: s\ndate: "d"\nx: 1\n'
    assert first(text) == ('1:8 unclosed: the quote (") opened here runs on over the next '
                           "lines: close it on this line")


def test_a_label_holding_a_colon_is_reported_at_its_start_with_the_quoted_text(scanner):
    text = "x:\n  - id: a\n    label: Yes: we can\n"
    assert first(text) == ("3:12 colon: this text holds ': ' (a colon and a space), which YAML "
                           'reads as the start of another key: put the whole text in quotes, '
                           '"Yes: we can"')
    assert first("title: Note: see the fact sheet # why\n").startswith("1:8 colon:")


def where(text: str, fragment: str) -> tuple[int, int]:
    """Line and column of the first place of fragment in text."""
    index = text.index(fragment)
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


@pytest.mark.parametrize(("closed", "unclosed"), [
    ("priorities: [cyber, climate]", "priorities: [cyber, climate"),
    ("weights: {cyber: 1.5, trade: 1.0, climate: 1.0}", "weights: {cyber: 1.5, trade: 1.0"),
])
def test_an_unclosed_bracket_before_a_folded_text_is_reported_where_it_opened(
        scanner, closed, unclosed):
    template = template_text("x", "x.yaml", None)
    assert closed in template and "brief: >-" in template.split(closed, 1)[1]
    text = template.replace(closed, unclosed, 1)
    bracket = unclosed[unclosed.index(":") + 2]
    line, col = where(text, unclosed)
    col += unclosed.index(bracket)
    closer = {"[": "]", "{": "}"}[bracket]
    assert first(text) == (f"{line}:{col} unclosed: the '{bracket}' opened here is never closed: "
                           f"add '{closer}' where its items end")


def test_a_bracket_left_open_before_a_block_text_in_a_small_file_is_reported_where_it_opened(
        scanner):
    assert first("a: [x, z\nb: >-\n  text\n").startswith("1:4 unclosed: the '[' opened here")
    assert first("a: {x: 1\nb: |\n  text\n").startswith("1:4 unclosed: the '{' opened here")


def test_a_quoted_key_one_space_too_deep_is_an_indentation_error_not_a_colon(scanner):
    text = 'x:\n  - id: a\n     label: "Both affirm open trade"\n'
    assert first(text) == ("3:6 indent: this key is indented more than the keys above it: "
                           "indent it to column 5, where they start")


def test_a_key_one_space_too_deep_after_a_quoted_or_flow_value_is_an_indentation_error(scanner):
    expected = ("3:6 indent: this key is indented more than the keys above it: indent it to "
                "column 5, where they start")
    assert first('x:\n  - label: "a"\n     obliges: [us]\n') == expected
    assert first("x:\n  - id: a\n     label: b\n") == expected


def test_an_option_label_one_space_too_deep_in_the_template_names_the_column_to_use(scanner):
    template = template_text("x", "x.yaml", None)
    line = '        label: "A joint pledge against cyber theft"'
    text = template.replace(line, " " + line, 1)
    assert first(text) == (f"{where(text, line)[0]}:10 indent: this key is indented more than "
                           "the keys above it: indent it to column 9, where they start")


def test_a_key_one_space_too_shallow_in_a_list_item_names_the_column_of_its_siblings(scanner):
    assert first("x:\n  - id: a\n   label: b\n") == (
        "3:4 indent: this key is indented less than the keys above it (column 5) but more than "
        "their list's '-' (column 3): indent it to column 5")
    template = template_text("x", "x.yaml", None)
    line = '        label: "A joint pledge against cyber theft"'
    text = template.replace(line, line[1:], 1)
    assert first(text).startswith(f"{where(text, line[1:])[0]}:8 indent: this key is indented "
                                  "less than the keys above it (column 9)")


def test_a_key_too_shallow_in_a_mapping_offers_both_columns_around_it(scanner):
    assert first("parties:\n  us:\n    name: x\n   brief: y\n") == (
        "4:4 indent: this key is indented less than the keys above it (column 5) but more than "
        "the key they belong to (column 3): indent it to column 5 to go on with them, or to "
        "column 3 to go on with that key")


def test_a_list_item_out_of_line_is_reported_at_its_dash_with_the_column_of_the_others(scanner):
    assert first("a:\n  - id: x\n    b: 1\n - id: y\n   b: 2\n") == (
        "4:2 indent: this list item is indented less than the items above it: indent its '-' "
        "to column 3, where theirs are")
    assert first("a:\n  - id: x\n    b: 1\n   - id: y\n     b: 2\n").startswith(
        "4:4 indent: this list item is indented more than the items above it: indent its '-' "
        "to column 3")
    assert first("a:\n  - x\n  - y\n - z\n").startswith("4:2 indent: this list item")


def test_a_line_that_left_the_indentation_is_blamed_not_the_next_line_that_kept_it(scanner):
    # ` - id: y` moves its keys one column left, so PyYAML stops at `b`, which is right
    assert first("a:\n  - id: x\n    b: 1\n - id: y\n    b: 2\n").startswith(
        "4:2 indent: this list item is indented less than the items above it")
    assert first("p:\n  us:\n    n: 1\n   w: 2\n    c: 3\n").startswith(
        "4:4 indent: this key is indented less than the keys above it (column 5)")


def test_indentation_with_a_non_breaking_space_is_an_error_at_that_space():
    text = "schema_version: 2\nparties:\n  us:\n\u00a0\u00a0  name: x\n"
    assert problems(text) == [
        "4:1 indent: the indentation holds a non-breaking space (U+00A0), which YAML reads as "
        "text, not indentation: indent with ordinary spaces"]
    assert problems("a:\n  b: 1\n  \u3000c: 2\n")[0].startswith("3:3 indent: the indentation "
                                                             "holds an ideographic space")


def test_a_non_breaking_space_inside_text_is_fine():
    tree, found = safe_yaml.read("a: $3.1\u00a0billion\n", "s.yaml")
    assert found == [] and tree.data == {"a": "$3.1\u00a0billion"}


def test_an_over_long_id_is_shown_shortened_with_its_length():
    long_id = "a-very-long-id-" * 7
    text = f"schema_version: 2\nid: {long_id}\n"
    assert (f"2:5 range: id: '{long_id[:30]}...' is too long (105 characters; at most 64)"
            in problems(text))


def test_a_key_like_a_number_is_shown_as_one_quoted_step_of_the_path():
    text = "schema_version: 2\nparties:\n  us:\n    weights: {0.0: 1}\n"
    assert any(p.startswith('4:15 id: parties.us.weights["0.0"]: text "0.0" is not a valid id')
               for p in problems(text))


def test_dotted_paths_quote_only_keys_that_would_read_as_several_steps():
    assert safe_yaml.dotted(("issues", 0, "options", 1, "value", "us")) == \
        "issues[0].options[1].value.us"
    assert safe_yaml.dotted(("weights", "0.0")) == 'weights["0.0"]'
    assert safe_yaml.dotted(("weights", "state-visit_2")) == "weights.state-visit_2"
    assert safe_yaml.dotted(("weights", 'a "b"')) == 'weights["a \\"b\\""]'


MINIMAL = (pathlib.Path(__file__).parent / "data" / "minimal.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("before", "after", "expected"), [
    ("    publisher: The White House\n", "    publisher\n",
     "11:5 colon: this line has no colon after its key: write 'publisher: ' and its value"),
    ("title: Minimal talks\n", "title Minimal talks\n",
     "5:1 colon: this line has no colon: if it goes on with the text of line 4, indent it "
     "further than 'id'; if it is a key, write 'title: Minimal talks'"),
    ("      - id: president\n", "      - id president\n",
     "18:9 colon: this line has no colon after its key: write 'id: president'"),
    ("  - id: fact-sheet\n", "  - id fact-sheet\n",
     "9:5 colon: this line has no colon after its key: write 'id: fact-sheet'"),
])
def test_a_key_without_its_colon_is_reported_on_its_own_line_with_the_line_to_write(
        scanner, before, after, expected):
    """PyYAML notices a missing colon on the next line ("could not find expected ':'"), or,
    under a list item, blames the indentation of the keys below it."""
    assert before in MINIMAL
    assert first(MINIMAL.replace(before, after, 1)) == expected


def test_text_that_runs_on_at_the_indentation_of_its_key_is_told_how_to_go_on(scanner):
    text = MINIMAL.replace("    publisher: The White House\n",
                           "    publisher: The White House\n    and its press office\n")
    assert first(text) == ("12:5 colon: this line has no colon: if it goes on with the text of "
                           "line 11, indent it further than 'publisher'; if it is a key, write "
                           "'and: its press office'")


def test_a_line_of_symbols_where_a_key_was_due_is_reported_on_that_line(scanner):
    text = MINIMAL.replace("    publisher: The White House\n", "    publi#\n\n")
    assert first(text) == ("11:5 colon: YAML expected a key here, but this line has no ': ' "
                           "(a colon and a space) after one: write 'key: value'")


def test_a_key_dedented_to_its_lists_dash_names_the_column_of_its_item_keys(scanner):
    line = "        verification: {detect: 0.6, false_alarm: 0.05}\n"
    template = template_text("x", "x.yaml", None)
    assert template.count(line) == 2
    text = template.replace(line, line[2:], 1)
    assert first(text) == (f"{where(text, line[2:])[0]}:7 indent: this key is indented as far as "
                           "the '-' of the list above it (column 7): indent it to column 9 to go "
                           "on with the keys above it, or write '- ' before it if it starts a "
                           "new item")


def test_an_item_that_lost_its_dash_is_reported_on_its_own_line(scanner):
    template = template_text("x", "x.yaml", None)
    text = template.replace("  - id: trade\n", "  id: trade\n", 1)
    assert first(text).startswith(f"{where(text, '  id: trade')[0]}:3 indent: this key is "
                                  "indented as far as the '-' of the list above it (column 3)")
