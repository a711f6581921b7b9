"""Open the window and play in it: `truce play` calls `run_window` when a display is there."""

from __future__ import annotations

import contextlib
import os
import shlex
import sys
import warnings
from collections.abc import Mapping
from pathlib import Path

from game.ui.saves import Game, truce_command

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # no banner in the player's terminal


class WindowUnavailable(RuntimeError):
    """The window cannot open here (no display, no video driver); the message says why."""


HIDDEN_DRIVERS = ("dummy", "offscreen")  # SDL's video drivers that show nothing


def open_display(size: tuple[int, int], minimum: tuple[int, int], hidden_ok: bool = True):
    """Start pygame's display and open a resizable window (WindowUnavailable if impossible).
    Without `hidden_ok`, a window no one would see is impossible too: SDL falls back to its
    offscreen driver when the display it was given cannot be reached (a stale $DISPLAY)."""
    try:
        import pygame
    except ImportError as missing:
        raise WindowUnavailable(f"pygame-ce is not installed: {missing}") from None
    try:
        with quiet_stderr():  # SDL's drivers print their probing ("XDG_RUNTIME_DIR is invalid")
            pygame.display.init()
        if not hidden_ok and pygame.display.get_driver() in HIDDEN_DRIVERS:
            pygame.display.quit()
            where = os.environ.get("WAYLAND_DISPLAY") or os.environ.get("DISPLAY") or "none"
            raise WindowUnavailable(f"display {where!r} cannot be reached")
        pygame.font.init()
        if pygame.display.get_driver() not in HIDDEN_DRIVERS:
            with contextlib.suppress(pygame.error, IndexError):
                size = first_size(size, minimum, pygame.display.get_desktop_sizes()[0])
        surface = pygame.display.set_mode(size, pygame.RESIZABLE)
    except pygame.error as problem:
        raise WindowUnavailable(str(problem) or "no video device") from None
    pygame.display.set_caption("Truce")
    with contextlib.suppress(AttributeError, pygame.error), warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        pygame.Window.from_display_module().minimum_size = minimum
    pygame.key.set_repeat(400, 40)
    return surface


def first_size(size: tuple[int, int], minimum: tuple[int, int],
               desktop: tuple[int, int]) -> tuple[int, int]:
    """The window's size when it opens: the theme's, made smaller to fit the screen it opens on
    with room for a title bar and a task bar (a 1366 x 768 laptop), never below the minimum."""
    room = (int(desktop[0] * 0.96), int(desktop[1] * 0.9))
    return (max(minimum[0], min(size[0], room[0])), max(minimum[1], min(size[1], room[1])))


@contextlib.contextmanager
def quiet_stderr():
    """Within: file descriptor 2 goes nowhere (C code's messages), where that can be done."""
    try:
        kept = os.dup(2)
        nowhere = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        yield
        return
    sys.stderr.flush()
    os.dup2(nowhere, 2)
    try:
        yield
    finally:
        os.dup2(kept, 2)
        os.close(kept)
        os.close(nowhere)


def settings_file(folder: Path) -> Path:
    """The window's settings file: beside the saves folder."""
    return folder.parent / "window.json"


def run_window(args, environ: Mapping[str, str], game: Game | None, *, folder: Path) -> int:
    """Play in a window until it is closed: the game given, or the title screen's choice."""
    from game.ui.window.theme import Settings, window_size

    window = window_size()
    autoplay = bool(getattr(args, "autoplay", False))
    shots = getattr(args, "screenshots", None)
    hidden_ok = (autoplay and bool(shots)) or environ.get("SDL_VIDEODRIVER") in HIDDEN_DRIVERS
    surface = open_display((window["width"], window["height"]),
                           (window["min_width"], window["min_height"]), hidden_ok)
    from game.ui.window.app import App
    from game.ui.window.flow import Flow

    path = settings_file(folder)
    flow = Flow(game, watch=autoplay, folder=folder, defaults=args,
                end_after=autoplay and bool(shots))
    app = App(surface, Settings.load(path), flow, settings_path=path,
              screenshots=Path(shots) if shots else None)
    try:
        code = app.run()
    finally:
        import pygame
        pygame.quit()
        for opened in flow.games:
            opened.table.close()
    if app.error:
        print(f"truce: error: {app.error}", file=sys.stderr)
    for opened in flow.games:
        _farewell(opened)
    if app.shots:
        print(f"Saved {len(app.shots)} screenshots in {app.shots[0].parent}")
    return code


def _farewell(game: Game) -> None:
    """Say where an unfinished game is saved and how to resume it."""
    table = game.table
    if table.over or table.writer is None or not table.writer.exists:
        return
    print("The game is saved. Resume it with:")
    print(f"  {truce_command()} play --load {shlex.quote(str(game.path))}")
