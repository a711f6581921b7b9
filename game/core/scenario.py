"""The scenario as the engine sees it: frozen, validated, ready to play.

The YAML authoring format (``game.scenario.format``) mirrors these classes field
for field; the loader is the only code that builds them from a file. Tests and
agents may also build them directly in Python.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from game.core.plain import added

PARTIES: tuple[str, str] = ("us", "cn")
PHASES: tuple[str, ...] = ("news", "negotiate", "implement", "verify", "respond", "score")


def other(party: str) -> str:
    """The other delegation."""
    return "cn" if party == "us" else "us"


@dataclass(frozen=True)
class Cite:
    """Where an element comes from: a source id and the line it draws on."""

    source: str
    quote: str


@dataclass(frozen=True)
class Source:
    """A document the scenario draws from."""

    id: str
    title: str
    publisher: str = ""
    date: str = ""
    note: str = ""
    url: str = added("")  # where to read it


@dataclass(frozen=True)
class Verification:
    """How well the other side sees a violation of an option."""

    detect: float  # P(violation reported | the party defected)
    false_alarm: float  # P(violation reported | the party complied)


@dataclass(frozen=True)
class Act:
    """A one-off act: done or not done once, in the round `due` rounds after signing."""

    due: int = 0  # 0 = the round it is signed


@dataclass(frozen=True)
class Option:
    """One way to settle an issue. Per-round values while it is in force.

    A standing obligation (the default) is kept or broken every round; an `act` is done or not
    done once, and pays from then on only if it was done. A `status_quo` option is "no
    change": it binds nobody and is worth each party the issue's status quo. `requires` lists
    the (issue, option) pairs it may be signed only together with; `available` False keeps it
    off the table until news adds it.
    """

    id: str
    label: str
    obliges: tuple[str, ...]  # parties that must act: ("cn",), ("us", "cn"); () for status quo
    value: Mapping[str, float]  # party -> per-round value when the others honour it
    temptation: Mapping[str, float]  # party -> per-round private gain from defecting
    verification: Verification  # the rates for every obliged party without its own
    description: str = ""
    cite: tuple[Cite, ...] = ()
    verification_by: Mapping[str, Verification] = added(default_factory=dict)  # party -> rates
    status_quo: bool = added(False)
    act: Act | None = added(None)
    requires: tuple[tuple[str, str], ...] = added(())  # (issue, option) pairs
    available: bool = added(True)

    def rates(self, party: str) -> Verification:
        """How well the other side sees this party's violations of the option."""
        return self.verification_by.get(party, self.verification)


@dataclass(frozen=True)
class Issue:
    """A negotiation track with options ordered from weakest to strongest."""

    id: str
    title: str
    options: tuple[Option, ...]
    description: str = ""
    cite: tuple[Cite, ...] = ()
    status_quo: Mapping[str, float] = added(default_factory=dict)  # party -> per round, no deal

    def status_quo_of(self, party: str) -> float:
        """What the party gets per round on this issue with no commitment implemented there."""
        return float(self.status_quo.get(party, 0.0))

    def option(self, option_id: str) -> Option:
        """The option with this id (KeyError if none)."""
        for opt in self.options:
            if opt.id == option_id:
                return opt
        raise KeyError(option_id)


@dataclass(frozen=True)
class Role:
    """A seat within a delegation, with its own brief and priorities."""

    id: str
    title: str
    brief: str
    priorities: tuple[str, ...] = ()  # issue ids this role cares most about


@dataclass(frozen=True)
class RedLine:
    """A package this party must never accept: an option it refuses on an issue."""

    issue: str
    forbid: tuple[str, ...]  # option ids
    text: str = ""
    public: bool = added(False)  # known to both sides from the start


@dataclass(frozen=True)
class Party:
    """A delegation: its confidential brief, roles and private valuation."""

    id: str  # "us" or "cn"
    name: str
    brief: str
    roles: tuple[Role, ...]
    weights: Mapping[str, float]  # issue id -> salience (multiplies values and temptations)
    no_deal: float = 0.0  # per-round payoff with no agreement at all
    red_lines: tuple[RedLine, ...] = ()
    personality: str = "pragmatist"  # default AI personality id when a bot plays it
    cite: tuple[Cite, ...] = ()


@dataclass(frozen=True)
class Trust:
    """Priors and memory of the trust model (see docs/model.md)."""

    initial: Mapping[str, float]  # observer -> prior mean of the other's compliance rate
    strength: float = 4.0  # Beta prior pseudo-count (alpha + beta)
    memory: float = 0.85  # lambda: weight kept on the posterior before each update
    grid: int = 101  # points of the compliance-rate grid in [0, 1]
    relationship_weight: float = 10.0  # final score bonus per unit of trust held by the other
    unjustified_penalty: float = 0.5  # strength of the trust shift after a false-alarm sanction


@dataclass(frozen=True)
class SanctionLevel:
    """A rung of the escalation ladder."""

    id: str
    label: str
    cost_target: float  # per-round cost to the sanctioned party
    cost_sender: float  # per-round cost to the sender
    cite: tuple[Cite, ...] = ()
    issue: str = added("")  # usable only to answer incidents on this issue ("" = any)


@dataclass(frozen=True)
class Sanctions:
    """The escalation ladder and how fast sanctions wear off."""

    levels: tuple[SanctionLevel, ...]
    decay: float = 0.5  # fraction of a sanction's cost left after each round


@dataclass(frozen=True)
class Condition:
    """A test on the game state for an event trigger.

    kind is one of: ``trust_below``, ``trust_above`` (observer's trust in the
    other side, optionally on one issue, compared with value), ``flag``
    (flag is set), ``not_flag`` (flag is not set), ``commitment`` (a commitment
    on issue is in force, of `option` if given), ``incidents_at_least`` (public incidents
    so far), ``any`` (at least one of `conditions` holds).
    """

    kind: str
    observer: str = ""
    issue: str = ""
    flag: str = ""
    value: float = 0.0
    option: str = added("")
    conditions: tuple[Condition, ...] = added(())


@dataclass(frozen=True)
class Trigger:
    """When an event fires: in these rounds (any if empty), by chance, if its conditions hold."""

    rounds: tuple[int, ...] = ()
    probability: float = 1.0
    conditions: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class Effect:
    """What an event does.

    kind is one of: ``salience`` (multiply party's weight on issue by factor),
    ``value`` (add delta to party's value of option on issue), ``trust``
    (shift observer's trust in the other side by delta, on issue or on all
    issues), ``flag`` (set or clear flag), ``sanction`` (party imposes the
    sanction level on the other), ``reveal`` (make party's weight on issue
    public), ``add_option`` and ``withdraw_option`` (put option of issue on the table or take
    it off), ``end_commitment`` (end the commitment on issue, if of `option` when given),
    ``verification`` (set detect and false_alarm of option for party, or for every party it
    obliges), ``status_quo`` (add delta to party's status quo on issue).
    """

    kind: str
    party: str = ""
    issue: str = ""
    option: str = ""
    flag: str = ""
    level: str = ""
    factor: float = 1.0
    delta: float = 0.0
    set: bool = True
    detect: float = added(0.0)
    false_alarm: float = added(0.0)


@dataclass(frozen=True)
class Event:
    """A news item of the scenario."""

    id: str
    title: str
    text: str
    trigger: Trigger = field(default_factory=Trigger)
    effects: tuple[Effect, ...] = ()
    once: bool = True
    cite: tuple[Cite, ...] = ()
    audience: str = added("")  # "us" or "cn": private news for that side only; "" = everyone


HINT_PHASES: tuple[str, ...] = ("negotiate", "implement", "respond", "over")


@dataclass(frozen=True)
class Hint:
    """A tip a guided scenario shows a player when play reaches a moment: the first time the
    player is asked to act in `phase` (of `round`, or of any round when 0), or at the end
    (`over`); to one side's player or to both. Teaching text, never a rule."""

    id: str
    text: str
    phase: str = "negotiate"  # one of HINT_PHASES
    round: int = 0  # 0: the first round in which the phase comes to the player
    side: str = ""  # "us" or "cn": that side's player only; "": either


@dataclass(frozen=True)
class Settings:
    """Game length, talks and classroom timers."""

    rounds: int = 6
    exchanges: int = 4  # offers (including counters) allowed per round
    first_proposer: str = "us"  # "us", "cn" or "lot" (drawn for each game from its seed)
    timers: Mapping[str, int] = field(default_factory=dict)  # phase -> seconds (classroom)


@dataclass(frozen=True)
class Personality:
    """An AI temperament; numbers tune the strategies (all in [0, 1] unless noted)."""

    id: str
    label: str
    description: str = ""
    toughness: float = 0.5  # how slowly it concedes (1 = never)
    forgiveness: float = 0.3  # chance to let a detected violation pass
    opportunism: float = 0.2  # readiness to defect when detection is unlikely
    retaliation: float = 0.5  # how hard it answers detected violations


@dataclass(frozen=True)
class Scenario:
    """Everything that defines a game before the first move."""

    schema_version: int
    id: str
    title: str
    summary: str
    date: str
    sources: tuple[Source, ...]
    parties: Mapping[str, Party]  # "us" and "cn"
    issues: tuple[Issue, ...]
    trust: Trust
    sanctions: Sanctions
    events: tuple[Event, ...] = ()
    settings: Settings = field(default_factory=Settings)
    personalities: tuple[Personality, ...] = ()
    notes: tuple[str, ...] = ()
    hints: tuple[Hint, ...] = added(())

    def issue(self, issue_id: str) -> Issue:
        """The issue with this id (KeyError if none)."""
        for iss in self.issues:
            if iss.id == issue_id:
                return iss
        raise KeyError(issue_id)

    def personality(self, personality_id: str) -> Personality:
        """The personality with this id (KeyError if none)."""
        for p in self.personalities:
            if p.id == personality_id:
                return p
        raise KeyError(personality_id)
