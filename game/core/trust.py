"""The trust model: grid posteriors over a compliance rate, noisy signals, memory, sanctions.

Beliefs are numpy arrays whose last axis is the grid of compliance rates θ. The engine
holds one array of shape [observer(2), issue(K), grid(G)]; every function also accepts
extra leading axes (e.g. M simulated futures) and broadcasts its other arguments.

The grid holds cell midpoints θ_i = (i + ½)/G, so θ is never exactly 0 or 1: a Beta
prior with mean 0 or 1 stays finite, and every update is exact Bayes on that grid.
"""

from __future__ import annotations

import numpy as np

FLOOR = 1e-300  # smallest belief weight kept, so logs and powers stay finite


def grid(points: int) -> np.ndarray:
    """The compliance-rate grid: `points` cell midpoints in (0, 1)."""
    return (np.arange(points, dtype=float) + 0.5) / points


def normalise(belief: np.ndarray) -> np.ndarray:
    """Scale each belief to sum to one along the grid axis."""
    belief = np.maximum(belief, FLOOR)
    return belief / belief.sum(axis=-1, keepdims=True)


def beta_prior(mean, strength, theta: np.ndarray) -> np.ndarray:
    """A Beta(strength·mean, strength·(1−mean)) prior on the grid; broadcasts over mean/strength."""
    mean = np.clip(np.asarray(mean, dtype=float), 0.0, 1.0)[..., None]
    strength = np.maximum(np.asarray(strength, dtype=float), 0.0)[..., None]
    a, b = strength * mean, strength * (1.0 - mean)
    logp = (a - 1.0) * np.log(theta) + (b - 1.0) * np.log1p(-theta)
    logp = logp - logp.max(axis=-1, keepdims=True)
    return normalise(np.exp(logp))


def likelihood(signal, detect, false_alarm, theta: np.ndarray) -> np.ndarray:
    """P(signal | θ): a violation is reported (1) with θ·false_alarm + (1−θ)·detect."""
    signal = np.asarray(signal)[..., None]
    p_report = (
        theta * np.asarray(false_alarm, dtype=float)[..., None]
        + (1.0 - theta) * np.asarray(detect, dtype=float)[..., None]
    )
    return np.where(signal > 0, p_report, 1.0 - p_report)


def forget(belief: np.ndarray, prior: np.ndarray, memory) -> np.ndarray:
    """Pull a belief back toward the prior: belief^λ · prior^(1−λ), renormalised."""
    lam = np.asarray(memory, dtype=float)
    if lam.ndim:
        lam = lam[..., None]
    logb = np.log(np.maximum(belief, FLOOR))
    logp = np.log(np.maximum(prior, FLOOR))
    mixed = lam * logb + (1.0 - lam) * logp
    mixed = mixed - mixed.max(axis=-1, keepdims=True)
    return normalise(np.exp(mixed))


def update(belief, prior, signal, detect, false_alarm, memory, theta, mask=None) -> np.ndarray:
    """One observation: forget toward the prior, then multiply by the signal's likelihood.

    `mask` (broadcast to the belief's leading shape) selects which beliefs see a signal;
    the others are returned unchanged (no forgetting without news).
    """
    posterior = normalise(
        forget(belief, prior, memory) * likelihood(signal, detect, false_alarm, theta)
    )
    if mask is None:
        return posterior
    return np.where(np.asarray(mask, dtype=bool)[..., None], posterior, belief)


def mean(belief: np.ndarray, theta: np.ndarray) -> np.ndarray:
    """The trust shown to players: the posterior mean compliance rate."""
    return belief @ theta


def sd(belief: np.ndarray, theta: np.ndarray) -> np.ndarray:
    """The spread of trust: the posterior standard deviation."""
    m = belief @ theta
    var = belief @ (theta * theta) - m * m
    return np.sqrt(np.maximum(var, 0.0))


def tilt_down(belief: np.ndarray, strength, theta: np.ndarray) -> np.ndarray:
    """Count `strength` of an observed violation: belief · (1−θ)^strength (unjust sanctions)."""
    s = np.asarray(strength, dtype=float)
    if s.ndim:
        s = s[..., None]
    return normalise(belief * np.power(1.0 - theta, s))


def shift(belief: np.ndarray, delta, theta: np.ndarray, iterations: int = 12) -> np.ndarray:
    """Move each belief's mean by `delta` (clipped inside the grid) by exponential tilting.

    belief · exp(t·θ) keeps the shape of the belief while its mean rises monotonically in t
    (d mean / dt = variance); t is found by safeguarded Newton steps, vectorised, each step
    computing the tilted belief's moments from one exponential.
    """
    belief = normalise(np.asarray(belief, dtype=float))
    logb = np.log(belief)
    theta2 = theta * theta
    target = np.minimum(np.maximum(belief @ theta + np.asarray(delta, dtype=float),
                                   theta[0] + 1e-9), theta[-1] - 1e-9)
    t = np.zeros(target.shape)
    for step in range(iterations):
        logt = logb + t[..., None] * theta if step else logb  # t == 0: logb + 0.0 is logb
        w = np.exp(logt - logt.max(axis=-1, keepdims=True))
        total = w.sum(axis=-1)
        m = (w @ theta) / total
        gap = target - m
        if (np.abs(gap) < 1e-6).all():
            return normalise(w)  # the tilted belief at this t, as _tilted would rebuild it
        var = np.maximum((w @ theta2) / total - m * m, 1e-12)
        t = t + np.minimum(np.maximum(gap / var, -50.0), 50.0)
    return _tilted(logb, t, theta)


def _tilted(logb: np.ndarray, t: np.ndarray, theta: np.ndarray) -> np.ndarray:
    logt = logb + np.asarray(t)[..., None] * theta
    logt = logt - logt.max(axis=-1, keepdims=True)
    return normalise(np.exp(logt))


# --- the sanction ladder -------------------------------------------------------------------


def escalate(level: int, strength: float, new_level: int) -> tuple[int, float]:
    """Imposing a rung: the sanction in force rises to the higher rung at full strength."""
    return max(level, new_level), 1.0


def decay(strength, rate: float, cutoff: float = 0.01):
    """A round passes: each sanction keeps `rate` of its strength; below `cutoff` it lapses."""
    kept = np.asarray(strength, dtype=float) * rate
    return np.where(kept < cutoff, 0.0, kept)


def decay_one(strength: float, rate: float, cutoff: float = 0.01) -> float:
    """`decay` of one sanction's strength, in plain floats (the same IEEE product, no array)."""
    kept = float(strength) * float(rate)
    return 0.0 if kept < cutoff else kept
