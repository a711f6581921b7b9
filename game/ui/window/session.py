"""A game in the window: the table, the parties people play, who is at the keyboard, and what
each of them has been shown. Screens read `view()` and `events_since` through it, never state.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.core.actions import Action
from game.core.events import GameEvent, NewsFired, StatementIssued
from game.core.observe import Observation
from game.core.scenario import PARTIES, Role
from game.table import HUMAN, IllegalMove, JournalError, OutOfTurn, StaleVersion, Table, WrongSeat
from game.ui.hints import HintBook
from game.ui.saves import Game
from game.ui.text import trust_before
from game.ui.text_views import in_words


@dataclass
class Shown:
    """What one party at the keyboard has been shown: events up to a version, its brief, and
    its trust at the end of each round (for the chart at the end)."""

    version: int = -1
    briefed: bool = False
    trust: dict[int, dict[str, float]] = field(default_factory=dict)  # round -> issue -> mean
    meters: dict[str, tuple[float, float]] = field(default_factory=dict)  # issue -> (mean, sd)


class Session:
    """One game on a table as the window plays it (solo, two players at one screen, or
    watching two AIs)."""

    def __init__(self, game: Game, watch: bool = False) -> None:
        self.game = game
        self.table: Table = game.table
        self.watch = watch  # both sides are AIs; the window shows `game.side`'s screen
        self.humans = () if watch else (game.humans or (game.side,))
        self.keyboard = game.side if watch or game.side in self.humans else self.humans[0]
        self.shown = {p: Shown() for p in PARTIES}
        self.hints = {p: HintBook(self.table.scenario.hints, p) for p in PARTIES}  # each once
        if self.table.version:  # resumed: earlier rounds' hints stay unsaid
            for book in self.hints.values():
                book.skip_to(self.table.state.round)
        self.warning = game.warning
        for party in (self.humans or (game.side,)):
            if self.table.version == 0:  # the prior, before any evidence (round 0)
                obs = self.table.view(party)
                before = trust_before(obs.history, obs)
                self.shown[party].trust[0] = before
            else:  # a resumed game goes on from the last round summary (the window does not
                self.shown[party].version = last_summary(self.table, party)  # know who saw
                self.shown[party].trust = past_trust(self.table, party)  # it), chart from 0

    @property
    def hotseat(self) -> bool:
        """Two people at one screen."""
        return len(self.humans) == 2

    def view(self, party: str | None = None) -> Observation:
        """What the party at the keyboard (or `party`) may know now."""
        return self.table.view(party or self.keyboard)

    def roles(self, party: str) -> tuple[Role, ...]:
        """The roles of a delegation (several students may share its seat), each as its own
        role seat sees it."""
        ids = [r.id for r in self.table.scenario.parties[party].roles]
        return tuple(self.table.view(f"{party}.{ident}").role for ident in ids)

    def submit(self, action: Action, version: int) -> str:
        """Send the keyboard party's action; '' if accepted, else why not in one line."""
        try:
            self.table.submit(self.keyboard, action, version)
        except IllegalMove as illegal:
            return f"That is not allowed: {in_words(self.view(), illegal.illegal.reason)}."
        except (StaleVersion, OutOfTurn, WrongSeat) as refusal:
            return f"That move was not made: {refusal}."
        except JournalError as problem:
            return (f"Your move could not be saved, so it was not made: {problem}. Free some "
                    "space or fix the folder, then try again.")
        return ""

    def owed(self) -> tuple[str, ...]:
        """The parties at this screen the game waits for now."""
        if self.watch:
            return ()
        return tuple(p for p in self.table.humans_owed() if p in self.humans)

    def bots_to_move(self) -> bool:
        """Whether an AI owes a move now."""
        return not self.table.over and any(p in self.table.bots
                                           for p in self.table.waiting_for())

    def bot_move(self) -> int:
        """Let the AI make one move (game.table.AgentFailed if it fails); how many it made."""
        return len(self.table.run_bots(max_moves=1))

    def unseen(self, party: str) -> tuple[GameEvent, ...]:
        """Events the party may see that it has not been shown yet (marks them shown)."""
        shown = self.shown[party]
        updates = self.table.events_since(party, shown.version)
        shown.version = self.table.version
        return tuple(u.event for u in updates)

    def shown_trust(self, party: str, obs: Observation) -> dict[str, tuple[float, float]]:
        """The trust the party's meters last showed (they slide from there to `obs`'s), and
        note `obs`'s as shown."""
        before = dict(self.shown[party].meters)
        self.shown[party].meters = dict(obs.own.trust)
        return before

    def record_trust(self, party: str, round_: int, events: tuple[GameEvent, ...],
                     obs: Observation) -> None:
        """Note the party's trust at the end of a round (its later news shifts undone)."""
        self.shown[party].trust[round_] = trust_before(events, obs)


# what news may change, shown on its card: the seat's figures and the table itself
NEWS_EFFECT_KINDS = ("weight", "value", "trust", "reveal", "option", "verification", "status-quo")


def round_news(events: tuple[GameEvent, ...]) -> dict[int, list[GameEvent]]:
    """News and its effects grouped by round (NewsFired and what followed it in that round)."""
    out: dict[int, list[GameEvent]] = {}
    for e in events:
        if isinstance(e, NewsFired) or e.kind in NEWS_EFFECT_KINDS:
            out.setdefault(e.round, []).append(e)
    return {r: es for r, es in out.items() if any(isinstance(e, NewsFired) for e in es)}


def statements(events: tuple[GameEvent, ...], party: str) -> list[tuple[int, int]]:
    """(round, index in events) of each round statement the party received."""
    return [(e.round, n) for n, e in enumerate(events)
            if isinstance(e, StatementIssued) and e.party == party]


def past_trust(table: Table, party: str) -> dict[int, dict[str, float]]:
    """The party's trust before the first round and at the end of each round played, as the
    window records it while playing: the moves replayed on a table of its own (trust is in
    no event), so a game resumed after the bell keeps its whole chart."""
    scratch = Table.open(table.scenario, table.seed, {p: HUMAN for p in PARTIES}, timers={})
    obs = scratch.view(party)
    out = {0: trust_before(obs.history, obs)}
    for action in table.record().actions:
        version = scratch.version
        scratch.apply_log((action,))
        events = tuple(u.event for u in scratch.events_since(party, version))
        found = statements(events, party)
        if found:
            obs = scratch.view(party)
            for round_, index in found:
                out[round_] = trust_before(events[index + 1:], obs)
    return out


def last_summary(table: Table, party: str) -> int:
    """The version just before the party's last round statement (-1 before any): from there
    a resumed game shows it that summary and this round's news again, which it may not have
    seen before the game was left."""
    versions = [u.version for u in table.events_since(party, -1)
                if isinstance(u.event, StatementIssued) and u.event.party == party]
    return max(versions, default=0) - 1
