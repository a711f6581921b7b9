"""Playthroughs: seeded games recorded as transcripts, committed, re-run and diffed.

Each transcript lists every action (with the number of legal actions the mover had) and the
text of every event it caused, as the facilitator sees them, then the final scores and trust.
Regenerate after an intended change of the rules or of a scenario:

    python -m tests.playthroughs regenerate          # all of them
    python -m tests.playthroughs regenerate NAME...  # some
    python -m tests.playthroughs check               # diff without writing
"""

from __future__ import annotations

import pathlib
from collections.abc import Callable
from dataclasses import dataclass

from game.ai.random_agent import RandomAgent
from game.core.actions import parse_action
from game.core.record import scenario_hash
from game.core.scenario import Scenario
from game.table import HUMAN, Table

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def _factory(name: str) -> Callable[[], Scenario]:
    def build() -> Scenario:
        from tests import factories

        if name == "two-issue-news":
            return factories.two_issue_scenario(events=factories.news_events(), rounds=4)
        return factories.with_red_line()

    return build


def _shipped(file: str) -> Callable[[], Scenario]:
    def build() -> Scenario:
        from game.scenario.loader import load_scenario

        return load_scenario(ROOT / "scenarios" / file)

    return build


@dataclass(frozen=True)
class Playthrough:
    """A recorded game: a scenario, a seed, and either scripted action lines or random agents."""

    name: str
    scenario: Callable[[], Scenario]
    seed: int
    script: tuple[str, ...] = ()  # action lines; empty = random agents for both sides

    @property
    def path(self) -> pathlib.Path:
        """Where the transcript is committed."""
        return HERE / f"{self.name}.txt"


SCRIPTED = (
    "facilitator inject embargo",
    "us propose cyber=dialogue maritime=halt",
    "cn propose cyber=pledge maritime=halt",
    "us.ustr accept",
    "us implement cyber=comply",
    "cn implement cyber=defect maritime=defect",
)

WORKED_ROUND = (  # docs/rules.md walks through this round
    "us propose cyber=dialogue climate=cap-and-trade maritime=halt-reclamation",
    "cn propose cyber=pledge climate=cap-and-trade ict=fair-competition",
    "us accept",
    "us implement climate=comply cyber=comply ict=comply",
    "cn implement climate=comply cyber=defect ict=comply",
    "us respond 1 targeted",
)

PLAYTHROUGHS = (
    Playthrough("two-issue-scripted", _factory("two-issue-news"), 3, SCRIPTED),
    Playthrough("two-issue-random-1", _factory("two-issue-news"), 1),
    Playthrough("red-line-random-2", _factory("red-line"), 2),
    Playthrough("state-visit-2015-random-7", _shipped("state-visit-2015.yaml"), 7),
    Playthrough(
        "state-visit-2015-worked-round", _shipped("state-visit-2015.yaml"), 7, WORKED_ROUND,
    ),
    Playthrough("cyber-pledge-random-5", _shipped("cyber-pledge.yaml"), 5),
)


def header_hash(text: str) -> str:
    """The scenario hash recorded in a transcript's header ("" if none)."""
    for line in text.splitlines():
        if line.startswith("# scenario hash: "):
            return line.split(": ", 1)[1].strip()
    return ""


def transcript(play: Playthrough) -> str:
    """Play the game on a table and return its transcript (the facilitator's events)."""
    scenario = play.scenario()
    table = Table.open(scenario, play.seed, {"us": HUMAN, "cn": HUMAN})
    agents = {p: RandomAgent(p, play.seed * 2 + n) for n, p in enumerate(("us", "cn"))}
    lines = [
        f"# Truce playthrough {play.name}",
        f"# scenario: {scenario.id}",
        f"# scenario hash: {scenario_hash(scenario)}",
        f"# seed: {play.seed}",
        f"# moves: {'scripted, then random' if play.script else 'random agents'}",
        "# regenerate: python -m tests.playthroughs regenerate",
    ]
    lines += [f"  {u.event.text()}" for u in table.events_since("facilitator", -1)]
    script = list(play.script)
    while not table.over:
        if script:
            action = parse_action(script.pop(0))
            seat = action.seat
        else:
            seat = table.waiting_for()[0]
            action = agents[seat].act(table.view(seat))
        count = len(table.view(seat).legal_actions)
        before = table.version
        table.submit(seat, action, before)
        lines.append(f"> {action.text()}   [{count} legal]")
        lines += [f"  {u.event.text()}" for u in table.events_since("facilitator", before)]
    for party, score in table.scores().items():
        lines.append(
            f"= {party}: banked {score.banked:.4f} relationship {score.relationship:.4f} "
            f"raw {score.raw:.4f} normalised {score.normalised:.2f}"
        )
    view = table.view("facilitator")
    for party in ("us", "cn"):
        trust = view.views[party].trust
        shown = " ".join(f"{k}={trust[k][0]:.4f}" for k in trust)
        lines.append(f"= trust of {party} in the other side: {shown}")
    return "\n".join(lines) + "\n"


def regenerate(names: list[str] | None = None) -> list[str]:
    """Rewrite the transcripts (all, or those named); returns the names written."""
    written = []
    for play in PLAYTHROUGHS:
        if names and play.name not in names:
            continue
        play.path.write_text(transcript(play), encoding="utf-8")
        written.append(play.name)
    return written
