"""The briefing: the side's confidential brief, its priorities as a chart, red lines and the
no-deal value (from the seat's own observation)."""

from __future__ import annotations

from game.ui.text_views import money, revealed_lines
from game.ui.window.app import App, Screen
from game.ui.window.frame import DELEGATIONS, Reader, button_row, header, panel, them
from game.ui.window.scene import Scene

PRIORITY_TIP = ("Your priority on {title}: {weight:g}. Every value and temptation on this issue "
                "is multiplied by it; 1 is an average issue.")


class BriefingScreen(Screen):
    """The brief, read before the first move (and at any time with B)."""

    name = "briefing"

    def __init__(self, party: str, overlay: bool = False) -> None:
        self.party = party
        self.overlay = overlay
        self.reader = Reader()

    def build(self, ui: App) -> Scene:
        obs = ui.flow.session.view(self.party)
        own = obs.own
        width, height = ui.size
        theme = ui.theme
        scene = Scene(width, height, title=self.name)
        m, gap, pad = theme.space["margin"], theme.space["gap"], theme.space["pad"]
        top = header(ui, scene, f"Your brief: the {DELEGATIONS[obs.party]}", obs)
        bottom = ui.content_bottom()
        button_h = theme.line_height("body") + 2 * pad
        left_w = int((width - 2 * m - gap) * 0.55)
        right_x = m + left_w + gap
        right_w = width - m - right_x
        y0 = panel(scene, theme, (m, top, left_w, bottom - top - button_h - gap),
                   "Confidential: for your delegation only")
        paragraphs = [(own.brief.strip(), "body", "text"), ("", "small", "text")]
        if obs.role is not None:
            paragraphs += [(f"Your role, {obs.role.title}: {obs.role.brief.strip()}", "body",
                            "text"), ("", "small", "text")]
        paragraphs.append((f"With no deal at all you get {money(own.no_deal)} a round.",
                           "body-bold", "text",
                           "Your no-deal value: what a round brings you with no commitment in "
                           "force. A deal is worth signing if it brings more."))
        for line in own.red_lines:
            paragraphs.append((f"Red line: {line.text or line.issue}", "body-bold", "warn",
                               "A red line: you may not offer or accept these options."))
        for line in revealed_lines(obs):
            paragraphs.append((line, "small", "muted"))
        paragraphs += [("", "small", "text"),
                       (f"What {them(obs)} values is secret: you see only your own figures. "
                        "Its offers tell you what it wants.", "small", "muted")]
        self.reader.draw(scene, theme, (m + pad, y0, left_w - 2 * pad,
                                        bottom - button_h - gap - y0 - pad), paragraphs)
        self.priorities(ui, scene, obs, (right_x, top, right_w, bottom - top - button_h - gap))
        label = "Back (Esc)" if self.overlay else "To the table (Enter)"
        button_row(scene, theme, width - m - min(right_w, 360), bottom - button_h,
                   min(right_w, 360), [("continue", label, ("continue",), "",
                                        "Close the brief and go on.")])
        return scene

    def priorities(self, ui: App, scene: Scene, obs, rect) -> None:
        """A bar per issue, longest for the issue that matters most, with its figure."""
        theme = ui.theme
        x, y, w, h = rect
        pad = theme.space["pad"]
        cy = panel(scene, theme, rect, "Your priorities")
        own = obs.own
        ranked = sorted(obs.issues, key=lambda i: -own.weights[i.id])
        top = max(own.weights.values()) or 1.0
        small = theme.line_height("small")
        row = min(2 * small + pad, (y + h - cy - pad) // max(len(ranked), 1))
        for n, issue in enumerate(ranked):
            weight = own.weights[issue.id]
            ry = cy + n * row
            tip = PRIORITY_TIP.format(title=issue.title, weight=weight)
            scene.text(theme, x + pad, ry, theme.fit(issue.title, "small", w - 2 * pad), "small",
                       tip=tip)
            figure = f"{weight:g}"
            fw = theme.width("00.00", "small-bold")
            bar_w = max(4, int((w - 3 * pad - fw) * weight / top))
            bar_y = ry + small
            scene.box((x + pad, bar_y + 2, bar_w, max(6, row - small - pad)), "meter", None)
            scene.text(theme, x + 2 * pad + bar_w, bar_y, figure, "small-bold", tip=tip)
            scene.hot((x + pad, ry, w - 2 * pad, row), tip)

    def scroll(self, ui: App, lines: int) -> None:
        self.reader.scroll(lines)

    def press(self, ui: App, command: object) -> None:
        if callable(command):
            command(ui)
        elif self.overlay:
            ui.back()
        else:
            ui.flow.done(ui)
