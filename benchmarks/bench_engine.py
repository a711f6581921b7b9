"""Random-vs-random whole games per second on the flagship, on one core: the bare engine
(`engine.step` in a loop, as the core's own tests drive it) and the same games through the
table (`Table.run_bots`: seats, versions, time limits, events per seat), side by side."""

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
from game.table import Table  # noqa: E402

FLAGSHIP = ROOT / "scenarios" / "state-visit-2015.yaml"


def agents(seed: int) -> dict[str, RandomAgent]:
    """The same two random agents for both ways of playing."""
    return {p: RandomAgent(p, seed * 2 + n) for n, p in enumerate(("us", "cn"))}


def bare(scenario, seed: int) -> int:
    """One game through engine.step, each agent reading its own observation; returns steps."""
    state = engine.new_game(scenario, seed)
    players = agents(seed)
    while not engine.is_over(state):
        seat = engine.awaiting(state)[0]
        state, _ = engine.step(state, players[seat].act(observe(state, seat)))
    return len(state.actions)


def on_table(scenario, seed: int) -> int:
    """The same game through a table (no journal); returns steps."""
    table = Table.open(scenario, seed, agents(seed))
    table.run_bots()
    return table.version


def rates(scenario, games: int) -> tuple[float, float, float]:
    """Games/sec by CPU time through the bare engine and through the table, and steps per game:
    each seed is played both ways in turn, so a busy machine slows both alike."""
    bare_time = table_time = 0.0
    steps = 0
    for seed in range(games):
        start = time.process_time()
        steps += bare(scenario, seed)
        middle = time.process_time()
        on_table(scenario, seed)
        table_time += time.process_time() - middle
        bare_time += middle - start
    return games / bare_time, games / table_time, steps / games


def main(games: int = 400) -> None:
    """Print both rates and the table's overhead."""
    scenario = load_scenario(FLAGSHIP)
    bare(scenario, 0), on_table(scenario, 0)  # warm up caches and imports
    engine_rate, table_rate, steps = rates(scenario, games)
    print(f"engine: {engine_rate:.0f} random-vs-random games/sec on one core (CPU time) on "
          f"{scenario.id} ({len(scenario.issues)} issues, {scenario.settings.rounds} rounds, "
          f"{steps:.1f} steps/game; target >= 500)")
    print(f"table: {table_rate:.0f} games/sec through game.table (CPU time, the same games "
          f"interleaved); the table costs {100 * (engine_rate / table_rate - 1):.0f}% over the "
          "bare engine (target < 20%)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 400)
