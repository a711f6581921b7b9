"""Trust meters: a track from 0 to 1, the uncertainty band (mean ± sd) shaded and a thick mark at
the mean, drawn by our own code onto a picture that pygame_gui shows. A meter whose figure
moved since the seat last saw it slides to its new place (as long as the AI pace setting
says, never with the pace off) and then stands still: nothing runs once it has arrived.
"""

from __future__ import annotations

import pygame

from game.ui.window.scene import Scene
from game.ui.window.theme import Theme

FIGURE = "0.00 ± 0.00"


def meter_surface(theme: Theme, size: tuple[int, int], mean: float, sd: float) -> pygame.Surface:
    """The meter's picture: track, band and mark, in the theme's palette colours."""
    w, h = max(size[0], 8), max(size[1], 6)
    surface = pygame.Surface((w, h), pygame.SRCALPHA)
    track = pygame.Rect(0, h // 4, w, max(h // 2, 2))
    pygame.draw.rect(surface, theme.colour("panel_alt"), track)
    pygame.draw.rect(surface, theme.colour("edge"), track, 1)
    low, high = max(0.0, mean - sd), min(1.0, mean + sd)
    band = pygame.Rect(int(low * (w - 1)), h // 4, max(2, int((high - low) * (w - 1))),
                       max(h // 2, 2))
    pygame.draw.rect(surface, theme.colour("band"), band)
    mark = int(mean * (w - 5))
    pygame.draw.rect(surface, theme.colour("meter"), (mark, 0, 5, h))
    return surface


class Meter:
    """One meter on a scene; `step` moves it towards its figure and says whether it still
    moves."""

    def __init__(self, scene: Scene, rect, mean: float, sd: float, tip: str, label: bool,
                 start: tuple[float, float] | None, seconds: float, now: float) -> None:
        theme = scene.theme
        self.theme = theme
        x, y, w, h = rect
        text_w = theme.width(FIGURE, "small") + theme.space["pad"] if label else 0
        track = max(w - text_w, 20)
        self.size = (track, h)
        self.to = (mean, sd)
        moving = start is not None and seconds > 0 and \
            (abs(start[0] - mean) >= 0.005 or abs(start[1] - sd) >= 0.005)
        self.start = start if moving else self.to
        self.began, self.seconds = now, seconds
        shown = self.start
        self.picture = scene.image((x, y, track, h), meter_surface(theme, self.size, *shown), tip)
        self.figure = None
        if label:
            fy = y + (h - theme.line_height("small")) // 2
            self.figure = scene.label(x + track + theme.space["pad"] // 2, fy,
                                      f"{shown[0]:.2f} ± {shown[1]:.2f}", "small", tip=tip)
            # the figure the seat will read once the meter has arrived
            self.picture.shown = (f"{mean:.2f} ± {sd:.2f}",)
        if moving:
            scene.moving.append(self)

    def step(self, now: float) -> bool:
        """Move to where the meter is at `now`; False once it has arrived."""
        done = min(1.0, (now - self.began) / self.seconds) if self.seconds else 1.0
        ease = 1 - (1 - done) ** 3
        mean = self.start[0] + (self.to[0] - self.start[0]) * ease
        sd = self.start[1] + (self.to[1] - self.start[1]) * ease
        self.picture.set_image(meter_surface(self.theme, self.size, mean, sd))
        if self.figure is not None:
            self.figure.set_text(f"{mean:.2f} ± {sd:.2f}")
        return done < 1.0
