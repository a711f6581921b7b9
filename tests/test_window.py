"""The desktop window, driven headless by posted keys and clicks; the table says what happened."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.window_driver import buttons, click, press, window

pygame = pytest.importorskip("pygame")

from game.core.scenario import Party, Trust, Verification  # noqa: E402
from game.sim.scenarios import resolve_scenario  # noqa: E402
from game.table import HUMAN, Table  # noqa: E402
from game.ui.text_views import count, money  # noqa: E402
from game.ui.window.launch import first_size  # noqa: E402
from tests.factories import opened_by, two_issue_scenario  # noqa: E402

MOVES = 400  # far more key presses than any test game needs


@pytest.fixture(scope="module")
def pledge():
    return opened_by(resolve_scenario("cyber-pledge"), "us")  # the scripted games: US first


def keyboard_turn(app, first_offer: str = "return") -> None:
    """One keyboard-only move on whatever screen is in front, as a new player would make it."""
    top = app.top
    obs = app.flow.session.view() if app.flow.session.keyboard else None
    if top.name == "negotiation" and obs is not None and obs.party in app.flow.session.owed():
        if obs.offer is not None and obs.offer_by != obs.party:
            press(app, "a" if "accept" in buttons(app) else "r")
        elif not top.package:
            press(app, first_offer)  # the first option of the first issue has the focus
            press(app, "down")
            press(app, "return")  # and the first of the next issue
            press(app, "p")
        else:
            press(app, "p")
    elif top.name == "response":
        press(app, "2")  # protest
    else:
        press(app, "return")


def play_with_keys(app, limit: int = MOVES) -> None:
    for _ in range(limit):
        if app.top.name == "end" and not [p for p in app.flow.session.humans
                                          if p not in app.flow.ended]:
            return
        keyboard_turn(app)
    raise AssertionError(f"the game did not end; stuck on {app.top.name}")


def test_a_whole_game_against_the_ai_is_played_with_the_keyboard_only(tmp_path, pledge):
    app = window(pledge, tmp_path, {"us": HUMAN, "cn": "standard"})
    seen = set()
    for _ in range(MOVES):
        seen.add(app.top.name)
        if app.top.name == "end":
            break
        keyboard_turn(app)
    table = app.flow.session.table
    assert table.over
    assert {"briefing", "news", "negotiation", "implementation", "round-summary", "end"} <= seen
    assert any("Final scores" in s for s in app.build().strings())
    saved = Table.resume(app.flow.session.game.path, pledge, read_only=True)
    assert saved.over and saved.version == table.version  # every move is in the save


@pytest.mark.parametrize("rival", ["novice", HUMAN])
def test_a_whole_game_is_played_with_the_mouse_only_against_the_ai_or_at_one_screen(
        tmp_path, pledge, rival):
    app = window(pledge, tmp_path, {"us": HUMAN, "cn": rival}, side="us", seed=11)
    for _ in range(MOVES):
        top, ids = app.top, buttons(app)
        if top.name == "end":
            break
        session = app.flow.session
        obs = session.view() if session.keyboard else None
        if top.name == "negotiation" and obs is not None and obs.party in session.owed():
            if obs.offer is not None and obs.offer_by != obs.party:
                click(app, "accept" if "accept" in ids else "reject")
            else:
                chips = [i for i in ids if i.startswith("chip-")]
                if not top.package:
                    click(app, chips[-1])
                click(app, "propose")
        elif top.name == "implementation":
            click(app, "confirm")
        elif top.name == "response":
            click(app, next(i for i in ids if i.startswith("answer-")))
        else:
            click(app, next(i for i in ids if not i.startswith("tool-")))
    assert app.flow.session.table.over and app.top.name == "end"
    while "next" in buttons(app):  # two players: the second reads its debrief too
        click(app, "next")
        click(app, "ready")
    assert app.flow.ended == set(app.flow.session.humans)


def test_an_unfinished_game_is_continued_from_the_title_screen(tmp_path):
    pledge = resolve_scenario("cyber-pledge")  # as shipped (seed 4: the lot lets the US open)
    app = window(pledge, tmp_path, {"us": HUMAN, "cn": "standard"}, seed=4)
    while app.top.name != "negotiation":
        press(app, "return")
    press(app, "n")  # make no offer: one move, saved
    version = app.flow.session.table.version
    app.flow.session.table.close()
    title = window(pledge, tmp_path, {}, title=True)
    title.settle()
    title.settle()
    listed = " ".join(title.build().find("continue-0").label)
    assert f"against standard AI, {count(version, 'move')}," in listed, listed  # not "1 moves"
    click(title, "continue-0")
    assert title.flow.session is not None and title.flow.session.table.version == version
    assert title.flow.session.game.path == app.flow.session.game.path


def test_a_broken_link_or_a_folder_among_the_saves_hides_no_game_from_the_title_screen(
        tmp_path):
    from game.ui.saves import unfinished_saves

    pledge = resolve_scenario("cyber-pledge")
    app = window(pledge, tmp_path, {"us": HUMAN, "cn": "standard"}, seed=4)
    while app.top.name != "negotiation":
        press(app, "return")
    press(app, "n")  # make no offer: one move, saved
    app.flow.session.table.close()
    (tmp_path / "gone.jsonl").symlink_to(tmp_path / "nowhere.jsonl")
    (tmp_path / "folder.jsonl").mkdir()
    (tmp_path / "junk.jsonl").write_bytes(b"\xff\x00")
    [saved] = unfinished_saves(tmp_path)
    assert saved.path == app.flow.session.game.path


def test_an_offer_built_by_clicking_options_is_the_offer_on_the_table(tmp_path, pledge):
    app = window(pledge, tmp_path, {"us": HUMAN, "cn": "standard"})
    while app.top.name != "negotiation":
        press(app, "return")
    obs = app.flow.session.view()
    first, second = obs.issues[0], obs.issues[1]
    click(app, f"chip-{first.id}-{first.options[1].id}")
    click(app, f"chip-{second.id}-{second.options[0].id}")
    assert "Worth" in " ".join(app.build().strings())
    click(app, "propose")
    table = app.flow.session.table
    offered = next(e for e in table.view("us").history if e.kind == "offer")
    assert dict(offered.terms) == {first.id: first.options[1].id, second.id: second.options[0].id}


def test_an_empty_offer_is_refused_with_a_reason_and_nothing_is_sent(tmp_path, pledge):
    app = window(pledge, tmp_path, {"us": HUMAN, "cn": "standard"})
    while app.top.name != "negotiation":
        press(app, "return")
    version = app.flow.session.table.version
    app.top.press(app, ("propose",))
    assert "pick an option first" in app.message
    assert app.flow.session.table.version == version


def test_a_whole_hotseat_game_hands_the_keyboard_over_between_the_sides(tmp_path, pledge):
    app = window(pledge, tmp_path, {"us": HUMAN, "cn": HUMAN}, seed=5)
    assert app.top.name == "handover"
    play_with_keys(app)
    table = app.flow.session.table
    assert table.over and app.flow.ended == {"us", "cn"}
    handovers = [d for d in app.drawn if d[1] == "handover"]
    assert len(handovers) >= 2 * pledge.settings.rounds


def test_every_key_in_the_help_and_every_screen_reaches_its_buttons_by_keyboard(tmp_path, pledge):
    app = window(pledge, tmp_path, {"us": HUMAN, "cn": "standard"})
    press(app, "f1")
    assert app.top.name == "help" and any("Tab" in s for s in app.build().strings())
    press(app, "escape")
    assert app.top.name == "briefing"
    press(app, "tab")
    assert app.focus.startswith("tool-")  # the toolbar is reachable too
    press(app, "l")
    assert app.top.name == "trust-ledger"
    press(app, "escape")
    press(app, "escape")
    assert app.top.name == "menu"
    press(app, "return")  # back to the game
    assert app.top.name == "briefing"


def test_watch_mode_plays_a_whole_game_between_two_ais_with_screenshots(tmp_path, pledge):
    shots = tmp_path / "shots"
    app = window(pledge, tmp_path, {"us": "novice", "cn": "standard"}, watch=True, shots=shots)
    app.flow.end_after = True
    app.flow.ending(app) if app.flow.session.table.over else None
    for _ in range(2000):
        app.settle()
        if not app.running or app.flow.session.table.over and app.top.name == "end":
            break
    assert app.flow.session.table.over
    names = {path.name.split("-", 1)[1] for path in shots.glob("*.png")}
    assert {"negotiation.png", "news.png", "round-summary.png", "end.png"} <= names


def test_a_screenshot_the_disk_cannot_hold_closes_the_window_with_one_line_and_code_1(
        tmp_path, pledge, monkeypatch):
    import pygame

    def full(surface, path):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pygame.image, "save", full)
    app = window(pledge, tmp_path, {"us": "novice", "cn": "standard"}, watch=True,
                 shots=tmp_path / "shots")
    app.settle()
    assert not app.running and app.exit_code == 1 and not app.shots
    assert app.error == (f"cannot save the screenshot {tmp_path / 'shots' / '01-negotiation.png'}"
                         ": No space left on device")


def test_a_screenshots_folder_that_cannot_be_used_is_refused_before_the_window_opens(
        tmp_path, monkeypatch, capsys):
    from game.cli import main

    monkeypatch.setenv("TRUCE_SAVE_DIR", str(tmp_path))
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    (tmp_path / "notes.txt").write_text("mine")
    argv = ["play", "tutorial", "--autoplay", "--screenshots"]
    assert main([*argv, str(tmp_path / "notes.txt")]) == 2
    assert capsys.readouterr().err == (f"truce: error: --screenshots {tmp_path / 'notes.txt'}: "
                                       "a file, not a folder\n")
    assert main([*argv, str(tmp_path / "notes.txt" / "shots")]) == 2
    assert "cannot make the folder" in capsys.readouterr().err
    assert (tmp_path / "notes.txt").read_text() == "mine"


def layout_problems(app) -> list[str]:
    """What on the screen in front runs past its element or the window, or sits on top of
    something else: labels and buttons too narrow for their text, cards and paragraphs that
    need a scroll bar to show all their lines, elements outside the window, overlaps."""
    from pygame_gui.elements import UIButton, UIImage, UILabel, UIPanel, UITextBox

    scene = app.build()
    window_rect = pygame.Rect(0, 0, *app.size)
    scrolled = {e for s in scene.scrollers for e in s.element.scrollable_container.elements}
    problems, placed = [], []
    for element in app.theme.manager.get_sprite_group().sprites():
        looks = set(element.get_object_ids())
        if not isinstance(element, UIButton | UIImage | UILabel | UIPanel | UITextBox) or \
                not element.visible or element.rect.width <= 0 or \
                {"tool_tip", "vertical_scroll_bar"} & set(element.element_ids):
            continue
        name = f"{scene.title}: {type(element).__name__} {element.get_object_ids()}"
        rect = element.rect
        if element not in scrolled and not window_rect.contains(rect):
            problems.append(f"{name} {rect} is outside the window")
        if isinstance(element, UILabel | UIButton) and element.text:
            border = 4 if isinstance(element, UIButton) else 0
            if element.font.size(element.text)[0] + border > rect.width:
                problems.append(f"{name}: {element.text!r} is wider than {rect.width}")
        long_text = {"#reader", "#plain"} & looks  # text meant to scroll
        if isinstance(element, UITextBox) and element.scroll_bar is not None and not long_text:
            problems.append(f"{name}: {element.html_text[:40]!r} needs a scroll bar")
        card = isinstance(element, UITextBox) and any(str(i).startswith("#chip") for i in looks)
        text = isinstance(element, UILabel | UIButton | UIImage) or (
            isinstance(element, UITextBox) and not card and not long_text)
        if text and element not in scrolled:  # an option card is placed as its button
            placed.append((name, rect))
    for n, (first, a) in enumerate(placed):
        for second, b in placed[n + 1:]:
            if a.colliderect(b):
                problems.append(f"{first} {a} overlaps {second} {b}")
    return problems


LAYOUTS = (((1280, 720), "normal"), ((1024, 640), "normal"), ((1280, 720), "projector"),
           ((1024, 640), "projector"))


def in_every_layout(app) -> list[str]:
    """The layout problems of the screen in front at 1280x720 and 1024x640, with normal and
    projector text; the window is left as it was."""
    problems = []
    first = (app.size, app.settings.text_size)
    for size, text_size in (*LAYOUTS, first):
        pygame.display.set_mode(size, pygame.RESIZABLE)
        app.resized()
        if app.settings.text_size != text_size:
            app.apply_settings(replace(app.settings, text_size=text_size))
        if (size, text_size) != first or not problems:
            problems += [f"{size[0]}x{size[1]} {text_size}: {p}" for p in layout_problems(app)]
    return problems


def test_nothing_runs_past_its_element_or_the_window_on_any_screen(tmp_path):
    flagship = opened_by(resolve_scenario("state-visit-2015"), "us")  # the longest labels
    app = window(flagship, tmp_path, {"us": HUMAN, "cn": HUMAN}, seed=5)
    seen = set()
    for _ in range(MOVES):
        top = app.top.name
        if top not in seen:
            seen.add(top)
            assert in_every_layout(app) == []
        if top == "negotiation" and "help" not in seen:
            for key in ("f1", "l", "escape"):
                press(app, key)
                seen.add(app.top.name)
                assert in_every_layout(app) == []
                press(app, "escape")
        if top == "end" and not [p for p in app.flow.session.humans if p not in app.flow.ended]:
            press(app, "l")  # the ledger, full of rows
            assert app.top.name == "trust-ledger" and in_every_layout(app) == []
            break
        keyboard_turn(app)
    assert {"handover", "briefing", "news", "negotiation", "implementation", "round-summary",
            "help", "trust-ledger", "menu", "end"} <= seen
    title = window(flagship, tmp_path, {}, title=True)
    title.settle()
    title.settle()
    assert in_every_layout(title) == []


# --- secrets: a screen shown to one side never draws the other side's private figures ------

def secret_scenario(cn_values, cn_brief: str, cn_prior: float):
    """Two issues; verification as likely to report a kept promise as a broken one, so every
    report is the same whatever China does; China's values, brief and prior trust given."""
    base = two_issue_scenario(rounds=3)
    issues = []
    for issue in base.issues:
        options = tuple(
            replace(o, value={**o.value, "cn": cn_values[(issue.id, o.id)]},
                    temptation={**o.temptation, "cn": cn_values[(issue.id, o.id)] + 0.5},
                    verification=Verification(0.3, 0.3))
            for o in issue.options)
        issues.append(replace(issue, options=options))
    cn: Party = replace(base.parties["cn"], brief=cn_brief, weights={"cyber": 1.0,
                                                                      "maritime": 1.0})
    trust = replace(base.trust, initial={"us": 0.5, "cn": cn_prior})
    assert isinstance(trust, Trust)
    return replace(base, issues=tuple(issues), parties={**base.parties, "cn": cn}, trust=trust)


PLAIN = {("cyber", "pledge"): 1.0, ("cyber", "dialogue"): 1.5, ("maritime", "halt"): -1.0}
ODD = {("cyber", "pledge"): 7.77, ("cyber", "dialogue"): 8.88, ("maritime", "halt"): 6.66}


def hotseat_script(app, china_breaks: bool) -> None:
    """The same moves every time, except China's secret keep-or-break choices."""
    for _ in range(MOVES):
        session = app.flow.session
        top = app.top
        if top.name == "end" and not [p for p in session.humans if p not in app.flow.ended]:
            return
        if top.name == "implementation" and session.keyboard == "cn" and china_breaks:
            for ident in buttons(app):
                if ident.startswith("defect-"):
                    click(app, ident)
            click(app, "confirm")
            continue
        keyboard_turn(app)
    raise AssertionError("the scripted game did not end")


def during_game(app, seat: str) -> list[tuple]:
    """What every frame drew while `seat` (or nobody, on a hand-over) held the keyboard, until
    the game was over."""
    out = []
    for keyboard, title, private, strings in app.drawn:
        if title == "end":
            break
        if keyboard == seat or not private:
            out.append((title, strings))
    return out


def test_what_the_us_sees_is_the_same_whatever_china_values_believes_or_does(tmp_path):
    plain = window(secret_scenario(PLAIN, "CN brief", 0.5), tmp_path / "a",
                   {"us": HUMAN, "cn": HUMAN}, seed=9)
    hotseat_script(plain, china_breaks=False)
    odd = window(secret_scenario(ODD, "CN-SECRET-BRIEF", 0.9), tmp_path / "b",
                 {"us": HUMAN, "cn": HUMAN}, seed=9)
    hotseat_script(odd, china_breaks=True)
    assert odd.flow.session.table.over and plain.flow.session.table.over
    assert during_game(plain, "us") == during_game(odd, "us")


def test_no_screen_for_the_us_or_a_hand_over_draws_chinas_values_brief_or_trust(tmp_path):
    app = window(secret_scenario(ODD, "CN-SECRET-BRIEF", 0.9), tmp_path,
                 {"us": HUMAN, "cn": HUMAN}, seed=4)
    trust_seen: set[str] = set()
    for _ in range(MOVES):  # China's trust figures as its own screens drew them
        session = app.flow.session
        if session.keyboard == "cn":
            own = session.view("cn").own.trust
            trust_seen |= {f"{m:.2f} ± {s:.2f}" for m, s in own.values()}
        if app.top.name == "end" and not [p for p in session.humans if p not in app.flow.ended]:
            break
        keyboard_turn(app)
    secrets = {"CN-SECRET-BRIEF", *(money(v) for v in ODD.values()),
               *(money(v + 0.5) for v in ODD.values())}
    us_trust = {f"{m:.2f} ± {s:.2f}" for m, s in app.flow.session.view("us").own.trust.values()}
    shown_to_us = [s for keyboard, title, private, strings in app.drawn
                   if keyboard == "us" or not private for s in strings]
    for secret in secrets:
        assert not any(secret in s for s in shown_to_us), secret
    for figure in trust_seen - us_trust:
        assert not any(figure in s for keyboard, title, private, strings in app.drawn
                       if title == "handover" for s in strings)
    handovers = [strings for keyboard, title, private, strings in app.drawn
                 if title == "handover"]
    assert handovers and not any("±" in s or "a round" in s for h in handovers for s in h)


def test_an_ai_move_the_disk_cannot_hold_closes_the_window_with_one_line_and_code_1(
        tmp_path, monkeypatch):
    from game.table import JournalError
    from game.table.journal import JournalWriter

    def full(writer, entry):
        raise JournalError(f"{writer.path}: cannot write the save (No space left on device)")

    monkeypatch.setattr(JournalWriter, "append", full)
    tutorial = resolve_scenario("tutorial")  # the US opens: China's AI moves first
    app = window(tutorial, tmp_path, {"us": "standard", "cn": HUMAN}, side="cn")
    app.settle()
    assert not app.running and app.exit_code == 1
    assert app.error.endswith(": cannot write the save (No space left on device)")
    assert "\n" not in app.error and not list(tmp_path.glob("*.jsonl"))


# --- the command line ---------------------------------------------------------------------

def test_truce_play_autoplay_saves_a_screenshot_of_every_screen_and_closes(
        tmp_path, monkeypatch, capsys):
    from game.cli import main

    (tmp_path / "window.json").write_text('{"speed": "off"}')  # the settings: no AI pauses
    shots = tmp_path / "shots"
    monkeypatch.setenv("TRUCE_SAVE_DIR", str(tmp_path / "saves"))
    code = main(["play", "cyber-pledge", "--autoplay", "--screenshots", str(shots),
                 "--seed", "3", "--ai", "novice"])
    assert code == 0
    names = sorted(path.name for path in shots.glob("*.png"))
    assert names[0] == "01-negotiation.png" and names[-1].endswith("-end.png")
    assert "Saved" in capsys.readouterr().out


def test_autoplay_and_screenshots_are_refused_in_the_terminal(tmp_path, monkeypatch, capsys):
    from game.cli import main

    monkeypatch.setenv("TRUCE_SAVE_DIR", str(tmp_path))
    assert main(["play", "--text", "--autoplay"]) == 2
    assert "drop --text" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "reason"),
    [(["--autoplay", "--load", "old.jsonl"], "--autoplay watches a new game between two AIs; "
      "it cannot resume a save: drop --load or --autoplay"),
     (["--screenshots", "shots"], "without a display, --screenshots needs --autoplay: no one "
      "can play in a window that is not shown"),
     (["--autoplay"], "without a display, --autoplay shows nothing: add --screenshots DIR to "
      "keep its screens")],
)
def test_a_window_no_one_could_play_or_close_is_refused_at_once(
        tmp_path, monkeypatch, capsys, argv, reason):
    from game.cli import main

    monkeypatch.setenv("TRUCE_SAVE_DIR", str(tmp_path))
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    assert main(["play", "tutorial", *argv]) == 2
    assert capsys.readouterr().err == f"truce: error: {reason}\n"
    assert not any(tmp_path.iterdir())


def test_the_tutorial_shows_its_hints_in_the_window_each_once_before_the_screen_they_are_about(
        tmp_path):
    tutorial = resolve_scenario("tutorial")
    app = window(tutorial, tmp_path, {"us": HUMAN, "cn": "standard"})
    order, seen = [], set()
    for _ in range(MOVES):
        seen.add(app.top.name)
        if app.top.name == "hint":
            texts = [" ".join(h.text.split()) for h in app.top.hints]
            strings = " ".join(" ".join(s.split()) for s in app.build().strings())
            assert all(text in strings for text in texts)
            assert in_every_layout(app) == []
            order.append((app.top.hints, app.flow.queue[0].name if app.flow.queue else ""))
        if app.top.name == "end":
            break
        keyboard_turn(app)
    assert app.flow.session.table.over
    shown = [h.id for hints, _ in order for h in hints]
    meant = {h.id for h in tutorial.hints if h.side in ("", "us")}
    assert set(shown) <= meant and len(set(shown)) == len(shown)  # each once
    # every one of them, but those for answering a report only if the US had one to answer
    asked = {"negotiate", "implement", "over"} | ({"respond"} if "response" in seen else set())
    assert {h.id for h in tutorial.hints if h.id in meant and h.phase in asked} <= set(shown)
    for hints, after in order:  # a hint comes just before the screen of its phase
        phase = hints[0].phase
        assert after == {"negotiate": "negotiation", "implement": "implementation",
                         "respond": "response", "over": "end"}[phase]


def test_the_implementation_page_says_who_accepted_whose_offer(tmp_path, pledge):
    """The AI's acceptance is never on screen otherwise: the window goes on to this page."""
    app = window(pledge, tmp_path, {"us": HUMAN, "cn": "standard"})
    said = []
    for _ in range(MOVES):
        if app.top.name == "implementation":
            strings = " ".join(app.build().strings())
            said.append("China accepted your offer." in strings
                        or "You accepted China's offer." in strings)
            break
        keyboard_turn(app)
    assert said == [True]


def test_chart_labels_go_where_they_cover_no_mark_and_no_other_label(tmp_path, pledge):
    """Labels of marks that crowd one corner are moved clear of each other; one that finds no
    clear place and is not needed is left out rather than drawn over the others."""
    from game.ui.window.charts import Canvas, around

    app = window(pledge, tmp_path, {"us": HUMAN, "cn": "standard"})
    canvas = Canvas(app.theme, (300, 200))
    marks = [(250, 100), (256, 104), (262, 98)]
    for p in marks:
        canvas.dot(p, 5, "muted")
    placed = [canvas.place(around(canvas, p, 7, f"R{n}"), f"R{n}", needed=False)
              for n, p in enumerate(marks, 1)]
    shown = [r for r in placed if r is not None]
    assert shown and placed[0] is not None
    dots = canvas.taken[:len(marks)]
    for n, rect in enumerate(shown):
        assert rect.collidelist(dots) < 0
        assert all(not rect.colliderect(other) for other in shown[n + 1:])


def test_the_window_opens_small_enough_for_the_screen_it_opens_on_never_below_its_minimum():
    size, minimum = (1280, 720), (1024, 640)
    assert first_size(size, minimum, (1920, 1080)) == (1280, 720)
    assert first_size(size, minimum, (1366, 768)) == (1280, 691)  # a task bar and a title bar
    assert first_size(size, minimum, (1024, 600)) == (1024, 640)  # the layout needs the minimum
