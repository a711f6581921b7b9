"""News: scenario event triggers and effects, and the sanction ladder they share with responses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

import numpy as np

from game.core import trust
from game.core.events import (
    CommitmentEnded,
    FlagChanged,
    GameEvent,
    NewsFired,
    OptionChanged,
    SanctionChanged,
    StatusQuoChanged,
    TrustShifted,
    ValueShifted,
    VerificationChanged,
    WeightChanged,
    WeightRevealed,
)
from game.core.links import unlinked
from game.core.scenario import PARTIES, Condition, Effect, Event, other
from game.core.state import PARTY_INDEX, GameState, SanctionInForce


def _observer_trust(state: GameState, cond: Condition) -> float:
    means = state.trust_mean()[PARTY_INDEX.get(cond.observer, 0)]
    if cond.issue:
        return float(means[state.tables.issue_index[cond.issue]])
    return float(means.mean()) if means.size else 0.0


CONDITIONS: dict[str, Callable[[GameState, Condition], bool]] = {
    "trust_below": lambda s, c: _observer_trust(s, c) < c.value,
    "trust_above": lambda s, c: _observer_trust(s, c) > c.value,
    "flag": lambda s, c: c.flag in s.flags,
    "not_flag": lambda s, c: c.flag not in s.flags,
    "commitment": lambda s, c: _in_force(s, c),
    "incidents_at_least": lambda s, c: len(s.incidents) >= c.value,
    "any": lambda s, c: any(CONDITIONS.get(x.kind, _never)(s, x) for x in c.conditions),
}


def _never(state: GameState, cond: Condition) -> bool:
    return False


def _in_force(state: GameState, cond: Condition) -> bool:
    """A commitment on the issue is in force (of the condition's option, if it names one)."""
    commitment = state.commitment(cond.issue)
    return commitment is not None and (not cond.option or commitment.option == cond.option)


def conditions_hold(state: GameState, conditions) -> bool:
    """Whether every condition of a trigger holds now (unknown kinds never hold)."""
    return all(CONDITIONS.get(c.kind, _never)(state, c) for c in conditions)


def _parties(effect: Effect) -> tuple[str, ...]:
    return (effect.party,) if effect.party in PARTIES else PARTIES


def _issues(state: GameState, effect: Effect) -> tuple[str, ...]:
    return (effect.issue,) if effect.issue else state.tables.issue_ids


def _salience(state: GameState, effect: Effect) -> tuple[GameState, list[GameEvent]]:
    weights = [list(w) for w in state.weights]
    events: list[GameEvent] = []
    for p in _parties(effect):
        for k in _issues(state, effect):
            row, col = PARTY_INDEX[p], state.tables.issue_index[k]
            before = weights[row][col]
            weights[row][col] = before * effect.factor
            events.append(WeightChanged(state.round, p, k, before, weights[row][col]))
    return state.evolve(weights=tuple(tuple(w) for w in weights)), events


def _value(state: GameState, effect: Effect) -> tuple[GameState, list[GameEvent]]:
    parties = _parties(effect)
    adds = tuple(((p, effect.issue, effect.option), effect.delta) for p in parties)
    new = state.evolve(value_adj=state.value_adj + adds)
    return new, [
        ValueShifted(state.round, p, effect.issue, effect.option,
                     state.value(p, effect.issue, effect.option),
                     new.value(p, effect.issue, effect.option))
        for p in parties
    ]


def _trust(state: GameState, effect: Effect) -> tuple[GameState, list[GameEvent]]:
    if effect.delta == 0:
        return state, []
    index = state.tables.issue_index
    touched = sorted({(PARTY_INDEX[p], index[k]) for p in _parties(effect)
                      for k in _issues(state, effect)})  # row-major, as a boolean mask picks
    if not touched:
        return state, []
    rows, cols = [n for n, _ in touched], [k for _, k in touched]
    theta = state.tables.theta
    beliefs = np.array(state.beliefs)
    moved = beliefs[rows, cols]
    before = (moved @ theta).tolist()
    beliefs[rows, cols] = moved = _shifted(moved, float(effect.delta), theta)
    beliefs.setflags(write=False)
    after = (moved @ theta).tolist()
    issues = state.tables.issue_ids
    events: list[GameEvent] = [
        TrustShifted(state.round, PARTIES[n], issues[k], b, a)
        for (n, k), b, a in zip(touched, before, after, strict=True)
    ]
    return state.evolve(beliefs=beliefs), events


def _shifted(moved: np.ndarray, delta: float, theta: np.ndarray) -> np.ndarray:
    """trust.shift of these beliefs by `delta` each: a pure function of the numbers, so a shift
    seen before (news on the same beliefs, as in every game's first rounds) is not redone."""
    found = _shift_memo(moved.tobytes(), moved.shape, delta, theta.tobytes())
    return np.frombuffer(found).reshape(moved.shape).copy()


@lru_cache(maxsize=256)
def _shift_memo(moved: bytes, shape: tuple[int, ...], delta: float, theta: bytes) -> bytes:
    beliefs = np.frombuffer(moved).reshape(shape).copy()
    return trust.shift(beliefs, np.full(shape[0], delta), np.frombuffer(theta).copy()).tobytes()


def _flag(state: GameState, effect: Effect) -> tuple[GameState, list[GameEvent]]:
    flags = state.flags | {effect.flag} if effect.set else state.flags - {effect.flag}
    return state.evolve(flags=flags), [FlagChanged(state.round, effect.flag, effect.set)]


def _sanction(state: GameState, effect: Effect) -> tuple[GameState, list[GameEvent]]:
    senders = _parties(effect)
    events: list[GameEvent] = []
    for p in senders:
        state, more = impose(state, p, effect.level)
        events += more
    return state, events


def _reveal(state: GameState, effect: Effect, audience: str = "") -> tuple[GameState,
                                                                          list[GameEvent]]:
    if audience:  # private intelligence: the weight is revealed to one side only
        shown = [(p, k) for p in _parties(effect) for k in _issues(state, effect)
                 if (p, k) not in state.revealed and (audience, p, k) not in state.revealed_to]
        new = state.evolve(revealed_to=state.revealed_to | {(audience, p, k) for p, k in shown})
    else:
        shown = [(p, k) for p in _parties(effect) for k in _issues(state, effect)
                 if (p, k) not in state.revealed]
        new = state.evolve(revealed=state.revealed | set(shown))
    events: list[GameEvent] = [
        WeightRevealed(state.round, p, k,
                       state.weights[PARTY_INDEX[p]][state.tables.issue_index[k]])
        for p, k in shown
    ]
    return new, events


def _availability(available: bool):
    """The add_option and withdraw_option effects: put an option on the table or take it off."""

    def apply(state: GameState, effect: Effect) -> tuple[GameState, list[GameEvent]]:
        key = (effect.issue, effect.option)
        if state.available(*key) == available:
            return state, []
        unavailable = state.unavailable - {key} if available else state.unavailable | {key}
        return state.evolve(unavailable=unavailable), [
            OptionChanged(state.round, effect.issue, effect.option, available)
        ]

    return apply


def _end_commitment(state: GameState, effect: Effect) -> tuple[GameState, list[GameEvent]]:
    commitment = state.commitment(effect.issue)
    if commitment is None or (effect.option and commitment.option != effect.option):
        return state, []
    state = state.evolve(commitments=tuple(c for c in state.commitments if c is not commitment))
    state, more = unlinked(state)
    return state, [CommitmentEnded(state.round, effect.issue, commitment.option, "news"), *more]


def _verification(state: GameState, effect: Effect) -> tuple[GameState, list[GameEvent]]:
    option = state.tables.option[(effect.issue, effect.option)]
    parties = (effect.party,) if effect.party in PARTIES else option.obliges
    after = (effect.detect, effect.false_alarm)
    events: list[GameEvent] = []
    adj = state.rates_adj
    for p in parties:
        before = state.rates(effect.issue, effect.option, p)
        adj += (((effect.issue, effect.option, p), after),)
        events.append(VerificationChanged(state.round, effect.issue, effect.option, p, before,
                                          after))
    return state.evolve(rates_adj=adj), events


def _status_quo(state: GameState, effect: Effect) -> tuple[GameState, list[GameEvent]]:
    parties = _parties(effect)
    adds = tuple(((p, effect.issue), effect.delta) for p in parties)
    new = state.evolve(status_quo_adj=state.status_quo_adj + adds)
    return new, [
        StatusQuoChanged(state.round, p, effect.issue, state.status_quo(p, effect.issue),
                         new.status_quo(p, effect.issue))
        for p in parties
    ]


EFFECTS = {
    "salience": _salience,
    "value": _value,
    "trust": _trust,
    "flag": _flag,
    "sanction": _sanction,
    "reveal": _reveal,
    "add_option": _availability(True),
    "withdraw_option": _availability(False),
    "end_commitment": _end_commitment,
    "verification": _verification,
    "status_quo": _status_quo,
}


def fire(state: GameState, event: Event, injected: bool) -> tuple[GameState, list[GameEvent]]:
    """Apply every effect of a news event and mark it fired. Private news (an `audience`)
    and the reports of its effects reach that side (and the facilitator) only."""
    audience = event.audience
    events: list[GameEvent] = [NewsFired(state.round, event.id, event.title, event.text, injected,
                                         audience=audience)]
    for effect in event.effects:
        apply = EFFECTS.get(effect.kind)
        if apply is None:
            continue
        if effect.kind == "reveal":
            state, more = _reveal(state, effect, audience)
        else:
            state, more = apply(state, effect)
        events += [replace(e, audience=audience) for e in more] if audience else more
    return state.evolve(fired=state.fired | {event.id}), events


def impose(state: GameState, sender: str, level: str) -> tuple[GameState, list[GameEvent]]:
    """Sender imposes a rung of the ladder on the other side: the higher rung, at full strength."""
    target = other(sender)
    rank = state.tables.level_rank
    if level not in rank:
        return state, []
    current = next((s for s in state.sanctions if s.sender == sender), None)
    if current is not None:
        levels = state.scenario.sanctions.levels
        top, _ = trust.escalate(rank[current.level], current.strength, rank[level])
        level = levels[top].id
    rest = tuple(s for s in state.sanctions if s.sender != sender)
    imposed = SanctionInForce(sender, target, level, 1.0)
    return state.evolve(sanctions=(*rest, imposed)), [
        SanctionChanged(state.round, sender, target, level, 1.0)
    ]
