"""The terminal game: one human seat against an AI agent, with numbered menus and plain lines.

The game runs on a table (game.table): the player only ever sees the table's view for its
side and the events that side may see; the AI plays its seat through the table too. Every
accepted move is journalled by the table before it is shown, so the game can stop at any
prompt and resume from its save.
"""

from __future__ import annotations

from collections.abc import Callable

from game.core import analysis
from game.core.actions import Accept, Action, Implement, Pass, Propose, Reject, Respond
from game.core.events import (
    GameEvent,
    StatementIssued,
    TrustShifted,
    ValueShifted,
    WeightChanged,
    seen_by,
)
from game.core.observe import Observation
from game.core.scenario import other
from game.table import IllegalMove, JournalError, Table
from game.ui.text_console import Command, Console
from game.ui.text_report import final_lines, round_summary
from game.ui.text_views import (
    CAPITAL,
    NAMES,
    brief_lines,
    event_lines,
    gain_from_breaking,
    issue_view,
    ledger_lines,
    money,
    option_choice,
    option_view,
    package_worth,
    red_line,
    status_lines,
    terms_lines,
    verification_lines,
    worth,
)

DELEGATION = {"us": "US delegation", "cn": "Chinese delegation"}
HELP = (
    "How a round works:",
    "Talks: offers go back and forth until one is accepted, or talks end.",
    "Implementation: each side secretly keeps or breaks each commitment it signed.",
    "Verification: noisy checks may report a violation, or raise a false alarm.",
    "Response: the wronged side lets it pass, protests, sanctions, or suspends the commitment.",
    "Scoring: each side banks what the round was worth to it. You see it valued as signed "
    "(as if the other side kept its word); what you really banked is revealed at the end.",
)
NEWS_EFFECTS = (WeightChanged, ValueShifted, TrustShifted)


class TextGame:
    """A terminal game in progress on a table: the player's side and what it has been shown."""

    def __init__(
        self,
        table: Table,
        side: str,
        console: Console,
        notes: tuple[str, ...] = (),
        opponent: str = "",
    ) -> None:
        self.notes = notes  # printed after the opening (e.g. where the game is saved)
        self.table = table
        self.side = side
        self.opponent = opponent or "an AI"
        self.console = console
        self.shown = table.version  # the version up to which events have been shown
        self.offer_shown: tuple | None = None  # the last offer printed, not to print it twice
        self.warning = ""  # said on every screen that shows the game (an unverified save)
        console.commands.update(
            {
                "brief": Command("your confidential brief and valuations", self.show_brief),
                "status": Command("score, commitments, sanctions and trust", self.show_status),
                "ledger": Command("the promise ledger", self.show_ledger),
                "rules": Command("how a round works", lambda: console.say(*HELP)),
            }
        )

    @property
    def obs(self) -> Observation:
        """The player's view now."""
        return self.table.view(self.side)

    def show_brief(self) -> None:
        self.console.say(*brief_lines(self.obs))

    def show_status(self) -> None:
        self.console.say(*self.warned(status_lines(self.obs)))

    def warned(self, lines: list[str]) -> list[str]:
        """Lines with the save's warning first, if it has one."""
        return [self.warning, *lines] if self.warning else lines

    def show_ledger(self) -> None:
        self.console.say(*self.warned(ledger_lines(self.obs)))

    def intro(self) -> None:
        """The opening: scenario, sides, the brief, and how to play."""
        obs = self.obs
        say = self.console.say
        say(f"Truce: {obs.title}", self.table.scenario.summary.strip(), "")
        say(
            f"You lead the {DELEGATION[self.side]}; the AI plays {NAMES[other(self.side)]}.",
            f"Your opponent: {self.opponent}",
            f"The game lasts {obs.rounds} rounds.",
        )
        self.show_events(obs.history)  # round 1 opens with its news
        say("", "Your brief, with the figures as they stand after this news:", "")
        self.show_brief()
        say("", *HELP, "")
        say("At any prompt type a number, or help, brief, status, ledger, rules or quit.")

    def run(self) -> Observation:
        """Play until the game is over (QuitRequested, EOFError or KeyboardInterrupt stop it;
        an AI that fails raises game.table.AgentFailed). Returns the player's final view."""
        if not self.table.version:
            self.intro()
            for note in self.notes:
                self.console.write(note)
        else:
            self.console.write(f"Your opponent: {self.opponent}")
            for note in self.notes:
                self.console.write(note)
            if self.table.over:
                self.console.say("This game is over; here is how it ended.")
            else:
                self.console.say(f"Resuming: round {self.table.state.round}.")
                self.show_status()
        while not self.table.over:
            if self.side in self.table.humans_owed():
                self.player_turn()
            else:
                self.table.run_bots()
                self.show_new()
        self.console.say(*self.warned(final_lines(self.obs, self.deal_analysis())))
        self.console.say("")
        self.show_ledger()
        return self.obs

    def player_turn(self) -> None:
        """Ask the player for an action until the table accepts one."""
        while True:
            obs = self.obs
            action = PHASE_TURNS[obs.phase](self, obs)
            if action is None:
                continue
            try:
                self.table.submit(self.side, action, obs.version)
            except IllegalMove as illegal:
                self.console.say(f"That is not allowed: {illegal.illegal.reason}.")
                continue
            except JournalError as problem:
                self.console.say(f"Your move could not be saved, so it was not made: {problem}",
                                 "Free some space or fix the folder, then try again "
                                 "(or type quit: the game is saved up to your last move).")
                continue
            self.show_new()
            return

    def show_new(self) -> None:
        """Show the events the player has not seen yet."""
        updates = self.table.events_since(self.side, self.shown)
        self.shown = self.table.version
        self.show_events(tuple(u.event for u in updates))

    def deal_analysis(self) -> analysis.DealAnalysis | None:
        """The scenario's Pareto frontier and Nash solution for the debrief (None if too big)."""
        try:
            return analysis.analyse_scenario(self.table.scenario)
        except (ValueError, MemoryError):
            return None

    def show_events(self, events: tuple[GameEvent, ...]) -> None:
        """Print visible events in order: verification results batched, news with what it
        changed for the player, and when a round is scored its summary, as the round stood
        (before the next round's news, which follows under its own round)."""
        obs = self.obs
        checks: list[GameEvent] = []
        news: list[GameEvent] = []
        for n, event in enumerate(events):
            if not seen_by(event, self.side) or event.kind in ("score", "flag"):
                continue  # once the game is over every event is shown; the debrief tells it
            if isinstance(event, StatementIssued):
                if event.party == self.side:
                    if checks:
                        self.console.say(*verification_lines(checks, obs))
                        checks = []
                    then = trust_before(events[n + 1 :], obs)
                    self.console.say(*round_summary(obs, event.round, then))
                continue
            if isinstance(event, NEWS_EFFECTS):
                news.append(event)
                continue
            if event.kind == "verify":
                checks.append(event)
                continue
            if checks:
                self.console.say(*verification_lines(checks, obs))
                checks = []
            if news:
                self.console.say(*news_changes(news, obs))
                news = []
            self.console.say(*event_lines(event, obs))
            if event.kind == "offer":
                self.offer_shown = event.terms
        if checks:
            self.console.say(*verification_lines(checks, obs))
        if news:
            self.console.say(*news_changes(news, obs))

    # --- the player's turns, one per phase ----------------------------------------------------

    def negotiate(self, obs: Observation) -> Action | None:
        """Talks: open with an offer or pass; answer an offer with accept, reject or counter."""
        legal = obs.legal_actions
        say = self.console.say
        left = obs.exchanges_left
        say(
            "", f"Talks, round {obs.round}: {left} offer{'' if left == 1 else 's'} left this round."
        )
        if obs.offer is None:
            choices: list[tuple[str, Callable[[], Action | None]]] = []
            if legal.has_proposals():
                choices.append(("Build an offer", lambda: self.build_offer(obs, ())))
            choices.append(("Make no offer (talks end for this round)", lambda: Pass(obs.seat)))
            label, act = zip(*choices, strict=True)
            return act[self.console.choose("Your move:", label)]()
        worth_it = package_worth(obs, obs.offer)
        if self.offer_shown != obs.offer:
            say(f"{CAPITAL[obs.offer_by]}'s offer ({money(worth_it)} a round to you):")
            say(*terms_lines(obs, obs.offer))
        if obs.commitments:
            now = {c.issue: c.option for c in obs.commitments}
            after = {**now, **dict(obs.offer)}
            say(
                "Signing replaces commitments in force on the same issues. All your "
                f"commitments would then be worth {money(package_worth(obs, after.items()))} "
                f"a round to you (now {money(package_worth(obs, now.items()))})."
            )
        choices = []
        if Accept(obs.seat) in legal.fixed:
            choices.append(("Accept this offer", lambda: Accept(obs.seat)))
        else:
            crossed = [red_line(obs, k, v) for k, v in obs.offer if red_line(obs, k, v)]
            say(f"You cannot accept it: {crossed[0] if crossed else 'the rules forbid it'}")
        choices.append(("Reject it (talks end for this round)", lambda: Reject(obs.seat)))
        if legal.has_proposals():
            choices.append(
                (
                    "Make a counter-offer (starts from this one)",
                    lambda: self.build_offer(obs, obs.offer),
                )
            )
        else:
            say("No offers are left this round: accept or reject.")
        label, act = zip(*choices, strict=True)
        return act[self.console.choose("Your move:", label)]()

    def build_offer(self, obs: Observation, start) -> Action | None:
        """The package builder: pick an option per issue, then propose; None to go back."""
        terms = {k: v for k, v in start if not red_line(obs, k, v)}
        while True:
            rows = []
            for issue in obs.issues:
                chosen = terms.get(issue.id)
                text = option_view(obs, issue.id, chosen).label if chosen else "left out"
                extra = f" ({money(worth(obs, issue.id, chosen))})" if chosen else ""
                rows.append(f"{issue.title} — {text}{extra}")
            total = package_worth(obs, terms.items())
            rows += [
                f"Propose this offer ({money(total)} a round to you)",
                "Clear the offer",
                "Back",
            ]
            pick = self.console.choose(
                "Your offer: pick an issue to change it, or propose it.", rows
            )
            if pick < len(obs.issues):
                self.pick_option(obs, obs.issues[pick].id, terms)
            elif pick == len(obs.issues):
                if terms:
                    return Propose(obs.seat, tuple(terms.items()))
                self.console.say("An offer must settle at least one issue: pick an option first.")
            elif pick == len(obs.issues) + 1:
                terms.clear()
            else:
                return None

    def pick_option(self, obs: Observation, issue_id: str, terms: dict) -> None:
        """Choose one option (or none) for an issue of the offer being built."""
        issue = issue_view(obs, issue_id)
        rows = ["Leave this issue out of the offer"]
        for opt in issue.options:
            crossed = red_line(obs, issue.id, opt.id)
            rows.append(option_choice(obs, issue.id, opt) + (" (your red line)" if crossed else ""))
        pick = self.console.choose(f"{issue.title}: which option?", rows)
        if pick == 0:
            terms.pop(issue.id, None)
            return
        option = issue.options[pick - 1]
        crossed = red_line(obs, issue.id, option.id)
        if crossed:
            self.console.say(f"You may not offer that: {crossed}")
            return
        terms[issue.id] = option.id

    def implement(self, obs: Observation) -> Action:
        """Secretly keep or break each commitment that binds the player this round."""
        say = self.console.say
        them = NAMES[other(obs.party)]
        say(
            "",
            f"Implementation, round {obs.round}: {them} never sees your choices, only what "
            "its noisy verification reports. Your commitments:",
        )
        owed = {c.issue: c.option for c in obs.commitments}
        for issue_id in obs.obligations:
            opt = option_view(obs, issue_id, owed[issue_id])
            say(
                f"  {issue_view(obs, issue_id).title} — {opt.label}: worth "
                f"{money(worth(obs, issue_id, opt.id))} to you while {them} keeps its side; "
                f"breaking it secretly gains {money(gain_from_breaking(obs, issue_id, opt.id))}; "
                f"{them} catches a breach {opt.detect:.0%} of the time."
            )
        mode = self.console.choose(
            "What do you do?",
            ["Keep every commitment", "Decide commitment by commitment"],
        )
        choices = []
        for issue_id in obs.obligations:
            if mode == 0:
                choices.append((issue_id, "comply"))
                continue
            label = option_view(obs, issue_id, owed[issue_id]).label
            title = f"{issue_view(obs, issue_id).title} — {label}:"
            pick = self.console.choose(title, ["Keep it", "Break it secretly"])
            choices.append((issue_id, ("comply", "defect")[pick]))
        return Implement(obs.seat, tuple(choices))

    def respond(self, obs: Observation) -> Action:
        """Answer the first open incident against the other side."""
        incident = next(i for i in obs.incidents if not i.response and i.accused != obs.party)
        opt = option_view(obs, incident.issue, incident.option)
        them = NAMES[incident.accused]
        title = issue_view(obs, incident.issue).title
        self.console.say(
            "",
            f"Incident {incident.id}: {them} is reported to have broken {title} — {opt.label}.",
            f"This check catches {opt.detect:.0%} of real breaches and falsely accuses "
            f"{opt.false_alarm:.0%} of the time, so the report may be wrong.",
            f"Your trust that {them} keeps its word on {title}: "
            f"{obs.own.trust[incident.issue][0]:.2f}.",
            f"If it is a false alarm, a harsh answer makes {them} trust you less.",
        )
        levels = {level.id: level for level in obs.sanction_levels}
        answers = [a for a in obs.legal_actions.fixed if isinstance(a, Respond)]
        answers = [a for a in answers if a.incident == incident.id]
        rows = []
        for action in answers:
            level = levels.get(action.response)
            if level is not None:
                rows.append(
                    f"Sanction: {level.label} (costs {them} {level.cost_target:g} "
                    f"and you {level.cost_sender:g} a round, fading over time)"
                )
            else:
                rows.append(RESPONSE_ROWS[action.response].format(title=title, opt=opt, them=them))
        return answers[self.console.choose("How do you answer?", rows)]


RESPONSE_ROWS = {
    "none": "Let it pass",
    "protest": "Protest publicly",
    "suspend": "Suspend the commitment on {title} (it ends for both sides)",
}

PHASE_TURNS: dict[str, Callable[[TextGame, Observation], Action | None]] = {
    "negotiate": TextGame.negotiate,
    "implement": TextGame.implement,
    "respond": TextGame.respond,
}


def trust_before(events: tuple[GameEvent, ...], obs: Observation) -> dict[str, float]:
    """The player's mean trust per issue before some events (its news trust shifts undone)."""
    means = {k: v[0] for k, v in obs.own.trust.items()}
    for event in reversed(events):
        if isinstance(event, TrustShifted) and event.observer == obs.party:
            means[event.issue] = event.before
    return means


def news_changes(effects: list[GameEvent], obs: Observation) -> list[str]:
    """What news changed in the player's own figures: priorities, values, trust."""
    lines = []
    them = NAMES[other(obs.party)]
    weights = dict(obs.own.weights)
    for e in effects:
        if isinstance(e, WeightChanged) and e.party == obs.party:
            title = issue_view(obs, e.issue).title
            lines.append(f"  Your priority on {title}: {e.before:.2f} -> {e.after:.2f}.")
    for e in effects:
        if isinstance(e, ValueShifted) and e.party == obs.party:
            label = option_view(obs, e.issue, e.option).label
            weight = weights[e.issue]
            lines.append(f"  {label} is now worth {money(weight * e.after)} a round to you "
                         f"(was {money(weight * e.before)}).")
    moved = {}
    for e in effects:
        if isinstance(e, TrustShifted) and e.observer == obs.party:
            before = moved.get(e.issue, (e.before, e.after))[0]
            moved[e.issue] = (before, e.after)
    shown = {k: v for k, v in moved.items() if abs(v[0] - v[1]) > 0.005}
    was = {round(v[0], 2) for v in shown.values()}
    now = {round(v[1], 2) for v in shown.values()}
    if shown and len(shown) == len(obs.issues) and len(was) == 1 and len(now) == 1:
        lines.append(f"  Your trust that {them} keeps its word, on every issue: "
                     f"{was.pop():.2f} -> {now.pop():.2f}.")
    else:
        for issue in obs.issues:
            if issue.id in shown:
                before, after = shown[issue.id]
                lines.append(f"  Your trust that {them} keeps its word on {issue.title}: "
                             f"{before:.2f} -> {after:.2f}.")
    return ["What this news changed for you:", *lines] if lines else []
