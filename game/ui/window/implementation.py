"""Implementation: the seat's secret keep-or-break choice for each commitment that binds it,
with what keeping is worth, what breaking gains and how likely a breach is to be seen."""

from __future__ import annotations

from game.core.actions import Implement
from game.core.events import Accepted
from game.ui.text_views import (
    gain_from_breaking,
    issue_view,
    money,
    option_view,
    percent,
    short_title,
    worth,
)
from game.ui.window.app import App, Screen
from game.ui.window.frame import button_row, page, theirs, them
from game.ui.window.scene import SCROLL_BAR, Scene, Scroller
from game.words import every

CHOICES = (("comply", "Keep (K)"), ("defect", "Break secretly (D)"))
ACT_CHOICES = (("comply", "Do it (K)"), ("defect", "Skip it secretly (D)"))  # a one-off act


def signed_line(obs) -> str:
    """How this round's talks ended, if a deal was signed in them: who accepted whose offer
    (the AI's answer is otherwise never on screen: the window goes on to this page)."""
    signed = [e for e in obs.history if isinstance(e, Accepted) and e.round == obs.round]
    if not signed:
        return ""
    if signed[-1].party == obs.party:
        return f"You accepted {theirs(obs)} offer. "
    return f"{them(obs, True)} accepted your offer. "


class ImplementationScreen(Screen):
    """Keep or break each commitment; nothing is sent until the choices are confirmed."""

    name = "implementation"

    def __init__(self, party: str) -> None:
        self.party = party
        self.choices: dict[str, str] = {}

    def build(self, ui: App) -> Scene:
        obs = ui.flow.session.view(self.party)
        width, height = ui.size
        theme = ui.theme
        scene, m, gap, pad, top, bottom, _ = page(
            ui, self.name, "Keep your word, or break it in secret", obs,
            short="Keep or break your word")
        top += scene.para(m, top, width - 2 * m,
                          f"{signed_line(obs)}Choose for each commitment that binds you. "
                          f"{them(obs, True)} "
                          "never sees your choices, only what its noisy verification reports.",
                          "body") + gap
        issues = list(obs.obligations)
        for issue in issues:
            self.choices.setdefault(issue, "comply")
        button_h = theme.line_height("body") + 2 * pad
        summary_h = theme.text_height("body-bold", 2) + gap
        room = bottom - top - button_h - summary_h - gap
        choice_w = min(440, int(width * 0.36))
        text_w = width - 2 * m - choice_w - 3 * pad
        rows = [self.row_lines(ui, obs, issue, text_w) for issue in issues]
        stacked = self.stacked(ui, choice_w)
        choices_h = (2 if stacked else 1) * (theme.line_height("small") + 2 * pad) + \
            (pad if stacked else 0)
        heights = [self.height(ui, title, facts, choices_h) for title, facts in rows]
        total = sum(heights) + gap * max(len(rows) - 1, 0)
        if total > room:  # laid out again for the width beside the scroll bar
            rows = [self.row_lines(ui, obs, issue, text_w - SCROLL_BAR) for issue in issues]
            heights = [self.height(ui, title, facts, choices_h) for title, facts in rows]
            total = sum(heights) + gap * max(len(rows) - 1, 0)
            scroller = Scroller(scene, (m, top, width - 2 * m, room), total)
            with scene.inside(scroller):
                self.rows(ui, scene, obs, issues, rows, heights, 0, 0, scroller.inner_width,
                          choice_w)
        else:
            self.rows(ui, scene, obs, issues, rows, heights, m, top, width - 2 * m, choice_w)
        y = top + min(total, room) + gap
        scene.para(m, y, width - 2 * m, self.summary_line(obs, issues), "body-bold",
                   tip="The chance comes from each option's detection rate.")
        scene.keys = {"k": ("focused", "comply"), "d": ("focused", "defect")}
        bw = min(440, width - 2 * m)
        button_row(scene, theme, width - m - bw, bottom - button_h, bw, [
            ("confirm", "Confirm my choices (Enter)", ("confirm",), "",
             "Send your choices; they stay secret.")])
        scene.focus = "confirm"
        return scene

    @staticmethod
    def height(ui: App, title: tuple[str, ...], facts: tuple[str, ...], choices_h: int) -> int:
        """A commitment's row: its title lines and facts, or its two choices if taller."""
        theme = ui.theme
        text = len(title) * theme.line_height("small-bold") + theme.text_height("small",
                                                                                 len(facts))
        return max(text, choices_h) + 2 * theme.space["pad"]

    def row_lines(self, ui: App, obs, issue: str, width: int
                  ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """A commitment's title and the facts that weigh on the choice, wrapped (the title
        whole: a player must know which promise it is before breaking it)."""
        owed = {c.issue: c.option for c in obs.commitments}
        opt = option_view(obs, issue, owed[issue])
        other = them(obs)
        keep, gain = worth(obs, issue, opt.id), gain_from_breaking(obs, issue, opt.id)
        seen, false = opt.rates(obs.party)  # how well the other side watches this side
        if opt.due is not None:  # a one-off act: done or not, once, for good
            facts = (f"A one-off act, due now. Doing it: worth {money(keep)} a round to you "
                     f"from now on while {other} does its part.  Not doing it: you gain "
                     f"{money(gain)} once; {other} catches it {percent(seen)} of the time "
                     f"(false alarms {percent(false)}).")
        else:
            facts = (f"Keeping it: worth {money(keep)} a round to you while {other} keeps its "
                     f"side.  Breaking it: you gain {money(gain)} this round; {other} catches "
                     f"a breach {percent(seen)} of the time (false alarms {percent(false)}).")
        room = width - ui.theme.inset()
        title = f"{issue_view(obs, issue).title} — {opt.label}"
        if ui.theme.width(title, "small-bold") > room:  # the issue's short name first
            title = f"{short_title(obs, issue)} — {opt.label}"
        return ui.theme.wrap(title, "small-bold", room), ui.theme.wrap(facts, "small", room)

    def rows(self, ui: App, scene: Scene, obs, issues, rows, heights, x: int, y: int, w: int,
             choice_w: int) -> None:
        theme = ui.theme
        pad, gap = theme.space["pad"], theme.space["gap"]
        small = theme.line_height("small")
        text_w = w - choice_w - 3 * pad
        bold = theme.line_height("small-bold")
        for issue, (lines, facts), h in zip(issues, rows, heights, strict=True):
            scene.box((x, y, w, h), "row")
            title = " ".join(lines)
            for n, line in enumerate(lines):
                scene.label(x + pad, y + pad + n * bold, line, "small-bold", tip=title,
                            width=text_w)
            scene.para(x + pad, y + pad + len(lines) * bold, text_w,
                       " ".join(facts), "small",
                       tip="Caught breaches become public incidents that the other side may "
                           "answer with protests or sanctions, and they lower its trust in you.")
            stacked = self.stacked(ui, choice_w)
            bx = x + w - pad - choice_w
            bw = choice_w if stacked else (choice_w - pad) // 2
            bh = small + 2 * pad
            by = y + (h - (2 * bh + pad if stacked else bh)) // 2
            owed = next(c.option for c in obs.commitments if c.issue == issue)
            act = option_view(obs, issue, owed).due is not None
            for k, (value, label) in enumerate(ACT_CHOICES if act else CHOICES):
                chosen = self.choices[issue] == value
                at = (bx, by + k * (bh + pad)) if stacked else (bx + k * (bw + pad), by)
                scene.button(f"{value}-{issue}", (*at, bw, bh),
                             ("• " if chosen else "") + label, ("set", issue, value),
                             tip=f"{label.split(' (')[0]}: {title}.", role="small",
                             look="chosen" if chosen else "choice")
            y += h + gap

    @staticmethod
    def stacked(ui: App, width: int) -> bool:
        """Whether keep and break go one above the other (their labels do not fit side by
        side)."""
        theme = ui.theme
        half = (width - theme.space["pad"]) // 2 - 3 * theme.space["pad"]
        return any(theme.width("• " + label, "small") > half
                   for _, label in (*CHOICES, *ACT_CHOICES))

    def summary_line(self, obs, issues) -> str:
        owed = {c.issue: c.option for c in obs.commitments}
        broken = [i for i in issues if self.choices[i] == "defect"]
        if not broken:
            return ("You keep your commitment." if len(issues) == 1
                    else f"You keep {every(len(issues))} commitments.")
        gains = sum(gain_from_breaking(obs, i, owed[i]) for i in broken)
        unseen = 1.0
        for issue in broken:
            unseen *= 1 - option_view(obs, issue, owed[issue]).rates(obs.party)[0]
        return (f"You would break {len(broken)} of {len(issues)}: +{gains:.2f} this round, "
                f"and a {1 - unseen:.0%} chance that at least one breach is reported.")

    def press(self, ui: App, command: object) -> None:
        if callable(command):
            command(ui)
            return
        kind = command[0]
        if kind == "set":
            self.choices[command[1]] = command[2]
        elif kind == "focused":
            issue = next((i for i in self.choices if ui.focus.endswith(f"-{i}")), None)
            if issue is not None:
                self.choices[issue] = command[1]
                ui.focus = f"{command[1]}-{issue}"
        elif kind == "confirm":
            obs = ui.flow.session.view(self.party)
            choices = tuple((i, self.choices.get(i, "comply")) for i in obs.obligations)
            ui.flow.act(ui, Implement(obs.seat, choices), obs.version)
