"""The `truce` command: one sub-command per module, each a thin shell over the core.

Each module in COMMANDS exposes ``register(subparsers)``, which adds its parser
and sets ``func(args) -> int`` as the default. Exit codes: 0 success, 1 the
operation failed (e.g. lint found problems), 2 bad input.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from game import __version__

COMMANDS = (
    "game.ui.play_command",  # play
    "game.sim.simulate_command",  # simulate, replay
    "game.sim.tournament_command",  # tournament
    "game.scenario.command",  # scenario validate|lint|new|schema
)


class UsageError(Exception):
    """Bad arguments or input found after parsing; exit code 2."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="truce",
        description="Truce: negotiate a US–China deal, then live with it.",
    )
    parser.add_argument("--version", action="version", version=f"truce {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as missing:
            if missing.name == name:  # not built yet; real import errors still surface
                continue
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
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
    except BrokenPipeError:
        return 0
