"""Saves: versioned JSON of a game record, written atomically and checked when loaded.

A save holds the scenario id and content hash, the seed, the action log (JSON forms) and
the hash of the state it reaches. Loading replays the log and refuses a save that does not
match its scenario or its own state hash, with a one-line SaveError.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import dataclass

from game import __version__
from game.core.actions import ActionFormatError, action_from_json, action_to_json
from game.core.engine import IllegalAction
from game.core.record import GameRecord, replay, scenario_hash, state_hash
from game.core.scenario import Scenario

FORMAT = "truce-save"
VERSION = 1


class SaveError(ValueError):
    """A save that cannot be written or loaded; the message is one line saying why."""


@dataclass(frozen=True)
class SaveInfo:
    """A save's header, read without replaying it (to find its scenario)."""

    path: str
    scenario_id: str
    scenario_hash: str
    scenario_path: str
    seed: int
    actions: int
    state_hash: str
    meta: dict[str, str]  # shell details (e.g. the player's side and the AI), never rules


def save_game(
    path: str | os.PathLike[str],
    record: GameRecord,
    scenario_path: str = "",
    meta: dict[str, str] | None = None,
) -> str:
    """Write a record atomically (temp file in the same folder, then rename); returns its hash.

    meta holds what a shell needs to resume (the player's side, the AI's name); replay ignores it.
    """
    final = record.state()
    data = {
        "format": FORMAT,
        "version": VERSION,
        "saved_by": f"truce {__version__}",
        "scenario": {
            "id": record.scenario.id,
            "hash": scenario_hash(record.scenario),
            "path": str(scenario_path),
        },
        "seed": record.seed,
        "round": final.round,
        "phase": final.phase,
        "actions": [action_to_json(a) for a in record.actions],
        "state_hash": state_hash(final),
        "meta": {str(k): str(v) for k, v in (meta or {}).items()},
    }
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    target = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(target))
    try:
        fd, temp = tempfile.mkstemp(prefix=".truce-", suffix=".tmp", dir=folder)
    except OSError as problem:
        raise SaveError(f"{target}: cannot write a save here ({problem.strerror})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
    except OSError as problem:
        _remove_quietly(temp)
        raise SaveError(f"{target}: cannot write the save ({problem.strerror})") from None
    except BaseException:  # Ctrl-C mid-write: the old save stays whole; leave no temp file
        _remove_quietly(temp)
        raise
    return data["state_hash"]


def _remove_quietly(path: str) -> None:
    with contextlib.suppress(OSError):
        os.remove(path)


def _read(path: str | os.PathLike[str]) -> dict:
    name = os.fspath(path)
    try:
        with open(name, encoding="utf-8") as handle:
            text = handle.read()
    except FileNotFoundError:
        raise SaveError(f"{name}: no such save file") from None
    except IsADirectoryError:
        raise SaveError(f"{name}: is a folder, not a save file") from None
    except UnicodeDecodeError:
        raise SaveError(f"{name}: not a Truce save (not UTF-8 text)") from None
    except OSError as problem:
        raise SaveError(f"{name}: cannot read the save ({problem.strerror})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as problem:
        raise SaveError(
            f"{name}:{problem.lineno}:{problem.colno}: not a Truce save (broken JSON: "
            f"{problem.msg})"
        ) from None
    except RecursionError:
        raise SaveError(f"{name}: not a Truce save (JSON nested too deeply)") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SaveError(f'{name}: not a Truce save (no "format": "{FORMAT}")')
    version = data.get("version")
    if type(version) is not int or version < 1:
        raise SaveError(f"{name}: the save has no valid format version")
    if version > VERSION:
        raise SaveError(
            f"{name}: the save is format version {version}; this Truce reads up to {VERSION}"
        )
    scenario = data.get("scenario")
    if not isinstance(scenario, dict) or not all(
        isinstance(scenario.get(k), str) for k in ("id", "hash")
    ):
        raise SaveError(f"{name}: the save does not name its scenario (id and hash)")
    if type(data.get("seed")) is not int:
        raise SaveError(f"{name}: the save has no integer seed")
    if not isinstance(data.get("actions"), list):
        raise SaveError(f"{name}: the save has no action list")
    if not isinstance(data.get("state_hash"), str):
        raise SaveError(f"{name}: the save has no state hash")
    return data


def read_save_info(path: str | os.PathLike[str]) -> SaveInfo:
    """A save's header (scenario id, hash and path as saved, seed, number of actions)."""
    data = _read(path)
    scenario = data["scenario"]
    path_text = scenario.get("path", "")
    return SaveInfo(
        path=os.fspath(path),
        scenario_id=scenario["id"],
        scenario_hash=scenario["hash"],
        scenario_path=path_text if isinstance(path_text, str) else "",
        seed=data["seed"],
        actions=len(data["actions"]),
        state_hash=data["state_hash"],
        meta=_meta(data.get("meta")),
    )


def _meta(value: object) -> dict[str, str]:
    """The save's shell details; anything malformed there is ignored, not fatal."""
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}


def load_game(path: str | os.PathLike[str], scenario: Scenario) -> GameRecord:
    """Read a save for this scenario, replay it and check it reaches the saved state."""
    name = os.fspath(path)
    data = _read(name)
    saved = data["scenario"]
    if saved["id"] != scenario.id:
        raise SaveError(f"{name}: the save is for scenario {saved['id']!r}, not {scenario.id!r}")
    if saved["hash"] != scenario_hash(scenario):
        raise SaveError(
            f"{name}: scenario {scenario.id!r} has changed since the game was saved "
            f"(content hash {saved['hash'][:12]} expected, {scenario_hash(scenario)[:12]} found)"
        )
    actions = []
    for n, item in enumerate(data["actions"], start=1):
        try:
            actions.append(action_from_json(item))
        except ActionFormatError as problem:
            raise SaveError(f"{name}: action {n} is unreadable: {problem}") from None
    record = GameRecord(scenario, data["seed"], tuple(actions))
    try:
        final = replay(scenario, record.seed, record.actions)
    except IllegalAction as problem:
        raise SaveError(f"{name}: the action log does not replay: {problem}") from None
    if state_hash(final) != data["state_hash"]:
        raise SaveError(f"{name}: the replayed game does not match the saved state hash")
    return record
