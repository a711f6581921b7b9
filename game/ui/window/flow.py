"""Which screen comes next: the title, hand-overs, briefs, round summaries, news, the screen for
the phase, the AI's paced moves, and the end. The flow reads only what the table says (who
it waits for, whether it is over, the events each party may see) and never the game state.
"""

from __future__ import annotations

from pathlib import Path

from game.core.actions import Action
from game.ui.saves import Game
from game.ui.window.app import App, Screen
from game.ui.window.session import Session, round_news, statements

AUTO_SCREENS = 4.0  # watching: a summary or news screen stays up this many paces


class Flow:
    """Decides the screens of one window: a title screen, then games, until the window closes."""

    def __init__(self, game: Game | None = None, *, watch: bool = False,
                 folder: Path | None = None, defaults=None, end_after: bool = False) -> None:
        self.session: Session | None = None
        self.first = game
        self.watch = watch
        self.folder = folder
        self.defaults = defaults  # the title screen's starting choices
        self.end_after = end_after  # close the window once the end screen is shown
        self.queue: list[Screen] = []
        self.ended: set[str] = set()
        self.games: list[Game] = []  # every game opened in this window (closed on exit)

    @property
    def warning(self) -> str:
        return self.session.warning if self.session is not None else ""

    # -- starting -------------------------------------------------------------------------------
    def start(self, ui: App) -> None:
        """The first screen: the game given on the command line, else the title screen."""
        if self.first is not None:
            self.begin(ui, self.first, watch=self.watch)
        else:
            from game.ui.window.title import TitleScreen
            ui.show(TitleScreen(self.folder, self.defaults))

    def begin(self, ui: App, game: Game, watch: bool = False) -> None:
        """Play a game (new or resumed) from its first screen."""
        self.games.append(game)
        self.session = Session(game, watch=watch)
        if self.session.hotseat:
            self.session.keyboard = ""  # nobody holds the keyboard until the first hand-over
        self.queue, self.ended = [], set()
        self.next(ui)

    # -- the order of screens -------------------------------------------------------------------
    def next(self, ui: App) -> None:
        """Show what comes next for whoever is at the keyboard."""
        session = self.session
        if session is None:
            return
        if self.queue:
            ui.show(self.queue.pop(0))
            if session.watch:
                ui.later(ui.theme.pace * AUTO_SCREENS)
            return
        if session.watch:
            self.watching(ui)
        elif session.table.over:
            self.ending(ui)
        elif session.owed():
            self.turn(ui)
        elif session.bots_to_move():
            self.waiting(ui)

    def turn(self, ui: App) -> None:
        """A person owes a move: hand over if needed, catch up, then the phase's screen."""
        session = self.session
        owed = session.owed()
        party = session.keyboard if session.keyboard in owed else owed[0]
        if party != session.keyboard:
            from game.ui.window.handover import HandoverScreen
            ui.show(HandoverScreen(party))
            return
        screens = self.catch_up(party)
        if not session.shown[party].briefed:
            from game.ui.window.briefing import BriefingScreen
            session.shown[party].briefed = True
            screens.insert(0, BriefingScreen(party))
        screens.append(self.phase_screen(party))
        self.queue = screens
        ui.show(self.queue.pop(0))

    def phase_screen(self, party: str) -> Screen:
        """The screen for the phase the game is in."""
        phase = self.session.view(party).phase
        if phase == "implement":
            from game.ui.window.implementation import ImplementationScreen
            return ImplementationScreen(party)
        if phase == "respond":
            from game.ui.window.response import ResponseScreen
            return ResponseScreen(party)
        from game.ui.window.negotiation import NegotiationScreen
        return NegotiationScreen(party)

    def catch_up(self, party: str) -> list[Screen]:
        """Round summaries and news the party has not been shown yet, in order."""
        from game.ui.window.news import NewsScreen
        from game.ui.window.summary import SummaryScreen
        session = self.session
        events = session.unseen(party)
        obs = session.view(party)
        screens: list[Screen] = []
        found = statements(events, party)
        for round_, index in found:
            session.record_trust(party, round_, events[index + 1:], obs)
            screens.append(SummaryScreen(party, round_, session.shown[party].trust[round_]))
        for round_, news in sorted(round_news(events).items()):
            screens.append(NewsScreen(party, round_, tuple(news)))
        return screens

    def waiting(self, ui: App) -> None:
        """The AI owes a move: show the table as the keyboard party sees it, move after a pause."""
        from game.ui.window.negotiation import NegotiationScreen
        party = self.session.keyboard or self.session.humans[0]
        if not isinstance(ui.screen, NegotiationScreen) or ui.overlays:
            ui.show(NegotiationScreen(party))
        ui.later(ui.theme.pace)

    def watching(self, ui: App) -> None:
        """Watch mode: the watched side's table, its summaries and news, then the end."""
        from game.ui.window.negotiation import NegotiationScreen
        session = self.session
        party = session.keyboard
        screens = self.catch_up(party)
        if screens:
            self.queue = screens
            self.next(ui)
            return
        if session.table.over:
            self.ending(ui)
            return
        if not isinstance(ui.screen, NegotiationScreen):
            ui.show(NegotiationScreen(party, watching=True))
        ui.later(ui.theme.pace)

    def ending(self, ui: App) -> None:
        """Game over: each party at this screen gets its debrief (hand-overs between)."""
        from game.ui.window.ending import EndScreen
        from game.ui.window.handover import HandoverScreen
        session = self.session
        people = session.humans or (session.keyboard,)
        pending = [p for p in people if p not in self.ended]
        if not pending:
            return
        party = session.keyboard if session.keyboard in pending else pending[0]
        if party != session.keyboard:
            ui.show(HandoverScreen(party))
            return
        self.ended.add(party)
        if self.end_after:
            ui.quit_when_shown = EndScreen.name
        self.queue = [*self.catch_up(party), EndScreen(party)]
        self.next(ui)

    def due(self, ui: App) -> None:
        """Time is up for a paced screen or an AI move."""
        session = self.session
        if session is None:
            if hasattr(ui.screen, "due"):
                ui.screen.due(ui)
            return
        if session.watch and self.queue:
            self.next(ui)
            return
        if session.bots_to_move():
            session.bot_move()
            ui.dirty()
        self.next(ui)

    # -- commands from screens ------------------------------------------------------------------
    def act(self, ui: App, action: Action, version: int) -> None:
        """Send the keyboard party's move; on refusal say why and stay."""
        problem = self.session.submit(action, version)
        if problem:
            ui.message = problem
            ui.dirty()
            return
        self.next(ui)

    def done(self, ui: App) -> None:
        """The screen in front was read: move on."""
        self.next(ui)

    def take_keyboard(self, ui: App, party: str) -> None:
        """A hand-over is complete: `party` holds the keyboard."""
        self.session.keyboard = party
        self.next(ui)

    def help(self, ui: App) -> None:
        from game.ui.window.help import HelpScreen
        ui.open(HelpScreen())

    def overlay(self, ui: App, kind: str) -> None:
        """The brief or the trust and ledger page, over a screen that may show private things."""
        if self.session is None or ui.top is None or not ui.top.private:
            return
        party = self.session.keyboard
        if not party:
            return
        if kind == "brief":
            from game.ui.window.briefing import BriefingScreen
            ui.open(BriefingScreen(party, overlay=True))
        else:
            from game.ui.window.trust import TrustScreen
            ui.open(TrustScreen(party))

    def escape(self, ui: App) -> None:
        """Esc on a screen with nothing to close: the menu (or quit, on the title screen)."""
        from game.ui.window.help import MenuScreen
        if self.session is None:
            self.quit(ui)
        else:
            ui.open(MenuScreen())

    def quit(self, ui: App) -> None:
        """Close the window; every move made is already saved."""
        ui.stop(ui.exit_code)

    def to_title(self, ui: App) -> None:
        """Leave the game (it is saved) for the title screen."""
        from game.ui.window.title import TitleScreen
        self.session = None
        self.queue = []
        ui.due = None
        ui.show(TitleScreen(self.folder, self.defaults))
