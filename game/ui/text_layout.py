"""Laying out terminal text by display width: wrapping, cutting and aligned tables.

A terminal gives most characters one column and East Asian wide characters (Chinese,
Japanese, Korean) two, so widths here are measured with `unicodedata.east_asian_width`,
never with `len`. Text with no spaces between wide characters may break between any two
of them; closing punctuation stays on the line of the character before it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

ELLIPSIS = "…"
# Punctuation that may not start a line (it closes what comes before it).
CLOSING = set(",.;:!?)]}%»”’，。、；：！？）】」』》〉")


def char_width(ch: str) -> int:
    """Columns one character takes: 0 for combining marks, 2 for wide and full-width."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def width(text: str) -> int:
    """Columns a line of text takes in a terminal."""
    return sum(char_width(ch) for ch in text)


def cut(text: str, columns: int) -> str:
    """The text shortened to `columns` with an ellipsis if it is wider (at a space if one is
    near the end, so words are not cut in two where that can be helped)."""
    if width(text) <= columns:
        return text
    if columns <= 1:
        return ELLIPSIS[:columns]
    kept, used = [], 0
    for ch in text:
        if used + char_width(ch) > columns - 1:
            break
        kept.append(ch)
        used += char_width(ch)
    short = "".join(kept)
    space = short.rfind(" ")
    if space >= len(short) * 2 // 3:
        short = short[:space]
    return short.rstrip(" ,;:—-") + ELLIPSIS


def pad(text: str, columns: int, right: bool = False) -> str:
    """The text padded with spaces to `columns` (on the left if `right`)."""
    fill = " " * max(0, columns - width(text))
    return fill + text if right else text + fill


def _tokens(text: str) -> list[tuple[int, str]]:
    """(spaces before, piece) pairs: words, and wide characters one by one."""
    pieces: list[tuple[int, str]] = []
    space = 0
    word = ""
    for ch in text:
        if ch == " ":
            if word:
                pieces.append((space, word))
                word, space = "", 0
            space += 1
            continue
        if char_width(ch) == 2 and ch not in CLOSING:
            if word:
                pieces.append((space, word))
                space = 0
            word = ch
            pieces.append((space, word))
            word, space = "", 0
            continue
        if ch in CLOSING and not word and pieces and not space:
            glued = pieces.pop()
            pieces.append((glued[0], glued[1] + ch))
            continue
        word += ch
    if word:
        pieces.append((space, word))
    return pieces


def wrap(text: str, columns: int, indent: str = "") -> list[str]:
    """A line broken to fit `columns` (its own leading spaces kept on the first line,
    `indent` before the others, the spaces between words kept where the line does not
    break, so aligned columns stay aligned); a word wider than the line stands alone."""
    lead = text[: len(text) - len(text.lstrip(" "))]
    if width(text) <= columns:
        return [text]
    lines: list[str] = []
    line, used = lead, width(lead)
    fresh = True  # nothing but the indent on this line yet
    for space, piece in _tokens(text[len(lead):]):
        gap = 0 if fresh else space
        size = width(piece)
        if not fresh and used + gap + size > columns:
            lines.append(line.rstrip())
            line, used, fresh, gap = indent, width(indent), True, 0
        line += " " * gap + piece
        used += gap + size
        fresh = False
    lines.append(line.rstrip())
    return lines


@dataclass(frozen=True)
class Column:
    """A table column: its heading, whether its figures align right, and whether it may
    shrink (cells cut with an ellipsis, or wrapped onto more lines)."""

    heading: str
    right: bool = False
    shrink: bool = False


def table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    columns_wide: int,
    indent: str = "",
    wrap_cells: bool = False,
    heading: bool = True,
) -> list[str]:
    """Rows aligned under their headings in at most `columns_wide` columns: the widest
    shrinkable column gives way first; its cells are cut (or wrapped if `wrap_cells`)."""
    head, body = table_rows(columns, rows, columns_wide, indent, wrap_cells)
    return ([head] if heading else []) + [line for row in body for line in row]


def table_rows(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    columns_wide: int,
    indent: str = "",
    wrap_cells: bool = False,
) -> tuple[str, list[list[str]]]:
    """The headings line and each row's lines (one, or more where cells wrap), laid out
    as `table` does; for menus, whose choices are rows."""
    gap = 2
    sizes = [max([width(c.heading)] + [width(r[n]) for r in rows])
             for n, c in enumerate(columns)]
    room = columns_wide - width(indent) - gap * (len(columns) - 1)
    while sum(sizes) > room:
        shrinkable = [n for n, c in enumerate(columns) if c.shrink and sizes[n] > 6]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda n: sizes[n])
        sizes[widest] -= 1
    head = _row(columns, [cut(c.heading, s) for c, s in zip(columns, sizes, strict=True)],
                sizes, indent)
    body = []
    for row in rows:
        if not wrap_cells:
            cells = [[cut(cell, s)] for cell, s in zip(row, sizes, strict=True)]
        else:
            cells = [wrap(cell, s, "") if c.shrink else [cell]
                     for cell, s, c in zip(row, sizes, columns, strict=True)]
        body.append([_row(columns, [c[k] if k < len(c) else "" for c in cells], sizes, indent)
                     for k in range(max(len(c) for c in cells))])
    return head, body


def _row(columns: Sequence[Column], cells: Sequence[str], sizes: Sequence[int],
         indent: str) -> str:
    parts = [pad(cell, size, c.right) for cell, size, c in zip(cells, sizes, columns, strict=True)]
    return (indent + "  ".join(parts)).rstrip()
