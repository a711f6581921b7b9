"""The journal is the game: durable at every acknowledged action, locked, and tamper-evident."""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
import os
import random
import re
import signal
import stat
import subprocess
import sys
import time

import pytest

from game.core.actions import parse_action
from game.core.record import state_hash
from game.core.scenario import Hint
from game.table import HUMAN, JournalError, Table, UnverifiedSave, read_journal
from game.table.journal import MAX_BYTES
from game.table.keys import KeyUnavailable, installation_key
from tests.factories import news_events, two_issue_scenario

KEY = b"k" * 32
BOTH = {"us": HUMAN, "cn": HUMAN}


def scenario():
    return two_issue_scenario(events=news_events(), rounds=6)


def _play_and_report(path: str, seed: int, report) -> None:
    """A child process: play random legal moves, reporting each version once acknowledged."""
    rng = random.Random(seed)
    table = Table.open(scenario(), seed, BOTH, journal=path, key=KEY)
    while not table.over:
        party = table.waiting_for()[0]
        legal = table.view(party).legal_actions
        receipt = table.submit(party, legal[rng.randrange(len(legal))], table.version)
        os.write(report, f"{receipt.version}\n".encode())
    os.write(report, b"done\n")
    time.sleep(60)


def _acknowledged(read_fd: int) -> int:
    data = b""
    while True:
        try:
            chunk = os.read(read_fd, 65536)
        except BlockingIOError:
            break
        if not chunk:
            break
        data += chunk
    numbers = [int(x) for x in data.split() if x.isdigit()]
    return max(numbers, default=0)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and fork are POSIX")
def test_a_journal_killed_at_random_moments_holds_every_acknowledged_action(tmp_path):
    context = multiprocessing.get_context("fork")
    rng = random.Random(2015)
    for attempt in range(50):
        path = tmp_path / f"game-{attempt}.jsonl"
        read_fd, write_fd = os.pipe()
        os.set_blocking(read_fd, False)
        child = context.Process(target=_play_and_report, args=(str(path), attempt, write_fd))
        child.start()
        os.close(write_fd)
        time.sleep(rng.uniform(0.0, 0.25))
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        acknowledged = _acknowledged(read_fd)
        os.close(read_fd)
        if not path.exists():
            assert acknowledged == 0
            continue
        table = Table.resume(path, scenario(), key=KEY)
        assert table.version >= acknowledged, f"attempt {attempt} lost an acknowledged action"
        table.close()
        text = path.read_bytes()
        assert text.endswith(b"\n"), "resuming cut the half-written line"
        for line in text.splitlines():
            json.loads(line)


def test_a_second_process_cannot_write_a_journal_in_use(tmp_path):
    path = tmp_path / "game.jsonl"
    table = Table.open(scenario(), 1, BOTH, journal=path, key=KEY)
    table.submit("us", parse_action("us pass"), 0)
    code = (
        "import sys\n"
        "from game.table import Table, JournalLocked\n"
        "from tests.factories import two_issue_scenario, news_events\n"
        "try:\n"
        f"    Table.resume({str(path)!r}, two_issue_scenario(events=news_events(), rounds=6),"
        f" key={KEY!r})\n"
        "except JournalLocked as locked:\n"
        "    print(locked); sys.exit(3)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=os.path.dirname(os.path.dirname(__file__)), timeout=60)
    assert run.returncode == 3, run.stderr
    assert "open in another Truce process" in run.stdout
    table.close()


def test_a_journal_edited_by_hand_does_not_verify_and_loads_only_when_asked(tmp_path):
    path = tmp_path / "game.jsonl"
    table = Table.open(scenario(), 1, BOTH, journal=path, key=KEY)
    for line in ("us propose cyber=dialogue maritime=halt", "cn accept",
                 "us implement cyber=defect"):
        action = parse_action(line)
        table.submit(action.seat, action, table.version)
    table.close()
    text = path.read_text().replace('"cyber":"defect"', '"cyber":"comply"')
    path.write_text(text)
    assert not read_journal(path, KEY).verified
    with pytest.raises(UnverifiedSave, match="cannot be verified"):
        Table.resume(path, scenario(), key=KEY)
    other = Table.resume(path, scenario(), key=KEY, allow_unverified=True, read_only=True)
    assert other.state.ledger == () or other.state.choices == (("us", (("cyber", "comply"),)),)


def test_another_installations_journal_does_not_verify(tmp_path):
    path = tmp_path / "game.jsonl"
    table = Table.open(scenario(), 1, BOTH, journal=path, key=KEY)
    table.submit("us", parse_action("us pass"), 0)
    table.close()
    assert read_journal(path, KEY).verified
    assert not read_journal(path, b"x" * 32).verified


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda h: {**h, "seed": -5}, "the seed must be a whole number from 0 to 2**63-1"),
        (lambda h: {**h, "seed": 10**50}, "the seed must be a whole number from 0 to 2**63-1"),
        (lambda h: {**h, "format": "x"}, "not a Truce save"),
        (lambda h: {**h, "version": 99}, "format version 99"),
        (lambda h: {**h, "seats": [1]}, "the list of seats is malformed"),
        (lambda h: {**h, "seed": "x"}, 'a whole number from 0 to 2**63-1, got "x"'),
        (lambda h: {**h, "seed": float("nan")}, "from 0 to 2**63-1, got NaN"),
        (lambda h: {**h, "seed": 10**50}, "from 0 to 2**63-1, got 100000000000000000000000000..."),
    ],
)
def test_every_value_in_a_journal_is_checked(tmp_path, change, message):
    path = tmp_path / "game.jsonl"
    table = Table.open(scenario(), 1, BOTH, journal=path, key=KEY)
    table.submit("us", parse_action("us pass"), 0)
    table.close()
    lines = path.read_text().splitlines()
    lines[0] = json.dumps(change(json.loads(lines[0])))
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(JournalError, match=re.escape(message)):
        read_journal(path, KEY)


def test_a_seed_of_thousands_of_digits_is_one_line_not_a_traceback(tmp_path):
    path = tmp_path / "game.jsonl"
    path.write_text('{"format": "truce-journal", "version": 1, "seed": ' + "9" * 5000 + "}\n")
    with pytest.raises(JournalError, match=r"game.jsonl:1: not a Truce save \(a number too long "
                       r"to read\)$"):
        read_journal(path, KEY)


@pytest.mark.parametrize("blank", ["", "\n\n", "  \r\n"])
def test_an_empty_save_says_it_is_empty(tmp_path, blank):
    path = tmp_path / "game.jsonl"
    path.write_text(blank)
    with pytest.raises(JournalError, match=r"game.jsonl: not a Truce save \(the file is empty\)$"):
        read_journal(path, KEY)


def test_a_save_over_the_size_limit_is_refused_and_says_the_limit(tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_bytes(b"x" * (MAX_BYTES + 1))
    with pytest.raises(JournalError, match="the limit is 16,777,216 bytes"):
        read_journal(path, KEY)


def test_a_save_never_imports_a_plug_in_agent_it_names(tmp_path, monkeypatch):
    path = tmp_path / "game.jsonl"
    table = Table.open(scenario(), 1, {"us": HUMAN, "cn": "random"}, journal=path, key=KEY)
    table.submit("us", parse_action("us pass"), 0)
    table.close()
    lines = path.read_text().splitlines()
    header = json.loads(lines[0])
    header["seats"]["cn"] = "evil:Agent"
    lines[0] = json.dumps(header)
    path.write_text("\n".join(lines) + "\n")
    (tmp_path / "evil.py").write_text("raise SystemExit('imported!')\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(JournalError, match="plug-in agent 'evil:Agent'; name it again"):
        Table.resume(path, scenario(), key=KEY, allow_unverified=True)
    assert "evil" not in sys.modules


def test_a_game_with_no_move_leaves_no_save_behind(tmp_path):
    path = tmp_path / "game.jsonl"
    table = Table.open(scenario(), 1, BOTH, journal=path, key=KEY)
    table.close()
    assert not path.exists()


def test_opening_a_game_on_an_existing_save_is_refused_at_once_and_leaves_it_whole(tmp_path):
    path = tmp_path / "game.jsonl"
    table = Table.open(scenario(), 5, BOTH, journal=path, key=KEY)
    table.submit("us", parse_action("us pass"), 0)
    table.close()
    before = path.read_bytes()
    with pytest.raises(JournalError, match="exists already .*Table.resume"):
        Table.open(scenario(), 5, BOTH, journal=path, key=KEY)
    assert path.read_bytes() == before


def test_a_resumed_journal_continues_the_same_file_and_chain(tmp_path):
    path = tmp_path / "game.jsonl"
    table = Table.open(scenario(), 5, BOTH, journal=path, key=KEY)
    table.submit("us", parse_action("us pass"), 0)
    table.close()
    again = Table.resume(path, scenario(), key=KEY)
    again.submit("cn", parse_action("cn pass"), 1)
    again.close()
    contents = read_journal(path, KEY)
    assert contents.verified and len(contents.line_of_play()) == 2
    final = Table.resume(path, scenario(), key=KEY, read_only=True)
    assert state_hash(final.state) == state_hash(again.state)


def test_a_temporary_file_left_by_a_killed_save_is_removed_when_the_next_save_is_made(tmp_path):
    stale = tmp_path / ".truce-abc123.tmp"
    stale.write_text('{"format": "truce-journal"')
    table = Table.open(scenario(), 1, BOTH, journal=tmp_path / "game.jsonl", key=KEY)
    table.submit("us", parse_action("us pass"), 0)
    assert not stale.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["game.jsonl"]
    table.close()


def test_a_move_that_does_not_replay_names_its_line_and_an_edited_save_says_so(tmp_path):
    path = tmp_path / "game.jsonl"
    table = Table.open(scenario(), 1, BOTH, journal=path, key=KEY)
    for line in ("us propose cyber=dialogue maritime=halt", "cn reject"):
        action = parse_action(line)
        table.submit(action.seat, action, table.version)
    table.close()
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join([lines[0], lines[2], lines[1]]))  # the answer before the offer
    with pytest.raises(JournalError, match=r"game.jsonl:2: the move does not replay: .* "
                       r"\(the save was edited\)$"):
        Table.resume(path, scenario(), key=KEY, allow_unverified=True, read_only=True)
    path.write_text("".join(lines).replace('"reject"', '"accept"'))
    with pytest.raises(JournalError, match=r"game.jsonl:3: the move replays differently \(the "
                       r"save was edited, or made by another version of the rules\)$"):
        Table.resume(path, scenario(), key=KEY, allow_unverified=True, read_only=True)


@pytest.mark.parametrize("damage", [b"", b"abcd", b"zz" * 32, bytes(range(64))])
def test_a_damaged_key_file_is_refused_never_used_as_a_weaker_key(tmp_path, damage):
    path = tmp_path / "journal.key"
    path.write_bytes(damage)
    with pytest.raises(KeyUnavailable, match=r"^the journal key .* is damaged; remove it to make "
                       r"a new one \(older saves will then no longer verify\)$"):
        installation_key({"TRUCE_KEY_FILE": str(path)})
    assert path.read_bytes() == damage


def test_a_key_file_keeps_its_key_through_an_editors_newline_and_a_folder_is_named(tmp_path):
    path = tmp_path / "journal.key"
    key = installation_key({"TRUCE_KEY_FILE": str(path)})
    assert len(key) == 32 and stat.S_IMODE(path.stat().st_mode) == 0o600
    path.write_text(path.read_text() + "\n")
    assert installation_key({"TRUCE_KEY_FILE": str(path)}) == key
    with pytest.raises(KeyUnavailable, match=r"^cannot read the journal key .*: Is a directory$"):
        installation_key({"TRUCE_KEY_FILE": str(tmp_path)})


def test_a_save_resumes_after_its_hints_are_reworded_but_not_after_its_rules_change(tmp_path):
    path = str(tmp_path / "game.jsonl")
    hinted = dataclasses.replace(scenario(), hints=(Hint("welcome", "Make an offer."),))
    table = Table.open(hinted, 1, BOTH, journal=path, key=KEY)
    table.submit("us", table.view("us").legal_actions[0], table.version)
    table.close()
    reworded = dataclasses.replace(hinted, hints=(Hint("welcome", "Offer something."),))
    assert Table.resume(path, reworded, key=KEY, read_only=True).version == 1
    assert Table.resume(path, scenario(), key=KEY, read_only=True).version == 1  # none at all
    changed = dataclasses.replace(hinted, settings=dataclasses.replace(hinted.settings, rounds=5))
    with pytest.raises(JournalError, match=r"has changed since the game was saved; resume it "
                                           r"with the scenario file it was played on"):
        Table.resume(path, changed, key=KEY, read_only=True)
