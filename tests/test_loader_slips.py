"""Slips a first-time author makes (a file saved in another encoding, a misspelt field, a
wrong party, an option linked to itself) give one error each, saying what to do."""

from __future__ import annotations

import pytest

from game.scenario import ScenarioError, check_scenario, load_scenario_text
from game.scenario.template import template_text
from tests.yaml_edits import at, replaced

TEMPLATE = template_text("x", "x.yaml", None)
SAVE_AS = "save it again with the encoding set to UTF-8 (the editor's Save As offers it)"


def problems(text: str) -> list[str]:
    """`LINE:COL CODE: message` of every problem in text (errors and warnings)."""
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, "s.yaml")
    return [f"{p.line}:{p.col} {p.code}: {p.message}" for p in caught.value.problems]


def test_a_file_saved_as_gbk_is_reported_at_its_first_chinese_character_saying_what_to_do(
        tmp_path):
    text = replaced(TEMPLATE, ('label: "No trade agreement"', 'label: "不达成贸易协议"'))
    path = tmp_path / "gbk.yaml"
    path.write_bytes(text.encode("gbk"))
    (problem,) = check_scenario(path)
    assert f"{problem.line}:{problem.col}" == at(text, "不达成")
    assert problem.code == "encoding"
    assert problem.message == (f"not valid UTF-8 (byte 0x{'不'.encode('gbk')[0]:02x}): the file "
                               f"is saved in another encoding (such as GBK or Latin-1); {SAVE_AS}")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_file_saved_as_utf16_says_so_at_its_start(tmp_path, encoding):
    path = tmp_path / "utf16.yaml"
    path.write_bytes(TEMPLATE.encode(encoding))
    (problem,) = check_scenario(path)
    assert (problem.line, problem.col, problem.code) == (1, 1, "encoding")
    assert problem.message == f"the file is saved as UTF-16, not UTF-8: {SAVE_AS}"


def test_windows_line_endings_and_a_byte_order_mark_load_and_keep_the_lines(tmp_path):
    path = tmp_path / "windows.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + TEMPLATE.replace("\n", "\r\n").encode())
    assert check_scenario(path) == []
    broken = replaced(TEMPLATE, ("      - id: affirm\n", "      - id affirm\n"))
    path.write_bytes(b"\xef\xbb\xbf" + broken.replace("\n", "\r\n").encode())
    (problem,) = check_scenario(path)
    assert f"{problem.line}:{problem.col} {problem.code}" == f"{at(broken, 'id affirm')} colon"


def test_a_misspelt_required_field_of_an_option_is_one_error_with_a_suggestion():
    text = replaced(TEMPLATE, ("        verification: {detect: 0.6, false_alarm: 0.05}\n"
                               "        # An option", "        verificaton: {detect: 0.6, "
                               "false_alarm: 0.05}\n        # An option"))
    assert problems(text) == [f"{at(text, 'verificaton')} unknown-field: issues[0].options[2]: "
                              "unknown field 'verificaton'; did you mean 'verification'?"]


def test_a_wrong_party_in_obliges_is_one_error_not_also_warnings_about_temptations():
    text = replaced(TEMPLATE, ("obliges: [us, cn]  # who", "obliges: [usa, cn]  # who"))
    assert problems(text) == [f"{at(text, 'usa')} choice: issues[0].options[1].obliges[0]: "
                              "expected 'us' or 'cn', got text \"usa\""]


def test_an_option_that_requires_itself_is_told_to_name_another_issues_option():
    text = replaced(TEMPLATE, ("        # requires:\n        #   - {issue: trade, option: "
                               "open-market}", "        requires:\n          - {issue: cyber, "
                               "option: dialogue}"))
    place = at(text, "- {issue: cyber, option: dialogue}", "dialogue")
    assert problems(text) == [f"{place} link: issues[0].options[2].requires[0].option: an "
                              "option cannot require itself: name an option of another issue"]


@pytest.mark.parametrize(("written", "hint"), [
    ("1.5", "must be at most 1.0, got 1.5 (a share from 0 to 1)"),
    ("40", "must be at most 1.0, got 40 (a share from 0 to 1: 0.4 for 40%)"),
    ("40%", 'expected a number, got text "40%" (write 0.4 for 40%)'),
])
def test_a_probability_written_as_a_percentage_says_how_to_write_it(written, hint):
    text = replaced(TEMPLATE, ("      probability: 0.8\n", f"      probability: {written}\n"))
    assert problems(text) == [f"{at(text, f'probability: {written}', written)} "
                              f"{'type' if '%' in written else 'range'}: "
                              f"events[0].trigger.probability: {hint}"]


def test_a_misspelt_cite_is_one_error_not_also_a_source_never_cited():
    text = replaced(TEMPLATE, ("      - source: my-source\n        quote: \"the line of the "
                               "source this element", "      - source: my-sorce\n        quote: "
                               "\"the line of the source this element"),
                    ("      - source: my-source\n        quote: \"the line of the source this "
                     "issue", "      - source: my-sorce\n        quote: \"the line of the source "
                     "this issue"))
    assert [p.split(" ", 2)[1] for p in problems(text)] == ["unknown-source:"] * 2


def test_a_decimal_comma_is_named_as_one_with_the_number_to_write():
    text = replaced(TEMPLATE, ("temptation: {us: 3, cn: 3}", "temptation: {us: 2,5, cn: 3}"))
    (message,) = [m for m in problems(text) if "unknown-field" in m]
    assert message.endswith("unknown field '5' (expected: us, cn); a decimal comma? write "
                            "decimals with a point (2.5, not 2,5)")
