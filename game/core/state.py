"""The game state: an immutable snapshot of one moment of a game, plus the scenario's tables."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from game.core import trust
from game.core.actions import Action, Terms
from game.core.plain import added, quick_init
from game.core.scenario import PARTIES, RedLine, Scenario

if TYPE_CHECKING:  # events carry round statements, which read the state: no import cycle
    from game.core.events import GameEvent

PARTY_INDEX = {"us": 0, "cn": 1}
RESPONSES_FIXED = ("none", "protest", "suspend")  # plus every sanction level id


@quick_init
@dataclass(frozen=True)
class Commitment:
    """A signed option in force on one issue, binding the parties it obliges."""

    issue: str
    option: str
    obliges: tuple[str, ...]
    since: int  # the round it was signed
    due: int = added(0)  # a one-off act: the round it is done or not done (0: a standing one)


@quick_init
@dataclass(frozen=True)
class Incident:
    """A reported violation. `true` (did the accused really defect?) is never shown to players."""

    id: int
    round: int
    issue: str
    option: str
    accused: str
    true: bool
    response: str = ""  # "" while open; then none, protest, a sanction level id, or suspend

    @property
    def wronged(self) -> str:
        """The side that answers the incident."""
        return "cn" if self.accused == "us" else "us"


@quick_init
@dataclass(frozen=True)
class SanctionInForce:
    """A rung of the ladder one side holds against the other, fading each round."""

    sender: str
    target: str
    level: str
    strength: float  # 1.0 when imposed; multiplied by sanctions.decay each round


@quick_init
@dataclass(frozen=True)
class LedgerEntry:
    """The promise ledger: what a side signed, did, was seen to do, and what followed."""

    round: int
    party: str
    issue: str
    option: str
    did: str  # "comply" or "defect" (secret until the debrief)
    seen: bool  # a violation was reported
    incident: int = 0
    response: str = ""


@dataclass(frozen=True)
class Score:
    """A party's final result: banked payoff plus relationship term, and a 0–100 normalisation."""

    banked: float
    relationship: float
    raw: float
    normalised: float

    def to_json(self) -> dict:
        """A plain dict of the four figures."""
        return {
            "banked": self.banked,
            "relationship": self.relationship,
            "raw": self.raw,
            "normalised": self.normalised,
        }


class Tables:
    """The scenario compiled into index tables so the rules run fast: compiled once per
    scenario object (the last few are kept), with a fresh memo (`cache`) for each game."""

    def __init__(self, scenario: Scenario) -> None:
        with _COMPILING:
            kept = _COMPILED.get(id(scenario))
            if kept is None or kept[0] is not scenario:
                self._compile(scenario)
                kept = _COMPILED[id(scenario)] = (scenario, dict(self.__dict__))
                while len(_COMPILED) > _KEEP:
                    del _COMPILED[next(iter(_COMPILED))]
        self.__dict__.update(kept[1])  # read-only tables, shared by the games of a scenario
        self.cache: dict = {}  # memoised observation pieces (see observe.py); never pickled

    def _compile(self, scenario: Scenario) -> None:
        self.issue_ids = tuple(i.id for i in scenario.issues)
        self.issue_index = {k: n for n, k in enumerate(self.issue_ids)}
        self.options = {i.id: tuple(o.id for o in i.options) for i in scenario.issues}
        self.option = {(i.id, o.id): o for i in scenario.issues for o in i.options}
        self.detect = {key: o.verification.detect for key, o in self.option.items()}
        self.false_alarm = {key: o.verification.false_alarm for key, o in self.option.items()}
        self.rates = {  # (issue, option, party) -> (detect, false_alarm) as written
            (*key, p): (o.rates(p).detect, o.rates(p).false_alarm)
            for key, o in self.option.items() for p in PARTIES
        }
        self.status_quo = tuple(tuple(i.status_quo_of(p) for i in scenario.issues) for p in PARTIES)
        self.any_status_quo = any(any(row) for row in self.status_quo)
        self.neutral = frozenset(key for key, o in self.option.items() if o.status_quo)
        self.due = {key: o.act.due for key, o in self.option.items() if o.act is not None}
        self.requires = {key: tuple(o.requires) for key, o in self.option.items() if o.requires}
        self.unavailable = frozenset(key for key, o in self.option.items() if not o.available)
        self.public_red_lines: dict[str, tuple[RedLine, ...]] = {
            p: tuple(line for line in scenario.parties[p].red_lines if line.public) for p in PARTIES
        }
        self.theta = trust.grid(scenario.trust.grid)
        self.theta.setflags(write=False)
        initial = [scenario.trust.initial.get(p, 0.5) for p in PARTIES]
        prior = trust.beta_prior(np.array(initial), scenario.trust.strength, self.theta)
        self.prior = np.repeat(prior[:, None, :], len(self.issue_ids), axis=1)
        self.prior.setflags(write=False)
        self.forbidden = {
            p: frozenset(
                (line.issue, opt) for line in scenario.parties[p].red_lines for opt in line.forbid
            )
            for p in PARTIES
        }
        self.red_line_text = {
            p: {
                (line.issue, opt): line.text or f"{p} will never accept {line.issue}={opt}"
                for line in scenario.parties[p].red_lines
                for opt in line.forbid
            }
            for p in PARTIES
        }
        self.weights = tuple(
            tuple(float(scenario.parties[p].weights.get(k, 1.0)) for k in self.issue_ids)
            for p in PARTIES
        )
        self.levels = {lv.id: lv for lv in scenario.sanctions.levels}
        self.level_rank = {lv.id: n for n, lv in enumerate(scenario.sanctions.levels)}
        self.events = {e.id: e for e in scenario.events}
        self.seats = {p: p for p in PARTIES}
        for p in PARTIES:
            for role in scenario.parties[p].roles:
                self.seats[f"{p}.{role.id}"] = p
        self.zero, self.ideal = _score_bounds(scenario, self)
        self.shared: dict = {}  # memo of pieces the games of this scenario share (payoff.py)

    def __getstate__(self) -> dict:
        return {**self.__dict__, "cache": {}, "shared": {}}


# Scenario object id -> (that scenario, its compiled tables); the scenario is held so its id
# cannot be reused by another while it is here.
_COMPILED: dict[int, tuple[Scenario, dict]] = {}
_KEEP = 8
_COMPILING = threading.Lock()


def _score_bounds(scenario: Scenario, tables: Tables) -> tuple[dict, dict]:
    """Per party: the no-deal total (normalised 0) and the ideal total (normalised 100)."""
    rounds = scenario.settings.rounds
    weight_rel = scenario.trust.relationship_weight
    zero, ideal = {}, {}
    for n, p in enumerate(PARTIES):
        party = scenario.parties[p]
        other_initial = float(trust.mean(tables.prior[1 - n, 0], tables.theta))
        best = standing = 0.0  # the best option on every issue; the status quo on every issue
        for k, issue in enumerate(scenario.issues):
            still = tables.weights[n][k] * tables.status_quo[n][k]
            gains = [still if o.status_quo else tables.weights[n][k] * o.value.get(p, 0.0)
                     for o in issue.options]
            best += max([still, *gains])
            standing += still
        zero[p] = rounds * (party.no_deal + standing) + weight_rel * other_initial
        ideal[p] = rounds * max(best, party.no_deal + standing) + weight_rel * 1.0
    return zero, ideal


@dataclass(frozen=True, eq=False)
class GameState:
    """One moment of a game. Never mutated: step() returns a new one."""

    scenario: Scenario
    seed: int
    tables: Tables = field(repr=False)
    round: int  # 1-based; rounds + 1 once the game is over
    phase: str  # "negotiate", "implement", "respond" or "over"
    beliefs: np.ndarray = field(repr=False)  # [observer, issue, grid]; read-only
    actions: tuple[Action, ...] = ()
    history: tuple[GameEvent, ...] = ()
    turn: str = ""  # whose move it is in talks
    offer: Terms | None = None
    offer_by: str = ""
    offers: int = 0  # offers made this round (including counters)
    commitments: tuple[Commitment, ...] = ()
    choices: tuple[tuple[str, Terms], ...] = ()  # this round's secret implement choices
    incidents: tuple[Incident, ...] = ()
    sanctions: tuple[SanctionInForce, ...] = ()
    banked: tuple[float, float] = (0.0, 0.0)
    weights: tuple[tuple[float, ...], ...] = ()
    value_adj: tuple[tuple[tuple[str, str, str], float], ...] = ()  # ((party, issue, option), +v)
    flags: frozenset[str] = frozenset()
    fired: frozenset[str] = frozenset()
    revealed: frozenset[tuple[str, str]] = frozenset()  # (party, issue) weights made public
    ledger: tuple[LedgerEntry, ...] = ()
    # format 2: options off the table, news changes to verification and status quo, and
    # weights revealed to one side only ((audience, party, issue))
    unavailable: frozenset[tuple[str, str]] = added(frozenset())
    rates_adj: tuple[tuple[tuple[str, str, str], tuple[float, float]], ...] = added(())
    status_quo_adj: tuple[tuple[tuple[str, str], float], ...] = added(())
    revealed_to: frozenset[tuple[str, str, str]] = added(frozenset())

    def evolve(self, **changes) -> GameState:
        """A copy with some fields changed (a fast dataclasses.replace; never mutates self)."""
        new = object.__new__(GameState)
        new.__dict__.update(self.__dict__)
        new.__dict__.update(changes)
        return new

    @property
    def rounds(self) -> int:
        """How many rounds the game lasts."""
        return self.scenario.settings.rounds

    def commitment(self, issue: str) -> Commitment | None:
        """The commitment in force on an issue, if any."""
        for c in self.commitments:
            if c.issue == issue:
                return c
        return None

    def obligations(self, party: str) -> tuple[str, ...]:
        """Issues on which this party must implement something this round (a one-off act only
        in the round it is due)."""
        key = ("obligations", party)
        cached = self.tables.cache.get(key)
        if cached is not None and cached[0] is self.commitments and cached[1] == self.round:
            return cached[2]
        owed = tuple(c.issue for c in self.commitments
                     if party in c.obliges and (not c.due or c.due == self.round))
        self.tables.cache[key] = (self.commitments, self.round, owed)
        return owed

    def open_incidents(self, party: str | None = None) -> tuple[Incident, ...]:
        """Incidents still awaiting an answer (from `party`, if given)."""
        return tuple(
            i for i in self.incidents if not i.response and (party is None or i.wronged == party)
        )

    def trust_mean(self) -> np.ndarray:
        """Posterior mean trust, [observer, issue]."""
        return trust.mean(self.beliefs, self.tables.theta)

    def value(self, party: str, issue: str, option: str) -> float:
        """A party's current per-round value of an option (scenario value plus news shifts;
        a status quo option is worth the issue's status quo)."""
        if (issue, option) in self.tables.neutral:
            return self.status_quo(party, issue)
        base = self.tables.option[(issue, option)].value.get(party, 0.0)
        if not self.value_adj:
            return base
        for key, delta in self.value_adj:  # in order, so sums round the same way every time
            if key == (party, issue, option):
                base += delta
        return base

    def status_quo(self, party: str, issue: str) -> float:
        """What a party gets per round on an issue with no commitment implemented there."""
        base = self.tables.status_quo[PARTY_INDEX[party]][self.tables.issue_index[issue]]
        for key, delta in self.status_quo_adj:
            if key == (party, issue):
                base += delta
        return base

    def rates(self, issue: str, option: str, party: str) -> tuple[float, float]:
        """(detect, false_alarm) of a party's obligation under an option, as news left them."""
        for key, rates in reversed(self.rates_adj):
            if key == (issue, option, party):
                return rates
        return self.tables.rates[(issue, option, party)]

    def available(self, issue: str, option: str) -> bool:
        """Whether an option is on the table (news may add or withdraw options)."""
        return (issue, option) not in self.unavailable
