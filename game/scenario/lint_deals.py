"""Lint rules on what can be agreed: values, zones of agreement, dominated options, red lines,
links and options off the table (see game.scenario.lint for the rule list)."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator

import numpy as np

from game.core import analysis
from game.core.links import link_groups, link_problem
from game.core.scenario import PARTIES, Option, Scenario
from game.scenario.checks import Finding

Pair = tuple[str, str]
TOL = 1e-9
NAMES = {"us": "the US", "cn": "China"}
MAX_JOINT = 20_000  # joint choices enumerated per linked group before giving up (never so far)


def option_path(scenario: Scenario, issue: str, option: str) -> tuple:
    """The data path of an option."""
    k = next(n for n, i in enumerate(scenario.issues) if i.id == issue)
    j = next(n for n, o in enumerate(scenario.issues[k].options) if o.id == option)
    return ("issues", k, "options", j)


def red_lined(scenario: Scenario) -> dict[Pair, str]:
    """Options a red line forbids -> the party whose red line it is (the first found)."""
    out: dict[Pair, str] = {}
    for p in PARTIES:
        for line in scenario.parties[p].red_lines:
            for option in line.forbid:
                out.setdefault((line.issue, option), p)
    return out


def no_value(scenario: Scenario) -> Iterator[Finding]:
    """An option worth nothing (its issue's status quo) to a party it binds."""
    for k, issue in enumerate(scenario.issues):
        for j, option in enumerate(issue.options):
            if option.status_quo:
                continue
            for p in option.obliges:
                value = option.value.get(p, 0.0)
                if scenario.parties[p].weights.get(issue.id, 0.0) > 0 \
                        and abs(value - issue.status_quo_of(p)) <= TOL:
                    base = issue.status_quo_of(p)
                    still = " (the issue's status quo)" if base else ""
                    yield Finding(
                        ("issues", k, "options", j, "value", p), "warning",
                        f"'{option.id}' binds {NAMES[p]} but is worth {value:g} to it{still}: "
                        f"{NAMES[p]} gives without getting and never cares whether the other "
                        f"side keeps it; make it worth less than {base:g} for a concession, or "
                        "more for what it gains", "no-value")


def _without_red_lines(scenario: Scenario) -> Scenario:
    parties = {p: dataclasses.replace(scenario.parties[p], red_lines=()) for p in PARTIES}
    return dataclasses.replace(scenario, parties=parties)


def _space(scenario: Scenario) -> analysis.PackageSpace:
    """The package space with every option on the table (news may add those off it)."""
    return analysis.space_from_scenario(scenario, unavailable=frozenset())


def zones(scenario: Scenario) -> Iterator[Finding]:
    """No package both sides prefer to no deal (with or without red lines), and issues none of
    whose options fits in such a package."""
    free = analysis.analyse(_space(_without_red_lines(scenario)))
    if not free.zopa:
        yield Finding(("issues",), "error", "no package makes either side better off than no "
                      "deal without making the other worse off: there is nothing to negotiate "
                      "(check the values, weights, status quo and no_deal)", "no-zopa",
                      at_key=True)
        return
    bound = analysis.analyse(_space(scenario))
    if not bound.zopa:
        first = next((p, n) for p in PARTIES
                     for n, _ in enumerate(scenario.parties[p].red_lines))
        yield Finding(("parties", first[0], "red_lines"), "error",
                      "the red lines leave no package both sides prefer to no deal: nothing "
                      "can be signed to both sides' gain; drop a red line, or add an option "
                      "the other side can accept", "red-line-deadlock", at_key=True)
        return
    for k, zone in enumerate(bound.issue_zones):
        issue = scenario.issues[k]
        real = [o.id for o in issue.options if not o.status_quo]
        if real and not set(zone.feasible) & set(real):
            yield Finding(("issues", k, "id"), "warning",
                          f"no option of '{issue.id}' fits in any package both sides prefer to "
                          "no deal: this track can never be settled to both sides' gain "
                          "(no zone of possible agreement)", "no-zopa")


def _worth(scenario: Scenario, issue_index: int, option: Option) -> np.ndarray:
    issue = scenario.issues[issue_index]
    weights = [scenario.parties[p].weights.get(issue.id, 0.0) for p in PARTIES]
    if option.status_quo:
        return np.array([w * issue.status_quo_of(p) for w, p in zip(weights, PARTIES,
                                                                    strict=True)])
    return np.array([w * option.value.get(p, 0.0) for w, p in zip(weights, PARTIES,
                                                                  strict=True)])


def _twins(a: Option, b: Option) -> bool:
    """Same terms but the values: the same parties bound, temptations, rates, act and links."""
    return (a.obliges == b.obliges and dict(a.temptation) == dict(b.temptation)
            and all(a.rates(p) == b.rates(p) for p in a.obliges) and a.act == b.act
            and set(b.requires) <= set(a.requires))


def dominated(scenario: Scenario) -> Iterator[Finding]:
    """Options that give both sides less than leaving the issue open, or less than a twin
    option (same obligations, temptations and verification) of the same issue."""
    for k, issue in enumerate(scenario.issues):
        still = np.array([scenario.parties[p].weights.get(issue.id, 0.0) * issue.status_quo_of(p)
                          for p in PARTIES])
        for j, option in enumerate(issue.options):
            if option.status_quo:
                continue
            mine = _worth(scenario, k, option)
            path = ("issues", k, "options", j, "value")
            if (mine <= still + TOL).all() and (mine < still - TOL).any():
                yield Finding(path, "warning",
                              f"'{option.id}' is worth less to both sides than leaving "
                              f"'{issue.id}' open: neither has a reason to sign it", "dominated")
                continue
            for other in issue.options:
                if other is option or other.status_quo or not _twins(option, other):
                    continue
                theirs = _worth(scenario, k, other)
                if (theirs >= mine - TOL).all() and (theirs > mine + TOL).any():
                    yield Finding(path, "warning",
                                  f"'{option.id}' is dominated for both sides by '{other.id}', "
                                  "which binds the same way, tempts and is verified alike and "
                                  "is worth at least as much to both", "dominated")
                    break


def _group_choices(scenario: Scenario, issues: list[int],
                   allowed: set[Pair]) -> Iterator[tuple[Pair, ...]]:
    """Joint choices over linked issues (each an allowed option or open) that keep the links."""
    requires = {(i.id, o.id): o.requires for i in scenario.issues for o in i.options
                if o.requires}
    ranges = [[None, *[o.id for o in scenario.issues[k].options
                       if (scenario.issues[k].id, o.id) in allowed]] for k in issues]
    for n, picks in enumerate(itertools.product(*ranges)):
        if n >= MAX_JOINT:
            return
        terms = tuple((scenario.issues[k].id, o) for k, o in zip(issues, picks, strict=True)
                      if o is not None)
        if terms and not link_problem(terms, requires, {}):
            yield terms


def _linked_groups(scenario: Scenario) -> list[list[int]]:
    """Positions of the issues joined by links (only groups that hold a link)."""
    space = tuple((i.id, tuple(o.id for o in i.options)) for i in scenario.issues)
    requires = {(i.id, o.id): o.requires for i in scenario.issues for o in i.options
                if o.requires}
    linked = {i.id for i in scenario.issues for o in i.options for k, _ in o.requires} | {
        i.id for i in scenario.issues if any(o.requires for o in i.options)}
    return [group for group in link_groups(space, requires)
            if any(scenario.issues[k].id in linked for k in group)]


def ever_on_table(scenario: Scenario, possible_events: set[str] | None = None) -> set[Pair]:
    """Options that are on the table at the start or that news which can fire puts there."""
    every = {(i.id, o.id) for i in scenario.issues for o in i.options}
    added = {(e.issue, e.option) for ev in scenario.events
             if possible_events is None or ev.id in possible_events
             for e in ev.effects if e.kind == "add_option"}
    return {pair for pair in every
            if scenario.issue(pair[0]).option(pair[1]).available or pair in added}


def signable(scenario: Scenario, possible_events: set[str] | None = None) -> dict[Pair, str]:
    """Options that can never be signed -> why ('link', 'red-line' or 'off-table')."""
    every = {(i.id, o.id) for i in scenario.issues for o in i.options}
    lines = red_lined(scenario)
    table = ever_on_table(scenario, possible_events)
    out: dict[Pair, str] = {}
    for group in _linked_groups(scenario):
        for reason, allowed in (("link", every),
                                ("red-line", every - set(lines)),
                                ("off-table", (every - set(lines)) & table)):
            found = {pair for terms in _group_choices(scenario, group, allowed) for pair in terms}
            for k in group:
                for option in scenario.issues[k].options:
                    pair = (scenario.issues[k].id, option.id)
                    if pair not in found and pair in allowed and pair not in out:
                        out[pair] = reason
    for pair in every - table:
        out.setdefault(pair, "off-table")
    return out


def _clash(scenario: Scenario, start: Pair) -> str | None:
    """The chain of links that needs two options of one issue, said as the author wrote it
    (None if no chain of links from `start` does)."""
    chains: dict[Pair, list[Pair]] = {start: [start]}
    queue = [start]
    while queue:
        pair = queue.pop(0)
        for need in scenario.issue(pair[0]).option(pair[1]).requires:
            if need in chains:
                continue
            chains[need] = [*chains[pair], need]
            other = next((p for p in chains if p[0] == need[0] and p != need), None)
            if other is not None:
                steps = chains[need][1:]
                said = ", which comes only with ".join(f"{k}={o}" for k, o in steps)
                return (f"it comes only with {said}, and a package holds one option of "
                        f"'{need[0]}', not both {other[1]} and {need[1]}: drop one of these "
                        "links")
            queue.append(need)
    return None


def links(scenario: Scenario, possible_events: set[str] | None = None) -> Iterator[Finding]:
    """Options that can never be signed: links no package keeps, links to options a red line
    forbids, and options never on the table."""
    lines = red_lined(scenario)
    for (issue, option), reason in sorted(signable(scenario, possible_events).items(),
                                          key=lambda x: option_path(scenario, *x[0])):
        path = option_path(scenario, issue, option)
        opt = scenario.issue(issue).option(option)
        needs = ", ".join(f"{k}={o}" for k, o in opt.requires)
        if reason == "link":
            clash = _clash(scenario, (issue, option))
            yield Finding((*path, "requires"), "error",
                          f"'{option}' can never be signed: " + (clash or (
                              "no package keeps its links "
                              f"({needs or 'it is required with options that exclude it'})")),
                          "link-impossible", at_key=bool(opt.requires))
        elif reason == "red-line":
            yield Finding((*path, "requires") if opt.requires else (*path, "id"), "warning",
                          f"'{option}' can never be signed: it comes only with options a red "
                          f"line forbids ({needs or 'through the options it is linked with'})",
                          "unsignable", at_key=bool(opt.requires))
        elif not opt.available and (issue, option) not in lines:
            yield Finding((*path, "available"), "warning",
                          f"'{option}' is off the table and no news that can fire puts it "
                          "there (an add_option effect)", "never-available")
        elif opt.requires and (issue, option) not in lines:
            yield Finding((*path, "requires"), "warning",
                          f"'{option}' can never be signed: it comes only with options that are "
                          f"never on the table ({needs})", "unsignable", at_key=True)


def unvalued_temptation(scenario: Scenario) -> Iterator[Finding]:
    """A temptation on an issue the tempted party gives no weight (so it is multiplied by 0)."""
    for k, issue in enumerate(scenario.issues):
        for j, option in enumerate(issue.options):
            for p in option.obliges:
                gain = option.temptation.get(p, 0.0)
                if gain > 0 and scenario.parties[p].weights.get(issue.id, 0.0) == 0:
                    yield Finding(
                        ("issues", k, "options", j, "temptation", p), "warning",
                        f"{NAMES[p]} gives '{issue.id}' no weight, so this temptation ({gain:g}) "
                        "counts for nothing: breaking the commitment gains it nothing",
                        "unvalued-temptation")
