"""The terminal game: one human seat against an AI agent, with numbered menus and plain lines.

The player only ever sees ``observe(state, side)``; the agent only its own
observation. Every action goes through ``engine.step`` and then the
``on_action`` callback (the autosave), so the game can stop at any prompt
and resume from its save.
"""

from __future__ import annotations

from collections.abc import Callable

from game.ai.base import Agent
from game.core import analysis, engine
from game.core.actions import Accept, Action, Implement, Pass, Propose, Reject, Respond
from game.core.events import GameEvent, NewsFired, seen_by
from game.core.observe import Observation, observe
from game.core.record import GameRecord
from game.core.scenario import other
from game.core.state import GameState
from game.sim.batch import AgentError, checked_act
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


class TextGame:
    """A terminal game in progress: the record so far, the player's side and the opponent."""

    def __init__(
        self,
        record: GameRecord,
        side: str,
        agent: Agent,
        console: Console,
        on_action: Callable[[GameRecord], None] = lambda record: None,
        notes: tuple[str, ...] = (),
        opponent: str = "",
    ) -> None:
        self.notes = notes  # printed after the opening (e.g. where the game is saved)
        self.opponent = opponent or getattr(agent, "name", "an AI")
        self.side = side
        self.agent = agent
        self.console = console
        self.on_action = on_action
        self.state: GameState = record.state()
        self.offer_shown: tuple | None = None  # the last offer printed, not to print it twice
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
        """The player's observation now."""
        return observe(self.state, self.side)

    def show_brief(self) -> None:
        self.console.say(*brief_lines(self.obs))

    def show_status(self) -> None:
        self.console.say(*status_lines(self.obs))

    def show_ledger(self) -> None:
        self.console.say(*ledger_lines(self.obs))

    def intro(self) -> None:
        """The opening: scenario, sides, the brief, and how to play."""
        obs = self.obs
        scenario = self.state.scenario
        say = self.console.say
        say(f"Truce: {obs.title}", scenario.summary.strip(), "")
        say(
            f"You lead the {DELEGATION[self.side]}; the AI plays {NAMES[other(self.side)]}.",
            f"Your opponent: {self.opponent}",
            f"The game lasts {obs.rounds} rounds.",
        )
        self.show_events(self.state.history)  # round 1 opens with its news
        say("", "Your brief, with the figures as they stand after this news:", "")
        self.show_brief()
        say("", *HELP, "")
        say("At any prompt type a number, or help, brief, status, ledger, rules or quit.")

    def run(self) -> GameState:
        """Play until the game is over (QuitRequested, EOFError or KeyboardInterrupt stop it)."""
        if not self.state.actions:
            self.intro()
            for note in self.notes:
                self.console.write(note)
        else:
            self.console.write(f"Your opponent: {self.opponent}")
            for note in self.notes:
                self.console.write(note)
            if engine.is_over(self.state):
                self.console.say("This game is over; here is how it ended.")
            else:
                self.console.say(f"Resuming: round {self.state.round}.")
                self.show_status()
        while not engine.is_over(self.state):
            waiting = engine.awaiting(self.state)
            if not waiting:
                raise AgentError(f"the game stalled in round {self.state.round}")
            if self.side in waiting:
                self.player_turn()
            else:
                self.agent_turn(waiting[0])
        self.console.say(*final_lines(self.obs, self.deal_analysis()))
        self.console.say("")
        self.show_ledger()
        return self.state

    def agent_turn(self, party: str) -> None:
        """Let the opponent act on its own observation."""
        name = getattr(self.agent, "name", "the AI")
        action = checked_act(self.agent, observe(self.state, party), party)  # AgentError
        try:
            self.apply(action)
        except engine.IllegalAction as illegal:
            raise AgentError(f"the AI opponent ({name}) played {illegal}") from None

    def player_turn(self) -> None:
        """Ask the player for an action until the rules accept one."""
        while True:
            obs = self.obs
            action = PHASE_TURNS[obs.phase](self, obs)
            if action is None:
                continue
            try:
                self.apply(action)
                return
            except engine.IllegalAction as illegal:
                self.console.say(f"That is not allowed: {illegal.reason}.")

    def apply(self, action: Action) -> None:
        """Step the game, save it, and show the player what they may see of the result."""
        self.state, events = engine.step(self.state, action)
        self.on_action(GameRecord.of(self.state))
        self.show_events(events)

    def deal_analysis(self) -> analysis.DealAnalysis | None:
        """The scenario's Pareto frontier and Nash solution for the debrief (None if too big)."""
        try:
            return analysis.analyse_scenario(self.state.scenario)
        except (ValueError, MemoryError):
            return None

    def show_events(self, events: tuple[GameEvent, ...]) -> None:
        """Print visible events in order: verification results batched, news with what it
        changed for the player, and when a round is scored its summary, as the round stood
        (before the next round's news, which follows under its own round)."""
        obs = self.obs
        checks: list[GameEvent] = []
        news: list[NewsFired] = []
        for n, event in enumerate(events):
            if event.kind == "score":  # the true payoff stays secret; the round is over
                if event.party == self.side:
                    if checks:
                        self.console.say(*verification_lines(checks, obs))
                        checks = []
                    then = self.trust_before(events[n + 1 :], obs)
                    self.console.say(*round_summary(obs, event.round, then))
                continue
            if not seen_by(event, self.side):
                continue
            if event.kind == "verify":
                checks.append(event)
                continue
            if checks:
                self.console.say(*verification_lines(checks, obs))
                checks = []
            if news and event.kind != "news":
                self.console.say(*self.news_changes(news, obs))
                news = []
            self.console.say(*event_lines(event, obs))
            if isinstance(event, NewsFired):
                news.append(event)
            if event.kind == "offer":
                self.offer_shown = event.terms
        if checks:
            self.console.say(*verification_lines(checks, obs))
        if news:
            self.console.say(*self.news_changes(news, obs))

    def _effects(self, news: list[GameEvent], kind: str):
        """The scenario effects of some fired news that touch the player's own figures."""
        by_id = {e.id: e for e in self.state.scenario.events}
        for event in news:
            if not isinstance(event, NewsFired) or event.event not in by_id:
                continue
            for effect in by_id[event.event].effects:
                if effect.kind == kind and effect.party in ("", self.side):
                    yield effect

    def trust_before(self, news: tuple[GameEvent, ...] | list, obs: Observation) -> dict:
        """The player's mean trust per issue before some news (its trust effects undone)."""
        means = {k: v[0] for k, v in obs.own.trust.items()}
        for effect in self._effects(list(news), "trust"):
            for issue in [effect.issue] if effect.issue else list(means):
                means[issue] -= effect.delta
        return means

    def news_changes(self, news: list[NewsFired], obs: Observation) -> list[str]:
        """What a batch of news changed in the player's own figures: priorities, trust, values."""
        own = obs.own
        lines = []
        weights = dict(own.weights)
        for effect in self._effects(news, "salience"):
            for issue in [effect.issue] if effect.issue else list(weights):
                if effect.factor:
                    weights[issue] /= effect.factor
        for issue in obs.issues:
            if abs(weights[issue.id] - own.weights[issue.id]) > 1e-9:
                lines.append(f"  Your priority on {issue.title}: {weights[issue.id]:.2f} -> "
                             f"{own.weights[issue.id]:.2f}.")
        for effect in self._effects(news, "value"):
            if effect.issue and effect.option:
                now = worth(obs, effect.issue, effect.option)
                was = weights[effect.issue] * (own.values[effect.issue][effect.option]
                                               - effect.delta)
                label = option_view(obs, effect.issue, effect.option).label
                lines.append(f"  {label} is now worth {money(now)} a round to you "
                             f"(was {money(was)}).")
        before = self.trust_before(news, obs)
        moved = [i for i in obs.issues if abs(before[i.id] - own.trust[i.id][0]) > 0.005]
        them = NAMES[other(self.side)]
        was = {round(before[i.id], 2) for i in obs.issues}
        now = {round(own.trust[i.id][0], 2) for i in obs.issues}
        if moved and len(was) == 1 and len(now) == 1:
            lines.append(f"  Your trust that {them} keeps its word, on every issue: "
                         f"{was.pop():.2f} -> {now.pop():.2f}.")
        else:
            for i in moved:
                lines.append(f"  Your trust that {them} keeps its word on {i.title}: "
                             f"{before[i.id]:.2f} -> {own.trust[i.id][0]:.2f}.")
        return ["What this news changed for you:", *lines] if lines else []

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
