"""The shipped scenarios load cleanly, cite their sources and are calibrated to teach the lesson."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from game.core import analysis
from game.core.scenario import PARTIES, Scenario

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
FLAGSHIP = ROOT / "scenarios" / "state-visit-2015.yaml"
SMALL = ROOT / "scenarios" / "cyber-pledge.yaml"
SOURCES_DIR = ROOT.parent / "shared" / "sources"  # the source texts, beside the clone when present
SCHEMA_LINE = "# yaml-language-server: $schema=./scenario.schema.json"
BUILT_IN_RESPONSES = {"none", "protest", "suspend"}
SIX_TRACKS = {"cyber", "climate", "maritime", "ict", "human-rights", "people"}


def _loader():
    return pytest.importorskip("game.scenario.loader", reason="the scenario loader is not in yet")


def _load(path: Path) -> Scenario:
    return _loader().load_scenario(path)


def _detected_within(rounds: int, detect: float) -> float:
    """Chance that a side defecting every round is caught at least once in `rounds` rounds."""
    return 1.0 - (1.0 - detect) ** rounds


@pytest.fixture(scope="module")
def flagship() -> Scenario:
    return _load(FLAGSHIP)


@pytest.fixture(scope="module", params=SCENARIOS, ids=lambda p: p.stem)
def shipped(request) -> Scenario:
    return _load(request.param)


# The 2015 lesson scenarios: US-led, calibrated on cyber (the newer scenarios mirror their two
# sides by design, docs/scenarios.md, so that equal players come out level).
CALIBRATED = [FLAGSHIP, SMALL]


@pytest.fixture(scope="module", params=CALIBRATED, ids=lambda p: p.stem)
def calibrated(request) -> Scenario:
    return _load(request.param)


@pytest.fixture(scope="module", params=SCENARIOS, ids=lambda p: p.stem)
def with_cyber(request) -> Scenario:
    scenario = _load(request.param)
    if "cyber" not in {i.id for i in scenario.issues}:
        pytest.skip("no cyber track")
    return scenario


def test_there_are_shipped_scenarios_including_the_flagship_and_the_lesson():
    assert FLAGSHIP in SCENARIOS and SMALL in SCENARIOS


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_shipped_scenario_loads_without_errors_or_warnings(path):
    loader = _loader()
    assert [str(p) for p in loader.check_scenario(path)] == []
    assert loader.load_scenario(path).id == path.stem


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_shipped_scenario_points_editors_at_the_schema(path):
    assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_shipped_scenario_satisfies_the_json_schema_editors_use(path):
    jsonschema = pytest.importorskip("jsonschema")
    yaml = pytest.importorskip("yaml")
    schema_file = ROOT / "scenarios" / "scenario.schema.json"
    if not schema_file.exists():
        pytest.skip("the JSON Schema is not in yet")
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors = jsonschema.validators.validator_for(schema)(schema).iter_errors(data)
    assert [e.message for e in errors] == []


def test_the_flagship_has_the_six_tracks_of_the_2015_visit_and_the_dialogues_first_meeting(
        flagship):
    assert {i.id for i in flagship.issues} == SIX_TRACKS | {"dialogue"}
    meeting = flagship.issue("dialogue").option("first-meeting")
    assert meeting.act is not None and meeting.act.due == 1  # before the end of 2015
    assert flagship.schema_version == 2


def test_each_delegation_has_several_roles_with_their_own_briefs(flagship):
    issue_ids = {i.id for i in flagship.issues}
    for party in flagship.parties.values():
        assert len(party.roles) >= 2
        assert len({r.brief for r in party.roles}) == len(party.roles)
        for role in party.roles:
            assert role.priorities and set(role.priorities) <= issue_ids


def test_the_flagship_has_at_least_eight_triggered_events(flagship):
    assert len(flagship.events) >= 8
    for event in flagship.events:
        assert event.effects and event.trigger.probability > 0
    kinds = {e.kind for ev in flagship.events for e in ev.effects}
    assert {"salience", "value", "trust", "flag", "sanction", "reveal"} <= kinds


def test_every_element_cites_a_source_the_scenario_defines(shipped):
    ids = {s.id for s in shipped.sources}
    elements = [*shipped.issues, *shipped.events, *shipped.sanctions.levels]
    elements += [o for i in shipped.issues for o in i.options]
    elements += list(shipped.parties.values())
    for element in elements:
        assert element.cite, f"{element.id} cites nothing"
        assert {c.source for c in element.cite} <= ids, element.id


def _source_texts(scenario: Scenario) -> dict[str, str]:
    """Source id -> its text with whitespace collapsed, read from the file its note names."""
    texts = {}
    for source in scenario.sources:
        found = re.search(r"shared/sources/(\S+?\.txt)", source.note)
        path = SOURCES_DIR / found.group(1) if found else None
        if path is None or not path.exists():
            pytest.skip("the source texts are not beside this clone")
        texts[source.id] = " ".join(path.read_text(encoding="utf-8").split())
    return texts


def test_every_quote_is_an_exact_line_of_its_source(shipped):
    texts = _source_texts(shipped)
    elements = [*shipped.issues, *shipped.events, *shipped.sanctions.levels]
    elements += [o for i in shipped.issues for o in i.options]
    elements += list(shipped.parties.values())
    for element in elements:
        for cite in element.cite:
            assert " ".join(cite.quote.split()) in texts[cite.source], (element.id, cite.quote)


def test_the_2007_misprint_is_recorded_and_2017_is_used(shipped):
    quotes = [c.quote for i in shipped.issues for e in (i, *i.options) for c in e.cite]
    if not any("2007" in q for q in quotes):
        pytest.skip("does not quote the misprinted line")
    assert any("2007" in n and "2017" in n and "error" in n for n in shipped.notes)
    texts = [t for i in shipped.issues for t in (i.description, *(o.description
                                                                for o in i.options))]
    assert any("2017" in t for t in texts)
    for text in texts:
        assert "2007" not in text or "error" in text


def test_national_security_espionage_is_explicitly_outside_the_cyber_pledge(with_cyber):
    cyber = with_cyber.issue("cyber")
    assert re.search(r"national-security espionage is not covered", cyber.description, re.I)


def test_a_bare_cyber_pledge_lets_a_steady_cheat_go_unseen_for_three_rounds(calibrated):
    pledge = calibrated.issue("cyber").options[0]
    assert pledge.verification.detect <= 0.15
    assert _detected_within(3, pledge.verification.detect) <= 0.4


def test_the_strongest_cyber_verification_catches_a_steady_cheat_within_three_rounds(with_cyber):
    best = max(o.verification.detect for o in with_cyber.issue("cyber").options)
    assert best >= 0.45
    assert _detected_within(3, best) >= 0.8


def test_cyber_attribution_gives_more_false_alarms_than_any_other_track(with_cyber):
    cyber = min(o.verification.false_alarm for o in with_cyber.issue("cyber").options)
    others = [o.verification.false_alarm for i in with_cyber.issues if i.id != "cyber"
              for o in i.options]
    assert cyber > max(others)


def test_options_run_from_weak_pledges_to_verifiable_commitments(shipped):
    for issue in shipped.issues:
        detects = [o.verification.detect for o in issue.options]
        assert detects == sorted(detects), issue.id


def test_in_a_single_round_defecting_always_pays(shipped):
    for issue in shipped.issues:
        for option in issue.options:
            for party in option.obliges:
                assert option.temptation[party] > 0, (issue.id, option.id, party)


def test_sanction_levels_do_not_shadow_the_built_in_responses(shipped):
    levels = shipped.sanctions.levels
    assert not {lv.id for lv in levels} & BUILT_IN_RESPONSES
    assert all(lv.cost_target > lv.cost_sender > 0 for lv in levels)


def test_the_us_cares_most_about_cyber_and_maritime_and_china_about_ict_and_human_rights(
    flagship,
):
    def top_two(party: str) -> set[str]:
        weights = flagship.parties[party].weights
        return set(sorted(weights, key=weights.get, reverse=True)[:2])

    assert top_two("us") == {"cyber", "maritime"}
    assert top_two("cn") == {"ict", "human-rights"}


def test_there_is_a_real_zone_of_agreement_with_gains_from_trade(shipped):
    space = analysis.space_from_scenario(shipped, unavailable=frozenset())  # all news came
    utils = analysis.utilities(space, analysis.all_packages(space))
    beats_both = (utils > space.no_deal).all(axis=1)
    assert beats_both.mean() > 0.5 or len(space.requires) > 0  # links rule packages out
    assert any(int(np.argmax(pts[:, 0])) != int(np.argmax(pts[:, 1]))
               for pts in space.points)  # on some track the sides want different things
    nash = analysis.analyse(space).nash
    assert min(nash.normalised) >= 60  # a fair split exists: neither side must give up most


def test_the_nash_package_trades_across_tracks(flagship):
    nash = dict(analysis.analyse_scenario(flagship).nash.package)
    assert set(nash) == SIX_TRACKS | {"dialogue"}
    cyber = flagship.issue("cyber")
    assert nash["cyber"] == cyber.options[-1].id  # the US gets verification ...
    assert nash["human-rights"] == flagship.issue("human-rights").options[0].id  # China, restraint


def test_every_flag_a_condition_tests_is_set_by_some_event(shipped):
    set_flags = {e.flag for ev in shipped.events for e in ev.effects if e.kind == "flag"}
    for event in shipped.events:
        for cond in event.trigger.conditions:
            if cond.kind in ("flag", "not_flag"):
                assert cond.flag in set_flags, (event.id, cond.flag)


def test_the_flagship_fits_a_lesson_and_the_small_scenario_a_50_minute_one(flagship):
    small = _load(SMALL)
    assert 6 <= flagship.settings.rounds <= 8
    assert flagship.settings.rounds * sum(flagship.settings.timers.values()) <= 45 * 60
    assert small.settings.rounds * sum(small.settings.timers.values()) <= 35 * 60
    for scenario in (flagship, small):
        # who opens is drawn for each game: the side that opens has the edge between soft players
        assert scenario.settings.exchanges == 4 and scenario.settings.first_proposer == "lot"


def test_the_small_scenario_is_small():
    small = _load(SMALL)
    assert 2 <= len(small.issues) <= 3 and {"cyber", "climate", "maritime"} >= {
        i.id for i in small.issues
    }
    assert all(len(small.parties[p].roles) == 2 for p in PARTIES)
    assert 3 <= len(small.events) <= 4
    assert small.settings.rounds == 5


def _china_cheating_gain(scenario: Scenario, cyber: str, games: int) -> float:
    """China's mean final score from always cheating on cyber minus always complying.

    The side that opens round 1 (the US, or China when the lot says so) proposes the Nash-like
    package with `cyber` and the other signs it; the US answers the first incident on a track
    with targeted sanctions and any later one with broad sanctions.
    """
    from game.core import engine
    from game.core.actions import Accept, Implement, Pass, Propose, Respond

    package = dict(analysis.analyse_scenario(scenario).nash.package, cyber=cyber)
    top, broad = scenario.sanctions.levels[0].id, scenario.sanctions.levels[-1].id

    def play(seed: int, cheat: bool) -> float:
        state, seen = engine.new_game(scenario, seed), {}
        while not engine.is_over(state):
            party = engine.awaiting(state)[0]
            if state.phase == "negotiate":
                first = state.round == 1
                action = (Accept(party) if state.offer is not None
                          else Propose(party, tuple(package.items())) if first else Pass(party))
            elif state.phase == "implement":
                action = Implement(party, tuple(
                    (k, "defect" if cheat and party == "cn" and k == "cyber" else "comply")
                    for k in state.obligations(party)))
            else:
                incident = state.open_incidents(party)[0]
                seen[incident.issue] = seen.get(incident.issue, 0) + 1
                answer = "none" if party == "cn" else top if seen[incident.issue] == 1 else broad
                action = Respond(party, incident.id, answer)
            state, _ = engine.step(state, action)
        return engine.final_scores(state)["cn"].raw

    return float(np.mean([play(s, True) - play(s, False) for s in range(games)]))


def test_steady_cheating_on_cyber_pays_under_a_pledge_and_costs_under_joint_investigation(
    calibrated,
):
    options = calibrated.issue("cyber").options
    assert _china_cheating_gain(calibrated, options[0].id, games=150) > 1  # +6.6 / +2.3 measured
    assert _china_cheating_gain(calibrated, options[-1].id, games=150) < -20  # -45 / -42 measured


def test_trust_starts_wary_on_the_us_side_in_the_2015_lesson_scenarios(calibrated):
    assert calibrated.trust.initial["us"] < calibrated.trust.initial["cn"]


def test_the_three_personalities_are_defined(shipped):
    assert {p.id for p in shipped.personalities} == {"hawk", "dove", "pragmatist"}
