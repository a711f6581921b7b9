"""`truce scenario lint FILE... [--strict] [--balance N [--seed S] [--jobs J]]`: design problems a
schema cannot see, and (with --balance) whether the game is fair and teaches its lesson."""

from __future__ import annotations

import argparse
import sys
import time

from game.cli.args import seed_number, whole_number
from game.scenario.lint import Linted, lint_file
from game.scenario.problems import Problem
from game.words import count

MAX_BALANCE = 100_000  # games per pairing
MAX_JOBS = 1024


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The lint command's arguments."""
    parser.add_argument("files", nargs="+", metavar="FILE", help="scenario YAML files")
    parser.add_argument("--strict", action="store_true",
                        help="fail (exit 1) on warnings too")
    parser.add_argument("--balance", metavar="N", default=None,
                        help="also play N games per pairing of the difficulty levels, "
                        "always-defect and always-comply, and warn where breaking one's word "
                        "pays or one side wins too often")
    parser.add_argument("--seed", default="0", metavar="S", help="seed of the balance games (0)")
    parser.add_argument("--jobs", default="0", metavar="J",
                        help="worker processes for the balance games (default: every core)")


def run(args: argparse.Namespace) -> int:
    """Lint each file; 2 if any does not load, else 1 if any has an error (or, with --strict,
    a warning), else 0."""
    games = None if args.balance is None else whole_number(args.balance, "--balance", 1,
                                                            MAX_BALANCE)
    seed = seed_number(args.seed)
    jobs = whole_number(args.jobs, "--jobs", 0, MAX_JOBS)
    unloadable = failed = False
    for path in args.files:
        linted = lint_file(path)
        problems = list(linted.problems)
        for problem in problems:
            print(problem)
        if linted.scenario is None:
            unloadable = True
            print(f"{path}: does not load ({_count(problems)})")
            continue
        if games is not None:
            if any(p.is_error for p in problems):
                print(f"{path}: not balanced: fix the errors first", file=sys.stderr)
            else:
                more = _balance(linted, games, seed, jobs or None)
                if more is None:
                    return 1
                for problem in more:
                    print(problem)
                problems += more
        print(f"{path}: {_count(problems)}")
        if any(p.is_error or args.strict for p in problems):
            failed = True
    return 2 if unloadable else 1 if failed else 0


def _count(problems: list[Problem]) -> str:
    errors = sum(p.is_error for p in problems)
    return f"{count(errors, 'error')}, {count(len(problems) - errors, 'warning')}"


def _balance(linted: Linted, games: int, seed: int, jobs: int | None) -> list[Problem] | None:
    """Play the balance games, print the tables and return the warnings (None if a game
    failed, said on stderr)."""
    from game.sim.batch import AgentError
    from game.sim.lint_balance import agents, balance_text, findings, run_balance
    from game.sim.tournament import WorkerDied, progress_bar

    scenario = linted.scenario
    assert scenario is not None
    planned = len(agents()) ** 2 * games
    print(f"{linted.name}: playing {count(planned, 'game')} for balance ...", file=sys.stderr)
    start = time.perf_counter()
    try:
        balance = run_balance(scenario, games, seed, jobs, progress_bar(sys.stderr))
    except (AgentError, WorkerDied) as failure:
        end_bar = "\n" if sys.stderr.isatty() else ""
        print(f"{end_bar}truce: error: {failure}", file=sys.stderr)
        return None
    print(balance_text(balance))
    print(f"truce: note: {count(balance.total, 'game')} in "
          f"{time.perf_counter() - start:.1f} s", file=sys.stderr)
    return linted.place(findings(balance))

