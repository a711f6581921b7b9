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
from game.ui.window.app import App, Screen
from game.ui.window.frame import NAMES, button_row, panel, row_layout, wrapped_button
from game.ui.window.scene import Button, Scene

HOTSEAT = "two players"
SETTING_NAMES = {"text_size": "Text size", "palette": "Colours", "speed": "AI pace"}
SETTING_TIPS = {
    "text_size": "Larger text for a projector at the back of a classroom.",
    "palette": "A palette safe for colour-blind players (every colour also has a word).",
    "speed": "How long each AI move stays on screen before the next one.",
}


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
        self.problem = ""

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
        scene = Scene(width, height, title=self.name if self.scenarios is not None else "")
        m, gap = theme.space["margin"], theme.space["gap"]
        y = m
        y += scene.para(theme, m, y, width - 2 * m, "Truce", "title", "us")
        tagline = ("Sign a deal between the United States and China, then live with it: are "
                   "words followed by actions?")
        if len(theme.wrap(tagline, "body", width - 2 * m)) == 1:
            y += scene.para(theme, m, y, width - 2 * m, tagline, "body", "muted")
        y += gap
        bottom = ui.content_bottom()
        left_w = int((width - 2 * m - gap) * 0.5)
        right_x = m + left_w + gap
        right_w = width - m - right_x
        if self.scenarios is None:
            scene.text(theme, m, y, "Loading the scenarios…", "body")
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
        saves_h = 0
        shown = min(3 if h > 12 * theme.line_height("small") else 1, len(self.saves))
        if shown:
            saves_h = theme.line_height("body-bold") + shown * (
                theme.line_height("small") + 2 * pad + gap // 2) + pad
        room = y + h - cy - saves_h - pad
        per = max((room - gap * (len(self.scenarios) - 1)) // max(len(self.scenarios), 1),
                  3 * theme.line_height("small"))
        for n, (ident, _, scenario) in enumerate(self.scenarios):
            lines = max(1, per // theme.line_height("small") - 1)
            facts = f"{scenario.settings.rounds} rounds · {len(scenario.issues)} tracks"
            summary = theme.wrap(" ".join(scenario.summary.split()), "small", w - 4 * pad)
            mark = "• " if n == self.chosen else ""
            text = [theme.fit(f"{mark}{scenario.title} ({facts})", "small", w - 4 * pad)]
            text += list(summary[: lines - 1])
            tracks = ", ".join(i.title for i in scenario.issues)
            scene.button(Button(f"scenario-{ident}", (x + pad, cy + n * (per + gap), w - 2 * pad,
                                                      per), tuple(text), ("scenario", n),
                                tip=f"{scenario.title}. Tracks: {tracks}.",
                                chosen=n == self.chosen, role="small", style="chip"))
        if shown:
            sy = y + h - saves_h
            scene.text(theme, x + pad, sy, "Continue an unfinished game", "body-bold")
            sy += theme.line_height("body-bold")
            for k, save in enumerate(self.saves[:shown]):
                rival = "a second player" if save.opponent == HUMAN else f"{save.opponent} AI"
                when = time.strftime("%d %b %H:%M", time.localtime(save.saved))
                label = (f"{save.scenario_id}: {NAMES[save.side]} against {rival}, "
                         f"{save.moves} moves, {when}")
                bh = theme.line_height("small") + 2 * pad
                scene.button(wrapped_button(theme, f"continue-{k}", (x + pad, sy, w - 2 * pad,
                                                                      bh), label,
                                            ("continue", k), tip=f"Continue {save.path.name}",
                                            role="small", style="quiet"))
                sy += bh + gap // 2

    def choices(self, ui: App, scene: Scene, rect) -> None:
        theme = ui.theme
        x, y, w, h = rect
        pad, gap = theme.space["pad"], theme.space["gap"]
        cy = panel(scene, theme, (x, y, w, h), "Your game")
        inner = w - 2 * pad
        small = theme.line_height("small")
        scene.text(theme, x + pad, cy, "Your side", "small-bold")
        cy += small
        cy += self.toggles(scene, theme, x + pad, cy, inner, "side",
                           [("us", "United States (U)", "u"), ("cn", "China (H)", "h")],
                           self.side) + gap // 2
        scene.text(theme, x + pad, cy, "Opponent", "small-bold")
        cy += small
        levels = [(name, name.title(), "") for name in DIFFICULTIES]
        cy += self.toggles(scene, theme, x + pad, cy, inner, "opponent", levels,
                           self.opponent) + gap // 2
        cy += self.toggles(scene, theme, x + pad, cy, inner, "opponent",
                           [(HOTSEAT, "Two players at this screen", "")], self.opponent)
        about = ("A second player takes the other side; a hand-over screen hides each side's "
                 "secrets." if self.opponent == HOTSEAT else describe(self.opponent))
        room = (y + h - cy - 3 * theme.line_height("body")) // small
        cy += scene.para(theme, x + pad, cy, inner, about, "small", "muted",
                         limit=max(1, min(2, room))) + gap // 2
        cy += gap // 2
        if self.problem:
            cy += scene.para(theme, x + pad, cy, inner, self.problem, "small", "warn",
                             limit=2)
        specs = [
            ("start", "Start (S)", ("start",), "s", "Start a new game with these choices.",
             bool(self.scenarios)),
            ("watch", "Watch (W)", ("watch",), "w",
             "Two AIs play each other (a demonstration); you see one side's screen.",
             bool(self.scenarios)),
            ("quit", "Quit (Esc)", ("quit",), "", "Close the window."),
        ]
        need = row_layout(theme, inner, [spec[1] for spec in specs])[4]
        button_row(scene, theme, x + pad, max(cy, y + h - pad - need), inner, specs)

    def setting_specs(self, ui: App) -> list[tuple]:
        """The seed and the settings, as buttons."""
        seed = self.seed or "random"
        specs = [("seed", f"Seed: {seed}", ("seed",), "",
                  "The seed fixes chance (news, verification): the same seed and moves replay "
                  "the same game. Type digits to set it; Backspace to clear.")]
        settings = ui.settings
        specs += [(f"set-{name}", f"{label}: {getattr(settings, name)}", ("setting", name), "",
                   SETTING_TIPS[name]) for name, label in SETTING_NAMES.items()]
        return specs

    def toggles(self, scene: Scene, theme, x: int, y: int, w: int, group: str, options,
                current: str) -> int:
        """Choices side by side (two rows if their labels do not fit); returns the height."""
        gap, pad = theme.space["gap"] // 2, theme.space["pad"]
        h = theme.line_height("small") + 2 * pad
        labels = [("• " if value == current else "") + label for value, label, _ in options]
        per_row = len(options)
        while per_row > 1 and any(theme.width(t, "small") > (w - gap * (per_row - 1)) // per_row
                                  - 2 * pad for t in labels):
            per_row = (per_row + 1) // 2
        bw = (w - gap * (per_row - 1)) // per_row
        for n, ((value, _, key), label) in enumerate(zip(options, labels, strict=True)):
            row, col = divmod(n, per_row)
            scene.button(wrapped_button(theme, f"{group}-{value}",
                                        (x + col * (bw + gap), y + row * (h + gap), bw, h),
                                        label, (group, value), key, chosen=value == current,
                                        role="small", style="chip", tip=_tip(group, value)))
        rows = (len(options) + per_row - 1) // per_row
        return rows * h + (rows - 1) * gap

    # -- controller -------------------------------------------------------------------------
    def press(self, ui: App, command: object) -> None:
        kind = command[0]
        self.problem = ""
        if kind == "scenario":
            self.chosen = command[1]
        elif kind == "side":
            self.side = command[1]
        elif kind == "opponent":
            self.opponent = command[1]
        elif kind == "digit":
            self.seed = (self.seed + command[1])[:18] if command[1] else self.seed[:-1]
        elif kind == "seed":
            self.seed = ""
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
                             self.folder)
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
    if group == "side":
        return f"Lead the {NAMES[value]} delegation."
    if value == HOTSEAT:
        return "Two people at one screen, one per side."
    return describe(value)
