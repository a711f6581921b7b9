"""Drive the window headless in tests: open it on a game, post keys and clicks, record scenes."""

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
from game.ui.window.theme import Settings  # noqa: E402


class Window(App):
    """The app, recording what every frame drew and for whom."""

    def __init__(self, *args, **kwargs) -> None:
        self.drawn: list[tuple[str, str, bool, tuple[str, ...]]] = []
        super().__init__(*args, **kwargs)

    def draw(self) -> None:
        scene = self.build()
        session = self.flow.session
        seat = session.keyboard if session is not None else ""
        private = self.top.private if self.top is not None else False
        if not self.drawn or self.drawn[-1][3] != tuple(scene.strings()) or \
                self.drawn[-1][1] != scene.title:
            self.drawn.append((seat, scene.title, private, tuple(scene.strings())))
        super().draw()


def window(scenario, folder: Path, seats: dict, side: str = "us", seed: int = 3,
           size=(1280, 720), text_size: str = "normal", watch: bool = False,
           title: bool = False, shots: Path | None = None) -> Window:
    """A window on a new game (or on the title screen), with the AI unpaced."""
    surface = open_display(size, (1024, 640))
    flow_game = None
    if not title:
        ai = next((w for w in seats.values() if w != HUMAN), HUMAN)
        flow_game = open_game(scenario, "", side, seed, seats, ai, folder)
    flow = Flow(flow_game, watch=watch, folder=folder)
    return Window(surface, Settings(text_size, "standard", "off"), flow, screenshots=shots,
                  settings_path=folder / "window.json")


def press(app: App, name: str, mod: int = 0) -> None:
    """Post one key press and let the window handle it."""
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.key.key_code(name), mod=mod,
                                         unicode=name if len(name) == 1 else "", scancode=0))
    app.settle()


def click(app: App, button_id: str) -> None:
    """Click the middle of a button the screen in front shows."""
    button = app.build().find(button_id)
    assert button is not None, f"no button {button_id!r} on {app.build().title}"
    x, y, w, h = button.rect
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(x + w // 2, y + h // 2),
                                         button=1))
    app.settle()


def buttons(app: App) -> list[str]:
    """The ids of the enabled buttons on the screen in front."""
    return [b.id for b in app.build().buttons if b.enabled]
