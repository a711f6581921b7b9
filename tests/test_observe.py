"""Each seat sees what it may know: never the other side's valuations, choices or beliefs."""

import json
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.core import engine
from game.core.actions import parse_action
from game.core.observe import Observation, observe
from tests.factories import news_events, strict_verification, two_issue_scenario


def _fuzz_cn(scenario, draw):
    """The same scenario with China's private numbers replaced."""
    number = st.floats(-10, 10, allow_nan=False)
    issues = tuple(
        replace(
            i,
            options=tuple(
                replace(
                    o,
                    value={**o.value, "cn": draw(number)},
                    temptation={**o.temptation, "cn": draw(number)},
                )
                for o in i.options
            ),
        )
        for i in scenario.issues
    )
    cn = replace(
        scenario.parties["cn"],
        weights={k: draw(st.floats(0, 5)) for k in scenario.parties["cn"].weights},
        no_deal=draw(number),
        brief="A different confidential brief",
    )
    return replace(scenario, issues=issues, parties={**scenario.parties, "cn": cn})


def _plain(observation):
    return json.dumps(observation.to_json(), sort_keys=True, default=str)


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_no_observation_of_us_ever_holds_chinas_secrets(data):
    base = two_issue_scenario(events=news_events())
    fuzzed = _fuzz_cn(base, data.draw)
    seed = data.draw(st.integers(0, 10_000))
    a, b = engine.new_game(base, seed), engine.new_game(fuzzed, seed)
    while not engine.is_over(a):
        for seat in ("us", "us.ustr", "public"):
            assert _plain(observe(a, seat)) == _plain(observe(b, seat))
        mover = engine.awaiting(a)[0]
        legal = engine.legal_actions(a, mover)
        action = legal[data.draw(st.integers(0, len(legal) - 1))]
        a, _ = engine.step(a, action)
        b, _ = engine.step(b, action)


def test_a_secret_implement_choice_is_invisible_to_the_other_side_until_verified():
    signed = engine.new_game(two_issue_scenario(), 4)
    for line in ("us propose cyber=dialogue maritime=halt", "cn accept"):
        signed, _ = engine.step(signed, parse_action(line))
    kept, _ = engine.step(signed, parse_action("cn implement cyber=comply maritime=comply"))
    broke, _ = engine.step(signed, parse_action("cn implement cyber=defect maritime=defect"))
    assert _plain(observe(kept, "us")) == _plain(observe(broke, "us"))
    assert _plain(observe(kept, "public")) == _plain(observe(broke, "public"))
    assert observe(broke, "cn").own.choices == {"cyber": "defect", "maritime": "defect"}
    assert observe(broke, "facilitator").views["cn"].choices == {
        "cyber": "defect",
        "maritime": "defect",
    }


def _after_incident():
    state = engine.new_game(strict_verification(two_issue_scenario()), 4)
    for line in (
        "us propose cyber=dialogue maritime=halt",
        "cn accept",
        "us implement cyber=comply",
        "cn implement cyber=comply maritime=defect",
    ):
        state, _ = engine.step(state, parse_action(line))
    return state


def test_incidents_are_public_but_only_the_facilitator_learns_whether_they_were_true():
    state = _after_incident()
    us, public, boss = (observe(state, s) for s in ("us", "public", "facilitator"))
    assert [(i.id, i.accused) for i in public.incidents] == [(1, "cn")]
    assert us.truth is None and public.truth is None
    assert boss.truth == {1: True}
    assert not hasattr(us.incidents[0], "true")
    rows = {(r.party, r.issue): r.did for r in us.ledger}
    assert rows == {("us", "cyber"): "comply", ("cn", "cyber"): "", ("cn", "maritime"): ""}


def test_a_party_sees_its_own_valuations_and_trust_but_not_the_others():
    state = _after_incident()
    us = observe(state, "us")
    assert set(us.views) == {"us"}
    assert us.own.values["cyber"]["dialogue"] == 3.0
    assert us.own.trust["maritime"][0] < 0.5  # China was caught breaking its word
    assert us.issues[0].options[1].value == 3.0
    assert "CN brief" not in _plain(us)
    assert observe(state, "public").views == {}
    assert set(observe(state, "facilitator").views) == {"us", "cn"}


def test_during_the_game_true_round_scores_are_the_facilitators_alone():
    state = engine.new_game(two_issue_scenario(), 1)
    state, _ = engine.step(state, parse_action("us pass"))
    for seat in ("us", "cn", "public"):
        assert not any("banks" in e.text() for e in observe(state, seat).history)
        assert observe(state, seat).banked is None
    assert sum("banks" in e.text() for e in observe(state, "facilitator").history) == 2
    [statement] = observe(state, "us").statements
    assert statement.no_deal == 0.5 and statement.expected == 0.5 and statement.actual is None


def _signed_and_implemented(cn_choices: str):
    state = engine.new_game(two_issue_scenario(), 4)
    for line in (
        "us propose cyber=dialogue maritime=halt",
        "cn accept",
        "us implement cyber=defect",
        f"cn implement {cn_choices}",
    ):
        state, _ = engine.step(state, parse_action(line))
    while state.phase == "respond":  # let every incident pass
        seat = engine.awaiting(state)[0]
        state, _ = engine.step(state, engine.legal_actions(state, seat)[0])
    return state


def test_a_round_statement_values_commitments_as_signed_until_the_debrief():
    state = _signed_and_implemented("cyber=defect maritime=defect")
    us = observe(state, "us")
    [statement] = us.statements
    items = {i.issue: i for i in statement.items}
    assert (items["cyber"].value, items["cyber"].gain, items["cyber"].did) == (3.0, 1.0, "defect")
    assert (items["maritime"].value, items["maritime"].gain, items["maritime"].did) == (4.0, 0, "")
    assert items["cyber"].kept is None and items["maritime"].earned is None
    assert statement.expected == 8.0 and statement.actual is None
    assert us.own.banked == us.own.expected == 8.0 and us.own.actual is None
    truth = observe(state, "facilitator")
    true_us = next(s for s in truth.statements if s.party == "us")
    assert true_us.actual == 1.0 and truth.views["us"].actual == 1.0  # China broke both
    assert {i.issue: i.kept for i in true_us.items} == {"cyber": False, "maritime": False}


def test_once_the_game_is_over_every_choice_score_and_truth_is_revealed_to_all():
    state = _signed_and_implemented("cyber=comply maritime=defect")
    while not engine.is_over(state):
        seat = engine.awaiting(state)[0]
        state, _ = engine.step(state, engine.legal_actions(state, seat)[0])
    for seat in ("us", "cn", "public"):
        obs = observe(state, seat)
        assert obs.truth is not None and len(obs.truth) == len(obs.incidents)
        assert all(row.did for row in obs.ledger)
        assert obs.banked == {"us": state.banked[0], "cn": state.banked[1]}
        assert any("China secretly chose" in e.text() for e in obs.history)
        assert sum("banks" in e.text() for e in obs.history) == 2 * state.rounds
    us = observe(state, "us")
    assert us.own.actual == us.own.banked == state.banked[0]
    first = us.statements[0]
    assert {i.issue: i.kept for i in first.items} == {"cyber": True, "maritime": False}
    assert first.actual == 3.0 + 1.0  # dialogue kept (3) + own defection gain (1), halt broken
    assert observe(state, "public").views == {} and observe(state, "public").statements == ()


def _blind(scenario):
    """Every check reports a violation with the same chance whatever was done."""
    issues = tuple(
        replace(
            i,
            options=tuple(
                replace(o, verification=replace(o.verification, false_alarm=o.verification.detect))
                for o in i.options
            ),
        )
        for i in scenario.issues
    )
    return replace(scenario, issues=issues)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_with_the_same_signals_no_observation_of_us_reveals_chinas_secret_choices(data):
    """Checks that report by chance alone give the same signals whatever China does, so until
    the game is over everything the US (or the public) sees must be identical."""
    scenario = _blind(two_issue_scenario(events=news_events(), rounds=4))
    seed = data.draw(st.integers(0, 10_000))
    a = b = engine.new_game(scenario, seed)
    while not engine.is_over(a):
        for seat in ("us", "us.ustr", "public"):
            assert _plain(observe(a, seat)) == _plain(observe(b, seat))
        mover = engine.awaiting(a)[0]
        legal = engine.legal_actions(a, mover)
        action = legal[data.draw(st.integers(0, len(legal) - 1))]
        other = action
        if mover == "cn" and a.phase == "implement":  # China's secret choices differ
            other = legal[data.draw(st.integers(0, len(legal) - 1))]
        a, _ = engine.step(a, action)
        b, _ = engine.step(b, other)


def test_a_role_seat_sees_its_party_view_and_its_own_brief():
    state = engine.new_game(two_issue_scenario(), 1)
    role = observe(state, "us.ustr")
    assert role.party == "us" and role.role.brief == "Trade brief"
    assert role.own == observe(state, "us").own
    assert [a.text() for a in role.legal_actions][:1] == ["us.ustr pass"]


def test_the_observation_lists_what_the_seat_may_do_and_serialises_to_json():
    state = engine.new_game(two_issue_scenario(), 1)
    obs = observe(state, "us")
    data = json.loads(json.dumps(obs.to_json()))
    assert data["can_propose"] is True
    assert [a["verb"] for a in data["legal_actions"]["fixed"]] == ["pass"]
    assert data["legal_actions"]["package_space"] == [["cyber", ["pledge", "dialogue"]],
                                                      ["maritime", ["halt"]]]
    assert data["awaiting"] == ["us"] and data["exchanges_left"] == 3
    assert Observation.from_json(data) == obs


def test_a_view_is_read_only_so_a_caller_cannot_change_a_later_view():
    state = engine.new_game(two_issue_scenario(), 1)
    obs = observe(state, "facilitator")
    own = obs.views["us"]
    for mapping, key in ((obs.views, "us"), (own.weights, "cyber"), (own.values["cyber"], "pledge"),
                         (own.trust, "cyber"), (obs.truth, 1), (obs.banked, "us")):
        with pytest.raises(TypeError):
            mapping[key] = None
    assert observe(state, "facilitator") == obs
