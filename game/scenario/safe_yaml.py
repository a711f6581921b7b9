"""Hostile-input-safe YAML reading: bytes -> plain data plus the position of every node.

Checks run cheapest first and each stage only sees input the previous one accepted:
size, UTF-8, control characters, then a token scan (nesting depth, anchors, aliases,
tags, directives, several documents, token count) BEFORE PyYAML's recursive composer
runs. Scalars are resolved here (never by PyYAML's YAML 1.1 resolver): YAML 1.1
surprises such as `no`, `12:30` or `0755` and non-finite numbers are errors.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from game.scenario import lookalikes, syntax
from game.scenario.problems import Problem, short

MAX_BYTES = 1 << 20  # 1 MiB: the flagship scenario is a few dozen KiB
MAX_DEPTH = 24  # collections nested in collections; the format needs about 8
MAX_TOKENS = 50_000  # the flagship has about 4,000
MAX_DIGITS = 18

_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
# YAML 1.2 printable set, minus the exotic line breaks (NEL, LS, PS) that editors count differently.
_NOT_PRINTABLE = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_ROLE: dict[type, str] = {  # what a token does to nesting and documents; absent: content
    yaml.BlockMappingStartToken: "open",
    yaml.BlockSequenceStartToken: "open",
    yaml.FlowMappingStartToken: "open",
    yaml.FlowSequenceStartToken: "open",
    yaml.BlockEndToken: "close",
    yaml.FlowMappingEndToken: "close",
    yaml.FlowSequenceEndToken: "close",
    yaml.DocumentStartToken: "start",
    yaml.DocumentEndToken: "end",
    yaml.StreamStartToken: "meta",
    yaml.StreamEndToken: "meta",
    yaml.DirectiveToken: "meta",
}

_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_YAML11_BOOL = re.compile(r"(?i:y|n|yes|no|on|off)")
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_NON_FINITE = re.compile(r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
_SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")
_OCTAL_LIKE = re.compile(r"[-+]?0[0-9_]+(?:\.[0-9_]*)?")
_OTHER_NUMBER = re.compile(
    r"[-+]?(?:0[xX][0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+|[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?)"
)

Path = tuple[Any, ...]


@dataclass
class Tree:
    """Plain data (dict/list/str/int/float/bool/None) with 1-based (line, col) per path."""

    data: Any
    marks: dict[Path, tuple[int, int]] = field(default_factory=dict)  # value node starts
    key_marks: dict[Path, tuple[int, int]] = field(default_factory=dict)  # mapping key starts
    problems: list[Problem] = field(default_factory=list)
    bad_paths: set[Path] = field(default_factory=set)  # nodes already reported


def position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character index, counting line breaks as YAML does."""
    line, start = 1, 0
    for brk in _BREAK.finditer(text, 0, index):
        line, start = line + 1, brk.end()
    return line, index - start + 1


_PLAIN_KEY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")


def dotted(path: Path) -> str:
    """A data path as authors read it: issues[0].options[1].value.us; a key that would read as
    more than one step (`0.0`, `a b`) is quoted: weights["0.0"]."""
    text = ""
    for comp in path:
        if isinstance(comp, int):
            text += f"[{comp}]"
        elif not _PLAIN_KEY.fullmatch(str(comp)):
            text += '["' + short(comp).replace('"', '\\"') + '"]'
        else:
            text += f".{comp}" if text else str(comp)
    return text


def too_large(name: str, size: int) -> Problem:
    """The problem of a file over the size cap, with its real size and the limit."""
    message = f"file is too large ({size:,} bytes; the limit is {MAX_BYTES:,} bytes, 1 MiB)"
    return Problem(name, 1, 1, "error", message, "too-large")


_SAVE_AS_UTF8 = "save it again with the encoding set to UTF-8 (the editor's Save As offers it)"


def decode(data: bytes | str, name: str) -> tuple[str | None, list[Problem]]:
    """Text of a file that is small, valid UTF-8 and free of control characters."""

    def err(line: int, col: int, message: str, code: str) -> tuple[None, list[Problem]]:
        return None, [Problem(name, line, col, "error", message, code)]

    size = len(data.encode("utf-8", "surrogatepass")) if isinstance(data, str) else len(data)
    if size > MAX_BYTES:
        return None, [too_large(name, size)]
    if isinstance(data, bytes):
        if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:2]:
            return err(1, 1, f"the file is saved as UTF-16, not UTF-8: {_SAVE_AS_UTF8}",
                       "encoding")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as bad:
            prefix = data[: bad.start].decode("utf-8")
            line, col = position(prefix, len(prefix))
            return err(line, col, f"not valid UTF-8 (byte 0x{data[bad.start]:02x}): the file is "
                       f"saved in another encoding (such as GBK or Latin-1); {_SAVE_AS_UTF8}",
                       "encoding")
    else:
        text = data
    text = text.removeprefix("\ufeff")
    found = _NOT_PRINTABLE.search(text)
    if found:
        line, col = position(text, found.start())
        char = ord(found.group())
        return err(line, col, f"control character U+{char:04X} is not allowed", "control-char")
    return text, []


def _mark(mark: Any) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def _tab_at(text: str, line: int, col: int) -> int | None:
    """The column of a tab in the indentation of `line` if the error at (line, col) is one."""
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return None
    row = lines[line - 1]
    if col <= len(row) and row[col - 1] == "\t":
        return col
    indent = row[: len(row) - len(row.lstrip(" \t"))]
    return indent.index("\t") + 1 if "\t" in indent else None


def _syntax(name: str, exc: yaml.YAMLError, text: str = "", loader: Any = None) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = _mark(mark) if mark is not None else (1, 1)
    tab = _tab_at(text, line, col) if mark is not None else None
    if tab is not None:
        return Problem(name, line, tab, "error", "tabs cannot indent YAML; use spaces", "tab")
    lookalike = lookalikes.explain(text, line, name) if mark is not None else None
    if lookalike is not None:
        return lookalike
    clearer = syntax.explain(exc, text, name, loader or _LOADER) if text else None
    if clearer is not None:
        return clearer
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"{problem} ({context})" if context else problem
    return Problem(name, line, col, "error", f"YAML syntax: {message}", "syntax")


_TOKEN_RULES: dict[type, tuple[str, str]] = {
    yaml.AnchorToken: ("anchors (&name) are not allowed; write the value out", "anchor"),
    yaml.AliasToken: ("aliases (*name) are not allowed; write the value out", "alias"),
    yaml.TagToken: ("tags (!name, !!type) are not allowed", "tag"),
    yaml.DirectiveToken: ("directives (%YAML, %TAG) are not allowed", "directive"),
}


class _DepthExceeded(Exception):
    """Raised by the checking scanner the moment a flow collection opens past MAX_DEPTH."""

    def __init__(self, mark: Any) -> None:
        super().__init__("nesting is too deep")
        self.mark = mark


class _DepthCheckingLoader(yaml.SafeLoader):
    """PyYAML's pure-Python scanner, checking nesting depth as each flow collection opens.

    A scanner looks ahead before it hands out a token (a flow collection may turn out to be
    a key), so with "[" * 100_000 the C scanner hits its own nesting limit (1000 in recent
    libyaml) before the first token reaches us. This scanner checks at the bracket itself,
    so our limit fires first whatever the PyYAML version or its limits.
    """

    def fetch_flow_collection_start(self, token_class: Any) -> None:
        if self.flow_level + len(self.indents) + 1 > MAX_DEPTH:
            raise _DepthExceeded(self.get_mark())
        super().fetch_flow_collection_start(token_class)


_LOADER: Any = getattr(yaml, "CSafeLoader", _DepthCheckingLoader)


def scan(text: str, name: str) -> list[Problem]:
    """Problems visible in the token stream; stops at the first structural limit hit.

    The fast (C) scanner runs first; if it stops on a syntax error, the depth-checking
    pure-Python scanner reads the text again, so a nesting-depth problem is reported as
    such (and at its first bracket) instead of as the library's own limit or a syntax error.
    """
    problems = _scan(text, name, _LOADER)
    if _LOADER is _DepthCheckingLoader or not any(p.code == "syntax" for p in problems):
        return problems
    again = _scan(text, name, _DepthCheckingLoader)
    return again if any(p.code == "depth" for p in again) else problems


def _scan(text: str, name: str, loader: Any) -> list[Problem]:
    problems: list[Problem] = []
    depth = documents = count = 0
    in_document = False

    def add(token: Any, message: str, code: str) -> None:
        problems.append(Problem(name, *_mark(token.start_mark), "error", message, code))

    def new_document(token: Any) -> None:
        nonlocal documents, in_document
        documents, in_document = documents + 1, True
        if documents == 2:
            add(token, "a scenario file holds exactly one YAML document", "documents")

    too_deep = f"nesting is too deep (the limit is {MAX_DEPTH} levels)"
    try:
        for token in yaml.scan(text, Loader=loader):
            count += 1
            if count > MAX_TOKENS:
                add(token, f"too many elements (the limit is {MAX_TOKENS} tokens)", "too-large")
                break
            role = _ROLE.get(token.__class__)
            if role == "start":
                new_document(token)
            elif role == "end":
                in_document = False
            elif role != "meta" and not in_document:
                new_document(token)
            if role == "open":
                depth += 1
                if depth > MAX_DEPTH:
                    add(token, too_deep, "depth")
                    break
            elif role == "close":
                depth -= 1
            elif token.__class__ in _TOKEN_RULES:
                add(token, *_TOKEN_RULES[token.__class__])
    except _DepthExceeded as deep:
        problems.append(Problem(name, *_mark(deep.mark), "error", too_deep, "depth"))
    except yaml.YAMLError as exc:
        problems.append(_syntax(name, exc, text, loader))
    return problems


def _scalar(node: yaml.ScalarNode, path: Path, tree: Tree, name: str, key: bool) -> Any:
    """The value of a scalar under YAML 1.2 rules, reporting YAML 1.1 look-alikes."""
    text = node.value
    if node.style:  # quoted or block scalar: always text
        return text

    def bad(message: str, code: str) -> str:
        where = dotted(path[:-1] if key else path)
        message = f"{where}: {message}" if where else message
        tree.problems.append(Problem(name, *_mark(node.start_mark), "error", message, code))
        tree.bad_paths.add(path)
        return text

    if _YAML11_BOOL.fullmatch(text):
        return bad(
            f"'{short(text)}' is ambiguous (YAML 1.1 reads it as a boolean): "
            f'write "{text}" in quotes for text, or true/false',
            "yaml11-bool",
        )
    if key:
        if text in _NULL or text in _BOOL:
            return bad(
                f"key '{short(text)}' would be read as {text.lower()}; put it in quotes", "key"
            )
        return text
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _OCTAL_LIKE.fullmatch(text):
        return bad(
            f"'{short(text)}' has a leading zero (octal in YAML 1.1); write it without the "
            "zero, or in quotes for text",
            "yaml11-number",
        )
    if text.startswith("+") and (_INT.fullmatch(text) or _FLOAT.fullmatch(text)):
        return bad(
            f"'{short(text)}' has a leading '+'; write a plain decimal number "
            f"({short(text[1:])}), or put it in quotes for text",
            "yaml11-number",
        )
    if _INT.fullmatch(text):
        if len(text.lstrip("+-")) > MAX_DIGITS:
            return bad(f"number {text[:24]}... is too large", "number-range")
        return int(text)
    if _FLOAT.fullmatch(text):
        value = float(text)
        if not math.isfinite(value):
            return bad(f"number {text[:24]} is out of range", "number-range")
        return value
    if _NON_FINITE.fullmatch(text):
        return bad(
            f"'{short(text)}' is not a finite number; use a number such as 0.5", "non-finite"
        )
    if _SEXAGESIMAL.fullmatch(text):
        return bad(
            f"'{short(text)}' is a base-60 number in YAML 1.1; put it in quotes for text",
            "yaml11-number",
        )
    if _OTHER_NUMBER.fullmatch(text):
        return bad(
            f"'{short(text)}' is read differently by YAML versions; write a plain decimal "
            "number, or put it in quotes for text",
            "yaml11-number",
        )
    return text


def _convert(node: yaml.Node, path: Path, tree: Tree, name: str) -> Any:
    tree.marks[path] = _mark(node.start_mark)
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node, path, tree, name, key=False)
    if isinstance(node, yaml.SequenceNode):
        return [_convert(child, (*path, i), tree, name) for i, child in enumerate(node.value)]
    out: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            tree.problems.append(
                Problem(
                    name, *_mark(key_node.start_mark), "error", "a key must be plain text", "key"
                )
            )
            continue
        key = _scalar(key_node, (*path, key_node.value), tree, name, key=True)
        if key in out:
            first = tree.key_marks[(*path, key)]
            tree.problems.append(
                Problem(
                    name,
                    *_mark(key_node.start_mark),
                    "error",
                    f"duplicate key '{short(key)}' (first at line {first[0]})",
                    "duplicate-key",
                )
            )
            continue
        tree.key_marks[(*path, key)] = _mark(key_node.start_mark)
        out[key] = _convert(value_node, (*path, key), tree, name)
    return out


def read(data: bytes | str, name: str) -> tuple[Tree | None, list[Problem]]:
    """The tree of a YAML file, or None and the problems that stopped reading it."""
    text, problems = decode(data, name)
    if text is None:
        return None, problems
    problems = syntax.spaces_in_indentation(text, name) or scan(text, name)
    if problems:
        return None, problems
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        return None, [_syntax(name, exc, text)]
    if node is None:
        return None, [Problem(name, 1, 1, "error", "the file is empty", "empty")]
    tree = Tree(data=None)
    tree.data = _convert(node, (), tree, name)
    return tree, list(tree.problems)
