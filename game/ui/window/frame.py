"""Pieces every game screen shares: the header bar (with the phase clock), panels, trust meters,
rows of buttons, and the words used.

Figures come from one seat's observation through the terminal's view functions
(game.ui.text_views), so both shells say the same numbers the same way.
"""

from __future__ import annotations

from typing import NamedTuple

from game.core.observe import Observation
from game.ui.text_views import CAPITAL, possessive
from game.ui.text_views import NAMES as THE
from game.ui.window.app import App
from game.ui.window.meters import Meter
from game.ui.window.scene import Scene
from game.ui.window.theme import Theme

NAMES = {"us": "United States", "cn": "China"}
DELEGATIONS = {"us": "US delegation", "cn": "Chinese delegation"}
PHASES = {"negotiate": "Talks", "implement": "Implementation", "respond": "Responses",
          "over": "Game over"}
TRUST_TIP = ("Your trust that {them} keeps its word on this issue: the chance you put on it "
             "keeping a promise, from 0 (never) to 1 (always). The shaded band is the "
             "uncertainty (one standard deviation either side): it narrows as evidence "
             "arrives. Verification reports move it; news can too.")
CLOCK_TIP = ("Time left in this phase (the scenario's classroom timer). When it runs out, "
             "whoever has not moved gets the phase's default: no offer, keeping every "
             "commitment, letting reports pass. The clock stops while the menu is open.")


def named(party: str, capital: bool = False) -> str:
    """A side's name in running text ("the United States", "China"); `capital` at the start
    of a sentence."""
    return (CAPITAL if capital else THE)[party]


def them(obs: Observation, capital: bool = False) -> str:
    """The other side's name in running text, from the seat's side."""
    return named("cn" if obs.party == "us" else "us", capital)


def theirs(obs: Observation) -> str:
    """The other side's name as an owner: "China's", "the United States'"."""
    return possessive(them(obs))


def clock_text(left: float | None, paused: bool) -> str:
    """The phase clock as a player reads it ('' when the phase has no time limit)."""
    if left is None:
        return ""
    seconds = max(0, int(left + 0.999))
    text = f"Time left {seconds // 60}:{seconds % 60:02d}"
    return f"{text} (paused)" if paused else text


def header(ui: App, scene: Scene, title: str, obs: Observation | None = None,
           tools: bool = True, short: str = "", look: str = "muted") -> int:
    """The top bar: the screen's title, where the game stands, the phase clock, whose screen
    it is, and the buttons for the brief, the trust and ledger page and help (`short`: the
    title to show if it is too long; `look`: of the line saying where the game stands).
    Returns the y below it."""
    theme = ui.theme
    m, gap, pad = theme.space["margin"], theme.space["gap"], theme.space["pad"]
    width = scene.width
    y = m
    x_right = width - m
    if tools:
        labels = [("help", "Help (F1)", "f1", lambda u: u.flow.help(u))]
        if obs is not None and obs.party in NAMES and ui.top is not None and ui.top.private:
            labels = [("brief", "Brief (B)", "b", lambda u: u.flow.overlay(u, "brief")),
                      ("ledger", "Trust & ledger (L)", "l", lambda u: u.flow.overlay(u, "ledger")),
                      *labels]
        labels.append(("menu", "Menu (Esc)", "", lambda u: u.flow.escape(u)))
        for ident, label, key, command in reversed(labels):
            w = theme.width(label, "small") + 2 * pad + 4
            x_right -= w
            scene.button(f"tool-{ident}", (x_right, y, w, theme.line_height("small") + pad),
                         label, command, key, role="small", look="quiet")
            x_right -= gap // 2
    heading_w = x_right - m - gap
    full, role = title, "heading"
    if theme.width(title, role) > heading_w and (short or ": " in title):  # words whole
        title = short or title.split(": ", 1)[0]
    if theme.width(title, role) > heading_w:  # else smaller letters before a cut
        role = "body-bold"
    scene.label(m, y, title, role, width=heading_w, tip=full if title != full else "")
    step = theme.line_height("heading")
    if obs is not None:
        where = f"  ·  Round {min(obs.round, obs.rounds)} of {obs.rounds}  ·  " \
                f"{PHASES.get(obs.phase, obs.phase)}"
        badge = f"You lead the {DELEGATIONS[obs.party]}" if obs.party in NAMES else ""
        w = theme.width(badge, "small-bold") + 3 * pad if badge else 0
        clock = ui.flow.clock_line()
        clock_w = theme.width("Time left 00:00 (paused)", "small-bold") + gap if clock else 0
        room = width - 2 * m - w - gap - clock_w
        title = obs.title  # cut before the round and phase are: they say what to do now
        if theme.width(title + where, "small") > room:
            title = theme.fit(title, "small", max(room - theme.width(where, "small") - 4, 0))
        scene.label(m, y + step, title + where, "small", look, width=room,
                    tip=obs.title if title != obs.title else "")
        if clock:
            scene.clock = scene.label(width - m - w - gap - clock_w + gap // 2, y + step, clock,
                                      "small-bold", "warn", tip=CLOCK_TIP)
        if badge:
            bx, by = width - m - w, y + step
            scene.box((bx, by, w, theme.line_height("small")), f"badge_{obs.party}")
            scene.label(bx + pad + pad // 2, by, badge, "small-bold", "cover_text",
                        tip="The side whose screen this is.")
    if ui.flow.warning:
        scene.label(m, y + step + theme.line_height("small"), ui.flow.warning, "small", "warn",
                    width=width - 2 * m)
        y += theme.line_height("small")
    return y + step + theme.line_height("small") + gap


class Page(NamedTuple):
    """A new page: its scene, the theme's margin, gap and padding, the y below its header and
    above the footer, and the height of a row of buttons."""

    scene: Scene
    margin: int
    gap: int
    pad: int
    top: int
    bottom: int
    button_h: int


def page(ui: App, name: str, heading: str, obs: Observation | None = None,
         tools: bool = True, short: str = "") -> Page:
    """Start a page: the scene named `name`, its header (`heading`, where the game stands for
    `obs`, the tool buttons unless `tools` is False) and the measures its content lays out by."""
    theme = ui.theme
    width, height = ui.size
    scene = Scene(theme, width, height, title=name)
    space = theme.space
    top = header(ui, scene, heading, obs, tools=tools, short=short)
    return Page(scene, space["margin"], space["gap"], space["pad"], top, ui.content_bottom(),
                theme.line_height("body") + 2 * space["pad"])


def panel(scene: Scene, theme: Theme, rect, title: str = "", tip: str = "",
          look: str = "panel") -> int:
    """A white panel with an optional title; returns the y where its content starts."""
    scene.box(rect, look)
    pad = theme.space["pad"]
    y = rect[1] + pad
    if title:
        scene.label(rect[0] + pad, y, title, "body-bold", tip=tip, width=rect[2] - 2 * pad)
        y += theme.line_height("body-bold") + pad // 2
    return y


class Card:
    """A panel as tall as what is put in it: add content at `y` (moving it down), then
    `close` it."""

    def __init__(self, scene: Scene, x: int, y: int, w: int, title: str = "",
                 tip: str = "") -> None:
        theme = scene.theme
        self.scene, self.pad = scene, theme.space["pad"]
        self.panel = scene.box((x, y, w, 2 * self.pad))
        self.x, self.top, self.w = x, y, w
        self.y = y + self.pad
        if title:
            self.y += scene.para(x + self.pad, self.y, w - 2 * self.pad, title, "body-bold",
                                 tip=tip) + self.pad // 2

    def text(self, text: str, role: str = "small", look: str = "text", tip: str = "") -> None:
        """A wrapped paragraph in the card."""
        self.y += self.scene.para(self.x + self.pad, self.y, self.w - 2 * self.pad, text, role,
                                  look, tip)

    def close(self) -> int:
        """Fit the panel to its content; returns the y below it."""
        height = self.y + self.pad - self.top
        self.panel.set_dimensions((self.w, height))
        return self.top + height


def cards(scene: Scene, theme: Theme, x: int, top: int, width: int, height: int,
          items: list[tuple[str, str]], tip: str = "") -> int:
    """Titled cards of text stacked down from `top`, each as tall as its text (sharing
    `height` when they are more than fits, the text then scrolls); returns the y below."""
    gap, pad = theme.space["gap"], theme.space["pad"]
    each = (height - gap * (len(items) - 1)) // max(len(items), 1)
    title_h = theme.line_height("body-bold") + pad + pad // 2
    y = top
    for title, text in items:
        text = " ".join(text.split())
        lines = theme.wrap(text, "body", width - 2 * pad - theme.inset("plain"))
        heads = theme.clip(title, "body-bold", width - 2 * pad - 4, 2)  # a headline whole
        extra = (len(heads) - 1) * theme.line_height("body-bold")
        h = min(each, theme.text_height("body", len(lines)) + title_h + extra + pad)
        cy = panel(scene, theme, (x, y, width, h), heads[0], tip=tip)
        for line in heads[1:]:
            scene.label(x + pad, cy - theme.space["pad"] // 2, line, "body-bold", tip=tip,
                        width=width - 2 * pad)
            cy += theme.line_height("body-bold")
        scene.reader((x + pad, cy, width - 2 * pad, y + h - cy - pad // 2), [(text, "body")],
                     look="plain")
        y += h + gap
    return y


def meter(ui: App, scene: Scene, rect, mean: float, sd: float, tip: str, label: bool = True,
          start: tuple[float, float] | None = None) -> Meter:
    """A trust meter (game.ui.window.meters) that slides from `start` if it moved."""
    return Meter(scene, rect, mean, sd, tip, label, start, ui.theme.pace, ui.clock())


def row_layout(theme: Theme, width: int, labels: list[str]) -> tuple[str, int, int, int, int]:
    """How a row of buttons fits `width`: (text role, buttons per row, button width, button
    height, total height): smaller text, then two rows, if the labels do not fit."""
    gap, pad = theme.space["gap"], theme.space["pad"]
    per_row = max(len(labels), 1)
    role = "body"
    for role in ("body", "small", "small"):
        w = (width - gap * (per_row - 1)) // per_row
        if all(theme.width(label, role) <= w - 2 * pad for label in labels):
            break
        if role == "small" and per_row > 1:
            per_row = (len(labels) + 1) // 2
    h = theme.line_height(role) + 2 * pad
    w = (width - gap * (per_row - 1)) // per_row
    rows = (len(labels) + per_row - 1) // per_row
    return role, per_row, w, h, rows * h + (rows - 1) * (gap // 2)


def button_row(scene: Scene, theme: Theme, x: int, y: int, width: int,
               specs: list[tuple]) -> int:
    """Buttons side by side filling `width` (see `row_layout`): specs are (id, label, command,
    key, tip[, enabled]); returns the height used."""
    if not specs:
        return 0
    gap = theme.space["gap"]
    role, per_row, w, h, total = row_layout(theme, width, [spec[1] for spec in specs])
    for n, spec in enumerate(specs):
        ident, label, command, key, tip = spec[:5]
        enabled = spec[5] if len(spec) > 5 else True
        row, col = divmod(n, per_row)
        scene.button(ident, (x + col * (w + gap), y + row * (h + gap // 2), w, h), label,
                     command, key, tip, enabled=enabled, role=role)
    return total


def toggles(scene: Scene, theme: Theme, x: int, y: int, w: int, group: str, options,
            current: str, tips) -> int:
    """Choices side by side (two rows if their labels do not fit), the chosen one marked in
    words and in its look; options are (value, label, key). Returns the height."""
    gap, pad = theme.space["gap"] // 2, theme.space["pad"]
    h = theme.line_height("small") + 2 * pad
    labels = [("• " if value == current else "") + label for value, label, _ in options]
    per_row = len(options)
    while per_row > 1 and any(theme.width(t, "small") > (w - gap * (per_row - 1)) // per_row
                              - 3 * pad for t in labels):
        per_row = (per_row + 1) // 2
    bw = (w - gap * (per_row - 1)) // per_row
    for n, ((value, _, key), label) in enumerate(zip(options, labels, strict=True)):
        row, col = divmod(n, per_row)
        scene.button(f"{group}-{value}", (x + col * (bw + gap), y + row * (h + gap), bw, h),
                     label, (group, value), key, tips(group, value), role="small",
                     look="chosen" if value == current else "choice")
    rows = (len(options) + per_row - 1) // per_row
    return rows * h + (rows - 1) * gap
