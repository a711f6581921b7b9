"""Time to load and validate the flagship scenario (target: well under 100 ms)."""

from __future__ import annotations

import pathlib
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.scenario.loader import check_scenario, load_scenario  # noqa: E402

FLAGSHIP = ROOT / "scenarios" / "state-visit-2015.yaml"
FALLBACK = ROOT / "tests" / "data" / "minimal.yaml"
RUNS = 50


def main() -> int:
    """Print median and worst load+validate times over RUNS warm runs."""
    path = FLAGSHIP if FLAGSHIP.exists() else FALLBACK
    started = time.perf_counter()
    load_scenario(path)  # first call includes building the validators
    first = time.perf_counter() - started
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        load_scenario(path)
        times.append(time.perf_counter() - started)
    problems = len(check_scenario(path))
    size = path.stat().st_size
    print(
        f"load+validate {path.relative_to(ROOT)} ({size} bytes, {problems} warnings): "
        f"median {statistics.median(times) * 1000:.1f} ms, worst {max(times) * 1000:.1f} ms, "
        f"first call {first * 1000:.1f} ms over {RUNS} runs (target < 100 ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
