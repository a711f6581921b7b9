"""Deal analysis: the package space, its Pareto frontier and the classic bargaining solutions.

Utilities are per round, with full compliance, for the parties in PARTIES order (us, cn):
a package gives party p  Σ_k weight_p[k] · value_p(option_k)  (an issue left open adds 0),
and the package with no agreement at all gives no_deal_p. Because utilities add up issue by
issue, the frontier is built by merging per-issue point sets with Pareto pruning after each
merge, so a 10-issue scenario never enumerates its millions of packages. Red lines remove
options from the agreement space: a package either side has sworn never to accept is no deal.
See docs/model.md ("Deal analysis") for the definitions.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from game.core.scenario import PARTIES, Scenario
from game.core.state import GameState

Package = tuple[tuple[str, str], ...]  # ((issue id, option id), ...) sorted: same as Propose.terms
TOL = 1e-9  # utilities closer than this count as equal


@dataclass(frozen=True)
class PackageSpace:
    """Per-issue utility points of both parties: everything the analysis needs."""

    issues: tuple[str, ...]
    options: tuple[tuple[str, ...], ...]  # per issue: options allowed by both sides' red lines
    points: tuple[np.ndarray, ...]  # per issue: [options, 2] per-round utility (us, cn)
    no_deal: np.ndarray  # [2]: per-round utility of no agreement at all
    best: np.ndarray  # [2]: each party's ideal per round (the engine's normalised 100)

    @property
    def size(self) -> int:
        """How many packages there are (each issue: an allowed option or no agreement)."""
        return math.prod(len(o) + 1 for o in self.options)  # exact, however large


def space_from_scenario(
    scenario: Scenario,
    weights: Sequence[Sequence[float]] | None = None,
    value_adj: Mapping[tuple[str, str, str], float] | None = None,
) -> PackageSpace:
    """The package space; weights [party][issue] and value shifts as news left them."""
    adj = dict(value_adj or {})
    if weights is None:
        weights = [[float(scenario.parties[p].weights.get(i.id, 1.0)) for i in scenario.issues]
                   for p in PARTIES]
    forbidden = {(line.issue, opt) for p in PARTIES for line in scenario.parties[p].red_lines
                 for opt in line.forbid}
    options, points, best = [], [], np.zeros(2)
    for k, issue in enumerate(scenario.issues):
        allowed = [o for o in issue.options if (issue.id, o.id) not in forbidden]
        util = np.array([[weights[n][k] * (o.value.get(p, 0.0) + adj.get((p, issue.id, o.id), 0.0))
                          for n, p in enumerate(PARTIES)] for o in issue.options]).reshape(-1, 2)
        best += np.maximum(util.max(axis=0, initial=0.0), 0.0)
        keep = [n for n, o in enumerate(issue.options) if o in allowed]
        options.append(tuple(o.id for o in allowed))
        points.append(util[keep])
    no_deal = np.array([float(scenario.parties[p].no_deal) for p in PARTIES])
    return PackageSpace(tuple(i.id for i in scenario.issues), tuple(options), tuple(points),
                        no_deal, np.maximum(best, no_deal))


def space_from_state(state: GameState) -> PackageSpace:
    """The package space as the game stands: weights and values after the news so far."""
    return space_from_scenario(state.scenario, state.weights, dict(state.value_adj))


def choices_of(space: PackageSpace, package: Package | Mapping[str, str]) -> np.ndarray:
    """A package as option indices per issue (-1 = no agreement); KeyError if not allowed."""
    terms = dict(package)
    out = np.full(len(space.issues), -1)
    for k, issue in enumerate(space.issues):
        if issue not in terms:
            continue
        if terms[issue] not in space.options[k]:
            raise KeyError(f"{issue}={terms[issue]} is not in the agreement space")
        out[k] = space.options[k].index(terms[issue])
    return out


def package_of(space: PackageSpace, choices: np.ndarray) -> Package:
    """Option indices per issue back to (issue, option) pairs."""
    return tuple(sorted((space.issues[k], space.options[k][int(c)])
                        for k, c in enumerate(choices) if c >= 0))


def utilities(space: PackageSpace, choices: np.ndarray) -> np.ndarray:
    """Per-round utilities [..., 2] of packages given as option indices [..., issues]."""
    choices = np.asarray(choices)
    total = np.zeros((*choices.shape[:-1], 2))
    for k, pts in enumerate(space.points):
        padded = np.vstack([pts, np.zeros((1, 2))])  # index -1 -> the zero row
        total += padded[choices[..., k]]
    nothing = (choices < 0).all(axis=-1)
    return np.where(nothing[..., None], space.no_deal, total)


def all_packages(space: PackageSpace, limit: int = 2_000_000) -> np.ndarray:
    """Every package as option indices [N, issues] (brute force; refuses spaces above limit)."""
    if space.size > limit:
        digits = len(str(space.size))
        count = f"{space.size:,}" if digits <= 20 else f"about 10**{digits - 1}"
        raise ValueError(f"{count} packages exceed the enumeration limit {limit:,}")
    ranges = [np.arange(-1, len(o)) for o in space.options]
    if not ranges:
        return np.zeros((1, 0), dtype=int)
    grids = np.meshgrid(*ranges, indexing="ij")
    return np.stack([g.ravel() for g in grids], axis=-1)


def pareto_mask(points: np.ndarray, tol: float = TOL) -> np.ndarray:
    """True for points no other point dominates (one representative kept per tie)."""
    points = np.asarray(points, dtype=float).reshape(-1, 2)
    order = np.lexsort((-points[:, 1], -points[:, 0]))  # us descending, then cn descending
    cn = points[order, 1]
    before = np.concatenate(([-np.inf], np.maximum.accumulate(cn)[:-1]))
    mask = np.zeros(len(points), dtype=bool)
    mask[order[cn > before + tol]] = True
    return mask


@dataclass(frozen=True)
class Frontier:
    """The Pareto frontier: points sorted by the US utility, and the packages that make them."""

    points: np.ndarray  # [F, 2] per-round utility, us ascending (so cn descending)
    choices: np.ndarray  # [F, issues] option indices, -1 = no agreement
    approximate: bool  # True if the frontier was thinned to max_points


def frontier(space: PackageSpace, max_points: int = 50_000) -> Frontier:
    """Merge per-issue point sets with Pareto pruning; keep backpointers to rebuild packages."""
    agreed = np.zeros((0, 2))  # frontier of packages with at least one agreement so far
    stages: list[tuple[np.ndarray, np.ndarray]] = []
    approximate = False
    for pts in space.points:
        m = len(pts)
        full = np.vstack([pts, np.zeros((1, 2))])
        cand = np.vstack([(agreed[:, None, :] + full[None, :, :]).reshape(-1, 2), pts])
        parent = np.concatenate([np.repeat(np.arange(len(agreed)), m + 1), np.full(m, -1)])
        opt = np.concatenate([np.tile(np.append(np.arange(m), -1), len(agreed)), np.arange(m)])
        keep = np.flatnonzero(pareto_mask(cand))
        if len(keep) > max_points:
            keep = keep[np.argsort(cand[keep, 0])]
            keep = keep[np.linspace(0, len(keep) - 1, max_points).round().astype(int)]
            approximate = True
        stages.append((parent[keep], opt[keep]))
        agreed = cand[keep]
    n_issues = len(space.points)
    every = np.vstack([agreed, space.no_deal[None, :]])
    keep = np.flatnonzero(pareto_mask(every))
    keep = keep[np.lexsort((-every[keep, 1], every[keep, 0]))]
    choices = np.full((len(keep), n_issues), -1)
    cur = np.where(keep < len(agreed), keep, -1)
    for k in range(n_issues - 1, -1, -1):
        parent, opt = stages[k]
        choices[:, k] = np.append(opt, -1)[cur]  # cur = -1 picks the padding: nothing agreed
        cur = np.append(parent, -1)[cur]
    return Frontier(every[keep], choices, approximate)


@dataclass(frozen=True)
class Solution:
    """A named point of the deal space: its package and per-round utilities."""

    package: Package
    utility: tuple[float, float]  # per round, (us, cn)
    normalised: tuple[float, float]  # 0 = no deal, 100 = the party's ideal


@dataclass(frozen=True)
class IssueZone:
    """One issue's zone of possible agreement."""

    issue: str
    mutual: tuple[str, ...]  # options both sides value at least as much as leaving it open
    feasible: tuple[str, ...]  # options that belong to some package both prefer to no deal
    us_range: tuple[float, float]  # per-round utility range over allowed options and "open"
    cn_range: tuple[float, float]


@dataclass(frozen=True)
class DealAnalysis:
    """Everything the debrief, the AI and the lint want to know about a deal space."""

    space: PackageSpace
    frontier: Frontier
    acceptable: np.ndarray  # [F] frontier points both prefer (weakly) to no deal
    nash: Solution
    kalai_smorodinsky: Solution
    max_joint: Solution
    ks_point: tuple[float, float]  # KS on the piecewise-linear frontier (may lie between packages)
    ks_ideal: tuple[float, float]  # best utility each side can get in an acceptable package
    zopa: bool  # some package makes one side better off and neither worse off than no deal
    issue_zones: tuple[IssueZone, ...]

    def normalise(self, utility: np.ndarray) -> np.ndarray:
        """Per-round utility [..., 2] on the 0 (no deal) .. 100 (ideal) scale of each party."""
        return normalised(self.space, utility)

    def solution(self, index: int) -> Solution:
        """The frontier point `index` as a Solution."""
        return _solution(self.space, self.frontier, index)


def normalised(space: PackageSpace, utility: np.ndarray) -> np.ndarray:
    """0 = no deal, 100 = the party's ideal (as the engine's normalised score, per round)."""
    span = space.best - space.no_deal
    safe = np.where(span > TOL, span, 1.0)
    out = 100.0 * (np.asarray(utility, dtype=float) - space.no_deal) / safe
    return np.where(span > TOL, out, 0.0)


def _solution(space: PackageSpace, front: Frontier, index: int) -> Solution:
    u = front.points[index]
    return Solution(package_of(space, front.choices[index]), (float(u[0]), float(u[1])),
                    tuple(float(x) for x in normalised(space, u)))


def analyse(space: PackageSpace, max_points: int = 50_000) -> DealAnalysis:
    """Frontier, Nash, Kalai–Smorodinsky, maximum joint gain and the zones of agreement."""
    front = frontier(space, max_points)
    pts, d = front.points, space.no_deal
    gain = pts - d
    ok = (gain >= -TOL).all(axis=1)  # the no-deal point (or one dominating it) is always there
    g = np.where(ok[:, None], np.maximum(gain, 0.0), -np.inf)
    nash_product = np.where(ok, g[:, 0] * g[:, 1], -np.inf)
    no_deal_index = int(np.flatnonzero(ok)[np.argmin(gain[ok].sum(axis=1))])
    nash = int(np.argmax(nash_product)) if nash_product.max() > TOL else no_deal_index
    ideal = np.where(ok[:, None], pts, -np.inf).max(axis=0)
    span = ideal - d
    norm_gain = np.where(span > TOL, g / np.where(span > TOL, span, 1.0), 1.0)
    worst = np.where(ok, norm_gain.min(axis=1), -np.inf)
    top = np.flatnonzero(worst >= worst.max() - TOL)
    ks = int(top[np.argmax(g[top].sum(axis=1))])
    joint = np.where(ok, g.sum(axis=1), -np.inf)
    return DealAnalysis(
        space=space,
        frontier=front,
        acceptable=ok,
        nash=_solution(space, front, nash),
        kalai_smorodinsky=_solution(space, front, ks),
        max_joint=_solution(space, front, int(np.argmax(joint))),
        ks_point=_ks_point(norm_gain[ok], d, span),
        ks_ideal=(float(ideal[0]), float(ideal[1])),
        zopa=bool((gain[ok] > TOL).any()),
        issue_zones=issue_zones(space),
    )


def _ks_point(norm_gain: np.ndarray, d: np.ndarray, span: np.ndarray) -> tuple[float, float]:
    """Where the line from no deal to the ideal point crosses the frontier's linear envelope."""
    x, y = norm_gain[:, 0], norm_gain[:, 1]  # sorted by x ascending, y descending
    diff = y - x
    j = int(np.searchsorted(-diff, 0.0))  # first index with y - x <= 0
    if j == 0:
        t = x[0]
    elif j >= len(x):
        t = y[-1]
    else:
        a, b = diff[j - 1], diff[j]  # a > 0 >= b
        s = a / (a - b)
        t = x[j - 1] + s * (x[j] - x[j - 1])
    point = d + t * span
    return float(point[0]), float(point[1])


def issue_zones(space: PackageSpace) -> tuple[IssueZone, ...]:
    """Per issue: options both like, and options that fit in some package both prefer to no deal."""
    n = len(space.points)
    open_space = [np.vstack([p, np.zeros((1, 2))]) for p in space.points]
    prefix = [np.zeros((1, 2))]
    for pts in open_space:
        prefix.append(_merge(prefix[-1], pts))
    suffix = [np.zeros((1, 2))]
    for pts in reversed(open_space):
        suffix.append(_merge(suffix[-1], pts))
    suffix = suffix[::-1]  # suffix[k]: frontier of issues k.. (all open allowed)
    zones = []
    for k, pts in enumerate(space.points):
        pre, suf = prefix[k], suffix[k + 1]
        suf = suf[np.argsort(suf[:, 0])]  # us ascending, so cn descending
        need = space.no_deal[None, None, :] - pre[:, None, :] - pts[None, :, :]  # [P, m, 2]
        j = np.searchsorted(suf[:, 0], need[..., 0] - TOL)
        top_cn = np.append(suf[:, 1], -np.inf)[j]
        feasible = (top_cn >= need[..., 1] - TOL).any(axis=0) if len(pts) else np.zeros(0, bool)
        mutual = (pts >= -TOL).all(axis=1)
        ranges = open_space[k]
        zones.append(IssueZone(
            issue=space.issues[k],
            mutual=tuple(o for o, ok in zip(space.options[k], mutual, strict=True) if ok),
            feasible=tuple(o for o, ok in zip(space.options[k], feasible, strict=True) if ok),
            us_range=(float(ranges[:, 0].min()), float(ranges[:, 0].max())),
            cn_range=(float(ranges[:, 1].min()), float(ranges[:, 1].max())),
        ))
    assert len(zones) == n
    return tuple(zones)


def _merge(front: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """The Pareto frontier of the Minkowski sum of two point sets."""
    cand = (front[:, None, :] + pts[None, :, :]).reshape(-1, 2)
    return cand[pareto_mask(cand)]


@dataclass(frozen=True)
class Assessment:
    """How one package compares with the deal space."""

    package: Package
    utility: tuple[float, float]
    normalised: tuple[float, float]
    acceptable: bool  # both weakly prefer it to no deal
    on_frontier: bool
    distance_to_frontier: float  # normalised units to the nearest frontier point dominating it
    distance_to_nash: float  # normalised units to the Nash solution


def assess(analysis: DealAnalysis, package: Package | Mapping[str, str]) -> Assessment:
    """Utility, acceptability and distances (on the 0–100 scales) of one package."""
    space = analysis.space
    u = utilities(space, choices_of(space, package))
    nu = analysis.normalise(u)
    front = analysis.normalise(analysis.frontier.points)
    dominating = (analysis.frontier.points >= u - TOL).all(axis=1)
    dist = np.linalg.norm(front[dominating] - nu, axis=1).min(initial=np.inf)
    nash = np.array(analysis.nash.normalised)
    return Assessment(
        package=package_of(space, choices_of(space, package)),
        utility=(float(u[0]), float(u[1])),
        normalised=(float(nu[0]), float(nu[1])),
        acceptable=bool((u >= space.no_deal - TOL).all()),
        on_frontier=bool(dist <= 1e-6),
        distance_to_frontier=float(dist) if np.isfinite(dist) else 0.0,
        distance_to_nash=float(np.linalg.norm(nu - nash)),
    )


def analyse_scenario(scenario: Scenario) -> DealAnalysis:
    """The analysis of a scenario as written (before any news changes weights or values)."""
    return analyse(space_from_scenario(scenario))
