"""Verification and response: a reported violation by the other side, how likely the report
is a false alarm given the seat's trust, and the answers on the sanction ladder with costs."""

from __future__ import annotations

from game.core.actions import Respond
from game.ui.text_views import issue_view, option_view, percent, sanction_lines
from game.ui.window.app import App, Screen
from game.ui.window.frame import THE, TRUST_TIP, meter, page, panel, them
from game.ui.window.scene import SCROLL_BAR, Scene, Scroller

ANSWERS = {
    "none": ("Let it pass", "No answer: nothing happens to either side."),
    "protest": ("Protest publicly", "A public protest: it costs nothing, and if the report was "
                "a false alarm it hurts the other side's trust in you a little."),
    "suspend": ("Suspend the commitment", "The commitment on this issue ends for both sides."),
}


def false_alarm_chance(detect: float, false_alarm: float, trust: float) -> float:
    """P(the other side kept its word | a violation was reported), by Bayes' rule with the
    seat's mean trust as the prior chance that it kept it (docs/model.md, verification)."""
    kept = trust * false_alarm
    broke = (1.0 - trust) * detect
    return kept / (kept + broke) if kept + broke > 0 else 0.0


class ResponseScreen(Screen):
    """Answer the incidents against the other side, one at a time."""

    name = "response"

    def __init__(self, party: str) -> None:
        self.party = party

    def build(self, ui: App) -> Scene:
        obs = ui.flow.session.view(self.party)
        width, height = ui.size
        theme = ui.theme
        scene, m, gap, pad, top, bottom, _ = page(
            ui, self.name, "Verification: a violation is reported", obs)
        open_ = [i for i in obs.incidents if not i.response and i.accused != obs.party]
        if not open_:
            scene.label(m, top, "No incident waits for your answer.", "body")
            return scene
        incident = open_[0]
        opt = option_view(obs, incident.issue, incident.option)
        title = issue_view(obs, incident.issue).title
        other = them(obs)
        left_w = int((width - 2 * m - gap) * 0.5)
        rect = (m, top, left_w, bottom - top)
        y = panel(scene, theme, rect, f"Incident {incident.id} (round {incident.round})")
        inner = left_w - 2 * pad
        x = m + pad
        y += scene.para(x, y, inner, f"{them(obs, True)} is reported to have broken {title} — "
                        f"{opt.label}.", "body-bold") + gap // 2
        detect, false = opt.rates(incident.accused)
        y += scene.para(x, y, inner,
                        f"This check catches {percent(detect)} of real breaches and falsely "
                        f"accuses {percent(false)} of kept promises: the report may be "
                        "wrong.", "body",
                        tip="Detection and false-alarm rates of this option's verification."
                        ) + gap // 2
        mean, sd = obs.own.trust[incident.issue]
        scene.label(x, y, f"Your trust that {other} keeps its word here:", "small", width=inner)
        y += theme.line_height("small")
        meter(ui, scene, (x, y, inner, theme.line_height("small")), mean, sd,
              TRUST_TIP.format(them=other))
        y += theme.line_height("small") + gap // 2
        chance = false_alarm_chance(detect, false, mean)
        y += scene.para(x, y, inner,
                        f"Chance this report is a false alarm, given your trust: {chance:.0%}",
                        "body-bold", tip="Bayes' rule: among all the reports this check "
                        "would make, the share that would come from kept promises, if your "
                        "trust is right.") + gap // 2
        notes = [f"If it is a false alarm, a harsh answer makes {other} trust you less. "
                 "Sanctions cost both sides every round they are in force, and fade by half "
                 "each round.", *sanction_lines(obs)]
        if len(open_) > 1:
            more = len(open_) - 1
            notes.append(f"{more} more incident{'s' if more > 1 else ''} after this one.")
        scene.reader((x, y, inner, top + rect[3] - y - pad),
                     [(line, "small", "muted" if n == 0 else "text")
                      for n, line in enumerate(notes)], look="plain")
        self.answers(ui, scene, obs, incident, (m + left_w + gap, top,
                                                width - 2 * m - left_w - gap, bottom - top))
        return scene

    def answers(self, ui: App, scene: Scene, obs, incident, rect) -> None:
        """The legal answers, lowest to highest on the ladder, with their costs (a list that
        scrolls when large text makes it taller than the window)."""
        theme = ui.theme
        x, y, w, h = rect
        pad, gap = theme.space["pad"], theme.space["gap"]
        cy = panel(scene, theme, rect, "Your answer (press its number)")
        legal = [a for a in obs.legal_actions.fixed
                 if isinstance(a, Respond) and a.incident == incident.id]
        area = (x + pad, cy, w - 2 * pad, y + h - cy - pad)
        chips = [self.answer(ui, obs, incident, n, action, area[2] - theme.inset("chip"))
                 for n, action in enumerate(legal, start=1)]
        heights = [theme.text_height("small", len(lines), "chip") for lines, _, _ in chips]
        total = sum(heights) + gap // 2 * (len(heights) - 1)
        if total > area[3]:  # laid out again for the width beside the scroll bar
            chips = [self.answer(ui, obs, incident, n, action,
                                 area[2] - SCROLL_BAR - theme.inset("chip"))
                     for n, action in enumerate(legal, start=1)]
            heights = [theme.text_height("small", len(lines), "chip") for lines, _, _ in chips]
            total = sum(heights) + gap // 2 * (len(heights) - 1)
            scroller = Scroller(scene, area, total)
            with scene.inside(scroller):
                self.place(scene, legal, chips, heights, 0, 0, scroller.inner_width)
        else:
            self.place(scene, legal, chips, heights, area[0], area[1], area[2])

    @staticmethod
    def place(scene: Scene, legal, chips, heights, x: int, y: int, w: int) -> None:
        gap = scene.theme.space["gap"]
        for n, (action, (lines, bold, tip), h) in enumerate(zip(legal, chips, heights,
                                                                strict=True), start=1):
            scene.chip(f"answer-{action.response}", (x, y, w, h), lines, ("answer", action),
                       tip, key=str(n), bold=bold)
            y += h + gap // 2

    @staticmethod
    def answer(ui: App, obs, incident, n: int, action, room: int) -> tuple[list, int, str]:
        """An answer's lines (its name in bold, wrapped; then its cost), and its tip."""
        theme = ui.theme
        levels = {level.id: level for level in obs.sanction_levels}
        other = THE[incident.accused]
        level = levels.get(action.response)
        if level is not None:
            label = f"{n}. Sanction: {level.label}"
            cost = (f"costs {other} {level.cost_target:g} and you {level.cost_sender:g} a "
                    "round, fading")
            tip = (f"{level.label}: {other} loses {level.cost_target:g} points and you "
                   f"{level.cost_sender:g} in the round it is imposed; the cost halves "
                   "each round after. A second sanction while one is in force climbs "
                   "the ladder.")
        else:
            label, tip = ANSWERS.get(action.response, (action.response, ""))
            label = f"{n}. {label}"
            cost = "no cost to either side" if action.response != "suspend" else \
                "both sides lose the deal on this issue"
        head = list(theme.wrap(label, "small-bold", room))
        return [*head, *theme.wrap(cost, "small", room)], len(head), tip

    def press(self, ui: App, command: object) -> None:
        if callable(command):
            command(ui)
            return
        action = command[1]
        ui.flow.act(ui, action, ui.flow.session.view(self.party).version)
