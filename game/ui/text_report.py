"""The terminal game's round summaries and final debrief, built from the player's observation.

A round summary describes the round as it stood when it was scored (its statement's values
and sanctions, trust before the next round's news); the debrief, once the game is over,
reveals what the other side really did and compares the deals with the scenario's Nash
bargaining solution and Pareto frontier.
"""

from __future__ import annotations

from collections.abc import Mapping

from game.core.analysis import DealAnalysis, assess
from game.core.events import Accepted, CommitmentEnded, GameOver
from game.core.observe import Observation, RoundStatement
from game.core.scenario import other
from game.ui.text_views import (
    CAPITAL,
    NAMES,
    commitment_lines,
    deeds_text,
    in_order,
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
    """The debrief: final scores, what each side really did, and the deals against the theory."""
    over = next((e for e in reversed(obs.history) if isinstance(e, GameOver)), None)
    if over is None:
        return ["The game is not over yet."]
    raw = {"us": over.us_raw, "cn": over.cn_raw}
    norm = {"us": over.us_normalised, "cn": over.cn_normalised}
    me, them = obs.party, other(obs.party)
    banked = dict(obs.banked or {})
    lines = ["", "==== Final scores ===="]
    for party in (me, them):
        name = f"You ({NAMES[me]})" if party == me else CAPITAL[them]
        trusted = f"for how far {NAMES[other(party)]} trusts {'you' if party == me else 'it'}"
        if party in banked:
            lines.append(f"{name}: {raw[party]:.2f} raw = {banked[party]:.2f} banked "
                         f"+ {raw[party] - banked[party]:.2f} {trusted}; "
                         f"{norm[party]:.0f} out of 100.")
        else:
            lines.append(f"{name}: {raw[party]:.2f} raw, {norm[party]:.0f} out of 100.")
    lines.append("(0 = no deal at all, 100 = that side's ideal.)")
    rates = {p: keep_rate(obs, p) for p in (me, them)}
    lines.append(verdict(norm[me], norm[them], rates[me], rates[them], NAMES[them]))
    lines += deeds_lines(obs, rates)
    lines += expected_vs_banked(obs)
    lines += incident_truth_lines(obs)
    if analysis is not None:
        lines += theory_lines(obs, analysis)
    return lines


def keep_rate(obs: Observation, party: str) -> tuple[int, int, int]:
    """(kept, broken, broken and seen) over the party's ledger rows."""
    rows = [r for r in obs.ledger if r.party == party]
    kept = sum(1 for r in rows if r.did == "comply")
    broke = [r for r in rows if r.did == "defect"]
    return kept, len(broke), sum(1 for r in broke if r.seen)


def deeds_lines(obs: Observation, rates: dict[str, tuple[int, int, int]]) -> list[str]:
    """Words and actions, side by side: how often each side kept its word, and breaches seen."""
    lines = ["", "Words and actions (now that the game is over, nothing is secret):"]
    for party, (kept, broke, caught) in rates.items():
        total = kept + broke
        name = "You" if party == obs.party else CAPITAL[party]
        if not total:
            lines.append(f"  {name}: no promise to keep.")
            continue
        seen = {0: "none was seen", 1: "1 breach was seen"}.get(caught, f"{caught} were seen")
        tail = f"; of {broke} broken, {seen}" if broke else ""
        lines.append(f"  {name}: kept {kept} of {total} promises ({kept / total:.0%}){tail}.")
    return lines


def expected_vs_banked(obs: Observation) -> list[str]:
    """Each round: what the player expected and what it really banked (revealed now)."""
    rows = [s for s in obs.statements if s.party == obs.party and s.actual is not None]
    differ = [s for s in rows if abs(s.actual - s.expected) > 0.005]
    if not rows:
        return []
    them = NAMES[other(obs.party)]
    if not differ:
        return ["", f"Every round you banked what you expected: {them} kept every promise it "
                    "owed you."]
    lines = ["", "Rounds where you banked less than you expected (what the other side broke):"]
    for s in differ:
        broken = [issue_view(obs, i.issue).title for i in s.items if i.kept is False]
        lines.append(f"  Round {s.round}: expected {money(s.expected)}, banked {money(s.actual)}"
                     f" ({them} broke {', '.join(broken)}).")
    return lines


def incident_truth_lines(obs: Observation) -> list[str]:
    """Every incident with the truth behind it: a real violation or a false alarm."""
    if not obs.incidents or obs.truth is None:
        return []
    lines = ["", "The incidents, and the truth behind them:"]
    for incident in obs.incidents:
        real = obs.truth.get(incident.id)
        what = "a real violation" if real else "a false alarm: the promise had been kept"
        accused = who(incident.accused, obs.party)
        lines.append(f"  Incident {incident.id} (round {incident.round}, against {accused} on "
                     f"{issue_view(obs, incident.issue).title}): {what}.")
    return lines


def signed_packages(obs: Observation) -> list[tuple[int, tuple[tuple[str, str], ...]]]:
    """(round, the whole deal in force) after every signing, in order: a package signed on
    top of a deal replaces only the issues it covers; suspended commitments are gone."""
    in_force: dict[str, str] = {}
    deals = []
    for e in obs.history:
        if isinstance(e, Accepted):
            in_force.update(e.terms)
            deals.append((e.round, tuple(in_order(obs, in_force.items()))))
        elif isinstance(e, CommitmentEnded) and e.reason != "replaced":
            in_force.pop(e.issue, None)
    return deals


def theory_lines(obs: Observation, analysis: DealAnalysis) -> list[str]:
    """The deals signed against the Nash bargaining solution and the Pareto frontier."""
    me, them = obs.party, other(obs.party)
    n_me, n_them = (0, 1) if me == "us" else (1, 0)
    nash = analysis.nash
    lines = ["", "How good were the deals? (scores per round if both sides keep their word, "
                 "0 = no deal, 100 = that side's ideal)"]
    lines.append(
        f"The Nash bargaining solution, the package that best balances both sides' gains: "
        f"{package_text(obs, nash.package)}. It is worth {nash.normalised[n_me]:.0f} to you "
        f"and {nash.normalised[n_them]:.0f} to {NAMES[them]}."
    )
    signed = signed_packages(obs)
    if not signed:
        lines.append("No deal was signed, so both sides left all of that on the table.")
        return lines
    for round_, terms in signed:
        try:
            a = assess(analysis, dict(terms))
        except KeyError:
            continue
        where = ("on the frontier: no other deal is better for one side without being worse "
                 "for the other" if a.on_frontier else
                 f"{a.distance_to_frontier:.0f} points short of the frontier (deals where "
                 "neither side can gain without the other losing)")
        lines.append(
            f"The deal in force after the signing in round {round_} "
            f"({package_text(obs, terms)}) is worth "
            f"{a.normalised[n_me]:.0f} to you and {a.normalised[n_them]:.0f} to "
            f"{NAMES[them]}: {where}; {a.distance_to_nash:.0f} points from the Nash package."
        )
    return lines


def package_text(obs: Observation, terms) -> str:
    """'Cyber: dialogue, Climate: cap-and-trade' in the scenario's issue order."""
    terms = dict(terms)
    parts = [f"{issue_view(obs, k).title} - {option_view(obs, k, v).label}"
             for k, v in in_order(obs, terms.items())]
    return "; ".join(parts) or "nothing"


def times(n: int) -> str:
    """'once', 'twice', '5 times'."""
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def verdict(
    mine: float,
    theirs: float,
    my_rate: tuple[int, int, int] = (0, 0, 0),
    their_rate: tuple[int, int, int] = (0, 0, 0),
    them: str = "the other side",
) -> str:
    """One sentence on the result, and whether words were followed by actions on each side."""
    if mine < 0:
        head = "You did worse than having no deal at all."
    elif mine < 35:
        head = "A thin result: little better than no deal."
    elif mine < 65:
        head = "A workable result."
    else:
        head = "A strong result."

    def share(rate: tuple[int, int, int]) -> float | None:
        total = rate[0] + rate[1]
        return rate[0] / total if total else None

    me_kept, they_kept = share(my_rate), share(their_rate)
    if me_kept is None and they_kept is None:
        return head + " Nothing was signed, so no word was put to the test."
    mine_ok = 1.0 if me_kept is None else me_kept  # no promise to keep: none broken
    theirs_ok = 1.0 if they_kept is None else they_kept
    if mine_ok >= 0.8 and theirs_ok >= 0.8:
        tail = " Both sides kept their word: words were followed by actions."
    elif mine_ok < 0.5 and theirs_ok < 0.5:
        tail = " Both sides broke most of their promises: words were not followed by actions."
    elif theirs_ok < 0.5:
        tail = f" {them[0].upper() + them[1:]} broke most of its promises."
    elif mine_ok < 0.5:
        tail = " You broke most of your promises: your words were not followed by actions."
    else:
        tail = " Words were only partly followed by actions."
    if mine > theirs + 15:
        tail += " You gained at the other side's expense."
    elif theirs > mine + 15:
        tail += " The other side gained more than you did."
    return head + tail
