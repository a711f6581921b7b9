"""The terminal player's turns, one per phase that waits for a player: talks (with the
package builder), implementation and responses. Each turn reads the player's observation,
asks through numbered menus and returns an action (None to ask again)."""

from __future__ import annotations

from collections.abc import Callable

from game.core.actions import Accept, Action, Implement, Pass, Propose, Reject, Respond
from game.core.links import link_problem
from game.core.observe import Observation
from game.core.scenario import other
from game.ui.text_console import Console
from game.ui.text_layout import Column, table
from game.ui.text_views import (
    CAPITAL,
    DEAL_COLUMNS,
    MENU,
    NAMES,
    WIDTH,
    count,
    deal_after,
    deal_lines,
    deal_rows,
    deal_worth,
    figure,
    gain_from_breaking,
    in_force,
    in_words,
    issue_view,
    links,
    listing,
    money,
    option_rows,
    option_view,
    percent,
    possessive,
    red_line,
    short_title,
)
from game.words import every

IMPLEMENT_COLUMNS = (Column("Issue", shrink=True), Column("Commitment", shrink=True),
                     Column("You"), Column("Break", right=True), Column("Seen", right=True))
RESPONSE_ROWS = {
    "none": "Let it pass",
    "protest": "Protest publicly",
    "suspend": "Suspend the commitment on {title} (it ends for both sides)",
}


class PlayerTurns:
    """The player's turns; the game provides `console` and remembers the offer it showed."""

    console: Console
    offer_shown: tuple | None
    told: set[str]  # the legends already printed (each is printed once a game)

    def first_time(self, key: str, legend: str) -> list[str]:
        """[legend] the first time it is asked for, then [] (the headings say the rest)."""
        if key in self.told:
            return []
        self.told.add(key)
        return [legend]

    def negotiate(self, obs: Observation) -> Action | None:
        """Talks: open with an offer or pass; answer an offer with accept, reject or counter."""
        legal = obs.legal_actions
        left = f"Talks: {count(obs.exchanges_left, 'offer')} left this round. Your move:"
        if obs.offer is None:
            choices: list[tuple[str, Callable[[], Action | None]]] = []
            if legal.has_proposals():
                choices.append(("Build an offer", lambda: self.build_offer(obs, ())))
            choices.append(("Make no offer (talks end for this round)", lambda: Pass(obs.seat)))
            label, act = zip(*choices, strict=True)
            return act[self.console.choose(["", left], label)]()
        if self.offer_shown != obs.offer:
            self.console.say(f"{possessive(CAPITAL[obs.offer_by])} offer:",
                             *deal_lines(obs, obs.offer))
            self.offer_shown = obs.offer
        choices = []
        if Accept(obs.seat) in legal.fixed:
            choices.append(("Accept this offer", lambda: Accept(obs.seat)))
        else:
            crossed = [red_line(obs, k, v) for k, v in obs.offer if red_line(obs, k, v)]
            self.console.say(
                f"You cannot accept it: {crossed[0] if crossed else 'the rules forbid it'}")
        choices.append(("Reject it (talks end for this round)", lambda: Reject(obs.seat)))
        if legal.has_proposals():
            choices.append(("Make a counter-offer (starts from this one)",
                            lambda: self.build_offer(obs, obs.offer)))
        else:
            left = "No offers are left this round: accept or reject. Your move:"
        label, act = zip(*choices, strict=True)
        return act[self.console.choose(left, label)]()

    def build_offer(self, obs: Observation, start) -> Action | None:
        """The package builder: pick an option per issue, then propose; None to go back.
        An issue left out of the offer shows what stays in force on it."""
        terms = {k: v for k, v in start if not red_line(obs, k, v)}
        n = len(obs.issues)
        if not terms and not obs.commitments:
            self.walk_issues(obs, terms)
        digits = len(str(n + 3))
        while True:
            ordered = [(i.id, terms[i.id]) for i in obs.issues if i.id in terms]
            lines = table(DEAL_COLUMNS, draft_rows(obs, ordered), WIDTH - MENU - digits + 1)
            total = f" (the whole deal: {money(deal_worth(obs, ordered))} a round to you)"
            rows = lines[1:] + [f"Propose this offer{total if terms else ''}",
                                "Clear the offer", "Back"]
            question = ["Your offer: pick an issue to change it, or propose it.",
                        " " * (MENU + digits - 1) + lines[0]]
            pick = self.console.choose(question, rows)
            if pick < n:
                self.pick_option(obs, obs.issues[pick].id, terms)
            elif pick == n:
                if not terms:
                    self.console.say("An offer must settle at least one issue: pick an option "
                                     "first.")
                    continue
                problem = link_problem(ordered, links(obs), in_force(obs))
                if not problem:
                    return Propose(obs.seat, tuple(ordered))
                self.console.say(f"You may not propose that yet: {in_words(obs, problem)}.")
            elif pick == n + 1:
                terms.clear()
            else:
                return None

    def walk_issues(self, obs: Observation, terms: dict) -> None:
        """A first offer with nothing in force: ask for each issue in turn, skipping the
        issues with no option on the table yet (said once, by name)."""
        walked = [i for i in obs.issues if any(o.available for o in i.options)]
        closed = [i.title for i in obs.issues if i not in walked]
        if closed:
            self.console.say(f"Not on the table yet: {listing(closed)}.")
        for n, issue in enumerate(walked, 1):
            while not self.pick_option(obs, issue.id, terms, f"Issue {n} of {len(walked)}: "):
                pass  # a red line was picked: ask again

    def pick_option(self, obs: Observation, issue_id: str, terms: dict, step: str = "") -> bool:
        """Choose one option (or none) for an issue of the offer being built; False if the
        player picked an option across a red line (nothing changes)."""
        issue = issue_view(obs, issue_id)
        heading, rows = option_rows(obs, issue)
        now = in_force(obs).get(issue_id)
        keep = f" ({option_view(obs, issue_id, now).label} stays in force)" if now else ""
        legend = self.first_time("options", "(Worth: what it brings you a round; Break: what "
                                 "breaking it would gain you a round; Seen: how often a breach "
                                 "is reported; False: how often a kept promise is reported "
                                 "broken.)")
        if any("%/" in row for row in rows):
            legend += self.first_time("by side", "(Two figures: checks on you / checks on "
                                      f"{NAMES[other(obs.party)]}; they differ by side.)")
        pick = self.console.choose([f"{step}{issue.title}: which option?", *legend, heading],
                                   [f"Leave it out of the offer{keep}", *rows])
        if pick == 0:
            terms.pop(issue.id, None)
            return True
        option = issue.options[pick - 1]
        if not option.available:
            self.console.say("That option is not on the table now.")
            return False
        crossed = red_line(obs, issue.id, option.id)
        if crossed:
            self.console.say(f"You may not offer that: {crossed}")
            return False
        terms[issue.id] = option.id
        needs = [pair for pair in option.requires
                 if terms.get(pair[0], in_force(obs).get(pair[0])) != pair[1]]
        if needs:
            named = [f'"{option_view(obs, k, o).label}"' for k, o in needs]
            self.console.say(f'"{option.label}" comes only with {listing(named)}: put that in '
                             "the offer too.")
        return True

    def implement(self, obs: Observation) -> Action:
        """Secretly keep or break each commitment that binds the player this round: keeping
        them all is one answer; otherwise one menu whose rows switch a commitment between
        keeping and breaking (with what breaking gains and how often it is caught)."""
        them = NAMES[other(obs.party)]
        owed = [i.id for i in obs.issues if i.id in obs.obligations]
        later = [f"{short_title(obs, c.issue)} (due in round {c.due})" for c in obs.commitments
                 if c.due > obs.round and obs.party in c.obliges]
        if later:  # signed, but nothing to do on it this round
            self.console.say(f"Not due yet: {listing(later)}.")
        mode = self.console.choose(
            f"Implementation: {them} sees only what its noisy checks report.",
            ["Keep every commitment" if len(owed) > 1 else "Keep your commitment",
             "Break some in secret (what each gains you, how often it is seen)" if len(owed) > 1
             else "Break it in secret (what it gains you, how often it is seen)"])
        if mode == 0:
            return Implement(obs.seat, tuple((k, "comply") for k in owed))
        options = in_force(obs)
        breaking = set(owed) if len(owed) == 1 else set()  # "Break it": already switched
        indent = MENU + len(str(len(owed) + 1)) - 1  # columns the menu's numbers take
        question = ["Pick a commitment to switch it between keep and break; 1 carries out your "
                    "choices."]
        question += self.first_time("implement", "(Break: what breaking it secretly gains you "
                                    f"this round; Seen: how often {possessive(them)} checks "
                                    "report a breach.)")
        shown = False
        while True:
            rows = []
            for k in owed:
                opt = option_view(obs, k, options[k])
                rows.append([short_title(obs, k), opt.label, "BREAK" if k in breaking else "keep",
                             money(gain_from_breaking(obs, k, opt.id)), percent(opt.detect)])
            lines = table(IMPLEMENT_COLUMNS, rows, WIDTH - indent)
            plan = carry_out(len(owed), len(breaking))
            if shown:  # the table is just above: say what changed, not the whole menu again
                question = [f"Switch another, or 1 to carry out: {plan}."]
            else:
                question = [*question, " " * indent + lines[0]]
            pick = self.console.choose(question, [f"Carry out: {plan}", *lines[1:]], shown=shown)
            if pick == 0:
                return Implement(obs.seat, tuple(
                    (k, "defect" if k in breaking else "comply") for k in owed))
            issue = owed[pick - 1]
            breaking ^= {issue}
            now = "break it secretly" if issue in breaking else "keep it"
            self.console.say(f"  {short_title(obs, issue)}: you {now}.")
            shown = True

    def respond(self, obs: Observation) -> Action:
        """Answer the first open incident against the other side."""
        incident = next(i for i in obs.incidents if not i.response and i.accused != obs.party)
        opt = option_view(obs, incident.issue, incident.option)
        them = NAMES[incident.accused]
        title = issue_view(obs, incident.issue).title
        if opt.false_alarm > 0:
            odds = (f"This check catches {percent(opt.detect)} of real breaches and falsely "
                    f"accuses {percent(opt.false_alarm)} of the time, so the report may be "
                    f"wrong; answering a false alarm harshly costs you {possessive(them)} "
                    "trust.")
        else:
            odds = (f"This check catches {percent(opt.detect)} of real breaches and never "
                    "accuses falsely: the breach is certain.")
        self.console.say(
            "",
            f"Incident {incident.id}: {them} is reported to have broken {title} — "
            f"{opt.label}.",
            f"{odds} Your trust in {them} on it: {figure(obs.own.trust[incident.issue][0])}.",
        )
        levels = {level.id: level for level in obs.sanction_levels}
        answers = [a for a in obs.legal_actions.fixed
                   if isinstance(a, Respond) and a.incident == incident.id]
        rows = []
        for action in answers:
            level = levels.get(action.response)
            if level is not None:
                rows.append(f"Sanction: {level.label} ({them} pays {level.cost_target:g} a "
                            f"round, you {level.cost_sender:g}; it fades)")
            else:
                rows.append(RESPONSE_ROWS[action.response].format(title=title))
        question = f"How do you answer incident {incident.id} ({short_title(obs, incident.issue)})?"
        return answers[self.console.choose(question, rows)]


def draft_rows(obs: Observation, terms: list[tuple[str, str]]) -> list[list[str]]:
    """The offer being built as the deal it would make, an option picked without the option
    it comes only with shown as still needing it (it could not be signed as it stands)."""
    rows = deal_rows(obs, terms)
    after = deal_after(obs, terms)
    for n, issue in enumerate(obs.issues):
        picked = dict(terms).get(issue.id)
        if picked is not None and after.get(issue.id) != picked:
            label = option_view(obs, issue.id, picked).label
            rows[n][1:] = [f"needs its link: {label}", ""]
    return rows


def carry_out(owed: int, breaking: int) -> str:
    """'keep all 6', 'keep both', 'keep 4, secretly break 2', 'secretly break all 6'."""
    if not breaking:
        return "keep it" if owed == 1 else f"keep {every(owed)}"
    if breaking == owed:
        return "secretly break it" if owed == 1 else f"secretly break {every(owed)}"
    return f"keep {owed - breaking}, secretly break {breaking}"


PHASE_TURNS: dict[str, Callable[[PlayerTurns, Observation], Action | None]] = {
    "negotiate": PlayerTurns.negotiate,
    "implement": PlayerTurns.implement,
    "respond": PlayerTurns.respond,
}
