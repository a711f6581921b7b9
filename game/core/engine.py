"""The rules engine: start a game, check and apply actions, list legal actions, score the end.

`step(state, action)` never mutates `state`: it returns the next state and the events the
action caused, running the automatic phases (news, verify, score) on the way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from game.core import news, phases, trust
from game.core.actions import (
    FACILITATOR_ACTIONS,
    Accept,
    Action,
    Advance,
    Implement,
    Inject,
    Pass,
    Propose,
    Reject,
    Respond,
    Timeout,
)
from game.core.events import (
    NAMES,
    Accepted,
    ChoicesMade,
    CommitmentEnded,
    GameEvent,
    Implemented,
    Offered,
    Responded,
    TalksEnded,
    TimedOut,
)
from game.core.legal import CHOICES, LegalActions
from game.core.links import link_problem, unlinked
from game.core.scenario import PARTIES, Scenario, other
from game.core.state import (
    PARTY_INDEX,
    RESPONSES_FIXED,
    Commitment,
    GameState,
    Incident,
    LedgerEntry,
    Score,
    Tables,
)

# How much an unjustified response (to a false alarm) counts as an observed violation by the
# responder, in units of trust.unjustified_penalty; sanctions count by rung (1, 2, ...).
UNJUSTIFIED_WEIGHT = {"none": 0.0, "protest": 0.25, "suspend": 0.5}


class IllegalAction(ValueError):
    """An action the rules forbid now; str() is 'IllegalAction: <action> because <reason>'."""

    def __init__(self, action: Action, reason: str) -> None:
        self.action = action
        self.reason = reason
        super().__init__(f"IllegalAction: {action.text()} because {reason}")

    def __str__(self) -> str:
        return self.args[0]

    def __reduce__(self) -> tuple:
        """Pickle by (action, reason), so the error crosses process boundaries (tournaments)."""
        return (type(self), (self.action, self.reason))


Outcome = tuple[GameState, list[GameEvent]]


def new_game(scenario: Scenario, seed: int) -> GameState:
    """A fresh game of this scenario: round 1 news has fired and talks are open."""
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"the seed must be a whole number >= 0, got {seed!r}")
    tables = Tables(scenario)
    beliefs = tables.prior.copy()
    beliefs.setflags(write=False)
    state = GameState(
        scenario=scenario,
        seed=int(seed),
        tables=tables,
        round=1,
        phase="negotiate",
        beliefs=beliefs,
        weights=tables.weights,
        unavailable=tables.unavailable,
    )
    state, events = phases.start_round(state, 1)
    return state.evolve(history=tuple(events))


def step(state: GameState, action: Action) -> tuple[GameState, tuple[GameEvent, ...]]:
    """Apply one action: the next state and the events it caused (IllegalAction if forbidden)."""
    handler = HANDLERS.get(type(action))
    if handler is None:
        raise TypeError(f"not an action: {action!r}")
    party = _party(state, action)
    if state.phase == "over":
        raise IllegalAction(action, "the game is over")
    new, events = handler(state, action, party)
    caused = tuple(events)
    return new.evolve(actions=(*state.actions, action), history=state.history + caused), caused


def awaiting(state: GameState) -> tuple[str, ...]:
    """The parties whose action the game waits for now."""
    phase = PHASES.get(state.phase)
    return phase.owed(state) if phase is not None else ()


def is_over(state: GameState) -> bool:
    """Whether the last round has been scored."""
    return state.phase == "over"


def final_scores(state: GameState) -> dict[str, Score]:
    """Each party's Score (banked, relationship, raw, normalised); final once the game is over."""
    return phases.final_scores(state)


def party_of(state: GameState, seat: str) -> str | None:
    """The party a seat acts for ("facilitator" for the facilitator; None if no such seat)."""
    if seat == "facilitator":
        return "facilitator"
    return state.tables.seats.get(seat)


def legal_actions(state: GameState, seat: str) -> LegalActions:
    """What `seat` may do right now (a lazy sequence of actions; empty if nothing)."""
    party = party_of(state, seat)
    if party is None or state.phase == "over":
        return LegalActions(seat)
    if party == "facilitator":
        owed = awaiting(state)
        fixed = (
            *(Inject(seat, e) for e in state.tables.events),
            *(Timeout(seat, p) for p in owed),
            *((Advance(seat),) if owed else ()),
        )
        return LegalActions(seat, fixed)
    return PHASES[state.phase].legal(state, seat, party)


def _legal_negotiate(state: GameState, seat: str, party: str) -> LegalActions:
    if state.turn != party:
        return LegalActions(seat)
    if state.offer is None:
        kind = "pass"
    else:
        kind = "reject" if _red_line(state, party, state.offer) else "answer"
    fixed = state.tables.cache.get(("fixed", seat, kind))
    if fixed is None:  # the same few actions all game long: made once (they are frozen)
        fixed = {"pass": (Pass(seat),), "reject": (Reject(seat),),
                 "answer": (Accept(seat), Reject(seat))}[kind]
        state.tables.cache[("fixed", seat, kind)] = fixed
    if state.offers >= state.scenario.settings.exchanges:
        return LegalActions(seat, fixed)
    if not state.tables.requires:
        return LegalActions(seat, fixed, _package_space(state, party))
    standing = tuple((c.issue, c.option) for c in state.commitments)
    return LegalActions(seat, fixed, _package_space(state, party),
                        requires=tuple(state.tables.requires.items()), standing=standing)


def _package_space(state: GameState, party: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Per issue, the options this party may offer (its red lines and the options off the
    table removed); built once a game, and again when news adds or withdraws an option."""
    key = ("space", party, state.unavailable)
    space = state.tables.cache.get(key)
    if space is None:
        skip = state.tables.forbidden[party] | state.unavailable
        space = tuple(
            (k, tuple(o for o in state.tables.options[k] if (k, o) not in skip))
            for k in state.tables.issue_ids
        )
        state.tables.cache[key] = space
    return space


def _legal_implement(state: GameState, seat: str, party: str) -> LegalActions:
    if party not in awaiting(state):
        return LegalActions(seat)
    return LegalActions(seat, implement_issues=tuple(sorted(state.obligations(party))))


def _levels_for(state: GameState, issue: str) -> list[str]:
    """The sanction levels that may answer an incident on an issue (a level tied to an issue
    answers only incidents there)."""
    return [lv.id for lv in state.scenario.sanctions.levels if lv.issue in ("", issue)]


def _legal_respond(state: GameState, seat: str, party: str) -> LegalActions:
    fixed = []
    for incident in state.open_incidents(party):
        names = [*RESPONSES_FIXED[:2], *_levels_for(state, incident.issue)]
        if state.commitment(incident.issue) is not None:
            names.append("suspend")
        fixed += [Respond(seat, incident.id, name) for name in names]
    return LegalActions(seat, tuple(fixed))


@dataclass(frozen=True)
class Phase:
    """A phase in which parties act, as data: who owes an action, what each may do, and the
    default applied when its time runs out (a facilitator's timeout or advance)."""

    name: str
    owed: Callable[[GameState], tuple[str, ...]]
    legal: Callable[[GameState, str, str], LegalActions]
    default: str  # the default in words (docs, help screens)


def _owed_talks(state: GameState) -> tuple[str, ...]:
    return (state.turn,)


def _owed_implement(state: GameState) -> tuple[str, ...]:
    done = {p for p, _ in state.choices}
    return tuple(p for p in PARTIES if p not in done and state.obligations(p))


def _owed_respond(state: GameState) -> tuple[str, ...]:
    return tuple(p for p in PARTIES if state.open_incidents(p))


PHASES: dict[str, Phase] = {
    p.name: p
    for p in (
        Phase("negotiate", _owed_talks, _legal_negotiate,
              "the speaker makes no offer (an offer on the table lapses): talks end for the round"),
        Phase("implement", _owed_implement, _legal_implement,
              "every commitment the party owes is kept (comply)"),
        Phase("respond", _owed_respond, _legal_respond,
              "every open incident against the other side is let pass (none)"),
    )
}


# --- checking and applying actions ------------------------------------------------------------


def _party(state: GameState, action: Action) -> str:
    party = party_of(state, action.seat)
    if party is None:
        raise IllegalAction(action, f"there is no seat {action.seat!r}")
    facilitating = isinstance(action, FACILITATOR_ACTIONS)
    if party == "facilitator" and not facilitating:
        raise IllegalAction(action, "the facilitator may only inject news, time out or advance")
    if facilitating and party != "facilitator":
        raise IllegalAction(action, f"only the facilitator may {action.verb}")
    return party


def _need_phase(state: GameState, action: Action, phase: str) -> None:
    if state.phase != phase:
        raise IllegalAction(action, f"it is the {state.phase} phase, not {phase}")


def _need_turn(state: GameState, action: Action, party: str) -> None:
    _need_phase(state, action, "negotiate")
    if state.turn != party:
        raise IllegalAction(action, f"it is out of turn: {NAMES[state.turn]} speaks now")


def _no_repeats(action: Action, pairs) -> None:
    issues = [k for k, _ in pairs]
    if len(set(issues)) != len(issues):
        twice = sorted({k for k in issues if issues.count(k) > 1})
        raise IllegalAction(action, f"it names an issue twice: {', '.join(twice)}")


def _red_line(state: GameState, party: str, terms) -> str:
    texts = state.tables.red_line_text[party]
    for term in terms:
        if term in texts:
            return f"red line: {texts[term]}"
    return ""


def _check_terms(state: GameState, action: Propose, party: str) -> None:
    if not action.terms:
        raise IllegalAction(action, "an offer must settle at least one issue")
    _no_repeats(action, action.terms)
    for issue, option in action.terms:
        if issue not in state.tables.options:
            raise IllegalAction(action, f"there is no issue {issue!r}")
        if option not in state.tables.options[issue]:
            raise IllegalAction(action, f"issue {issue} has no option {option!r}")
    _check_table(state, action, action.terms)
    red = _red_line(state, party, action.terms)
    if red:
        raise IllegalAction(action, red)


def _check_table(state: GameState, action: Action, terms) -> None:
    """Every option of a package is on the table and comes with the options it requires."""
    for issue, option in terms:
        if not state.available(issue, option):
            raise IllegalAction(action, f"{issue}={option} is not on the table")
    if state.tables.requires:
        standing = {c.issue: c.option for c in state.commitments}
        problem = link_problem(terms, state.tables.requires, standing)
        if problem:
            raise IllegalAction(action, problem)


def _propose(state: GameState, action: Propose, party: str) -> Outcome:
    _need_turn(state, action, party)
    if state.offers >= state.scenario.settings.exchanges:
        raise IllegalAction(action, "the exchange limit is reached: accept or reject")
    _check_terms(state, action, party)
    counter = state.offer is not None
    crossed = _crossed(state, party, state.offer) if counter else ()
    new = state.evolve(
        offer=action.terms, offer_by=party, offers=state.offers + 1, turn=other(party)
    )
    return new, [Offered(state.round, party, action.terms, counter, crossed)]


def _crossed(state: GameState, party: str, terms) -> tuple[tuple[str, str], ...]:
    """The options of an offer that cross this party's red lines: a side that turns such an
    offer down says so (it could never accept them), so the other side need not guess."""
    forbidden = state.tables.forbidden[party]
    return tuple(term for term in terms or () if term in forbidden)


def _accept(state: GameState, action: Accept, party: str) -> Outcome:
    _need_turn(state, action, party)
    if state.offer is None:
        raise IllegalAction(action, "there is no offer on the table")
    red = _red_line(state, party, state.offer)
    if red:
        raise IllegalAction(action, red)
    _check_table(state, action, state.offer)
    events: list[GameEvent] = [Accepted(state.round, party, state.offer)]
    kept = {c.issue: c for c in state.commitments}
    for issue, option in state.offer:
        old = kept.get(issue)
        if old is not None and old.option == option:
            continue
        if old is not None:
            events.append(CommitmentEnded(state.round, issue, old.option, "replaced"))
        obliges = state.tables.option[(issue, option)].obliges
        due = state.tables.due.get((issue, option))
        kept[issue] = Commitment(issue, option, tuple(obliges), state.round,
                                 0 if due is None else state.round + due)
    order = state.tables.issue_index
    commitments = tuple(sorted(kept.values(), key=lambda c: order[c.issue]))
    new, more = unlinked(state.evolve(commitments=commitments))
    events += more
    new, more = phases.end_talks(new)
    return new, events + more



def _end_talks(how: str) -> Callable[[GameState, Action, str], Outcome]:
    def handle(state: GameState, action: Action, party: str) -> Outcome:
        _need_turn(state, action, party)
        if how == "reject" and state.offer is None:
            raise IllegalAction(action, "there is no offer to reject")
        if how == "pass" and state.offer is not None:
            raise IllegalAction(action, "an offer is on the table: accept, reject or counter")
        crossed = _crossed(state, party, state.offer) if how == "reject" else ()
        new, more = phases.end_talks(state)
        return new, [TalksEnded(state.round, party, how, crossed), *more]

    return handle


def _implement(state: GameState, action: Implement, party: str) -> Outcome:
    _need_phase(state, action, "implement")
    owed = state.obligations(party)
    if not owed:
        raise IllegalAction(action, f"{NAMES[party]} has no commitment to implement")
    if party in {p for p, _ in state.choices}:
        raise IllegalAction(action, f"{NAMES[party]} has already implemented this round")
    _no_repeats(action, action.choices)
    for issue, choice in action.choices:
        if issue not in state.tables.options:
            raise IllegalAction(action, f"there is no issue {issue!r}")
        if issue not in owed:
            raise IllegalAction(action, f"{issue} is not that seat's commitment")
        if choice not in CHOICES:
            raise IllegalAction(action, f"{choice!r} is not comply or defect")
    missing = [k for k in owed if k not in dict(action.choices)]
    if missing:
        raise IllegalAction(action, f"the implement choices are incomplete: {', '.join(missing)}")
    new = state.evolve(choices=(*state.choices, (party, action.choices)))
    events: list[GameEvent] = [
        ChoicesMade(state.round, party),
        Implemented(state.round, party, action.choices),
    ]
    if awaiting(new):
        return new, events
    new, more = phases.verify(new)
    return new, events + more


def _respond(state: GameState, action: Respond, party: str) -> Outcome:
    _need_phase(state, action, "respond")
    incident = next((i for i in state.incidents if i.id == action.incident), None)
    if incident is None:
        raise IllegalAction(action, f"there is no incident {action.incident}")
    if incident.wronged != party:
        raise IllegalAction(action, f"incident {incident.id} is not that seat's to answer")
    if incident.response:
        raise IllegalAction(action, f"incident {incident.id} is already answered")
    response = action.response
    levels = state.tables.levels
    if response not in RESPONSES_FIXED and response not in levels:
        raise IllegalAction(
            action,
            f"{response!r} is not a response (none, protest, a sanction "
            f"level: {', '.join(levels)}, or suspend)",
        )
    if response in levels and levels[response].issue not in ("", incident.issue):
        raise IllegalAction(action, f"the sanction {response} answers only incidents on "
                                    f"{levels[response].issue}")
    commitment = state.commitment(incident.issue)
    if response == "suspend" and commitment is None:
        raise IllegalAction(action, f"no commitment on {incident.issue} is in force to suspend")
    answered = Incident(incident.id, incident.round, incident.issue, incident.option,
                        incident.accused, incident.true, response)
    incidents = tuple(answered if i.id == incident.id else i for i in state.incidents)
    ledger = tuple(
        LedgerEntry(e.round, e.party, e.issue, e.option, e.did, e.seen, e.incident, response)
        if e.incident == incident.id else e for e in state.ledger
    )
    new = state.evolve(incidents=incidents, ledger=ledger)
    events: list[GameEvent] = [Responded(state.round, party, incident.id, incident.issue, response)]
    if response in levels:
        new, more = news.impose(new, party, response)
        events += more
    if response == "suspend" and commitment is not None:
        kept = tuple(c for c in new.commitments if c.issue != incident.issue)
        new = new.evolve(commitments=kept)
        events.append(
            CommitmentEnded(
                state.round, incident.issue, commitment.option, f"suspended by {NAMES[party]}"
            )
        )
        new, more = unlinked(new)
        events += more
    if not incident.true:
        new = _unjustified(new, party, response)
    if new.open_incidents():
        return new, events
    new, more = phases.score(new)
    return new, events + more


def _unjustified(state: GameState, sender: str, response: str) -> GameState:
    """A response to a false alarm lowers the target's belief in the sender's good faith."""
    rank = state.tables.level_rank
    weight = rank[response] + 1.0 if response in rank else UNJUSTIFIED_WEIGHT[response]
    if weight <= 0:
        return state
    strength = weight * state.scenario.trust.unjustified_penalty
    target = PARTY_INDEX[other(sender)]
    beliefs = np.array(state.beliefs)
    beliefs[target] = trust.tilt_down(beliefs[target], strength, state.tables.theta)
    beliefs.setflags(write=False)
    return state.evolve(beliefs=beliefs)


def _timeout(state: GameState, action: Timeout, _: str) -> Outcome:
    if action.party not in PARTIES:
        raise IllegalAction(action, f"there is no party {action.party!r}")
    if action.party not in awaiting(state):
        raise IllegalAction(action, f"the game is not waiting for {NAMES[action.party]}")
    return _default(state, action.party)


def _advance(state: GameState, action: Advance, _: str) -> Outcome:
    owed = awaiting(state)
    if not owed:
        raise IllegalAction(action, "nobody owes an action now")
    events: list[GameEvent] = []
    phase = state.phase
    for party in owed:
        if state.phase != phase or party not in awaiting(state):
            break  # the phase already ended with an earlier default
        state, more = _default(state, party)
        events += more
    return state, events


def _default(state: GameState, party: str) -> Outcome:
    """Apply a party's default for the phase (see PHASES), as if its own seat had acted."""
    events: list[GameEvent] = [TimedOut(state.round, party, state.phase)]
    if state.phase == "negotiate":
        new, more = phases.end_talks(state)
        return new, [*events, TalksEnded(state.round, party, "timeout"), *more]
    if state.phase == "implement":
        owed = tuple((k, "comply") for k in sorted(state.obligations(party)))
        new, more = _implement(state, Implement(party, owed), party)
        return new, events + more
    for incident in state.open_incidents(party):
        if state.phase != "respond":
            break
        state, more = _respond(state, Respond(party, incident.id, "none"), party)
        events += more
    return state, events


def _inject(state: GameState, action: Inject, party: str) -> Outcome:
    event = state.tables.events.get(action.event)
    if event is None:
        raise IllegalAction(action, f"there is no scenario event {action.event!r}")
    return news.fire(state, event, injected=True)


HANDLERS: dict[type, Callable[[GameState, Action, str], Outcome]] = {
    Propose: _propose,
    Accept: _accept,
    Reject: _end_talks("reject"),
    Pass: _end_talks("pass"),
    Implement: _implement,
    Respond: _respond,
    Inject: _inject,
    Timeout: _timeout,
    Advance: _advance,
}
