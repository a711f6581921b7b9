"""Lint rules on how a game plays out: the trust prior, the sanction ladder, the briefs and the
classroom timers (see game.scenario.lint for the rule list)."""

from __future__ import annotations

from collections.abc import Iterator

from game.core import trust
from game.core.scenario import PARTIES, Scenario
from game.scenario.checks import Finding
from game.words import count

TRUST_SLACK = 0.02  # how far the grid's prior mean may sit from the declared initial trust
BRIEF_WORDS = 2500  # what a delegate can read and digest in the first minutes of a lesson
LESSON_MINUTES = 90  # the longest lesson Truce is designed for (a double period)
OFFER_SECONDS = 15  # reading and answering an offer, plus ...
TRACK_SECONDS = 5  # ... this much for each track it covers
NAMES = {"us": "the US", "cn": "China"}


def trust_grid(scenario: Scenario) -> Iterator[Finding]:
    """Initial trust the grid and prior strength cannot represent: the prior built on the grid
    has a mean more than TRUST_SLACK away from the declared one."""
    settings = scenario.trust
    theta = trust.grid(settings.grid)
    for p in PARTIES:
        declared = float(settings.initial.get(p, 0.5))
        prior = trust.beta_prior(declared, settings.strength, theta)
        held = float(trust.mean(prior, theta))
        if abs(held - declared) > TRUST_SLACK:
            yield Finding(
                ("trust", "initial", p), "warning",
                f"{NAMES[p]}'s initial trust {declared:g} starts at {held:.3f} on a "
                f"{settings.grid}-point grid with strength {settings.strength:g}: use more "
                "grid points, a stronger prior or a value further from 0 and 1", "trust-grid")


def sanction_costs(scenario: Scenario) -> Iterator[Finding]:
    """A sanction that costs its target nothing, or its sender more than its target."""
    for n, level in enumerate(scenario.sanctions.levels):
        path = ("sanctions", "levels", n)
        if level.cost_target <= 0:
            yield Finding((*path, "cost_target"), "warning",
                          f"sanction '{level.id}' costs its target nothing: it deters no one",
                          "toothless-sanction")
        elif level.cost_sender > level.cost_target:
            yield Finding((*path, "cost_sender"), "warning",
                          f"sanction '{level.id}' costs its sender ({level.cost_sender:g}) more "
                          f"than its target ({level.cost_target:g}): a threat to use it is not "
                          "credible", "costly-sanction")


def _words(text: str) -> int:
    return len(text.split())


def long_briefs(scenario: Scenario) -> Iterator[Finding]:
    """A brief a seat must read that runs over BRIEF_WORDS words (the delegation's brief, and
    with it each role's)."""
    for p in PARTIES:
        party = scenario.parties[p]
        shared = _words(party.brief)
        if shared > BRIEF_WORDS:
            yield Finding(("parties", p, "brief"), "warning",
                          f"{NAMES[p]}'s brief is {shared:,} words long (more than "
                          f"{BRIEF_WORDS:,}: too long to read at the start of a lesson)",
                          "long-brief")
            continue
        for r, role in enumerate(party.roles):
            total = shared + _words(role.brief)
            if total > BRIEF_WORDS:
                yield Finding(("parties", p, "roles", r, "brief"), "warning",
                              f"the {role.title}'s brief, with the delegation's, is {total:,} "
                              f"words long (more than {BRIEF_WORDS:,}: too long to read at the "
                              "start of a lesson)", "long-brief")


def timers(scenario: Scenario) -> Iterator[Finding]:
    """A game longer than a lesson at its timers, or talks too short for the offers they
    allow over every track."""
    settings = scenario.settings
    clock = dict(settings.timers)
    if not clock:
        return
    per_round = sum(clock.values())
    total = per_round * settings.rounds
    if total > LESSON_MINUTES * 60:
        yield Finding(("settings", "timers"), "warning",
                      f"{count(settings.rounds, 'round')} of {per_round} s are "
                      f"{total / 60:.0f} minutes of play, more than a {LESSON_MINUTES}-minute "
                      "lesson: cut rounds or timers", "too-long", at_key=True)
    talks = clock.get("negotiate")
    need = settings.exchanges * (OFFER_SECONDS + TRACK_SECONDS * len(scenario.issues))
    if talks is not None and talks < need:
        yield Finding(("settings", "timers", "negotiate"), "warning",
                      f"{talks} s of talks for {count(settings.exchanges, 'offer')} over "
                      f"{count(len(scenario.issues), 'track')}: each offer needs about "
                      f"{OFFER_SECONDS} s and {TRACK_SECONDS} s a track to read and answer "
                      f"({need} s in all)",
                      "too-long")
