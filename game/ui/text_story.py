"""A whole game told in order in one seat's words: `truce replay`'s transcript (and any
console that tells a game after the fact).

Each action's events are told with the seat's observation just after that action, as the
terminal game told them at the time: a player's view in the second person with its round
summaries, the facilitator's or the public's by the narrator (game.ui.text_events).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from game.core.actions import Action
from game.core.events import GameEvent, RoundStarted, StatementIssued, seen_by
from game.core.observe import Observation
from game.core.scenario import PARTIES, Scenario
from game.table import HUMAN, Table
from game.ui.text import NEWS_EFFECTS, imposed_by_answer, trust_before
from game.ui.text_events import event_lines, narrated, news_changes, verification_lines
from game.ui.text_report import round_summary
from game.ui.text_views import subject


def game_told(scenario: Scenario, seed: int, actions: Iterable[Action], seat: str
              ) -> list[str]:
    """Every event of a game the seat may see ("facilitator": every one), in its words."""
    table = Table.open(scenario, seed, {party: HUMAN for party in PARTIES})
    lines = told([u.event for u in table.events_since(seat, -1)], table.view(seat), seat)
    for action in actions:
        before = table.version
        table.apply_log((action,))
        lines += told([u.event for u in table.events_since(seat, before)], table.view(seat),
                      seat)
    return lines


def told(events: Sequence[GameEvent], obs: Observation, seat: str) -> list[str]:
    """Some events in order as the seat reads them: a header for each round, a round's
    verification results together, news with what it changed (for the seat's side, or for
    each side whose brief the view holds), a player's round summary when its round is scored."""
    lines: list[str] = []
    checks: list[GameEvent] = []
    news: list[GameEvent] = []

    def flush() -> None:
        if checks:
            lines.extend(verification_lines(checks, obs))
            checks.clear()
        if news:
            for party in (("us", "cn") if narrated(obs) else (obs.party,)):
                if party in obs.views:
                    lines.extend(news_changes(news, obs, party))
            news.clear()

    shown = [e for e in events if seat == "facilitator" or seen_by(e, seat)]
    for n, event in enumerate(shown):
        if isinstance(event, NEWS_EFFECTS):
            news.append(event)
            continue
        if event.kind == "verify":
            checks.append(event)
            continue
        flush()
        if isinstance(event, RoundStarted):
            first = subject(event.proposer, obs.party, "propose", "proposes")
            lines += ["", f"== Round {event.round} of {obs.rounds} ==", f"{first} first."]
        elif isinstance(event, StatementIssued):
            if event.party == obs.party:
                lines += round_summary(obs, event.round, trust_before(tuple(shown[n + 1:]), obs))
        elif not imposed_by_answer(event, shown[n - 1] if n else None):
            lines += event_lines(event, obs)
    flush()
    return lines
