"""Recorded games replay to the same transcript (tests/playthroughs/__init__.py: regenerate)."""

import difflib

import pytest

from game.core.record import scenario_hash
from tests.playthroughs import PLAYTHROUGHS, header_hash, transcript


@pytest.mark.parametrize("play", PLAYTHROUGHS, ids=[p.name for p in PLAYTHROUGHS])
def test_a_recorded_game_plays_out_exactly_as_committed(play):
    assert play.path.exists(), f"missing {play.path.name}: python -m tests.playthroughs regenerate"
    want = play.path.read_text(encoding="utf-8")
    # A retuned shipped scenario changes the game: fail loudly rather than stop checking.
    assert header_hash(want) == scenario_hash(play.scenario()), (
        f"{play.name}: the scenario changed since it was recorded; if intended, run "
        f"python -m tests.playthroughs regenerate {play.name} (and update docs/rules.md's "
        "worked round if it is the worked round)"
    )
    got = transcript(play)
    diff = "".join(
        difflib.unified_diff(want.splitlines(True), got.splitlines(True), "committed", "now", n=2)
    )
    assert got == want, f"{play.name} changed (regenerate if intended):\n{diff[:4000]}"
