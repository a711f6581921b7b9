"""Trust and the promise ledger: the seat's trust in the other side per issue (with its
uncertainty), and what each side signed, did, was seen to do, and what followed."""

from __future__ import annotations

from game.ui.text_views import option_view, response_label, short_title, term_label
from game.ui.window.app import App, Screen
from game.ui.window.frame import NAMES, TRUST_TIP, button_row, meter, named, page, panel, them
from game.ui.window.scene import SCROLL_BAR, Scene, Scroller

DID = {"comply": "kept", "defect": "broke", "": "secret"}
COLUMNS = ("Round", "Side", "Commitment", "Did", "Reported", "Answer")


class TrustScreen(Screen):
    """Opened with L from any screen of the seat."""

    name = "trust-ledger"

    def __init__(self, party: str) -> None:
        self.party = party

    def build(self, ui: App) -> Scene:
        obs = ui.flow.session.view(self.party)
        width, height = ui.size
        theme = ui.theme
        scene, m, gap, pad, top, bottom, button_h = page(
            ui, self.name, "Trust and the promise ledger", obs)
        left_w = int((width - 2 * m - gap) * 0.38)
        small = theme.line_height("small")
        rect = (m, top, left_w, bottom - top - button_h - gap)
        title = f"Your trust that {them(obs)} keeps its word"
        if theme.width(title, "body-bold") > left_w - 2 * pad:
            title = f"Your trust in {them(obs)}"
        y = panel(scene, theme, rect, title)
        area = (m + pad, y, left_w - 2 * pad, rect[1] + rect[3] - y - pad)
        labels = self.meter_labels(ui, obs, area[2] - SCROLL_BAR)
        total = sum(len(lines) * small + small + pad for lines in labels)
        if total > area[3]:
            scroller = Scroller(scene, area, total)
            with scene.inside(scroller):
                self.meters(ui, scene, obs, labels, 0, 0, scroller.inner_width)
        else:
            self.meters(ui, scene, obs, labels, area[0], area[1], area[2])
        self.ledger(ui, scene, obs, (m + left_w + gap, top, width - 2 * m - left_w - gap,
                                     rect[3]))
        bw = min(300, width - 2 * m)
        button_row(scene, theme, width - m - bw, bottom - button_h, bw,
                   [("close", "Back (Esc)", ("close",), "", "Close this page.")])
        return scene

    def meter_labels(self, ui: App, obs, width: int) -> list[list[str]]:
        """Each issue's name and how trust moved since the start, wrapped (two lines at most)."""
        start = ui.flow.session.shown[self.party].trust.get(0, {})
        out = []
        for issue in obs.issues:
            mean = obs.own.trust[issue.id][0]
            label = issue.title
            moved = mean - start.get(issue.id, mean)
            if abs(moved) >= 0.005:
                label += f" ({'up' if moved > 0 else 'down'} {abs(moved):.2f} since the start)"
            out.append(ui.theme.clip(label, "small", width - ui.theme.inset(), 2))
        return out

    def meters(self, ui: App, scene: Scene, obs, labels, x: int, y: int, w: int) -> None:
        """Each issue's name, its meter below."""
        theme = ui.theme
        small, pad = theme.line_height("small"), theme.space["pad"]
        for issue, lines in zip(obs.issues, labels, strict=True):
            mean, sd = obs.own.trust[issue.id]
            for line in lines:
                scene.label(x, y, line, "small", tip="How your trust moved since the game "
                            "began.", width=w)
                y += small
            meter(ui, scene, (x, y, w, small), mean, sd, TRUST_TIP.format(them=them(obs)))
            y += small + pad

    def ledger(self, ui: App, scene: Scene, obs, rect) -> None:
        """One line per promise owed in a round, newest first (the rows scroll): a table
        when its columns fit, else one sentence per promise."""
        theme = ui.theme
        x, y, w, h = rect
        pad = theme.space["pad"]
        small = theme.line_height("small")
        cy = panel(scene, theme, rect, "The promise ledger")
        if not obs.ledger:
            scene.para(x + pad, cy, w - 2 * pad, "Empty: no commitment has been implemented "
                       "yet.", "small")
            return
        rows = [self.cells(obs, row) for row in reversed(obs.ledger)]
        inner = w - 2 * pad - SCROLL_BAR
        widths = [max(theme.width(name, "small-bold"), *(theme.width(r[k], "small")
                                                         for r in rows)) + pad
                  for k, name in enumerate(COLUMNS)]
        room = inner - sum(widths) + widths[2]
        full = rows
        if any(theme.width(r[2], "small") > room - pad for r in rows):  # issues' short names
            rows = [(*r[:2], self.short_term(obs, r[-1]), *r[3:]) for r in rows]
        if any(theme.width(r[2], "small") > room - pad for r in rows):
            # a commitment would be cut: one sentence per promise instead
            lines = [(self.sentence(r), "small", "text") for r in full]
            scene.reader((x + pad, cy, w - 2 * pad, y + h - cy - pad), lines, look="plain")
            return
        widths[2] = room
        xs = [sum(widths[:k]) for k in range(len(widths))]
        for k, name in enumerate(COLUMNS):
            scene.label(x + pad + xs[k], cy, name, "small-bold")
        cy += small
        view = y + h - cy - pad
        total = len(rows) * small
        if total > view:
            scroller = Scroller(scene, (x + pad, cy, w - 2 * pad, view), total)
            with scene.inside(scroller):
                self.rows(scene, obs, rows, 0, 0, xs, widths)
            scene.scrolling.append(scroller.element)
        else:
            self.rows(scene, obs, rows, x + pad, cy, xs, widths)

    @staticmethod
    def cells(obs, row) -> tuple:
        """A ledger row's cells, with the row itself last (for its tips)."""
        return (str(row.round), "You" if row.party == obs.party else NAMES[row.party],
                term_label(obs, row.issue, row.option), DID[row.did],
                f"yes (#{row.incident})" if row.seen else "no",
                response_label(obs, row.response) if row.response else "", row)

    @staticmethod
    def short_term(obs, row) -> str:
        """A commitment in a table cell: the issue's short name and the option's label."""
        return f"{short_title(obs, row.issue)} — {option_view(obs, row.issue, row.option).label}"

    @staticmethod
    def sentence(cells) -> str:
        when, side, term, did, seen, answer, _ = cells
        text = f"Round {when}, {side}: {term}; did: {did}; reported: {seen}"
        return text + (f"; answered: {answer}." if answer else ".")

    @staticmethod
    def rows(scene: Scene, obs, rows, x: int, y: int, xs, widths) -> None:
        theme = scene.theme
        pad = theme.space["pad"]
        small = theme.line_height("small")
        for n, cells in enumerate(rows):
            row = cells[-1]
            for k, name in enumerate(COLUMNS):
                if cells[k]:
                    scene.label(x + xs[k], y + n * small, cells[k], "small",
                                row.party if k == 1 else "text",
                                tip=_tip(name, row) if k >= 3 else "", width=widths[k] - pad)

    def press(self, ui: App, command: object) -> None:
        ui.flow.close_overlay(ui)


def _tip(column: str, row) -> str:
    if column == "Did":
        if row.did == "":
            return (f"What {named(row.party)} really did stays secret until the end of the "
                    "game: you see only what verification reported.")
        return "What this side really did (your own deeds, or everything once the game is over)."
    if column == "Reported":
        return "Whether verification reported a violation (an incident). Reports can be false."
    return "How the wronged side answered the report."
