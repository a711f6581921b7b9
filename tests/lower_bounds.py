"""The oldest dependency versions pyproject.toml allows, as pip constraints.

`make test-oldest` installs with them, so the suite runs on the oldest versions we claim to
support as well as on the newest a fresh install picks. Every requirement (build, runtime and
dev) must name its lower bound with ">="; run this file to print "name==bound" lines.
"""

from __future__ import annotations

import pathlib
import re
import sys
import tomllib

PYPROJECT = pathlib.Path(__file__).resolve().parents[1] / "pyproject.toml"
REQUIREMENT = re.compile(
    r"(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*"
    r"(?P<specs>[<>=!~][^;]*)?(;.*)?"
)
LOWER = re.compile(r">=\s*(?P<version>[0-9][0-9A-Za-z.+!-]*)")


def requirements(pyproject: pathlib.Path = PYPROJECT) -> list[str]:
    """Every requirement string: build system, runtime, then each optional group."""
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    found = list(data.get("build-system", {}).get("requires", []))
    found += data["project"].get("dependencies", [])
    for group in data["project"].get("optional-dependencies", {}).values():
        found += group
    return found


def lower_bounds(pyproject: pathlib.Path = PYPROJECT) -> dict[str, str]:
    """Distribution name -> its lower bound; ValueError naming a requirement without one."""
    bounds: dict[str, str] = {}
    for text in requirements(pyproject):
        match = REQUIREMENT.fullmatch(text.strip())
        lower = LOWER.search(match["specs"] or "") if match else None
        if lower is None:
            raise ValueError(f"{pyproject.name}: {text!r} has no lower bound (name>=version)")
        bounds[match["name"]] = lower["version"]
    return bounds


def constraints(pyproject: pathlib.Path = PYPROJECT) -> str:
    """pip constraints pinning every dependency to its lower bound, one per line."""
    return "".join(f"{name}=={version}\n" for name, version in lower_bounds(pyproject).items())


if __name__ == "__main__":
    try:
        sys.stdout.write(constraints())
    except ValueError as problem:
        sys.exit(f"lower_bounds: error: {problem}")
