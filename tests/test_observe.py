"""Each seat sees what it may know: never the other side's valuations, choices or beliefs."""

import json
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.core import engine
from game.core.actions import parse_action
from game.core.observe import observe
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


def test_round_scores_are_private_to_each_party():
    state = engine.new_game(two_issue_scenario(), 1)
    state, _ = engine.step(state, parse_action("us pass"))
    texts = [e.text() for e in observe(state, "us").history]
    assert any("United States banks" in t for t in texts)
    assert not any("China banks" in t for t in texts)
    assert not any("banks" in e.text() for e in observe(state, "public").history)


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
    assert data["legal_actions"] == ["us pass"]
    assert data["awaiting"] == ["us"] and data["exchanges_left"] == 3
