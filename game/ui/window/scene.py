"""What a screen puts up: pygame_gui elements built from one seat's view, its buttons in focus
order and the commands they stand for.

A presenter fills a `Scene` through the methods below (labels, text boxes, panels, buttons,
option chips, pictures drawn by our own code); the app binds each button's press, by mouse or
keyboard, to the command it carries. `shown_strings` reads back every string the UI manager's
elements show, tool tips included: the tests check it for the other side's secrets.
"""

from __future__ import annotations

import contextlib
import html
import re
from dataclasses import dataclass, field

import pygame
from pygame_gui.core import ObjectID
from pygame_gui.elements import (
    UIButton,
    UIImage,
    UILabel,
    UIPanel,
    UIScrollingContainer,
    UITextBox,
    UITextEntryLine,
)

from game.ui.window.theme import Theme, role_id

Rect = tuple[int, int, int, int]
TAG = re.compile(r"<[^>]+>")
SCROLL_BAR = 20  # the width pygame_gui gives a scrolling container's scroll bar


def escaped(text: str) -> str:
    """Text for a pygame_gui text box or tool tip (they read HTML): shown as written."""
    return html.escape(text, quote=False).replace("\n", "<br>")


@dataclass
class Button:
    """Something to press: by mouse (its element), by its shortcut key, or with Enter when
    focused. A button that is not `enabled` still shows its tool tip; pressing it says why."""

    id: str
    element: UIButton
    command: object
    key: str = ""
    tip: str = ""
    enabled: bool = True
    label: tuple[str, ...] = ()
    parts: list = field(default_factory=list)  # elements drawn under it (an option chip's text)
    scroller: Scroller | None = None  # the scrolling area it sits in, if any
    limit: int = 0  # an option card: the lines its label may take

    @property
    def rect(self) -> Rect:
        r = self.element.rect
        return (r.x, r.y, r.width, r.height)


class Scene:
    """A screen's elements, its buttons in focus order, shortcut keys and scrolling text."""

    def __init__(self, theme: Theme, width: int, height: int, title: str = "") -> None:
        self.theme = theme
        self.manager = theme.manager
        self.width, self.height = width, height
        self.title = title  # the screen's name (screenshots, tests)
        self.buttons: list[Button] = []
        self.keys: dict[str, object] = {}  # extra shortcuts -> commands
        self.focus = ""  # the button to focus first, if the previous focus is gone
        self.scrolling: list[UITextBox] = []  # text that Page Up / Page Down scroll
        self.entries: dict[str, UITextEntryLine] = {}
        self.moving: list = []  # meters that animate (game.ui.window.meters.Meter)
        self.clock = None  # the phase clock's label, if the header shows one
        self.container = None  # where new elements go (None: the window)
        self.scroller: Scroller | None = None
        self.scrollers: list[Scroller] = []

    @contextlib.contextmanager
    def inside(self, scroller: Scroller):
        """Put the elements made in this block into a scrolling area (their coordinates are
        then relative to its top left)."""
        self.container, self.scroller = scroller.element, scroller
        self.scrollers.append(scroller)
        try:
            yield scroller
        finally:
            self.container, self.scroller = None, None

    # -- text -----------------------------------------------------------------------------------
    def label(self, x: int, y: int, text: str, role: str = "body", look: str = "text",
              tip: str = "", width: int = 0) -> UILabel:
        """A line of text (cut to `width` if given, the whole text then in its tool tip)."""
        theme = self.theme
        if width and theme.width(text, role) > width:
            tip = f"{text}. {tip}" if tip else text
            text = theme.fit(text, role, width)
        w = theme.width(text, role) + 2
        element = UILabel(pygame.Rect(x, y, w, theme.line_height(role)), text, self.manager,
                          container=self.container,
                          object_id=role_id(role, None if look == "text" else look))
        self.tip(element, tip)
        return element

    def para(self, x: int, y: int, width: int, text: str, role: str = "body",
             look: str = "text", tip: str = "", limit: int = 0) -> int:
        """Wrapped text in a text box as tall as it needs; `limit` caps the lines (the last
        cut, the whole text then in its tool tip). Returns the height used."""
        theme = self.theme
        room = width - theme.inset(None if look == "text" else look)
        lines = list(theme.wrap(text, role, room))
        if limit and len(lines) > limit:
            tip = f"{text} {tip}".strip()
            lines = theme.clip(text, role, room, limit)
        body = "<br>".join(escaped(line) for line in lines)
        if role.endswith("bold") or role in ("heading", "title"):
            body = f"<b>{body}</b>"
        box = UITextBox(body, pygame.Rect(x, y, width, -1), self.manager, wrap_to_height=True,
                        container=self.container,
                        object_id=role_id(role, None if look == "text" else look))
        self.tip(box, tip)
        return box.rect.height

    def reader(self, rect: Rect, paragraphs, look: str = "reader") -> UITextBox:
        """Long text in a box that scrolls (the mouse wheel, its scroll bar, Page Up / Page
        Down): paragraphs are (text, role[, colour name]); '' is a blank line."""
        theme = self.theme
        parts = []
        for spec in paragraphs:
            text, role = spec[:2]
            colour = spec[2] if len(spec) > 2 else "text"
            if not text:
                parts.append("")
                continue
            body = escaped(text)
            size = theme.font(role).point_size
            if role.endswith("bold") or role in ("heading", "title"):
                body = f"<b>{body}</b>"
            if colour != "text":
                body = f"<font color='{theme.hex(colour)}'>{body}</font>"
            parts.append(f"<font pixel_size='{size}'>{body}</font>")
        box = UITextBox("<br>".join(parts), pygame.Rect(rect), self.manager,
                        container=self.container, object_id=role_id("body", look))
        self.scrolling.append(box)
        return box

    def tip(self, element, tip: str) -> None:
        """Pointing at the element for a moment shows `tip`."""
        if tip:
            element.set_tooltip(escaped(tip), delay=self.theme.space["tip_delay"] / 1000,
                                wrap_width=self.theme.space["tip_width"])

    # -- boxes and pictures ---------------------------------------------------------------------
    def box(self, rect: Rect, look: str = "panel") -> UIPanel:
        """A panel (white card, row, cover, badge) drawn under what follows."""
        return UIPanel(pygame.Rect(rect), manager=self.manager, container=self.container,
                       object_id=ObjectID(object_id=None if look == "panel" else f"#{look}"))

    def image(self, rect: Rect, surface: pygame.Surface, tip: str = "",
              strings: tuple[str, ...] = ()) -> UIImage:
        """A picture drawn by our own code (a chart, a meter); `strings` is every word on it."""
        element = UIImage(pygame.Rect(rect), surface, self.manager, container=self.container)
        element.shown = tuple(strings)  # read by shown_strings
        self.tip(element, tip)
        return element

    # -- things to press ------------------------------------------------------------------------
    def button(self, ident: str, rect: Rect, label: str, command: object, key: str = "",
               tip: str = "", enabled: bool = True, role: str = "body",
               look: str | None = None) -> Button:
        """A button with a one-line label (cut to fit; the whole label is then in its tip)."""
        theme = self.theme
        pad = theme.space["pad"]
        text = theme.fit(label, role, rect[2] - 2 * pad)
        if text != label:
            tip = f"{label}. {tip}" if tip else label
        look = look if enabled else "off"
        element = UIButton(pygame.Rect(rect), text, self.manager, container=self.container,
                           object_id=role_id(role, look))
        self.tip(element, tip)
        button = Button(ident, element, command, key, tip, enabled, (text,),
                        scroller=self.scroller)
        self.buttons.append(button)
        return button

    def chip(self, ident: str, rect: Rect, lines: list[str], command: object, tip: str = "",
             enabled: bool = True, chosen: bool = False, role: str = "small", key: str = "",
             bold: int = 0) -> Button:
        """An option to pick: a card of wrapped lines (its state in words and in its look;
        the first `bold` lines in bold) under a clear button that takes the press and shows
        the tool tip."""
        look = "chip_chosen" if chosen else ("chip" if enabled else "chip_off")
        body = "<br>".join(f"<b>{escaped(line)}</b>" if n < bold else escaped(line)
                           for n, line in enumerate(lines))
        card = UITextBox(body, pygame.Rect(rect), self.manager, container=self.container,
                         object_id=role_id(role, look))
        self.tip(card, tip)  # shown when the button above cannot be pressed
        hit = UIButton(pygame.Rect(rect), "", self.manager, container=self.container,
                       object_id=ObjectID(object_id="#hit"))
        self.tip(hit, tip)
        button = Button(ident, hit, command, key, tip, enabled, tuple(lines), [card],
                        self.scroller)
        self.buttons.append(button)
        return button

    def entry(self, ident: str, rect: Rect, text: str, tip: str = "",
              allowed: str = "numbers", limit: int = 18, role: str = "body") -> Button:
        """A line to type in (the seed): in the focus order like a button; pressing it (Enter,
        a click) starts typing, Enter or Tab ends it."""
        element = UITextEntryLine(pygame.Rect(rect), self.manager, container=self.container,
                                  initial_text=text, object_id=role_id(role))
        element.set_allowed_characters(allowed)
        element.set_text_length_limit(limit)
        self.tip(element, tip)
        self.entries[ident] = element
        button = Button(ident, element, ("type", ident), "", tip, True, (text,),
                        scroller=self.scroller)
        self.buttons.append(button)
        return button

    def made_since(self, mark: tuple[set, int]) -> tuple[set, int, int]:
        """The elements and the range of buttons made since `mark` (see `drop`)."""
        before, buttons = mark
        made = set(self.manager.get_sprite_group().sprites()) - before
        return made, buttons, len(self.buttons)

    def drop(self, made: tuple[set, int, int]) -> None:
        """Remove a part of the screen (elements and buttons `made_since` a mark) to build it
        again at the end of the screen."""
        elements, first, last = made
        for element in elements:
            element.kill()
        del self.buttons[first:last]

    def renew_chip(self, button: Button, lines: list[str], tip: str, enabled: bool,
                   chosen: bool) -> None:
        """Show an option card again with new lines and state, in the same place."""
        old, card = button.element, button.parts[0]
        self.container, self.scroller = old.ui_container, button.scroller
        rect = old.relative_rect
        old.kill()
        card.kill()
        try:
            fresh = self.chip(button.id, (rect.x, rect.y, rect.width, rect.height), lines,
                              button.command, tip, enabled, chosen, key=button.key)
        finally:
            self.container = self.scroller = None
        self.buttons.remove(fresh)
        button.element, button.parts, button.label = fresh.element, fresh.parts, fresh.label
        button.tip, button.enabled = tip, enabled

    def mark(self) -> tuple[set, int]:
        """A point to go back to (see `undo`)."""
        return set(self.manager.get_sprite_group().sprites()), len(self.buttons)

    def undo(self, mark: tuple[set, int]) -> None:
        """Remove every element and button made since `mark` (a layout tried and dropped)."""
        before, buttons = mark
        for element in self.manager.get_sprite_group().sprites():
            if element not in before:
                element.kill()
        del self.buttons[buttons:]

    def find(self, button_id: str) -> Button | None:
        """The button with this id, if the scene has it."""
        return next((b for b in self.buttons if b.id == button_id), None)

    def owner(self, element) -> Button | None:
        """The button an element belongs to (a press reported by pygame_gui)."""
        return next((b for b in self.buttons if b.element is element), None)

    def strings(self) -> list[str]:
        """Every string this scene's elements show (see shown_strings)."""
        return shown_strings(self.manager)


class Scroller:
    """A scrolling area for content taller than its place (the mouse wheel, its scroll bar,
    and the keyboard focus, which scrolls to the focused button)."""

    def __init__(self, scene: Scene, rect: Rect, height: int | None = None) -> None:
        """`height`: the content's; None when it is known only once built (`fit` then)."""
        self.element = UIScrollingContainer(pygame.Rect(rect), scene.manager,
                                            allow_scroll_x=False)
        self.height = height or rect[3]
        self.inner_width = rect[2] - (SCROLL_BAR if height is None or height > rect[3] else 0)
        self.element.set_scrollable_area_dimensions((self.inner_width, self.height))

    def fit(self, height: int) -> None:
        """The content turned out `height` tall."""
        self.height = max(height, 1)
        self.element.set_scrollable_area_dimensions((self.inner_width, self.height))

    def reveal(self, button: Button) -> None:
        """Scroll so the button is in view."""
        bar = self.element.vert_scroll_bar
        if bar is None:
            return
        view = self.element.rect.height
        top = -self.element.scrollable_container.relative_rect.y
        y, h = button.element.relative_rect.y, button.element.relative_rect.height
        if y < top:
            top = y - 4
        elif y + h > top + view:
            top = y + h - view + 4
        else:
            return
        bar.set_scroll_from_start_percentage(max(0, top) / self.height)


def shown_strings(manager) -> list[str]:
    """Every string the UI manager's elements show: labels, buttons, text boxes, text entries,
    words drawn on pictures, and every tool tip, as a player reads them."""
    out: list[str] = []
    for element in manager.get_sprite_group().sprites():
        if isinstance(element, UIButton | UILabel):
            out.append(element.text)
        elif isinstance(element, UITextBox):
            out.append(html.unescape(TAG.sub(" ", element.html_text.replace("<br>", "\n"))))
        elif isinstance(element, UITextEntryLine):
            out.append(element.get_text())
        out.extend(getattr(element, "shown", ()))
        tip = getattr(element, "tool_tip_text", None)
        if tip:
            out.append(html.unescape(TAG.sub(" ", tip.replace("<br>", "\n"))))
    return [s for s in out if s]
