"""The installation key that signs journals, kept outside every save.

A journal carries a chain of HMAC-SHA256 digests made with this key, so a save edited by hand
(or made by another installation) no longer matches. The key lives in the user's config folder
($TRUCE_KEY_FILE, else <config>/truce/journal.key), created on first use, readable by its owner
only. It makes tampering evident; it does not hide what a save holds.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import sys
import time
from collections.abc import Mapping
from pathlib import Path

KEY_BYTES = 32


class KeyUnavailable(OSError):
    """The installation key can be neither read nor created (one-line reason)."""


def key_path(environ: Mapping[str, str] = os.environ) -> Path:
    """Where this installation keeps its key."""
    if environ.get("TRUCE_KEY_FILE"):
        return Path(environ["TRUCE_KEY_FILE"]).expanduser()
    home = Path.home()
    if sys.platform == "win32":
        base = Path(environ.get("APPDATA") or home / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(environ.get("XDG_CONFIG_HOME") or home / ".config")
    return base / "truce" / "journal.key"


def installation_key(environ: Mapping[str, str] = os.environ) -> bytes:
    """The key, created (owner-only) the first time it is asked for; a key file that is not
    a key (empty, cut short, not hex) is KeyUnavailable, never a weaker key."""
    path = key_path(environ)
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # made by another process just now: read it once it is written
        for _ in range(40):
            with contextlib.suppress(OSError):
                if path.stat().st_size:
                    break
            time.sleep(0.05)
        try:
            return _read_key(path)
        except FileNotFoundError:
            raise KeyUnavailable(_damaged(path)) from None
    except OSError as problem:
        raise KeyUnavailable(f"cannot create the journal key {path}: {problem.strerror}") from None
    key = secrets.token_bytes(KEY_BYTES)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(key.hex())
        out.flush()
        os.fsync(out.fileno())
    return key


def _read_key(path: Path) -> bytes:
    """The key in a key file (FileNotFoundError if there is none; KeyUnavailable if it is not
    a key: its hex digits, whitespace around them allowed)."""
    try:
        data = path.read_bytes().strip()
    except FileNotFoundError:
        raise
    except OSError as problem:
        raise KeyUnavailable(f"cannot read the journal key {path}: "
                             f"{problem.strerror or problem}") from None
    if len(data) == KEY_BYTES * 2:
        with contextlib.suppress(ValueError):  # not ASCII, or not hex digits
            return bytes.fromhex(data.decode("ascii"))
    raise KeyUnavailable(_damaged(path))


def _damaged(path: Path) -> str:
    return (f"the journal key {path} is damaged; remove it to make a new one (older saves will "
            "then no longer verify)")


def sign(key: bytes, previous: str, body: bytes) -> str:
    """The digest of one journal line: chained to the previous line's digest."""
    return hmac.new(key, previous.encode("ascii") + b"\n" + body, hashlib.sha256).hexdigest()
