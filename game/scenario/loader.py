"""The one place scenario YAML is read: file -> Scenario, or every problem at once.

Stages: safe_yaml (bytes -> plain data with node positions; syntax problems stop
here), the pydantic models of game.scenario.format (types, ranges, unknown keys),
then game.scenario.checks (references and warnings). All problems of the last two
stages are reported together, each at the node it is about.
"""

from __future__ import annotations

import difflib
import os
import stat
from typing import Any

from pydantic import ValidationError

from game.core.scenario import Scenario
from game.scenario import checks, lookalikes, safe_yaml, versions
from game.scenario.format import ScenarioModel
from game.scenario.problems import Problem, ScenarioError, short
from game.scenario.versions import child, strip, tags

__all__ = ["Problem", "ScenarioError", "check_scenario", "load_scenario", "load_scenario_text"]

Path = tuple[Any, ...]
MAX_PROBLEMS = 200  # a hostile file could otherwise print one line per node


def read_file(path: str | os.PathLike[str]) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a regular file no larger than the cap (reads at most cap + 1 bytes)."""
    name = os.fspath(path)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; then only regular files pass.
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise IsADirectoryError("not a regular file")
            if info.st_size > safe_yaml.MAX_BYTES:  # report the real size, read nothing
                return None, [safe_yaml.too_large(name, info.st_size)]
            return handle.read(safe_yaml.MAX_BYTES + 1), []
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return None, [Problem(name, 1, 1, "error", f"cannot read file: {reason}", "io")]


def analyse(data: bytes | str, name: str) -> tuple[Scenario | None, list[Problem]]:
    """The scenario (None if any error) and every problem found, sorted by position."""
    scenario, problems, _ = analyse_tree(data, name)
    return scenario, problems


def analyse_tree(data: bytes | str, name: str) -> tuple[Scenario | None, list[Problem],
                                                       safe_yaml.Tree | None]:
    """As `analyse`, with the file's tree (its data and node positions; None when the YAML
    could not be read), so that later checks can place what they find."""
    tree = None
    try:
        tree, problems = safe_yaml.read(data, name)
        if tree is None:
            return None, problems, None
        model = None
        if not isinstance(tree.data, dict):
            line, col = tree.marks.get((), (1, 1))
            problems.append(
                Problem(
                    name,
                    line,
                    col,
                    "error",
                    "a scenario is a mapping of fields (schema_version: 1, ...)",
                    "type",
                )
            )
        else:
            try:
                model = ScenarioModel.model_validate(tree.data)
            except ValidationError as invalid:
                problems += _schema_problems(invalid, tree, name)
            findings = checks.check(tree.data) + versions.newer(tree.data)
            problems += [_place(f, tree, name) for f in findings]
    except Exception as exc:
        # A bug of ours must still surface as a ScenarioError, never as a crash.
        return None, [Problem(name, 1, 1, "error", f"internal error: {exc!r}", "internal")], tree
    problems = sorted(set(problems), key=lambda p: (p.line, p.col, p.severity, p.message))
    if len(problems) > MAX_PROBLEMS:
        rest = problems[MAX_PROBLEMS - 1]
        problems = problems[: MAX_PROBLEMS - 1] + [
            Problem(
                name,
                rest.line,
                rest.col,
                "error",
                f"{len(problems) - MAX_PROBLEMS + 1} more problems not shown",
                "too-many",
            )
        ]
    if model is None or any(p.is_error for p in problems):
        return None, problems, tree
    return model.to_core(), problems, tree


def load_scenario_text(text_or_bytes: bytes | str, name: str = "<scenario>") -> Scenario:
    """The scenario in this YAML text; raises ScenarioError listing every problem."""
    scenario, problems = analyse(text_or_bytes, name)
    if scenario is None:
        raise ScenarioError(problems)
    return scenario


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """The scenario in this YAML file; raises ScenarioError listing every problem."""
    data, problems = read_file(path)
    if data is None:
        raise ScenarioError(problems)
    return load_scenario_text(data, os.fspath(path))


def check_scenario(path: str | os.PathLike[str]) -> list[Problem]:
    """Every problem (errors and warnings) in this scenario file; never raises."""
    data, problems = read_file(path)
    if data is None:
        return problems
    return analyse(data, os.fspath(path))[1]


def analyse_file(path: str | os.PathLike[str]) -> tuple[Scenario | None, list[Problem]]:
    """The scenario (None when it has errors) and all its problems, for the command line."""
    data, problems = read_file(path)
    if data is None:
        return None, problems
    return analyse(data, os.fspath(path))


# --- mapping pydantic errors to nodes -------------------------------------------------


def _locate(loc: tuple[Any, ...]) -> tuple[Path, bool, Any]:
    """Data path of a pydantic error location, whether it is about a key, and the parent type."""
    tp: Any = ScenarioModel
    path: list[Any] = []
    parent: Any = None
    at_key = False
    for comp in loc:
        if comp == "[key]":
            at_key = True
            continue
        tp = strip(tp)
        members = tags(tp)
        if members and comp in members:
            tp = members[comp]
            continue
        parent = tp
        path.append(comp)
        tp = child(tp, comp)
    return tuple(path), at_key, parent


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing (null)"
    if isinstance(value, str):
        return f'text "{value[:40]}{"..." if len(value) > 40 else ""}"'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


def _too_long(value: Any, limit: Any) -> str:
    """An over-long id shown (shortened), with its length and the limit."""
    if not isinstance(value, str):
        return f"is too long (at most {limit} characters)"
    return f"'{short(value, 30)}' is too long ({len(value)} characters; at most {limit})"


def _share(ctx: dict, error: Any) -> str:
    """For a share from 0 to 1 (a probability, a rate, a trust) given as a percentage: how to
    write it."""
    value = error.get("input")
    if ctx.get("le") != 1 or not isinstance(value, int | float) or isinstance(value, bool):
        return ""
    percent = f": {value / 100:g} for {value:g}%" if value == int(value) and value <= 100 else ""
    return f" (a share from 0 to 1{percent})"


def _percent(value: Any) -> str:
    """For a percentage written as text (`40%`): the number to write."""
    if not isinstance(value, str) or not value.endswith("%"):
        return ""
    try:
        share = float(value[:-1]) / 100
    except ValueError:
        return ""
    return f" (write {share:g} for {value})"


def _message(error: Any, path: Path, parent: Any) -> str:
    kind, ctx, got = error["type"], error.get("ctx") or {}, _show(error.get("input"))
    key = path[-1] if path else ""
    if kind == "extra_forbidden":
        fields = list(getattr(parent, "model_fields", {}))
        close = _close(key, fields)
        hint = f"; did you mean '{close[0]}'?" if close else f" (expected: {', '.join(fields)})"
        if str(key).isdigit() and not close:  # `cn: 2,5`: YAML reads a decimal comma as a key
            hint += "; a decimal comma? write decimals with a point (2.5, not 2,5)"
        return f"unknown field '{short(key)}'{hint}"
    texts = {
        "missing": f"missing required field '{short(key)}'",
        "string_type": f"expected text, got {got}"
        + ("" if got.startswith(("a ", "nothing")) else " (put it in quotes)"),
        "int_type": f"expected a whole number, got {got}",
        "float_type": f"expected a number, got {got}" + _percent(error.get("input")),
        "bool_type": f"expected true or false, got {got}",
        "list_type": f"expected a list, got {got}",
        "dict_type": f"expected a mapping, got {got}",
        "model_type": f"expected a mapping, got {got}",
        "model_attributes_type": f"expected a mapping, got {got}",
        "literal_error": f"expected {ctx.get('expected')}, got {got}",
        "greater_than_equal": f"must be at least {ctx.get('ge')}, got {got}",
        "greater_than": f"must be more than {ctx.get('gt')}, got {got}",
        "less_than_equal": f"must be at most {ctx.get('le')}, got {got}" + _share(ctx, error),
        "less_than": f"must be less than {ctx.get('lt')}, got {got}",
        "too_short": f"needs at least {ctx.get('min_length')} item(s)",
        "too_long": f"allows at most {ctx.get('max_length')} item(s)",
        "string_too_short": "must not be empty",
        "string_too_long": _too_long(error.get("input"), ctx.get("max_length")),
        "string_pattern_mismatch": f"{got} is not a valid id: use lowercase letters, digits, "
        "'-' and '_', starting with a letter or digit",
        "union_tag_invalid": f"unknown kind '{short(ctx.get('tag'))}': expected one of "
        f"{ctx.get('expected_tags')}",
        "union_tag_not_found": "missing field 'kind' (what kind of condition or effect this is)",
        "finite_number": "must be a finite number",
    }
    return texts.get(kind, error.get("msg", "invalid value"))


_CODES = {
    "missing": "missing",
    "extra_forbidden": "unknown-field",
    "literal_error": "choice",
    "union_tag_invalid": "kind",
    "union_tag_not_found": "kind",
    "string_pattern_mismatch": "id",
    "schema_version": "version",
}
_RANGE = ("greater", "less", "too_", "string_too", "finite")


def _code(kind: str) -> str:
    if kind in _CODES:
        return _CODES[kind]
    return "range" if kind.startswith(_RANGE) else "type"


def _mark(tree: safe_yaml.Tree, path: Path, at_key: bool) -> tuple[int, int]:
    """Position of the node at path, of its key, or of its nearest existing ancestor."""
    if at_key and path in tree.key_marks:
        return tree.key_marks[path]
    for end in range(len(path), -1, -1):
        if path[:end] in tree.marks:
            return tree.marks[path[:end]]
    return 1, 1


def _misspelt(errors: list[Any]) -> set[Path]:
    """Paths of required fields that an unknown key in the same mapping is a typo of."""
    found = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            path, _, parent = _locate(error["loc"])
            fields = list(getattr(parent, "model_fields", {}))
            found.update((*path[:-1], f) for f in _close(path[-1], fields))
    return found


def _close(key: Any, fields: list[str]) -> list[str]:
    return difflib.get_close_matches(str(key), fields, n=1)


def _schema_problems(invalid: ValidationError, tree: safe_yaml.Tree, name: str) -> list[Problem]:
    problems = []
    errors = invalid.errors(include_url=False)
    misspelt = _misspelt(errors)
    for error in errors:
        path, at_key, parent = _locate(error["loc"])
        kind = error["type"]
        if path in tree.bad_paths and kind != "extra_forbidden":
            continue  # the YAML reader already explained this value (an unknown key is news)
        if kind == "missing" and path in misspelt:
            continue  # "unknown field 'titel'; did you mean 'title'?" says it all
        where = path[:-1] if kind in ("missing", "extra_forbidden") else path
        line, col = _mark(tree, path, at_key or kind == "extra_forbidden")
        if kind == "union_tag_invalid" and (*path, "kind") in tree.marks:
            line, col = tree.marks[(*path, "kind")]
        message = _message(error, path, parent)
        if kind in ("literal_error", "float_type", "int_type", "string_pattern_mismatch"):
            message += lookalikes.full_width(error.get("input"))
        if where:
            message = f"{safe_yaml.dotted(where)}: {message}"
        problems.append(Problem(name, line, col, "error", message, _code(kind)))
    return problems


def place(finding: checks.Finding, tree: safe_yaml.Tree, name: str) -> Problem:
    """The problem a finding makes, at the node (or key) its path names in the file."""
    return _place(finding, tree, name)


def _place(finding: checks.Finding, tree: safe_yaml.Tree, name: str) -> Problem:
    line, col = _mark(tree, finding.path, finding.at_key)
    where = finding.path[:-1] if finding.at_key else finding.path
    prefix = f"{safe_yaml.dotted(where)}: " if where else ""
    return Problem(name, line, col, finding.severity, prefix + finding.message, finding.code)
