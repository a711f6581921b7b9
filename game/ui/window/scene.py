"""What a screen draws: a list of plain items (text, boxes, lines, buttons) and their painter.

Presenters build a `Scene` from one seat's observation; the painter draws it with the theme.
Because every string reaches the screen through a Scene, `Scene.strings()` is exactly what a
player could read (tooltips included): the tests check it for the other side's secrets.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pygame

from game.ui.window.theme import Theme

Rect = tuple[int, int, int, int]
_SERIALS = itertools.count(1)


@dataclass(frozen=True)
class Text:
    """One line of text at (x, y) (top-left), in a font role and colour role."""

    x: int
    y: int
    text: str
    role: str = "body"
    colour: str = "text"
    tip: str = ""


@dataclass(frozen=True)
class Box:
    """A filled rectangle, with an edge if `edge` names a colour."""

    rect: Rect
    fill: str | None = "panel"
    edge: str | None = None
    width: int = 2


@dataclass(frozen=True)
class Line:
    """A polyline (charts)."""

    points: tuple[tuple[int, int], ...]
    colour: str = "text"
    width: int = 2


@dataclass(frozen=True)
class Dot:
    """A filled circle, or a square when `square` (so markers differ in shape, not colour only)."""

    centre: tuple[int, int]
    radius: int
    colour: str = "text"
    square: bool = False
    edge: str | None = None


@dataclass(frozen=True)
class Hot:
    """An area that shows a tooltip when pointed at (a number, a meter, a chart)."""

    rect: Rect
    tip: str


@dataclass
class Button:
    """Something to press: by mouse, by its shortcut key, or with Enter when focused."""

    id: str
    rect: Rect
    label: Sequence[str]  # one string per line
    command: object  # what the screen's controller receives when pressed
    key: str = ""  # a shortcut shown in help (pygame key name, e.g. "a", "return")
    tip: str = ""
    enabled: bool = True
    chosen: bool = False  # a toggle that is on (drawn filled, and labelled so)
    role: str = "body"
    style: str = "button"  # "button" (filled), "chip" (option in a grid), "quiet" (outline)


@dataclass
class Scene:
    """A screen's items in drawing order, its buttons in focus order and its tooltips."""

    width: int
    height: int
    items: list = field(default_factory=list)
    buttons: list[Button] = field(default_factory=list)
    hots: list[Hot] = field(default_factory=list)
    title: str = ""  # the screen's name (screenshots, tests)
    keys: dict[str, object] = field(default_factory=dict)  # extra shortcuts -> commands
    focus: str = ""  # the button to focus first, if the previous focus is gone
    serial: int = field(default_factory=lambda: next(_SERIALS))  # never reused, unlike id()

    def add(self, item) -> None:
        """Draw an item."""
        self.items.append(item)

    def text(self, theme: Theme, x: int, y: int, text: str, role: str = "body",
             colour: str = "text", tip: str = "", width: int = 0) -> int:
        """A line of text (cut to `width` if given); returns its width. With a tip, pointing at
        it explains it (and shows the whole text if it was cut)."""
        if width and theme.width(text, role) > width:
            tip = f"{text}. {tip}" if tip else text
            text = theme.fit(text, role, width)
        self.items.append(Text(x, y, text, role, colour, tip))
        width = theme.width(text, role)
        if tip:
            self.hots.append(Hot((x, y, width, theme.line_height(role)), tip))
        return width

    def para(self, theme: Theme, x: int, y: int, width: int, text: str, role: str = "body",
             colour: str = "text", tip: str = "", limit: int = 0) -> int:
        """Wrapped text; returns the height used. `limit` caps the lines (the last is cut)."""
        lines = list(theme.wrap(text, role, width))
        if limit and len(lines) > limit:
            lines = lines[:limit]
            lines[-1] = theme.fit(lines[-1] + " …", role, width)
        step = theme.line_height(role)
        for n, line in enumerate(lines):
            self.items.append(Text(x, y + n * step, line, role, colour, tip))
        if tip:
            self.hots.append(Hot((x, y, width, step * len(lines)), tip))
        return step * len(lines)

    def box(self, rect: Rect, fill: str | None = "panel", edge: str | None = "edge",
            width: int = 2) -> None:
        """A panel or a bar."""
        self.items.append(Box(tuple(int(v) for v in rect), fill, edge, width))

    def button(self, button: Button) -> Button:
        """Add a button (drawn after the items, in focus order)."""
        self.buttons.append(button)
        return button

    def hot(self, rect: Rect, tip: str) -> None:
        """A tooltip area."""
        self.hots.append(Hot(tuple(int(v) for v in rect), tip))

    def strings(self) -> list[str]:
        """Every string this scene can show: texts, button labels and every tooltip."""
        out = [i.text for i in self.items if isinstance(i, Text)]
        out += [i.tip for i in self.items if isinstance(i, Text) and i.tip]
        for b in self.buttons:
            out += list(b.label)
            if b.tip:
                out.append(b.tip)
        out += [h.tip for h in self.hots]
        return out

    def find(self, button_id: str) -> Button | None:
        """The button with this id, if the scene has it."""
        return next((b for b in self.buttons if b.id == button_id), None)


class Painter:
    """Draws scenes with a theme, keeping rendered text so a frame only blits."""

    def __init__(self, theme: Theme, cache: int = 1500) -> None:
        self.theme = theme
        self._texts: OrderedDict[tuple, pygame.Surface] = OrderedDict()
        self._limit = cache
        self._layer: pygame.Surface | None = None  # the last frame without its tooltip
        self._layer_key: tuple = ()

    def rendered(self, text: str, role: str, colour: str) -> pygame.Surface:
        """The text as a surface (cached)."""
        key = (text, role, colour)
        surface = self._texts.get(key)
        if surface is None:
            surface = self.theme.font(role).render(text, True, self.theme.colour(colour))
            self._texts[key] = surface
            if len(self._texts) > self._limit:
                self._texts.popitem(last=False)
        else:
            self._texts.move_to_end(key)
        return surface

    def paint(self, surface: pygame.Surface, scene: Scene, focus: str = "",
              hover: tuple[int, int] | None = None, extra: Callable | None = None,
              key: tuple = ()) -> None:
        """Draw a whole frame: background, items, buttons, focus ring and any tooltip. What
        does not change between frames (`key`: the scene, focus, message) is drawn once and
        kept, so a frame that only moves the pointer is one blit and the tooltip."""
        layer_key = (scene.serial, focus, surface.get_size(), *key)
        if self._layer is None or self._layer_key != layer_key or \
                self._layer.get_size() != surface.get_size():
            if self._layer is None or self._layer.get_size() != surface.get_size():
                self._layer = pygame.Surface(surface.get_size()).convert()
            self._draw_layer(self._layer, scene, focus, extra)
            self._layer_key = layer_key
        surface.blit(self._layer, (0, 0))
        tip = self._tip_at(scene, hover) if hover else ""
        if tip:
            self.tooltip(surface, tip, hover, scene)

    def _draw_layer(self, surface: pygame.Surface, scene: Scene, focus: str,
                    extra: Callable | None) -> None:
        theme = self.theme
        surface.fill(theme.colour("background"))
        for item in scene.items:
            self._item(surface, item)
        for button in scene.buttons:
            self._button(surface, button, button.id == focus)
        if extra is not None:
            extra(self, surface)

    def _item(self, surface: pygame.Surface, item) -> None:
        colour = self.theme.colour
        if isinstance(item, Text):
            surface.blit(self.rendered(item.text, item.role, item.colour), (item.x, item.y))
        elif isinstance(item, Box):
            rect = pygame.Rect(item.rect)
            radius = self.theme.space["radius"]
            if item.fill:
                pygame.draw.rect(surface, colour(item.fill), rect, border_radius=radius)
            if item.edge:
                pygame.draw.rect(surface, colour(item.edge), rect, item.width,
                                 border_radius=radius)
        elif isinstance(item, Line):
            if len(item.points) > 1:
                pygame.draw.lines(surface, colour(item.colour), False, item.points, item.width)
        elif isinstance(item, Dot):
            if item.square:
                r = item.radius
                rect = pygame.Rect(item.centre[0] - r, item.centre[1] - r, 2 * r, 2 * r)
                pygame.draw.rect(surface, colour(item.colour), rect)
                if item.edge:
                    pygame.draw.rect(surface, colour(item.edge), rect, 2)
            else:
                pygame.draw.circle(surface, colour(item.colour), item.centre, item.radius)
                if item.edge:
                    pygame.draw.circle(surface, colour(item.edge), item.centre, item.radius, 2)

    def _button(self, surface: pygame.Surface, b: Button, focused: bool) -> None:
        theme = self.theme
        rect = pygame.Rect(b.rect)
        radius = theme.space["radius"]
        if not b.enabled:
            fill, ink = "button_off", "button_off_text"
        elif b.chosen:
            fill, ink = "chosen", "chosen_text"
        elif b.style == "button":
            fill, ink = "button", "button_text"
        else:
            fill, ink = "panel", "text"
        pygame.draw.rect(surface, theme.colour(fill), rect, border_radius=radius)
        pygame.draw.rect(surface, theme.colour("edge" if b.style != "button" else fill), rect,
                         theme.space["edge"], border_radius=radius)
        step = theme.line_height(b.role)
        top = rect.y + (rect.height - step * len(b.label)) // 2
        for n, line in enumerate(b.label):
            text = self.rendered(line, b.role, ink)
            x = rect.x + theme.space["pad"] if b.style == "chip" else \
                rect.x + (rect.width - text.get_width()) // 2
            surface.blit(text, (x, top + n * step))
        if focused:
            ring = theme.space["focus"]
            pygame.draw.rect(surface, theme.colour("focus"), rect.inflate(2 * ring, 2 * ring),
                             ring, border_radius=radius + ring)

    @staticmethod
    def _tip_at(scene: Scene, point: tuple[int, int]) -> str:
        for b in reversed(scene.buttons):
            if b.tip and pygame.Rect(b.rect).collidepoint(point):
                return b.tip
        for hot in reversed(scene.hots):
            if pygame.Rect(hot.rect).collidepoint(point):
                return hot.tip
        return ""

    def tooltip(self, surface: pygame.Surface, tip: str, at: tuple[int, int],
                scene: Scene) -> None:
        """A tooltip box near a point, kept inside the window."""
        theme = self.theme
        pad = theme.space["pad"]
        width = min(scene.width // 2, 520)
        lines = theme.wrap(tip, "small", width - 2 * pad)
        step = theme.line_height("small")
        w = max(theme.width(line, "small") for line in lines) + 2 * pad
        h = step * len(lines) + 2 * pad
        x = min(max(at[0] + 16, 0), scene.width - w - 4)
        y = at[1] + 22 if at[1] + 22 + h < scene.height else at[1] - h - 8
        rect = pygame.Rect(x, max(y, 0), w, h)
        pygame.draw.rect(surface, theme.colour("tip"), rect, border_radius=theme.space["radius"])
        for n, line in enumerate(lines):
            surface.blit(self.rendered(line, "small", "tip_text"),
                         (x + pad, rect.y + pad + n * step))
