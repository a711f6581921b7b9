"""The window's loop: input to commands (the controller), screens to pygame_gui elements.

The loop sleeps in `pygame.event.wait` whenever nothing is due, so an idle window uses no
CPU. pygame_gui gets time only while something moves: for a moment after input (hover,
tool tips, scrolling), while a meter animates, and once a second while a phase clock runs or
a scenario file is watched. Keys: Tab / Shift+Tab and the arrow keys move the focus, Enter or
Space presses the focused button, each button's letter presses it directly, F1 opens the
help, Esc goes back, F11 toggles full screen.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pygame
import pygame_gui

from game.table import AgentFailed, JournalError
from game.ui.window.scene import Button, Scene
from game.ui.window.theme import Settings, Theme, role_id

LIVELY = 1.0  # seconds pygame_gui keeps getting time after input (hover, tool tips, scrolling)
FRAME = 1 / 30  # seconds between frames while something moves
KEYS = ("Tab or arrow keys: move", "Enter: choose", "letters in brackets: shortcuts",
        "F1: help and keys", "Esc: back", "F11: full screen")
KEYS_DROPPED_FIRST = ("letters in brackets: shortcuts", "F11: full screen",
                      "Tab or arrow keys: move")  # where the line is narrow (large text)


def keys_line(fits: Callable[[str], bool]) -> str:
    """The keys line at the foot of every screen: whole entries left out, least needed first,
    until it fits (help and Esc always stay); cut only if even those do not fit."""
    keys = list(KEYS)
    for dropped in ("", *KEYS_DROPPED_FIRST):
        if dropped:
            keys.remove(dropped)
        if fits("   ".join(keys)):
            break
    return "   ".join(keys)


class Screen:
    """A screen: a presenter (`build`: the elements to show) and a controller (`press`: what a
    button does). `private` screens show the keyboard party's secrets (never on a hand-over)."""

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
        """Scroll the screen's long text by some lines (Page Up / Page Down)."""
        if ui.scene is None or not ui.scene.scrolling:
            return
        target = ui.scene.scrolling[0]
        bar = getattr(target, "scroll_bar", None) or getattr(target, "vert_scroll_bar", None)
        if bar is not None:
            step = lines * ui.theme.line_height("body") / max(bar.scrollable_height, 1)
            bar.set_scroll_from_start_percentage(bar.start_percentage + step)
            ui.lively()


class App:
    """The window: settings, theme, current screen and overlays, focus, timers, screenshots."""

    def __init__(self, surface: pygame.Surface, settings: Settings, flow, *,
                 screenshots: Path | None = None, settings_path: Path | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.surface = surface
        self.settings = settings
        self.settings_path = settings_path
        self.theme = Theme(settings, surface.get_size())
        self.flow = flow  # decides the next screen (game.ui.window.flow.Flow)
        self.clock = clock
        self.screen: Screen | None = None
        self.overlays: list[Screen] = []
        self.scene: Scene | None = None
        self.focus = ""
        self.footer = None
        self.message = ""  # a one-line note in the footer (a refused move, a save problem)
        self.notice = ""  # a note that stays through screen changes until the next press
        self.due: float | None = None  # when the flow wants to act next (AI move, paced screen)
        self.lively_until = 0.0
        self.kept = False
        self.updated = clock()
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
        """The screen must be built again before the next frame."""
        self.scene = None

    def later(self, seconds: float) -> None:
        """Ask the flow to act again after some seconds (0: at the next turn of the loop)."""
        self.due = self.clock() + max(seconds, 0.0)

    def lively(self, seconds: float = LIVELY) -> None:
        """Give pygame_gui time for a while (something on screen reacts or moves)."""
        self.lively_until = max(self.lively_until, self.clock() + seconds)

    def apply_settings(self, settings: Settings) -> None:
        """Change text size, palette or pace, and keep them for next time."""
        self.settings = settings
        self.theme = Theme(settings, self.size)
        settings.save(self.settings_path)
        self.dirty()

    # -- the loop -------------------------------------------------------------------------------
    def run(self) -> int:
        """Play until the window is closed or the flow stops; returns the exit code."""
        while self.running:
            self.draw()
            if not self.running:
                break
            timeout = self.wake_in()
            if timeout is None:
                event = pygame.event.wait()
            else:
                event = pygame.event.wait(max(1, int(timeout * 1000)))
            if event.type != pygame.NOEVENT:
                self.handle(event)
            for more in pygame.event.get():
                self.handle(more)
            self.run_due()
        return self.exit_code

    def wake_in(self) -> float | None:
        """Seconds until the loop must wake without input (None: sleep until input)."""
        now = self.clock()
        waits = []
        if self.due is not None:
            waits.append(self.due - now)
        if now < self.lively_until or (self.scene is not None and self.scene.moving):
            waits.append(FRAME)
        every = self.flow.every(self)  # the phase clock, the scenario file
        if every is not None:
            waits.append(every)
        return max(0.0, min(waits)) if waits else None

    def tick(self) -> None:
        """One turn of the loop without waiting (tests): handle queued input, due work, draw."""
        for _ in range(20):  # presses reported by pygame_gui arrive as new events
            events = pygame.event.get()
            if not events:
                break
            for event in events:
                self.handle(event)
        self.run_due()
        self.draw()

    def settle(self, limit: int = 10_000) -> None:
        """Turn the loop until nothing is due now (tests): every AI move and paced screen done."""
        for _ in range(limit):
            self.tick()
            if not self.running or (self.due is None or self.due > self.clock()) and \
                    not pygame.event.peek():
                return

    def run_due(self) -> None:
        """Let the flow act if its time has come (an AI move, a paced screen, the clock)."""
        try:
            self.flow.poll(self)
            if self.due is not None and self.clock() >= self.due:
                self.due = None
                self.flow.due(self)
        except (AgentFailed, JournalError) as failure:  # an AI failed, or its move cannot be
            self.stop(1, str(failure))                  # saved (a full disk): not made

    def stop(self, code: int = 0, error: str = "") -> None:
        """Close the window at the end of this turn of the loop."""
        self.exit_code, self.error, self.running = code, error, False

    def build(self) -> Scene:
        """The elements of the screen in front (kept until something changes)."""
        if self.scene is None:
            self.theme.manager.clear_and_reset()
            screen = self.top
            width, height = self.size
            self.scene = screen.build(self) if screen is not None else \
                Scene(self.theme, width, height)
            ids = [b.id for b in self.scene.buttons if b.enabled]
            if self.focus not in ids:
                main = [i for i in ids if not i.startswith("tool-")] or ids
                self.focus = self.scene.focus if self.scene.focus in ids else \
                    (main[0] if main else "")
            self.footer = None
            self.show_footer()
            self.reveal(self.scene.find(self.focus))  # a choice just pressed stays in view
            self.updated = self.clock()
            self.theme.manager.update(0.0)
        return self.scene

    def draw(self) -> None:
        """Give pygame_gui the time passed, draw a frame and take screenshots."""
        scene = self.build()
        now = self.clock()
        for meter in list(scene.moving):
            if not meter.step(now):
                scene.moving.remove(meter)
        manager = self.theme.manager
        manager.update(min(max(now - self.updated, 0.0), 0.25))
        self.updated = now
        self.surface.fill(self.theme.colour("background"))
        manager.draw_ui(self.surface)
        self.draw_focus()
        pygame.display.flip()
        self.frames += 1
        name = scene.title
        if self.screenshots is not None and name and name not in self.shot_names and \
                not scene.moving:
            self.shot_names.add(name)
            path = self.screenshots / f"{len(self.shot_names):02d}-{name}.png"
            try:
                self.screenshots.mkdir(parents=True, exist_ok=True)
                pygame.image.save(self.surface, str(path))
            except (OSError, pygame.error) as problem:  # a full disk, a folder gone
                why = getattr(problem, "strerror", None) or str(problem) or "unknown reason"
                self.screenshots = None
                self.stop(1, f"cannot save the screenshot {path}: {why}")
            else:
                self.shots.append(path)
        if self.quit_when_shown and name == self.quit_when_shown:
            self.stop(self.exit_code)

    def draw_focus(self) -> None:
        """The focus frame around the focused button (the theme's focus colour)."""
        button = self.scene.find(self.focus) if self.scene else None
        if button is None or not button.element.visible:
            return
        ring = self.theme.space["focus"]
        rect = pygame.Rect(button.rect).inflate(2 * ring, 2 * ring)
        pygame.draw.rect(self.surface, self.theme.colour("focus"), rect, ring,
                         border_radius=self.theme.space["radius"] + ring)

    def show_footer(self) -> None:
        """The bottom strip: a message, else the focused button's explanation, and the keys."""
        theme, scene = self.theme, self.scene
        width, height = self.size
        m, pad = theme.space["margin"], theme.space["pad"]
        small = theme.line_height("small")
        top = height - self.footer_height()
        if self.footer is None:
            self.footer = [scene.box((0, top, width, height - top), "footer")]
        for element in self.footer[1:]:
            element.kill()
        del self.footer[1:]
        focused = scene.find(self.focus)
        note = self.message or self.notice
        first = note or (focused.tip if focused is not None else "")
        lines = list(theme.clip(first, "small", width - 2 * m - 4, 2)) if first else []
        keys = len(lines) < 2
        if keys:
            room = width - 2 * m - 4
            line = keys_line(lambda text: theme.fit(text, "small", room) == text)
            lines.append(theme.fit(line, "small", room))
        look = "footer_warn" if note else "footer_text"
        for n, line in enumerate(lines):
            last_keys = keys and n == len(lines) - 1
            box = pygame.Rect(m, top + pad // 2 + n * small, width - 2 * m, small)
            self.footer.append(pygame_gui.elements.UILabel(
                box, line, theme.manager,
                object_id=role_id("small", "muted" if last_keys else look)))

    def footer_height(self) -> int:
        return 2 * self.theme.line_height("small") + self.theme.space["pad"]

    def content_bottom(self) -> int:
        """The lowest y a screen may draw at (the footer is below)."""
        return self.size[1] - self.footer_height() - self.theme.space["gap"]

    # -- input: the controller ------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        """Turn one input event into a command for the screen in front."""
        kind = event.type
        if kind == pygame.QUIT:
            self.flow.quit(self)
        elif kind == pygame.VIDEORESIZE or kind == getattr(pygame, "WINDOWSIZECHANGED", -1):
            self.resized()
        elif kind == pygame_gui.UI_BUTTON_PRESSED:
            if self.scene is None:  # the screen changed since: that button is gone
                return
            button = self.scene.owner(event.ui_element)
            if button is not None:
                self.focus = button.id
                self.press(button)
        elif kind in (pygame.KEYDOWN, pygame.TEXTINPUT, pygame.KEYUP):
            self.build()
            if self.typing() and self.typed(event):
                return
            if kind == pygame.KEYDOWN:
                self.key(event)
        elif kind == pygame.MOUSEMOTION:  # pygame_gui reads the pointer when it updates
            self.lively()
        elif kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEWHEEL):
            self.theme.manager.process_events(event)
            self.lively()
        elif kind == getattr(pygame, "WINDOWLEAVE", -1):
            self.lively()

    def typing(self) -> bool:
        """Whether a text entry (the seed) holds pygame_gui's keyboard focus."""
        return any(e.is_focused for e in self.scene.entries.values()) if self.scene else False

    def typed(self, event: pygame.event.Event) -> bool:
        """Give a key to the focused text entry unless it moves the focus or presses a button;
        True if the entry took it."""
        name = pygame.key.name(event.key) if event.type == pygame.KEYDOWN else ""
        if name in ("tab", "return", "enter", "keypad enter", "escape", "up", "down", "f1",
                    "f11"):
            for entry in self.scene.entries.values():
                entry.unfocus()
            self.lively()
            return name in ("return", "enter", "keypad enter", "escape")  # typing is done
        self.theme.manager.process_events(event)
        self.lively()
        return True

    def resized(self) -> None:
        """Follow the window's new size (the layout adapts when the screen is built again)."""
        self.surface = pygame.display.get_surface() or self.surface
        self.theme.manager.set_window_resolution(self.size)
        self.dirty()

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
                self.flow.close_overlay(self)
            else:
                self.flow.escape(self)
        elif name == "tab":
            self.move_focus(-1 if shift else 1)
        elif name in ("up", "down", "left", "right"):
            self.focus_towards(name)
        elif name in ("return", "enter", "space", "keypad enter"):
            button = scene.find(self.focus)
            if button is not None:
                self.press(button)
        elif name in ("page up", "page down"):
            if self.top is not None:
                self.top.scroll(self, -10 if name == "page up" else 10)
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
        """Run a button's command on the screen in front (or say why it cannot be pressed)."""
        screen = self.top
        if not button.enabled:
            self.message = button.tip or "That cannot be done now."
            self.refocus(button.id)
            return
        if screen is not None:
            self.message = self.notice = ""
            self.kept = False
            screen.press(self, button.command)
            if not self.kept:
                self.dirty()

    def keep(self) -> None:
        """The press changed nothing on screen: keep the elements as they are."""
        self.kept = True

    def refocus(self, ident: str) -> None:
        """Move the focus (the frame and the footer follow; nothing is built again)."""
        self.focus = ident
        if self.scene is not None:
            self.show_footer()
            self.reveal(self.scene.find(ident))

    def reveal(self, button: Button | None) -> None:
        """Scroll a focused button into view if it sits in a scrolling container."""
        if button is None:
            return
        holder = getattr(button, "scroller", None)
        if holder is not None:
            holder.reveal(button)
            self.lively()

    def move_focus(self, step: int) -> None:
        """Tab order: the scene's buttons in order."""
        ids = [b.id for b in self.build().buttons if b.enabled]
        if not ids:
            return
        now = ids.index(self.focus) if self.focus in ids else -step
        self.refocus(ids[(now + step) % len(ids)])

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
            self.refocus(best.id)

