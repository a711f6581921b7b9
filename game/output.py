"""Where the command line's output goes, and what happens when it cannot get there.

`truce` writes its results to stdout. A write that fails (a full disk, a closed stdout) must
be one line on stderr and exit code 1, not a traceback or silently lost output, so `main`
runs every command with stdout wrapped in `GuardedStream`, which turns a failed write into
`OutputFailed`. A JSON document must stay valid whatever agents print, so commands that
print one play their games inside `agents_print_to_stderr()`.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
from collections.abc import Iterator
from typing import TextIO


class OutputFailed(Exception):
    """Writing the output failed; the message says why (one line)."""


class GuardedStream:
    """A text stream that raises OutputFailed (or BrokenPipeError, kept apart: the reader left)
    when a write or a flush fails; everything else is the wrapped stream's."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        """Write, or raise OutputFailed saying why not."""
        try:
            return self.stream.write(text)
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as failure:
            raise OutputFailed(reason(failure)) from None

    def flush(self) -> None:
        """Flush, or raise OutputFailed saying why not."""
        try:
            self.stream.flush()
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as failure:
            raise OutputFailed(reason(failure)) from None

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


def tolerate_narrow_encodings() -> None:
    """Where the terminal or file's encoding cannot hold every character (an ASCII or Latin-1
    locale, a Windows code page for a redirected file), show '?' for the few it cannot, and
    read what cannot be decoded as such, rather than fail: the game's text has dashes,
    non-breaking spaces and, in some scenarios, Chinese."""
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
        if encoding.startswith("utf"):
            continue
        with contextlib.suppress(AttributeError, ValueError, OSError):  # not a text file
            stream.reconfigure(errors="replace")


def reason(failure: BaseException) -> str:
    """'No space left on device': an OS error in words, without its errno prefix."""
    if isinstance(failure, OSError) and failure.strerror:
        return failure.strerror
    return str(failure) or type(failure).__name__


def flush_c_streams() -> None:
    """Flush the C library's stdio buffers (printf from an agent's C code), where we can."""
    with contextlib.suppress(OSError, AttributeError, TypeError):  # no C library (Windows)
        ctypes.CDLL(None).fflush(None)


@contextlib.contextmanager
def agents_print_to_stderr() -> Iterator[None]:
    """Within: whatever is written to stdout (print, os.write(1, ...), C code, worker
    processes started inside) goes to stderr, so the document printed after stays valid."""
    sys.stdout.flush()
    try:
        kept = os.dup(1)
    except OSError:  # no file descriptor behind stdout (e.g. captured in a test)
        kept = None
    shown = sys.stdout
    sys.stdout = sys.stderr
    if kept is not None:
        sys.stderr.flush()
        os.dup2(2, 1)
    try:
        yield
    finally:
        sys.stdout.flush()
        with contextlib.suppress(OSError, ValueError):
            shown.flush()  # anything written to the real stream inside belongs to stderr too
        flush_c_streams()
        sys.stdout = shown
        if kept is not None:
            os.dup2(kept, 1)
            os.close(kept)


def silence_stdout() -> None:
    """Point stdout at the null device, so what is still buffered for a reader that has gone
    (or a disk that is full) is dropped quietly when the process exits."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.__stdout__.fileno())
        os.close(null)
    except (OSError, AttributeError, ValueError):
        pass
