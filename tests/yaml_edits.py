"""Edits to a scenario's text for tests, and where a piece of it sits (LINE:COL)."""

from __future__ import annotations


def replaced(text: str, *changes: tuple[str, str]) -> str:
    """text with each (old, new) replacement made; old must occur exactly once."""
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def at(text: str, needle: str, token: str | None = None) -> str:
    """`LINE:COL` of token inside the unique occurrence of needle (or of needle itself)."""
    assert text.count(needle) == 1, needle
    index = text.index(needle) + (needle.index(token) if token else 0)
    line = text.count("\n", 0, index) + 1
    return f"{line}:{index - (text.rfind(chr(10), 0, index) + 1) + 1}"
