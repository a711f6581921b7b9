"""A guided scenario's hints (`hints:` in the file): a page before the screen they are about,
each hint shown once, as the terminal game does (game.ui.hints.HintBook picks them)."""

from __future__ import annotations

from game.core.scenario import Hint
from game.ui.window.app import App, Screen
from game.ui.window.frame import button_row, cards, page
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
        scene, m, gap, pad, top, bottom, button_h = page(
            ui, self.name, "A hint before you go on", obs)
        area_h = bottom - top - button_h - gap
        card_w = min(width - 2 * m, 60 * theme.line_height("body"))
        numbered = len(self.hints) > 1
        items = [(f"Hint {n} of {len(self.hints)}" if numbered else "Hint", hint.text)
                 for n, hint in enumerate(self.hints, 1)]
        cards(scene, theme, (width - card_w) // 2, top, card_w, area_h, items,
              tip="Hints are teaching text from the scenario: they change nothing in the game.")
        bw = min(320, width - 2 * m)
        button_row(scene, theme, width - m - bw, bottom - button_h, bw,
                   [("continue", "Continue (Enter)", ("continue",), "", "Go on.")])
        return scene

    def press(self, ui: App, command: object) -> None:
        if callable(command):
            command(ui)
        else:
            ui.flow.done(ui)
