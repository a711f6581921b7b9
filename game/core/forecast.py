"""Monte Carlo forecasts: what a deal brings over the remaining rounds once either side may cheat.

M futures are simulated at once as numpy arrays [M, rounds, party, issue]. Each future draws
each side's compliance rate θ once (from the other side's trust posterior, or a fixed rate),
then every round: each obliged side defects with probability 1−θ, the other side receives a
noisy report (detect / false_alarm of the option), each report is answered as the
ResponsePolicy says (a sanction with probability `sanction`, one rung up the ladder while one
is in force; otherwise a protest), sanctions cost both sides and decay, and the round is
scored as the engine scores it (a broken commitment, an issue left open or an act not yet
due pays the issue's status quo; a one-off act is done or not once, in its round, and pays
from then on only if done). The relationship term comes from the trust the other side
holds at the end, computed with the trust model's own update (memory, likelihood, the tilt of
an unjustified response) in closed form: the update is linear in log-belief, so a future's
final belief depends only on its history of reports and tilts. News events are not
simulated. See docs/model.md ("Forecasts").
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from game.core import trust
from game.core.engine import UNJUSTIFIED_WEIGHT
from game.core.observe import Observation
from game.core.scenario import PARTIES, Act, Trust
from game.core.state import PARTY_INDEX, GameState

PERCENTILES = (10.0, 50.0, 90.0)


@dataclass(frozen=True)
class ResponsePolicy:
    """How a wronged side answers each reported violation in the simulated futures."""

    sanction: float = 1.0  # probability a report is answered with a sanction
    escalate: bool = True  # a sanction while one is in force asks for the next rung up
    otherwise: str = "protest"  # the answer when no sanction: "protest" or "none"


ALWAYS_SANCTION = ResponsePolicy()  # the default: every report answered, one rung up each time


@dataclass(frozen=True)
class Deal:
    """The commitments in force, as arrays over [party (us, cn), issue]."""

    value: np.ndarray  # per-round worth to the party when the other side honours it (weighted)
    temptation: np.ndarray  # per-round private gain to the party when it defects (weighted)
    obliged: np.ndarray  # bool: the party must implement the issue's commitment
    detect: np.ndarray  # P(report | the party defected), as seen by the other side
    false_alarm: np.ndarray  # P(report | the party complied)
    no_deal: np.ndarray  # [party] per-round payoff in a round without any commitment
    still: np.ndarray | None = None  # [party, issue] weighted status quo (None: all 0)
    due: np.ndarray | None = None  # [issue] round (from now, 0-based) a one-off act is due; -1 not
    paying: np.ndarray | None = None  # [issue] pays `value` with nothing left to implement

    def obligations(self, rounds: int) -> np.ndarray:
        """[rounds, party, issue]: who must implement what in each simulated round."""
        obliged = np.asarray(self.obliged, dtype=bool)
        if self.due is None:
            return np.broadcast_to(obliged, (rounds, *obliged.shape))
        due = np.asarray(self.due)
        when = (due[None, :] < 0) | (due[None, :] == np.arange(rounds)[:, None])  # [R, K]
        return obliged[None, :, :] & when[:, None, :]

    def as_kept(self, rounds: int) -> np.ndarray:
        """[2]: the payoff over `rounds` rounds if every obligation is honoured."""
        obliged = np.asarray(self.obliged, dtype=bool)
        paying = obliged.any(axis=0) if self.paying is None else \
            obliged.any(axis=0) | np.asarray(self.paying, dtype=bool)
        due = np.full(obliged.shape[1], -1) if self.due is None else np.asarray(self.due)
        still = np.zeros_like(self.value) if self.still is None else np.asarray(self.still)
        total = np.zeros(2)
        for r in range(rounds):
            live = paying & ((due < 0) | (due <= r))  # an act pays from its round (if done)
            total += np.where(live, self.value, still).sum(axis=-1)
            if not live.any():
                total += np.asarray(self.no_deal)
        return total

    def lost(self, rounds: int) -> np.ndarray:
        """[issue]: rounds in which a defection's harm is felt (an act's: from its round on)."""
        if self.due is None:
            return np.ones(np.asarray(self.obliged).shape[1])
        due = np.asarray(self.due)
        return np.where(due < 0, 1.0, np.maximum(rounds - due, 0))


@dataclass(frozen=True)
class Ladder:
    """The sanction ladder and the sanctions in force at the start (index: the sender)."""

    cost_target: np.ndarray  # [levels], lowest rung first
    cost_sender: np.ndarray  # [levels]
    decay: float  # fraction of a sanction's strength left after each round
    level: tuple[int, int] = (-1, -1)  # rung each sender holds against the other (-1 none)
    strength: tuple[float, float] = (0.0, 0.0)


@dataclass(frozen=True)
class TrustState:
    """Beliefs [observer, issue, grid] (observer's belief about the other) and model settings."""

    beliefs: np.ndarray
    prior: np.ndarray
    theta: np.ndarray
    memory: float
    relationship_weight: float
    unjustified_penalty: float


@dataclass(frozen=True)
class Outlook:
    """One side's forecast in numbers (payoff: banked so far + future + relationship)."""

    p10: float
    median: float
    p90: float
    mean: float
    p_incident: float  # P(at least one violation by this side is reported)
    p_sanctioned: float  # P(this side is sanctioned at least once)
    normalised_median: float | None = None  # on the engine's 0–100 final-score scale

    def to_json(self) -> dict:
        """A plain dict of the figures."""
        return dict(self.__dict__)


@dataclass(frozen=True)
class Forecast:
    """Per future and party: payoff over the remaining rounds and what happened on the way."""

    banked: np.ndarray  # [M, 2] payoff banked over the simulated rounds
    relationship: np.ndarray  # [M, 2] relationship term from the other side's final trust
    incidents: np.ndarray  # [M, 2] reported violations against the party
    first_incident: np.ndarray  # [M, 2] round (1-based, from now) of the first report; 0 none
    sanctioned: np.ndarray  # [M, 2] sanctions imposed on the party
    known: tuple[bool, bool] = (True, True)  # whether the party's payoff is known to the asker
    before: np.ndarray = field(default_factory=lambda: np.zeros(2))  # banked before the forecast
    scale: tuple[np.ndarray, np.ndarray] | None = None  # final-score (zero, ideal) per party

    @property
    def payoff(self) -> np.ndarray:
        """[M, 2] final raw score: banked before, banked in the forecast, relationship term."""
        return self.before + self.banked + self.relationship

    def outlook(self, party: int) -> Outlook | None:
        """Median, 10–90% band and risks for party 0 (us) or 1 (cn); None if unknown."""
        if not self.known[party]:
            return None
        pay = self.payoff[:, party]
        p10, p50, p90 = np.percentile(pay, PERCENTILES)
        normalised = None
        if self.scale is not None:
            zero, ideal = self.scale[0][party], self.scale[1][party]
            normalised = float(100 * (p50 - zero) / (ideal - zero)) if ideal - zero > 1e-12 else 0.0
        return Outlook(float(p10), float(p50), float(p90), float(pay.mean()),
                       float((self.incidents[:, party] > 0).mean()),
                       float((self.sanctioned[:, party] > 0).mean()), normalised)

    @property
    def p_any_incident(self) -> float:
        """P(at least one incident, either side)."""
        return float((self.incidents.sum(axis=1) > 0).mean())

    @property
    def p_any_sanction(self) -> float:
        """P(at least one sanction, either side)."""
        return float((self.sanctioned.sum(axis=1) > 0).mean())

    def p_detected_within(self, party: int, rounds: int) -> float:
        """P(a violation by `party` is reported within the first `rounds` rounds)."""
        first = self.first_incident[:, party]
        return float(((first > 0) & (first <= rounds)).mean())


def _total(flags: np.ndarray, axis: int) -> np.ndarray:
    """Count True along a short axis (adding slices beats a strided sum by far)."""
    flags = np.moveaxis(flags, axis, 0)
    out = np.zeros(flags.shape[1:], dtype=np.int16)
    for part in flags:
        out += part
    return out


def draw_compliance(beliefs: np.ndarray, theta: np.ndarray, futures: int,
                    rng: np.random.Generator) -> np.ndarray:
    """Compliance rates [M, party, issue]: p's θ drawn from the other side's belief about p."""
    about = beliefs[::-1]  # beliefs[o] is o's belief about the other: index by the watched
    grid_size = about.shape[-1]
    cdf = np.cumsum(about.reshape(-1, grid_size), axis=-1)
    cdf /= cdf[:, -1:]
    # Latin hypercube: one draw in each 1/M quantile slice per cell (sorted, so the search is
    # fast), then each cell's draws are shuffled across futures independently
    u = (np.arange(futures) + rng.random((len(cdf), futures))) / futures
    index = np.stack([np.searchsorted(c, q) for c, q in zip(cdf, u, strict=True)])
    draws = theta[np.minimum(index, grid_size - 1)]
    for row in draws:
        rng.shuffle(row)
    return draws.T.reshape(futures, *about.shape[:-1])


def simulate(deal: Deal, compliance, rounds: int, ladder: Ladder, trust_state: TrustState,
             policy: ResponsePolicy = ALWAYS_SANCTION, futures: int = 10_000,
             rng: np.random.Generator | None = None) -> Forecast:
    """Play `rounds` rounds of implement–verify–respond–score in `futures` futures at once.

    `compliance` is each party's per-round probability of honouring each obligation,
    broadcastable to [M, 2, issues] (1.0: always comply; 0.0: always defect; or
    draw_compliance(...) for rates drawn from trust posteriors).
    """
    rng = rng or np.random.default_rng()
    m, n_issues, rounds = futures, deal.obliged.shape[1], max(int(rounds), 0)
    obliged = np.asarray(deal.obliged, dtype=bool)
    owed = deal.obligations(rounds) if deal.due is not None else obliged  # [R, 2, K] or [2, K]
    rate = np.broadcast_to(np.asarray(compliance, dtype=np.float32), (m, 2, n_issues))
    shape = (m, rounds, 2, n_issues)
    defect = (rng.random(shape, dtype=np.float32) >= rate[:, None]) & owed
    detect = np.asarray(deal.detect, dtype=np.float32)
    false_alarm = np.asarray(deal.false_alarm, dtype=np.float32)
    u = rng.random(shape, dtype=np.float32)
    reported = ((defect & (u < detect)) | (~defect & (u < false_alarm))) & owed
    if 0.0 < policy.sanction < 1.0:
        sanction = (rng.random(shape, dtype=np.float32) < policy.sanction) & reported
    else:
        sanction = reported & (policy.sanction >= 1.0)

    # the gain over all rounds: the full value of every commitment, less what the other side's
    # defections take away (down to the status quo), plus one's own temptations: a small matrix
    # product on the counts
    committed = obliged.any(axis=0)
    value = np.where(committed, deal.value, 0.0)
    still = np.zeros((2, n_issues)) if deal.still is None else np.asarray(deal.still)
    span = deal.lost(rounds)  # an act not done loses its value for the rest of the game
    swing = np.zeros((2, n_issues, 2))  # [defector, issue, beneficiary]
    for p in (0, 1):
        swing[p, :, p] = np.where(committed, deal.temptation[p], 0.0)
        if deal.due is None and deal.still is None:
            swing[1 - p, :, p] = -np.where(obliged[1 - p], value[p], 0.0)
            continue
        swing[1 - p, :, p] = -np.where(obliged[1 - p], (value[p] - still[p]) * span, 0.0)
        if deal.due is not None:  # an act owed by p alone pays p only if p does it
            alone = (np.asarray(deal.due) >= 0) & obliged[p] & ~obliged[1 - p]
            swing[p, :, p] -= np.where(alone, (value[p] - still[p]) * span, 0.0)
    defections = _total(defect, axis=1)  # [M, party, issue]
    gain = defections.reshape(m, 2 * n_issues) @ swing.reshape(2 * n_issues, 2)
    if deal.due is None and deal.still is None and deal.paying is None:
        gain += rounds * (value.sum(axis=-1) if committed.any() else np.asarray(deal.no_deal))
    else:
        gain += deal.as_kept(rounds)

    costs, sanctioned, tilt = _respond(ladder, reported, sanction, defect, policy,
                                       trust_state.unjustified_penalty)
    counts = _total(reported, axis=-1)  # [M, R, party]
    hit = counts > 0
    first = np.where(hit.any(axis=1), hit.argmax(axis=1) + 1, 0) if rounds else \
        np.zeros((m, 2), dtype=np.int64)
    relationship = np.zeros((m, 2))
    if n_issues:
        trust_end = final_trust(trust_state, deal, reported, tilt)  # [M, observer, issue]
        relationship = trust_state.relationship_weight * trust_end.mean(axis=-1)[:, ::-1]
    return Forecast(gain - costs, relationship, counts.sum(axis=1), first, sanctioned)


def _respond(ladder: Ladder, reported: np.ndarray, sanction: np.ndarray, defect: np.ndarray,
             policy: ResponsePolicy, penalty: float):
    """Walk the ladder round by round: total costs [M, 2], sanctions suffered, and the trust
    tilt [M, R, accused] that answers to false alarms cause (as the engine's _unjustified)."""
    m, rounds = reported.shape[:2]
    top = len(ladder.cost_target) - 1
    if top < 0:
        sanction = np.zeros_like(sanction)
    target_cost = np.append(np.asarray(ladder.cost_target, dtype=float), 0.0)  # [-1]: none
    sender_cost = np.append(np.asarray(ladder.cost_sender, dtype=float), 0.0)
    level = np.broadcast_to(np.array(ladder.level), (m, 2)).copy()  # index: sender
    strength = np.broadcast_to(np.array(ladder.strength, dtype=float), (m, 2)).copy()
    costs = np.zeros((m, 2))
    start = np.empty((m, rounds, 2), dtype=np.int64)  # rung in force before the answers
    imposed = _total(sanction, axis=-1)[..., ::-1]  # by sender
    for r in range(rounds):
        start[:, r] = level
        new = imposed[:, r]
        raised = np.minimum(level + new, top) if policy.escalate else np.maximum(level, 0)
        level = np.where(new > 0, raised, level)
        strength = np.where(new > 0, 1.0, strength)
        costs += (sender_cost[level] * strength) + (target_cost[level] * strength)[:, ::-1]
        strength = np.asarray(trust.decay(strength, ladder.decay))
        level = np.where(strength > 0, level, -1)
    sanctioned = imposed.sum(axis=1, dtype=np.int64)[:, ::-1]  # by target
    # each sanction asks for the next rung (answers go in issue order within a round); an
    # answer to a false alarm tilts the accused's beliefs about the answering side
    flat = np.flatnonzero(reported & ~defect)  # false alarms: few, so work on them alone
    m_, r_, a_, k_ = np.unravel_index(flat, reported.shape)
    answered = sanction[m_, r_, a_, k_]
    earlier = np.cumsum(sanction[m_, r_, a_], axis=-1)[np.arange(len(k_)), k_] - answered
    rung = start[m_, r_, 1 - a_]
    asked = np.minimum(np.where(rung < 0, earlier, rung + 1 + earlier), top) if policy.escalate \
        else np.zeros_like(earlier)
    weight = np.where(answered, asked + 1.0, UNJUSTIFIED_WEIGHT[policy.otherwise])
    cell = (m_ * rounds + r_) * 2 + a_
    tilt = penalty * np.bincount(cell, weight, minlength=m * rounds * 2).reshape(m, rounds, 2)
    return costs, sanctioned, tilt


def final_trust(ts: TrustState, deal: Deal, reported: np.ndarray, tilt: np.ndarray) -> np.ndarray:
    """Posterior mean [M, observer, issue] after the reports and tilts, as trust.update computes.

    Forgetting then a likelihood is linear in log-belief: after n updates
    log b = λⁿ log b₀ + (1−λⁿ) log prior + Σⱼ λ^(n−j) log P(dⱼ|θ) + t · log(1−θ),
    so a future's final belief depends only on its history of reports and its total tilt t.
    Every report history is computed once; t is interpolated (cubic, on a grid of step ⅛)
    unless there are more histories than futures.
    """
    m, rounds, _, n_issues = reported.shape
    lam = ts.memory
    if deal.due is not None and (np.asarray(deal.due) >= 0).any():
        acts = np.asarray(deal.due) >= 0  # one update each, in its round: computed apart
        plain = replace(deal, obliged=np.asarray(deal.obliged, dtype=bool) & ~acts, due=None)
        out = final_trust(ts, plain, reported & ~acts, tilt)
        part = replace(ts, beliefs=np.asarray(ts.beliefs)[:, acts],
                       prior=np.asarray(ts.prior)[:, acts])
        sliced = {name: np.asarray(getattr(deal, name))[:, acts]
                  for name in ("value", "temptation", "obliged", "detect", "false_alarm")}
        one = replace(deal, **sliced, due=np.asarray(deal.due)[acts], still=None, paying=None)
        out[..., acts] = _final_trust_acts(part, one, reported[..., acts], tilt)
        return out
    watched = np.asarray(deal.obliged, dtype=bool)[::-1]  # [observer, k]: reports every round
    later = lam ** np.arange(rounds - 1, -1, -1, dtype=float)  # weight of round r's report
    seen = reported[:, :, ::-1, :]  # [M, R, observer, k]: reports about the watched side
    fade = np.where(watched, later[:, None, None], 1.0)  # [R, obs, k]; unwatched: no forgetting
    bent = np.stack([tilt[:, :, o] @ fade[:, o, :] for o in (0, 1)], axis=1)  # [M, obs, k]
    base, report, lower = _log_terms(ts, deal, watched, later.sum(), lam**rounds)
    if rounds > 16 or 2**rounds > m:  # more histories than futures: compute each future
        c1 = np.einsum("r,mrok->mok", later, seen.astype(float))
        return _mean(base + c1[..., None] * report + bent[..., None] * lower, ts.theta)
    history = np.zeros((m, 2, n_issues), dtype=np.int32)
    for r in range(rounds):
        history |= seen[:, r].astype(np.int32) << r
    size = 2**rounds
    c1 = ((np.arange(size)[:, None] >> np.arange(rounds)) & 1) @ later  # [H]
    logb = base[:, :, None, :] + c1[:, None] * report[:, :, None, :]  # [obs, k, H, G]
    belief = _exp(logb - logb.max(axis=-1, keepdims=True)).reshape(2 * n_issues * size, -1)
    top = float(bent.max(initial=0.0))
    step = 0.125 if top <= 16 else top / 128
    tilts = step * np.arange(-1, int(np.ceil(top / step)) + 3)  # one point below 0, two above
    bend = _exp(tilts[:, None] * lower)  # [T, G]: (1−θ)^t
    table = (belief @ (bend * ts.theta).T) / (belief @ bend.T)  # [obs·k·H, T]
    row = (np.arange(2 * n_issues).reshape(2, n_issues) * size + history).ravel()
    x = (bent / step).ravel()
    j = np.minimum(np.floor(x).astype(np.int64), len(tilts) - 4) + 1  # column of t = j·step
    f = x - (j - 1)
    # Catmull–Rom cubic through the four nearest grid points
    weights = (((-f + 2) * f - 1) * f / 2, ((3 * f - 5) * f * f + 2) / 2,
               ((-3 * f + 4) * f + 1) * f / 2, (f - 1) * f * f / 2)
    out = sum(w * table[row, j + d] for w, d in zip(weights, (-1, 0, 1, 2), strict=True))
    return out.reshape(m, 2, n_issues)


def _final_trust_acts(ts: TrustState, deal: Deal, reported: np.ndarray,
                      tilt: np.ndarray) -> np.ndarray:
    """final_trust when some cells are one-off acts (a single report, in the act's round):
    each cell's report weights follow its own updates; each distinct (reports, tilt) pair of a
    cell is computed once."""
    m, rounds, _, n_issues = reported.shape
    lam = ts.memory
    owed = deal.obligations(rounds)[:, ::-1]  # [R, observer, k]: a report arrives that round
    after = np.cumsum(owed[::-1], axis=0)[::-1] - owed  # updates after round r, per cell
    fade = np.where(owed, lam ** after, 0.0)  # weight of round r's report
    tilt_fade = lam ** after  # a tilt in round r is forgotten by each later update
    n = owed.sum(axis=0)  # [observer, k]: updates per cell
    seen = reported[:, :, ::-1, :].astype(float)
    bent = np.einsum("mro,rok->mok", tilt, tilt_fade)
    c1 = np.einsum("rok,mrok->mok", fade, seen)
    theta = ts.theta
    p1 = trust.likelihood(1, np.asarray(deal.detect)[::-1], np.asarray(deal.false_alarm)[::-1],
                          theta)
    log1 = np.log(np.maximum(p1, trust.FLOOR))
    log0 = np.log(np.maximum(1.0 - p1, trust.FLOOR))
    keep = (lam ** n)[..., None]
    base = keep * np.log(np.maximum(ts.beliefs, trust.FLOOR)) \
        + (1.0 - keep) * np.log(np.maximum(ts.prior, trust.FLOOR)) + fade.sum(axis=0)[..., None] \
        * log0
    out = np.empty((m, 2, n_issues))
    lower = np.log1p(-theta)
    for o in (0, 1):  # a cell's futures share few (report, tilt) pairs: compute each pair once
        for k in range(n_issues):
            pairs, back = np.unique(np.stack([c1[:, o, k], bent[:, o, k]], axis=-1), axis=0,
                                    return_inverse=True)
            logb = base[o, k] + pairs[:, :1] * (log1 - log0)[o, k] + pairs[:, 1:] * lower
            out[:, o, k] = _mean(logb, theta)[back.ravel()]
    return out


def _log_terms(ts: TrustState, deal: Deal, watched: np.ndarray, total: float, keep: float):
    """The parts of the final log-belief shared by all futures: base, report and tilt terms."""
    theta = ts.theta
    p1 = trust.likelihood(1, np.asarray(deal.detect)[::-1], np.asarray(deal.false_alarm)[::-1],
                          theta)  # [observer, k, G]
    log1 = np.log(np.maximum(p1, trust.FLOOR))
    log0 = np.log(np.maximum(1.0 - p1, trust.FLOOR))
    w = watched[..., None]
    base = np.where(w, keep, 1.0) * np.log(np.maximum(ts.beliefs, trust.FLOOR)) \
        + np.where(w, 1.0 - keep, 0.0) * np.log(np.maximum(ts.prior, trust.FLOOR)) \
        + np.where(w, total, 0.0) * log0
    return base, np.where(w, log1 - log0, 0.0), np.log1p(-theta)


def _mean(logb: np.ndarray, theta: np.ndarray) -> np.ndarray:
    """Mean θ of the beliefs exp(logb) along the last axis."""
    belief = _exp(logb - logb.max(axis=-1, keepdims=True))
    return (belief @ theta) / belief.sum(axis=-1)


def _exp(x: np.ndarray) -> np.ndarray:
    """exp, with weights below e^-300 set to 0: subnormal numbers make arithmetic crawl."""
    return np.where(x > -300.0, np.exp(np.maximum(x, -300.0)), 0.0)


# --- from a game: the facilitator's state or one seat's observation -------------------------


def rounds_left(phase: str, round_: int, rounds: int) -> int:
    """Rounds still to implement: this one too while talks or implementation are under way.

    Forecasts are meant for the negotiate phase; from the respond phase the current round's
    (not yet banked) payoff is left out.
    """
    if phase == "over":
        return 0
    return max(rounds - round_ + (1 if phase in ("news", "negotiate", "implement") else 0), 0)


def _terms(commitments, package) -> dict[str, str]:
    """The commitments in force once `package` is signed (it replaces those on its issues)."""
    terms = {c.issue: c.option for c in commitments}
    terms.update(dict(package or ()))
    return terms


def first_round(phase: str, round_: int) -> int:
    """The first round a forecast simulates (the current one while it can still be played)."""
    return round_ if phase in ("news", "negotiate", "implement") else round_ + 1


def _due(commitments, package, issue: str, option: str, round_: int, act) -> int | None:
    """The round a one-off act is due (the one in force keeps its round), else None."""
    if act is None:
        return None
    held = next((c for c in commitments if c.issue == issue), None)
    if held is not None and held.option == option and held.due:
        return held.due
    return round_ + act.due


def deal_from_state(state: GameState, package=None) -> Deal:
    """The arrays of a deal: commitments in force overlaid with `package`, at current values."""
    tables, issues = state.tables, state.tables.issue_ids
    terms = _terms(state.commitments, package)
    arrays = {name: np.zeros((2, len(issues))) for name in ("value", "temptation", "detect",
                                                            "false_alarm")}
    obliged = np.zeros((2, len(issues)), dtype=bool)
    still = np.array([[state.weights[n][k] * state.status_quo(p, issue)
                       for k, issue in enumerate(issues)] for n, p in enumerate(PARTIES)])
    due = np.full(len(issues), -1)
    paying = np.zeros(len(issues), dtype=bool)
    start = first_round(state.phase, state.round)
    for k, issue in enumerate(issues):
        if issue not in terms or (issue, terms[issue]) in tables.neutral:
            continue
        option = tables.option[(issue, terms[issue])]
        for n, p in enumerate(PARTIES):
            weight = state.weights[n][k]
            obliged[n, k] = p in option.obliges
            arrays["value"][n, k] = weight * state.value(p, issue, option.id)
            arrays["temptation"][n, k] = weight * option.temptation.get(p, 0.0)
            arrays["detect"][n, k], arrays["false_alarm"][n, k] = state.rates(issue, option.id, p)
        when = _due(state.commitments, package, issue, option.id, state.round, option.act)
        if when is not None and when < start:  # done (or not) already: it pays, or not, as it is
            did = {e.party: e.did for e in state.ledger if e.round == when and e.issue == issue}
            for n, p in enumerate(PARTIES):
                them = PARTIES[1 - n]
                kept = did.get(them if them in did else p, "comply") == "comply"
                if not kept:
                    arrays["value"][n, k] = still[n, k]
            obliged[:, k] = False
            paying[k] = True
        elif when is not None:
            due[k] = when - start
    no_deal = np.array([state.scenario.parties[p].no_deal for p in PARTIES])
    if not (still.any() or paying.any() or (due >= 0).any()):
        return Deal(obliged=obliged, no_deal=no_deal, **arrays)
    return Deal(obliged=obliged, no_deal=no_deal, still=still, due=due, paying=paying, **arrays)


def _ladder(levels, sanctions, decay: float) -> Ladder:
    """The ladder and the sanctions in force, from the scenario's levels (those tied to one
    issue are left out: the futures answer reports on any issue)."""
    levels = [lv for lv in levels if not lv.issue]
    rank = {lv.id: n for n, lv in enumerate(levels)}
    level, strength = [-1, -1], [0.0, 0.0]
    for s in sanctions:
        if s.level in rank:
            level[PARTY_INDEX[s.sender]] = rank[s.level]
            strength[PARTY_INDEX[s.sender]] = s.strength
    return Ladder(np.array([lv.cost_target for lv in levels], dtype=float),
                  np.array([lv.cost_sender for lv in levels], dtype=float), decay,
                  (level[0], level[1]), (strength[0], strength[1]))


def forecast_state(state: GameState, package=None, policy: ResponsePolicy = ALWAYS_SANCTION,
                   futures: int = 10_000, seed: int = 0, compliance=None) -> Forecast:
    """The facilitator's forecast: each side's compliance drawn from the other's true beliefs.

    `compliance` overrides the draw (a rate, or an array broadcastable to [M, 2, issues]).
    """
    rng = np.random.default_rng(seed)
    tables, settings = state.tables, state.scenario.trust
    ts = TrustState(np.asarray(state.beliefs), tables.prior, tables.theta, settings.memory,
                    settings.relationship_weight, settings.unjustified_penalty)
    if compliance is None:
        compliance = draw_compliance(ts.beliefs, ts.theta, futures, rng)
    ladder = _ladder(state.scenario.sanctions.levels, state.sanctions,
                     state.scenario.sanctions.decay)
    out = simulate(deal_from_state(state, package), compliance,
                   rounds_left(state.phase, state.round, state.rounds), ladder, ts, policy,
                   futures, rng)
    scale = (np.array([tables.zero[p] for p in PARTIES]),
             np.array([tables.ideal[p] for p in PARTIES]))
    return replace(out, before=np.array(state.banked, dtype=float), scale=scale)


def _beta_from_summary(summary, issues, strength_cap: float, theta: np.ndarray) -> np.ndarray:
    """Beliefs [issue, grid] with the given (mean, sd) per issue: a moment-matched Beta."""
    mean = np.clip(np.array([summary[k][0] for k in issues]), 1e-6, 1 - 1e-6)
    sd = np.maximum(np.array([summary[k][1] for k in issues]), 1e-6)
    strength = np.clip(mean * (1 - mean) / sd**2 - 1.0, 1e-3, strength_cap)
    return trust.beta_prior(mean, strength, theta)


def forecast_observation(obs: Observation, package=None,
                         policy: ResponsePolicy = ALWAYS_SANCTION, futures: int = 10_000,
                         seed: int = 0, own_compliance=1.0, settings: Trust | None = None,
                         decay: float = 0.5) -> Forecast:
    """A seat's forecast from what it knows: its values and its belief (mean, sd) about the other.

    Assumptions for what the seat cannot see: the other side's compliance is drawn from a
    Beta matching the seat's trust (mean, sd); the seat itself complies at `own_compliance`
    (a rate, or "mirror": a rate drawn from the same belief it holds about the other side);
    the other side's trust in the seat is taken to mirror the seat's trust in it; the other
    side's values are unknown, so only the seat's payoff is reported. `settings` (the
    scenario's Trust) and `decay` default to the scenario defaults when not given.
    """
    rng = np.random.default_rng(seed)
    settings = settings or Trust(initial={})
    issues = tuple(i.id for i in obs.issues)
    theta = trust.grid(settings.grid)
    views = [obs.views.get(p) for p in PARTIES]
    mine = [v for v in views if v is not None]
    if not mine:
        raise ValueError(f"seat {obs.seat!r} has no party view to forecast from")
    beliefs = [_beta_from_summary((v or mine[0]).trust, issues, 1e6, theta) for v in views]
    prior = trust.beta_prior(np.array([settings.initial.get(p, 0.5) for p in PARTIES])[:, None],
                             settings.strength, theta)
    ts = TrustState(np.stack(beliefs), np.broadcast_to(prior, (2, len(issues), len(theta))),
                    theta, settings.memory, settings.relationship_weight,
                    settings.unjustified_penalty)
    draws = draw_compliance(ts.beliefs, theta, futures, rng)
    mirror = isinstance(own_compliance, str) and own_compliance == "mirror"
    compliance = np.stack([draws[:, n] if views[1 - n] is not None or mirror else
                           np.broadcast_to(own_compliance, draws[:, n].shape)
                           for n in range(2)], axis=1)
    deal = _deal_from_views(obs, views, issues, package)
    out = simulate(deal, compliance, rounds_left(obs.phase, obs.round, obs.rounds),
                   _ladder(obs.sanction_levels, obs.sanctions, decay), ts, policy, futures, rng)
    before = np.array([v.banked if v is not None else 0.0 for v in views])
    return replace(out, before=before, known=(views[0] is not None, views[1] is not None))


def _deal_from_views(obs: Observation, views, issues, package) -> Deal:
    """Deal arrays from the seat's own valuations (zeros where it cannot see the values); an
    act already due is taken as done by the other side (its deed is secret)."""
    terms = _terms(obs.commitments, package)
    shape = (2, len(issues))
    value, temptation = np.zeros(shape), np.zeros(shape)
    detect, false_alarm = np.zeros(shape), np.zeros(shape)
    obliged = np.zeros(shape, dtype=bool)
    still = np.array([[v.weights.get(k, 1.0) * v.status_quo.get(k, 0.0) if v is not None else 0.0
                       for k in issues] for v in views])
    due = np.full(len(issues), -1)
    paying = np.zeros(len(issues), dtype=bool)
    start = first_round(obs.phase, obs.round)
    for k, issue in enumerate(obs.issues):
        if issue.id not in terms:
            continue
        option = next(o for o in issue.options if o.id == terms[issue.id])
        if option.status_quo:
            continue
        for n, p in enumerate(PARTIES):
            obliged[n, k] = p in option.obliges
            detect[n, k], false_alarm[n, k] = option.rates(p)
            view = views[n]
            if view is not None:
                weight = view.weights.get(issue.id, 1.0)
                value[n, k] = weight * view.values[issue.id][option.id]
                temptation[n, k] = weight * view.temptations[issue.id][option.id]
        when = _due(obs.commitments, package, issue.id, option.id, obs.round,
                    None if option.due is None else Act(option.due))
        if when is not None and when < start:
            obliged[:, k] = False
            paying[k] = True
        elif when is not None:
            due[k] = when - start
    no_deal = np.array([v.no_deal if v is not None else 0.0 for v in views])
    if not (still.any() or paying.any() or (due >= 0).any()):
        return Deal(value, temptation, obliged, detect, false_alarm, no_deal)
    return Deal(value, temptation, obliged, detect, false_alarm, no_deal, still, due, paying)


def forecast(source: GameState | Observation, package=None, **options) -> Forecast:
    """Forecast a package from a state (facilitator view) or from one seat's observation."""
    if isinstance(source, GameState):
        return forecast_state(source, package, **options)
    return forecast_observation(source, package, **options)
