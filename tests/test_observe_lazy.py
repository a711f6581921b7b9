"""An observation builds its costly fields when first read, and is the same whenever read."""

import json
import pickle
import random
from dataclasses import fields

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.core import engine
from game.core.observe import Observation, observe
from game.scenario.loader import load_scenario
from tests.factories import format2_scenario, news_events, two_issue_scenario

SEATS = ("us", "cn", "us.ustr", "facilitator", "public")
NAMES = tuple(f.name for f in fields(Observation))


def _eager(view: Observation) -> Observation:
    """The same observation with every field read at once, built by the plain constructor."""
    return Observation(**{name: getattr(view, name) for name in NAMES})


def _line_of_play(scenario, seed: int, pick: random.Random) -> list:
    """Every state of one random game."""
    state = engine.new_game(scenario, seed)
    states = [state]
    while not engine.is_over(state):
        legal = engine.legal_actions(state, engine.awaiting(state)[0])
        state, _ = engine.step(state, legal[pick.randrange(legal.size)])
        states.append(state)
    return states


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.integers(0, 10_000), st.sampled_from([two_issue_scenario(events=news_events()),
                                               format2_scenario()]))
def test_a_view_read_late_in_any_order_equals_one_read_at_once_field_by_field(seed, scenario):
    pick = random.Random(seed)
    states = _line_of_play(scenario, seed, pick)
    seats = [s for s in SEATS if engine.party_of(states[0], s) is not None or s == "public"]
    first = {(n, seat): _eager(observe(state, seat))
             for n, state in enumerate(states) for seat in seats}
    late = [(n, seat, observe(state, seat)) for n, state in enumerate(states) for seat in seats]
    pick.shuffle(late)  # read out of order, after later moments were observed
    for n, seat, view in late:
        order = list(NAMES)
        pick.shuffle(order)
        for name in order:
            assert getattr(view, name) == getattr(first[n, seat], name), (n, seat, name)
        assert view == first[n, seat]


def test_a_view_never_read_round_trips_through_json_and_pickle_whole():
    scenario = load_scenario("scenarios/state-visit-2015.yaml")
    for state in _line_of_play(scenario, 3, random.Random(3))[::7]:
        for seat in ("us", "cn", "facilitator", "public"):
            data = json.loads(json.dumps(observe(state, seat).to_json()))
            assert Observation.from_json(data) == observe(state, seat)
            copy = pickle.loads(pickle.dumps(observe(state, seat)))
            assert "_source" not in vars(copy)
            assert copy == _eager(observe(state, seat))


def test_a_lazy_field_is_read_only_and_its_own_copy_per_view():
    state = engine.new_game(two_issue_scenario(), 1)
    one, two = observe(state, "facilitator"), observe(state, "facilitator")
    assert one.views is not two.views and one.views == two.views
    with pytest.raises(TypeError):
        one.views["us"] = None  # type: ignore[index]
    with pytest.raises(AttributeError):
        one.history = ()  # type: ignore[misc]
    assert Observation.truth is None and Observation.statements == ()
