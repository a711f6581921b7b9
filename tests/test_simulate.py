"""Headless games: `truce simulate` and the batch API tournaments build on."""

from __future__ import annotations

import json
import sys

import pytest

from game.ai.random_agent import RandomAgent
from game.cli import main
from game.core import engine
from game.core.actions import Pass, Propose
from game.core.record import replay
from game.sim import batch
from game.sim.scenarios import DEFAULT_SCENARIO, resolve_scenario, shipped_scenarios
from tests.factories import two_issue_scenario

RECORD_KEYS = {
    "game",
    "seed",
    "agents",
    "scores",
    "agreements",
    "in_force",
    "rounds",
    "deal_rounds",
    "incidents",
    "false_alarms",
    "defections",
    "sanctions",
    "trust",
    "actions",
}


def simulate(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["simulate", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_same_arguments_give_byte_identical_output(capsys):
    first = simulate(capsys, "state-visit-2015", "--games", "6", "--seed", "9")
    second = simulate(capsys, "state-visit-2015", "--games", "6", "--seed", "9")
    assert first[0] == 0 and first == second


def test_the_json_output_is_identical_too_and_differs_with_the_seed(capsys):
    a = simulate(capsys, "cyber-pledge", "--games", "4", "--seed", "1", "--json")[1]
    b = simulate(capsys, "cyber-pledge", "--games", "4", "--seed", "1", "--json")[1]
    c = simulate(capsys, "cyber-pledge", "--games", "4", "--seed", "2", "--json")[1]
    assert a == b and a != c


def test_the_summary_table_names_every_figure_and_issue(capsys):
    code, out, _ = simulate(capsys, DEFAULT_SCENARIO, "--games", "3")
    assert code == 0
    for label in (
        "Score, raw",
        "normalised",
        "Violations reported",
        "Sanctions imposed",
        "Final trust",
        "Agreement rate per issue",
        "Rounds per game",
    ):
        assert label in out
    for issue in resolve_scenario(DEFAULT_SCENARIO).issues:
        assert f"  {issue.title} ({issue.id}) " in out


@pytest.mark.parametrize("scenario", ["climate-deal", "south-china-sea", "state-visit-2015"])
def test_the_summary_table_names_issues_by_title_and_id_within_79_columns(capsys, scenario):
    code, out, _ = simulate(capsys, scenario, "--games", "1")
    assert code == 0 and max(len(line) for line in out.splitlines()) <= 79
    for issue in resolve_scenario(scenario).issues:
        assert f"({issue.id}) " in out and issue.title[:20] in out


def test_json_holds_per_game_records_and_the_aggregates(capsys):
    code, out, _ = simulate(capsys, DEFAULT_SCENARIO, "--games", "3", "--seed", "5", "--json")
    assert code == 0
    document = json.loads(out)
    assert document["games"] == 3 and document["seed"] == 5
    assert document["agents"] == {"us": "random", "cn": "random"}
    issues = [i.id for i in resolve_scenario(DEFAULT_SCENARIO).issues]
    assert [r["game"] for r in document["records"]] == [0, 1, 2]
    for record in document["records"]:
        assert set(record) == RECORD_KEYS
        assert set(record["scores"]) == {"us", "cn"}
        assert set(record["scores"]["us"]) == {"banked", "relationship", "raw", "normalised"}
        assert list(record["agreements"]) == issues
        assert record["seed"] == batch.derive_seed(5, record["game"])
        assert all(0.0 <= t <= 1.0 for t in record["trust"].values())
    aggregate = document["aggregate"]
    assert aggregate["games"] == 3
    assert list(aggregate["agreement_rate"]) == issues
    assert all(0.0 <= r <= 1.0 for r in aggregate["agreement_rate"].values())
    raw_us = [r["scores"]["us"]["raw"] for r in document["records"]]
    assert aggregate["raw"]["us"] == pytest.approx(sum(raw_us) / 3, abs=1e-5)


def test_game_i_replays_from_its_derived_seed_and_the_records_action_log():
    scenario = two_issue_scenario()
    summaries = batch.play_games(scenario, {"us": "random", "cn": "random"}, 3, seed=11)
    for i, summary in enumerate(summaries):
        assert summary.seed == batch.derive_seed(11, i)
        final = replay(scenario, summary.seed, summary.record.actions)
        assert engine.is_over(final)
        assert engine.final_scores(final) == summary.scores


def test_derived_seeds_are_stable_and_distinct():
    assert batch.derive_seed(0, 0) == batch.derive_seed(0, 0)
    seeds = {batch.derive_seed(7, i) for i in range(1000)}
    assert len(seeds) == 1000 and all(0 <= s < 2**63 for s in seeds)


def test_play_game_feeds_each_agent_only_its_own_observation():
    seen: list[tuple[str, str]] = []

    class Spy(RandomAgent):
        def act(self, observation):
            seen.append((self.seat, observation.seat))
            assert set(observation.views) == {self.seat}
            return super().act(observation)

    batch.play_game(two_issue_scenario(), {"us": Spy("us", 1), "cn": Spy("cn", 2)}, seed=3)
    assert seen and all(agent == seat for agent, seat in seen)


def test_an_agent_that_breaks_the_rules_is_named_in_a_one_line_error():
    class Cheat:
        name = "cheat"

        def act(self, observation):
            return Pass("cn")  # China passing on the US's turn

    with pytest.raises(batch.AgentError, match="agent 'cheat' \\(us\\) acted for another seat"):
        batch.play_game(two_issue_scenario(), {"us": Cheat(), "cn": RandomAgent("cn")}, seed=1)


class Malformed:
    """An agent that hands the table an action built wrongly."""

    name = "sloppy"

    def __init__(self, action) -> None:
        self.action = action

    def act(self, observation):
        return self.action


def _bare(cls, **fields):
    action = object.__new__(cls)  # as an agent could build one, past the constructor
    action.__dict__.update(fields)
    return action


@pytest.mark.parametrize(
    ("action", "problem"),
    [
        (Pass(["us"]), "a pass action whose seat is ['us'], not a name"),
        (Pass(None), "a pass action whose seat is None, not a name"),
        (_bare(Propose, seat="us", terms=42), "a propose action whose terms are 42, not pairs of "
         "names"),
        (_bare(Propose, seat="us", terms={"cyber": "dialogue"}), "a propose action whose terms "
         "are {'cyber': 'dialogue'}, not pairs of names"),
        (_bare(Pass), "a pass action whose seat is missing"),
    ],
)
def test_an_agent_that_returns_a_malformed_action_is_named_before_the_rules_see_it(
        action, problem):
    agents = {"us": Malformed(action), "cn": RandomAgent("cn")}
    with pytest.raises(batch.AgentError) as failed:
        batch.play_game(two_issue_scenario(), agents, seed=1)
    assert str(failed.value) == f"agent 'sloppy' (us) returned {problem}"


def test_a_summary_counts_what_the_facilitator_saw():
    scenario = two_issue_scenario(rounds=4)
    summary = batch.play_game(scenario, {"us": RandomAgent("us", 1), "cn": RandomAgent("cn", 2)}, 8)
    assert summary.rounds == 4
    assert 0 <= summary.deal_rounds <= 4
    for party in ("us", "cn"):
        assert 0 <= summary.false_alarms[party] <= summary.incidents[party]
    assert set(summary.agreements) == {"cyber", "maritime"}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["nowhere"], "unknown scenario 'nowhere'"),
        ([DEFAULT_SCENARIO, "--us", "nobody"], "unknown agent 'nobody'"),
        ([DEFAULT_SCENARIO, "--cn", "no.such.module:Agent"], "cannot import agent module"),
        ([DEFAULT_SCENARIO, "--games", "0"], "--games must be from 1"),
        ([DEFAULT_SCENARIO, "--games", "many"], "--games must be a whole number"),
        ([DEFAULT_SCENARIO, "--seed", "-1"], "--seed must be from 0"),
        ([DEFAULT_SCENARIO, "--seed", "1.5"], "--seed must be a whole number"),
    ],
)
def test_bad_arguments_give_one_line_and_exit_code_2(capsys, argv, message):
    code, _, err = simulate(capsys, *argv)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("truce: error: ") and message in lines[0]


def test_an_invalid_scenario_file_prints_its_problems_then_one_error(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nid: [unclosed\n", encoding="utf-8")
    code, _, err = simulate(capsys, str(bad))
    assert code == 2
    lines = err.strip().splitlines()
    assert lines[-1].startswith("truce: error: scenario ") and "is not valid" in lines[-1]
    assert all(line.startswith(str(bad)) for line in lines[:-1]) and len(lines) >= 2


def test_a_folder_or_a_device_as_the_scenario_says_what_it_is(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "summits").mkdir()
    (tmp_path / "tutorial").mkdir()  # a folder named like a shipped scenario: the scenario wins
    assert simulate(capsys, "summits", "--games", "1") == (
        2, "", "truce: error: 'summits' is a folder, not a scenario file\n")
    assert simulate(capsys, "/dev/null", "--games", "1") == (
        2, "", "truce: error: '/dev/null' is not a scenario file (a device or pipe)\n")
    assert simulate(capsys, "tutorial", "--games", "1")[0] == 0


def test_the_shipped_scenarios_are_found_by_id():
    assert {"state-visit-2015", "cyber-pledge"} <= set(shipped_scenarios())
    assert resolve_scenario(None).id == DEFAULT_SCENARIO


UNRULY = '''
import sys


class Unspeakable(Exception):
    def __str__(self):
        raise ValueError("no words")


class QuitsWhenBuilt:
    def __init__(self, seat, seed):
        sys.exit(4)


class RaisesTheUnspeakable:
    name = "mute"

    def __init__(self, seat, seed):
        pass

    def act(self, observation):
        raise Unspeakable()


class LongWinded:
    name = "one\\ntwo " + "x" * 500

    def __init__(self, seat, seed):
        pass

    def act(self, observation):
        raise RuntimeError("first line\\nsecond line")
'''


@pytest.mark.parametrize(
    ("spec", "code", "line"),
    [
        ("unruly:QuitsWhenBuilt", 2,
         "truce: error: cannot create agent 'unruly:QuitsWhenBuilt': SystemExit: 4"),
        ("quits_on_import:Agent", 2,
         "truce: error: agent module 'quits_on_import' failed to import: SystemExit: 5"),
        ("unruly:RaisesTheUnspeakable", 1,
         "truce: error: agent 'mute' (us) failed: Unspeakable"),
        ("unruly:LongWinded", 1,
         "truce: error: agent 'one two " + "x" * 29 + "...' (us) failed: RuntimeError: first line"),
    ],
)
def test_an_agent_that_exits_or_cannot_say_why_it_failed_is_still_one_line(
    tmp_path, monkeypatch, capsys, spec, code, line
):
    (tmp_path / "unruly.py").write_text(UNRULY, encoding="utf-8")
    (tmp_path / "quits_on_import.py").write_text("import sys\nsys.exit(5)\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    for module in ("unruly", "quits_on_import"):
        monkeypatch.delitem(sys.modules, module, raising=False)
    assert simulate(capsys, "--us", spec, "--games", "1") == (code, "", line + "\n")


@pytest.mark.parametrize(("module", "text"), [
    ("sleeps_on_import", "import time\ntime.sleep(60)\n"),
    ("sleeps_when_built", "import time\n\n\nclass Agent:\n    def __init__(self, seat, seed):\n"
                          "        time.sleep(60)\n"),
])
def test_an_agent_that_takes_forever_to_load_is_stopped_in_one_line(
        tmp_path, monkeypatch, capsys, module, text):
    from game.ai import registry

    (tmp_path / f"{module}.py").write_text(text, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, module, raising=False)
    monkeypatch.setattr(registry, "LOAD_LIMIT", 0.3)
    assert simulate(capsys, "--us", f"{module}:Agent", "--games", "1") == (
        2, "", f"truce: error: agent '{module}:Agent' took longer than 0.3 s to load (import and "
               "build)\n")


def test_one_game_of_a_batch_plays_again_exactly_from_its_seed_and_agents():
    from game.ai.registry import make_agent
    from game.core.seeds import derive_seed
    from game.sim.batch import play_game, play_games

    scenario = resolve_scenario("cyber-pledge")
    third = play_games(scenario, {"us": "expert", "cn": "hard"}, 3, 5)[2]
    agents = {p: make_agent(spec, p, derive_seed(third.seed, p), scenario=scenario)
              for p, spec in third.agents.items()}
    again = play_game(scenario, agents, third.seed, index=2)
    assert again.to_json() == third.to_json() and again.record.actions == third.record.actions
