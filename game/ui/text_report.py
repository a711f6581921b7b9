"""The terminal game's round summaries and final result, built from the player's observation."""

from __future__ import annotations

from game.core.events import GameOver
from game.core.observe import Observation
from game.core.scenario import other
from game.ui.text_views import (
    CAPITAL,
    NAMES,
    commitment_lines,
    deeds_text,
    issue_view,
    money,
    package_worth,
    response_label,
    sanction_lines,
    subject,
    trust_lines,
    who,
)


def round_summary(obs: Observation, round_: int) -> list[str]:
    """What happened in a round, as the player saw it: talks, deeds, reports, answers, score."""
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
        value = money(package_worth(obs, e.terms))
        lines.append(f"  {verb} a package on {size}, worth {value} a round to you.")
    lines += commitment_lines(obs)
    mine = [e for e in by_kind.get("implement", []) if e.party == obs.party]
    if mine:
        lines.append(f"What you did: {deeds_text(obs, mine[0].choices)}.")
    else:
        lines.append("What you did: you had no commitments to carry out.")
    reported = [e for e in by_kind.get("verify", []) if e.reported]
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
    lines += sanction_lines(obs)
    scored = [e for e in by_kind.get("score", []) if e.party == obs.party]
    if scored:
        payoff, banked = money(scored[0].payoff), scored[0].banked
        lines.append(f"Banked: {payoff} this round, {banked:.2f} in total.")
    return lines + trust_lines(obs)


def final_lines(obs: Observation) -> list[str]:
    """Final scores, raw and normalised, with a short verdict."""
    over = next((e for e in reversed(obs.history) if isinstance(e, GameOver)), None)
    if over is None:
        return ["The game is not over yet."]
    raw = {"us": over.us_raw, "cn": over.cn_raw}
    norm = {"us": over.us_normalised, "cn": over.cn_normalised}
    me, them = obs.party, other(obs.party)
    banked = obs.own.banked
    lines = [
        "",
        "==== Final scores ====",
        f"You ({NAMES[me]}): {raw[me]:.2f} raw = {banked:.2f} banked "
        f"+ {raw[me] - banked:.2f} for how far {NAMES[them]} trusts you.",
        f"Normalised: {norm[me]:.0f} out of 100 (0 = no deal at all, 100 = your ideal).",
        f"{CAPITAL[them]}: {raw[them]:.2f} raw, {norm[them]:.0f} out of 100.",
        verdict(norm[me], norm[them]),
    ]
    broken = sum(1 for row in obs.ledger if row.party == me and row.did == "defect")
    caught = sum(1 for row in obs.ledger if row.party == me and row.did == "defect" and row.seen)
    kept = sum(1 for row in obs.ledger if row.party == me and row.did == "comply")
    if broken:
        seen = {0: "none was", 1: "1 breach was"}.get(caught, f"{caught} breaches were")
        lines.append(
            f"Words and actions: you kept your word {times(kept)} and broke it "
            f"{times(broken)}; {seen} seen."
        )
    elif kept:
        lines.append(f"Words and actions: you kept your word all {kept} times.")
    return lines


def times(n: int) -> str:
    """'once', 'twice', '5 times'."""
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def verdict(mine: float, theirs: float) -> str:
    """One sentence on the result."""
    if mine < 0:
        head = "You did worse than having no deal at all."
    elif mine < 35:
        head = "A thin result: little better than no deal."
    elif mine < 65:
        head = "A workable result."
    else:
        head = "A strong result."
    if mine >= 35 and theirs >= 35:
        tail = " Both sides gained: words were mostly followed by actions."
    elif mine > theirs + 15:
        tail = " You gained at the other side's expense; trust may not survive a second summit."
    elif theirs > mine + 15:
        tail = " The other side gained more than you did."
    else:
        tail = ""
    return head + tail
