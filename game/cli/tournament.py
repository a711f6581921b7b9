"""`truce tournament [SCENARIO] --agents a,b,c --games N --seed S [--json] [--jobs J]`."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time

from game.ai.registry import AGENTS, make_agent
from game.cli.args import UsageError, move_limit, seed_number, whole_number
from game.cli.simulate import agent_kinds, load_scenario_arg
from game.output import agents_print_to_stderr
from game.sim.batch import AgentError
from game.sim.tournament import (
    WorkerDied,
    progress_bar,
    report_json,
    report_text,
    run_tournament,
)
from game.table import MOVE_LIMIT
from game.words import count

DEFAULT_AGENTS = ",".join(AGENTS)  # every shipped agent
MAX_GAMES = 1_000_000  # per pairing and side, as `truce simulate`
MAX_JOBS = 1024


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `tournament` sub-command."""
    parser = subparsers.add_parser(
        "tournament",
        help="round-robin AI tournament: every pair of agents on both sides",
        description="Every ordered pair of agents (self-play included) plays N games; prints "
        "mean normalised scores, agreement rate, distance to the Nash point and the Pareto "
        "frontier, incidents and sanctions per game.",
    )
    parser.add_argument("scenario", nargs="?", default=None,
                        help="scenario file or shipped id (default: the flagship)")
    parser.add_argument("--agents", default=DEFAULT_AGENTS,
                        help="comma-separated: " + agent_kinds() + " (default: every shipped "
                        "agent)")
    parser.add_argument("--games", default="20", metavar="N",
                        help="games per pairing and side (20)")
    parser.add_argument("--seed", default="0", metavar="S", help="tournament seed (0)")
    parser.add_argument("--jobs", default="0", metavar="J",
                        help="worker processes (default: all cores; never more than the games "
                        "or the cores); results do not depend on it")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--move-limit", metavar="SECONDS", default=None,
                        help=f"seconds an agent may take for one move (default {MOVE_LIMIT:g})")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Check the arguments, play the tournament and print the tables."""
    agents = [a.strip() for a in args.agents.split(",") if a.strip()]
    if len(agents) < 1:
        raise UsageError("--agents needs at least one agent")
    if len(set(agents)) != len(agents):
        raise UsageError("--agents names an agent twice")
    games = whole_number(args.games, "--games", 1, MAX_GAMES)
    seed = seed_number(args.seed)
    jobs = whole_number(args.jobs, "--jobs", 0, MAX_JOBS)
    limit = move_limit(args.move_limit, MOVE_LIMIT)
    scenario = load_scenario_arg(args.scenario)
    start = time.perf_counter()
    try:
        with agents_print_to_stderr() if args.json else contextlib.nullcontext():
            for spec in agents:  # an agent that cannot be built for a side is bad input
                for party in ("us", "cn"):
                    try:
                        make_agent(spec, party, 0, scenario=scenario)
                    except ValueError as problem:
                        raise UsageError(str(problem)) from None
            results = run_tournament(scenario, agents, games, seed, jobs or None,
                                     progress_bar(sys.stderr), move_limit=limit)
    except (AgentError, WorkerDied) as failure:
        end_bar = "\n" if sys.stderr.isatty() else ""  # leave the progress bar's line
        print(f"{end_bar}truce: error: {failure}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - start
    if args.json:
        meta = {"scenario": scenario.id, "games": games, "seed": seed}
        print(json.dumps(report_json(results, agents, meta), indent=2))
    else:
        print(f"Tournament on {scenario.id}: {count(len(agents), 'agent')}, "
              f"{count(games, 'game')} per pairing and side, seed {seed} "
              f"({count(len(results), 'game')})\n")
        print(report_text(results, agents))
    # timing varies run to run, so it goes to stderr: stdout stays byte-identical per seed
    print(f"truce: note: {count(len(results), 'game')} in {elapsed:.1f} s", file=sys.stderr)
    return 0
