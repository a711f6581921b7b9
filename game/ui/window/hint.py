"""A guided scenario's hints (`hints:` in the file): a page before the screen they are about,
each hint shown once, as the terminal game does (game.ui.hints.HintBook picks them)."""

from __future__ import annotations

from game.core.scenario import Hint
from game.ui.window.app import App, Screen
from game.ui.window.frame import button_row, header, panel
from game.ui.window.scene import Scene


class HintScreen(Screen):
    """The hints due now for the party at the keyboard, one card each."""

    name = "hint"
    auto = 4.0

    def __init__(self, party: str, hints: tuple[Hint, ...]) -> None:
        self.party = party
        self.hints = hints

    def build(self, ui: App) -> Scene:
        obs = ui.flow.session.view(self.party)
        width, height = ui.size
        theme = ui.theme
        scene = Scene(theme, width, height, title=self.name)
        m, gap, pad = theme.space["margin"], theme.space["gap"], theme.space["pad"]
        top = header(ui, scene, "A hint before you go on", obs)
        bottom = ui.content_bottom()
        button_h = theme.line_height("body") + 2 * pad
        area_h = bottom - top - button_h - gap
        card_w = min(width - 2 * m, 60 * theme.line_height("body"))
        x = (width - card_w) // 2
        each = (area_h - gap * (len(self.hints) - 1)) // max(len(self.hints), 1)
        title_h = theme.line_height("body-bold") + pad + pad // 2
        y = top
        for number, hint in enumerate(self.hints, 1):
            text = " ".join(hint.text.split())
            lines = theme.wrap(text, "body", card_w - 2 * pad - theme.inset("plain"))
            h = min(each, theme.text_height("body", len(lines)) + title_h + pad)
            title = "Hint" if len(self.hints) == 1 else f"Hint {number} of {len(self.hints)}"
            cy = panel(scene, theme, (x, y, card_w, h), title,
                       tip="Hints are teaching text from the scenario: they change nothing in "
                           "the game.")
            scene.reader((x + pad, cy, card_w - 2 * pad, y + h - cy - pad // 2),
                         [(text, "body")], look="plain")
            y += h + gap
        bw = min(320, width - 2 * m)
        button_row(scene, theme, width - m - bw, bottom - button_h, bw,
                   [("continue", "Continue (Enter)", ("continue",), "", "Go on.")])
        return scene

    def press(self, ui: App, command: object) -> None:
        if callable(command):
            command(ui)
        else:
            ui.flow.done(ui)
