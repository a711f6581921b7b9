"""`truce tournament SCENARIO --agents a,b,c --games N --seed S [--json] [--jobs J]`."""

from __future__ import annotations

import argparse
import json
import sys
import time

from game.ai.registry import AGENTS, make_agent
from game.cli import UsageError
from game.sim.scenarios import ScenarioUnavailable, resolve_scenario
from game.sim.tournament import progress_bar, report_json, report_text, run_tournament

DEFAULT_AGENTS = ",".join(AGENTS)  # every shipped agent


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
                        help="comma-separated registry names, difficulty levels or module:Class "
                        "(default: every shipped agent)")
    parser.add_argument("--games", type=int, default=20, help="games per pairing and side")
    parser.add_argument("--seed", type=int, default=0, help="tournament seed")
    parser.add_argument("--jobs", type=int, default=0,
                        help="worker processes (default: all cores); results do not depend on it")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Check the arguments, play the tournament and print the tables."""
    agents = [a.strip() for a in args.agents.split(",") if a.strip()]
    if len(agents) < 1:
        raise UsageError("--agents needs at least one agent")
    if len(set(agents)) != len(agents):
        raise UsageError("--agents names an agent twice")
    if args.games < 1:
        raise UsageError("--games must be at least 1")
    if args.jobs < 0:
        raise UsageError("--jobs must be 0 (all cores) or more")
    try:
        scenario = resolve_scenario(args.scenario)
    except ScenarioUnavailable as problem:
        raise UsageError(str(problem)) from None
    for spec in agents:
        try:
            make_agent(spec, "us", 0, scenario=scenario)
        except ValueError as problem:
            raise UsageError(str(problem)) from None
    start = time.perf_counter()
    results = run_tournament(scenario, agents, args.games, args.seed, args.jobs or None,
                             progress_bar(sys.stderr))
    elapsed = time.perf_counter() - start
    if args.json:
        meta = {"scenario": scenario.id, "games": args.games, "seed": args.seed}
        print(json.dumps(report_json(results, agents, meta), indent=2))
    else:
        print(f"Tournament on {scenario.id}: {len(agents)} agents, {args.games} games per "
              f"pairing and side, seed {args.seed} ({len(results)} games, {elapsed:.1f} s)\n")
        print(report_text(results, agents))
    return 0
