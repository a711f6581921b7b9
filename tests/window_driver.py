"""Drive the window headless in tests: open it on a game, post keys and clicks, record what
every frame showed (every string of the UI manager's elements) and for whom."""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"

from pathlib import Path  # noqa: E402

import pygame  # noqa: E402

from game.table import HUMAN  # noqa: E402
from game.ui.saves import open_game  # noqa: E402
from game.ui.window.app import App  # noqa: E402
from game.ui.window.flow import Flow  # noqa: E402
from game.ui.window.launch import open_display  # noqa: E402
from game.ui.window.scene import shown_strings  # noqa: E402
from game.ui.window.theme import Settings  # noqa: E402


class Window(App):
    """The app, recording what every frame showed and for whom."""

    def __init__(self, *args, **kwargs) -> None:
        self.drawn: list[tuple[str, str, bool, tuple[str, ...]]] = []
        super().__init__(*args, **kwargs)

    def draw(self) -> None:
        scene = self.build()
        session = self.flow.session
        seat = session.keyboard if session is not None else ""
        private = self.top.private if self.top is not None else False
        super().draw()
        strings = tuple(shown_strings(self.theme.manager))
        if not self.drawn or self.drawn[-1][3] != strings or self.drawn[-1][1] != scene.title:
            self.drawn.append((seat, scene.title, private, strings))


def window(scenario, folder: Path, seats: dict, side: str = "us", seed: int = 3,
           size=(1280, 720), text_size: str = "normal", watch: bool = False,
           title: bool = False, shots: Path | None = None, source: str = "",
           speed: str = "off") -> Window:
    """A window on a new game (or on the title screen), with the AI unpaced."""
    game = None
    if not title:
        ai = next((w for w in seats.values() if w != HUMAN), HUMAN)
        game = open_game(scenario, source, side, seed, seats, ai, folder)
    return window_on(game, folder, size=size, text_size=text_size, watch=watch, shots=shots,
                     speed=speed)


def window_on(game, folder: Path, size=(1280, 720), text_size: str = "normal",
              watch: bool = False, shots: Path | None = None, speed: str = "off",
              clock=None) -> Window:
    """A window on a game already opened (None: the title screen); `clock` is the window's."""
    surface = open_display(size, (1024, 640))
    flow = Flow(game, watch=watch, folder=folder)
    options = {"clock": clock} if clock is not None else {}
    return Window(surface, Settings(text_size, "standard", speed), flow, screenshots=shots,
                  settings_path=folder / "window.json", **options)


def press(app: App, name: str, mod: int = 0) -> None:
    """Post one key press and let the window handle it."""
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.key.key_code(name), mod=mod,
                                         unicode=name if len(name) == 1 else "", scancode=0))
    app.settle()


def click(app: App, button_id: str) -> None:
    """Click the middle of a button the screen in front shows (press and release)."""
    button = app.build().find(button_id)
    assert button is not None, f"no button {button_id!r} on {app.build().title}"
    app.reveal(button)
    app.settle()
    app.draw()
    x, y, w, h = button.rect
    at = (x + w // 2, y + h // 2)
    for kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
        pygame.event.post(pygame.event.Event(kind, pos=at, button=1))
    app.settle()


def buttons(app: App) -> list[str]:
    """The ids of the enabled buttons on the screen in front."""
    return [b.id for b in app.build().buttons if b.enabled]
