"""`truce play`: a game against the AI (the terminal game until the window UI exists).

    truce play [SCENARIO] [--text] [--side us|cn] [--ai AGENT] [--seed N] [--load SAVE]

The game autosaves after every action to a file in the saves folder
($TRUCE_SAVE_DIR, else the user data folder); ``--load`` resumes one.
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
from pathlib import Path

from game.ai.difficulty import DIFFICULTIES
from game.ai.registry import AGENTS, describe, make_agent
from game.cli import UsageError
from game.core.record import GameRecord
from game.core.scenario import PARTIES, other
from game.sim.batch import AgentError, derive_seed
from game.sim.saves import SaveError, load_game, read_save_info, save_game
from game.sim.scenarios import (
    DEFAULT_SCENARIO,
    ScenarioUnavailable,
    resolve_scenario,
    scenario_for_save,
    scenario_path,
)
from game.ui.text import TextGame
from game.ui.text_console import Console, QuitRequested

NO_WINDOW_YET = "The window UI is not built yet; starting the terminal game."
NO_DISPLAY = "No display found; starting the terminal game."
DEFAULT_AI = "standard"
SIDE_NAMES = {"us": "the US", "cn": "China"}
SIDE_IN_NAME = re.compile(r"-(us|cn)-\d{8}-\d{6}(-\d+)?\.json$")


def register(subparsers) -> None:
    """Add the `play` sub-command."""
    play = subparsers.add_parser(
        "play",
        help="play a game against the AI (--text for the terminal)",
        description="Play a game against an AI opponent. The game is saved after every move.",
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


def new_save_path(folder: Path, scenario_id: str, side: str) -> Path:
    """A fresh save file name: <scenario>-<side>-<date>-<time>.json (numbered if taken)."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = folder / f"{scenario_id}-{side}-{stamp}.json"
    n = 2
    while path.exists():
        path = folder / f"{scenario_id}-{side}-{stamp}-{n}.json"
        n += 1
    return path


def find_save(spec: str, folder: Path) -> Path:
    """A save named by path, or by file name (with or without .json) in the saves folder."""
    path = Path(spec).expanduser()
    if path.exists() or os.sep in spec or "/" in spec:
        return path
    for candidate in (folder / spec, folder / f"{spec}.json"):
        if candidate.exists():
            return candidate
    return path


def side_of_save(path: Path) -> str:
    """The side a save was played from, read from its file name (us if it does not say)."""
    match = SIDE_IN_NAME.search(path.name)
    return match.group(1) if match else "us"


def _scenario(spec: str | None, info=None):
    try:
        if info is None:
            return resolve_scenario(spec), str(scenario_path(spec).resolve())
        return scenario_for_save(info.scenario_id, info.scenario_path, spec)
    except ScenarioUnavailable as problem:
        for line in problem.problems:
            print(line, file=sys.stderr)
        raise UsageError(str(problem)) from None


def _seed(text: str | None) -> int:
    if text is None:
        return secrets.randbelow(2**31)
    try:
        value = int(text.strip())
    except ValueError:
        raise UsageError(f"--seed must be a whole number, got {text!r}") from None
    if not 0 <= value < 2**63:
        raise UsageError(f"--seed must be from 0 to 2**63-1, got {value}")
    return value


def prepare(
    args, environ: Mapping[str, str] = os.environ
) -> tuple[GameRecord, str, Path, str, str]:
    """The record to play, the player's side, the save file, the scenario file and the AI."""
    if args.side is not None and args.side not in PARTIES:
        raise UsageError(f"--side must be us or cn, got {args.side!r}")
    folder = save_dir(environ)
    if args.load:
        path = find_save(args.load, folder)
        try:
            info = read_save_info(path)
            scenario, source = _scenario(args.scenario, info)
            record = load_game(path, scenario)
        except SaveError as problem:
            raise UsageError(str(problem)) from None
        if args.seed is not None:
            print("truce: note: --seed is ignored with --load (the save has its seed)")
        saved_side = info.meta.get("side")
        if args.side is not None and saved_side in PARTIES and args.side != saved_side:
            raise UsageError(
                f"{path}: this save was played as {SIDE_NAMES[saved_side]}; resume without --side"
            )
        side = args.side or saved_side or side_of_save(path)
        if side not in PARTIES:
            raise UsageError(f"{path}: the save names an unknown side {side!r}; pass --side")
        return record, side, path, source, args.ai or info.meta.get("ai") or DEFAULT_AI
    scenario, source = _scenario(args.scenario)
    side = args.side or "us"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as problem:
        raise UsageError(f"cannot create the saves folder {folder}: {problem.strerror}") from None
    path = new_save_path(folder, scenario.id, side)
    return GameRecord(scenario, _seed(args.seed)), side, path, source, args.ai or DEFAULT_AI


def run_play(args, console: Console | None = None, environ: Mapping[str, str] = os.environ) -> int:
    """Start or resume a game and play it to the end, a quit, or end of input."""
    _, notice = choose_front_end(args.text, environ)
    record, side, path, source, ai = prepare(args, environ)
    opponent = other(side)
    try:
        agent = make_agent(
            ai,
            opponent,
            derive_seed(record.seed, opponent, len(record.actions)),
            scenario=record.scenario,
        )
    except ValueError as problem:
        raise UsageError(str(problem)) from None
    console = console or Console()
    if notice:
        console.say(notice)

    saver = AutoSaver(path, source, {"side": side, "ai": ai}, console)
    saver(record)
    notes = (
        f"Seed {record.seed}. The game is saved after every move to:",
        f"  {path}",
    )
    resume = f"{truce_command()} play --text --load {shlex.quote(str(path))}"
    game = TextGame(record, side, agent, console, saver, notes, opponent_line(ai))
    try:
        game.run()
    except QuitRequested:
        return _quit(console, path, resume) if saver.ok(game_record(game)) else _unsaved(saver)
    except EOFError:
        if not saver.ok(game_record(game)):
            return _unsaved(saver)
        console.say("", "Input ended; the game is saved. Resume with:")
        console.write(f"  {resume}")
        return 0
    except KeyboardInterrupt:
        if not saver.ok(game_record(game)):
            _unsaved(saver)
            return 130
        console.say("", "Interrupted; the game is saved. Resume with:")
        console.write(f"  {resume}")
        return 130
    except AgentError as failure:
        print(f"truce: error: {failure}", file=sys.stderr)
        return 1
    if not saver.ok(game_record(game)):
        return _unsaved(saver)
    console.say("", "The game is saved. Watch it again with:")
    console.write(f"  {truce_command()} replay {shlex.quote(str(path))}")  # meant to be copied
    return 0


def game_record(game: TextGame) -> GameRecord:
    """The record of the game as it stands."""
    return GameRecord.of(game.state)


class AutoSaver:
    """Saves after every move; a failure warns once and the game goes on, retrying each move."""

    def __init__(self, path: Path, source: str, meta: dict, console: Console) -> None:
        self.path, self.source, self.meta, self.console = path, source, meta, console
        self.problem = ""  # the last failure's reason ('' when the last save worked)
        self.warned = False
        self.saved: GameRecord | None = None

    def __call__(self, record: GameRecord) -> None:
        try:
            if self.problem:  # the folder may have vanished: make it again
                self.path.parent.mkdir(parents=True, exist_ok=True)
            save_game(self.path, record, self.source, self.meta)
        except (SaveError, OSError) as problem:
            self.problem = _reason(problem, self.path)
            if not self.warned:
                self.warned = True
                self.console.write(  # one line, never wrapped
                    f"Could not save to {self.path}: {self.problem}; the game goes on, and will "
                    "try again after your next move."
                )
            return
        if self.problem:
            self.console.say(f"Saved again to {self.path}.")
        self.problem, self.saved = "", record

    def ok(self, record: GameRecord) -> bool:
        """Whether this record is saved (one more try if the last save failed)."""
        if self.saved is not None and self.saved.actions == record.actions:
            return True
        self(record)
        return not self.problem


def _reason(problem: Exception, path: Path) -> str:
    """A save failure's reason without the path it already names."""
    text = str(problem)
    prefix = f"{path}: "
    if isinstance(problem, OSError):
        text = problem.strerror or text
    return text[len(prefix):] if text.startswith(prefix) else text


def _unsaved(saver: AutoSaver) -> int:
    """Say clearly that the game could not be saved, and why."""
    print(
        f"truce: error: the game could not be saved to {saver.path}: {saver.problem}",
        file=sys.stderr,
    )
    return 1


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


def _quit(console: Console, path: Path, resume: str) -> int:
    """Stop at the player's request: keep the save (to resume) or delete it."""
    try:
        keep = console.choose(
            "Keep the saved game so you can resume it later?",
            ["Yes, keep the save", "No, delete it"],
            default=0,
        )
    except (EOFError, QuitRequested):
        keep = 0
    if keep == 1:
        with contextlib.suppress(OSError):
            path.unlink()
        console.say("The save is deleted. Goodbye.")
        return 0
    console.say("The game is saved. Resume with:")
    console.write(f"  {resume}")
    return 0
