"""Help at any time (the rules, the keys, the words) and the menu (Esc)."""

from __future__ import annotations

from game.report.debrief_text import GLOSSARY
from game.ui.text import HELP
from game.ui.window.app import App, Screen
from game.ui.window.frame import Reader, button_row, header, panel
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
    ("Esc", "close this page, or open the menu"),
    ("Page Up, Page Down", "scroll a long page (the mouse wheel too)"),
    ("F11", "full screen on or off (the window can also be resized)"),
    ("Ctrl+Q", "quit (every move is already saved)"),
)
MOUSE = "With a mouse: click any button; point at any number to see what it means."


class HelpScreen(Screen):
    """The rules, the keys and the game's words; opened with F1 from any screen."""

    name = "help"
    private = False

    def __init__(self) -> None:
        self.reader = Reader()

    def build(self, ui: App) -> Scene:
        width, height = ui.size
        theme = ui.theme
        scene = Scene(width, height, title=self.name)
        m, pad, gap = theme.space["margin"], theme.space["pad"], theme.space["gap"]
        top = header(ui, scene, "Help: how to play", None, tools=False)
        bottom = ui.content_bottom()
        button_h = theme.line_height("body") + 2 * pad
        rect = (m, top, width - 2 * m, bottom - top - button_h - gap)
        y = panel(scene, theme, rect)
        paragraphs = [("The rules", "heading", "text")]
        paragraphs += [(line, "body", "text") for line in HELP]
        paragraphs += [("", "small", "text"), ("Keys", "heading", "text")]
        paragraphs += [(f"{keys}: {what}", "body", "text") for keys, what in KEYS]
        paragraphs += [(MOUSE, "body", "text"), ("", "small", "text"),
                       ("Words", "heading", "text")]
        paragraphs += [(text, "body", "text") for text in GLOSSARY.values()]
        self.reader.draw(scene, theme, (m + pad, y, rect[2] - 2 * pad, rect[1] + rect[3] - y
                                        - pad), paragraphs)
        button_row(scene, theme, width - m - 300, bottom - button_h, 300,
                   [("close", "Back (Esc)", ("close",), "", "Close the help.")])
        return scene

    def scroll(self, ui: App, lines: int) -> None:
        self.reader.scroll(lines)

    def press(self, ui: App, command: object) -> None:
        ui.back()


class MenuScreen(Screen):
    """Esc during a game: go on, help, back to the title screen, or quit (all saved)."""

    name = "menu"
    private = False

    def build(self, ui: App) -> Scene:
        width, height = ui.size
        theme = ui.theme
        scene = Scene(width, height, title=self.name)
        scene.box((0, 0, width, height), "cover", None)
        m, gap = theme.space["margin"], theme.space["gap"]
        column = min(width - 2 * m, 520)
        x = (width - column) // 2
        y = height // 5
        y += scene.para(theme, x, y, column, "Menu", "title", "cover_text") + gap
        y += scene.para(theme, x, y, column, "Every move is saved as it is made: you can leave "
                        "at any time and continue from the title screen.", "body",
                        "cover_text") + gap
        for ident, label, key, tip in (
            ("back", "Back to the game (Esc)", "", "Close this menu."),
            ("help", "Help (F1)", "", "The rules and the keys."),
            ("title", "Save and go to the title screen (T)", "t",
             "Leave this game; continue it later from the title screen."),
            ("quit", "Save and quit (Q)", "q", "Close the window."),
        ):
            y += button_row(scene, theme, x, y, column, [(ident, label, (ident,), key, tip)]) + gap
        return scene

    def press(self, ui: App, command: object) -> None:
        kind = command[0]
        ui.back()
        if kind == "help":
            ui.flow.help(ui)
        elif kind == "title":
            ui.flow.to_title(ui)
        elif kind == "quit":
            ui.flow.quit(ui)
