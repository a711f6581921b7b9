"""`truce scenario new NAME [-o FILE] [--force]`: a commented template scenario to start from."""

from __future__ import annotations

import argparse
import os
import re
import sys

from game.cli.args import UsageError
from game.scenario.fields import ID_MAX, ID_PATTERN
from game.scenario.template import SCHEMA_NAME, template_text
from game.sim.scenarios import SHIPPED_DIR


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The new command's arguments."""
    parser.add_argument("name", metavar="NAME", help="the new scenario's id (e.g. my-summit)")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="where to write it (default: NAME.yaml here)")
    parser.add_argument("--force", action="store_true", help="overwrite FILE if it exists")


def check_name(name: str) -> str:
    """A scenario id, or UsageError saying what an id may hold."""
    if not re.fullmatch(ID_PATTERN, name) or len(name) > ID_MAX:
        stem = re.sub(r"\.ya?ml$", "", os.path.basename(name), flags=re.IGNORECASE)
        meant = re.sub(r"[^a-z0-9_-]+", "-", stem.lower()).strip("-_")
        hint = f"; try: truce scenario new {meant}" if meant and \
            re.fullmatch(ID_PATTERN, meant) and len(meant) <= ID_MAX else ""
        raise UsageError(f"NAME must be a scenario id (lowercase letters, digits, '-' and '_', "
                         f"starting with a letter or digit, at most {ID_MAX} characters), "
                         f"got {name!r}{hint}")
    return name


def run(args: argparse.Namespace) -> int:
    """Write the template (never over an existing file without --force)."""
    from game.cli.scenario import need_folder, wrote

    name = check_name(args.name)
    target = args.output or f"{name}.yaml"
    if os.path.isdir(target):
        target = os.path.join(target, f"{name}.yaml")
    need_folder(target)
    if os.path.exists(target) and not args.force:
        raise UsageError(f"{target} exists (use --force to overwrite it)")
    schema = SHIPPED_DIR / SCHEMA_NAME
    text = template_text(name, target, schema)
    if not wrote(target, text):
        return 1
    print(f"{target}: written (a playable format 2 template; next: truce scenario lint {target})")
    if not schema.is_file():
        print(f"truce: note: for editor checks run `truce scenario schema > {SCHEMA_NAME}` beside "
              "it", file=sys.stderr)
    return 0
