"""Run every benchmarks/bench_*.py in turn and print their output."""

from __future__ import annotations

import pathlib
import subprocess
import sys


def main() -> int:
    """Run each benchmark script with this interpreter; returns 1 if any failed."""
    here = pathlib.Path(__file__).resolve().parent
    failed = 0
    for script in sorted(here.glob("bench_*.py")):
        print(f"== {script.name}", flush=True)
        failed |= subprocess.run([sys.executable, str(script)], check=False).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
