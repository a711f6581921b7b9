"""The round summary: what happened in a round as the seat saw it, its score statement valued
as signed, and its trust at the end of the round (the terminal's summary lines)."""

from __future__ import annotations

from game.ui.text_report import round_summary
from game.ui.window.app import App, Screen
from game.ui.window.frame import Reader, button_row, header, meter, panel, them
from game.ui.window.scene import Scene

LINE_TIP = ("Figures are per round, valued as signed: what the round brings you if the other "
            "side kept its word. What you really banked is revealed at the end.")


class SummaryScreen(Screen):
    """One round, as it stood when it was scored."""

    name = "round-summary"
    auto = 4.0

    def __init__(self, party: str, round_: int, trust: dict[str, float]) -> None:
        self.party = party
        self.round = round_
        self.trust = trust
        self.reader = Reader()

    def build(self, ui: App) -> Scene:
        obs = ui.flow.session.view(self.party)
        width, height = ui.size
        theme = ui.theme
        scene = Scene(width, height, title=self.name)
        m, gap, pad = theme.space["margin"], theme.space["gap"], theme.space["pad"]
        top = header(ui, scene, f"Round {self.round}: what happened", obs)
        bottom = ui.content_bottom()
        button_h = theme.line_height("body") + 2 * pad
        left_w = int((width - 2 * m - gap) * 0.62)
        rect = (m, top, left_w, bottom - top - button_h - gap)
        y = panel(scene, theme, rect)
        lines = round_summary(obs, self.round, self.trust)
        lines = [line for line in lines if line and not line.startswith("----")]
        cut = next((n for n, line in enumerate(lines) if line.startswith("Your trust")),
                   len(lines))
        paragraphs = []
        for line in lines[:cut]:
            head = not line.startswith(" ") and line.endswith(":")
            paragraphs.append((line.strip() if not line.startswith("  ") else "• " +
                               line.strip(), "body-bold" if head else "body", "text",
                               LINE_TIP))
        self.reader.draw(scene, theme, (m + pad, y, left_w - 2 * pad,
                                        rect[1] + rect[3] - y - pad), paragraphs)
        rx, rw = m + left_w + gap, width - 2 * m - left_w - gap
        ry = panel(scene, theme, (rx, top, rw, rect[3]), "Your trust at the end of the round")
        small = theme.line_height("small")
        sd = {k: v[1] for k, v in obs.own.trust.items()}
        row = min(2 * small + pad, (top + rect[3] - ry - pad) // max(len(obs.issues), 1))
        for n, issue in enumerate(obs.issues):
            y = ry + n * row
            scene.text(theme, rx + pad, y, theme.fit(issue.title, "small", rw - 2 * pad),
                       "small")
            mean = self.trust.get(issue.id, obs.own.trust[issue.id][0])
            meter(scene, theme, (rx + pad, y + small, rw - 2 * pad, max(small - 4, 8)), mean,
                  sd[issue.id], f"Your trust that {them(obs)} keeps its word on {issue.title} "
                  f"at the end of round {self.round}: {mean:.2f} (0 never, 1 always).")
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
