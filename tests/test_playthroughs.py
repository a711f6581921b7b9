"""Recorded games replay to the same transcript (tests/playthroughs/__init__.py: regenerate)."""

import difflib

import pytest

from game.core.record import scenario_hash
from tests.playthroughs import PLAYTHROUGHS, header_hash, transcript


@pytest.mark.parametrize("play", PLAYTHROUGHS, ids=[p.name for p in PLAYTHROUGHS])
def test_a_recorded_game_plays_out_exactly_as_committed(play):
    assert play.path.exists(), f"missing {play.path.name}: python -m tests.playthroughs regenerate"
    want = play.path.read_text(encoding="utf-8")
    if play.shipped and header_hash(want) != scenario_hash(play.scenario()):
        pytest.skip(
            f"{play.name}: the shipped scenario changed since it was recorded; "
            f"run: python -m tests.playthroughs regenerate {play.name}"
        )
    got = transcript(play)
    diff = "".join(
        difflib.unified_diff(want.splitlines(True), got.splitlines(True), "committed", "now", n=2)
    )
    assert got == want, f"{play.name} changed (regenerate if intended):\n{diff[:4000]}"
