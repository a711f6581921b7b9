"""The terminal game's screens read right: a round fits on a screen, issues keep one order,
numbers say what they mean, and text is laid out by display width."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.ai.registry import make_agent
from game.core.actions import Accept, Implement, Pass, Propose
from game.core.scenario import Issue, other
from game.sim.scenarios import resolve_scenario, shipped_scenarios
from game.table import HUMAN, Table
from game.ui.text import TextGame
from game.ui.text_console import WIDTH, Console
from game.ui.text_layout import Column, cut, table, width, wrap
from game.ui.text_views import count, figure, money, percent
from tests.factories import news_events, option, strict_verification, two_issue_scenario
from tests.test_text_game import Player, args

SHIPPED = tuple(shipped_scenarios())  # every scenario that ships
ROUND_VIEW = re.compile(r"^---- Round (\d+) of \d+: what happened ----$")


def played(scenario_id: str, side: str, seed: int, player: Player) -> tuple[Player, Table]:
    """A whole game of a shipped scenario against the standard AI, `player` at the prompts."""
    scenario = resolve_scenario(scenario_id)
    them = other(side)
    agent = make_agent("standard", them, seed, scenario=scenario)
    table = Table.open(scenario, seed, {side: HUMAN, them: agent})
    TextGame(table, side, Console(read=player.read, write=player.write)).run()
    return player, table


def round_views(lines: list[str]) -> list[list[str]]:
    """Each round's view: its summary, from its heading to the blank line after it."""
    views = []
    for n, line in enumerate(lines):
        if ROUND_VIEW.match(line):
            end = lines.index("", n)
            views.append(lines[n:end])
    return views


class Accepting(Player):
    """A student who accepts what is offered and keeps its word: one answer a decision."""

    def choose(self, menu: list[str]) -> str:
        for n, line in enumerate(menu, 1):
            if "Accept this offer" in line:
                return str(n)
        if any("Make no offer" in line for line in menu):
            return str(len(menu))
        if any("Reject it" in line for line in menu):
            return "1"
        return "1" if "Keep" in menu[0] or "Finish" in menu[0] else "2"  # keep; protest


@pytest.mark.parametrize("scenario_id", SHIPPED)
@pytest.mark.parametrize("side", ["us", "cn"])
def test_every_round_view_fits_in_40_lines_of_80_columns(scenario_id, side):
    player, table = played(scenario_id, side, 3, Player(3))
    views = round_views(player.lines)
    assert len(views) == table.scenario.settings.rounds
    issues = [i.title.split(": ")[0] for i in table.scenario.issues]
    for view in views:
        assert len(view) <= 40
        if "No commitment was in force this round." in view:
            continue
        rows = [line for line in view[2:] if line.startswith("  ") and line[2:3] != " "]
        assert [next(t for t in issues if row[2:].startswith(t[:12])) for row in rows] == issues
    assert max(width(line) for line in player.lines) <= WIDTH



def test_two_incidents_on_one_issue_each_keep_their_answer_in_the_round_view():
    from game.core.actions import Respond
    from game.ui.text_report import round_summary

    scenario = strict_verification(two_issue_scenario())
    table = Table.open(scenario, 1, {"us": HUMAN, "cn": HUMAN})
    for action in (Propose("us", (("cyber", "pledge"),)), Accept("cn"),
                   Implement("us", (("cyber", "defect"),)),
                   Implement("cn", (("cyber", "defect"),)),
                   Respond("us", 2, "targeted"), Respond("cn", 1, "broad")):
        table.submit(action.seat, action, table.version)
    view = round_summary(table.view("us"), 1)
    assert re.search(r"^  Cyber-enabled theft of trade… +Pledge +broke +you #1 +Broad sanctions$",
                     view[3])
    assert re.search(r"^ {20,}China #2 +Targeted sanctions$", view[4])


def test_a_quiet_round_prints_at_most_40_lines_besides_its_news():
    player, _ = played("state-visit-2015", "us", 5, Accepting(5))
    text = "\n".join(player.lines).split("\n==== Final scores")[0]
    rounds = re.split(r"\n(?===== Round \d+ of 6)", text)[1:]
    quiet = [r.split("\n") for r in rounds if "Choose 1-3 (or help): 1" in r
             and "Incident" not in r]
    assert quiet  # China offered, the student accepted and kept its word, nothing reported
    for lines in quiet:
        talks = next(n for n, line in enumerate(lines[1:], 1)
                     if line in ("", "China offers:") or line.startswith("China makes no"))
        news = lines[1:talks]  # a round opens with its news, then talks
        assert len(lines) - len(news) <= 40, "\n".join(lines)


def test_the_brief_menus_and_tables_list_the_issues_in_the_scenarios_order():
    scenario = resolve_scenario("state-visit-2015")
    titles = [i.title for i in scenario.issues]
    shorts = [t.split(": ")[0] for t in titles]
    terms = (("people", "one-million-strong"), ("ict", "affirm"), ("climate", "statement"),
             ("cyber", "pledge"))  # offered in reverse order
    player = Player(script=["status", "1", "1"])  # status; accept the offer; keep every one
    table = Table.open(scenario, 5, {"us": HUMAN, "cn": HUMAN})  # the US opens
    table.submit("us", Pass("us"), table.version)
    game = TextGame(table, "us", Console(player.read, player.write))
    game.show_brief()
    brief = [line.split(" (priority")[0] for line in player.lines
             if " (priority " in line and not line.startswith("(")]
    assert brief == titles
    table.submit("cn", Propose("cn", terms), table.version)
    game.show_new()
    offer = player.text.split("China offers:")[1]
    assert [s for s in shorts if s in offer] == shorts
    assert sorted(shorts, key=offer.index) == shorts
    game.player_turn()  # accepts, after the status table
    status = player.text.split("Your score so far")[1]
    assert sorted(shorts, key=status.index) == shorts
    game.player_turn()  # keeps every commitment
    table.submit("cn", Implement("cn", tuple((k, "comply") for k, _ in terms)), table.version)
    game.show_new()
    view = player.text.split("what happened ----")[1]
    assert sorted(shorts, key=view.index) == shorts


def test_figures_never_read_minus_zero_and_rates_are_shown_as_given():
    assert money(-0.001) == "+0.00" and money(-0.004999) == "+0.00"
    assert money(-0.005001) == "-0.01" and money(2.5) == "+2.50"
    assert figure(-0.0001) == "0.00" and figure(-1.239) == "-1.24"
    assert percent(0.015) == "1.5%" and percent(0.12) == "12%" and percent(0.0) == "0%"
    assert percent(0.333) == "33.3%" and percent(1.0) == "100%"
    assert count(1, "round") == "1 round" and count(0, "offer") == "0 offers"


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_no_figure_is_ever_minus_zero(value):
    assert not money(value).startswith("-0.00") and not figure(value).startswith("-0.00")


def test_a_one_round_game_says_one_round():
    player = Player(script=[])
    table = Table.open(two_issue_scenario(rounds=1), 1, {"us": HUMAN, "cn": HUMAN})
    TextGame(table, "us", Console(player.read, player.write)).intro()
    assert "The game lasts 1 round." in player.text and "1 rounds" not in player.text


def test_rates_in_menus_are_the_scenarios_own():
    scenario = two_issue_scenario()
    cyber = scenario.issues[0]
    finer = Issue(cyber.id, cyber.title, (option("pledge", detect=0.125, false_alarm=0.015),))
    scenario = replace(scenario, issues=(finer, scenario.issues[1]))
    player = Player(script=["1", "1", "1", "5"])  # build: leave both out; back
    table = Table.open(scenario, 1, {"us": HUMAN, "cn": HUMAN})
    game = TextGame(table, "us", Console(player.read, player.write))
    assert game.negotiate(game.obs) is None
    assert re.search(r"Pledge .* 12\.5% +1\.5%", player.text)



def test_no_change_has_no_checks_and_rates_by_side_are_explained():
    from game.scenario.loader import load_scenario
    from tests.test_example_format2 import EXAMPLE
    from tests.test_text_game import game_on

    player = Player(script=["1"])  # build; the first issue's menu is shown, then input ends
    game = game_on(load_scenario(EXAMPLE), "us", player)
    with pytest.raises(EOFError):
        game.negotiate(game.obs)
    assert re.search(r"2\. No cyber agreement: each side keeps +-2\.00 +nobody *$",
                     player.text, re.MULTILINE)
    assert re.search(r"3\. Bare pledge +\+6\.00 +both +\+1\.00 +10%/20% +8%/8%", player.text)
    assert "(Two figures: checks on you / checks on China; they differ by side.)" in player.text


def _incident_against_china(scenario) -> tuple[Player, TextGame]:
    """A game where China broke the pledge and the check reported it: the US answers."""
    player = Player(script=["2"])  # protest
    table = Table.open(scenario, 1, {"us": HUMAN, "cn": HUMAN})
    for action in (Propose("us", (("cyber", "pledge"),)), Accept("cn"),
                   Implement("us", (("cyber", "comply"),)),
                   Implement("cn", (("cyber", "defect"),))):
        table.submit(action.seat, action, table.version)
    return player, TextGame(table, "us", Console(player.read, player.write))


def test_a_report_is_called_possibly_wrong_only_when_false_alarms_can_happen():
    sure = strict_verification(two_issue_scenario())  # detect 1, false alarm 0
    player, game = _incident_against_china(sure)
    game.respond(game.obs)
    text = player.text.replace("\n", " ")
    assert "may be wrong" not in text and "false alarm" not in text
    assert "never accuses falsely: the breach is certain" in text
    scenario = two_issue_scenario()
    noisy = replace(scenario, issues=(
        Issue("cyber", "Cyber", (option("pledge", detect=1.0, false_alarm=0.05),)),
        scenario.issues[1]))
    player, game = _incident_against_china(noisy)
    game.respond(game.obs)
    text = player.text.replace("\n", " ")
    assert "so the report may be wrong" in text and "falsely accuses 5% of the time" in text



def test_the_answer_menu_names_its_incident_so_it_reads_alone_after_a_command():
    player, game = _incident_against_china(strict_verification(two_issue_scenario()))
    player.script = ["status", "2"]  # the menu comes back after status, without the report
    game.respond(game.obs)
    asked = [line for line in player.lines if line.startswith("How do you answer")]
    assert asked == ["How do you answer incident 1 (Cyber-enabled theft of trade secrets)?"] * 2


def test_a_promise_only_the_player_owes_is_not_said_to_depend_on_the_other_side():
    player = Player(script=["1"])  # keep it
    table = Table.open(strict_verification(two_issue_scenario()), 1, {"us": HUMAN, "cn": HUMAN})
    for action in (Propose("us", (("maritime", "halt"),)), Accept("cn")):
        table.submit(action.seat, action, table.version)
    game = TextGame(table, "cn", Console(player.read, player.write))
    game.player_turn()  # China keeps the halt, which binds China alone
    text = player.text
    assert "keeps its side" not in text and "kept its word" not in text
    assert "Score: -0.50 this round, -0.50 so far." in text


@pytest.mark.parametrize(("events", "said"), [((), False), (news_events(), False)])
def test_the_brief_says_after_this_news_only_when_news_changed_its_figures(events, said):
    player = Player(script=[])
    table = Table.open(two_issue_scenario(events=events), 1, {"us": HUMAN, "cn": HUMAN})
    TextGame(table, "us", Console(player.read, player.write)).intro()
    assert ("after this news" in player.text) is said


def test_the_brief_after_news_that_changed_its_figures_says_so():
    scenario = resolve_scenario("state-visit-2015")  # round 1: the ICT lobby raises a priority
    for seed in range(20):
        table = Table.open(scenario, seed, {"us": HUMAN, "cn": HUMAN})
        if any(e.kind == "weight" for e in table.view("us").history):
            break
    player = Player(script=[])
    TextGame(table, "us", Console(player.read, player.write)).intro()
    assert "Your confidential brief, with the figures as they stand after this news:" in \
        player.text


def test_side_names_are_read_in_any_case(tmp_path):
    from game.cli.play import run_play

    player = Player(script=["2"])  # make no offer, then input ends
    assert run_play(args(side="CN"), Console(player.read, player.write),
                    {"TRUCE_SAVE_DIR": str(tmp_path)}) == 0
    assert "You lead the Chinese delegation" in player.text
    assert [p.name for p in tmp_path.glob("*-cn-*.jsonl")]


# --- display width ---------------------------------------------------------------------------

CHINESE = ("中美两国同意，任何一方都不得从事或者知情支持网络窃取知识产权。"
           "双方将建立高级别联合对话机制。")


def test_chinese_characters_take_two_columns():
    assert width("中美") == 4 and width("a中b") == 4 and width("é") == 1
    assert width(cut(CHINESE, 11)) <= 11 and cut(CHINESE, 11).endswith("…")


@given(st.integers(min_value=8, max_value=60))
def test_chinese_text_wraps_within_its_width_and_keeps_punctuation_on_its_line(columns):
    lines = wrap(CHINESE + " 2015 " + CHINESE, columns)
    assert all(width(line) <= columns for line in lines)
    assert not any(line[:1] in "，。" for line in lines)
    assert "".join(lines).replace(" ", "") == (CHINESE + "2015" + CHINESE)



def test_a_wrapped_line_keeps_the_spaces_that_align_it():
    line = ("    +36.00  the deal, valued as signed (if the United States had kept every promise "
            "it owed you)")
    assert wrap(line, 79, "      ") == [
        "    +36.00  the deal, valued as signed (if the United States had kept every",
        "      promise it owed you)"]


def test_the_points_of_the_debrief_line_up_in_figures_and_words():
    player, _ = played("state-visit-2015", "us", 5, Accepting(5))
    text = player.text.split("==== Where the points came from ====")[1]
    rows = [line for line in text.split("\n")[1:] if re.match(r"  [ =][ +-]*[0-9]", line)]
    assert len(rows) >= 4
    assert {re.match(r"  [ =] *[+-]?[0-9]+\.[0-9]{2}  \S", row).end() for row in rows} == {13}


def test_tables_align_columns_by_display_width():
    rows = [["网络", "双方承诺", "+2.00"], ["Cyber", "Pledge", "+10.00"]]
    lines = table((Column("Issue"), Column("Option", shrink=True), Column("A round", right=True)),
                  rows, 40)
    assert len({width(line) for line in lines}) == 1  # every row ends in the same column
    assert width(lines[1][: lines[1].index("双方")]) == width(lines[2][: lines[2].index("Pledge")])


def test_a_chinese_scenario_plays_within_the_console_width():
    scenario = two_issue_scenario()
    cyber, maritime = scenario.issues
    chinese = (
        replace(cyber, title="网络经济间谍活动：商业秘密",
                options=tuple(replace(o, label="承诺与高级别联合对话机制" * 2)
                              for o in cyber.options)),
        replace(maritime, title="南海",
                options=tuple(replace(o, label="中国停止填海造地") for o in maritime.options)),
    )
    scenario = replace(scenario, issues=chinese, summary=CHINESE * 3)
    player = Player(7)
    table = Table.open(scenario, 7, {"us": HUMAN, "cn": make_agent("random", "cn", 7)})
    TextGame(table, "us", Console(player.read, player.write)).run()
    assert "网络经济间谍活动" in player.text
    assert max(width(line) for line in player.lines) <= WIDTH
