"""`truce scenario lint`: design problems a schema cannot see, each at the line it is about.

A file that loads is linted for what it means: options worth nothing to a party they bind, no
zone of agreement, dominated options, red lines or links that leave nothing to sign, a trust
prior the grid cannot hold, sanctions that deter no one, temptations on issues a party ignores,
news that can never fire or pushes a value out of range, briefs too long to read and timers
too short for the talks. Each rule is listed in RULES (code, severity, what it finds), which
docs/authoring.md is generated from; the loader's own warnings are reported with them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

from game.core.scenario import Scenario
from game.scenario import lint_deals, lint_events, lint_play
from game.scenario.checks import Finding
from game.scenario.loader import analyse_tree, place, read_file
from game.scenario.problems import Problem
from game.scenario.safe_yaml import Tree


@dataclass(frozen=True)
class Rule:
    """A lint rule as authors read it: its code, how serious it is and what it finds."""

    code: str
    severity: str  # "error" or "warning"
    finds: str


RULES: tuple[Rule, ...] = (
    Rule("no-value", "warning", "an option worth nothing (the issue's status quo, 0 by default) "
         "to a party it binds, on an issue that party weighs"),
    Rule("no-zopa", "error", "no package makes either side better off than no deal without "
         "making the other worse off (as a warning: an issue none of whose options fits in a "
         "package both sides prefer to no deal)"),
    Rule("red-line-deadlock", "error", "the red lines leave no package both sides prefer to no "
         "deal"),
    Rule("dominated", "warning", "an option worth less to both sides than leaving its issue "
         "open, or than a twin option of its issue (same parties bound, temptations and "
         "verification)"),
    Rule("link-impossible", "error", "an option no package can hold while keeping every link "
         "(`requires`)"),
    Rule("unsignable", "warning", "an option that comes only with options a red line forbids "
         "or that are never on the table"),
    Rule("never-available", "warning", "an option off the table (`available: false`) that no "
         "news able to fire puts there"),
    Rule("unvalued-temptation", "warning", "a temptation on an issue its party gives no weight "
         "(the gain is multiplied by 0)"),
    Rule("trust-grid", "warning", f"initial trust the grid and prior strength cannot hold (the "
         f"prior's mean on the grid is more than {lint_play.TRUST_SLACK} away)"),
    Rule("toothless-sanction", "warning", "a sanction level that costs its target nothing"),
    Rule("costly-sanction", "warning", "a sanction level that costs its sender more than its "
         "target"),
    Rule("never-fires", "warning", "an event whose trigger can never hold: probability 0, a flag "
         "no event that can fire sets, a flag both set and not set, trust below the grid's "
         "lowest point or above its highest, a commitment in round 1 (news comes before the "
         "talks) or of an option that can never be signed, more incidents than can have "
         "happened"),
    Rule("out-of-range", "warning", "news that pushes trust outside the grid, a weight past "
         f"{lint_events.WEIGHT_LIMIT:g}, a value or status quo past the format's limits, or "
         "verification to false_alarm >= detect"),
    Rule("long-brief", "warning", f"a brief a seat must read (the delegation's, and with it a "
         f"role's) over {lint_play.BRIEF_WORDS:,} words"),
    Rule("too-long", "warning", f"more than {lint_play.LESSON_MINUTES} minutes of play at the "
         f"timers, or a negotiate timer shorter than {lint_play.OFFER_SECONDS} s an offer plus "
         f"{lint_play.TRACK_SECONDS} s a track"),
)
CODES = {rule.code: rule for rule in RULES}


def findings(scenario: Scenario) -> Iterator[Finding]:
    """Every lint finding for a scenario, rule by rule."""
    triggers = lint_events.Triggers(scenario, set(lint_deals.signable(scenario)))
    yield from lint_deals.no_value(scenario)
    yield from lint_deals.zones(scenario)
    yield from lint_deals.dominated(scenario)
    yield from lint_deals.links(scenario, triggers.possible)
    yield from lint_deals.unvalued_temptation(scenario)
    yield from lint_play.trust_grid(scenario)
    yield from lint_play.sanction_costs(scenario)
    yield from lint_events.never_fires(scenario, triggers)
    yield from lint_events.out_of_range(scenario, triggers)
    yield from lint_play.long_briefs(scenario)
    yield from lint_play.timers(scenario)


@dataclass(frozen=True)
class Linted:
    """A linted file: its scenario (None if it does not load), every problem sorted by
    position, and its tree, to place later findings (a balance run's) in the same file."""

    name: str
    scenario: Scenario | None
    problems: tuple[Problem, ...]
    tree: Tree | None = None

    def place(self, more: list[Finding]) -> list[Problem]:
        """Findings about this file as problems at their lines (line 1 without a tree)."""
        if self.tree is None:
            return [Problem(self.name, 1, 1, f.severity, f.message, f.code) for f in more]
        return [place(f, self.tree, self.name) for f in more]


def lint_text(data: bytes | str, name: str) -> Linted:
    """The loader's problems and, for a file that loads, the lint's, sorted by position."""
    scenario, problems, tree = analyse_tree(data, name)
    if scenario is None or tree is None:
        return Linted(name, None, tuple(problems), tree)
    problems = problems + [place(f, tree, name) for f in findings(scenario)]
    ordered = sorted(set(problems), key=lambda p: (p.line, p.col, p.severity, p.message))
    return Linted(name, scenario, tuple(ordered), tree)


def lint_file(path: str | os.PathLike[str]) -> Linted:
    """As lint_text, for a file (an unreadable one is a problem too, never an exception)."""
    data, problems = read_file(path)
    if data is None:
        return Linted(os.fspath(path), None, tuple(problems))
    return lint_text(data, os.fspath(path))
