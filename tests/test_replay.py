"""A game is its seed plus its action log: replay is exact, undo and branching are cheap."""

from game.ai.random_agent import RandomAgent
from game.core import engine
from game.core.actions import parse_action
from game.core.observe import observe
from game.core.record import GameRecord, replay, scenario_hash, state_hash
from tests.factories import news_events, two_issue_scenario


def _random_game(scenario, seed):
    state = engine.new_game(scenario, seed)
    agents = {p: RandomAgent(p, seed + n) for n, p in enumerate(("us", "cn"))}
    while not engine.is_over(state):
        seat = engine.awaiting(state)[0]
        state, _ = engine.step(state, agents[seat].act(observe(state, seat)))
    return state


def test_seed_and_action_log_replay_the_game_bit_for_bit():
    scenario = two_issue_scenario(events=news_events(), rounds=5)
    for seed in range(10):
        final = _random_game(scenario, seed)
        again = replay(scenario, seed, final.actions)
        assert state_hash(again) == state_hash(final)
        assert (again.beliefs == final.beliefs).all()
        assert [e.text() for e in again.history] == [e.text() for e in final.history]


def test_the_same_seed_and_agents_play_the_same_game():
    scenario = two_issue_scenario(events=news_events())
    assert state_hash(_random_game(scenario, 42)) == state_hash(_random_game(scenario, 42))


def test_different_seeds_draw_different_verification_signals():
    scenario = two_issue_scenario(rounds=6)
    lines = ["us propose cyber=pledge maritime=halt", "cn accept"]
    outcomes = set()
    for seed in range(30):
        state = engine.new_game(scenario, seed)
        for line in lines + [
            "us implement cyber=defect",
            "cn implement cyber=defect maritime=defect",
        ]:
            state, _ = engine.step(state, parse_action(line))
        outcomes.add(tuple(e.seen for e in state.ledger))
    assert len(outcomes) > 1


def test_undo_truncates_the_record_and_a_branch_extends_it_differently():
    scenario = two_issue_scenario()
    record = GameRecord(scenario, 3).extend(
        parse_action("us propose cyber=dialogue"), parse_action("cn accept")
    )
    assert record.state().phase == "implement"
    undone = record.truncate(1)
    assert undone.state().offer == (("cyber", "dialogue"),)
    branch = undone.extend(parse_action("cn reject"))
    assert branch.state().commitments == ()
    assert record.state().commitments  # the original line is untouched
    assert GameRecord.of(branch.state()).actions == branch.actions


def test_the_scenario_hash_depends_on_content_not_identity():
    assert scenario_hash(two_issue_scenario()) == scenario_hash(two_issue_scenario())
    assert scenario_hash(two_issue_scenario()) != scenario_hash(two_issue_scenario(rounds=4))


def test_a_state_survives_pickling_for_worker_processes():
    import pickle

    final = _random_game(two_issue_scenario(events=news_events()), 5)
    observe(final, "us")  # fills the observation caches
    copy = pickle.loads(pickle.dumps(final))
    assert state_hash(copy) == state_hash(final)
    assert observe(copy, "us").to_json() == observe(final, "us").to_json()
