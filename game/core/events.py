"""Game events: what an action or an automatic phase caused; frozen values with one line of text.

`visible_to` names the parties ("us", "cn") and/or "public" who may see the event; the
facilitator sees every event, and once the game is over so does everyone (the debrief:
observe.py). A party's role seats see what their party sees.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import ClassVar

ALL: frozenset[str] = frozenset({"us", "cn", "public"})
NAMES = {"us": "United States", "cn": "China"}


def _terms(terms) -> str:
    return " ".join(f"{k}={v}" for k, v in terms) or "(nothing)"


@dataclass(frozen=True)
class GameEvent:
    """Base class: every event belongs to a round and says who may see it."""

    round: int
    kind: ClassVar[str] = "event"
    visible_to: ClassVar[frozenset[str]] = ALL  # who may see it (the facilitator always may)

    def text(self) -> str:
        """One readable line."""
        return self.kind

    def to_json(self) -> dict:
        """A plain dict: kind, text and the event's fields."""
        out: dict = {"kind": self.kind}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in ("terms", "choices"):
                value = dict(value)
            out[f.name] = value
        out["text"] = self.text()
        return out


def seen_by(event: GameEvent, seat: str) -> bool:
    """Whether a seat ("us", "us.<role>", "cn", "public", "facilitator") may see an event."""
    if seat == "facilitator":
        return True
    return seat.split(".", 1)[0] in event.visible_to


@dataclass(frozen=True)
class RoundStarted(GameEvent):
    """A new round begins; `proposer` opens the talks."""

    proposer: str
    kind: ClassVar[str] = "round"

    def text(self) -> str:
        return f"Round {self.round} begins; {NAMES[self.proposer]} proposes first."


@dataclass(frozen=True)
class NewsFired(GameEvent):
    """A scenario event happened (by its trigger, or injected by the facilitator)."""

    event: str
    title: str
    body: str
    injected: bool = False
    kind: ClassVar[str] = "news"

    def text(self) -> str:
        return f"News: {self.title}. {self.body}".rstrip()


@dataclass(frozen=True)
class Offered(GameEvent):
    """A party put a package on the table (an opening offer or a counter)."""

    party: str
    terms: tuple[tuple[str, str], ...]
    counter: bool = False
    kind: ClassVar[str] = "offer"

    def text(self) -> str:
        verb = "counters with" if self.counter else "proposes"
        return f"{NAMES[self.party]} {verb} {_terms(self.terms)}."


@dataclass(frozen=True)
class Accepted(GameEvent):
    """The standing offer was accepted: it is now a set of commitments."""

    party: str
    terms: tuple[tuple[str, str], ...]
    kind: ClassVar[str] = "accept"

    def text(self) -> str:
        return f"{NAMES[self.party]} accepts: {_terms(self.terms)} is signed."


@dataclass(frozen=True)
class TalksEnded(GameEvent):
    """Talks ended for the round without a new agreement (a pass or a rejection)."""

    party: str
    how: str  # "pass" or "reject"
    kind: ClassVar[str] = "talks-end"

    def text(self) -> str:
        verb = "makes no offer" if self.how == "pass" else "rejects the offer"
        return f"{NAMES[self.party]} {verb}; talks end for this round."


@dataclass(frozen=True)
class ChoicesMade(GameEvent):
    """A party submitted its secret implementation choices (public: only that it did)."""

    party: str
    kind: ClassVar[str] = "implement-done"

    def text(self) -> str:
        return f"{NAMES[self.party]} has implemented (or not) its commitments."


@dataclass(frozen=True)
class Implemented(GameEvent):
    """A party's secret choices, seen only by that party (and the facilitator)."""

    party: str
    choices: tuple[tuple[str, str], ...]
    kind: ClassVar[str] = "implement"

    @property
    def visible_to(self) -> frozenset[str]:  # type: ignore[override]
        return frozenset({self.party})

    def text(self) -> str:
        return f"{NAMES[self.party]} secretly chose: {_terms(self.choices)}."


@dataclass(frozen=True)
class Verified(GameEvent):
    """The public verification signal on one obligation: a reported violation or nothing seen."""

    issue: str
    accused: str
    reported: bool
    incident: int = 0
    kind: ClassVar[str] = "verify"

    def text(self) -> str:
        who = NAMES[self.accused]
        if self.reported:
            return f"Incident {self.incident}: a violation by {who} on {self.issue} is reported."
        return f"Verification on {self.issue}: nothing reported against {who}."


@dataclass(frozen=True)
class Responded(GameEvent):
    """The wronged side answered an incident."""

    party: str
    incident: int
    issue: str
    response: str
    kind: ClassVar[str] = "respond"

    def text(self) -> str:
        who = NAMES[self.party]
        said = {
            "none": "lets it pass",
            "protest": "protests",
            "suspend": f"suspends the commitment on {self.issue}",
        }.get(self.response, f"imposes sanctions ({self.response})")
        return f"{who} {said} over incident {self.incident}."


@dataclass(frozen=True)
class CommitmentEnded(GameEvent):
    """A commitment is no longer in force (suspended, or replaced by a new agreement)."""

    issue: str
    option: str
    reason: str
    kind: ClassVar[str] = "commitment-end"

    def text(self) -> str:
        return f"The commitment {self.issue}={self.option} ends ({self.reason})."


@dataclass(frozen=True)
class SanctionChanged(GameEvent):
    """A sanction came into force, rose, or lapsed."""

    sender: str
    target: str
    level: str
    strength: float
    kind: ClassVar[str] = "sanction"

    def text(self) -> str:
        if self.strength <= 0:
            return f"{NAMES[self.sender]}'s sanctions ({self.level}) on {NAMES[self.target]} lapse."
        return (
            f"{NAMES[self.sender]} holds sanctions ({self.level}) on {NAMES[self.target]} "
            f"at {self.strength:.0%} strength."
        )


@dataclass(frozen=True)
class RoundScored(GameEvent):
    """A party's true payoff for the round: the facilitator's alone until the game is over.

    It counts a commitment's value only if the other side kept it, so even the party's own
    figure would give away the other side's secret choices; players get a round statement of
    what they may know instead (`observe.RoundStatement`), and every score at the debrief.
    """

    party: str
    payoff: float
    banked: float
    kind: ClassVar[str] = "score"
    visible_to: ClassVar[frozenset[str]] = frozenset()  # the facilitator (everyone once over)

    def text(self) -> str:
        return f"{NAMES[self.party]} banks {self.payoff:+.2f} this round (total {self.banked:.2f})."


@dataclass(frozen=True)
class GameOver(GameEvent):
    """The last round is scored; final scores for both sides."""

    us_raw: float
    us_normalised: float
    cn_raw: float
    cn_normalised: float
    kind: ClassVar[str] = "game-over"

    def text(self) -> str:
        return (
            f"Game over. United States {self.us_raw:.2f} ({self.us_normalised:.0f}/100), "
            f"China {self.cn_raw:.2f} ({self.cn_normalised:.0f}/100)."
        )
