"""Time in the window: the phase clock, trust meters that slide when evidence arrives, and a
loop that sleeps whenever nothing moves."""

from __future__ import annotations

import pytest

from tests.window_driver import press, window, window_on

pygame = pytest.importorskip("pygame")

from game.sim.scenarios import resolve_scenario  # noqa: E402
from game.table import HUMAN, Table  # noqa: E402
from game.ui.saves import Game, journal_writer, new_save_path  # noqa: E402
from game.ui.window.app import FRAME  # noqa: E402
from tests.factories import opened_by  # noqa: E402


class Clock:
    """A clock the test moves by hand (the table's and the window's)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def timed(folder, clock: Clock, timers: dict, speed: str = "off"):
    """A window on a game against the AI whose table keeps time by `clock`."""
    scenario = opened_by(resolve_scenario("cyber-pledge"), "us")
    table = Table.open(scenario, 3, {"us": HUMAN, "cn": "standard"}, clock=clock,
                       timers=timers)
    path = new_save_path(folder, scenario.id, "us", table.id)
    table.writer = journal_writer(table, path, "", {"side": "us", "ai": "standard"})
    app = window_on(Game(table, "us", path, "standard", "", ("us",)), folder, speed=speed,
                    clock=clock)
    while app.top.name != "negotiation":
        press(app, "return")
    return app


def test_the_phase_clock_counts_down_and_stops_while_the_menu_is_open(tmp_path):
    clock = Clock()
    app = timed(tmp_path, clock, {"negotiate": 30})
    table = app.flow.session.table
    assert app.build().clock.text == "Time left 0:30"
    clock.now += 10.2
    app.settle()
    assert app.scene.clock.text == "Time left 0:20"
    press(app, "escape")
    assert app.top.name == "menu" and table.paused
    clock.now += 100
    app.settle()
    assert table.time_left() == pytest.approx(19.8)
    press(app, "escape")
    assert app.top.name == "negotiation" and not table.paused


def test_when_the_phase_clock_runs_out_its_defaults_apply_and_the_window_moves_on(tmp_path):
    clock = Clock()
    app = timed(tmp_path, clock, {"negotiate": 30})
    table = app.flow.session.table
    version = table.version
    clock.now += 31
    app.settle()
    assert table.version > version and table.record().actions[version].seat == "facilitator"
    assert app.notice.startswith("Time ran out")
    assert any(s.startswith("Time ran out") for s in app.drawn[-1][3])
    assert table.view("us").phase != "negotiate" or table.view("us").round > 1


def test_a_window_with_no_clock_and_nothing_moving_sleeps_until_input(tmp_path):
    clock = Clock()
    app = timed(tmp_path, clock, {})
    clock.now += 5  # the moment after the last key press has passed
    app.draw()
    assert app.wake_in() is None
    timed_app = timed(tmp_path / "b", clock, {"negotiate": 30})
    clock.now += 5.25
    timed_app.draw()
    assert 0 < timed_app.wake_in() <= 0.8  # the clock's figure changes in 0.75 s


def test_trust_meters_slide_to_new_evidence_and_then_stand_still(tmp_path):
    clock = Clock()
    app = timed(tmp_path, clock, {}, speed="normal")  # 0.9 s for a meter to arrive
    session = app.flow.session
    session.shown["us"].meters = {issue: (0.1, 0.3) for issue in session.view().own.trust}
    app.dirty()
    app.draw()
    assert app.scene.moving and app.wake_in() == pytest.approx(FRAME)
    first = app.scene.moving[0]
    assert first.figure.text == "0.10 ± 0.30"
    clock.now += 0.3
    app.draw()
    assert first.figure.text != "0.10 ± 0.30"
    clock.now += 1.0
    app.draw()
    mean, sd = session.view().own.trust["cyber"]
    assert not app.scene.moving and first.figure.text == f"{mean:.2f} ± {sd:.2f}"
    clock.now += 5
    app.draw()
    assert app.wake_in() is None  # arrived: nothing runs any more


def test_with_the_pace_off_meters_show_their_figure_at_once(tmp_path):
    clock = Clock()
    app = timed(tmp_path, clock, {}, speed="off")
    session = app.flow.session
    session.shown["us"].meters = {issue: (0.1, 0.3) for issue in session.view().own.trust}
    app.dirty()
    app.draw()
    assert not app.scene.moving


def test_the_seed_is_typed_on_the_title_screen_and_starts_that_game(tmp_path):
    title = window(None, tmp_path, {}, title=True)
    title.settle()
    title.settle()
    press(title, "4")
    press(title, "2")
    assert title.build().entries["seed"].get_text() == "42"
    press(title, "s")
    assert title.flow.session.table.seed == 42


def test_a_game_at_home_runs_without_phase_timers_unless_asked(tmp_path):
    from game.ui.saves import open_game

    scenario = opened_by(resolve_scenario("state-visit-2015"), "us")
    seats = {"us": HUMAN, "cn": "standard"}
    quiet = open_game(scenario, "", "us", 1, seats, "standard", tmp_path)
    assert quiet.table.time_left() is None
    timed_game = open_game(scenario, "", "us", 1, seats, "standard", tmp_path, timers=True)
    assert 290 < timed_game.table.time_left() <= scenario.settings.timers["negotiate"]
