"""The automatic phases of a round: news, verify, score, and the passage to the next round.

Each function takes a state and returns (new state, events). Chance comes only from
`draws`, seeded with (seed, round, purpose), so a seed and an action log replay a game's
chance exactly, in any process, on any machine.
"""

from __future__ import annotations

import hashlib

import numpy as np

from game.core import news, payoff, trust
from game.core.events import (
    GameEvent,
    GameOver,
    RoundScored,
    RoundStarted,
    SanctionChanged,
    StatementIssued,
    Verified,
)
from game.core.scenario import PARTIES, other
from game.core.state import (
    PARTY_INDEX,
    GameState,
    Incident,
    LedgerEntry,
    SanctionInForce,
    Score,
)

NEWS, VERIFY, LOT = 1, 2, 3  # purposes of the random generators (LOT: who opens, once a game)
Events = list[GameEvent]


def draws(state: GameState, purpose: int, count: int) -> list[float]:
    """`count` uniform numbers in [0, 1) for one purpose in the current round.

    Draw i is the first 53 bits of sha256("seed:round:purpose:i") as a fraction: the same in
    every process, on every machine, whatever Python or NumPy runs it, so a seed and an action
    log replay a game's chance exactly (and cheaply: a round needs a handful of draws).
    """
    return [_draw(state.seed, state.round, purpose, i) for i in range(count)]


def _happens(state: GameState, n: int, probability: float) -> bool:
    """Whether the n-th news event's chance comes up this round: its draw (the n-th of the
    round's NEWS draws) is below its probability. A draw lies in [0, 1), so a certain or an
    impossible event needs none: only the draws a round uses are made."""
    if probability >= 1.0:
        return True
    if probability <= 0.0:
        return False
    return not _draw(state.seed, state.round, NEWS, n) >= probability  # as a draw ever was


def _draw(seed: int, round_: int, purpose: int, i: int) -> float:
    """Draw i of a purpose in a round: the first 53 bits of sha256("seed:round:purpose:i") as
    a fraction in [0, 1)."""
    digest = hashlib.sha256(f"{seed}:{round_}:{purpose}:{i}".encode()).digest()
    return (int.from_bytes(digest[:7], "big") >> 3) / 2**53


def first_proposer(state: GameState) -> str:
    """Who opens round 1: the scenario's first_proposer, or with "lot" a side drawn from the
    game's seed (the same draw in every process), so neither side always opens."""
    first = state.scenario.settings.first_proposer
    if first != "lot":
        return first
    return PARTIES[0] if _draw(state.seed, 0, LOT, 0) < 0.5 else PARTIES[1]


def proposer(state: GameState, round_: int) -> str:
    """Who opens the talks in a round: the first proposer in odd rounds, the other side in even
    ones."""
    first = first_proposer(state)
    return first if round_ % 2 == 1 else other(first)


def start_round(state: GameState, round_: int) -> tuple[GameState, Events]:
    """Begin a round: news fires, then talks open."""
    opener = proposer(state, round_)
    state = state.evolve(
        round=round_,
        phase="negotiate",
        turn=opener,
        offer=None,
        offer_by="",
        offers=0,
        choices=(),
    )
    events: Events = [RoundStarted(round_, opener)]
    if not state.scenario.events:
        return state, events
    for n, event in enumerate(state.scenario.events):
        if event.once and event.id in state.fired:
            continue
        trigger = event.trigger
        if trigger.rounds and round_ not in trigger.rounds:
            continue
        if not _happens(state, n, trigger.probability):
            continue
        if not news.conditions_hold(state, trigger.conditions):
            continue
        state, fired = news.fire(state, event, injected=False)
        events.extend(fired)
    return state, events


def end_talks(state: GameState) -> tuple[GameState, Events]:
    """Talks are over for the round: implementation begins (skipped if nobody owes anything)."""
    state = state.evolve(phase="implement", turn="", offer=None, offer_by="", choices=())
    if any(state.obligations(p) for p in PARTIES):
        return state, []
    return verify(state)


def verify(state: GameState) -> tuple[GameState, Events]:
    """Every obligation sends the other side a noisy signal; reports become incidents."""
    tables = state.tables
    chosen = {p: dict(c) for p, c in state.choices}
    rows = [(c, p) for c in state.commitments for p in c.obliges
            if p in chosen and c.issue in chosen[p]]
    chances = draws(state, VERIFY, len(rows))
    events: Events = []
    incidents = list(state.incidents)
    ledger = list(state.ledger)
    next_id = len(incidents) + 1
    round_ = state.round
    cells: tuple[list, list] = ([], [])  # the (observer, issue) of each signal, in row order
    reports, detects, alarms = [], [], []
    for (c, p), u in zip(rows, chances, strict=True):
        defected = chosen[p][c.issue] == "defect"
        seen, alarm = state.rates(c.issue, c.option, p)
        reported = bool(u < (seen if defected else alarm))
        cells[0].append(PARTY_INDEX[other(p)])
        cells[1].append(tables.issue_index[c.issue])
        reports.append(float(reported))
        detects.append(seen)
        alarms.append(alarm)
        incident_id = 0
        if reported:
            incident_id = next_id
            next_id += 1
            incidents.append(Incident(incident_id, round_, c.issue, c.option, p, defected))
        ledger.append(LedgerEntry(round_, p, c.issue, c.option,
                                  "defect" if defected else "comply", reported, incident_id))
        events.append(Verified(round_, c.issue, p, reported, incident_id))
    beliefs = state.beliefs
    if rows:  # one signal per cell at most: each issue has one commitment, seen by the other side
        shape = (2, len(tables.issue_ids))
        signal, detect, false_alarm = np.zeros(shape), np.zeros(shape), np.zeros(shape)
        mask = np.zeros(shape, dtype=bool)
        signal[cells], detect[cells], false_alarm[cells], mask[cells] = (
            reports, detects, alarms, True)
        memory = state.scenario.trust.memory
        beliefs = trust.update(
            beliefs, tables.prior, signal, detect, false_alarm, memory, tables.theta, mask
        )
        beliefs.setflags(write=False)
    state = state.evolve(
        incidents=tuple(incidents), ledger=tuple(ledger), beliefs=beliefs, phase="respond"
    )
    if state.open_incidents():
        return state, events
    state, more = score(state)
    return state, events + more


def round_payoff(state: GameState, party: str) -> float:
    """A party's true payoff this round (the `actual` of its statement: game.core.payoff)."""
    return payoff.statement(state, party).actual


def score(state: GameState) -> tuple[GameState, Events]:
    """Bank each side's payoff, issue its statement, let sanctions fade, and move on."""
    events: Events = []
    banked = list(state.banked)
    statements = [payoff.statement(state, p) for p in PARTIES]
    for n, (p, statement) in enumerate(zip(PARTIES, statements, strict=True)):
        banked[n] += statement.actual
        events.append(RoundScored(state.round, p, statement.actual, banked[n], statement))
    events += [StatementIssued(state.round, p, s.masked()) for p, s in zip(PARTIES, statements,
                                                                            strict=True)]
    rate = state.scenario.sanctions.decay
    kept = []
    for s in state.sanctions:
        strength = trust.decay_one(s.strength, rate)
        if strength > 0:
            kept.append(SanctionInForce(s.sender, s.target, s.level, strength))
        else:
            events.append(SanctionChanged(state.round, s.sender, s.target, s.level, 0.0))
    state = state.evolve(banked=(banked[0], banked[1]), sanctions=tuple(kept))
    if state.round >= state.rounds:
        state = state.evolve(phase="over", turn="")
        scores = final_scores(state)
        events.append(
            GameOver(
                state.round,
                scores["us"].raw,
                scores["us"].normalised,
                scores["cn"].raw,
                scores["cn"].normalised,
            )
        )
        return state, events
    state, more = start_round(state, state.round + 1)
    return state, events + more


def final_scores(state: GameState) -> dict[str, Score]:
    """Banked payoff plus relationship term (the other side's mean trust in you), and 0–100."""
    tables = state.tables
    means = state.trust_mean()
    weight = state.scenario.trust.relationship_weight
    out = {}
    for n, p in enumerate(PARTIES):
        relationship = weight * float(means[1 - n].mean()) if means.shape[1] else 0.0
        raw = state.banked[n] + relationship
        zero, ideal = tables.zero[p], tables.ideal[p]
        span = ideal - zero
        normalised = 100.0 * (raw - zero) / span if span > 1e-12 else 0.0
        out[p] = Score(state.banked[n], relationship, raw, normalised)
    return out
