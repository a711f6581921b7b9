"""`truce simulate` throughput: random-vs-random games per second through game.sim.batch,
including the per-game summary (one core), and the wall time of the whole command."""

from __future__ import annotations

import pathlib
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.sim.batch import play_games  # noqa: E402
from game.sim.scenarios import resolve_scenario  # noqa: E402

GAMES = 400


def main() -> None:
    """Print games per second for the batch API and for the `simulate` command."""
    scenario = resolve_scenario("state-visit-2015")
    start = time.perf_counter()
    play_games(scenario, {"us": "random", "cn": "random"}, GAMES, seed=1)
    elapsed = time.perf_counter() - start
    print(f"batch.play_games, random vs random: {GAMES / elapsed:.0f} games/s ({GAMES} games)")
    command = [sys.executable, "-m", "game", "simulate", "state-visit-2015", "--games", str(GAMES)]
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    elapsed = time.perf_counter() - start
    print(f"truce simulate --games {GAMES} (start-up included): {elapsed:.2f} s")


if __name__ == "__main__":
    main()
