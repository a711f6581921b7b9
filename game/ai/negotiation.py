"""The negotiating core: offer-and-respond strategies on any multi-issue domain, no game needed.

Interface (relative time t in [0, 1], 1 = the deadline):

    negotiator = STRATEGIES["boulware"](domain, seed=1)   # complete=True: settle every issue
    negotiator.propose(t) -> package | None               # None: nothing worth offering
    negotiator.respond(offer, t, last=False) -> "accept" | "reject" | "end" | counter package
    negotiator.pending                                    # our offer awaiting an answer

Each strategy is a small class with a name, a one-line description and a classifier
(stochastic?, uses an opponent model?, uses forecasts?). ``bargain`` runs alternating offers
between two negotiators, so strategies can be tested against any other framework's agents.
"""

from __future__ import annotations

import inspect
import random
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import ClassVar

from game.ai.opponent import FrequencyModel, LastOfferModel
from game.ai.packages import Domain, Package, PackageSpace

Reply = str | Package  # "accept", "reject" (a plain no), "end" (walk away) or a counter-offer
GAIN = 1e-6  # an offer must be worth more than no deal to be worth making


def check(name: str, value: float, low: float, high: float, *, open_low: bool = False) -> float:
    """A strategy parameter as a float, or ValueError saying which one and why."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    below = x <= low if open_low else x < low
    if below or x > high or x != x:
        bracket = "(" if open_low else "["
        raise ValueError(f"{name} must be in {bracket}{low:g}, {high:g}], got {value!r}")
    return x


class Negotiator:
    """Shared machinery: red lines, the acceptance rule and choosing a package at a target."""

    name: ClassVar[str] = "negotiator"
    description: ClassVar[str] = ""
    stochastic: ClassVar[bool] = False
    uses_opponent_model: ClassVar[bool] = False
    uses_forecasts: ClassVar[bool] = False
    prefer_low_own: ClassVar[bool] = True

    learns_red_lines: ClassVar[bool] = False  # stop offering what reads as their red line
    heeds_declared: ClassVar[bool] = True  # stop offering the red lines a refusal named

    def __init__(self, domain: Domain, *, seed: int = 0, space: PackageSpace | None = None,
                 complete: bool = False) -> None:
        self.domain = domain
        fits = space is not None and space.domain == domain and space.complete == complete
        self.space = space if fits else PackageSpace.of(domain, complete)
        self.rng = random.Random(seed)
        self.model: FrequencyModel | LastOfferModel = self._make_model()
        self.received: list[Package] = []  # the opponent's legal offers, in order
        self.offered_by_them: set[tuple[str, str]] = set()  # every option they ever offered
        self.sent: list[Package] = []
        self.refused: list[Package] = []  # our offers the opponent turned down
        self.turned_down: dict[tuple[str, str], int] = {}  # option -> refusals not keeping it
        self.declared: set[tuple[str, str]] = set()  # options the other side said it never takes
        self._pending: Package | None = None  # our offer awaiting an answer

    @property
    def complete(self) -> bool:
        """True when every package must settle every issue."""
        return self.space.complete

    @property
    def pending(self) -> Package | None:
        """Our offer awaiting the other side's answer (None if there is none)."""
        return None if self._pending is None else dict(self._pending)

    def their_red_lines(self) -> set[tuple[str, str]]:
        """Options the other side said cross its red lines when it turned them down (every
        strategy stops offering those at once), and, for a strategy that learns red lines,
        options read as red lines: two plain no's (red_line_hints), never
        offered by the other side itself and not part of a deal in force. A red line can never
        be offered, so an option the other side offers later is cleared; a strategy that learns
        red lines does not offer the rest again while anything else is worth offering."""
        declared = set(self.declared) if self.heeds_declared else set()
        if not self.learns_red_lines:
            return declared
        signed = set(getattr(self, "standing", {}).items())
        return declared | {
            option for option, hints in self.turned_down.items()
            if hints >= 2 and option not in self.offered_by_them and option not in signed
        }

    def _banned(self) -> list[tuple[int, int]]:
        """Index pairs (issue position, choice) of their_red_lines, for PackageSpace.choose."""
        out = []
        for issue, option in sorted(self.their_red_lines()):
            pos = self.space.issue_ids.index(issue)
            choices = self.space.choices[pos]
            if option in choices:
                out.append((pos, choices.index(option)))
        return out

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
        no deal and its target, and not one the opponent already turned down if another is."""
        goal = max(self.target(t), self.reservation + GAIN)
        avoid = [r for r in (self.space.row(p) for p in self.refused) if r is not None]
        floor = None
        banned = self._banned()
        row = self.space.choose(goal, self.model.tables(), self.prefer_low_own, avoid, floor,
                                banned)
        if banned and self.utility(self.space.package(row)) <= self.reservation:
            row = self.space.choose(goal, self.model.tables(), self.prefer_low_own, avoid, floor)
        return self.space.package(row)

    def worth_offering(self, package: Package) -> bool:
        """A package is an offer only if it is not empty, allowed, and worth more than no deal."""
        return bool(package) and self.domain.allows(package) and (
            self.utility(package) > self.reservation
        )

    def propose(self, t: float) -> Package | None:
        """Make an offer at relative time t; None when nothing is worth more than no deal
        (the negotiator walks away rather than offer an empty or losing package)."""
        offer = self.next_offer(_clamp(t))
        if not self.worth_offering(offer):
            self._pending = None
            return None
        self.sent.append(offer)
        self._pending = offer
        return offer

    def walk_away(self) -> None:
        """End our part in the talks: nothing of ours awaits an answer any more."""
        self._pending = None

    def remember(
        self, package: Mapping[str, str], refused: bool, counter: Mapping[str, str] | None = None,
        red_lines: Sequence[tuple[str, str]] = (),
    ) -> None:
        """Replay one of our earlier offers: was it turned down, with what counter-offer, and
        did the other side say which of its options cross its red lines."""
        self.sent.append(dict(package))
        self._pending = dict(package)
        if refused:
            self.refuse(package, counter, red_lines)

    def refuse(self, package: Mapping[str, str], counter: Mapping[str, str] | None = None,
               red_lines: Sequence[tuple[str, str]] = ()) -> None:
        """Note that the opponent turned down one of our packages (with a counter-offer or not;
        `red_lines`: the options it said it can never accept)."""
        package = dict(package)
        self._pending = None
        self.declared.update((str(i), str(o)) for i, o in red_lines)
        if not package:
            return
        if package not in self.refused:
            self.refused.append(package)
        for option in red_line_hints(package, counter):
            self.turned_down[option] = self.turned_down.get(option, 0) + 1
        self.model.refused(package, counter)

    def respond(self, offer: Mapping[str, str], t: float, last: bool | None = None) -> Reply:
        """Accept, reject or counter an opponent offer made at t; "end" walks away.

        ``last`` says that our answer is the last word of the talks (no counter can follow);
        when not given, the answer at t = 1 is the last word. At the last word the reply is
        "accept" or "reject"; before it, a counter-offer, or "end" when nothing we could
        still offer is worth more than no deal.
        """
        t = _clamp(t)
        last = t >= 1.0 if last is None else bool(last)
        offer = dict(offer)
        if self._pending is not None and self._pending != offer:
            self.refuse(self._pending, offer)  # a counter-offer turns our last offer down
        legal = self.acceptable_terms(offer)
        self.recall(offer, t)
        counter = self.next_offer(t)
        if legal and self.acceptable(offer, counter, t, last):
            self._pending = None
            return "accept"
        if last:
            self._pending = None
            return "reject"
        if not self.worth_offering(counter):
            self._pending = None
            return "end"
        self.sent.append(counter)
        self._pending = counter
        return counter

    def acceptable_terms(self, offer: Mapping[str, str]) -> bool:
        """Could we sign this at all: not empty, no red line, and complete when we must be?"""
        return bool(offer) and self.domain.allows(offer) and (
            not self.complete or len(offer) == len(self.domain.issues)
        )

    def recall(self, offer: Mapping[str, str], t: float, closed: Collection[str] = ()) -> bool:
        """Learn from an opponent offer made at t without answering it; False if it is unusable.

        An option across our red line (or unknown) is not an option of the package we could
        take, but the issue is not "left out" by them either: the model learns it as an
        option we cannot consider, and the rest of the package as offered. Nor is an issue in
        `closed`, which had no option on the table when they made the offer.
        """
        usable = {i: o for i, o in offer.items() if self.domain.allows({i: o})}
        self.offered_by_them.update(offer.items())
        if not usable:
            return False
        self.model.update(dict(offer), _clamp(t), closed)
        self.received.append(usable)
        self.heard(usable, _clamp(t))
        return True

    def acceptable(self, offer: Package, counter: Package, t: float, last: bool = False) -> bool:
        """Accept what beats no deal and meets the target, our next offer or the last-word floor."""
        u = self.utility(offer)
        return u >= self.reservation and (
            u >= self.target(t) - 1e-9
            or u >= self.utility(counter) - 1e-9
            or (last and u >= self.last_word_floor() - 1e-9)
        )

    def last_word_floor(self) -> float:
        """The least accepted when the offer on the table is the last of the talks."""
        return self.target(1.0)

    def break_floor(self, t: float) -> float:
        """The least accepted at t when talks pause (say, until a next round) after this offer."""
        return self.target(t)


def red_line_hints(package: Mapping[str, str], counter: Mapping[str, str] | None) -> list:
    """The options of a turned-down package that the refusal hints may be a red line: every
    option after a plain no. A counter-offer is a price talking, not a red line: no hints."""
    return list(package.items()) if counter is None else []


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
        complete: bool = False,
        exponent: float | None = None,
    ) -> None:
        e = check("exponent", exponent if exponent is not None else self.exponent, 0.0, 1e6,
                  open_low=True)
        super().__init__(domain, seed=seed, space=space, complete=complete)
        self.e = e

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
        complete: bool = False,
        level: float = 0.85,
    ) -> None:
        level = check("level", level, 0.0, 1.0)
        super().__init__(domain, seed=seed, space=space, complete=complete)
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
    heeds_declared = False  # it measures concessions step by step: a banned option would
    # freeze it on one package (two tit-for-tats then never agree), so it keeps to its steps

    def __init__(
        self,
        domain: Domain,
        *,
        seed: int = 0,
        space: PackageSpace | None = None,
        complete: bool = False,
        forgiveness: float = 0.0,
        step: float = 0.05,
    ) -> None:
        forgiveness = check("forgiveness", forgiveness, 0.0, 1.0)
        step = check("step", step, 0.0, 1.0, open_low=True)
        super().__init__(domain, seed=seed, space=space, complete=complete)
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
        space = self.space
        own = space.grid_own if space.exact else space.candidates(self.model.tables())[1]
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
        complete: bool = False,
        forgiveness: float = 0.3,
        step: float = 0.05,
    ) -> None:
        super().__init__(domain, seed=seed, space=space, complete=complete,
                         forgiveness=forgiveness, step=step)

    def _reciprocate(self, delta: float, stride: float) -> float:
        if delta >= 0:
            return self._target - max(delta, stride)
        return self._unmoved(stride)

    def _unmoved(self, stride: float) -> float:
        return self._target - stride if self.rng.random() < self.forgiveness else self._target


from game.ai.expert import Expert  # noqa: E402  (it builds on Negotiator, defined above)

STRATEGIES: dict[str, type[Negotiator]] = {
    cls.name: cls
    for cls in (Boulware, Linear, Conceder, Hardliner, TitForTat, GenerousTitForTat, Expert)
}


@dataclass
class Outcome:
    """How a bilateral negotiation ended: the agreement (None if none) and every move."""

    agreement: Package | None
    moves: list[tuple[str, object]] = field(default_factory=list)


def _answer(agent: Negotiator, offer: Package, t: float, last: bool) -> Reply:
    """agent.respond, telling it about the last word when its respond takes ``last``."""
    return agent.respond(offer, t, last=last) if _takes_last(type(agent)) else agent.respond(
        offer, t)


@lru_cache(maxsize=256)
def _takes_last(cls: type) -> bool:
    """Does this class's respond take ``last``? (Asked once per class.)"""
    try:
        return "last" in inspect.signature(cls.respond).parameters
    except (TypeError, ValueError, AttributeError):
        return False


def bargain(first: Negotiator, second: Negotiator, exchanges: int = 10) -> Outcome:
    """Alternating offers: offer k is made at t = k / exchanges; the answer to the last offer
    comes at t = 1 and is the last word (accept or reject). A side that has nothing to offer
    (propose returns None) or answers "end" walks away: no agreement."""
    sides = (("first", first), ("second", second))
    exchanges = max(exchanges, 1)
    offer = first.propose(0.0)
    if offer is None:
        return Outcome(None, [("first", "end")])
    outcome = Outcome(None, [("first", offer)])
    for k in range(1, exchanges + 1):
        who, agent = sides[k % 2]
        reply = _answer(agent, offer, k / exchanges, k >= exchanges)
        if reply == "accept":
            outcome.moves.append((who, "accept"))
            outcome.agreement = dict(offer)
            return outcome
        if not isinstance(reply, dict):
            outcome.moves.append((who, reply if reply == "end" else "reject"))
            return outcome
        outcome.moves.append((who, reply))
        offer = reply
    return outcome
