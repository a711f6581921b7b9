"""The balance of a scenario (`truce scenario lint --balance N`): the difficulty levels, a side
that always breaks its word and one that always keeps it play each other on both sides.

Two things must hold for the game to teach what it should, and each failure is a warning:
breaking one's word must not pay against any level (always-defect's mean score below
always-comply's against that level, on either side), and neither side may win more than
WIN_SHARE of the games between equal levels: of each level's games against itself (a win: a
final normalised score more than WIN_MARGIN points above the other side's; closer is a tie).
The pooled share of every level against itself is shown too. The games are a tournament
(game.sim.tournament): seeded, in parallel worker processes, with the same figures whatever
the number of workers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from game.ai.difficulty import DIFFICULTIES
from game.core.scenario import PARTIES, Scenario
from game.scenario.checks import Finding
from game.sim.tournament import GameResult, Summary, by_pairing, run_tournament
from game.words import count

CHEAT, HONEST = "always-defect", "always-comply"
WIN_SHARE = 0.65  # more than this share of wins between equal levels is a lopsided scenario
WIN_MARGIN = 1.0  # a lead of this many normalised points (of 100) or less is a tie
NAMES = {"us": "the US", "cn": "China"}


def agents() -> tuple[str, ...]:
    """The players of a balance run: every difficulty level, then the cheat and the honest."""
    return (*DIFFICULTIES, CHEAT, HONEST)


@dataclass(frozen=True)
class Cheating:
    """Against one level, on one side: the mean scores of breaking and of keeping one's word."""

    level: str
    side: str
    defect: float
    comply: float

    @property
    def pays(self) -> bool:
        """Whether breaking one's word scores more than keeping it here."""
        return self.defect > self.comply


@dataclass(frozen=True)
class EqualPlay:
    """A level against itself: the share of games each side wins (the rest are ties)."""

    level: str
    us: float
    cn: float

    @property
    def lopsided(self) -> str:
        """The side that wins more than WIN_SHARE of the games ("" if neither)."""
        return next((p for p, share in zip(PARTIES, (self.us, self.cn), strict=True)
                     if share > WIN_SHARE), "")


@dataclass(frozen=True)
class Balance:
    """What a balance run measured."""

    scenario: str
    games: int  # per pairing (US agent, China agent)
    seed: int
    pairings: tuple[Summary, ...]
    cheating: tuple[Cheating, ...]
    equals: tuple[EqualPlay, ...]  # each level against itself
    pooled: EqualPlay | None = None  # every level against itself, all games together

    @property
    def total(self) -> int:
        """Games played in all."""
        return sum(s.games for s in self.pairings)


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else math.nan


def measure(results: Sequence[GameResult], players: Sequence[str], scenario: str, games: int,
            seed: int) -> Balance:
    """The balance figures of a finished run."""
    levels = [p for p in players if p in DIFFICULTIES]

    def score(agent: str, level: str, side: str) -> float:
        if side == "us":
            return _mean([r.score_us for r in results if r.us == agent and r.cn == level])
        return _mean([r.score_cn for r in results if r.cn == agent and r.us == level])

    cheating = tuple(Cheating(level, side, score(CHEAT, level, side), score(HONEST, level, side))
                     for level in levels for side in PARTIES
                     if CHEAT in players and HONEST in players)
    equals = []
    for level in [*levels, ""]:
        mirror = [r for r in results if r.us == r.cn and r.us in ([level] if level else levels)]
        if mirror:
            equals.append(EqualPlay(level or "all levels",
                                    _mean([float(r.score_us > r.score_cn + WIN_MARGIN)
                                           for r in mirror]),
                                    _mean([float(r.score_cn > r.score_us + WIN_MARGIN)
                                           for r in mirror])))
    pooled = equals.pop() if equals else None
    return Balance(scenario, games, seed, tuple(by_pairing(list(results), players)), cheating,
                   tuple(equals), pooled)


def run_balance(scenario: Scenario, games: int, seed: int = 0, jobs: int | None = None,
                progress: Callable[[int, int], None] | None = None,
                players: Sequence[str] | None = None) -> Balance:
    """Play `games` games per ordered pairing of the players (default: every level, the cheat
    and the honest side) in worker processes, and measure the balance."""
    players = tuple(players or agents())
    results = run_tournament(scenario, players, games, seed, jobs, progress)
    return measure(results, players, scenario.id, games, seed)


def findings(balance: Balance) -> list[Finding]:
    """The warnings a balance run gives: where breaking one's word pays (placed at the sanction
    ladder, the first lever to pull) and, for each level, where one side wins too often
    between equals (at the parties)."""
    found = []
    for cell in balance.cheating:
        if cell.pays:
            found.append(Finding(
                ("sanctions",), "warning",
                f"breaking one's word pays against the {cell.level} level as {NAMES[cell.side]}: "
                f"always-defect scores {cell.defect:.1f}, always-comply {cell.comply:.1f} "
                f"({count(balance.games, 'game')} each)", "cheating-pays", at_key=True))
    for play in balance.equals:
        if play.lopsided:
            share = play.us if play.lopsided == "us" else play.cn
            found.append(Finding(
                ("parties",), "warning",
                f"{NAMES[play.lopsided]} wins {share:.0%} of the games between two {play.level} "
                f"players (more than {WIN_SHARE:.0%}): the scenario favours one side at this "
                "level", "lopsided", at_key=True))
    return found


def _f(x: float, spec: str = "6.1f") -> str:
    return f"{'-':>6}" if math.isnan(x) else format(x, spec)


def balance_text(balance: Balance) -> str:
    """The figures as plain tables: every pairing, breaking versus keeping one's word against
    each level, and the share of wins between equal levels."""
    width = max([len("pairing (US vs China)"), *(len(s.name) for s in balance.pairings)])
    lines = [f"Balance of {balance.scenario}: {count(balance.games, 'game')} per pairing, "
             f"{balance.total:,} games, seed {balance.seed} (mean normalised score: 0 = no "
             "deal, 100 = ideal)", "",
             f"{'pairing (US vs China)':{width}} {'US':>6} {'China':>6} {'agree':>6} "
             f"{'to Nash':>7}"]
    lines += [f"{s.name:{width}} {_f(s.score)} {_f(s.score_other)} {_f(s.agreement, '6.2f')} "
              f"{_f(s.nash_distance, '7.3f')}" for s in balance.pairings]
    if balance.cheating:
        lines += ["", "Breaking one's word against each level (always-defect / always-comply):",
                  f"{'against':10} {'as the US':>17} {'as China':>17}"]
        for level in dict.fromkeys(c.level for c in balance.cheating):
            cells = {c.side: c for c in balance.cheating if c.level == level}
            shown = [f"{_f(cells[p].defect, '7.1f')} / {_f(cells[p].comply, '6.1f')}"
                     f"{'!' if cells[p].pays else ' '}" for p in PARTIES]
            lines.append(f"{level:10} {shown[0]:>17} {shown[1]:>17}".rstrip())
    if balance.pooled is not None:
        lines += ["", f"Equal levels (share of games won by each side, by more than "
                  f"{WIN_MARGIN:g} point; the rest are ties):",
                  f"{'level':10} {'US':>6} {'China':>6}"]
        lines += [f"{e.level:10} {e.us:6.0%} {e.cn:6.0%}{' !' if e.lopsided else ''}"
                  for e in balance.equals]
        pooled = balance.pooled
        lines.append(f"{pooled.level:10} {pooled.us:6.0%} {pooled.cn:6.0%}")
    lines += ["", "to Nash: mean distance of the deal to the Nash point (0..1 normalised); "
              "! marks a warning."]
    return "\n".join(lines)
