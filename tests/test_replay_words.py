"""A replay reads in the game's own words: labels and names, never the scenario's ids, and
every broken promise and false alarm of the game named (`truce replay`, game.ui.text_story)."""

from __future__ import annotations

import re
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.ai.random_agent import RandomAgent
from game.cli.simulate import transcript
from game.core.events import NewsFired
from game.core.observe import Observation
from game.scenario.loader import load_scenario
from game.sim import batch
from game.sim.scenarios import SHIPPED_DIR, shipped_scenarios
from game.table import HUMAN, Table
from game.ui.text_views import CAPITAL, short_title

SCENARIOS = sorted(shipped_scenarios().values()) + [SHIPPED_DIR / "examples"
                                                     / "words-and-deeds.yaml"]
PAIR = re.compile(r"[\w-]+=[\w-]+")
WORD = re.compile(r"[\w'-]+")
CODE_WORD = re.compile(r"[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)+|\w*_\w*")
ENGLISH = {"counter-offers"}  # the game's own hyphenated words


@cache
def scenario(path):
    return load_scenario(path)


def finished_table(path, seed: int) -> Table:
    """A finished game between random agents, on a table as `truce replay` reads it."""
    agents = {"us": RandomAgent("us", seed), "cn": RandomAgent("cn", seed + 1)}
    record = batch.play_game(scenario(path), agents, seed=seed).record
    table = Table.open(record.scenario, record.seed, {"us": HUMAN, "cn": HUMAN})
    table.apply_log(record.actions)
    return table


def prose(obs: Observation, title: str) -> list[str]:
    """The scenario's own texts a replay quotes (titles, labels, news, red lines), longest
    first: what is left once they are taken out is the game's wording."""
    texts = {title}
    for issue in obs.issues:
        texts |= {issue.title, short_title(obs, issue.id)} | {o.label for o in issue.options}
    texts |= {level.label for level in obs.sanction_levels}
    for e in obs.history:
        if isinstance(e, NewsFired):
            texts |= {e.title, " ".join(e.body.split())}
    for view in obs.views.values():
        texts |= {line.text for line in view.red_lines}
    return sorted((t for t in texts if t), key=len, reverse=True)


def game_words(lines: list[str], obs: Observation, title: str) -> list[str]:
    """The words of the transcript after its header, with the scenario's own texts taken
    out (and the words of its labels, which an offer's table may wrap over two lines)."""
    text = "\n".join(lines[2:])
    for quoted in prose(obs, title):
        text = text.replace(quoted, "§")
    labels = {o.label for i in obs.issues for o in i.options}
    labels |= {short_title(obs, i.id) for i in obs.issues}
    wrapped = {word for label in labels for word in WORD.findall(label)}
    return [word for word in WORD.findall(text) if word not in wrapped]


def rounds_told(lines: list[str]) -> dict[int, list[str]]:
    """The transcript's lines under each round header."""
    told: dict[int, list[str]] = {}
    current = 0
    for line in lines:
        found = re.fullmatch(r"== Round (\d+) of \d+ ==", line)
        current = int(found.group(1)) if found else current
        told.setdefault(current, []).append(line)
    return told


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
@settings(max_examples=3, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000))
def test_a_finished_game_replays_in_the_game_words_and_names_every_broken_promise(path, seed):
    table = finished_table(path, seed)
    lines = transcript(table, "game.jsonl")
    obs = table.view("facilitator")
    words = game_words(lines, obs, table.scenario.title)
    assert not PAIR.findall("\n".join(lines[2:]))
    assert {w for w in words if CODE_WORD.fullmatch(w)} <= ENGLISH
    ids = {i.id for i in obs.issues if i.id != short_title(obs, i.id)}
    assert not ids & set(words), "issue ids in the replay"
    assert not {"you", "You", "your", "Your"} & set(words)  # the narrator addresses nobody
    told = rounds_told(lines)
    for row in obs.ledger:
        if row.did == "defect":
            said = [line for line in told[row.round] if line.startswith(CAPITAL[row.party])
                    and "secretly break" in line]
            assert said and short_title(obs, row.issue) in said[0], (row, said)
    for incident, defected in (obs.truth or {}).items():
        line = next(line for line in lines if line.lstrip().startswith(f"Incident {incident}:"))
        assert line.endswith("kept it).") != defected, line


def test_the_public_replay_of_an_unfinished_game_tells_no_side_secret():
    path = SCENARIOS[0]
    whole = finished_table(path, 3).record()
    table = Table.open(whole.scenario, whole.seed, {"us": HUMAN, "cn": HUMAN})
    table.apply_log(whole.actions[: len(whole.actions) * 2 // 3])
    assert not table.over
    lines = transcript(table, "game.jsonl", "public")
    assert lines[1].endswith("shown: what the public sees.")
    for side in ("The United States", "China"):
        for secret in ("keeps", "secretly breaks", "banks"):  # deeds, true scores
            assert not any(line.startswith(f"{side} {secret}") for line in lines)
    assert not any(line.startswith(("  For the United States:", "  For China:"))
                   for line in lines)  # a side's own figures
    assert not any(line.startswith("You") or "false alarm" in line for line in lines)
    assert lines[-1].startswith("The save stops in round ")
