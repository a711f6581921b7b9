"""Agents in seats: each move within a time limit, and whatever an agent does reported as one line.

An agent is third-party code: it may raise, return something that is not an action, print,
or never return. `timed_act` calls `agent.act(observation)` under a time limit: in the main
thread of a POSIX process an interval timer interrupts the agent where it runs (a loop, a
sleep); elsewhere the move runs in a helper thread the table stops waiting for. An agent that
swallows the interruption and keeps going is stopped for good after a grace period: the
process says so in one line and exits (status 1), since Python cannot kill a thread.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import sys
import threading
from collections.abc import Callable

from game.ai.base import agent_name, failure_text
from game.core.actions import ACTION_TYPES

MOVE_LIMIT = 10.0  # seconds an agent may think about one move, unless told otherwise
GRACE = 2.0  # seconds an agent that ignores its time limit gets before the process gives up


class AgentFailed(RuntimeError):
    """An agent raised, returned a non-action, broke the rules or ran out of time (one line)."""

    def __init__(self, message: str, agent: str = "", seat: str = "") -> None:
        super().__init__(message)
        self.agent = agent
        self.seat = seat


class _TimeUp(BaseException):
    """Raised inside an agent's code when its move is over time (not an Exception subclass,
    so an agent's `except Exception` does not swallow it)."""


def give_up(message: str) -> None:
    """The last resort for an agent that will not stop: one line on stderr, exit status 1."""
    try:
        sys.stderr.write(f"truce: error: {message}\n")
        sys.stderr.flush()
    finally:
        os._exit(1)


def timed_act(agent: object, observation: object, seat: str, limit: float | None = MOVE_LIMIT,
              on_stuck: Callable[[str], None] = give_up) -> object:
    """The agent's action for this observation, checked to be an action for `seat`.

    Raises AgentFailed naming the agent when it raises, returns something else, or runs past
    `limit` seconds (None: no limit). Its action's legality is the table's to check.
    """
    with MoveClock(on_stuck) as clock:
        return clock.act(agent, observation, seat, limit)


class MoveClock:
    """Times agents' moves; while open (a `with` block) it holds the alarm signal, so many moves
    in a row pay for installing the handler once."""

    def __init__(self, on_stuck: Callable[[str], None] = give_up) -> None:
        self.on_stuck = on_stuck
        self.interrupting = _can_interrupt()
        self.previous = None
        self.previous_ctrl_c = None  # Python's own Ctrl-C handler, while ours stands in
        self.ctrl_c = False  # whether Ctrl-C was pressed during a move
        self.fired = 0
        self.limit = 0.0
        self.who = ""

    def __enter__(self) -> MoveClock:
        if self.interrupting:
            self.previous = signal.signal(signal.SIGALRM, self._alarm)
            if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
                self.previous_ctrl_c = signal.signal(signal.SIGINT, self._pressed)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.interrupting:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)
            if self.previous_ctrl_c is not None:
                signal.signal(signal.SIGINT, self.previous_ctrl_c)

    def _pressed(self, signum, frame) -> None:
        """Ctrl-C, as Python's own handler does it, remembering that it was pressed."""
        self.ctrl_c = True
        raise KeyboardInterrupt

    def by_ctrl_c(self) -> bool:
        """Whether a KeyboardInterrupt out of a move came from Ctrl-C, not the agent's own
        `raise`: known while our handler stands in; impossible where Ctrl-C is ignored (a
        tournament's worker processes) or cannot reach (a thread other than the main one)."""
        if self.previous_ctrl_c is not None:
            return self.ctrl_c
        if threading.current_thread() is not threading.main_thread():
            return False
        return signal.getsignal(signal.SIGINT) is not signal.SIG_IGN

    def _alarm(self, signum, frame) -> None:
        self.fired += 1
        if self.fired > max(1, int(GRACE / 0.1)):
            signal.setitimer(signal.ITIMER_REAL, 0)
            self.on_stuck(f"{self.who} ignored its move limit of {self.limit:g} s and would "
                          "not stop")
        raise _TimeUp

    def act(self, agent: object, observation: object, seat: str,
            limit: float | None = MOVE_LIMIT) -> object:
        """One timed move (see timed_act)."""
        name = agent_name(agent)
        act = getattr(agent, "act", None)
        if not callable(act):
            raise AgentFailed(f"agent {name!r} ({seat}) has no act(observation) method", name,
                              seat)
        self.ctrl_c = False
        try:
            if limit is None:
                action = act(observation)
            elif self.interrupting:
                action = self._interrupted(act, observation, limit, f"agent {name!r} ({seat})")
            else:
                action = _threaded_call(act, observation, limit, name, seat)
        except AgentFailed:
            raise
        except _TimeUp:
            raise AgentFailed(f"agent {name!r} ({seat}) took longer than its move limit of "
                              f"{limit:g} s", name, seat) from None
        except KeyboardInterrupt:
            if self.by_ctrl_c():
                raise
            raise AgentFailed(f"agent {name!r} ({seat}) failed: KeyboardInterrupt (raised by "
                              "the agent, not Ctrl-C)", name, seat) from None
        except (Exception, SystemExit) as failure:
            raise AgentFailed(f"agent {name!r} ({seat}) failed: {failure_text(failure)}", name,
                              seat) from None
        if type(action) not in ACTION_TYPES.values():
            raise AgentFailed(f"agent {name!r} ({seat}) returned {_shown(action)}, not an "
                              "action", name, seat)
        problem = malformed(action)
        if problem:
            raise AgentFailed(f"agent {name!r} ({seat}) returned a {action.verb} action whose "
                              f"{problem}", name, seat)
        return action

    def _interrupted(self, act, observation, limit: float, who: str):
        """Run the move with an interval timer that raises _TimeUp in it once `limit` has
        passed, again every 0.1 s if the agent swallows it, and gives up after the grace."""
        self.fired, self.limit, self.who = 0, limit, who
        signal.setitimer(signal.ITIMER_REAL, limit, 0.1)
        try:
            action = act(observation)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        if self.fired:  # it caught the interruption and answered late: still over time
            raise _TimeUp
        return action


def _shown(value: object) -> str:
    """A value an agent returned, as one short line (its __repr__ is the agent's code too)."""
    try:
        shown = " ".join(repr(value).split())
    except Exception:  # noqa: BLE001 - a __repr__ that raises
        shown = f"a {type(value).__name__}"
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _pairs(value: object) -> bool:
    if type(value) is not tuple:
        return False
    for pair in value:  # a plain loop: this runs on every move an agent makes
        if (type(pair) is not tuple or len(pair) != 2 or not isinstance(pair[0], str)
                or not isinstance(pair[1], str)):
            return False
    return True


def _anything(value: object) -> bool:
    return True


FIELD_CHECKS = {  # a field's annotation -> whether a value is of that kind
    "str": lambda value: isinstance(value, str),
    "int": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "Terms": _pairs,
}
KIND_WORDS = {"str": "a name", "int": "a whole number", "Terms": "pairs of names"}
_FIELDS: dict[type, tuple[tuple[str, str, Callable[[object], bool]], ...]] = {}


def malformed(action: object) -> str:
    """What is wrong with an action's fields ('' if nothing): an agent may build an action
    with a seat of the wrong type, or none at all, which the rules must never be handed."""
    kinds = _FIELDS.get(type(action))
    if kinds is None:
        kinds = _FIELDS[type(action)] = tuple(
            (f.name, str(f.type), FIELD_CHECKS.get(str(f.type), _anything))
            for f in dataclasses.fields(action))
    values = getattr(action, "__dict__", {})
    for field_name, kind, check in kinds:
        if field_name not in values:
            return f"{field_name} is missing"
        if not check(values[field_name]):
            verb = "are" if field_name.endswith("s") else "is"  # terms, choices
            return (f"{field_name} {verb} {_shown(values[field_name])}, not "
                    f"{KIND_WORDS.get(kind, kind)}")
    return ""


def _can_interrupt() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _threaded_call(act, observation, limit: float, name: str, seat: str):
    """Run the move in a daemon thread and stop waiting for it after `limit` seconds."""
    result: list = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            result.append(act(observation))
        except BaseException as problem:  # noqa: BLE001 - reported to the caller
            failure.append(problem)

    worker = threading.Thread(target=run, name=f"agent-{seat}", daemon=True)
    worker.start()
    worker.join(limit)
    if worker.is_alive():
        raise AgentFailed(f"agent {name!r} ({seat}) took longer than its move limit of "
                          f"{limit:g} s", name, seat)
    if failure:
        if isinstance(failure[0], KeyboardInterrupt):  # Ctrl-C never reaches this thread
            raise AgentFailed(f"agent {name!r} ({seat}) failed: KeyboardInterrupt (raised by "
                              "the agent, not Ctrl-C)", name, seat)
        raise failure[0]
    return result[0]
