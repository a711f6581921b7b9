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


def failure_text(failure: BaseException, longest: int = 200) -> str:
    """'Kind: first line of the message', for third-party code whose exception may have a
    message of many lines or a __str__ that itself raises: always one line."""
    kind = type(failure).__name__
    try:
        text = str(failure)
    except Exception:  # noqa: BLE001 - its __str__ is the agent's code too
        text = ""
    text = text.strip().splitlines()[0] if text.strip() else ""
    text = text if len(text) <= longest else text[:longest - 3] + "..."
    return f"{kind}: {text}" if text else kind


def agent_name(agent: object, longest: int = 40) -> str:
    """The name an agent goes by in messages: its `name` attribute, else its class name, as
    one short line whatever the agent's author put there."""
    try:
        name = str(getattr(agent, "name", None) or type(agent).__name__)
    except Exception:  # noqa: BLE001 - a name property or __str__ that raises
        name = type(agent).__name__
    name = " ".join(name.split()) or type(agent).__name__
    return name if len(name) <= longest else name[:longest - 3] + "..."
