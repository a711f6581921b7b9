"""Pieces every game screen shares: the header bar, panels, trust meters and the words used.

Figures come from one seat's observation through the terminal's view functions
(game.ui.text_views), so both shells say the same numbers the same way.
"""

from __future__ import annotations

from game.core.observe import Observation
from game.ui.window.app import App
from game.ui.window.scene import Button, Scene
from game.ui.window.theme import Theme

NAMES = {"us": "United States", "cn": "China"}
DELEGATIONS = {"us": "US delegation", "cn": "Chinese delegation"}
PHASES = {"negotiate": "Talks", "implement": "Implementation", "respond": "Responses",
          "over": "Game over"}
TRUST_TIP = ("Your trust that {them} keeps its word on this issue: the chance you put on it "
             "keeping a promise, from 0 (never) to 1 (always). The shaded band is the "
             "uncertainty (one standard deviation either side): it narrows as evidence "
             "arrives. Verification reports move it; news can too.")


def them(obs: Observation) -> str:
    """The other side's name, from the seat's side."""
    return NAMES["cn" if obs.party == "us" else "us"]


def header(ui: App, scene: Scene, title: str, obs: Observation | None = None,
           tools: bool = True) -> int:
    """The top bar: the screen's title, where the game stands, whose screen it is, and the
    buttons for the brief, the trust and ledger page and help. Returns the y below it."""
    theme = ui.theme
    m, gap = theme.space["margin"], theme.space["gap"]
    width = scene.width
    y = m
    scene.text(theme, m, y, title, "heading")
    x_right = width - m
    if tools:
        labels = [("help", "Help (F1)", "f1", lambda u: u.flow.help(u))]
        if obs is not None and obs.party in NAMES and ui.top is not None and ui.top.private:
            labels = [("brief", "Brief (B)", "b", lambda u: u.flow.overlay(u, "brief")),
                      ("ledger", "Trust & ledger (L)", "l", lambda u: u.flow.overlay(u, "ledger")),
                      *labels]
        labels.append(("menu", "Menu (Esc)", "", lambda u: u.flow.escape(u)))
        for ident, label, key, command in reversed(labels):
            w = theme.width(label, "small") + 2 * theme.space["pad"]
            x_right -= w
            scene.button(Button(f"tool-{ident}", (x_right, y, w, theme.line_height("small") +
                                                  theme.space["pad"]), (label,), command, key,
                                role="small", style="quiet"))
            x_right -= gap // 2
    step = theme.line_height("heading")
    if obs is not None:
        line = f"{obs.title}  ·  Round {min(obs.round, obs.rounds)} of {obs.rounds}  ·  " \
               f"{PHASES.get(obs.phase, obs.phase)}"
        badge = f"You lead the {DELEGATIONS[obs.party]}" if obs.party in NAMES else ""
        w = theme.width(badge, "small-bold") + 3 * theme.space["pad"] if badge else 0
        scene.text(theme, m, y + step, line, "small", "muted", width=width - 2 * m - w - gap)
        if badge:
            bx = width - m - w
            by = y + step + 2
            scene.box((bx, by, w, theme.line_height("small")), obs.party, None)
            scene.text(theme, bx + 2 * theme.space["pad"], by, badge, "small-bold", "cover_text")
    if ui.flow.warning:
        scene.text(theme, m, y + step + theme.line_height("small"),
                   theme.fit(ui.flow.warning, "small", width - 2 * m), "small", "warn")
        y += theme.line_height("small")
    return y + step + theme.line_height("small") + gap


def panel(scene: Scene, theme: Theme, rect, title: str = "", tip: str = "") -> int:
    """A white panel with an optional title; returns the y where its content starts."""
    scene.box(rect, "panel", "edge")
    pad = theme.space["pad"]
    y = rect[1] + pad
    if title:
        scene.text(theme, rect[0] + pad, y, theme.fit(title, "body-bold", rect[2] - 2 * pad),
                   "body-bold", tip=tip)
        y += theme.line_height("body-bold") + pad // 2
    return y


def meter(scene: Scene, theme: Theme, rect, mean: float, sd: float, tip: str,
          label: bool = True) -> None:
    """A trust meter: a track from 0 to 1, the uncertainty band (mean ± sd) shaded, a thick
    mark at the mean and, with `label`, the figures written beside it."""
    x, y, w, h = rect
    text_w = theme.width("0.00 ± 0.00", "small") + theme.space["pad"] if label else 0
    track = max(w - text_w, 20)
    scene.box((x, y + h // 4, track, h // 2), "panel_alt", "edge", 1)
    low, high = max(0.0, mean - sd), min(1.0, mean + sd)
    scene.box((x + int(low * track), y + h // 4, max(2, int((high - low) * track)), h // 2),
              "band", None)
    mark = x + int(mean * track)
    scene.box((mark - 2, y, 5, h), "meter", None)
    if label:
        scene.text(theme, x + track + theme.space["pad"] // 2,
                   y + (h - theme.line_height("small")) // 2, f"{mean:.2f} ± {sd:.2f}", "small")
    scene.hot(rect, tip)


def wrapped_button(theme: Theme, ident: str, rect, label: str, command, key: str = "",
                   tip: str = "", **options) -> Button:
    """A button whose label is cut to fit its width (the whole label is in its tip)."""
    pad = theme.space["pad"]
    text = theme.fit(label, options.get("role", "body"), rect[2] - 2 * pad)
    if text != label and not tip:
        tip = label
    return Button(ident, rect, (text,), command, key, tip, **options)


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
        scene.button(wrapped_button(theme, ident, (x + col * (w + gap), y + row * (h + gap // 2),
                                                   w, h), label, command, key, tip,
                                    enabled=enabled, role=role))
    return total


class Reader:
    """Paragraphs laid out in a column that scrolls (Page Up / Page Down, the mouse wheel):
    lines above the offset or below the bottom are not drawn, and a note says there is more."""

    def __init__(self) -> None:
        self.offset = 0
        self.more = False

    def scroll(self, lines: int) -> None:
        self.offset = max(0, self.offset + lines) if (lines < 0 or self.more) else self.offset

    def draw(self, scene: Scene, theme: Theme, rect, paragraphs) -> None:
        """paragraphs: (text, font role, colour role[, tip]) each; '' is a blank line."""
        x, y, w, h = rect
        lines = []
        for spec in paragraphs:
            text, role, colour = spec[:3]
            tip = spec[3] if len(spec) > 3 else ""
            if not text:
                lines.append(("", "small", colour, ""))
                continue
            lines += [(line, role, colour, tip) for line in theme.wrap(text, role, w)]
        self.offset = min(self.offset, max(0, len(lines) - 1))
        note = theme.line_height("small")
        bottom = y + h
        cy = y
        if self.offset:
            scene.text(theme, x, cy, "(more above: Page Up)", "small", "muted")
            cy += note
        self.more = False
        for n, (text, role, colour, tip) in enumerate(lines[self.offset:]):
            step = theme.line_height(role)
            if cy + step > bottom - (note if n + self.offset < len(lines) - 1 else 0):
                self.more = True
                scene.text(theme, x, bottom - note, "(more below: Page Down or the mouse "
                           "wheel)", "small", "muted")
                break
            if text:
                scene.text(theme, x, cy, text, role, colour, tip)
            cy += step
