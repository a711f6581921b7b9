"""The terminal game: one human seat against an AI agent, with numbered menus and plain lines.

The player only ever sees ``observe(state, side)``; the agent only its own
observation. Every action goes through ``engine.step`` and then the
``on_action`` callback (the autosave), so the game can stop at any prompt
and resume from its save.
"""

from __future__ import annotations

from collections.abc import Callable

from game.ai.base import Agent
from game.core import engine
from game.core.actions import Accept, Action, Implement, Pass, Propose, Reject, Respond
from game.core.events import GameEvent, seen_by
from game.core.observe import Observation, observe
from game.core.record import GameRecord
from game.core.scenario import other
from game.core.state import GameState
from game.sim.batch import AgentError
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
    "Scoring: each side banks what the round was worth to it.",
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
    ) -> None:
        self.notes = notes  # printed after the opening (e.g. where the game is saved)
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
            f"You lead the {DELEGATION[self.side]} against an AI opponent "
            f"({getattr(self.agent, 'name', 'ai')}) playing {NAMES[other(self.side)]}.",
            f"The game lasts {obs.rounds} rounds.",
            "",
        )
        self.show_brief()
        say("", *HELP, "")
        say("At any prompt type a number, or help, brief, status, ledger, rules or quit.")

    def run(self) -> GameState:
        """Play until the game is over (QuitRequested, EOFError or KeyboardInterrupt stop it)."""
        if not self.state.actions:
            self.intro()
            for note in self.notes:
                self.console.write(note)
            self.show_events(self.state.history)
        else:
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
        self.console.say(*final_lines(self.obs))
        self.console.say("")
        self.show_ledger()
        return self.state

    def agent_turn(self, party: str) -> None:
        """Let the opponent act on its own observation."""
        name = getattr(self.agent, "name", "the AI")
        try:
            action = self.agent.act(observe(self.state, party))
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

    def show_events(self, events: tuple[GameEvent, ...]) -> None:
        """Print visible events (verification results batched); after scoring, the round summary."""
        obs = self.obs
        checks: list[GameEvent] = []
        for event in events:
            if not seen_by(event, self.side):
                continue
            if event.kind == "verify":
                checks.append(event)
                continue
            if checks:
                self.console.say(*verification_lines(checks, obs))
                checks = []
            self.console.say(*event_lines(event, obs))
            if event.kind == "offer":
                self.offer_shown = event.terms
            if event.kind == "score" and event.party == self.side:
                self.console.say(*round_summary(obs, event.round))
        if checks:
            self.console.say(*verification_lines(checks, obs))

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
