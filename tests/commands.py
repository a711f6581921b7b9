"""`truce` run as a real process, started the way a user's shell would start it."""

from __future__ import annotations

import contextlib
import os
import pathlib
import signal
import subprocess
import sys
from collections.abc import Iterator

ROOT = pathlib.Path(__file__).resolve().parents[1]
TRUCE = [sys.executable, "-m", "game"]


def default_ctrl_c() -> None:
    """In the child, before it runs: Ctrl-C does what it does by default.

    A test run started as a background job ignores SIGINT and every child inherits that, so
    a command under test would never see a Ctrl-C the test sends it.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def closed_stdout() -> None:
    """In the child, before it runs: default Ctrl-C, and no stdout at all (`truce ... >&-`)."""
    default_ctrl_c()
    os.close(1)


def closed_stdin() -> None:
    """In the child, before it runs: default Ctrl-C, and no stdin at all (`truce ... <&-`)."""
    default_ctrl_c()
    os.close(0)


def start_truce(*argv: str, cwd: pathlib.Path = ROOT, env: dict[str, str] | None = None,
                stdout_closed: bool = False, stdin_closed: bool = False,
                **options) -> subprocess.Popen:
    """`python -m game ARGV` started in the background (text pipes unless told otherwise)."""
    options.setdefault("stdout", None if stdout_closed else subprocess.PIPE)
    options.setdefault("stderr", subprocess.PIPE)
    options.setdefault("text", True)
    environ = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    start = closed_stdout if stdout_closed else closed_stdin if stdin_closed else default_ctrl_c
    return subprocess.Popen([*TRUCE, *argv], cwd=cwd, env=environ, preexec_fn=start, **options)


def run_truce(*argv: str, timeout: float = 120, input: str | None = None,
              **options) -> subprocess.CompletedProcess:
    """`python -m game ARGV` run to its end: exit code, stdout and stderr."""
    if input is not None:
        options.setdefault("stdin", subprocess.PIPE)
    run = start_truce(*argv, **options)
    try:
        out, err = run.communicate(input, timeout=timeout)
    finally:
        run.kill()
        run.wait()
    return subprocess.CompletedProcess(run.args, run.returncode, out, err)


@contextlib.contextmanager
def ctrl_c_ignored() -> Iterator[None]:
    """Within: SIGINT ignored in this process, as in a test run started as a background job
    (children inherit it unless they are started with default_ctrl_c)."""
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)
