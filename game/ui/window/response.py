"""Verification and response: a reported violation by the other side, how likely the report
is a false alarm given the seat's trust, and the answers on the sanction ladder with costs."""

from __future__ import annotations

from game.core.actions import Respond
from game.ui.text_views import issue_view, option_view, sanction_lines
from game.ui.window.app import App, Screen
from game.ui.window.frame import NAMES, TRUST_TIP, header, meter, panel, them, wrapped_button
from game.ui.window.scene import Scene

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
        scene = Scene(width, height, title=self.name)
        m, gap, pad = theme.space["margin"], theme.space["gap"], theme.space["pad"]
        top = header(ui, scene, "Verification: a violation is reported", obs)
        bottom = ui.content_bottom()
        open_ = [i for i in obs.incidents if not i.response and i.accused != obs.party]
        if not open_:
            scene.text(theme, m, top, "No incident waits for your answer.", "body")
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
        y += scene.para(theme, x, y, inner, f"{other} is reported to have broken {title} — "
                        f"{opt.label}.", "body-bold") + gap
        y += scene.para(theme, x, y, inner,
                        f"This check catches {opt.detect:.0%} of real breaches and falsely "
                        f"accuses {opt.false_alarm:.0%} of kept promises: the report may be "
                        "wrong.", "body",
                        tip="Detection and false-alarm rates of this option's verification."
                        ) + gap
        mean, sd = obs.own.trust[incident.issue]
        scene.text(theme, x, y, f"Your trust that {other} keeps its word here:", "small")
        y += theme.line_height("small")
        meter(scene, theme, (x, y, inner, theme.line_height("small")), mean, sd,
              TRUST_TIP.format(them=other))
        y += theme.line_height("small") + gap
        chance = false_alarm_chance(opt.detect, opt.false_alarm, mean)
        y += scene.para(theme, x, y, inner,
                        f"Chance this report is a false alarm, given your trust: {chance:.0%}",
                        "body-bold", tip="Bayes' rule: among all the reports this check "
                        "would make, the share that would come from kept promises, if your "
                        "trust is right.") + gap
        y += scene.para(theme, x, y, inner, f"If it is a false alarm, a harsh answer makes "
                        f"{other} trust you less. Sanctions cost both sides every round they "
                        "are in force, and fade by half each round.", "small", "muted") + gap
        for line in sanction_lines(obs):
            y += scene.para(theme, x, y, inner, line, "small")
        if len(open_) > 1:
            more = len(open_) - 1
            scene.para(theme, x, y + gap, inner, f"{more} more incident{'s' if more > 1 else ''} "
                       "after this one.", "small", "muted")
        self.answers(ui, scene, obs, incident, (m + left_w + gap, top,
                                                width - 2 * m - left_w - gap, bottom - top))
        return scene

    def answers(self, ui: App, scene: Scene, obs, incident, rect) -> None:
        """The legal answers, lowest to highest on the ladder, with their costs."""
        theme = ui.theme
        x, y, w, h = rect
        pad, gap = theme.space["pad"], theme.space["gap"]
        y = panel(scene, theme, rect, "Your answer (press its number)")
        levels = {level.id: level for level in obs.sanction_levels}
        legal = [a for a in obs.legal_actions.fixed
                 if isinstance(a, Respond) and a.incident == incident.id]
        room = (rect[1] + h - y - pad) // max(len(legal), 1)
        bh = min(room - gap // 2, 2 * theme.line_height("small") + 2 * pad)
        other = NAMES[incident.accused]
        for n, action in enumerate(legal, start=1):
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
            lines = (theme.fit(label, "small-bold", w - 4 * pad), theme.fit(cost, "small",
                                                                            w - 4 * pad))
            button = wrapped_button(theme, f"answer-{action.response}",
                                    (x + pad, y, w - 2 * pad, bh), label, ("answer", action),
                                    str(n), tip, role="small", style="chip")
            button.label = lines if bh >= 2 * theme.line_height("small") else lines[:1]
            scene.button(button)
            y += bh + gap // 2

    def press(self, ui: App, command: object) -> None:
        if callable(command):
            command(ui)
            return
        action = command[1]
        ui.flow.act(ui, action, ui.flow.session.view(self.party).version)
