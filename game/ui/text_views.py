"""What the terminal game prints: plain lines built from one seat's observation only.

Every function here reads an Observation (never the game state), so the terminal player
can only ever learn what their seat may know. Issues are always listed in the scenario's
order; tables are laid out by display width (game.ui.text_layout).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from game.core.links import after_signing
from game.core.observe import IssueView, Observation, OptionView
from game.core.scenario import other
from game.ui.text_layout import Column, table, table_rows
from game.words import count  # noqa: F401 - the views' counts, kept here for their callers

NAMES = {"us": "the United States", "cn": "China"}
SHORT = {"us": "US", "cn": "China"}  # in table cells
CAPITAL = {"us": "The United States", "cn": "China"}
WIDTH = 79  # the console's width (game.ui.text_console.WIDTH)
MENU = 5  # columns a menu number takes ("  1. ")


# --- figures and words ---------------------------------------------------------------------


def money(value: float) -> str:
    """A payoff with its sign: +3.50, -1.00; never -0.00."""
    return f"{_zero(value, 2):+.2f}"


def figure(value: float, places: int = 2) -> str:
    """A figure without a forced sign (a score, a trust level); never -0.00."""
    return f"{_zero(value, places):.{places}f}"


def _zero(value: float, places: int) -> float:
    """The value, with anything that rounds to zero made a plain 0."""
    return 0.0 if round(value, places) == 0 else value


def percent(rate: float) -> str:
    """A rate as the scenario gives it: 0.12 is 12%, 0.015 is 1.5% (not 2%)."""
    text = f"{rate * 100:.2f}".rstrip("0").rstrip(".")
    return f"{'0' if text in ('', '-0') else text}%"


def listing(items: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


_PAIR = re.compile(r"\b([A-Za-z0-9_][A-Za-z0-9_-]*)=([A-Za-z0-9_][A-Za-z0-9_-]*)\b")


def in_words(obs: Observation, text: str) -> str:
    """A rule's reason with each `issue=option` of the game named by its label, in quotes
    (the core states links and their ends in ids; players read labels)."""
    labels = {(i.id, o.id): o.label for i in obs.issues for o in i.options}

    def named(found: re.Match) -> str:
        label = labels.get((found.group(1), found.group(2)))
        return f'"{label}"' if label else found.group(0)

    return _PAIR.sub(named, text)


def possessive(name: str) -> str:
    """"China's", "the United States'"."""
    return name + ("'" if name.endswith("s") else "'s")


def who(party: str, me: str, capital: bool = False) -> str:
    """'you' for the player's side, else the other side's name."""
    if party == me:
        return "You" if capital else "you"
    return (CAPITAL if capital else NAMES)[party]


def subject(party: str, me: str, you_verb: str, they_verb: str) -> str:
    """'You offer' or 'China offers': the side and its verb, agreeing."""
    return f"{who(party, me, True)} {you_verb if party == me else they_verb}"


# --- the scenario as this seat sees it ----------------------------------------------------


def in_order(obs: Observation, terms: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Package terms in the scenario's issue order (the order every list uses)."""
    rank = {issue.id: n for n, issue in enumerate(obs.issues)}
    return sorted(terms, key=lambda term: rank.get(term[0], len(rank)))


def issue_view(obs: Observation, issue: str) -> IssueView:
    """The public view of an issue by id."""
    return next(i for i in obs.issues if i.id == issue)


def option_view(obs: Observation, issue: str, option: str) -> OptionView:
    """The seat's view of an option by ids."""
    return next(o for o in issue_view(obs, issue).options if o.id == option)


def short_title(obs: Observation, issue: str) -> str:
    """An issue's title up to its colon, for table columns ('Climate: cap-and-trade...' is
    'Climate')."""
    return issue_view(obs, issue).title.split(": ", 1)[0]


def term_label(obs: Observation, issue: str, option: str) -> str:
    """'Issue title — option label' (titles may hold colons, so a dash)."""
    return f"{issue_view(obs, issue).title} — {option_view(obs, issue, option).label}"


def quoted_term(obs: Observation, issue: str, option: str) -> str:
    """'"Option label" (Short issue title)': an option named inside a sentence."""
    return f'"{option_view(obs, issue, option).label}" ({short_title(obs, issue)})'


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


def in_force(obs: Observation) -> dict[str, str]:
    """The commitments in force, issue -> option."""
    return {c.issue: c.option for c in obs.commitments}


def links(obs: Observation) -> dict[tuple[str, str], tuple[tuple[str, str], ...]]:
    """The linked options of the game: (issue, option) -> the options it comes only with."""
    return {(i.id, o.id): tuple(o.requires) for i in obs.issues for o in i.options
            if o.requires}


def deal_after(obs: Observation, terms: Iterable[tuple[str, str]] = ()) -> dict[str, str]:
    """The commitments in force once `terms` are signed: they replace those on their issues,
    and a commitment that came only with a replaced one ends with it."""
    return after_signing(in_force(obs), tuple(terms), links(obs))


def deal_worth(obs: Observation, terms: Iterable[tuple[str, str]] = ()) -> float:
    """What the whole deal in force would be worth a round to the player once `terms` are
    signed (they replace commitments on the same issues, and end those linked to a replaced
    one; no commitment at all is no deal; an issue left out brings its status quo)."""
    deal = deal_after(obs, terms)
    still = sum(obs.own.weights[i.id] * obs.own.status_quo.get(i.id, 0.0) for i in obs.issues
                if i.id not in deal)
    return (package_worth(obs, deal.items()) if deal else obs.own.no_deal) + still


def binds(obs: Observation, option: OptionView) -> str:
    """Who an option obliges, from the player's side: 'both', 'only you' or 'only China'
    ('nobody' for "no change"; a one-off act adds ', once')."""
    once = ", once" if option.due is not None else ""
    if not option.obliges:
        return "nobody"
    if set(option.obliges) == {"us", "cn"}:
        return "both" + once
    if obs.party in option.obliges:
        return "only you" + once
    return f"only {NAMES[other(obs.party)].removeprefix('the ')}{once}"


def red_line(obs: Observation, issue: str, option: str) -> str:
    """The player's red-line text if this option crosses one, else ''."""
    for line in obs.own.red_lines:
        if line.issue == issue and option in line.forbid:
            return line.text or "it crosses your red line"
    return ""


def their_red_lines(obs: Observation) -> set[tuple[str, str]]:
    """The options the other side is known never to accept: its public red lines and those
    it has said aloud in talks (the AI opponents never offer them again either)."""
    them = other(obs.party)
    known = {(line.issue, option) for line in obs.public_red_lines.get(them, ())
             for option in line.forbid}
    return known | {pair for e in obs.history if getattr(e, "party", "") == them
                    for pair in getattr(e, "red_lines", ())}


def red_lines_said(obs: Observation, party: str, pairs: Iterable[tuple[str, str]]) -> str:
    """'China will never accept "Detained lawyers released" (Human rights): a red line.'
    ('You say you will never accept ...: your red line.' for the player's own)."""
    named = [quoted_term(obs, k, o) for k, o in in_order(obs, pairs)]
    if party == obs.party:  # said aloud by the player's side: the other side now knows
        return f"You say you will never accept {listing(named)}: your red line."
    return f"{CAPITAL[party]} will never accept {listing(named)}: a red line."


# --- tables of deals and options ---------------------------------------------------------

DEAL_COLUMNS = (Column("Issue", shrink=True), Column("Deal if accepted", shrink=True),
                Column("A round", right=True))


def deal_rows(obs: Observation, terms: Iterable[tuple[str, str]]) -> list[list[str]]:
    """One row per issue: the option there would be if the offer were accepted ('as now' if
    it is the one in force already), 'ends' for a commitment that came only with a replaced
    one, or 'no deal' (each with the issue's status quo, where it has one)."""
    now = in_force(obs)
    after = deal_after(obs, terms)
    rows = []
    for issue in obs.issues:
        option = after.get(issue.id)
        if option is None:
            still = obs.own.weights[issue.id] * obs.own.status_quo.get(issue.id, 0.0)
            ended = issue.id in now
            rows.append([short_title(obs, issue.id),
                         "ends (it came with a replaced option)" if ended else "no deal",
                         money(still) if still or ended else ""])
            continue
        label = option_view(obs, issue.id, option).label
        label = f"as now: {label}" if now.get(issue.id) == option else label
        rows.append([short_title(obs, issue.id), label, money(worth(obs, issue.id, option))])
    return rows


def deal_lines(obs: Observation, terms: Iterable[tuple[str, str]], width: int = WIDTH
               ) -> list[str]:
    """The deal there would be if an offer were accepted, issue by issue, and its worth."""
    terms = tuple(terms)
    lines = table(DEAL_COLUMNS, deal_rows(obs, terms), width, "  ")
    now = money(deal_worth(obs)) + ("" if obs.commitments else ", no deal")
    return lines + [f"  Accepted, the whole deal is worth {money(deal_worth(obs, terms))} a "
                    f"round to you (now {now})."]


OPTION_COLUMNS = (Column("Option", shrink=True), Column("Worth", right=True),
                  Column("Binds"), Column("Break", right=True), Column("Seen", right=True),
                  Column("False", right=True))


def option_rows(obs: Observation, issue: IssueView, width: int = WIDTH) -> tuple[str, list[str]]:
    """The package builder's options for an issue as a table: its headings and one row
    each (value, who it binds, the player's gain from breaking it, detection and false
    alarm rates)."""
    rows = []
    theirs = their_red_lines(obs)
    for opt in issue.options:
        gain = money(gain_from_breaking(obs, issue.id, opt.id)) if obs.party in opt.obliges else ""
        label = opt.label + (" (your red line)" if red_line(obs, issue.id, opt.id) else "")
        if (issue.id, opt.id) in theirs:
            label += f" ({possessive(NAMES[other(obs.party)])} red line)"
        label += "" if opt.available else " (not on the table)"
        seen, alarm = _rates(obs, opt) if opt.obliges else ("", "")  # "no change": no checks
        rows.append([label, money(worth(obs, issue.id, opt.id)),
                     binds(obs, opt).removeprefix("only "), gain, seen, alarm])
    indent = MENU + len(str(len(rows) + 1)) - 1  # columns the menu's numbers take
    head, body = table_rows(OPTION_COLUMNS, rows, width - indent, "", wrap_cells=True)
    return " " * indent + head, [("\n" + " " * indent).join(lines) for lines in body]


def _rates(obs: Observation, opt: OptionView) -> tuple[str, str]:
    """Seen and False for an option: one figure, or yours/theirs when they differ by side."""
    sides = [p for p in (obs.party, other(obs.party)) if p in opt.obliges] or [obs.party]
    pairs = [opt.rates(p) for p in sides]
    if len(set(pairs)) == 1:
        return percent(pairs[0][0]), percent(pairs[0][1])
    return tuple("/".join(percent(r[n]) for r in pairs) for n in (0, 1))  # type: ignore


# --- the brief ------------------------------------------------------------------------------

BRIEF_COLUMNS = (Column("Option", shrink=True), Column("A round", right=True), Column("Binds"))


def brief_lines(obs: Observation, width: int = WIDTH) -> list[str]:
    """The player's confidential brief, priorities, valuations and red lines."""
    own = obs.own
    lines = ["Your confidential brief:", own.brief.strip(), "",
             "What each option is worth to you a round if both sides keep their word "
             "(priority: how much the issue counts for you, 1 = average):"]
    rows = [[opt.label + "".join(f' (only with "{option_view(obs, k, o).label}")'
                                 for k, o in opt.requires)
             + ("" if opt.available else " (not on the table)"),
             money(worth(obs, issue.id, opt.id)), f"binds {binds(obs, opt)}"]
            for issue in obs.issues for opt in issue.options]
    _, body = table_rows(BRIEF_COLUMNS, rows, width, "  ", wrap_cells=True)
    for issue in obs.issues:  # one table, so the figures line up from issue to issue
        still = own.status_quo.get(issue.id, 0.0) * own.weights[issue.id]
        note = f"; {money(still)} a round with nothing agreed here" if still else ""
        lines.append(f"{issue.title} (priority {own.weights[issue.id]:g}{note}):")
        for _ in issue.options:
            lines += body.pop(0)
    lines.append(f"With no deal at all you get {money(own.no_deal)} a round.")
    lines += [f"Red line{' (public)' if line.public else ''}: {line.text}"
              for line in own.red_lines]
    them = other(obs.party)
    lines += [f"{possessive(NAMES[them])} public red line: {line.text}"
              for line in obs.public_red_lines.get(them, ())]
    return lines + revealed_lines(obs)


def revealed_lines(obs: Observation) -> list[str]:
    """What news has made public about the other side's priorities."""
    them = other(obs.party)
    known = obs.revealed_weights.get(them, {})
    if not known:
        return []
    shown = [f"{issue.title} {known[issue.id]:g}" for issue in obs.issues if issue.id in known]
    return [f"Made public by the news, {possessive(NAMES[them])} priorities (1 = average): "
            f"{'; '.join(shown)}."]


# --- status ---------------------------------------------------------------------------------

STATUS_COLUMNS = (Column("Issue", shrink=True), Column("In force", shrink=True),
                  Column("A round", right=True), Column("Trust", right=True))


def status_lines(obs: Observation, width: int = WIDTH) -> list[str]:
    """Where the game stands for the player: score, commitments with their worth and the
    player's trust per issue, sanctions, the offer on the table."""
    them = NAMES[other(obs.party)]
    round_ = min(obs.round, obs.rounds)
    lines = [f"Round {round_} of {obs.rounds}, {PHASES.get(obs.phase, obs.phase)}."]
    if obs.own.actual is not None:
        lines.append(f"Your banked score: {figure(obs.own.actual)}.")
    else:
        lines.append(f"Your score so far: {figure(obs.own.expected)} if {them} kept its word "
                     "(what you really banked is revealed at the end).")
    now = in_force(obs)
    rows = []
    for issue in obs.issues:
        mean = figure(obs.own.trust[issue.id][0])
        option = now.get(issue.id)
        if option is None:
            rows.append([short_title(obs, issue.id), "no deal", "", mean])
        else:
            rows.append([short_title(obs, issue.id), option_view(obs, issue.id, option).label,
                         money(worth(obs, issue.id, option)), mean])
    lines += table(STATUS_COLUMNS, rows, width, "  ", wrap_cells=True)
    lines.append(f"  (Trust: how far you trust {them} to keep its word, from 0 to 1.)")
    lines += sanction_lines(obs)
    if obs.offer:
        lines.append(f"On the table, from {NAMES[obs.offer_by]}:")
        lines += deal_lines(obs, obs.offer, width)
    return lines + revealed_lines(obs)


PHASES = {"negotiate": "talks", "implement": "implementation", "verify": "verification",
          "respond": "responses", "news": "news", "score": "scoring", "over": "the game is over"}


def sanction_lines(obs: Observation) -> list[str]:
    """Sanctions in force, from the player's side, on one line."""
    if not obs.sanctions:
        return ["Sanctions in force: none."]
    levels = {level.id: level for level in obs.sanction_levels}
    held = []
    for s in obs.sanctions:
        level = levels.get(s.level)
        label = level.label if level else s.level
        cost = (level.cost_target if s.target == obs.party else level.cost_sender) if level else 0
        held.append(f"{label}, from {who(s.sender, obs.party)} on {who(s.target, obs.party)}, "
                    f"at {percent(round(s.strength, 2))} strength"
                    + (f", {money(-cost * s.strength)} a round to you" if cost else ""))
    return [f"Sanctions in force: {'; '.join(held)}."]


def trust_range(obs: Observation, means: Mapping[str, float]) -> str:
    """'is 0.48 on every issue' or 'ranges from 0.44 (Cyber) to 0.56 (Climate)' (across the
    issues, not over time: the summary's words after 'Your trust in China')."""
    figures = {issue.id: figure(means[issue.id]) for issue in obs.issues}
    if len(set(figures.values())) == 1:
        return f"is {next(iter(figures.values()))} on every issue"
    low = min(obs.issues, key=lambda i: means[i.id])
    high = max(obs.issues, key=lambda i: means[i.id])
    return (f"ranges from {figures[low.id]} ({short_title(obs, low.id)}) to "
            f"{figures[high.id]} ({short_title(obs, high.id)})")


# --- the promise ledger ---------------------------------------------------------------------


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
    rank = {issue.id: n for n, issue in enumerate(obs.issues)}
    for row in sorted(obs.ledger, key=lambda r: (rank[r.issue], r.round)):
        if row.party == party:
            groups.setdefault((row.issue, row.option), []).append(row)
    lines = []
    now = in_force(obs)
    for (issue, option), rows in groups.items():
        rounds = [r.round for r in rows]
        when = f"in force in {rounds_text(rounds)}"
        if (now.get(issue) == option and option_view(obs, issue, option).due is None
                and rounds == list(range(rounds[0], rounds[-1] + 1))):
            when = f"in force from round {rounds[0]} on"  # it still is: the rounds run on
        parts = [f"  {term_label(obs, issue, option)}: {when}"]
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
    """'; China answered: protest' style suffix for a ledger row."""
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
