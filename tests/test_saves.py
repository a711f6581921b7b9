"""Saves are versioned JSON, written atomically, and refused with one line when they do not fit."""

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.ai.random_agent import RandomAgent
from game.core import engine
from game.core.actions import parse_action
from game.core.observe import observe
from game.core.record import GameRecord, state_hash
from game.sim.saves import SaveError, load_game, read_save_info, save_game
from tests.factories import news_events, two_issue_scenario

LINES = [
    "us propose cyber=dialogue maritime=halt",
    "cn accept",
    "us implement cyber=comply",
    "cn implement cyber=defect maritime=comply",
]


def _record(scenario=None):
    scenario = scenario or two_issue_scenario(events=news_events())
    return GameRecord(scenario, 11, tuple(parse_action(line) for line in LINES))


def test_a_saved_game_loads_to_the_identical_state(tmp_path):
    record = _record()
    path = tmp_path / "game.json"
    saved_hash = save_game(path, record, scenario_path="scenarios/x.yaml")
    loaded = load_game(path, record.scenario)
    assert state_hash(loaded.state()) == state_hash(record.state()) == saved_hash
    info = read_save_info(path)
    assert (info.scenario_id, info.seed, info.actions) == ("two-issue", 11, 4)
    assert info.scenario_path == "scenarios/x.yaml"
    data = json.loads(path.read_text())
    assert data["format"] == "truce-save" and data["version"] == 1
    assert data["actions"][0] == {
        "verb": "propose",
        "seat": "us",
        "terms": {"cyber": "dialogue", "maritime": "halt"},
    }


def test_saving_replaces_the_file_atomically_and_leaves_no_temporary_files(tmp_path):
    path = tmp_path / "game.json"
    save_game(path, _record())
    save_game(path, _record().truncate(2))
    assert os.listdir(tmp_path) == ["game.json"]
    assert read_save_info(path).actions == 2


def test_a_save_for_a_changed_scenario_is_refused(tmp_path):
    path = tmp_path / "game.json"
    save_game(path, _record())
    with pytest.raises(SaveError, match="has changed since the game was saved"):
        load_game(path, two_issue_scenario(events=news_events(), rounds=9))


def _tamper(path, change):
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(state_hash="0" * 64), "does not match the saved state hash"),
        (lambda d: d["actions"].append({"verb": "fly", "seat": "us"}), "action 5 is unreadable"),
        (lambda d: d["actions"].insert(0, {"verb": "accept", "seat": "cn"}), "does not replay"),
        (lambda d: d.update(version=99), "format version 99"),
        (lambda d: d.update(format="chess"), "not a Truce save"),
        (lambda d: d.update(seed="11"), "no integer seed"),
        (lambda d: d["scenario"].update(id="other"), "is for scenario 'other'"),
        (lambda d: d.pop("actions"), "no action list"),
    ],
)
def test_a_tampered_save_is_refused_with_one_line(tmp_path, change, message):
    path = tmp_path / "game.json"
    record = _record()
    save_game(path, record)
    _tamper(path, change)
    with pytest.raises(SaveError, match=message) as raised:
        load_game(path, record.scenario)
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"format": "truce-save", "vers', "broken JSON"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"[1, 2, 3]", "not a Truce save"),
        (b"", "broken JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (
            b'{"format": "truce-save", "version": 1, "scenario": {"id": "two-issue", "hash": "x"},'
            b' "seed": 1, "actions": [], "state_hash": "y"}',
            "has changed since",
        ),
    ],
)
def test_a_garbled_file_is_refused_with_one_line(tmp_path, content, message):
    path = tmp_path / "game.json"
    path.write_bytes(content)
    with pytest.raises(SaveError, match=message):
        load_game(path, two_issue_scenario())


def test_a_missing_file_or_folder_is_refused_with_one_line(tmp_path):
    with pytest.raises(SaveError, match="no such save file"):
        load_game(tmp_path / "nope.json", two_issue_scenario())
    with pytest.raises(SaveError, match="is a folder"):
        load_game(tmp_path, two_issue_scenario())
    with pytest.raises(SaveError, match="cannot write"):
        save_game(tmp_path / "missing" / "game.json", _record())


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(seed=st.integers(0, 2**31), cut=st.floats(0, 1))
def test_any_saved_game_or_earlier_point_loads_to_the_identical_state(tmp_path, seed, cut):
    scenario = two_issue_scenario(events=news_events())
    state = engine.new_game(scenario, seed)
    agents = {p: RandomAgent(p, seed + n) for n, p in enumerate(("us", "cn"))}
    while not engine.is_over(state):
        seat = engine.awaiting(state)[0]
        state, _ = engine.step(state, agents[seat].act(observe(state, seat)))
    record = GameRecord.of(state).truncate(int(cut * len(state.actions)))
    path = tmp_path / f"game-{seed}.json"
    saved = save_game(path, record)
    assert state_hash(load_game(path, scenario).state()) == saved == state_hash(record.state())
