"""What the terminal game prints: plain lines built from one seat's observation only.

Every function here reads an Observation (never the game state), so the
terminal player can only ever learn what their seat may know.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from game.core.events import GameEvent
from game.core.observe import IssueView, Observation, OptionView
from game.core.scenario import other

NAMES = {"us": "the United States", "cn": "China"}
CAPITAL = {"us": "The United States", "cn": "China"}


def who(party: str, me: str, capital: bool = False) -> str:
    """'you' for the player's side, else the other side's name."""
    if party == me:
        return "You" if capital else "you"
    return (CAPITAL if capital else NAMES)[party]


def subject(party: str, me: str, you_verb: str, they_verb: str) -> str:
    """'You offer' or 'China offers': the side and its verb, agreeing."""
    return f"{who(party, me, True)} {you_verb if party == me else they_verb}"


def in_order(obs: Observation, terms: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Package terms in the scenario's issue order (the order the menus use)."""
    rank = {issue.id: n for n, issue in enumerate(obs.issues)}
    return sorted(terms, key=lambda term: rank.get(term[0], len(rank)))


def money(value: float) -> str:
    """A payoff with its sign: +3.50, -1.00."""
    return f"{value:+.2f}"


def issue_view(obs: Observation, issue: str) -> IssueView:
    """The public view of an issue by id."""
    return next(i for i in obs.issues if i.id == issue)


def option_view(obs: Observation, issue: str, option: str) -> OptionView:
    """The seat's view of an option by ids."""
    return next(o for o in issue_view(obs, issue).options if o.id == option)


def term_label(obs: Observation, issue: str, option: str) -> str:
    """'Issue title — option label' (titles may hold colons, so a dash)."""
    return f"{issue_view(obs, issue).title} — {option_view(obs, issue, option).label}"


def worth(obs: Observation, issue: str, option: str) -> float:
    """Per-round value of an option to the player (weight times value) if both keep it."""
    own = obs.own
    return own.weights[issue] * own.values[issue][option]


def gain_from_breaking(obs: Observation, issue: str, option: str) -> float:
    """The extra the player banks in a round by secretly breaking this option."""
    own = obs.own
    return own.weights[issue] * own.temptations[issue][option]


def package_worth(obs: Observation, terms: Iterable[tuple[str, str]]) -> float:
    """Per-round value to the player of a package, if both sides keep their word."""
    return sum(worth(obs, k, v) for k, v in terms)


def binds(obs: Observation, option: OptionView) -> str:
    """Who an option obliges, from the player's side."""
    if set(option.obliges) == {"us", "cn"}:
        return "binds both sides"
    if obs.party in option.obliges:
        return "binds only you"
    return f"binds only {NAMES[other(obs.party)]}"


def option_choice(obs: Observation, issue: str, option: OptionView) -> str:
    """One menu line describing an option for the package builder."""
    parts = [f"{option.label}: {money(worth(obs, issue, option.id))} a round", binds(obs, option)]
    if obs.party in option.obliges:
        parts.append(f"breaking it gains {money(gain_from_breaking(obs, issue, option.id))}")
    parts.append(f"breaches caught {option.detect:.0%}, false alarms {option.false_alarm:.0%}")
    return "; ".join(parts)


def terms_lines(
    obs: Observation, terms: Iterable[tuple[str, str]], indent: str = "  "
) -> list[str]:
    """One line per issue of a package, with its value to the player."""
    return [
        f"{indent}{term_label(obs, k, v)} ({money(worth(obs, k, v))})"
        for k, v in in_order(obs, terms)
    ]


def red_line(obs: Observation, issue: str, option: str) -> str:
    """The player's red-line text if this option crosses one, else ''."""
    for line in obs.own.red_lines:
        if line.issue == issue and option in line.forbid:
            return line.text or "it crosses your red line"
    return ""


def brief_lines(obs: Observation) -> list[str]:
    """The player's confidential brief, priorities, valuations and red lines."""
    own = obs.own
    lines = ["Your confidential brief:", own.brief.strip(), ""]
    lines.append("What each issue is worth to you per round, if both sides keep their word:")
    ranked = sorted(obs.issues, key=lambda i: -own.weights[i.id])
    for issue in ranked:
        lines.append(f"{issue.title} (priority {own.weights[issue.id]:g}):")
        for opt in issue.options:
            lines.append(f"  {opt.label}: {money(worth(obs, issue.id, opt.id))}, {binds(obs, opt)}")
    lines.append(f"With no deal at all you get {money(own.no_deal)} a round.")
    for line in own.red_lines:
        lines.append(f"Red line: {line.text}")
    return lines + revealed_lines(obs)


def revealed_lines(obs: Observation) -> list[str]:
    """What news has made public about the other side's priorities."""
    them = other(obs.party)
    known = obs.revealed_weights.get(them, {})
    if not known:
        return []
    lines = [f"Made public by the news, {NAMES[them]}'s priorities (1 = average):"]
    for issue in obs.issues:
        if issue.id in known:
            lines.append(f"  {issue.title}: priority {known[issue.id]:g}")
    return lines


def trust_lines(obs: Observation) -> list[str]:
    """The player's trust in the other side, one issue per line."""
    them = NAMES[other(obs.party)]
    head = f"Your trust that {them} keeps its word (0 = never, 1 = always)"
    figures = {tuple(round(x, 2) for x in obs.own.trust[issue.id]) for issue in obs.issues}
    if len(figures) == 1:
        mean, sd = figures.pop()
        return [f"{head}: {mean:.2f} on every issue (give or take {sd:.2f})."]
    lines = [f"{head}:"]
    for issue in obs.issues:
        mean, sd = obs.own.trust[issue.id]
        lines.append(f"  {issue.title}: {mean:.2f} (give or take {sd:.2f})")
    return lines


def trust_means_lines(obs: Observation, means, when: str) -> list[str]:
    """The player's mean trust in the other side at some moment, one line if all agree."""
    them = NAMES[other(obs.party)]
    head = f"Your trust that {them} keeps its word {when}"
    figures = {round(means[issue.id], 2) for issue in obs.issues}
    if len(figures) == 1:
        return [f"{head}: {figures.pop():.2f} on every issue."]
    return [f"{head}:"] + [f"  {i.title}: {means[i.id]:.2f}" for i in obs.issues]


def sanction_lines(obs: Observation) -> list[str]:
    """Sanctions in force, from the player's side."""
    if not obs.sanctions:
        return ["Sanctions in force: none."]
    labels = {level.id: level.label for level in obs.sanction_levels}
    return ["Sanctions in force:"] + [
        f"  {who(s.sender, obs.party, True)} on {who(s.target, obs.party)}: "
        f"{labels.get(s.level, s.level)}, at {s.strength:.0%} strength"
        for s in obs.sanctions
    ]


def commitment_lines(obs: Observation) -> list[str]:
    """The commitments in force."""
    if not obs.commitments:
        return ["Commitments in force: none."]
    return ["Commitments in force:"] + [
        f"  {term_label(obs, c.issue, c.option)} (since round {c.since})" for c in obs.commitments
    ]


def status_lines(obs: Observation) -> list[str]:
    """Where the game stands for the player."""
    them = NAMES[other(obs.party)]
    if obs.own.actual is not None:
        score = f"Your banked score: {obs.own.actual:.2f}."
    else:
        score = (f"Your score so far, expected (if {them} kept its word): "
                 f"{obs.own.expected:.2f}; what you really banked is revealed at the end.")
    lines = [f"Round {min(obs.round, obs.rounds)} of {obs.rounds}, {obs.phase} phase.", score]
    if obs.offer:
        value = money(package_worth(obs, obs.offer))
        lines.append(f"On the table, from {NAMES[obs.offer_by]} ({value} a round to you):")
        lines += terms_lines(obs, obs.offer)
    lines += commitment_lines(obs) + sanction_lines(obs) + trust_lines(obs)
    return lines + revealed_lines(obs)


def ledger_lines(obs: Observation) -> list[str]:
    """The promise ledger: what each side signed, did (or was seen to do), and what followed."""
    if not obs.ledger:
        return ["The promise ledger is empty: no commitment has been implemented yet."]
    them = other(obs.party)
    lines = ["The promise ledger.", "What you signed, what you did, and what was seen:"]
    lines += _ledger_rows(obs, obs.party) or ["  Nothing yet."]
    if all(row.did for row in obs.ledger if row.party == them):
        lines.append(f"What {NAMES[them]} signed, what it really did, and what was seen:")
    else:
        lines.append(f"What {NAMES[them]} signed and was seen to do (its real choices are "
                     "secret until the end):")
    return lines + (_ledger_rows(obs, them) or ["  Nothing yet."])


def rounds_text(rounds: list[int]) -> str:
    """'round 2' or 'rounds 1-3, 5'."""
    runs: list[list[int]] = []
    for n in sorted(rounds):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = [f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs]
    return ("round " if len(rounds) == 1 else "rounds ") + ", ".join(parts)


def _ledger_rows(obs: Observation, party: str) -> list[str]:
    """One line per commitment a side was bound by: when, what it did, what was seen and done."""
    groups: dict[tuple[str, str], list] = {}
    for row in obs.ledger:
        if row.party == party:
            groups.setdefault((row.issue, row.option), []).append(row)
    lines = []
    for (issue, option), rows in groups.items():
        when = rounds_text([r.round for r in rows])
        parts = [f"  {term_label(obs, issue, option)}: in force in {when}"]
        kept = [r.round for r in rows if r.did == "comply"]
        broke = [r.round for r in rows if r.did == "defect"]
        every = " every time" if len(rows) > 1 else ""
        doer = who(party, obs.party)
        if kept and not broke:
            parts.append(f"{doer} kept it{every}")
        elif broke and not kept:
            parts.append(f"{doer} broke it{every}")
        elif kept:
            deeds = [f"kept it in {rounds_text(kept)}", f"broke it in {rounds_text(broke)}"]
            parts.append(f"{doer} " + ", ".join(deeds if kept[0] < broke[0] else deeds[::-1]))
        seen = [r for r in rows if r.seen]
        if not seen:
            parts.append("no violation was reported")
        for r in seen:
            answer = response_text(obs, r.response, party).lstrip("; ")
            parts.append(
                f"incident {r.incident} in round {r.round}" + (f" ({answer})" if answer else "")
            )
        lines.append("; ".join(parts) + ".")
    return lines


def response_text(obs: Observation, response: str, accused: str) -> str:
    """'; China protested' style suffix for a ledger row."""
    if not response:
        return ""
    answerer = who(other(accused), obs.party, False)
    return f"; {answerer} answered: {response_label(obs, response)}"


def response_label(obs: Observation, response: str) -> str:
    """A response id in words."""
    fixed = {"none": "let it pass", "protest": "protest", "suspend": "suspend the commitment"}
    if response in fixed:
        return fixed[response]
    labels = {level.id: level.label for level in obs.sanction_levels}
    return labels.get(response, f"sanctions ({response})")


# --- events, from the player's side ----------------------------------------------------------


def _offer(e, obs: Observation) -> list[str]:
    verb = ("counter-offer", "counter-offers") if e.counter else ("offer", "offers")
    value = money(package_worth(obs, e.terms))
    return [f"{subject(e.party, obs.party, *verb)} ({value} a round to you):"] + terms_lines(
        obs, e.terms
    )


def _accept(e, obs: Observation) -> list[str]:
    return [f"{subject(e.party, obs.party, 'accept', 'accepts')}. Signed:"] + terms_lines(
        obs, e.terms
    )


def _talks_end(e, obs: Observation) -> list[str]:
    if e.how == "pass":
        verb = subject(e.party, obs.party, "make no offer", "makes no offer")
    else:
        verb = subject(e.party, obs.party, "reject the offer", "rejects the offer")
    return [f"{verb}; talks end for this round."]


def _choices_made(e, obs: Observation) -> list[str]:
    if e.party == obs.party:
        return []
    return [f"{who(e.party, obs.party, True)} has made its secret implementation choices."]


def deeds_text(obs: Observation, choices: Iterable[tuple[str, str]]) -> str:
    """'kept A, B; broke C secretly' for the player's own implement choices."""
    kept = [issue_view(obs, k).title for k, v in in_order(obs, choices) if v == "comply"]
    broke = [issue_view(obs, k).title for k, v in in_order(obs, choices) if v == "defect"]
    parts = []
    if kept:
        parts.append("kept " + ", ".join(kept))
    if broke:
        parts.append("secretly broke " + ", ".join(broke))
    return "; ".join(parts)


def _implemented(e, obs: Observation) -> list[str]:
    if e.party != obs.party:
        return [e.text()]
    return [f"You {deeds_text(obs, e.choices)}."]


def _verified(e, obs: Observation) -> list[str]:
    title = issue_view(obs, e.issue).title
    if not e.reported:
        return [f"Verification, {title}: nothing reported against {who(e.accused, obs.party)}."]
    accused = "you are" if e.accused == obs.party else f"{NAMES[e.accused]} is"
    return [f"Incident {e.incident}: {accused} reported to have broken the commitment on {title}."]


def verification_lines(events: list, obs: Observation) -> list[str]:
    """A batch of verification results: one line per side with nothing seen, one per incident."""
    lines = []
    for party in (obs.party, other(obs.party)):
        clear = [
            issue_view(obs, e.issue).title for e in events if not e.reported and e.accused == party
        ]
        if clear:
            lines.append(
                f"Nothing reported against {who(party, obs.party)} on: {', '.join(clear)}."
            )
    # Every incident in id order; the player answers those against the other side next.
    reported = sorted((e for e in events if e.reported), key=lambda e: e.incident)
    lines += [line for e in reported for line in _verified(e, obs)]
    if any(e.accused != obs.party for e in reported):
        lines.append(f"You answer the incidents against {NAMES[other(obs.party)]} next.")
    return lines


def _responded(e, obs: Observation) -> list[str]:
    return [
        f"{subject(e.party, obs.party, 'answer', 'answers')} incident {e.incident}: "
        f"{response_label(obs, e.response)}."
    ]


def _commitment_end(e, obs: Observation) -> list[str]:
    return [f"The commitment {term_label(obs, e.issue, e.option)} ends ({e.reason})."]


def _sanction(e, obs: Observation) -> list[str]:
    labels = {level.id: level.label for level in obs.sanction_levels}
    level = labels.get(e.level, e.level)
    target = who(e.target, obs.party)
    if e.strength <= 0:
        return [f"Sanctions ({level}) on {target} have worn off."]
    if e.strength >= 1.0:
        imposes = subject(e.sender, obs.party, "impose", "imposes")
        return [f"{imposes} sanctions ({level}) on {target}."]
    holds = subject(e.sender, obs.party, "hold", "holds")
    return [f"{holds} sanctions ({level}) on {target}, at {e.strength:.0%} strength."]


def _round(e, obs: Observation) -> list[str]:
    opener = "you propose" if e.proposer == obs.party else f"{NAMES[e.proposer]} proposes"
    return ["", f"==== Round {e.round} of {obs.rounds}: {opener} first ===="]


EVENT_LINES: dict[str, Callable[[GameEvent, Observation], list[str]]] = {
    "round": _round,
    "news": lambda e, obs: [f"News: {e.title}.", e.body.strip()],
    "offer": _offer,
    "accept": _accept,
    "talks-end": _talks_end,
    "implement-done": _choices_made,
    "implement": _implemented,
    "verify": _verified,
    "respond": _responded,
    "commitment-end": _commitment_end,
    "sanction": _sanction,
    "score": lambda e, obs: [],  # the round summary shows it
    "game-over": lambda e, obs: [],
}


def event_lines(event: GameEvent, obs: Observation) -> list[str]:
    """An event the player may see, in the player's words."""
    render = EVENT_LINES.get(event.kind)
    return render(event, obs) if render else [event.text()]
