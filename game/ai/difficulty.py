"""Difficulty levels for solo play: each is a negotiating strategy, a personality and the
same lesson: every level keeps its word unless its personality says otherwise, answers
reported violations in proportion, and stops making new deals with a side that keeps breaking
them. Levels differ in how hard they bargain, how much they forgive, how well they read noisy
reports and whether they ever cheat; the line shown to the player describes the bargaining.

Balance (docs/scenarios.md, benchmarks/bench_balance.py, tests/test_balance.py): against every
level, in every shipped scenario and on both sides, always breaking one's word scores less
than always keeping it and less than a reciprocal player. Tit-for-tat is not a level: it
deadlocks against any side that will not concede first.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.ai.agents import AGENT_CLASSES, PROFILES, Profile, StrategyAgent, agent_class


@dataclass(frozen=True)
class Difficulty:
    """A level the player picks: the agent behind it and the line shown to the player."""

    name: str
    agent: str  # a registry name: the level's negotiating strategy
    personality: str | None  # None = the party's own default personality
    description: str  # how it bargains, never whether it keeps its word
    implement: str = "comply"  # keeps its word, except where its personality's opportunism says
    respond: str = "in-proportion"


DIFFICULTIES: dict[str, Difficulty] = {
    d.name: d
    for d in (
        Difficulty("novice", "conceder", "dove",
                   "A soft touch at the table: concedes quickly and settles early.",
                   respond="in-proportion-credulous"),
        Difficulty("standard", "linear", None,
                   "Businesslike: concedes at a steady pace towards a fair split."),
        Difficulty("hard", "boulware", "hawk",
                   "A tough bargainer: holds out for its best package until late in the talks."),
        Difficulty("expert", "expert", None,
                   "A seasoned delegation: reads your priorities from your offers and trades "
                   "across issues.",
                   implement="calculated", respond="proportional"),
    )
}


def level_profile(level: Difficulty) -> Profile:
    """The level's agent profile: its strategy's talks with the level's policies after them."""
    base = PROFILES[level.agent]
    return Profile(level.name, level.description, base.negotiator, level.implement, level.respond,
                   base.horizon, base.forecasts, dict(base.params), shuns_cheats=True)


LEVEL_CLASSES: dict[str, type[StrategyAgent]] = {
    name: AGENT_CLASSES[name] if name in AGENT_CLASSES else agent_class(level_profile(level))
    for name, level in DIFFICULTIES.items()
}
NoviceAgent = LEVEL_CLASSES["novice"]
StandardAgent = LEVEL_CLASSES["standard"]
HardAgent = LEVEL_CLASSES["hard"]
