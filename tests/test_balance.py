"""The lesson holds in play: against every difficulty level, in every shipped scenario, on both
sides, always breaking one's word scores less than always keeping it and less than a reciprocal
player. The full 200-game table is benchmarks/bench_balance.py (docs/scenarios.md)."""

import pathlib
from statistics import mean

import pytest

from game.ai.difficulty import DIFFICULTIES
from game.scenario.loader import load_scenario
from game.sim.balance import CHEAT, HONEST, RECIPROCAL, measure
from game.sim.scenarios import shipped_scenarios
from game.sim.tournament import run_tournament

GAMES = 32  # per player and cell; the same seeds for every player (paired games)
SURE = 2.0  # standard errors by which keeping one's word must beat breaking it
SCENARIOS = {name: load_scenario(path) for name, path in shipped_scenarios().items()}


@pytest.mark.parametrize("side", ["us", "cn"])
@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_against_every_level_breaking_ones_word_scores_less_than_keeping_it(scenario, side):
    cells = measure([SCENARIOS[scenario]], GAMES, seed=7, sides=[side])
    assert [c.level for c in cells] == list(DIFFICULTIES)
    for cell in cells:
        for player in (HONEST, RECIPROCAL):
            gap, se = cell.gap(player, CHEAT)
            assert gap - SURE * se > 0, (
                f"{scenario} {side} vs {cell.level}: {player} {cell.mean(player):.1f}, "
                f"{CHEAT} {cell.mean(CHEAT):.1f} (gap {gap:+.1f} ± {se:.1f})"
            )


# -- against the research strategies that retaliate --------------------------------------------
FLAGSHIP = pathlib.Path(__file__).resolve().parents[1] / "scenarios" / "state-visit-2015.yaml"
MARGIN = 10.0  # normalised points by which keeping one's word must beat breaking it


@pytest.fixture(scope="module")
def results():
    agents = ["tit-for-tat", "expert", "always-defect", "always-comply"]
    return run_tournament(load_scenario(FLAGSHIP), agents, 6, seed=2015, jobs=1)


def score(results, agent: str, opponent: str, side: str) -> float:
    """Mean normalised score of `agent` playing `side` against `opponent`."""
    if side == "us":
        return mean(r.score_us for r in results if r.us == agent and r.cn == opponent)
    return mean(r.score_cn for r in results if r.cn == agent and r.us == opponent)


@pytest.mark.parametrize("side", ["us", "cn"])
def test_always_defecting_scores_clearly_less_than_always_complying_against_tit_for_tat(
    results, side
):
    cheat = score(results, "always-defect", "tit-for-tat", side)
    honest = score(results, "always-comply", "tit-for-tat", side)
    assert cheat < honest - MARGIN, f"{side}: defect {cheat:.1f}, comply {honest:.1f}"


def test_a_retaliator_facing_a_steady_cheat_still_ends_at_or_above_no_deal(results):
    for side in ("us", "cn"):
        assert score(results, "expert", "always-defect", side) >= 0.0
