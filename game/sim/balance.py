"""The lesson as a measured property: against every difficulty level, on every side, breaking
one's word must score less than keeping it and less than answering in kind.

A *cell* is one scenario, one side and one level as the opponent. In each game of a cell
the player's seat is taken in turn by each of the PLAYERS (same game seeds for all of them:
common random numbers, so the differences between players are measured, not the luck of
the draws), and every game's normalised score of the player is kept.
"""

from __future__ import annotations

import math
import multiprocessing
import statistics
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from game.ai.difficulty import DIFFICULTIES
from game.ai.registry import make_agent
from game.core.scenario import PARTIES, Scenario, other
from game.sim.batch import derive_seed, play_table

CHEAT, HONEST, RECIPROCAL = "always-defect", "always-comply", "generous-tit-for-tat"
PLAYERS = (CHEAT, HONEST, RECIPROCAL)


@dataclass(frozen=True)
class Cell:
    """One scenario, side and opponent level, with each player's per-game normalised scores."""

    scenario: str
    side: str
    level: str
    scores: dict[str, tuple[float, ...]]

    def mean(self, player: str) -> float:
        """The player's mean normalised score."""
        return statistics.fmean(self.scores[player])

    def gap(self, better: str, worse: str = CHEAT) -> tuple[float, float]:
        """Mean per-game difference better - worse and its standard error (paired games)."""
        diffs = [b - w for b, w in zip(self.scores[better], self.scores[worse], strict=True)]
        sd = statistics.stdev(diffs) if len(diffs) > 1 else math.inf
        return statistics.fmean(diffs), sd / math.sqrt(len(diffs))


def game_score(scenario: Scenario, side: str, player: str, level: str, game_seed: int) -> float:
    """One game of `player` on `side` against `level`; the player's normalised score."""
    them = other(side)
    agents = {
        side: make_agent(player, side, derive_seed(game_seed, side), scenario=scenario),
        them: make_agent(level, them, derive_seed(game_seed, them), scenario=scenario),
    }
    return play_table(scenario, agents, game_seed).scores()[side].normalised


_SCENARIOS: dict[str, Scenario] = {}


def _init(scenarios: Sequence[Scenario]) -> None:
    _SCENARIOS.update({s.id: s for s in scenarios})


def _task(task: tuple[str, str, str, str, int]) -> float:
    scenario_id, side, player, level, game_seed = task
    return game_score(_SCENARIOS[scenario_id], side, player, level, game_seed)


def measure(
    scenarios: Sequence[Scenario],
    games: int,
    seed: int = 2015,
    *,
    levels: Iterable[str] = tuple(DIFFICULTIES),
    sides: Iterable[str] = PARTIES,
    players: Sequence[str] = PLAYERS,
    jobs: int = 1,
) -> list[Cell]:
    """Every cell (scenario x side x level), `games` seeded games per player; same figures
    for any number of jobs."""
    keys = [(s.id, side, level) for s in scenarios for side in sides for level in levels]
    seeds = {k: [derive_seed(seed, *k, g) for g in range(games)] for k in keys}
    tasks = [(sid, side, p, lv, gs) for (sid, side, lv) in keys for p in players
             for gs in seeds[(sid, side, lv)]]
    if jobs <= 1:
        _init(scenarios)
        scores = [_task(t) for t in tasks]
    else:
        context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
        with context.Pool(jobs, initializer=_init, initargs=(tuple(scenarios),)) as pool:
            scores = pool.map(_task, tasks, chunksize=max(1, len(tasks) // (jobs * 16)))
    by_task = iter(scores)
    cells = []
    for sid, side, level in keys:
        per = {p: tuple(next(by_task) for _ in range(games)) for p in players}
        cells.append(Cell(sid, side, level, per))
    return cells


def table(cells: Sequence[Cell], players: Sequence[str] = PLAYERS) -> str:
    """A Markdown table: mean normalised score of each player per cell, and the gaps."""
    head = ["scenario", "side", "opponent", *players, *(f"{p} − {players[0]}" for p in players[1:])]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for c in cells:
        gaps = [c.gap(p, players[0]) for p in players[1:]]
        lines.append("| " + " | ".join([
            c.scenario, c.side, c.level, *(f"{c.mean(p):.1f}" for p in players),
            *(f"{m:+.1f} ± {se:.1f}" for m, se in gaps),
        ]) + " |")
    return "\n".join(lines)
