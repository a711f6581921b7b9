"""The window's loop: input to commands (the controller), scenes to pixels, screens in turn.

The loop sleeps in `pygame.event.wait` whenever nothing is due (an AI move, a paced screen),
so an idle window uses no CPU. Keys: Tab / Shift+Tab and the arrow keys move the focus,
Enter or Space presses the focused button, each button's letter presses it directly, F1
opens the help, Esc goes back, F11 toggles full screen.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pygame

from game.table import AgentFailed
from game.ui.window.scene import Button, Painter, Scene
from game.ui.window.theme import Settings, Theme

FOOTER_LINES = 2


class Screen:
    """A screen: a presenter (`build`: what to draw) and a controller (`press`: what a button
    does). `private` screens show the keyboard party's secrets (never on a hand-over)."""

    name = "screen"
    private = True
    auto = 0.0  # in watch mode, seconds (times the pace) before it moves on by itself

    def build(self, ui: App) -> Scene:  # pragma: no cover - every screen overrides it
        raise NotImplementedError

    def press(self, ui: App, command: object) -> None:
        """React to a button (default: commands are callables taking the app)."""
        if callable(command):
            command(ui)

    def scroll(self, ui: App, lines: int) -> None:
        """Scroll by some lines (screens with long content override it)."""


class App:
    """The window: settings, theme, current screen and overlays, focus, timers, screenshots."""

    def __init__(self, surface: pygame.Surface, settings: Settings, flow, *,
                 screenshots: Path | None = None, settings_path: Path | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.surface = surface
        self.settings = settings
        self.settings_path = settings_path
        self.theme = Theme(settings)
        self.painter = Painter(self.theme)
        self.flow = flow  # decides the next screen (game.ui.window.flow.Flow)
        self.clock = clock
        self.screen: Screen | None = None
        self.overlays: list[Screen] = []
        self.scene: Scene | None = None
        self.focus = ""
        self.hover: tuple[int, int] | None = None
        self.message = ""  # a one-line note in the footer (a refused move, a save problem)
        self.due: float | None = None  # when the flow wants to act next (AI move, paced screen)
        self.running = True
        self.exit_code = 0
        self.error = ""
        self.screenshots = screenshots
        self.shot_names: set[str] = set()
        self.shots: list[Path] = []
        self.frames = 0
        self.quit_when_shown = ""  # a screen name: stop once it has been drawn (autoplay shots)
        flow.start(self)

    # -- screens --------------------------------------------------------------------------------
    @property
    def size(self) -> tuple[int, int]:
        return self.surface.get_size()

    @property
    def top(self) -> Screen | None:
        """The screen in front: the last overlay, else the current screen."""
        return self.overlays[-1] if self.overlays else self.screen

    def show(self, screen: Screen) -> None:
        """Replace the current screen (overlays close)."""
        self.screen = screen
        self.overlays = []
        self.message = ""
        self.focus = ""  # the new screen focuses its main button
        self.dirty()

    def open(self, overlay: Screen) -> None:
        """Open a screen over the current one (help, brief, ledger, menu)."""
        if self.overlays and self.overlays[-1].name == overlay.name:
            return
        self.overlays.append(overlay)
        self.focus = ""
        self.dirty()

    def back(self) -> None:
        """Close the front overlay."""
        if self.overlays:
            self.overlays.pop()
            self.focus = ""
            self.dirty()

    def dirty(self) -> None:
        """The scene must be built again before the next frame."""
        self.scene = None

    def later(self, seconds: float) -> None:
        """Ask the flow to act again after some seconds (0: at the next turn of the loop)."""
        self.due = self.clock() + max(seconds, 0.0)

    def apply_settings(self, settings: Settings) -> None:
        """Change text size, palette or pace, and keep them for next time."""
        self.settings = settings
        self.theme = Theme(settings)
        self.painter = Painter(self.theme)
        settings.save(self.settings_path)
        self.dirty()

    # -- the loop -------------------------------------------------------------------------------
    def run(self) -> int:
        """Play until the window is closed or the flow stops; returns the exit code."""
        while self.running:
            self.draw()
            if not self.running:
                break
            timeout = None if self.due is None else max(0.0, self.due - self.clock())
            if timeout is None:
                event = pygame.event.wait()
            else:
                event = pygame.event.wait(int(timeout * 1000) + 1)
            if event.type != pygame.NOEVENT:
                self.handle(event)
            for more in pygame.event.get():
                self.handle(more)
            self.run_due()
        return self.exit_code

    def tick(self) -> None:
        """One turn of the loop without waiting (tests): handle queued input, due work, draw."""
        for event in pygame.event.get():
            self.handle(event)
        self.run_due()
        self.draw()

    def settle(self, limit: int = 10_000) -> None:
        """Turn the loop until nothing is due now (tests): every AI move and paced screen done."""
        for _ in range(limit):
            self.tick()
            if not self.running or self.due is None or self.due > self.clock():
                return

    def run_due(self) -> None:
        """Let the flow act if its time has come (an AI move, a paced screen moving on)."""
        if self.due is not None and self.clock() >= self.due:
            self.due = None
            try:
                self.flow.due(self)
            except AgentFailed as failure:
                self.stop(1, str(failure))

    def stop(self, code: int = 0, error: str = "") -> None:
        """Close the window at the end of this turn of the loop."""
        self.exit_code, self.error, self.running = code, error, False

    def build(self) -> Scene:
        """The scene of the screen in front (kept until something changes)."""
        if self.scene is None:
            screen = self.top
            self.scene = screen.build(self) if screen is not None else Scene(*self.size)
            ids = [b.id for b in self.scene.buttons if b.enabled]
            if self.focus not in ids:
                main = [i for i in ids if not i.startswith("tool-")] or ids
                self.focus = self.scene.focus if self.scene.focus in ids else \
                    (main[0] if main else "")
        return self.scene

    def draw(self) -> None:
        """Paint a frame (only the scene's blits if nothing changed) and take screenshots."""
        scene = self.build()
        self.painter.paint(self.surface, scene, self.focus, self.hover, self._footer,
                           key=(self.message,))
        pygame.display.flip()
        self.frames += 1
        name = scene.title
        if self.screenshots is not None and name and name not in self.shot_names:
            self.shot_names.add(name)
            self.screenshots.mkdir(parents=True, exist_ok=True)
            path = self.screenshots / f"{len(self.shot_names):02d}-{name}.png"
            pygame.image.save(self.surface, str(path))
            self.shots.append(path)
        if self.quit_when_shown and name == self.quit_when_shown:
            self.stop(self.exit_code)

    def _footer(self, painter: Painter, surface: pygame.Surface) -> None:
        """The bottom strip: the focused button's explanation, a message, the main keys."""
        theme = self.theme
        width, height = self.size
        step = theme.line_height("small")
        top = height - FOOTER_LINES * step - theme.space["pad"]
        pygame.draw.rect(surface, theme.colour("panel_alt"), (0, top, width, height - top))
        x = theme.space["margin"]
        focused = self.scene.find(self.focus) if self.scene else None
        first = self.message or (focused.tip if focused and focused.tip else "")
        colour = "warn" if self.message else "text"
        lines = list(theme.wrap(first, "small", width - 2 * x)) if first else []
        if len(lines) > FOOTER_LINES:
            lines = [lines[0], theme.fit(" ".join(lines[1:]), "small", width - 2 * x)]
        for n, line in enumerate(lines):
            surface.blit(painter.rendered(line, "small", colour), (x, top + 4 + n * step))
        if len(lines) < FOOTER_LINES:
            keys = ("Tab or arrow keys: move   Enter: choose   letters in brackets: shortcuts   "
                    "F1: help and keys   Esc: back   F11: full screen")
            surface.blit(painter.rendered(theme.fit(keys, "small", width - 2 * x), "small",
                                          "muted"), (x, top + 4 + (FOOTER_LINES - 1) * step))

    def content_bottom(self) -> int:
        """The lowest y a screen may draw at (the footer is below)."""
        return self.size[1] - FOOTER_LINES * self.theme.line_height("small") - \
            self.theme.space["pad"] - self.theme.space["gap"]

    # -- input: the controller ------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        """Turn one input event into a command for the screen in front."""
        kind = event.type
        if kind == pygame.QUIT:
            self.flow.quit(self)
        elif kind == pygame.VIDEORESIZE or kind == getattr(pygame, "WINDOWSIZECHANGED", -1):
            self.resized()
        elif kind == pygame.KEYDOWN:
            self.key(event)
        elif kind == pygame.MOUSEMOTION:
            self.hover = event.pos
        elif kind == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self.click(event.pos)
        elif kind == pygame.MOUSEWHEEL and self.top is not None:
            self.top.scroll(self, -event.y * 3)
            self.dirty()

    def resized(self) -> None:
        """Follow the window's new size (the layout adapts when the scene is built again)."""
        self.surface = pygame.display.get_surface() or self.surface
        self.dirty()

    def click(self, pos: tuple[int, int]) -> None:
        """Press the button under the pointer."""
        scene = self.build()
        for button in reversed(scene.buttons):
            if button.enabled and pygame.Rect(button.rect).collidepoint(pos):
                self.focus = button.id
                self.press(button)
                return

    def key(self, event: pygame.event.Event) -> None:
        """Keyboard: global keys first, then focus moves, then the screen's shortcuts."""
        name = pygame.key.name(event.key)
        shift = bool(event.mod & pygame.KMOD_SHIFT)
        scene = self.build()
        if name == "f11":
            pygame.display.toggle_fullscreen()
            self.resized()
        elif name == "f1" or (name == "/" and shift):
            self.flow.help(self)
        elif name == "q" and event.mod & pygame.KMOD_CTRL:
            self.flow.quit(self)
        elif name == "escape":
            if self.overlays:
                self.back()
            else:
                self.flow.escape(self)
        elif name == "tab":
            self.move_focus(-1 if shift else 1)
        elif name in ("up", "down", "left", "right"):
            self.focus_towards(name)
        elif name in ("return", "enter", "space", "keypad enter"):
            button = scene.find(self.focus)
            if button is not None and button.enabled:
                self.press(button)
        elif name in ("page up", "page down"):
            if self.top is not None:
                self.top.scroll(self, -10 if name == "page up" else 10)
                self.dirty()
        else:
            for button in scene.buttons:
                if button.key == name and button.enabled:
                    self.focus = button.id
                    self.press(button)
                    return
            if name in scene.keys and self.top is not None:
                self.top.press(self, scene.keys[name])
                self.dirty()

    def press(self, button: Button) -> None:
        """Run a button's command on the screen in front."""
        screen = self.top
        if screen is not None:
            self.message = ""
            screen.press(self, button.command)
            self.dirty()

    def move_focus(self, step: int) -> None:
        """Tab order: the scene's buttons in order."""
        ids = [b.id for b in self.build().buttons if b.enabled]
        if not ids:
            return
        now = ids.index(self.focus) if self.focus in ids else -step
        self.focus = ids[(now + step) % len(ids)]

    def focus_towards(self, direction: str) -> None:
        """Arrow keys: the nearest enabled button in that direction."""
        scene = self.build()
        here = scene.find(self.focus)
        if here is None:
            self.move_focus(1)
            return
        hx, hy = here.rect[0] + here.rect[2] / 2, here.rect[1] + here.rect[3] / 2
        best, best_cost = None, float("inf")
        for b in scene.buttons:
            if not b.enabled or b is here:
                continue
            bx, by = b.rect[0] + b.rect[2] / 2, b.rect[1] + b.rect[3] / 2
            dx, dy = bx - hx, by - hy
            ahead = {"up": -dy, "down": dy, "left": -dx, "right": dx}[direction]
            side = abs(dx) if direction in ("up", "down") else abs(dy)
            if ahead <= 1:
                continue
            cost = ahead + 3 * side
            if cost < best_cost:
                best, best_cost = b, cost
        if best is not None:
            self.focus = best.id
