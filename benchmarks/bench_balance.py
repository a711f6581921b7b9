"""The balance table of docs/scenarios.md: every shipped scenario, side and difficulty level,
always-defect against always-comply and a reciprocal player, 200 seeded games per cell.

    python benchmarks/bench_balance.py [--games 200] [--jobs 2] [--players a,b,c]

Prints the Markdown table and the cells where the lesson fails (exit 1 if any).
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.scenario.loader import load_scenario  # noqa: E402
from game.sim.balance import CHEAT, PLAYERS, measure, table  # noqa: E402
from game.sim.scenarios import shipped_scenarios  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Measure every cell and print the table; 1 if cheating pays anywhere."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2015)
    parser.add_argument("--players", default=",".join(PLAYERS))
    args = parser.parse_args(argv)
    players = tuple(args.players.split(","))
    scenarios = [load_scenario(path) for path in shipped_scenarios().values()]
    start = time.perf_counter()
    cells = measure(scenarios, args.games, args.seed, players=players, jobs=args.jobs)
    print(table(cells, players))
    failures = [
        f"{c.scenario} {c.side} vs {c.level}: {CHEAT} {c.mean(CHEAT):.1f} >= {p} {c.mean(p):.1f}"
        for c in cells for p in players if p != CHEAT and c.mean(CHEAT) >= c.mean(p)
    ]
    print(f"\n{args.games} games per player and cell, seed {args.seed}, "
          f"{time.perf_counter() - start:.0f} s", file=sys.stderr)
    for line in failures:
        print("cheating pays:", line)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
