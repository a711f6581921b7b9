"""Hints of a guided scenario: each shown once, at its moment, to its side, in the terminal."""

from __future__ import annotations

import pathlib

import pytest

from game.core.scenario import Hint
from game.scenario import ScenarioError, check_scenario, load_scenario, load_scenario_text
from game.table import Table
from game.ui.hints import HintBook, applies
from game.ui.text import TextGame
from game.ui.text_console import Console
from tests.test_text_game import Player

ROOT = pathlib.Path(__file__).resolve().parents[1]
TUTORIAL = ROOT / "scenarios" / "tutorial.yaml"


def test_a_hint_without_a_round_is_due_the_first_time_its_phase_comes_and_only_then():
    book = HintBook([Hint("first", "Keep or break.", "implement")], "us")
    assert book.due(1, "negotiate") == []
    assert [h.id for h in book.due(2, "implement")] == ["first"]
    assert book.due(3, "implement") == []


def test_a_hint_with_a_round_waits_for_that_round_and_is_said_once():
    book = HintBook([Hint("r3", "Round three.", "negotiate", 3)], "cn")
    assert book.due(1, "negotiate") == [] and book.due(2, "negotiate") == []
    assert [h.id for h in book.due(3, "negotiate")] == ["r3"]
    assert book.due(3, "negotiate") == []


def test_a_hint_for_one_side_never_reaches_the_other():
    hint = Hint("us-only", "For the US.", "negotiate", 1, "us")
    assert applies(hint, "us", 1, "negotiate") and not applies(hint, "cn", 1, "negotiate")
    assert HintBook([hint], "cn").due(1, "negotiate") == []


def test_the_end_of_game_hint_comes_at_the_end_whatever_its_round():
    book = HintBook([Hint("end", "Debrief.", "over")], "us")
    assert book.due(4, "negotiate") == [] and [h.id for h in book.due(6, "over")] == ["end"]


def test_a_resumed_game_does_not_repeat_hints_of_rounds_already_played():
    book = HintBook([Hint("first-talks", "Talk.", "negotiate"), Hint("r1", "One.", "implement", 1),
                     Hint("r4", "Four.", "implement", 4)], "us")
    book.skip_to(3)
    assert book.due(3, "negotiate") == [] and book.due(3, "implement") == []
    assert [h.id for h in book.due(4, "implement")] == ["r4"]


def test_hints_load_in_format_2_and_are_refused_in_format_1():
    scenario = load_scenario(TUTORIAL)
    assert [h.id for h in scenario.hints][:3] == ["welcome", "welcome-us", "welcome-cn"]
    assert scenario.hints[1] == Hint("welcome-us", scenario.hints[1].text, "negotiate", 1, "us")
    v1 = TUTORIAL.read_text(encoding="utf-8").replace("schema_version: 2", "schema_version: 1")
    with pytest.raises(ScenarioError) as refused:
        load_scenario_text(v1, "t.yaml")
    assert any(p.code == "version" and "'hints'" in p.message for p in refused.value.problems)


def test_a_hint_after_the_last_round_is_a_warning_and_hint_ids_are_unique(tmp_path):
    text = TUTORIAL.read_text(encoding="utf-8").replace("    round: 5\n", "    round: 9\n")
    text = text.replace("  - id: debrief\n", "  - id: welcome\n")
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    found = {(p.code, p.severity) for p in check_scenario(path)}
    assert ("unreachable", "warning") in found and ("duplicate-id", "error") in found


@pytest.mark.parametrize("side", ["us", "cn"])
def test_the_tutorial_shows_each_of_its_hints_once_at_its_moment_in_the_terminal(side):
    scenario = load_scenario(TUTORIAL)
    player = Player(seed=4)
    table = Table.open(scenario, 4, {side: "human", "cn" if side == "us" else "us": "standard"})
    TextGame(table, side, Console(read=player.read, write=player.write)).run()
    text = "\n".join(player.lines)
    mine = {h.id: " ".join(h.text.split())[:50] for h in scenario.hints if h.side in ("", side)}
    theirs = [" ".join(h.text.split())[:50] for h in scenario.hints if h.side not in ("", side)]
    flat = " ".join(text.split())
    for start in mine.values():
        assert flat.count("Hint: " + start) <= 1
    for start in theirs:
        assert start not in flat
    assert flat.index("Hint: " + mine["welcome"]) < flat.index("left this round. Your move")
    assert flat.index("Hint: " + mine["second-round"]) > flat.index("Round 2 of 5")
    assert flat.index("Hint: " + mine["debrief"]) > flat.index("Final scores")
    for always in ("welcome", f"welcome-{side}", "second-round", "last-round", "debrief"):
        assert "Hint: " + mine[always] in flat, always
