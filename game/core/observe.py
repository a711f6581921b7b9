"""Observations: exactly what one seat may know, built from the state with the secrets stripped.

Seats: "us", "cn", role seats "us.<role>"/"cn.<role>" (their party's view plus their role
brief), "facilitator" (everything, including secret choices and the truth of incidents)
and "public" (what a projector may show). Agents and UIs read observations, never states.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, is_dataclass

from game.core import engine, trust
from game.core.events import GameEvent, seen_by
from game.core.legal import LegalActions
from game.core.scenario import PARTIES, RedLine, Role, SanctionLevel
from game.core.state import PARTY_INDEX, Commitment, GameState, SanctionInForce


@dataclass(frozen=True)
class OptionView:
    """An option as a seat sees it: public terms and verification, own value and temptation."""

    id: str
    label: str
    description: str
    obliges: tuple[str, ...]
    detect: float
    false_alarm: float
    value: float | None  # the seat's party's per-round value (None for public/facilitator)
    temptation: float | None


@dataclass(frozen=True)
class IssueView:
    """An issue's public description and options."""

    id: str
    title: str
    description: str
    options: tuple[OptionView, ...]


@dataclass(frozen=True)
class PartyView:
    """One party's private information: valuations, red lines, score, choices and beliefs."""

    party: str
    brief: str
    weights: Mapping[str, float]
    values: Mapping[str, Mapping[str, float]]  # issue -> option -> per-round value
    temptations: Mapping[str, Mapping[str, float]]
    no_deal: float
    red_lines: tuple[RedLine, ...]
    banked: float
    trust: Mapping[str, tuple[float, float]]  # issue -> (mean, sd) of trust in the other side
    choices: Mapping[str, str] | None  # this round's secret implement choices, once made


@dataclass(frozen=True)
class IncidentView:
    """A public incident: never says whether the accused really defected."""

    id: int
    round: int
    issue: str
    option: str
    accused: str
    response: str


@dataclass(frozen=True)
class LedgerView:
    """A promise-ledger row; `did` is "" where the seat may not know it."""

    round: int
    party: str
    issue: str
    option: str
    did: str
    seen: bool
    incident: int
    response: str


@dataclass(frozen=True)
class Observation:
    """What one seat may know now. `views` holds the private party views this seat may see."""

    seat: str
    party: str  # "us", "cn", "facilitator" or "public"
    role: Role | None
    scenario_id: str
    title: str
    round: int
    rounds: int
    phase: str
    awaiting: tuple[str, ...]
    issues: tuple[IssueView, ...]
    views: Mapping[str, PartyView]
    revealed_weights: Mapping[str, Mapping[str, float]]  # party -> issue -> weight made public
    offer: tuple[tuple[str, str], ...] | None
    offer_by: str
    exchanges_left: int
    commitments: tuple[Commitment, ...]
    obligations: tuple[str, ...]
    incidents: tuple[IncidentView, ...]
    sanctions: tuple[SanctionInForce, ...]
    sanction_levels: tuple[SanctionLevel, ...]
    ledger: tuple[LedgerView, ...]
    history: tuple[GameEvent, ...]
    legal_actions: LegalActions
    truth: Mapping[int, bool] | None = None  # facilitator only: incident id -> really defected

    @property
    def own(self) -> PartyView | None:
        """The seat's own party view (None for public and facilitator)."""
        return self.views.get(self.party)

    def to_json(self) -> dict:
        """A JSON-ready dict; legal actions are listed unless they include package offers."""
        out = {f.name: _plain(getattr(self, f.name)) for f in fields(self)}
        legal = self.legal_actions
        out["history"] = [e.to_json() for e in self.history]
        out["can_propose"] = legal.has_proposals()
        out["legal_actions"] = [a.text() for a in legal.fixed] + (
            [a.text() for a in legal] if legal.n_implement else []
        )
        if out["truth"] is not None:
            out["truth"] = {str(k): v for k, v in self.truth.items()}
        return out


def _plain(value):
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def _party_view(state: GameState, party: str) -> PartyView:
    n = PARTY_INDEX[party]
    tables = state.tables
    scenario_party = state.scenario.parties[party]
    means = trust.mean(state.beliefs[n], tables.theta)
    sds = trust.sd(state.beliefs[n], tables.theta)
    chosen = dict(state.choices).get(party)
    return PartyView(
        party=party,
        brief=scenario_party.brief,
        weights=dict(zip(tables.issue_ids, state.weights[n], strict=True)),
        values={
            k: {o: state.value(party, k, o) for o in tables.options[k]} for k in tables.issue_ids
        },
        temptations={
            k: {o: tables.option[(k, o)].temptation.get(party, 0.0) for o in tables.options[k]}
            for k in tables.issue_ids
        },
        no_deal=scenario_party.no_deal,
        red_lines=scenario_party.red_lines,
        banked=state.banked[n],
        trust={
            k: (float(means[i]), float(sds[i])) for i, k in enumerate(tables.issue_ids)
        },
        choices=dict(chosen) if chosen is not None else None,
    )


def _issues(state: GameState, party: str | None) -> tuple[IssueView, ...]:
    views = []
    for issue in state.scenario.issues:
        opts = tuple(
            OptionView(
                o.id, o.label, o.description, tuple(o.obliges), o.verification.detect,
                o.verification.false_alarm,
                state.value(party, issue.id, o.id) if party else None,
                o.temptation.get(party, 0.0) if party else None,
            )
            for o in issue.options
        )
        views.append(IssueView(issue.id, issue.title, issue.description, opts))
    return tuple(views)


def observe(state: GameState, seat: str) -> Observation:
    """The observation for a seat ("us", "cn", "us.<role>", "facilitator" or "public")."""
    party = engine.party_of(state, seat)
    if party is None and seat != "public":
        raise ValueError(f"there is no seat {seat!r}")
    party = party or "public"
    is_party = party in PARTIES
    role = None
    if is_party and "." in seat:
        role_id = seat.split(".", 1)[1]
        role = next(r for r in state.scenario.parties[party].roles if r.id == role_id)
    if party == "facilitator":
        views = {p: _party_view(state, p) for p in PARTIES}
    elif is_party:
        views = {party: _party_view(state, party)}
    else:
        views = {}
    revealed: dict[str, dict[str, float]] = {}
    for p, k in sorted(state.revealed):
        revealed.setdefault(p, {})[k] = state.weights[PARTY_INDEX[p]][state.tables.issue_index[k]]
    sees_all = party == "facilitator"
    ledger = tuple(
        LedgerView(
            e.round, e.party, e.issue, e.option, e.did if sees_all or e.party == party else "",
            e.seen, e.incident, e.response,
        )
        for e in state.ledger
    )
    return Observation(
        seat=seat,
        party=party,
        role=role,
        scenario_id=state.scenario.id,
        title=state.scenario.title,
        round=state.round,
        rounds=state.rounds,
        phase=state.phase,
        awaiting=engine.awaiting(state),
        issues=_issues(state, party if is_party else None),
        views=views,
        revealed_weights=revealed,
        offer=state.offer,
        offer_by=state.offer_by,
        exchanges_left=max(0, state.scenario.settings.exchanges - state.offers),
        commitments=state.commitments,
        obligations=state.obligations(party) if is_party else (),
        incidents=tuple(
            IncidentView(i.id, i.round, i.issue, i.option, i.accused, i.response)
            for i in state.incidents
        ),
        sanctions=state.sanctions,
        sanction_levels=state.scenario.sanctions.levels,
        ledger=ledger,
        history=tuple(e for e in state.history if seen_by(e, seat)),
        legal_actions=engine.legal_actions(state, seat) if seat != "public" else LegalActions(seat),
        truth={i.id: i.true for i in state.incidents} if sees_all else None,
    )

