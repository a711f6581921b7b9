"""The format 2 example (scenarios/examples/words-and-deeds.yaml) uses every new construct,
cites its sources, validates, simulates and plays; the expert leads a tournament on it."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from game.cli import main
from game.scenario import check_scenario, load_scenario
from game.sim.tournament import by_agent, run_tournament
from game.ui.play_command import run_play
from game.ui.text_console import Console
from tests.test_shipped_scenarios import _source_texts
from tests.test_text_game import Player, args, game_on, saves_in

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "scenarios" / "examples" / "words-and-deeds.yaml"
FLAGSHIP = ROOT / "scenarios" / "state-visit-2015.yaml"


@pytest.fixture(scope="module")
def example():
    return load_scenario(EXAMPLE)


def test_the_example_validates_without_a_problem():
    assert [str(p) for p in check_scenario(EXAMPLE)] == []


def test_the_example_uses_every_construct_of_format_2(example):
    options = [o for i in example.issues for o in i.options]
    effects = {e.kind for ev in example.events for e in ev.effects}
    conditions = [c for ev in example.events for c in ev.trigger.conditions]
    assert example.schema_version == 2 and len(example.issues) == 6
    assert any(i.status_quo for i in example.issues)
    assert any(o.status_quo for o in options)
    assert any(o.act is not None and o.act.due == 0 for o in options)
    assert any(o.act is not None and o.act.due > 0 for o in options)
    linked = {(i.id, o.id): o.requires for i in example.issues for o in i.options if o.requires}
    assert any(pair in linked.get(need, ()) for pair, needs in linked.items()
               for need in needs)  # two options that come only as a package
    assert any(o.verification_by for o in options)
    assert {line.public for p in example.parties.values() for line in p.red_lines} == {True}
    assert any(not o.available for o in options)
    assert any(level.issue for level in example.sanctions.levels)
    assert any(s.url for s in example.sources)
    assert {e.audience for e in example.events} == {"", "us", "cn"}
    assert {"add_option", "withdraw_option", "end_commitment", "verification",
            "status_quo"} <= effects
    assert any(c.kind == "any" and any(x.option for x in c.conditions) for c in conditions)


def test_every_quote_of_the_example_is_an_exact_line_of_its_source(example):
    texts = _source_texts(example)
    elements = [*example.issues, *example.events, *example.sanctions.levels,
                *[o for i in example.issues for o in i.options], *example.parties.values()]
    for element in elements:
        assert element.cite, f"{element.id} cites nothing"
        for cite in element.cite:
            assert " ".join(cite.quote.split()) in texts[cite.source], (element.id, cite.quote)


def test_the_example_simulates():
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["simulate", str(EXAMPLE), "--us", "expert", "--cn", "tit-for-tat",
                     "--games", "3", "--json"])
    assert code == 0
    document = json.loads(out.getvalue())
    assert document["scenario"] == "words-and-deeds" and len(document["records"]) == 3


@pytest.mark.parametrize("side", ["us", "cn"])
def test_the_example_plays_to_the_end_in_the_terminal(tmp_path, side):
    player = Player(1 if side == "us" else 2)
    code = run_play(args(side=side, seed="1", scenario=str(EXAMPLE), ai="expert"),
                    Console(read=player.read, write=player.write),
                    {"TRUCE_SAVE_DIR": str(tmp_path)})
    assert code == 0 and "==== Final scores ====" in player.text
    assert len(saves_in(tmp_path)) == 1
    them = "China" if side == "us" else "The US"
    assert f"{them}'s public red line:" in player.text or "public red line" in player.text
    assert "binds both, once" in player.text  # the dialogue's first meeting is an act
    assert "a round with nothing agreed here" in player.text  # a status quo


def test_a_link_broken_in_the_terminal_is_refused_with_its_reason(example):
    # build an offer with cyber = cases answered with shared evidence and nothing else,
    # propose it (the builder refuses it), go back, then make no offer
    player = Player(script=["1", "5", "1", "1", "1", "1", "1", "7", "9", "2"])
    game = game_on(example, "us", player)
    game.player_turn()
    assert ('You may not propose that yet: "Cases answered with shared evidence" comes only '
            'with "A standing mechanism: meet twice a year" (in the same offer') in \
        " ".join(player.text.split())
    assert game.table.state.offer is None and game.table.version == 1  # the pass


def test_the_expert_is_among_the_leaders_of_a_tournament_on_the_example(example):
    """Balanced, the example leaves the honest strategies a few points apart (the expert
    leads the 60-game tournament in docs/scenarios.md by half a point), so a short one asks
    that the expert stay within 3 points of the best, far ahead of breaking every promise
    and of playing at random."""
    agents = ["random", "boulware", "linear", "conceder", "hardliner", "tit-for-tat",
              "generous-tit-for-tat", "expert", "always-defect", "always-comply"]
    results = run_tournament(example, agents, 3, seed=0, jobs=2)
    scores = {s.name: s.score for s in by_agent(results, agents)}
    assert scores["expert"] >= max(scores.values()) - 3, scores
    assert scores["expert"] >= scores["always-defect"] + 10, scores
    assert scores["expert"] >= scores["random"] + 10, scores


def test_the_debrief_splits_banked_points_with_the_status_quo_and_adds_up(example):
    from game.core.observe import observe
    from game.report.debrief import debrief
    from game.sim import batch

    seen_status_quo = False
    for summary in batch.play_games(example, {"us": "random", "cn": "random"}, 3, 5):
        state = summary.record.state()
        for seat in ("us", "cn", "facilitator"):
            report = debrief(observe(state, seat))
            for party in ("us", "cn"):
                split = report.score(party).split
                if split is not None:
                    assert split.total == pytest.approx(report.score(party).banked)
                    seen_status_quo |= split.status_quo != 0
    assert seen_status_quo
