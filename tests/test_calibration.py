"""The flagship teaches its lesson: a bare pledge hides cheating, strong verification exposes it."""

import pathlib

import numpy as np
import pytest

from game.core import engine
from game.core import forecast as fc
from game.scenario.loader import load_scenario

FLAGSHIP = pathlib.Path(__file__).resolve().parents[1] / "scenarios" / "state-visit-2015.yaml"


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(FLAGSHIP)


def detected_within_three_rounds(scenario, option: str, cheat: str) -> tuple[float, float]:
    """Forecast and closed form of P(a side always defecting on cyber is reported by round 3)."""
    state = engine.new_game(scenario, 0)
    issues = state.tables.issue_ids
    compliance = np.ones((2, len(issues)))
    side = ("us", "cn").index(cheat)
    compliance[side, issues.index("cyber")] = 0.0
    out = fc.forecast(state, (("cyber", option),), futures=20_000, seed=11, compliance=compliance)
    detect = scenario.issue("cyber").option(option).verification.detect
    return out.p_detected_within(side, 3), 1.0 - (1.0 - detect) ** 3


def strongest(scenario) -> str:
    return max(scenario.issue("cyber").options, key=lambda o: o.verification.detect).id


@pytest.mark.parametrize("cheat", ["cn", "us"])
def test_always_defecting_on_cyber_under_the_bare_pledge_usually_goes_unseen(scenario, cheat):
    forecast, closed = detected_within_three_rounds(scenario, "pledge", cheat)
    assert closed <= 0.4
    assert forecast <= 0.4
    assert forecast == pytest.approx(closed, abs=0.015)


@pytest.mark.parametrize("cheat", ["cn", "us"])
def test_always_defecting_on_cyber_under_the_strongest_verification_is_caught(scenario, cheat):
    forecast, closed = detected_within_three_rounds(scenario, strongest(scenario), cheat)
    assert closed >= 0.8
    assert forecast >= 0.8
    assert forecast == pytest.approx(closed, abs=0.015)
