"""The expert negotiator: an opponent model, Pareto-aware offers, a Boulware clock, an
end-game, red lines read from refusals and mutual trades after a deal (docs/agents.md)."""

from __future__ import annotations

from collections.abc import Mapping

from game.ai.negotiation import GAIN, Negotiator, _clamp, check
from game.ai.opponent import FrequencyModel
from game.ai.packages import Domain, Package, PackageSpace

AT_GOAL = 0.999  # the clock at its end (an answer before the last word comes at 0.999 at most)
BREAK_SHARE = 0.7  # of the way from no deal to its goal that a deal at a round's end must reach


class Expert(Negotiator):
    """Learns the opponent's priorities, trades across issues and concedes late and little.

    Offers the package best for the opponent (estimated) among those meeting a Boulware target
    (e = 0.2) that falls from our best package to its goal: the best the other side has
    offered us (with ``nash_goal``, our side of the estimated Nash point if higher; the game
    uses it). It accepts an offer that meets the target or our own next offer. When its next
    offer is likely its last (the clock shows no time for another after it), it offers back
    the best package the other side has offered, which a conceding side accepts, and takes
    any offer as good; at the last word it takes any gain over no deal. At the end of its clock
    with no deal yet, it offers its estimate of the Nash package first (if better for it than
    their best offer and not yet turned down) and accepts any offer that meets its goal.
    After a first deal (``standing``: the packages in force), it offers only trades that the
    opponent model says add value for the other side too.
    """

    name = "expert"
    description = "Reads the other side's priorities from its offers and trades across issues."
    uses_opponent_model = True
    uses_forecasts = True
    prefer_low_own = False
    learns_red_lines = True

    def __init__(
        self,
        domain: Domain,
        *,
        seed: int = 0,
        space: PackageSpace | None = None,
        complete: bool = False,
        exponent: float = 0.2,
        slack: float = 0.1,
        reach: float = 1.0,
        endgame: bool = True,
        standing: Mapping[str, str] | None = None,
        concede_to_fresh: bool = False,
        nash_goal: bool = False,
        last_offer: bool = False,
    ) -> None:
        e = check("exponent", exponent, 0.0, 1e6, open_low=True)
        slack = check("slack", slack, 0.0, 1.0)
        reach = check("reach", reach, 0.0, 1.0, open_low=True)
        super().__init__(domain, seed=seed, space=space, complete=complete)
        self.e = e
        self.slack = slack
        self.reach = reach  # the time by which it stands at its goal, leaving room to meet
        self.endgame = endgame
        self.standing = dict(standing or {})
        self.concede_to_fresh = concede_to_fresh  # below target rather than repeat a package
        self.nash_goal = nash_goal  # stop conceding at the estimated Nash point
        self._clock: list[float] = []  # the times of our decisions, to see the deadline coming
        self.last_offer = last_offer  # told: the offer we make now is the last of the talks

    def _make_model(self) -> FrequencyModel:
        return FrequencyModel(self.space)

    def opponent_tables(self) -> list:
        """Estimated opponent utility per issue; with a deal in force, as a change from it."""
        tables = self.model.tables()
        if not self.standing:
            return tables
        out = []
        for issue, choices, table in zip(self.space.issue_ids, self.space.choices, tables,
                                         strict=True):
            option = self.standing.get(issue)
            base = table[choices.index(option)] if option in choices else table[0]
            shifted = table - base
            shifted[0] = 0.0  # leaving the issue out keeps what stands
            out.append(shifted)
        return out

    def best_received(self) -> Package | None:
        """The best package for us the other side has offered (None if none beats no deal)."""
        fits = [p for p in self.received if self.acceptable_terms(p)]
        best = max(fits, key=self.utility, default=None)
        return best if best is not None and self.utility(best) > self.reservation else None

    def goal(self) -> float:
        """Where the target ends: the best offer received (never below no deal) or, with
        ``nash_goal``, the estimated Nash point less a little slack if that is higher."""
        goal = self.reservation
        if self.nash_goal:
            model = self.model
            assert isinstance(model, FrequencyModel)
            empty = 0.0 if self.standing else model.empty_value()
            row = self.space.nash(self.opponent_tables(), self.reservation, empty)
            nash = float(self.space.utilities(self.space.own, row[None, :])[0])
            goal = max(goal, nash - self.slack * (nash - self.reservation))
        best = self.best_received()
        return max(goal, self.utility(best)) if best is not None else goal

    def target(self, t: float) -> float:
        top = self.space.max_utility
        return top - (top - self.goal()) * _clamp(t / self.reach) ** (1.0 / self.e)

    def nash_package(self) -> Package | None:
        """The estimated Nash bargaining package, if it is worth more than no deal to us."""
        model = self.model
        assert isinstance(model, FrequencyModel)
        empty = 0.0 if self.standing else model.empty_value()
        row = self.space.nash(self.opponent_tables(), self.reservation, empty)
        package = self.space.package(row)
        return package if self.worth_offering(package) else None

    def _final(self, t: float) -> bool:
        """Is a decision at t likely our last offer (the next would come after the deadline)?"""
        if self.last_offer:  # told so by the game, whatever the clock says
            return True
        if not self.endgame or len(self._clock) < 2:
            return False
        gaps = [b - a for a, b in zip(self._clock, self._clock[1:], strict=False) if b > a]
        return bool(gaps) and t + 1.5 * (sum(gaps) / len(gaps)) >= 1.0

    def next_offer(self, t: float) -> Package:
        if not self._clock or t > self._clock[-1]:
            self._clock.append(t)
        best = self.best_received()
        if t >= AT_GOAL and not self.standing and not self.last_offer:
            nash = self.nash_package()
            if nash is not None and nash not in self.refused and (
                best is None or self.utility(nash) > self.utility(best)
            ):
                return nash  # at its goal: the fair split first, before what they offered
        if self._final(t):
            nash = self.nash_package() if self.last_offer else None
            if nash is not None and (best is None or self.utility(nash) > self.utility(best)):
                return nash  # told it is the last offer: the fair split, if better than theirs
            if best is not None:
                return best  # they offered it: the likeliest package to be signed
            nash = self.nash_package()
            if nash is not None:
                return nash  # nothing they offered beats no deal: meet them at the estimate
        goal = max(self.target(t), self.reservation + GAIN)
        avoid = [r for r in (self.space.row(p) for p in self.refused) if r is not None]
        tables, banned = self.opponent_tables(), self._banned()
        floor = self.reservation + GAIN if self.concede_to_fresh else None
        mutual = 0.0 if self.standing else None  # after a deal: trades they gain from too
        row = self.space.choose(goal, tables, self.prefer_low_own, avoid, floor, banned, mutual)
        if banned and self.utility(self.space.package(row)) <= self.reservation:
            row = self.space.choose(goal, tables, self.prefer_low_own, avoid, floor,
                                    opp_floor=mutual)
        offer = self.space.package(row)
        if self.standing:
            gain = self.space.utilities(tables, row[None, :])[0]
            if gain <= 0:  # a trade that helps only us would be turned down
                return best if best is not None else {}
        return offer

    def acceptable(self, offer: Package, counter: Package, t: float, last: bool = False) -> bool:
        """As every negotiator; at the end of its clock anything that meets its goal; near the
        deadline anything as good as their best offer."""
        if super().acceptable(offer, counter, t, last):
            return True
        u = self.utility(offer)
        if t >= AT_GOAL and u > self.reservation and u >= self.goal() - 1e-6:
            return True
        best = self.best_received()
        if self.last_offer and self.utility(counter) > self.utility(offer):
            return False  # our last offer (the fair split) beats theirs: make it
        return self._final(t) and best is not None and (
            self.utility(offer) >= self.utility(best) - 1e-9
        )

    def last_word_floor(self) -> float:
        """Anything better than no deal: at the last word a sure gain beats holding out."""
        return self.reservation + GAIN

    def break_floor(self, t: float) -> float:
        """Most of the way (BREAK_SHARE) from no deal to its goal: a deal now beats waiting for
        a next round only when it is near what it asks, so it does not sign the other side's
        best package just because a round is ending."""
        return min(self.target(t),
                   self.reservation + BREAK_SHARE * (self.goal() - self.reservation))
