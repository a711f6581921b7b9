"""Rewriting a version 1 scenario as version 2: the text is kept, comments and layout too.

Version 2 reads every version 1 file the same way, so the only change is the version number
itself, made where it is written. The result is checked: it must load, and to the same
scenario as the original apart from its version (so it plays the same games). A version 1
file that already uses fields new in version 2 is upgraded too (that is the fix its errors
suggest); it has no version 1 reading to compare with.
"""

from __future__ import annotations

import dataclasses

from game.scenario import safe_yaml
from game.scenario.loader import analyse, load_scenario_text
from game.scenario.problems import Problem, ScenarioError

BOM = "\ufeff"


class AlreadyCurrent(ValueError):
    """The file is already version 2: nothing to rewrite."""


def _index(text: str, line: int, col: int) -> int:
    """The character index of a 1-based (line, column), counting line breaks as YAML does."""
    start = 0
    for number, brk in enumerate(safe_yaml._BREAK.finditer(text), start=2):
        if number > line:
            break
        start = brk.end()
    return start + col - 1


def upgrade_text(data: bytes | str, name: str = "<scenario>") -> str:
    """The version 2 text of a version 1 scenario (ScenarioError if it is not a valid version 1
    file, apart from using what is new in version 2; AlreadyCurrent if it is version 2)."""
    original, problems = analyse(data, name)
    tree, _ = safe_yaml.read(data, name)
    if tree is not None and isinstance(tree.data, dict) and tree.data.get("schema_version") == 2:
        raise AlreadyCurrent(f"{name} is already version 2")
    blocking = [p for p in problems if p.is_error and not (p.code == "version" and "is new in "
                                                           "format 2" in p.message)]
    if blocking or tree is None or not isinstance(tree.data, dict):
        raise ScenarioError(blocking or problems)
    text, _ = safe_yaml.decode(data, name)
    assert text is not None  # it was read above
    line, col = tree.marks[("schema_version",)]
    at = _index(text, line, col)
    if text[at:at + 1] != "1":  # written some other way (quoted, in a flow mapping...)
        raise ScenarioError([Problem(name, line, col, "error", "cannot find the version "
                                     "number to rewrite: write it as schema_version: 1",
                                     "version")])
    upgraded = text[:at] + "2" + text[at + 1:]
    if isinstance(data, str) and data.startswith(BOM) or isinstance(data, bytes) \
            and data.startswith(BOM.encode()):
        upgraded = BOM + upgraded
    again = load_scenario_text(upgraded, name)
    if original is not None and dataclasses.replace(again, schema_version=1) != original:
        # a bug of ours, never silent
        raise ScenarioError([Problem(name, line, col, "error", "the upgraded scenario differs "
                                     "from the original", "internal")])
    return upgraded
