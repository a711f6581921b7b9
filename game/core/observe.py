"""Observations: exactly what one seat may know, built from the state with the secrets stripped.

Seats: "us", "cn", role seats "us.<role>"/"cn.<role>" (their party's view plus their role
brief), "facilitator" (everything, including secret choices and the truth of incidents)
and "public" (what a projector may show). Agents and UIs read observations, never states.

During the game a party never sees anything that depends on the other side's secret
choices: not even its own true banked score (a commitment pays only if the other side kept
it), only a round statement valued as signed. Once the game is over nothing is secret any
more except private valuations and beliefs: every seat sees every event, every choice, the
truth of every incident and both banked scores (the debrief).
"""

from __future__ import annotations

import dataclasses
import threading
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from game.core import engine, trust
from game.core.events import (
    GameEvent,
    RoundScored,
    StatementIssued,
    event_from_json,
    viewers,
)
from game.core.legal import LegalActions
from game.core.payoff import RoundStatement, StatementItem
from game.core.plain import PlainError, added, from_plain, to_plain
from game.core.scenario import PARTIES, RedLine, Role, SanctionLevel
from game.core.state import PARTY_INDEX, Commitment, GameState, SanctionInForce

__all__ = ["IncidentView", "IssueView", "LedgerView", "Observation", "OptionView", "PartyView",
           "RoundStatement", "StatementItem", "observe"]
READ_ONLY = MappingProxyType


@dataclass(frozen=True)
class OptionView:
    """An option as a seat sees it: public terms and verification, own value and temptation.

    `detect` and `false_alarm` are the rates of the first party it obliges; `verification`
    holds them per obliged party (`rates(party)`). A one-off act has its `due` (rounds after
    signing); `requires` lists the (issue, option) pairs it comes only with; a `status_quo`
    option is "no change"; `available` is False while the option is off the table.
    """

    id: str
    label: str
    description: str
    obliges: tuple[str, ...]
    detect: float
    false_alarm: float
    value: float | None  # the seat's party's per-round value (None for public/facilitator)
    temptation: float | None
    verification: Mapping[str, tuple[float, float]] = added(default_factory=dict)
    status_quo: bool = added(False)
    due: int | None = added(None)
    requires: tuple[tuple[str, str], ...] = added(())
    available: bool = added(True)

    def rates(self, party: str) -> tuple[float, float]:
        """(detect, false_alarm) for a party's violations of this option."""
        return self.verification.get(party, (self.detect, self.false_alarm))


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
    banked: float  # `actual` when the seat may know it, else `expected`
    trust: Mapping[str, tuple[float, float]]  # issue -> (mean, sd) of trust in the other side
    choices: Mapping[str, str] | None  # this round's secret implement choices, once made
    expected: float = 0.0  # total of the round statements' expected payoffs
    actual: float | None = None  # the true banked score: facilitator, or once the game is over
    status_quo: Mapping[str, float] = added(default_factory=dict)  # issue -> per round, no deal


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
    truth: Mapping[int, bool] | None = None  # incident id -> really defected: facilitator/over
    statements: tuple[RoundStatement, ...] = ()  # own rounds (facilitator: both sides')
    banked: Mapping[str, float] | None = None  # true banked scores: facilitator, or once over
    version: int = 0  # actions applied so far: a view is current while the game has this many
    public_red_lines: Mapping[str, tuple[RedLine, ...]] = added(default_factory=dict)  # both

    def __getstate__(self) -> dict:
        """Pickle and copy every field (the lazy ones built), not the state they came from."""
        return {name: getattr(self, name) for name in _FIELDS}

    @property
    def own(self) -> PartyView | None:
        """The seat's own party view (None for public and facilitator)."""
        return self.views.get(self.party)

    def to_json(self) -> dict:
        """A JSON-ready dict that `Observation.from_json` reads back into an equal observation.

        `history` holds each event's JSON form (with its text), `legal_actions` the legal
        actions' JSON form (listed actions, and the allowed options per issue from which a
        client builds any legal offer), `can_propose` whether offers are allowed.
        """
        out = {name: to_plain(getattr(self, name)) for name in _FIELDS}
        out["history"] = [e.to_json() for e in self.history]
        out["legal_actions"] = self.legal_actions.to_json()
        out["can_propose"] = self.legal_actions.has_proposals()
        if self.offer is not None:
            out["offer"] = dict(self.offer)
        return out

    @classmethod
    def from_json(cls, data: object) -> Observation:
        """Read an observation from its JSON form (PlainError, a ValueError, if malformed)."""
        if not isinstance(data, dict):
            raise PlainError("an observation must be a JSON object")
        hints = _hints()
        values = {}
        for name in _FIELDS:
            if name in ("history", "legal_actions"):
                continue
            if name not in data:
                raise PlainError(f"{name}: missing")
            values[name] = from_plain(hints[name], data[name], name)
        if not isinstance(data.get("history"), list):
            raise PlainError("history: expected a list")
        values["history"] = tuple(event_from_json(e) for e in data["history"])
        values["legal_actions"] = LegalActions.from_json(data.get("legal_actions"))
        return cls(**values)


_FIELDS = tuple(Observation.__dataclass_fields__)


@cache
def _hints() -> dict:
    return typing.get_type_hints(Observation)


def _party_view(state: GameState, party: str, reveal: bool) -> PartyView:
    """A party's private view, rebuilt only when something in it changed."""
    n = PARTY_INDEX[party]
    seen = _seen_statements(state, party, False)
    actual = state.banked[n] if reveal else None
    key = ("party", party, reveal)
    cached = state.tables.cache.get(key)
    if (cached is not None and cached[0] is state.beliefs and cached[1] is seen
            and cached[2] is state.choices and cached[3] is state.weights
            and cached[4] == _news(state) and cached[5] == actual):
        return cached[6]
    expected = sum(s.expected for s in seen)
    view = _build_party_view(state, party, expected, actual)
    state.tables.cache[key] = (state.beliefs, seen, state.choices, state.weights,
                               _news(state), actual, view)
    return view


def _news(state: GameState) -> int:
    """A token for what news may have changed in the terms and valuations a view shows: the
    same number while those parts of the state are the same objects, a new one otherwise."""
    cache = state.tables.cache
    last = cache.get("news")
    if (last is not None and last[0] is state.value_adj and last[1] is state.status_quo_adj
            and last[2] is state.unavailable and last[3] is state.rates_adj):
        return last[4]
    token = last[4] + 1 if last is not None else 0
    cache["news"] = (state.value_adj, state.status_quo_adj, state.unavailable, state.rates_adj,
                     token)
    return token


def _build_party_view(
    state: GameState, party: str, expected: float, actual: float | None
) -> PartyView:
    n = PARTY_INDEX[party]
    tables = state.tables
    scenario_party = state.scenario.parties[party]
    chosen = dict(state.choices).get(party)
    return PartyView(
        party=party,
        brief=scenario_party.brief,
        weights=READ_ONLY(dict(zip(tables.issue_ids, state.weights[n], strict=True))),
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
        banked=actual if actual is not None else expected,
        trust=_trust(state, n),
        choices=READ_ONLY(dict(chosen)) if chosen is not None else None,
        expected=expected,
        actual=actual,
        status_quo=_cached(state, ("status_quo", party),
                           lambda: {k: state.status_quo(party, k) for k in tables.issue_ids}),
    )


def _cached(state: GameState, key: tuple, build):
    """Observation pieces that change only with news are built once per game (and again after
    news changed them)."""
    key = (key, _news(state))
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
        opts = []
        for o in issue.options:
            rates = {p: state.rates(issue.id, o.id, p) for p in o.obliges}
            first = rates[o.obliges[0]] if o.obliges else (o.verification.detect,
                                                           o.verification.false_alarm)
            opts.append(OptionView(
                o.id,
                o.label,
                o.description,
                tuple(o.obliges),
                first[0],
                first[1],
                state.value(party, issue.id, o.id) if party else None,
                o.temptation.get(party, 0.0) if party else None,
                READ_ONLY(rates),
                o.status_quo,
                o.act.due if o.act is not None else None,
                tuple(o.requires),
                state.available(issue.id, o.id),
            ))
        views.append(IssueView(issue.id, issue.title, issue.description, tuple(opts)))
    return tuple(views)


def _visible(state: GameState, group: str) -> tuple[GameEvent, ...]:
    """The events a party (or "public") may see, extended incrementally along a game."""
    if group == "facilitator":
        return state.history
    return _gather(state, ("history", group), _picker("history", group))


@cache
def _picker(what: str, group: str, over: bool = False):
    """What `_gather` keeps of each event for a group: visible events, or statements."""
    if what == "history":
        return lambda e: e if group in viewers(e) else None
    if group == "facilitator":
        return lambda e: e.statement if type(e) is RoundScored else None
    kind = RoundScored if over else StatementIssued
    return lambda e: e.statement if type(e) is kind and e.party == group else None


def _gather(state: GameState, key: tuple, pick) -> tuple:
    """`pick(event)` for every event so far that gives something (not None), in order: kept per
    key and extended from where it stopped when the history grew (rebuilt on another branch)."""
    history = state.history
    cache = state.tables.cache
    cached = cache.get(key)
    if cached is not None:
        if cached[0] is history:
            return cached[3]
        length, last, found = cached[1], cached[2], cached[3]
        if not (0 < length <= len(history) and history[length - 1] is last):
            length, found = 0, ()
    else:
        length, found = 0, ()
    more = tuple(x for x in map(pick, history[length:]) if x is not None)
    if more:
        found = found + more
    cache[key] = (history, len(history), history[-1] if history else None, found)
    return found


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


def _seen_statements(state: GameState, party: str, over: bool) -> tuple[RoundStatement, ...]:
    """The round statements a seat may see, from the statement events: the facilitator every
    side's whole statement; a party its own, masked during the game and whole once it is over."""
    if party == "facilitator":
        return _gather(state, ("statements", party), _picker("statements", party))
    if party not in PARTIES:
        return ()
    return _gather(state, ("statements", party, over), _picker("statements", party, over))


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


def _seat(state: GameState, seat: str) -> dict:
    """What never changes in a seat's observations: who it is and the scenario's fixed parts."""
    cache = state.tables.cache
    fixed = cache.get(("seat", seat))
    if fixed is not None:
        return fixed
    party = engine.party_of(state, seat)
    if party is None and seat != "public":
        raise ValueError(f"there is no seat {seat!r}")
    party = party or "public"
    role = None
    if party in PARTIES and "." in seat:
        role_id = seat.split(".", 1)[1]
        role = next(r for r in state.scenario.parties[party].roles if r.id == role_id)
    fixed = cache[("seat", seat)] = {
        "seat": seat,
        "party": party,
        "role": role,
        "scenario_id": state.scenario.id,
        "title": state.scenario.title,
        "rounds": state.rounds,
        "sanction_levels": state.scenario.sanctions.levels,
        "public_red_lines": _public_red_lines(state),
    }
    return fixed


def observe(state: GameState, seat: str) -> Observation:
    """The observation for a seat ("us", "cn", "us.<role>", "facilitator" or "public").

    Only the cheap fields are filled in now; the rest (views, ledger, history, legal actions,
    ...) are built from this same immutable state on first read and kept (see `_Lazy`), so
    an agent that reads only `legal_actions` does not pay for the rest. The result is the
    same whenever a field is read."""
    fixed = _seat(state, seat)
    view = object.__new__(Observation)  # every field is given or lazy: skip the frozen
    fields = view.__dict__               # __init__'s one setattr per field (runs every move)
    fields.update(fixed)
    fields["round"] = state.round
    fields["phase"] = state.phase
    fields["offer"] = state.offer
    fields["offer_by"] = state.offer_by
    fields["exchanges_left"] = max(0, state.scenario.settings.exchanges - state.offers)
    fields["commitments"] = state.commitments
    fields["sanctions"] = state.sanctions
    fields["version"] = len(state.actions)
    fields[_SOURCE] = (state, fixed)
    return view


def _group(state: GameState, party: str) -> str:
    """Whose eyes the shared parts are seen with: the facilitator's once the game is over."""
    return "facilitator" if party == "facilitator" or state.phase == "over" else party


def _sees_all(state: GameState, party: str) -> bool:
    return party == "facilitator" or state.phase == "over"


def _views(state: GameState, party: str) -> Mapping[str, PartyView]:
    if party == "facilitator":
        return READ_ONLY({p: _party_view(state, p, True) for p in PARTIES})
    if party in PARTIES:
        return READ_ONLY({party: _party_view(state, party, state.phase == "over")})
    return READ_ONLY({})


def _legal(state: GameState, fixed: dict) -> LegalActions:
    seat = fixed["seat"]
    return engine.legal_actions(state, seat) if seat != "public" else LegalActions(seat)


# How each lazy field of an observation is built from (state, the seat's fixed fields).
_BUILD: dict[str, typing.Callable[[GameState, dict], object]] = {
    "awaiting": lambda s, f: engine.awaiting(s),
    "issues": lambda s, f: _issues(s, f["party"] if f["party"] in PARTIES else None),
    "views": lambda s, f: _views(s, f["party"]),
    "revealed_weights": lambda s, f: _revealed(s, f["party"]),
    "obligations": lambda s, f: s.obligations(f["party"]) if f["party"] in PARTIES else (),
    "incidents": lambda s, f: _incidents(s),
    "ledger": lambda s, f: _ledger(s, _group(s, f["party"])),
    "history": lambda s, f: _visible(s, _group(s, f["party"])),
    "legal_actions": _legal,
    "truth": lambda s, f: READ_ONLY({i.id: i.true for i in s.incidents})
    if _sees_all(s, f["party"]) else None,
    "statements": lambda s, f: _seen_statements(s, f["party"], s.phase == "over"),
    "banked": lambda s, f: READ_ONLY(dict(zip(PARTIES, s.banked, strict=True)))
    if _sees_all(s, f["party"]) else None,
}
_SOURCE = "_source"  # where an observation keeps (state, fixed fields) until its lazy fields
_MISSING = object()
_BUILDING = threading.Lock()  # the memo in state.tables.cache is shared: one builder at a time


class _Lazy:
    """An Observation field built on first read from the state the observation shows, then
    kept in the instance (where later reads find it without calling this again)."""

    def __init__(self, name: str, default: object) -> None:
        self.name = name
        self.default = default

    def __get__(self, view: object, owner: type | None = None) -> object:
        if view is None:  # the class itself: the field's default, as a plain dataclass has
            if self.default is dataclasses.MISSING:
                raise AttributeError(self.name)
            return self.default
        fields = view.__dict__
        source = fields.get(_SOURCE)
        if source is None:
            raise AttributeError(self.name)
        with _BUILDING:
            value = fields.get(self.name, _MISSING)
            if value is _MISSING:  # another thread may have built it meanwhile
                value = fields[self.name] = _BUILD[self.name](*source)
        return value


for _name in _BUILD:
    setattr(Observation, _name, _Lazy(_name, Observation.__dataclass_fields__[_name].default))


_NONE_REVEALED: Mapping[str, Mapping[str, float]] = READ_ONLY({})


def _public_red_lines(state: GameState) -> Mapping[str, tuple[RedLine, ...]]:
    """Both sides' public red lines (known to every seat from the start)."""
    lines = state.tables.public_red_lines
    if not any(lines.values()):
        return _NONE_REVEALED  # type: ignore[return-value]
    return READ_ONLY({p: lines[p] for p in PARTIES if lines[p]})


def _revealed(state: GameState, party: str) -> Mapping[str, Mapping[str, float]]:
    """Weights made public, or revealed to this seat's side by private news (the facilitator
    sees all): party -> issue -> weight (read-only)."""
    shown = set(state.revealed)
    if state.revealed_to:
        shown |= {(p, k) for who, p, k in state.revealed_to
                  if party in (who, "facilitator") or state.phase == "over"}
    if not shown:
        return _NONE_REVEALED
    revealed: dict[str, dict[str, float]] = {}
    for p, k in sorted(shown):
        revealed.setdefault(p, {})[k] = state.weights[PARTY_INDEX[p]][state.tables.issue_index[k]]
    return READ_ONLY({p: READ_ONLY(w) for p, w in revealed.items()})
