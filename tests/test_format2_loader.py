"""Format 2 in the loader: every new construct reads into the core, and every mistake with it
is one problem at the node it is about; a version 1 file may not use what version 2 adds."""

from __future__ import annotations

import pathlib

import pytest

from game.core import scenario as core
from game.scenario import ScenarioError, check_scenario, load_scenario, load_scenario_text
from tests.test_loader_problems import found
from tests.yaml_edits import at, replaced

DATA = pathlib.Path(__file__).parent / "data"
FORMAT2 = (DATA / "format2.yaml").read_text(encoding="utf-8")


def edit(*changes: tuple[str, str]) -> str:
    """format2.yaml with each (old, new) replacement made; old must occur exactly once."""
    return replaced(FORMAT2, *changes)


def one(text: str, needle: str, token: str | None, code: str) -> None:
    """The only problem is code, at token inside needle."""
    assert found(text) == [f"{at(text, needle, token)} {code}"]


def test_every_format_2_construct_reads_into_the_engines_dataclasses():
    s = load_scenario(DATA / "format2.yaml")
    assert s.schema_version == 2 and s.sources[0].url == "https://example.org/fact-sheet"
    cyber, dialogue, maritime = s.issues
    silence, pledge, norms = cyber.options
    assert silence.status_quo and silence.obliges == () and not silence.value
    assert pledge.rates("us") == core.Verification(0.2, 0.05)
    assert pledge.rates("cn") == core.Verification(0.6, 0.05)
    assert pledge.verification == core.Verification(0.2, 0.05)  # the first obliged party's
    assert not norms.available and norms.requires == (("dialogue", "meeting"),)
    assert dialogue.options[0].act == core.Act(1)
    assert dialogue.status_quo == {"us": -1.0, "cn": 0.0} and cyber.status_quo == {}
    assert s.parties["cn"].red_lines[0].public and not s.parties["us"].red_lines[0].public
    assert s.sanctions.levels[1].issue == "dialogue" and s.sanctions.levels[0].issue == ""
    news = {e.id: e for e in s.events}
    assert news["tip-off"].audience == "us" and news["reef-photo"].audience == ""
    either = news["norms-agreed"].trigger.conditions[0]
    assert either.kind == "any" and [c.kind for c in either.conditions] == ["commitment", "flag"]
    assert either.conditions[0].option == "pledge"
    kinds = [e.kind for e in news["reef-photo"].effects]
    assert kinds == ["status_quo", "withdraw_option", "end_commitment"]
    check = news["norms-agreed"].effects[1]
    assert (check.party, check.detect, check.false_alarm) == ("us", 0.3, 0.04)


@pytest.mark.parametrize(
    ("old", "new", "needle", "token"),
    [
        ("    url: https", "    url: https", "url: https", None),
        ("        public: true", "        public: true", "public: true", None),
        ("        status_quo: true", "        status_quo: true", "status_quo: true", None),
        ("        act: {due: 1}", "        act: {due: 1}", "act: {due: 1}", None),
        ("    - id: delist", "    - id: delist", "issue: dialogue\nevents", None),
        ("    audience: us", "    audience: us", "audience: us", None),
        ("        - kind: any", "        - kind: any", "kind: any", "any"),
        ("{kind: end_commitment", "{kind: end_commitment", "kind: end_commitment",
         "end_commitment"),
    ],
)
def test_a_format_2_field_in_a_version_1_file_says_to_set_schema_version_2(old, new, needle,
                                                                            token):
    text = edit(("schema_version: 2", "schema_version: 1"), (old, new))
    problems = {f"{p.line}:{p.col}": p for p in pytest.raises(
        ScenarioError, load_scenario_text, text, "v1.yaml").value.problems}
    place = at(text, needle, token)
    assert place in problems, sorted(problems)
    assert problems[place].code == "version"
    assert "set schema_version: 2" in problems[place].message


def test_a_version_1_file_without_format_2_fields_is_still_valid():
    assert load_scenario(DATA / "minimal.yaml").schema_version == 1


def test_a_status_quo_option_may_not_oblige_value_or_verify():
    text = edit(("        status_quo: true\n",
                 "        status_quo: true\n        value: {us: 1, cn: 1}\n"))
    one(text, "value: {us: 1, cn: 1}\n", None, "status-quo")


def test_an_ordinary_option_still_needs_its_terms():
    text = edit(("        status_quo: true\n", ""))
    assert found(text) == [f"{at(text, '- id: silence', 'id')} missing"] * 4


def test_per_party_verification_needs_rates_for_every_obliged_party():
    text = edit(("          us: {detect: 0.2, false_alarm: 0.05}\n", ""))
    one(text, "cn: {detect: 0.6", None, "missing")
    assert "no rates for 'us'" in str(pytest.raises(ScenarioError, load_scenario_text,
                                                    text).value)


def test_rates_for_a_party_the_option_does_not_oblige_are_a_warning(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(edit(("        verification: {detect: 0.8, false_alarm: 0.02}",
                          "        verification:\n          detect: 0.8\n          false_alarm: "
                          "0.02\n          us: {detect: 0.5, false_alarm: 0.01}")))
    problems = check_scenario(path)
    assert [(p.severity, p.code) for p in problems] == [("warning", "unused")]


@pytest.mark.parametrize(
    ("old", "new", "needle", "token", "code"),
    [
        ("{issue: dialogue, option: meeting}", "{issue: dialogue, option: meting}",
         "option: meting", "meting", "unknown-option"),
        ("{issue: dialogue, option: meeting}", "{issue: cyber, option: pledge}",
         "- {issue: cyber, option: pledge}", "cyber", "link"),
        ("{issue: dialogue, option: meeting}",
         "{issue: dialogue, option: meeting}\n          - {issue: dialogue, option: meeting}",
         "- {issue: dialogue, option: meeting}\n  - id: dialogue", "{", "duplicate-id"),
        ("forbid: [silence]", "forbid: [silence, silence]", "silence, silence]", "silence]",
         "duplicate-id"),
        ("priorities: [cyber, dialogue]", "priorities: [cyber, cyber]", "cyber, cyber]",
         "cyber]", "duplicate-id"),
        ("      issue: dialogue\nevents", "      issue: dialog\nevents", "issue: dialog\n",
         "dialog", "unknown-issue"),
        ("{kind: commitment, issue: cyber, option: pledge}",
         "{kind: commitment, issue: cyber, option: pleg}", "option: pleg}", "pleg",
         "unknown-option"),
        ("{kind: add_option, issue: cyber, option: norms}",
         "{kind: add_option, issue: cyber, option: norm}", "option: norm}", "norm",
         "unknown-option"),
    ],
)
def test_a_mistake_in_a_format_2_construct_is_one_problem_at_its_node(old, new, needle, token,
                                                                      code):
    text = edit((old, new))
    one(text, needle, token, code)


def test_an_act_due_after_the_last_round_is_a_warning(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(edit(("act: {due: 1}", "act: {due: 4}")))
    problems = check_scenario(path)
    assert [(p.severity, p.code) for p in problems] == [("warning", "unreachable")]
    assert "never comes due" in problems[0].message
