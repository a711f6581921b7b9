"""The agent protocol: an agent sees one seat's observation and returns an action."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from game.core.actions import Action
from game.core.observe import Observation


@runtime_checkable
class Agent(Protocol):
    """A negotiator: `act` receives the seat's observation and returns one legal action."""

    name: str

    def act(self, observation: Observation) -> Action:
        """Choose an action from what the seat may know."""
        ...
