"""Time to load and validate the flagship scenario (target: well under 100 ms)."""

from __future__ import annotations

import contextlib
import pathlib
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.scenario.loader import (  # noqa: E402
    ScenarioError,
    check_scenario,
    load_scenario,
    load_scenario_text,
)

FLAGSHIP = ROOT / "scenarios" / "state-visit-2015.yaml"
FALLBACK = ROOT / "tests" / "data" / "minimal.yaml"
RUNS = 50
HOSTILE = {  # the slowest kinds of input found while stress-testing the loader
    "a million-item flow list": "[" + "1," * 500_000 + "1]",
    "25,000 YAML 1.1 booleans": "notes: [" + ", ".join(["no"] * 24_990) + "]\n",
    "100,000 open brackets": "[" * 100_000,
}


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
    for label, text in HOSTILE.items():
        started = time.perf_counter()
        with contextlib.suppress(ScenarioError):
            load_scenario_text(text, label)
        print(
            f"reject hostile input ({label}, {len(text)} bytes): "
            f"{(time.perf_counter() - started) * 1000:.0f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
