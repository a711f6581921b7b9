"""Tournaments: every pairing on both sides, seeded games, same figures whatever the job count."""

from __future__ import annotations

import json
import multiprocessing
import os
import pathlib
import pickle
import re
import signal
import subprocess
import time

import pytest

from game.cli import main
from game.core import engine
from game.core.actions import Accept
from game.scenario.loader import load_scenario
from game.sim.tournament import (
    by_agent,
    by_pairing,
    derive_seed,
    report_text,
    run_tournament,
)
from game.sim.workers import available_cores, worker_count
from tests.commands import ctrl_c_ignored, start_truce

ROOT = pathlib.Path(__file__).resolve().parents[1]
FLAGSHIP = load_scenario(ROOT / "scenarios" / "state-visit-2015.yaml")


def test_every_ordered_pairing_plays_its_games_on_both_sides():
    results = run_tournament(FLAGSHIP, ["expert", "always-defect"], games=2, seed=1, jobs=1)
    pairs = {(r.us, r.cn) for r in results}
    assert pairs == {("expert", "expert"), ("expert", "always-defect"),
                     ("always-defect", "expert"), ("always-defect", "always-defect")}
    assert len(results) == 8


def test_the_figures_do_not_depend_on_the_number_of_worker_processes():
    agents = ["expert", "tit-for-tat"]
    one = run_tournament(FLAGSHIP, agents, games=2, seed=9, jobs=1)
    two = run_tournament(FLAGSHIP, agents, games=2, seed=9, jobs=2)
    assert [repr(r) for r in one] == [repr(r) for r in two]  # nan != nan, so compare text
    assert report_text(one, agents) == report_text(two, agents)


def test_a_games_seed_depends_on_the_tournament_seed_the_pairing_and_the_index():
    assert derive_seed(1, "a", "b", 0) == derive_seed(1, "a", "b", 0)
    assert len({derive_seed(1, "a", "b", 0), derive_seed(2, "a", "b", 0),
                derive_seed(1, "b", "a", 0), derive_seed(1, "a", "b", 1)}) == 4


def test_summaries_cover_every_agent_and_pairing():
    agents = ["conceder", "hardliner"]
    results = run_tournament(FLAGSHIP, agents, games=1, seed=2, jobs=1)
    assert sorted(s.name for s in by_agent(results, agents)) == agents
    assert [s.name for s in by_pairing(results, agents)] == [
        "conceder vs conceder", "conceder vs hardliner",
        "hardliner vs conceder", "hardliner vs hardliner",
    ]
    for s in by_agent(results, agents):
        assert 0.0 <= s.agreement <= 1.0 and s.games == 3


def test_the_command_prints_json_with_agents_and_pairings(capsys):
    code = main(["tournament", "state-visit-2015", "--agents", "expert,linear", "--games", "1",
                 "--seed", "3", "--jobs", "1", "--json"])
    out = capsys.readouterr()
    assert code == 0
    data = json.loads(out.out)
    assert {a["name"] for a in data["agents"]} == {"expert", "linear"}
    assert len(data["pairings"]) == 4
    assert out.err.startswith("truce: note: 4 games in")  # no progress bar: not a terminal
    fields = {"name", "games", "score", "score_other", "agreement", "nash_distance",
              "frontier_distance", "incidents", "sanctions"}  # as docs/agents.md lists them
    assert set(data) == {"scenario", "games", "seed", "agents", "pairings"}
    assert all(set(entry) == fields for entry in data["agents"] + data["pairings"])
    scores = [a["score"] for a in data["agents"]]
    assert scores == sorted(scores, reverse=True)
    assert [p["name"] for p in data["pairings"]] == [
        "expert vs expert", "expert vs linear", "linear vs expert", "linear vs linear"]


def test_the_command_prints_a_table(capsys):
    assert main(["tournament", "--agents", "boulware", "--games", "1", "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert "boulware vs boulware" in out and "score" in out


def test_bad_arguments_give_one_line_and_exit_code_two(capsys):
    assert main(["tournament", "--agents", "grandmaster", "--games", "1"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("truce: error: unknown agent")
    assert main(["tournament", "--games", "0"]) == 2
    assert main(["tournament", "no-such-scenario", "--games", "1"]) == 2
    assert main(["tournament", "--agents", "linear,linear"]) == 2


# -- failing agents, Ctrl-C and a repeatable stdout ----------------------------------------------
HOSTILE = '''
import os
import pathlib
import signal
import time

from game.core.actions import Accept


class Illegal:
    name = "illegal"

    def __init__(self, seat, seed):
        self.seat = seat

    def act(self, observation):
        return Accept(self.seat)  # accepts when no offer is on the table


class Raises:
    def __init__(self, seat, seed):
        self.seat = seat

    def act(self, observation):
        raise RuntimeError("boom")


class Interrupts:
    def __init__(self, seat, seed):
        self.seat = seat

    def act(self, observation):
        raise KeyboardInterrupt  # as if Ctrl-C had been pressed, though it was not


class OnlyTheUS:
    def __init__(self, seat, seed):
        if seat.startswith("cn"):
            raise ValueError("I only play the US")
        self.seat = seat

    def act(self, observation):
        return observation.legal_actions[0]


class Killed:
    name = "killed"

    def __init__(self, seat, seed):
        self.seat = seat

    def act(self, observation):
        os.kill(os.getpid(), signal.SIGKILL)  # as an out-of-memory kill ends a process


class Sleeper:
    name = "sleeper"

    def __init__(self, seat, seed):
        self.seat = seat

    def act(self, observation):
        pathlib.Path("started").touch()
        time.sleep(60)
'''


def truce(cwd: pathlib.Path, *argv: str) -> subprocess.Popen:
    """`truce ARGV` in a new session (so Ctrl-C can be sent to its whole process group)."""
    return start_truce(*argv, cwd=cwd, start_new_session=True)


@pytest.fixture
def hostile(tmp_path: pathlib.Path) -> pathlib.Path:
    (tmp_path / "hostile.py").write_text(HOSTILE, encoding="utf-8")
    return tmp_path


def test_an_illegal_action_survives_the_trip_between_processes():
    illegal = engine.IllegalAction(Accept("us"), "there is no offer on the table")
    copy = pickle.loads(pickle.dumps(illegal))
    assert (copy.action, copy.reason, str(copy)) == (illegal.action, illegal.reason, str(illegal))


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize(
    ("agent", "message"),
    [("hostile:Illegal", r"agent 'illegal' \((us|cn)\) played IllegalAction: .* accept because .*"),
     ("hostile:Raises", r"agent 'Raises' \((us|cn)\) failed: RuntimeError: boom"),
     ("hostile:Interrupts", r"agent 'Interrupts' \((us|cn)\) failed: KeyboardInterrupt "
      r"\(raised by the agent, not Ctrl-C\)")],
)
def test_an_agent_that_fails_ends_the_tournament_with_one_line_and_exit_code_one(
    hostile, agent, message, jobs
):
    run = truce(hostile, "tournament", "--agents", f"{agent},random", "--games", "2",
                "--jobs", jobs)
    try:
        out, err = run.communicate(timeout=120)
    finally:
        run.kill()
    assert run.returncode == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and re.fullmatch("truce: error: " + message, lines[0]), err
    assert out == ""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_a_tournament_with_one_line_and_exit_code_130(hostile, jobs):
    with ctrl_c_ignored():  # even when the test run itself ignores Ctrl-C (a background job)
        run = truce(hostile, "tournament", "--agents", "hostile:Sleeper,random", "--games", "2",
                    "--jobs", jobs)
    try:
        for _ in range(1200):  # until an agent is thinking (a worker is mid-game)
            if (hostile / "started").exists() or run.poll() is not None:
                break
            time.sleep(0.05)
        os.killpg(run.pid, signal.SIGINT)
        out, err = run.communicate(timeout=60)
    finally:
        run.kill()
    assert run.returncode == 130
    assert err.strip() == "truce: interrupted" and out == ""


@pytest.mark.skipif(available_cores() < 2, reason="one core: games run in the command itself")
def test_a_worker_killed_outright_ends_the_tournament_with_one_line_naming_the_game(hostile):
    run = truce(hostile, "tournament", "--agents", "hostile:Killed,always-comply", "--games",
                "1", "--jobs", "2")
    try:
        out, err = run.communicate(timeout=120)
    finally:
        run.kill()
    assert run.returncode == 1 and out == ""
    assert re.fullmatch(r"truce: error: a worker process died \(killed by SIGKILL\) while "
                        r"playing game 0 of \S+ vs \S+\n", err), err
    assert "hostile:Killed" in err


def test_workers_are_never_more_than_the_games_or_the_cores():
    assert worker_count(1000, 4) == min(4, available_cores())
    assert worker_count(None, 1000) == available_cores()
    assert worker_count(3, 2) == min(2, available_cores())
    assert worker_count(0, 0) == 1


def test_a_thousand_jobs_for_four_games_start_no_more_processes_than_there_are_games_or_cores():
    seen = []
    run_tournament(FLAGSHIP, ["always-defect", "always-comply"], games=1, seed=0, jobs=1000,
                   progress=lambda done, total: seen.append(len(multiprocessing.active_children())))
    assert len(seen) == 4 and max(seen) <= min(4, available_cores())


def test_identical_runs_print_identical_stdout_and_time_goes_to_stderr(capsys):
    argv = ["tournament", "--agents", "always-defect,always-comply", "--games", "1",
            "--seed", "4", "--jobs", "1"]
    outputs = []
    for _ in range(2):
        assert main(argv) == 0
        out = capsys.readouterr()
        outputs.append(out.out)
        assert re.fullmatch(r"truce: note: 4 games in \d+\.\d s\n", out.err)
    assert outputs[0] == outputs[1]
    assert "1 game per pairing" in outputs[0] and "2 agents" in outputs[0]
    assert "always-defect vs always-comply " in outputs[0]  # never cut short


@pytest.mark.parametrize(
    ("argv", "message"),
    [(["--games", "0"], "--games must be from 1 to 1000000, got 0"),
     (["--games", "x"], "--games must be a whole number, got 'x'"),
     (["--seed", "-1"], "--seed must be from 0 to 2**63-1, got -1"),
     (["--seed", "1.5"], "--seed must be a whole number, got '1.5'"),
     (["--jobs", "-2"], "--jobs must be from 0 to 1024, got -2")],
)
def test_number_options_are_checked_in_the_same_words_as_simulate(capsys, argv, message):
    assert main(["tournament", *argv]) == 2
    assert capsys.readouterr().err == f"truce: error: {message}\n"
    if argv[0] != "--jobs":  # simulate has no --jobs
        assert main(["simulate", *argv]) == 2
        assert capsys.readouterr().err == f"truce: error: {message}\n"


def test_an_agent_that_cannot_be_built_for_one_side_is_refused_before_any_game(hostile):
    run = truce(hostile, "tournament", "--agents", "random,hostile:OnlyTheUS", "--games", "1",
                "--jobs", "2")
    try:
        out, err = run.communicate(timeout=120)
    finally:
        run.kill()
    assert (run.returncode, out) == (2, "")
    assert err == ("truce: error: cannot create agent 'hostile:OnlyTheUS': ValueError: I only "
                   "play the US\n")
