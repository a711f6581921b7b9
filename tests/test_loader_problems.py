"""The loader builds the engine's scenario, or lists every mistake at the node it is about."""

from __future__ import annotations

import pathlib

import pytest

from game.core import scenario as core
from game.scenario import Problem, ScenarioError, check_scenario, load_scenario, load_scenario_text
from tests.yaml_edits import at, replaced

DATA = pathlib.Path(__file__).parent / "data"
MINIMAL = (DATA / "minimal.yaml").read_text(encoding="utf-8")


def edit(*changes: tuple[str, str]) -> str:
    """minimal.yaml with each (old, new) replacement made; old must occur exactly once."""
    return replaced(MINIMAL, *changes)


def found(text: str) -> list[str]:
    """`LINE:COL CODE` of every problem (errors and warnings) in text."""
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, "m.yaml")
    return [f"{p.line}:{p.col} {p.code}" for p in caught.value.problems]


def one(text: str, needle: str, token: str | None, code: str) -> None:
    """The only problem is code, at token inside needle."""
    assert found(text) == [f"{at(text, needle, token)} {code}"]


def test_the_minimal_scenario_loads_into_the_engines_dataclasses():
    scenario = load_scenario(DATA / "minimal.yaml")
    assert isinstance(scenario, core.Scenario)
    assert [i.id for i in scenario.issues] == ["cyber", "climate"]
    pledge = scenario.issue("cyber").option("pledge")
    assert pledge.obliges == ("us", "cn")
    assert pledge.value == {"us": 3.0, "cn": 1.0}
    assert pledge.verification == core.Verification(0.2, 0.05)
    assert scenario.parties["cn"].id == "cn" and scenario.parties["cn"].personality == "steady"
    assert scenario.parties["us"].red_lines == (
        core.RedLine("cyber", ("silence",), "We will not leave without a word on cyber."),
    )
    assert scenario.issue("cyber").cite[0].source == "fact-sheet"
    assert scenario.events[0].effects[0] == core.Effect(
        kind="trust", party="us", issue="cyber", delta=-0.1
    )
    assert scenario.events[1].trigger.conditions[1] == core.Condition(
        kind="trust_below", observer="us", value=0.4
    )
    assert scenario.settings == core.Settings(4, 3, "us", {"negotiate": 300, "implement": 60})
    assert scenario.trust.strength == 4.0 and scenario.sanctions.decay == 0.5
    assert isinstance(scenario.settings.rounds, int)
    assert all(isinstance(v, float) for v in scenario.parties["us"].weights.values())


def test_omitted_optional_fields_take_the_dataclass_defaults():
    scenario = load_scenario_text(edit(("  memory: 0.85\n", ""), ("  decay: 0.5\n", "")))
    assert scenario.trust == core.Trust(initial={"us": 0.5, "cn": 0.6})
    assert scenario.sanctions.decay == core.Sanctions(levels=()).decay


def test_problem_reads_as_file_line_column_severity_message_code():
    problem = Problem("s.yaml", 3, 14, "error", "trust.memory: must be at most 1.0", "range")
    assert str(problem) == "s.yaml:3:14: error: trust.memory: must be at most 1.0 [range]"


def test_scenario_error_carries_the_problems_and_prints_them_one_a_line():
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(edit(("memory: 0.85", "memory: 2"), ("exchanges: 3", "exchanges: 0")))
    lines = str(caught.value).splitlines()
    assert lines == [str(p) for p in caught.value.problems] and len(lines) == 2


def test_a_quoted_number_is_text_and_text_is_not_a_number():
    text = edit(("no_deal: 0", 'no_deal: "0"'))
    one(text, 'no_deal: "0"', '"0"', "type")
    assert 'expected a number, got text "0"' in str(
        pytest.raises(ScenarioError, load_scenario_text, text).value
    )


def test_one_is_not_true():
    text = edit(
        (
            "        flag: breach-public\n  - id: hearing",
            "        flag: breach-public\n        set: 1\n  - id: hearing",
        )
    )
    one(text, "set: 1", "1", "type")


def test_a_number_where_text_belongs_is_reported_at_the_number():
    text = edit(("title: Climate finance", "title: 2015"))
    one(text, "title: 2015", "2015", "type")


@pytest.mark.parametrize(
    ("old", "new", "token"),
    [
        ("detect: 0.6", "detect: 1.5", "1.5"),
        ("false_alarm: 0.02", "false_alarm: -0.1", "-0.1"),
        ("cost_sender: 0.5", "cost_sender: -1", "-1"),
        ("rounds: 4", "rounds: 0", "0"),
        ("exchanges: 3", "exchanges: 0", "0"),
        ("probability: 0.5", "probability: 2", "2"),
        ("rounds: [2, 3]", "rounds: [2, 0]", "0]"),
        ("weights: {cyber: 0.5", "weights: {cyber: -0.5", "-0.5"),
        ("temptation: {us: 0, cn: 2}", "temptation: {us: 0, cn: -2}", "-2"),
        ("toughness: 0.6", "toughness: 1.2", "1.2"),
        ("timers: {negotiate: 300", "timers: {negotiate: 0", "0"),
        ("delta: -0.1", "delta: -3", "-3"),
    ],
)
def test_out_of_range_numbers_are_reported_at_the_number(old, new, token):
    text = edit((old, new))
    one(text, new, token, "range")


def test_an_unknown_key_is_reported_at_the_key_with_a_suggestion():
    text = edit(("title: Climate finance", "title: Climate finance\n    descripton: x"))
    one(text, "descripton", None, "unknown-field")
    assert "did you mean 'description'?" in str(
        pytest.raises(ScenarioError, load_scenario_text, text).value
    )


def test_a_missing_required_field_is_reported_at_its_mapping():
    text = edit(("    title: Climate finance\n", ""))
    one(text, "- id: climate", "id", "missing")


def test_a_party_keyed_mapping_needs_both_parties_and_only_them():
    text = edit(("value: {us: 2, cn: 1.5}", "value: {us: 2, uk: 1.5}"))
    assert found(text) == [
        f"{at(text, '{us: 2, uk', '{')} missing",
        f"{at(text, '{us: 2, uk', 'uk')} unknown-field",
    ]


def test_a_missing_party_is_reported_at_parties():
    text = MINIMAL[: MINIMAL.index("  cn:\n    name")] + MINIMAL[MINIMAL.index("issues:") :]
    one(text, "  us:\n    name", "us", "missing")


def test_an_unknown_condition_kind_is_reported_at_the_kind():
    text = edit(("kind: trust_below", "kind: trust_beneath"))
    one(text, "trust_beneath", None, "kind")


def test_a_field_of_another_kind_is_an_unknown_key():
    text = edit(("        delta: -0.1\n", "        delta: -0.1\n        option: pledge\n"))
    one(text, "option: pledge\n", None, "unknown-field")


def test_an_unsupported_schema_version_is_an_error():
    text = edit(("schema_version: 1", "schema_version: 3"))
    one(text, "schema_version: 3", "3", "version")
    assert "unsupported schema_version 3: this Truce reads versions 1 and 2" in str(
        pytest.raises(ScenarioError, load_scenario_text, text).value
    )
    text = edit(("schema_version: 1", "schema_version: true"))
    one(text, "schema_version: true", "true", "version")


def test_ids_must_be_lowercase_words():
    text = edit(("- id: fund", "- id: Big Fund"))
    one(text, "Big Fund", None, "id")


@pytest.mark.parametrize(
    ("old", "new", "token", "code"),
    [
        (
            "weights: {cyber: 1.5, climate: 1.0}",
            "weights: {cyber: 1.5, climate: 1.0, space: 1}",
            "space",
            "unknown-issue",
        ),
        ("priorities: [cyber]", "priorities: [cyber, space]", "space", "unknown-issue"),
        ("forbid: [silence]", "forbid: [silence, nothing]", "nothing", "unknown-option"),
        ("- issue: cyber\n", "- issue: cyberspace\n", "cyberspace", "unknown-issue"),
        ("personality: hawk", "personality: owl", "owl", "unknown-personality"),
        ("level: targeted", "level: broad", "broad", "unknown-level"),
        (
            "        issue: cyber\n        delta",
            "        issue: space\n        delta",
            "space",
            "unknown-issue",
        ),
        ("  - source: fact-sheet", "  - source: press", "press", "unknown-source"),
        (
            "        - kind: flag\n          flag: breach-public",
            "        - kind: flag\n          flag: breach-secret",
            "breach-secret",
            "unknown-flag",
        ),
        ("first_proposer: us", "first_proposer: uk", "uk", "choice"),
        ("obliges: [cn]", "obliges: [cn, ch]", "ch", "choice"),
        ("obliges: [cn]", "obliges: [cn, cn]", "cn]", "duplicate-id"),
        (
            "- id: fund",
            "- id: cyber-fund\n        label: x\n        obliges: [cn]\n"
            "        value: {us: 1, cn: 1}\n        temptation: {us: 0, cn: 1}\n"
            "        verification: {detect: 0.5, false_alarm: 0.1}\n      - id: cyber-fund",
            "cyber-fund\n        label: A",
            "duplicate-id",
        ),
        ("  - id: climate\n", "  - id: cyber\n", "cyber\n    title: Climate", "duplicate-id"),
        ("  - id: hearing", "  - id: breach", "breach\n    title: Cong", "duplicate-id"),
        ("    - id: targeted", "    - id: suspend", "suspend", "reserved-id"),
    ],
)
def test_unknown_references_and_repeated_ids_are_reported_where_they_are_used(
    old, new, token, code
):
    text = edit((old, new))
    needle = new if new.count(token) == 1 and text.count(new) == 1 else token
    assert f"{at(text, needle, token)} {code}" in found(text)


def test_option_ids_need_only_be_unique_within_their_issue():
    text = edit(("- id: fund", "- id: pledge"))
    assert load_scenario_text(text).issue("climate").options[0].id == "pledge"


def test_every_party_needs_a_weight_for_every_issue():
    text = edit(("weights: {cyber: 0.5, climate: 1.2}", "weights: {cyber: 0.5}"))
    one(text, "weights: {cyber: 0.5}", "{", "missing-weight")


def test_warnings_do_not_stop_loading_but_are_listed(tmp_path):
    text = edit(
        ("temptation: {us: 0, cn: 2}", "temptation: {us: 0, cn: 0}"),
        ("rounds: [2, 3]", "rounds: [2, 9]"),
        (
            "verification: {detect: 0.6, false_alarm: 0.02}",
            "verification: {detect: 0.1, false_alarm: 0.2}",
        ),
        ('    date: "2015-09-25"\n', '    date: "2015-09-25"\n  - id: unused\n    title: U\n'),
    )
    path = tmp_path / "w.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_scenario(path).id == "minimal"
    assert [f"{p.line}:{p.col} {p.severity} {p.code}" for p in check_scenario(path)] == [
        f"{at(text, '- id: unused', 'unused')} warning unused-source",
        f"{at(text, 'temptation: {us: 0, cn: 0}', '0}')} warning no-dilemma",
        f"{at(text, '{detect: 0.1, false_alarm: 0.2}', '{')} warning uninformative",
        f"{at(text, 'rounds: [2, 9]', '9')} warning unreachable",
    ]


def test_a_file_with_several_mistakes_lists_them_all_in_order_with_positions():
    text = edit(
        ("priorities: [cyber]", "priorities: [cyber, space]"),
        ("no_deal: 0", 'no_deal: "0"'),
        ("title: Climate finance", "titel: Climate finance"),
        ("memory: 0.85", "memory: 1.5"),
        ("cost_sender: 0.5", "cost_sender: -1"),
        ("level: targeted", "level: broad"),
        ("exchanges: 3", "exchanges: no"),
        ("first_proposer: us", "first_proposer: uk"),
    )
    quoted = '"0"'
    assert found(text) == [
        f"{at(text, 'space]')} unknown-issue",
        f"{at(text, quoted)} type",
        f"{at(text, 'titel')} unknown-field",
        f"{at(text, 'memory: 1.5', '1.5')} range",
        f"{at(text, 'cost_sender: -1', '-1')} range",
        f"{at(text, 'broad')} unknown-level",
        f"{at(text, 'exchanges: no', 'no')} yaml11-bool",
        f"{at(text, 'uk')} choice",
    ]


def test_schema_and_reference_problems_are_reported_together():
    text = edit(("memory: 0.85", "memory: 1.5"), ("level: targeted", "level: broad"))
    assert [code.split()[1] for code in found(text)] == ["range", "unknown-level"]


def test_an_unknown_reference_suggests_the_closest_id():
    text = edit(("level: targeted", "level: targetted"))
    message = str(pytest.raises(ScenarioError, load_scenario_text, text).value)
    assert "unknown sanction level 'targetted'; did you mean 'targeted'?" in message


def test_an_issue_without_options_is_an_error():
    start = MINIMAL.index("    options:\n      - id: fund")
    end = MINIMAL.index("trust:\n")
    text = MINIMAL[:start] + "    options: []\n" + MINIMAL[end:]
    one(text, "options: []", "[]", "range")


def test_absurdly_large_payoffs_are_out_of_range():
    text = edit(("value: {us: 2, cn: 1.5}", "value: {us: 2e9, cn: 1.5}"))
    one(text, "2e9", None, "range")


def test_every_problem_is_one_short_line_even_for_hostile_keys_and_values():
    key = "bad\\nkey" + "x" * 500
    text = edit(("  - id: climate\n", f'  - id: climate\n    "{key}": 1\n'))
    (problem,) = pytest.raises(ScenarioError, load_scenario_text, text).value.problems
    assert "\n" not in str(problem) and len(str(problem)) < 200
    assert "unknown field 'bad\\nkeyxxx" in str(problem)


def test_a_flood_of_mistakes_is_cut_to_a_readable_list():
    text = "schema_version: 1\nnotes:\n" + "  - no\n" * 1000
    problems = pytest.raises(ScenarioError, load_scenario_text, text).value.problems
    assert len(problems) == 200
    assert problems[-1].code == "too-many" and problems[-1].message.startswith("810 more")
