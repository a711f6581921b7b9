"""`truce replay SAVE`: a saved game as a transcript in the game's words, for the debrief."""

from __future__ import annotations

import json

import pytest

from game.ai.random_agent import RandomAgent
from game.cli import main
from game.cli.simulate import transcript
from game.core.phases import final_scores
from game.core.record import GameRecord
from game.sim import batch
from game.sim.scenarios import DEFAULT_SCENARIO, resolve_scenario, scenario_path
from game.table import HUMAN, JournalError, Table


@pytest.fixture(scope="module")
def finished():
    """A finished flagship game between random agents."""
    scenario = resolve_scenario(DEFAULT_SCENARIO)
    agents = {"us": RandomAgent("us", 4), "cn": RandomAgent("cn", 5)}
    return batch.play_game(scenario, agents, seed=22).record  # a deal is signed


def save(tmp_path, record: GameRecord, name: str = "game.jsonl",
         source: str | None = None, seats=None) -> str:
    """Journal a recorded game as `truce play` would (the US played by a person)."""
    path = tmp_path / name
    source = str(scenario_path(DEFAULT_SCENARIO).resolve()) if source is None else source
    table = Table.open(record.scenario, record.seed, seats or {"us": HUMAN, "cn": HUMAN},
                       journal=path, scenario_path=source)
    table.apply_log(record.actions)
    table.close()
    return str(path)


def replay_lines(capsys, *argv: str) -> tuple[int, list[str], str]:
    code = main(["replay", *argv])
    out = capsys.readouterr()
    return code, out.out.splitlines(), out.err


def test_the_transcript_has_a_header_for_every_round_and_the_final_scores(
    tmp_path, capsys, finished
):
    code, lines, _ = replay_lines(capsys, save(tmp_path, finished))
    assert code == 0
    rounds = finished.scenario.settings.rounds
    for n in range(1, rounds + 1):
        assert f"== Round {n} of {rounds} ==" in lines
    assert "== Final scores ==" in lines
    scores = final_scores(finished.state())
    for party, name, trusting in (("us", "The United States", "China's"),
                                  ("cn", "China", "the United States'")):
        score = scores[party]
        assert (f"{name}: {score.raw:.2f} points ({score.banked:.2f} banked, "
                f"{score.relationship:+.2f} for {trusting} trust at the end), "
                f"{score.normalised:.0f} out of 100.") in " ".join(" ".join(lines).split())


def test_a_finished_game_is_told_by_the_narrator_secret_choices_included(tmp_path, finished):
    table = Table.resume(save(tmp_path, finished), finished.scenario, read_only=True)
    lines = transcript(table, "game.jsonl", "us")
    assert lines[1].endswith("shown: everything.")
    deeds = {e.party for e in finished.state().history if e.kind == "implement"}
    for party, name in (("us", "The United States"), ("cn", "China")):
        if party in deeds:  # secret choices: a replay is a debrief tool
            assert any(line.startswith((f"{name} keeps", f"{name} secretly breaks"))
                       for line in lines)
    assert not any(line.startswith("You") for line in lines)


def test_the_same_save_gives_the_same_transcript(tmp_path, capsys, finished):
    path = save(tmp_path, finished)
    assert replay_lines(capsys, path) == replay_lines(capsys, path)


def test_an_unfinished_save_says_where_it_stops(tmp_path, capsys, finished):
    code, lines, _ = replay_lines(capsys, save(tmp_path, finished.truncate(5)))
    assert code == 0
    assert any(line.startswith("The save stops in round ") for line in lines)
    assert "== Final scores ==" not in lines


def test_the_scenario_is_found_by_id_when_the_saved_path_is_gone(tmp_path, capsys, finished):
    path = save(tmp_path, finished, "moved.jsonl", "/nowhere/state-visit-2015.yaml")
    code, lines, _ = replay_lines(capsys, path)
    assert code == 0 and "== Final scores ==" in lines


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "not a Truce save (broken JSON"),
        ("[]", "not a Truce save"),
        ('{"format": "truce-save", "version": 99}', "format version 99"),
    ],
)
def test_a_corrupt_save_is_one_line_and_exit_code_2(tmp_path, capsys, content, message):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    code, lines, err = replay_lines(capsys, str(bad))
    assert code == 2 and lines == []
    err_lines = err.strip().splitlines()
    assert len(err_lines) == 1 and err_lines[0].startswith("truce: error: ")
    assert message in err_lines[0]


def test_a_tampered_save_is_refused(tmp_path, capsys, finished):
    path = tmp_path / "game.jsonl"
    save(tmp_path, finished)
    lines = path.read_text().splitlines()
    header = json.loads(lines[0])
    header["seed"] += 1
    path.write_text("\n".join([json.dumps(header), *lines[1:]]) + "\n", encoding="utf-8")
    code, _, err = replay_lines(capsys, str(path))
    assert code == 2 and err.startswith("truce: error: ") and len(err.strip().splitlines()) == 1
    assert "cannot be verified" in err and "--unverified" in err


def test_a_missing_save_is_one_line_and_exit_code_2(tmp_path, capsys):
    code, _, err = replay_lines(capsys, str(tmp_path / "none.json"))
    assert code == 2 and err.strip() == f"truce: error: {tmp_path / 'none.json'}: no such save file"


def test_a_save_for_an_unknown_scenario_says_which(tmp_path, capsys, finished):
    path = tmp_path / "game.jsonl"
    save(tmp_path, finished, source="")
    lines = path.read_text().splitlines()
    header = json.loads(lines[0])
    header["scenario"]["id"] = "lost-scenario"
    path.write_text("\n".join([json.dumps(header), *lines[1:]]) + "\n", encoding="utf-8")
    code, _, err = replay_lines(capsys, str(path), "--unverified")
    assert code == 2 and "'lost-scenario', which is not installed" in err


def test_an_unfinished_game_replays_only_what_the_saving_side_may_see(tmp_path, capsys,
                                                                      finished):
    cut = next(n for n, a in enumerate(finished.actions) if a.text().startswith("cn implement"))
    path = save(tmp_path, finished.truncate(cut + 1), seats={"us": HUMAN})
    code, lines, _ = replay_lines(capsys, path)
    text = "\n".join(lines)
    assert code == 0 and "shown: what the United States sees" in text
    assert any(line.startswith(("You keep", "You secretly break")) for line in lines)
    assert not any(line.startswith(("China keeps", "China secretly")) for line in lines)
    assert "banks" not in text and "For China" not in text
    code, lines, _ = replay_lines(capsys, path, "--facilitator")
    assert any(line.startswith(("China keeps", "China secretly")) for line in lines)
    assert not any(line.startswith("You") for line in lines)


def test_every_line_of_a_replay_fits_in_79_columns(tmp_path, capsys, finished):
    code, lines, _ = replay_lines(capsys, save(tmp_path, finished))
    assert code == 0 and max(len(line) for line in lines) <= 79


class Cautious(RandomAgent):
    """A plug-in agent, as `--ai mymod:Cautious` would load it."""

    name, spec = "cautious", "mymod:Cautious"


def test_a_game_against_a_plug_in_agent_replays_without_the_agent(tmp_path, capsys, finished):
    path = save(tmp_path, finished, seats={"us": HUMAN, "cn": Cautious("cn", 5)})
    code, lines, err = replay_lines(capsys, path)
    assert (code, err) == (0, "") and "== Final scores ==" in lines
    for read_only in (False, True):  # to play on, the agent must be named again
        with pytest.raises(JournalError, match="played by the plug-in agent 'mymod:Cautious'; "
                           "name it again to load it"):
            Table.resume(path, finished.scenario, read_only=read_only)
