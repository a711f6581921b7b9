"""Round-robin tournaments between agents: every ordered pair, on both sides, many seeded games.

Each game's seed is derived from (tournament seed, pairing, game index), and results are
sorted before they are aggregated, so the figures are identical whatever the number of
worker processes.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass

import numpy as np

from game.ai.base import Agent, failure_text
from game.ai.registry import make_agent
from game.core import analysis, engine
from game.core.events import Accepted
from game.core.scenario import Scenario
from game.core.seeds import derive_seed
from game.core.state import GameState
from game.sim.batch import AgentError, play_table
from game.sim.workers import WorkerDied, play_in_workers, worker_count
from game.table import MOVE_LIMIT


@dataclass(frozen=True)
class GameResult:
    """What one tournament game produced."""

    us: str
    cn: str
    index: int
    seed: int
    score_us: float  # normalised 0 (no deal) .. 100 (ideal)
    score_cn: float
    agreed: bool
    nash_distance: float  # of the deal, on the 0..1 normalised scale (nan if no deal)
    frontier_distance: float
    incidents: int
    sanctions: int


def play(scenario: Scenario, agents: dict[str, Agent], seed: int,
         move_limit: float | None = MOVE_LIMIT) -> GameState:
    """Play one game to the end with one agent per party; each sees only its own view.

    An agent that raises, breaks the rules or runs past its move limit raises
    batch.AgentError (one line). Returns the finished game's state (the facilitator's).
    """
    return play_table(scenario, agents, seed, move_limit).state


def deal_of(state: GameState) -> dict[str, str] | None:
    """The package in force after the last agreement (None if the sides never agreed)."""
    deal: dict[str, str] = {}
    agreed = False
    for event in state.history:
        if isinstance(event, Accepted):
            agreed = True
            deal.update(dict(event.terms))
    return deal if agreed else None


def play_pairing_game(
    scenario: Scenario, deal_space: analysis.DealAnalysis, us: str, cn: str, index: int, seed: int,
    move_limit: float | None = MOVE_LIMIT,
) -> GameResult:
    """One game of a pairing, measured."""
    game_seed = derive_seed(seed, us, cn, index)
    agents = {
        "us": make_agent(us, "us", derive_seed(game_seed, "us"), scenario=scenario),
        "cn": make_agent(cn, "cn", derive_seed(game_seed, "cn"), scenario=scenario),
    }
    state = play(scenario, agents, game_seed, move_limit)
    scores = engine.final_scores(state)
    deal = deal_of(state)
    nash = frontier = float("nan")
    if deal:
        try:
            assessed = analysis.assess(deal_space, deal)
            nash = assessed.distance_to_nash / 100.0
            frontier = assessed.distance_to_frontier / 100.0
        except KeyError:  # a deal outside the common agreement space cannot be placed
            pass
    levels = {lv.id for lv in scenario.sanctions.levels}
    return GameResult(
        us, cn, index, game_seed, scores["us"].normalised, scores["cn"].normalised,
        deal is not None, nash, frontier, len(state.incidents),
        sum(1 for i in state.incidents if i.response in levels),
    )


# -- parallel play --------------------------------------------------------------------------------
_WORKER: dict[str, object] = {}


def _init_worker(scenario: Scenario, move_limit: float | None = MOVE_LIMIT) -> None:
    """A worker's set-up: the scenario, its deal analysis (computed once per process, with every
    option news can add on the table) and the agents' move limit."""
    _WORKER["scenario"] = scenario
    # every option on the table: a deal may hold options that news puts there later
    _WORKER["analysis"] = analysis.analyse(
        analysis.space_from_scenario(scenario, unavailable=frozenset()))
    _WORKER["move_limit"] = move_limit


def _run(task: tuple[str, str, int, int]) -> GameResult:
    """One game; any failure comes back as a picklable one-line AgentError, never a hang."""
    try:
        return play_pairing_game(_WORKER["scenario"], _WORKER["analysis"], *task,  # type: ignore[arg-type]
                                 move_limit=_WORKER.get("move_limit", MOVE_LIMIT))  # type: ignore[arg-type]
    except AgentError:
        raise
    except (Exception, SystemExit) as failure:  # e.g. an agent class that fails to build
        us, cn, index, _ = task
        raise AgentError(f"game {index} of {us} vs {cn} failed: {failure_text(failure)}") from None


def game_name(task: tuple[str, str, int, int]) -> str:
    """'game 3 of expert vs random': a tournament game in messages."""
    us, cn, index, _ = task
    return f"game {index} of {us} vs {cn}"


def run_tournament(
    scenario: Scenario,
    agents: Sequence[str],
    games: int,
    seed: int,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    move_limit: float | None = MOVE_LIMIT,
) -> list[GameResult]:
    """Every ordered pair of agents (self-play included) plays `games` games; sorted results.

    Games run in min(jobs, games to play, cores) worker processes (jobs None: every core;
    one: in this process). A failing agent raises AgentError; a worker process that dies
    outright raises WorkerDied naming the game it was playing. Every worker is stopped on
    the way out.
    """
    tasks = [(us, cn, k, seed) for us in agents for cn in agents for k in range(games)]
    workers = worker_count(jobs, len(tasks))
    results: list[GameResult] = []
    if workers == 1:
        _init_worker(scenario, move_limit)
        played: Iterable[GameResult] = map(_run, tasks)
    else:
        played = play_in_workers(tasks, _run, workers, _init_worker, (scenario, move_limit),
                                 game_name)
    for result in played:
        results.append(result)
        if progress:
            progress(len(results), len(tasks))
    order = {name: n for n, name in enumerate(agents)}
    results.sort(key=lambda r: (order[r.us], order[r.cn], r.index))
    return results


# -- aggregation ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Summary:
    """Means over a set of games from one agent's (or one pairing's) point of view."""

    name: str
    games: int
    score: float  # mean normalised score of the agent (for a pairing: of the US side)
    score_other: float  # for a pairing: the China side; for an agent: its opponents
    agreement: float
    nash_distance: float  # mean over agreed games (nan if none)
    frontier_distance: float
    incidents: float  # per game
    sanctions: float


def _mean(values: Iterable[float]) -> float:
    arr = np.array([v for v in values if not np.isnan(v)], dtype=float)
    return float(arr.mean()) if arr.size else float("nan")


def _summary(name: str, games: list[GameResult], mine: list[float], theirs: list[float]) -> Summary:
    return Summary(
        name, len(games), _mean(mine), _mean(theirs), _mean(float(g.agreed) for g in games),
        _mean(g.nash_distance for g in games), _mean(g.frontier_distance for g in games),
        _mean(float(g.incidents) for g in games), _mean(float(g.sanctions) for g in games),
    )


def by_agent(results: list[GameResult], agents: Sequence[str]) -> list[Summary]:
    """Per agent over every game it played on either side, best mean score first."""
    out = []
    for name in agents:
        games = [r for r in results if name in (r.us, r.cn)]
        mine = [r.score_us for r in results if r.us == name]
        mine += [r.score_cn for r in results if r.cn == name]
        theirs = [r.score_cn for r in results if r.us == name]
        theirs += [r.score_us for r in results if r.cn == name]
        out.append(_summary(name, games, mine, theirs))
    return sorted(out, key=lambda s: (-s.score, s.name))


def by_pairing(results: list[GameResult], agents: Sequence[str]) -> list[Summary]:
    """Per ordered pairing (US agent vs China agent), in the tournament's order."""
    out = []
    for us in agents:
        for cn in agents:
            games = [r for r in results if r.us == us and r.cn == cn]
            if games:
                out.append(_summary(f"{us} vs {cn}", games, [g.score_us for g in games],
                                    [g.score_cn for g in games]))
    return out


def report_json(results: list[GameResult], agents: Sequence[str], meta: dict) -> dict:
    """The tournament as a JSON-ready dict (nan becomes null)."""

    def clean(d: dict) -> dict:
        return {k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in d.items()}

    return {
        **meta,
        "agents": [clean(asdict(s)) for s in by_agent(results, agents)],
        "pairings": [clean(asdict(s)) for s in by_pairing(results, agents)],
    }


def report_text(results: list[GameResult], agents: Sequence[str]) -> str:
    """Two plain tables: agents ranked by mean normalised score, then every pairing."""
    ranked, pairings = by_agent(results, agents), by_pairing(results, agents)
    width = max([len("pairing"), *(len(s.name) for s in ranked + pairings)])
    head = (f"{'games':>6} {'score':>6} {'other':>6} {'agree':>6} {'nash':>6} "
            f"{'front':>6} {'incid':>6} {'sanct':>6}")

    def row(s: Summary) -> str:
        def f(x: float, spec: str = "6.1f") -> str:
            return f"{'-':>6}" if np.isnan(x) else format(x, spec)

        return (f"{s.name:{width}} {s.games:6d} {f(s.score)} {f(s.score_other)} "
                f"{f(s.agreement, '6.2f')} {f(s.nash_distance, '6.3f')} "
                f"{f(s.frontier_distance, '6.3f')} {f(s.incidents, '6.2f')} "
                f"{f(s.sanctions, '6.2f')}")

    lines = ["Agents (mean normalised score, 0 = no deal, 100 = ideal; other = opponents' mean)",
             f"{'agent':{width}} {head}"]
    lines += [row(s) for s in ranked]
    lines += ["", "Pairings (US agent vs China agent: score = US, other = China)",
              f"{'pairing':{width}} {head}"]
    lines += [row(s) for s in pairings]
    lines += ["", "nash/front: mean distance of the deal to the Nash point and to the Pareto "
              "frontier (0..1 normalised); incid/sanct: per game."]
    return "\n".join(lines)


def progress_bar(stream=sys.stderr) -> Callable[[int, int], None] | None:
    """A one-line progress bar on stderr, or None when stderr is not a terminal."""
    if not stream.isatty():
        return None

    def show(done: int, total: int) -> None:
        width = 40
        filled = int(width * done / max(total, 1))
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} games")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return show


__all__ = ["GameResult", "Summary", "WorkerDied", "by_agent", "by_pairing", "derive_seed", "play",
           "play_pairing_game", "report_json", "report_text", "run_tournament"]
