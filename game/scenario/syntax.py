"""YAML syntax errors explained where the author must fix them, not where PyYAML noticed.

PyYAML reports an unclosed `{` or `[` at the line after it (or, with a `>-` text later, as
a character that cannot start a token), an unclosed quote at the end of the file (or wherever
the next quote happens to close it), `label: Yes: we can` as "mapping values are not allowed"
and a key indented one space too far or too little in the words of its parser. These read the
error and the text again and point at the bracket, the quote, the text to quote or the line
to indent; indentation with a non-breaking space (which YAML reads as text, so the line
silently joins its parent) is found before parsing.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from game.scenario import lookalikes
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
# the text before the colon PyYAML stopped at is the line's own key: `   label` or `  - id`
_OWN_KEY = re.compile(r"^\s*(?:-\s+)*[^\s:#'\"{}\[\],][^:#]*$")
_BLOCK_OPEN = {yaml.BlockMappingStartToken: "keys", yaml.BlockSequenceStartToken: "items"}


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
    if row[start] in "\"'":  # already quoted: a colon after the closing quote is the slip
        close = row.find(row[start], start + 1)
        if close > 0 and row[close + 1:].lstrip().startswith(":"):
            colon = row.index(":", close + 1)
            return Problem(name, line, colon + 1, "error", "a ':' after the closing quote makes "
                           "the quoted text a key: remove it, or move it inside the quotes",
                           "colon")
        return None
    rest = row[start:].split(" #", 1)[0].rstrip()
    quoted = '"' + rest.replace("\\", "\\\\").replace('"', '\\"') + '"'
    straight = lookalikes.typographic_quote(rest)
    if straight is not None:
        return Problem(
            name, line, start + 1, "error",
            f"this text is in typographic quotes ({rest[0]} {rest[-1]}), which YAML reads as "
            f"text, so its ': ' starts another key: use straight quotes, {short(straight, 60)}",
            "colon")
    return Problem(
        name, line, start + 1, "error",
        f"this text holds ': ' (a colon and a space), which YAML reads as the start of another "
        f"key: put the whole text in quotes, {short(quoted, 60)}", "colon")


# a line's own text where a key was expected: `publisher The White House`, `- id president`
_KEY_START = re.compile(r"^([ \t]*(?:-[ \t]+)*)([A-Za-z0-9_][A-Za-z0-9_-]*)(?:[ \t]+(.*?))?\s*$")


_SEPARATOR = re.compile(r":(?:[ \t]|$)")  # what ends a key on its line


def _no_colon(text: str, line: int, col: int, name: str) -> Problem | None:
    """A line where a key was due that holds no colon: a key whose ':' was left out, or text
    that goes on from the line above without being indented under it (None if the line does
    hold a colon that ends a key: something else is wrong there)."""
    rows = text.splitlines()
    if not 1 <= line <= len(rows) or _SEPARATOR.search(rows[line - 1].split(" #", 1)[0]):
        return None
    found = _KEY_START.match(rows[line - 1].split(" #", 1)[0])
    if found is None:
        return Problem(name, line, col, "error", "YAML expected a key here, but this line has no "
                       "': ' (a colon and a space) after one: write 'key: value'", "colon")
    key, rest = found.group(2), found.group(3)
    fixed = short(f"'{key}: {rest}'" if rest else f"'{key}: ' and its value", 60)
    col = max(col, len(found.group(1)) + 1)
    above = next((n for n in range(line - 1, 0, -1) if rows[n - 1].strip()), 0)
    text_above = _VALUE.match(rows[above - 1]) if above else None
    if rest and "-" not in found.group(1) and text_above is not None \
            and text_above.group(2) not in "\"'|>" \
            and len(rows[above - 1]) - len(rows[above - 1].lstrip(" ")) == col - 1:
        owner = rows[above - 1].split(":", 1)[0].strip().lstrip("- ")
        return Problem(name, line, col, "error",
                       f"this line has no colon: if it goes on with the text of line {above}, "
                       f"indent it further than '{owner}'; if it is a key, write {fixed}",
                       "colon")
    return Problem(name, line, col, "error", f"this line has no colon after its key: write "
                   f"{fixed}", "colon")


def _item_without_colon(text: str, line: int, name: str) -> Problem | None:
    """`- id president` above `  title: President`: the list item's first key lost its colon,
    so the keys under it seem indented too far (None if the line above is not such an item)."""
    rows = text.splitlines()
    above = next((n for n in range(line - 1, 0, -1) if rows[n - 1].strip()
                  and not rows[n - 1].lstrip().startswith("#")), 0)
    if not above or not 1 <= line <= len(rows):
        return None
    item = re.match(r"^([ \t]*-[ \t]+)\S", rows[above - 1])
    indent = len(rows[line - 1]) - len(rows[line - 1].lstrip(" "))
    if item is None or len(item.group(1)) != indent:
        return None
    return _no_colon(text, above, len(item.group(1)) + 1, name)


def _tokens_before(text: str, loader: Any, line: int) -> list[Any]:
    """The tokens that start before `line` (1-based), as far as the scanner gets."""
    tokens = []
    try:
        for token in yaml.scan(text, Loader=loader):
            if token.start_mark.line + 1 >= line:
                break
            tokens.append(token)
    except yaml.YAMLError:
        pass
    return tokens


def _unclosed_flow(text: str, loader: Any, mark: Any) -> Any:
    """The mark of a `[` or `{` still open where the scanner stopped and never closed after
    (None if there is none): a `>-` text inside it reads as a bad character, not as an
    unclosed bracket."""
    opened: list[Any] = []
    try:
        for token in yaml.scan(text, Loader=loader):
            if token.start_mark.index >= mark.index:
                break
            if isinstance(token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)):
                opened.append(token.start_mark)
            elif isinstance(token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)) \
                    and opened:
                opened.pop()
    except yaml.YAMLError:
        pass
    return next((o for o in reversed(opened) if _closing(text, o.index) is None), None)


def _open_blocks(text: str, loader: Any, line: int) -> tuple[list[list[Any]], dict[int, set[int]]]:
    """The lists and mappings still open at the end of the line before `line`, outermost first,
    as [0-based column, "keys" or "items", 1-based line it opened on, entries so far]; and per
    line, the columns of those its indentation closed."""
    stack: list[list[Any]] = []
    closed: dict[int, set[int]] = {}
    for token in _tokens_before(text, loader, line):
        kind = _BLOCK_OPEN.get(token.__class__)
        if kind is not None:
            stack.append([token.start_mark.column, kind, token.start_mark.line + 1, 0])
        elif isinstance(token, yaml.BlockEndToken) and stack:
            closed.setdefault(token.start_mark.line + 1, set()).add(stack.pop()[0])
        elif isinstance(token, (yaml.KeyToken, yaml.BlockEntryToken)) and stack \
                and token.start_mark.column == stack[-1][0]:
            stack[-1][3] += 1
            if isinstance(token, yaml.BlockEntryToken) and stack[-1][1] == "keys":
                stack[-1][1] = "keys and items"  # a list written at its key's column
    return stack, closed


def _misplaced_item(line: int, col: int, items: list[int], name: str) -> Problem | None:
    """A `- ` line out of line with the open lists above it, with the column(s) to use."""
    if col in items:
        return None
    gap = min(abs(c - col) for c in items)
    near = sorted({c for c in items if abs(c - col) == gap}, reverse=True)  # deeper first
    where = " or ".join(f"column {c + 1}" for c in near)
    more = "out of line with" if len(near) > 1 else \
        "indented more than" if col > near[0] else "indented less than"
    return Problem(name, line, col + 1, "error",
                   f"this list item is {more} the items above it: indent its '-' to {where}, "
                   "where theirs are", "indent")


def _misindented(text: str, line: int, name: str, loader: Any,
                 follow: bool = True) -> Problem | None:
    """A line whose indentation matches none of the open lists and mappings above it, with the
    column it should start at (None: it matches one of them)."""
    rows = text.splitlines()
    if not 1 <= line <= len(rows) or not rows[line - 1].strip():
        return None
    row = rows[line - 1]
    col = len(row) - len(row.lstrip(" "))
    stack, closed = _open_blocks(text, loader, line)
    items = [b[0] for b in stack if b[1].endswith("items")]
    if row.lstrip(" ").startswith("-") and items:
        return _misplaced_item(line, col, items, name)
    level = [b for b in stack if b[0] == col]
    inner = [b for b in stack if b[0] > col]
    if level and inner and all(b[1] == "items" for b in level):  # a key at a list's '-'
        keys = min(inner, key=lambda b: b[0])
        return Problem(name, line, col + 1, "error",
                       f"this key is indented as far as the '-' of the list above it (column "
                       f"{col + 1}): indent it to column {keys[0] + 1} to go on with the keys "
                       "above it, or write '- ' before it if it starts a new item", "indent")
    if not stack or level:
        return None
    deeper = col > stack[-1][0]
    cited = stack[-1] if deeper else min((b for b in stack if b[0] > col), key=lambda b: b[0])
    above = "keys" if cited[1].startswith("keys") else "items"
    # the line that left the indentation this one keeps may be the one out of line
    left = [n for n, cols in closed.items() if cited[2] <= n < line and col in cols]
    suspect = max(left) if left else cited[2] if cited[3] == 1 and cited[2] < line - 1 else 0
    if suspect and left and follow:  # one step back at most
        earlier = _misindented(text, suspect, name, loader, follow=False)
        if earlier is not None:
            return earlier
    if deeper:
        message = (f"this key is indented more than the {above} above it: indent it to "
                   f"column {cited[0] + 1}, where they start")
    else:
        outer_col, outer, _, _ = max((b for b in stack if b[0] < col), key=lambda b: b[0],
                                     default=(0, "", 0, 0))
        message = f"this key is indented less than the {above} above it (column " \
                  f"{cited[0] + 1}) but more than "
        if not outer:  # a file that starts indented
            message = (f"this key is indented less than the {above} above it: indent it to "
                       f"column {cited[0] + 1}, where they start")
        elif outer.endswith("items"):
            message += f"their list's '-' (column {outer_col + 1}): indent it to column " \
                       f"{cited[0] + 1}"
        else:
            message += (f"the key they belong to (column {outer_col + 1}): indent it to column "
                        f"{cited[0] + 1} to go on with them, or to column {outer_col + 1} to go "
                        "on with that key")
    if suspect:
        message += f", unless line {suspect} is the one out of line"
    return Problem(name, line, col + 1, "error", message, "indent")


def explain(exc: yaml.YAMLError, text: str, name: str, loader: Any) -> Problem | None:
    """A clearer problem for a syntax error that PyYAML reports away from its cause (None: the
    library's own message and place are right)."""
    problem = str(getattr(exc, "problem", "") or "")
    context = str(getattr(exc, "context", "") or "")
    mark = getattr(exc, "problem_mark", None)
    opened = getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else 0
    if "mapping values are not allowed" in problem and mark is not None:
        rows = text.splitlines()
        row = rows[line - 1] if line <= len(rows) else ""
        if _OWN_KEY.match(row[:mark.column]):  # the line's own key: it joined the line above
            indented = _item_without_colon(text, line, name) or \
                _misindented(text, line, name, loader)
            if indented is not None:
                return indented
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
    if mark is not None and "scanning" in context and "quoted" not in context:
        unclosed = _unclosed_flow(text, loader, mark)
        if unclosed is not None:
            bracket = text[unclosed.index]
            return Problem(name, *_mark(unclosed), "error",
                           f"the '{bracket}' opened here is never closed: add "
                           f"'{_OPENERS[bracket]}' where its items end", "unclosed")
    if mark is not None:
        runaway = _runaway_quote(text, loader, line)
        if runaway is not None:
            quote = text[runaway.index]
            return Problem(name, *_mark(runaway), "error",
                           f"the quote ({quote}) opened here runs on over the next lines: close "
                           "it on this line", "unclosed")
        if context == "while scanning a simple key" and opened is not None:
            return _no_colon(text, opened.line + 1, opened.column + 1, name)
        if context.startswith("while parsing a block"):
            return _item_without_colon(text, line, name) or \
                _misindented(text, line, name, loader)
    return None

