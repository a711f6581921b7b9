"""Hot reload in the window: an author saves the scenario file while a game runs on it."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.window_driver import press, window

pygame = pytest.importorskip("pygame")

from game.core.actions import Propose  # noqa: E402
from game.sim.scenarios import scenario_path  # noqa: E402
from game.table import HUMAN, Table  # noqa: E402
from game.ui.window.scene import shown_strings  # noqa: E402


@pytest.fixture
def authored(tmp_path):
    """A copy of the cyber pledge that a test edits as an author would (the US opens)."""
    path = tmp_path / "pledge.yaml"
    shutil.copy(scenario_path("cyber-pledge"), path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("first_proposer: lot", "first_proposer: us"), encoding="utf-8")
    return path


def open_on(path, folder):
    """A window on a game opened from the file, one offer made (the cyber pledge)."""
    from game.scenario import load_scenario

    app = window(load_scenario(path), folder, {"us": HUMAN, "cn": HUMAN}, source=str(path))
    table = app.flow.session.table
    table.submit("us", Propose("us", (("cyber", "pledge"),)), table.version)
    app.dirty()
    app.settle()
    return app


def save(app, path, text: str) -> None:
    """Write the file and let the window notice at its next look."""
    path.write_text(text, encoding="utf-8")
    stamp = os.stat(path).st_mtime_ns + 1_000_000_000
    os.utime(path, ns=(stamp, stamp))
    app.flow.file.next_look = 0.0
    app.settle()


def shown(app) -> str:
    return "\n".join(shown_strings(app.theme.manager))


def test_a_broken_save_shows_its_errors_and_the_game_goes_on_with_the_last_good_version(
        tmp_path, authored):
    app = open_on(authored, tmp_path / "saves")
    table, version = app.flow.session.table, app.flow.session.table.version
    good = authored.read_text(encoding="utf-8")
    save(app, authored, good.replace("no_deal: 0.0", "no_deal: lots", 1))
    assert app.top.name == "reload"
    # two players share the screen: only where the problem is, never what the file says
    assert f"{authored}:51:14: error [type]" in shown(app)
    assert "parties.us.no_deal" not in shown(app)
    press(app, "escape")
    assert app.top.name != "reload"
    assert app.flow.session.table is table and table.version == version
    assert list(table.writer.path.parent.glob("*.jsonl")) == [table.writer.path]


def test_a_valid_save_lets_the_game_go_on_from_where_it_is_on_the_new_version(tmp_path,
                                                                              authored):
    app = open_on(authored, tmp_path / "saves")
    old = app.flow.session.game
    version = old.table.version
    text = authored.read_text(encoding="utf-8")
    save(app, authored, text.replace('title: "The cyber pledge: words and actions"',
                                     'title: "The cyber pledge, revised"'))
    assert app.top.name == "reload" and "Go on from round 1 (C)" in shown(app)
    press(app, "c")
    game = app.flow.session.game
    assert game is not old and game.table.scenario.title == "The cyber pledge, revised"
    assert game.table.version == version and game.path != old.path
    assert old.table.writer.handle is None  # the old game is closed; its save stays
    resumed = Table.resume(game.path, game.table.scenario, read_only=True)
    assert resumed.record().actions == game.table.record().actions


def test_a_save_the_moves_made_do_not_fit_offers_a_new_game_on_it(tmp_path, authored):
    app = open_on(authored, tmp_path / "saves")
    old = app.flow.session.game
    text = authored.read_text(encoding="utf-8")
    save(app, authored, text.replace("      - id: pledge\n", "      - id: promise\n"))
    said = shown(app)
    assert app.top.name == "reload" and "Go on from" not in said
    assert "a move already made is not allowed on it" in said
    press(app, "r")
    game = app.flow.session.game
    assert game is not old and game.table.version == 0 and game.table.seed == old.table.seed
    assert [o.id for o in game.table.scenario.issues[0].options][0] == "promise"


def test_a_solo_player_sees_the_whole_problem_line(tmp_path, authored):
    from game.scenario import load_scenario

    app = window(load_scenario(authored), tmp_path / "saves", {"us": HUMAN, "cn": "standard"},
                 source=str(authored))
    good = authored.read_text(encoding="utf-8")
    save(app, authored, good.replace("no_deal: 0.0", "no_deal: lots", 1))
    assert app.top.name == "reload"
    assert f"{authored}:51:14: error: parties.us.no_deal: expected a number" in shown(app)
