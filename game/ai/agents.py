"""Game agents: a negotiating strategy plus implementation and sanction policies, per seat.

An agent reads only its seat's observation. For talks it builds the negotiating domain from
its own values (discounted by its trust in the other side when it uses forecasts, and
measured against the commitments already in force), replays the other side's offers into a
fresh negotiator, and turns the negotiator's answer into a legal action.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from game.ai import policies
from game.ai.negotiation import STRATEGIES, Negotiator
from game.ai.packages import Domain, Package
from game.core.actions import Accept, Action, Implement, Pass, Propose, Reject, Respond
from game.core.events import Accepted, Offered, OptionChanged, TalksEnded
from game.core.forecast import ResponsePolicy, forecast_observation
from game.core.observe import Observation
from game.core.scenario import Personality, Scenario, other
from game.core.seeds import derive_seed

FUTURES = 200  # Monte Carlo futures behind the expert's final check of an offer
PERSONALITIES: dict[str, Personality] = {  # used when the scenario defines none
    "hawk": Personality("hawk", "Hawk", "", 0.8, 0.1, 0.35, 0.9),
    "dove": Personality("dove", "Dove", "", 0.3, 0.6, 0.05, 0.3),
    "pragmatist": Personality("pragmatist", "Pragmatist", "", 0.5, 0.3, 0.2, 0.5),
}


def personality_for(scenario: Scenario | None, party: str, name: str | None = None) -> Personality:
    """The named personality (or the party's default) from the scenario, else a built-in one."""
    if name is None:
        name = scenario.parties[party].personality if scenario is not None else "pragmatist"
    if scenario is not None:
        try:
            return scenario.personality(name)
        except KeyError:
            pass
    if name not in PERSONALITIES:
        raise ValueError(f"unknown personality {name!r} (one of: {', '.join(PERSONALITIES)})")
    return PERSONALITIES[name]


@dataclass(frozen=True)
class Profile:
    """What makes a shipped agent: its negotiator, time horizon and post-deal policies."""

    name: str
    description: str
    negotiator: str | None  # a STRATEGIES name; None = accept anything legal, offer nothing new
    implement: str
    respond: str
    horizon: float | None = None  # rounds over which relative time runs 0 -> 1 (None: rounds - 1)
    forecasts: bool = False  # discount values by trust that the other side will honour them
    params: dict[str, Any] = field(default_factory=dict)
    shuns_cheats: bool = False  # no new deals with a side caught breaking its word twice


def honour_chance(trust: float, detect: float) -> float:
    """How likely the other side keeps a promise: an honest side (as often as we trust it)
    always does; a calculating one keeps it about as often as a breach would be caught, so a
    promise it could break unseen is worth less than one it would be caught breaking."""
    return min(1.0, trust + (1.0 - trust) * detect)


def game_domain(obs: Observation, forecasts: bool) -> Domain:
    """The talks as seen by the seat: per-round values, net of what is already in force.

    With forecasts, an option that obliges the other side is worth its value times the chance
    that they honour it (honour_chance: our trust, and how surely a breach would be seen; the
    issue's status quo otherwise). Each option is valued as a
    change from what the issue brings now: the commitment in force, or the status quo, so
    leaving an issue out is worth 0. Options off the table, our red lines and the other side's
    public red lines are never offered; linked options come only with what they require.
    """
    own = obs.own
    them = other(obs.party)
    standing = {c.issue: c.option for c in obs.commitments}
    issues, values = [], {}
    requires = {}
    for view in obs.issues:
        trust = own.trust[view.id][0]
        still = own.status_quo.get(view.id, 0.0) * own.weights[view.id]
        worth = {}
        for o in view.options:
            honour = honour_chance(trust, o.rates(them)[0]) if forecasts else 1.0
            kept = honour if them in o.obliges else 1.0
            worth[o.id] = (own.weights[view.id] * own.values[view.id][o.id] * kept
                           + still * (1.0 - kept))
        base = worth.get(standing.get(view.id, ""), still)
        issues.append((view.id, tuple(o.id for o in view.options)))
        values[view.id] = {o: v - base for o, v in worth.items()}
        requires.update({(view.id, o.id): o.requires for o in view.options if o.requires})
    forbidden = frozenset((line.issue, o) for line in own.red_lines for o in line.forbid)
    forbidden |= {(line.issue, o) for line in obs.public_red_lines.get(them, ())
                  for o in line.forbid}
    forbidden |= {(view.id, o.id) for view in obs.issues for o in view.options if not o.available}
    no_deal = 0.0 if standing else own.no_deal
    return Domain(tuple(issues), values, {}, no_deal, frozenset(forbidden), requires,
                  standing if requires else {})


@dataclass(frozen=True)
class PastOffer:
    """An earlier offer in the talks: whose, its terms, when (on the concession clock and as
    a share of the game's rounds), whether it was turned down, and by what counter-offer."""

    ours: bool
    package: Package
    t: float
    share: float
    refused: bool
    counter: Package | None = None
    red_lines: tuple[tuple[str, str], ...] = ()  # options the refusal said cross its red lines
    closed: tuple[str, ...] = ()  # issues with no option on the table when it was made


def later_openings(obs: Observation) -> dict[str, int]:
    """Issues whose every option now on the table was put there by news, with the position in
    the history where the first of them came: before it, the issue had nothing on the table."""
    available = {i.id: [o.id for o in i.options if o.available] for i in obs.issues}
    opened: dict[str, dict[str, int]] = {}
    for pos, event in enumerate(obs.history):
        if isinstance(event, OptionChanged) and event.available:
            opened.setdefault(event.issue, {}).setdefault(event.option, pos)
    return {issue: min(opened[issue][o] for o in options)
            for issue, options in available.items()
            if options and issue in opened and all(o in opened[issue] for o in options)}


def talks_clock(obs: Observation, horizon: float | None) -> tuple[float, list[PastOffer]]:
    """Relative time now, and every earlier offer (both sides', in order) with its fate.

    Time runs over `horizon` rounds (default: all but the last round):
    t = (round - 1 + offers made / exchanges) / horizon. An offer answered by a counter-offer
    or a rejection was turned down; the standing offer is answered now, not replayed.
    """
    span = horizon if horizon is not None else max(obs.rounds - 1, 1)
    talks = [e for e in obs.history if isinstance(e, Offered | Accepted | TalksEnded)]
    offers_by_round: dict[int, int] = {}
    for event in talks:
        if isinstance(event, Offered):
            offers_by_round[event.round] = offers_by_round.get(event.round, 0) + 1
    this_round = offers_by_round.get(obs.round, 0)
    exchanges = max(this_round + obs.exchanges_left, 1)

    def clock(round_: int, made: int, span: float = span) -> float:
        return min(1.0, (round_ - 1 + made / exchanges) / max(span, 1e-9))

    opened_later = later_openings(obs)
    position = {id(event): pos for pos, event in enumerate(obs.history)}
    past: list[PastOffer] = []
    made: dict[int, int] = {}
    for pos, event in enumerate(talks):
        if not isinstance(event, Offered):
            continue
        k = made[event.round] = made.get(event.round, -1) + 1
        answer = next((e for e in talks[pos + 1 :] if e.round == event.round), None)
        countered = isinstance(answer, Offered)
        refused = countered or (isinstance(answer, TalksEnded) and answer.how == "reject")
        past.append(PastOffer(
            event.party == obs.party, dict(event.terms), clock(event.round, k),
            clock(event.round, k, max(obs.rounds, 1)), refused,
            dict(answer.terms) if countered else None,
            tuple(getattr(answer, "red_lines", ())) if refused else (),
            tuple(i for i, opened in opened_later.items() if opened > position[id(event)]),
        ))
    if obs.offer is not None and past and not past[-1].ours:
        past.pop()  # the standing offer is answered now, not replayed
    return clock(obs.round, this_round), past


class StrategyAgent:
    """A full agent: talks with a negotiating strategy, then implements and responds by policy."""

    profile: Profile

    def __init__(self, seat: str = "us", seed: int = 0, personality: Personality | None = None,
                 profile: Profile | None = None) -> None:
        if profile is not None:
            self.profile = profile
        self.name = self.profile.name
        self.description = self.profile.description
        self.seat = seat
        self.party = seat.split(".", 1)[0]
        self.seed = seed
        self.personality = personality or PERSONALITIES["pragmatist"]
        self.fallbacks = 0

    def rng(self, obs: Observation, key: str) -> random.Random:
        """A generator fixed by seed, round and decision, so replays repeat every choice."""
        return random.Random(f"{self.seed}:{obs.round}:{obs.phase}:{key}")

    def act(self, observation: Observation) -> Action:
        """The agent's move in the current phase (always one of the legal actions)."""
        handler = {
            "negotiate": self._negotiate,
            "implement": self._implement,
            "respond": self._respond,
        }.get(observation.phase)
        legal = observation.legal_actions
        action = handler(observation) if handler else None
        if action is None or action not in legal:
            if not legal:
                raise ValueError(f"{observation.seat} has no legal action now")
            self.fallbacks += 1  # a policy slip: counted so tests can insist it never happens
            action = legal[0]
        return action

    # -- talks -----------------------------------------------------------------------------
    def negotiator(self, obs: Observation) -> tuple[Negotiator, float]:
        """A fresh negotiator for this decision, primed with the other side's earlier offers."""
        profile = self.profile
        domain = game_domain(obs, profile.forecasts)
        cls = STRATEGIES[profile.negotiator or "conceder"]
        seed = derive_seed(self.seed, obs.round, obs.exchanges_left, "talks")
        params = tune(profile, self.personality)
        if profile.negotiator == "expert" and not obs.commitments:
            # every round without a deal costs a round of its value: settle for less
            stalled = (obs.round - 1) / max(obs.rounds - 1, 1)
            params["slack"] = params["slack"] + (1.0 - params["slack"]) * stalled
        elif profile.negotiator == "expert":
            params["standing"] = {c.issue: c.option for c in obs.commitments}
        if profile.negotiator == "expert" and obs.commitments:
            # a counter now is the round's last offer: the other side can only take it or not
            params["last_offer"] = obs.offer is not None and obs.exchanges_left == 1
        neg = cls(domain, seed=seed, **params)
        now, past = talks_clock(obs, profile.horizon)
        if profile.negotiator == "expert" and obs.commitments:
            # over a deal in force, each round's talks are a bargain of their own (new issues
            # and trades): the clock restarts rather than standing at the deadline
            made = sum(1 for e in obs.history if isinstance(e, Offered) and e.round == obs.round)
            now = min(1.0, made / max(made + obs.exchanges_left, 1))
        for move in past:
            if move.ours:
                neg.remember(move.package, move.refused, move.counter, move.red_lines)
            else:
                neg.recall(move.package, move.share, move.closed)  # it fades over the game
        return neg, now

    def _negotiate(self, obs: Observation) -> Action | None:
        seat, legal = obs.seat, obs.legal_actions
        if self.profile.negotiator is None:  # a pushover: take any offer, open with nothing
            return Accept(seat) if obs.offer is not None else Pass(seat)
        if self.profile.shuns_cheats and obs.commitments and policies.keeps_breaking(obs):
            return Reject(seat) if obs.offer is not None else Pass(seat)  # no new deals
        neg, now = self.negotiator(obs)
        if obs.offer is None:
            package = neg.propose(now)
            if package is None:
                return Pass(seat)  # nothing to gain over no deal, or over what already stands
            return Propose(seat, tuple(package.items()))
        last_word = obs.exchanges_left == 0 and obs.round >= obs.rounds  # no later talks
        reply = neg.respond(dict(obs.offer), 1.0 if last_word else min(now, 0.999),
                            last=last_word)
        if reply != "accept" and obs.exchanges_left == 0 and settles(neg, dict(obs.offer), now):
            reply = "accept"  # the round's last word: a deal now beats waiting a round
        if reply == "accept" and self.profile.forecasts and not self.worth_signing(obs):
            reply = neg.next_offer(now) if obs.exchanges_left else "reject"
        if reply == "accept":
            return Accept(seat)
        worth_countering = isinstance(reply, dict) and neg.utility(reply) > neg.reservation
        if worth_countering and legal.has_proposals():
            if dict(obs.offer) == reply and Accept(seat) in legal:
                return Accept(seat)
            return Propose(seat, tuple(reply.items()))
        return Reject(seat)

    def worth_signing(self, obs: Observation) -> bool:
        """The Monte Carlo forecast's last word on the offer on the table: is our median final
        score with it at least that of leaving things as they stand? The other side is assumed
        to sanction reports as often as it has so far."""
        policy = ResponsePolicy(sanction=policies.punish_rate(obs))
        n = 0 if self.party == "us" else 1
        seed = derive_seed(self.seed, obs.round, "forecast")
        with_offer, standing = (
            forecast_observation(obs, package, policy=policy, futures=FUTURES, seed=seed)
            .outlook(n)
            for package in (dict(obs.offer or ()), None)
        )
        return with_offer is None or standing is None or with_offer.median >= standing.median

    # -- after the deal ----------------------------------------------------------------------
    def _implement(self, obs: Observation) -> Action:
        policy = policies.IMPLEMENT[self.profile.implement]
        choices = policy(obs, self.personality, self.rng(obs, "implement"))
        return Implement(obs.seat, tuple(sorted(choices.items())))

    def _respond(self, obs: Observation) -> Action | None:
        policy = policies.RESPOND[self.profile.respond]
        for incident in obs.incidents:
            if incident.response or incident.accused == self.party:
                continue
            answer = policy(obs, incident.id, self.personality, self.rng(obs, str(incident.id)))
            return Respond(obs.seat, incident.id, answer)
        return None


def settles(neg: Negotiator, offer: Package, t: float) -> bool:
    """Is an offer that closes a round's talks a gain at or above the negotiator's break floor?"""
    if not offer or not neg.domain.allows(offer):
        return False
    worth = neg.utility(offer)
    return worth > neg.reservation and worth >= neg.break_floor(t) - 1e-9


def tune(profile: Profile, mood: Personality) -> dict[str, Any]:
    """The negotiator's parameters after the personality's toughness has had its say."""
    params = dict(profile.params)
    tough = mood.toughness
    name = profile.negotiator
    if name in ("boulware", "linear", "conceder"):
        base = params.get("exponent", STRATEGIES[name].exponent)  # type: ignore[attr-defined]
        params["exponent"] = base * 2.0 ** ((0.5 - tough) * 2.0)
    elif name == "hardliner":
        params.setdefault("level", 0.7 + 0.3 * tough)
    elif name == "generous-tit-for-tat":
        params.setdefault("forgiveness", mood.forgiveness)
    elif name == "expert":
        params.setdefault("slack", max(0.0, 0.1 + 0.2 * (0.5 - tough)))
    return params


def _profile(name: str, description: str, negotiator: str | None, implement: str, respond: str,
             **kw: Any) -> Profile:
    return Profile(name, description, negotiator, implement, respond, **kw)


PROFILES: dict[str, Profile] = {
    p.name: p
    for p in (
        _profile("boulware", STRATEGIES["boulware"].description, "boulware", "comply", "lenient"),
        _profile("linear", STRATEGIES["linear"].description, "linear", "comply", "lenient"),
        _profile("conceder", STRATEGIES["conceder"].description, "conceder", "comply", "lenient"),
        _profile("hardliner", STRATEGIES["hardliner"].description, "hardliner", "mirror",
                 "reciprocal"),
        _profile("tit-for-tat", "Mirrors the other side's concessions and its compliance.",
                 "tit-for-tat", "mirror", "reciprocal"),
        _profile("generous-tit-for-tat",
                 "Mirrors concessions and compliance but forgives some violations and setbacks.",
                 "generous-tit-for-tat", "generous-mirror", "generous"),
        _profile("expert",
                 "Reads the other side's priorities, trades across issues, weighs trust, "
                 "defects only when it pays and punishes in proportion.",
                 "expert", "calculated", "proportional", horizon=1.0, forecasts=True,
                 params={"reach": 1.0, "exponent": 0.5, "endgame": False,
                         "concede_to_fresh": True, "nash_goal": True}, shuns_cheats=True),
        _profile("always-defect", "Bargains steadily, then breaks every commitment.",
                 "linear", "always-defect", "silent"),
        _profile("always-comply", "Bargains steadily, keeps every commitment, never retaliates.",
                 "linear", "always-comply", "silent"),
    )
}


def agent_class(profile: Profile) -> type[StrategyAgent]:
    """A named StrategyAgent subclass for a profile, so "module:Class" specs read well."""
    class_name = "".join(part.capitalize() for part in profile.name.split("-")) + "Agent"
    return type(class_name, (StrategyAgent,), {"profile": profile, "__doc__": profile.description})


AGENT_CLASSES: dict[str, type[StrategyAgent]] = {n: agent_class(p) for n, p in PROFILES.items()}

BoulwareAgent = AGENT_CLASSES["boulware"]
LinearAgent = AGENT_CLASSES["linear"]
ConcederAgent = AGENT_CLASSES["conceder"]
HardlinerAgent = AGENT_CLASSES["hardliner"]
TitForTatAgent = AGENT_CLASSES["tit-for-tat"]
GenerousTitForTatAgent = AGENT_CLASSES["generous-tit-for-tat"]
ExpertAgent = AGENT_CLASSES["expert"]
AlwaysDefectAgent = AGENT_CLASSES["always-defect"]
AlwaysComplyAgent = AGENT_CLASSES["always-comply"]
