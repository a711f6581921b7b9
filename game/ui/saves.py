"""Where games are saved and how a saved game is resumed: shared by the terminal and the window.

A save is the table's journal (game.table.journal): every accepted move is written and fsynced
before it is shown. Nothing here imports the command line; errors are `CannotResume` values
with a one-line message, which each shell reports in its own way.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from game.ai.difficulty import DIFFICULTIES
from game.ai.registry import AGENTS, describe, make_agent
from game.core.record import scenario_hash
from game.core.scenario import PARTIES, other
from game.sim.scenarios import ScenarioUnavailable, scenario_for_save
from game.table import HUMAN, JournalError, JournalLocked, Table, UnverifiedSave
from game.table.journal import Contents, Header, JournalWriter, read_journal
from game.table.keys import KeyUnavailable, installation_key
from game.table.table import agent_seed

DEFAULT_AI = "standard"
SIDE_NAMES = {"us": "the US", "cn": "China"}
SIDE_IN_NAME = re.compile(r"-(us|cn)-\d{8}-\d{6}(-[0-9a-f]+)?\.jsonl?$")


class CannotResume(ValueError):
    """A save that cannot be resumed: one line saying why; `code` is the exit code (2 bad
    input, 1 the save is in use); `problems` the scenario loader's lines, if any."""

    def __init__(self, message: str, code: int = 2, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.code = code
        self.problems = problems


@dataclass
class Game:
    """A game to play: the table, the player's side, the save and the opponent."""

    table: Table
    side: str
    path: Path
    ai: str
    warning: str = ""  # shown on every screen when the save did not verify
    humans: tuple[str, ...] = field(default=())  # every party people play (default: side)


def save_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """The saves folder: $TRUCE_SAVE_DIR, else <user data folder>/truce/saves."""
    if environ.get("TRUCE_SAVE_DIR"):
        return Path(environ["TRUCE_SAVE_DIR"]).expanduser()
    home = Path.home()
    if sys.platform == "win32":
        base = Path(environ.get("APPDATA") or home / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / "truce" / "saves"


def new_save_path(folder: Path, scenario_id: str, side: str, game_id: str) -> Path:
    """A save file name unique to its game: <scenario>-<side>-<date>-<time>-<game id>.jsonl."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    return folder / f"{scenario_id}-{side}-{stamp}-{game_id[:8]}.jsonl"


def find_save(spec: str, folder: Path) -> Path:
    """A save named by path, or by file name (with or without its extension) in the saves
    folder."""
    path = Path(spec).expanduser()
    if path.exists() or os.sep in spec or "/" in spec:
        return path
    for candidate in (folder / spec, folder / f"{spec}.jsonl", folder / f"{spec}.json"):
        if candidate.exists():
            return candidate
    return path


def side_of_save(path: Path) -> str:
    """The side a save was played from, read from its file name (us if it does not say)."""
    match = SIDE_IN_NAME.search(path.name)
    return match.group(1) if match else "us"


def journal_writer(table: Table, path: Path, source: str, meta: dict) -> JournalWriter:
    """The writer that journals a new game at `path` (made at the first move)."""
    header = Header(table.id, table.scenario.id, scenario_hash(table.scenario), source,
                    table.seed, table.seats, meta, time.strftime("%Y-%m-%dT%H:%M:%S%z"))
    return JournalWriter(path, installation_key(), header)


def open_game(scenario, source: str, side: str, seed: int, seats: Mapping[str, object], ai: str,
              folder: Path, move_limit: float | None = None, timers: bool = False) -> Game:
    """A new game on a table journalled in the saves folder (the file is made at the first
    move); `seats` maps parties to HUMAN or agents, `side` is the party shown first. The
    scenario's phase timers (classroom pacing) run only with `timers`."""
    options = _options(move_limit, timers)
    table = Table.open(scenario, seed, seats, journal=None, **options)
    path = new_save_path(folder, scenario.id, side, table.id)
    meta = {"side": side, "ai": ai, **({"timers": "on"} if timers else {})}
    table.writer = journal_writer(table, path, source, meta)
    humans = tuple(p for p in PARTIES if seats.get(p) == HUMAN)
    return Game(table, side, path, ai, "", humans)


def opponent_line(spec: str) -> str:
    """The opponent as the player sees it: the level or agent name and its description, with
    the strategy behind a difficulty level in brackets."""
    try:
        text = f"{spec} - {describe(spec)}"
    except ValueError:  # a third-party agent named by module:Class
        return spec
    level = DIFFICULTIES.get(spec)
    return f"{text} ({level.agent} strategy)" if level is not None else text


def saved_side(header: Header) -> str | None:
    """The side a journal was played from: its meta, else its first human party."""
    humans = [s for s, who in header.seats.items() if who == HUMAN]
    return header.meta.get("side") or (humans[0].split(".")[0] if humans else None)


def _options(move_limit: float | None, timers: bool) -> dict:
    """Table options: the agents' move limit, and no phase timers unless asked for."""
    options: dict = {} if timers else {"timers": {}}
    if move_limit is not None:
        options["move_limit"] = move_limit
    return options


def resume(path: Path, folder: Path, *, scenario: str | None = None, side: str | None = None,
           ai: str | None = None, unverified: bool = False, move_limit: float | None = None,
           timers: bool = False) -> Game:
    """A saved game, replayed and checked; continued in the same save (a Truce 0.1 save, or a
    save that did not verify, continues in a new save beside it), with the phase timers it
    was started with (or `timers`). CannotResume says why not."""
    try:
        contents = read_journal(path, installation_key())
    except (JournalError, KeyUnavailable) as problem:
        raise CannotResume(str(problem)) from None
    header = contents.header
    try:
        loaded, source = scenario_for_save(header.scenario_id, header.scenario_path, scenario)
    except ScenarioUnavailable as problem:
        raise CannotResume(str(problem), problems=tuple(problem.problems)) from None
    was = saved_side(header)
    if side is not None and was in PARTIES and side != was:
        raise CannotResume(f"{path}: this save was played as {SIDE_NAMES[was]}; "
                           "resume without --side")
    side = side or was or side_of_save(path)
    if side not in PARTIES:
        raise CannotResume(f"{path}: the save names an unknown side {side!r}; pass --side")
    opponent = other(side)
    recorded = header.seats.get(opponent, HUMAN)
    if ai is None and recorded != HUMAN and recorded not in AGENTS and recorded not in DIFFICULTIES:
        spec = header.meta.get("ai", "")
        spec = spec if ":" in spec else "MODULE:CLASS"
        raise CannotResume(f"{path}: {SIDE_NAMES[opponent]} was played by the plug-in agent "
                           f"{recorded!r}, which a save never imports: name it again with --ai "
                           f"{spec}, or play on against a shipped level with --ai {DEFAULT_AI}")
    name = ai or header.meta.get("ai") or header.seats.get(opponent) or DEFAULT_AI
    try:
        agents = ({opponent: make_agent(ai, opponent, agent_seed(header.seed, opponent),
                                        scenario=loaded)} if ai else {})
    except ValueError as problem:
        raise CannotResume(str(problem)) from None
    timers = timers or header.meta.get("timers") == "on"  # a class game keeps its clock
    return _continue(contents, loaded, source, path, folder, side, name, agents, unverified,
                     _options(move_limit, timers))


def _continue(contents: Contents, scenario, source: str, path: Path, folder: Path, side: str,
              ai: str, agents: dict, unverified: bool, options: dict) -> Game:
    """The table of a journal read and checked, writing on where it stopped."""
    fresh = not contents.verified or contents.problem.startswith("a save from Truce 0.1")
    try:
        table = Table.from_contents(contents, scenario, agents=agents,
                                    allow_unverified=unverified, read_only=fresh, **options)
        if fresh:
            path = new_save_path(folder, scenario.id, side, table.id)
            meta = {"side": side, "ai": ai, **({"timers": "on"} if table.timers else {})}
            table.writer = journal_writer(table, path, source, meta)
            table.rewrite_journal()
    except JournalLocked as locked:
        raise CannotResume(str(locked), code=1) from None
    except UnverifiedSave as problem:
        raise CannotResume(f"{problem}; to load it anyway, add --unverified") from None
    except (JournalError, KeyUnavailable) as problem:
        raise CannotResume(str(problem)) from None
    warning = ""
    if not contents.verified:
        warning = (f"UNVERIFIED SAVE: {contents.path} could not be verified "
                   f"({contents.problem}); it may have been edited.")
    humans = tuple(p for p in PARTIES if table.seats.get(p) == HUMAN
                   or any(s.startswith(p + ".") and w == HUMAN for s, w in table.seats.items()))
    return Game(table, side, path, ai, warning, humans or (side,))


@dataclass(frozen=True)
class SavedGame:
    """An unfinished game in the saves folder, as a title screen lists it."""

    path: Path
    scenario_id: str
    side: str
    opponent: str  # an agent name, or "human" for a game of two players
    moves: int
    saved: float  # modification time (seconds since the epoch)


def unfinished_saves(folder: Path, limit: int = 20) -> list[SavedGame]:
    """The most recent saves in the folder whose game is not over (newest first)."""
    try:
        dated = [(_modified(path), path) for path in folder.glob("*.jsonl")]
    except OSError:
        return []
    found = []
    for when, path in sorted(dated, key=lambda pair: pair[0], reverse=True)[:limit]:
        try:
            contents = read_journal(path, installation_key())
        except (JournalError, KeyUnavailable, OSError):
            continue  # not a save (a folder, a dangling link, damaged) or gone meanwhile
        header = contents.header
        side = saved_side(header) or side_of_save(path)
        if side not in PARTIES:
            continue
        if _finished(contents):
            continue
        found.append(SavedGame(path, header.scenario_id, side,
                               header.seats.get(other(side), HUMAN),
                               len(contents.line_of_play()), when))
    return found


def _modified(path: Path) -> float:
    """When a file was last written (0 for one that cannot be looked at: it is then skipped)."""
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _finished(contents: Contents) -> bool:
    """Whether a journal's game is over (replayed on the table, read-only)."""
    try:
        scenario, _ = scenario_for_save(contents.header.scenario_id,
                                        contents.header.scenario_path, None)
        table = Table.from_contents(contents, scenario, read_only=True, allow_unverified=True)
    except (ScenarioUnavailable, JournalError, ValueError):
        return True  # a save that cannot be played on is not offered
    return table.over


def truce_command(
    argv0: str | None = None, which=shutil.which, executable: str | None = None
) -> str:
    """How to run truce again from where the player is: `truce` if that is this program on
    the PATH, else the absolute path of the running script, else `python -m game` with this
    Python's absolute path."""
    argv0 = sys.argv[0] if argv0 is None else argv0
    executable = sys.executable if executable is None else executable
    script = Path(argv0).absolute() if argv0 else None
    found = which("truce")
    if found and script is not None and script.exists():
        with contextlib.suppress(OSError):
            if os.path.samefile(found, script):
                return "truce"
    if script is not None and script.exists() and script.name.startswith("truce"):
        return shlex.quote(str(script))
    return f"{shlex.quote(str(Path(executable).absolute()))} -m game"
