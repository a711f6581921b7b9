"""Actions: small frozen values with a compact text form and a JSON form.

Text forms (one line each, the seat first):

    us propose cyber=dialogue climate=fund   offer a package (issue=option ...)
    cn accept                                accept the standing offer
    cn reject                                reject it; talks end for the round
    us pass                                  make no offer; talks end for the round
    cn implement cyber=comply maritime=defect   secret choices, one per obligation
    us respond 3 protest                     answer incident 3 (none, protest,
                                             a sanction level id, or suspend)
    facilitator inject cyber-breach          fire a scenario event now
    facilitator timeout us                   a party's time is up: its default applies
    facilitator advance                      end the phase now: every party still owed
                                             gets its default (talks: pass; implement:
                                             comply; respond: let it pass)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from game.core.plain import quick_init

Terms = tuple[tuple[str, str], ...]  # ((issue id, option id), ...) sorted by issue id


class ActionFormatError(ValueError):
    """A text or JSON action that cannot be read; the message says why."""


def _pairs_text(pairs: Terms) -> str:
    return " ".join(f"{k}={v}" for k, v in pairs)


def _parse_pairs(words: list[str], what: str) -> Terms:
    pairs = []
    for word in words:
        key, sep, value = word.partition("=")
        if not sep or not key or not value:
            raise ActionFormatError(f"expected {what} as name=value, got {word!r}")
        pairs.append((key, value))
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ActionFormatError(f"an issue is named twice in {' '.join(words)!r}")
    return tuple(sorted(pairs))


@dataclass(frozen=True, init=False)
class Propose:
    """Offer a package: one option for some or all issues."""

    seat: str
    terms: Terms
    verb: ClassVar[str] = "propose"

    def __init__(self, seat: str, terms: Terms) -> None:
        """The terms are kept sorted by issue, as strings (so equal offers compare equal)."""
        values = self.__dict__  # frozen: fill the fields directly, as quick_init does
        values["seat"] = seat
        values["terms"] = tuple(sorted((str(k), str(v)) for k, v in terms))

    def text(self) -> str:
        return f"{self.seat} propose {_pairs_text(self.terms)}".rstrip()


@quick_init
@dataclass(frozen=True)
class Accept:
    """Accept the standing offer: it becomes commitments."""

    seat: str
    verb: ClassVar[str] = "accept"

    def text(self) -> str:
        return f"{self.seat} accept"


@quick_init
@dataclass(frozen=True)
class Reject:
    """Reject the standing offer; talks end for this round."""

    seat: str
    verb: ClassVar[str] = "reject"

    def text(self) -> str:
        return f"{self.seat} reject"


@quick_init
@dataclass(frozen=True)
class Pass:
    """Make no offer; talks end for this round."""

    seat: str
    verb: ClassVar[str] = "pass"

    def text(self) -> str:
        return f"{self.seat} pass"


@dataclass(frozen=True, init=False)
class Implement:
    """Secretly comply with or defect from each commitment that obliges this seat."""

    seat: str
    choices: Terms  # ((issue id, "comply" | "defect"), ...)
    verb: ClassVar[str] = "implement"

    def __init__(self, seat: str, choices: Terms) -> None:
        """The choices are kept sorted by issue, as strings."""
        values = self.__dict__
        values["seat"] = seat
        values["choices"] = tuple(sorted((str(k), str(v)) for k, v in choices))

    def text(self) -> str:
        return f"{self.seat} implement {_pairs_text(self.choices)}".rstrip()


@quick_init
@dataclass(frozen=True)
class Respond:
    """Answer a public incident against one's own side's interests."""

    seat: str
    incident: int
    response: str  # "none", "protest", a sanction level id, or "suspend"
    verb: ClassVar[str] = "respond"

    def text(self) -> str:
        return f"{self.seat} respond {self.incident} {self.response}"


@quick_init
@dataclass(frozen=True)
class Inject:
    """The facilitator fires a scenario event now."""

    seat: str
    event: str
    verb: ClassVar[str] = "inject"

    def text(self) -> str:
        return f"{self.seat} inject {self.event}"


@quick_init
@dataclass(frozen=True)
class Timeout:
    """The facilitator (or the table's clock) applies a party's default for this phase."""

    seat: str
    party: str
    verb: ClassVar[str] = "timeout"

    def text(self) -> str:
        return f"{self.seat} timeout {self.party}"


@quick_init
@dataclass(frozen=True)
class Advance:
    """The facilitator ends the phase now: every party still owed an action gets its default."""

    seat: str
    verb: ClassVar[str] = "advance"

    def text(self) -> str:
        return f"{self.seat} advance"


Action = Propose | Accept | Reject | Pass | Implement | Respond | Inject | Timeout | Advance
ACTION_TYPES: dict[str, type] = {
    cls.verb: cls
    for cls in (Propose, Accept, Reject, Pass, Implement, Respond, Inject, Timeout, Advance)
}
FACILITATOR_ACTIONS = (Inject, Timeout, Advance)


def parse_action(line: str) -> Action:
    """Read an action from its text form."""
    words = line.split()
    if len(words) < 2:
        raise ActionFormatError(f"expected 'SEAT VERB ...', got {line.strip()!r}")
    seat, verb, rest = words[0], words[1], words[2:]
    cls = ACTION_TYPES.get(verb)
    if cls is None:
        raise ActionFormatError(f"unknown verb {verb!r} (one of: {', '.join(ACTION_TYPES)})")
    if cls is Propose:
        return Propose(seat, _parse_pairs(rest, "terms"))
    if cls is Implement:
        return Implement(seat, _parse_pairs(rest, "choices"))
    if cls is Respond:
        if len(rest) != 2 or not rest[0].isdigit():
            raise ActionFormatError("expected 'SEAT respond INCIDENT RESPONSE'")
        return Respond(seat, int(rest[0]), rest[1])
    if cls is Inject:
        if len(rest) != 1:
            raise ActionFormatError("expected 'SEAT inject EVENT'")
        return Inject(seat, rest[0])
    if cls is Timeout:
        if len(rest) != 1:
            raise ActionFormatError("expected 'SEAT timeout PARTY'")
        return Timeout(seat, rest[0])
    if rest:
        raise ActionFormatError(f"'{verb}' takes no arguments")
    return cls(seat)


def action_to_json(action: Action) -> dict:
    """The JSON form: a dict with 'verb', 'seat' and the action's fields."""
    out: dict = {"verb": action.verb, "seat": action.seat}
    if isinstance(action, Propose):
        out["terms"] = dict(action.terms)
    elif isinstance(action, Implement):
        out["choices"] = dict(action.choices)
    elif isinstance(action, Respond):
        out["incident"] = action.incident
        out["response"] = action.response
    elif isinstance(action, Inject):
        out["event"] = action.event
    elif isinstance(action, Timeout):
        out["party"] = action.party
    return out


def action_from_json(data: object) -> Action:
    """Read an action from its JSON form; malformed data raises ActionFormatError."""
    if not isinstance(data, dict):
        raise ActionFormatError("an action must be a JSON object")
    verb, seat = data.get("verb"), data.get("seat")
    cls = ACTION_TYPES.get(verb) if isinstance(verb, str) else None
    if cls is None:
        raise ActionFormatError(f"unknown verb {verb!r}")
    if not isinstance(seat, str) or not seat:
        raise ActionFormatError("an action needs a seat")
    try:
        if cls is Propose:
            return Propose(seat, _str_pairs(data["terms"]))
        if cls is Implement:
            return Implement(seat, _str_pairs(data["choices"]))
        if cls is Respond:
            incident, response = data["incident"], data["response"]
            if type(incident) is not int or not isinstance(response, str):
                raise ActionFormatError("respond needs an integer incident and a response name")
            return Respond(seat, incident, response)
        if cls is Inject:
            if not isinstance(data["event"], str):
                raise ActionFormatError("inject needs an event id")
            return Inject(seat, data["event"])
        if cls is Timeout:
            if not isinstance(data["party"], str):
                raise ActionFormatError("timeout needs a party")
            return Timeout(seat, data["party"])
    except KeyError as missing:
        raise ActionFormatError(f"{verb} needs the field {missing}") from None
    return cls(seat)


def _str_pairs(mapping: object) -> Terms:
    if not isinstance(mapping, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()
    ):
        raise ActionFormatError("expected an object of names to names")
    return tuple(sorted(mapping.items()))
