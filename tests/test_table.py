"""The table drives every game: versions, seats, bots, events per seat, undo and deadlines."""

from __future__ import annotations

import contextlib
import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.core import engine
from game.core.actions import Advance, parse_action
from game.core.observe import Observation, observe
from game.core.record import replay, state_hash
from game.table import (
    HUMAN,
    AgentFailed,
    IllegalMove,
    OutOfTurn,
    StaleVersion,
    Table,
    TableRefusal,
    UnknownSeat,
    WrongSeat,
)
from tests.factories import news_events, strict_verification, two_issue_scenario

BOTH = {"us": HUMAN, "cn": HUMAN}
SCRIPT = (
    "us propose cyber=dialogue maritime=halt",
    "cn propose cyber=pledge maritime=halt",
    "us accept",
    "us implement cyber=defect",
    "cn implement cyber=comply maritime=defect",
)


def scenario():
    return two_issue_scenario(events=news_events())


def submit_lines(table, *lines):
    for line in lines:
        action = parse_action(line)
        table.submit(action.seat, action, table.version)


def random_legal(table, rng):
    """A random legal action for a party the game waits for (as a person would send it)."""
    party = table.waiting_for()[0]
    legal = table.view(party).legal_actions
    return legal[rng.randrange(len(legal))]


def test_a_game_through_the_table_equals_the_same_game_through_the_bare_engine():
    table = Table.open(scenario(), 11, BOTH)
    rng = random.Random(3)
    while not table.over:
        action = random_legal(table, rng)
        table.submit(action.seat, action, table.version)
    bare = replay(scenario(), 11, table.state.actions)
    assert state_hash(bare) == state_hash(table.state)
    assert table.view("us") == observe(bare, "us")


def test_a_stale_version_and_a_repeated_action_id_change_nothing():
    table = Table.open(scenario(), 1, BOTH)
    first = parse_action(SCRIPT[0])
    receipt = table.submit("us", first, 0, action_id="a1")
    assert receipt.version == 1 and not receipt.duplicate
    again = table.submit("us", first, 0, action_id="a1")
    assert again.duplicate and again.version == 1 and table.version == 1
    with pytest.raises(StaleVersion):
        table.submit("cn", parse_action(SCRIPT[1]), 0)
    assert table.version == 1 and table.state.offer_by == "us"


def test_the_table_refuses_unknown_seats_other_seats_turns_and_illegal_actions_typed():
    table = Table.open(scenario(), 1, {"us": HUMAN})  # China is a bot
    with pytest.raises(UnknownSeat):
        table.submit("eu", parse_action("eu pass"), 0)
    with pytest.raises(WrongSeat):
        table.submit("us", parse_action("cn pass"), 0)
    with pytest.raises(WrongSeat):
        table.submit("cn", parse_action("cn pass"), 0)  # an agent plays China
    with pytest.raises(IllegalMove, match="there is no issue"):
        table.submit("us", parse_action("us propose trade=open"), 0)
    human = Table.open(scenario(), 1, BOTH)
    with pytest.raises(OutOfTurn):
        human.submit("cn", parse_action("cn pass"), 0)
    assert table.version == human.version == 0


def test_each_refusal_says_why_in_the_one_word_the_docs_give():
    table = Table.open(scenario(), 1, {"us": HUMAN})
    attempts = (
        ("eu", "eu pass", 0, "unknown-seat"),
        ("public", "public pass", 0, "unknown-seat"),  # the public only watches
        ("cn", "cn pass", 0, "wrong-seat"),
        ("us", "us pass", 5, "stale"),
        ("us", "us propose trade=open", 0, "illegal"),
    )
    for seat, line, version, code in attempts:
        with pytest.raises(TableRefusal) as refusal:
            table.submit(seat, parse_action(line), version)
        assert refusal.value.code == code, line
        assert seat != "public" or "the public seat only watches" in str(refusal.value)
    human = Table.open(scenario(), 1, BOTH)
    with pytest.raises(OutOfTurn) as refusal:
        human.submit("cn", parse_action("cn pass"), 0)
    assert refusal.value.code == "out-of-turn" and table.version == human.version == 0


def test_the_facilitator_may_act_though_no_seat_names_it():
    table = Table.open(scenario(), 1, BOTH)
    table.submit("facilitator", Advance("facilitator"), 0)
    assert table.version == 1


def test_events_since_minus_one_holds_the_opening_and_since_a_view_only_what_came_after():
    table = Table.open(scenario(), 1, BOTH)
    opening = table.events_since("us", -1)
    assert opening and {u.version for u in opening} == {0}
    assert opening[0].event.kind == "round"
    assert table.events_since("us", table.view("us").version) == ()


def test_a_role_seat_acts_for_its_party():
    table = Table.open(scenario(), 1, {"us.ustr": HUMAN, "cn": HUMAN})
    table.submit("us.ustr", parse_action("us.ustr pass"), 0)
    assert table.version == 1


def test_bots_fill_the_empty_seats_and_play_until_a_person_is_owed():
    table = Table.open(scenario(), 4, {"us": HUMAN})
    assert table.bots.keys() == {"cn"}
    submit_lines(table, "us propose cyber=dialogue maritime=halt")
    moves = table.run_bots()
    assert moves and moves[0].seat == "cn"
    assert table.waiting_for() == ("us",) or table.over or "us" in table.waiting_for()


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_events_since_give_each_seat_exactly_what_its_view_implies_and_no_secrets(data):
    table = Table.open(scenario(), data.draw(st.integers(0, 500)), BOTH)
    rng = random.Random(data.draw(st.integers(0, 500)))
    seen = {seat: table.view(seat) for seat in ("us", "cn", "us.ustr", "public", "facilitator")}
    while not table.over:
        action = random_legal(table, rng)
        table.submit(action.seat, action, table.version)
        for seat, before in seen.items():
            now = table.view(seat)
            new = [u.event for u in table.events_since(seat, before.version)]
            if not table.over:
                assert now.history == before.history + tuple(new)
                party = seat.split(".")[0]
                assert all(party in e.visible_to for e in new if party in ("us", "cn"))
                secret = {"implement", "score"} | ({"statement"} if party == "public" else set())
                if party != "facilitator":
                    assert not [e for e in new if e.kind in secret
                                and getattr(e, "party", party) != party]
            seen[seat] = now


def test_undo_then_replay_reaches_the_state_of_never_playing_the_abandoned_branch(tmp_path):
    journal = tmp_path / "game.jsonl"
    table = Table.open(scenario(), 9, BOTH, journal=journal, key=b"k" * 32)
    submit_lines(table, *SCRIPT[:3])
    table.undo(1)
    assert table.version == 1 and table.branch == 1
    submit_lines(table, "cn reject")
    straight = replay(scenario(), 9, (parse_action(SCRIPT[0]), parse_action("cn reject")))
    assert state_hash(table.state) == state_hash(straight)
    table.close()
    again = Table.resume(journal, scenario(), key=b"k" * 32)
    assert state_hash(again.state) == state_hash(straight)
    lines = journal.read_text().splitlines()
    assert sum('"action"' in line for line in lines) == 4  # the abandoned branch is kept
    again.close()


def test_events_since_a_taken_back_version_asks_the_client_to_redraw():
    table = Table.open(scenario(), 9, BOTH)
    submit_lines(table, *SCRIPT[:3])
    table.undo(1)
    with pytest.raises(StaleVersion):
        table.events_since("us", 3)
    with pytest.raises(StaleVersion):
        table.events_since("us", 1, branch=0)


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_a_deadline_applies_the_defaults_for_every_seat_still_owed_and_replays(tmp_path):
    clock = Clock()
    journal = tmp_path / "game.jsonl"
    table = Table.open(strict_verification(two_issue_scenario()), 2, BOTH, journal=journal,
                       key=b"k" * 32, clock=clock, timers={"negotiate": 60, "implement": 30})
    submit_lines(table, "us propose cyber=dialogue maritime=halt", "cn accept")
    assert table.state.phase == "implement" and table.time_left() == 30
    clock.now = 20
    assert table.tick() is None
    table.pause()
    clock.now = 100  # the clock stands still while paused
    assert table.tick() is None and table.time_left() == 10
    table.unpause()
    clock.now = 111
    receipt = table.tick()
    assert receipt is not None and table.state.actions[-1] == Advance("facilitator")
    assert [e.did for e in table.state.ledger] == ["comply", "comply", "comply"]
    table.close()
    again = Table.resume(journal, strict_verification(two_issue_scenario()), key=b"k" * 32)
    assert state_hash(again.state) == state_hash(table.state)
    again.close()


class Raises:
    name = "raiser"

    def act(self, observation):
        raise RuntimeError("boom")


class Returns:
    def __init__(self, value):
        self.value = value
        self.name = f"returns-{value!r}"

    def act(self, observation):
        return self.value


class Cheats:
    name = "cheat"

    def act(self, observation):
        return parse_action("cn propose cyber=everything")


class Sleeps:
    name = "sleeper"

    def act(self, observation):
        import time

        time.sleep(30)


class Spins:
    name = "spinner"

    def act(self, observation):
        while True:
            with contextlib.suppress(Exception):  # swallowing ordinary errors does not help
                sum(range(1000))


@pytest.mark.parametrize(
    ("agent", "message"),
    [
        (Raises(), "agent 'raiser' (cn) failed: RuntimeError: boom"),
        (Returns(None), "agent 'returns-None' (cn) returned None, not an action"),
        (Returns("accept"), "agent \"returns-'accept'\" (cn) returned 'accept', not an action"),
        (Cheats(), "agent 'cheat' (cn) played IllegalAction: cn propose cyber=everything"),
        (Sleeps(), "agent 'sleeper' (cn) took longer than its move limit of 0.2 s"),
        (Spins(), "agent 'spinner' (cn) took longer than its move limit of 0.2 s"),
    ],
)
def test_a_failing_agent_is_reported_by_name_and_never_hangs(agent, message):
    table = Table.open(scenario(), 1, {"us": HUMAN, "cn": agent}, move_limit=0.2)
    submit_lines(table, "us pass")
    with pytest.raises(AgentFailed) as failed:
        table.run_bots()
    assert str(failed.value).startswith(message)
    assert failed.value.seat == "cn"


def test_a_view_round_trips_through_json_for_a_remote_client():
    table = Table.open(scenario(), 3, BOTH)
    submit_lines(table, *SCRIPT)
    for seat in ("us", "cn", "public", "facilitator"):
        view = table.view(seat)
        assert Observation.from_json(json.loads(json.dumps(view.to_json()))) == view


def test_a_view_carries_the_version_it_shows():
    table = Table.open(scenario(), 3, BOTH)
    submit_lines(table, *SCRIPT[:2])
    assert table.view("us").version == table.version == 2


def test_nothing_outside_the_table_and_the_core_loops_over_engine_step():
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[1] / "game"
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "engine.step(" in path.read_text(encoding="utf-8")
        and path.parent.name not in ("core", "table")
    ]
    assert offenders == []


def test_a_bot_move_is_the_same_whether_the_game_was_resumed_or_not(tmp_path):
    journal = tmp_path / "game.jsonl"
    key = b"k" * 32
    straight = Table.open(scenario(), 21, {"us": "random", "cn": "expert"})
    straight.run_bots()
    interrupted = Table.open(scenario(), 21, {"us": "random", "cn": "expert"}, journal=journal,
                             key=key)
    interrupted.run_bots(max_moves=7)
    interrupted.close()
    resumed = Table.resume(journal, scenario(), key=key)
    resumed.run_bots()
    assert resumed.state.actions == straight.state.actions
    resumed.close()


def test_engine_facilitator_seat_exists_in_every_game():
    assert engine.party_of(engine.new_game(scenario(), 1), "facilitator") == "facilitator"
