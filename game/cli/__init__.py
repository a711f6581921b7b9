"""The `truce` command: one sub-command per module under game.cli, each a thin shell.

Each module in COMMANDS exposes ``register(subparsers)``, which adds its parser
and sets ``func(args) -> int`` as the default; the modules are imported only when the
command line starts, and they take their shared helpers from the leaf module
game.cli.args (never from here). Exit codes: 0 success, 1 the operation failed (e.g.
lint found problems), 2 bad input.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import importlib
import sys
import textwrap
from typing import NoReturn

from game import __version__
from game.cli.args import (  # noqa: F401 - documented here: game.cli.seed_number, ...
    SEED_MAX,
    UsageError,
    seed_number,
    whole_number,
)
from game.output import GuardedStream, OutputFailed, silence_stdout, tolerate_narrow_encodings

COMMANDS = (
    "game.cli.play",  # play
    "game.cli.simulate",  # simulate, replay
    "game.cli.tournament",  # tournament
    "game.cli.scenario",  # scenario validate|lint|new|schema
)


COMMAND_NAMES = {  # what each module adds, so a module that fails to import can be named
    "game.cli.play": ("play",),
    "game.cli.simulate": ("simulate", "replay"),
    "game.cli.tournament": ("tournament",),
    "game.cli.scenario": ("scenario",),
}


class WholeWords(argparse.HelpFormatter):
    """Help text wrapped between words only, so an agent name (`always-comply`) is never cut."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)


class CommandParser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line naming the command and its --help
    (argparse's own print the whole usage first); its sub-commands' parsers are of this class
    too."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", WholeWords)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _parser() -> tuple[argparse.ArgumentParser, dict[str, str]]:
    """The parser, and the commands whose module failed to import (name -> one-line reason)."""
    parser = CommandParser(
        prog="truce",
        description="Truce: negotiate a US–China deal, then live with it.",
    )
    parser.add_argument("--version", action="version", version=f"truce {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    broken: dict[str, str] = {}
    for name in COMMANDS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as missing:
            if missing.name == name:  # not built yet
                continue
            reason = f"{type(missing).__name__}: {missing}"
        except Exception as failure:  # a broken module must not take the other commands down
            reason = f"{type(failure).__name__}: {failure}"
        else:
            module.register(sub)
            continue
        for command in COMMAND_NAMES.get(name, ()):
            broken[command] = f"{name}: {reason}"
            sub.add_parser(command, help="(unavailable: this installation is broken)")
    return parser, broken


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    Output that cannot be written (a closed stdout, a full disk) is one line on stderr and
    exit code 1, whatever the command; a reader that stops reading (`truce ... | head -1`)
    is not an error: the command ends quietly with exit code 0.
    """
    if sys.stdout is None:  # fd 1 was closed when Python started: print would do nothing
        say_error("cannot write the output: standard output is closed")
        return 1
    tolerate_narrow_encodings()
    shown = sys.stdout
    sys.stdout = GuardedStream(shown)
    try:
        code = run_command(argv)
        sys.stdout.flush()
        return code
    except OutputFailed as failure:
        silence_stdout()
        say_error(f"cannot write the output: {failure}")
        return 1
    except BrokenPipeError:
        silence_stdout()
        return 0
    finally:
        sys.stdout = shown


def say_error(message: str) -> None:
    """`truce: error: MESSAGE` on stderr, if there is a stderr to say it on."""
    if sys.stderr is not None:
        with contextlib.suppress(OSError, ValueError):
            print(f"truce: error: {message}", file=sys.stderr)


def run_command(argv: list[str] | None) -> int:
    """Parse the arguments and run the command; usage errors and Ctrl-C become exit codes."""
    argv = sys.argv[1:] if argv is None else list(argv)
    parser, broken = _parser()
    if argv and argv[0] in broken:
        print(f"truce: error: the {argv[0]} command cannot start ({broken[argv[0]]})",
              file=sys.stderr)
        return 1
    try:
        args, extra = parser.parse_known_args(argv)
        if extra:
            _command_parser(parser, args).error(unknown_arguments(extra, parser, args))
    except SystemExit as done:  # --help, --version, or a usage error argparse has printed
        return done.code if isinstance(done.code, int) else 0 if done.code is None else 2
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except UsageError as problem:
        print(f"truce: error: {problem}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\ntruce: interrupted", file=sys.stderr)
        return 130


def _command_parser(parser: argparse.ArgumentParser,
                    args: argparse.Namespace) -> argparse.ArgumentParser:
    """The parser of the (sub-)command the arguments chose, e.g. `truce scenario lint`'s."""
    for name in (getattr(args, "command", None), getattr(args, "scenario_command", None)):
        chosen = _choices(parser).get(name) if name else None
        if chosen is None:
            break
        parser = chosen
    return parser


def _choices(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:  # argparse keeps its sub-commands only here
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def unknown_arguments(extra: list[str], parser: argparse.ArgumentParser,
                      args: argparse.Namespace) -> str:
    """'unrecognized arguments: --txt; did you mean --text?': what the command did not take,
    with the nearest option it has when the first looks like a misspelt one."""
    message = f"unrecognized arguments: {' '.join(extra)}"
    if extra[0].startswith("--"):
        options = [option for action in _command_parser(parser, args)._actions
                   for option in action.option_strings if option.startswith("--")]
        near = difflib.get_close_matches(extra[0].split("=", 1)[0], options, n=1)
        if near:
            message += f"; did you mean {near[0]}?"
    return message
