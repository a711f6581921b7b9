"""The agent registry: names to factories, and make_agent for names or "module:Class" specs."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from game.ai.base import Agent
from game.ai.random_agent import RandomAgent

AgentFactory = Callable[[str, int], Agent]  # (seat, seed) -> agent

AGENTS: dict[str, AgentFactory] = {
    "random": lambda seat, seed: RandomAgent(seat, seed),
}


def make_agent(spec: str, seat: str, seed: int) -> Agent:
    """An agent for a seat: a registry name ("random", ...) or "package.module:ClassName".

    A class named by path is called as Class(seat=seat, seed=seed). An unknown or broken
    spec raises ValueError with a one-line reason.
    """
    factory = AGENTS.get(spec)
    if factory is not None:
        return factory(seat, seed)
    if ":" not in spec:
        names = ", ".join(sorted(AGENTS))
        raise ValueError(f"unknown agent {spec!r} (one of: {names}, or module:Class)")
    module_name, _, class_name = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as problem:
        raise ValueError(f"cannot import agent module {module_name!r}: {problem}") from None
    cls = getattr(module, class_name, None)
    if cls is None or not callable(cls):
        raise ValueError(f"module {module_name!r} has no agent class {class_name!r}")
    try:
        agent = cls(seat=seat, seed=seed)
    except TypeError as problem:
        raise ValueError(f"cannot create agent {spec!r}: {problem}") from None
    if not callable(getattr(agent, "act", None)):
        raise ValueError(f"agent {spec!r} has no act(observation) method")
    return agent
