"""The agent registry: names to factories, and make_agent for names or "module:Class" specs."""

from __future__ import annotations

import contextlib
import importlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from types import ModuleType

from game.ai.agents import AGENT_CLASSES, personality_for
from game.ai.base import Agent, failure_text
from game.ai.difficulty import DIFFICULTIES, LEVEL_CLASSES
from game.ai.random_agent import RandomAgent
from game.core.scenario import Scenario

AgentFactory = Callable[[str, int], Agent]  # (seat, seed) -> agent
LOAD_LIMIT = 60.0  # seconds a plug-in agent may take to import and build (a model to load)


def _shipped(name: str) -> AgentFactory:
    cls = AGENT_CLASSES[name]
    return lambda seat, seed: cls(seat, seed)


AGENTS: dict[str, AgentFactory] = {
    "random": lambda seat, seed: RandomAgent(seat, seed),
    **{name: _shipped(name) for name in AGENT_CLASSES},
}


def describe(name: str) -> str:
    """The one-line description of a registered agent or difficulty level."""
    if name in DIFFICULTIES:
        return DIFFICULTIES[name].description
    if name in AGENT_CLASSES:
        return AGENT_CLASSES[name].profile.description
    if name == "random":
        return "Picks uniformly among the legal actions: a baseline and a fuzzer."
    raise ValueError(f"unknown agent {name!r}")


def import_agent_module(name: str) -> ModuleType:
    """Import an agent's module with the current folder on sys.path, as `python -m` would,
    so `--us myagent:Cautious` finds ./myagent.py; a failure raises ValueError (one line)."""
    here = os.getcwd()
    added = here not in sys.path and "" not in sys.path
    if added:
        sys.path.insert(0, here)
    try:
        return importlib.import_module(name)
    except ImportError as problem:
        raise ValueError(f"cannot import agent module {name!r}: {problem}") from None
    except (Exception, SystemExit) as problem:  # the module's own code failed while importing
        raise ValueError(f"agent module {name!r} failed to import: "
                         f"{failure_text(problem)}") from None
    finally:
        if added:
            sys.path.remove(here)


class _LoadTimeUp(BaseException):
    """Raised in a plug-in agent's import or constructor once LOAD_LIMIT has passed (not an
    Exception, so the agent's own `except Exception` does not swallow it)."""


@contextlib.contextmanager
def load_deadline(spec: str) -> Iterator[None]:
    """Within: a plug-in agent's import and construction, stopped with a one-line ValueError
    after LOAD_LIMIT seconds (a module that sleeps forever as it loads). Only in the main
    thread of a POSIX process with no interval timer running; elsewhere there is no limit."""
    usable = (hasattr(signal, "setitimer") and threading.current_thread() is
              threading.main_thread() and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0))
    if not usable:
        yield
        return

    def time_up(signum, frame) -> None:
        raise _LoadTimeUp

    previous = signal.signal(signal.SIGALRM, time_up)
    signal.setitimer(signal.ITIMER_REAL, LOAD_LIMIT)
    try:
        yield
    except _LoadTimeUp:
        raise ValueError(f"agent {spec!r} took longer than {LOAD_LIMIT:g} s to load (import "
                         "and build)") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def make_agent(
    spec: str,
    seat: str,
    seed: int,
    *,
    scenario: Scenario | None = None,
    personality: str | None = None,
) -> Agent:
    """An agent for a seat: a registry name ("random", "expert", ...), a difficulty level
    ("novice", "standard", "hard", "expert") or "package.module:ClassName"
    (imported with the current folder on sys.path, as `python -m` would).

    A class named by path is called as Class(seat=seat, seed=seed). Shipped strategies take
    their personality from `personality` (an id), else the scenario's default for the seat's
    party, else "pragmatist". An unknown or broken spec raises ValueError with a one-line reason.
    """
    party = seat.split(".", 1)[0]
    level = DIFFICULTIES.get(spec)
    if level is not None:
        mood = personality_for(scenario, party, personality or level.personality)
        return LEVEL_CLASSES[spec](seat, seed, personality=mood)
    if spec in AGENT_CLASSES:
        mood = personality_for(scenario, party, personality)
        return AGENT_CLASSES[spec](seat, seed, personality=mood)
    factory = AGENTS.get(spec)
    if factory is not None:
        return factory(seat, seed)
    if ":" not in spec:
        names = ", ".join(sorted(set(AGENTS) | set(DIFFICULTIES)))
        raise ValueError(f"unknown agent {spec!r} (one of: {names}, or module:Class)")
    module_name, _, class_name = (part.strip() for part in spec.rpartition(":"))
    if not module_name or not class_name:
        raise ValueError(f"agent {spec!r} must be module:Class, e.g. myagent:Cautious")
    if module_name.endswith(".py") or "/" in module_name or "\\" in module_name:
        stem = os.path.splitext(os.path.basename(module_name.replace("\\", "/")))[0]
        raise ValueError(f"agent {spec!r} names a file; name its module instead, as "
                         f"{stem}:{class_name}, from the folder the file is in")
    with load_deadline(spec):
        module = import_agent_module(module_name)
        cls = getattr(module, class_name, None)
        if cls is None:
            raise ValueError(f"module {module_name!r} has no agent class {class_name!r}")
        if not callable(cls):
            raise ValueError(f"agent {spec!r} is not a class (it is {type(cls).__name__!r})")
        try:
            agent = cls(seat=seat, seed=seed)
        except (Exception, SystemExit) as problem:  # third-party code: one line, no traceback
            raise ValueError(f"cannot create agent {spec!r}: {failure_text(problem)}") from None
    if not callable(getattr(agent, "act", None)):
        raise ValueError(f"agent {spec!r} has no act(observation) method")
    return agent
