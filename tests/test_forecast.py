"""Forecasts agree with the engine, and their closed-form trust is the trust model's own update."""

import pathlib
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.core import engine, trust
from game.core import forecast as fc
from game.core.actions import Accept, Implement, Pass, Propose, Respond
from game.core.observe import observe
from game.scenario.loader import load_scenario

FLAGSHIP = pathlib.Path(__file__).resolve().parents[1] / "scenarios" / "state-visit-2015.yaml"
THETA = trust.grid(101)


def one_issue_deal(detect=0.5, false_alarm=0.1, value=(3.0, 2.0), temptation=(1.0, 2.0)):
    """A single commitment binding both sides."""
    return fc.Deal(np.array([[value[0]], [value[1]]]), np.array([[temptation[0]], [temptation[1]]]),
                   np.ones((2, 1), bool), np.full((2, 1), detect), np.full((2, 1), false_alarm),
                   np.zeros(2))


def trust_state(k=1, mean=(0.6, 0.6), strength=4.0, memory=0.85, penalty=0.5):
    prior = trust.beta_prior(np.array(mean), strength, THETA)[:, None, :].repeat(k, axis=1)
    return fc.TrustState(prior, prior, THETA, memory, 10.0, penalty)


LADDER = fc.Ladder(np.array([2.0, 5.0]), np.array([1.0, 2.0]), 0.5)


# --- the closed form is the trust model's own update --------------------------------------


def iterate_updates(ts, deal, reported, tilt):
    """The engine's way, one future at a time: update each round, then tilt after answers."""
    m, rounds, _, k = reported.shape
    out = np.zeros((m, 2, k))
    watched = deal.obliged[::-1]
    for f in range(m):
        belief = ts.beliefs.copy()
        for r in range(rounds):
            belief = trust.update(belief, ts.prior, reported[f, r, ::-1].astype(int),
                                  deal.detect[::-1], deal.false_alarm[::-1], ts.memory, THETA,
                                  mask=watched)
            for o in (0, 1):
                if tilt[f, r, o]:
                    belief[o] = trust.tilt_down(belief[o], tilt[f, r, o], THETA)
        out[f] = trust.mean(belief, THETA)
    return out


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), rounds=st.integers(1, 6), memory=st.floats(0.0, 1.0),
       detect=st.floats(0.01, 0.99), false_alarm=st.floats(0.01, 0.99))
def test_closed_form_trust_equals_updating_round_by_round(seed, rounds, memory, detect,
                                                          false_alarm):
    rng = np.random.default_rng(seed)
    deal = fc.Deal(np.ones((2, 2)), np.ones((2, 2)), np.array([[True, False], [True, True]]),
                   np.full((2, 2), detect), np.full((2, 2), false_alarm), np.zeros(2))
    ts = trust_state(k=2, memory=memory)
    m = 2**rounds + 3  # enough futures for the history table
    reported = (rng.random((m, rounds, 2, 2)) < 0.4) & deal.obliged
    tilt = np.where(rng.random((m, rounds, 2)) < 0.3, rng.choice([0.125, 0.5, 1.0], (m, rounds, 2)),
                    0.0)
    got = fc.final_trust(ts, deal, reported, tilt)
    np.testing.assert_allclose(got, iterate_updates(ts, deal, reported, tilt), atol=1e-4)
    assert np.isfinite(got).all()


def test_closed_form_trust_is_the_beta_update_under_perfect_verification():
    deal = one_issue_deal(detect=1.0, false_alarm=0.0)
    ts = trust_state(mean=(0.6, 0.6), strength=5.0, memory=1.0)
    signals = np.array([0, 1, 0, 0, 1, 0, 0, 0], dtype=bool)
    reported = np.zeros((1, 8, 2, 1), dtype=bool)
    reported[0, :, 1, 0] = signals  # us watches cn
    got = fc.final_trust(ts, deal, reported, np.zeros((1, 8, 2)))[0, 0, 0]
    a, b = 3.0 + (~signals).sum(), 2.0 + signals.sum()
    beta = trust.normalise(THETA ** (a - 1) * (1 - THETA) ** (b - 1))
    assert got == pytest.approx(trust.mean(beta, THETA), abs=1e-12)


@pytest.mark.parametrize("rate", [0.2, 0.5, 0.9])
def test_final_trust_converges_to_the_true_compliance_rate_over_a_long_game(rate):
    deal = one_issue_deal(detect=0.8, false_alarm=0.05)
    ts = trust_state(mean=(0.5, 0.5), strength=2.0, memory=1.0)
    out = fc.simulate(deal, rate, 400, fc.Ladder(np.zeros(0), np.zeros(0), 0.5), ts,
                      futures=200, rng=np.random.default_rng(1))
    trust_in_cn = out.relationship[:, 1] / ts.relationship_weight  # us's trust in cn
    assert abs(np.median(trust_in_cn) - rate) < 0.05


def test_memory_lets_trust_recover_once_the_violations_stop():
    deal = one_issue_deal(detect=0.9, false_alarm=0.02)
    reported = np.zeros((1, 10, 2, 1), dtype=bool)
    reported[0, :4, 1, 0] = True  # four reported violations by cn, then six clean rounds
    forgiving = fc.final_trust(trust_state(memory=0.7), deal, reported, np.zeros((1, 10, 2)))
    grudging = fc.final_trust(trust_state(memory=1.0), deal, reported, np.zeros((1, 10, 2)))
    assert forgiving[0, 0, 0] > grudging[0, 0, 0] + 0.1


# --- the forecast agrees with the engine ----------------------------------------------------


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
            owed = state.obligations(party)
            state, _ = engine.step(state, Implement(party, tuple((k, choices[party].get(
                k, "comply")) for k in owed)))
        else:
            party = engine.awaiting(state)[0]
            incident = state.open_incidents(party)[0]
            held = next((s for s in state.sanctions if s.sender == party), None)
            rung = 0 if held is None else min(levels.index(held.level) + 1, len(levels) - 1)
            state, _ = engine.step(state, Respond(party, incident.id, levels[rung]))
    scores = engine.final_scores(state)
    accused = [i.accused for i in state.incidents]
    return [scores[p].raw for p in ("us", "cn")], ["us" in accused, "cn" in accused]


AGREEMENT_CASES = [
    ((("climate", "cap-and-trade"), ("cyber", "pledge"), ("maritime", "rules-statement")),
     {"us": {}, "cn": {"cyber": "defect"}}),
    ((("climate", "statement"), ("cyber", "joint-investigation"), ("ict", "wto-ict-rules")),
     {"us": {"climate": "defect"}, "cn": {"cyber": "defect", "ict": "defect"}}),
]


@pytest.mark.parametrize(("package", "choices"), AGREEMENT_CASES)
def test_the_forecast_agrees_with_playing_the_engine_many_times(package, choices):
    scenario = replace(load_scenario(FLAGSHIP), events=())
    games = [play(scenario, seed, package, choices) for seed in range(300)]
    raw = np.array([g[0] for g in games])
    incident = np.array([g[1] for g in games])
    state = engine.new_game(scenario, 0)
    issues = state.tables.issue_ids
    compliance = np.ones((2, len(issues)))
    for n, party in enumerate(("us", "cn")):
        for issue in choices[party]:
            compliance[n, issues.index(issue)] = 0.0
    out = fc.forecast(state, package, futures=20_000, seed=5, compliance=compliance)
    for n in (0, 1):
        se = np.sqrt(raw[:, n].var() / len(raw) + out.payoff[:, n].var() / 20_000)
        assert abs(raw[:, n].mean() - out.payoff[:, n].mean()) < 4 * se + 0.05
        p_engine, p_forecast = incident[:, n].mean(), out.outlook(n).p_incident
        assert abs(p_engine - p_forecast) < 4 * np.sqrt(0.25 / len(raw)) + 0.01


def test_a_seat_forecasts_only_its_own_payoff():
    scenario = load_scenario(FLAGSHIP)
    state = engine.new_game(scenario, 3)
    package = (("cyber", "dialogue"), ("climate", "cap-and-trade-fund"))
    out = fc.forecast(observe(state, "cn"), package, futures=2_000, settings=scenario.trust)
    assert out.outlook(0) is None
    mine = out.outlook(1)
    assert mine is not None and mine.p10 <= mine.median <= mine.p90
    assert mine.p_incident == 0.0 or mine.p_incident > 0  # a number, not NaN


def test_facilitator_forecast_knows_both_sides_and_their_scale():
    scenario = load_scenario(FLAGSHIP)
    state = engine.new_game(scenario, 3)
    out = fc.forecast(state, (("cyber", "norms"),), futures=2_000)
    for n in (0, 1):
        look = out.outlook(n)
        assert look.p10 <= look.median <= look.p90
        assert np.isfinite(look.normalised_median)


# --- the rules of the simulated futures -----------------------------------------------------


def test_keeping_every_promise_under_perfect_verification_brings_no_incident():
    deal = one_issue_deal(detect=1.0, false_alarm=0.0)
    out = fc.simulate(deal, 1.0, 6, LADDER, trust_state(), futures=500,
                      rng=np.random.default_rng(0))
    assert out.p_any_incident == 0.0 and out.p_any_sanction == 0.0
    np.testing.assert_allclose(out.banked, [[18.0, 12.0]] * 500)


def test_unseen_cheating_pays_more_in_the_bank():
    deal = one_issue_deal(detect=0.0, false_alarm=0.0)
    honest = fc.simulate(deal, 1.0, 4, LADDER, trust_state(), futures=100)
    cheat = fc.simulate(deal, np.array([[1.0], [0.0]]), 4, LADDER, trust_state(), futures=100)
    assert (cheat.banked[:, 1] > honest.banked[:, 1]).all()
    assert (cheat.banked[:, 0] < honest.banked[:, 0]).all()


def test_always_cheating_under_full_detection_is_caught_in_the_first_round():
    deal = one_issue_deal(detect=1.0, false_alarm=0.0)
    out = fc.simulate(deal, np.array([[1.0], [0.0]]), 3, LADDER, trust_state(), futures=100)
    assert out.p_detected_within(1, 1) == 1.0
    assert out.outlook(1).p_sanctioned == 1.0 and out.outlook(0).p_sanctioned == 0.0


@settings(max_examples=60, deadline=None)
@given(detect=st.sampled_from([0.0, 1.0, 0.3]), false_alarm=st.sampled_from([0.0, 1.0, 0.2]),
       memory=st.sampled_from([0.0, 1.0, 0.85]), rate=st.sampled_from([0.0, 1.0, 0.5]),
       rounds=st.integers(0, 4), levels=st.integers(0, 2), mean=st.sampled_from([0.0, 1.0, 0.5]),
       sanction=st.sampled_from([0.0, 1.0, 0.5]), escalate=st.booleans())
def test_extreme_parameters_give_no_nan(detect, false_alarm, memory, rate, rounds, levels, mean,
                                        sanction, escalate):
    deal = one_issue_deal(detect=detect, false_alarm=false_alarm)
    ladder = fc.Ladder(np.arange(levels, dtype=float) + 1, np.ones(levels), 0.5)
    ts = trust_state(mean=(mean, mean), memory=memory)
    policy = fc.ResponsePolicy(sanction=sanction, escalate=escalate)
    out = fc.simulate(deal, rate, rounds, ladder, ts, policy, futures=64,
                      rng=np.random.default_rng(0))
    assert np.isfinite(out.payoff).all()
    for n in (0, 1):
        assert all(np.isfinite(v) for v in out.outlook(n).to_json().values() if v is not None)


def test_a_deal_with_no_commitment_banks_the_no_deal_payoff():
    deal = replace(one_issue_deal(), obliged=np.zeros((2, 1), bool), no_deal=np.array([1.5, 2.0]))
    out = fc.simulate(deal, 1.0, 4, LADDER, trust_state(), futures=10)
    np.testing.assert_allclose(out.banked, [[6.0, 8.0]] * 10)


def test_a_seat_can_assume_it_behaves_as_it_expects_the_other_side_to():
    scenario = load_scenario(FLAGSHIP)
    state = engine.new_game(scenario, 3)
    package = (("cyber", "dialogue"),)
    honest = fc.forecast(observe(state, "us"), package, futures=4_000, settings=scenario.trust)
    mirror = fc.forecast(observe(state, "us"), package, futures=4_000, settings=scenario.trust,
                         own_compliance="mirror")
    assert honest.outlook(0).p_incident < mirror.outlook(0).p_incident


def test_a_sanction_already_in_force_costs_both_sides_and_fades_by_the_decay():
    deal = replace(one_issue_deal(), obliged=np.zeros((2, 1), bool))
    held = fc.Ladder(np.array([4.0]), np.array([1.0]), 0.5, level=(0, -1), strength=(1.0, 0.0))
    out = fc.simulate(deal, 1.0, 3, held, trust_state(), futures=5)
    fading = 1.0 + 0.5 + 0.25  # us holds the sanction against cn
    np.testing.assert_allclose(out.banked, [[-1.0 * fading, -4.0 * fading]] * 5)
