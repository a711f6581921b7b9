"""Worker processes: every task played once, failures raised as they were, a worker killed
outright named with the task it held, never a hang."""

from __future__ import annotations

import os
import signal
import sys

import pytest

from game.sim.workers import WorkerDied, play_in_workers

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and fork are POSIX")


def ready() -> None:
    """A set-up with nothing to do."""


def broken() -> None:
    raise LookupError("no scenario")


def square(n: int) -> int:
    if n == 13:
        raise ValueError("thirteen")
    if n == 7:
        os.kill(os.getpid(), signal.SIGKILL)
    return n * n


def test_every_task_is_played_once_whatever_the_number_of_workers():
    for workers in (1, 2, 3):
        assert sorted(play_in_workers(range(7), square, workers, ready)) == [
            n * n for n in range(7)]


def test_a_worker_killed_outright_is_named_with_the_task_it_held():
    with pytest.raises(WorkerDied) as lost:
        list(play_in_workers(range(5, 12), square, 2, ready, name=lambda n: f"task {n}"))
    assert str(lost.value) == "a worker process died (killed by SIGKILL) while playing task 7"
    assert lost.value.task == 7 and lost.value.exitcode == -signal.SIGKILL


def test_a_failing_task_raises_its_own_exception_here():
    with pytest.raises(ValueError, match="thirteen"):
        list(play_in_workers([12, 13, 14], square, 2, ready))


def test_a_failed_set_up_is_raised_here_not_printed_there(capfd):
    with pytest.raises(LookupError, match="no scenario"):
        list(play_in_workers([1, 2], square, 2, broken))
    assert "Traceback" not in capfd.readouterr().err
