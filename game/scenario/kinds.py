"""Event conditions and effects: one strict model per `kind`, each with only its own fields.

The core keeps one flat dataclass each (game.core.scenario.Condition / Effect);
to_core() fills the fields a kind does not use with the dataclass defaults.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field

from game.core import scenario as core
from game.scenario.fields import (
    Amount,
    Id,
    Model,
    OptionalId,
    PartyId,
    Probability,
    new_in_2,
)

# Conditions and effects: one model per kind, so each kind lists only its own fields.


class _Kind(Model):
    """Shared conversion of a kind model to the flat core dataclass."""

    since: ClassVar[int] = 1  # the format version that introduced the kind

    def to_core(self) -> Any:
        target = core.Condition if isinstance(self, _Condition) else core.Effect
        data = self.model_dump()
        for name in ("value", "factor", "delta", "detect", "false_alarm"):
            if name in data:
                data[name] = float(data[name])
        if data.get("party", "") is None:
            data["party"] = ""
        return target(**data)


class _Condition(_Kind):
    """Base of condition kinds."""


class _Effect(_Kind):
    """Base of effect kinds."""


def _issue_or_all() -> Any:
    """An optional issue id: empty means every issue."""
    return Field(default="", description="Issue id; omit for all issues.")


class TrustBelow(_Condition):
    """Holds when observer's trust in the other side is below value."""

    kind: Literal["trust_below"]
    observer: PartyId = Field(description="Whose trust is tested.")
    issue: OptionalId = _issue_or_all()
    value: Probability = Field(description="Threshold in [0, 1].")


class TrustAbove(_Condition):
    """Holds when observer's trust in the other side is above value."""

    kind: Literal["trust_above"]
    observer: PartyId = Field(description="Whose trust is tested.")
    issue: OptionalId = _issue_or_all()
    value: Probability = Field(description="Threshold in [0, 1].")


class FlagSet(_Condition):
    """Holds when the flag is set."""

    kind: Literal["flag"]
    flag: Id = Field(description="A flag set by some event's `flag` effect.")


class FlagNotSet(_Condition):
    """Holds when the flag is not set."""

    kind: Literal["not_flag"]
    flag: Id = Field(description="A flag set by some event's `flag` effect.")


class CommitmentInForce(_Condition):
    """Holds when a commitment on the issue is in force (of that option, if one is named)."""

    kind: Literal["commitment"]
    issue: Id = Field(description="Issue id.")
    option: OptionalId = new_in_2(
        default="", description="Option id within that issue; omit for any option."
    )


class IncidentsAtLeast(_Condition):
    """Holds when at least value public incidents have happened so far."""

    kind: Literal["incidents_at_least"]
    value: int = Field(ge=0, description="Number of incidents.")


class AnyOf(_Condition):
    """Holds when at least one of its conditions holds (conditions of a trigger are "and")."""

    kind: Literal["any"]
    since: ClassVar[int] = 2
    conditions: list[ConditionModel] = Field(
        min_length=1, description="Conditions, one of which must hold."
    )

    def to_core(self) -> core.Condition:
        return core.Condition("any", conditions=tuple(c.to_core() for c in self.conditions))


ConditionModel = Annotated[
    TrustBelow | TrustAbove | FlagSet | FlagNotSet | CommitmentInForce | IncidentsAtLeast | AnyOf,
    Field(discriminator="kind"),
]
AnyOf.model_rebuild()


class SalienceEffect(_Effect):
    """Multiplies party's weight on issue by factor."""

    kind: Literal["salience"]
    party: PartyId = Field(description="Whose weight changes.")
    issue: Id = Field(description="Issue id.")
    factor: float = Field(ge=0.0, le=100.0, description="Multiplier (>= 0).")


class ValueEffect(_Effect):
    """Adds delta to party's per-round value of an option."""

    kind: Literal["value"]
    party: PartyId = Field(description="Whose value changes.")
    issue: Id = Field(description="Issue id.")
    option: Id = Field(description="Option id within that issue.")
    delta: Amount = Field(description="Amount added to the value.")


class TrustEffect(_Effect):
    """Shifts party's trust in the other side by delta (on one issue or all)."""

    kind: Literal["trust"]
    party: PartyId = Field(description="The observer whose trust shifts.")
    issue: OptionalId = _issue_or_all()
    delta: float = Field(ge=-1.0, le=1.0, description="Shift of the trust mean, in [-1, 1].")


class FlagEffect(_Effect):
    """Sets or clears a flag that conditions can test."""

    kind: Literal["flag"]
    flag: Id = Field(description="Flag id.")
    set: bool = Field(default=True, description="true sets the flag, false clears it.")


class SanctionEffect(_Effect):
    """Party imposes a sanction level on the other side."""

    kind: Literal["sanction"]
    party: PartyId = Field(description="The sender.")
    level: Id = Field(description="Id of a level under `sanctions.levels`.")


class RevealEffect(_Effect):
    """Makes party's weight on issue public."""

    kind: Literal["reveal"]
    party: PartyId = Field(description="Whose weight is revealed.")
    issue: Id = Field(description="Issue id.")


class AddOption(_Effect):
    """Puts an option on the table (one written with `available: false`, or withdrawn)."""

    kind: Literal["add_option"]
    since: ClassVar[int] = 2
    issue: Id = Field(description="Issue id.")
    option: Id = Field(description="Option id within that issue.")


class WithdrawOption(_Effect):
    """Takes an option off the table: it can no longer be offered or signed (a commitment on
    it stays in force)."""

    kind: Literal["withdraw_option"]
    since: ClassVar[int] = 2
    issue: Id = Field(description="Issue id.")
    option: Id = Field(description="Option id within that issue.")


class EndCommitment(_Effect):
    """Ends the commitment in force on an issue (only if it is of `option`, when given)."""

    kind: Literal["end_commitment"]
    since: ClassVar[int] = 2
    issue: Id = Field(description="Issue id.")
    option: OptionalId = Field(default="", description="Option id; omit for any option.")


class VerificationEffect(_Effect):
    """Sets how well the other side sees party's violations of an option."""

    kind: Literal["verification"]
    since: ClassVar[int] = 2
    issue: Id = Field(description="Issue id.")
    option: Id = Field(description="Option id within that issue.")
    party: PartyId | None = Field(
        default=None, description="Whose violations; omit for every party the option obliges."
    )
    detect: Probability = Field(description="New P(violation reported | the party defected).")
    false_alarm: Probability = Field(
        description="New P(violation reported | the party complied)."
    )


class StatusQuoEffect(_Effect):
    """Adds delta to party's status quo on an issue (what it gets there with no deal)."""

    kind: Literal["status_quo"]
    since: ClassVar[int] = 2
    party: PartyId | None = Field(default=None, description="Whose status quo; omit for both.")
    issue: Id = Field(description="Issue id.")
    delta: Amount = Field(description="Amount added to the per-round status quo.")


EffectModel = Annotated[
    SalienceEffect | ValueEffect | TrustEffect | FlagEffect | SanctionEffect | RevealEffect
    | AddOption | WithdrawOption | EndCommitment | VerificationEffect | StatusQuoEffect,
    Field(discriminator="kind"),
]
