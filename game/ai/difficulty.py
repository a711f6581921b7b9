"""Difficulty levels for solo play: each maps onto a shipped agent and a personality.

Ordered by how well other agents fare against them in a flagship tournament (opponents'
mean normalised score; the four levels with linear and random, 40 games per pairing and
side, seed 3): novice 94, standard 79, hard 68, expert 37. Tit-for-tat is not a level: it
deadlocks against any side that will not concede first.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Difficulty:
    """A level the player picks: the agent behind it and the line shown to the player."""

    name: str
    agent: str  # a registry name
    personality: str | None  # None = the party's own default personality
    description: str


DIFFICULTIES: dict[str, Difficulty] = {
    d.name: d
    for d in (
        Difficulty("novice", "conceder", "dove",
                   "A soft touch: concedes quickly, keeps its word and rarely retaliates."),
        Difficulty("standard", "linear", None,
                   "Businesslike: concedes at a steady pace and keeps its word."),
        Difficulty("hard", "boulware", "hawk",
                   "A tough bargainer: holds out until late and may cut corners when unwatched."),
        Difficulty("expert", "expert", None,
                   "A seasoned delegation: reads your priorities, trades across issues, "
                   "weighs your record and cheats only when it pays."),
    )
}
