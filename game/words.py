"""Counts with their noun in the right number, for every layer that writes to people (the
scenario checks, the simulator, the views): a leaf module that imports nothing of Truce."""

from __future__ import annotations


def count(n: int, noun: str, plural: str = "") -> str:
    """'1 round', '3 rounds', '0 offers' ('1 match', '2 matches' with plural='matches')."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def every(n: int) -> str:
    """'both' for two, 'all 3' for more: the whole of a number of things (never 'all 2')."""
    return "both" if n == 2 else f"all {n}"


def inline(label: str) -> str:
    """A label read inside a sentence: 'Targeted sanctions' becomes 'targeted sanctions'. An
    acronym ('WTO rules'), a possessive name ('Beijing's list') and text that does not open
    with a capital and a small letter stay as written."""
    first = label.split(" ", 1)[0]
    if (len(first) > 1 and first[0].isupper() and first[1].islower() and first.isascii()
            and not first.endswith(("'s", "’s"))):
        return label[0].lower() + label[1:]
    return label
