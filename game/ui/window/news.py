"""News: the round's event cards as they fire, each with what it changed for the seat."""

from __future__ import annotations

from game.core.events import GameEvent, NewsFired, WeightRevealed
from game.ui.text_events import event_lines, news_changes
from game.ui.text_views import short_title
from game.ui.window.app import App, Screen
from game.ui.window.frame import button_row, named, page, panel
from game.ui.window.frame import cards as text_cards
from game.ui.window.scene import Scene

TABLE_CHANGES = ("option", "verification", "status-quo")  # news on the table itself


class NewsScreen(Screen):
    """The news of one round, as cards."""

    name = "news"
    auto = 4.0

    def __init__(self, party: str, round_: int, events: tuple[GameEvent, ...]) -> None:
        self.party = party
        self.round = round_
        self.events = events

    def build(self, ui: App) -> Scene:
        obs = ui.flow.session.view(self.party)
        width, height = ui.size
        theme = ui.theme
        scene, m, gap, pad, top, bottom, button_h = page(
            ui, self.name, f"News: round {self.round}", obs)
        cards = [e for e in self.events if isinstance(e, NewsFired)]
        effects = [e for e in self.events if not isinstance(e, NewsFired)]
        area_h = bottom - top - button_h - gap
        changes = self.changes(effects, obs)
        side_w = int((width - 2 * m - gap) * 0.4) if changes else 0
        card_w = width - 2 * m - (side_w + gap if side_w else 0)
        text_cards(scene, theme, m, top, card_w, area_h, [(c.title, c.body) for c in cards])
        if side_w:
            rect = (m + card_w + gap, top, side_w, area_h)
            y = panel(scene, theme, rect, "What it changed for you",
                      tip="News changes your own figures: how much an issue matters to you, "
                          "what an option is worth to you, or your trust in the other side.")
            scene.reader((rect[0] + pad, y, side_w - 2 * pad, top + area_h - y - pad),
                         [(line, "body") for line in changes], look="plain")
        bw = min(320, width - 2 * m)
        button_row(scene, theme, width - m - bw, bottom - button_h, bw,
                   [("continue", "Continue (Enter)", ("continue",), "", "Go on.")])
        return scene

    @staticmethod
    def changes(effects, obs) -> list[str]:
        """What the news changed in the seat's own figures, one sentence each."""
        said = " ".join(line.strip() for line in news_changes(effects, obs))
        said = said.removeprefix("For you:").strip().rstrip(".").replace("\u00a0", " ")
        out = [part.strip()[:1].upper() + part.strip()[1:] + "." for part in said.split("; ")
               if part.strip()]
        out += [f"Now public: how much {named(e.party)} weighs {short_title(obs, e.issue)}: "
                f"{e.weight:g}." for e in effects if isinstance(e, WeightRevealed)]
        out += [line.strip() for e in effects if e.kind in TABLE_CHANGES
                for line in event_lines(e, obs)]
        return out

    def press(self, ui: App, command: object) -> None:
        if callable(command):
            command(ui)
        else:
            ui.flow.done(ui)
