"""`truce scenario validate FILE... [--strict]` and `truce scenario schema`."""

from __future__ import annotations

import argparse
import sys

from game.scenario.loader import analyse_file
from game.scenario.schema import schema_text


def _validate(args: argparse.Namespace) -> int:
    """Print every problem to stderr and an ok line per valid file; 2 if any file fails."""
    failed = False
    for path in args.files:
        scenario, problems = analyse_file(path)
        for problem in problems:
            print(problem, file=sys.stderr)
        warnings = sum(not p.is_error for p in problems)
        if scenario is None or (args.strict and warnings):
            failed = True
            continue
        extra = f", {warnings} warning{'s' * (warnings != 1)}" if warnings else ""
        print(f"{path}: ok ({len(scenario.issues)} issues, {len(scenario.events)} events{extra})")
    return 2 if failed else 0


def _schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of the scenario format."""
    sys.stdout.write(schema_text())
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `scenario` with its `validate` and `schema` sub-commands."""
    parser = subparsers.add_parser(
        "scenario", help="check scenario files, print the scenario JSON Schema"
    )
    sub = parser.add_subparsers(dest="scenario_command", metavar="ACTION")
    parser.set_defaults(func=lambda _args: parser.print_help() or 2)

    validate = sub.add_parser("validate", help="check scenario files; exit 2 if any is invalid")
    validate.add_argument("files", nargs="+", metavar="FILE", help="scenario YAML files")
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors")
    validate.set_defaults(func=_validate)

    schema = sub.add_parser("schema", help="print the JSON Schema of scenario files")
    schema.set_defaults(func=_schema)
