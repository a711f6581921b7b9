"""Problems found in a scenario file, each with a place, and the one error type loading raises."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


def short(value: object, limit: int = 40) -> str:
    """A value fit for a one-line message: line breaks and controls escaped, long text cut."""
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(value))
    return text if len(text) <= limit else text[:limit] + "..."


@dataclass(frozen=True)
class Problem:
    """One finding: `FILE:LINE:COL: error|warning: message [CODE]` (line and column 1-based)."""

    file: str
    line: int
    col: int
    severity: str  # "error" or "warning"
    message: str
    code: str

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}:{self.col}: {self.severity}: {self.message} [{self.code}]"
        return short(text, limit=10_000)

    @property
    def is_error(self) -> bool:
        """Whether this problem makes the file unusable."""
        return self.severity == "error"


class ScenarioError(Exception):
    """A scenario that cannot be loaded; `.problems` lists every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems) or "invalid scenario")
