"""The facilitator's actions are actions in the log: time a party out, end a phase now."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.core import engine
from game.core.actions import Advance, Timeout, action_from_json, action_to_json, parse_action
from game.core.engine import PHASES, IllegalAction
from game.core.events import event_from_json
from game.core.record import replay, state_hash
from tests.factories import news_events, strict_verification, two_issue_scenario


def play(state, *lines):
    for line in lines:
        state, _ = engine.step(state, parse_action(line))
    return state


def strict_game():
    return engine.new_game(strict_verification(two_issue_scenario()), seed=7)


def test_a_timed_out_speaker_ends_the_talks_and_an_offer_on_the_table_lapses():
    state = play(strict_game(), "us propose cyber=dialogue maritime=halt")
    state, events = engine.step(state, Timeout("facilitator", "cn"))
    assert [e.kind for e in events][:2] == ["timeout", "talks-end"]
    assert events[1].how == "timeout"
    assert state.commitments == () and state.round == 2


def test_a_timed_out_party_keeps_every_commitment_it_owes():
    state = play(strict_game(), "us propose cyber=dialogue maritime=halt", "cn accept",
                 "us implement cyber=defect")
    state, _ = engine.step(state, Timeout("facilitator", "cn"))
    rows = [(e.party, e.issue, e.did) for e in state.ledger if e.party == "cn"]
    assert rows == [("cn", "cyber", "comply"), ("cn", "maritime", "comply")]


def test_advance_lets_every_open_incident_pass_and_the_round_is_scored():
    state = play(strict_game(), "us propose cyber=dialogue maritime=halt", "cn accept",
                 "us implement cyber=defect", "cn implement cyber=defect maritime=defect")
    assert state.phase == "respond" and set(engine.awaiting(state)) == {"us", "cn"}
    state, events = engine.step(state, Advance("facilitator"))
    assert {i.response for i in state.incidents} == {"none"}
    assert state.round == 2 and state.phase == "negotiate"
    assert sum(e.kind == "timeout" for e in events) == 2


def test_advance_ends_only_the_phase_it_was_given_in():
    state = play(strict_game(), "us propose cyber=dialogue maritime=halt", "cn accept")
    state, _ = engine.step(state, Advance("facilitator"))  # both comply: nothing is reported
    assert state.round == 2 and state.phase == "negotiate"
    assert state.actions[-1] == Advance("facilitator")


def test_only_the_facilitator_times_out_and_only_a_party_that_is_owed():
    state = strict_game()
    with pytest.raises(IllegalAction, match="only the facilitator may timeout"):
        engine.step(state, Timeout("us", "cn"))
    with pytest.raises(IllegalAction, match="not waiting for China"):
        engine.step(state, Timeout("facilitator", "cn"))
    with pytest.raises(IllegalAction, match="no party"):
        engine.step(state, Timeout("facilitator", "eu"))


def test_phases_are_data_with_a_default_for_each():
    assert list(PHASES) == ["negotiate", "implement", "respond"]
    assert all(phase.default for phase in PHASES.values())


def test_facilitator_actions_have_a_text_and_a_json_form():
    for line in ("facilitator timeout us", "facilitator advance"):
        action = parse_action(line)
        assert action.text() == line
        assert action_from_json(json.loads(json.dumps(action_to_json(action)))) == action


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_a_game_with_timeouts_replays_exactly_and_its_events_read_back_from_json(data):
    scenario = two_issue_scenario(events=news_events())
    state = engine.new_game(scenario, data.draw(st.integers(0, 1000)))
    while not engine.is_over(state):
        if data.draw(st.integers(0, 3)) == 0:
            action = engine.legal_actions(state, "facilitator")[-1]  # advance
        else:
            mover = engine.awaiting(state)[0]
            legal = engine.legal_actions(state, mover)
            action = legal[data.draw(st.integers(0, len(legal) - 1))]
        state, _ = engine.step(state, action)
    again = replay(scenario, state.seed, state.actions)
    assert state_hash(again) == state_hash(state)
    for event in state.history:
        assert event_from_json(json.loads(json.dumps(event.to_json()))) == event
