"""Help at any time (the rules, the keys, the words) and the menu (Esc), which pauses the
phase clock while it is open."""

from __future__ import annotations

from game.report.debrief_text import GLOSSARY
from game.ui.text import HELP
from game.ui.window.app import App, Screen
from game.ui.window.frame import button_row, page
from game.ui.window.scene import Scene

KEYS = (
    ("Tab, Shift+Tab", "move the focus (the orange frame) to the next or previous button"),
    ("Arrow keys", "move the focus up, down, left or right (on the table: between options)"),
    ("Enter or Space", "press the focused button (on the table: put an option in your offer)"),
    ("P, C, N", "propose or counter with your offer, clear it, make no offer"),
    ("A, R", "accept or reject the offer on the table"),
    ("K, D", "implementation: keep or break the focused commitment; Enter confirms"),
    ("1 to 9", "answer an incident with the numbered response"),
    ("B, L", "your brief; trust meters and the promise ledger"),
    ("F1", "this help"),
    ("Esc", "close this page, or open the menu (the phase clock stops while it is open)"),
    ("Page Up, Page Down", "scroll a long page (the mouse wheel too)"),
    ("F11", "full screen on or off (the window can also be resized)"),
    ("Ctrl+Q", "quit (every move is already saved)"),
)
MOUSE = "With a mouse: click any button; point at any number to see what it means."


class HelpScreen(Screen):
    """The rules, the keys and the game's words; opened with F1 from any screen."""

    name = "help"
    private = False

    def build(self, ui: App) -> Scene:
        width, height = ui.size
        theme = ui.theme
        scene, m, gap, pad, top, bottom, button_h = page(
            ui, self.name, "Help: how to play", None, tools=False)
        paragraphs = [("The rules", "heading")]
        paragraphs += [(line, "body") for line in HELP]
        paragraphs += [("", "small"), ("Keys", "heading")]
        paragraphs += [(f"{keys}: {what}", "body") for keys, what in KEYS]
        paragraphs += [(MOUSE, "body"), ("", "small"), ("Words", "heading")]
        paragraphs += [(text, "body") for text in GLOSSARY.values()]
        scene.reader((m, top, width - 2 * m, bottom - top - button_h - gap), paragraphs)
        bw = min(300, width - 2 * m)
        button_row(scene, theme, width - m - bw, bottom - button_h, bw,
                   [("close", "Back (Esc)", ("close",), "", "Close the help.")])
        return scene

    def press(self, ui: App, command: object) -> None:
        ui.flow.close_overlay(ui)


class MenuScreen(Screen):
    """Esc during a game: go on, help, back to the title screen, or quit (all saved)."""

    name = "menu"
    private = False

    def build(self, ui: App) -> Scene:
        width, height = ui.size
        theme = ui.theme
        scene = Scene(theme, width, height, title=self.name)
        scene.box((0, 0, width, height), "cover")
        m, gap, pad = theme.space["margin"], theme.space["gap"], theme.space["pad"]
        column = min(width - 2 * m, 560)
        x = (width - column) // 2
        session = ui.flow.session
        over = session is not None and session.table.over
        said = "Every move is saved as it is made: you can leave at any time and continue " \
               "from the title screen."
        if over:  # nothing is left to continue
            said = "The game is over and saved."
        if ui.flow.clock_line():
            said += " The phase clock is stopped while this menu is open."
        lines = len(theme.wrap(said, "body", column - theme.inset("cover_para")))
        need = theme.text_height("title", 1) + theme.text_height("body", lines) + 2 * gap + \
            4 * (theme.line_height("body") + 2 * pad + gap)
        y = max(m, (ui.content_bottom() - need) // 3)
        y += scene.para(x, y, column, "Menu", "title", "cover_para") + gap
        y += scene.para(x, y, column, said, "body", "cover_para") + gap
        choices = (
            ("back", "Back to the game (Esc)", "", "Close this menu."),
            ("help", "Help (F1)", "", "The rules and the keys."),
            ("title", "Save and go to the title screen (T)", "t",
             "Leave this game; continue it later from the title screen."),
            ("quit", "Save and quit (Q)", "q", "Close the window."),
        )
        if over:
            choices = (
                ("back", "Back to the debrief (Esc)", "", "Close this menu."),
                ("help", "Help (F1)", "", "The rules and the keys."),
                ("title", "Go to the title screen (T)", "t", "Choose a new game."),
                ("quit", "Quit (Q)", "q", "Close the window."),
            )
        for ident, label, key, tip in choices:
            y += button_row(scene, theme, x, y, column, [(ident, label, (ident,), key, tip)]) + gap
        return scene

    def press(self, ui: App, command: object) -> None:
        kind = command[0]
        ui.flow.close_overlay(ui)
        if kind == "help":
            ui.flow.help(ui)
        elif kind == "title":
            ui.flow.to_title(ui)
        elif kind == "quit":
            ui.flow.quit(ui)
