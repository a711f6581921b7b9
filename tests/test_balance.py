"""The flagship's balance: cheating on a side that watches and answers does not pay in play."""

import pathlib
from statistics import mean

import pytest

from game.scenario.loader import load_scenario
from game.sim.tournament import run_tournament

FLAGSHIP = pathlib.Path(__file__).resolve().parents[1] / "scenarios" / "state-visit-2015.yaml"
GAMES = 6  # per pairing and side: the gaps are tens of points, far above the seed noise
MARGIN = 10.0  # normalised points by which keeping one's word must beat breaking it


@pytest.fixture(scope="module")
def results():
    scenario = load_scenario(FLAGSHIP)
    agents = ["tit-for-tat", "expert", "always-defect", "always-comply"]
    return run_tournament(scenario, agents, GAMES, seed=2015, jobs=1)


def score(results, agent: str, opponent: str, side: str) -> float:
    """Mean normalised score of `agent` playing `side` against `opponent`."""
    if side == "us":
        return mean(r.score_us for r in results if r.us == agent and r.cn == opponent)
    return mean(r.score_cn for r in results if r.cn == agent and r.us == opponent)


@pytest.mark.parametrize("side", ["us", "cn"])
@pytest.mark.parametrize("opponent", ["tit-for-tat", "expert"])
def test_always_defecting_scores_clearly_less_than_always_complying_against_a_retaliator(
    results, opponent, side
):
    cheat = score(results, "always-defect", opponent, side)
    honest = score(results, "always-comply", opponent, side)
    assert cheat < honest - MARGIN, f"{side} vs {opponent}: defect {cheat:.1f}, comply {honest:.1f}"


def test_a_retaliator_facing_a_steady_cheat_still_ends_at_or_above_no_deal(results):
    for side in ("us", "cn"):
        assert score(results, "expert", "always-defect", side) >= 0.0
