"""Characters that look like YAML's punctuation (a Chinese input method's colon and comma, a
word processor's dashes and quotes, a colon without its space) are named where they stand."""

from __future__ import annotations

import pytest

from game.scenario import ScenarioError, load_scenario_text
from game.scenario.template import template_text
from tests.yaml_edits import at, replaced

TEMPLATE = template_text("x", "x.yaml", None)
LABEL = '        label: "Both affirm open technology trade"\n'
ITEM = "      - id: affirm\n"


def first(text: str) -> str:
    """`LINE:COL CODE: message` of the first problem in text."""
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, "s.yaml")
    p = caught.value.problems[0]
    return f"{p.line}:{p.col} {p.code}: {p.message}"


def test_a_full_width_colon_after_a_key_is_named_at_that_colon(scanner):
    text = replaced(TEMPLATE, (LABEL, '        label："Both affirm open technology trade"\n'))
    assert first(text) == (f"{at(text, 'label：', '：')} lookalike: '：' is a full-width colon "
                           "(U+FF1A), which YAML reads as text: write ':' instead (type it with "
                           "the keyboard in English (ASCII) mode)")


def test_a_full_width_comma_in_braces_is_named_at_that_comma_not_called_a_missing_one(scanner):
    text = replaced(TEMPLATE, ("value: {us: 0, cn: 5}", "value: {us: 0，cn: 5}"))
    found = first(text)
    assert found.startswith(f"{at(text, '0，cn', '，')} lookalike: '，' is a full-width comma")
    assert "comma missing" not in found


def test_a_full_width_brace_opening_a_value_is_named_at_that_brace(scanner):
    text = replaced(TEMPLATE, ("value: {us: 0, cn: 5}", "value: ｛us: 0, cn: 5｝"))
    assert first(text).startswith(f"{at(text, '｛us')} lookalike: '｛' is a full-width brace")


def test_a_full_width_comma_in_a_list_or_digit_in_a_number_says_which_character_to_retype():
    text = replaced(TEMPLATE, ("value: {us: 0, cn: 5}", "value: {us: 0, cn: ５}"))
    assert first(text).endswith(
        "expected a number, got text \"５\" ('５' is full-width: write '5', type it with the "
        "keyboard in English (ASCII) mode)")
    text = replaced(TEMPLATE, ("obliges: [us, cn]  # who", "obliges: [us，cn]  # who"))
    assert "('，' is full-width: write ','" in first(text)


def test_chinese_text_in_labels_and_briefs_is_read_as_written():
    text = replaced(TEMPLATE, (LABEL, "        label: 双方确认开放技术贸易，不设新限制\n"),
                    ('label: "No trade agreement"', 'label: "不达成贸易协议：维持现状"'))
    scenario = load_scenario_text(text, "s.yaml")
    assert scenario.issue("trade").option("affirm").label == "双方确认开放技术贸易，不设新限制"
    assert scenario.issue("trade").option("no-change").label == "不达成贸易协议：维持现状"


@pytest.mark.parametrize(("dash", "name"), [("\u2013", "an en dash (U+2013)"),
                                            ("\u2014", "an em dash (U+2014)"),
                                            ("\uff0d", "a full-width hyphen (U+FF0D)")])
def test_a_list_item_started_with_a_dash_look_alike_is_named_on_its_own_line(scanner, dash, name):
    text = replaced(TEMPLATE, (ITEM, f"      {dash} id: affirm\n"))
    assert first(text) == (f"{at(text, dash)} lookalike: this list item starts with {name}, "
                           "which YAML reads as text: start it with '-' (the ASCII hyphen) and "
                           "a space")


def test_a_list_item_without_a_space_after_its_dash_is_named_on_its_own_line(scanner):
    text = replaced(TEMPLATE, (ITEM, "      -id: affirm\n"))
    assert first(text) == (f"{at(text, '-id: affirm')} lookalike: a list item needs a space "
                           "after its '-': write '- id:'")


@pytest.mark.parametrize("line", ['        label:"Both affirm open technology trade"\n',
                                  "        value:{us: 1, cn: 1}\n", "        obliges:[us, cn]\n"])
def test_a_key_whose_colon_has_no_space_after_it_is_shown_with_the_space(scanner, line):
    old = {"l": LABEL, "v": "        value: {us: 1, cn: 1}\n        temptation: {us: 2, cn: 1}\n",
           "o": "        obliges: [us, cn]\n        value: {us: 1, cn: 1}\n        temptation: "
                "{us: 2, cn: 1}\n"}[line.strip()[0]]
    text = replaced(TEMPLATE, (old, old.replace(line.replace(":", ": ", 1), line, 1)))
    key = line.strip().split(":", 1)[0]
    fixed = line.strip().replace(":", ": ", 1)
    assert first(text) == (f"{at(text, line.strip(), ':')} colon: YAML needs a space after the "
                           f"colon that ends a key: write '{fixed}'")
    assert key in fixed


def test_a_text_in_typographic_quotes_holding_a_colon_is_told_to_use_straight_quotes(scanner):
    text = replaced(TEMPLATE, (LABEL, "        label: “Trade: open, both ways”\n"))
    assert first(text) == (f"{at(text, '“Trade')} colon: this text is in typographic quotes "
                           "(“ ”), which YAML reads as text, so its ': ' starts another key: use "
                           'straight quotes, "Trade: open, both ways"')


def test_a_colon_after_a_quoted_text_is_named_at_that_colon(scanner):
    text = replaced(TEMPLATE, (LABEL, '        label: "Both affirm open technology trade":\n'))
    place = at(text, 'trade":', ":")
    assert first(text) == (f"{place} colon: a ':' after the closing quote "
                           "makes the quoted text a key: remove it, or move it inside the quotes")
