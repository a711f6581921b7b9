"""`truce play`: a game against the AI, in a window (game.ui.window) or in the terminal.

    truce play [SCENARIO] [--text] [--side us|cn] [--ai AGENT] [--seed N] [--load SAVE]
               [--autoplay] [--screenshots DIR] [--two-players] [--timers]

The game runs on a table whose journal is the save: every move is written to a file in the
saves folder ($TRUCE_SAVE_DIR, else the user data folder) before it is shown; ``--load``
resumes one.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shlex
import sys
from collections.abc import Mapping
from pathlib import Path

from game.ai.difficulty import DIFFICULTIES
from game.ai.registry import AGENTS, make_agent
from game.cli.args import UsageError, move_limit, seed_number
from game.core.scenario import PARTIES, other
from game.scenario.lint import lint_file
from game.sim.scenarios import (
    DEFAULT_SCENARIO,
    ScenarioUnavailable,
    resolve_scenario,
    scenario_for_save,
    scenario_path,
)
from game.table import HUMAN, MOVE_LIMIT, AgentFailed, JournalError, Table
from game.table.journal import remove_stale_temporaries
from game.table.keys import KeyUnavailable
from game.table.table import agent_seed
from game.ui.saves import (  # noqa: F401 - shared with the window; these names stay importable
    DEFAULT_AI,
    SIDE_NAMES,
    CannotResume,
    Game,
    find_save,
    journal_writer,
    new_save_path,
    open_game,
    opponent_line,
    resume,
    save_dir,
    side_of_save,
    truce_command,
)
from game.ui.text import TextGame
from game.ui.text_console import Command, Console, QuitRequested

NO_DISPLAY = "No display found; starting the terminal game."
NO_WINDOW = "The window cannot open ({reason}); starting the terminal game."


def register(subparsers) -> None:
    """Add the `play` sub-command."""
    play = subparsers.add_parser(
        "play",
        help="play a game in a window (--text for the terminal)",
        description="Play a game against an AI opponent or a second player at the same screen, "
        "in a window (or the terminal with --text). Every move is saved as it is made.",
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
    play.add_argument("--autoplay", action="store_true",
                      help="watch two AIs play in the window (a demonstration for a class)")
    play.add_argument("--screenshots", metavar="DIR",
                      help="save a PNG of every window screen the first time it is shown")
    play.add_argument("--move-limit", metavar="SECONDS", default=None,
                      help=f"seconds the AI may take for one move (default {MOVE_LIMIT:g})")
    play.add_argument("--two-players", action="store_true",
                      help="a second player leads the other side at this screen, in the window "
                      "(a hand-over screen hides each side's secrets from the other)")
    play.add_argument("--timers", action="store_true",
                      help="run the scenario's phase timers in the window, as in a class: when "
                      "a phase's time is up its defaults apply (talks end, promises are kept, "
                      "reports are let pass)")
    play.set_defaults(func=run_play)


def window_available(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether a window could open: a display server, a real SDL driver, or macOS/Windows."""
    driver = environ.get("SDL_VIDEODRIVER", "")
    if driver:
        return driver not in ("dummy", "offscreen")
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def choose_front_end(text: bool, environ: Mapping[str, str] = os.environ,
                     window: bool = False) -> tuple[str, str]:
    """The front end to run ("window" or "text") and a one-line notice for the player ('' if
    none): the window when a display is there (or `window` asks for it: --autoplay and
    --screenshots also render with SDL's dummy driver), the terminal with --text or without a
    display. The only place that decides between them."""
    if text:
        return "text", ""
    if window or window_available(environ):
        return "window", ""
    return "text", NO_DISPLAY


def _scenario(spec: str | None, header=None):
    try:
        if header is None:
            scenario, path = resolve_scenario(spec), str(scenario_path(spec).resolve())
            design_warnings(path)
            return scenario, path
        return scenario_for_save(header.scenario_id, header.scenario_path, spec)
    except ScenarioUnavailable as problem:
        for line in problem.problems:
            print(line, file=sys.stderr)
        raise UsageError(str(problem)) from None


def design_warnings(path: str) -> None:
    """Before a game on a scenario file, the design errors the lint finds (it plays anyway:
    an author may want to see the problem in play), one line each on stderr."""
    errors = [p for p in lint_file(path).problems if p.severity == "error"]
    for problem in errors:
        print(f"truce: warning: {problem}", file=sys.stderr)
    if errors:
        print(f"truce: warning: the game may not work as designed (truce scenario lint "
              f"{shlex.quote(path)})", file=sys.stderr)


def _seed(text: str | None) -> int:
    if text is None:
        return secrets.randbelow(2**31)
    return seed_number(text)


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
    limit = move_limit(getattr(args, "move_limit", None), MOVE_LIMIT)
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
    if getattr(args, "two_players", False):  # a class at one screen: no AI at all
        ai, seats = HUMAN, {side: HUMAN, opponent: HUMAN}
    else:
        seats = {side: HUMAN, opponent: _agent(ai, opponent, seed, scenario)}
    if getattr(args, "autoplay", False):  # a demonstration: the AI plays both sides
        seats[side] = _agent(ai, side, seed, scenario)
    try:
        return open_game(scenario, source, side, seed, seats, ai, folder, limit,
                         getattr(args, "timers", False))
    except (JournalError, KeyUnavailable) as problem:
        raise UsageError(str(problem)) from None


def _resume(args, side: str | None, path: Path, folder: Path, limit: float) -> Game:
    """A saved game resumed (game.ui.saves.resume), its problems as the command line says them."""
    if args.seed is not None:
        print("truce: note: --seed is ignored with --load (the save has its seed)",
              file=sys.stderr)
    try:
        return resume(path, folder, scenario=args.scenario, side=side, ai=args.ai,
                      unverified=getattr(args, "unverified", False), move_limit=limit,
                      timers=getattr(args, "timers", False))
    except CannotResume as problem:
        for line in problem.problems:
            print(line, file=sys.stderr)
        if problem.code == 1:
            print(f"truce: error: {problem}", file=sys.stderr)
            raise SystemExit(1) from None
        raise UsageError(str(problem)) from None


def run_play(args, console: Console | None = None, environ: Mapping[str, str] = os.environ) -> int:
    """Start or resume a game and play it to the end, a quit, or end of input."""
    refuse_what_makes_no_sense(args, environ)
    autoplay, shots = getattr(args, "autoplay", False), getattr(args, "screenshots", None)
    if shots:
        screenshot_folder(shots)
    front, notice = choose_front_end(args.text, environ, window=bool(autoplay or shots))
    if front == "window":
        code, notice = _window(args, environ)
        if code is not None:
            return code
    if getattr(args, "timers", False):
        print("truce: note: --timers runs in the window only; the terminal game has no phase "
              "timers", file=sys.stderr)
    game = prepare(args, environ)
    console = console or Console()
    if notice:
        console.say(notice)
    try:
        return _play(game, console)
    finally:
        game.table.close()


def refuse_what_makes_no_sense(args, environ: Mapping[str, str] = os.environ) -> None:
    """UsageError for options that would be ignored, or would open a window no one can use."""
    autoplay, shots = getattr(args, "autoplay", False), getattr(args, "screenshots", None)
    timers, two = getattr(args, "timers", False), getattr(args, "two_players", False)
    windowed = [name for name, given in (("--autoplay", autoplay), ("--screenshots", shots),
                                          ("--timers", timers), ("--two-players", two)) if given]
    if args.text and windowed:
        verb = "runs" if len(windowed) == 1 else "run"
        raise UsageError(f"{' and '.join(windowed)} {verb} in the window: drop --text")
    if getattr(args, "unverified", False) and not args.load:
        raise UsageError("--unverified goes with --load SAVE: a new game has nothing to verify")
    if two and (args.ai or autoplay or args.load):
        clash = "--ai" if args.ai else "--autoplay" if autoplay else "--load"
        raise UsageError(f"--two-players: both sides are people, so {clash} does not go with it"
                         + (" (a save knows who plays it)" if clash == "--load" else ""))
    if two and not window_available(environ):
        raise UsageError("--two-players plays in the window, and no display was found")
    if autoplay and args.load:
        raise UsageError("--autoplay watches a new game between two AIs; it cannot resume a "
                         "save: drop --load or --autoplay")
    if (autoplay or shots) and not window_available(environ):
        if not autoplay:  # an unseen window that waits for a player forever
            raise UsageError("without a display, --screenshots needs --autoplay: no one can "
                             "play in a window that is not shown")
        if not shots:  # an unseen game that never closes
            raise UsageError("without a display, --autoplay shows nothing: add "
                             "--screenshots DIR to keep its screens")


def screenshot_folder(folder: str) -> Path:
    """The --screenshots folder, made if need be, or UsageError saying why it cannot be used
    (before the window opens, not at its first screenshot)."""
    path = Path(folder).expanduser()
    if path.exists() and not path.is_dir():
        raise UsageError(f"--screenshots {folder}: a file, not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as problem:
        raise UsageError(f"--screenshots {folder}: cannot make the folder "
                         f"({problem.strerror or problem})") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise UsageError(f"--screenshots {folder}: the folder is not writable")
    return path


def chosen_on_command_line(args) -> bool:
    """Whether the command line already chose the game (then the window skips its title)."""
    return any(getattr(args, name, None) for name in
               ("scenario", "side", "ai", "seed", "load", "autoplay", "two_players"))


def _window(args, environ: Mapping[str, str]) -> tuple[int | None, str]:
    """Play in the window: (exit code, '') or, if it cannot open, (None, a notice) so the
    terminal game starts instead (with --autoplay it cannot: exit 1)."""
    try:
        from game.ui.window.launch import WindowUnavailable, run_window
    except ImportError as missing:  # a broken installation: the terminal still works
        return _no_window(args, f"{type(missing).__name__}: {missing}")
    game = prepare(args, environ) if chosen_on_command_line(args) else None
    try:
        return run_window(args, environ, game, folder=save_dir(environ)), ""
    except WindowUnavailable as why:
        if game is not None:
            game.table.close()
        return _no_window(args, str(why))


def _no_window(args, reason: str) -> tuple[int | None, str]:
    if getattr(args, "autoplay", False) or getattr(args, "screenshots", None) or \
            getattr(args, "two_players", False):  # the terminal plays one side only
        print(f"truce: error: the window cannot open ({reason})", file=sys.stderr)
        return 1, ""
    return None, NO_WINDOW.format(reason=reason)


def _play(game: Game, console: Console) -> int:
    table, path = game.table, game.path
    notes = [f"Seed {table.seed}. Every move is saved as it is made, to:", f"  {path}"]
    if game.warning:
        notes.insert(0, game.warning)
    resume = f"{truce_command()} play --text --load {shlex.quote(str(path))}"
    text = TextGame(table, game.side, console, tuple(notes), opponent_line(game.ai))
    text.warning = game.warning
    console.commands["save"] = Command("where the game is saved (every move is, as it is made)",
                                       lambda: _where_saved(console, table, path, resume))
    try:
        text.run()
    except QuitRequested:
        return _quit(console, table, path, resume)
    except EOFError:
        return _stopped(console, table, "Input ended", resume, 0)
    except KeyboardInterrupt:
        return _stopped(console, table, "Interrupted", resume, 130)
    except AgentFailed as failure:  # the save holds every move made: resume with another AI
        print(f"truce: error: {failure}", file=sys.stderr)
        return _stopped(console, table, "The AI failed", f"{resume} --ai {DEFAULT_AI}", 1)
    except JournalError as problem:  # the AI's move could not be saved, so it was not made
        print(f"truce: error: {problem}", file=sys.stderr)
        return _stopped(console, table, "The AI's move could not be saved", resume, 1)
    console.say("", "The game is saved. Watch it again with:")
    console.write(f"  {truce_command()} replay {shlex.quote(str(path))}")  # meant to be copied
    return 0


def _where_saved(console: Console, table: Table, path: Path, resume: str) -> None:
    """Answer `save`: nothing to do, every move is saved; where, and how to resume."""
    if table.writer is None or not table.writer.exists:
        console.say("Every move is saved as it is made; no move has been made yet.")
        return
    console.say("Every move is saved as it is made, so the game is saved, to:")
    console.write(f"  {path}")
    console.say("Type quit to stop now; resume later with:")
    console.write(f"  {resume}")


def _stopped(console: Console, table: Table, why: str, resume: str, code: int) -> int:
    """Stop on end of input, Ctrl-C or a save that cannot be written: say how to resume
    (every move made is saved)."""
    if table.writer is None or not table.writer.exists:
        console.say("", f"{why}; no move was made, so there is nothing to resume.")
        return code
    console.say("", f"{why}; the game is saved. Resume with:")
    console.write(f"  {resume}")
    return code


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
