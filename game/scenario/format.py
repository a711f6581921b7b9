"""The YAML scenario format, versions 1 and 2: pydantic models that mirror game.core.scenario.

These models are the one source of truth for validation, the JSON Schema
(scenarios/scenario.schema.json) and docs/scenario-format.md. They are strict
(no "3" for 3, no 1 for true) and refuse unknown keys. Cross-references (issue,
option, source ids ...) and what a field needs given the others are checked in
game.scenario.checks; fields made with `new_in_2` need `schema_version: 2`
(game.scenario.versions says where a version 1 file uses one).
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from game.core import scenario as core
from game.scenario.fields import (
    LIMIT,
    MAX_ROUNDS,
    VERSIONS,
    Amount,
    Cost,
    Id,
    Model,
    OptionalId,
    PartyId,
    Probability,
    Text,
    new_in_2,
)
from game.scenario.kinds import ConditionModel, EffectModel


class CiteModel(Model):
    """Where an element comes from: a source id and the exact line it draws on."""

    source: Id = Field(description="Id of a source listed under `sources`.")
    quote: Text = Field(description="The line of the source this element draws on, quoted.")

    def to_core(self) -> core.Cite:
        return core.Cite(self.source, self.quote)


def _cites() -> Any:
    """The `cite` field every sourced element has."""
    return Field(default=[], description="Source lines this element draws on.")


class SourceModel(Model):
    """A document the scenario draws from."""

    id: Id = Field(description="Short id that `cite` entries refer to.")
    title: Text = Field(description="Title of the document.")
    publisher: str = Field(default="", description="Who published it.")
    date: str = Field(default="", description="When it was published (e.g. 2015-09-25).")
    note: str = Field(default="", description="Anything readers should know (e.g. errors in it).")
    url: str = new_in_2(default="", description="Where to read it (a web address).")

    def to_core(self) -> core.Source:
        return core.Source(**self.model_dump())


class PartyNumbers(Model):
    """A number for each delegation (per round while the option is in force)."""

    us: Amount = Field(description="For the United States.")
    cn: Amount = Field(description="For China.")

    def to_core(self) -> dict[str, float]:
        return {"us": float(self.us), "cn": float(self.cn)}


class PartyGains(PartyNumbers):
    """A non-negative number for each delegation."""

    us: Cost = Field(description="For the United States.")
    cn: Cost = Field(description="For China.")


class PartyProbabilities(PartyNumbers):
    """A probability in [0, 1] for each delegation."""

    us: Probability = Field(description="For the United States.")
    cn: Probability = Field(description="For China.")


class RatesModel(Model):
    """How well the other side sees one party's violations."""

    detect: Probability = Field(description="P(violation reported | the party defected).")
    false_alarm: Probability = Field(description="P(violation reported | the party complied).")

    def to_core(self) -> core.Verification:
        return core.Verification(float(self.detect), float(self.false_alarm))


class VerificationModel(Model):
    """How well the other side sees a violation of an option: `detect` and `false_alarm` for
    every obliged party, and (format 2) `us` or `cn` for a party seen differently."""

    detect: Probability | None = Field(
        default=None, description="P(violation reported | the party defected)."
    )
    false_alarm: Probability | None = Field(
        default=None, description="P(violation reported | the party complied)."
    )
    us: RatesModel | None = new_in_2(default=None, description="The US's own rates.")
    cn: RatesModel | None = new_in_2(default=None, description="China's own rates.")

    def to_core(self, obliges: tuple[str, ...] = ()) -> tuple[core.Verification,
                                                               dict[str, core.Verification]]:
        """The default rates and the per-party ones; without a default, the first obliged
        party's rates stand for it."""
        own = {p: r.to_core() for p, r in (("us", self.us), ("cn", self.cn))
               if r is not None and p in obliges}
        if self.detect is not None and self.false_alarm is not None:
            return core.Verification(float(self.detect), float(self.false_alarm)), own
        first = next((own[p] for p in core.PARTIES if p in own), core.Verification(0.0, 0.0))
        return first, own


class ActModel(Model):
    """A one-off act: done or not done once, in the implement phase of its round."""

    due: int = Field(
        default=0, ge=0, le=MAX_ROUNDS,
        description="Rounds after signing when it is due (0 = the round it is signed).",
    )

    def to_core(self) -> core.Act:
        return core.Act(self.due)


class LinkModel(Model):
    """An option another option comes only with."""

    issue: Id = Field(description="Issue id.")
    option: Id = Field(description="Option id within that issue.")


class OptionModel(Model):
    """One way to settle an issue; values are per round while it is in force. `obliges`,
    `value`, `temptation` and `verification` are required, except on a status quo option,
    which has none of them."""

    REQUIRED_UNLESS_STATUS_QUO: ClassVar[tuple[str, ...]] = (
        "obliges", "value", "temptation", "verification")  # checked in game.scenario.checks

    id: Id = Field(description="Option id, unique within its issue (used in proposals).")
    label: Text = Field(description="Short label shown on the negotiating table.")
    obliges: list[PartyId] | None = Field(
        default=None, min_length=1, max_length=2,
        description="Parties that must act: [cn] or [us, cn].",
    )
    value: PartyNumbers | None = Field(
        default=None, description="Per-round value to each party when it is honoured."
    )
    temptation: PartyGains | None = Field(
        default=None,
        description="Per-round private gain to each obliged party from defecting on it "
        "(for an act: gained once, in its round, if it is not done).",
    )
    verification: VerificationModel | None = Field(
        default=None, description="Detection and false-alarm rates."
    )
    description: str = Field(default="", description="What the option commits to, in full.")
    cite: list[CiteModel] = _cites()
    status_quo: bool = new_in_2(
        default=False,
        description="\"No change\": worth each party the issue's status quo; binds nobody.",
    )
    act: ActModel | None = new_in_2(
        default=None,
        description="A one-off act (done or not, once) instead of a standing obligation.",
    )
    requires: list[LinkModel] = new_in_2(
        default=[], description="Options it may be offered and signed only together with."
    )
    available: bool = new_in_2(
        default=True, description="On the table from the start (false: until news adds it)."
    )

    def to_core(self) -> core.Option:
        obliges = tuple(self.obliges or ())
        verification, own = (self.verification.to_core(obliges) if self.verification
                             else (core.Verification(0.0, 0.0), {}))
        return core.Option(
            id=self.id,
            label=self.label,
            obliges=obliges,
            value=self.value.to_core() if self.value else {},
            temptation=self.temptation.to_core() if self.temptation else {},
            verification=verification,
            description=self.description,
            cite=tuple(c.to_core() for c in self.cite),
            verification_by=own,
            status_quo=self.status_quo,
            act=self.act.to_core() if self.act else None,
            requires=tuple((r.issue, r.option) for r in self.requires),
            available=self.available,
        )


class IssueModel(Model):
    """A negotiation track with options ordered from weakest to strongest."""

    id: Id = Field(description="Issue id, unique in the scenario.")
    title: Text = Field(description="Title of the track.")
    options: list[OptionModel] = Field(min_length=1, description="Options, weakest first.")
    description: str = Field(default="", description="Public description of the track.")
    cite: list[CiteModel] = _cites()
    status_quo: PartyNumbers | None = new_in_2(
        default=None,
        description="Per-round value to each party with no commitment implemented on the "
        "issue (default 0 each).",
    )

    def to_core(self) -> core.Issue:
        return core.Issue(
            id=self.id,
            title=self.title,
            options=tuple(o.to_core() for o in self.options),
            description=self.description,
            cite=tuple(c.to_core() for c in self.cite),
            status_quo=self.status_quo.to_core() if self.status_quo else {},
        )


class RoleModel(Model):
    """A seat within a delegation, with its own brief and priorities."""

    id: Id = Field(description="Role id, unique within the party (seat `us.<id>`).")
    title: Text = Field(description="Who sits here (e.g. Attorney General).")
    brief: Text = Field(description="The role's confidential brief.")
    priorities: list[Id] = Field(default=[], description="Issue ids this role cares most about.")

    def to_core(self) -> core.Role:
        return core.Role(self.id, self.title, self.brief, tuple(self.priorities))


class RedLineModel(Model):
    """Options this party must never accept on an issue."""

    issue: Id = Field(description="Issue id.")
    forbid: list[Id] = Field(min_length=1, description="Option ids of that issue it refuses.")
    text: str = Field(default="", description="Why, in the party's words.")
    public: bool = new_in_2(
        default=False, description="Known to both sides from the start (false: private)."
    )

    def to_core(self) -> core.RedLine:
        return core.RedLine(self.issue, tuple(self.forbid), self.text, self.public)


class PartyModel(Model):
    """A delegation: its confidential brief, roles and private valuation."""

    name: Text = Field(description="Name of the delegation.")
    brief: Text = Field(description="The delegation's confidential brief.")
    roles: list[RoleModel] = Field(min_length=1, description="Seats within the delegation.")
    weights: dict[Id, Annotated[float, Field(ge=0.0, le=1000.0)]] = Field(
        description="Issue id -> salience (>= 0) multiplying values and temptations; "
        "one entry per issue."
    )
    no_deal: Amount = Field(default=0.0, description="Per-round payoff with no agreement at all.")
    red_lines: list[RedLineModel] = Field(default=[], description="Packages it must never accept.")
    personality: Id = Field(
        default="pragmatist",
        description="AI personality id when a bot plays it: one under `personalities` "
        "or a built-in (hawk, dove, pragmatist).",
    )
    cite: list[CiteModel] = _cites()

    def to_core(self, party_id: str) -> core.Party:
        return core.Party(
            id=party_id,
            name=self.name,
            brief=self.brief,
            roles=tuple(r.to_core() for r in self.roles),
            weights={k: float(v) for k, v in self.weights.items()},
            no_deal=float(self.no_deal),
            red_lines=tuple(r.to_core() for r in self.red_lines),
            personality=self.personality,
            cite=tuple(c.to_core() for c in self.cite),
        )


class PartiesModel(Model):
    """The two delegations, keyed by party id."""

    us: PartyModel = Field(description="The United States delegation.")
    cn: PartyModel = Field(description="The Chinese delegation.")


class TrustModel(Model):
    """Priors and memory of the trust model (see docs/model.md)."""

    initial: PartyProbabilities = Field(
        description="Observer -> prior mean of the other side's compliance rate."
    )
    strength: float = Field(default=4.0, gt=0.0, le=1000.0, description="Beta prior pseudo-count.")
    memory: Probability = Field(
        default=0.85, description="Weight kept on the posterior before each update (lambda)."
    )
    grid: int = Field(default=101, ge=3, le=1001, description="Points of the compliance grid.")
    relationship_weight: float = Field(
        default=10.0,
        ge=0.0,
        le=LIMIT,
        description="Final score bonus per unit of trust held by the other.",
    )
    unjustified_penalty: float = Field(
        default=0.5,
        ge=0.0,
        le=LIMIT,
        description="Strength of the trust shift after a false-alarm sanction.",
    )

    def to_core(self) -> core.Trust:
        data = self.model_dump()
        data["initial"] = self.initial.to_core()
        return core.Trust(**data)


class SanctionLevelModel(Model):
    """A rung of the escalation ladder."""

    id: Id = Field(description="Level id (not none, protest or suspend: those are built in).")
    label: Text = Field(description="Name shown to players.")
    cost_target: Cost = Field(description="Per-round cost to the sanctioned party.")
    cost_sender: Cost = Field(description="Per-round cost to the sender.")
    cite: list[CiteModel] = _cites()
    issue: OptionalId = new_in_2(
        default="", description="Issue id: usable only to answer incidents on that issue."
    )

    def to_core(self) -> core.SanctionLevel:
        return core.SanctionLevel(
            self.id,
            self.label,
            float(self.cost_target),
            float(self.cost_sender),
            tuple(c.to_core() for c in self.cite),
            self.issue,
        )


class SanctionsModel(Model):
    """The escalation ladder and how fast sanctions wear off."""

    levels: list[SanctionLevelModel] = Field(min_length=1, description="Levels, mildest first.")
    decay: Probability = Field(
        default=0.5, description="Fraction of a sanction's cost left after each round."
    )

    def to_core(self) -> core.Sanctions:
        return core.Sanctions(tuple(x.to_core() for x in self.levels), float(self.decay))


class TriggerModel(Model):
    """When an event fires: in these rounds (any if empty), with a probability, if all hold."""

    rounds: list[Annotated[int, Field(ge=1, le=MAX_ROUNDS)]] = Field(
        default=[], description="Rounds in which it may fire (1-based); empty means any."
    )
    probability: Probability = Field(default=1.0, description="Chance it fires when eligible.")
    conditions: list[ConditionModel] = Field(default=[], description="All must hold.")

    def to_core(self) -> core.Trigger:
        return core.Trigger(
            tuple(self.rounds), float(self.probability), tuple(c.to_core() for c in self.conditions)
        )


class EventModel(Model):
    """A news item of the scenario."""

    id: Id = Field(description="Event id (the facilitator injects it by id).")
    title: Text = Field(description="Headline.")
    text: Text = Field(description="The news as players read it.")
    trigger: TriggerModel = Field(default=TriggerModel(), description="When it fires.")
    effects: list[EffectModel] = Field(default=[], description="What it does.")
    once: bool = Field(default=True, description="Fire at most once per game.")
    cite: list[CiteModel] = _cites()
    audience: PartyId | None = new_in_2(
        default=None,
        description="Private news: only this side (and the facilitator) reads it and sees "
        "its effects; omit for news everyone reads.",
    )

    def to_core(self) -> core.Event:
        return core.Event(
            id=self.id,
            title=self.title,
            text=self.text,
            trigger=self.trigger.to_core(),
            effects=tuple(e.to_core() for e in self.effects),
            once=self.once,
            cite=tuple(c.to_core() for c in self.cite),
            audience=self.audience or "",
        )


Seconds = Annotated[int, Field(ge=1, le=86400)]


class TimersModel(Model):
    """Classroom timers: seconds per phase (omit a phase for no timer)."""

    news: Seconds | None = Field(default=None, description="Seconds for the news phase.")
    negotiate: Seconds | None = Field(default=None, description="Seconds for negotiation.")
    implement: Seconds | None = Field(default=None, description="Seconds for implementation.")
    verify: Seconds | None = Field(default=None, description="Seconds for verification.")
    respond: Seconds | None = Field(default=None, description="Seconds for responses.")
    score: Seconds | None = Field(default=None, description="Seconds for scoring.")

    def to_core(self) -> dict[str, int]:
        return {k: v for k, v in self.model_dump().items() if v is not None}


class SettingsModel(Model):
    """Game length, talks and classroom timers."""

    rounds: int = Field(default=6, ge=1, le=MAX_ROUNDS, description="Number of rounds.")
    exchanges: int = Field(
        default=4, ge=1, le=100, description="Offers (including counters) allowed per round."
    )
    first_proposer: Literal["us", "cn", "lot"] = Field(
        default="us",
        description="Who proposes in round 1 (the other side in round 2, and so on); `lot` "
        "draws the side for each game from its seed, so neither side always opens.",
    )
    timers: TimersModel = Field(default=TimersModel(), description="Phase -> seconds.")

    def to_core(self) -> core.Settings:
        return core.Settings(
            self.rounds, self.exchanges, self.first_proposer, self.timers.to_core()
        )


class PersonalityModel(Model):
    """An AI temperament; numbers in [0, 1] tune the strategies."""

    id: Id = Field(description="Personality id (parties refer to it).")
    label: Text = Field(description="Name shown to players.")
    description: str = Field(default="", description="How it plays.")
    toughness: Probability = Field(default=0.5, description="How slowly it concedes (1 = never).")
    forgiveness: Probability = Field(
        default=0.3, description="Chance to let a detected violation pass."
    )
    opportunism: Probability = Field(
        default=0.2, description="Readiness to defect when detection is unlikely."
    )
    retaliation: Probability = Field(
        default=0.5, description="How hard it answers detected violations."
    )

    def to_core(self) -> core.Personality:
        return core.Personality(**self.model_dump())


class HintModel(Model):
    """A tip shown to a player the first time play reaches a moment (format 2)."""

    id: Id = Field(description="Hint id, unique in the scenario.")
    text: Text = Field(description="What the player reads.")
    phase: Literal["negotiate", "implement", "respond", "over"] = Field(
        default="negotiate",
        description="When: the first time the player is asked to negotiate, implement or "
        "respond (in `round`, if given), or at the end (over).",
    )
    round: int = Field(
        default=0, ge=0, le=MAX_ROUNDS,
        description="The round it belongs to (0: the first round the phase comes to the "
        "player).",
    )
    side: PartyId | None = Field(
        default=None, description="Only this side's player reads it; omit for either."
    )

    def to_core(self) -> core.Hint:
        return core.Hint(self.id, self.text, self.phase, self.round, self.side or "")


class ScenarioModel(Model):
    """A Truce scenario (format version 1 or 2): everything that defines a game before the first
    move."""

    schema_version: Literal[1, 2] = Field(
        description="Format version: 2 (1 is read too, without the fields new in 2)."
    )
    id: Id = Field(description="Scenario id (e.g. state-visit-2015).")
    title: Text = Field(description="Title shown in menus.")
    summary: Text = Field(description="A paragraph on what the scenario is about.")
    date: Text = Field(description="When the scenario is set (e.g. 2015-09-25).")
    sources: list[SourceModel] = Field(min_length=1, description="Documents it draws from.")
    parties: PartiesModel = Field(description="The two delegations: `us` and `cn`.")
    issues: list[IssueModel] = Field(min_length=1, description="Negotiation tracks.")
    trust: TrustModel = Field(description="Trust priors and memory.")
    sanctions: SanctionsModel = Field(description="The sanction ladder.")
    events: list[EventModel] = Field(default=[], description="News items.")
    settings: SettingsModel = Field(default=SettingsModel(), description="Game settings.")
    personalities: list[PersonalityModel] = Field(default=[], description="AI personalities.")
    notes: list[str] = Field(default=[], description="Author's notes (e.g. corrections).")
    hints: list[HintModel] = new_in_2(
        default=[], description="Tips for a first-time player, shown at moments of play."
    )

    @field_validator("schema_version", mode="before")
    @classmethod
    def _known_version(cls, value: Any) -> Any:
        """Refuse other versions (and true, which Python counts as 1) with a clear reason."""
        if type(value) is not int or value not in VERSIONS:
            raise PydanticCustomError(
                "schema_version",
                "unsupported schema_version {got}: this Truce reads versions 1 and 2",
                {"got": "true" if value is True else repr(value)},
            )
        return value

    def to_core(self) -> core.Scenario:
        return core.Scenario(
            schema_version=self.schema_version,
            id=self.id,
            title=self.title,
            summary=self.summary,
            date=self.date,
            sources=tuple(s.to_core() for s in self.sources),
            parties={"us": self.parties.us.to_core("us"), "cn": self.parties.cn.to_core("cn")},
            issues=tuple(i.to_core() for i in self.issues),
            trust=self.trust.to_core(),
            sanctions=self.sanctions.to_core(),
            events=tuple(e.to_core() for e in self.events),
            settings=self.settings.to_core(),
            personalities=tuple(p.to_core() for p in self.personalities),
            notes=tuple(self.notes),
            hints=tuple(h.to_core() for h in self.hints),
        )
