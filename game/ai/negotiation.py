"""The negotiating core: offer-and-respond strategies on any multi-issue domain, no game needed.

Interface (relative time t in [0, 1], 1 = the deadline):

    negotiator = STRATEGIES["boulware"](domain, seed=1)
    negotiator.propose(t) -> package                      # dict issue -> option
    negotiator.respond(offer, t) -> "accept" | "reject" | counter package

Each strategy is a small class with a name, a one-line description and a classifier
(stochastic?, uses an opponent model?, uses forecasts?). ``bargain`` runs alternating offers
between two negotiators, so strategies can be tested against any other framework's agents.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from game.ai.opponent import FrequencyModel, LastOfferModel
from game.ai.packages import Domain, Package, PackageSpace

Reply = str | Package  # "accept", "reject" or a counter-offer
GAIN = 1e-6  # an offer must be worth more than no deal to be worth making


class Negotiator:
    """Shared machinery: red lines, the acceptance rule and choosing a package at a target."""

    name: ClassVar[str] = "negotiator"
    description: ClassVar[str] = ""
    stochastic: ClassVar[bool] = False
    uses_opponent_model: ClassVar[bool] = False
    uses_forecasts: ClassVar[bool] = False
    prefer_low_own: ClassVar[bool] = True
    never_repeats: ClassVar[bool] = False  # concede rather than repeat a turned-down package

    def __init__(self, domain: Domain, *, seed: int = 0, space: PackageSpace | None = None) -> None:
        self.domain = domain
        self.space = space if space is not None and space.domain == domain else PackageSpace(domain)
        self.rng = random.Random(seed)
        self.model: FrequencyModel | LastOfferModel = self._make_model()
        self.received: list[Package] = []  # the opponent's legal offers, in order
        self.sent: list[Package] = []
        self.refused: list[Package] = []  # our offers the opponent turned down
        self._pending: Package | None = None  # our offer awaiting an answer

    @classmethod
    def classifier(cls) -> dict[str, bool]:
        """What the strategy relies on, à la Axelrod."""
        return {
            "stochastic": cls.stochastic,
            "opponent_model": cls.uses_opponent_model,
            "forecasts": cls.uses_forecasts,
        }

    def _make_model(self) -> FrequencyModel | LastOfferModel:
        return LastOfferModel(self.space)

    # -- the strategy's own part -------------------------------------------------------------
    def target(self, t: float) -> float:
        """The least own utility this strategy asks for at relative time t."""
        return self.space.max_utility

    def heard(self, offer: Package, t: float) -> None:
        """React to a legal opponent offer (after it is recorded); reciprocity hooks in here."""

    # -- the interface -----------------------------------------------------------------------
    @property
    def reservation(self) -> float:
        """Own utility of no agreement."""
        return self.domain.no_deal

    def utility(self, package: Mapping[str, str]) -> float:
        """Own utility of a package."""
        return self.domain.utility(package)

    def next_offer(self, t: float) -> Package:
        """The package this strategy would offer at t, without making it: one worth more than
        no deal and its target, and not one the opponent already turned down if another is
        (or, for a strategy that never repeats, if any is worth more than no deal)."""
        goal = max(self.target(t), self.reservation + GAIN)
        avoid = [r for r in (self.space.row(p) for p in self.refused) if r is not None]
        floor = self.reservation + GAIN if self.never_repeats else None
        row = self.space.choose(goal, self.model.tables(), self.prefer_low_own, avoid, floor)
        return self.space.package(row)

    def propose(self, t: float) -> Package:
        """Make an offer at relative time t."""
        offer = self.next_offer(_clamp(t))
        self.sent.append(offer)
        self._pending = offer
        return offer

    def remember(
        self, package: Mapping[str, str], refused: bool, counter: Mapping[str, str] | None = None
    ) -> None:
        """Replay one of our earlier offers: was it turned down, and with what counter-offer."""
        self.sent.append(dict(package))
        self._pending = dict(package)
        if refused:
            self.refuse(package, counter)

    def refuse(self, package: Mapping[str, str], counter: Mapping[str, str] | None = None) -> None:
        """Note that the opponent turned down one of our packages (with a counter-offer or not)."""
        package = dict(package)
        self._pending = None
        if not package:
            return
        if package not in self.refused:
            self.refused.append(package)
        self.model.refused(package, counter)

    def respond(self, offer: Mapping[str, str], t: float) -> Reply:
        """Accept, reject (only at the deadline) or counter an opponent offer made at t."""
        t = _clamp(t)
        offer = dict(offer)
        if self._pending is not None and self._pending != offer:
            self.refuse(self._pending, offer)  # a counter-offer turns our last offer down
        legal = bool(offer) and self.domain.allows(offer)
        self.recall(offer, t)
        counter = self.next_offer(t)
        if legal and self.acceptable(offer, counter, t):
            return "accept"
        if t >= 1.0:
            return "reject"
        self.sent.append(counter)
        self._pending = counter
        return counter

    def recall(self, offer: Mapping[str, str], t: float) -> bool:
        """Learn from an opponent offer made at t without answering it; False if it is unusable.

        Terms we could never accept (red lines, unknown options) are left out of what is learnt.
        """
        offer = {i: o for i, o in offer.items() if self.domain.allows({i: o})}
        if not offer:
            return False
        self.model.update(offer, _clamp(t))
        self.received.append(offer)
        self.heard(offer, _clamp(t))
        return True

    def acceptable(self, offer: Package, counter: Package, t: float) -> bool:
        """Accept what beats no deal and meets the target, our next offer or the last-word floor."""
        u = self.utility(offer)
        return u >= self.reservation and (
            u >= self.target(t) - 1e-9
            or u >= self.utility(counter) - 1e-9
            or (t >= 1.0 and u >= self.last_word_floor() - 1e-9)
        )

    def last_word_floor(self) -> float:
        """The least accepted when the offer on the table is the last of the talks."""
        return self.target(1.0)

    def break_floor(self, t: float) -> float:
        """The least accepted at t when talks pause (say, until a next round) after this offer."""
        return self.target(t)


def _clamp(t: float) -> float:
    return min(1.0, max(0.0, float(t)))


class TimeDependent(Negotiator):
    """u(t) = u_max - (u_max - u_res) * t^(1/e), offering the package nearest the last offer."""

    exponent: ClassVar[float] = 1.0

    def __init__(
        self,
        domain: Domain,
        *,
        seed: int = 0,
        space: PackageSpace | None = None,
        exponent: float | None = None,
    ) -> None:
        super().__init__(domain, seed=seed, space=space)
        self.e = float(exponent if exponent is not None else self.exponent)

    def target(self, t: float) -> float:
        top, low = self.space.max_utility, self.reservation
        return top - (top - low) * _clamp(t) ** (1.0 / self.e)


class Boulware(TimeDependent):
    name = "boulware"
    description = "Holds out near its best package and concedes only as the deadline nears."
    exponent = 0.2


class Linear(TimeDependent):
    name = "linear"
    description = "Concedes at a steady pace from its best package to its no-deal value."
    exponent = 1.0


class Conceder(TimeDependent):
    name = "conceder"
    description = "Concedes quickly early on to secure a deal."
    exponent = 3.0


class Hardliner(Negotiator):
    """Asks for a fixed high share of the surplus over no deal and never goes below it."""

    name = "hardliner"
    description = "Never accepts or offers less than a high fixed target."

    def __init__(
        self,
        domain: Domain,
        *,
        seed: int = 0,
        space: PackageSpace | None = None,
        level: float = 0.85,
    ) -> None:
        super().__init__(domain, seed=seed, space=space)
        self.level = level

    def target(self, t: float) -> float:
        top, low = self.space.max_utility, self.reservation
        return low + (top - low) * self.level


class TitForTat(Negotiator):
    """Mirrors the opponent's concessions, measured in own utility.

    Nice and reciprocating: it answers the opponent's first offer with a step of its own
    (``step`` of the range), a new offer no worse for it than the last with at least that step,
    a repeated offer with nothing and a retraction by taking its own concession back. A step
    always reaches past its last offer, so the other side sees every concession it makes.
    """

    name = "tit-for-tat"
    description = "Concedes exactly as much as the other side just conceded, and no more."

    def __init__(
        self,
        domain: Domain,
        *,
        seed: int = 0,
        space: PackageSpace | None = None,
        forgiveness: float = 0.0,
        step: float = 0.05,
    ) -> None:
        super().__init__(domain, seed=seed, space=space)
        self.forgiveness = forgiveness
        self.step = step
        self._target = self.space.max_utility

    def target(self, t: float) -> float:
        return self._target

    def heard(self, offer: Package, t: float) -> None:
        stride = self.step * (self.space.max_utility - self.reservation)
        before = self._target
        if len(self.received) < 2:
            self._target -= stride  # open the exchange of concessions
        elif self.received[-1] != self.received[-2]:
            delta = self.utility(self.received[-1]) - self.utility(self.received[-2])
            self._target = self._reciprocate(delta, stride)
        else:
            self._target = self._unmoved(stride)
        if self._target < before - 1e-9 and self.sent:  # a concession: make it a visible one
            self._target = min(self._target, self._level_below(self.utility(self.sent[-1])))
        self._target = min(self.space.max_utility, max(self.reservation, self._target))

    def _level_below(self, u: float) -> float:
        """The best own utility of a package worth less than u (no deal if none)."""
        _, own, _ = self.space.candidates(self.model.tables())
        lower = own[own < u - 1e-9]
        return float(lower.max()) if len(lower) else self.reservation

    def _reciprocate(self, delta: float, stride: float) -> float:
        return self._target - (max(delta, stride) if delta >= 0 else delta)

    def _unmoved(self, stride: float) -> float:
        return self._target


class GenerousTitForTat(TitForTat):
    """Tit-for-tat that ignores retractions and sometimes concedes a step unprompted."""

    name = "generous-tit-for-tat"
    description = "Reciprocates concessions, shrugs off setbacks and sometimes concedes first."
    stochastic = True

    def __init__(
        self,
        domain: Domain,
        *,
        seed: int = 0,
        space: PackageSpace | None = None,
        forgiveness: float = 0.3,
        step: float = 0.05,
    ) -> None:
        super().__init__(domain, seed=seed, space=space, forgiveness=forgiveness, step=step)

    def _reciprocate(self, delta: float, stride: float) -> float:
        if delta >= 0:
            return self._target - max(delta, stride)
        return self._unmoved(stride)

    def _unmoved(self, stride: float) -> float:
        return self._target - stride if self.rng.random() < self.forgiveness else self._target


class Expert(Negotiator):
    """Learns the opponent's priorities, trades across issues and concedes towards the Nash point.

    Offers the package best for the opponent (estimated) among those meeting a Boulware target
    that falls from our best package to our side of the estimated Nash bargaining point;
    accepts an offer that meets the target or our own next offer.
    """

    name = "expert"
    description = "Reads the other side's priorities from its offers and trades across issues."
    uses_opponent_model = True
    uses_forecasts = True
    prefer_low_own = False
    never_repeats = True

    def __init__(
        self,
        domain: Domain,
        *,
        seed: int = 0,
        space: PackageSpace | None = None,
        exponent: float = 0.5,
        slack: float = 0.1,
        reach: float = 0.8,
    ) -> None:
        super().__init__(domain, seed=seed, space=space)
        self.e = exponent
        self.slack = slack
        self.reach = reach  # the time by which it stands at its goal, leaving room to meet

    def _make_model(self) -> FrequencyModel:
        return FrequencyModel(self.space)

    def goal(self) -> float:
        """Own utility of the estimated Nash point, less a little slack (never below no deal)."""
        model = self.model
        assert isinstance(model, FrequencyModel)
        row = self.space.nash(model.tables(), self.reservation, model.empty_value())
        nash = float(self.space.utilities(self.space.own, row[None, :])[0])
        return max(self.reservation, nash - self.slack * (nash - self.reservation))

    def target(self, t: float) -> float:
        top = self.space.max_utility
        return top - (top - self.goal()) * _clamp(t / self.reach) ** (1.0 / self.e)

    def last_word_floor(self) -> float:
        """Anything better than no deal: at the last word a sure gain beats holding out."""
        return self.reservation + GAIN

    def break_floor(self, t: float) -> float:
        """Half way from no deal to the Nash goal: a deal now beats waiting for a next round."""
        return min(self.target(t), self.reservation + 0.5 * (self.goal() - self.reservation))


STRATEGIES: dict[str, type[Negotiator]] = {
    cls.name: cls
    for cls in (Boulware, Linear, Conceder, Hardliner, TitForTat, GenerousTitForTat, Expert)
}


@dataclass
class Outcome:
    """How a bilateral negotiation ended: the agreement (None if none) and every move."""

    agreement: Package | None
    moves: list[tuple[str, object]] = field(default_factory=list)


def bargain(first: Negotiator, second: Negotiator, exchanges: int = 10) -> Outcome:
    """Alternating offers: offer k is made at t = k / exchanges; the answer to the last offer
    comes at t = 1 and must be accept or reject."""
    sides = (("first", first), ("second", second))
    offer = first.propose(0.0)
    outcome = Outcome(None, [("first", offer)])
    for k in range(1, max(exchanges, 1) + 1):
        who, agent = sides[k % 2]
        reply = agent.respond(offer, k / max(exchanges, 1))
        if reply == "accept":
            outcome.moves.append((who, "accept"))
            outcome.agreement = dict(offer)
            return outcome
        if not isinstance(reply, dict) or k >= exchanges:
            outcome.moves.append((who, "reject"))
            return outcome
        outcome.moves.append((who, reply))
        offer = reply
    return outcome
