"""Lint rules on news: triggers that can never hold and effects that push a value out of range
(see game.scenario.lint for the rule list)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from game.core import trust
from game.core.scenario import PARTIES, Condition, Event, Scenario
from game.scenario.checks import Finding
from game.scenario.fields import LIMIT
from game.words import count

WEIGHT_LIMIT = 1000.0  # the largest weight a scenario may declare
NAMES = {"us": "the US", "cn": "China"}


@dataclass(frozen=True)
class Never:
    """Why a condition can never hold, and the path (within the trigger) of the culprit."""

    path: tuple
    reason: str


def rounds_of(event: Event, rounds: int) -> list[int]:
    """The rounds in which an event may fire."""
    return [r for r in (event.trigger.rounds or range(1, rounds + 1)) if 1 <= r <= rounds]


def _max_incidents(scenario: Scenario, by_round: int) -> int:
    """The most incidents there can be when round `by_round`'s news fires (verification of
    every obligation of every earlier round)."""
    per_round = sum(max((len(o.obliges) for o in i.options), default=0)
                    for i in scenario.issues)
    return per_round * (by_round - 1)


class Triggers:
    """Which events can fire, found as a fixed point: a flag condition holds only if an event
    that can fire sets that flag."""

    def __init__(self, scenario: Scenario, unsignable: set[tuple[str, str]]) -> None:
        self.scenario = scenario
        self.unsignable = unsignable
        theta = trust.grid(scenario.trust.grid)
        self.lowest, self.highest = float(theta[0]), float(theta[-1])
        self.possible: set[str] = set()
        changed = True
        while changed:
            changed = False
            flags = self.flags()
            for event in scenario.events:
                if event.id not in self.possible and self.why_never(event, flags) is None:
                    self.possible.add(event.id)
                    changed = True

    def flags(self) -> set[str]:
        """Flags set by events that can fire."""
        return {e.flag for ev in self.scenario.events if ev.id in self.possible
                for e in ev.effects if e.kind == "flag" and e.set}

    def why_never(self, event: Event, flags: set[str] | None = None) -> Never | None:
        """Why the event can never fire (None if it can)."""
        flags = self.flags() if flags is None else flags
        rounds = rounds_of(event, self.scenario.settings.rounds)
        if not rounds:
            return Never(("rounds",), "its rounds are all after the last round")
        if event.trigger.probability <= 0:
            return Never(("probability",), "its probability is 0")
        for n, condition in enumerate(event.trigger.conditions):
            never = self.condition(condition, flags, rounds, ("conditions", n))
            if never is not None:
                return never
        tested = {}
        for n, condition in enumerate(event.trigger.conditions):
            if condition.kind in ("flag", "not_flag"):
                if tested.get(condition.flag, condition.kind) != condition.kind:
                    return Never(("conditions", n), f"it needs flag '{condition.flag}' both "
                                 "set and not set")
                tested[condition.flag] = condition.kind
        return None

    def condition(self, condition: Condition, flags: set[str], rounds: list[int],
                  path: tuple) -> Never | None:
        """Why one condition can never hold in these rounds (None if it can)."""
        kind = condition.kind
        if kind == "any":
            subs = [self.condition(c, flags, rounds, (*path, "conditions", n))
                    for n, c in enumerate(condition.conditions)]
            if subs and all(s is not None for s in subs):
                return Never(path, "none of its conditions can hold (" +
                             "; ".join(s.reason for s in subs if s) + ")")
            return None
        if kind == "flag" and condition.flag not in flags:
            return Never(path, f"no event that can fire sets flag '{condition.flag}'")
        if kind == "trust_below" and condition.value <= self.lowest:
            return Never(path, f"trust is never below {condition.value:g} (it stays inside "
                         f"{self.lowest:g}..{self.highest:g} on this grid)")
        if kind == "trust_above" and condition.value >= self.highest:
            return Never(path, f"trust is never above {condition.value:g} (it stays inside "
                         f"{self.lowest:g}..{self.highest:g} on this grid)")
        if kind == "commitment":
            if max(rounds) == 1:
                return Never(path, "news fires before the talks, so nothing is in force in "
                             "round 1")
            if condition.option and (condition.issue, condition.option) in self.unsignable:
                return Never(path, f"{condition.issue}={condition.option} can never be signed")
        if kind == "incidents_at_least" and condition.value > _max_incidents(
                self.scenario, max(rounds)):
            most = _max_incidents(self.scenario, max(rounds))
            return Never(path, f"at most {count(most, 'incident')} can have happened by round "
                         f"{max(rounds)}'s news")
        return None


def never_fires(scenario: Scenario, triggers: Triggers) -> Iterator[Finding]:
    """Events whose trigger can never hold."""
    for e, event in enumerate(scenario.events):
        if event.id in triggers.possible:
            continue
        never = triggers.why_never(event)
        if never is None:  # it needs a flag only impossible events set
            never = Never(("conditions",), "it needs a flag no event that can fire sets")
        path = ("events", e, "trigger", *never.path)
        if never.path == ("rounds",):
            continue  # the loader already warns at each round after the last
        yield Finding(path, "warning", f"event '{event.id}' can never fire: {never.reason}",
                      "never-fires")


def _times(event: Event, rounds: int) -> int:
    """How many times an event can fire in a game."""
    return 1 if event.once else len(rounds_of(event, rounds))


def out_of_range(scenario: Scenario, triggers: Triggers) -> Iterator[Finding]:
    """Effects that push trust, a weight, a value or a status quo out of its range, and news
    that makes verification uninformative."""
    rounds = scenario.settings.rounds
    theta = trust.grid(scenario.trust.grid)
    low, high = float(theta[0]), float(theta[-1])
    pushed: dict[tuple, float] = {}  # (observer, issue, sign) -> cumulative trust shift so far
    for e, event in enumerate(scenario.events):
        if event.id not in triggers.possible:
            continue
        times = _times(event, rounds)
        for f, effect in enumerate(event.effects):
            path = ("events", e, "effects", f)
            if effect.kind == "trust" and effect.delta:
                for issue in [effect.issue] if effect.issue else [i.id for i in scenario.issues]:
                    key = (effect.party, issue, effect.delta > 0)
                    pushed[key] = pushed.get(key, 0.0) + effect.delta * times
                    start = scenario.trust.initial.get(effect.party, 0.5)
                    reach = start + pushed[key]
                    if not low <= reach <= high:
                        yield Finding((*path, "delta"), "warning",
                                      f"with the news before it, this pushes {NAMES[effect.party]}"
                                      f"'s trust on '{issue}' from its start of {start:g} to "
                                      f"{reach:.2f}; trust stays inside {low:g}..{high:g}, so the "
                                      "rest of the shift is lost", "out-of-range")
                        break
            elif effect.kind == "salience" and effect.factor > 1:
                for p in [effect.party] if effect.party in PARTIES else PARTIES:
                    for issue in [effect.issue] if effect.issue else [
                            i.id for i in scenario.issues]:
                        weight = scenario.parties[p].weights.get(issue, 0.0)
                        reach = weight * effect.factor ** times
                        if reach > WEIGHT_LIMIT:
                            yield Finding((*path, "factor"), "warning",
                                          f"fired {times} times this multiplies "
                                          f"{NAMES[p]}'s weight on '{issue}' to {reach:.3g}, past "
                                          f"the largest weight a scenario may declare "
                                          f"({WEIGHT_LIMIT:g})", "out-of-range")
            elif effect.kind in ("value", "status_quo") and effect.delta:
                yield from _amount(scenario, effect, times, (*path, "delta"))
            elif effect.kind == "verification" and effect.false_alarm >= effect.detect:
                yield Finding(path, "warning", "after this news false_alarm >= detect: a reported "
                              "violation is no evidence of one", "out-of-range")


def _amount(scenario: Scenario, effect, times: int, path: tuple) -> Iterator[Finding]:
    """A value or status quo shifted past the scenario's limits."""
    issue = scenario.issue(effect.issue)
    for p in [effect.party] if effect.party in PARTIES else PARTIES:
        if effect.kind == "value":
            start = issue.option(effect.option).value.get(p, 0.0)
        else:
            start = issue.status_quo_of(p)
        reach = start + effect.delta * times
        if abs(reach) > LIMIT:
            yield Finding(path, "warning", f"fired {times} times this takes {NAMES[p]}'s "
                          f"{effect.kind.replace('_', ' ')} to {reach:.3g}, past the limit of "
                          f"{LIMIT:g}", "out-of-range")
