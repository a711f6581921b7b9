"""Tournaments: every pairing on both sides, seeded games, same figures whatever the job count."""

from __future__ import annotations

import json
import pathlib

from game.cli import main
from game.scenario.loader import load_scenario
from game.sim.tournament import (
    by_agent,
    by_pairing,
    derive_seed,
    report_text,
    run_tournament,
)

ROOT = pathlib.Path(__file__).resolve().parents[1]
FLAGSHIP = load_scenario(ROOT / "scenarios" / "state-visit-2015.yaml")


def test_every_ordered_pairing_plays_its_games_on_both_sides():
    results = run_tournament(FLAGSHIP, ["expert", "always-defect"], games=2, seed=1, jobs=1)
    pairs = {(r.us, r.cn) for r in results}
    assert pairs == {("expert", "expert"), ("expert", "always-defect"),
                     ("always-defect", "expert"), ("always-defect", "always-defect")}
    assert len(results) == 8


def test_the_figures_do_not_depend_on_the_number_of_worker_processes():
    agents = ["expert", "tit-for-tat"]
    one = run_tournament(FLAGSHIP, agents, games=2, seed=9, jobs=1)
    two = run_tournament(FLAGSHIP, agents, games=2, seed=9, jobs=2)
    assert [repr(r) for r in one] == [repr(r) for r in two]  # nan != nan, so compare text
    assert report_text(one, agents) == report_text(two, agents)


def test_a_games_seed_depends_on_the_tournament_seed_the_pairing_and_the_index():
    assert derive_seed(1, "a", "b", 0) == derive_seed(1, "a", "b", 0)
    assert len({derive_seed(1, "a", "b", 0), derive_seed(2, "a", "b", 0),
                derive_seed(1, "b", "a", 0), derive_seed(1, "a", "b", 1)}) == 4


def test_summaries_cover_every_agent_and_pairing():
    agents = ["conceder", "hardliner"]
    results = run_tournament(FLAGSHIP, agents, games=1, seed=2, jobs=1)
    assert sorted(s.name for s in by_agent(results, agents)) == agents
    assert [s.name for s in by_pairing(results, agents)] == [
        "conceder vs conceder", "conceder vs hardliner",
        "hardliner vs conceder", "hardliner vs hardliner",
    ]
    for s in by_agent(results, agents):
        assert 0.0 <= s.agreement <= 1.0 and s.games == 3


def test_the_command_prints_json_with_agents_and_pairings(capsys):
    code = main(["tournament", "state-visit-2015", "--agents", "expert,linear", "--games", "1",
                 "--seed", "3", "--jobs", "1", "--json"])
    out = capsys.readouterr()
    assert code == 0
    data = json.loads(out.out)
    assert {a["name"] for a in data["agents"]} == {"expert", "linear"}
    assert len(data["pairings"]) == 4
    assert out.err == ""  # no progress bar when stderr is not a terminal


def test_the_command_prints_a_table(capsys):
    assert main(["tournament", "--agents", "boulware", "--games", "1", "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert "boulware vs boulware" in out and "score" in out


def test_bad_arguments_give_one_line_and_exit_code_two(capsys):
    assert main(["tournament", "--agents", "grandmaster", "--games", "1"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("truce: error: unknown agent")
    assert main(["tournament", "--games", "0"]) == 2
    assert main(["tournament", "no-such-scenario", "--games", "1"]) == 2
    assert main(["tournament", "--agents", "linear,linear"]) == 2
