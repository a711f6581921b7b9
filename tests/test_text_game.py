"""The terminal game, played end to end through its prompts as a player would."""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main
from game.cli import play as play_command
from game.cli.play import (
    NO_DISPLAY,
    choose_front_end,
    run_play,
    save_dir,
    side_of_save,
)
from game.core.actions import Accept, Implement, Pass, Propose, Reject
from game.sim.scenarios import resolve_scenario
from game.table import HUMAN, JournalError, Table, read_journal
from game.table.keys import installation_key
from game.ui.text import TextGame
from game.ui.text_console import Console, QuitRequested
from tests.commands import default_ctrl_c
from tests.factories import strict_verification, two_issue_scenario, with_red_line

ROOT = Path(__file__).resolve().parents[1]


class Player:
    """A scripted player: answers menus from their printed choices, or from a fixed script."""

    def __init__(self, seed: int = 0, script: list[str] | None = None,
                 finale: list[str] | None = None) -> None:
        self.rng = random.Random(seed)
        self.script = list(script) if script is not None else None
        self.finale = list(finale or [])  # answers at the last prompt, after the debrief
        self.lines: list[str] = []

    def write(self, line: str) -> None:
        self.lines.extend(line.split("\n"))

    def menu(self) -> list[str]:
        found: list[str] = []
        for line in reversed(self.lines):
            text = line.strip()
            if line.startswith("  ") and text[:1].isdigit() and ". " in text[:5]:
                found.append(text)
            elif found and line.startswith("     "):
                continue  # a wrapped menu line
            elif found:
                break
        return found[::-1]

    def read(self, prompt: str) -> str:
        if self.finale and self.menu() == ["1. Finish"]:
            answer = self.finale.pop(0)
        elif self.script is not None:
            if not self.script:
                raise EOFError
            answer = self.script.pop(0)
        else:
            answer = self.choose(self.menu())
        self.lines.append(prompt + answer)
        return answer

    def choose(self, menu: list[str]) -> str:
        n = len(menu)
        if any("Propose this offer" in m for m in menu):
            chosen = [m for m in menu[: n - 3] if "left out" not in m]
            if chosen and self.rng.random() < 0.6:
                return str(n - 2)
            return str(self.rng.randrange(1, n - 2))
        return str(self.rng.randrange(1, n + 1))

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def args(**given) -> argparse.Namespace:
    base = {"scenario": None, "text": True, "side": None, "ai": "random", "seed": "7", "load": None,
            "unverified": False, "move_limit": None}
    base.update(given)
    return argparse.Namespace(**base)


def saves_in(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.jsonl"))


def actions_in(save: Path) -> list[dict]:
    """The JSON forms of a save's actions (its line of play)."""
    from game.core.actions import action_to_json

    contents = read_journal(save, installation_key())
    return [action_to_json(action) for action, _ in contents.line_of_play()]


def game_on(scenario, side: str, player, *actions) -> TextGame:
    """A terminal game for `side` on a table where both seats are people, after `actions`."""
    table = Table.open(scenario, 1, {"us": HUMAN, "cn": HUMAN})
    for action in actions:
        table.submit(action.seat, action, table.version)
    return TextGame(table, side, Console(read=player.read, write=player.write))


@pytest.mark.parametrize("side", ["us", "cn"])
@pytest.mark.parametrize("seed", [1, 2])
def test_a_full_terminal_game_can_be_played_to_the_end_on_each_side(tmp_path, side, seed):
    player = Player(seed)
    console = Console(read=player.read, write=player.write)
    code = run_play(args(side=side, seed=str(seed)), console, {"TRUCE_SAVE_DIR": str(tmp_path)})
    assert code == 0
    assert "==== Final scores ====" in player.text
    assert "---- Round 6 of 6: what happened ----" in player.text
    assert "Type ledger for the whole promise ledger" in player.text  # one word away
    [save] = saves_in(tmp_path)
    table = Table.resume(save, resolve_scenario("state-visit-2015"), read_only=True)
    assert table.over
    assert f"-{side}-" in save.name


def test_the_player_never_sees_the_other_sides_secret_choices_or_scores(tmp_path):
    player = Player(3)
    run_play(
        args(side="us"),
        Console(read=player.read, write=player.write),
        {"TRUCE_SAVE_DIR": str(tmp_path)},
    )
    during, debrief = player.text.split("==== Final scores ====")
    assert "secretly chose" not in during  # the facilitator's line for China's choices
    assert "United States banks" not in during and "China banks" not in during
    assert "Banked:" not in during and "banked score" not in during
    assert "was a false alarm" not in during and "a false alarm in round" not in during
    assert "==== Words and actions ====" in debrief
    assert re.search(r"^China (kept|broke) .* promise", debrief, re.M)


def test_the_brief_and_valuations_are_shown_at_the_start(tmp_path):
    player = Player(script=[])
    run_play(
        args(side="cn"),
        Console(read=player.read, write=player.write),
        {"TRUCE_SAVE_DIR": str(tmp_path)},
    )
    scenario = resolve_scenario("state-visit-2015")
    assert "Your confidential brief" in player.text
    assert scenario.parties["cn"].brief.split()[0] in player.text
    assert "Red line: China will not release detained lawyers" in player.text
    assert scenario.parties["us"].brief[:40] not in player.text


def test_invalid_answers_re_prompt_with_a_reason():
    player = Player(script=["9", "abc", "", "-1", "2"])
    console = Console(read=player.read, write=player.write)
    assert console.choose("Pick:", ["one", "two"]) == 1
    assert "9 is not one of the choices: type a number from 1 to 2." in player.text
    assert "'abc' is not a choice or a command" in player.text
    assert "Please type a number from 1 to 2." in player.text
    assert player.text.count("Choose 1-2 (or help): ") == 5


def test_a_superscript_a_huge_number_or_a_long_paste_is_refused_and_full_width_digits_count():
    player = Player(script=["²", "9" * 5000, "x" * 300, "２"])
    console = Console(read=player.read, write=player.write)
    assert console.choose("Pick:", ["one", "two"]) == 1
    assert "'²' is not a choice or a command" in player.text
    assert "99999999999999999... is not one of the choices" in player.text
    assert "'xxxxxxxxxxxxxxxxx...' is not a choice" in player.text


def test_help_and_game_commands_answer_then_ask_again():
    player = Player(script=["help", "ledger", "1"])
    game = game_on(two_issue_scenario(), "us", player)
    assert game.console.choose("Pick:", ["one", "two"]) == 0
    assert "  ledger: the promise ledger" in player.text
    assert "The promise ledger is empty" in player.text
    assert game.table.state.round == 1


def test_quit_at_any_prompt_raises_quit_requested():
    console = Console(read=Player(script=["quit"]).read, write=lambda line: None)
    with pytest.raises(QuitRequested):
        console.choose("Pick:", ["one"])


def test_a_first_offer_asks_for_each_issue_in_turn_then_proposes_it():
    player = Player(script=["1", "3", "2", "3"])  # build; cyber: dialogue; maritime: halt
    game = game_on(two_issue_scenario(), "us", player)
    action = game.negotiate(game.obs)
    assert action == Propose("us", (("cyber", "dialogue"), ("maritime", "halt")))
    assert "Issue 1 of 2: Cyber-enabled theft of trade secrets: which option?" in player.text
    assert "Propose this offer (the whole deal: +7.00 a round to you)" in player.text


def test_the_offer_builder_can_clear_and_go_back():
    player = Player(script=["1", "2", "1", "4", "5"])  # build: pledge, no halt; clear; back
    game = game_on(two_issue_scenario(), "us", player)
    assert game.negotiate(game.obs) is None
    builder = player.text.rsplit("Your offer: pick an issue", 1)[1]
    assert re.search(r"1\. Cyber-enabled theft of trade secrets +no deal", builder)
    assert "Propose this offer\n" in builder  # nothing to value in an empty offer


def test_the_offer_builder_shows_what_stays_in_force_and_what_the_whole_deal_is_worth():
    signed = (Propose("cn", (("cyber", "pledge"),)), Accept("us"),
              Implement("us", (("cyber", "comply"),)), Implement("cn", (("cyber", "comply"),)))
    scenario = strict_verification(two_issue_scenario(first_proposer="cn"))
    player = Player(script=["1", "3"])  # build (nothing in force changes); propose
    game = game_on(scenario, "us", player, *signed)
    player.script += ["5"]  # back: an empty offer is refused
    assert game.negotiate(game.obs) is None
    text = player.text
    assert "left out" not in text
    assert re.search(r"1\. Cyber-enabled theft of trade secrets +as now: Pledge +\+2\.00", text)
    assert re.search(r"2\. Maritime security +no deal", text)
    player = Player(script=["1", "2", "2", "3"])  # build; maritime: halt; propose
    game = game_on(scenario, "us", player, *signed)
    assert game.negotiate(game.obs) == Propose("us", (("maritime", "halt"),))
    assert "Propose this offer (the whole deal: +6.00 a round to you)" in player.text


def test_an_empty_offer_is_refused_with_a_reason():
    player = Player(script=["1", "1", "1", "3", "5"])  # build; leave both out; propose; back
    game = game_on(two_issue_scenario(), "us", player)
    assert game.negotiate(game.obs) is None
    assert "An offer must settle at least one issue" in player.text


def test_a_red_line_option_cannot_be_put_in_an_offer():
    player = Player(script=["1", "3", "1", "1", "5"])  # build; cyber: dialogue (refused),
    game = game_on(with_red_line(), "cn", player, Pass("us"))  # then none; back
    assert game.negotiate(game.obs) is None
    assert "You may not offer that: no inspectors" in player.text
    assert player.text.count("Issue 1 of 2: Cyber-enabled theft") == 2  # asked again


def test_a_side_that_refuses_an_offer_over_its_red_line_is_heard_saying_so():
    player = Player(script=["1", "3", "1", "5"])  # later: build; cyber: dialogue; back
    game = game_on(with_red_line(), "us", player,
                   Propose("us", (("cyber", "dialogue"),)), Reject("cn"))
    game.shown = 0
    game.show_new()
    said = " ".join(player.text.split())
    assert ('China rejects the offer; talks end for this round. China will never accept '
            '"Dialogue" (Cyber-enabled theft of trade secrets): a red line.') in said
    game.table.submit("cn", Pass("cn"), game.table.version)  # round 2: the US opens again
    game.table.run_bots()
    assert game.negotiate(game.obs) is None
    assert re.search(r"3\. Dialogue \(China's red line\) ", player.text)


def test_a_counter_offer_over_a_red_line_names_it_before_the_counter():
    player = Player(script=[])
    game = game_on(with_red_line(), "us", player, Propose("us", (("cyber", "dialogue"),)),
                   Propose("cn", (("cyber", "pledge"),)))
    game.shown = 0
    game.show_new()
    said = " ".join(player.text.split())
    assert ('China will never accept "Dialogue" (Cyber-enabled theft of trade secrets): a red '
            'line. China counter-offers:') in said



def test_the_players_own_red_line_said_aloud_is_said_as_the_players():
    player = Player(script=[])
    game = game_on(with_red_line(), "cn", player, Propose("us", (("cyber", "dialogue"),)),
                   Reject("cn"))
    game.shown = 0
    game.show_new()
    said = " ".join(player.text.split())
    assert ('You reject the offer; talks end for this round. You say you will never accept '
            '"Dialogue" (Cyber-enabled theft of trade secrets): your red line.') in said


def test_keeping_every_commitment_is_one_choice():
    player = Player(script=["1"])
    game = game_on(two_issue_scenario(), "us", player, Propose("us", (("cyber", "pledge"),)),
                   Accept("cn"))
    assert game.implement(game.obs) == Implement("us", (("cyber", "comply"),))
    assert "China sees only what its noisy checks report" in player.text


def test_commitments_are_broken_by_switching_them_in_one_menu():
    player = Player(script=["2", "2", "1"])  # break some; switch cyber; carry out
    game = game_on(two_issue_scenario(), "cn", player,
                   Propose("us", (("cyber", "pledge"), ("maritime", "halt"))), Accept("cn"),
                   Implement("us", (("cyber", "comply"),)))
    action = game.implement(game.obs)
    assert action == Implement("cn", (("cyber", "defect"), ("maritime", "comply")))
    text = player.text
    assert re.search(r"2\. Cyber-enabled theft of trade secrets +Pledge +keep +\+3\.00 +20%",
                     text)
    assert "Cyber-enabled theft of trade secrets: you break it secretly." in text
    assert "Switch another, or 1 to carry out: keep 1, secretly break 1." in text



def test_two_commitments_are_kept_or_broken_both_never_all_2():
    player = Player(script=["2", "1"])  # break some; carry out with none switched
    game = game_on(two_issue_scenario(), "cn", player,
                   Propose("us", (("cyber", "pledge"), ("maritime", "halt"))), Accept("cn"),
                   Implement("us", (("cyber", "comply"),)))
    action = game.implement(game.obs)
    assert "1. Carry out: keep both" in player.text
    game.table.submit("cn", action, game.table.version)
    game.show_new()
    assert "You keep both commitments." in player.text
    assert "all 2" not in player.text



def test_an_act_signed_for_a_later_round_is_named_as_not_due_yet():
    from game.scenario.loader import load_scenario
    from tests.test_example_format2 import EXAMPLE

    player = Player(script=["1"])  # keep every commitment
    game = game_on(load_scenario(EXAMPLE), "us", player,
                   Propose("us", (("cyber", "pledge"), ("dialogue", "first-meeting"))),
                   Accept("cn"))
    assert game.implement(game.obs) == Implement("us", (("cyber", "comply"),))
    assert "Not due yet: The high-level joint dialogue on cybercrime (due in round 2)." in \
        " ".join(player.text.split())
    assert "Keep your commitment" in player.text


def test_end_of_input_mid_game_saves_and_exits_cleanly(tmp_path):
    player = Player(script=["2"])  # make no offer, then input ends
    code = run_play(
        args(side="us"), Console(player.read, player.write), {"TRUCE_SAVE_DIR": str(tmp_path)}
    )
    assert code == 0
    assert "Input ended; the game is saved. Resume with:" in player.text
    [save] = saves_in(tmp_path)
    actions = actions_in(save)
    assert actions[0] == {"verb": "pass", "seat": "us"}  # and the AI's reply, if it moved



def test_save_says_every_move_is_saved_where_and_how_to_resume(tmp_path):
    player = Player(script=["save", "help", "2", "save"])  # before and after the first move
    code = run_play(args(side="us"), Console(player.read, player.write),
                    {"TRUCE_SAVE_DIR": str(tmp_path)})
    assert code == 0
    [save] = saves_in(tmp_path)
    text = player.text
    assert "is not a choice or a command" not in text
    assert "Every move is saved as it is made; no move has been made yet." in text
    assert "  save: where the game is saved (every move is, as it is made)" in text
    assert f"Every move is saved as it is made, so the game is saved, to:\n  {save}" in text
    assert "Type quit to stop now; resume later with:" in text
    assert "At any prompt type a number, or help, brief, status, ledger, rules, save or quit." \
        in " ".join(text.split())


def test_ctrl_c_exits_130_with_the_game_saved(tmp_path):
    answers = iter(["2"])  # make no offer, then Ctrl-C at the next prompt

    def interrupt(prompt: str) -> str:
        answer = next(answers, None)
        if answer is None:
            raise KeyboardInterrupt
        return answer

    lines: list[str] = []
    code = run_play(args(), Console(interrupt, lines.append), {"TRUCE_SAVE_DIR": str(tmp_path)})
    assert code == 130
    assert saves_in(tmp_path)
    assert any("Interrupted; the game is saved" in line for line in lines)


@pytest.mark.parametrize(("side", "said"), [
    ("us", "The AI's move could not be saved; the game is saved. Resume with:"),
    ("cn", "The AI's move could not be saved; no move was made, so there is nothing to resume."),
])
def test_an_ai_move_the_disk_cannot_hold_ends_the_game_in_one_line_with_the_save_whole(
        tmp_path, monkeypatch, capsys, side, said):
    from game.table.journal import JournalWriter

    write = JournalWriter.append

    def full_for_the_ai(writer, entry):
        if entry.action is not None and not entry.action.seat.startswith(side):
            raise JournalError(f"{writer.path}: cannot write the save (No space left on device)")
        return write(writer, entry)

    monkeypatch.setattr(JournalWriter, "append", full_for_the_ai)
    player = Player(script=["2"])  # the US opens the tutorial: make no offer
    code = run_play(args(scenario="tutorial", side=side), Console(player.read, player.write),
                    {"TRUCE_SAVE_DIR": str(tmp_path)})
    err = capsys.readouterr().err.splitlines()
    assert code == 1 and len(err) == 1
    assert err[0].endswith(": cannot write the save (No space left on device)")
    assert said in " ".join(player.text.split())
    if side == "us":
        [save] = saves_in(tmp_path)
        assert actions_in(save) == [{"verb": "pass", "seat": "us"}]
        assert Table.resume(save, resolve_scenario("tutorial"), read_only=True).version == 1
    else:
        assert not saves_in(tmp_path)


def test_a_save_is_made_at_the_first_move_not_when_the_game_starts(tmp_path):
    def interrupt(prompt: str) -> str:
        raise KeyboardInterrupt

    lines: list[str] = []
    code = run_play(args(), Console(interrupt, lines.append), {"TRUCE_SAVE_DIR": str(tmp_path)})
    assert code == 130 and not saves_in(tmp_path)
    assert any("no move was made, so there is nothing to resume" in line for line in lines)


@pytest.mark.parametrize(("answer", "kept"), [("1", True), ("2", False), ("", True)])
def test_quit_offers_to_keep_or_delete_the_save(tmp_path, answer, kept):
    player = Player(script=["2", "quit", answer])
    code = run_play(args(), Console(player.read, player.write), {"TRUCE_SAVE_DIR": str(tmp_path)})
    assert code == 0
    assert bool(saves_in(tmp_path)) is kept


def test_load_resumes_the_saved_game_where_it_stopped(tmp_path):
    environ = {"TRUCE_SAVE_DIR": str(tmp_path)}
    first = Player(script=["2"])
    run_play(args(side="cn"), Console(first.read, first.write), environ)
    [save] = saves_in(tmp_path)
    before = actions_in(save)
    second = Player(5)
    code = run_play(args(load=save.name, side=None), Console(second.read, second.write), environ)
    assert code == 0
    assert "Resuming: round" in second.text
    assert "==== Final scores ====" in second.text
    after = actions_in(save)
    assert after[: len(before)] == before and len(after) > len(before)
    assert "You (China)" in second.text  # the side comes back from the save's name



def test_resuming_during_the_responses_shows_the_rounds_reports_again():
    player = Player(script=[])  # input ends at the answer menu
    game = game_on(strict_verification(two_issue_scenario()), "us", player,
                   Propose("us", (("cyber", "pledge"),)), Accept("cn"),
                   Implement("us", (("cyber", "comply"),)), Implement("cn", (("cyber", "defect"),)))
    with pytest.raises(EOFError):
        game.run()
    text = player.text.split("Resuming: round 1.")[1]
    assert ("Verification: 1 violation reported; nothing against you.\n"
            "  Incident 1: against China on Cyber-enabled theft of trade secrets.") in text
    assert text.index("Verification:") < text.index("How do you answer incident 1")


def test_a_renamed_save_resumes_with_its_side_and_opponent(tmp_path):
    environ = {"TRUCE_SAVE_DIR": str(tmp_path)}
    first = Player(script=["2"])
    run_play(args(side="cn", ai="random"), Console(first.read, first.write), environ)
    [save] = saves_in(tmp_path)
    assert dict(read_journal(save, installation_key()).header.meta) == {"side": "cn",
                                                                        "ai": "random"}
    renamed = save.rename(tmp_path / "my-game.jsonl")
    second = Player(5)
    code = run_play(args(load=str(renamed), side=None, ai=None), Console(second.read, second.write),
                    environ)
    assert code == 0
    assert "You (China)" in second.text


def test_the_side_of_a_save_is_read_from_its_name():
    assert side_of_save(Path("state-visit-2015-cn-20261122-020648-0a1b2c3d.jsonl")) == "cn"
    assert side_of_save(Path("state-visit-2015-cn-20261122-020648.json")) == "cn"  # Truce 0.1
    assert side_of_save(Path("state-visit-2015-us-20261122-020648-2.json")) == "us"
    assert side_of_save(Path("renamed.jsonl")) == "us"


def test_saves_go_to_truce_save_dir_or_the_user_data_folder(tmp_path):
    assert save_dir({"TRUCE_SAVE_DIR": str(tmp_path)}) == tmp_path
    if sys.platform.startswith("linux"):
        assert save_dir({"XDG_DATA_HOME": "/x"}) == Path("/x/truce/saves")


def test_the_window_opens_with_a_display_and_the_terminal_game_runs_without_one():
    assert choose_front_end(True, {"DISPLAY": ":0"}) == ("text", "")
    assert choose_front_end(False, {"DISPLAY": ":0"}) == ("window", "")
    assert choose_front_end(False, {"SDL_VIDEODRIVER": "dummy"}, window=True) == ("window", "")
    if sys.platform.startswith("linux"):
        assert choose_front_end(False, {}) == ("text", NO_DISPLAY)
        assert choose_front_end(False, {"SDL_VIDEODRIVER": "dummy"}) == ("text", NO_DISPLAY)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["play", "--text", "no-such-scenario"], "unknown scenario 'no-such-scenario'"),
        (["play", "--text", "missing/file.yaml"], "no scenario file"),
        (["play", "--text", "--ai", "nobody"], "unknown agent 'nobody'"),
        (["play", "--text", "--seed", "x"], "--seed must be a whole number"),
        (["play", "--text", "--side", "eu"], "--side must be us or cn"),
        (["play", "--text", "--load", "nowhere.json"], "no such save file"),
        (["play", "--text", "--timers"], "--timers runs in the window: drop --text"),
        (["play", "--text", "--unverified"], "--unverified goes with --load SAVE: a new game "
         "has nothing to verify"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_2(tmp_path, monkeypatch, capsys, argv, message):
    monkeypatch.setenv("TRUCE_SAVE_DIR", str(tmp_path))
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("truce: error: ") and message in err[0]


def test_notes_on_ignored_options_go_to_stderr_and_the_game_still_starts(tmp_path, capsys):
    player = Player(script=[])
    environ = {"TRUCE_SAVE_DIR": str(tmp_path)}
    assert run_play(args(timers=True, text=False), Console(player.read, player.write),
                    environ) == 0
    assert capsys.readouterr().err == ("truce: note: --timers runs in the window only; the "
                                       "terminal game has no phase timers\n")
    assert run_play(args(scenario="tutorial"), Console(Player(script=["2"]).read, print),
                    environ) == 0
    [save] = saves_in(tmp_path)
    capsys.readouterr()
    assert run_play(args(load=str(save), seed="3"), Console(player.read, player.write),
                    environ) == 0
    assert capsys.readouterr().err == ("truce: note: --seed is ignored with --load (the save "
                                       "has its seed)\n")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 and Wayland displays")
def test_a_display_that_cannot_be_reached_starts_the_terminal_game_not_an_unseen_window(
        tmp_path):
    env = {name: value for name, value in os.environ.items()
           if name not in ("SDL_VIDEODRIVER", "WAYLAND_DISPLAY")}
    env.update(TRUCE_SAVE_DIR=str(tmp_path), DISPLAY=":4077", XDG_RUNTIME_DIR="")
    done = subprocess.run([sys.executable, "-m", "game", "play", "tutorial"], input="",
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=120,
                          preexec_fn=default_ctrl_c)
    assert (done.returncode, done.stderr) == (0, "")
    assert " ".join(done.stdout.split()).startswith(
        "The window cannot open (display ':4077' cannot be reached); starting the terminal game.")
    assert "Input ended; no move was made" in done.stdout


def test_a_game_through_real_stdin_ends_with_the_final_scores(tmp_path):
    env = {**os.environ, "TRUCE_SAVE_DIR": str(tmp_path), "DISPLAY": ""}
    # Always "2": no opening offer, reject every offer; a whole game with no deal.
    done = subprocess.run(
        [sys.executable, "-m", "game", "play", "--text", "--side", "us", "--seed", "4"],
        input="2\n" * 200,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        preexec_fn=default_ctrl_c,
    )
    assert done.returncode == 0, done.stderr
    assert "==== Final scores ====" in done.stdout
    assert "Traceback" not in done.stderr


def test_end_of_input_through_real_stdin_exits_0_and_says_how_to_resume(tmp_path):
    env = {**os.environ, "TRUCE_SAVE_DIR": str(tmp_path), "DISPLAY": "", "WAYLAND_DISPLAY": "",
           "SDL_VIDEODRIVER": "dummy"}
    done = subprocess.run(
        [sys.executable, "-m", "game", "play", "--seed", "4"],
        input="2\n",  # make no offer; then input ends
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        preexec_fn=default_ctrl_c,
    )
    assert done.returncode == 0
    assert done.stdout.splitlines()[0] == NO_DISPLAY
    assert f"{sys.executable} -m game play --text --load {tmp_path}" in done.stdout


def test_play_command_module_registers_play():
    parser = argparse.ArgumentParser()
    play_command.register(parser.add_subparsers())
    parsed = parser.parse_args(["play", "cyber-pledge", "--text", "--side", "cn"])
    assert parsed.scenario == "cyber-pledge" and parsed.side == "cn" and parsed.func is run_play


def test_loading_a_finished_game_shows_how_it_ended(tmp_path):
    environ = {"TRUCE_SAVE_DIR": str(tmp_path)}
    first = Player(3)
    run_play(args(seed="3"), Console(first.read, first.write), environ)
    [save] = saves_in(tmp_path)
    again = Player(script=[])
    assert run_play(args(load=str(save)), Console(again.read, again.write), environ) == 0
    assert "This game is over; here is how it ended." in again.text
    assert "==== Final scores ====" in again.text


def test_a_round_summary_shows_the_round_as_it_stood_before_the_next_rounds_news():
    from tests.factories import news_events

    player = Player(script=[])
    table = Table.open(two_issue_scenario(events=news_events()), 3, {"us": HUMAN, "cn": HUMAN})
    for action in (Propose("us", (("cyber", "dialogue"),)), Accept("cn"),
                   Implement("us", (("cyber", "comply"),))):
        table.submit(action.seat, action, table.version)
    game = TextGame(table, "us", Console(player.read, player.write))
    table.submit("cn", Implement("cn", (("cyber", "comply"),)), table.version)
    game.show_new()  # round 1 is scored, round 2's news
    text = player.text
    summary = text.index("---- Round 1 of 3: what happened ----")
    news = text.index("News: Summit")
    assert summary < news  # round 2's news comes after round 1's summary
    round_one = text[summary:news]
    assert re.search(r"Cyber-enabled theft of trade secrets +Dialogue +kept +none", round_one)
    assert re.search(r"Maritime security +no deal", round_one)
    assert "Talks: 1 offer; a deal was signed on 1 issue." in round_one
    assert "Score: +3.00 this round, +3.00 so far, if China kept its word." in round_one
    now = game.obs.own.trust["cyber"][0]
    assert f"{now + 0.2:.2f} (Cyber-enabled theft of trade secrets)" in round_one.replace(
        "\n", " ")  # the trust before "hack"
    after = text[news:]
    arrow = "\u00a0->\u00a0"  # the figures either side of an arrow stay on one line
    assert f"For you: Cyber-enabled theft of trade secrets: priority 1.00{arrow}2.00." in after
    assert (f"For you: Cyber-enabled theft of trade secrets: trust in China "
            f"{now + 0.2:.2f}{arrow}{now:.2f}.") in after  # each news says what it did


def test_the_opening_shows_round_one_news_before_the_brief(tmp_path):
    player = Player(script=[])
    run_play(args(seed="5"), Console(player.read, player.write), {"TRUCE_SAVE_DIR": str(tmp_path)})
    text = player.text
    assert text.index("News: ") < text.index("  For you: ")
    assert text.index("  For you: ") < text.index("Your confidential brief")


def test_incidents_are_listed_in_id_order_before_the_player_answers_them():
    from game.core.events import Verified
    from game.ui.text_events import verification_lines

    view = Table.open(two_issue_scenario(), 1, {"us": HUMAN}).view("us")
    events = [Verified(1, "cyber", "us", True, 3), Verified(1, "cyber", "cn", True, 1),
              Verified(1, "maritime", "cn", True, 2)]
    lines = verification_lines(events, view)
    assert lines[0] == "Verification: 3 violations reported."
    numbers = [int(line.split()[1].rstrip(":")) for line in lines[1:]]
    assert numbers == [1, 2, 3]
    assert lines[3] == "  Incident 3: against you on Cyber-enabled theft of trade secrets."
    clear = [Verified(1, "cyber", "us", False), Verified(1, "cyber", "cn", False)]
    assert verification_lines(clear, view) == [
        "Verification: nothing reported against you or China."]



@pytest.mark.parametrize("deed, note", [("comply", " (you kept it: a false alarm)"),
                                        ("defect", " (you broke it)")])
def test_a_report_against_the_player_says_what_the_player_knows_it_did(deed, note):
    from dataclasses import replace

    from game.core.scenario import Verification

    scenario = two_issue_scenario()
    scenario = replace(scenario, issues=tuple(
        replace(i, options=tuple(replace(o, verification=Verification(1.0, 1.0))
                                 for o in i.options)) for i in scenario.issues))
    player = Player(script=[])
    game = game_on(scenario, "us", player, Propose("us", (("cyber", "pledge"),)), Accept("cn"),
                   Implement("us", (("cyber", deed),)), Implement("cn", (("cyber", "comply"),)))
    game.shown = 0
    game.show_new()
    said = " ".join(player.text.split())
    assert f"Incident 1: against you on Cyber-enabled theft of trade secrets{note}. " in said
    assert said.endswith("Incident 2: against China on Cyber-enabled theft of trade secrets.")


def test_the_debrief_reveals_both_sides_deeds_and_compares_with_the_nash_package(tmp_path):
    player = Player(3)
    run_play(args(side="us"), Console(player.read, player.write), {"TRUCE_SAVE_DIR": str(tmp_path)})
    debrief = player.text.split("==== Final scores ====")[1]
    assert "Nothing is secret any more: what each side promised, did" in debrief
    assert re.search(r"^You (kept|broke) .* promise", debrief, re.M)
    assert re.search(r"^China (kept|broke) .* promise", debrief, re.M)
    assert "The Nash bargaining solution is worth" in debrief


def test_the_ledger_is_one_word_away_after_the_debrief_not_printed_after_it(tmp_path):
    quiet = Player(3)
    run_play(args(side="us"), Console(quiet.read, quiet.write), {"TRUCE_SAVE_DIR": str(tmp_path)})
    after = quiet.text.split("==== Final scores ====")[1]
    assert "The promise ledger." not in after  # the debrief's records say it already
    assert after.count("Type ledger for the whole promise ledger") == 1
    asking = Player(3, finale=["ledger", "1"])
    run_play(args(side="us"), Console(asking.read, asking.write),
             {"TRUCE_SAVE_DIR": str(tmp_path / "again")})
    ledger = asking.text.split("Choose 1, Enter for 1 (or help): ledger")[1]
    assert ledger.lstrip().startswith("The promise ledger.")
    assert "What China signed, what it really did, and what was seen:" in ledger



def test_the_ledger_tells_a_commitment_still_in_force_from_one_that_ended():
    from game.ui.text_views import ledger_lines

    scenario = strict_verification(two_issue_scenario())
    game = game_on(scenario, "us", Player(script=[]),
                   Propose("us", (("cyber", "pledge"), ("maritime", "halt"))), Accept("cn"),
                   Implement("us", (("cyber", "comply"),)),
                   Implement("cn", (("cyber", "comply"), ("maritime", "comply"))),
                   Propose("cn", (("cyber", "dialogue"),)), Accept("us"),
                   Implement("us", (("cyber", "comply"),)),
                   Implement("cn", (("cyber", "comply"), ("maritime", "comply"))))
    said = " ".join(" ".join(ledger_lines(game.obs)).split())
    assert "Cyber-enabled theft of trade secrets — Pledge: in force in round 1;" in said
    assert "Cyber-enabled theft of trade secrets — Dialogue: in force from round 2 on;" in said
    assert "Maritime security — Halt: in force from round 1 on;" in said



def test_status_says_what_each_sanction_in_force_costs_the_player_a_round():
    from game.core.actions import Respond
    from game.ui.text_views import sanction_lines

    scenario = strict_verification(two_issue_scenario())
    game = game_on(scenario, "us", Player(script=[]),
                   Propose("us", (("cyber", "pledge"),)), Accept("cn"),
                   Implement("us", (("cyber", "defect"),)), Implement("cn", (("cyber", "defect"),)),
                   Respond("us", 2, "targeted"), Respond("cn", 1, "broad"))
    levels = {level.id: level for level in scenario.sanctions.levels}
    said = " ".join(" ".join(sanction_lines(game.obs)).split())
    decay = scenario.sanctions.decay
    paid, sent = levels["broad"].cost_target * decay, levels["targeted"].cost_sender * decay
    assert (f"from China on you, at {decay:.0%} strength, -{paid:.2f} a round to you") in said
    assert (f"from you on China, at {decay:.0%} strength, -{sent:.2f} a round to you") in said


def test_the_terminal_debrief_is_the_shared_debrief_in_the_players_words():
    from game.ai.random_agent import RandomAgent
    from game.core.analysis import analyse_scenario
    from game.report.debrief import debrief
    from game.report.debrief_text import debrief_lines
    from game.ui.text_report import final_lines

    scenario = two_issue_scenario()
    table = Table.open(scenario, 5, {"us": RandomAgent("us", 1), "cn": RandomAgent("cn", 2)})
    assert final_lines(table.view("us")) == ["The game is not over yet."]
    table.run_bots()
    obs, analysis = table.view("us"), analyse_scenario(scenario)
    assert final_lines(obs, analysis) == debrief_lines(debrief(obs, analysis))


def test_the_opponent_is_named_once_with_its_level_description_and_strategy(tmp_path):
    player = Player(script=[])
    run_play(args(ai="novice"), Console(player.read, player.write),
             {"TRUCE_SAVE_DIR": str(tmp_path)})
    assert player.text.count("novice") == 1
    assert "Your opponent: novice - A soft touch" in player.text
    assert "(conceder strategy)" in player.text
    assert "conceder)" not in player.text.replace("(conceder strategy)", "")


def test_a_resumed_game_names_its_opponent_as_it_was_chosen(tmp_path):
    environ = {"TRUCE_SAVE_DIR": str(tmp_path)}
    run_play(args(ai="novice"), Console(Player(script=["2"]).read, lambda line: None), environ)
    [save] = saves_in(tmp_path)
    again = Player(script=[])
    run_play(args(load=str(save), ai=None), Console(again.read, again.write), environ)
    assert "Your opponent: novice - A soft touch" in again.text


def test_resume_hints_name_a_command_that_works_from_where_the_player_is(tmp_path):
    from game.cli.play import truce_command

    script = tmp_path / "truce"
    script.write_text("#!/bin/sh\n")
    assert truce_command(str(script), lambda name: str(script), "/py") == "truce"
    assert truce_command(str(script), lambda name: None, "/py") == str(script)
    assert truce_command(str(tmp_path / "__main__.py"), lambda name: None, "/usr/bin/python3") \
        == "/usr/bin/python3 -m game"


def test_a_move_that_cannot_be_saved_is_not_made_and_the_player_is_told(tmp_path, monkeypatch):
    from game.table import JournalError
    from game.table.journal import JournalWriter

    real = JournalWriter.append
    calls = {"n": 0}

    def failing_once(self, entry):
        calls["n"] += 1
        if calls["n"] == 1:
            raise JournalError(f"{self.path}: cannot write the save (No space left on device)")
        return real(self, entry)

    monkeypatch.setattr(JournalWriter, "append", failing_once)
    player = Player(script=["2", "2"])  # the first try fails, the second is saved
    code = run_play(args(), Console(player.read, player.write), {"TRUCE_SAVE_DIR": str(tmp_path)})
    assert code == 0
    assert "Your move could not be saved, so it was not made" in player.text
    assert "No space left on device" in player.text
    [save] = saves_in(tmp_path)
    assert actions_in(save)[0] == {"verb": "pass", "seat": "us"}


def test_loading_a_save_as_the_other_side_is_refused(tmp_path, monkeypatch, capsys):
    environ = {"TRUCE_SAVE_DIR": str(tmp_path)}
    run_play(args(side="us"), Console(Player(script=["2"]).read, lambda line: None), environ)
    [save] = saves_in(tmp_path)
    monkeypatch.setenv("TRUCE_SAVE_DIR", str(tmp_path))
    assert main(["play", "--text", "--load", str(save), "--side", "cn"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"truce: error: {save}: this save was played as the US; resume without --side"]


class _Raises:
    """An opponent whose every move fails."""

    name = "raises"

    def __init__(self, seat: str, seed: int) -> None:
        self.seat = seat

    def act(self, observation):
        raise RuntimeError("boom")


def test_an_opponent_that_fails_ends_the_game_with_one_line_and_the_save_kept(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(play_command, "make_agent", lambda *a, **k: _Raises("cn", 0))
    player = Player(script=["2"])  # make no offer: the opponent's turn comes at once
    code = run_play(args(), Console(player.read, player.write), {"TRUCE_SAVE_DIR": str(tmp_path)})
    assert code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["truce: error: agent 'raises' (cn) failed: RuntimeError: boom"]
    [save] = saves_in(tmp_path)
    assert "The AI failed; the game is saved. Resume with:" in player.text
    assert player.text.rstrip().endswith(f"--load {save} --ai standard")
    again = Player(script=[])
    assert run_play(args(load=str(save), ai="standard", seed=None),
                    Console(again.read, again.write),
                    {"TRUCE_SAVE_DIR": str(tmp_path)}) == 0
    assert "Resuming: round " in again.text


def test_a_game_against_a_plug_in_agent_resumes_only_when_the_agent_is_named_again(
        tmp_path, monkeypatch, capsys):
    (tmp_path / "h_plug_in.py").write_text("from game.ai.random_agent import RandomAgent\n\n\n"
                                           "class Cautious(RandomAgent):\n"
                                           "    name = 'cautious'\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "h_plug_in", raising=False)
    environ = {"TRUCE_SAVE_DIR": str(tmp_path / "saves")}
    player = Player(script=["2"])  # make no offer, then input ends
    assert run_play(args(ai="h_plug_in:Cautious"), Console(player.read, player.write),
                    environ) == 0
    [save] = saves_in(tmp_path / "saves")
    monkeypatch.setenv("TRUCE_SAVE_DIR", environ["TRUCE_SAVE_DIR"])
    capsys.readouterr()
    assert main(["play", "--text", "--load", str(save)]) == 2
    assert capsys.readouterr().err == (
        f"truce: error: {save}: China was played by the plug-in agent 'cautious', which a save "
        "never imports: name it again with --ai h_plug_in:Cautious, or play on against a "
        "shipped level with --ai standard\n")
    again = Player(script=[])
    assert run_play(args(load=str(save), ai="h_plug_in:Cautious", seed=None),
                    Console(again.read, again.write), environ) == 0
    assert "Resuming: round " in again.text
