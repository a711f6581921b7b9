"""Scoring a round: the one place a party's round payoff is computed, item by item.

A party's statement for a round lists each commitment implemented that round (and each
one-off act done earlier, which pays from its round on), valued as signed (what it brings
if the other side kept its word), its own defection gain, the status quo of the issues where
nothing was implemented, the sanctions it paid and sent, and two totals: `expected` (as if
the other side kept every promise: all a party may know during the game) and `actual` (what
it really banked). A commitment the other side broke pays the issue's status quo. The engine
banks `actual`; the party is shown the statement with the other side's deeds masked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from game.core.plain import added, quick_init
from game.core.scenario import other
from game.core.state import PARTY_INDEX, GameState, LedgerEntry, SanctionInForce


@quick_init
@dataclass(frozen=True)
class StatementItem:
    """One commitment in a round statement, valued as signed (as if the other side kept it)."""

    issue: str
    option: str
    value: float  # weight x value then: what it brings if the other side kept its word
    gain: float  # weight x temptation banked by breaking it (0 if kept or not owed)
    did: str  # the party's own deed: "comply", "defect", or "" if it owed nothing this round
    kept: bool | None  # the other side kept it (True if it owed nothing); None while secret
    earned: float | None  # the value really earned (value if kept, else the status quo);
    # None while secret


@quick_init
@dataclass(frozen=True)
class RoundStatement:
    """A party's payoff for one round as far as it may know: `expected` assumes the other side
    kept its word; `actual` (what was really banked) is None while it is secret."""

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
    status_quo: float = added(0.0)  # weight x status quo of the issues without an item

    def masked(self) -> RoundStatement:
        """The statement as its party sees it during the game: nothing of the other side's deeds."""
        items = tuple(
            StatementItem(i.issue, i.option, i.value, i.gain, i.did, None, None)
            for i in self.items
        )
        return RoundStatement(self.round, self.party, items, self.no_deal, self.sanctions_paid,
                              self.sanctions_sent, self.expected, None, self.worth,
                              self.sanctions, self.status_quo)


def _rows(ledger: tuple[LedgerEntry, ...], round_: int) -> dict[str, list[LedgerEntry]]:
    """A round's ledger rows by issue (the ledger is in round order)."""
    by_issue: dict[str, list[LedgerEntry]] = {}
    for e in ledger:
        if e.round == round_:
            by_issue.setdefault(e.issue, []).append(e)
    return by_issue


def _kept(did: Mapping[str, str], party: str, act: bool) -> bool:
    """Whether a commitment pays `party` its value: the other side honoured it (or owes
    nothing); a one-off act owed by `party` alone pays only if `party` did it."""
    q = other(party)
    if act and q not in did:
        return did.get(party, "comply") == "comply"
    return did.get(q, "comply") == "comply"


def statement(state: GameState, party: str) -> RoundStatement:
    """A party's statement for the current round: its commitments as implemented (from this
    round's ledger rows) and one-off acts done earlier, the status quo of every other issue,
    the no-deal payoff in a round with no commitment at all, less the sanctions in force."""
    tables = state.tables
    n = PARTY_INDEX[party]
    by_issue: dict[str, list[LedgerEntry]] = {}
    ledger = state.ledger
    first = len(ledger)
    while first and ledger[first - 1].round == state.round:  # this round's rows come last
        first -= 1
    for e in ledger[first:]:
        by_issue.setdefault(e.issue, []).append(e)
    done = {}  # one-off acts done (or not) in an earlier round: issue -> that round's rows
    for c in state.commitments if tables.due else ():
        if c.due and c.due < state.round and c.issue not in by_issue:
            rows = _rows(ledger, c.due).get(c.issue)
            if rows:
                done[c.issue] = rows
    items = []
    actual = 0.0
    moving = tables.any_status_quo or bool(state.status_quo_adj)  # else every status quo is 0
    weights = state.weights[n]
    for issue, rows in (*by_issue.items(), *done.items()):
        option = rows[0].option
        did = {e.party: e.did for e in rows}
        kept = _kept(did, party, (issue, option) in tables.due)
        weight = weights[tables.issue_index[issue]]
        value = state.value(party, issue, option)
        still = state.status_quo(party, issue) if moving else 0.0
        temptation = tables.option[(issue, option)].temptation.get(party, 0.0)
        now = issue in by_issue
        defected = now and did.get(party) == "defect"
        actual += weight * ((value if kept else still) + (temptation if defected else 0.0))
        worth = weight * value
        items.append(StatementItem(issue, option, worth, weight * temptation if defected else 0.0,
                                   did.get(party, "") if now else "", kept,
                                   worth if kept else weight * still))
    status_quo = 0.0
    if moving:
        covered = {i.issue for i in items}
        for k, issue in enumerate(tables.issue_ids):
            if issue not in covered:
                status_quo += state.weights[n][k] * state.status_quo(party, issue)
    actual += status_quo
    no_deal = 0.0 if items else state.scenario.parties[party].no_deal
    if not items:
        actual += no_deal
    paid = sent = 0.0
    for s in state.sanctions:
        level = tables.levels[s.level]
        if s.target == party:
            actual -= level.cost_target * s.strength
            paid += level.cost_target * s.strength
        if s.sender == party:
            actual -= level.cost_sender * s.strength
            sent += level.cost_sender * s.strength
    expected = sum(i.value + i.gain for i in items) + no_deal + status_quo - paid - sent
    return RoundStatement(state.round, party, tuple(items), no_deal, paid, sent, expected,
                          actual, worth_table(state, party), state.sanctions, status_quo)


def worth_table(state: GameState, party: str) -> Mapping[str, Mapping[str, float]]:
    """Issue -> option -> weight x value for a party now: read-only, and kept per scenario for
    the weights and news shifts it was built from (games of a scenario share most of them)."""
    n = PARTY_INDEX[party]
    key = ("worth", party, state.weights[n], state.value_adj, state.status_quo_adj)
    shared = state.tables.shared
    table = shared.get(key)
    if table is None:
        tables = state.tables
        table = MappingProxyType({
            k: MappingProxyType({
                o: state.weights[n][tables.issue_index[k]] * state.value(party, k, o)
                for o in tables.options[k]
            })
            for k in tables.issue_ids
        })
        if len(shared) >= SHARED_LIMIT:
            shared.clear()
        shared[key] = table
    return table


SHARED_LIMIT = 1024  # worth tables kept per scenario; past that the memo starts again
