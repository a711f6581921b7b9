"""The hand-over between two players at one screen: it hides everything private."""

from __future__ import annotations

from game.ui.window.app import App, Screen
from game.ui.window.frame import DELEGATIONS, NAMES, header
from game.ui.window.scene import Scene


class HandoverScreen(Screen):
    """Covers the screen until the next player is at the keyboard; shows no figure of either
    side, only whose turn it is."""

    name = "handover"
    private = False

    def __init__(self, party: str) -> None:
        self.party = party

    def build(self, ui: App) -> Scene:
        width, height = ui.size
        theme = ui.theme
        scene = Scene(theme, width, height, title=self.name)
        scene.box((0, 0, width, height), "cover")
        header(ui, scene, "", ui.flow.session.view("public"), look="cover_para")  # no secret
        other = "cn" if self.party == "us" else "us"
        m, gap, pad = theme.space["margin"], theme.space["gap"], theme.space["pad"]
        column = min(width - 2 * m, 900)
        x = (width - column) // 2
        y = height // 5
        y += scene.para(x, y, column, f"Hand over to the {DELEGATIONS[self.party]}", "title",
                        "cover_para") + gap
        y += scene.para(x, y, column,
                        f"{NAMES[other]}: look away now; what follows is secret. "
                        f"{NAMES[self.party]}: take the keyboard and press Enter when only "
                        "your delegation can see the screen.", "body", "cover_para")
        y += 2 * gap
        label = f"I lead the {DELEGATIONS[self.party]}: show my screen (Enter)"
        role = "heading" if theme.width(label, "heading") + 4 * pad <= column else "body-bold"
        h = theme.line_height(role) + 2 * pad
        w = min(column, theme.width(label, role) + 4 * pad)
        scene.button("ready", (x, y, w, h), label, ("ready",), "",
                     "Shows this delegation's private screen.", role=role, look="cover_button")
        return scene

    def press(self, ui: App, command: object) -> None:
        if callable(command):
            command(ui)
        elif command == ("ready",):
            ui.flow.take_keyboard(ui, self.party)
