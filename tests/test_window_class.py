"""A class at one screen: a teacher's choices on the title screen (two players, phase timers),
a game left when the bell rings and resumed, and each delegation's roles."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.window_driver import buttons, click, window, window_on

pygame = pytest.importorskip("pygame")

from game.sim.scenarios import resolve_scenario  # noqa: E402
from game.table import HUMAN  # noqa: E402
from game.ui.saves import open_game, resume  # noqa: E402
from game.ui.window.title import TitleScreen  # noqa: E402

MOVES = 400


def title_window(folder, timers: bool = False):
    """The title screen as `truce play [--timers]` opens it, its scenarios loaded."""
    app = window(None, folder, {}, title=True)
    app.show(TitleScreen(folder, SimpleNamespace(side=None, ai=None, timers=timers)))
    app.later(0)
    app.settle()
    return app


def move(app) -> None:
    """One move by whoever is at the screen: offer the first option, accept, keep, answer."""
    session, top, ids = app.flow.session, app.top, buttons(app)
    obs = session.view() if session.keyboard else None
    if top.name == "negotiation" and obs is not None and obs.party in session.owed():
        if obs.offer is not None and obs.offer_by != obs.party:
            click(app, "accept")
        else:
            if not top.package:
                click(app, next(i for i in ids if i.startswith("chip-")))
            click(app, "propose")
    elif top.name == "implementation":
        click(app, "confirm")
    elif top.name == "response":
        click(app, next(i for i in ids if i.startswith("answer-")))
    elif top.name == "end" and "next" in ids:
        click(app, "next")
    else:
        click(app, next(i for i in ids if not i.startswith("tool-")))


def test_truce_play_timers_keeps_the_phase_clock_for_a_game_chosen_on_the_title_screen(
        tmp_path):
    app = title_window(tmp_path, timers=True)
    click(app, "opponent-two players")
    click(app, "start")
    assert app.flow.session.hotseat and app.flow.session.table.time_left() is not None


def test_the_title_screen_turns_the_phase_timers_on_and_off(tmp_path):
    app = title_window(tmp_path)
    assert "• Off" in app.build().strings()
    click(app, "timers-on")
    assert "• On, as in a class" in app.build().strings()
    click(app, "start")
    assert app.flow.session.table.time_left() is not None
    quiet = title_window(tmp_path / "quiet")
    click(quiet, "start")
    assert quiet.flow.session.table.time_left() is None


def test_a_class_game_resumed_after_the_bell_keeps_its_phase_timers(tmp_path):
    scenario = resolve_scenario("cyber-pledge")
    game = open_game(scenario, "", "us", 5, {"us": HUMAN, "cn": HUMAN}, HUMAN, tmp_path,
                     timers=True)
    app = window_on(game, tmp_path)
    while game.table.version < 3:
        move(app)
    game.table.close()
    again = resume(game.path, tmp_path)  # as the title screen and `--load` resume it
    assert again.table.time_left() is not None
    again.table.close()
    title = title_window(tmp_path)
    click(title, "continue-0")
    assert title.flow.session.table.time_left() is not None


def test_a_choice_pressed_in_a_scrolling_list_stays_in_view_with_projector_text(tmp_path):
    app = window(None, tmp_path, {}, title=True, text_size="projector")
    app.show(TitleScreen(tmp_path, None))
    app.later(0)
    app.settle()
    click(app, "opponent-two players")
    app.draw()
    button = app.build().find("opponent-two players")
    holder = button.scroller.element.rect
    assert app.focus == "opponent-two players"
    assert holder.top <= button.element.rect.top and button.element.rect.bottom <= holder.bottom


def test_each_delegations_brief_gives_its_roles_and_never_the_other_sides(tmp_path):
    scenario = resolve_scenario("cyber-pledge")
    game = open_game(scenario, "", "us", 5, {"us": HUMAN, "cn": HUMAN}, HUMAN, tmp_path)
    app = window_on(game, tmp_path)
    assert app.top.name == "handover"
    click(app, "ready")
    assert app.top.name == "briefing"
    shown = " ".join(app.build().strings())
    for role in scenario.parties["us"].roles:
        assert f"{role.title}: {role.brief.strip()}" in shown
    for role in scenario.parties["cn"].roles:
        assert role.brief.strip() not in shown
    assert "Ministry of Public Security" not in shown


def test_a_game_resumed_after_the_bell_charts_trust_from_the_first_round(tmp_path):
    scenario = resolve_scenario("cyber-pledge")
    seats = {"us": HUMAN, "cn": HUMAN}
    played = open_game(scenario, "", "us", 5, seats, HUMAN, tmp_path / "a")
    app = window_on(played, tmp_path / "a")
    shown = app.flow.session.shown
    while not (2 in shown["us"].trust and 2 in shown["cn"].trust):
        move(app)
    whole = {p: dict(shown[p].trust) for p in ("us", "cn")}
    played.table.close()
    title = title_window(tmp_path / "a")
    click(title, "continue-0")
    resumed = title.flow.session.shown
    for party in ("us", "cn"):
        assert resumed[party].trust.keys() == whole[party].keys()
        for round_, means in whole[party].items():
            assert resumed[party].trust[round_] == pytest.approx(means)


class Clock:
    """A clock the test moves by hand (the table's and the window's)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_time_running_out_while_a_side_reads_its_brief_hands_over_after_it(tmp_path):
    from game.table import Table
    from game.ui.saves import Game, journal_writer, new_save_path

    clock = Clock()
    scenario = resolve_scenario("cyber-pledge")
    table = Table.open(scenario, 5, {"us": HUMAN, "cn": HUMAN}, clock=clock)
    path = new_save_path(tmp_path, scenario.id, "us", table.id)
    table.writer = journal_writer(table, path, "", {"side": "us", "ai": HUMAN})
    app = window_on(Game(table, "us", path, HUMAN, "", ("us", "cn")), tmp_path, clock=clock)
    click(app, "ready")
    assert app.top.name == "briefing" and table.humans_owed() == ("us",)
    clock.now += scenario.settings.timers["negotiate"] + 1
    app.settle()
    assert table.humans_owed() == ("cn",)  # round 2: China opens
    assert app.top.name == "briefing" and app.notice.startswith("Time ran out")
    click(app, "continue")
    assert app.top.name == "handover" and app.top.party == "cn"


def play_args(argv: list[str]):
    """`truce play ...` as the command line reads it."""
    from game.cli import _parser

    return _parser()[0].parse_args(["play", *argv])


def test_truce_play_two_players_timers_opens_a_class_game_at_one_screen(tmp_path):
    from game.cli.play import chosen_on_command_line, prepare

    given = play_args(["cyber-pledge", "--two-players", "--timers"])
    assert chosen_on_command_line(given)
    game = prepare(given, {"TRUCE_SAVE_DIR": str(tmp_path), "SDL_VIDEODRIVER": "x11"})
    assert game.humans == ("us", "cn") and game.table.bots == {}
    assert game.table.time_left() is not None
    app = window_on(game, tmp_path)
    assert app.top.name == "handover" and app.top.party in ("us", "cn")


@pytest.mark.parametrize(("argv", "message"), [
    (["--two-players", "--text"], "--two-players runs in the window: drop --text"),
    (["--two-players", "--ai", "hard"], "both sides are people, so --ai does not go with it"),
    (["--two-players", "--load", "x.jsonl"], "--load does not go with it (a save knows"),
])
def test_two_players_with_an_option_that_cannot_go_with_it_is_one_line_and_exit_2(
        tmp_path, monkeypatch, capsys, argv, message):
    from game.cli import main

    monkeypatch.setenv("TRUCE_SAVE_DIR", str(tmp_path))
    assert main(["play", *argv]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]


def test_two_players_without_a_display_is_refused_rather_than_played_by_one(
        tmp_path, monkeypatch, capsys):
    from game.cli import main

    monkeypatch.setenv("TRUCE_SAVE_DIR", str(tmp_path))
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    assert main(["play", "--two-players"]) == 2
    assert "--two-players plays in the window, and no display was found" in \
        capsys.readouterr().err


def score_label_classes(app) -> list[str]:
    """The text role (pygame_gui class) of each final score line on the end screen."""
    from pygame_gui.elements import UILabel

    app.build()
    return [element.class_ids[-1] for element in app.theme.manager.get_sprite_group().sprites()
            if isinstance(element, UILabel) and " points, " in element.text]


@pytest.mark.parametrize(("size", "role"), [((1920, 1080), "@heading"),
                                            ((1280, 720), "@small_bold")])
def test_the_final_scores_are_in_the_largest_type_the_debrief_has_room_for(tmp_path, size,
                                                                          role):
    scenario = resolve_scenario("cyber-pledge")
    game = open_game(scenario, "", "us", 5, {"us": HUMAN, "cn": HUMAN}, HUMAN, tmp_path)
    app = window_on(game, tmp_path, size=size, text_size="projector")
    for _ in range(MOVES):
        if app.top.name == "end":
            break
        move(app)
    assert score_label_classes(app) == [role, role]


def test_the_hand_over_shows_the_round_phase_and_clock_that_runs_on_and_nothing_private(
        tmp_path):
    scenario = resolve_scenario("cyber-pledge")
    game = open_game(scenario, "", "us", 5, {"us": HUMAN, "cn": HUMAN}, HUMAN, tmp_path,
                     timers=True)
    app = window_on(game, tmp_path)
    assert app.top.name == "handover"
    shown = app.build().strings()
    assert app.build().clock is not None and app.build().clock.text.startswith("Time left")
    assert any("Round 1 of 5" in s for s in shown)
    assert not any(s.startswith(("Brief", "Trust & ledger", "You lead")) for s in shown)


def test_after_the_bell_each_side_is_shown_its_last_round_summary_and_this_rounds_news(
        tmp_path):
    scenario = resolve_scenario("cyber-pledge")
    game = open_game(scenario, "", "us", 5, {"us": HUMAN, "cn": HUMAN}, HUMAN, tmp_path)
    app = window_on(game, tmp_path)
    table = game.table
    while not (table.view("us").round == 3 and app.flow.session.keyboard == "us"
               and app.top.name == "negotiation"):
        move(app)  # the US has read round 2's summary; China has not, when the bell rings
    table.close()
    title = title_window(tmp_path)
    click(title, "continue-0")
    seen = []
    while len(seen) < 2 * 6 and title.flow.session.view("public").round == 3:
        seen.append((title.flow.session.keyboard, title.top.name,
                     getattr(title.top, "round", None)))
        move(title)
    for party in ("us", "cn"):
        assert (party, "round-summary", 2) in seen and (party, "news", 3) in seen
