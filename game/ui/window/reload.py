"""Hot reload for scenario authors: while a game runs on a scenario file, saving the file
checks it again. A valid file may restart the game, or continue it from where it stands when
the game's line of play still replays on the new version; a broken one shows its problems
(FILE:LINE:COL lines from the loader) while the last good version stays in play.

The file's modification time is polled once a second by the window's loop (no thread, no
busy loop); nothing is read until it changes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from game.core.scenario import Scenario
from game.scenario import ScenarioError, load_scenario
from game.table import IllegalMove, Table
from game.ui.saves import Game, journal_writer, new_save_path
from game.ui.window.app import App, Screen
from game.ui.window.frame import button_row, page, panel
from game.ui.window.scene import Scene

POLL = 1.0  # seconds between two looks at the file's modification time


class ScenarioWatch:
    """Notices when the scenario file a game was opened from is saved again."""

    def __init__(self, path: Path, now: float) -> None:
        self.path = path
        self.stamp = self.modified()
        self.next_look = now + POLL

    def modified(self) -> float | None:
        try:
            return os.stat(self.path).st_mtime_ns
        except OSError:
            return None

    def changed(self, now: float) -> bool:
        """Whether the file changed since the last look (looks at most once per POLL)."""
        if now < self.next_look:
            return False
        self.next_look = now + POLL
        stamp = self.modified()
        if stamp == self.stamp:
            return False
        self.stamp = stamp
        return True


@dataclass(frozen=True)
class Reloaded:
    """What saving the file gave: the new scenario, or the loader's problem lines."""

    path: Path
    scenario: Scenario | None
    problems: tuple[str, ...]
    replay: Table | None = None  # the game's moves replayed on the new scenario (no save yet)
    why_not: str = ""  # why the game cannot continue on it


def reload(path: Path, table: Table) -> Reloaded:
    """Load the saved file; if it is valid, try the game's line of play on it."""
    try:
        scenario = load_scenario(path)
    except ScenarioError as error:
        return Reloaded(path, None, tuple(str(p) for p in error.problems))
    try:
        replay = replayed(table, scenario)
    except IllegalMove as refusal:
        reason = f"a move already made is not allowed on it ({refusal.illegal.reason})"
        return Reloaded(path, scenario, (), None, reason)
    except ValueError as refusal:
        return Reloaded(path, scenario, (), None, str(refusal))
    return Reloaded(path, scenario, (), replay)


def replayed(table: Table, scenario: Scenario) -> Table:
    """The same game (seed, seats, moves) on another version of its scenario, not yet saved;
    IllegalMove if a move already made is not allowed on it."""
    replay = Table.open(scenario, table.seed, dict(table.seats), journal=None,
                        move_limit=table.move_limit)
    replay.apply_log(table.record().actions)
    return replay


def saved(game: Game, replay: Table, source: str, folder: Path) -> Game:
    """The replayed game, journalled from its first move in a new save beside the old one."""
    path = new_save_path(folder, replay.scenario.id, game.side, replay.id)
    replay.writer = journal_writer(replay, path, source, {"side": game.side, "ai": game.ai})
    replay.rewrite_journal()
    return Game(replay, game.side, path, game.ai, "", game.humans)


class ReloadScreen(Screen):
    """The scenario file was saved: its problems, or the choice to restart or continue."""

    name = "reload"
    private = False

    def __init__(self, news: Reloaded, round_: int) -> None:
        self.news = news
        self.round = round_

    def build(self, ui: App) -> Scene:
        width, height = ui.size
        theme = ui.theme
        news = self.news
        scene, m, gap, pad, top, bottom, button_h = page(
            ui, self.name, "The scenario file was saved", None, tools=False)
        if news.scenario is None:
            lines = [(f"{news.path.name} has errors, so the game goes on with the last good "
                      "version. Fix the file and save it again; it is checked each time it is "
                      "saved.", "body-bold", "warn"), ("", "small")]
            session = ui.flow.session
            if session is not None and session.hotseat:
                # a loader message may quote either side's figures from the file: with two
                # players at the screen, say only where the problems are
                lines.append(("Two players share this screen, so only where the problems are "
                              "is shown; open the file to read them.", "small", "muted"))
                lines += [(_where(line), "small") for line in news.problems]
            else:
                lines += [(line, "small") for line in news.problems]
            specs = [("back", "Back to the game (Esc)", ("back",), "",
                      "Go on with the last good version.")]
        else:
            lines = [(f"{news.path.name} is valid: {news.scenario.title}.", "body-bold"),
                     ("", "small")]
            if news.replay is not None:
                lines.append((f"The moves made so far still work on it: you can go on from "
                              f"round {self.round} with the new version, or start again.",
                              "body"))
            else:
                lines.append((f"The game cannot go on with it: {news.why_not}. You can start "
                              "again with it.", "body"))
            lines.append(("Either way the game is saved in a new file; the old save stays "
                          "where it was.", "small", "muted"))
            specs = [("restart", "Start again with it (R)", ("restart",), "r",
                      "A new game on the new version: same seed, same sides.")]
            if news.replay is not None:
                specs.insert(0, ("continue", f"Go on from round {self.round} (C)",
                                 ("continue",), "c", "Every move made so far, replayed on the "
                                 "new version; then the game goes on."))
            specs.append(("back", "Keep the old version (Esc)", ("back",), "",
                          "Go on with the version in play."))
        h = bottom - top - 2 * button_h - 2 * gap
        y = panel(scene, theme, (m, top, width - 2 * m, h))
        scene.reader((m + pad, y, width - 2 * m - 2 * pad, top + h - y - pad), lines,
                     look="plain")
        button_row(scene, theme, m, bottom - 2 * button_h - gap, width - 2 * m, specs)
        scene.focus = "continue" if news.replay is not None else specs[0][0]
        return scene

    def press(self, ui: App, command: object) -> None:
        kind = command[0]
        ui.flow.close_overlay(ui)
        if kind == "restart":
            ui.flow.restart(ui, self.news)
        elif kind == "continue":
            ui.flow.carry_on(ui, self.news)


def _where(problem: str) -> str:
    """A loader problem line without its message: 'FILE:LINE:COL: error [code]'."""
    head, sep, rest = problem.partition(": ")
    severity = rest.split(":", 1)[0] if sep else ""
    code = problem[problem.rfind("["):] if problem.endswith("]") else ""
    return f"{head}: {severity} {code}".rstrip()

