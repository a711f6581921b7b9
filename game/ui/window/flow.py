"""Which screen comes next: the title, hand-overs, briefs, round summaries, news, the screen for
the phase, the AI's paced moves, and the end. The flow reads only what the table says (who
it waits for, whether it is over, the events each party may see, the phase clock) and never
the game state. It also keeps the phase clock running (and stopped while the menu is open)
and watches the scenario file for an author's changes (game.ui.window.reload).
"""

from __future__ import annotations

import math
from pathlib import Path

from game.core.actions import Action
from game.core.engine import PHASES
from game.ui.saves import Game, open_game
from game.ui.window.app import App, Screen
from game.ui.window.frame import clock_text
from game.ui.window.reload import Reloaded, ReloadScreen, ScenarioWatch, reload, saved
from game.ui.window.session import Session, round_news, statements

MOVE_SCREENS = ("negotiation", "implementation", "response")  # a phase's move, made there
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
        self.file: ScenarioWatch | None = None  # the scenario file of the game, if any
        self.source = ""  # that file's path as the game's save names it

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

    def begin(self, ui: App, game: Game, watch: bool = False, session: Session | None = None
              ) -> None:
        """Play a game (new or resumed) from its first screen (or, given the session it
        continues, from where that stood)."""
        self.games.append(game)
        if game.table.paused:  # left from a menu: the clock goes on
            game.table.unpause()
        if session is None:
            session = Session(game, watch=watch)
            if session.hotseat:
                session.keyboard = ""  # nobody holds the keyboard until the first hand-over
        self.session = session
        self.watch_file(ui, game)
        self.queue, self.ended = [], set()
        self.next(ui)

    def watch_file(self, ui: App, game: Game) -> None:
        """Watch the scenario file the game was opened from (hot reload for authors)."""
        writer = game.table.writer
        source = writer.header.scenario_path if writer is not None else ""
        self.source = source
        self.file = ScenarioWatch(Path(source), ui.clock()) if source and \
            Path(source).is_file() else None

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
        obs = session.view(party)
        hints = tuple(session.hints[party].due(obs.round, obs.phase))
        if hints:
            from game.ui.window.hint import HintScreen
            screens.append(HintScreen(party, hints))
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
            log = session.shown[party].trust
            screens.append(SummaryScreen(party, round_, log[round_], log.get(round_ - 1)))
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
        hints = tuple(session.hints[party].due(session.view(party).round, "over"))
        from game.ui.window.hint import HintScreen
        self.queue = [*self.catch_up(party), *([HintScreen(party, hints)] if hints else []),
                      EndScreen(party)]
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
        """Esc on a screen with nothing to close: the menu, which stops the phase clock (or
        quit, on the title screen)."""
        from game.ui.window.help import MenuScreen
        if self.session is None:
            self.quit(ui)
            return
        table = self.session.table
        if table.time_left() is not None and not table.paused:
            table.pause()
        ui.open(MenuScreen())

    def close_overlay(self, ui: App) -> None:
        """Close the page in front (the clock goes on when the menu closes)."""
        closing = ui.top.name if ui.overlays else ""
        ui.back()
        if closing == "menu" and self.session is not None and self.session.table.paused:
            self.session.table.unpause()

    # -- the phase clock and the scenario file --------------------------------------------------
    def clock_line(self) -> str:
        """The phase clock as the header shows it ('' when the phase has no time limit)."""
        if self.session is None:
            return ""
        table = self.session.table
        return clock_text(table.time_left(), table.paused)

    def every(self, ui: App) -> float | None:
        """Seconds until the clock's figure changes or the file is looked at (None: never)."""
        waits = []
        if self.session is not None:
            left = self.session.table.time_left()
            if left is not None and not self.session.table.paused:
                waits.append(max(left - math.floor(left), 0.0) + 0.01)
        if self.file is not None:
            waits.append(max(self.file.next_look - ui.clock(), 0.0))
        return min(waits) if waits else None

    def poll(self, ui: App) -> None:
        """Keep the clock's figure true, apply the phase's defaults when time is up, and
        reload the scenario file when it was saved."""
        session = self.session
        if session is None:
            return
        if self.file is not None and self.file.changed(ui.clock()):
            news = reload(self.file.path, session.table)
            if ui.overlays and ui.top.name == "reload":  # saved again: the latest news only
                ui.back()
            ui.open(ReloadScreen(news, session.view().round if session.keyboard else
                                 session.table.view("public").round))
        if ui.scene is not None and ui.scene.clock is not None:
            text = self.clock_line()
            if text and text != ui.scene.clock.text:
                ui.scene.clock.set_text(text)
        left = session.table.time_left()
        if left is None or left > 0:
            return
        phase = session.table.view("public").phase
        if session.table.tick() is not None:  # time ran out: the phase's default was applied
            rule = PHASES[phase].default if phase in PHASES else "the phase's default applies"
            ui.notice = f"Time ran out for the {phase} phase: {rule}."
            self.queue = [s for s in self.queue if s.name not in MOVE_SCREENS]  # stale now
            if ui.screen is None or ui.screen.name in (*MOVE_SCREENS, "handover"):
                self.next(ui)  # else the player reads on; the game goes on after that page
            ui.dirty()

    def restart(self, ui: App, news: Reloaded) -> None:
        """A new game on the new version of the scenario: same seed, same sides."""
        game = self.session.game
        table = game.table
        seats = {p: table.seats[p] for p in table.seats if "." not in p}
        try:
            fresh = open_game(news.scenario, self.source, game.side, table.seed, seats,
                              game.ai, game.path.parent, timers=bool(table.timers))
        except (OSError, ValueError) as problem:
            ui.message = f"The game cannot start again: {problem}"
            return
        self.leave(game)
        self.begin(ui, fresh, watch=self.session.watch)

    def leave(self, game: Game) -> None:
        """Stop playing a game replaced by a new version of its scenario (its save stays, but
        the changed file no longer loads it, so no resume command is offered for it)."""
        game.table.close()
        if game in self.games:
            self.games.remove(game)

    def carry_on(self, ui: App, news: Reloaded) -> None:
        """The same game, its moves replayed on the new version, going on from where it is."""
        old = self.session
        try:
            game = saved(old.game, news.replay, self.source, old.game.path.parent)
        except (OSError, ValueError) as problem:
            ui.message = f"The game cannot go on with the new version: {problem}"
            return
        session = Session(game, watch=old.watch)
        session.keyboard, session.shown = old.keyboard, old.shown
        self.leave(old.game)
        self.begin(ui, game, session=session)

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
