"""Random-vs-random full games per second on the flagship scenario, on one core."""

from __future__ import annotations

import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.ai.random_agent import RandomAgent  # noqa: E402
from game.core import engine  # noqa: E402
from game.core.observe import observe  # noqa: E402
from game.scenario.loader import load_scenario  # noqa: E402

FLAGSHIP = ROOT / "scenarios" / "state-visit-2015.yaml"


def play(scenario, seed: int) -> int:
    """One random-vs-random game, each agent reading its own observation; returns its steps."""
    state = engine.new_game(scenario, seed)
    agents = {p: RandomAgent(p, seed * 2 + n) for n, p in enumerate(("us", "cn"))}
    steps = 0
    while not engine.is_over(state):
        seat = engine.awaiting(state)[0]
        state, _ = engine.step(state, agents[seat].act(observe(state, seat)))
        steps += 1
    return steps


def main(games: int = 400) -> None:
    """Print games/sec (best of three batches; CPU time of this process and wall time)."""
    scenario = load_scenario(FLAGSHIP)
    play(scenario, 0)  # warm up caches and imports
    best_cpu = best_wall = 0.0
    steps = 0
    for batch in range(3):
        wall, cpu = time.perf_counter(), time.process_time()
        steps = sum(play(scenario, batch * games + g) for g in range(games))
        best_cpu = max(best_cpu, games / (time.process_time() - cpu))
        best_wall = max(best_wall, games / (time.perf_counter() - wall))
    rounds = scenario.settings.rounds
    print(
        f"engine: {best_cpu:.0f} random-vs-random games/sec on one core (CPU time; "
        f"{best_wall:.0f} by wall clock) on {scenario.id} ({len(scenario.issues)} issues, "
        f"{rounds} rounds, {steps / games:.1f} steps/game; target >= 200)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 400)
