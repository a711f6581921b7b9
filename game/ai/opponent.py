"""An opponent model: what the other side's offers reveal about its priorities.

An issue the opponent keeps fixed from offer to offer is one it cares about (its weight
grows); an option it offers early is one it likes. Leaving an issue out counts as an option.
The estimate of the opponent's utility of a package is in [0, 1].
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import numpy as np

from game.ai.packages import PackageSpace


def offer_row(space: PackageSpace, offer: Mapping[str, str]) -> np.ndarray:
    """Index row of an offer; -1 marks an option we cannot even consider (a red line)."""
    row = np.zeros(len(space.choices), dtype=np.int16)
    for pos, (issue, ch) in enumerate(zip(space.issue_ids, space.choices, strict=True)):
        option = offer.get(issue)
        row[pos] = ch.index(option) if option in ch else (-1 if option is not None else 0)
    return row


class FrequencyModel:
    """Learns the opponent's issue weights and option values from the offers it makes.

    Weights: an issue the opponent keeps fixed between offers gains weight (HardHeaded-style).
    Values: a conceding opponent offers what it likes first, so an option first offered at
    relative time t is worth about 1 - t to it; options it never offered are worth ``unseen``
    (leaving an issue out, ``unseen_out``). Each time it says no to a package of ours without
    a counter-offer (a counter speaks for itself through what it offers), the estimate of each
    option in it that it has not offered itself halves: an option the other side keeps turning
    down soon ends up below leaving the issue out.
    """

    def __init__(
        self,
        space: PackageSpace,
        learning_rate: float = 0.2,
        unseen: float = 0.2,
        unseen_out: float = 0.1,
    ) -> None:
        self.space = space
        self.learning_rate = learning_rate
        self.unseen = unseen
        self.unseen_out = unseen_out
        n = len(space.choices)
        self.weights = np.full(n, 1.0 / max(n, 1))
        self.first_seen = [np.full(len(ch), np.nan) for ch in space.choices]
        self.strikes = [np.zeros(len(ch)) for ch in space.choices]
        self.last: np.ndarray | None = None
        self.offers = 0

    def update(self, offer: Mapping[str, str], t: float, closed: Collection[str] = ()) -> None:
        """Learn from one opponent offer made at relative time t (red-line options are skipped).
        An issue in `closed` had no option on the table then: leaving it out says nothing."""
        row = offer_row(self.space, offer)
        shut = np.array([issue in closed for issue in self.space.issue_ids], dtype=bool)
        row = np.where(shut, -1, row)  # learnt as nothing at all, like a red-line option
        if self.last is not None:
            kept = (row == self.last) & ~shut
            if kept.any() and not kept.all():
                self.weights = self.weights + self.learning_rate * (1.0 - t) * kept
                self.weights = self.weights / self.weights.sum()
        for pos, k in enumerate(row):
            if k >= 0 and np.isnan(self.first_seen[pos][k]):
                self.first_seen[pos][k] = t
        self.last = row
        self.offers += 1

    def refused(self, offer: Mapping[str, str], counter: Mapping[str, str] | None = None) -> None:
        """Learn from a package of ours the opponent turned down, with its counter-offer if any."""
        strike(self.space, self.strikes, offer, counter, per_strip=0.0)

    def tables(self) -> list[np.ndarray]:
        """Per-issue estimated opponent utility contributions (weight x estimated value)."""
        out = []
        for w, f, s in zip(self.weights, self.first_seen, self.strikes, strict=True):
            prior = np.full(len(f), self.unseen)
            prior[0] = self.unseen_out
            offered = ~np.isnan(f)  # what it offered itself it can live with: no strikes
            value = np.where(offered, 1.0 - 0.9 * np.nan_to_num(f), prior * 0.5**s)
            out.append(w * value)
        return out

    def empty_value(self) -> float:
        """Estimated opponent utility of no agreement at all (every issue left out)."""
        return float(sum(t[0] for t in self.tables()))


def strike(
    space: PackageSpace,
    strikes: list[np.ndarray],
    offer: Mapping[str, str],
    counter: Mapping[str, str] | None,
    per_strip: float = 2.0,
) -> None:
    """Count a turned-down offer against its options: once each after a plain no, per_strip
    times for each option a counter-offer strips out, not at all for one the counter keeps."""
    row = offer_row(space, offer)
    kept = offer_row(space, counter) if counter is not None else None
    for pos, k in enumerate(row):
        if k > 0 and (kept is None or kept[pos] != k):
            strikes[pos][k] += 1.0 if kept is None else per_strip


class LastOfferModel:
    """A stand-in model for strategies without one: similarity to the opponent's last offer,
    less a quarter point for each time an option was turned down (see ``strike``)."""

    def __init__(self, space: PackageSpace) -> None:
        self.space = space
        self.last: np.ndarray | None = None
        self.strikes = [np.zeros(len(ch)) for ch in space.choices]

    def update(self, offer: Mapping[str, str], t: float, closed: Collection[str] = ()) -> None:
        """Remember the latest offer (every issue counts: it matches or it does not)."""
        self.last = offer_row(self.space, offer)

    def refused(self, offer: Mapping[str, str], counter: Mapping[str, str] | None = None) -> None:
        """Hold a turned-down package's options against it."""
        strike(self.space, self.strikes, offer, counter)

    def tables(self) -> list[np.ndarray]:
        """One point for every issue on which a package matches the last offer, less strikes."""
        last = self.last if self.last is not None else np.full(len(self.space.choices), -2)
        return [
            (np.arange(len(ch)) == k).astype(float) - 0.25 * s
            for ch, k, s in zip(self.space.choices, last, self.strikes, strict=True)
        ]
