"""`truce simulate` (AI-vs-AI games, summed up) and `truce replay` (a save as a transcript)."""

from __future__ import annotations

import contextlib
import json
import sys
import textwrap

from game.ai.difficulty import DIFFICULTIES
from game.ai.registry import AGENTS
from game.cli.args import UsageError, move_limit, seed_number, whole_number
from game.core.scenario import PARTIES, other
from game.output import agents_print_to_stderr
from game.sim import batch
from game.sim.scenarios import ScenarioUnavailable, resolve_scenario, scenario_for_save
from game.table import HUMAN, MOVE_LIMIT, JournalError, Table, UnverifiedSave, read_journal
from game.table.keys import KeyUnavailable, installation_key
from game.table.table import absent_agents
from game.ui.text_story import game_told
from game.ui.text_views import CAPITAL, PHASES, possessive
from game.ui.text_views import NAMES as SIDE_NAMES
from game.words import count

NAMES = {"us": "United States", "cn": "China"}
MAX_GAMES = 1_000_000


def agent_kinds() -> str:
    """The agents a command accepts, named, for its --help."""
    return (f"a difficulty ({', '.join(DIFFICULTIES)}), an agent ({', '.join(AGENTS)}) or "
            "module:Class")


def register(subparsers) -> None:
    """Add the `simulate` and `replay` sub-commands."""
    sim = subparsers.add_parser(
        "simulate",
        help="play AI-vs-AI games headless and summarise them",
        description="Play N games between two agents and print a summary (or JSON with --json). "
        "The same arguments always give the same output.",
    )
    sim.add_argument("scenario", metavar="SCENARIO", nargs="?", default=None,
                     help="a scenario file or shipped id (default: the flagship)")
    sim.add_argument("--us", default="random", metavar="AGENT",
                     help="the US (default random): " + agent_kinds())
    sim.add_argument("--cn", default="random", metavar="AGENT",
                     help="China (default random)")
    sim.add_argument("--games", default="100", metavar="N", help="number of games (100)")
    sim.add_argument("--seed", default="0", metavar="S", help="master seed (0)")
    sim.add_argument("--json", action="store_true", help="per-game records and aggregates")
    sim.add_argument("--move-limit", metavar="SECONDS", default=None,
                     help=f"seconds an agent may take for one move (default {MOVE_LIMIT:g})")
    sim.set_defaults(func=run_simulate)

    rep = subparsers.add_parser(
        "replay",
        help="print a saved game as a readable transcript",
        description="Print a saved game round by round. An unfinished game shows only what "
        "the side that saved it may see; a finished one, everything.",
    )
    rep.add_argument("save", metavar="SAVE", help="a save file")
    rep.add_argument(
        "--scenario",
        metavar="SCENARIO",
        help="the scenario file (default: the one the save names, or the shipped one)",
    )
    rep.add_argument("--facilitator", action="store_true",
                     help="show everything, secret choices included, even of an unfinished game")
    rep.add_argument("--unverified", action="store_true",
                     help="replay a save that does not verify (edited, or made elsewhere)")
    rep.set_defaults(func=run_replay)


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
    seed = seed_number(args.seed)
    scenario = load_scenario_arg(args.scenario)
    limit = move_limit(args.move_limit, MOVE_LIMIT)
    specs = {"us": args.us, "cn": args.cn}
    try:
        with agents_print_to_stderr() if args.json else contextlib.nullcontext():
            summaries = batch.play_games(scenario, specs, games, seed, move_limit=limit)
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
    """The readable summary: one row per figure, one column per side; issues by their titles
    (with the ids the JSON uses), the table within 79 columns."""
    issues = {issue.id: issue_label(issue.title, issue.id) for issue in scenario.issues}
    wide = max(36, *(len(label) + 2 for label in issues.values()))
    lines = [
        f"Scenario: {scenario.id} ({scenario.title})",
        f"Games: {totals['games']}, seed {seed}; "
        f"United States: {specs['us']}, China: {specs['cn']}",
        "",
        f"{'':{wide}}{'United States':>14}{'China':>10}",
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
        lines.append(f"{label:{wide}}{us:>14}{cn:>10}")
    lines += ["", f"{'Agreement rate per issue':{wide}}{'signed':>14}{'in force':>10}"]
    for issue, rate in totals["agreement_rate"].items():
        held = totals["in_force_rate"][issue]
        lines.append(f"  {issues.get(issue, issue):{wide - 2}}{rate:>14.0%}{held:>10.0%}")
    lines += [
        "",
        f"Rounds per game: {totals['rounds']:.1f} "
        f"(with commitments to implement: {totals['deal_rounds']:.1f})",
    ]
    return lines


def issue_label(title: str, issue: str, width: int = 53) -> str:
    """An issue as a reader knows it, by its title, with the id the JSON uses, in `width`
    columns at most (a long title is shortened, the id never)."""
    if not title or title == issue:
        return issue
    room = width - len(issue) - 3
    short = title if len(title) <= room else title[:max(room - 3, 1)].rstrip() + "..."
    return f"{short} ({issue})"


def run_replay(args) -> int:
    """Print a saved game as a transcript: what the saving side may see, or everything once
    the game is over (or with --facilitator)."""
    try:
        contents = read_journal(args.save, installation_key())
        scenario, _ = scenario_for_save(contents.header.scenario_id,
                                        contents.header.scenario_path, args.scenario)
        table = Table.from_contents(contents, scenario, read_only=True,
                                    agents=absent_agents(contents.header.seats),
                                    allow_unverified=args.unverified)
    except UnverifiedSave as problem:
        raise UsageError(f"{problem}; to replay it anyway, add --unverified") from None
    except (JournalError, KeyUnavailable) as problem:
        raise UsageError(str(problem)) from None
    except ScenarioUnavailable as problem:
        for line in problem.problems:
            print(line, file=sys.stderr)
        raise UsageError(str(problem)) from None
    seat = "facilitator" if args.facilitator else saving_seat(contents.header.seats)
    lines = transcript(table, args.save, seat)
    if not contents.verified:
        lines.insert(0, f"UNVERIFIED SAVE ({contents.problem}): it may have been edited.")
    for line in lines:
        print(textwrap.fill(line, 79, subsequent_indent="  ", break_on_hyphens=False) or "")
    return 0


def saving_seat(seats) -> str:
    """Whose eyes a replay of an unfinished game uses: the one side people played, else the
    public (a game with people on both sides, or none, keeps both sides' secrets)."""
    parties = {seat.split(".")[0] for seat, who in seats.items() if who == HUMAN}
    return parties.pop() if len(parties) == 1 else "public"


def transcript(table: Table, name: str = "", seat: str = "facilitator") -> list[str]:
    """The header, every event the seat may see in the game's words (game.ui.text_story),
    round by round, and the scores: everything, told by the narrator, once the game is over."""
    seat = "facilitator" if table.over else seat
    scenario = table.scenario
    whose = {"facilitator": "everything", "public": "what the public sees"}.get(
        seat, f"what {SIDE_NAMES.get(seat, seat)} sees")
    lines = [
        f"Replay of {name}" if name else "Replay",
        f"Scenario: {scenario.id} ({scenario.title}); seed {table.seed}; "
        f"{count(table.version, 'action')}; shown: {whose}.",
    ]
    lines += game_told(scenario, table.seed, table.record().actions, seat)
    lines.append("")
    if not table.over:
        view = table.view(seat)
        lines.append(f"The save stops in round {view.round}, during the "
                     f"{PHASES.get(view.phase, view.phase)}.")
        return lines
    lines.append("== Final scores ==")
    for party, score in table.scores().items():
        lines.append(
            f"{CAPITAL[party]}: {score.raw:.2f} points ({score.banked:.2f} banked, "
            f"{score.relationship:+.2f} for {possessive(SIDE_NAMES[other(party)])} trust at the "
            f"end), {score.normalised:.0f} out of 100."
        )
    return lines
