"""The window as a newcomer reads it: nothing a player decides on is cut short, a greyed
button says on screen why, where the game stands stays whole, and figures add up where they
are shown."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.window_driver import click, press, window

pygame = pytest.importorskip("pygame")

from game.core.actions import Accept, Propose  # noqa: E402
from game.scenario import load_scenario  # noqa: E402
from game.sim.scenarios import resolve_scenario  # noqa: E402
from game.table import HUMAN  # noqa: E402
from game.ui.window import app as app_module  # noqa: E402
from game.ui.window import ending  # noqa: E402
from game.ui.window.summary import incidents  # noqa: E402
from tests.factories import opened_by  # noqa: E402

EXAMPLE = Path(__file__).resolve().parents[1] / "scenarios" / "examples" / "words-and-deeds.yaml"
SIZES = ((1024, 640), (1280, 720), (1920, 1080))
MOVES = 400


@pytest.fixture(scope="module")
def flagship():
    return opened_by(resolve_scenario("state-visit-2015"), "us")


@pytest.fixture(scope="module")
def deeds():
    return opened_by(load_scenario(EXAMPLE), "us")


def visible(app) -> list[str]:
    """The text of every label and button above the footer (tool tips and the footer's
    two lines, which show a focused button's whole tip, left out)."""
    from pygame_gui.elements import UIButton, UILabel

    app.build()
    top = app.size[1] - app.footer_height()
    return [e.text for e in app.theme.manager.get_sprite_group().sprites()
            if isinstance(e, UIButton | UILabel) and e.visible and e.text and e.rect.y < top]


def said(app) -> str:
    """Every string the screen shows, tool tips included, its lines run together."""
    return " ".join(" ".join(app.build().strings()).split())


def cut(app) -> list[str]:
    """The labels and buttons on screen cut short with an ellipsis."""
    return [text for text in visible(app) if "…" in text]


def signed_on_everything(app) -> None:
    """Walk to the first implementation page, the US having proposed a long package that
    China accepted (every track, the longest labels)."""
    table = app.flow.session.table
    forbidden = {(line.issue, o) for party in table.scenario.parties.values()
                 for line in party.red_lines for o in line.forbid}
    terms = []
    for issue in table.view("us").issues:
        fine = [o for o in issue.options if o.available and not o.requires
                and (issue.id, o.id) not in forbidden]
        if fine:
            terms.append((issue.id, max(fine, key=lambda o: len(o.label)).id))
    table.submit("us", Propose("us", tuple(terms)), table.version)
    table.submit("cn", Accept("cn"), table.version)
    for _ in range(MOVES):
        if app.top.name == "implementation":
            return
        press(app, "return")
    raise AssertionError(f"stuck on {app.top.name}")


@pytest.mark.parametrize("size", SIZES)
def test_the_implementation_page_names_each_commitment_whole_before_it_may_be_broken(
        tmp_path, deeds, size):
    app = window(deeds, tmp_path, {"us": HUMAN, "cn": HUMAN}, size=size)
    signed_on_everything(app)
    assert app.top.name == "implementation"
    obs = app.flow.session.view()
    owed = {c.issue: c.option for c in obs.commitments}
    shown = " ".join(visible(app))
    for issue in obs.obligations:
        label = next(o.label for i in obs.issues if i.id == issue for o in i.options
                     if o.id == owed[issue])
        assert label.split()[-1] in shown, label  # its last word: none is cut away
    assert cut(app) == []


def test_the_header_cuts_a_long_scenario_title_but_never_the_round_or_the_phase(tmp_path,
                                                                                  deeds):
    app = window(deeds, tmp_path, {"us": HUMAN, "cn": HUMAN}, size=(1024, 640))
    signed_on_everything(app)
    click(app, "confirm")
    while app.top.name != "implementation":  # China's page: its badge is the wider
        press(app, "return")
    assert app.flow.session.keyboard == "cn"
    line = next(t for t in visible(app) if "Round " in t)
    assert line.endswith("Round 1 of 6  ·  Implementation"), line


def to_the_round_summary(app) -> None:
    """From the implementation page to the first round summary (China's, at one screen)."""
    for _ in range(MOVES):
        if app.top.name == "round-summary":
            return
        if app.top.name == "implementation":
            click(app, "confirm")
        elif app.top.name == "response":
            press(app, "1")
        else:
            press(app, "return")
    raise AssertionError(f"stuck on {app.top.name}")


@pytest.mark.parametrize("size", SIZES)
def test_the_round_summary_cuts_no_issue_option_or_trust_name(tmp_path, flagship, size):
    app = window(flagship, tmp_path, {"us": HUMAN, "cn": HUMAN}, size=size)
    signed_on_everything(app)
    to_the_round_summary(app)
    assert cut(app) == []
    assert "Cap-and-trade from 2017 and the $3.1 billion fund" in said(app)


def test_a_report_in_the_round_summary_is_an_incident_against_a_side_in_words():
    assert incidents("China #1") == "incident 1, against China"
    assert incidents("US #2, you #3") == "incident 2, against the US; incident 3, against you"
    assert incidents("none") == "none"


def test_an_offer_that_cannot_be_accepted_says_why_on_screen_and_what_to_do(tmp_path,
                                                                             flagship):
    app = window(flagship, tmp_path, {"us": HUMAN, "cn": HUMAN})
    table = app.flow.session.table
    table.submit("us", Propose("us", (("human-rights", "lawyers-free"), ("people", "exchanges"))),
                 table.version)
    for _ in range(MOVES):
        if app.top.name == "negotiation" and app.flow.session.keyboard == "cn":
            break
        press(app, "return")
    scene = app.build()
    assert not scene.find("accept").enabled
    shown = said(app)
    assert "You cannot accept it: China will not release detained lawyers" in shown
    assert "Counter-offer without that option, or reject." in shown


def go_on(app) -> None:
    """One step against the AI: accept an offer, else make none; let a report pass; else go on."""
    top = app.top.name
    session = app.flow.session
    if top == "negotiation" and session.view().party in session.owed():
        obs = session.view()
        press(app, "a" if obs.offer is not None and obs.offer_by != obs.party else "n")
    elif top == "response":
        press(app, "1")
    else:
        press(app, "return")


def to_the_end(app) -> None:
    """Against the AI: accept every offer, make none, let every report pass, to the end."""
    for _ in range(MOVES):
        if app.top.name == "end":
            return
        go_on(app)
    raise AssertionError(f"stuck on {app.top.name}")


@pytest.mark.parametrize("size,text", [((1280, 720), "normal"), ((1920, 1080), "projector")])
def test_the_final_scores_card_adds_the_trust_term_up_to_the_points_above_it(tmp_path,
                                                                            flagship, size,
                                                                            text):
    app = window(flagship, tmp_path, {"us": HUMAN, "cn": "standard"}, side="us", size=size,
                 text_size=text)
    to_the_end(app)
    score = app.top.debrief(app).score("us")
    shown = said(app)
    assert f"You (United States): {score.raw:.1f} points" in shown
    assert f"for China's trust at the end = {score.raw:.1f} points." in shown
    assert "Out of 100: 0 is no deal at all" in shown


@pytest.mark.parametrize("size", SIZES)
def test_the_promise_ledger_cuts_no_commitment(tmp_path, deeds, size):
    app = window(deeds, tmp_path, {"us": HUMAN, "cn": HUMAN}, size=size)
    signed_on_everything(app)
    to_the_round_summary(app)
    press(app, "l")
    assert app.top.name == "trust-ledger"
    assert cut(app) == []
    shown = said(app)
    obs = app.flow.session.view()
    assert obs.ledger
    for row in obs.ledger:
        label = next(o.label for i in obs.issues if i.id == row.issue for o in i.options
                     if o.id == row.option)
        assert label in shown


def test_the_title_screen_lists_an_unfinished_game_by_its_scenario_title_not_its_id(
        tmp_path):
    pledge = resolve_scenario("cyber-pledge")  # as shipped (seed 4: the lot lets the US open)
    app = window(pledge, tmp_path, {"us": HUMAN, "cn": "standard"}, seed=4)
    while app.top.name != "negotiation":
        press(app, "return")
    press(app, "n")
    app.flow.session.table.close()
    title = window(pledge, tmp_path, {}, title=True)
    title.settle()
    title.settle()
    card = title.build().find("continue-0").label
    assert card[0] == "The cyber pledge: words and actions"
    assert card[1].startswith("United States against standard AI, ")


@pytest.mark.parametrize("size", SIZES)
def test_the_title_screen_shows_whole_summaries_when_the_window_has_room(tmp_path, flagship,
                                                                         size):
    title = window(flagship, tmp_path, {}, title=True, size=size)
    title.settle()
    title.settle()
    cards = [b for b in title.build().buttons if b.id.startswith("scenario-")]
    whole = [not any("…" in line for line in b.label) for b in cards]
    if size == (1920, 1080):
        assert all(whole)
    assert all(len(b.label) >= 3 for b in cards)  # a title and two lines of summary at least


def test_a_one_off_act_is_done_or_skipped_on_the_implementation_page_not_kept(tmp_path,
                                                                               deeds):
    app = window(deeds, tmp_path, {"us": HUMAN, "cn": HUMAN})
    signed_on_everything(app)  # the first meeting of the dialogue is due a round later
    for _ in range(MOVES):
        session = app.flow.session
        top = app.top.name
        if top == "implementation" and "dialogue" in session.view().obligations:
            break
        if top == "implementation":
            click(app, "confirm")
        elif top == "response":
            press(app, "1")
        elif top == "negotiation" and session.keyboard in session.owed():
            obs = session.view()
            press(app, "r" if obs.offer is not None and obs.offer_by != obs.party else "n")
        else:
            press(app, "return")
    obs = app.flow.session.view()
    owed = {c.issue: c.option for c in obs.commitments}
    acts = [i.id for i in obs.issues for o in i.options
            if i.id in obs.obligations and o.id == owed[i.id] and o.due is not None]
    assert acts
    scene = app.build()
    for issue in obs.obligations:
        act = issue in acts
        assert scene.find(f"comply-{issue}").label[0].endswith(
            "Do it (K)" if act else "Keep (K)")
        assert scene.find(f"defect-{issue}").label[0].endswith(
            "Skip it secretly (D)" if act else "Break secretly (D)")


def test_with_projector_text_in_the_smallest_window_headings_headlines_and_scores_are_whole(
        tmp_path, flagship):
    """The subtitle may cut the scenario's title (never the round or phase); nothing else a
    screen is about is cut, and a chart too low to read is not drawn."""
    app = window(flagship, tmp_path, {"us": HUMAN, "cn": "standard"}, size=(1024, 640),
                 text_size="projector")
    seen = {}
    for _ in range(MOVES):
        top = app.top.name
        if top not in seen:
            seen[top] = [t for t in cut(app) if "  ·  Round " not in t]
        if top == "end":
            break
        go_on(app)
    assert {"briefing", "news", "negotiation", "implementation", "end"} <= set(seen)
    assert {name: texts for name, texts in seen.items() if texts} == {}
    words = [w for e in app.theme.manager.get_sprite_group().sprites()
             for w in getattr(e, "shown", ())]
    assert "Your trust in China" not in words  # the trust chart: too low here
    assert "See the trust and ledger page (L)." in visible(app)


def test_a_mark_label_on_the_deal_map_keeps_clear_of_the_axis_caption(tmp_path, flagship):
    from game.ui.window.charts import Canvas

    app = window(flagship, tmp_path, {"us": HUMAN, "cn": "standard"})
    canvas = Canvas(app.theme, (300, 200))
    at = canvas.axes("across", "China, out of 100", (0, 100), (0, 100), (0, 100), (0, 100))
    caption = canvas.taken[-1]
    near = at(5, 100)
    label = canvas.place([(near[0] + 4, near[1] + 2), (near[0] + 4, near[1] + 40)], "R2")
    assert label is not None and not label.colliderect(caption)


def test_a_forecast_whose_futures_all_end_alike_says_so_rather_than_ten_to_ten():
    from types import SimpleNamespace

    from game.ui.window.negotiation import spread

    assert spread(SimpleNamespace(p10=10.2, median=10.2, p90=9.6)) == "in every future"
    assert spread(SimpleNamespace(p10=-4.0, median=27.0, p90=51.4)) == "-4 to 51"


@pytest.mark.parametrize("size", SIZES)
def test_an_option_that_comes_only_with_another_names_that_option_in_whole_words(
        tmp_path, deeds, size):
    app = window(deeds, tmp_path, {"us": HUMAN, "cn": "standard"}, size=size)
    while app.top.name != "negotiation":
        press(app, "return")
    card = " ".join(app.build().find("chip-cyber-norms").label)
    assert "only with A standing mechanism" in card  # its label up to the colon, never 'A sta…'
    assert "…" not in card.split("only with", 1)[1]


def test_news_that_changes_an_options_worth_sets_the_label_apart_from_the_figures(tmp_path,
                                                                                    deeds):
    """The label may be a whole sentence ('The US imposes no new restrictions ...'): a comma
    keeps 'now worth' from reading as part of it (the terminal says the same line)."""
    from game.core.events import ValueShifted
    from game.ui.text_events import news_changes

    app = window(deeds, tmp_path, {"us": "standard", "cn": HUMAN}, side="cn")
    obs = app.flow.session.view("cn")
    shift = ValueShifted(2, "cn", "investment", "no-new-restrictions", 10.0, 12.0)
    line = " ".join(news_changes([shift], obs))
    assert "on Chinese technology investment, now worth " in line


def test_the_menu_after_the_game_offers_no_game_to_continue(tmp_path, flagship):
    app = window(flagship, tmp_path, {"us": HUMAN, "cn": "standard"})
    press(app, "escape")
    assert "continue from the title screen" in said(app)
    press(app, "escape")
    to_the_end(app)
    press(app, "escape")
    assert app.top.name == "menu"
    shown = said(app)
    assert "The game is over and saved." in shown and "continue" not in shown
    assert "Back to the debrief (Esc)" in shown and "Save and quit" not in shown


def test_the_full_debrief_starts_with_its_first_heading_not_a_blank_line(tmp_path, flagship):
    app = window(flagship, tmp_path, {"us": HUMAN, "cn": "standard"})
    to_the_end(app)
    press(app, "f")
    assert app.top.name == "debrief"
    box = app.build().scrolling[0]
    assert box.html_text.split("<br>")[0].endswith("Final scores</b></font>")


def _record(promises: int, broken: int, seen: int) -> SimpleNamespace:
    """What the end screen's verdict reads of a side's record."""
    return SimpleNamespace(promises=promises, broken=broken, seen=seen, unseen=broken - seen,
                           kept_its_word=not broken, final_breaches=())


def test_the_end_screens_verdict_counts_one_promise_two_and_all_in_words():
    assert ending.verdict(_record(1, 1, 1), "China") == "China broke its one promise: seen."
    assert ending.verdict(_record(1, 0, 0), "You") == "You kept your word: your one promise kept."
    assert ending.verdict(_record(2, 0, 0), "You") == "You kept your word: both promises kept."
    assert ending.verdict(_record(3, 3, 2), "China") == (
        "China broke all 3 promises: 2 seen, 1 never reported.")
    assert ending.verdict(_record(3, 1, 0), "China") == (
        "China broke 1 of 3 promises: 0 seen, 1 never reported.")


def test_the_keys_line_leaves_out_whole_entries_least_needed_first_until_it_fits():
    assert app_module.keys_line(lambda text: True).count("   ") == 5  # all six when they fit
    short = app_module.keys_line(lambda text: len(text) <= 60)
    assert short == "Enter: choose   F1: help and keys   Esc: back"
    assert "F1: help and keys   Esc: back" in app_module.keys_line(lambda text: len(text) <= 90)
