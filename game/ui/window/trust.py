"""Trust and the promise ledger: the seat's trust in the other side per issue (with its
uncertainty), and what each side signed, did, was seen to do, and what followed."""

from __future__ import annotations

from game.ui.text_views import response_label, term_label
from game.ui.window.app import App, Screen
from game.ui.window.frame import NAMES, TRUST_TIP, button_row, header, meter, panel, them
from game.ui.window.scene import Scene

DID = {"comply": "kept", "defect": "broke", "": "secret"}


class TrustScreen(Screen):
    """Opened with L from any screen of the seat."""

    name = "trust-ledger"

    def __init__(self, party: str) -> None:
        self.party = party
        self.offset = 0

    def build(self, ui: App) -> Scene:
        obs = ui.flow.session.view(self.party)
        width, height = ui.size
        theme = ui.theme
        scene = Scene(width, height, title=self.name)
        m, gap, pad = theme.space["margin"], theme.space["gap"], theme.space["pad"]
        top = header(ui, scene, "Trust and the promise ledger", obs)
        bottom = ui.content_bottom()
        button_h = theme.line_height("body") + 2 * pad
        left_w = int((width - 2 * m - gap) * 0.38)
        small = theme.line_height("small")
        rect = (m, top, left_w, bottom - top - button_h - gap)
        y = panel(scene, theme, rect, f"Your trust that {them(obs)} keeps its word")
        start = ui.flow.session.shown[self.party].trust.get(0, {})
        row = min(3 * small, (rect[1] + rect[3] - y - pad) // max(len(obs.issues), 1))
        for n, issue in enumerate(obs.issues):
            ry = y + n * row
            mean, sd = obs.own.trust[issue.id]
            label = issue.title
            if issue.id in start and row >= 3 * small - 1:
                moved = mean - start[issue.id]
                if abs(moved) >= 0.005:
                    label += f" ({'up' if moved > 0 else 'down'} {abs(moved):.2f} since the start)"
            scene.text(theme, m + pad, ry, theme.fit(label, "small", left_w - 2 * pad), "small",
                       tip="How your trust moved since the game began.")
            meter(scene, theme, (m + pad, ry + small, left_w - 2 * pad, small), mean, sd,
                  TRUST_TIP.format(them=them(obs)))
        self.ledger(ui, scene, obs, (m + left_w + gap, top, width - 2 * m - left_w - gap,
                                     rect[3]))
        button_row(scene, theme, width - m - 300, bottom - button_h, 300,
                   [("close", "Back (Esc)", ("close",), "", "Close this page.")])
        return scene

    def ledger(self, ui: App, scene: Scene, obs, rect) -> None:
        """One line per promise owed in a round, newest first, as many as fit (scrolls)."""
        theme = ui.theme
        x, y, w, h = rect
        pad = theme.space["pad"]
        small = theme.line_height("small")
        cy = panel(scene, theme, rect, "The promise ledger")
        if not obs.ledger:
            scene.para(theme, x + pad, cy, w - 2 * pad, "Empty: no commitment has been "
                       "implemented yet.", "small")
            return
        columns = (("Round", 0.0), ("Side", 0.09), ("Commitment", 0.25), ("Did", 0.62),
                   ("Reported", 0.72), ("Answer", 0.84))
        inner = w - 2 * pad
        for name, at in columns:
            scene.text(theme, x + pad + int(at * inner), cy, name, "small-bold")
        cy += small
        rows = list(reversed(obs.ledger))
        room = (y + h - cy - pad) // small
        self.offset = min(self.offset, max(0, len(rows) - room))
        for n, row in enumerate(rows[self.offset:self.offset + room]):
            mine = row.party == obs.party
            cells = (str(row.round), "You" if mine else NAMES[row.party],
                     term_label(obs, row.issue, row.option), DID[row.did],
                     f"yes (#{row.incident})" if row.seen else "no",
                     response_label(obs, row.response) if row.response else "")
            for k, (name, at) in enumerate(columns):
                nxt = columns[k + 1][1] if k + 1 < len(columns) else 1.0
                room_w = int((nxt - at) * inner) - pad
                scene.text(theme, x + pad + int(at * inner), cy + n * small,
                           theme.fit(cells[k], "small", room_w), "small",
                           row.party if k == 1 else "text",
                           tip=_tip(name, row, obs) if k >= 3 else "")
        if len(rows) > room:
            scene.text(theme, x + pad, y + h - small - pad // 2, f"Rows {self.offset + 1}-"
                       f"{min(len(rows), self.offset + room)} of {len(rows)}: Page Up / Page "
                       "Down", "small", "muted")

    def scroll(self, ui: App, lines: int) -> None:
        self.offset = max(0, self.offset + lines)

    def press(self, ui: App, command: object) -> None:
        ui.back()


def _tip(column: str, row, obs) -> str:
    if column == "Did":
        if row.did == "":
            return (f"What {NAMES[row.party]} really did stays secret until the end of the "
                    "game: you see only what verification reported.")
        return "What this side really did (your own deeds, or everything once the game is over)."
    if column == "Reported":
        return "Whether verification reported a violation (an incident). Reports can be false."
    return "How the wronged side answered the report."
