"""The `truce` command line: shared option wording, defaults and agents from the current folder."""

from __future__ import annotations

import re
import sys

import pytest

from game.cli import SEED_MAX, UsageError, args, main, seed_number, whole_number
from game.words import count

CAUTIOUS = '''
from game.ai.random_agent import RandomAgent


class Cautious(RandomAgent):
    name = "cautious"
'''


def test_a_custom_agent_in_the_current_folder_loads_without_pythonpath(
    tmp_path, monkeypatch, capsys
):
    (tmp_path / "h11_myagent.py").write_text(CAUTIOUS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", [p for p in sys.path if p not in ("", str(tmp_path))])
    monkeypatch.delitem(sys.modules, "h11_myagent", raising=False)
    code = main(["simulate", "--us", "h11_myagent:Cautious", "--games", "1"])
    assert code == 0, capsys.readouterr().err
    assert "United States: h11_myagent:Cautious" in capsys.readouterr().out
    assert str(tmp_path) not in sys.path  # the folder is on the path only while importing


@pytest.mark.parametrize("spec", [":", "mod:", ":Class"])
def test_a_half_written_agent_spec_gets_a_one_line_message(capsys, spec):
    assert main(["simulate", "--us", spec, "--games", "1"]) == 2
    err = capsys.readouterr().err
    assert err == f"truce: error: agent {spec!r} must be module:Class, e.g. myagent:Cautious\n"


@pytest.mark.parametrize("spec", ["./myagent.py:Cautious", "myagent.py:Cautious",
                                  "agents/myagent:Cautious", "C:\\agents\\myagent.py:Cautious"])
def test_an_agent_named_by_its_file_says_to_name_its_module(capsys, spec):
    assert main(["simulate", "--us", spec, "--games", "1"]) == 2
    assert capsys.readouterr().err == (f"truce: error: agent {spec!r} names a file; name its "
                                       "module instead, as myagent:Cautious, from the folder "
                                       "the file is in\n")


def test_simulate_defaults_to_the_flagship_like_play_and_tournament(capsys):
    assert main(["simulate", "--games", "1"]) == 0
    assert capsys.readouterr().out.startswith("Scenario: state-visit-2015 ")


def test_seed_and_count_errors_share_one_wording():
    assert seed_number(" 7 ") == 7 and seed_number(str(SEED_MAX)) == SEED_MAX
    with pytest.raises(UsageError, match=r"^--seed must be from 0 to 2\*\*63-1, got -1$"):
        seed_number("-1")
    with pytest.raises(UsageError, match=r"^--seed must be a whole number, got 'x'$"):
        seed_number("x")
    with pytest.raises(UsageError, match=r"^--games must be at least 1, got 0$"):
        whole_number("0", "--games", 1)


def test_a_pasted_number_of_thousands_of_digits_is_cut_short_in_the_message():
    with pytest.raises(UsageError, match=r"^--seed must be from 0 to 2\*\*63-1, got 9{37}\.\.\.$"):
        seed_number("9" * 4000)
    with pytest.raises(UsageError, match=r"^--games must be a whole number, got '9{37}\.\.\.'$"):
        whole_number("9" * 5000, "--games", 1)


def test_the_commands_count_in_english_with_the_one_shared_helper():
    assert (count(1, "game"), count(2, "game"), count(0, "agent")) == ("1 game", "2 games",
                                                                       "0 agents")
    assert not hasattr(args, "plural")  # game.words.count serves every layer


def test_a_command_whose_module_fails_to_import_is_one_line_and_the_others_still_work(
    tmp_path, monkeypatch, capsys
):
    import game.cli

    (tmp_path / "h11_broken_command.py").write_text("raise ImportError('half-saved edit')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(game.cli, "COMMANDS", (*game.cli.COMMANDS, "h11_broken_command"))
    monkeypatch.setitem(game.cli.COMMAND_NAMES, "h11_broken_command", ("broken",))
    assert main(["broken", "--anything"]) == 1
    assert capsys.readouterr().err == (
        "truce: error: the broken command cannot start "
        "(h11_broken_command: ImportError: half-saved edit)\n"
    )
    assert main(["simulate", "--games", "1"]) == 0


@pytest.mark.parametrize("seed", ["-1", "x", str(SEED_MAX + 1)])
def test_play_simulate_and_tournament_word_a_bad_seed_alike(capsys, tmp_path, monkeypatch, seed):
    monkeypatch.setenv("TRUCE_SAVE_DIR", str(tmp_path))
    errors = set()
    for command in (["play", "--text"], ["simulate"], ["tournament"]):
        assert main([*command, "--seed", seed]) == 2
        errors.add(capsys.readouterr().err)
    assert len(errors) == 1 and errors.pop().startswith("truce: error: --seed must be ")


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (["play", "--txt"], "truce play: error: unrecognized arguments: --txt; did you mean "
         "--text? (see truce play --help)"),
        (["replay"], "truce replay: error: the following arguments are required: SAVE "
         "(see truce replay --help)"),
        (["replay", "a.jsonl", "b.jsonl"], "truce replay: error: unrecognized arguments: "
         "b.jsonl (see truce replay --help)"),
        (["scenario", "schema", "extra"], "truce scenario schema: error: unrecognized "
         "arguments: extra (see truce scenario schema --help)"),
        (["simulate", "--games"], "truce simulate: error: argument --games: expected one "
         "argument (see truce simulate --help)"),
        (["frob"], "truce: error: argument COMMAND: invalid choice: 'frob' (choose from "
         "'play', 'simulate', 'replay', 'tournament', 'scenario') (see truce --help)"),
    ],
)
def test_a_mistyped_command_line_is_one_line_naming_the_command_and_its_help(capsys, argv, line):
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert (out, err) == ("", line + "\n")


@pytest.mark.parametrize("command", ["simulate", "tournament", "play"])
def test_each_command_that_takes_agents_names_every_one_whole_in_its_help(capsys, command):
    from game.ai.difficulty import DIFFICULTIES
    from game.ai.registry import AGENTS

    assert main([command, "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())  # whole words, as wrapped on screen
    for name in (*DIFFICULTIES, *AGENTS, "module:Class"):
        assert re.search(rf"[ (]{re.escape(name)}[,) ]", out), name
