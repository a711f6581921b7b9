"""Deal analysis: the package space, its Pareto frontier and the classic bargaining solutions.

Utilities are per round, with full compliance, for the parties in PARTIES order (us, cn):
a package gives party p  Σ_k weight_p[k] · value_p(option_k)  (an issue left open adds its
status quo, weight_p[k] · status_quo_p[k]), and the package with no agreement at all (nothing
but status quo options) gives no_deal_p plus every issue's status quo. Because utilities add
up issue by issue, the frontier is built by merging per-issue point sets with Pareto pruning
after each merge, so a 10-issue scenario never enumerates its millions of packages; issues
joined by linked options are merged as one, over the joint choices that keep the links. Red
lines remove options from the agreement space: a package either side has sworn never to
accept is no deal. See docs/model.md ("Deal analysis") for the definitions.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from game.core.links import link_groups, link_problem
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
    no_deal: np.ndarray  # [2]: per-round utility of no agreement at all (status quo included)
    best: np.ndarray  # [2]: each party's ideal per round (the engine's normalised 100)
    open: np.ndarray | None = None  # [issues, 2]: an issue left open (its status quo); None: 0
    neutral: frozenset[tuple[str, str]] = frozenset()  # status quo options: pay as left open
    closed: frozenset[tuple[str, str]] = frozenset()  # options off the table: valued, not offered
    requires: Mapping[tuple[str, str], tuple[tuple[str, str], ...]] = field(default_factory=dict)

    @property
    def size(self) -> int:
        """How many packages there are (each issue: an allowed option or no agreement)."""
        return math.prod(len(o) + 1 for o in self.options)  # exact, however large

    def open_utility(self, k: int) -> np.ndarray:
        """[2]: the utility of leaving issue k open (its status quo)."""
        return np.zeros(2) if self.open is None else self.open[k]


def space_from_scenario(
    scenario: Scenario,
    weights: Sequence[Sequence[float]] | None = None,
    value_adj: Mapping[tuple[str, str, str], float] | None = None,
    status_quo_adj: Mapping[tuple[str, str], float] | None = None,
    unavailable: frozenset[tuple[str, str]] | None = None,
) -> PackageSpace:
    """The package space; weights [party][issue], value and status quo shifts, and the options
    off the table as news left them (by default: as the scenario starts)."""
    adj = dict(value_adj or {})
    still_adj = dict(status_quo_adj or {})
    if weights is None:
        weights = [[float(scenario.parties[p].weights.get(i.id, 1.0)) for i in scenario.issues]
                   for p in PARTIES]
    if unavailable is None:
        unavailable = frozenset((i.id, o.id) for i in scenario.issues for o in i.options
                                if not o.available)
    forbidden = {(line.issue, opt) for p in PARTIES for line in scenario.parties[p].red_lines
                 for opt in line.forbid}
    options, points, best = [], [], np.zeros(2)
    open_rows = np.zeros((len(scenario.issues), 2))
    neutral, requires = set(), {}
    for k, issue in enumerate(scenario.issues):
        allowed = [o for o in issue.options if (issue.id, o.id) not in forbidden]
        still = [weights[n][k] * (issue.status_quo_of(p) + still_adj.get((p, issue.id), 0.0))
                 for n, p in enumerate(PARTIES)]
        open_rows[k] = still
        util = np.array([still if o.status_quo else
                         [weights[n][k] * (o.value.get(p, 0.0) + adj.get((p, issue.id, o.id), 0.0))
                          for n, p in enumerate(PARTIES)] for o in issue.options]).reshape(-1, 2)
        if open_rows[k].any():  # the best of the options and the status quo (as the engine)
            best += np.maximum(util.max(axis=0, initial=-np.inf), open_rows[k])
        else:
            best += np.maximum(util.max(axis=0, initial=0.0), 0.0)
        keep = [n for n, o in enumerate(issue.options) if o in allowed]
        options.append(tuple(o.id for o in allowed))
        points.append(util[keep])
        neutral |= {(issue.id, o.id) for o in allowed if o.status_quo}
        requires.update({(issue.id, o.id): tuple(o.requires) for o in allowed if o.requires})
    no_deal = np.array([float(scenario.parties[p].no_deal) for p in PARTIES])
    if open_rows.any():
        no_deal = no_deal + open_rows.sum(axis=0)
    return PackageSpace(tuple(i.id for i in scenario.issues), tuple(options), tuple(points),
                        no_deal, np.maximum(best, no_deal),
                        open_rows if open_rows.any() else None, frozenset(neutral),
                        frozenset(unavailable), requires)


def space_from_state(state: GameState) -> PackageSpace:
    """The package space as the game stands: weights, values, status quo and the options on
    the table after the news so far."""
    return space_from_scenario(state.scenario, state.weights, dict(state.value_adj),
                               dict(state.status_quo_adj), state.unavailable)


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


def _neutral_mask(space: PackageSpace) -> list[np.ndarray]:
    """Per issue: which options are status quo options (they pay as if the issue were open)."""
    return [np.array([(space.issues[k], o) in space.neutral for o in opts], dtype=bool)
            for k, opts in enumerate(space.options)]


def utilities(space: PackageSpace, choices: np.ndarray) -> np.ndarray:
    """Per-round utilities [..., 2] of packages given as option indices [..., issues]."""
    choices = np.asarray(choices)
    total = np.zeros((*choices.shape[:-1], 2))
    for k, pts in enumerate(space.points):
        padded = np.vstack([pts, space.open_utility(k)[None, :]])  # index -1 -> left open
        total += padded[choices[..., k]]
    nothing = (choices < 0).all(axis=-1)
    if space.neutral:
        for k, mask in enumerate(_neutral_mask(space)):
            nothing = nothing & ((choices[..., k] < 0) | np.append(mask, True)[choices[..., k]])
    return np.where(nothing[..., None], space.no_deal, total)


def feasible(space: PackageSpace, choices: np.ndarray) -> np.ndarray:
    """[...]: whether packages (option indices [..., issues]) keep every link and name only
    options on the table."""
    choices = np.asarray(choices)
    flat = choices.reshape(-1, choices.shape[-1])
    if not space.requires and not space.closed:
        return np.ones(choices.shape[:-1], dtype=bool)
    ok = np.ones(len(flat), dtype=bool)
    for row, picks in enumerate(flat):
        terms = package_of(space, picks)
        ok[row] = not any(t in space.closed for t in terms) and not link_problem(
            terms, space.requires, {})
    return ok.reshape(choices.shape[:-1])


def all_packages(space: PackageSpace, limit: int = 2_000_000) -> np.ndarray:
    """Every package as option indices [N, issues] (brute force; refuses spaces above limit);
    packages that break a link or name an option off the table are left out."""
    if space.size > limit:
        digits = len(str(space.size))
        count = f"{space.size:,}" if digits <= 20 else f"about 10**{digits - 1}"
        raise ValueError(f"{count} packages exceed the enumeration limit {limit:,}")
    ranges = [np.arange(-1, len(o)) for o in space.options]
    if not ranges:
        return np.zeros((1, 0), dtype=int)
    grids = np.meshgrid(*ranges, indexing="ij")
    every = np.stack([g.ravel() for g in grids], axis=-1)
    return every[feasible(space, every)] if space.requires or space.closed else every


@dataclass(frozen=True)
class Digit:
    """Issues merged as one in the frontier: linked issues join; a lone issue is its own.
    `choices` [J, len(positions)] are the joint option indices (-1 = open) that are a real
    agreement and keep the links; `points` [J, 2] their utilities; `open` [2] all left open."""

    positions: tuple[int, ...]
    choices: np.ndarray
    points: np.ndarray
    open: np.ndarray


def digits(space: PackageSpace) -> list[Digit]:
    """The frontier's merge units, in issue order (one per issue when nothing is linked)."""
    table = [tuple((space.issues[k], o) not in space.closed for o in opts)
             for k, opts in enumerate(space.options)]
    neutral = _neutral_mask(space)
    space_pairs = tuple((k, opts) for k, opts in zip(space.issues, space.options, strict=True))
    out = []
    for group in link_groups(space_pairs, space.requires):
        open_g = sum((space.open_utility(k) for k in group), np.zeros(2)) if space.open \
            is not None else np.zeros(2)
        if len(group) == 1 and not any((space.issues[group[0]], o) in space.requires
                                       for o in space.options[group[0]]):
            k = group[0]
            keep = [j for j in range(len(space.options[k])) if table[k][j] and not neutral[k][j]]
            pts = space.points[k][keep] if len(keep) != len(space.options[k]) else space.points[k]
            out.append(Digit((k,), np.array(keep, dtype=int).reshape(-1, 1), pts,
                             space.open_utility(k)))
            continue
        rows, points = [], []
        for picks in itertools.product(*[range(-1, len(space.options[k])) for k in group]):
            real = [(k, j) for k, j in zip(group, picks, strict=True) if j >= 0]
            if any(not table[k][j] for k, j in real) or all(neutral[k][j] for k, j in real):
                continue
            terms = tuple((space.issues[k], space.options[k][j]) for k, j in real)
            if link_problem(terms, space.requires, {}):
                continue
            rows.append(picks)
            points.append(sum((space.points[k][j] if j >= 0 else space.open_utility(k)
                               for k, j in zip(group, picks, strict=True)), np.zeros(2)))
        out.append(Digit(tuple(group), np.array(rows, dtype=int).reshape(-1, len(group)),
                         np.array(points, dtype=float).reshape(-1, 2), open_g))
    return out


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
    units = digits(space)
    before = np.zeros(2)  # the issues merged so far, all left open
    for unit in units:
        pts = unit.points
        m = len(pts)
        full = np.vstack([pts, unit.open[None, :]])
        first = pts + before if before.any() else pts
        before = before + unit.open
        cand = np.vstack([(agreed[:, None, :] + full[None, :, :]).reshape(-1, 2), first])
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
    for u in range(len(units) - 1, -1, -1):
        parent, opt = stages[u]
        picked = np.append(opt, -1)[cur]  # cur = -1 picks the padding: nothing agreed
        joint = np.vstack([units[u].choices, np.full((1, len(units[u].positions)), -1)])
        choices[:, list(units[u].positions)] = joint[picked]
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
    units = digits(space)
    open_space = [np.vstack([u.points, u.open[None, :]]) for u in units]
    prefix = [np.zeros((1, 2))]
    for pts in open_space:
        prefix.append(_merge(prefix[-1], pts))
    suffix = [np.zeros((1, 2))]
    for pts in reversed(open_space):
        suffix.append(_merge(suffix[-1], pts))
    suffix = suffix[::-1]  # suffix[u]: frontier of units u.. (all open allowed)
    fits = [set() for _ in space.issues]  # per issue: indices of options in an acceptable package
    for u, unit in enumerate(units):
        pts = unit.points
        pre, suf = prefix[u], suffix[u + 1]
        suf = suf[np.argsort(suf[:, 0])]  # us ascending, so cn descending
        need = space.no_deal[None, None, :] - pre[:, None, :] - pts[None, :, :]  # [P, m, 2]
        j = np.searchsorted(suf[:, 0], need[..., 0] - TOL)
        top_cn = np.append(suf[:, 1], -np.inf)[j]
        ok = (top_cn >= need[..., 1] - TOL).any(axis=0) if len(pts) else np.zeros(0, bool)
        for row in unit.choices[ok]:
            for k, pick in zip(unit.positions, row, strict=True):
                if pick >= 0:
                    fits[k].add(int(pick))
    zones = []
    neutral = _neutral_mask(space)
    for k, pts in enumerate(space.points):
        still = space.open_utility(k)
        mutual = (pts >= still - TOL).all(axis=1) if space.open is not None else \
            (pts >= -TOL).all(axis=1)
        on_table = [(space.issues[k], o) not in space.closed for o in space.options[k]]
        ranges = np.vstack([pts[on_table], still[None, :]])
        zones.append(IssueZone(
            issue=space.issues[k],
            mutual=tuple(o for o, ok, t in zip(space.options[k], mutual, on_table, strict=True)
                         if ok and t),
            feasible=tuple(o for j, o in enumerate(space.options[k])
                           if (j in fits[k] or neutral[k][j]) and on_table[j]),
            us_range=(float(ranges[:, 0].min()), float(ranges[:, 0].max())),
            cn_range=(float(ranges[:, 1].min()), float(ranges[:, 1].max())),
        ))
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
    picks = choices_of(space, package)
    u = utilities(space, picks)
    nu = analysis.normalise(u)
    front = analysis.normalise(analysis.frontier.points)
    dominating = (analysis.frontier.points >= u - TOL).all(axis=1)
    dist = np.linalg.norm(front[dominating] - nu, axis=1).min(initial=np.inf)
    nash = np.array(analysis.nash.normalised)
    return Assessment(
        package=package_of(space, picks),
        utility=(float(u[0]), float(u[1])),
        normalised=(float(nu[0]), float(nu[1])),
        acceptable=bool((u >= space.no_deal - TOL).all()
                        and not link_problem(tuple(dict(package).items()), space.requires, {})),
        on_frontier=bool(dist <= 1e-6),
        distance_to_frontier=float(dist) if np.isfinite(dist) else 0.0,
        distance_to_nash=float(np.linalg.norm(nu - nash)),
    )


def analyse_scenario(scenario: Scenario) -> DealAnalysis:
    """The analysis of a scenario as written (before any news changes weights or values)."""
    return analyse(space_from_scenario(scenario))
