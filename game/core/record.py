"""Game records: a game is its scenario, seed and action log; replay rebuilds any state exactly."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, is_dataclass

from game.core import engine
from game.core.actions import Action
from game.core.plain import at_default
from game.core.scenario import Scenario
from game.core.state import GameState


@dataclass(frozen=True, eq=False)
class GameRecord:
    """Scenario + seed + actions. Truncate to undo; extend differently to branch."""

    scenario: Scenario
    seed: int
    actions: tuple[Action, ...] = ()

    def state(self) -> GameState:
        """The state after replaying every action."""
        return replay(self.scenario, self.seed, self.actions)

    def truncate(self, length: int) -> GameRecord:
        """The record of the first `length` actions (undo back to that point)."""
        return GameRecord(self.scenario, self.seed, self.actions[: max(0, length)])

    def extend(self, *actions: Action) -> GameRecord:
        """The record with more actions appended (they are checked when replayed)."""
        return GameRecord(self.scenario, self.seed, self.actions + tuple(actions))

    @classmethod
    def of(cls, state: GameState) -> GameRecord:
        """The record that reproduces a state."""
        return cls(state.scenario, state.seed, state.actions)


def replay(scenario: Scenario, seed: int, actions: Iterable[Action]) -> GameState:
    """Start a game and apply each action in turn (IllegalAction if the log is not a legal game)."""
    state = engine.new_game(scenario, seed)
    for action in actions:
        state, _ = engine.step(state, action)
    return state


def canonical(value) -> object:
    """A JSON-ready form of dataclasses, mappings and tuples, with a stable key order."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: canonical(getattr(value, f.name)) for f in fields(value)
                if not at_default(f, getattr(value, f.name))}
    if isinstance(value, Mapping):
        return {str(k): canonical(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, tuple | list):
        return [canonical(v) for v in value]
    if isinstance(value, frozenset | set):
        return sorted(canonical(v) for v in value)
    if isinstance(value, float):
        return repr(value)
    return value


def _digest(obj: object) -> str:
    text = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def scenario_hash(scenario: Scenario) -> str:
    """sha256 of the scenario's canonical JSON: two scenarios with equal content hash equal.

    The tutorial's hints are left out: they change what a player reads, never the game, so a
    save still resumes after its hints were reworded (a file without hints hashes as always)."""
    content = canonical(scenario)
    if isinstance(content, dict):
        content.pop("hints", None)
    return _digest(content)


STATE_FIELDS = (
    "seed",
    "round",
    "phase",
    "turn",
    "offer",
    "offer_by",
    "offers",
    "commitments",
    "choices",
    "incidents",
    "sanctions",
    "banked",
    "weights",
    "value_adj",
    "flags",
    "fired",
    "revealed",
    "ledger",
)


ADDED_STATE_FIELDS = ("unavailable", "rates_adj", "status_quo_adj", "revealed_to")


def state_hash(state: GameState) -> str:
    """sha256 of everything that defines the state (beliefs bit for bit, the action log as text)."""
    body = {name: canonical(getattr(state, name)) for name in STATE_FIELDS}
    for name in ADDED_STATE_FIELDS:  # format 2: hashed only when in use, as format 1 hashed
        if getattr(state, name):
            body[name] = canonical(getattr(state, name))
    body["actions"] = [a.text() for a in state.actions]
    body["beliefs"] = hashlib.sha256(state.beliefs.tobytes()).hexdigest()
    cached = state.tables.cache.get("scenario_hash")
    if cached is None or cached[0] is not state.scenario:
        cached = (state.scenario, scenario_hash(state.scenario))
        state.tables.cache["scenario_hash"] = cached
    body["scenario"] = cached[1]
    return _digest(body)
