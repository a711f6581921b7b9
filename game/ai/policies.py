"""Implementation and sanction policies: what an agent does after the deal is signed.

Each policy is a function of the seat's observation, the agent's temperament and a seeded
generator, and returns choices (issue -> "comply" | "defect") or a response name. Agents
pick their policies by name from IMPLEMENT and RESPOND.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from game.core.observe import Observation, OptionView
from game.core.scenario import Personality, other

TRUST_STEP = 0.15  # rough fall in the other side's trust in us after one detected violation
RELATIONSHIP = 20.0  # a typical relationship weight (the scenario's is not in the observation)


def option_view(obs: Observation, issue: str, option: str) -> OptionView:
    """The public view of an option."""
    for view in obs.issues:
        if view.id == issue:
            return next(o for o in view.options if o.id == option)
    raise KeyError(issue)


def commitment_option(obs: Observation, issue: str) -> str:
    """The option signed on an issue (KeyError if none is in force)."""
    for c in obs.commitments:
        if c.issue == issue:
            return c.option
    raise KeyError(issue)


def reported_last_round(obs: Observation) -> set[str]:
    """Issues on which the other side was reported violating in the previous round."""
    them = other(obs.party)
    return {i.issue for i in obs.incidents if i.accused == them and i.round == obs.round - 1}


# -- implement -----------------------------------------------------------------------------------
Choices = dict[str, str]
ImplementPolicy = Callable[[Observation, Personality, random.Random], Choices]


def comply_unless_unseen(obs: Observation, mood: Personality, rng: random.Random) -> Choices:
    """Comply, except where detection is so weak that the personality's opportunism tempts it."""
    out = {}
    for issue in obs.obligations:
        view = option_view(obs, issue, commitment_option(obs, issue))
        out[issue] = "defect" if view.rates(obs.party)[0] <= mood.opportunism / 2 else "comply"
    return out


def always(choice: str) -> ImplementPolicy:
    """The same choice on every obligation."""

    def policy(obs: Observation, mood: Personality, rng: random.Random) -> Choices:
        return dict.fromkeys(obs.obligations, choice)

    policy.__doc__ = f"{choice.capitalize()} on every obligation."
    return policy


def mirror(forgive: bool) -> ImplementPolicy:
    """Tit-for-tat on compliance: after the other side is caught, break every obligation once."""

    def policy(obs: Observation, mood: Personality, rng: random.Random) -> Choices:
        out = comply_unless_unseen(obs, mood, rng)
        caught = reported_last_round(obs)
        if forgive:
            caught = {k for k in sorted(caught) if rng.random() >= mood.forgiveness}
        if caught:
            out = dict.fromkeys(obs.obligations, "defect")
        return out

    policy.__doc__ = "Mirror the other side's observed compliance" + (
        ", forgiving some violations." if forgive else "."
    )
    return policy


def punish_rate(obs: Observation) -> float:
    """How often the other side has sanctioned or suspended over reports against us (prior 1/2)."""
    levels = {lv.id for lv in obs.sanction_levels} | {"suspend"}
    answered = [i for i in obs.incidents if i.accused == obs.party and i.response]
    punished = sum(1 for i in answered if i.response in levels)
    return (punished + 0.5) / (len(answered) + 2.0)


def mirror_rate(obs: Observation) -> float:
    """How often a report against us was followed by one against the other side (prior 1/2)."""
    them = other(obs.party)
    ours = {i.round for i in obs.incidents if i.accused == obs.party and i.round < obs.round - 1}
    theirs = {i.round for i in obs.incidents if i.accused == them}
    echoed = sum(1 for r in ours if r + 1 in theirs)
    return (echoed + 0.25) / (len(ours) + 1.0)


def stake(obs: Observation, issue: str, option: str) -> float:
    """What the other side's compliance on a signed option is worth to us per round now."""
    own = obs.own
    view = option_view(obs, issue, option)
    if other(obs.party) not in view.obliges:
        return 0.0
    return max(own.weights[issue] * own.values[issue][option] * own.trust[issue][0], 0.0)


def defection_margin(obs: Observation, issue: str, option: str, mood: Personality) -> float:
    """Expected net gain of defecting on an option this round (negative: keep the promise).

    cost = detect x (lost relationship + P(punish) x expected sanction + P(answer in kind) x
    what the other side's compliance is worth to us over the next rounds: on this issue, and
    half of it on the others, as reciprocators answer across the board). P(punish) and
    P(answer in kind) are learnt from how the other side met earlier reports against us.
    """
    own = obs.own
    view = option_view(obs, issue, option)
    if obs.party not in view.obliges:
        return 0.0
    levels = [lv for lv in obs.sanction_levels if lv.issue in ("", issue)]
    left = obs.rounds - obs.round
    fade = 2.0 - 0.5**left  # a sanction bites this round and fades (by half, typically) after
    sanction = levels[0].cost_target * fade if levels else 0.0
    gain = own.weights[issue] * own.temptations[issue][option] * (0.8 + mood.opportunism)
    here = stake(obs, issue, option)
    elsewhere = sum(stake(obs, c.issue, c.option) for c in obs.commitments if c.issue != issue)
    seen = sum(1 for i in obs.incidents if i.accused == obs.party and i.issue == issue)
    relation = RELATIONSHIP * TRUST_STEP / max(len(obs.issues), 1) / (1 + seen)  # trust has a floor
    future = min(left, 2) * (here + 0.5 * elsewhere)
    cost = view.rates(obs.party)[0] * (relation + punish_rate(obs) * sanction
                                       + mirror_rate(obs) * future)
    if view.due is not None and other(obs.party) not in view.obliges:
        # a one-off act owed by us alone pays us only if done, from now to the end
        still = own.status_quo.get(issue, 0.0)
        cost += own.weights[issue] * max(own.values[issue][option] - still, 0.0) * (left + 1)
    return gain - cost


def calculated(obs: Observation, mood: Personality, rng: random.Random) -> Choices:
    """Defect where the private gain beats the expected cost of being caught (see
    defection_margin), and answer clear violations in proportion: on the issues where the
    other side was caught last round, and on every obligation if it was caught the round
    before too or on several issues at once. It lets a single violation pass when forgiving,
    or when the violation may have echoed
    a report against us while the other side was clean (contrition breaks the echo of
    tit-for-tat after a false alarm)."""
    them = other(obs.party)
    last, before = obs.round - 1, obs.round - 2
    clear = {
        i.issue for i in obs.incidents
        if i.accused == them and i.round == last and guilt(obs, i.id) >= 0.5
    }
    theirs_before = any(i.accused == them and i.round == before for i in obs.incidents)
    ours_before = any(i.accused == obs.party and i.round == before for i in obs.incidents)
    provoked = ours_before and not theirs_before
    if provoked or (len(clear) == 1 and rng.random() < mood.forgiveness):
        clear = set()
    everywhere = bool(clear) and (theirs_before or len(clear) >= 2)
    out = {}
    for issue in obs.obligations:
        margin = defection_margin(obs, issue, commitment_option(obs, issue), mood)
        answer = everywhere or issue in clear
        out[issue] = "defect" if margin > 0 or answer else "comply"
    return out


IMPLEMENT: dict[str, ImplementPolicy] = {
    "comply": comply_unless_unseen,
    "always-comply": always("comply"),
    "always-defect": always("defect"),
    "mirror": mirror(forgive=False),
    "generous-mirror": mirror(forgive=True),
    "calculated": calculated,
}


# -- respond -------------------------------------------------------------------------------------
RespondPolicy = Callable[[Observation, int, Personality, random.Random], str]


def guilt(obs: Observation, incident_id: int) -> float:
    """P(the accused really defected | the report), from own trust and the option's verification."""
    incident = next(i for i in obs.incidents if i.id == incident_id)
    view = option_view(obs, incident.issue, incident.option)
    honest = min(max(obs.own.trust[incident.issue][0], 1e-6), 1 - 1e-6)
    detect, false_alarm = view.rates(incident.accused)
    true_report = (1 - honest) * detect
    false_report = honest * false_alarm
    total = true_report + false_report
    return true_report / total if total > 0 else 0.0


def _repeat(obs: Observation, incident_id: int) -> int:
    """How many earlier reports against the same side on the same issue."""
    incident = next(i for i in obs.incidents if i.id == incident_id)
    return sum(
        1
        for i in obs.incidents
        if i.accused == incident.accused and i.issue == incident.issue and i.id < incident.id
    )


def _level(obs: Observation, rung: int, incident: int = 0) -> str:
    """The rung of the ladder, among the levels that may answer this incident."""
    issue = next((i.issue for i in obs.incidents if i.id == incident), "")
    levels = [lv for lv in obs.sanction_levels if lv.issue in ("", issue)]
    if not levels:
        return "protest"
    return levels[min(rung, len(levels) - 1)].id


def lenient(obs: Observation, incident: int, mood: Personality, rng: random.Random) -> str:
    """Protest a probable violation; let a probable false alarm pass."""
    return "protest" if guilt(obs, incident) >= 0.5 else "none"


def silent(obs: Observation, incident: int, mood: Personality, rng: random.Random) -> str:
    """Never answer."""
    return "none"


def reciprocal(forgive: bool) -> RespondPolicy:
    """Sanction a probable violation, harder for repeat offences and a fierce temperament."""

    def policy(obs: Observation, incident: int, mood: Personality, rng: random.Random) -> str:
        p = guilt(obs, incident)
        if forgive and rng.random() < mood.forgiveness:
            return "protest" if p >= 0.5 else "none"
        if p < 0.3:
            return "none"
        if p < 0.5:
            return "protest"
        rung = 1 if _repeat(obs, incident) and mood.retaliation >= 0.7 else 0
        return _level(obs, rung, incident)

    policy.__doc__ = "Sanction probable violations" + (", forgiving some." if forgive else ".")
    return policy


def undeterred(obs: Observation) -> bool:
    """True once two of our sanctions were each followed by another report against them."""
    levels = {lv.id for lv in obs.sanction_levels}
    them = other(obs.party)
    reported = {i.round for i in obs.incidents if i.accused == them}
    sanctioned = {i.round for i in obs.incidents if i.accused == them and i.response in levels}
    return sum(1 for r in sanctioned if r + 1 in reported) >= 2


def sanction_pays(obs: Observation, incident: int, level: str) -> bool:
    """Does a sanction at `level` cost us less than what it can deter?

    Its cost to us is the sender's cost this round and, fading by half a round (the usual
    decay; the observation does not carry it), in the rounds left; what it can deter is half
    of what the other side's compliance on every commitment is worth to us over the rounds
    left, times the chance the report was a real violation. In the final round nothing is
    left to deter: the scenario has no reputation after the game, so no sanction pays.
    """
    left = obs.rounds - obs.round
    rung = next((lv for lv in obs.sanction_levels if lv.id == level), None)
    if left <= 0 or rung is None:
        return False
    cost = rung.cost_sender * (2.0 - 0.5**left)
    at_stake = sum(stake(obs, c.issue, c.option) for c in obs.commitments) * left
    return guilt(obs, incident) * 0.5 * at_stake > cost


def proportional(obs: Observation, incident: int, mood: Personality, rng: random.Random) -> str:
    """Forgive likely false alarms, protest doubtful cases and first offences, sanction repeats.

    A sanction costs the sender too, so while one of ours still bites, or once sanctions have
    failed to deter twice, a new violation draws a protest; only repeated clear violations by
    a fierce temperament climb the ladder, and only a sanction that costs us less than what
    it can deter (sanction_pays: never one in the final round) is imposed.
    """
    p = guilt(obs, incident)
    threshold = 0.5 + 0.3 * mood.forgiveness
    if p < threshold - 0.25:
        return "none"
    repeats = _repeat(obs, incident)
    if p < threshold or (repeats == 0 and mood.retaliation < 0.7):
        return "protest"  # a first offence earns a warning: sanctions cost the sender too
    biting = any(s.sender == obs.party and s.strength >= 0.3 for s in obs.sanctions)
    if biting or undeterred(obs):
        return "protest"
    rung = 1 if repeats >= 2 and mood.retaliation >= 0.7 else 0
    level = _level(obs, rung, incident)
    return level if level == "protest" or sanction_pays(obs, incident, level) else "protest"


def clear_offences(obs: Observation, reading: float, upto: int | None = None) -> list[int]:
    """Ids of reports against the other side read as real violations (P(guilty) >= reading),
    in order; with ``upto``, only those up to that incident."""
    them = other(obs.party)
    return [
        i.id for i in obs.incidents
        if i.accused == them and (upto is None or i.id <= upto) and guilt(obs, i.id) >= reading
    ]


def keeps_breaking(obs: Observation, reading: float = 0.5) -> bool:
    """True once the other side was caught, as we read the reports, in two different rounds."""
    ids = set(clear_offences(obs, reading))
    return len({i.round for i in obs.incidents if i.id in ids}) >= 2


def in_proportion(reading: float) -> RespondPolicy:
    """Answer reported violations in proportion to the evidence and the record.

    A report read as a real violation (P(guilty) >= reading; below it a protest when the
    doubt is small, else nothing) climbs a ladder by the other side's count of such
    violations so far: a protest, then the first sanction rung, then the next. A fierce
    temperament (retaliation >= 0.7) starts a rung higher; the second offence is let off
    with a protest as often as the temperament forgives. A second violation on the same
    commitment suspends it: a promise kept by one side only is no deal.
    """

    def policy(obs: Observation, incident: int, mood: Personality, rng: random.Random) -> str:
        p = guilt(obs, incident)
        if p < reading:
            return "protest" if p >= reading - 0.2 else "none"
        offences = clear_offences(obs, reading, upto=incident)
        here = next(i for i in obs.incidents if i.id == incident)
        on_issue = [i for i in obs.incidents if i.id in set(offences) and i.issue == here.issue]
        if len(on_issue) >= 2 and any(c.issue == here.issue for c in obs.commitments):
            return "suspend"
        rung = len(offences) - 1 + (mood.retaliation >= 0.7)
        if rung == 1 and rng.random() < mood.forgiveness:
            rung = 0  # a second offence may still be let off with a protest
        return "protest" if rung <= 0 else _level(obs, rung - 1, incident)

    policy.__doc__ = f"Answer violations in proportion (reports read as real at P >= {reading})."
    return policy


RESPOND: dict[str, RespondPolicy] = {
    "lenient": lenient,
    "silent": silent,
    "reciprocal": reciprocal(forgive=False),
    "generous": reciprocal(forgive=True),
    "proportional": proportional,
    "in-proportion": in_proportion(0.5),
    "in-proportion-credulous": in_proportion(0.35),  # takes doubtful reports as violations
}
