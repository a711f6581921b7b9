"""News: the round's event cards as they fire, each with what it changed for the seat."""

from __future__ import annotations

from game.core.events import GameEvent, NewsFired, WeightRevealed
from game.ui.text_events import news_changes
from game.ui.window.app import App, Screen
from game.ui.window.frame import NAMES, Reader, button_row, header, panel
from game.ui.window.scene import Scene

CHANGE_TIP = ("News changes your own figures: how much an issue matters to you, what an "
              "option is worth to you, or your trust in the other side.")


class NewsScreen(Screen):
    """The news of one round, as cards."""

    name = "news"
    auto = 4.0

    def __init__(self, party: str, round_: int, events: tuple[GameEvent, ...]) -> None:
        self.party = party
        self.round = round_
        self.events = events
        self.reader = Reader()

    def build(self, ui: App) -> Scene:
        obs = ui.flow.session.view(self.party)
        width, height = ui.size
        theme = ui.theme
        scene = Scene(width, height, title=self.name)
        m, gap, pad = theme.space["margin"], theme.space["gap"], theme.space["pad"]
        top = header(ui, scene, f"News: round {self.round}", obs)
        bottom = ui.content_bottom()
        button_h = theme.line_height("body") + 2 * pad
        cards = [e for e in self.events if isinstance(e, NewsFired)]
        effects = [e for e in self.events if not isinstance(e, NewsFired)]
        area_h = bottom - top - button_h - gap
        changes = news_changes(effects, obs)
        revealed = [f"Now public: how much {NAMES[e.party]} weighs {e.issue}: {e.weight:g}."
                    for e in effects if isinstance(e, WeightRevealed)]
        side_w = int((width - 2 * m - gap) * 0.4) if changes or revealed else 0
        card_w = width - 2 * m - (side_w + gap if side_w else 0)
        each = (area_h - gap * (len(cards) - 1)) // max(len(cards), 1)
        body = theme.line_height("body")
        y = top
        for card in cards:
            text = " ".join(card.body.split())
            need = len(theme.wrap(text, "body", card_w - 2 * pad)) * body + \
                theme.line_height("body-bold") + 3 * pad
            h = min(each, need)
            cy = panel(scene, theme, (m, y, card_w, h), card.title)
            lines = max(1, (y + h - cy - pad) // body)
            scene.para(theme, m + pad, cy, card_w - 2 * pad, text, "body", limit=lines)
            y += h + gap
        if side_w:
            rect = (m + card_w + gap, top, side_w, area_h)
            y = panel(scene, theme, rect, "What it changed for you")
            said = " ".join(line.strip() for line in changes)
            said = said.removeprefix("For you:").strip().rstrip(".").replace("\u00a0", " ")
            paragraphs = [(part.strip()[:1].upper() + part.strip()[1:] + ".", "body", "text",
                           CHANGE_TIP) for part in said.split("; ") if part.strip()]
            paragraphs += [(line, "body", "text") for line in revealed]
            self.reader.draw(scene, theme, (rect[0] + pad, y, side_w - 2 * pad,
                                            top + area_h - y - pad), paragraphs)
        button_row(scene, theme, width - m - 320, bottom - button_h, 320,
                   [("continue", "Continue (Enter)", ("continue",), "", "Go on.")])
        return scene

    def scroll(self, ui: App, lines: int) -> None:
        self.reader.scroll(lines)

    def press(self, ui: App, command: object) -> None:
        if callable(command):
            command(ui)
        else:
            ui.flow.done(ui)
