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

from collections.abc import Mapping
from dataclasses import dataclass, fields, is_dataclass, replace
from types import MappingProxyType

from game.core import engine, trust
from game.core.events import GameEvent, NewsFired, RoundScored, SanctionChanged
from game.core.legal import LegalActions
from game.core.scenario import PARTIES, RedLine, Role, SanctionLevel, other
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
    banked: float  # `actual` when the seat may know it, else `expected`
    trust: Mapping[str, tuple[float, float]]  # issue -> (mean, sd) of trust in the other side
    choices: Mapping[str, str] | None  # this round's secret implement choices, once made
    expected: float = 0.0  # total of the round statements' expected payoffs
    actual: float | None = None  # the true banked score: facilitator, or once the game is over


@dataclass(frozen=True)
class StatementItem:
    """One commitment in a round statement, valued as signed (as if the other side kept it)."""

    issue: str
    option: str
    value: float  # weight x value then: what it brings if the other side kept its word
    gain: float  # weight x temptation banked by breaking it (0 if kept or not owed)
    did: str  # the party's own deed: "comply", "defect", or "" if it owed nothing
    kept: bool | None  # the other side kept it (True if it owed nothing); None while secret
    earned: float | None  # the value really earned (value if kept, else 0); None while secret


@dataclass(frozen=True)
class RoundStatement:
    """A party's payoff for one round as far as it may know: `expected` assumes the other side
    kept its word; `actual` (what was really banked) is None until the game is over."""

    round: int
    party: str
    items: tuple[StatementItem, ...]
    no_deal: float  # the no-deal payoff when nothing was implemented that round, else 0
    sanctions_paid: float  # cost of sanctions on the party (as their target), >= 0
    sanctions_sent: float  # cost of sanctions the party imposed, >= 0
    expected: float
    actual: float | None
    worth: Mapping[str, Mapping[str, float]]  # issue -> option -> weight x value that round
    sanctions: tuple[SanctionInForce, ...]  # in force when the round was scored


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


def _party_view(state: GameState, party: str, reveal: bool) -> PartyView:
    """A party's private view, rebuilt only when something in it changed."""
    n = PARTY_INDEX[party]
    chosen = dict(state.choices).get(party)
    expected = sum(s.expected for s in _seen_statements(state, party, False))
    actual = state.banked[n] if reveal else None
    key = (expected, actual, chosen, state.weights, state.value_adj)
    cached = state.tables.cache.get(("party", party, reveal))
    if cached is not None and cached[0] is state.beliefs and cached[1] == key:
        return cached[2]
    view = _build_party_view(state, party, expected, actual)
    state.tables.cache[("party", party, reveal)] = (state.beliefs, key, view)
    return view


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
        banked=actual if actual is not None else expected,
        trust=_trust(state, n),
        choices=dict(chosen) if chosen is not None else None,
        expected=expected,
        actual=actual,
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


def _statements(state: GameState) -> tuple[RoundStatement, ...]:
    """Both parties' round statements with every figure filled in (mask before showing).

    Each round is valued with the weights, values and sanctions as they stood when it was
    scored, rebuilt from the history (news effects, sanction events, decay) and extended
    incrementally along a game, so a later round's news never changes an earlier statement.
    """
    history = state.history
    cached = state.tables.cache.get("statements")
    start, fold = 0, None
    if cached is not None:
        length, last, kept = cached
        if length == len(history) and length and history[-1] is last:
            return kept[3]
        if 0 < length <= len(history) and history[length - 1] is last:
            start, fold = length, kept
    if fold is None:
        weights = {p: tuple(state.scenario.parties[p].weights.get(k, 1.0)
                            for k in state.tables.issue_ids) for p in PARTIES}
        fold = (weights, (), (), ())
    for event in history[start:]:
        fold = _fold(state, fold, event)
    state.tables.cache["statements"] = (len(history), history[-1] if history else None, fold)
    return fold[3]


def _fold(state: GameState, fold: tuple, event: GameEvent) -> tuple:
    """One event's effect on (weights, value shifts, sanctions, statements)."""
    weights, value_adj, sanctions, statements = fold
    tables = state.tables
    if isinstance(event, NewsFired):
        news = next((e for e in state.scenario.events if e.id == event.event), None)
        for effect in news.effects if news else ():
            parties = (effect.party,) if effect.party in PARTIES else PARTIES
            if effect.kind == "salience":
                issues = (effect.issue,) if effect.issue else tables.issue_ids
                for p in parties:
                    row = list(weights[p])
                    for k in issues:
                        row[tables.issue_index[k]] *= effect.factor
                    weights = {**weights, p: tuple(row)}
            elif effect.kind == "value":
                adds = tuple(((p, effect.issue, effect.option), effect.delta) for p in parties)
                value_adj = value_adj + adds
    elif isinstance(event, SanctionChanged):
        sanctions = tuple(s for s in sanctions if s.sender != event.sender)
        if event.strength > 0:
            sanctions += (SanctionInForce(event.sender, event.target, event.level, event.strength),)
    elif isinstance(event, RoundScored):
        statement = _statement(state, event, weights[event.party], value_adj, sanctions)
        statements = (*statements, statement)
        if event.party == PARTIES[-1]:  # both scored: sanctions fade as in phases.score
            rate = state.scenario.sanctions.decay
            faded = ((s, float(trust.decay(s.strength, rate))) for s in sanctions)
            sanctions = tuple(replace(s, strength=f) for s, f in faded if f > 0)
    return weights, value_adj, sanctions, statements


def _statement(state: GameState, scored: RoundScored, weights, value_adj, sanctions):
    """A party's round statement from the ledger rows of that round, valued as signed."""
    tables, party = state.tables, scored.party
    q = other(party)

    def value(issue: str, option: str) -> float:
        base = tables.option[(issue, option)].value.get(party, 0.0)
        if not value_adj:
            return base
        return base + sum(d for key, d in value_adj if key == (party, issue, option))

    def weight(issue: str) -> float:
        return weights[tables.issue_index[issue]]

    by_issue: dict[str, list] = {}
    for e in state.ledger:
        if e.round == scored.round:
            by_issue.setdefault(e.issue, []).append(e)
    items = []
    for issue, rows in by_issue.items():
        option = rows[0].option
        did = {e.party: e.did for e in rows}
        kept = did.get(q, "comply") == "comply"
        worth = weight(issue) * value(issue, option)
        temptation = tables.option[(issue, option)].temptation.get(party, 0.0)
        gain = weight(issue) * temptation if did.get(party) == "defect" else 0.0
        items.append(StatementItem(issue, option, worth, gain, did.get(party, ""), kept,
                                   worth if kept else 0.0))
    paid = sum(tables.levels[s.level].cost_target * s.strength for s in sanctions
               if s.target == party)
    sent = sum(tables.levels[s.level].cost_sender * s.strength for s in sanctions
               if s.sender == party)
    no_deal = 0.0 if items else state.scenario.parties[party].no_deal
    expected = sum(i.value + i.gain for i in items) + no_deal - paid - sent
    key = ("worth", party, weights, value_adj)
    worth_now = tables.cache.get(key)
    if worth_now is None:  # weights and values change only with news: built a few times a game
        worth_now = tables.cache[key] = MappingProxyType({
            k: MappingProxyType({o: weight(k) * value(k, o) for o in tables.options[k]})
            for k in tables.issue_ids
        })
    return RoundStatement(scored.round, party, tuple(items), no_deal, paid, sent, expected,
                          scored.payoff, worth_now, sanctions)


def _masked(statement: RoundStatement) -> RoundStatement:
    """A statement as its party sees it during the game: nothing about the other side's deeds."""
    s = statement
    items = tuple(
        StatementItem(i.issue, i.option, i.value, i.gain, i.did, None, None) for i in s.items
    )
    return RoundStatement(s.round, s.party, items, s.no_deal, s.sanctions_paid,
                          s.sanctions_sent, s.expected, None, s.worth, s.sanctions)


def _seen_statements(state: GameState, party: str, over: bool) -> tuple[RoundStatement, ...]:
    """The statements a seat may see (own, masked during the game), cached per statements."""
    every = _statements(state)
    if party == "facilitator":
        return every
    if party not in PARTIES:
        return ()
    key = ("seen-statements", party, over)
    done, seen = state.tables.cache.get(key, ((), ()))
    if done is every:
        return seen
    if not (done and len(done) <= len(every) and every[len(done) - 1] is done[-1]):
        done, seen = (), ()  # another branch of the game: start again
    seen += tuple(s if over else _masked(s) for s in every[len(done):] if s.party == party)
    state.tables.cache[key] = (every, seen)
    return seen


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
    over = state.phase == "over"
    sees_all = party == "facilitator" or over
    if party == "facilitator":
        views = {p: _party_view(state, p, True) for p in PARTIES}
    elif is_party:
        views = {party: _party_view(state, party, over)}
    else:
        views = {}
    statements = _seen_statements(state, party, over)
    revealed: dict[str, dict[str, float]] = {}
    for p, k in sorted(state.revealed):
        revealed.setdefault(p, {})[k] = state.weights[PARTY_INDEX[p]][state.tables.issue_index[k]]
    group = "facilitator" if sees_all else party
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
        ledger=_ledger(state, group),
        history=_visible(state, group),
        legal_actions=engine.legal_actions(state, seat) if seat != "public" else LegalActions(seat),
        truth={i.id: i.true for i in state.incidents} if sees_all else None,
        statements=statements,
        banked=dict(zip(PARTIES, state.banked, strict=True)) if sees_all else None,
    )
