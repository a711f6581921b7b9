"""What truce prints reaches stdout whole, or truce says in one line why it could not; a JSON
document stays valid whatever the agents print."""

from __future__ import annotations

import json
import os
import pathlib

import pytest

from tests.commands import run_truce

PRINTER = '''
import ctypes
import os

from game.ai.random_agent import RandomAgent


class Printer(RandomAgent):
    """Plays at random, shouting on stdout in every way a program can."""

    name = "printer"

    def act(self, observation):
        print("printed by Python")
        os.write(1, b"written to file descriptor 1\\n")
        try:
            libc = ctypes.CDLL(None)
            libc.puts(b"put by C stdio")
            libc.write(1, b"written by C\\n", 13)
        except (OSError, AttributeError, TypeError):  # no C library to call here
            pass
        return super().act(observation)
'''
LOUD = ("printed by Python", "written to file descriptor 1")


@pytest.fixture
def printer(tmp_path: pathlib.Path) -> pathlib.Path:
    (tmp_path / "printer.py").write_text(PRINTER, encoding="utf-8")
    return tmp_path


def test_a_simulation_json_document_stays_valid_when_an_agent_prints(printer):
    done = run_truce("simulate", "--us", "printer:Printer", "--cn", "random", "--games", "2",
                     "--json", cwd=printer)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["agents"]["us"] == "printer:Printer"
    assert all(line in done.stderr for line in LOUD)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_tournament_json_document_stays_valid_when_agents_print_in_any_process(printer, jobs):
    done = run_truce("tournament", "--agents", "printer:Printer,random", "--games", "1",
                     "--jobs", jobs, "--json", cwd=printer)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["pairings"]) == 4
    assert all(line in done.stderr for line in LOUD)


COMMANDS = {
    "simulate --json": ["simulate", "--games", "1", "--json"],
    "simulate": ["simulate", "--games", "1"],
    "tournament": ["tournament", "--agents", "random", "--games", "1", "--jobs", "1"],
    "scenario schema": ["scenario", "schema"],
    "play": ["play", "--text", "--seed", "1"],
    "version": ["--version"],
}


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
@pytest.mark.parametrize("command", COMMANDS)
def test_output_to_a_full_disk_is_one_line_and_exit_code_one(command, tmp_path):
    with open("/dev/full", "w") as full:
        done = run_truce(*COMMANDS[command], stdout=full, input="2\n" * 5,
                         env={"TRUCE_SAVE_DIR": str(tmp_path)})
    assert (done.returncode, done.stderr) == (
        1, "truce: error: cannot write the output: No space left on device\n")


@pytest.mark.parametrize("command", COMMANDS)
def test_a_closed_stdout_is_one_line_and_exit_code_one(command, tmp_path):
    done = run_truce(*COMMANDS[command], stdout_closed=True, input="2\n" * 5,
                     env={"TRUCE_SAVE_DIR": str(tmp_path)})
    assert (done.returncode, done.stderr) == (
        1, "truce: error: cannot write the output: standard output is closed\n")


@pytest.mark.parametrize("command", ["simulate --json", "scenario schema", "tournament"])
def test_a_reader_that_stops_reading_ends_the_command_quietly_with_exit_code_zero(command):
    reader, writer = os.pipe()
    os.close(reader)  # nobody will ever read: the first write meets a broken pipe
    try:
        done = run_truce(*COMMANDS[command], stdout=writer)
    finally:
        os.close(writer)
    assert (done.returncode, done.stderr) == (0, "")


def test_a_terminal_that_cannot_show_every_character_gets_a_question_mark_not_an_error(
        tmp_path):
    env = {"PYTHONIOENCODING": "ascii", "TRUCE_SAVE_DIR": str(tmp_path)}
    done = run_truce("--help", env=env)
    assert done.returncode == 0 and "a US?China deal" in done.stdout
    done = run_truce("play", "--text", "tutorial", input="\u00e9\n", env=env)
    assert done.returncode == 0 and done.stderr == ""
    assert "'??' is not a choice or a command" in done.stdout
    assert "Input ended" in done.stdout


def test_a_closed_stdin_ends_the_terminal_game_as_end_of_input_does(tmp_path):
    done = run_truce("play", "--text", "tutorial", stdin_closed=True,
                     env={"TRUCE_SAVE_DIR": str(tmp_path)})
    assert (done.returncode, done.stderr) == (0, "")
    assert "Input ended; no move was made" in done.stdout
