"""The end of the game, drawn from the debrief's facts (game.report.debrief): scores, each
side's record (the honest verdict), the deal against the Pareto frontier and the Nash point,
and trust over the rounds; the full debrief text a key away."""

from __future__ import annotations

from game.core.scenario import PARTIES
from game.report.debrief import Debrief, NotOver, SideRecord, debrief, played_analysis
from game.report.debrief_text import GLOSSARY, debrief_lines, out_of_range
from game.ui.text_views import count, money
from game.ui.window.app import App, Screen
from game.ui.window.charts import deal_map, deal_tip, trust_chart
from game.ui.window.frame import (
    NAMES,
    button_row,
    named,
    page,
    panel,
    row_layout,
    theirs,
    them,
)
from game.ui.window.scene import Scene
from game.words import every

TRUST_CHART_LINES = 6  # the trust chart is drawn when at least this many lines high
SCALE = ("Out of 100: 0 is no deal at all, 100 your ideal deal kept every round, with full "
         "trust at the end.")


def verdict(record: SideRecord, name: str) -> str:
    """One side's record in one sentence: never 'kept its word' if it broke any promise."""
    if record.promises == 0:
        return f"{name} owed nothing: no commitment bound it."
    whose = "your" if name == "You" else "its"
    if record.kept_its_word:
        kept = (f"{whose} one promise kept" if record.promises == 1
                else f"{every(record.promises)} promises kept")
        return f"{name} kept {whose} word: {kept}."
    if record.promises == 1:
        text = f"{name} broke {whose} one promise: " + ("seen" if record.seen else
                                                         "never reported")
    else:
        broke = (every(record.promises) if record.broken == record.promises
                 else f"{record.broken} of {record.promises}")
        text = (f"{name} broke {broke} promises: {record.seen} seen, "
                f"{record.unseen} never reported")
    if record.final_breaches:
        text += f"; {len(record.final_breaches)} in the last round"
    return text + "."


class EndScreen(Screen):
    """Game over, for one seat."""

    name = "end"

    def __init__(self, party: str) -> None:
        self.party = party
        self.facts: Debrief | None = None
        self.frontier = None

    def debrief(self, ui: App) -> Debrief | None:
        if self.facts is None:
            obs = ui.flow.session.view(self.party)
            deals = played_analysis(ui.flow.session.table.scenario, obs)
            try:
                self.facts = debrief(obs, deals)
            except NotOver:
                return None
            if deals is not None:
                self.frontier = deals.normalise(deals.frontier.points)
        return self.facts

    def build(self, ui: App) -> Scene:
        obs = ui.flow.session.view(self.party)
        width, height = ui.size
        theme = ui.theme
        scene, m, gap, pad, top, bottom, _ = page(ui, self.name, "Game over: the debrief", obs)
        d = self.debrief(ui)
        if d is None:
            scene.label(m, top, "The game is not over yet.", "body")
            return scene
        left_w = int((width - 2 * m - gap) * 0.46)
        specs = [("full", "Full debrief (F)", ("full",), "f", "Every fact of the debrief.")]
        waiting = [p for p in ui.flow.session.humans if p not in ui.flow.ended]
        if waiting:
            specs.append(("next", f"Hand over to {named(waiting[0])} (Enter)", ("next",), "",
                          f"{named(waiting[0], True)} reads its own debrief next."))
        else:
            specs.append(("title", "New game (T)", ("title",), "t", "Back to the title screen."))
        button_h = row_layout(theme, left_w, [spec[1] for spec in specs])[4]
        parts = self.banked(d, obs.party, theirs(obs))
        if parts:
            parts += f" {SCALE}"
        part_lines = theme.clip(parts, "small", left_w - 2 * pad - 4, 5) if parts else []
        room = bottom - button_h - gap - top - gap - 5 * theme.line_height("body")
        lines = self.score_lines(d, obs.party, theme, left_w - 2 * pad)
        for role in ("heading", "body-bold", "small-bold"):  # the largest that fits, for the
            line_h = theme.line_height(role)                 # back of a classroom
            scores_h = 2 * line_h + theme.text_height("small", len(part_lines)) + 3 * pad + \
                theme.line_height("body-bold")
            fits = all(theme.width(line, role) <= left_w - 2 * pad for line in lines)
            if fits and scores_h <= room or role == "small-bold":
                break
        if part_lines and scores_h > room:  # large text, little room
            part_lines = []  # the verdicts first: the points' sum is in the full debrief
            scores_h = 2 * line_h + theme.text_height("small", 0) + 3 * pad + \
                theme.line_height("body-bold")
        y = panel(scene, theme, (m, top, left_w, scores_h), "Final scores")
        for n, party in enumerate(PARTIES):
            s = d.score(party)
            scene.label(m + pad, y + n * line_h, lines[n],
                        role, party, width=left_w - 2 * pad,
                        tip=f"Banked {s.banked:.1f} plus {s.relationship:.1f} for the other "
                            f"side's trust at the end. {GLOSSARY['points']} "
                            f"{GLOSSARY['out of 100']}")
        y += 2 * line_h + pad // 2
        if part_lines:
            scene.para(m + pad, y, left_w - 2 * pad, " ".join(part_lines), "small",
                       tip=f"Where your banked points came from. {GLOSSARY['as signed']}")
        y = top + scores_h + gap
        rect = (m, y, left_w, bottom - button_h - gap - y)
        cy = panel(scene, theme, rect, "Are words followed by actions?", tip=GLOSSARY["seen"])
        scene.reader((m + pad, cy, left_w - 2 * pad, rect[1] + rect[3] - cy - pad),
                     [(line, "body") for line in self.lines(d, obs.party)], look="plain")
        self.charts(ui, scene, obs, d, (m + left_w + gap, top, width - 2 * m - left_w - gap,
                                        bottom - top))
        button_row(scene, theme, m, bottom - button_h, left_w, specs)
        scene.focus = "next" if waiting else "full"
        return scene

    @staticmethod
    def score_lines(d: Debrief, me: str, theme, room: int) -> list[str]:
        """Each side's final score in a line (shortened when a line would not fit in small
        bold type)."""
        out = []
        for party in PARTIES:
            s = d.score(party)
            name = f"You ({NAMES[party]})" if party == me else NAMES[party]
            line = f"{name}: {s.raw:.1f} points, {s.normalised:.0f} out of 100"
            if any(theme.width(f"You ({NAMES[p]}): {d.score(p).raw:.1f} points, 00 out of 100",
                               "small-bold") > room for p in PARTIES):
                line = f"{name.split(' (')[0]}: {s.raw:.1f} points, {s.normalised:.0f}/100"
            out.append(line)
        return out

    @staticmethod
    def banked(d: Debrief, party: str, theirs: str = "the other side's") -> str:
        """Where the seat's points came from, summed up to the figure above them."""
        split = d.score(party).split
        if split is None:
            return ""
        terms = [("the deal as signed", split.as_signed), ("lost to breaches", -split.lost),
                 ("gained by cheating", split.cheating), ("no-deal rounds", split.no_deal),
                 ("sanctions", -split.sanctions_paid - split.sanctions_sent)]
        shown = [f"{what} {money(value)}" for what, value in terms
                 if what == "the deal as signed" or abs(value) >= 0.005]
        score = d.score(party)
        final = (f" banked, {money(score.relationship)} for {theirs} trust at the end "
                 f"= {score.raw:.1f} points.")  # the figure written above, so the sum adds up
        if len(shown) > 1:
            return f"Your points: {', '.join(shown)} = {money(split.total)}{final}"
        return f"Your points: {money(split.total)} from the deal as signed{final}"

    @staticmethod
    def lines(d: Debrief, me: str) -> list[str]:
        """The honest verdict, then what the game showed about reports and the deal."""
        lines = [verdict(d.record(p), "You" if p == me else named(p, True)) for p in PARTIES]
        lines += [line for p in PARTIES if (line := out_of_range(
            d.score(p), d.record(p), "You" if p == me else named(p, True)))]
        for answers in d.answers:
            if answers.unjustified:
                who = "You" if answers.party == me else named(answers.party, True)
                lines.append(f"{who} answered {count(len(answers.unjustified), 'false alarm')} "
                             "with a protest or worse.")
        alarms = sum(len(d.record(p).false_alarms) for p in PARTIES)
        if alarms:
            were = "was a false alarm" if alarms == 1 else "were false alarms"
            lines.append(f"{count(alarms, 'report')} {were}: verification is noisy.")
        if d.theory is not None and d.theory.final is not None:
            final = d.theory.final
            where = "on the Pareto frontier" if final.on_frontier else \
                f"{final.to_frontier:.0f} points short of the Pareto frontier"
            lines.append(f"The final deal is {where}, {final.to_nash:.0f} points from the "
                         "Nash package.")
        return lines

    def charts(self, ui: App, scene: Scene, obs, d: Debrief, rect) -> None:
        theme = ui.theme
        x, y, w, h = rect
        gap, pad = theme.space["gap"], theme.space["pad"]
        top_h = int(h * 0.58)
        title_h = theme.line_height("body-bold") + pad + pad // 2
        mapped = d.theory is not None and self.frontier is not None
        if mapped and h - top_h - gap - title_h - pad < TRUST_CHART_LINES * \
                theme.line_height("small"):  # too low to read: the map alone, and a pointer
            top_h = h - gap - title_h - theme.line_height("small") - pad
        if mapped:
            cy = panel(scene, theme, (x, y, w, top_h), "The deals against the theory",
                       tip=GLOSSARY["deal scale"])
            size = (w - 2 * pad, y + top_h - cy - pad)
            canvas = deal_map(theme, size, self.frontier, d.theory)
            scene.image((x + pad, cy, *canvas.surface.get_size()), canvas.surface,
                        f"{deal_tip(d.theory)} {GLOSSARY['frontier']} {GLOSSARY['nash']}",
                        tuple(canvas.words))
        y2 = y + top_h + gap
        cy = panel(scene, theme, (x, y2, w, y + h - y2), "Your trust over the rounds")
        log = ui.flow.session.shown[self.party].trust
        size = (w - 2 * pad, y + h - cy - pad)
        if size[1] < TRUST_CHART_LINES * theme.line_height("small"):
            scene.label(x + pad, cy, "See the trust and ledger page (L).", "small", "muted",
                        width=w - 2 * pad)
            return
        canvas, tip = trust_chart(theme, size, log, obs.rounds, them(obs))
        scene.image((x + pad, cy, *canvas.surface.get_size()), canvas.surface, tip,
                    tuple(canvas.words))

    def press(self, ui: App, command: object) -> None:
        if callable(command):
            command(ui)
            return
        kind = command[0]
        if kind == "full":
            ui.open(DebriefScreen(self.party, self.facts))
        elif kind == "next":
            ui.flow.next(ui)
        elif kind == "title":
            ui.flow.to_title(ui)


class DebriefScreen(Screen):
    """The whole debrief in words (the same text as the terminal's)."""

    name = "debrief"

    def __init__(self, party: str, facts: Debrief | None) -> None:
        self.party = party
        self.facts = facts

    def build(self, ui: App) -> Scene:
        obs = ui.flow.session.view(self.party)
        width, height = ui.size
        theme = ui.theme
        scene, m, gap, pad, top, bottom, button_h = page(ui, self.name, "The full debrief", obs)
        lines = debrief_lines(self.facts) if self.facts is not None else []
        while lines and not lines[0].strip():  # the page starts with its first heading
            lines = lines[1:]
        paragraphs = [(line.strip("= ") if line.startswith("==") else line.strip(),
                       "heading" if line.startswith("==") else "body",
                       "muted" if line.startswith("(") else "text") for line in lines]
        scene.reader((m, top, width - 2 * m, bottom - top - button_h - gap), paragraphs)
        bw = min(300, width - 2 * m)
        button_row(scene, theme, width - m - bw, bottom - button_h, bw,
                   [("close", "Back (Esc)", ("close",), "", "Close the debrief.")])
        return scene

    def press(self, ui: App, command: object) -> None:
        ui.flow.close_overlay(ui)
