"""Implementation: the seat's secret keep-or-break choice for each commitment that binds it,
with what keeping is worth, what breaking gains and how likely a breach is to be seen."""

from __future__ import annotations

from game.core.actions import Implement
from game.ui.text_views import gain_from_breaking, issue_view, money, option_view, worth
from game.ui.window.app import App, Screen
from game.ui.window.frame import button_row, header, them, wrapped_button
from game.ui.window.scene import Scene


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
        scene = Scene(width, height, title=self.name)
        m, gap, pad = theme.space["margin"], theme.space["gap"], theme.space["pad"]
        top = header(ui, scene, "Implementation: keep your word, or break it in secret", obs)
        bottom = ui.content_bottom()
        other = them(obs)
        top += scene.para(theme, m, top, width - 2 * m,
                          f"Choose for each commitment that binds you. {other} never sees your "
                          "choices, only what its noisy verification reports.", "body") + gap
        owed = {c.issue: c.option for c in obs.commitments}
        issues = list(obs.obligations)
        for issue in issues:
            self.choices.setdefault(issue, "comply")
        small = theme.line_height("small")
        button_h = theme.line_height("body") + 2 * pad
        rows = max(len(issues), 1)
        room = bottom - top - button_h - 3 * gap - 2 * small
        row_h = min(max(2 * small + 2 * pad, (room - gap * (rows - 1)) // rows),
                    3 * small + 3 * pad)
        choice_w = min(420, int(width * 0.34))
        text_w = width - 2 * m - choice_w - 3 * pad
        for n, issue in enumerate(issues):
            ry = top + n * (row_h + gap)
            opt = option_view(obs, issue, owed[issue])
            scene.box((m, ry, width - 2 * m, row_h), "panel", "edge", 1)
            title = f"{issue_view(obs, issue).title} — {opt.label}"
            scene.text(theme, m + pad, ry + pad, theme.fit(title, "small-bold", text_w),
                       "small-bold", tip=title)
            keep, gain = worth(obs, issue, opt.id), gain_from_breaking(obs, issue, opt.id)
            facts = (f"Keeping it: worth {money(keep)} a round to you while {other} keeps its "
                     f"side.  Breaking it: you gain {money(gain)} this round; {other} catches "
                     f"a breach {opt.detect:.0%} of the time (false alarms "
                     f"{opt.false_alarm:.0%}).")
            scene.para(theme, m + pad, ry + pad + small, text_w, facts, "small",
                       tip="Caught breaches become public incidents that the other side may "
                           "answer with protests or sanctions, and they lower its trust in you.",
                       limit=max(1, (row_h - 2 * pad) // small - 1))
            bx = width - m - pad - choice_w
            bw = (choice_w - pad) // 2
            bh = min(row_h - 2 * pad, small + 2 * pad)
            by = ry + (row_h - bh) // 2
            for k, (value, label, _key) in enumerate((("comply", "Keep (K)", "k"),
                                                      ("defect", "Break secretly (D)", "d"))):
                chosen = self.choices[issue] == value
                scene.button(wrapped_button(theme, f"{value}-{issue}",
                                            (bx + k * (bw + pad), by, bw, bh),
                                            ("• " if chosen else "") + label,
                                            ("set", issue, value),
                                            tip=f"{label.split(' (')[0]}: {title}.",
                                            chosen=chosen, role="small", style="chip"))
        broken = [i for i in issues if self.choices[i] == "defect"]
        y = top + rows * (row_h + gap)
        gains = sum(gain_from_breaking(obs, i, owed[i]) for i in broken)
        unseen = 1.0
        for issue in broken:
            unseen *= 1 - option_view(obs, issue, owed[issue]).detect
        if broken:
            line = (f"You would break {len(broken)} of {len(issues)}: +{gains:.2f} this round, "
                    f"and a {1 - unseen:.0%} chance that at least one breach is reported.")
        else:
            line = f"You keep all {len(issues)} commitments."
        scene.para(theme, m, y, width - 2 * m, line, "body-bold",
                   tip="The chance comes from each option's detection rate.")
        scene.keys = {"k": ("focused", "comply"), "d": ("focused", "defect")}
        button_row(scene, theme, width - m - 420, bottom - button_h, 420, [
            ("confirm", "Confirm my choices (Enter)", ("confirm",), "",
             "Send your choices; they stay secret.")])
        scene.focus = "confirm"
        return scene

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
