"""`truce play`: a game against the AI (the terminal game until the window UI exists).

    truce play [SCENARIO] [--text] [--side us|cn] [--ai AGENT] [--seed N] [--load SAVE]

The game runs on a table whose journal is the save: every move is written to a file in the
saves folder ($TRUCE_SAVE_DIR, else the user data folder) before it is shown; ``--load``
resumes one.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shlex
import shutil
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from game.ai.difficulty import DIFFICULTIES
from game.ai.registry import AGENTS, describe, make_agent
from game.cli import UsageError, seed_number
from game.core.record import scenario_hash
from game.core.scenario import PARTIES, other
from game.sim.scenarios import (
    DEFAULT_SCENARIO,
    ScenarioUnavailable,
    resolve_scenario,
    scenario_for_save,
    scenario_path,
)
from game.table import (
    HUMAN,
    MOVE_LIMIT,
    AgentFailed,
    JournalError,
    JournalLocked,
    Table,
    UnverifiedSave,
)
from game.table.journal import Header, JournalWriter, read_journal, remove_stale_temporaries
from game.table.keys import KeyUnavailable, installation_key
from game.table.table import agent_seed
from game.ui.text import TextGame
from game.ui.text_console import Console, QuitRequested

NO_WINDOW_YET = "The window UI is not built yet; starting the terminal game."
NO_DISPLAY = "No display found; starting the terminal game."
DEFAULT_AI = "standard"
SIDE_NAMES = {"us": "the US", "cn": "China"}
SIDE_IN_NAME = re.compile(r"-(us|cn)-\d{8}-\d{6}(-[0-9a-f]+)?\.jsonl?$")


def register(subparsers) -> None:
    """Add the `play` sub-command."""
    play = subparsers.add_parser(
        "play",
        help="play a game against the AI (--text for the terminal)",
        description="Play a game against an AI opponent. Every move is saved as it is made.",
    )
    play.add_argument(
        "scenario",
        nargs="?",
        metavar="SCENARIO",
        help=f"a scenario file or shipped id (default {DEFAULT_SCENARIO})",
    )
    play.add_argument("--text", action="store_true", help="play in the terminal")
    play.add_argument("--side", metavar="us|cn", help="the delegation you lead (default us)")
    play.add_argument(
        "--ai",
        metavar="AGENT",
        help=(
            f"the opponent: a difficulty ({', '.join(DIFFICULTIES)}), an agent "
            f"({', '.join(AGENTS)}) or module:Class (default {DEFAULT_AI})"
        ),
    )
    play.add_argument("--seed", metavar="N", help="seed for chance (default: a fresh one)")
    play.add_argument("--load", metavar="SAVE", help="resume a saved game")
    play.add_argument("--unverified", action="store_true",
                      help="load a save that does not verify (edited, or made by another "
                      "installation); every screen then says so")
    play.add_argument("--move-limit", metavar="SECONDS", default=None,
                      help=f"seconds the AI may take for one move (default {MOVE_LIMIT:g})")
    play.set_defaults(func=run_play)


def window_available(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether a window could open: a display server, a real SDL driver, or macOS/Windows."""
    driver = environ.get("SDL_VIDEODRIVER", "")
    if driver:
        return driver not in ("dummy", "offscreen")
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def choose_front_end(text: bool, environ: Mapping[str, str] = os.environ) -> tuple[str, str]:
    """The front end to run and a one-line notice for the player ('' if none).

    The only place that decides between the window and the terminal; the
    window UI issue replaces the "not built yet" branch.
    """
    if text:
        return "text", ""
    if window_available(environ):
        return "text", NO_WINDOW_YET
    return "text", NO_DISPLAY


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


def _scenario(spec: str | None, header=None):
    try:
        if header is None:
            return resolve_scenario(spec), str(scenario_path(spec).resolve())
        return scenario_for_save(header.scenario_id, header.scenario_path, spec)
    except ScenarioUnavailable as problem:
        for line in problem.problems:
            print(line, file=sys.stderr)
        raise UsageError(str(problem)) from None


def _seed(text: str | None) -> int:
    if text is None:
        return secrets.randbelow(2**31)
    return seed_number(text)


def _move_limit(text: str | None) -> float:
    if text is None:
        return MOVE_LIMIT
    try:
        value = float(str(text).strip())
    except ValueError:
        raise UsageError(f"--move-limit must be a number of seconds, got {text!r}") from None
    if not 0.01 <= value <= 3600:
        raise UsageError(f"--move-limit must be from 0.01 to 3600 seconds, got {text}")
    return value


@dataclass
class Game:
    """What `truce play` runs: the table, the player's side, the save and the opponent."""

    table: Table
    side: str
    path: Path
    ai: str
    warning: str = ""  # shown on every screen when the save did not verify


def _agent(spec: str, party: str, seed: int, scenario) -> object:
    try:
        return make_agent(spec, party, agent_seed(seed, party), scenario=scenario)
    except ValueError as problem:
        raise UsageError(str(problem)) from None


def prepare(args, environ: Mapping[str, str] = os.environ) -> Game:
    """The game to play: a new one, or one resumed from its save (UsageError if impossible)."""
    side = args.side.lower() if isinstance(args.side, str) else None
    if side is not None and side not in PARTIES:
        raise UsageError(f"--side must be us or cn, got {args.side!r}")
    folder = save_dir(environ)
    limit = _move_limit(getattr(args, "move_limit", None))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as problem:
        raise UsageError(f"cannot create the saves folder {folder}: {problem.strerror}") from None
    remove_stale_temporaries(folder)
    if args.load:
        return _resume(args, side, find_save(args.load, folder), folder, limit)
    scenario, source = _scenario(args.scenario)
    side = side or "us"
    ai = args.ai or DEFAULT_AI
    seed = _seed(args.seed)
    opponent = other(side)
    agent = _agent(ai, opponent, seed, scenario)
    table = Table.open(scenario, seed, {side: HUMAN, opponent: agent}, journal=None,
                       move_limit=limit)
    path = new_save_path(folder, scenario.id, side, table.id)
    try:
        table.writer = journal_writer(table, path, source, {"side": side, "ai": ai})
    except (JournalError, KeyUnavailable) as problem:
        raise UsageError(str(problem)) from None
    return Game(table, side, path, ai)


def journal_writer(table: Table, path: Path, source: str, meta: dict) -> JournalWriter:
    """The writer that journals a new game at `path` (made at the first move)."""
    header = Header(table.id, table.scenario.id, scenario_hash(table.scenario), source,
                    table.seed, table.seats, meta, time.strftime("%Y-%m-%dT%H:%M:%S%z"))
    return JournalWriter(path, installation_key(), header)


def _resume(args, side: str | None, path: Path, folder: Path, limit: float) -> Game:
    """A saved game, replayed and checked; continued in the same save (a Truce 0.1 save, or a
    save that did not verify, continues in a new save beside it)."""
    try:
        contents = read_journal(path, installation_key())
    except (JournalError, KeyUnavailable) as problem:
        raise UsageError(str(problem)) from None
    header = contents.header
    scenario, source = _scenario(args.scenario, header)
    if args.seed is not None:
        print("truce: note: --seed is ignored with --load (the save has its seed)")
    humans = [s for s, who in header.seats.items() if who == HUMAN]
    saved_side = header.meta.get("side") or (humans[0].split(".")[0] if humans else None)
    if side is not None and saved_side in PARTIES and side != saved_side:
        raise UsageError(
            f"{path}: this save was played as {SIDE_NAMES[saved_side]}; resume without --side"
        )
    side = side or saved_side or side_of_save(path)
    if side not in PARTIES:
        raise UsageError(f"{path}: the save names an unknown side {side!r}; pass --side")
    opponent = other(side)
    ai = args.ai or header.meta.get("ai") or header.seats.get(opponent) or DEFAULT_AI
    agents = {opponent: _agent(args.ai, opponent, header.seed, scenario)} if args.ai else {}
    fresh = not contents.verified or contents.problem.startswith("a save from Truce 0.1")
    try:
        table = Table.from_contents(contents, scenario, agents=agents,
                                    allow_unverified=getattr(args, "unverified", False),
                                    read_only=fresh, move_limit=limit)
        if fresh:
            path = new_save_path(folder, scenario.id, side, table.id)
            table.writer = journal_writer(table, path, source, {"side": side, "ai": ai})
            table.rewrite_journal()
    except JournalLocked as locked:
        print(f"truce: error: {locked}", file=sys.stderr)
        raise SystemExit(1) from None
    except UnverifiedSave as problem:
        raise UsageError(f"{problem}; to load it anyway, add --unverified") from None
    except (JournalError, KeyUnavailable) as problem:
        raise UsageError(str(problem)) from None
    warning = ""
    if not contents.verified:
        warning = (f"UNVERIFIED SAVE: {contents.path} could not be verified "
                   f"({contents.problem}); it may have been edited.")
    return Game(table, side, path, ai, warning)


def run_play(args, console: Console | None = None, environ: Mapping[str, str] = os.environ) -> int:
    """Start or resume a game and play it to the end, a quit, or end of input."""
    _, notice = choose_front_end(args.text, environ)
    game = prepare(args, environ)
    console = console or Console()
    if notice:
        console.say(notice)
    try:
        return _play(game, console)
    finally:
        game.table.close()


def _play(game: Game, console: Console) -> int:
    table, path = game.table, game.path
    notes = [f"Seed {table.seed}. Every move is saved as it is made, to:", f"  {path}"]
    if game.warning:
        notes.insert(0, game.warning)
    resume = f"{truce_command()} play --text --load {shlex.quote(str(path))}"
    text = TextGame(table, game.side, console, tuple(notes), opponent_line(game.ai))
    text.warning = game.warning
    try:
        text.run()
    except QuitRequested:
        return _quit(console, table, path, resume)
    except EOFError:
        return _stopped(console, table, "Input ended", resume, 0)
    except KeyboardInterrupt:
        return _stopped(console, table, "Interrupted", resume, 130)
    except AgentFailed as failure:
        print(f"truce: error: {failure}", file=sys.stderr)
        return 1
    console.say("", "The game is saved. Watch it again with:")
    console.write(f"  {truce_command()} replay {shlex.quote(str(path))}")  # meant to be copied
    return 0


def _stopped(console: Console, table: Table, why: str, resume: str, code: int) -> int:
    """Stop on end of input or Ctrl-C: say how to resume (every move made is saved)."""
    if table.writer is None or not table.writer.exists:
        console.say("", f"{why}; no move was made, so there is nothing to resume.")
        return code
    console.say("", f"{why}; the game is saved. Resume with:")
    console.write(f"  {resume}")
    return code


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


def opponent_line(spec: str) -> str:
    """The opponent as the player sees it: the level or agent name and its description, with
    the strategy behind a difficulty level in brackets."""
    try:
        text = f"{spec} - {describe(spec)}"
    except ValueError:  # a third-party agent named by module:Class
        return spec
    level = DIFFICULTIES.get(spec)
    return f"{text} ({level.agent} strategy)" if level is not None else text


def _quit(console: Console, table: Table, path: Path, resume: str) -> int:
    """Stop at the player's request: keep the save (to resume) or delete it."""
    if table.writer is None or not table.writer.exists:
        console.say("No move was made, so there is nothing to save. Goodbye.")
        return 0
    try:
        keep = console.choose(
            "Keep the saved game so you can resume it later?",
            ["Yes, keep the save", "No, delete it"],
            default=0,
        )
    except (EOFError, QuitRequested):
        keep = 0
    if keep == 1:
        table.close()
        with contextlib.suppress(OSError):
            path.unlink()
        console.say("The save is deleted. Goodbye.")
        return 0
    console.say("The game is saved. Resume with:")
    console.write(f"  {resume}")
    return 0
