"""Legal actions as a lazy sequence: packages are numbered, not listed, so choices are cheap.

A flagship position can allow thousands of packages and a scenario of 25 issues of 5 options
6**25 of them; `LegalActions` builds the i-th only when asked (mixed-radix numbering over
"not in the package" + each allowed option). `size` is the exact count, however large;
`len()` works while it fits in an index (sys.maxsize), indexing works for any size.
Linked options (`requires`) join their issues into one digit whose values are the joint
choices that keep every link, so the numbering stays exact and lazy.
"""

from __future__ import annotations

import itertools
import operator
import sys
from collections.abc import Iterator, Sequence

from game.core.actions import (
    Action,
    ActionFormatError,
    Implement,
    Propose,
    action_from_json,
    action_to_json,
)
from game.core.links import Links, Pair, link_groups, link_problem

CHOICES = ("comply", "defect")


class LegalActions(Sequence):
    """The actions a seat may take now: a few listed ones, then every allowed package, then
    every implement combination. Supports `size` (the exact count), len (while the count
    fits in an index), indexing by any whole number below `size`, iteration and `in`."""

    def __init__(
        self,
        seat: str,
        fixed: tuple[Action, ...] = (),
        package_space: tuple[tuple[str, tuple[str, ...]], ...] = (),
        implement_issues: tuple[str, ...] = (),
        requires: Links = (),
        standing: tuple[Pair, ...] = (),
    ) -> None:
        self.seat = seat
        self.fixed = fixed
        self.package_space = package_space  # ((issue, (allowed options...)), ...)
        self.implement_issues = implement_issues
        if requires:
            offered = {(k, o) for k, opts in package_space for o in opts}
            requires = tuple((pair, needs) for pair, needs in requires if pair in offered)
        self.requires = requires
        self.standing = standing if self.requires else ()  # commitments in force (issue, option)
        self._links = dict(self.requires)
        self._standing = dict(self.standing)
        self.n_packages = 0
        self.digits: list[tuple[tuple[Pair, ...], ...]] = []  # per digit: its joint choices
        if package_space:
            self.digits = self._digits() if self.requires else []
            n = 1
            if self.digits:
                for values in self.digits:
                    n *= len(values)
            else:
                for _, opts in package_space:
                    n *= len(opts) + 1
            self.n_packages = n - 1  # the empty package is not an offer
        self.n_implement = 2 ** len(implement_issues) if implement_issues else 0

    def _digits(self) -> list[tuple[tuple[Pair, ...], ...]]:
        """Per group of linked issues, every joint choice that keeps the links (nothing first)."""
        digits = []
        for group in link_groups(self.package_space, self._links):
            issues = [self.package_space[n] for n in group]
            values = []
            for picks in itertools.product(*[(None, *opts) for _, opts in issues]):
                terms = tuple((k, o) for (k, _), o in zip(issues, picks, strict=True) if o)
                if not link_problem(terms, self._links, self._standing):
                    values.append(terms)
            digits.append(tuple(values))
        return digits

    @property
    def size(self) -> int:
        """How many actions there are: exact, even beyond sys.maxsize (len() stops there)."""
        return len(self.fixed) + self.n_packages + self.n_implement

    def __len__(self) -> int:
        size = self.size
        if size > sys.maxsize:
            raise OverflowError(f"{size} legal actions are too many for len(): use .size")
        return size

    def __bool__(self) -> bool:
        return self.size > 0

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self.size))]
        index = operator.index(index)
        if index < 0:
            index += self.size
        if not 0 <= index < self.size:
            raise IndexError("legal action index out of range")
        if index < len(self.fixed):
            return self.fixed[index]
        index -= len(self.fixed)
        if index < self.n_packages:
            return self.package(index)
        return self.implement(index - self.n_packages)

    def package(self, index: int) -> Propose:
        """The index-th allowed package offer (0-based)."""
        code = index + 1
        terms = []
        if self.digits:
            for values in self.digits:
                code, digit = divmod(code, len(values))
                terms += values[digit]
            return Propose(self.seat, tuple(terms))
        for issue, opts in self.package_space:
            base = len(opts) + 1
            code, digit = divmod(code, base)
            if digit:
                terms.append((issue, opts[digit - 1]))
        return Propose(self.seat, tuple(terms))

    def implement(self, index: int) -> Implement:
        """The index-th comply/defect combination (0 = comply on everything)."""
        choices = []
        for issue in self.implement_issues:
            index, bit = divmod(index, 2)
            choices.append((issue, CHOICES[bit]))
        return Implement(self.seat, tuple(choices))

    def __iter__(self) -> Iterator[Action]:
        for i in range(self.size):
            yield self[i]

    def __contains__(self, action: object) -> bool:
        if action in self.fixed:
            return True
        if isinstance(action, Propose) and self.n_packages and action.seat == self.seat:
            allowed = dict(self.package_space)
            issues = [k for k, _ in action.terms]
            return (
                bool(issues)
                and len(set(issues)) == len(issues)
                and all(k in allowed and v in allowed[k] for k, v in action.terms)
                and not link_problem(action.terms, self._links, self._standing)
            )
        if isinstance(action, Implement) and self.n_implement and action.seat == self.seat:
            return [k for k, _ in action.choices] == sorted(self.implement_issues) and all(
                v in CHOICES for _, v in action.choices
            )
        return False

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LegalActions | list | tuple):
            size = other.size if isinstance(other, LegalActions) else len(other)
            return self.size == size and all(a == b for a, b in zip(self, other, strict=False))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"LegalActions({self.seat!r}, {self.size} actions)"

    def has_proposals(self) -> bool:
        """Whether package offers are among the choices."""
        return self.n_packages > 0

    def to_json(self) -> dict:
        """The JSON form: the listed actions, the options each issue allows in an offer (so a
        client can build any legal package), and the issues to implement."""
        out = {
            "seat": self.seat,
            "fixed": [action_to_json(a) for a in self.fixed],
            "package_space": [[issue, list(opts)] for issue, opts in self.package_space],
            "implement_issues": list(self.implement_issues),
        }
        if self.requires:  # links: [[issue, option], [[issue, option], ...]], and what stands
            out["requires"] = [[list(pair), [list(p) for p in needs]]
                               for pair, needs in self.requires]
            out["standing"] = [list(pair) for pair in self.standing]
        return out

    @classmethod
    def from_json(cls, data: object) -> LegalActions:
        """Read legal actions from their JSON form (ActionFormatError if malformed)."""
        if not isinstance(data, dict) or not isinstance(data.get("seat"), str):
            raise ActionFormatError("legal actions must be an object with a seat")
        fixed, space, issues = (data.get(k) for k in ("fixed", "package_space",
                                                       "implement_issues"))
        if not all(isinstance(x, list) for x in (fixed, space, issues)):
            raise ActionFormatError("legal actions need fixed, package_space, implement_issues")
        pairs = []
        for entry in space:
            if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str)
                    and isinstance(entry[1], list)
                    and all(isinstance(o, str) for o in entry[1])):
                raise ActionFormatError("package_space holds [issue, [options...]] pairs")
            pairs.append((entry[0], tuple(entry[1])))
        if not all(isinstance(k, str) for k in issues):
            raise ActionFormatError("implement_issues holds issue ids")
        requires, standing = data.get("requires", []), data.get("standing", [])
        if not (isinstance(requires, list) and isinstance(standing, list)
                and all(isinstance(e, list) and len(e) == 2 and isinstance(e[1], list)
                        and _pair(e[0]) and all(_pair(p) for p in e[1]) for e in requires)
                and all(_pair(p) for p in standing)):
            raise ActionFormatError("requires holds [[issue, option], [[issue, option]...]] "
                                    "and standing [issue, option] pairs")
        links = tuple((tuple(e[0]), tuple(tuple(p) for p in e[1])) for e in requires)
        return cls(data["seat"], tuple(action_from_json(a) for a in fixed), tuple(pairs),
                   tuple(issues), links, tuple(tuple(p) for p in standing))


def _pair(value: object) -> bool:
    return isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)

