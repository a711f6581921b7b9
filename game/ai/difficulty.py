"""Difficulty levels for solo play: each maps onto a shipped agent and a personality."""

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
        Difficulty("standard", "tit-for-tat", None,
                   "Fair but firm: gives as much as you give, and answers broken promises."),
        Difficulty("hard", "boulware", "hawk",
                   "A tough bargainer: holds out until late and may cut corners when unwatched."),
        Difficulty("expert", "expert", None,
                   "A seasoned delegation: reads your priorities, trades across issues, "
                   "weighs your record and cheats only when it pays."),
    )
}
