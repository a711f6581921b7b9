"""The title screen: choose a scenario, a side, the opponent (an AI level or a second player at
this screen) and a seed; continue an unfinished game; change the settings."""

from __future__ import annotations

import contextlib
import secrets
import time
from pathlib import Path

from game.ai.difficulty import DIFFICULTIES
from game.ai.registry import describe
from game.core.scenario import other
from game.sim.scenarios import (
    DEFAULT_SCENARIO,
    ScenarioUnavailable,
    resolve_scenario,
    shipped_scenarios,
)
from game.table import HUMAN, JournalError
from game.table.keys import KeyUnavailable
from game.ui.saves import (
    DEFAULT_AI,
    CannotResume,
    SavedGame,
    open_game,
    resume,
    unfinished_saves,
)
from game.ui.text_views import count
from game.ui.window.app import App, Screen
from game.ui.window.frame import NAMES, button_row, panel, row_layout, toggles
from game.ui.window.scene import SCROLL_BAR, Scene, Scroller

HOTSEAT = "two players"
SUMMARY_LINES = 8  # a scenario card's summary when the list has room (a tall window)
SETTING_NAMES = {"text_size": "Text size", "palette": "Colours", "speed": "AI pace"}
SETTING_TIPS = {
    "text_size": "Larger text for a projector at the back of a classroom.",
    "palette": "A palette safe for colour-blind players (every colour also has a word).",
    "speed": "How long each AI move stays on screen before the next one, and how long trust "
             "meters take to slide when evidence arrives.",
}
TIMERS_TIP = ("The scenario's time for each phase, shown in the header; when it runs out the "
              "phase's defaults apply (no offer, promises kept, reports let pass). Esc pauses.")
SEED_TIP = ("The seed fixes chance (news, verification): the same seed and moves replay the "
            "same game. Type digits (empty: a fresh seed).")


class TitleScreen(Screen):
    """Choices for a new game, unfinished games to continue, and the settings."""

    name = "title"
    private = False

    def __init__(self, folder: Path | None, defaults=None) -> None:
        self.folder = folder
        self.scenarios: list | None = None  # (id, path, Scenario), loaded after the first frame
        self.saves: list[SavedGame] = []
        self.chosen = 0  # set to the flagship once the scenarios are loaded
        self.side = (getattr(defaults, "side", None) or "us").lower()
        self.opponent = getattr(defaults, "ai", None) or DEFAULT_AI
        self.seed = ""
        self.timers = bool(getattr(defaults, "timers", False))  # truce play --timers
        self.problem = ""
        self.heads: dict[str, int] = {}  # lines of each scenario card's title

    def due(self, ui: App) -> None:
        """Load the scenarios and the saves once the first frame is up."""
        found = []
        for ident, path in shipped_scenarios().items():
            try:
                found.append((ident, path, resolve_scenario(str(path))))
            except ScenarioUnavailable as problem:
                self.problem = str(problem)
        self.scenarios = found
        self.chosen = next((n for n, (ident, _, _) in enumerate(found)
                            if ident == DEFAULT_SCENARIO), 0)
        if self.folder is not None:
            self.saves = unfinished_saves(self.folder)
        ui.focus = "start"
        ui.dirty()

    def build(self, ui: App) -> Scene:
        width, height = ui.size
        theme = ui.theme
        scene = Scene(theme, width, height, title=self.name if self.scenarios is not None else "")
        m, gap = theme.space["margin"], theme.space["gap"]
        y = m
        y += scene.para(m, y, width - 2 * m, "Truce", "title", "us")
        tagline = ("Sign a deal between the United States and China, then live with it: are "
                   "words followed by actions?")
        if len(theme.wrap(tagline, "body", width - 2 * m - 4)) == 1:
            y += scene.para(m, y, width - 2 * m, tagline, "body", "muted")
        y += gap
        bottom = ui.content_bottom()
        left_w = int((width - 2 * m - gap) * 0.5)
        right_x = m + left_w + gap
        right_w = width - m - right_x
        if self.scenarios is None:
            scene.label(m, y, "Loading the scenarios…", "body")
            ui.later(0)
        else:
            self.scenario_list(ui, scene, (m, y, left_w, bottom - y))
        self.choices(ui, scene, (right_x, y, right_w, bottom - y))
        digits = {str(n): ("digit", str(n)) for n in range(10)}
        scene.keys = {**digits, "backspace": ("digit", "")}
        scene.focus = "start"
        return scene

    def scenario_list(self, ui: App, scene: Scene, rect) -> None:
        theme = ui.theme
        x, y, w, h = rect
        pad, gap = theme.space["pad"], theme.space["gap"]
        cy = panel(scene, theme, (x, y, w, h), "Scenario")
        specs = self.setting_specs(ui)
        settings_h = row_layout(theme, w - 2 * pad, [spec[1] for spec in specs])[4] + gap
        button_row(scene, theme, x + pad, y + h - pad - settings_h + gap, w - 2 * pad, specs)
        h -= settings_h
        small = theme.line_height("small")
        shown = min(3 if h > 12 * small else 1, len(self.saves))
        save_h = theme.text_height("small", 2, "chip")
        saves_h = theme.line_height("body-bold") + shown * (save_h + gap // 2) + pad \
            if shown else 0
        room = y + h - cy - saves_h - pad
        line_w = w - 2 * pad - SCROLL_BAR - theme.inset("chip")
        for limit in (SUMMARY_LINES, 3):  # whole summaries if they fit, else shortened,
            chips = [self.scenario_lines(theme, scenario, line_w, n == self.chosen, limit)
                     for n, (_, _, scenario) in enumerate(self.scenarios)]
            heights = [theme.text_height("small", len(lines), "chip") for lines in chips]
            total = sum(heights) + gap // 2 * (len(heights) - 1)
            if total <= room:  # and then the list scrolls
                break
        if total > room:
            scroller = Scroller(scene, (x + pad, cy, w - 2 * pad, room), total)
            with scene.inside(scroller):
                self.scenario_chips(scene, chips, heights, 0, 0, scroller.inner_width)
        else:
            self.scenario_chips(scene, chips, heights, x + pad, cy, w - 2 * pad)
        if shown:
            sy = y + h - saves_h
            scene.label(x + pad, sy, "Continue an unfinished game", "body-bold")
            sy += theme.line_height("body-bold")
            titles = {ident: scenario.title for ident, _, scenario in self.scenarios}
            for k, save in enumerate(self.saves[:shown]):
                rival = "a second player" if save.opponent == HUMAN else f"{save.opponent} AI"
                when = time.strftime("%d %b %H:%M", time.localtime(save.saved))
                title = titles.get(save.scenario_id, save.scenario_id)  # a file of one's own
                details = (f"{NAMES[save.side]} against {rival}, {count(save.moves, 'move')}, "
                           f"{when}")
                room = w - 2 * pad - theme.inset("chip")
                lines = [theme.fit(title, "small-bold", room), theme.fit(details, "small", room)]
                scene.chip(f"continue-{k}", (x + pad, sy, w - 2 * pad, save_h), lines,
                           ("continue", k), tip=f"Continue: {title}; {details}.", bold=1)
                sy += save_h + gap // 2

    def scenario_lines(self, theme, scenario, room: int, chosen: bool,
                       limit: int = 3) -> list[str]:
        """A scenario's card: its title and facts (marked when chosen), then its summary (at
        most `limit` lines)."""
        facts = (f"{count(scenario.settings.rounds, 'round')} · "
                 f"{count(len(scenario.issues), 'track')}")
        mark = "• " if chosen else ""
        head = theme.clip(f"{mark}{scenario.title} ({facts})", "small-bold", room, 2)
        summary = theme.clip(" ".join(scenario.summary.split()), "small", room, limit)
        self.heads[scenario.id] = len(head)
        return [*head, *summary]

    def scenario_chips(self, scene: Scene, chips, heights, x: int, y: int, w: int) -> None:
        gap = scene.theme.space["gap"] // 2
        for n, ((ident, _, scenario), lines, h) in enumerate(
                zip(self.scenarios, chips, heights, strict=True)):
            chosen = n == self.chosen
            tracks = ", ".join(i.title for i in scenario.issues)
            scene.chip(f"scenario-{ident}", (x, y, w, h), lines, ("scenario", n),
                       tip=f"{scenario.title}{' (chosen)' if chosen else ''}. Tracks: {tracks}.",
                       chosen=chosen, bold=self.heads.get(scenario.id, 1))
            y += h + gap

    def choices(self, ui: App, scene: Scene, rect) -> None:
        """The side, the opponent and the seed (scrolling if large text needs it), and the
        buttons that start, below them."""
        theme = ui.theme
        x, y, w, h = rect
        pad, gap = theme.space["pad"], theme.space["gap"]
        cy = panel(scene, theme, (x, y, w, h), "Your game")
        inner = w - 2 * pad
        specs = [
            ("start", "Start (S)", ("start",), "s", "Start a new game with these choices.",
             bool(self.scenarios)),
            ("watch", "Watch (W)", ("watch",), "w",
             "Two AIs play each other (a demonstration); you see one side's screen.",
             bool(self.scenarios)),
            ("quit", "Quit (Esc)", ("quit",), "", "Close the window."),
        ]
        need = row_layout(theme, inner, [spec[1] for spec in specs])[4]
        scroller = Scroller(scene, (x + pad, cy, inner, y + h - pad - need - gap - cy))
        with scene.inside(scroller):
            end = self.game_choices(theme, scene, scroller.inner_width - 2)
        scroller.fit(end)
        button_row(scene, theme, x + pad, y + h - pad - need, inner, specs)

    def game_choices(self, theme, scene: Scene, w: int) -> int:
        pad, gap = theme.space["pad"], theme.space["gap"]
        small = theme.line_height("small")
        scene.label(0, 0, "Your side", "small-bold")
        y = small
        y += toggles(scene, theme, 0, y, w, "side",
                     [("us", "United States (U)", "u"), ("cn", "China (H)", "h")],
                     self.side, _tip) + gap // 2
        scene.label(0, y, "Opponent", "small-bold")
        y += small
        levels = [(name, name.title(), "") for name in DIFFICULTIES]
        levels.append((HOTSEAT, "Two players at this screen", ""))
        y += toggles(scene, theme, 0, y, w, "opponent", levels, self.opponent, _tip) + gap // 2
        about = ("A second player takes the other side; a hand-over screen hides each side's "
                 "secrets." if self.opponent == HOTSEAT else describe(self.opponent))
        y += scene.para(0, y, w, about, "small", "muted") + gap // 2
        scene.label(0, y, "Phase timers", "small-bold", tip=TIMERS_TIP)
        y += small
        y += toggles(scene, theme, 0, y, w, "timers",
                     [("off", "Off", ""), ("on", "On, as in a class", "")],
                     "on" if self.timers else "off", _tip) + gap // 2
        if self.problem:
            y += scene.para(0, y, w, self.problem, "small", "warn") + gap // 2
        entry_h = theme.line_height("body") + 2 * pad
        label_w = theme.width("Seed", "small-bold") + pad
        scene.label(0, y + (entry_h - small) // 2, "Seed", "small-bold", tip=SEED_TIP)
        scene.entry("seed", (label_w, y, min(w - label_w, 320), entry_h), self.seed, SEED_TIP)
        return y + entry_h + 2

    def setting_specs(self, ui: App) -> list[tuple]:
        """The settings, as buttons."""
        settings = ui.settings
        return [(f"set-{name}", f"{label}: {getattr(settings, name)}", ("setting", name), "",
                 SETTING_TIPS[name]) for name, label in SETTING_NAMES.items()]

    # -- controller -------------------------------------------------------------------------
    def press(self, ui: App, command: object) -> None:
        kind = command[0]
        self.problem = ""
        if ui.scene is not None and "seed" in ui.scene.entries:
            self.seed = ui.scene.entries["seed"].get_text()
        if kind == "scenario":
            self.chosen = command[1]
        elif kind == "side":
            self.side = command[1]
        elif kind == "opponent":
            self.opponent = command[1]
        elif kind == "timers":
            self.timers = command[1] == "on"
        elif kind == "digit":
            self.seed = (self.seed + command[1])[:18] if command[1] else self.seed[:-1]
        elif kind == "type":
            ui.scene.entries[command[1]].focus()
            ui.keep()
        elif kind == "setting":
            ui.apply_settings(ui.settings.cycled(command[1]))
        elif kind in ("start", "watch"):
            self.start(ui, watch=kind == "watch")
        elif kind == "continue":
            self.resume(ui, self.saves[command[1]])
        elif kind == "quit":
            ui.flow.quit(ui)

    def start(self, ui: App, watch: bool) -> None:
        """Open a new game with the choices made (journalled in the saves folder)."""
        if not self.scenarios or self.folder is None:
            return
        ident, path, scenario = self.scenarios[self.chosen]
        if self.seed and not self.seed.isdigit():
            self.problem = "The seed is a whole number: type digits only."
            return
        seed = int(self.seed) if self.seed else secrets.randbelow(2**31)
        if seed >= 2**63:
            self.problem = "The seed must be below 2**63."
            return
        rival = other(self.side)
        level = DEFAULT_AI if self.opponent == HOTSEAT and watch else self.opponent
        if watch:
            seats = {self.side: level, rival: level}
        elif self.opponent == HOTSEAT:
            seats = {self.side: HUMAN, rival: HUMAN}
        else:
            seats = {self.side: HUMAN, rival: level}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            game = open_game(scenario, str(path), self.side, seed, seats,
                             HUMAN if self.opponent == HOTSEAT and not watch else level,
                             self.folder, timers=self.timers and not watch)
        except (OSError, JournalError, KeyUnavailable, ValueError) as problem:
            self.problem = f"The game cannot start: {problem}"
            return
        ui.flow.begin(ui, game, watch=watch)

    def resume(self, ui: App, save: SavedGame) -> None:
        """Continue an unfinished game from its save."""
        try:
            game = resume(save.path, self.folder)
        except CannotResume as problem:
            self.problem = str(problem)
            with contextlib.suppress(ValueError):
                self.saves.remove(save)
            return
        ui.flow.begin(ui, game)


def _tip(group: str, value: str) -> str:
    if group == "timers":
        return TIMERS_TIP if value == "on" else "No time limit on any phase."
    if group == "side":
        return f"Lead the {NAMES[value]} delegation."
    if value == HOTSEAT:
        return "Two people at one screen, one per side."
    return describe(value)
