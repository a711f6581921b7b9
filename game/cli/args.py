"""Shared argument helpers of the command modules: a leaf module that imports nothing of Truce.

Command modules take `UsageError`, `whole_number` and `seed_number` from here, so
none of them imports the command line (`game.cli`) back.
"""

from __future__ import annotations

SEED_MAX = 2**63 - 1  # seeds are 63-bit so they derive and replay alike everywhere
LIMIT_TEXT = {SEED_MAX: "2**63-1"}


class UsageError(Exception):
    """Bad arguments or input found after parsing; exit code 2."""


def shown(text: object, longest: int = 40) -> str:
    """What the user typed, cut short for a one-line message (a pasted 5,000-digit number)."""
    text = str(text)
    return text if len(text) <= longest else text[:longest - 3] + "..."


def whole_number(text: object, what: str, low: int = 0, high: int | None = None) -> int:
    """Parse a whole-number option (e.g. --games, --seed) or raise UsageError in shared wording."""
    try:
        value = int(str(text).strip())
    except ValueError:
        raise UsageError(f"{what} must be a whole number, got {shown(text)!r}") from None
    if value < low or (high is not None and value > high):
        top = LIMIT_TEXT.get(high, str(high))
        limit = f"from {low} to {top}" if high is not None else f"at least {low}"
        raise UsageError(f"{what} must be {limit}, got {shown(value)}")
    return value


def seed_number(text: object) -> int:
    """The --seed option of play, simulate and tournament: a whole number from 0 to 2**63-1."""
    return whole_number(text, "--seed", 0, SEED_MAX)


def move_limit(text: object, default: float) -> float:
    """The --move-limit option: seconds an agent may take for one move (0.01 to 3600)."""
    if text is None:
        return default
    try:
        value = float(str(text).strip())
    except ValueError:
        raise UsageError(f"--move-limit must be a number of seconds, got {shown(text)!r}") \
            from None
    if not 0.01 <= value <= 3600:
        raise UsageError(f"--move-limit must be from 0.01 to 3600 seconds, got {shown(text)}")
    return value
