"""Events as the terminal player reads them: one or two lines each, in the player's words.

Built from events the player's seat may see and its observation only. What the round
summary shows (game.ui.text_report) is not repeated here: an accepted package is not listed
again, a clean check is one line for the whole round. A view that belongs to no party (the
facilitator's, the public's) gets the narrator's reading: every side named, options by their
labels, a side's private figures only where the view holds that side's brief.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from game.core.events import NAMES as CORE_NAMES
from game.core.events import GameEvent, TrustShifted, ValueShifted, WeightChanged
from game.core.observe import Observation
from game.core.scenario import other
from game.ui.text_layout import Column, table
from game.ui.text_views import (
    CAPITAL,
    NAMES,
    WIDTH,
    count,
    deal_lines,
    deal_worth,
    figure,
    in_order,
    in_words,
    issue_view,
    listing,
    money,
    option_view,
    percent,
    possessive,
    quoted_term,
    red_lines_said,
    response_label,
    short_title,
    subject,
    term_label,
    who,
)
from game.words import every


def narrated(obs: Observation) -> bool:
    """Whether a view belongs to no party (the facilitator's or the public's): the narrator
    tells its events in the third person."""
    return obs.party not in NAMES


OFFERED_COLUMNS = (Column("Issue", shrink=True), Column("Offered", shrink=True))


def offered_lines(obs: Observation, terms: Iterable[tuple[str, str]], width: int = WIDTH
                  ) -> list[str]:
    """An offer's terms by their labels, issue by issue (the narrator's: no side's values)."""
    rows = [[short_title(obs, k), option_view(obs, k, v).label] for k, v in in_order(obs, terms)]
    return table(OFFERED_COLUMNS, rows, width, "  ", wrap_cells=True, heading=False)


def _offer(e, obs: Observation) -> list[str]:
    said = [red_lines_said(obs, e.party, e.red_lines)] if e.red_lines else []
    if narrated(obs):
        verb = "counter-offers" if e.counter else "offers"
        return [*said, f"{CAPITAL[e.party]} {verb}:"] + offered_lines(obs, e.terms)
    if e.party == obs.party:
        verb = "counter-offer" if e.counter else "offer"
        return [f"You {verb} a package on {count(len(e.terms), 'issue')} (the whole deal "
                f"would then be worth {money(deal_worth(obs, e.terms))} a round to you).",
                *said]
    verb = "counter-offers" if e.counter else "offers"
    return [*said, f"{CAPITAL[e.party]} {verb}:"] + deal_lines(obs, e.terms)


def _accept(e, obs: Observation) -> list[str]:
    signed = count(len(e.terms), "commitment")
    if e.party == obs.party:
        return [f"You accept: {signed} signed."]
    if narrated(obs):
        return [f"{CAPITAL[e.party]} accepts {possessive(NAMES[other(e.party)])} offer: "
                f"{signed} signed."]
    return [f"{CAPITAL[e.party]} accepts your offer: {signed} signed."]


def _talks_end(e, obs: Observation) -> list[str]:
    if e.how == "pass":
        verb = subject(e.party, obs.party, "make no offer", "makes no offer")
    else:
        verb = subject(e.party, obs.party, "reject the offer", "rejects the offer")
    said = [red_lines_said(obs, e.party, e.red_lines)] if e.red_lines else []
    return [f"{verb}; talks end for this round.", *said]


def deeds_text(obs: Observation, choices: Iterable[tuple[str, str]], third: bool = False
               ) -> str:
    """'keep all 3 commitments', 'keep both commitments' or 'keep 2 and secretly break
    Climate' (the player's own); with `third`, what a named side did: 'keeps its only
    commitment', 'keeps 2 and secretly breaks Climate'."""
    choices = in_order(obs, choices)
    broke = [short_title(obs, k) for k, v in choices if v == "defect"]
    kept = len(choices) - len(broke)
    keep, break_, its = ("keeps", "breaks", "its") if third else ("keep", "break", "your")
    if not broke:
        return f"{keep} {its} only commitment" if kept == 1 else f"{keep} {every(kept)} commitments"
    named = f": {listing(broke)}" if third else ""  # the narrator names every broken promise
    if not kept:
        if len(broke) == 1:
            return f"secretly {break_} {its} only commitment{named}"
        return f"secretly {break_} {every(len(broke))} commitments{named}"
    return f"{keep} {kept} and secretly {break_} {listing(broke)}"


def _implemented(e, obs: Observation) -> list[str]:
    if e.party != obs.party:  # the narrator's, or a player's once the game is over
        return [f"{CAPITAL[e.party]} {deeds_text(obs, e.choices, third=True)}."]
    return [f"You {deeds_text(obs, e.choices)}."]


def _verified(e, obs: Observation) -> list[str]:
    title = issue_view(obs, e.issue).title
    if not e.reported:
        return [f"Verification, {title}: nothing reported against {who(e.accused, obs.party)}."]
    return [f"  Incident {e.incident}: against {who(e.accused, obs.party)} on {title}"
            f"{own_deed(obs, e)}."]


def own_deed(obs: Observation, e) -> str:
    """What the player, accused, knows of a report against it: ' (you broke it)', or
    ' (you kept it: a false alarm)'; '' for a report against the other side. The narrator
    marks a false alarm once the view knows the truth: ' (a false alarm: China kept it)'."""
    if narrated(obs):
        if obs.truth is not None and not obs.truth.get(e.incident, True):
            return f" (a false alarm: {NAMES[e.accused]} kept it)"
        return ""
    if e.accused != obs.party:
        return ""
    did = next((r.did for r in obs.ledger if r.party == obs.party and r.round == e.round
                and r.issue == e.issue), "")
    return {"comply": " (you kept it: a false alarm)", "defect": " (you broke it)"}.get(did, "")


def verification_lines(events: list, obs: Observation) -> list[str]:
    """A round's verification results: a line saying what was reported (and against whom
    nothing was), then one line per incident in id order."""
    checked = {e.accused for e in events}
    reported = sorted((e for e in events if e.reported), key=lambda e: e.incident)
    accused = {e.accused for e in reported}
    sides = ("us", "cn") if narrated(obs) else (obs.party, other(obs.party))
    clear = [who(p, obs.party) for p in sides if p in checked and p not in accused]
    if not reported:
        return [f"Verification: nothing reported against {' or '.join(clear)}."]
    head = f"Verification: {count(len(reported), 'violation')} reported"
    head += f"; nothing against {clear[0]}." if clear else "."
    return [head] + [line for e in reported for line in _verified(e, obs)]


def _responded(e, obs: Observation) -> list[str]:
    answers = subject(e.party, obs.party, "answer", "answers")
    if e.response in {level.id for level in obs.sanction_levels}:
        target = who(other(e.party), obs.party)
        return [f"{answers} incident {e.incident} with sanctions on {target}: "
                f"{response_label(obs, e.response)}."]
    return [f"{answers} incident {e.incident}: {response_label(obs, e.response)}."]


def _commitment_end(e, obs: Observation) -> list[str]:
    if e.reason == "replaced":
        return []  # the offer that replaced it said so
    return [f"The commitment {term_label(obs, e.issue, e.option)} ends "
            f"({end_reason(obs, e.reason)})."]


def end_reason(obs: Observation, reason: str) -> str:
    """Why a commitment ended, in the player's words: 'suspended by you', 'suspended by the
    United States', 'because of the news', or the link it came with, by labels."""
    for party, name in CORE_NAMES.items():
        if reason == f"suspended by {name}":
            return f"suspended by {who(party, obs.party)}"
    if reason == "news":
        return "because of the news"
    return in_words(obs, reason)


def _sanction(e, obs: Observation) -> list[str]:
    labels = {level.id: level.label for level in obs.sanction_levels}
    level = labels.get(e.level, e.level)
    target = who(e.target, obs.party)
    if e.strength <= 0:
        return [f"Sanctions ({level}) on {target} have worn off."]
    imposes = subject(e.sender, obs.party, "impose", "imposes")
    return [f"{imposes} sanctions ({level}) on {target}."]


def _round(e, obs: Observation) -> list[str]:
    opener = "you propose" if e.proposer == obs.party else f"{NAMES[e.proposer]} proposes"
    return ["", f"==== Round {e.round} of {obs.rounds}: {opener} first ===="]


def _news(e, obs: Observation) -> list[str]:
    stop = "" if e.title.rstrip()[-1:] in ".?!" else "."
    return [f"News: {e.title}{stop} {' '.join(e.body.split())}".rstrip()]


def _revealed(e, obs: Observation) -> list[str]:
    whose = "your" if e.party == obs.party else possessive(NAMES[e.party])
    return [f"  Now public: {whose} priority on {short_title(obs, e.issue)} is "
            f"{e.weight:g} (1 = average)."]


def _option(e, obs: Observation) -> list[str]:
    named = quoted_term(obs, e.issue, e.option)
    if e.available:
        return [f"  Now on the table: {named}."]
    return [f"  Taken off the table: {named}; a commitment to it stays in force."]


def _verification(e, obs: Observation) -> list[str]:
    whose = "your" if e.party == obs.party else possessive(NAMES[e.party])
    (seen, alarm), (was_seen, was_alarm) = e.after, e.before
    label = option_view(obs, e.issue, e.option).label
    changes = [f"see a breach {percent(seen)} of the time (was {percent(was_seen)})"
               if percent(seen) != percent(was_seen) else "",
               f"raise a false alarm {percent(alarm)} of the time (was {percent(was_alarm)})"
               if percent(alarm) != percent(was_alarm) else ""]
    said = " and ".join(c for c in changes if c) or "see as before"
    return [f"  Checks on {whose} {short_title(obs, e.issue)} promise ({label}) now {said}."]


def _status_quo(e, obs: Observation) -> list[str]:
    view = obs.views.get(e.party)
    if view is None:
        return []  # a side's own figure: told only to a view that holds its brief
    weight = dict(view.weights).get(e.issue, 1.0)
    return [f"  For {who(e.party, obs.party)}: {short_title(obs, e.issue)} with no deal now "
            f"brings {money(weight * e.after)} a round (was {money(weight * e.before)})."]


def _scored(e, obs: Observation) -> list[str]:
    if not narrated(obs):
        return []  # the round summary shows it
    return [f"{CAPITAL[e.party]} banks {money(e.payoff)} this round ({figure(e.banked)} in "
            "all)."]


def _news_effect(e, obs: Observation) -> list[str]:
    """A news effect alone (a shell batches them under their news: `news_changes`)."""
    party = e.observer if isinstance(e, TrustShifted) else e.party
    return news_changes([e], obs, party) if party in obs.views else []


def _timed_out(e, obs: Observation) -> list[str]:
    default = {"negotiate": "talks end for this round", "implement": "every commitment is kept",
               "respond": "the reports are let pass"}.get(e.phase, "the default applies")
    return [f"{subject(e.party, obs.party, 'run', 'runs')} out of time: {default}."]


EVENT_LINES: dict[str, Callable[[GameEvent, Observation], list[str]]] = {
    "round": _round,
    "news": _news,
    "reveal": _revealed,
    "offer": _offer,
    "accept": _accept,
    "talks-end": _talks_end,
    "implement-done": lambda e, obs: [],  # the verification that follows says enough
    "implement": _implemented,
    "verify": _verified,
    "respond": _responded,
    "commitment-end": _commitment_end,
    "sanction": _sanction,
    "timeout": _timed_out,
    "option": _option,
    "verification": _verification,
    "status-quo": _status_quo,
    "weight": _news_effect,
    "value": _news_effect,
    "trust": _news_effect,
    "flag": lambda e, obs: [],  # the facilitator's bookkeeping: the news says what happened
    "statement": lambda e, obs: [],  # the round summary shows it
    "score": _scored,
    "game-over": lambda e, obs: [],
}


def event_lines(event: GameEvent, obs: Observation) -> list[str]:
    """An event the player may see, in the player's words."""
    render = EVENT_LINES.get(event.kind)
    return render(event, obs) if render else [event.text()]


def arrow(before: float, after: float) -> str:
    """'0.49 -> 0.44', kept on one line (the spaces do not break)."""
    return f"{figure(before)}\u00a0->\u00a0{figure(after)}"


def news_changes(effects: list[GameEvent], obs: Observation, party: str = "") -> list[str]:
    """What news changed in the player's own figures (or, for a view holding its brief, in
    `party`'s), issue by issue in the scenario's order (priority, option values, trust in the
    other side), on one line under the news."""
    party = party or obs.party
    them = NAMES[other(party)]
    weights = dict(obs.views[party].weights)
    changes: dict[str, list[str]] = {}
    trust: dict[str, tuple[float, float]] = {}
    for e in effects:
        if isinstance(e, WeightChanged) and e.party == party:
            changes.setdefault(e.issue, []).append(
                f"priority {arrow(e.before, e.after)}")
        elif isinstance(e, ValueShifted) and e.party == party:
            changes.setdefault(e.issue, []).append(
                f"{option_view(obs, e.issue, e.option).label}, now worth "
                f"{money(weights[e.issue] * e.after)} a round (was "
                f"{money(weights[e.issue] * e.before)})")
        elif isinstance(e, TrustShifted) and e.observer == party:
            trust[e.issue] = (trust.get(e.issue, (e.before, e.after))[0], e.after)
    moved = {k: v for k, v in trust.items() if figure(v[0]) != figure(v[1])}
    pairs = {(figure(a), figure(b)) for a, b in moved.values()}
    steps = {figure(b - a) for a, b in moved.values()}
    everywhere = len(moved) == len(obs.issues) > 1 and (len(pairs) == 1 or len(steps) == 1)
    if not everywhere:
        for issue, (was, now) in moved.items():
            changes.setdefault(issue, []).append(
                f"trust in {them} {arrow(was, now)}")
    parts = [f"{short_title(obs, i.id)}: {', '.join(changes[i.id])}"
             for i in obs.issues if i.id in changes]
    if everywhere and len(pairs) == 1:
        was, now = pairs.pop()
        parts.append(f"trust in {them} on every issue {was}\u00a0->\u00a0{now}")
    elif everywhere:  # the same step from different levels: say the step once
        step = next(b - a for a, b in moved.values())
        parts.append(f"trust in {them} {'up' if step > 0 else 'down'} {figure(abs(step))} on "
                     "every issue")
    return [f"  For {who(party, obs.party)}: {'; '.join(parts)}."] if parts else []
