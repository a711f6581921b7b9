"""The briefing: the side's confidential brief, its priorities as a chart, red lines and the
no-deal value (from the seat's own observation)."""

from __future__ import annotations

import pygame

from game.ui.text_views import money, revealed_lines, short_title
from game.ui.window.app import App, Screen
from game.ui.window.frame import DELEGATIONS, button_row, page, panel, theirs, them
from game.ui.window.scene import Scene, Scroller

PRIORITY_TIP = ("Your priority on {title}: {weight:g}. Every value and temptation on this issue "
                "is multiplied by it; 1 is an average issue.")


class BriefingScreen(Screen):
    """The brief, read before the first move (and at any time with B)."""

    name = "briefing"

    def __init__(self, party: str, overlay: bool = False) -> None:
        self.party = party
        self.overlay = overlay

    def build(self, ui: App) -> Scene:
        obs = ui.flow.session.view(self.party)
        width, height = ui.size
        theme = ui.theme
        scene, m, gap, pad, top, bottom, button_h = page(
            ui, self.name, f"Your brief: the {DELEGATIONS[obs.party]}", obs)
        left_w = int((width - 2 * m - gap) * 0.58)
        right_x = m + left_w + gap
        right_w = width - m - right_x
        h = bottom - top - button_h - gap
        y0 = panel(scene, theme, (m, top, left_w, h), "Confidential: for your delegation only")
        scene.reader((m + pad, y0, left_w - 2 * pad, top + h - y0 - pad),
                     self.paragraphs(obs, ui.flow.session.roles(obs.party)), look="plain")
        self.priorities(ui, scene, obs, (right_x, top, right_w, h))
        label = "Back (Esc)" if self.overlay else "To the table (Enter)"
        bw = min(right_w, 360)
        button_row(scene, theme, width - m - bw, bottom - button_h, bw,
                   [("continue", label, ("continue",), "", "Close the brief and go on.")])
        return scene

    @staticmethod
    def paragraphs(obs, roles=()) -> list[tuple]:
        own = obs.own
        out = [(own.brief.strip(), "body"), ("", "small")]
        if obs.role is not None:
            out += [(f"Your role, {obs.role.title}: {obs.role.brief.strip()}", "body"),
                    ("", "small")]
        elif roles:
            out.append((f"The roles in your delegation ({len(roles)}): share them out; each "
                        "speaks for its part of the brief.", "body-bold"))
            titles = {issue.id: issue.title for issue in obs.issues}
            for role in roles:
                cares = ", ".join(titles.get(i, i) for i in role.priorities)
                most = f" Cares most about: {cares}." if cares else ""
                out.append((f"{role.title}: {role.brief.strip()}{most}", "body"))
            out.append(("", "small"))
        out.append((f"With no deal at all you get {money(own.no_deal)} a round: a deal is "
                    "worth signing if it brings more.", "body-bold"))
        for issue in obs.issues:
            still = own.status_quo.get(issue.id, 0.0) * own.weights[issue.id]
            if still:
                out.append((f"{issue.title}: {money(still)} a round with nothing agreed here "
                            "(its status quo).", "body"))
        for line in own.red_lines:
            known = "; it is public: the other side knows it" if line.public else ""
            kind = f"Red line (you may not offer or accept it{known})"
            out.append((f"{kind}: {line.text or line.issue}", "body-bold", "warn"))
        rival = "cn" if obs.party == "us" else "us"
        for line in obs.public_red_lines.get(rival, ()):
            owner = theirs(obs)
            out.append((f"{owner[:1].upper()}{owner[1:]} public red line: "
                        f"{line.text or line.issue}", "body-bold", "muted"))
        for line in revealed_lines(obs):
            out.append((line, "small", "muted"))
        out += [("", "small"), (f"What {them(obs)} values is secret: you see only your own "
                                "figures. Its offers tell you what it wants.", "small", "muted")]
        return out

    def priorities(self, ui: App, scene: Scene, obs, rect) -> None:
        """A bar per issue, longest for the issue that matters most, with its figure (the
        list scrolls when large text makes it taller than its panel)."""
        theme = ui.theme
        x, y, w, h = rect
        pad = theme.space["pad"]
        cy = panel(scene, theme, rect, "Your priorities")
        small = theme.line_height("small")
        row = 2 * small + pad
        total = row * len(obs.issues)
        area = (x + pad, cy, w - 2 * pad, y + h - cy - pad)
        if total > area[3]:
            scroller = Scroller(scene, area, total)
            with scene.inside(scroller):
                self.bars(ui, scene, obs, 0, 0, scroller.inner_width, row)
        else:
            self.bars(ui, scene, obs, area[0], area[1], area[2], row)

    @staticmethod
    def bars(ui: App, scene: Scene, obs, x: int, y: int, w: int, row: int) -> None:
        theme = ui.theme
        pad = theme.space["pad"]
        small = theme.line_height("small")
        own = obs.own
        top = max(own.weights.values()) or 1.0
        fw = theme.width("00.00", "small-bold")
        for n, issue in enumerate(sorted(obs.issues, key=lambda i: -own.weights[i.id])):
            weight = own.weights[issue.id]
            ry = y + n * row
            tip = PRIORITY_TIP.format(title=issue.title, weight=weight)
            title = issue.title  # too long: its short name rather than a cut
            if theme.width(title, "small") > w:
                title = short_title(obs, issue.id)
            scene.label(x, ry, title, "small", tip=tip, width=w)
            bar_w = max(4, int((w - 2 * pad - fw) * weight / top))
            bar_h = max(6, row - small - pad)
            bar = pygame.Surface((bar_w, bar_h))
            bar.fill(theme.colour("meter"))
            scene.image((x, ry + small + 2, bar_w, bar_h), bar, tip)
            scene.label(x + pad + bar_w, ry + small, f"{weight:g}", "small-bold", tip=tip)

    def press(self, ui: App, command: object) -> None:
        if callable(command):
            command(ui)
        elif self.overlay:
            ui.back()
        else:
            ui.flow.done(ui)
