"""The debrief as facts: each side's record, what followed, what it cost, and the deal set
against the theory, computed from one seat's observation once the game is over.

Every shell (the terminal, the window, the HTML report) renders these same facts; they hold
ids and figures only, never wording. A seat's observation at game over shows every deed and
the truth of every incident; the split of a side's banked points comes from that side's own
round statements, so a party seat sees its own split, the facilitator both and the public
neither.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from game.core.analysis import DealAnalysis, Package, analyse, assess, space_from_scenario
from game.core.events import (
    Accepted,
    CommitmentEnded,
    GameOver,
    OptionChanged,
    StatusQuoChanged,
    ValueShifted,
    WeightChanged,
)
from game.core.observe import LedgerView, Observation, RoundStatement
from game.core.scenario import PARTIES, Scenario, other

_NOT_SANCTIONS = ("", "none", "protest", "suspend")  # every other response is a sanction level


@dataclass(frozen=True)
class Deed:
    """One promise a side owed in one round, what it did, and what came of it."""

    round: int
    issue: str
    option: str
    kept: bool
    seen: bool  # verification reported a violation (an incident)
    incident: int  # the incident's id, 0 if nothing was reported
    response: str  # the other side's answer: "", none, protest, a sanction level id, suspend

    @property
    def false_alarm(self) -> bool:
        """A violation was reported although the promise was kept."""
        return self.kept and self.seen

    @property
    def sanction(self) -> bool:
        """It was reported and answered with a sanction."""
        return self.seen and self.response not in _NOT_SANCTIONS


@dataclass(frozen=True)
class IssueRecord:
    """A side's deeds on one issue: the rounds it kept and broke its promise, and what was seen."""

    issue: str
    options: tuple[str, ...]  # the options it owed on this issue, in the order signed
    kept: tuple[int, ...]  # rounds
    broken: tuple[int, ...]
    seen: tuple[int, ...]  # rounds its breach was reported
    false_alarms: tuple[int, ...]  # rounds a violation was reported though it kept its promise


@dataclass(frozen=True)
class SideRecord:
    """Everything a side promised, kept and broke, in ledger order and issue by issue."""

    party: str
    deeds: tuple[Deed, ...]
    issues: tuple[IssueRecord, ...]  # the scenario's issue order
    last_round: int  # the game's final round

    @property
    def promises(self) -> int:
        """Promises owed over the game (one per obligation per round)."""
        return len(self.deeds)

    @property
    def kept(self) -> int:
        """Promises kept."""
        return sum(1 for d in self.deeds if d.kept)

    @property
    def broken(self) -> int:
        """Promises broken."""
        return self.promises - self.kept

    @property
    def breaches(self) -> tuple[Deed, ...]:
        """The promises broken, in order."""
        return tuple(d for d in self.deeds if not d.kept)

    @property
    def seen(self) -> int:
        """Broken promises that verification reported."""
        return sum(1 for d in self.breaches if d.seen)

    @property
    def unseen(self) -> int:
        """Broken promises nobody reported."""
        return self.broken - self.seen

    @property
    def false_alarms(self) -> tuple[Deed, ...]:
        """Kept promises reported as broken."""
        return tuple(d for d in self.deeds if d.false_alarm)

    @property
    def final_breaches(self) -> tuple[Deed, ...]:
        """Promises broken in the final round, when no later round could answer them."""
        return tuple(d for d in self.breaches if d.round == self.last_round)

    @property
    def kept_its_word(self) -> bool:
        """It owed something and broke nothing: the only record that keeps one's word."""
        return self.promises > 0 and self.broken == 0

    def answered(self) -> dict[str, int]:
        """What followed its reported breaches: response -> how many (in order of first use)."""
        out: dict[str, int] = {}
        for d in self.breaches:
            if d.seen:
                out[d.response] = out.get(d.response, 0) + 1
        return out


@dataclass(frozen=True)
class IncidentFact:
    """A reported violation with the truth behind it and the answer it got."""

    id: int
    round: int
    issue: str
    option: str
    accused: str
    real: bool  # the accused really broke its promise (False: a false alarm)
    response: str  # none, protest, a sanction level id, suspend ("" if never answered)

    @property
    def answerer(self) -> str:
        """The side that answered it (the wronged side)."""
        return other(self.accused)

    @property
    def sanction(self) -> bool:
        """It was answered with a sanction."""
        return self.response not in _NOT_SANCTIONS


@dataclass(frozen=True)
class Answers:
    """How one side answered the incidents against the other, and what its sanctions cost."""

    party: str  # the side that answered
    incidents: tuple[int, ...]  # ids of the incidents it answered, in order
    counts: Mapping[str, int]  # response -> how many
    sanctions: tuple[int, ...]  # incidents it answered with a sanction
    unjustified: tuple[int, ...]  # false alarms it answered with anything but "none"
    cost_to_target: float | None  # what its sanctions cost the other side (None: not known)
    cost_to_self: float | None  # what they cost itself


@dataclass(frozen=True)
class Check:
    """What verification did on one option over the game, for both sides' promises."""

    issue: str
    option: str
    detect: float  # the chance that a broken promise is reported
    false_alarm: float  # the chance that a kept promise is reported
    broken: int
    seen: int  # breaches reported
    kept: int
    false_alarms: int  # kept promises reported


@dataclass(frozen=True)
class Banked:
    """A side's banked points by where they came from (from its own round statements)."""

    as_signed: float  # its commitments valued as if the other side had kept every promise
    lost: float  # of that, what the other side's broken promises took away
    cheating: float  # gained by breaking its own promises
    no_deal: float  # the no-deal value of rounds without commitments
    no_deal_rounds: int
    sanctions_paid: float  # sanctions on it
    sanctions_sent: float  # what its own sanctions cost it
    status_quo: float = 0.0  # issues without a commitment paying, at their status quo

    @property
    def earned(self) -> float:
        """What the deal really brought: its value as signed less what breaches took away."""
        return self.as_signed - self.lost

    @property
    def total(self) -> float:
        """The banked score these parts add up to."""
        return (self.earned + self.cheating + self.no_deal + self.status_quo
                - self.sanctions_paid - self.sanctions_sent)


@dataclass(frozen=True)
class FinalScore:
    """A side's final score: banked points plus the relationship term, raw and on 0–100."""

    party: str
    banked: float
    relationship: float  # points for the other side's trust in it at the end
    raw: float
    normalised: float  # 0 = its no-deal total, 100 = its ideal
    split: Banked | None  # None where this seat may not see the side's statements
    raised_by_news: bool = False  # news raised a weight, value or status quo of this side's
    # (its 100 is the ideal as the game began, so such news can lift it past 100)


@dataclass(frozen=True)
class DealRating:
    """A deal in force against the deal space, per round if both keep it, on 0–100 scales."""

    round: int  # when it came into force (signed in that round)
    package: Package
    worth: tuple[float, float]  # (us, cn), 0 = no deal, 100 = that side's ideal, per round
    on_frontier: bool
    to_frontier: float  # normalised points short of the Pareto frontier
    to_nash: float  # normalised points from the Nash package


@dataclass(frozen=True)
class Theory:
    """The deals set against the Nash bargaining solution and the Pareto frontier."""

    nash: Package
    nash_worth: tuple[float, float]  # (us, cn) per round, 0–100
    deals: tuple[DealRating, ...]  # the whole deal in force after each signing
    final: DealRating | None  # the deal in force at the end (None: nothing in force)
    banked_per_round: tuple[float, float]  # what each side banked a round on average, 0–100
    signed_per_round: tuple[float | None, float | None]  # value as signed a round, 0–100


@dataclass(frozen=True)
class Names:
    """The scenario's words for the ids in the facts: issue titles, option and level labels."""

    issues: Mapping[str, str]  # issue id -> title, in the scenario's order
    options: Mapping[str, Mapping[str, str]]  # issue id -> option id -> label
    levels: Mapping[str, str]  # sanction level id -> label, up the ladder


@dataclass(frozen=True)
class Debrief:
    """The whole debrief of a finished game as one seat may know it."""

    seat: str
    viewer: str  # "us", "cn", "facilitator" or "public"
    rounds: int
    scores: tuple[FinalScore, FinalScore]  # us, cn
    records: tuple[SideRecord, SideRecord]  # us, cn
    incidents: tuple[IncidentFact, ...]
    answers: tuple[Answers, Answers]  # answered by us, by cn
    checks: tuple[Check, ...]
    theory: Theory | None
    names: Names

    def record(self, party: str) -> SideRecord:
        """A side's record."""
        return self.records[PARTIES.index(party)]

    def score(self, party: str) -> FinalScore:
        """A side's final score."""
        return self.scores[PARTIES.index(party)]

    def answers_by(self, party: str) -> Answers:
        """How a side answered the incidents against the other."""
        return self.answers[PARTIES.index(party)]


class NotOver(ValueError):
    """The debrief was asked for before the game is over."""


def played_analysis(scenario: Scenario, obs: Observation) -> DealAnalysis | None:
    """The deal space the debrief judges a game's deals in: every option that was on the
    table at some time in the game (at the start, or put there by news), as the scenario
    values them. None when the space is too large to analyse."""
    opened = {(e.issue, e.option) for e in obs.history
              if isinstance(e, OptionChanged) and e.available}
    closed = frozenset((i.id, o.id) for i in scenario.issues for o in i.options
                       if not o.available and (i.id, o.id) not in opened)
    try:
        return analyse(space_from_scenario(scenario, unavailable=closed))
    except (ValueError, MemoryError):
        return None


def debrief(obs: Observation, analysis: DealAnalysis | None = None) -> Debrief:
    """The debrief of a finished game from one seat's observation (and the scenario's analysis)."""
    over = next((e for e in reversed(obs.history) if isinstance(e, GameOver)), None)
    if obs.phase != "over" or over is None or obs.truth is None or obs.banked is None:
        raise NotOver(f"the game is not over (round {obs.round} of {obs.rounds}, {obs.phase})")
    order = [i.id for i in obs.issues]
    records = tuple(_record(obs, p, order) for p in PARTIES)
    incidents = tuple(
        IncidentFact(i.id, i.round, i.issue, i.option, i.accused, bool(obs.truth.get(i.id)),
                     i.response)
        for i in obs.incidents
    )
    costs = _sanction_costs(obs)
    answers = tuple(_answers(p, incidents, costs) for p in PARTIES)
    raw = {"us": over.us_raw, "cn": over.cn_raw}
    normalised = {"us": over.us_normalised, "cn": over.cn_normalised}
    scores = tuple(
        FinalScore(p, obs.banked[p], raw[p] - obs.banked[p], raw[p], normalised[p],
                   _banked(obs, p), _raised_by_news(obs, p))
        for p in PARTIES
    )
    theory = _theory(obs, analysis, scores) if analysis is not None else None
    return Debrief(obs.seat, obs.party, obs.rounds, scores, records, incidents, answers,
                   _checks(obs, order), theory, _names(obs))


def _raised_by_news(obs: Observation, party: str) -> bool:
    """Whether news raised what something is worth to a side during the game: a weight, an
    option's value or an issue's status quo (as far as this seat saw the news)."""
    return any(isinstance(e, WeightChanged | ValueShifted | StatusQuoChanged)
               and e.party == party and e.after > e.before for e in obs.history)


def _record(obs: Observation, party: str, order: list[str]) -> SideRecord:
    rows = [r for r in obs.ledger if r.party == party]
    deeds = tuple(_deed(r) for r in rows)
    issues = []
    for issue in order:
        mine = [d for d in deeds if d.issue == issue]
        if not mine:
            continue
        issues.append(IssueRecord(
            issue=issue,
            options=tuple(dict.fromkeys(d.option for d in mine)),
            kept=tuple(d.round for d in mine if d.kept),
            broken=tuple(d.round for d in mine if not d.kept),
            seen=tuple(d.round for d in mine if not d.kept and d.seen),
            false_alarms=tuple(d.round for d in mine if d.false_alarm),
        ))
    return SideRecord(party, deeds, tuple(issues), obs.rounds)


def _deed(row: LedgerView) -> Deed:
    return Deed(row.round, row.issue, row.option, row.did == "comply", row.seen, row.incident,
                row.response)


def _statements(obs: Observation, party: str) -> list[RoundStatement]:
    return [s for s in obs.statements if s.party == party and s.actual is not None]


def _banked(obs: Observation, party: str) -> Banked | None:
    """A side's banked points split, from its own statements (None if the seat lacks them)."""
    rows = _statements(obs, party)
    if not rows or len(rows) != len({s.round for s in rows}):
        return None
    items = [i for s in rows for i in s.items]
    return Banked(
        as_signed=sum(i.value for i in items),
        lost=sum(i.value - (i.earned or 0.0) for i in items if i.kept is False),
        cheating=sum(i.gain for i in items),
        no_deal=sum(s.no_deal for s in rows),
        no_deal_rounds=sum(1 for s in rows if not s.items),
        sanctions_paid=sum(s.sanctions_paid for s in rows),
        sanctions_sent=sum(s.sanctions_sent for s in rows),
        status_quo=sum(s.status_quo for s in rows),
    )


def _sanction_costs(obs: Observation) -> dict[str, tuple[float, float]] | None:
    """Per sender: (cost to the target, cost to itself) of its sanctions over the game.

    Every statement lists the sanctions in force when its round was scored, both sides',
    so one side's statements are enough; the public sees none and gets None.
    """
    party = next((p for p in PARTIES if _statements(obs, p)), None)
    if party is None:
        return None
    levels = {lv.id: lv for lv in obs.sanction_levels}
    costs = {p: [0.0, 0.0] for p in PARTIES}
    for statement in _statements(obs, party):
        for s in statement.sanctions:
            level = levels[s.level]
            costs[s.sender][0] += level.cost_target * s.strength
            costs[s.sender][1] += level.cost_sender * s.strength
    return {p: (c[0], c[1]) for p, c in costs.items()}


def _answers(party: str, incidents: tuple[IncidentFact, ...],
             costs: dict[str, tuple[float, float]] | None) -> Answers:
    mine = [i for i in incidents if i.answerer == party]
    counts: dict[str, int] = {}
    for i in mine:
        counts[i.response] = counts.get(i.response, 0) + 1
    to_target, to_self = costs[party] if costs is not None else (None, None)
    return Answers(
        party=party,
        incidents=tuple(i.id for i in mine),
        counts=MappingProxyType(counts),
        sanctions=tuple(i.id for i in mine if i.sanction),
        unjustified=tuple(i.id for i in mine if not i.real and i.response not in ("", "none")),
        cost_to_target=to_target,
        cost_to_self=to_self,
    )


def _checks(obs: Observation, order: list[str]) -> tuple[Check, ...]:
    out = []
    for issue in obs.issues:
        for opt in issue.options:
            rows = [r for r in obs.ledger if r.issue == issue.id and r.option == opt.id]
            if not rows:
                continue
            broken = [r for r in rows if r.did == "defect"]
            kept = [r for r in rows if r.did == "comply"]
            out.append(Check(issue.id, opt.id, opt.detect, opt.false_alarm, len(broken),
                             sum(1 for r in broken if r.seen), len(kept),
                             sum(1 for r in kept if r.seen)))
    return tuple(out)


def _names(obs: Observation) -> Names:
    return Names(
        issues=MappingProxyType({i.id: i.title for i in obs.issues}),
        options=MappingProxyType({
            i.id: MappingProxyType({o.id: o.label for o in i.options}) for i in obs.issues
        }),
        levels=MappingProxyType({lv.id: lv.label for lv in obs.sanction_levels}),
    )


def deals_in_force(obs: Observation) -> list[tuple[int, Package]]:
    """(round, the whole deal in force) after every signing, in order: a package signed on top
    of a deal replaces only the issues it covers; suspended commitments are gone."""
    in_force: dict[str, str] = {}
    deals = []
    for e in obs.history:
        if isinstance(e, Accepted):
            in_force.update(e.terms)
            deals.append((e.round, tuple(sorted(in_force.items()))))
        elif isinstance(e, CommitmentEnded) and e.reason != "replaced":
            in_force.pop(e.issue, None)
    return deals


def _rating(analysis: DealAnalysis, round_: int, package: Package) -> DealRating | None:
    try:
        a = assess(analysis, dict(package))
    except KeyError:  # an option outside the agreement space (a red line): not on the map
        return None
    return DealRating(round_, package, (float(a.normalised[0]), float(a.normalised[1])),
                      a.on_frontier, a.distance_to_frontier, a.distance_to_nash)


def _theory(obs: Observation, analysis: DealAnalysis, scores) -> Theory:
    deals = [_rating(analysis, r, p) for r, p in deals_in_force(obs)]
    final = None
    if obs.commitments:
        since = max(c.since for c in obs.commitments)
        final = _rating(analysis, since, tuple(sorted((c.issue, c.option)
                                                      for c in obs.commitments)))
    rounds = max(obs.rounds, 1)
    per_round = analysis.normalise(np.array([s.banked / rounds for s in scores]))
    signed = [s.split.as_signed + s.split.no_deal if s.split else None for s in scores]
    signed_norm = [
        None if v is None else float(analysis.normalise(
            np.where(np.arange(2) == n, v / rounds, 0.0))[n])
        for n, v in enumerate(signed)
    ]
    nash = analysis.nash
    return Theory(
        nash=nash.package,
        nash_worth=(float(nash.normalised[0]), float(nash.normalised[1])),
        deals=tuple(d for d in deals if d is not None),
        final=final,
        banked_per_round=(float(per_round[0]), float(per_round[1])),
        signed_per_round=(signed_norm[0], signed_norm[1]),
    )
