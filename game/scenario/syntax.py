"""YAML syntax errors explained where the author must fix them, not where PyYAML noticed.

PyYAML reports an unclosed `{` or `[` at the line after it, an unclosed quote at the end of
the file (or wherever the next quote happens to close it), and `label: Yes: we can` as
"mapping values are not allowed". These read the error and the text again and point at the
bracket, the quote or the text to quote; indentation with a non-breaking space (which YAML
reads as text, so the line silently joins its parent) is found before parsing.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from game.scenario.problems import Problem, short

_UNICODE_SPACES = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_SPACE_IN_INDENT = re.compile(f"^[ \\t]*([{_UNICODE_SPACES}])", re.MULTILINE)
_SPACE_NAMES = {"\u00a0": "a non-breaking space", "\u202f": "a narrow non-breaking space",
                "\u3000": "an ideographic space"}
# `key: value` at the start of a line (optionally a list item): what a runaway quote swallows
_KEY_LINE = re.compile(r"^\s*(?:-\s+)?[A-Za-z0-9_][A-Za-z0-9_-]*\s*:(?:\s|$)")
# `key: text` (optionally `- key: text`): where a plain text value starts on its line
_VALUE = re.compile(r"^(\s*(?:-\s+)*[^\s:#'\"{}\[\],][^:#]*?:[ \t]+)(\S)")
_OPENERS = {"{": "}", "[": "]"}


def _mark(mark: Any) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def spaces_in_indentation(text: str, name: str) -> list[Problem]:
    """Lines indented with a Unicode space (a non-breaking space, ...), which YAML reads as
    text: each is an error at that space."""
    problems = []
    for found in _SPACE_IN_INDENT.finditer(text):
        index = found.start(1)
        line = text.count("\n", 0, index) + 1
        col = index - (text.rfind("\n", 0, index) + 1) + 1
        char = found.group(1)
        what = _SPACE_NAMES.get(char, "a Unicode space")
        problems.append(Problem(
            name, line, col, "error",
            f"the indentation holds {what} (U+{ord(char):04X}), which YAML reads as text, not "
            "indentation: indent with ordinary spaces", "indent"))
    return problems


def _closing(text: str, start: int) -> int | None:
    """Index of the bracket closing the one at `start` (quotes and comments skipped), or None
    if it is never closed (or a bracket of the other kind closes first)."""
    stack: list[str] = []
    i, n = start, len(text)
    while i < n:
        c = text[i]
        if c in "\"'" and (i == start or text[i - 1] in " \t\n[{,:"):
            end = text.find(c, i + 1)
            while c == '"' and end > 0 and text[end - 1] == "\\":
                end = text.find(c, end + 1)
            if end < 0:
                return None
            i = end + 1
            continue
        if c == "#" and (i == 0 or text[i - 1] in " \t\n"):
            newline = text.find("\n", i)
            i = n if newline < 0 else newline
            continue
        if c in _OPENERS:
            stack.append(_OPENERS[c])
        elif c in "}]":
            if not stack or stack.pop() != c:
                return None
            if not stack:
                return i
        i += 1
    return None


def _runaway_quote(text: str, loader: Any, error_line: int) -> Any:
    """The mark of a quote opened before the error that runs on over lines that look like
    keys (None if there is none)."""
    found = None
    try:
        for token in yaml.scan(text, Loader=loader):
            if token.start_mark.line + 1 > error_line:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'") \
                    and token.end_mark.line > token.start_mark.line:
                inner = text[token.start_mark.index:token.end_mark.index].splitlines()[1:]
                if any(_KEY_LINE.match(row) for row in inner):
                    found = token.start_mark
    except yaml.YAMLError:
        pass
    return found


def _colon_in_text(text: str, line: int, name: str) -> Problem | None:
    """`label: Yes: we can`: the value's start, with the hint to quote it."""
    rows = text.splitlines()
    if not 1 <= line <= len(rows):
        return None
    row = rows[line - 1]
    value = _VALUE.match(row)
    if value is None:
        return None
    start = value.start(2)
    rest = row[start:].split(" #", 1)[0].rstrip()
    quoted = '"' + rest.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return Problem(
        name, line, start + 1, "error",
        f"this text holds ': ' (a colon and a space), which YAML reads as the start of another "
        f"key: put the whole text in quotes, {short(quoted, 60)}", "colon")


def explain(exc: yaml.YAMLError, text: str, name: str, loader: Any) -> Problem | None:
    """A clearer problem for a syntax error that PyYAML reports away from its cause (None: the
    library's own message and place are right)."""
    problem = str(getattr(exc, "problem", "") or "")
    context = str(getattr(exc, "context", "") or "")
    mark = getattr(exc, "problem_mark", None)
    opened = getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else 0
    if "mapping values are not allowed" in problem and mark is not None:
        return _colon_in_text(text, line, name)
    if context == "while scanning a quoted scalar" and opened is not None:
        quote = text[opened.index] if opened.index < len(text) else '"'
        return Problem(name, *_mark(opened), "error",
                       f"the quote ({quote}) opened here is never closed: close it on this line",
                       "unclosed")
    if context.startswith("while parsing a flow") and opened is not None:
        bracket = text[opened.index] if opened.index < len(text) else "{"
        if _closing(text, opened.index) is None:
            return Problem(name, *_mark(opened), "error",
                           f"the '{bracket}' opened here is never closed: add "
                           f"'{_OPENERS.get(bracket, '}')}' where its items end", "unclosed")
        where = f"in the '{bracket}' opened at line {opened.line + 1}, column {opened.column + 1}"
        return Problem(name, *_mark(mark), "error",
                       f"YAML syntax: {problem} ({where}; is a comma missing?)", "syntax")
    if mark is not None:
        runaway = _runaway_quote(text, loader, line)
        if runaway is not None:
            quote = text[runaway.index]
            return Problem(name, *_mark(runaway), "error",
                           f"the quote ({quote}) opened here runs on over the next lines: close "
                           "it on this line", "unclosed")
    return None

