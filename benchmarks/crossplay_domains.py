"""Bilateral multi-issue domains for the cross-play: the shipped talks, random domains and
classic competition-style domains (written here, numbers our own).

Every domain settles every issue: the game's "leave an issue out" is the explicit option
`out` (worth 0 to both) in the domains drawn from scenarios. A side's utility is additive:
utility(outcome) = sum of table[issue][option]; `forbidden` options are that side's red lines.
"""

from __future__ import annotations

import pathlib
import sys
from dataclasses import dataclass

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from game.ai.packages import Domain  # noqa: E402
from game.scenario.loader import load_scenario  # noqa: E402

OUT = "out"  # the explicit "left out" option of scenario domains


@dataclass(frozen=True)
class Side:
    """One side of a domain: utility table, no-deal value and red lines."""

    table: dict[str, dict[str, float]]
    no_deal: float
    forbidden: frozenset[tuple[str, str]] = frozenset()


@dataclass(frozen=True)
class Talks:
    """A two-sided domain: its issues (id, options) and the two sides."""

    name: str
    family: str  # "flagship", "random" or "classic"
    issues: tuple[tuple[str, tuple[str, ...]], ...]
    sides: tuple[Side, Side]

    def domain(self, side: int) -> Domain:
        """The Truce negotiating domain of one side."""
        s = self.sides[side]
        return Domain(self.issues, s.table, {}, s.no_deal, s.forbidden)

    def utility(self, side: int, outcome: dict[str, str]) -> float:
        """A side's utility of a complete outcome."""
        table = self.sides[side].table
        return float(sum(table[i][o] for i, o in outcome.items()))

    def crosses(self, side: int, outcome: dict[str, str]) -> bool:
        """True when the outcome crosses the side's red line."""
        return any((i, o) in self.sides[side].forbidden for i, o in outcome.items())

    def best(self, side: int) -> float:
        """The side's best utility over outcomes that respect its red lines."""
        s = self.sides[side]
        return float(sum(
            max(v for o, v in s.table[i].items() if (i, o) not in s.forbidden)
            for i, _ in self.issues
        ))

    def normalised(self, side: int, outcome: dict[str, str] | None) -> float:
        """0 = no deal, 1 = the side's best; an agreement across its red line counts as -1."""
        s = self.sides[side]
        if outcome is None:
            return 0.0
        if self.crosses(side, outcome):
            return -1.0
        span = max(self.best(side) - s.no_deal, 1e-9)
        return (self.utility(side, outcome) - s.no_deal) / span


def from_scenario(path: pathlib.Path, name: str) -> Talks:
    """A scenario's talks, valued per round at full compliance (weights x values)."""
    scenario = load_scenario(path)
    issues = tuple((i.id, (OUT, *(o.id for o in i.options))) for i in scenario.issues)
    sides = []
    for party_id in ("us", "cn"):
        party = scenario.parties[party_id]
        table = {
            i.id: {OUT: 0.0, **{
                o.id: float(party.weights.get(i.id, 1.0) * o.value.get(party_id, 0.0))
                for o in i.options
            }}
            for i in scenario.issues
        }
        forbidden = frozenset((r.issue, o) for r in party.red_lines for o in r.forbid)
        sides.append(Side(table, float(party.no_deal), forbidden))
    return Talks(name, "flagship", issues, (sides[0], sides[1]))


def random_talks(seed: int) -> Talks:
    """A random domain of 4-6 issues with 3-5 options each, values in [0, 1] times random
    weights; the sides' no-deal values are random shares of their best."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(4, 7))
    issues = tuple((f"i{k}", tuple(f"v{j}" for j in range(int(rng.integers(3, 6)))))
                   for k in range(n))
    sides = []
    for _ in range(2):
        weights = rng.dirichlet(np.ones(n))
        table = {i: {o: float(w * v) for o, v in zip(opts, rng.random(len(opts)), strict=True)}
                 for (i, opts), w in zip(issues, weights, strict=True)}
        best = sum(max(t.values()) for t in table.values())
        sides.append(Side(table, float(best * rng.uniform(0.0, 0.5))))
    return Talks(f"random-{seed}", "random", issues, (sides[0], sides[1]))


def _side(weights: dict[str, float], values: dict[str, list[float]],
          options: dict[str, tuple[str, ...]], no_deal: float) -> Side:
    table = {i: {o: weights[i] * v for o, v in zip(options[i], values[i], strict=True)}
             for i in options}
    return Side(table, no_deal)


def classic(name: str, options: dict[str, tuple[str, ...]],
            a: tuple[dict[str, float], dict[str, list[float]], float],
            b: tuple[dict[str, float], dict[str, list[float]], float]) -> Talks:
    """A classic-style domain from per-side (weights, values 0..1 per option, no-deal)."""
    issues = tuple(options.items())
    sides = (_side(*a[:2], options, a[2]), _side(*b[:2], options, b[2]))
    return Talks(name, "classic", issues, sides)


def classic_talks() -> list[Talks]:
    """Five small domains in the style of the early competitions (a buyer and a seller of a
    laptop, a job offer, a party, a supply contract, a holiday), with our own numbers."""
    laptop = {"brand": ("a", "b", "c"), "screen": ("15", "17", "19"), "disk": ("60", "80", "120")}
    job = {"salary": ("40k", "50k", "60k", "70k"), "days-off": ("20", "25", "30"),
           "car": ("no", "yes"), "start": ("now", "1m", "3m"), "remote": ("0", "2", "5")}
    party = {"food": ("finger", "buffet", "dinner", "none"),
             "drinks": ("beer", "wine", "cocktails"),
             "place": ("home", "bar", "hall", "park"), "music": ("band", "dj", "playlist"),
             "invites": ("paper", "email", "phone"), "cleanup": ("hire", "us", "guests")}
    supply = {"price": ("p1", "p2", "p3", "p4", "p5"), "delivery": ("1w", "2w", "4w"),
              "payment": ("prepay", "30d", "60d"), "volume": ("small", "medium", "large")}
    holiday = {"place": ("sea", "mountains", "city"), "length": ("1w", "2w", "3w"),
               "stay": ("hotel", "flat", "camping"), "travel": ("train", "plane", "car")}
    return [
        classic("laptop", laptop,
                ({"brand": 0.5, "screen": 0.3, "disk": 0.2},
                 {"brand": [1, 0.6, 0.2], "screen": [0.2, 0.6, 1], "disk": [0.3, 0.6, 1]}, 0.2),
                ({"brand": 0.2, "screen": 0.5, "disk": 0.3},
                 {"brand": [0.3, 0.7, 1], "screen": [1, 0.7, 0.1], "disk": [1, 0.5, 0.2]}, 0.25)),
        classic("job", job,
                ({"salary": 0.4, "days-off": 0.15, "car": 0.1, "start": 0.1, "remote": 0.25},
                 {"salary": [0, 0.4, 0.7, 1], "days-off": [0, 0.5, 1], "car": [0, 1],
                  "start": [0.2, 1, 0.6], "remote": [0.1, 0.6, 1]}, 0.3),
                ({"salary": 0.35, "days-off": 0.1, "car": 0.2, "start": 0.3, "remote": 0.05},
                 {"salary": [1, 0.7, 0.4, 0], "days-off": [1, 0.6, 0.1], "car": [1, 0],
                  "start": [1, 0.6, 0], "remote": [1, 0.7, 0.2]}, 0.3)),
        classic("party", party,
                ({"food": 0.25, "drinks": 0.2, "place": 0.15, "music": 0.2, "invites": 0.05,
                  "cleanup": 0.15},
                 {"food": [0.5, 1, 0.7, 0], "drinks": [0.3, 1, 0.6], "place": [0.4, 1, 0.7, 0.1],
                  "music": [1, 0.6, 0.2], "invites": [0.2, 1, 0.5], "cleanup": [1, 0.2, 0.5]}, 0.2),
                ({"food": 0.1, "drinks": 0.3, "place": 0.25, "music": 0.1, "invites": 0.1,
                  "cleanup": 0.15},
                 {"food": [1, 0.6, 0.2, 0.4], "drinks": [1, 0.2, 0.6], "place": [0.6, 0.2, 1, 0.8],
                  "music": [0.3, 1, 0.8], "invites": [1, 0.4, 0.2],
                  "cleanup": [0.1, 1, 0.7]}, 0.2)),
        classic("supply", supply,
                ({"price": 0.5, "delivery": 0.2, "payment": 0.15, "volume": 0.15},
                 {"price": [0, 0.3, 0.55, 0.8, 1], "delivery": [0.4, 1, 0.3],
                  "payment": [1, 0.5, 0], "volume": [0.2, 0.6, 1]}, 0.25),
                ({"price": 0.45, "delivery": 0.3, "payment": 0.1, "volume": 0.15},
                 {"price": [1, 0.8, 0.5, 0.25, 0], "delivery": [1, 0.6, 0],
                  "payment": [0, 0.5, 1], "volume": [0.5, 1, 0.6]}, 0.2)),
        classic("holiday", holiday,
                ({"place": 0.4, "length": 0.2, "stay": 0.2, "travel": 0.2},
                 {"place": [1, 0.5, 0], "length": [0.3, 1, 0.6], "stay": [1, 0.6, 0],
                  "travel": [0.6, 1, 0.2]}, 0.3),
                ({"place": 0.3, "length": 0.3, "stay": 0.1, "travel": 0.3},
                 {"place": [0.2, 1, 0.6], "length": [0.4, 0.8, 1], "stay": [0.5, 1, 0.6],
                  "travel": [1, 0.3, 0.7]}, 0.3)),
    ]


def every_talks(random_domains: int = 6) -> list[Talks]:
    """The cross-play's domains: both shipped scenarios, random ones and the classics."""
    scenarios = ROOT / "scenarios"
    return [
        from_scenario(scenarios / "state-visit-2015.yaml", "state-visit-2015"),
        from_scenario(scenarios / "cyber-pledge.yaml", "cyber-pledge"),
        *(random_talks(seed) for seed in range(1, random_domains + 1)),
        *classic_talks(),
    ]
