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


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_end_soon_after_their_parent_is_killed_outright(tmp_path):
    """A tournament process killed with SIGKILL cannot stop its workers: they must not linger
    (each held the other's pipe open, so they waited for work forever)."""
    import subprocess
    import time
    script = tmp_path / "parent.py"
    script.write_text(
        "import time\n"
        "from game.sim.workers import play_in_workers\n"
        "def nap(n):\n"
        "    time.sleep(60)\n"
        "def ready():\n"
        "    pass\n"
        "for _ in play_in_workers(range(4), nap, 2, ready):\n"
        "    pass\n", encoding="utf-8")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parent = subprocess.Popen([sys.executable, str(script)], cwd=root,
                              env={**os.environ, "PYTHONPATH": root})
    try:
        children: list[int] = []
        for _ in range(100):  # wait for both workers to start
            listed = pathlib_children(parent.pid)
            if len(listed) == 2:
                children = listed
                break
            time.sleep(0.05)
        assert len(children) == 2
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(pid) for pid in children):
        time.sleep(0.1)
    lingering = [pid for pid in children if alive(pid)]
    for pid in lingering:  # leave no stray process behind, whatever the verdict
        os.kill(pid, signal.SIGKILL)
    assert not lingering


def pathlib_children(pid: int) -> list[int]:
    """The child processes of `pid` (Linux: /proc)."""
    import pathlib
    found = []
    for task in pathlib.Path(f"/proc/{pid}/task").glob("*"):
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def alive(pid: int) -> bool:
    """Whether a process still runs (a zombie, reaped by nobody yet, counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
