"""Plain-text prompts for the terminal game: numbered menus, one thing per line.

No colour codes or cursor tricks, only ``input()`` and ``print()``, so the
game reads the same through a screen reader, over SSH or from a script.
Every prompt also understands a few words (help, quit and the game's own
commands such as ``brief`` or ``ledger``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from game.ui.text_layout import width, wrap

WIDTH = 79  # wrap long lines for terminals; screen readers read the pieces in order


class QuitRequested(Exception):
    """The player typed ``quit`` at a prompt."""


@dataclass
class Command:
    """A word the player may type at any prompt instead of a number."""

    description: str
    run: Callable[[], None]


def read_line(prompt: str) -> str:
    """`input()`, where a standard input closed before the game started (`truce play <&-`)
    is the end of input, as Ctrl-D is."""
    if sys.stdin is None:
        raise EOFError
    return input(prompt)


@dataclass
class Console:
    """Reads answers and writes lines; swap read/write to drive the game from a test."""

    read: Callable[[str], str] = read_line
    write: Callable[[str], None] = print
    commands: dict[str, Command] = field(default_factory=dict)
    width: int = WIDTH

    def say(self, *lines: str) -> None:
        """Print each line on its own line, wrapped at the console width."""
        for line in lines:
            for part in line.split("\n"):
                self.write(self.wrap(part))

    def wrap(self, line: str) -> str:
        """A long line broken by display width, continuation lines indented under its text
        (under the text of a numbered choice, two columns in for an indented line)."""
        if width(line) <= self.width:
            return line
        indent = " " * (len(line) - len(line.lstrip()))
        if line.lstrip()[:1].isdigit() and ". " in line[:8]:
            indent = " " * (line.index(". ") + 2)
        elif indent:
            indent += "  "
        return "\n".join(wrap(line, self.width, indent))

    def blank(self) -> None:
        """An empty line between blocks."""
        self.write("")

    def heading(self, title: str) -> None:
        """A block title with a blank line before it."""
        self.write("")
        self.write(f"== {title} ==")

    def choose(
        self,
        question: str | Sequence[str],
        choices: Sequence[str],
        default: int | None = None,
        shown: bool = False,
    ) -> int:
        """Ask for one of the numbered choices; returns its 0-based index.

        The question may be several lines (a table's headings last); `shown` says the
        choices are on screen just above, so only the question is printed. Invalid answers
        re-prompt with a reason; help and the registered commands run and ask again (with
        the choices); ``quit`` raises QuitRequested; end of input raises EOFError.
        """
        if not choices:
            raise ValueError("choose() needs at least one choice")
        if shown:
            self.say(*([question] if isinstance(question, str) else question))
        else:
            self.menu(question, choices)
        hint = f"1-{len(choices)}" if len(choices) > 1 else "1"
        if default is not None:
            hint += f", Enter for {default + 1}"
        while True:
            answer = self.read(f"Choose {hint} (or help): ").strip().lower()
            if not answer and default is not None:
                return default
            number = choice_number(answer)
            if number is not None and 1 <= number <= len(choices):
                return number - 1
            if self._run_word(answer, question, choices):
                continue
            self.write(self._reason(answer, len(choices)))

    def _run_word(self, answer: str, question, choices: Sequence[str]) -> bool:
        """Run a typed word; True if it was one (the caller then asks again)."""
        if answer in ("quit", "exit", "q"):
            raise QuitRequested
        if answer in ("help", "h", "?"):
            self._help(question, choices)
            return True
        command = self.commands.get(answer)
        if command is None:
            return False
        command.run()
        self.menu(question, choices)
        return True

    def _help(self, question, choices: Sequence[str]) -> None:
        self.write("Type the number of a choice and press Enter. You can also type:")
        self.write("  help: this list")
        for word, command in self.commands.items():
            self.write(f"  {word}: {command.description}")
        self.write("  quit: stop playing (the game is saved so you can resume it)")
        self.menu(question, choices)

    def menu(self, question: str | Sequence[str], choices: Sequence[str]) -> None:
        """The question and its numbered choices, numbers aligned (1. to 10. and on)."""
        self.say(*([question] if isinstance(question, str) else question))
        digits = len(str(len(choices)))
        self.say(*(f"  {f'{n}.':>{digits + 1}} {text}" for n, text in enumerate(choices, 1)))

    @staticmethod
    def _reason(answer: str, count: int) -> str:
        if not answer:
            return f"Please type a number from 1 to {count}."
        shown = answer if len(answer) <= 20 else answer[:17] + "..."
        if answer.lstrip("-").isdecimal():
            return f"{shown} is not one of the choices: type a number from 1 to {count}."
        return f"{shown!r} is not a choice or a command: type a number from 1 to {count}, or help."


def choice_number(answer: str) -> int | None:
    """The number typed, if the answer is one: decimal digits of any script (a full-width
    '２' from a Chinese input method counts; a superscript '²' does not), at most nine."""
    if not answer.isdecimal() or len(answer) > 9:
        return None
    return int(answer)
