"""`truce scenario validate FILE... [--strict]`, `lint FILE... [--balance N]`, `new NAME`,
`schema` and `upgrade FILE [-o OUT]`."""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import stat
import sys
import tempfile

from game.cli.args import UsageError
from game.scenario.loader import analyse_file, read_file
from game.scenario.problems import ScenarioError
from game.scenario.schema import schema_text
from game.scenario.upgrade import AlreadyCurrent, upgrade_text
from game.words import count


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
        extra = f", {count(warnings, 'warning')}" if warnings else ""
        print(f"{path}: ok ({count(len(scenario.issues), 'issue')}, "
              f"{count(len(scenario.events), 'event')}{extra})")
    return 2 if failed else 0


def _schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of the scenario format."""
    sys.stdout.write(schema_text())
    return 0


def _upgrade(args: argparse.Namespace) -> int:
    """Rewrite a version 1 file as version 2 (in place, or to OUT; `-o -` prints it)."""
    _never_over_another(args.file, args.output, args.force)
    if args.output and args.output != "-":
        need_folder(args.output)
    data, problems = read_file(args.file)
    try:
        if data is None:
            raise ScenarioError(problems)
        text = upgrade_text(data, args.file)
    except ScenarioError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 2
    except AlreadyCurrent as current:  # OUT still gets the scenario, as it is
        out = args.output or args.file
        if out == args.file:
            print(f"{current}: nothing to do")
            return 0
        text = data.decode("utf-8") if isinstance(data, bytes) else str(data)  # it was read
        if out == "-":
            print(f"truce: note: {current}: printed as it is", file=sys.stderr)
            sys.stdout.write(text)
            return 0
        if not wrote(out, text):
            return 1
        print(f"{current}: copied to {out} as it is")
        return 0
    out = args.output or args.file
    if out == "-":
        sys.stdout.write(text)
        return 0
    if not wrote(out, text):
        return 1
    print(f"{out}: upgraded to version 2 (same scenario, comments kept)")
    return 0


def _never_over_another(source: str, out: str | None, force: bool) -> None:
    """OUT, when it is another file that exists, is kept unless --force (as `scenario new`
    does): upgrading one scenario must not overwrite a second one by a slip of the -o."""
    if not out or out == "-" or force or not os.path.isfile(out):
        return
    with contextlib.suppress(OSError):
        if os.path.samefile(source, out):
            return
    raise UsageError(f"{out} exists (use --force to overwrite it, or -o with a new file name)")


def write_whole(path: str, text: str) -> None:
    """Write a file whole or not at all (a temporary file renamed into place), keeping what
    the path was: a link is written through, an existing file keeps its permissions (a new one
    gets the usual ones), and a device or pipe (`-o /dev/stdout`) is written to, never
    replaced."""
    real = os.path.realpath(path)
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
        with open(real, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        return
    folder = os.path.dirname(real)
    handle, temporary = tempfile.mkstemp(prefix=".truce-", suffix=".yaml", dir=folder)
    try:
        os.chmod(temporary, stat.S_IMODE(mode) if mode is not None else 0o666 & ~_umask())
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, real)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _umask() -> int:
    """The process's file-creation mask (read by setting it, then put back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def need_folder(path: str) -> None:
    """An output path in a folder that does not exist is a slip of the command line (exit 2),
    said before anything is read or written."""
    folder = os.path.dirname(path)
    if folder and not os.path.isdir(folder):
        raise UsageError(f"cannot write {path}: there is no folder {folder} (create it first, "
                         "or give another path)")


def wrote(path: str, text: str) -> bool:
    """Write a file whole (write_whole); False after one line on stderr saying why not."""
    try:
        write_whole(path, text)
    except OSError as problem:
        print(f"truce: error: cannot write {path}: {problem.strerror or problem}",
              file=sys.stderr)
        return False
    return True


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `scenario` with its `validate`, `lint`, `new`, `schema` and `upgrade` sub-commands."""
    from game.cli.scenario_lint import add_arguments as lint_arguments
    from game.cli.scenario_lint import run as lint_run
    from game.cli.scenario_new import add_arguments as new_arguments
    from game.cli.scenario_new import run as new_run

    parser = subparsers.add_parser(
        "scenario", help="write, check, lint and upgrade scenario files; print the JSON Schema"
    )
    sub = parser.add_subparsers(dest="scenario_command", metavar="ACTION")
    parser.set_defaults(func=lambda _args: parser.print_help() or 2)

    validate = sub.add_parser("validate", help="check scenario files; exit 2 if any is invalid")
    validate.add_argument("files", nargs="+", metavar="FILE", help="scenario YAML files")
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors")
    validate.set_defaults(func=_validate)

    lint = sub.add_parser(
        "lint", help="find design problems a schema cannot see; --balance N plays AI games",
        description="Design problems a schema cannot see, one a line (FILE:LINE:COL: "
        "severity: message [CODE]); exit 2 if a file does not load, 1 on errors (or, with "
        "--strict, warnings), else 0.")
    lint_arguments(lint)
    lint.set_defaults(func=lint_run)

    new = sub.add_parser("new", help="write a commented template scenario to start from")
    new_arguments(new)
    new.set_defaults(func=new_run)

    schema = sub.add_parser("schema", help="print the JSON Schema of scenario files")
    schema.set_defaults(func=_schema)

    upgrade = sub.add_parser(
        "upgrade", help="rewrite a version 1 scenario as version 2, keeping its comments"
    )
    upgrade.add_argument("file", metavar="FILE", help="a version 1 scenario YAML file")
    upgrade.add_argument("-o", "--output", metavar="OUT",
                         help="write here instead of rewriting FILE ('-' prints it)")
    upgrade.add_argument("--force", action="store_true",
                         help="overwrite OUT if it is another file that exists")
    upgrade.set_defaults(func=_upgrade)
