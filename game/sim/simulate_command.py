"""`truce simulate` (AI-vs-AI games, summed up) and `truce replay` (a save as a transcript)."""

from __future__ import annotations

import json
import sys

from game.cli import UsageError
from game.core.scenario import PARTIES
from game.sim import batch
from game.sim.scenarios import ScenarioUnavailable, resolve_scenario

NAMES = {"us": "United States", "cn": "China"}
MAX_GAMES = 1_000_000


def register(subparsers) -> None:
    """Add the `simulate` and `replay` sub-commands."""
    sim = subparsers.add_parser(
        "simulate",
        help="play AI-vs-AI games headless and summarise them",
        description="Play N games between two agents and print a summary (or JSON with --json). "
        "The same arguments always give the same output.",
    )
    sim.add_argument("scenario", metavar="SCENARIO", help="a scenario file or shipped id")
    sim.add_argument("--us", default="random", metavar="AGENT", help="agent for the US")
    sim.add_argument("--cn", default="random", metavar="AGENT", help="agent for China")
    sim.add_argument("--games", default="100", metavar="N", help="number of games (100)")
    sim.add_argument("--seed", default="0", metavar="S", help="master seed (0)")
    sim.add_argument("--json", action="store_true", help="per-game records and aggregates")
    sim.set_defaults(func=run_simulate)

    rep = subparsers.add_parser(
        "replay",
        help="print a saved game as a readable transcript",
        description="Print a saved game round by round, as the facilitator sees it.",
    )
    rep.add_argument("save", metavar="SAVE", help="a save file")
    rep.add_argument(
        "--scenario", metavar="SCENARIO", help="the scenario file, if it is not a shipped one"
    )
    rep.set_defaults(func=run_replay)


def whole_number(text: str, what: str, low: int = 0, high: int | None = None) -> int:
    """Parse a non-negative whole number argument or raise UsageError naming it."""
    try:
        value = int(str(text).strip())
    except ValueError:
        raise UsageError(f"{what} must be a whole number, got {text!r}") from None
    if value < low or (high is not None and value > high):
        limit = f"from {low} to {high}" if high is not None else f"at least {low}"
        raise UsageError(f"{what} must be {limit}, got {value}")
    return value


def load_scenario_arg(spec: str | None):
    """The scenario an argument names, or UsageError (printing the loader's problems first)."""
    try:
        return resolve_scenario(spec)
    except ScenarioUnavailable as problem:
        for line in problem.problems:
            print(line, file=sys.stderr)
        raise UsageError(str(problem)) from None


def run_simulate(args) -> int:
    """Play the games and print the summary table or the JSON document."""
    games = whole_number(args.games, "--games", 1, MAX_GAMES)
    seed = whole_number(args.seed, "--seed", 0, 2**63 - 1)
    scenario = load_scenario_arg(args.scenario)
    specs = {"us": args.us, "cn": args.cn}
    try:
        summaries = batch.play_games(scenario, specs, games, seed)
    except ValueError as problem:  # an unknown agent spec
        raise UsageError(str(problem)) from None
    except batch.AgentError as failure:
        print(f"truce: error: {failure}", file=sys.stderr)
        return 1
    totals = batch.aggregate(summaries)
    if args.json:
        document = {
            "scenario": scenario.id,
            "agents": specs,
            "games": games,
            "seed": seed,
            "aggregate": totals,
            "records": [s.to_json() for s in summaries],
        }
        print(json.dumps(document, indent=2))
    else:
        print("\n".join(summary_table(scenario, specs, seed, totals)))
    return 0


def summary_table(scenario, specs: dict, seed: int, totals: dict) -> list[str]:
    """The readable summary: one row per figure, one column per side."""
    lines = [
        f"Scenario: {scenario.id} ({scenario.title})",
        f"Games: {totals['games']}, seed {seed}; "
        f"United States: {specs['us']}, China: {specs['cn']}",
        "",
        f"{'':36}{'United States':>14}{'China':>10}",
    ]
    rows = (
        ("Score, raw (mean)", "raw", "{:.2f}"),
        ("Score, normalised 0-100 (mean)", "normalised", "{:.1f}"),
        ("Violations reported against (mean)", "incidents", "{:.2f}"),
        ("  of which false alarms", "false_alarms", "{:.2f}"),
        ("Secret defections (mean)", "defections", "{:.2f}"),
        ("Sanctions imposed (mean)", "sanctions", "{:.2f}"),
        ("Final trust in the other side", "trust", "{:.3f}"),
    )
    for label, key, fmt in rows:
        us, cn = (fmt.format(totals[key][p]) for p in PARTIES)
        lines.append(f"{label:36}{us:>14}{cn:>10}")
    lines += ["", f"{'Agreement rate per issue':36}{'signed':>14}{'in force':>10}"]
    for issue, rate in totals["agreement_rate"].items():
        held = totals["in_force_rate"][issue]
        lines.append(f"  {issue:34}{rate:>14.0%}{held:>10.0%}")
    lines += [
        "",
        f"Rounds per game: {totals['rounds']:.1f} "
        f"(with commitments to implement: {totals['deal_rounds']:.1f})",
    ]
    return lines


def run_replay(args) -> int:
    """Print a saved game as a transcript."""
    raise UsageError("replay is not built yet")
