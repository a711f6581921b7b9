"""Agents in format 2 games: they value options against the status quo, keep links, never
offer across a public red line or off the table, use each side's detection, and answer with
the sanction levels an incident allows."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from game.ai import policies
from game.ai.agents import PERSONALITIES, game_domain
from game.ai.registry import make_agent
from game.core import engine
from game.core.events import Offered
from game.core.observe import observe
from game.core.scenario import RedLine, SanctionLevel, Verification
from game.scenario import load_scenario
from game.sim.batch import play_table
from tests.factories import format2_scenario
from tests.test_format2_rules import implement, sign

FIXTURE = load_scenario("tests/data/format2.yaml")
PLAYERS = ["boulware", "linear", "conceder", "hardliner", "tit-for-tat", "generous-tit-for-tat",
           "expert", "always-defect", "always-comply"]


@pytest.mark.parametrize("scenario", [format2_scenario(), FIXTURE], ids=["factory", "yaml"])
@pytest.mark.parametrize("us", PLAYERS)
def test_every_shipped_agent_plays_format_2_games_without_a_slip(scenario, us):
    for cn in ("expert", "tit-for-tat", "linear"):
        agents = {"us": make_agent(us, "us", 1, scenario=scenario),
                  "cn": make_agent(cn, "cn", 2, scenario=scenario)}
        table = play_table(scenario, agents, 3)
        assert table.over
        assert [a.fallbacks for a in agents.values()] == [0, 0], (us, cn)


def test_agents_never_offer_across_the_other_sides_public_red_line_or_off_the_table():
    lines = ((), (RedLine("precursors", ("crackdown",), "no", public=True),))
    scenario = format2_scenario(red_lines=lines)
    for us in ("expert", "boulware", "tit-for-tat", "conceder"):
        agents = {"us": make_agent(us, "us", 1, scenario=scenario),
                  "cn": make_agent("hardliner", "cn", 2, scenario=scenario)}
        history = play_table(scenario, agents, 5).state.history
        offers = [dict(e.terms) for e in history if isinstance(e, Offered) and e.party == "us"]
        assert offers and not any(o.get("precursors") == "crackdown" for o in offers)
        assert not any(o.get("listing") == "delist" for o in offers)  # it needs the crackdown
        assert not any(o.get("cyber") == "norms" for o in offers)  # never on the table


def test_the_talks_value_each_option_against_the_issues_status_quo():
    domain = game_domain(observe(engine.new_game(format2_scenario(), 1), "us"), False)
    assert domain.values["cyber"] == {"frozen": 0.0, "pledge": 4.0, "norms": 5.0}
    assert domain.values["precursors"] == {"crackdown": 6.0}  # 4 against a status quo of -2
    assert domain.requires[("listing", "delist")] == (("precursors", "crackdown"),)
    assert ("cyber", "norms") in domain.forbidden  # off the table
    assert not domain.allows({"listing": "delist"})
    assert domain.allows({"listing": "delist", "precursors": "crackdown"})


def test_a_package_the_talks_choose_always_keeps_its_links():
    from game.ai.packages import PackageSpace

    domain = game_domain(observe(engine.new_game(format2_scenario(), 1), "cn"), True)
    space = PackageSpace(domain)
    for row in space.grid:
        assert domain.allows(space.package(row))
    assert domain.allows(space.package(space.best_own))


def test_an_agent_uses_its_own_sides_detection_to_decide_whether_it_may_go_unseen():
    scenario = format2_scenario()
    cyber = scenario.issue("cyber")
    pledge = replace(cyber.options[1], verification=Verification(0.05, 0.01),
                     verification_by={"cn": Verification(0.9, 0.01)})
    scenario = replace(scenario, issues=(replace(cyber, options=(cyber.options[0], pledge,
                                                                  cyber.options[2])),
                                         *scenario.issues[1:]))
    state, _ = sign(engine.new_game(scenario, 1), ("cyber", "pledge"))
    mood, rng = PERSONALITIES["pragmatist"], random.Random(0)
    assert policies.comply_unless_unseen(observe(state, "us"), mood, rng) == {"cyber": "defect"}
    assert policies.comply_unless_unseen(observe(state, "cn"), mood, rng) == {"cyber": "comply"}


def test_a_retaliator_answers_only_with_levels_the_incident_allows():
    tied = SanctionLevel("relist", "Relist the entity", 30.0, 0.1, issue="listing")
    scenario = format2_scenario(levels=(tied,))
    levels = scenario.sanctions.levels
    scenario = replace(scenario, sanctions=replace(scenario.sanctions,
                                                   levels=(tied, *levels[:-1])))
    state, _ = sign(engine.new_game(scenario, 1), ("cyber", "pledge"))
    for seed in range(60):
        trial = implement(state.evolve(seed=seed), {"cn": {"cyber": "defect"}})
        if trial.incidents:
            break
    obs = observe(trial, "us")
    incident = obs.incidents[0].id
    mood, rng = PERSONALITIES["hawk"], random.Random(0)
    for policy in policies.RESPOND.values():
        assert policy(obs, incident, mood, rng) != "relist"
    agent = make_agent("tit-for-tat", "us", 1, scenario=scenario)
    assert agent.act(obs) in obs.legal_actions


def test_an_agent_does_a_one_off_act_it_alone_owes_when_its_lasting_value_beats_the_gain():
    example = load_scenario("scenarios/examples/words-and-deeds.yaml")
    climate = example.issue("climate")
    unseen = replace(climate.option("fund"), verification=Verification(0.0, 0.0))
    example = replace(example, events=(), issues=tuple(
        replace(i, options=(*i.options[:2], unseen)) if i.id == "climate" else i
        for i in example.issues))
    state, _ = sign(engine.new_game(example, 1), ("climate", "fund"))
    obs = observe(state, "cn")
    assert obs.obligations == ("climate",)
    # breaking it gains 4 once, unseen; doing it pays 3 a round for the rest of the game
    expert = make_agent("expert", "cn", 1, scenario=example)
    assert dict(expert.act(obs).choices) == {"climate": "comply"}
