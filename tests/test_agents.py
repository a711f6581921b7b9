"""Game agents: legal moves only, observation only, exact answers to scripted situations."""

from __future__ import annotations

import ast
import pathlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.ai.agents import (
    AGENT_CLASSES,
    PERSONALITIES,
    StrategyAgent,
    game_domain,
    honour_chance,
    personality_for,
)
from game.ai.difficulty import DIFFICULTIES
from game.ai.registry import AGENTS, describe, make_agent
from game.core import analysis, engine
from game.core.actions import Accept, Implement, Pass, Propose, Reject, Respond
from game.core.observe import Observation, observe
from game.scenario.loader import load_scenario
from game.sim.tournament import play
from tests.factories import opened_by

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHIPPED_FLAGSHIP = load_scenario(ROOT / "scenarios" / "state-visit-2015.yaml")
# the scripted games below have the US open round 1 (the shipped flagship draws who opens)
FLAGSHIP = opened_by(SHIPPED_FLAGSHIP, "us")
# the flagship's six tracks as in format 1 (without the dialogue's first meeting): the exact
# moves of the versus-tests below were recorded on it
SIX_TRACKS = load_scenario(ROOT / "tests" / "data" / "state-visit-2015-v1.yaml")
SHIPPED = sorted(AGENTS)


class Watched:
    """Wraps an agent: checks every action is legal and that it is handed only observations."""

    def __init__(self, agent) -> None:
        self.agent = agent
        self.name = agent.name
        self.moves = []

    def act(self, observation):
        assert isinstance(observation, Observation)
        action = self.agent.act(observation)
        assert action in observation.legal_actions, action.text()
        self.moves.append(action)
        return action


# -- every agent, every phase ---------------------------------------------------------------------
@settings(max_examples=25, deadline=None)
@given(us=st.sampled_from(SHIPPED), cn=st.sampled_from(SHIPPED), seed=st.integers(0, 10_000))
def test_every_agent_returns_only_legal_actions_in_every_phase(us, cn, seed):
    agents = {
        "us": Watched(make_agent(us, "us", seed, scenario=SHIPPED_FLAGSHIP)),
        "cn": Watched(make_agent(cn, "cn", seed + 1, scenario=SHIPPED_FLAGSHIP)),
    }
    state = play(SHIPPED_FLAGSHIP, agents, seed)
    assert engine.is_over(state)
    for watched in agents.values():
        assert getattr(watched.agent, "fallbacks", 0) == 0  # its own choice was legal


def test_agents_import_nothing_that_could_show_them_the_full_state():
    allowed = {"game.core.actions", "game.core.observe", "game.core.events", "game.core.scenario",
               "game.core.forecast",  # forecast_observation reads only the observation
               "game.core.seeds",  # stable seeds from labels: no game state at all
               "game.core.links"}  # link_problem reads only (issue, option) pairs
    for path in (ROOT / "game" / "ai").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("game.core"):
                assert node.module in allowed, f"{path.name} imports {node.module}"


@pytest.mark.parametrize("name", SHIPPED)
def test_every_agent_replays_its_game_exactly_with_the_same_seed(name):
    logs = []
    for _ in range(2):
        agents = {
            "us": make_agent(name, "us", 5, scenario=FLAGSHIP),
            "cn": make_agent("random", "cn", 6, scenario=FLAGSHIP),
        }
        logs.append([a.text() for a in play(FLAGSHIP, agents, 11).actions])
    assert logs[0] == logs[1]


# -- scripted situations: exact expected moves ---------------------------------------------
def _best_package(obs: Observation) -> tuple[tuple[str, str], ...]:
    own = obs.own
    return tuple(
        sorted((i.id, max(own.values[i.id], key=own.values[i.id].get)) for i in obs.issues)
    )


@pytest.mark.parametrize("name", ["boulware", "linear", "conceder", "tit-for-tat",
                                  "generous-tit-for-tat", "expert"])
def test_the_us_opens_the_talks_with_its_best_package(name):
    state = engine.new_game(FLAGSHIP, 1)
    obs = observe(state, "us")
    agent = make_agent(name, "us", 1, scenario=FLAGSHIP)
    assert agent.act(obs) == Propose("us", _best_package(obs))


def _reported_violation(cn_choice: str = "defect") -> engine.GameState:
    """Round 1 signed on cyber only; China's cyber violation is reported (first such seed)."""
    for seed in range(200):
        state = engine.new_game(FLAGSHIP, seed)
        for action in (
            Propose("us", (("cyber", "joint-investigation"),)),
            Accept("cn"),
            Implement("us", (("cyber", "comply"),)),
            Implement("cn", (("cyber", cn_choice),)),
        ):
            state, _ = engine.step(state, action)
        if state.phase == "respond" and state.open_incidents("us"):
            return state
    raise AssertionError("no seed reports the violation")


def test_china_is_answered_in_proportion_to_the_evidence():
    state = _reported_violation()
    obs = observe(state, "us")
    incident = state.open_incidents("us")[0].id
    expected = {
        "boulware": "protest",  # lenient: protests a probable violation
        "tit-for-tat": "targeted",  # reciprocal: sanctions it
        "always-defect": "none",
        "expert": "protest",  # proportional: a first offence earns a warning
    }
    for name, response in expected.items():
        agent = make_agent(name, "us", 1, scenario=FLAGSHIP)
        assert agent.act(obs) == Respond("us", incident, response), name


def test_tit_for_tat_breaks_every_promise_the_round_after_a_reported_violation():
    state = _reported_violation()
    incident = state.open_incidents("us")[0].id
    state, _ = engine.step(state, Respond("us", incident, "protest"))
    while state.phase == "negotiate":  # round 2: both pass / reject so the deal stands
        party = engine.awaiting(state)[0]
        offer_on_table = state.offer is not None
        state, _ = engine.step(state, Reject(party) if offer_on_table else Pass(party))
    obs = observe(state, "us")
    assert obs.phase == "implement"
    moves = {
        "tit-for-tat": "defect",
        "always-comply": "comply",
        "always-defect": "defect",
        "boulware": "comply",
    }
    for name, choice in moves.items():
        agent = make_agent(name, "us", 1, scenario=FLAGSHIP)
        assert agent.act(obs) == Implement("us", (("cyber", choice),)), name


def test_china_never_accepts_an_offer_across_its_red_line():
    state = engine.new_game(FLAGSHIP, 3)
    state, _ = engine.step(state, Propose("us", (("human-rights", "lawyers-free"),)))
    obs = observe(state, "cn")
    for name in SHIPPED:
        action = make_agent(name, "cn", 1, scenario=FLAGSHIP).act(obs)
        assert not isinstance(action, Accept), name
        if isinstance(action, Propose):
            assert ("human-rights", "lawyers-free") not in action.terms


class Rejecter:
    """A scripted China: turns down every offer and never makes one."""

    name = "rejecter"

    def act(self, obs):
        if obs.phase == "negotiate":
            return Reject(obs.seat) if obs.offer is not None else Pass(obs.seat)
        return obs.legal_actions[0]


class RedLineHolder(Rejecter):
    """A scripted China: accepts any offer that does not free the lawyers, rejects the rest."""

    name = "red-line-holder"

    def act(self, obs):
        offer = obs.offer if obs.phase == "negotiate" else None
        if offer is not None and ("human-rights", "lawyers-free") not in offer:
            return Accept(obs.seat)
        return super().act(obs)


def _us_talks(name: str, china) -> list[str]:
    agents = {"us": make_agent(name, "us", 1, scenario=SIX_TRACKS), "cn": china}
    state = play(SIX_TRACKS, agents, 4)
    return [
        a.text()
        for a in state.actions
        if (a.seat == "us" and isinstance(a, Propose | Pass)) or (a.seat, type(a)) == ("cn", Accept)
    ]


OPENING = (
    "us propose climate=cap-and-trade-fund cyber=joint-investigation human-rights=lawyers-free "
    "ict=wto-ict-rules maritime=halt-reclamation people=one-million-strong"
)


@pytest.mark.parametrize("name", ["linear", "always-comply"])
def test_the_standard_opponent_proposes_anew_each_round_after_a_rejection(name):
    assert _us_talks(name, Rejecter()) == [
        OPENING,
        # round 3: every option of the turned-down opening is held against it
        "us propose climate=cap-and-trade cyber=norms human-rights=journalist-access "
        "ict=fair-competition maritime=rules-of-behaviour",
        "us propose climate=statement cyber=pledge ict=affirm",
    ]


def test_the_standard_opponent_keeps_bargaining_on_top_of_a_deal_in_force():
    assert _us_talks("linear", RedLineHolder()) == [
        OPENING,
        "us propose climate=cap-and-trade cyber=norms human-rights=journalist-access "
        "ict=fair-competition maritime=rules-of-behaviour",
        "cn accept",
        # round 5: a change on top of the round-3 deal (cyber), worth something to the US
        "us propose climate=cap-and-trade cyber=joint-investigation "
        "human-rights=journalist-access ict=fair-competition maritime=rules-of-behaviour "
        "people=exchanges",
        "cn accept",
    ]


def test_the_expert_varies_its_packages_and_drops_the_option_china_turned_down():
    moves = _us_talks("expert", Rejecter())
    assert moves == [
        OPENING,
        # it gives ground where China's word is worth least to it (a breach would go unseen)
        # and holds on to what a breach would be seen on: halting reclamation, then the
        # joint investigation
        "us propose climate=cap-and-trade cyber=norms human-rights=journalist-access "
        "ict=fair-competition maritime=halt-reclamation people=exchanges",
        "us propose climate=statement cyber=joint-investigation human-rights=dialogue "
        "ict=affirm maritime=rules-of-behaviour people=one-million-strong",
    ]
    assert all("lawyers-free" not in move for move in moves[1:])


def test_the_expert_signs_with_a_red_line_holder_and_offers_no_trade_only_it_gains_from():
    assert _us_talks("expert", RedLineHolder()) == [
        OPENING,  # a plain no: every option in it is held against it
        "us propose climate=cap-and-trade cyber=norms human-rights=journalist-access "
        "ict=fair-competition maritime=halt-reclamation people=exchanges",
        "cn accept",
        # round 5: every upgrade it could ask for was in the refused opening, and China never
        # offered anything: no trade it can see adds value for China, so it asks for none
        "us pass",
    ]


def test_two_plain_nos_to_an_option_china_never_offers_read_as_its_red_line():
    state = engine.new_game(FLAGSHIP, 4)
    for action in (Propose("us", (("human-rights", "lawyers-free"), ("people", "exchanges"))),
                   Reject("cn")):
        state, _ = engine.step(state, action)
    while engine.awaiting(state) != ("us",) or state.phase != "negotiate":
        party = engine.awaiting(state)[0]
        obs = observe(state, party)
        state, _ = engine.step(state, obs.legal_actions[0])
    state, _ = engine.step(state, Propose("us", (("human-rights", "lawyers-free"),)))
    state, _ = engine.step(state, Reject("cn"))
    while state.phase != "negotiate" or engine.awaiting(state) != ("us",):
        party = engine.awaiting(state)[0]
        state, _ = engine.step(state, observe(state, party).legal_actions[0])
    obs = observe(state, "us")
    neg, _ = make_agent("expert", "us", 1, scenario=FLAGSHIP).negotiator(obs)
    assert neg.their_red_lines() == {("human-rights", "lawyers-free")}
    action = make_agent("expert", "us", 1, scenario=FLAGSHIP).act(obs)
    assert "lawyers-free" not in action.text()


def test_the_expert_and_a_conceder_sign_a_deal():
    agents = {"us": make_agent("expert", "us", 1, scenario=FLAGSHIP),
              "cn": make_agent("conceder", "cn", 2, scenario=FLAGSHIP)}
    state = play(FLAGSHIP, agents, 4)
    assert any(type(e).__name__ == "Accepted" for e in state.history)


# -- registry, personalities and difficulty levels -----------------------------------------
def test_every_shipped_strategy_is_registered_with_a_description():
    assert set(AGENT_CLASSES) <= set(AGENTS)
    for name in AGENTS:
        assert describe(name)


def test_each_difficulty_level_maps_to_a_registered_agent_with_a_line_for_the_player():
    assert list(DIFFICULTIES) == ["novice", "standard", "hard", "expert"]
    for name, level in DIFFICULTIES.items():
        assert level.agent in AGENTS and level.description
        agent = make_agent(name, "cn", 0, scenario=FLAGSHIP)
        assert isinstance(agent, StrategyAgent)
        if level.personality:
            assert agent.personality.id == level.personality


def test_an_agent_takes_its_partys_default_personality_unless_told_otherwise():
    assert make_agent("expert", "us", 0, scenario=FLAGSHIP).personality.id == "pragmatist"
    assert make_agent("expert", "us", 0, scenario=FLAGSHIP, personality="hawk").personality.id == (
        "hawk"
    )
    assert personality_for(None, "us").id == "pragmatist"
    with pytest.raises(ValueError):
        personality_for(None, "us", "berserker")
    assert set(PERSONALITIES) == {"hawk", "dove", "pragmatist"}


def test_a_third_party_agent_loads_by_import_path_and_a_bad_spec_says_why():
    agent = make_agent("game.ai.agents:ExpertAgent", "cn", 0)
    assert agent.name == "expert"
    with pytest.raises(ValueError, match="unknown agent"):
        make_agent("grandmaster", "us", 0)
    with pytest.raises(ValueError, match="cannot import"):
        make_agent("no_such_pkg.mod:Agent", "us", 0)
    with pytest.raises(ValueError, match=r"^agent 'game.ai.registry:AGENTS' is not a class "
                       r"\(it is 'dict'\)$"):
        make_agent("game.ai.registry:AGENTS", "us", 0)


# -- every level reciprocates -------------------------------------------------------------------
LEVELS = list(DIFFICULTIES)
WORDS_ABOUT_KEEPING_ONES_WORD = ("word", "cheat", "promise", "honest", "keeps", "corners")


def test_no_level_tells_the_player_whether_it_keeps_its_word():
    for level in DIFFICULTIES.values():
        text = level.description.lower()
        assert not any(w in text for w in WORDS_ABOUT_KEEPING_ONES_WORD), level.name


class Recorder:
    """Wraps an agent: records (observation, action) for every move it makes."""

    def __init__(self, agent) -> None:
        self.agent, self.name, self.moves = agent, agent.name, []

    def act(self, observation):
        action = self.agent.act(observation)
        self.moves.append((observation, action))
        return action


def _against_a_cheat(level: str, side: str, seed: int):
    """A game of a level against always-defect; the level's recorded moves and the end state."""
    cheat = "cn" if side == "us" else "us"
    level_agent = Recorder(make_agent(level, side, seed, scenario=FLAGSHIP))
    agents = {side: level_agent, cheat: make_agent("always-defect", cheat, seed + 1,
                                                   scenario=FLAGSHIP)}
    return level_agent.moves, play(FLAGSHIP, agents, seed)


@pytest.mark.parametrize("level", LEVELS)
def test_every_level_answers_a_steady_cheat_with_sanctions_or_suspension_not_only_protests(level):
    answers = []
    for seed in range(3):
        moves, _ = _against_a_cheat(level, "us", seed)
        answers += [a.response for _, a in moves if isinstance(a, Respond)]
    assert any(a not in ("none", "protest") for a in answers), answers


@pytest.mark.parametrize("level", LEVELS)
def test_every_level_stops_offering_new_deals_to_a_side_caught_breaking_them_twice(level):
    from game.ai.policies import keeps_breaking

    shunned = 0
    for seed in range(3):
        moves, _ = _against_a_cheat(level, "cn", seed)
        for obs, action in moves:
            if obs.phase == "negotiate" and obs.commitments and keeps_breaking(obs):
                shunned += 1
                assert isinstance(action, Pass | Reject), (seed, obs.round, action.text())
    assert shunned  # the situation did arise


def _reported_twice() -> engine.GameState:
    """Cyber signed in round 1; China breaks it in rounds 1 and 2 and is reported both times
    (the first seed where it is); the first report drew a protest."""
    for seed in range(400):
        state = engine.new_game(FLAGSHIP, seed)
        for action in (Propose("us", (("cyber", "joint-investigation"),)), Accept("cn"),
                       Implement("us", (("cyber", "comply"),)),
                       Implement("cn", (("cyber", "defect"),))):
            state, _ = engine.step(state, action)
        if state.phase != "respond" or not state.open_incidents("us"):
            continue
        state, _ = engine.step(state, Respond("us", state.open_incidents("us")[0].id, "protest"))
        while state.phase == "negotiate":  # round 2: no new talks, the deal stands
            party = engine.awaiting(state)[0]
            state, _ = engine.step(state, Reject(party) if state.offer is not None else Pass(party))
        for action in (Implement("us", (("cyber", "comply"),)),
                       Implement("cn", (("cyber", "defect"),))):
            state, _ = engine.step(state, action)
        if state.phase == "respond" and state.open_incidents("us"):
            return state
    raise AssertionError("no seed reports both violations")


@pytest.mark.parametrize("level", ["novice", "standard", "hard"])
def test_a_second_reported_violation_on_a_commitment_suspends_it(level):
    state = _reported_twice()
    second = state.open_incidents("us")[0].id
    answer = make_agent(level, "us", 1, scenario=FLAGSHIP).act(observe(state, "us"))
    assert answer == Respond("us", second, "suspend")


@pytest.mark.parametrize("level, first_answer", [
    ("novice", "protest"), ("standard", "protest"), ("hard", "targeted"), ("expert", "protest"),
])
def test_a_first_reported_violation_is_answered_by_the_levels_temperament(level, first_answer):
    state = _reported_violation()
    incident = state.open_incidents("us")[0].id
    answer = make_agent(level, "us", 1, scenario=FLAGSHIP).act(observe(state, "us"))
    assert answer == Respond("us", incident, first_answer)


def test_the_expert_never_sanctions_in_the_final_round():
    for seed in range(4):
        for side in ("us", "cn"):
            _, state = _against_a_cheat("expert", side, seed)
            final = FLAGSHIP.settings.rounds
            last = [i for i in state.incidents if i.round == final and i.accused != side]
            assert all(i.response in ("none", "protest", "suspend") for i in last), last


@pytest.mark.parametrize("name", ["expert", "novice", "standard", "hard", "linear", "boulware"])
def test_after_one_refusal_that_names_a_red_line_no_agent_offers_that_option_again(name):
    moves = _us_talks(name, Rejecter())
    crossed = [n for n, m in enumerate(moves) if "human-rights=lawyers-free" in m]
    assert len(crossed) <= 1, moves  # the refusal said it: China will never accept it


def test_two_experts_bargain_over_tracks_that_open_after_a_first_deal():
    """The tutorial opens cyber and trade in round 2, after a climate deal. Offers made before
    they opened say nothing about them, and the talks over a deal in force run on a clock of
    their own: the expert who opens round 2 proposes on the new tracks (it passed, reading the
    round-1 offer as the other side wanting them left out) and the other counters before a
    deal is struck (it signed the first offer, its clock standing at the deadline)."""
    scenario = load_scenario(ROOT / "scenarios" / "tutorial.yaml")
    agents = {p: make_agent("expert", p, 1, scenario=scenario) for p in ("us", "cn")}
    state = play(scenario, agents, 1)
    round_2 = [e for e in state.history if getattr(e, "round", 0) == 2
               and type(e).__name__ in ("Offered", "Accepted", "TalksEnded")]
    assert type(round_2[0]).__name__ == "Offered" and round_2[0].party == "cn"
    assert {"cyber", "trade"} <= dict(round_2[0].terms).keys()
    assert type(round_2[1]).__name__ == "Offered" and round_2[1].party == "us"


# -- the expert weighs verification -----------------------------------------------------------
def test_a_promise_a_breach_of_which_would_be_seen_is_worth_more_to_the_expert():
    assert honour_chance(0.45, 0.0) == 0.45 and honour_chance(1.0, 0.3) == 1.0
    assert honour_chance(0.45, 0.5) > honour_chance(0.45, 0.12) > 0.45
    pledge = load_scenario(ROOT / "scenarios" / "cyber-pledge.yaml")
    obs = observe(engine.new_game(pledge, 4), "us")
    weighed, trusting = game_domain(obs, forecasts=True), game_domain(obs, forecasts=False)

    def share(domain):  # the bare pledge's worth as a share of the joint investigation's
        cyber = domain.values["cyber"]
        return cyber["pledge"] / cyber["joint-investigation"]

    assert share(weighed) < share(trusting)  # seen at 0.12 against 0.5


@pytest.mark.parametrize("opener", ["us", "cn"])
def test_two_experts_in_the_cyber_pledge_sign_the_nash_package_whichever_side_opens(opener):
    pledge = opened_by(load_scenario(ROOT / "scenarios" / "cyber-pledge.yaml"), opener)
    nash = dict(analysis.analyse_scenario(pledge).nash.package)
    for seed in range(3):
        agents = {p: make_agent("expert", p, seed * 2 + n, scenario=pledge)
                  for n, p in enumerate(("us", "cn"))}
        state = play(pledge, agents, seed)
        assert _signed(state) == nash, seed


def _signed(state) -> dict:
    """The first package signed in the game."""
    for n, action in enumerate(state.actions):
        if isinstance(action, Accept):
            offer = next(a for a in reversed(state.actions[:n]) if isinstance(a, Propose))
            return dict(offer.terms)
    return {}
