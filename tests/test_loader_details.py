"""Loader details a scenario author meets: real sizes, tabs, every problem at once, one error
for one slip, a leading plus, and red lines that leave a party nothing to agree to."""

from __future__ import annotations

import pytest

from game.scenario import ScenarioError, check_scenario, load_scenario_text
from game.scenario.fields import ID_MAX
from game.scenario.loader import analyse_file
from game.scenario.safe_yaml import MAX_BYTES
from tests.test_loader_problems import MINIMAL, edit
from tests.yaml_edits import at


def problems(text: str) -> list[str]:
    """`LINE:COL CODE: message` of every problem in text (errors and warnings)."""
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, "m.yaml")
    return [f"{p.line}:{p.col} {p.code}: {p.message}" for p in caught.value.problems]


def test_an_oversized_file_reports_its_real_size_and_the_limit(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * 5_300_000)
    (problem,) = check_scenario(path)
    assert problem.code == "too-large"
    assert "5,300,000 bytes" in problem.message and f"{MAX_BYTES:,} bytes" in problem.message


def test_a_tab_in_the_indentation_is_named_at_the_tab():
    text = edit(("  memory: 0.85\n", "  memory: 0.85\n \tdecay: 1\n"))
    assert problems(text) == [f"{at(text, chr(9))} tab: tabs cannot indent YAML; use spaces"]


def test_an_unknown_key_with_an_ambiguous_value_reports_both_at_once():
    text = edit(("schema_version: 1\n", "schema_version: 1\nextra: yes\n"))
    found = problems(text)
    assert [p.split()[1] for p in found] == ["unknown-field:", "yaml11-bool:"]
    assert found[0].startswith(f"{at(text, 'extra')} unknown-field: unknown field 'extra'")


def test_an_ambiguous_value_does_not_stop_the_reference_checks():
    text = edit(("forbid: [silence]", "forbid: [no]"))
    codes = [p.split()[1] for p in problems(text)]
    assert codes == ["yaml11-bool:", "unknown-option:"]


def test_a_misspelt_weight_is_one_error_with_a_suggestion():
    text = edit(("weights: {cyber: 0.5, climate: 1.2}", "weights: {cyber: 0.5, climte: 1.2}"))
    assert problems(text) == [
        f"{at(text, 'climte')} unknown-issue: parties.cn.weights: unknown issue 'climte'; "
        "did you mean 'climate'?"
    ]


def test_an_unrelated_weight_key_is_still_two_errors():
    text = edit(("weights: {cyber: 0.5, climate: 1.2}", "weights: {cyber: 0.5, trade: 1.2}"))
    assert [p.split()[1] for p in problems(text)] == ["missing-weight:", "unknown-issue:"]


@pytest.mark.parametrize("number", ["+5", "+0.5"])
def test_a_leading_plus_is_refused_like_other_yaml_1_1_numbers(number):
    text = edit(("  memory: 0.85\n", f"  memory: {number}\n"))
    (found,) = problems(text)
    assert found.startswith(f"{at(text, number)} yaml11-number: trust.memory: '{number}' has a "
                            "leading '+'")


def test_red_lines_that_forbid_every_option_are_a_warning(tmp_path):
    text = edit(("forbid: [silence]", "forbid: [silence, pledge]"))
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    scenario, found = analyse_file(path)
    assert scenario is not None  # a warning, not an error
    assert [(p.severity, p.code) for p in found] == [("warning", "red-line-all")]
    assert "forbid every option of issue 'cyber', so the US can never agree" in found[0].message


def test_the_id_length_limit_is_enforced_and_documented():
    from game.scenario.docs import docs_text

    assert f"at most {ID_MAX} characters" in docs_text()
    text = edit(("id: minimal", f"id: {'a' * (ID_MAX + 1)}"))
    assert [p.split()[1] for p in problems(text)] == ["range:"]
    assert MINIMAL.count("id: minimal") == 1
