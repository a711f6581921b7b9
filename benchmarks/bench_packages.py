"""Time of whole negotiations in the negotiating core (package search and refusals included):
the flagship's talks and a random 6-issue domain, expert against linear and tit-for-tat.

Prints the best of five runs of each case in milliseconds per negotiation.
"""

from __future__ import annotations

import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from crossplay_domains import every_talks, random_talks  # noqa: E402

from game.ai.negotiation import STRATEGIES, bargain  # noqa: E402


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


def main() -> None:
    """Time each case."""
    flagship = every_talks(0)[0]
    for label, talks in (("flagship", flagship), ("random 6 issues", six_issues())):
        for a, b in (("expert", "linear"), ("expert", "tit-for-tat"), ("linear", "linear")):
            ms = per_negotiation(talks, a, b)
            print(f"{label:16} {a:7} vs {b:12} {ms:8.1f} ms per 40-offer negotiation")


if __name__ == "__main__":
    main()
