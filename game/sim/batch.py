"""Headless play: one game or many between agents, each summed up as a plain record.

``play_game`` is the building block for ``truce simulate`` and tournaments: it
plays a full game, feeding each agent only its own seat's observation, and
returns a :class:`GameSummary` (the replayable record plus the figures a
researcher compares: scores, agreements, incidents, sanctions, final trust).
``play_games`` plays N games whose seeds derive from one master seed, so the
same arguments always give the same games.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from game.ai.base import Agent
from game.ai.registry import make_agent
from game.core.events import Accepted
from game.core.record import GameRecord
from game.core.scenario import PARTIES, Scenario
from game.core.seeds import derive_seed
from game.core.state import Score
from game.table import MOVE_LIMIT, AgentFailed, Table, bots

MAX_ACTIONS = 100_000  # a guard against an engine or agent that never lets a game end

AgentError = AgentFailed  # an agent failed, broke the rules or ran out of time (one line)
agent_name = bots.agent_name


@dataclass(frozen=True)
class GameSummary:
    """One finished game: its record and the figures simulations and tournaments compare.

    Per-party mappings are keyed "us" and "cn". `incidents` counts reported
    violations against each party, `false_alarms` those where it had in fact
    complied, `defections` its secret defections, `sanctions` the sanctions it
    imposed, `trust` its final mean trust in the other side (over issues).
    `agreements` maps each issue to the option last signed on it (None if never),
    `in_force` to the option still in force at the end.
    """

    index: int
    seed: int
    agents: Mapping[str, str]
    record: GameRecord
    scores: Mapping[str, Score]
    agreements: Mapping[str, str | None]
    in_force: Mapping[str, str | None]
    rounds: int
    deal_rounds: int
    incidents: Mapping[str, int]
    false_alarms: Mapping[str, int]
    defections: Mapping[str, int]
    sanctions: Mapping[str, int]
    trust: Mapping[str, float]

    def to_json(self) -> dict:
        """A JSON-ready dict (floats rounded to 6 places so the output reads and diffs well)."""
        return {
            "game": self.index,
            "seed": self.seed,
            "agents": dict(self.agents),
            "scores": {
                p: {k: round(v, 6) for k, v in self.scores[p].to_json().items()} for p in PARTIES
            },
            "agreements": dict(self.agreements),
            "in_force": dict(self.in_force),
            "rounds": self.rounds,
            "deal_rounds": self.deal_rounds,
            "incidents": dict(self.incidents),
            "false_alarms": dict(self.false_alarms),
            "defections": dict(self.defections),
            "sanctions": dict(self.sanctions),
            "trust": {p: round(v, 6) for p, v in self.trust.items()},
            "actions": len(self.record.actions),
        }


def play_table(scenario: Scenario, agents: Mapping[str, Agent], seed: int,
               move_limit: float | None = MOVE_LIMIT) -> Table:
    """A game between agents played to its end on a table (no journal); AgentError if an agent
    fails, breaks the rules, runs past its move limit, or the game stalls."""
    table = Table.open(scenario, seed, dict(agents), move_limit=move_limit)
    table.run_bots(max_moves=MAX_ACTIONS)
    if not table.over:
        raise AgentError(f"the game stalled in round {table.state.round} ({table.state.phase})")
    return table


def play_game(
    scenario: Scenario, agents: Mapping[str, Agent], seed: int, *, index: int = 0,
    move_limit: float | None = MOVE_LIMIT,
) -> GameSummary:
    """Play one full game between agents ({"us": agent, "cn": agent}) and sum it up.

    Each agent only ever sees its own seat's view. An agent that raises, returns an illegal
    action or a non-action, runs past `move_limit` seconds, or stalls the game raises
    AgentError.
    """
    table = play_table(scenario, agents, seed, move_limit)
    names = {p: agent_name(agents[p]) for p in PARTIES}
    return summarise(table, names, index=index)


def summarise(table: Table, agents: Mapping[str, str], *, index: int = 0) -> GameSummary:
    """The figures of a finished (or stopped) game, read from the facilitator's view."""
    view = table.view("facilitator")
    issues = [i.id for i in view.issues]
    signed: dict[str, str | None] = dict.fromkeys(issues)
    for event in view.history:
        if isinstance(event, Accepted):
            signed.update(dict(event.terms))
    in_force: dict[str, str | None] = dict.fromkeys(issues)
    in_force.update({c.issue: c.option for c in view.commitments})
    truth = view.truth or {}
    zero = dict.fromkeys(PARTIES, 0)
    incidents, false_alarms, sanctions = dict(zero), dict(zero), dict(zero)
    levels = {level.id for level in view.sanction_levels}
    for incident in view.incidents:
        incidents[incident.accused] += 1
        if not truth.get(incident.id, True):
            false_alarms[incident.accused] += 1
        if incident.response in levels:
            sanctions["cn" if incident.accused == "us" else "us"] += 1
    defections = dict(zero)
    for row in view.ledger:
        if row.did == "defect":
            defections[row.party] += 1
    trust = {
        p: statistics.fmean(mean for mean, _ in view.views[p].trust.values()) if issues else 0.0
        for p in PARTIES
    }
    return GameSummary(
        index=index,
        seed=table.seed,
        agents=dict(agents),
        record=table.record(),
        scores=table.scores(),
        agreements=signed,
        in_force=in_force,
        rounds=min(view.round, view.rounds),
        deal_rounds=len({row.round for row in view.ledger}),
        incidents=incidents,
        false_alarms=false_alarms,
        defections=defections,
        sanctions=sanctions,
        trust=trust,
    )


def play_games(
    scenario: Scenario, specs: Mapping[str, str], games: int, seed: int,
    move_limit: float | None = MOVE_LIMIT,
) -> list[GameSummary]:
    """Play `games` games between agent specs ({"us": "random", "cn": "module:Class"}).

    Game i uses seed derive_seed(seed, i); each agent gets a fresh instance
    seeded with derive_seed(game seed, party). A bad spec raises ValueError.
    """
    for party in PARTIES:  # fail on a bad spec before playing anything
        make_agent(specs[party], party, 0, scenario=scenario)
    out = []
    for i in range(games):
        game_seed = derive_seed(seed, i)
        agents = {
            p: make_agent(specs[p], p, derive_seed(game_seed, p), scenario=scenario)
            for p in PARTIES
        }
        summary = play_game(scenario, agents, game_seed, index=i, move_limit=move_limit)
        out.append(summary)
    return out


def aggregate(summaries: Sequence[GameSummary]) -> dict:
    """Means over games: scores, agreement rate per issue, rounds, incidents, sanctions, trust."""
    if not summaries:
        return {"games": 0}

    def mean(values) -> float:
        return round(statistics.fmean(values), 6)

    issues = list(summaries[0].agreements)
    return {
        "games": len(summaries),
        "raw": {p: mean(s.scores[p].raw for s in summaries) for p in PARTIES},
        "normalised": {p: mean(s.scores[p].normalised for s in summaries) for p in PARTIES},
        "agreement_rate": {k: mean(s.agreements[k] is not None for s in summaries) for k in issues},
        "in_force_rate": {k: mean(s.in_force[k] is not None for s in summaries) for k in issues},
        "rounds": mean(s.rounds for s in summaries),
        "deal_rounds": mean(s.deal_rounds for s in summaries),
        "incidents": {p: mean(s.incidents[p] for s in summaries) for p in PARTIES},
        "false_alarms": {p: mean(s.false_alarms[p] for s in summaries) for p in PARTIES},
        "defections": {p: mean(s.defections[p] for s in summaries) for p in PARTIES},
        "sanctions": {p: mean(s.sanctions[p] for s in summaries) for p in PARTIES},
        "trust": {p: mean(s.trust[p] for s in summaries) for p in PARTIES},
    }
