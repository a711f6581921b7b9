"""Invariants under random play: legal and illegal actions, any seed, any scenario we ship."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.core import engine
from game.core.actions import Accept, Implement, Inject, Pass, Propose, Reject, Respond
from game.core.engine import IllegalAction
from game.core.record import replay, state_hash
from tests.factories import news_events, two_issue_scenario, with_red_line

SCENARIOS = [
    two_issue_scenario(events=news_events()),
    with_red_line(),
    two_issue_scenario(rounds=5, exchanges=1, memory=0.5, first_proposer="cn"),
]
SEATS = ["us", "cn", "us.ustr", "cn.mofa", "facilitator", "public", "xx"]


def junk_action(draw):
    """Any action shape, most of them illegal at any given moment."""
    seat = draw(st.sampled_from(SEATS))
    word = st.sampled_from(["cyber", "maritime", "trade", "pledge", "dialogue", "halt", "x"])
    kind = draw(st.integers(0, 6))
    if kind == 0:
        return Propose(seat, tuple(draw(st.dictionaries(word, word, max_size=3)).items()))
    if kind == 1:
        return Implement(
            seat,
            tuple(draw(st.dictionaries(word, st.sampled_from(["comply", "defect", "x"]))).items()),
        )
    if kind == 2:
        response = st.sampled_from(["none", "protest", "targeted", "broad", "suspend", "x"])
        return Respond(seat, draw(st.integers(-1, 6)), draw(response))
    if kind == 3:
        return Inject(seat, draw(st.sampled_from(["summit", "hack", "embargo", "x"])))
    return draw(st.sampled_from([Accept, Reject, Pass]))(seat)


@st.composite
def games(draw):
    """Play a game with a mix of legal moves and junk; returns every state reached."""
    scenario = draw(st.sampled_from(SCENARIOS))
    state = engine.new_game(scenario, draw(st.integers(0, 2**32 - 1)))
    states, junk = [state], 0
    for _ in range(400):
        if engine.is_over(state):
            break
        if junk < 40 and draw(st.integers(0, 3)) == 0:
            junk += 1
            action = junk_action(draw)
        else:
            seat = engine.awaiting(state)[0]
            legal = engine.legal_actions(state, seat)
            action = legal[draw(st.integers(0, len(legal) - 1))]
        before = state_hash(state)
        try:
            state, _ = engine.step(state, action)
        except IllegalAction as problem:
            assert str(problem).startswith("IllegalAction: ") and " because " in str(problem)
            assert state_hash(state) == before, "an illegal action changed the state"
            assert action not in engine.legal_actions(state, action.seat)
            continue
        states.append(state)
    return scenario, states


PROFILE = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))


@PROFILE
@given(games())
def test_random_play_never_crashes_and_ends_after_the_set_rounds(game):
    scenario, states = game
    final = states[-1]
    assert engine.is_over(final), "400 moves are always enough to finish a small game"
    assert final.round == scenario.settings.rounds
    rounds_started = [e.round for e in final.history if e.kind == "round"]
    assert rounds_started == list(range(1, scenario.settings.rounds + 1))


@PROFILE
@given(games())
def test_trust_stays_a_probability_and_beliefs_stay_distributions(game):
    _, states = game
    for state in states:
        means = state.trust_mean()
        assert np.all((means >= 0) & (means <= 1))
        np.testing.assert_allclose(state.beliefs.sum(axis=-1), 1.0)
        assert np.all(np.isfinite(state.beliefs))


@PROFILE
@given(games())
def test_replaying_the_action_log_gives_the_identical_state(game):
    scenario, states = game
    final = states[-1]
    assert state_hash(replay(scenario, final.seed, final.actions)) == state_hash(final)
    middle = states[len(states) // 2]
    again = replay(scenario, middle.seed, middle.actions)
    assert state_hash(again) == state_hash(middle)


@PROFILE
@given(games())
def test_someone_can_always_act_until_the_game_is_over(game):
    _, states = game
    for state in states[:-1]:
        waiting = engine.awaiting(state)
        assert waiting
        assert all(len(engine.legal_actions(state, p)) > 0 for p in waiting)
        others = {"us", "cn"} - set(waiting)
        assert all(len(engine.legal_actions(state, p)) == 0 for p in others)
