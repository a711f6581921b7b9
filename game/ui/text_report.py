"""The terminal game's round summaries, built from the player's observation, and its debrief.

A round summary is one compact table (issue, option in force, what you did, what was
reported, how it was answered) and a few lines: the talks, the score, trust. It describes
the round as it stood when it was scored (its statement's values, trust before the next
round's news). The debrief, once the game is over, is the shared one (`game.report.debrief`)
rendered as text.
"""

from __future__ import annotations

from collections.abc import Mapping

from game.core.analysis import DealAnalysis
from game.core.observe import Observation, RoundStatement
from game.core.scenario import other
from game.report.debrief import NotOver, debrief
from game.report.debrief_text import debrief_lines
from game.ui.text_layout import Column, table
from game.ui.text_views import (
    NAMES,
    SHORT,
    WIDTH,
    count,
    listing,
    money,
    option_view,
    short_title,
    trust_range,
)

SUMMARY_COLUMNS = (Column("Issue", shrink=True), Column("In force", shrink=True),
                   Column("You"), Column("Report"), Column("Answer", shrink=True))
DEEDS = {"comply": "kept", "defect": "broke", "": "-"}
ANSWERS = {"none": "let pass", "protest": "protest", "suspend": "suspend"}


def statement_for(obs: Observation, round_: int) -> RoundStatement | None:
    """The player's statement for a round, if it was scored."""
    return next((s for s in obs.statements if s.round == round_ and s.party == obs.party), None)


def round_summary(
    obs: Observation, round_: int, trust_then: Mapping[str, float] | None = None,
    width: int = WIDTH,
) -> list[str]:
    """What happened in a round, as the player saw it and as it stood when it was scored.

    `trust_then` is the player's mean trust per issue at the end of the round (before the
    next round's news); without it the current trust is shown.
    """
    statement = statement_for(obs, round_)
    lines = ["", f"---- Round {round_} of {obs.rounds}: what happened ----"]
    rows = round_rows(obs, round_)
    if rows:
        lines += table(SUMMARY_COLUMNS, rows, width, "  ")
    else:
        lines.append("No commitment was in force this round.")
    lines.append(talks_line(obs, round_))
    if statement is not None:
        lines += score_lines(obs, statement)
    means = trust_then or {k: v[0] for k, v in obs.own.trust.items()}
    lines.append(f"Your trust in {NAMES[other(obs.party)]} {trust_range(obs, means)}.")
    return lines


def round_rows(obs: Observation, round_: int) -> list[list[str]]:
    """One row per issue with a commitment implemented in the round, in the scenario's
    order (and a row under it for each further incident on it); [] if there was none."""
    rows = []
    for issue in obs.issues:
        entries = [e for e in obs.ledger if e.round == round_ and e.issue == issue.id]
        if not entries:
            rows.append([short_title(obs, issue.id), *_act_row(obs, issue.id, round_)])
            continue
        mine = next((e for e in entries if e.party == obs.party), None)
        did = DEEDS[mine.did] if mine is not None else "-"
        seen = sorted((e for e in entries if e.seen), key=lambda e: e.incident)
        reports = [(f"{'you' if e.party == obs.party else SHORT[e.party]} #{e.incident}",
                    answer_word(obs, e.response) if e.response else "") for e in seen]
        label = option_view(obs, issue.id, entries[0].option).label
        first, *more = reports or [("none", "")]
        rows.append([short_title(obs, issue.id), label, did, *first])
        rows += [["", "", "", *report] for report in more]  # each answer whole on its line
    if all(row[1] == "no deal" for row in rows):
        return []
    return rows


def _act_row(obs: Observation, issue: str, round_: int) -> list[str]:
    """A one-off act signed but not yet due (you: 'due r3'), or done (or not) in an earlier
    round (your deed then, and when); else 'no deal'."""
    for c in obs.commitments:
        if c.issue == issue and c.due and c.since <= round_:
            label = option_view(obs, issue, c.option).label
            if c.due > round_:
                return [label, f"due r{c.due}", "", ""]
            mine = next((e for e in obs.ledger if e.round == c.due and e.issue == issue
                         and e.party == obs.party), None)
            return [label, DEEDS[mine.did] if mine else "-", f"(round {c.due})", ""]
    return ["no deal", "", "", ""]


def answer_word(obs: Observation, response: str) -> str:
    """A response in a word or two: 'protest', 'let pass', or the sanction's label."""
    if response in ANSWERS:
        return ANSWERS[response]
    labels = {level.id: level.label for level in obs.sanction_levels}
    return labels.get(response, response)


def talks_line(obs: Observation, round_: int) -> str:
    """'Talks: 3 offers; a deal was signed on 5 issues.'"""
    offers = [e for e in obs.history if e.round == round_ and e.kind == "offer"]
    deals = [e for e in obs.history if e.round == round_ and e.kind == "accept"]
    made = count(len(offers), "offer") if offers else "no offer"
    signed = (f"a deal was signed on {count(len(deals[-1].terms), 'issue')}" if deals
              else "no new deal")
    return f"Talks: {made}; {signed}."


def score_lines(obs: Observation, statement: RoundStatement) -> list[str]:
    """The round's score in a sentence: the total, what breaking your word and sanctions
    added or took, and the game's total so far."""
    them = NAMES[other(obs.party)]
    parts = []
    rank = [issue.id for issue in obs.issues]
    broke = sorted((i for i in statement.items if i.gain), key=lambda i: rank.index(i.issue))
    if broke:
        names = (listing([short_title(obs, i.issue) for i in broke]) if len(broke) < 3
                 else count(len(broke), "commitment"))
        parts.append(f"{money(sum(i.gain for i in broke))} of it from breaking {names}")
    if statement.sanctions_paid:
        parts.append(f"sanctions on you {money(-statement.sanctions_paid)}")
    if statement.sanctions_sent:
        parts.append(f"your own sanctions {money(-statement.sanctions_sent)}")
    detail = f" ({'; '.join(parts)})" if parts else ""
    if not statement.items:
        detail = f" (the no-deal value{', ' if parts else ''}{'; '.join(parts)})"
    if statement.actual is not None:
        return [f"Score this round: {money(statement.actual)} banked{detail}; you expected "
                f"{money(statement.expected)}."]
    rounds = [s for s in obs.statements if s.round <= statement.round]
    so_far = sum(s.expected for s in rounds)
    owed = [i for s in rounds for i in s.items
            if other(obs.party) in option_view(obs, i.issue, i.option).obliges]
    condition = f", if {them} kept its word" if owed else ""
    return [f"Score: {money(statement.expected)} this round{detail}, {money(so_far)} so far"
            f"{condition}."]


# --- the debrief --------------------------------------------------------------------------------


def final_lines(obs: Observation, analysis: DealAnalysis | None = None) -> list[str]:
    """The debrief (`game.report.debrief`) in the player's words, once the game is over."""
    try:
        facts = debrief(obs, analysis)
    except NotOver:
        return ["The game is not over yet."]
    return debrief_lines(facts)
