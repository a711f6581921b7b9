"""The terminal game's round summaries, built from the player's observation, and its debrief.

A round summary describes the round as it stood when it was scored (its statement's values
and sanctions, trust before the next round's news). The debrief, once the game is over, is
the shared one (`game.report.debrief`) rendered as text.
"""

from __future__ import annotations

from collections.abc import Mapping

from game.core.analysis import DealAnalysis
from game.core.observe import Observation, RoundStatement
from game.core.scenario import other
from game.report.debrief import NotOver, debrief
from game.report.debrief_text import debrief_lines
from game.ui.text_views import (
    NAMES,
    commitment_lines,
    deeds_text,
    issue_view,
    money,
    option_view,
    response_label,
    subject,
    term_label,
    trust_means_lines,
    who,
)

EXPECTED = "expected (if {them} kept its word)"


def statement_for(obs: Observation, round_: int) -> RoundStatement | None:
    """The player's statement for a round, if it was scored."""
    return next((s for s in obs.statements if s.round == round_ and s.party == obs.party), None)


def round_summary(
    obs: Observation, round_: int, trust_then: Mapping[str, float] | None = None
) -> list[str]:
    """What happened in a round, as the player saw it and as it stood when it was scored.

    `trust_then` is the player's mean trust per issue at the end of the round (before the
    next round's news); without it the current trust is shown.
    """
    statement = statement_for(obs, round_)
    by_kind: dict[str, list] = {}
    for event in obs.history:
        if event.round == round_:
            by_kind.setdefault(event.kind, []).append(event)
    offers = len(by_kind.get("offer", []))
    deals = by_kind.get("accept", [])
    signed = f"a deal was signed on {len(deals[-1].terms)} issues" if deals else "no new deal"
    made = f"{offers} offer" + ("" if offers == 1 else "s")
    lines = ["", f"---- Summary of round {round_} ----", f"Talks: {made}; {signed}."]
    for e in by_kind.get("offer", []):
        verb = subject(e.party, obs.party, "offered", "offered")
        size = f"{len(e.terms)} issue" + ("" if len(e.terms) == 1 else "s")
        value = sum(_worth(obs, statement, k, v) for k, v in e.terms)
        lines.append(f"  {verb} a package on {size}, worth {money(value)} a round to you.")
    lines += commitment_lines(obs)
    mine = [e for e in by_kind.get("implement", []) if e.party == obs.party]
    if mine:
        lines.append(f"What you did: {deeds_text(obs, mine[0].choices)}.")
    else:
        lines.append("What you did: you had no commitments to carry out.")
    reported = [e for e in by_kind.get("verify", []) if e.reported]
    reported.sort(key=lambda e: e.incident)
    if not by_kind.get("verify"):
        lines.append("Verification: nothing to check.")
    elif not reported:
        lines.append("Verification: no violation reported.")
    for e in reported:
        against = who(e.accused, obs.party)
        title = issue_view(obs, e.issue).title
        lines.append(f"Incident {e.incident}: a violation reported against {against} on {title}.")
    for e in sorted(by_kind.get("respond", []), key=lambda e: e.incident):
        answer = subject(e.party, obs.party, "answered", "answered")
        lines.append(f"{answer} incident {e.incident}: {response_label(obs, e.response)}.")
    if statement is not None:
        lines += statement_lines(obs, statement)
    if trust_then is not None:
        lines += trust_means_lines(obs, trust_then, "at the end of the round")
    else:
        lines += trust_means_lines(obs, {k: v[0] for k, v in obs.own.trust.items()}, "now")
    return lines


def _worth(obs: Observation, statement: RoundStatement | None, issue: str, option: str) -> float:
    """An option's per-round worth to the player in that round (now, if the round is unknown)."""
    if statement is not None:
        return statement.worth[issue][option]
    return obs.own.weights[issue] * obs.own.values[issue][option]


def statement_lines(obs: Observation, statement: RoundStatement) -> list[str]:
    """The round's score broken down: each commitment, defection gains, sanctions, total."""
    them = NAMES[other(obs.party)]
    known = statement.actual is not None
    head = "what you banked" if known else EXPECTED.format(them=them)
    lines = [f"Your score this round, {head}:"]
    for item in sorted(statement.items, key=lambda i: [x.id for x in obs.issues].index(i.issue)):
        label = term_label(obs, item.issue, item.option)
        if item.kept is False:
            text = f"{money(item.earned)} ({them} broke it; kept, it was worth {money(item.value)})"
        else:
            text = money(item.value)
        if item.gain:
            text += f", plus {money(item.gain)} for breaking it yourself"
        lines.append(f"  {label}: {text}")
    if not statement.items:
        lines.append(f"  No commitments in force: the no-deal value, {money(statement.no_deal)}")
    if statement.sanctions_paid:
        lines.append(f"  Sanctions on you: {money(-statement.sanctions_paid)}")
    if statement.sanctions_sent:
        lines.append(f"  Your own sanctions cost you: {money(-statement.sanctions_sent)}")
    if known:
        lines.append(f"  Total: {money(statement.actual)} banked "
                     f"(you expected {money(statement.expected)}).")
        return lines
    so_far = sum(s.expected for s in obs.statements if s.round <= statement.round)
    lines.append(f"  Total: {money(statement.expected)} expected; "
                 f"{so_far:.2f} expected over the game so far.")
    owed = [i for i in statement.items
            if other(obs.party) in option_view(obs, i.issue, i.option).obliges]
    if owed:
        lines.append(f"  What you really banked stays secret until the debrief: it depends on "
                     f"whether {them} kept its word.")
    return lines


# --- the debrief --------------------------------------------------------------------------------


def final_lines(obs: Observation, analysis: DealAnalysis | None = None) -> list[str]:
    """The debrief (`game.report.debrief`) in the player's words, once the game is over."""
    try:
        facts = debrief(obs, analysis)
    except NotOver:
        return ["The game is not over yet."]
    return debrief_lines(facts)
