"""Games played in worker processes, one game in hand per worker, so nothing can hang unseen.

Each worker gets one task at a time over its own pipe and sends back the result (or the
exception its task raised). The parent waits on every pipe and every worker's exit at once:
a worker that dies outright (an out-of-memory kill is SIGKILL) is noticed at once and the
task it held is named in a `WorkerDied` error, instead of waiting forever for its answer.
A worker whose parent is killed outright ends within a second instead of lingering.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any

Task = Any
STOP = None  # sent to a worker when there is nothing more to play


class WorkerDied(RuntimeError):
    """A worker process ended without answering; the message names the task it held."""

    def __init__(self, message: str, task: Task, exitcode: int | None) -> None:
        super().__init__(message)
        self.task = task
        self.exitcode = exitcode


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system says)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def worker_count(jobs: int | None, tasks: int) -> int:
    """How many workers to start: the jobs asked for (default: every core), never more than
    there are tasks or cores, and at least one."""
    asked = jobs if jobs and jobs > 0 else available_cores()
    return max(1, min(asked, tasks, available_cores()))


def _outlive_no_parent(parent: int, every: float = 0.5) -> None:
    """End this worker as soon as the process that started it is gone (killed outright, it
    cannot stop its workers, and a pipe another worker inherited keeps ours open)."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(1)
    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _serve(conn: Connection, run: Callable[[Task], Any], setup: Callable[..., None],
           setup_args: tuple, parent: int) -> None:
    """A worker's life: set up once, then play each task sent until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _outlive_no_parent(parent)
    try:
        setup(*setup_args)
        unready = None
    except BaseException as failure:  # answered to the first task, raised in the parent
        unready = failure
    while True:
        try:
            task = conn.recv()
        except EOFError:  # the parent has gone
            return
        if task is STOP:
            return
        try:
            if unready is not None:
                raise unready
            answer = (True, run(task))
        except BaseException as failure:  # sent back to be raised in the parent
            answer = (False, failure)
        try:
            conn.send(answer)
        except (TypeError, AttributeError, ValueError) as unpicklable:
            conn.send((False, RuntimeError(f"{type(unpicklable).__name__}: {unpicklable}")))


def how_it_ended(exitcode: int | None) -> str:
    """'killed by SIGKILL', 'exit code 3': how a worker process ended, in words."""
    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit code {exitcode}"


class _Worker:
    """One worker process, its end of the pipe, and the task it holds (None when idle)."""

    def __init__(self, context, run, setup, setup_args) -> None:
        self.conn, theirs = context.Pipe()
        self.process = context.Process(target=_serve,
                                       args=(theirs, run, setup, setup_args, os.getpid()),
                                       daemon=True)
        self.process.start()
        theirs.close()
        self.task: Task = None
        self.busy = False

    def give(self, task: Task) -> None:
        self.task, self.busy = task, True
        try:
            self.conn.send(task)
        except OSError:  # it died after its last answer
            self.process.join(1)
            raise self.died() from None

    def died(self) -> WorkerDied:
        """The error for this worker having ended without answering."""
        return WorkerDied(f"a worker process died ({how_it_ended(self.process.exitcode)})",
                          self.task, self.process.exitcode)

    def stop(self) -> None:
        """Ask an idle worker to end; a busy one (or one that cannot hear) is terminated."""
        if self.process.is_alive():
            try:
                if self.busy:
                    raise OSError("busy")
                self.conn.send(STOP)
            except OSError:
                self.process.terminate()


def play_in_workers(
    tasks: Sequence[Task],
    run: Callable[[Task], Any],
    workers: int,
    setup: Callable[..., None],
    setup_args: tuple = (),
    name: Callable[[Task], str] = repr,
) -> Iterator[Any]:
    """Yield run(task) for every task (in the order they finish) from `workers` processes.

    An exception raised by run() in a worker is raised here as it was. A worker that dies
    without answering raises WorkerDied naming its task: "a worker process died (killed by
    SIGKILL) while playing <name(task)>". On any way out every worker is stopped.
    """
    method = "fork" if sys.platform != "win32" else "spawn"
    context = multiprocessing.get_context(method)
    crew: list[_Worker] = []
    try:
        for _ in range(workers):
            crew.append(_Worker(context, run, setup, setup_args))
        yield from _deal(crew, iter(tasks))
    except WorkerDied as lost:
        raise WorkerDied(f"{lost} while playing {name(lost.task)}", lost.task,
                         lost.exitcode) from None
    finally:
        for worker in crew:
            worker.stop()
        for worker in crew:
            worker.process.join(5)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()


def _deal(crew: list[_Worker], queue: Iterator[Task]) -> Iterator[Any]:
    """Keep every worker playing one task until the queue is empty; yield each answer."""
    for worker in crew:
        task = next(queue, STOP)
        if task is STOP:
            break
        worker.give(task)
    while any(w.busy for w in crew):
        busy = [w for w in crew if w.busy]
        ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy])
        for worker in busy:
            answered = worker.conn in ready or worker.conn.poll()
            if not answered and worker.process.sentinel not in ready:
                continue
            try:
                ok, value = worker.conn.recv() if answered else (None, None)
            except (EOFError, OSError):
                ok = None
            if ok is None:
                worker.process.join(1)
                raise worker.died()
            worker.busy = False
            if not ok:
                raise value
            task = next(queue, STOP)
            if task is not STOP:
                worker.give(task)
            yield value
