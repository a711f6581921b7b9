"""Deal analysis and forecast speed: flagship and 10-issue × 5-option analysis, M = 10,000 forecast.

Targets (issue 4): the 10×5 synthetic space (9.8 million packages with an option on every
issue, 60 million counting "no agreement") analysed in under 1 s within 1 GB; a forecast of
10,000 futures over 8 rounds and 6 issues in under 50 ms.
"""

from __future__ import annotations

import os

# one BLAS thread, as in a game process: on a busy 2-core machine, spinning BLAS threads
# make the forecast's small matrix products several times slower
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import pathlib  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402

import numpy as np  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.core import analysis, engine, trust  # noqa: E402
from game.core import forecast as fc  # noqa: E402
from game.scenario.loader import load_scenario  # noqa: E402

FLAGSHIP = ROOT / "scenarios" / "state-visit-2015.yaml"


def synthetic_space(issues: int = 10, options: int = 5, seed: int = 0) -> analysis.PackageSpace:
    """Random per-round utilities in [-2, 10] for both sides on every option."""
    rng = np.random.default_rng(seed)
    points = tuple(rng.uniform(-2.0, 10.0, (options, 2)) for _ in range(issues))
    best = np.maximum(sum(p.max(axis=0) for p in points), 0.0)
    return analysis.PackageSpace(
        tuple(f"issue{k}" for k in range(issues)),
        tuple(tuple(f"option{j}" for j in range(options)) for _ in range(issues)),
        points, np.array([5.0, 5.0]), best)


def timed(run, repeats: int = 5) -> tuple[float, float, object]:
    """Best wall time (s) over repeats, peak traced memory (MB) of one run, and its result."""
    result = run()
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return best, peak, result


def bench_analysis() -> None:
    """Print analysis time and peak memory for the flagship and the synthetic 10×5 space."""
    flagship = analysis.space_from_scenario(load_scenario(FLAGSHIP))
    for name, space in (("flagship", flagship), ("synthetic 10x5", synthetic_space())):
        seconds, peak, result = timed(lambda s=space: analysis.analyse(s))
        points = len(result.frontier.points)
        print(f"analysis {name:15s} {space.size:>12,d} packages  frontier {points:4d}"
              f"  {seconds * 1000:8.2f} ms  peak {peak:7.2f} MB")


def bench_forecast(futures: int = 10_000, rounds: int = 8, issues: int = 6) -> None:
    """Print the time of one forecast of `futures` futures (draws from beliefs included)."""
    theta = trust.grid(101)
    prior = np.repeat(trust.beta_prior(np.array([0.6, 0.5]), 4.0, theta)[:, None], issues, 1)
    deal = fc.Deal(np.full((2, issues), 3.0), np.full((2, issues), 1.5), np.ones((2, issues), bool),
                   np.full((2, issues), 0.3), np.full((2, issues), 0.05), np.zeros(2))
    ladder = fc.Ladder(np.array([1.0, 4.0, 8.0]), np.array([0.5, 2.0, 4.0]), 0.5)
    ts = fc.TrustState(prior, prior, theta, 0.85, 10.0, 0.5)
    rng = np.random.default_rng(0)

    def run():
        rates = fc.draw_compliance(prior, theta, futures, rng)
        return fc.simulate(deal, rates, rounds, ladder, ts, futures=futures, rng=rng)

    seconds, peak, _ = timed(run, repeats=20)
    print(f"forecast M={futures:,d} rounds={rounds} issues={issues}  {seconds * 1000:8.2f} ms"
          f"  peak {peak:7.2f} MB")
    scenario = load_scenario(FLAGSHIP)
    state = engine.new_game(scenario, 0)
    nash = analysis.analyse_scenario(scenario).nash.package
    seconds, _, _ = timed(lambda: fc.forecast(state, nash, futures=futures), repeats=10)
    print(f"forecast flagship Nash package from a state, M={futures:,d}  {seconds * 1000:8.2f} ms")


if __name__ == "__main__":
    bench_analysis()
    bench_forecast()
