"""The negotiation table's issue rows: each issue's title and the seat's trust meter, then its
options as chips saying what each is worth to the seat and what it is now, in words.

Labels wrap rather than being cut to a few letters: a row is as tall as its longest label
needs (up to `LABEL_LINES` lines), and when the rows are taller than the window they scroll
(the mouse wheel, the scroll bar, or the keyboard focus moving down the options). With large
text, or little width, an issue's title goes above its options so the options get the width.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.core.observe import IssueView, Observation
from game.ui.text_views import binds, gain_from_breaking, money, percent, red_line, worth
from game.ui.window.app import App
from game.ui.window.frame import TRUST_TIP, meter, them
from game.ui.window.scene import SCROLL_BAR, Scene, Scroller

LABEL_LINES = 4  # at most this many lines of an option's label (all of it is in its tool tip)
LINK_LINES = 3  # at most this many lines naming an option it comes only with
MEANING = {"chosen": "chosen for your offer", "offered": "in the offer on the table",
           "in force": "in force (signed earlier)", "red line": "your red line",
           "their red line": "a red line of the other side (public, or said in talks)",
           "not on the table": "not on the table now (news may put it back)"}


@dataclass
class Row:
    """One issue's row as laid out: its title lines, each option's lines, and how many
    options stand side by side (the rest go on further lines)."""

    issue: IssueView
    title: list[str]
    chips: list[list[str]]
    height: int
    chip_height: int
    per_line: int
    limit: int  # lines of a label at most


def verification_words(obs: Observation, opt) -> str:
    """How often verification catches a breach and raises a false alarm: one pair of
    figures, or each side's when the scenario watches the two sides differently."""
    rival = "cn" if obs.party == "us" else "us"
    sides = [p for p in (obs.party, rival) if p in opt.obliges] or [obs.party]
    rates = {p: opt.rates(p) for p in sides}
    if len(set(rates.values())) == 1:
        seen, false = rates[sides[0]]
        return (f"Verification catches a breach {percent(seen)} of the time and raises a "
                f"false alarm {percent(false)} of the time.")
    parts = []
    for party, (seen, false) in rates.items():
        whose = "your breaches" if party == obs.party else "the other side's"
        parts.append(f"{whose} are caught {percent(seen)} of the time, with false alarms "
                     f"{percent(false)}")
    return f"Verification differs by side: {'; '.join(parts)}."


class IssueRows:
    """Lays out and builds the rows for one seat; `package` is the seat's offer being built."""

    def __init__(self, ui: App, obs: Observation, package: dict[str, str], active: bool) -> None:
        self.ui, self.obs, self.package, self.active = ui, obs, package, active
        self.theme = ui.theme
        self.offer = dict(obs.offer or ())
        self.in_force = {c.issue: c.option for c in obs.commitments}
        rival = "cn" if obs.party == "us" else "us"
        self.declared = {pair for e in obs.history if getattr(e, "party", "") == rival
                         for pair in getattr(e, "red_lines", ())}  # said aloud in talks

    # -- layout -----------------------------------------------------------------------------
    def plan(self, width: int, height: int) -> tuple[bool, list[Row]]:
        """(stacked, rows): the fewest label lines cut, titles above the options if needed."""
        theme = self.theme
        stacked = theme.settings.text_size != "normal" or width < 700
        for limit in range(LABEL_LINES, 1, -1):
            rows = [self.row(issue, width, stacked, limit) for issue in self.obs.issues]
            if self.total(rows) <= height:
                return stacked, rows
        # the rows scroll anyway: longer labels, then (whole ones with large text)
        return stacked, [self.row(issue, width, stacked, self.scrolling_lines())
                         for issue in self.obs.issues]

    def scrolling_lines(self) -> int:
        """Lines of an option's label when the rows scroll: three with normal text (more
        issues in view), all it needs (up to LABEL_LINES) with large text."""
        return 3 if self.theme.settings.text_size == "normal" else LABEL_LINES

    def total(self, rows: list[Row]) -> int:
        return sum(r.height for r in rows) + self.theme.space["gap"] // 2 * (len(rows) - 1)

    def columns(self, width: int, stacked: bool) -> tuple[int, int]:
        """(title column width, chips x offset) of a row."""
        if stacked:
            return width, self.theme.space["pad"] // 2
        title_w = int(width * 0.25)
        return title_w, title_w

    def per_line(self, width: int, count: int) -> tuple[int, int]:
        """(options side by side, chip width): fewer, wider chips when they would be too
        narrow to read (large text in a small window)."""
        gap = self.theme.space["gap"] // 2
        narrowest = self.theme.width("n" * 14, "small") + self.theme.inset("chip")
        per = count
        if self.theme.settings.text_size == "normal":  # the whole table on one screen first
            narrowest = 0
        while per > 1 and (width - gap * (per - 1)) // per < narrowest:
            per = (count + 1) // 2 if per == count else per - 1
        return per, (width - gap * (per - 1)) // per

    def row(self, issue: IssueView, width: int, stacked: bool, limit: int) -> Row:
        theme = self.theme
        pad, gap = theme.space["pad"], theme.space["gap"] // 2
        small = theme.line_height("small")
        title_w, chips_x = self.columns(width, stacked)
        per, cw = self.per_line(width - chips_x - pad, len(issue.options))
        room = cw - theme.inset("chip")
        chips = [self.chip_lines(issue, opt, room, limit) for opt in issue.options]
        chip_h = theme.text_height("small", max(len(c) for c in chips), "chip")
        lines = -(-len(chips) // per)
        block = lines * chip_h + (lines - 1) * gap
        if stacked:
            meter_w = min(int(width * 0.42), 280)
            title = theme.clip(issue.title, "small-bold", width - meter_w - 3 * pad, 2)
            head = max(len(title) * small, small)
            return Row(issue, title, chips, head + block + 2 * pad, chip_h, per, limit)
        title = theme.clip(issue.title, "small-bold", title_w - 2 * pad, 3)
        side = len(title) * small + small + pad + pad // 2
        return Row(issue, title, chips, max(block + pad // 2, side), chip_h, per, limit)

    def chip_lines(self, issue: IssueView, opt, room: int, limit: int) -> list[str]:
        """The option's label (wrapped, at most `limit` lines), the options it comes only
        with, then its worth ('once' for a one-off act) and its marks."""
        theme = self.theme
        marks = self.marks(issue, opt)
        value = worth(self.obs, issue.id, opt.id)
        if opt.due is not None:
            marks.insert(0, "once")
        amount = f"{money(value)} a round"
        if theme.width(amount, "small") > room:
            amount = money(value)  # the tool tip says it is per round
        said = ", ".join(marks)
        lines = theme.clip(opt.label, "small", room, limit)
        for label in self.links(opt):  # its first words, wrapped: not 'only with A sta…'
            lines += theme.clip(f"only with {label.split(': ', 1)[0]}", "small", room,
                                LINK_LINES)
        both = f"{amount} · {said}" if said else amount
        if theme.width(both, "small") <= room:
            return [*lines, both]
        return [*lines, amount, *theme.wrap(said, "small", room)]

    def links(self, opt) -> list[str]:
        """The options an option comes only with, by their labels."""
        labels = {(i.id, o.id): o.label for i in self.obs.issues for o in i.options}
        return [labels.get(pair, f"{pair[0]}={pair[1]}") for pair in opt.requires]

    def marks(self, issue: IssueView, opt) -> list[str]:
        """What an option is now, in words (never by colour alone)."""
        marks = []
        if self.active and self.package.get(issue.id) == opt.id:
            marks.append("chosen")
        if self.offer.get(issue.id) == opt.id:
            marks.append("offered")
        if self.in_force.get(issue.id) == opt.id:
            marks.append("in force")
        if red_line(self.obs, issue.id, opt.id):
            marks.append("red line")
        if self.their_red_line(issue.id, opt.id):
            marks.append("their red line")
        if not opt.available:
            marks.append("not on the table")
        return marks

    def their_red_line(self, issue: str, option: str) -> str:
        """The other side's red line this option crosses, if it is public or the other side
        has said so when turning an offer down."""
        rival = "cn" if self.obs.party == "us" else "us"
        for line in self.obs.public_red_lines.get(rival, ()):
            if line.issue == issue and option in line.forbid:
                return line.text or "it crosses the other side's public red line"
        if (issue, option) in self.declared:
            return "it said it will never accept it"
        return ""

    # -- building ---------------------------------------------------------------------------
    def build(self, scene: Scene, area, start: dict) -> None:
        """Put the rows in `area` (scrolling if they do not fit); `start` holds the trust each
        meter showed last time (it slides from there)."""
        x, y, w, h = area
        stacked, rows = self.plan(w, h)
        total = self.total(rows)
        if total <= h:
            self.place(scene, rows, x, y, w, stacked, start)
            return
        inner = w - SCROLL_BAR  # laid out again for the width beside the scroll bar
        rows = [self.row(row.issue, inner, stacked, self.scrolling_lines()) for row in rows]
        scroller = Scroller(scene, (x, y, w, h), self.total(rows))
        with scene.inside(scroller):
            self.place(scene, rows, 0, 0, scroller.inner_width, stacked, start)

    def place(self, scene: Scene, rows: list[Row], x: int, y: int, w: int, stacked: bool,
              start: dict) -> None:
        theme = self.theme
        pad, gap = theme.space["pad"], theme.space["gap"] // 2
        small = theme.line_height("small")
        obs = self.obs
        for row in rows:
            issue = row.issue
            scene.box((x, y, w, row.height), "row")
            priority = obs.own.weights[issue.id]
            tip = (f"{issue.description or issue.title} Your priority on it: {priority:g} "
                   "(values on this row already include it; 1 is an average issue).")
            title_w, chips_x = self.columns(w, stacked)
            for n, line in enumerate(row.title):
                scene.label(x + pad, y + pad // 2 + n * small, line, "small-bold", tip=tip)
            mean, sd = obs.own.trust[issue.id]
            trust_tip = TRUST_TIP.format(them=them(obs))
            if stacked:
                meter_w = min(int(w * 0.42), 280)
                meter(self.ui, scene, (x + w - meter_w - pad, y + pad // 2, meter_w, small), mean,
                      sd, trust_tip, start=start.get(issue.id))
                cy = y + max(len(row.title), 1) * small + pad
            else:
                meter(self.ui, scene, (x + pad, y + row.height - pad - small, title_w - 2 * pad,
                                       small), mean, sd, trust_tip, start=start.get(issue.id))
                lines = -(-len(row.chips) // row.per_line)
                cy = y + (row.height - lines * row.chip_height - (lines - 1) * gap) // 2
            per, cw = self.per_line(w - chips_x - pad, len(issue.options))
            for k, (opt, lines) in enumerate(zip(issue.options, row.chips, strict=True)):
                line, col = divmod(k, per)
                rect = (x + chips_x + col * (cw + gap), cy + line * (row.chip_height + gap), cw,
                        row.chip_height)
                tip, enabled, chosen = self.chip_state(issue, opt)
                button = scene.chip(f"chip-{issue.id}-{opt.id}", rect, lines,
                                    ("pick", issue.id, opt.id), tip, enabled, chosen)
                button.limit = row.limit
            y += row.height + gap

    def chip_state(self, issue: IssueView, opt) -> tuple[str, bool, bool]:
        """An option card's tip, whether it can be picked, and whether it is chosen."""
        crossed = red_line(self.obs, issue.id, opt.id)
        return (self.chip_tip(issue, opt, crossed),
                self.active and not crossed and opt.available,
                self.active and self.package.get(issue.id) == opt.id)

    def renew(self, scene: Scene, issue: IssueView) -> bool:
        """Show one issue's cards again after a pick (the rest of the screen unchanged);
        False if a card now needs more lines than its place has (build the screen again)."""
        theme = self.theme
        cards = [(b, opt) for opt in issue.options
                 if (b := scene.find(f"chip-{issue.id}-{opt.id}")) is not None]
        news = []
        for button, opt in cards:
            rect = button.element.relative_rect
            lines = self.chip_lines(issue, opt, rect.width - theme.inset("chip"),
                                    getattr(button, "limit", LABEL_LINES))
            if theme.text_height("small", len(lines), "chip") > rect.height:
                return False
            news.append((button, lines, *self.chip_state(issue, opt)))
        for button, lines, tip, enabled, chosen in news:
            scene.renew_chip(button, lines, tip, enabled, chosen)
        return True

    def chip_tip(self, issue: IssueView, opt, crossed: str) -> str:
        obs = self.obs
        value = worth(obs, issue.id, opt.id)
        if not opt.obliges:  # "no change": the status quo, signed
            tip = (f"{opt.label}. No change on this issue: {money(value)} a round to you, as "
                   "with nothing agreed; it binds nobody.")
        else:
            tip = (f"{opt.label}. Worth {money(value)} a round to you while both sides keep "
                   f"it; it binds {binds(obs, opt)}.")
        if opt.due is not None:
            after = "the round it is signed" if opt.due == 0 else \
                f"{opt.due} round{'s' if opt.due > 1 else ''} after it is signed"
            tip += (f" A one-off act: done (or not) once, {after}; it pays every round from "
                    "then on, as it was done.")
        links = self.links(opt)
        if links:
            tip += f" It comes only with: {'; '.join(links)}."
        if obs.party in opt.obliges:
            gain = money(gain_from_breaking(obs, issue.id, opt.id))
            tip += f" Breaking it secretly would gain you {gain}" + \
                (" once." if opt.due is not None else " a round.")
        if opt.obliges:
            tip += " " + verification_words(obs, opt)
        theirs = self.their_red_line(issue.id, opt.id)
        if theirs:
            tip += f" The other side's red line: {theirs}."
        if not opt.available:
            tip += " Not on the table now: it can be neither offered nor accepted."
        if crossed:
            tip += f" Your red line: {crossed}"
        elif not self.active:
            tip += " (You can pick options when it is your turn to make an offer.)"
        marks = self.marks(issue, opt)
        if marks:
            tip += " Now: " + "; ".join(MEANING[m] for m in marks) + "."
        return tip
