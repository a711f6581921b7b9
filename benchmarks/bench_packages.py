"""Time of the package search: `PackageSpace.choose` with turned-down packages (integer keys
against the row-by-row comparison it replaced), and whole negotiations in the negotiating core,
on the flagship's talks and a random 6-issue domain.

Prints the best of several runs of each case.
"""

from __future__ import annotations

import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import numpy as np  # noqa: E402
from crossplay_domains import every_talks, random_talks  # noqa: E402

from game.ai.negotiation import STRATEGIES, bargain  # noqa: E402
from game.ai.packages import PackageSpace  # noqa: E402


def six_issues():
    """The first random domain with six issues."""
    return next(t for t in (random_talks(s) for s in range(1, 100)) if len(t.issues) == 6)


def per_negotiation(talks, a: str, b: str, exchanges: int = 40, repeat: int = 5) -> float:
    """Best-of-`repeat` milliseconds for one negotiation of a (side 0) against b (side 1)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        bargain(STRATEGIES[a](talks.domain(0), seed=1), STRATEGIES[b](talks.domain(1), seed=2),
                exchanges)
        best = min(best, time.perf_counter() - start)
    return best * 1000


def rowwise_fresh(rows: np.ndarray, avoid: np.ndarray) -> np.ndarray:
    """The membership test choose used before integer keys: rows x refusals x issues."""
    return ~(rows[:, None, :] == avoid[None, :, :]).all(axis=2).any(1)


def choose_times(talks, refusals: int = 24, repeat: int = 20) -> tuple[float, float]:
    """Best-of-`repeat` microseconds of one choose with `refusals` turned-down packages, with
    integer keys and with the row-by-row test (same rows, same answer)."""
    space = PackageSpace(talks.domain(0))
    rng = np.random.default_rng(1)
    avoid = space.grid[rng.choice(len(space.grid), refusals, replace=False)]
    opp = [rng.random(len(ch)) for ch in space.choices]
    target = float(np.quantile(space.grid_own, 0.3))
    keyed = rowwise = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        row = space.choose(target, opp, False, list(avoid))
        keyed = min(keyed, time.perf_counter() - start)
        start = time.perf_counter()
        rows, own, other = space.candidates(opp)
        ok = (own >= target) & rowwise_fresh(rows, avoid)
        old = rows[ok][np.lexsort((own[ok], other[ok]))[-1]]
        rowwise = min(rowwise, time.perf_counter() - start)
        assert (old == row).all()
    return keyed * 1e6, rowwise * 1e6


def main() -> None:
    """Time each case."""
    flagship = every_talks(0)[0]
    for label, talks in (("flagship", flagship), ("random 6 issues", six_issues())):
        keyed, rowwise = choose_times(talks)
        print(f"{label:16} choose, 24 refusals: integer keys {keyed:8.0f} us, "
              f"row by row {rowwise:8.0f} us ({rowwise / keyed:.1f}x)")
    for label, talks in (("flagship", flagship), ("random 6 issues", six_issues())):
        for a, b in (("expert", "linear"), ("expert", "tit-for-tat"), ("linear", "linear")):
            ms = per_negotiation(talks, a, b)
            print(f"{label:16} {a:7} vs {b:12} {ms:8.1f} ms per 40-offer negotiation")


if __name__ == "__main__":
    main()
