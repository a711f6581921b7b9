"""The journal: a game as an append-only file, one JSON line per accepted action.

The first line is the header (game id, scenario identity, seed, seats); each later line is an
action (with its action id, the version it made and a fingerprint of the state it reached), an
undo, or a pause. Every line is written, flushed and fsynced before the table acknowledges it,
and carries an HMAC digest chained to the line before (game.table.keys), so a journal edited by
hand no longer verifies. One process at a time may write a journal (an exclusive lock).

A journal is untrusted input when read: its size, every value and every action are checked
and any problem is a one-line JournalError naming the file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from game import __version__
from game.core.actions import Action, ActionFormatError, action_from_json, action_to_json
from game.table.keys import sign

FORMAT = "truce-journal"
VERSION = 1
LEGACY_FORMAT = "truce-save"  # Truce 0.1 saves: one JSON object, no digests
MAX_BYTES = 16 << 20  # 16 MiB: a whole classroom game is a few hundred KiB
MAX_ENTRIES = 200_000
SEED_MAX = 2**63 - 1
MAX_TEXT = 200  # longest id, seat or meta value accepted
TEMP_PREFIX, TEMP_SUFFIX = ".truce-", ".tmp"  # a save being made

try:  # an exclusive lock on the journal while a process writes it
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


class JournalError(ValueError):
    """A journal that cannot be read, written or trusted; the message is one line."""


class JournalLocked(JournalError):
    """Another process is writing this journal."""


@dataclass(frozen=True)
class Header:
    """Who and what a game is: its id, scenario identity, seed and seats."""

    game: str
    scenario_id: str
    scenario_hash: str
    scenario_path: str
    seed: int
    seats: Mapping[str, str] = field(default_factory=dict)  # seat -> "human" or an agent name
    meta: Mapping[str, str] = field(default_factory=dict)  # shell details, never rules
    created: str = ""

    def to_json(self) -> dict:
        """The header line's fields (without its digest)."""
        return {
            "format": FORMAT,
            "version": VERSION,
            "saved_by": f"truce {__version__}",
            "game": self.game,
            "created": self.created,
            "scenario": {"id": self.scenario_id, "hash": self.scenario_hash,
                         "path": self.scenario_path},
            "seed": self.seed,
            "seats": dict(self.seats),
            "meta": dict(self.meta),
        }


@dataclass(frozen=True)
class Entry:
    """One line after the header: an action, an undo back to a version, or a pause."""

    kind: str  # "action", "undo", "pause" or "unpause"
    action: Action | None = None
    action_id: str = ""
    version: int = 0  # actions in the line of play after this entry
    fingerprint: str = ""  # of the state the action reached (a check that replay agrees)

    def to_json(self) -> dict:
        """The entry line's fields (without its digest)."""
        if self.kind == "action":
            assert self.action is not None
            return {"action": action_to_json(self.action), "id": self.action_id,
                    "v": self.version, "state": self.fingerprint}
        return {self.kind: self.version}


@dataclass(frozen=True)
class Contents:
    """A journal as read: header, entries, and whether every digest verified."""

    path: str
    header: Header
    entries: tuple[Entry, ...]
    verified: bool
    problem: str = ""  # why it did not verify ("" when it did)
    torn_tail: bool = False  # a last line cut short by a crash (never acknowledged): ignored
    good_bytes: int = 0  # length of the intact part (a writer truncates a torn tail here)

    def line_of_play(self) -> tuple[tuple[Action, str], ...]:
        """The actions (with their ids) in force after every undo, in order."""
        line: list[tuple[Action, str]] = []
        for entry in self.entries:
            if entry.kind == "action" and entry.action is not None:
                line.append((entry.action, entry.action_id))
            elif entry.kind == "undo":
                del line[entry.version:]
        return tuple(line)


def _canonical(data: dict) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def _text(value: object, what: str, name: str, empty: bool = False) -> str:
    if not isinstance(value, str) or len(value) > MAX_TEXT or (not value and not empty):
        raise JournalError(f"{name}: {what} is missing or malformed")
    return value


def _text_map(value: object, what: str, name: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or len(value) > 64:
        raise JournalError(f"{name}: {what} is malformed")
    return {_text(k, what, name): _text(v, what, name, empty=True) for k, v in value.items()}


def _seed(value: object, name: str) -> int:
    if type(value) is not int or not 0 <= value <= SEED_MAX:
        raise JournalError(f"{name}: the seed must be a whole number from 0 to 2**63-1, "
                           f"got {_shown(value)}")
    return value


def _shown(value: object) -> str:
    """A value read from JSON as the file has it (`"x"`, `NaN`, `1.5`), cut short if long."""
    text = json.dumps(value)
    return text if len(text) <= 30 else text[:27] + "..."


def _version(value: object, name: str, what: str) -> int:
    if type(value) is not int or not 0 <= value <= MAX_ENTRIES:
        raise JournalError(f"{name}: {what} is not a version number from 0 to {MAX_ENTRIES}")
    return value


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """A journal's bytes, refusing anything but a regular file within the size limit."""
    name = os.fspath(path)
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(fd)
            if not _regular(info.st_mode):
                raise JournalError(f"{name}: not a save file (a folder or device)")
            if info.st_size > MAX_BYTES:
                raise JournalError(f"{name}: the save is too large ({info.st_size:,} bytes; "
                                   f"the limit is {MAX_BYTES:,} bytes)")
            return handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise JournalError(f"{name}: no such save file") from None
    except IsADirectoryError:
        raise JournalError(f"{name}: is a folder, not a save file") from None
    except OSError as problem:
        raise JournalError(f"{name}: cannot read the save ({problem.strerror})") from None


def _regular(mode: int) -> bool:
    return stat.S_ISREG(mode)


def read_journal(path: str | os.PathLike[str], key: bytes | None) -> Contents:
    """Read and check a journal (or a Truce 0.1 save); `verified` says whether its digests
    match this installation's key (always False without a key)."""
    name = os.fspath(path)
    data = read_bytes(name)
    if len(data) > MAX_BYTES:
        raise JournalError(f"{name}: the save is too large (the limit is {MAX_BYTES:,} bytes)")
    if not data.strip():
        raise JournalError(f"{name}: not a Truce save (the file is empty)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise JournalError(f"{name}: not a Truce save (not UTF-8 text)") from None
    if not _is_journal(text.split("\n", 1)[0]):
        whole = _json_line(text, name, 1)
        if isinstance(whole, dict) and whole.get("format") == LEGACY_FORMAT:
            return _legacy(whole, name, len(data))
    lines = text.split("\n")
    torn = lines[-1] != ""  # the last line has no newline: cut short, never acknowledged
    complete = lines[:-1]
    good = len(data) - len(lines[-1].encode("utf-8")) if torn else len(data)
    if not complete:
        raise JournalError(f"{name}: not a Truce save (no header line)")
    if len(complete) > MAX_ENTRIES + 1:
        raise JournalError(f"{name}: the save has more than {MAX_ENTRIES:,} entries")
    verified, problem, previous = key is not None, "" if key else "no installation key", ""
    header: Header | None = None
    entries: list[Entry] = []
    for number, line in enumerate(complete, start=1):
        item = _json_line(line, name, number)
        if not isinstance(item, dict):
            raise JournalError(f"{name}:{number}: a journal line must be a JSON object")
        mac = item.pop("mac", None)
        if verified and (not isinstance(mac, str)
                         or sign(key, previous, _canonical(item)) != mac):  # type: ignore[arg-type]
            verified, problem = False, f"line {number} does not match its digest"
        previous = mac if isinstance(mac, str) else ""
        if header is None:
            header = _header(item, name)
        else:
            entries.append(_entry(item, f"{name}:{number}"))
    assert header is not None
    return Contents(name, header, tuple(entries), verified, problem, torn, good)


def _is_journal(first_line: str) -> bool:
    """Whether a file's first line is a journal header (else it may be a Truce 0.1 save)."""
    try:
        item = json.loads(first_line)
    except (ValueError, RecursionError):
        return False
    return isinstance(item, dict) and item.get("format") == FORMAT


def _json_line(line: str, name: str, number: int) -> object:
    try:
        return json.loads(line)
    except RecursionError:
        raise JournalError(f"{name}:{number}: not a Truce save (JSON nested too deeply)") from None
    except json.JSONDecodeError as problem:
        raise JournalError(f"{name}:{number}:{problem.colno}: not a Truce save (broken JSON: "
                           f"{problem.msg})") from None
    except ValueError:  # an integer with thousands of digits, beyond Python's limit
        raise JournalError(f"{name}:{number}: not a Truce save (a number too long to "
                           "read)") from None


def _header(item: dict, name: str) -> Header:
    if item.get("format") != FORMAT:
        raise JournalError(f'{name}: not a Truce save (no "format": "{FORMAT}")')
    version = item.get("version")
    if type(version) is not int or version < 1:
        raise JournalError(f"{name}: the save has no valid format version")
    if version > VERSION:
        raise JournalError(f"{name}: the save is format version {version}; this Truce reads "
                           f"up to {VERSION}")
    scenario = item.get("scenario")
    if not isinstance(scenario, dict):
        raise JournalError(f"{name}: the save does not name its scenario")
    return Header(
        game=_text(item.get("game"), "the game id", name),
        scenario_id=_text(scenario.get("id"), "the scenario id", name),
        scenario_hash=_text(scenario.get("hash"), "the scenario hash", name),
        scenario_path=_text(scenario.get("path", ""), "the scenario path", name, empty=True)
        if len(str(scenario.get("path", ""))) <= MAX_TEXT else "",
        seed=_seed(item.get("seed"), name),
        seats=_text_map(item.get("seats"), "the list of seats", name),
        meta=_text_map(item.get("meta"), "the meta data", name),
        created=_text(item.get("created", ""), "the creation time", name, empty=True),
    )


def _entry(item: dict, where: str) -> Entry:
    if "action" in item:
        try:
            action = action_from_json(item["action"])
        except ActionFormatError as problem:
            raise JournalError(f"{where}: the action is unreadable: {problem}") from None
        if len(action.seat) > MAX_TEXT or len(action.text()) > 10_000:
            raise JournalError(f"{where}: the action is too long")
        return Entry("action", action, _text(item.get("id", ""), "the action id", where, True),
                     _version(item.get("v"), where, "v"),
                     _text(item.get("state", ""), "the state fingerprint", where, True))
    for kind in ("undo", "pause", "unpause"):
        if kind in item:
            return Entry(kind, version=_version(item[kind], where, kind))
    raise JournalError(f"{where}: an entry must be an action, an undo or a pause")


def _legacy(data: dict, name: str, size: int) -> Contents:
    """A Truce 0.1 save (one JSON object, no digests): its actions as a journal, unverified."""
    version = data.get("version")
    if version != 1:
        shown = version if type(version) is int and abs(version) < 10**6 else "unknown"
        raise JournalError(f"{name}: the save is format version {shown}; this Truce reads "
                           "Truce 0.1 saves of version 1")
    scenario = data.get("scenario")
    if not isinstance(scenario, dict):
        raise JournalError(f"{name}: the save does not name its scenario (id and hash)")
    actions = data.get("actions")
    if not isinstance(actions, list) or len(actions) > MAX_ENTRIES:
        raise JournalError(f"{name}: the save has no action list")
    entries = []
    for n, item in enumerate(actions, start=1):
        try:
            entries.append(Entry("action", action_from_json(item), "", n))
        except ActionFormatError as problem:
            raise JournalError(f"{name}: action {n} is unreadable: {problem}") from None
    meta = _text_map(data.get("meta"), "the meta data", name)
    side = meta.get("side", "us")
    header = Header(
        game="legacy-" + hashlib.sha256(name.encode("utf-8", "replace")).hexdigest()[:12],
        scenario_id=_text(scenario.get("id"), "the scenario id", name),
        scenario_hash=_text(scenario.get("hash"), "the scenario hash", name),
        scenario_path=str(scenario.get("path", ""))[:MAX_TEXT],
        seed=_seed(data.get("seed"), name),
        seats={side: "human", ("cn" if side == "us" else "us"): meta.get("ai", "standard")},
        meta=meta,
    )
    return Contents(name, header, tuple(entries), False,
                    "a save from Truce 0.1 carries no digest", False, size)


class JournalWriter:
    """Appends signed lines to one journal, holding its lock; the file is made at the first
    append (a game nobody moved in leaves no save behind)."""

    def __init__(self, path: str | os.PathLike[str], key: bytes | None, header: Header,
                 existing: Contents | None = None) -> None:
        self.path = Path(path)
        self.key = key
        self.header = header
        self.handle: IO[bytes] | None = None
        self.previous = ""
        if existing is not None:
            self._reopen(existing)

    def _reopen(self, existing: Contents) -> None:
        """Continue an existing journal: lock it, cut a torn last line, find the chain's end."""
        try:
            handle = open(self.path, "r+b")  # noqa: SIM115 - held open while the game runs
        except OSError as problem:
            raise JournalError(f"{self.path}: cannot open the save to continue it "
                               f"({problem.strerror})") from None
        self._lock(handle)
        try:
            handle.truncate(existing.good_bytes)
            handle.seek(0, os.SEEK_END)
            handle.seek(0)
            last = b""
            for raw in handle:
                if raw.strip():
                    last = raw
            handle.seek(0, os.SEEK_END)
            mac = json.loads(last).get("mac", "") if last else ""
            self.previous = mac if isinstance(mac, str) else ""
        except (OSError, ValueError) as problem:
            handle.close()
            raise JournalError(f"{self.path}: cannot continue the save ({problem})") from None
        self.handle = handle

    def _lock(self, handle: IO[bytes]) -> None:
        if fcntl is None:
            return
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            raise JournalLocked(f"{self.path}: this game is open in another Truce process; "
                                "close it there first") from None

    def _create(self, first: Entry) -> None:
        """Make the journal with its header and first entry in one step: written to a locked
        temporary file in the same folder, fsynced, then linked into place, so a journal on
        disk always holds at least one whole entry (a crash leaves no save, or a stale
        temporary file that the next start removes)."""
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            remove_stale_temporaries(folder)
            fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
        except OSError as problem:
            reason = problem.strerror or str(problem)
            raise JournalError(f"{self.path}: cannot create the save ({reason})") from None
        handle = os.fdopen(fd, "r+b")
        try:
            self._lock(handle)
            self.handle = handle
            self._write(self.header.to_json())
            self._write(first.to_json())
            _place(temp, self.path)
        except BaseException:
            self.handle = None
            with contextlib.suppress(OSError):
                handle.close()
            with contextlib.suppress(OSError):
                os.remove(temp)
            raise
        _sync_folder(folder)

    def append(self, entry: Entry) -> None:
        """Write one entry and make it durable (flush and fsync) before returning."""
        if self.handle is None:
            self._create(entry)
            return
        self._write(entry.to_json())

    def _write(self, body: dict) -> None:
        assert self.handle is not None
        mac = sign(self.key, self.previous, _canonical(body)) if self.key else ""
        line = json.dumps({**body, "mac": mac}, ensure_ascii=False, separators=(",", ":"))
        try:
            self.handle.write(line.encode("utf-8") + b"\n")
            self.handle.flush()
            os.fsync(self.handle.fileno())
        except OSError as problem:
            raise JournalError(f"{self.path}: cannot write the save "
                               f"({problem.strerror or problem})") from None
        self.previous = mac

    @property
    def exists(self) -> bool:
        """Whether the journal file has been made."""
        return self.handle is not None

    def close(self) -> None:
        """Release the lock and the file."""
        if self.handle is not None:
            with contextlib.suppress(OSError):
                self.handle.close()
            self.handle = None


def _place(temp: str, final: Path) -> None:
    """Put a finished temporary file at its final name, never over an existing file."""
    try:
        os.link(temp, final)
    except FileExistsError:
        raise JournalError(f"{final}: a save with this name exists already") from None
    except OSError:  # a file system without hard links: rename unless the name is taken
        if final.exists():
            raise JournalError(f"{final}: a save with this name exists already") from None
        os.replace(temp, final)
        return
    os.remove(temp)


def remove_stale_temporaries(folder: str | os.PathLike[str]) -> int:
    """Remove temporary save files that no running process holds (left by a killed Truce);
    returns how many were removed."""
    removed = 0
    try:
        names = [n for n in os.listdir(folder) if n.startswith(TEMP_PREFIX)
                 and n.endswith(TEMP_SUFFIX)]
    except OSError:
        return 0
    for name in names:
        path = os.path.join(folder, name)
        try:
            with open(path, "rb") as handle:
                if fcntl is not None:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                elif time.time() - os.path.getmtime(path) < 3600:
                    continue
                os.remove(path)
                removed += 1
        except OSError:  # held by a live process, or already gone
            continue
    return removed


def _sync_folder(folder: Path) -> None:
    """Make a new file's folder entry durable (POSIX; a no-op where folders cannot be opened)."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
