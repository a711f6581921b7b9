"""The round summary: what happened in a round as the seat saw it, its score statement valued
as signed, and its trust at the end of the round (the terminal's summary lines)."""

from __future__ import annotations

from game.ui.text_report import SUMMARY_COLUMNS, round_rows, statement_for, talks_line
from game.ui.text_views import money, response_label
from game.ui.window.app import App, Screen
from game.ui.window.frame import Card, button_row, meter, page, panel, them
from game.ui.window.scene import Scene, Scroller

LINE_TIP = ("Figures are per round, valued as signed: what the round brings you if the other "
            "side kept its word. What you really banked is revealed at the end.")
COLUMN_TIPS = ("", "The option in force on this issue in this round.",
               "What you did: kept or broke it.",
               "A reported violation (an incident) and against whom.",
               "How the report was answered.")


def incidents(report: str) -> str:
    """The terminal's report cell in words: 'China #1, you #2' -> 'incident 1, against
    China; incident 2, against you'."""
    if report == "none":
        return report
    out = []
    for part in report.split(", "):
        who, sep, number = part.rpartition(" #")
        who = {"US": "the US"}.get(who, who)
        out.append(f"incident {number}, against {who}" if sep else part)
    return "; ".join(out)


class SummaryScreen(Screen):
    """One round, as it stood when it was scored."""

    name = "round-summary"
    auto = 4.0

    def __init__(self, party: str, round_: int, trust: dict[str, float],
                 before: dict[str, float] | None = None) -> None:
        self.party = party
        self.round = round_
        self.trust = trust
        self.before = before or {}  # trust at the end of the round before (meters slide)

    def build(self, ui: App) -> Scene:
        obs = ui.flow.session.view(self.party)
        width, height = ui.size
        theme = ui.theme
        scene, m, gap, pad, top, bottom, button_h = page(
            ui, self.name, f"Round {self.round}: what happened", obs)
        half = (width - 2 * m - gap) // 2
        h = bottom - top - button_h - gap
        compact = theme.settings.text_size != "normal" or half < 560
        y = panel(scene, theme, (m, top, half, h), "What happened")
        story = []
        if compact or not self.table_fits(ui, obs, half - 2 * pad):
            # the round in sentences: no column is cut to a few letters
            story += [(line, "small") for line in self.round_sentences(obs)]
        else:
            y = self.round_table(ui, scene, obs, (m + pad, y, half - 2 * pad)) + pad
        story.append((talks_line(obs, self.round), "small"))
        mine = [e for e in obs.history if e.round == self.round and e.kind == "respond"]
        for e in sorted(mine, key=lambda e: e.incident):
            who = "You" if e.party == obs.party else them(obs, True)
            story.append((f"{who} answered incident {e.incident}: "
                          f"{response_label(obs, e.response)}.", "small"))
        scene.reader((m + pad, y, half - 2 * pad, top + h - y - pad), story, look="plain")
        rx = m + half + gap
        ty = self.score_panel(ui, scene, obs, (rx, top, half, int(h * 0.55))) + gap
        names_fit = all(theme.width(i.title, "small") <= int((half - 2 * pad) * 0.42) - 4
                        for i in obs.issues)
        self.trust_panel(ui, scene, obs, (rx, ty, half, top + h - ty),
                         compact or not names_fit)
        bw = min(320, width - 2 * m)
        button_row(scene, theme, width - m - bw, bottom - button_h, bw,
                   [("continue", "Continue (Enter)", ("continue",), "", "Go on.")])
        return scene

    def score_panel(self, ui: App, scene: Scene, obs, rect) -> int:
        """The round statement, a figure per line (labels wrap); returns the y below it."""
        theme = ui.theme
        x, y, w, most = rect
        pad = theme.space["pad"]
        card = Card(scene, x, y, w, "Your score this round", tip=LINE_TIP)
        figure_w = theme.width("+000.00", "small-bold") + pad
        for label, figure, bold in self.score_rows(obs):
            role = "small-bold" if bold else "small"
            if card.y + theme.line_height(role) > y + most - pad:
                break
            scene.label(x + w - pad - theme.width(figure, role) - 2, card.y, figure, role,
                        tip=LINE_TIP)
            card.y += scene.para(x + pad, card.y, w - 2 * pad - figure_w, label, role,
                                 tip=LINE_TIP)
        return card.close()

    def trust_panel(self, ui: App, scene: Scene, obs, rect, compact: bool) -> None:
        """The seat's trust per issue at the end of the round, sliding from the round
        before's; with large text each issue's name goes above its meter."""
        theme = ui.theme
        x, y, w, h = rect
        pad = theme.space["pad"]
        small = theme.line_height("small")
        cy = panel(scene, theme, rect, "Your trust at the end of the round")
        row = 2 * small + pad // 2 if compact else small + pad
        total = row * len(obs.issues)
        area = (x + pad, cy, w - 2 * pad, y + h - cy - pad)
        if total > area[3]:
            scroller = Scroller(scene, area, total)
            with scene.inside(scroller):
                self.meters(ui, scene, obs, 0, 0, scroller.inner_width, row, compact)
        else:
            self.meters(ui, scene, obs, area[0], area[1], area[2], row, compact)

    def meters(self, ui: App, scene: Scene, obs, x: int, y: int, w: int, row: int,
               compact: bool) -> None:
        small = ui.theme.line_height("small")
        name_w = w if compact else int(w * 0.42)
        for n, issue in enumerate(obs.issues):
            ry = y + n * row
            mean = self.trust.get(issue.id, obs.own.trust[issue.id][0])
            sd = obs.own.trust[issue.id][1]
            tip = (f"Your trust that {them(obs)} keeps its word on {issue.title} at the end of "
                   f"round {self.round}: {mean:.2f} (0 never, 1 always).")
            before = self.before.get(issue.id)
            scene.label(x, ry, issue.title, "small", tip=tip, width=name_w - 4)
            mx, my = (x, ry + small) if compact else (x + name_w, ry + 2)
            meter(ui, scene, (mx, my, w - (mx - x), small - 4), mean, sd, tip,
                  start=(before, sd) if before is not None else None)

    def columns(self, x: int, w: int) -> list[tuple[int, int]]:
        """The round table's columns: (x, room for text) each."""
        shares = (0.28, 0.34, 0.1, 0.14, 0.14)
        xs = [x + int(sum(shares[:k]) * w) for k in range(len(shares))] + [x + w]
        return [(xs[k], xs[k + 1] - xs[k] - 6) for k in range(len(shares))]

    def table_fits(self, ui: App, obs, w: int) -> bool:
        """Whether every cell of the round table fits its column whole."""
        theme = ui.theme
        columns = self.columns(0, w)
        return all(theme.width(str(cell), "small") <= room
                   for row in round_rows(obs, self.round)
                   for cell, (_, room) in zip(row, columns, strict=True))

    def round_sentences(self, obs) -> list[str]:
        """The round's table as one sentence per issue."""
        out = []
        for issue, label, did, report, answer in round_rows(obs, self.round):
            if label == "no deal":
                out.append(f"{issue}: no deal.")
                continue
            if did.startswith("due r"):  # a one-off act signed, not yet due
                out.append(f"{issue}: {label}; a one-off act, due in round {did[5:]}.")
                continue
            if report.startswith("(round"):  # a one-off act done (or not) earlier
                deed = f"you {did} it" if did in ("kept", "broke") else "done"
                out.append(f"{issue}: {label}; a one-off act: {deed} {report.strip('()')}.")
                continue
            parts = [f"{issue}: {label}"]
            if did and did != "-":
                parts.append(f"you {did} it")
            parts.append(f"reported: {incidents(report)}")
            if answer:
                parts.append(f"answered: {answer}")
            out.append("; ".join(parts) + ".")
        return out or ["No commitment was in force this round."]

    def round_table(self, ui: App, scene: Scene, obs, area) -> int:
        """The round as a table: issue, option in force, what you did, what verification
        reported, how it was answered (the terminal's rows, laid out in columns)."""
        theme = ui.theme
        x, y, w = area
        small = theme.line_height("small")
        rows = round_rows(obs, self.round)
        if not rows:
            scene.label(x, y, "No commitment was in force this round.", "small", width=w)
            return y + small
        heads = [c.heading for c in SUMMARY_COLUMNS]
        columns = self.columns(x, w)
        for k, (head, (cx, room)) in enumerate(zip(heads, columns, strict=True)):
            scene.label(cx, y, head, "small-bold", tip=COLUMN_TIPS[k], width=room)
        y += small
        for row in rows:
            for k, (cell, (cx, room)) in enumerate(zip(row, columns, strict=True)):
                scene.label(cx, y, str(cell), "small", tip=COLUMN_TIPS[k], width=room)
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

    def press(self, ui: App, command: object) -> None:
        if callable(command):
            command(ui)
        else:
            ui.flow.done(ui)
