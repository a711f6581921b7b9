"""The trust model is Bayes on a grid: exact, directional, convergent, forgiving, finite."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from game.core import trust

THETA = trust.grid(101)


def _beta_on_grid(a, b):
    return trust.normalise(THETA ** (a - 1) * (1 - THETA) ** (b - 1))


def test_update_is_exact_against_the_closed_form_beta_update_with_perfect_verification():
    prior = trust.beta_prior(0.6, 5.0, THETA)
    belief = prior
    signals = [0, 1, 0, 0, 1, 0, 0, 0]
    for d in signals:
        belief = trust.update(belief, prior, d, 1.0, 0.0, 1.0, THETA)
    kept = signals.count(0)  # no report under perfect verification: the party complied
    broken = signals.count(1)
    expected = _beta_on_grid(3.0 + kept, 2.0 + broken)
    np.testing.assert_allclose(belief, expected, rtol=1e-9, atol=1e-15)


def test_a_reported_violation_lowers_trust_and_a_clean_signal_raises_it():
    prior = trust.beta_prior(0.5, 4.0, THETA)
    base = trust.mean(prior, THETA)
    reported = trust.update(prior, prior, 1, 0.6, 0.1, 0.85, THETA)
    clean = trust.update(prior, prior, 0, 0.6, 0.1, 0.85, THETA)
    assert trust.mean(reported, THETA) < base < trust.mean(clean, THETA)


@settings(max_examples=20, deadline=None)
@given(rate=st.floats(0.1, 0.9), seed=st.integers(0, 10_000))
def test_posterior_mean_converges_to_the_true_compliance_rate(rate, seed):
    rng = np.random.default_rng(seed)
    detect, false_alarm = 0.8, 0.05
    prior = trust.beta_prior(0.5, 2.0, THETA)
    belief = prior
    for _ in range(3000):
        complied = rng.random() < rate
        d = rng.random() < (false_alarm if complied else detect)
        belief = trust.update(belief, prior, int(d), detect, false_alarm, 1.0, THETA)
    assert abs(trust.mean(belief, THETA) - rate) < 0.05


def test_memory_lets_trust_recover_after_violations_stop():
    prior = trust.beta_prior(0.7, 4.0, THETA)
    forgetful, grudging = prior, prior
    for _ in range(8):
        forgetful = trust.update(forgetful, prior, 1, 0.9, 0.02, 0.7, THETA)
        grudging = trust.update(grudging, prior, 1, 0.9, 0.02, 1.0, THETA)
    low = trust.mean(forgetful, THETA)
    for _ in range(6):
        forgetful = trust.update(forgetful, prior, 0, 0.9, 0.02, 0.7, THETA)
        grudging = trust.update(grudging, prior, 0, 0.9, 0.02, 1.0, THETA)
    assert trust.mean(forgetful, THETA) > low + 0.2
    assert trust.mean(forgetful, THETA) > trust.mean(grudging, THETA)


@settings(max_examples=60, deadline=None)
@given(
    mean=st.sampled_from([0.0, 1.0, 1e-9, 1 - 1e-9, 0.5]),
    strength=st.sampled_from([0.0, 1e-6, 1.0, 1e4, 1e7]),
    detect=st.sampled_from([0.0, 1.0, 0.5]),
    false_alarm=st.sampled_from([0.0, 1.0, 0.5]),
    memory=st.sampled_from([0.0, 1.0, 0.5]),
    signals=st.lists(st.integers(0, 1), max_size=30),
)
def test_extreme_parameters_never_give_nan(mean, strength, detect, false_alarm, memory, signals):
    prior = trust.beta_prior(mean, strength, THETA)
    belief = prior
    for d in signals:
        belief = trust.update(belief, prior, d, detect, false_alarm, memory, THETA)
        assert np.all(np.isfinite(belief))
    m, s = trust.mean(belief, THETA), trust.sd(belief, THETA)
    assert 0.0 <= m <= 1.0 and np.isfinite(s)
    shifted = trust.shift(belief, -0.9, THETA)
    assert np.all(np.isfinite(shifted)) and 0.0 <= trust.mean(shifted, THETA) <= 1.0


def test_functions_accept_a_batch_of_futures():
    prior = trust.beta_prior(np.array([0.4, 0.6]), 4.0, THETA)  # [2, G]
    futures = np.broadcast_to(prior, (1000, 2, 101))
    signals = np.random.default_rng(1).integers(0, 2, size=(1000, 2))
    out = trust.update(futures, prior, signals, 0.7, 0.1, 0.85, THETA)
    assert out.shape == (1000, 2, 101)
    np.testing.assert_allclose(out.sum(axis=-1), 1.0)
    single = trust.update(prior[1], prior[1], signals[5, 1], 0.7, 0.1, 0.85, THETA)
    np.testing.assert_allclose(out[5, 1], single)
    assert trust.mean(out, THETA).shape == (1000, 2)


def test_shift_moves_the_mean_by_delta():
    prior = trust.beta_prior(0.5, 6.0, THETA)
    shifted = trust.shift(prior, -0.2, THETA)
    assert abs(trust.mean(shifted, THETA) - (trust.mean(prior, THETA) - 0.2)) < 1e-5


def test_an_unjustified_sanction_tilts_belief_down():
    prior = trust.beta_prior(0.5, 4.0, THETA)
    assert trust.mean(trust.tilt_down(prior, 0.5, THETA), THETA) < trust.mean(prior, THETA)


def test_sanctions_escalate_to_the_higher_rung_and_decay_until_they_lapse():
    assert trust.escalate(1, 0.25, 0) == (1, 1.0)
    assert trust.escalate(0, 0.25, 1) == (1, 1.0)
    strength = 1.0
    for _ in range(7):  # 0.5**7 < 1% of the original cost
        strength = float(trust.decay(strength, 0.5))
    assert strength == 0.0
