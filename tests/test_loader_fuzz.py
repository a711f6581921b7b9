"""No input makes the loader crash, hang or raise anything but ScenarioError (property tests)."""

from __future__ import annotations

import pathlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.core.scenario import Scenario
from game.scenario import ScenarioError, load_scenario_text

MINIMAL = (pathlib.Path(__file__).parent / "data" / "minimal.yaml").read_text(encoding="utf-8")
PIECES = [
    "[",
    "]",
    "{",
    "}",
    ":",
    ": ",
    "- ",
    ",",
    " ",
    "  ",
    "\n",
    "\t",
    "&a ",
    "*a",
    "!!str ",
    "!x ",
    "---\n",
    "...\n",
    "? ",
    "|\n",
    ">-\n",
    "#",
    '"',
    "'",
    "\\",
    "%YAML 1.2\n",
    "a",
    "id",
    "us",
    "cn",
    "1",
    "-0.5",
    "1e999",
    ".inf",
    "no",
    "12:30",
    "0755",
    "~",
    "null",
    "true",
    "<<: ",
    "\ufeff",
    "\x85",
    "\u2028",
    "é",
    "\x00",
    "schema_version: 1\n",
]
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _outcome(data: str | bytes) -> None:
    """Loading gives a Scenario or a ScenarioError with well-formed, positioned problems."""
    try:
        result = load_scenario_text(data, "fuzz.yaml")
    except ScenarioError as error:
        assert error.problems
        assert any(p.is_error for p in error.problems)
        for problem in error.problems:
            assert problem.line >= 1 and problem.col >= 1
            assert problem.severity in ("error", "warning")
            assert problem.code != "internal", str(problem)
            assert "\n" not in str(problem)
        return
    assert isinstance(result, Scenario)


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes_never_crash_the_loader(data):
    _outcome(data)


@FUZZ
@given(st.text(max_size=2000))
def test_random_text_never_crashes_the_loader(text):
    _outcome(text)


@FUZZ
@given(st.lists(st.sampled_from(PIECES), max_size=300))
def test_yaml_token_soup_never_crashes_the_loader(pieces):
    _outcome("".join(pieces))


@st.composite
def mutated(draw):
    """minimal.yaml with a few random deletions, insertions, swaps and duplicated lines."""
    text = MINIMAL
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["delete", "insert", "replace", "duplicate", "swap"]))
        i = draw(st.integers(0, len(text)))
        j = min(len(text), i + draw(st.integers(0, 40)))
        if op == "delete":
            text = text[:i] + text[j:]
        elif op == "insert":
            text = text[:i] + draw(st.sampled_from(PIECES)) + text[i:]
        elif op == "replace":
            text = text[:i] + draw(st.text(max_size=8)) + text[j:]
        elif op == "duplicate":
            lines = text.splitlines(keepends=True)
            k = draw(st.integers(0, len(lines) - 1))
            text = "".join(lines[: k + 1] + lines[k:])
        else:
            lines = text.splitlines(keepends=True)
            k = draw(st.integers(0, len(lines) - 2))
            lines[k], lines[k + 1] = lines[k + 1], lines[k]
            text = "".join(lines)
    return text


@FUZZ
@given(mutated())
def test_mutated_valid_scenarios_never_crash_the_loader(text):
    _outcome(text)


@FUZZ
@given(mutated())
def test_mutated_scenarios_as_bytes_behave_like_text(text):
    if any("\ud800" <= char <= "\udfff" for char in text):
        return  # lone surrogates have no UTF-8 form
    try:
        expected = load_scenario_text(text, "m.yaml")
    except ScenarioError as error:
        expected = [str(p) for p in error.problems]
    try:
        got = load_scenario_text(text.encode("utf-8"), "m.yaml")
    except ScenarioError as error:
        got = [str(p) for p in error.problems]
    assert got == expected
