"""The debrief as plain text lines, rendered from its facts (`game.report.debrief`).

Lines are logical lines (a terminal wraps them). Every technical term is explained in one
plain sentence, in brackets on its own line, where it first appears; the words for each
term are in `GLOSSARY`, so the window and the HTML report can explain them alike.
"""

from __future__ import annotations

from game.core.scenario import PARTIES, other
from game.report.debrief import Debrief, FinalScore, SideRecord, Theory
from game.words import count, every, inline

_NAMES = {"us": "the United States", "cn": "China"}

GLOSSARY = {
    "out of 100": "Out of 100, 0 is what a side would have had with no deal at all and 100 its "
                  "ideal deal as the game began, kept in every round, with full trust at the end.",
    "points": "Points are what a side banked round by round plus a bonus for how far the other "
              "side trusts it at the end.",
    "seen": "A breach is seen when verification reports it as an incident, public at once; an "
            "unseen one stayed secret until now.",
    "false alarm": "A false alarm is a violation reported when the promise was in fact kept: "
                   "verification is noisy.",
    "sanction": "A sanction costs its target points in every round it is in force, and the side "
                "imposing it less; it fades round by round.",
    "detection": "The detection rate is the chance that verification reports a broken promise; "
                 "the false-alarm rate, that it reports a kept one.",
    "as signed": "Valued as signed means as if the other side had kept every promise it owed: "
                 "the deal's worth on paper.",
    "relationship": "The relationship term gives a side points for how far the other side "
                    "trusts it at the end: the relations it leaves behind.",
    "deal scale": "Deal figures are per round if both sides keep their word: 0 is no deal, 100 "
                  "that side's ideal package.",
    "nash": "The Nash bargaining solution is the package that makes the product of both sides' "
            "gains over no deal largest: the most balanced efficient deal.",
    "frontier": "The Pareto frontier holds the deals where neither side can gain without the "
                "other losing; a deal short of it wastes points for both.",
    "from nash": "Points from the Nash package measure the distance to it on both sides' 0-100 "
                 "scales together; 0 means it is the Nash package.",
    "last round": "A promise broken in the last round can only be answered that same round: no "
                  "later round is left to answer it in kind.",
}


def out_of_range(score: FinalScore, record: SideRecord, name: str) -> str:
    """Why a side's score leaves 0–100, from the game's facts ("" when it does not): 100 is
    its ideal as the game began, so news that raised its stakes or gains from promises it
    broke can lift it past 100; below 0 it did worse than with no deal at all."""
    if round(score.normalised) < 0:
        return f"{name} did worse than with no deal at all."
    if round(score.normalised) <= 100:
        return ""
    you = name == "You"
    it = "you" if you else "it"
    reasons = []
    if score.raised_by_news:
        reasons.append(f"news raised what {'your' if you else 'its'} stakes were worth")
    if any(not deed.kept for deed in record.deeds):
        reasons.append(f"{it} gained from promises {it} broke in secret")
    why = f": {' and '.join(reasons)}" if reasons else ""
    return f"{name} {'score' if you else 'scores'} above 100, the ideal as the game began{why}."


def debrief_lines(d: Debrief) -> list[str]:
    """The whole debrief, in the order a class reads it."""
    text = _Text(d)
    lines = text.scores() + text.records() + text.lessons() + text.splits()
    if d.theory is not None:
        lines += text.theory(d.theory)
    return lines


class _Text:
    """Wording from one seat's side: 'you' for the viewer's party, else the side's name."""

    def __init__(self, d: Debrief) -> None:
        self.d = d
        self.me = d.viewer if d.viewer in PARTIES else ""
        self.explained: set[str] = set()
        self.sides = (self.me, other(self.me)) if self.me else PARTIES

    def explain(self, term: str) -> list[str]:
        """The term's sentence the first time it is used, else nothing."""
        if term in self.explained:
            return []
        self.explained.add(term)
        return [f"({GLOSSARY[term]})"]

    def who(self, party: str, capital: bool = False) -> str:
        if party == self.me:
            return "You" if capital else "you"
        name = _NAMES[party]
        return name[0].upper() + name[1:] if capital else name

    def whose(self, party: str, capital: bool = False) -> str:
        """'your' or 'China's'."""
        if party == self.me:
            return "Your" if capital else "your"
        name = self.who(party, capital)
        return name + ("'" if name.endswith("s") else "'s")

    def its(self, party: str) -> str:
        return "your" if party == self.me else "its"

    def title(self, issue: str) -> str:
        return self.d.names.issues.get(issue, issue)

    def answer(self, response: str) -> str:
        """A response as what the answering side did: 'protested', 'imposed targeted sanctions'
        (a level's label, which opens with a capital, read inside the sentence)."""
        fixed = {"": "has not answered", "none": "let it pass", "protest": "protested",
                 "suspend": "suspended the commitment"}
        if response in fixed:
            return fixed[response]
        return f"imposed {inline(self.d.names.levels.get(response, response))}"

    # --- scores and records ---------------------------------------------------------------

    def scores(self) -> list[str]:
        lines = ["", "==== Final scores ===="]
        parts = []
        for n, p in enumerate(self.sides):
            s = self.d.score(p)
            name = f"You ({_NAMES[p]})" if p == self.me else self.who(p, n == 0)
            parts.append(f"{name}: {_whole(s.normalised)} out of 100 ({_fig(s.raw)} points)")
        lines.append("; ".join(parts) + ".")
        lines += self.explain("out of 100") + self.explain("points")
        for p in self.sides:
            beyond = out_of_range(self.d.score(p), self.d.record(p), self.who(p, True))
            if beyond:
                lines.append(beyond)
        return lines

    def records(self) -> list[str]:
        lines = ["", "==== Words and actions ====",
                 "Nothing is secret any more: what each side promised, did, and what followed."]
        for p in self.sides:
            lines += self.record_lines(self.d.record(p))
        return lines

    def record_lines(self, r: SideRecord) -> list[str]:
        name, its = self.who(r.party, True), self.its(r.party)
        if not r.promises:
            mine = "yours" if r.party == self.me else "its"
            return [f"{name} owed nothing: no promise of {mine} was put to the test."]
        whole = (f"{its} only promise" if r.promises == 1
                 else f"{every(r.promises)} of {its} promises")
        if r.kept_its_word:
            head = f"{name} kept {whole}: words followed by actions."
        elif r.kept == 0:
            head = f"{name} broke {whole}."
        else:
            head = f"{name} kept {r.kept} of {its} {r.promises} promises and broke {r.broken}."
        lines = [head + (" " + self.seen_sentence(r) if r.broken else "")]
        if r.broken:
            lines += self.explain("seen")
        lines += self.issue_lines(r)
        if r.false_alarms:
            lines += self.explain("false alarm")
        if any(d.sanction for d in r.deeds):
            lines += self.explain("sanction")
        return lines

    def seen_sentence(self, r: SideRecord) -> str:
        """'3 of the 5 were seen, 2 went unseen; China protested each time.'"""
        them = self.who(other(r.party))
        if r.broken == 1:
            seen = "It was seen" if r.seen else "It went unseen"
        elif r.seen == r.broken:
            seen = f"{every(r.broken).capitalize()} were seen"
        elif not r.seen:
            seen = "Neither was seen" if r.broken == 2 else f"None of the {r.broken} was seen"
        else:
            seen = (f"{r.seen} of the {r.broken} {'was' if r.seen == 1 else 'were'} seen, "
                    f"{r.unseen} went unseen")
        answers = r.answered()
        if not answers:
            return seen + "."
        if len(answers) == 1:
            [(response, n)] = answers.items()
            return f"{seen}; {them} {self.answer(response)}{' each time' if n > 1 else ''}."
        told = ", ".join(f"{self.answer(resp)} {_times(n)}" for resp, n in answers.items())
        return f"{seen}; {them} {told}."

    def issue_lines(self, r: SideRecord) -> list[str]:
        """One line per issue, issues with the same plain record on one line."""
        them = self.who(other(r.party))
        uniform = len(r.answered()) == 1  # the answer is said once, in the seen sentence
        plain: dict[str, list[str]] = {}
        lines = []
        for issue in r.issues:
            kept, broke = issue.kept, issue.broken
            if kept and not broke:
                deeds = f"kept in {_rounds_text(kept)}"
            elif broke and not kept:
                deeds = f"broken in {_rounds_text(broke)}"
            else:
                both = [f"kept in {_rounds_text(kept)}", f"broken in {_rounds_text(broke)}"]
                deeds = ", ".join(both if kept[0] < broke[0] else both[::-1])
            seen = [d for d in r.deeds if d.issue == issue.issue and d.seen]
            if not seen:
                if deeds not in plain:
                    lines.append(deeds)  # the group's line goes where its first issue is
                plain.setdefault(deeds, []).append(self.title(issue.issue))
                continue
            caught = [d for d in seen if not d.kept]
            parts = [deeds]
            if caught:
                parts.append("seen in " + ", ".join(
                    f"round {d.round} (incident {d.incident}"
                    + ("" if uniform else f": {them} {self.answer(d.response)}") + ")"
                    for d in caught))
            parts += [f"a false alarm in round {d.round} (incident {d.incident}: {them} "
                      f"{self.answer(d.response)})" for d in seen if d.kept]
            lines.append(f"  {self.title(issue.issue)} — " + "; ".join(parts) + ".")
        return [f"  {', '.join(plain[line])} — {line}." if line in plain else line
                for line in lines]

    # --- what the game is about ------------------------------------------------------------

    def lessons(self) -> list[str]:
        lines = self.last_round() + self.retaliation() + self.false_alarms()
        lines += self.verification()
        return ["", "==== What this game shows ===="] + lines if lines else []

    def last_round(self) -> list[str]:
        lines = []
        for p in self.sides:
            late = self.d.record(p).final_breaches
            if late:
                issues = ", ".join(self.title(d.issue) for d in late)
                lines.append(f"In round {self.d.rounds}, the last, {self.who(p)} broke "
                             f"{count(len(late), 'promise')}: {issues}.")
                lines += self.explain("last round")
        return lines

    def retaliation(self) -> list[str]:
        """What each side's answers to incidents cost: sanctions both ways, lost commitments."""
        lines = []
        for p in self.sides:
            a = self.d.answers_by(p)
            if not a.incidents:
                continue
            target = self.who(other(p))
            if a.sanctions and a.cost_to_target is not None:
                lines.append(f"{self.whose(p, True)} sanctions, imposed over "
                             f"{count(len(a.sanctions), 'incident')}, cost {target} "
                             f"{_fig(a.cost_to_target)} points and cost {self.who(p)} "
                             f"{_fig(a.cost_to_self)}.")
            elif a.sanctions:
                lines.append(f"{self.who(p, True)} imposed sanctions over "
                             f"{count(len(a.sanctions), 'incident')}.")
            elif "suspend" not in a.counts and any(
                    i.real for i in self.d.incidents if i.id in a.incidents):
                lines.append(f"{self.who(p, True)} never imposed a sanction: being caught cost "
                             f"{target} no points at the time, only trust.")
            if "suspend" in a.counts:
                n = a.counts["suspend"]
                lines.append(f"{self.who(p, True)} suspended {count(n, 'commitment')}: "
                             f"{'it is' if n == 1 else 'each is'} lost to both sides for the rest "
                             "of the game.")
            if a.sanctions:
                lines += self.explain("sanction")
        if not self.d.incidents and any(r.broken for r in self.d.records):
            lines.append("No broken promise was reported, so none was ever answered.")
        return lines

    def false_alarms(self) -> list[str]:
        lines = []
        for i in self.d.incidents:
            if i.real:
                continue
            answerer = self.who(i.answerer, True)
            if i.response in ("", "none"):
                tail = f"{answerer} let it pass."
            else:
                why = ", punishing a promise that was kept" if i.sanction else " all the same"
                tail = (f"{answerer} {self.answer(i.response)}{why}; that lowers "
                        f"{self.whose(i.accused)} trust in {self.who(i.answerer)}.")
            lines.append(f"Incident {i.id} (round {i.round}, {self.title(i.issue)}) was a false "
                         f"alarm: {self.who(i.accused)} had kept {self.its(i.accused)} promise. "
                         + tail)
            lines += self.explain("false alarm")
        return lines

    def verification(self) -> list[str]:
        """Breaches seen and unseen per issue, with its options' detection rates."""
        broken = sum(r.broken for r in self.d.records)
        if not broken and not any(c.false_alarms for c in self.d.checks):
            return []
        seen = sum(r.seen for r in self.d.records)
        if broken == 1:
            head = f"Verification {'saw' if seen else 'missed'} the one broken promise:"
        elif broken:
            head = (f"Verification saw {seen or 'none'} of the "
                    f"{count(broken, 'broken promise')}:" if seen < broken
                    else f"Verification saw {every(broken)} broken promises:")
        else:
            head = "Nothing was broken, yet verification raised false alarms:"
        lines = [head]
        for issue in self.d.names.issues:
            checks = [c for c in self.d.checks if c.issue == issue]
            broke = sum(c.broken for c in checks)
            alarms = sum(c.false_alarms for c in checks)
            if not broke and not alarms:
                continue
            parts = [f"{sum(c.seen for c in checks)} of {broke} seen" if broke
                     else "nothing broken"]
            if broke:
                parts.append("detection " + _rates([c.detect for c in checks if c.broken]))
            if alarms:
                kept = sum(c.kept for c in checks)
                rates = _rates([c.false_alarm for c in checks if c.false_alarms])
                parts.append(f"{count(alarms, 'false alarm')} in {kept} kept "
                             f"(false-alarm rate {rates})")
            lines.append(f"  {self.title(issue)} — " + ", ".join(parts) + ".")
        return lines + self.explain("detection")

    # --- where the points came from ---------------------------------------------------------

    def splits(self) -> list[str]:
        lines = ["", "==== Where the points came from ===="]
        for p in self.sides:
            lines += self.split_lines(self.d.score(p))
        return lines

    def split_lines(self, s: FinalScore) -> list[str]:
        """A side's points from the deal's value as signed down to its final score."""
        p, them = s.party, self.who(other(s.party))
        you, your = self.who(p), self.its(p)
        if s.split is None:
            lines = [f"{self.who(p, True)}: {_fig(s.banked)} banked {_plus(s.relationship)} "
                     f"relationship term = {_fig(s.raw)} points ({your} valuations stay "
                     f"private, so {your} points are not split further)."]
            return lines + self.explain("relationship")
        b = s.split
        lines = [f"{self.whose(p, True)} {_fig(s.raw)} points:"]
        rows = [(b.as_signed, f"the deal, valued as signed (if {them} had kept every promise "
                              f"it owed {you})")]
        if b.lost:
            rows.append((-b.lost, f"taken away by {self.whose(other(p))} broken promises"))
        if b.cheating:
            rows.append((b.cheating, f"gained by {you} breaking {your} own promises"))
        if b.no_deal_rounds:
            rows.append((b.no_deal, f"the no-deal value of {count(b.no_deal_rounds, 'round')} "
                                    "without commitments"))
        if b.status_quo:
            rows.append((b.status_quo, "the status quo of issues with nothing agreed"))
        if b.sanctions_paid:
            rows.append((-b.sanctions_paid, f"sanctions on {you}"))
        if b.sanctions_sent:
            rows.append((-b.sanctions_sent, f"what {your} own sanctions cost {you}"))
        lines += [f"  {_signed(v):>8}  {what}" for v, what in rows]
        lines.append(f"  ={_fig(s.banked):>7}  banked")  # the figures and words in line
        lines.append(f"  {_signed(s.relationship):>8}  the relationship term")
        lines.append(f"  ={_fig(s.raw):>7}  points, {_whole(s.normalised)} out of 100")
        return lines + self.explain("as signed") + self.explain("relationship")

    # --- the theory -------------------------------------------------------------------------

    def theory(self, t: Theory) -> list[str]:
        me = self.me or "us"
        n = PARTIES.index(me)
        you, them = self.who(me), self.who(other(me))
        lines = ["", "==== How good was the deal? ===="]
        lines.append(f"The Nash bargaining solution is worth {_whole(t.nash_worth[n])} to {you} "
                     f"and {_whole(t.nash_worth[1 - n])} to {them}:")
        lines += [f"  {self.title(k)} — {self.label(k, v)}" for k, v in self.ordered(t.nash)]
        lines += self.explain("nash") + self.explain("deal scale")  # after the list it opens
        if not t.deals:
            return lines + ["No deal was signed, so both sides left all of that on the table."]
        for n_deal, deal in enumerate(t.deals):
            last = n_deal == len(t.deals) - 1
            where = ("on the Pareto frontier" if deal.on_frontier else
                     f"{_whole(deal.to_frontier)} points short of the Pareto frontier")
            lines.append(f"The deal in force after round {deal.round}'s signing is worth "
                         f"{_whole(deal.worth[n])} to {you} and {_whole(deal.worth[1 - n])} to "
                         f"{them}; {where}; {_whole(deal.to_nash)} points from the Nash package"
                         f"{self.difference(t.nash, deal.package) if last else ''}.")
            lines += self.explain("frontier") + self.explain("from nash")
        return lines + self.link(t, n)

    def link(self, t: Theory, n: int) -> list[str]:
        """'The deal is worth 66 to you' and 'your score is 74', side by side."""
        banked = t.banked_per_round
        if not self.me:
            return [f"On the same scale, what each side really banked came to "
                    f"{_whole(banked[0])} a round for the United States and "
                    f"{_whole(banked[1])} for China; their final scores out of 100 measure the "
                    "whole game instead, relationship term included."]
        s = self.d.score(self.me)
        worth = (f"the deal in force at the end is worth {_whole(t.final.worth[n])} a round to "
                 "you if both sides keep it" if t.final else "no deal was in force at the end")
        signed = t.signed_per_round[n]
        on_paper = (f"; valued as signed, your rounds were worth {_whole(signed)} on average"
                    if signed is not None else "")
        return [f"On the same scale, {worth}{on_paper}; what you really banked came to "
                f"{_whole(banked[n])} a round (the points above say why). Your final "
                f"{_whole(s.normalised)} out of 100 measures the whole game instead, "
                "relationship term included."]

    def ordered(self, package) -> list[tuple[str, str]]:
        rank = {k: n for n, k in enumerate(self.d.names.issues)}
        return sorted(package, key=lambda kv: rank.get(kv[0], len(rank)))

    def label(self, issue: str, option: str) -> str:
        return self.d.names.options.get(issue, {}).get(option, option)

    def difference(self, nash, package) -> str:
        """'' when it is the Nash package, else where it differs."""
        a, b = dict(nash), dict(package)
        issues = [k for k in self.d.names.issues if a.get(k) != b.get(k)]
        if not issues:
            return " (it is the Nash package)"
        parts = [f"{self.title(k)} — {self.label(k, b[k]) if k in b else 'nothing agreed'}"
                 for k in issues]
        return " (it differs on " + "; ".join(parts) + ")"


def _times(n: int) -> str:
    """'once', 'twice', '5 times'."""
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def _signed(value: float) -> str:
    """A figure with its sign, never '-0.00'."""
    value = 0.0 if abs(value) < 0.005 else value
    return f"{value:+.2f}"


def _fig(value: float) -> str:
    """A figure to two places, never '-0.00'."""
    return f"{0.0 if abs(value) < 0.005 else value:.2f}"


def _whole(value: float) -> str:
    """A figure to the unit, never '-0'."""
    return str(round(value) + 0)


def _plus(value: float) -> str:
    """'+ 3.20' or '- 1.00' between two terms."""
    value = 0.0 if abs(value) < 0.005 else value
    return f"{'-' if value < 0 else '+'} {_fig(abs(value))}"


def _rates(rates: list[float]) -> str:
    """'50%', or '50% or 60%, by option'."""
    shown = [_percent(r) for r in sorted(set(rates))]
    return shown[0] if len(shown) == 1 else " or ".join(shown) + ", by option"


def _percent(rate: float) -> str:
    """A rate as given: 0.015 is '1.5%', 0.3 is '30%'."""
    return f"{round(rate * 100, 4):g}%"


def _rounds_text(rounds) -> str:
    """'round 2' or 'rounds 1-3, 5'."""
    runs: list[list[int]] = []
    for n in sorted(rounds):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = [f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs]
    return ("round " if len(rounds) == 1 else "rounds ") + ", ".join(parts)
