"""The terminal game speaks of options by their names, and of the table as it stands: never
an `issue=option` id, never a track that is not on the table yet."""

from __future__ import annotations

import re

import pytest

from game.core import engine
from game.core.events import OptionChanged, StatusQuoChanged, VerificationChanged
from game.core.observe import observe
from game.scenario.loader import load_scenario
from game.sim.scenarios import resolve_scenario
from game.ui.text_events import event_lines
from game.ui.text_report import round_summary
from game.ui.text_views import brief_lines, in_words
from game.words import inline
from tests.test_example_format2 import EXAMPLE
from tests.test_text_game import Player, args, game_on

RAW_ID = re.compile(r"\b[a-z][a-z0-9-]*=[a-z][a-z0-9-]*\b")


def said(player: Player) -> str:
    """What the player read, with the terminal's line wrapping undone."""
    return " ".join(player.text.split())


def test_a_first_offer_skips_the_tracks_not_yet_on_the_table_and_names_them():
    tutorial = resolve_scenario("tutorial")  # round 1: only climate is on the table
    player = Player(script=["1", "3", "4"])  # build an offer, cap-and-trade, propose it
    game_on(tutorial, "us", player).player_turn()
    text = said(player)
    assert ("Not on the table yet: Cyber theft of trade secrets and Technology trade and "
            "investment.") in text
    assert "Issue 1 of 1: Climate" in text and "Issue 1 of 3" not in text
    assert "(not on the table)" not in text


def test_the_brief_marks_the_options_not_on_the_table():
    obs = observe(engine.new_game(resolve_scenario("tutorial"), 1), "us")
    said = " ".join(" ".join(brief_lines(obs)).split())
    assert "A bare pledge (not on the table) +3.00 binds both" in said
    assert "cap-and-trade from 2017; the US keeps its plan +4.00" in said  # on the table


def test_news_about_the_table_names_the_options_and_the_checks():
    example = load_scenario(EXAMPLE)
    obs = observe(engine.new_game(example, 1), "us")
    lines = [
        *event_lines(OptionChanged(2, "dialogue", "mechanism", True), obs),
        *event_lines(OptionChanged(2, "dialogue", "mechanism", False), obs),
        *event_lines(VerificationChanged(2, "cyber", "pledge", "cn", (0.2, 0.02), (0.5, 0.05)),
                     obs),
        *event_lines(StatusQuoChanged(2, "us", "maritime", -2.0, -2.5), obs),
        *event_lines(VerificationChanged(3, "cyber", "pledge", "cn", (0.2, 0.08), (0.3, 0.08)),
                     obs),
    ]
    mechanism = '"A standing mechanism: meet twice a year" (The high-level joint dialogue on ' \
                'cybercrime)'
    assert lines[0] == f"  Now on the table: {mechanism}."
    assert lines[1] == f"  Taken off the table: {mechanism}; a commitment to it stays in force."
    assert lines[2] == ("  Checks on China's Cyber economic espionage promise (Bare pledge) now "
                        "see a breach 50% of the time (was 20%) and raise a false alarm 5% of "
                        "the time (was 2%).")
    assert lines[3] == "  For you: South China Sea with no deal now brings -4.00 a round (was " \
                       "-3.20)."
    assert lines[4] == ("  Checks on China's Cyber economic espionage promise (Bare pledge) now "
                        "see a breach 30% of the time (was 20%).")  # the false alarms stay 8%
    assert not any(RAW_ID.search(line) for line in lines), lines



def test_an_ended_commitment_says_who_suspended_it_or_why_in_the_players_words():
    from game.core.events import CommitmentEnded

    example = load_scenario(EXAMPLE)
    state = engine.new_game(example, 1)
    us, cn = observe(state, "us"), observe(state, "cn")
    term = "The commitment Climate: cap-and-trade and climate finance — Joint statement on climate"
    by_us = CommitmentEnded(2, "climate", "statement", "suspended by United States")
    by_cn = CommitmentEnded(2, "climate", "statement", "suspended by China")
    news = CommitmentEnded(2, "climate", "statement", "news")
    assert event_lines(by_us, us) == [f"{term} ends (suspended by you)."]
    assert event_lines(by_us, cn) == [f"{term} ends (suspended by the United States)."]
    assert event_lines(by_cn, cn) == [f"{term} ends (suspended by you)."]
    assert event_lines(by_cn, us) == [f"{term} ends (suspended by China)."]
    assert event_lines(news, us) == [f"{term} ends (because of the news)."]


def test_a_rule_about_linked_options_is_read_by_their_labels():
    example = load_scenario(EXAMPLE)
    obs = observe(engine.new_game(example, 1), "us")
    reason = ("cyber=joint-investigation comes only with dialogue=mechanism (in the same offer, "
              "or in force and not replaced)")
    assert in_words(obs, reason) == (
        '"Cases answered with shared evidence" comes only with "A standing mechanism: meet '
        'twice a year" (in the same offer, or in force and not replaced)')
    assert in_words(obs, "no=such pair stays") == "no=such pair stays"
    assert not RAW_ID.search(" ".join(brief_lines(obs)))



def test_a_linked_option_without_its_partner_is_flagged_and_the_draft_is_kept():
    from game.core.actions import Propose

    example = load_scenario(EXAMPLE)
    # build: cyber cases, dialogue's first meeting, nothing else; propose (refused in the
    # builder); dialogue: the standing mechanism; propose
    player = Player(script=["1", "5", "2", "1", "1", "1", "1", "7", "2", "3", "7"])
    game = game_on(example, "us", player)
    action = game.negotiate(game.obs)
    assert action == Propose("us", (("cyber", "joint-investigation"), ("dialogue", "mechanism")))
    text = said(player)
    assert ('"Cases answered with shared evidence" comes only with "A standing mechanism: meet '
            'twice a year": put that in the offer too.') in text
    assert re.search(r"1\. Cyber economic espionage +needs its link: Cases", player.text)
    assert ('You may not propose that yet: "Cases answered with shared evidence" comes only '
            'with "A standing mechanism') in text
    assert "That is not allowed" not in text


def test_breaking_a_single_commitment_is_offered_as_breaking_it():
    tutorial = resolve_scenario("tutorial")
    from game.core.actions import Accept, Propose

    player = Player(script=["1"])  # keep it
    game = game_on(tutorial, "us", player, Propose("us", (("climate", "cap-and-trade"),)),
                   Accept("cn"))
    game.player_turn()
    assert "2. Break it in secret (what it gains you, how often it is seen)" in player.text



def test_choosing_to_break_a_single_commitment_shows_it_switched_to_break():
    from game.core.actions import Accept, Implement, Propose

    tutorial = resolve_scenario("tutorial")
    player = Player(script=["2", "1"])  # break it; carry out
    game = game_on(tutorial, "us", player, Propose("us", (("climate", "cap-and-trade"),)),
                   Accept("cn"))
    assert game.implement(game.obs) == Implement("us", (("climate", "defect"),))
    assert "1. Carry out: secretly break it" in player.text
    assert re.search(r"2\. Climate +China's cap-and-trade.* BREAK +\+2\.00 +60%", player.text)


def test_the_round_summary_says_trust_ranges_across_the_issues():
    tutorial = resolve_scenario("tutorial")
    state = engine.new_game(tutorial, 1)
    obs = observe(state, "us")
    line = round_summary(obs, 1)[-1]
    assert re.fullmatch(r"Your trust in China (is [0-9.]+ on every issue|ranges from .+ to .+)\.",
                        line), line


@pytest.mark.parametrize("seed", [1, 3])
def test_a_whole_game_of_the_example_never_shows_an_id_pair(tmp_path, seed):
    from game.cli.play import run_play
    from game.ui.text_console import Console

    player = Player(seed)
    code = run_play(args(side="us", seed=str(seed), scenario=str(EXAMPLE), ai="expert"),
                    Console(read=player.read, write=player.write),
                    {"TRUCE_SAVE_DIR": str(tmp_path)})
    assert code == 0 and "comes only with" in player.text  # a link was refused on the way
    assert not RAW_ID.search(player.text), RAW_ID.search(player.text)


def test_the_windows_news_card_lists_the_options_news_put_on_the_table():
    """Round 2 of the tutorial opens two tracks: the news screen says which options, by name."""
    from game.core.events import NewsFired
    from game.table import Table
    from game.ui.window.news import NewsScreen
    from game.ui.window.session import round_news

    tutorial = resolve_scenario("tutorial")
    table = Table.open(tutorial, 3, {"us": "always-comply", "cn": "always-comply"})
    while table.state.round < 2:
        table.run_bots(max_moves=1)
    events = tuple(u.event for u in table.events_since("us", 0))
    news = round_news(events)[2]
    assert any(isinstance(e, NewsFired) for e in news)
    lines = NewsScreen.changes([e for e in news if not isinstance(e, NewsFired)],
                               table.view("us"))
    assert 'Now on the table: "A bare pledge" (Cyber theft of trade secrets).' in lines
    assert not any(RAW_ID.search(line) for line in lines), lines


def test_a_news_title_ending_in_a_question_mark_gets_no_full_stop_after_it():
    from game.core.events import NewsFired

    obs = observe(engine.new_game(resolve_scenario("tutorial"), 1), "us")
    asked = NewsFired(1, "obama", "Obama: are words followed by actions?", "The US will watch.",
                      False)
    told = NewsFired(1, "plain", "Cyber and trade join the talks", "Two tracks open.", False)
    assert event_lines(asked, obs) == ["News: Obama: are words followed by actions? The US will "
                                       "watch."]
    assert event_lines(told, obs) == ["News: Cyber and trade join the talks. Two tracks open."]


def test_the_same_trust_step_on_every_issue_is_said_once():
    from game.core.events import TrustShifted
    from game.ui.text_events import news_changes

    obs = observe(engine.new_game(resolve_scenario("tutorial"), 1), "us")
    starts = {"climate": 0.40, "cyber": 0.50, "trade": 0.61}
    assert {i.id for i in obs.issues} == set(starts)
    up = [TrustShifted(3, "us", k, v, v + 0.02) for k, v in starts.items()]
    assert news_changes(up, obs) == ["  For you: trust in China up 0.02 on every issue."]
    same = [TrustShifted(3, "us", k, 0.5, 0.45) for k in starts]
    assert news_changes(same, obs) == ["  For you: trust in China on every issue "
                                       "0.50\u00a0->\u00a00.45."]
    mixed = [TrustShifted(3, "us", "climate", 0.4, 0.5), TrustShifted(3, "us", "cyber", 0.5, 0.4)]
    assert news_changes(mixed, obs) == [
        "  For you: Climate: trust in China 0.40\u00a0->\u00a00.50; Cyber theft of trade "
        "secrets: trust in China 0.50\u00a0->\u00a00.40."]


def test_a_label_read_inside_a_sentence_loses_its_capital_unless_an_acronym_or_a_name():
    assert [inline(t) for t in ("Targeted sanctions", "WTO rules", "Beijing's list", "x")] == [
        "targeted sanctions", "WTO rules", "Beijing's list", "x"]
