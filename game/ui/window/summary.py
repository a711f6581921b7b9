"""The round summary: what happened in a round as the seat saw it, its score statement valued
as signed, and its trust at the end of the round (the terminal's summary lines)."""

from __future__ import annotations

from game.ui.text_report import SUMMARY_COLUMNS, round_rows, statement_for, talks_line
from game.ui.text_views import money, response_label
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
        self.story = Reader()

    def build(self, ui: App) -> Scene:
        obs = ui.flow.session.view(self.party)
        width, height = ui.size
        theme = ui.theme
        scene = Scene(width, height, title=self.name)
        m, gap, pad = theme.space["margin"], theme.space["gap"], theme.space["pad"]
        top = header(ui, scene, f"Round {self.round}: what happened", obs)
        bottom = ui.content_bottom()
        button_h = theme.line_height("body") + 2 * pad
        half = (width - 2 * m - gap) // 2
        h = bottom - top - button_h - gap
        y = panel(scene, theme, (m, top, half, h), "What happened")
        y = self.round_table(ui, scene, obs, (m + pad, y, half - 2 * pad))
        story = [(talks_line(obs, self.round), "small", "text", LINE_TIP)]
        mine = [e for e in obs.history if e.round == self.round and e.kind == "respond"]
        for e in sorted(mine, key=lambda e: e.incident):
            who = "You" if e.party == obs.party else them(obs)
            story.append((f"{who} answered incident {e.incident}: "
                          f"{response_label(obs, e.response)}.", "small", "text"))
        self.story.draw(scene, theme, (m + pad, y + pad, half - 2 * pad, top + h - y - 2 * pad),
                        story)
        rx = m + half + gap
        small = theme.line_height("small")
        rows = self.score_rows(obs)
        score_h = min(int(h * 0.62), theme.line_height("body-bold") + (len(rows) + 1) * small
                      + 3 * pad)
        y = panel(scene, theme, (rx, top, half, score_h), "Your score this round",
                  tip=LINE_TIP)
        figure_w = theme.width("+000.00", "small-bold")
        room = (top + score_h - y - pad) // small
        for n, (label, figure, bold) in enumerate(rows[:room]):
            role = "small-bold" if bold else "small"
            scene.text(theme, rx + pad, y + n * small, label, role, tip=LINE_TIP,
                       width=half - 3 * pad - figure_w)
            scene.text(theme, rx + half - pad - theme.width(figure, role), y + n * small,
                       figure, role, tip=LINE_TIP)
        ty = top + score_h + gap
        y = panel(scene, theme, (rx, ty, half, top + h - ty),
                  "Your trust at the end of the round")
        row = min(small + pad, (top + h - y - pad) // max(len(obs.issues), 1))
        name_w = int(half * 0.42)
        for n, issue in enumerate(obs.issues):
            ry = y + n * row
            mean = self.trust.get(issue.id, obs.own.trust[issue.id][0])
            tip = (f"Your trust that {them(obs)} keeps its word on {issue.title} at the end of "
                   f"round {self.round}: {mean:.2f} (0 never, 1 always).")
            scene.text(theme, rx + pad, ry, theme.fit(issue.title, "small", name_w - pad),
                       "small", tip=tip)
            meter(scene, theme, (rx + name_w, ry + 2, half - name_w - pad, small - 4), mean,
                  obs.own.trust[issue.id][1], tip)
        button_row(scene, theme, width - m - 320, bottom - button_h, 320,
                   [("continue", "Continue (Enter)", ("continue",), "", "Go on.")])
        return scene

    def round_table(self, ui: App, scene: Scene, obs, area) -> int:
        """The round as a table: issue, option in force, what you did, what verification
        reported, how it was answered (the terminal's rows, laid out in columns)."""
        theme = ui.theme
        x, y, w = area
        small = theme.line_height("small")
        rows = round_rows(obs, self.round)
        if not rows:
            scene.text(theme, x, y, "No commitment was in force this round.", "small")
            return y + small
        heads = [c.heading for c in SUMMARY_COLUMNS]
        shares = (0.28, 0.34, 0.1, 0.14, 0.14)
        tips = ("", "The option in force on this issue in this round.",
                "What you did: kept or broke it.",
                "A reported violation (an incident) and against whom.",
                "How the report was answered.")
        xs = [x + int(sum(shares[:k]) * w) for k in range(len(shares))]
        for k, head in enumerate(heads):
            scene.text(theme, xs[k], y, head, "small-bold", tip=tips[k])
        y += small
        for row in rows:
            for k, cell in enumerate(row):
                room = (xs[k + 1] if k + 1 < len(xs) else x + w) - xs[k] - 6
                scene.text(theme, xs[k], y, str(cell), "small", tip=tips[k], width=room)
            y += small
        return y

    def score_rows(self, obs) -> list[tuple[str, str, bool]]:
        """The round statement as (label, figure, bold) rows: each commitment as signed, gains
        from breaking, sanctions, and the total expected."""
        statement = statement_for(obs, self.round)
        if statement is None:
            return [("Not scored yet.", "", False)]
        titles = {i.id: i.title for i in obs.issues}
        order = list(titles)
        rows = []
        for item in sorted(statement.items, key=lambda i: order.index(i.issue)):
            rows.append((titles[item.issue], money(item.value), False))
            if item.gain:
                rows.append(("  you gained by breaking it", money(item.gain), False))
        if not statement.items:
            rows.append(("No commitments: the no-deal value", money(statement.no_deal), False))
        if statement.sanctions_paid:
            rows.append(("Sanctions on you", money(-statement.sanctions_paid), False))
        if statement.sanctions_sent:
            rows.append(("What your own sanctions cost you", money(-statement.sanctions_sent),
                         False))
        rows.append((f"Total, expected if {them(obs)} kept its word", money(statement.expected),
                     True))
        return rows

    def scroll(self, ui: App, lines: int) -> None:
        self.story.scroll(lines)

    def press(self, ui: App, command: object) -> None:
        if callable(command):
            command(ui)
        else:
            ui.flow.done(ui)


def _paragraphs(lines: list[str]) -> list[tuple]:
    """Summary lines as small text, items bulleted, headings bold, each with the figures' tip."""
    out = []
    for line in lines:
        if line.startswith("  "):
            out.append(("• " + line.strip(), "small", "text", LINE_TIP))
        else:
            out.append((line, "small-bold" if line.endswith(":") else "small", "text", LINE_TIP))
    return out
