"""Difficulty levels for solo play: each maps onto a shipped agent and a personality.

In a flagship tournament of the four levels with linear and random (40 games per pairing and
side, seed 3, agents as of commit 64865ff) opponents average novice 90, standard 61, hard 35,
expert 44, and the levels themselves score novice 49, hard 49, standard 58, expert 65: the
expert bargains and keeps its word best, the hard level concedes least. Tit-for-tat is not
a level: it deadlocks against any side that will not concede first.
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
