"""Find a scenario from a command-line argument: a YAML path or a shipped scenario id.

``truce play``, ``simulate`` and the save loader all go through
:func:`resolve_scenario`, so "state-visit-2015", "scenarios/cyber-pledge.yaml"
and nothing at all (the flagship) mean the same thing everywhere.
"""

from __future__ import annotations

import os
from pathlib import Path

from game.core.scenario import Scenario

DEFAULT_SCENARIO = "state-visit-2015"
SHIPPED_DIR = Path(__file__).resolve().parents[2] / "scenarios"
SUFFIXES = (".yaml", ".yml")


class ScenarioUnavailable(ValueError):
    """A scenario argument that names no readable, valid scenario.

    ``str()`` is one line; ``problems`` holds the loader's one-line problems
    (``FILE:LINE:COL: error: ...``) when the file exists but is invalid.
    """

    def __init__(self, message: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems


def shipped_scenarios() -> dict[str, Path]:
    """The scenarios that ship with Truce: id (the file stem) -> path, sorted by id."""
    if not SHIPPED_DIR.is_dir():
        return {}
    found = {
        path.stem: path
        for path in SHIPPED_DIR.iterdir()
        if path.suffix in SUFFIXES and path.is_file()
    }
    return dict(sorted(found.items()))


def scenario_path(spec: str | None) -> Path:
    """The file a scenario argument names (the flagship when spec is empty)."""
    spec = (spec or "").strip() or DEFAULT_SCENARIO
    candidate = Path(os.path.expanduser(spec))
    if candidate.is_file():
        return candidate
    shipped = shipped_scenarios()
    if spec in shipped:
        return shipped[spec]
    if candidate.is_dir():
        raise ScenarioUnavailable(f"{spec!r} is a folder, not a scenario file")
    if candidate.exists():
        raise ScenarioUnavailable(f"{spec!r} is not a scenario file (a device or pipe)")
    if candidate.suffix in SUFFIXES or os.sep in spec or "/" in spec:
        raise ScenarioUnavailable(f"no scenario file {spec!r}")
    known = ", ".join(shipped) or "none installed"
    raise ScenarioUnavailable(f"unknown scenario {spec!r} (shipped: {known})")


def resolve_scenario(spec: str | None) -> Scenario:
    """Load the scenario a command-line argument names; ScenarioUnavailable says why not."""
    path = scenario_path(spec)
    try:
        from game.scenario.loader import ScenarioError, load_scenario
    except ImportError as missing:  # the loader is another shell; say so plainly
        raise ScenarioUnavailable(f"cannot load scenarios: {missing}") from None
    try:
        return load_scenario(path)
    except ScenarioError as error:
        problems = tuple(str(p) for p in getattr(error, "problems", ()) or ())
        errors = [p for p in getattr(error, "problems", ()) or () if getattr(p, "is_error", True)]
        count = len(errors) or 1
        noun = "problem" if count == 1 else "problems"
        raise ScenarioUnavailable(
            f"scenario {str(path)!r} is not valid ({count} {noun})", problems
        ) from None
    except OSError as error:
        raise ScenarioUnavailable(f"cannot read {str(path)!r}: {error.strerror or error}") from None


def scenario_by_id(scenario_id: str, hint: str | None = None) -> Scenario:
    """The scenario a save names: the file `hint` if given, else the shipped one with this id.

    Shipped files are named after their id; if none matches, every shipped
    file is loaded and compared by its declared id.
    """
    if hint:
        return resolve_scenario(hint)
    shipped = shipped_scenarios()
    if scenario_id in shipped:
        return resolve_scenario(scenario_id)
    for path in shipped.values():
        try:
            scenario = resolve_scenario(str(path))
        except ScenarioUnavailable:
            continue
        if scenario.id == scenario_id:
            return scenario
    raise ScenarioUnavailable(
        f"the save is for scenario {scenario_id!r}, which is not installed; "
        "name its file as the SCENARIO argument"
    )


def scenario_for_save(scenario_id: str, saved_path: str, spec: str | None) -> tuple[Scenario, str]:
    """The scenario to load a save with, and its file: `spec` if given, else the file the
    save names if it still exists, else the shipped scenario with the save's id."""
    if spec:
        return resolve_scenario(spec), str(scenario_path(spec).resolve())
    if saved_path and Path(saved_path).is_file():
        return resolve_scenario(saved_path), saved_path
    scenario = scenario_by_id(scenario_id)
    shipped = shipped_scenarios().get(scenario_id)
    return scenario, str(shipped.resolve()) if shipped else ""
