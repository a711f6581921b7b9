"""The package space of a negotiating domain: every package's value to us, searched with numpy.

A package chooses, for each issue, an option or nothing (the issue stays out of the deal).
Small spaces are enumerated once; large ones are searched along the convex hull of
(own utility, opponent utility) plus one-issue variations, which is exact on the hull because
utilities are additive across issues.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from game.core.links import link_problem

Package = dict[str, str]  # issue id -> option id; an absent issue is not part of the deal
EXACT_LIMIT = 60_000  # enumerate spaces up to this many packages
SWEEP = 41  # trade-off weights tried when the space is too large to enumerate


@dataclass(frozen=True)
class Domain:
    """A multi-issue negotiation seen by one side: its options, values, weights and no-deal value.

    utility(package) = sum over the package's issues of weight[issue] * value[issue][option];
    issues left out of the package add nothing. ``no_deal`` is the utility of no agreement:
    a rational negotiator never accepts less. ``forbidden`` holds (issue, option) red lines.
    ``requires`` links an (issue, option) to the pairs it comes only with, in the package or in
    ``standing`` (issue -> option in force, and not replaced by the package).
    """

    issues: tuple[tuple[str, tuple[str, ...]], ...]
    values: Mapping[str, Mapping[str, float]]
    weights: Mapping[str, float] = field(default_factory=dict)
    no_deal: float = 0.0
    forbidden: frozenset[tuple[str, str]] = frozenset()
    requires: Mapping[tuple[str, str], tuple[tuple[str, str], ...]] = field(default_factory=dict)
    standing: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        issues = tuple((str(i), tuple(str(o) for o in opts)) for i, opts in self.issues)
        object.__setattr__(self, "issues", issues)
        object.__setattr__(self, "forbidden", frozenset(self.forbidden))
        for issue, options in issues:
            for option in options:
                if issue not in self.values or option not in self.values[issue]:
                    raise ValueError(f"domain: no value for option {option!r} of issue {issue!r}")

    def _key(self) -> tuple:
        values = tuple((i, tuple(sorted(self.values[i].items()))) for i, _ in self.issues)
        return (self.issues, values, tuple(sorted(self.weights.items())), self.no_deal,
                self.forbidden, tuple(sorted(self.requires.items())),
                tuple(sorted(self.standing.items())))

    def __hash__(self) -> int:
        """Domains are values: equal domains hash alike, so they can key a cache or a set."""
        return hash(self._key())

    def weight(self, issue: str) -> float:
        """The salience of an issue (1 when not given)."""
        return float(self.weights.get(issue, 1.0))

    def utility(self, package: Mapping[str, str]) -> float:
        """Own utility of a package (KeyError for an unknown issue or option)."""
        return float(sum(self.weight(i) * self.values[i][o] for i, o in package.items()))

    def allows(self, package: Mapping[str, str]) -> bool:
        """True unless the package crosses a red line or names an unknown issue or option."""
        known = dict(self.issues)
        return all(
            i in known and o in known[i] and (i, o) not in self.forbidden
            for i, o in package.items()
        ) and not (self.requires and link_problem(tuple(package.items()), self.requires,
                                                  self.standing))


def unique_rows(rows: np.ndarray) -> np.ndarray:
    """np.unique(rows, axis=0) for rows of option indices (0..65535), in the same order, but
    fast on wide rows: each row is compared as one byte string, big-endian so that byte
    order is number order (np.unique sorts rows of 150 issues field by field, slowly)."""
    if rows.size == 0:
        return np.unique(rows, axis=0)
    _, first = np.unique(_row_bytes(rows), return_index=True)
    return rows[first]


def _row_bytes(rows: np.ndarray) -> np.ndarray:
    """Each index row as one byte string (big-endian, so byte order is number order)."""
    rows = np.asarray(rows).reshape(len(rows), -1)
    return np.ascontiguousarray(rows.astype(">u2")).view(f"S{2 * rows.shape[1]}").ravel()


class PackageSpace:
    """Index form of a domain: per-issue choice lists (index 0 = left out) and utility tables.

    With ``complete`` every package settles every issue (index 0 is never used). Each row
    has an integer key (mixed radix over the choice counts; a byte string in spaces too large
    for 64-bit keys), so membership tests against turned-down packages are one vectorised
    lookup. With links (``domain.requires``) only packages that keep them are candidates.
    """

    def __init__(self, domain: Domain, exact_limit: int = EXACT_LIMIT,
                 complete: bool = False) -> None:
        self.domain = domain
        self.complete = complete
        self.lowest = 1 if complete else 0  # the first choice index a package may use
        self.issue_ids = [i for i, _ in domain.issues]
        self.choices: list[tuple[str | None, ...]] = [
            (None, *(o for o in opts if (i, o) not in domain.forbidden))
            for i, opts in domain.issues
        ]
        if complete and any(len(ch) < 2 for ch in self.choices):
            raise ValueError("domain: a complete package needs an allowed option on every issue")
        self.own = [
            np.array([0.0] + [domain.weight(i) * float(domain.values[i][o]) for o in ch[1:]])
            for i, ch in zip(self.issue_ids, self.choices, strict=True)
        ]
        counts = [len(c) for c in self.choices]
        self.size = math.prod(n - self.lowest for n in counts)  # exact, however large
        self.wide = math.prod(counts) >= 2**62  # too many packages for 64-bit keys
        self.radix = np.zeros(len(counts), dtype=np.int64) if self.wide else \
            np.cumprod([1, *counts[:-1]]).astype(np.int64)
        self.exact = self.size <= exact_limit
        self.best_own = np.array([self.lowest + int(np.argmax(u[self.lowest:])) for u in self.own],
                                 dtype=np.int16)
        self.max_utility = float(sum(u[self.lowest:].max() for u in self.own))
        if self.exact:
            grids = np.indices([n - self.lowest for n in counts]).reshape(len(counts), -1).T
            grids = grids + self.lowest
            self.grid = grids[grids.any(axis=1)].astype(np.int16)  # drop the empty package
            if domain.requires:
                self.grid = self.grid[self.linked(self.grid)]
            self.grid_columns = [np.ascontiguousarray(self.grid[:, pos], dtype=np.intp)
                                 for pos in range(len(counts))]
            self.grid_own = self.grid_utilities(self.own)
            self.grid_keys = np.zeros(len(self.grid), dtype=np.int64)
            for column, radix in zip(self.grid_columns, self.radix, strict=True):
                self.grid_keys += column * radix
        if domain.requires:  # the best package that keeps the links (nothing, if none does)
            rows, own, _ = self.candidates([np.zeros(len(c)) for c in self.choices])
            best = int(np.argmax(own)) if len(rows) else -1
            self.best_own = rows[best].copy() if len(rows) else \
                np.zeros(len(self.choices), np.int16)
            self.max_utility = float(own[best]) if len(rows) else 0.0

    def linked(self, rows: np.ndarray) -> np.ndarray:
        """Which index rows keep every link (a linked option comes with what it requires)."""
        ok = np.ones(len(rows), dtype=bool)
        where = {issue: pos for pos, issue in enumerate(self.issue_ids)}
        for (issue, option), needs in self.domain.requires.items():
            if issue not in where or option not in self.choices[where[issue]]:
                continue
            chosen = rows[:, where[issue]] == self.choices[where[issue]].index(option)
            for other, wanted in needs:
                pos = where.get(other)
                if pos is None or wanted not in self.choices[pos]:
                    held = False if pos is None else None
                else:
                    held = rows[:, pos] == self.choices[pos].index(wanted)
                standing = self.domain.standing.get(other) == wanted
                keep = (rows[:, pos] == 0) & standing if pos is not None else standing
                if held is None or held is False:
                    ok &= ~chosen | keep
                else:
                    ok &= ~chosen | held | keep
        return ok

    @classmethod
    def of(cls, domain: Domain, complete: bool = False) -> PackageSpace:
        """The (shared, read-only) package space of a domain: built once per domain, since
        a game agent builds a fresh negotiator for every decision."""
        return _space(domain, complete)

    # -- conversions -------------------------------------------------------------------------
    def package(self, row: Sequence[int]) -> Package:
        """The package named by an index row."""
        return {i: ch[k] for i, ch, k in zip(self.issue_ids, self.choices, row, strict=True) if k}

    def row(self, package: Mapping[str, str]) -> np.ndarray | None:
        """The index row of a package, or None if it crosses a red line, is unknown, or (in a
        complete space) leaves an issue out."""
        out = np.zeros(len(self.issue_ids), dtype=np.int16)
        for pos, (issue, ch) in enumerate(zip(self.issue_ids, self.choices, strict=True)):
            option = package.get(issue)
            if option is None:
                continue
            if option not in ch:
                return None
            out[pos] = ch.index(option)
        if len(package) != int((out > 0).sum()) or (self.complete and not out.all()):
            return None
        return out

    def keys(self, rows: np.ndarray) -> np.ndarray:
        """The key of each index row: an integer, or a byte string in a very large space."""
        rows = np.asarray(rows).reshape(-1, len(self.issue_ids))
        if self.wide:
            return _row_bytes(rows)
        return rows.astype(np.int64) @ self.radix

    @staticmethod
    def utilities(tables: Sequence[np.ndarray], rows: np.ndarray) -> np.ndarray:
        """Additive utility of each index row under per-issue tables."""
        total = np.zeros(len(rows))
        for pos, table in enumerate(tables):
            total += table[rows[:, pos]]
        return total

    def grid_utilities(self, tables: Sequence[np.ndarray]) -> np.ndarray:
        """Additive utility of every enumerated row (index columns kept ready for take)."""
        total = np.zeros(len(self.grid))
        for column, table in zip(self.grid_columns, tables, strict=True):
            total += np.take(np.asarray(table, dtype=float), column)
        return total

    # -- search ------------------------------------------------------------------------------
    def candidates(self, opp: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Rows worth considering with their own and (estimated) opponent utilities."""
        if self.exact:
            return self.grid, self.grid_own, self.grid_utilities(opp)
        rows = self._hull_rows(opp)
        return rows, self.utilities(self.own, rows), self.utilities(opp, rows)

    def _candidate_keys(self, rows: np.ndarray) -> np.ndarray:
        return self.grid_keys if self.exact and rows is self.grid else self.keys(rows)

    def _hull_rows(self, opp: Sequence[np.ndarray]) -> np.ndarray:
        """Supported Pareto packages for a sweep of trade-off weights, plus one-issue variations."""
        low = self.lowest
        own_span = max(self.max_utility - float(sum(u[low:].min() for u in self.own)), 1e-9)
        opp_span = max(float(sum(u[low:].max() - u[low:].min() for u in opp)), 1e-9)
        lam = np.linspace(0.0, 1.0, SWEEP)[:, None]  # every trade-off weight at once, per issue
        base = np.stack(
            [
                low + np.argmax((lam * o / own_span + (1 - lam) * p / opp_span
                                 + 1e-12 * o)[:, low:], axis=1)
                for o, p in zip(self.own, opp, strict=True)
            ],
            axis=-1,
        ).reshape(SWEEP, len(self.own))
        base_rows = unique_rows(base.astype(np.int16))
        variants = [base_rows]
        for pos, ch in enumerate(self.choices):
            for k in range(low, len(ch)):
                v = base_rows.copy()
                v[:, pos] = k
                variants.append(v)
        rows = unique_rows(np.concatenate(variants))
        rows = rows[rows.any(axis=1)]
        return rows[self.linked(rows)] if self.domain.requires else rows

    def choose(
        self,
        target: float,
        opp: Sequence[np.ndarray],
        prefer_low_own: bool,
        avoid: Sequence[np.ndarray] = (),
        floor: float | None = None,
        banned: Sequence[tuple[int, int]] = (),
        opp_floor: float | None = None,
    ) -> np.ndarray:
        """The row at or above target that is best for the opponent (ties: own utility).

        prefer_low_own breaks ties towards the package closest to the target (a conceder's
        habit); otherwise towards the one best for us. Rows in ``avoid`` (packages already
        turned down) are skipped while another qualifies; with a ``floor``, when none above
        the target does, the target drops to the best such row still at or above the floor.
        Rows using a ``banned`` (issue position, choice) are never chosen while another row
        is possible; with ``opp_floor``, only rows worth more than it to the opponent are
        (none: our best package). Falls back to our best package.
        """
        rows, own, other = self.candidates(opp)
        filtered = bool(len(banned)) or opp_floor is not None
        if filtered:
            allowed = np.ones(len(rows), dtype=bool)
            for pos, k in banned:
                allowed &= rows[:, pos] != k
            if not allowed.any():
                allowed[:] = True
            if opp_floor is not None:
                allowed &= other > opp_floor + 1e-9
                if not allowed.any():
                    return self.best_own.copy()
            rows, own, other = rows[allowed], own[allowed], other[allowed]
        ok = own >= target - 1e-9
        if len(avoid) and ok.any():
            keys = self.keys(rows) if filtered else self._candidate_keys(rows)
            fresh = ~np.isin(keys, self.keys(np.asarray(avoid)))
            if floor is not None and not (ok & fresh).any():
                below = fresh & (own >= floor - 1e-9)
                if below.any():
                    ok = own >= own[below].max() - 1e-9
            ok = ok & fresh if (ok & fresh).any() else ok
        if not ok.any():
            return rows[int(np.argmax(own))].copy() if filtered else self.best_own.copy()
        rows, own, other = rows[ok], own[ok], other[ok]
        tie = -own if prefer_low_own else own
        best = np.lexsort((tie, other))[-1]  # last key is primary
        return rows[best].copy()

    def nash(self, opp: Sequence[np.ndarray], own_floor: float, opp_floor: float) -> np.ndarray:
        """The row maximising the product of gains over both sides' floors (our best if none)."""
        rows, own, other = self.candidates(opp)
        gain = np.clip(own - own_floor, 0, None) * np.clip(other - opp_floor, 0, None)
        if not (gain > 0).any():
            return self.best_own.copy()
        return rows[int(np.argmax(gain))].copy()


@lru_cache(maxsize=32)
def _space(domain: Domain, complete: bool) -> PackageSpace:
    return PackageSpace(domain, complete=complete)
