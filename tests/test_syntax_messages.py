"""Syntax mistakes are reported where the author must fix them, with what to do."""

from __future__ import annotations

import pytest
import yaml

from game.scenario import ScenarioError, load_scenario_text, safe_yaml


def problems(text: str) -> list[str]:
    """`LINE:COL CODE: message` of every problem in text."""
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, "s.yaml")
    return [f"{p.line}:{p.col} {p.code}: {p.message}" for p in caught.value.problems]


def first(text: str) -> str:
    return problems(text)[0]


@pytest.fixture(params=["C", "pure Python"])
def scanner(request, monkeypatch):
    """Both YAML scanners give the same places."""
    if request.param == "C" and not hasattr(yaml, "CSafeLoader"):
        pytest.skip("this PyYAML has no C scanner")
    if request.param == "pure Python":
        monkeypatch.setattr(safe_yaml, "_LOADER", safe_yaml._DepthCheckingLoader)


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
