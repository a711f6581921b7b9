"""Analysis and forecasts with format 2: status quo, status quo options, links and acts agree
with brute force and with games played by the engine."""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.core import analysis, engine, trust
from game.core import forecast as fc
from game.core.actions import Accept, Implement, Pass, Propose, Respond
from game.core.observe import observe
from game.core.scenario import Issue
from tests.factories import format2_scenario
from tests.test_analysis import make_scenario


def brute(scenario):
    """Every signable package (links kept, red lines and options off the table excluded) with
    its per-round utility computed straight from the rules."""
    forbidden = {(line.issue, o) for p in scenario.parties.values() for line in p.red_lines
                 for o in line.forbid}
    per_issue = [[None, *[o for o in i.options if (i.id, o.id) not in forbidden
                          and o.available]] for i in scenario.issues]
    rows = []
    for combo in itertools.product(*per_issue):
        chosen = {i.id: o.id for i, o in zip(scenario.issues, combo, strict=True) if o}
        if any(chosen.get(k) != b for i, o in zip(scenario.issues, combo, strict=True) if o
               for k, b in o.requires):
            continue
        real = any(o is not None and not o.status_quo for o in combo)
        u = []
        for p in ("us", "cn"):
            total = 0.0 if real else scenario.parties[p].no_deal
            for i, o in zip(scenario.issues, combo, strict=True):
                w = scenario.parties[p].weights[i.id]
                total += w * (o.value[p] if o is not None and not o.status_quo
                              else i.status_quo_of(p))
            u.append(total)
        rows.append((tuple(sorted(chosen.items())), u))
    return rows


@st.composite
def linked_scenarios(draw):
    n = draw(st.integers(2, 4))
    values = [[(draw(st.integers(-3, 6)), draw(st.integers(-3, 6)))
               for _ in range(draw(st.integers(1, 3)))] for _ in range(n)]
    base = make_scenario(values, no_deal=(draw(st.integers(-2, 2)), draw(st.integers(-2, 2))))
    issues = []
    for issue in base.issues:
        still = {"us": draw(st.integers(-2, 2)), "cn": draw(st.integers(-2, 2))}
        options = list(issue.options)
        if draw(st.booleans()):
            options[0] = replace(options[0], status_quo=True, obliges=())
        issues.append(Issue(issue.id, issue.title, tuple(options), status_quo=still))
    for _ in range(draw(st.integers(0, 3))):
        a, b = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
        if a == b:
            continue
        i = draw(st.integers(0, len(issues[a].options) - 1))
        j = draw(st.integers(0, len(issues[b].options) - 1))
        opts = list(issues[a].options)
        opts[i] = replace(opts[i], requires=(*opts[i].requires,
                                             (issues[b].id, issues[b].options[j].id)))
        issues[a] = replace(issues[a], options=tuple(opts))
    return replace(base, issues=tuple(issues))


@settings(max_examples=60, deadline=None)
@given(scenario=linked_scenarios())
def test_frontier_and_nash_with_links_and_status_quo_match_brute_force(scenario):
    rows = brute(scenario)
    points = np.array([u for _, u in rows])
    result = analysis.analyse(analysis.space_from_scenario(scenario))
    undominated = points[analysis.pareto_mask(points)]
    got = {tuple(np.round(p, 9)) for p in result.frontier.points}
    assert got == {tuple(np.round(p, 9)) for p in undominated}
    worth = dict(rows)
    for k, point in enumerate(result.frontier.points):
        package = analysis.package_of(result.space, result.frontier.choices[k])
        assert package in worth and np.allclose(worth[package], point)
    d = np.array(result.space.no_deal)
    gains = np.clip(points - d, 0, None)
    ok = (points >= d - 1e-9).all(axis=1)
    best = (gains[:, 0] * gains[:, 1] * ok).max()
    nash = np.array(result.nash.utility)
    assert np.prod(np.clip(nash - d, 0, None)) == pytest.approx(best if best > 1e-9 else 0.0)


def test_a_package_breaking_a_link_is_assessed_as_no_possible_agreement():
    result = analysis.analyse_scenario(format2_scenario())
    assert not analysis.assess(result, {"listing": "delist"}).acceptable
    assert analysis.assess(result, {"listing": "delist", "precursors": "crackdown"}).acceptable


def test_the_analysis_scale_is_the_engines_per_round():
    scenario = format2_scenario()
    state = engine.new_game(scenario, 1)
    space = analysis.space_from_state(state)
    rel = scenario.trust.relationship_weight
    for n, p in enumerate(("us", "cn")):
        initial = float(trust.mean(state.tables.prior[1 - n, 0], state.tables.theta))
        assert state.tables.zero[p] == pytest.approx(space.no_deal[n] * 4 + rel * initial)
        assert state.tables.ideal[p] == pytest.approx(space.best[n] * 4 + rel)
    assert list(space.no_deal) == [-3.0, 0.5]


def test_an_option_off_the_table_is_valued_but_never_proposed_by_the_analysis():
    result = analysis.analyse_scenario(format2_scenario())
    packages = [analysis.package_of(result.space, c) for c in result.frontier.choices]
    assert not any(("cyber", "norms") in p for p in packages)
    assert analysis.assess(result, {"cyber": "norms", "dialogue": "meeting"}).utility[0] == 4.0
    zone = next(z for z in result.issue_zones if z.issue == "cyber")
    assert "norms" not in zone.feasible and "frozen" in zone.feasible


# --- forecasts --------------------------------------------------------------------------------


def play(scenario, seed, package, choices):
    """Sign `package` in round 1, implement fixed choices, answer each report a rung higher."""
    state = engine.new_game(scenario, seed)
    levels = [lv.id for lv in scenario.sanctions.levels]
    state, _ = engine.step(state, Propose(state.turn, package))
    state, _ = engine.step(state, Accept(state.turn))
    while not engine.is_over(state):
        if state.phase == "negotiate":
            state, _ = engine.step(state, Pass(state.turn))
        elif state.phase == "implement":
            party = engine.awaiting(state)[0]
            owed = sorted(state.obligations(party))
            state, _ = engine.step(state, Implement(party, tuple(
                (k, choices[party].get(k, "comply")) for k in owed)))
        else:
            party = engine.awaiting(state)[0]
            incident = state.open_incidents(party)[0]
            held = next((s for s in state.sanctions if s.sender == party), None)
            rung = 0 if held is None else min(levels.index(held.level) + 1, len(levels) - 1)
            state, _ = engine.step(state, Respond(party, incident.id, levels[rung]))
    return [engine.final_scores(state)[p].raw for p in ("us", "cn")]


CASES = [
    ((("dialogue", "meeting"), ("precursors", "crackdown"), ("listing", "delist")),
     {"us": {"listing": "defect"}, "cn": {"dialogue": "defect"}}),
    ((("cyber", "pledge"), ("dialogue", "meeting")),
     {"us": {"cyber": "defect"}, "cn": {}}),
    ((("cyber", "frozen"), ("dialogue", "meeting")), {"us": {}, "cn": {}}),
]


@pytest.mark.parametrize(("package", "choices"), CASES)
def test_the_forecast_of_acts_links_and_status_quo_agrees_with_the_engine(package, choices):
    scenario = format2_scenario()
    games = np.array([play(scenario, seed, package, choices) for seed in range(200)])
    state = engine.new_game(scenario, 0)
    issues = state.tables.issue_ids
    compliance = np.ones((2, len(issues)))
    for n, party in enumerate(("us", "cn")):
        for issue in choices[party]:
            compliance[n, issues.index(issue)] = 0.0
    out = fc.forecast(state, package, futures=20_000, seed=5, compliance=compliance)
    for n in (0, 1):
        se = np.sqrt(games[:, n].var() / len(games) + out.payoff[:, n].var() / 20_000)
        assert abs(games[:, n].mean() - out.payoff[:, n].mean()) < 4 * se + 0.05


def test_the_closed_form_trust_of_an_act_is_one_update_in_its_round():
    scenario = format2_scenario()
    state = engine.new_game(scenario, 0)
    deal = fc.deal_from_state(state, (("dialogue", "meeting"), ("cyber", "pledge")))
    assert list(deal.due) == [-1, 1, -1, -1]
    theta = state.tables.theta
    ts = fc.TrustState(np.asarray(state.beliefs), state.tables.prior, theta, 0.85, 10.0, 0.5)
    rng = np.random.default_rng(3)
    owed = deal.obligations(4)
    reported = (rng.random((6, 4, 2, 4)) < 0.5) & owed
    tilt = np.where(rng.random((6, 4, 2)) < 0.3, 0.5, 0.0)
    got = fc.final_trust(ts, deal, reported, tilt)
    for f in range(6):
        belief = ts.beliefs.copy()
        for r in range(4):
            belief = trust.update(belief, ts.prior, reported[f, r, ::-1].astype(int),
                                  deal.detect[::-1], deal.false_alarm[::-1], 0.85, theta,
                                  mask=owed[r, ::-1])
            for o in (0, 1):
                if tilt[f, r, o]:
                    belief[o] = trust.tilt_down(belief[o], tilt[f, r, o], theta)
        np.testing.assert_allclose(got[f], trust.mean(belief, theta), atol=1e-9)


def test_a_seat_forecasts_a_deal_with_an_act_and_a_status_quo():
    state = engine.new_game(format2_scenario(), 2)
    out = fc.forecast(observe(state, "us"), (("dialogue", "meeting"), ("cyber", "frozen")),
                      futures=500)
    look = out.outlook(0)
    assert look is not None and np.isfinite(look.median)
    nothing = fc.forecast(observe(state, "us"), None, futures=500).outlook(0)
    assert nothing.median == pytest.approx(-3.0 * 4 + out.relationship[:, 0].mean(), abs=2.0)
