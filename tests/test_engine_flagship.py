"""The engine on the shipped scenarios: full games, exact replay, secrets kept, legal counts."""

import json
import pathlib
from dataclasses import replace

import pytest

from game.ai.random_agent import RandomAgent
from game.core import engine
from game.core.observe import observe
from game.core.record import replay, state_hash
from game.scenario.loader import load_scenario

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHIPPED = sorted((ROOT / "scenarios").glob("*.yaml"))


@pytest.fixture(scope="module", params=SHIPPED, ids=[p.stem for p in SHIPPED])
def scenario(request):
    return load_scenario(request.param)


def _play(scenario, seed):
    state = engine.new_game(scenario, seed)
    agents = {p: RandomAgent(p, seed + n) for n, p in enumerate(("us", "cn"))}
    states = [state]
    while not engine.is_over(state):
        seat = engine.awaiting(state)[0]
        state, _ = engine.step(state, agents[seat].act(observe(state, seat)))
        states.append(state)
    return states


def test_random_games_finish_after_the_set_rounds_and_replay_exactly(scenario):
    for seed in range(5):
        final = _play(scenario, seed)[-1]
        assert engine.is_over(final) and final.round == scenario.settings.rounds
        assert state_hash(replay(scenario, seed, final.actions)) == state_hash(final)
        scores = engine.final_scores(final)
        assert all(abs(s.raw - s.banked - s.relationship) < 1e-9 for s in scores.values())


def test_the_opening_proposer_may_pass_or_offer_any_package_within_its_red_lines(scenario):
    import itertools

    from game.core.links import link_problem

    state = engine.new_game(scenario, 0)
    opener = engine.awaiting(state)[0]  # the first proposer (with "lot", drawn from the seed)
    forbidden = {(r.issue, o) for r in scenario.parties[opener].red_lines for o in r.forbid}
    requires = {(i.id, o.id): o.requires for i in scenario.issues for o in i.options}
    choices = [[None, *((i.id, o.id) for o in i.options if (i.id, o.id) not in forbidden
                        and state.available(i.id, o.id))] for i in scenario.issues]
    packages = sum(1 for picks in itertools.product(*choices)
                   if not link_problem([p for p in picks if p], requires, {}))
    assert len(engine.legal_actions(state, opener)) == 1 + packages - 1  # pass, or any offer


def test_observations_of_one_side_never_depend_on_the_other_sides_private_numbers(scenario):
    cn = scenario.parties["cn"]
    issues = tuple(
        replace(
            i,
            options=tuple(
                replace(o, value={**o.value, "cn": -7.0}, temptation={**o.temptation, "cn": 9.0})
                for o in i.options
            ),
        )
        for i in scenario.issues
    )
    secret = replace(
        scenario,
        issues=issues,
        parties={**scenario.parties, "cn": replace(cn, no_deal=3.3, brief="changed")},
    )
    states = _play(scenario, 3)
    other = engine.new_game(secret, 3)
    for state, after in zip(states, states[1:], strict=False):
        for seat in ("us", "public"):
            a = json.dumps(observe(state, seat).to_json(), sort_keys=True, default=str)
            b = json.dumps(observe(other, seat).to_json(), sort_keys=True, default=str)
            assert a == b
        other, _ = engine.step(other, after.actions[-1])
