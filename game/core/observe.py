"""Observations: exactly what one seat may know, built from the state with the secrets stripped.

Seats: "us", "cn", role seats "us.<role>"/"cn.<role>" (their party's view plus their role
brief), "facilitator" (everything, including secret choices and the truth of incidents)
and "public" (what a projector may show). Agents and UIs read observations, never states.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, is_dataclass
from types import MappingProxyType

from game.core import engine, trust
from game.core.events import GameEvent
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
    """A party's private view, rebuilt only when something in it changed."""
    n = PARTY_INDEX[party]
    chosen = dict(state.choices).get(party)
    key = (state.banked[n], chosen, state.weights, state.value_adj)
    cached = state.tables.cache.get(("party", party))
    if cached is not None and cached[0] is state.beliefs and cached[1] == key:
        return cached[2]
    view = _build_party_view(state, party)
    state.tables.cache[("party", party)] = (state.beliefs, key, view)
    return view


def _build_party_view(state: GameState, party: str) -> PartyView:
    n = PARTY_INDEX[party]
    tables = state.tables
    scenario_party = state.scenario.parties[party]
    chosen = dict(state.choices).get(party)
    return PartyView(
        party=party,
        brief=scenario_party.brief,
        weights=dict(zip(tables.issue_ids, state.weights[n], strict=True)),
        values=_cached(
            state,
            ("values", party),
            lambda: {
                k: MappingProxyType({o: state.value(party, k, o) for o in tables.options[k]})
                for k in tables.issue_ids
            },
        ),
        temptations=_cached(
            state,
            ("temptations", party),
            lambda: {
                k: MappingProxyType(
                    {o: tables.option[(k, o)].temptation.get(party, 0.0) for o in tables.options[k]}
                )
                for k in tables.issue_ids
            },
        ),
        no_deal=scenario_party.no_deal,
        red_lines=scenario_party.red_lines,
        banked=state.banked[n],
        trust=_trust(state, n),
        choices=dict(chosen) if chosen is not None else None,
    )


def _cached(state: GameState, key: tuple, build):
    """Observation pieces that change only with news value shifts are built once per game."""
    key = (*key, state.value_adj)
    cache = state.tables.cache
    if key not in cache:
        built = build()
        cache[key] = MappingProxyType(built) if isinstance(built, dict) else built
    return cache[key]


def _issues(state: GameState, party: str | None) -> tuple[IssueView, ...]:
    return _cached(state, ("issues", party), lambda: _build_issues(state, party))


def _build_issues(state: GameState, party: str | None) -> tuple[IssueView, ...]:
    views = []
    for issue in state.scenario.issues:
        opts = tuple(
            OptionView(
                o.id,
                o.label,
                o.description,
                tuple(o.obliges),
                o.verification.detect,
                o.verification.false_alarm,
                state.value(party, issue.id, o.id) if party else None,
                o.temptation.get(party, 0.0) if party else None,
            )
            for o in issue.options
        )
        views.append(IssueView(issue.id, issue.title, issue.description, opts))
    return tuple(views)


def _visible(state: GameState, group: str) -> tuple[GameEvent, ...]:
    """The events a party (or "public") may see, extended incrementally along a game."""
    history = state.history
    if group == "facilitator":
        return history
    key = ("history", group)
    cached = state.tables.cache.get(key)
    if cached is not None:
        length, last, seen = cached
        if 0 < length <= len(history) and history[length - 1] is last:
            seen = seen + tuple(e for e in history[length:] if group in e.visible_to)
            state.tables.cache[key] = (len(history), history[-1] if history else None, seen)
            return seen
    seen = tuple(e for e in history if group in e.visible_to)
    state.tables.cache[key] = (len(history), history[-1] if history else None, seen)
    return seen


def _ledger(state: GameState, group: str) -> tuple[LedgerView, ...]:
    """The promise ledger with `did` blanked where the seat may not know it.

    Rows are rebuilt only where the ledger changed since the last observation for this group.
    """
    key = ("ledger", group)
    prev_ledger, prev_views = state.tables.cache.get(key, ((), ()))
    if prev_ledger is state.ledger:
        return prev_views
    sees_all = group == "facilitator"
    views = []
    for n, e in enumerate(state.ledger):
        if n < len(prev_ledger) and prev_ledger[n] is e:
            views.append(prev_views[n])
            continue
        did = e.did if sees_all or e.party == group else ""
        views.append(
            LedgerView(e.round, e.party, e.issue, e.option, did, e.seen, e.incident, e.response)
        )
    out = tuple(views)
    state.tables.cache[key] = (state.ledger, out)
    return out


def _incidents(state: GameState) -> tuple[IncidentView, ...]:
    """Public incident views (no truth), cached per incidents tuple."""
    cached = state.tables.cache.get("incidents")
    if cached is not None and cached[0] is state.incidents:
        return cached[1]
    views = tuple(
        IncidentView(i.id, i.round, i.issue, i.option, i.accused, i.response)
        for i in state.incidents
    )
    state.tables.cache["incidents"] = (state.incidents, views)
    return views


def _trust(state: GameState, n: int) -> Mapping[str, tuple[float, float]]:
    """A party's trust summary (mean, sd per issue), cached per beliefs array."""
    key = ("trust", n)
    cached = state.tables.cache.get(key)
    if cached is not None and cached[0] is state.beliefs:
        return cached[1]
    theta = state.tables.theta
    means = trust.mean(state.beliefs[n], theta).tolist()
    sds = trust.sd(state.beliefs[n], theta).tolist()
    summary = MappingProxyType(
        {k: (means[i], sds[i]) for i, k in enumerate(state.tables.issue_ids)}
    )
    state.tables.cache[key] = (state.beliefs, summary)
    return summary


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
        incidents=_incidents(state),
        sanctions=state.sanctions,
        sanction_levels=state.scenario.sanctions.levels,
        ledger=_ledger(state, party),
        history=_visible(state, party),
        legal_actions=engine.legal_actions(state, seat) if seat != "public" else LegalActions(seat),
        truth={i.id: i.true for i in state.incidents} if sees_all else None,
    )
