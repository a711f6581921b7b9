"""The terminal game: one human seat against an AI agent, with numbered menus and plain lines.

The game runs on a table (game.table): the player only ever sees the table's view for its
side and the events that side may see; the AI plays its seat through the table too. Every
accepted move is journalled by the table before it is shown, so the game can stop at any
prompt and resume from its save.
"""

from __future__ import annotations

import contextlib

from game.core import analysis
from game.core.events import (
    GameEvent,
    Responded,
    SanctionChanged,
    StatementIssued,
    TrustShifted,
    ValueShifted,
    WeightChanged,
    seen_by,
)
from game.core.observe import Observation
from game.core.scenario import other
from game.report.debrief import played_analysis
from game.table import IllegalMove, JournalError, Table
from game.ui.hints import HintBook
from game.ui.text_console import Command, Console, QuitRequested
from game.ui.text_events import event_lines, news_changes, verification_lines
from game.ui.text_report import final_lines, round_summary
from game.ui.text_turns import PHASE_TURNS, PlayerTurns
from game.ui.text_views import NAMES, brief_lines, count, in_words, ledger_lines, status_lines

DELEGATION = {"us": "US delegation", "cn": "Chinese delegation"}
HELP = (
    "How a round works:",
    "Talks: offers go back and forth until one is accepted, or talks end.",
    "Implementation: each side secretly keeps or breaks each commitment it signed.",
    "Verification: noisy checks may report a violation, or raise a false alarm.",
    "Response: the wronged side lets it pass, protests, sanctions, or suspends the commitment.",
    "Scoring: each side banks what the round was worth to it. You see it valued as signed "
    "(as if the other side kept its word); what you really banked is revealed at the end.",
)
NEWS_EFFECTS = (WeightChanged, ValueShifted, TrustShifted)



class TextGame(PlayerTurns):
    """A terminal game in progress on a table: the player's side and what it has been shown."""

    def __init__(
        self,
        table: Table,
        side: str,
        console: Console,
        notes: tuple[str, ...] = (),
        opponent: str = "",
    ) -> None:
        self.notes = notes  # printed after the opening (e.g. where the game is saved)
        self.table = table
        self.side = side
        self.opponent = opponent or "an AI"
        self.console = console
        self.shown = table.version  # the version up to which events have been shown
        self.offer_shown: tuple | None = None  # the last offer printed, not to print it twice
        self.told: set[str] = set()
        self.warning = ""  # said on every screen that shows the game (an unverified save)
        self.hints = HintBook(table.scenario.hints, side)  # a guided scenario's tips
        console.commands.update(
            {
                "brief": Command("your confidential brief and valuations", self.show_brief),
                "status": Command("score, commitments, sanctions and trust", self.show_status),
                "ledger": Command("the promise ledger", self.show_ledger),
                "rules": Command("how a round works", lambda: console.say(*HELP)),
            }
        )

    @property
    def obs(self) -> Observation:
        """The player's view now."""
        return self.table.view(self.side)

    def show_brief(self) -> None:
        self.console.say(*brief_lines(self.obs))

    def show_status(self) -> None:
        self.console.say(*self.warned(status_lines(self.obs)))

    def warned(self, lines: list[str]) -> list[str]:
        """Lines with the save's warning first, if it has one."""
        return [self.warning, *lines] if self.warning else lines

    def show_ledger(self) -> None:
        self.console.say(*self.warned(ledger_lines(self.obs)))


    def intro(self) -> None:
        """The opening: scenario, sides, round one's news, the brief, and how to play."""
        obs = self.obs
        say = self.console.say
        say(f"Truce: {obs.title}", " ".join(self.table.scenario.summary.split()), "")
        say(
            f"You lead the {DELEGATION[self.side]}; the AI plays {NAMES[other(self.side)]}.",
            f"Your opponent: {self.opponent}",
            f"The game lasts {count(obs.rounds, 'round')}.",
        )
        self.show_events(obs.history)  # round 1 opens with its news
        changed = any(isinstance(e, (WeightChanged, ValueShifted)) and e.party == self.side
                      for e in obs.history)
        say("")
        lines = brief_lines(self.obs)
        if changed:
            lines[0] = "Your confidential brief, with the figures as they stand after this news:"
        say(*lines)
        say("", *HELP, "")
        words = ", ".join(["help", *self.console.commands])
        say(f"At any prompt type a number, or {words} or quit.")

    def run(self) -> Observation:
        """Play until the game is over (QuitRequested, EOFError or KeyboardInterrupt stop it;
        an AI that fails raises game.table.AgentFailed, an AI move that cannot be saved
        JournalError). Returns the player's final view."""
        if not self.table.version:
            self.intro()
            for note in self.notes:
                self.console.write(note)
        else:
            self.console.say(f"Your opponent: {self.opponent}")
            for note in self.notes:
                self.console.write(note)
            if self.table.over:
                self.console.say("This game is over; here is how it ended.")
            else:
                self.console.say(f"Resuming: round {self.table.state.round}.")
                self.hints.skip_to(self.table.state.round)
                self.show_status()
                self.show_reports()
        while not self.table.over:
            if self.side in self.table.humans_owed():
                self.player_turn()
            else:
                self.table.run_bots()
                self.show_new()
        self.console.say(*self.warned(final_lines(self.obs, self.deal_analysis())))
        self.show_hints(self.obs.round, "over")
        self.farewell()
        return self.obs

    def show_reports(self) -> None:
        """When resuming during the responses, this round's verification again: what was
        reported, against whom (the answers still to give follow)."""
        obs = self.obs
        if obs.phase != "respond":
            return
        checks = [u.event for u in self.table.events_since(self.side, 0)
                  if u.event.kind == "verify" and u.event.round == obs.round]
        if checks:
            self.console.say(*verification_lines(checks, obs))

    def farewell(self) -> None:
        """The last prompt, so that the ledger, status and brief stay one word away after the
        debrief (which already gives each side's record issue by issue)."""
        with contextlib.suppress(EOFError, QuitRequested):
            self.console.choose(["", "The game is over. Type ledger for the whole promise "
                                 "ledger, status or brief; or:"], ["Finish"], default=0)

    def player_turn(self) -> None:
        """Ask the player for an action until the table accepts one."""
        while True:
            obs = self.obs
            self.show_hints(obs.round, obs.phase)
            action = PHASE_TURNS[obs.phase](self, obs)
            if action is None:
                continue
            try:
                self.table.submit(self.side, action, obs.version)
            except IllegalMove as illegal:
                self.console.say(f"That is not allowed: {in_words(obs, illegal.illegal.reason)}.")
                continue
            except JournalError as problem:
                self.console.say(f"Your move could not be saved, so it was not made: {problem}",
                                 "Free some space or fix the folder, then try again "
                                 "(or type quit: the game is saved up to your last move).")
                continue
            self.show_new()
            return

    def show_hints(self, round_: int, phase: str) -> None:
        """The scenario's hints for this moment, each once, set apart from the game's lines."""
        for hint in self.hints.due(round_, phase):
            self.console.say("", f"Hint: {' '.join(hint.text.split())}")

    def show_new(self) -> None:
        """Show the events the player has not seen yet."""
        updates = self.table.events_since(self.side, self.shown)
        self.shown = self.table.version
        self.show_events(tuple(u.event for u in updates))

    def deal_analysis(self) -> analysis.DealAnalysis | None:
        """The Pareto frontier and Nash solution of the game as played, for the debrief (every
        option that was on the table at some time; None if too big)."""
        return played_analysis(self.table.scenario, self.table.view(self.side))


    def show_events(self, events: tuple[GameEvent, ...]) -> None:
        """Print visible events in order: verification results batched, news with what it
        changed for the player, and when a round is scored its summary, as the round stood
        (before the next round's news, which follows under its own round)."""
        obs = self.obs
        checks: list[GameEvent] = []
        news: list[GameEvent] = []
        for n, event in enumerate(events):
            if not seen_by(event, self.side) or event.kind in ("score", "flag"):
                continue  # once the game is over every event is shown; the debrief tells it
            if isinstance(event, StatementIssued):
                if event.party == self.side:
                    if checks:
                        self.console.say(*verification_lines(checks, obs))
                        checks = []
                    then = trust_before(events[n + 1 :], obs)
                    self.console.say(*round_summary(obs, event.round, then))
                continue
            if isinstance(event, NEWS_EFFECTS):
                news.append(event)
                continue
            if event.kind == "verify":
                checks.append(event)
                continue
            if checks:
                self.console.say(*verification_lines(checks, obs))
                checks = []
            if news:
                self.console.say(*news_changes(news, obs))
                news = []
            if imposed_by_answer(event, events[n - 1] if n else None):
                continue  # the answer just shown named the sanction
            self.console.say(*event_lines(event, obs))
            if event.kind == "offer":
                self.offer_shown = event.terms
        if checks:
            self.console.say(*verification_lines(checks, obs))
        if news:
            self.console.say(*news_changes(news, obs))


def imposed_by_answer(event: GameEvent, before: GameEvent | None) -> bool:
    """Whether a sanction coming into force is the answer to an incident just shown."""
    return (isinstance(event, SanctionChanged) and isinstance(before, Responded)
            and event.strength > 0 and before.response == event.level
            and before.party == event.sender)


def trust_before(events: tuple[GameEvent, ...], obs: Observation) -> dict[str, float]:
    """The player's mean trust per issue before some events (its news trust shifts undone)."""
    means = {k: v[0] for k, v in obs.own.trust.items()}
    for event in reversed(events):
        if isinstance(event, TrustShifted) and event.observer == obs.party:
            means[event.issue] = event.before
    return means
