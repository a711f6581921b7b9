"""Characters that look like YAML's punctuation but are not: a syntax error explained at them.

A Chinese input method types a full-width colon or comma (`：`, `，`), a word processor turns
`- ` into an en dash and quotes into typographic ones, and a hurried author writes `-id:` or
`label:"..."`. YAML reads all of these as text, so the error it reports comes later or in
other words. When a syntax error stops reading, the line it stopped on and the line above are
searched for such a character where YAML expects punctuation (never inside quotes or comments,
so Chinese text in a label stays what it is).
"""

from __future__ import annotations

import re

from game.scenario.problems import Problem, short

_FULL_WIDTH = {
    "：": ("a full-width colon", ":"), "，": ("a full-width comma", ","),
    "｛": ("a full-width brace", "{"), "｝": ("a full-width brace", "}"),
    "［": ("a full-width bracket", "["), "］": ("a full-width bracket", "]"),
    "、": ("an ideographic comma", ","),
}
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212\uff0d"  # hyphens, dashes, minus signs
_DASH_NAMES = {"\u2013": "an en dash", "\u2014": "an em dash", "\u2212": "a minus sign",
               "\uff0d": "a full-width hyphen"}
_LOOKALIKE_ITEM = re.compile(f"^([ ]*)([{_DASHES}])[ ]")
_ITEM_WITHOUT_SPACE = re.compile(r"^([ ]*)-([A-Za-z_][A-Za-z0-9_-]*)\s*:")
_KEY = r"[A-Za-z_][A-Za-z0-9_-]*"
_KEY_WITHOUT_SPACE = re.compile(rf"^([ ]*(?:-[ ]+)?)({_KEY}):([^\s:/].*)$")
_FULL_WIDTH_KEY = re.compile(rf"^[ ]*(?:-[ ]+)?{_KEY}[ ]*(：)")
_TYPE_IT = "type it with the keyboard in English (ASCII) mode"


def _in_flow(row: str) -> list[int]:
    """Indexes of full-width punctuation inside a `{...}` or `[...]` on the row, or opening
    one as a value (quoted text and comments skipped)."""
    found: list[int] = []
    depth, quote, value_start = 0, "", False
    for i, c in enumerate(row):
        if quote:
            quote = "" if c == quote else quote
            continue
        before = row[i - 1] if i else " "
        if c in "\"'" and before in " \t[{,:":
            quote = c
        elif c == "#" and before in " \t":
            break
        elif c in "{[":
            depth += 1
        elif c in "}]":
            depth = max(depth - 1, 0)
        elif c in _FULL_WIDTH and (depth or (value_start and c in "｛［")):
            found.append(i)
        if c not in " \t":
            value_start = c == ":" or (c == "-" and not row[:i].strip())
    return found


def _row_problem(row: str, line: int, name: str) -> Problem | None:
    """The first look-alike on one row where YAML expects punctuation (None: there is none)."""
    dash = _LOOKALIKE_ITEM.match(row)
    if dash:
        char = dash.group(2)
        what = _DASH_NAMES.get(char, "a dash")
        return Problem(name, line, len(dash.group(1)) + 1, "error",
                       f"this list item starts with {what} (U+{ord(char):04X}), which YAML reads "
                       f"as text: start it with '-' (the ASCII hyphen) and a space", "lookalike")
    item = _ITEM_WITHOUT_SPACE.match(row)
    if item:
        return Problem(name, line, len(item.group(1)) + 1, "error",
                       f"a list item needs a space after its '-': write '- {item.group(2)}:'",
                       "lookalike")
    colon = _FULL_WIDTH_KEY.match(row)
    flow = _in_flow(row)
    index = colon.start(1) if colon else flow[0] if flow else -1
    if index >= 0:
        what, ascii_char = _FULL_WIDTH[row[index]]
        return Problem(name, line, index + 1, "error",
                       f"'{row[index]}' is {what} (U+{ord(row[index]):04X}), which YAML reads "
                       f"as text: write '{ascii_char}' instead ({_TYPE_IT})", "lookalike")
    glued = _KEY_WITHOUT_SPACE.match(row.split(" #", 1)[0].rstrip())
    if glued:
        fixed = short(f"'{glued.group(2)}: {glued.group(3)}'", 60)
        return Problem(name, line, len(glued.group(1)) + len(glued.group(2)) + 1, "error",
                       f"YAML needs a space after the colon that ends a key: write {fixed}",
                       "colon")
    return None


def full_width(value: object) -> str:
    """A hint for text that holds full-width letters, digits or punctuation where YAML or the
    format wanted ASCII (empty if it holds none)."""
    if not isinstance(value, str):
        return ""
    char = next((c for c in value if "\uff01" <= c <= "\uff5e" or c == "、"), "")
    if not char:
        return ""
    ascii_char = "," if char == "、" else chr(ord(char) - 0xFEE0)
    return f" ('{char}' is full-width: write '{ascii_char}', {_TYPE_IT})"


_TYPOGRAPHIC = {"“": "”", "‘": "’", "「": "」", "『": "』", "«": "»"}


def typographic_quote(text: str) -> str | None:
    """The text with straight quotes if it is wrapped in typographic ones (None if it is not):
    YAML reads “...” as text, quotes and all."""
    if text[:1] in _TYPOGRAPHIC and text.endswith(_TYPOGRAPHIC[text[0]]) and len(text) > 1:
        return '"' + text[1:-1].replace("\\", "\\\\").replace('"', '\\"') + '"'
    return None


def explain(text: str, line: int, name: str) -> Problem | None:
    """A look-alike of YAML's punctuation on the error's line or the line above it (None if
    neither holds one)."""
    rows = text.splitlines()
    if not 1 <= line <= len(rows):
        return None
    above = next((n for n in range(line - 1, 0, -1) if rows[n - 1].strip()
                  and not rows[n - 1].lstrip().startswith("#")), 0)
    for number in (line, above):
        if number:
            found = _row_problem(rows[number - 1], number, name)
            if found is not None:
                return found
    return None
