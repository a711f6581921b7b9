"""Game events: what an action or an automatic phase caused; frozen values with one line of text.

`visible_to` names the parties ("us", "cn") and/or "public" who may see the event; the
facilitator sees every event, and once the game is over so does everyone (the debrief:
observe.py). A party's role seats see what their party sees. Every event has a JSON form
(`to_json`, and `event_from_json` to read it back), so clients redraw from events alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from game.core.payoff import RoundStatement
from game.core.plain import PlainError, added, from_plain, quick_init, to_plain

ALL: frozenset[str] = frozenset({"us", "cn", "public"})
NOBODY: frozenset[str] = frozenset()  # the facilitator alone (everyone once the game is over)
NAMES = {"us": "United States", "cn": "China"}
PAIRED = ("terms", "choices")  # (issue, option) pairs, written as a JSON object


def _terms(terms) -> str:
    return " ".join(f"{k}={v}" for k, v in terms) or "(nothing)"


@dataclass(frozen=True)
class GameEvent:
    """Base class: every event belongs to a round and says who may see it."""

    round: int
    kind: ClassVar[str] = "event"
    visible_to: ClassVar[frozenset[str]] = ALL  # who may see it (the facilitator always may)
    audience: str = added("", kw_only=True)  # "us"/"cn": private news reaches that side only

    def text(self) -> str:
        """One readable line."""
        return self.kind

    def to_json(self) -> dict:
        """A plain dict: kind, text and the event's fields (pairs of ids as an object)."""
        out: dict = {"kind": self.kind, **to_plain(self)}
        for name in PAIRED:
            if name in out:
                out[name] = dict(getattr(self, name))
        out["text"] = self.text()
        return out


def event_from_json(data: object) -> GameEvent:
    """Read an event back from its JSON form (PlainError if malformed)."""
    if not isinstance(data, dict) or data.get("kind") not in EVENT_KINDS:
        raise PlainError(f"not an event: {str(data)[:60]}")
    cls = EVENT_KINDS[data["kind"]]
    return from_plain(cls, {k: v for k, v in data.items() if k not in ("kind", "text")}, cls.kind)


def viewers(event: GameEvent) -> frozenset[str]:
    """Who may see an event besides the facilitator: its `visible_to`, narrowed to its
    audience when it came from private news."""
    if event.audience:
        return event.visible_to & {event.audience}
    return event.visible_to


def seen_by(event: GameEvent, seat: str) -> bool:
    """Whether a seat ("us", "us.<role>", "cn", "public", "facilitator") may see an event."""
    if seat == "facilitator":
        return True
    return seat.split(".", 1)[0] in viewers(event)


def _for(party: str) -> frozenset[str]:
    return frozenset({party})


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
    red_lines: tuple[tuple[str, str], ...] = ()  # options of the offer it counters that cross
    kind: ClassVar[str] = "offer"                 # this party's red lines (said aloud)

    def text(self) -> str:
        verb = "counters with" if self.counter else "proposes"
        return f"{NAMES[self.party]} {verb} {_terms(self.terms)}.{_declared(self.red_lines)}"


def _declared(red_lines: tuple[tuple[str, str], ...]) -> str:
    """What a refusing side says of the red lines an offer crossed ('' if none)."""
    if not red_lines:
        return ""
    return f" It will never accept {_terms(red_lines)}: a red line."


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
    how: str  # "pass", "reject" or "timeout"
    red_lines: tuple[tuple[str, str], ...] = ()  # options of the refused offer crossing its
    kind: ClassVar[str] = "talks-end"             # red lines (a refusal says so aloud)

    def text(self) -> str:
        verb = {"pass": "makes no offer", "reject": "rejects the offer"}.get(
            self.how, "runs out of time"
        )
        return (f"{NAMES[self.party]} {verb}; talks end for this round."
                f"{_declared(self.red_lines)}")


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
    figure would give away the other side's secret choices; players get a StatementIssued
    (the round valued as signed) instead, and every score at the debrief.
    """

    party: str
    payoff: float
    banked: float
    statement: RoundStatement | None = None  # the whole statement, with what was really earned
    kind: ClassVar[str] = "score"
    visible_to: ClassVar[frozenset[str]] = NOBODY

    def text(self) -> str:
        return f"{NAMES[self.party]} banks {self.payoff:+.2f} this round (total {self.banked:.2f})."


@dataclass(frozen=True)
class StatementIssued(GameEvent):
    """A party's round statement as it may see it: valued as signed, the other side's deeds
    masked (computed in the same place as the true payoff: game.core.payoff)."""

    party: str
    statement: RoundStatement
    kind: ClassVar[str] = "statement"

    @property
    def visible_to(self) -> frozenset[str]:  # type: ignore[override]
        return _for(self.party)

    def text(self) -> str:
        return (f"Round {self.round} statement for {NAMES[self.party]}: "
                f"{self.statement.expected:+.2f} expected if the other side kept its word.")


@dataclass(frozen=True)
class WeightChanged(GameEvent):
    """News changed how much a party cares about an issue (its weight): that party only."""

    party: str
    issue: str
    before: float
    after: float
    kind: ClassVar[str] = "weight"

    @property
    def visible_to(self) -> frozenset[str]:  # type: ignore[override]
        return _for(self.party)

    def text(self) -> str:
        return (f"{NAMES[self.party]} now weighs {self.issue} at {self.after:.2f} "
                f"(was {self.before:.2f}).")


@dataclass(frozen=True)
class ValueShifted(GameEvent):
    """News changed what an option is worth to a party per round (before weighting)."""

    party: str
    issue: str
    option: str
    before: float
    after: float
    kind: ClassVar[str] = "value"

    @property
    def visible_to(self) -> frozenset[str]:  # type: ignore[override]
        return _for(self.party)

    def text(self) -> str:
        return (f"{self.issue}={self.option} is now worth {self.after:+.2f} a round to "
                f"{NAMES[self.party]} (was {self.before:+.2f}).")


@dataclass(frozen=True)
class TrustShifted(GameEvent):
    """News moved an observer's trust in the other side on an issue (posterior means)."""

    observer: str
    issue: str
    before: float
    after: float
    kind: ClassVar[str] = "trust"

    @property
    def visible_to(self) -> frozenset[str]:  # type: ignore[override]
        return _for(self.observer)

    def text(self) -> str:
        return (f"{NAMES[self.observer]} now trusts the other side on {self.issue} at "
                f"{self.after:.2f} (was {self.before:.2f}).")


@dataclass(frozen=True)
class FlagChanged(GameEvent):
    """A scenario flag was set or cleared (state the facilitator tracks; players see the news)."""

    flag: str
    set: bool
    kind: ClassVar[str] = "flag"
    visible_to: ClassVar[frozenset[str]] = NOBODY

    def text(self) -> str:
        return f"Flag {self.flag} {'set' if self.set else 'cleared'}."


@dataclass(frozen=True)
class WeightRevealed(GameEvent):
    """A party's weight on an issue became public."""

    party: str
    issue: str
    weight: float
    kind: ClassVar[str] = "reveal"

    def text(self) -> str:
        return f"How much {NAMES[self.party]} weighs {self.issue} is now public: {self.weight:.2f}."


@dataclass(frozen=True)
class OptionChanged(GameEvent):
    """News put an option on the table or took it off (a commitment on it stays in force)."""

    issue: str
    option: str
    available: bool
    kind: ClassVar[str] = "option"

    def text(self) -> str:
        verb = "is now on the table" if self.available else "is withdrawn from the table"
        return f"The option {self.issue}={self.option} {verb}."


@dataclass(frozen=True)
class VerificationChanged(GameEvent):
    """News changed how well a party's violations of an option are seen (public rates)."""

    issue: str
    option: str
    party: str
    before: tuple[float, float]  # (detect, false_alarm)
    after: tuple[float, float]
    kind: ClassVar[str] = "verification"

    def text(self) -> str:
        return (f"{NAMES[self.party]}'s violations of {self.issue}={self.option} are now "
                f"reported with probability {self.after[0]:.2f} (false alarms "
                f"{self.after[1]:.2f}; was {self.before[0]:.2f} and {self.before[1]:.2f}).")


@dataclass(frozen=True)
class StatusQuoChanged(GameEvent):
    """News changed what an issue is worth to a party per round without a deal (that party)."""

    party: str
    issue: str
    before: float
    after: float
    kind: ClassVar[str] = "status-quo"

    @property
    def visible_to(self) -> frozenset[str]:  # type: ignore[override]
        return _for(self.party)

    def text(self) -> str:
        return (f"With no deal on {self.issue}, {NAMES[self.party]} now gets {self.after:+.2f} "
                f"a round (was {self.before:+.2f}).")


@dataclass(frozen=True)
class TimedOut(GameEvent):
    """A party's time ran out (or the facilitator moved on): the phase's default was applied."""

    party: str
    phase: str
    kind: ClassVar[str] = "timeout"

    def text(self) -> str:
        default = {"negotiate": "talks end for this round", "implement": "it complies",
                   "respond": "its reports are let pass"}.get(self.phase, "the default applies")
        return f"{NAMES[self.party]}'s time is up in the {self.phase} phase: {default}."


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


EVENT_KINDS: dict[str, type[GameEvent]] = {
    cls.kind: cls
    for cls in (RoundStarted, NewsFired, Offered, Accepted, TalksEnded, ChoicesMade, Implemented,
                Verified, Responded, CommitmentEnded, SanctionChanged, RoundScored,
                StatementIssued, WeightChanged, ValueShifted, TrustShifted, FlagChanged,
                WeightRevealed, OptionChanged, VerificationChanged, StatusQuoChanged, TimedOut,
                GameOver)
}
for _kind in EVENT_KINDS.values():  # a game makes a few hundred events
    quick_init(_kind)
