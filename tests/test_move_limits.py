"""An agent that never returns ends simulate, tournament and play with one line naming it."""

from __future__ import annotations

import pathlib
import re
import subprocess

import pytest

from tests.commands import start_truce

SLOW = '''
import time


class Sleeps:
    name = "sleeps"

    def __init__(self, seat, seed):
        self.seat = seat

    def act(self, observation):
        time.sleep(600)


class Loops:
    name = "loops"

    def __init__(self, seat, seed):
        self.seat = seat

    def act(self, observation):
        while True:
            try:
                sum(range(1000))
            except BaseException:  # swallows even the interruption: the process gives up
                pass
'''


@pytest.fixture
def slow(tmp_path: pathlib.Path) -> pathlib.Path:
    (tmp_path / "slow.py").write_text(SLOW, encoding="utf-8")
    return tmp_path


def run(cwd: pathlib.Path, *argv: str, stdin: str = "") -> tuple[int, str, str]:
    process = start_truce(*argv, cwd=cwd, env={"TRUCE_SAVE_DIR": str(cwd / "saves")},
                          stdin=subprocess.PIPE)
    try:
        out, err = process.communicate(stdin, timeout=90)
    finally:
        process.kill()
    return process.returncode, out, err


@pytest.mark.parametrize(
    "argv",
    [
        ("simulate", "--us", "slow:Sleeps", "--cn", "random", "--games", "1"),
        ("simulate", "--us", "random", "--cn", "slow:Sleeps", "--games", "1", "--json"),
        ("tournament", "--agents", "slow:Sleeps,random", "--games", "1", "--jobs", "1"),
        ("tournament", "--agents", "slow:Sleeps,random", "--games", "1", "--jobs", "2"),
    ],
)
def test_an_agent_over_its_move_limit_ends_the_command_with_one_line(slow, argv):
    code, out, err = run(slow, *argv, "--move-limit", "0.5")
    assert code == 1
    assert re.fullmatch(r"truce: error: agent 'sleeps' \((us|cn)\) took longer than its move "
                        r"limit of 0\.5 s", err.strip()), err
    assert out == ""


def test_a_slow_opponent_ends_a_terminal_game_with_one_line_and_the_save_kept(slow):
    code, out, err = run(slow, "play", "--text", "--ai", "slow:Sleeps", "--move-limit", "0.5",
                         "--seed", "4", stdin="2\n")  # the US opens; no offer: the AI's turn comes
    assert code == 1
    assert err.strip() == "truce: error: agent 'sleeps' (cn) took longer than its move limit " \
                          "of 0.5 s"
    assert list((slow / "saves").glob("*.jsonl"))


def test_an_agent_that_swallows_the_interruption_is_stopped_for_good(slow):
    code, _, err = run(slow, "simulate", "--us", "slow:Loops", "--cn", "random", "--games", "1",
                       "--move-limit", "0.2")
    assert code == 1
    assert err.strip() == ("truce: error: agent 'loops' (us) ignored its move limit of 0.2 s "
                           "and would not stop")


def test_a_bad_move_limit_is_one_line_and_exit_code_2(slow):
    code, _, err = run(slow, "simulate", "--move-limit", "soon")
    assert code == 2 and err.strip() == ("truce: error: --move-limit must be a number of "
                                         "seconds, got 'soon'")


@pytest.mark.parametrize(("returned", "shown"), [("None", "None"), ("'accept'", "'accept'")])
def test_an_opponent_that_returns_no_action_ends_play_with_one_line(tmp_path, returned, shown):
    (tmp_path / "odd.py").write_text(
        "class Odd:\n    name = 'odd'\n\n    def __init__(self, seat, seed):\n        pass\n\n"
        f"    def act(self, observation):\n        return {returned}\n", encoding="utf-8")
    code, _, err = run(tmp_path, "play", "--text", "--ai", "odd:Odd", "--seed", "1", stdin="2\n")
    assert code == 1
    assert err.strip() == f"truce: error: agent 'odd' (cn) returned {shown}, not an action"
