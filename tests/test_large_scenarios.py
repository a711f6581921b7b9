"""Any scenario the loader accepts can be played: 25 issues of 5 options allow 6**25 - 1
package offers, more than an index holds, and nothing may count them by listing them."""

from __future__ import annotations

import json
import pathlib
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.ai.random_agent import RandomAgent
from game.ai.registry import AGENTS
from game.cli import main
from game.core import analysis, engine
from game.core.actions import Implement, Propose
from game.core.legal import LegalActions
from game.core.observe import Observation, observe
from game.scenario.loader import load_scenario
from tests.commands import run_truce

ISSUES, OPTIONS = 25, 5
PACKAGES = (OPTIONS + 1) ** ISSUES - 1  # each issue: one of its options, or left out


def wide_scenario_text(issues: int = ISSUES, options: int = OPTIONS) -> str:
    """A valid scenario of `issues` issues with `options` options each, every one citing."""
    weights = "{" + ", ".join(f"i{k}: 1" for k in range(issues)) + "}"
    lines = ["schema_version: 1", "id: wide", "title: Wide talks", "summary: Many tracks.",
             'date: "2015-09-25"', "sources:", "  - {id: memo, title: A memo}", "parties:"]
    for party in ("us", "cn"):
        lines += [f"  {party}:", f"    name: {party.upper()}", "    brief: Agree.",
                  "    roles: [{id: lead, title: Lead, brief: Lead.}]", f"    weights: {weights}"]
    lines.append("issues:")
    for k in range(issues):
        lines += [f"  - id: i{k}", f"    title: Track {k}",
                  "    cite: [{source: memo, quote: a line}]", "    options:"]
        for j in range(options):
            lines.append(
                f"      - {{id: o{j}, label: Option {j}, obliges: [us, cn], "
                f"value: {{us: {1 + (k + j) % 4}, cn: {1 + (3 * k + j) % 5}}}, "
                "temptation: {us: 1, cn: 1}, verification: {detect: 0.5, false_alarm: 0.05}}")
    lines += ["trust: {initial: {us: 0.5, cn: 0.5}}",
              "sanctions: {levels: [{id: targeted, label: Targeted, cost_target: 2, "
              "cost_sender: 0.5}]}",
              "settings: {rounds: 3, exchanges: 3}"]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def wide_file(tmp_path_factory) -> pathlib.Path:
    path = tmp_path_factory.mktemp("wide") / "wide.yaml"
    path.write_text(wide_scenario_text(), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def wide(wide_file):
    return load_scenario(wide_file)


def test_an_opening_counts_every_package_exactly_beyond_what_an_index_holds(wide):
    legal = engine.legal_actions(engine.new_game(wide, 1), "us")
    assert legal.n_packages == PACKAGES > sys.maxsize
    assert legal.size == len(legal.fixed) + PACKAGES
    assert legal and legal.has_proposals() and repr(legal).endswith(f"{legal.size} actions)")
    with pytest.raises(OverflowError, match=r"use \.size"):
        len(legal)
    last = legal[legal.size - 1]
    assert last == legal[-1] and len(last.terms) == ISSUES  # every issue, its last option
    with pytest.raises(IndexError):
        legal[legal.size]


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=0, max_value=PACKAGES - 1))
def test_every_package_index_names_a_legal_offer_and_len_still_works_when_it_fits(wide, index):
    legal = engine.legal_actions(engine.new_game(wide, 1), "us")
    offer = legal[len(legal.fixed) + index]
    assert isinstance(offer, Propose) and offer in legal
    small = LegalActions("us", legal.fixed, legal.package_space[:3])
    assert len(small) == small.size == len(legal.fixed) + 6**3 - 1


def test_the_random_agent_samples_offers_from_the_whole_space_and_repeats_itself_per_seed(wide):
    obs = observe(engine.new_game(wide, 1), "us")
    assert RandomAgent("us", 1).act(obs) == RandomAgent("us", 1).act(obs)
    offers = [RandomAgent("us", seed).act(obs) for seed in range(200)]
    assert all(a in obs.legal_actions for a in offers)
    sizes = [len(a.terms) for a in offers if isinstance(a, Propose)]
    assert sum(sizes) / len(sizes) > 0.7 * ISSUES  # uniform: most packages settle most issues


def test_an_observation_with_millions_of_implement_choices_goes_through_json_unlisted(wide):
    state = engine.new_game(wide, 1)
    every = tuple((f"i{k}", "o0") for k in range(ISSUES))
    state, _ = engine.step(state, Propose("us", every))
    state, _ = engine.step(state, engine.legal_actions(state, "cn").fixed[0])  # accept
    obs = observe(state, "us")
    assert obs.phase == "implement" and obs.legal_actions.size == 2**ISSUES
    assert isinstance(obs.legal_actions[-1], Implement)
    back = Observation.from_json(json.loads(json.dumps(obs.to_json())))
    assert back.legal_actions.size == 2**ISSUES and back.legal_actions[-1] == obs.legal_actions[-1]
    opening = observe(engine.new_game(wide, 1), "us")
    again = Observation.from_json(json.loads(json.dumps(opening.to_json())))
    assert again.legal_actions.size == opening.legal_actions.size > sys.maxsize


def test_the_deal_analysis_sizes_the_space_exactly_and_refuses_to_list_it(wide):
    space = analysis.space_from_scenario(wide)
    assert space.size == PACKAGES + 1  # the empty package too
    with pytest.raises(ValueError, match=f"^{space.size:,} packages exceed"):
        analysis.all_packages(space)
    assert analysis.analyse_scenario(wide).zopa


SHIPPED = sorted(AGENTS)  # random and every strategy


@pytest.mark.parametrize("us", SHIPPED)
def test_every_shipped_agent_plays_a_wide_scenario_to_the_end(wide_file, capsys, us):
    them = SHIPPED[(SHIPPED.index(us) + 1) % len(SHIPPED)]  # each meets the next in a ring
    assert main(["simulate", str(wide_file), "--us", us, "--cn", them, "--games", "1",
                 "--json"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out)["aggregate"]["games"] == 1, out.err


def test_a_tournament_on_a_wide_scenario_finishes(wide_file, capsys):
    assert main(["tournament", str(wide_file), "--agents", "random,expert", "--games", "1",
                 "--jobs", "1", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["pairings"]) == 4


def test_a_terminal_game_on_a_wide_scenario_takes_moves(wide_file, tmp_path):
    # the random AI opens as the US; the player accepts and starts to implement
    done = run_truce("play", "--text", str(wide_file), "--ai", "random", "--side", "cn",
                     "--seed", "3", input="1\n" + "2\n" * 3,
                     env={"TRUCE_SAVE_DIR": str(tmp_path)})
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert "You accept" in done.stdout
    assert "Input ended; the game is saved" in done.stdout
