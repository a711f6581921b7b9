"""Trust and the promise ledger: the seat's trust in the other side per issue (with its
uncertainty), and what each side signed, did, was seen to do, and what followed."""

from __future__ import annotations

from game.ui.text_views import response_label, term_label
from game.ui.window.app import App, Screen
from game.ui.window.frame import NAMES, TRUST_TIP, button_row, header, meter, panel, them
from game.ui.window.scene import Scene, Scroller

DID = {"comply": "kept", "defect": "broke", "": "secret"}
COLUMNS = (("Round", 0.0), ("Side", 0.09), ("Commitment", 0.25), ("Did", 0.62),
           ("Reported", 0.72), ("Answer", 0.84))


class TrustScreen(Screen):
    """Opened with L from any screen of the seat."""

    name = "trust-ledger"

    def __init__(self, party: str) -> None:
        self.party = party

    def build(self, ui: App) -> Scene:
        obs = ui.flow.session.view(self.party)
        width, height = ui.size
        theme = ui.theme
        scene = Scene(theme, width, height, title=self.name)
        m, gap, pad = theme.space["margin"], theme.space["gap"], theme.space["pad"]
        top = header(ui, scene, "Trust and the promise ledger", obs)
        bottom = ui.content_bottom()
        button_h = theme.line_height("body") + 2 * pad
        left_w = int((width - 2 * m - gap) * 0.38)
        small = theme.line_height("small")
        rect = (m, top, left_w, bottom - top - button_h - gap)
        y = panel(scene, theme, rect, f"Your trust that {them(obs)} keeps its word")
        row = 2 * small + pad
        area = (m + pad, y, left_w - 2 * pad, rect[1] + rect[3] - y - pad)
        total = row * len(obs.issues)
        if total > area[3]:
            scroller = Scroller(scene, area, total)
            with scene.inside(scroller):
                self.meters(ui, scene, obs, 0, 0, scroller.inner_width, row)
        else:
            self.meters(ui, scene, obs, area[0], area[1], area[2], row)
        self.ledger(ui, scene, obs, (m + left_w + gap, top, width - 2 * m - left_w - gap,
                                     rect[3]))
        bw = min(300, width - 2 * m)
        button_row(scene, theme, width - m - bw, bottom - button_h, bw,
                   [("close", "Back (Esc)", ("close",), "", "Close this page.")])
        return scene

    def meters(self, ui: App, scene: Scene, obs, x: int, y: int, w: int, row: int) -> None:
        """Each issue's name (and how trust moved since the start), its meter below."""
        small = ui.theme.line_height("small")
        start = ui.flow.session.shown[self.party].trust.get(0, {})
        for n, issue in enumerate(obs.issues):
            ry = y + n * row
            mean, sd = obs.own.trust[issue.id]
            label = issue.title
            moved = mean - start.get(issue.id, mean)
            if abs(moved) >= 0.005:
                label += f" ({'up' if moved > 0 else 'down'} {abs(moved):.2f} since the start)"
            scene.label(x, ry, label, "small", tip="How your trust moved since the game began.",
                        width=w)
            meter(ui, scene, (x, ry + small, w, small), mean, sd,
                  TRUST_TIP.format(them=them(obs)))

    def ledger(self, ui: App, scene: Scene, obs, rect) -> None:
        """One line per promise owed in a round, newest first (the rows scroll)."""
        theme = ui.theme
        x, y, w, h = rect
        pad = theme.space["pad"]
        small = theme.line_height("small")
        cy = panel(scene, theme, rect, "The promise ledger")
        if not obs.ledger:
            scene.para(x + pad, cy, w - 2 * pad, "Empty: no commitment has been implemented "
                       "yet.", "small")
            return
        inner = w - 2 * pad
        for name, at in COLUMNS:
            scene.label(x + pad + int(at * inner), cy, name, "small-bold")
        cy += small
        rows = list(reversed(obs.ledger))
        view = y + h - cy - pad
        total = len(rows) * small
        if total > view:
            scroller = Scroller(scene, (x + pad, cy, inner, view), total)
            with scene.inside(scroller):
                self.rows(scene, theme, obs, rows, 0, 0, scroller.inner_width)
            scene.scrolling.append(scroller.element)
        else:
            self.rows(scene, theme, obs, rows, x + pad, cy, inner)

    @staticmethod
    def rows(scene: Scene, theme, obs, rows, x: int, y: int, inner: int) -> None:
        pad = theme.space["pad"]
        small = theme.line_height("small")
        for n, row in enumerate(rows):
            mine = row.party == obs.party
            cells = (str(row.round), "You" if mine else NAMES[row.party],
                     term_label(obs, row.issue, row.option), DID[row.did],
                     f"yes (#{row.incident})" if row.seen else "no",
                     response_label(obs, row.response) if row.response else "")
            for k, (name, at) in enumerate(COLUMNS):
                nxt = COLUMNS[k + 1][1] if k + 1 < len(COLUMNS) else 1.0
                room = int((nxt - at) * inner) - pad
                if cells[k]:
                    scene.label(x + int(at * inner), y + n * small, cells[k], "small",
                                row.party if k == 1 else "text",
                                tip=_tip(name, row) if k >= 3 else "", width=room)

    def press(self, ui: App, command: object) -> None:
        ui.flow.close_overlay(ui)


def _tip(column: str, row) -> str:
    if column == "Did":
        if row.did == "":
            return (f"What {NAMES[row.party]} really did stays secret until the end of the "
                    "game: you see only what verification reported.")
        return "What this side really did (your own deeds, or everything once the game is over)."
    if column == "Reported":
        return "Whether verification reported a violation (an incident). Reports can be false."
    return "How the wronged side answered the report."
