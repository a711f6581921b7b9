"""The debrief states the facts of scripted games exactly, and never says a side that broke a
promise kept its word."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.ai.random_agent import RandomAgent
from game.core import engine
from game.core.actions import Respond, parse_action
from game.core.analysis import analyse_scenario
from game.core.observe import observe
from game.core.phases import final_scores
from game.core.scenario import PARTIES, Verification
from game.report.debrief import Deed, NotOver, debrief
from game.report.debrief_text import GLOSSARY, debrief_lines
from game.sim.batch import play_table
from game.sim.scenarios import resolve_scenario
from tests.factories import two_issue_scenario

SIGN = ("us propose cyber=dialogue maritime=halt", "cn accept")
KEEP = ("us implement cyber=comply", "cn implement cyber=comply maritime=comply")
CYBER, MARITIME = "Cyber-enabled theft of trade secrets", "Maritime security"


def verified(detect: float, false_alarm: float, rounds: int = 3):
    """The two-issue scenario with every option verified alike, so reports are certain."""
    scenario = two_issue_scenario(rounds=rounds)
    issues = tuple(
        replace(i, options=tuple(replace(o, verification=Verification(detect, false_alarm))
                                 for o in i.options))
        for i in scenario.issues
    )
    return replace(scenario, issues=issues)


def play(scenario, *lines: str, answer: str = "protest"):
    """Play text actions; every incident left open is answered with `answer`."""
    state = engine.new_game(scenario, seed=1)
    for line in lines:
        state, _ = engine.step(state, parse_action(line))
        while state.phase == "respond":
            incident = state.open_incidents()[0]
            state, _ = engine.step(state, Respond(incident.wronged, incident.id, answer))
    assert engine.is_over(state)
    return state


def three_rounds(round_two=KEEP, round_three=KEEP) -> tuple[str, ...]:
    """Sign in round 1, pass in the talks of rounds 2 and 3, implement as given."""
    return (*SIGN, *KEEP, "cn pass", *round_two, "us pass", *round_three)


def facts(state, seat="us", with_analysis=False):
    analysis = analyse_scenario(state.scenario) if with_analysis else None
    return debrief(observe(state, seat), analysis)


def text(state, seat="us") -> str:
    return "\n".join(debrief_lines(facts(state, seat, with_analysis=True)))


# --- the verdict on scripted games -------------------------------------------------------------


def test_when_both_sides_keep_every_promise_the_debrief_says_so_with_every_round():
    state = play(verified(1.0, 0.0), *three_rounds())
    d = facts(state)
    us, cn = d.record("us"), d.record("cn")
    assert (us.promises, us.kept, us.broken, us.kept_its_word) == (3, 3, 0, True)
    assert (cn.promises, cn.kept, cn.broken, cn.kept_its_word) == (6, 6, 0, True)
    assert [(i.issue, i.kept, i.broken) for i in cn.issues] == [
        ("cyber", (1, 2, 3), ()), ("maritime", (1, 2, 3), ())]
    assert d.incidents == () and d.answers_by("us").incidents == ()
    split = d.score("us").split
    assert (split.as_signed, split.lost, split.cheating, split.sanctions_paid) == (21, 0, 0, 0)
    shown = text(state)
    assert "You kept all 3 of your promises: words followed by actions." in shown
    assert "China kept all 6 of its promises: words followed by actions." in shown
    assert f"  {CYBER}, {MARITIME} — kept in rounds 1-3." in shown
    assert "What this game shows" not in shown  # nothing was broken, reported or answered


def test_one_promise_broken_and_caught_names_the_issue_round_incident_and_sanction():
    breach = ("us implement cyber=comply", "cn implement cyber=comply maritime=defect")
    state = play(verified(1.0, 0.0), *three_rounds(round_two=breach), answer="targeted")
    d = facts(state, "facilitator")
    cn = d.record("cn")
    assert (cn.promises, cn.kept, cn.broken, cn.seen, cn.unseen) == (6, 5, 1, 1, 0)
    assert cn.breaches == (Deed(2, "maritime", "halt", False, True, 1, "targeted"),)
    assert not cn.kept_its_word and cn.answered() == {"targeted": 1}
    assert [(i.issue, i.broken, i.seen) for i in cn.issues] == [
        ("cyber", (), ()), ("maritime", (2,), (2,))]
    [incident] = d.incidents
    assert (incident.id, incident.round, incident.accused, incident.real) == (1, 2, "cn", True)
    answers = d.answers_by("us")
    assert answers.sanctions == (1,) and answers.unjustified == ()
    assert (answers.cost_to_target, answers.cost_to_self) == pytest.approx((3.0, 0.75))
    us, china = d.score("us").split, d.score("cn").split
    assert (us.as_signed, us.lost, us.sanctions_sent) == pytest.approx((21.0, 4.0, 0.75))
    assert (china.cheating, china.sanctions_paid) == pytest.approx((1.25, 3.0))
    assert (us.total, china.total) == pytest.approx((16.25, 1.25))
    for party in PARTIES:
        score = d.score(party)
        assert score.split.total + score.relationship == pytest.approx(score.raw)
        assert score.raw == pytest.approx(final_scores(state)[party].raw)
    shown = text(state)
    assert ("China kept 5 of its 6 promises and broke 1. It was seen; you imposed targeted "
            "sanctions.") in shown
    assert "Verification saw the one broken promise:" in shown
    assert f"  {MARITIME} — kept in rounds 1, 3, broken in round 2; seen in round 2 " \
           "(incident 1)." in shown
    assert "Your sanctions, imposed over 1 incident, cost China 3.00 points and cost you " \
           "0.75." in shown
    assert "   -4.00  taken away by China's broken promises" in shown
    assert "  =  16.25  banked" in shown and "    -0.75  what your own sanctions cost you" in shown
    assert "China kept all" not in shown


def test_a_promise_broken_unseen_is_named_as_unseen_and_went_unanswered():
    breach = ("us implement cyber=comply", "cn implement cyber=comply maritime=defect")
    state = play(verified(0.0, 0.0), *three_rounds(round_two=breach))
    d = facts(state)
    cn = d.record("cn")
    assert (cn.broken, cn.seen, cn.unseen) == (1, 0, 1)
    assert cn.breaches == (Deed(2, "maritime", "halt", False, False, 0, ""),)
    assert d.incidents == ()
    [check] = [c for c in d.checks if c.issue == "maritime"]
    assert (check.broken, check.seen, check.detect) == (1, 0, 0.0)
    shown = text(state)
    assert "China kept 5 of its 6 promises and broke 1. It went unseen." in shown
    assert "No broken promise was reported, so none was ever answered." in shown
    assert f"  {MARITIME} — 0 of 1 seen, detection 0%." in shown
    assert "China kept all" not in shown


def test_when_everything_is_broken_both_records_say_all_were_broken():
    broke = ("us implement cyber=defect", "cn implement cyber=defect maritime=defect")
    state = play(verified(1.0, 0.0), *SIGN, *broke, "cn pass", *broke, "us pass", *broke)
    d = facts(state, "cn")
    us, cn = d.record("us"), d.record("cn")
    assert (us.promises, us.broken, us.seen, us.kept_its_word) == (3, 3, 3, False)
    assert (cn.promises, cn.broken, cn.seen, cn.kept_its_word) == (6, 6, 6, False)
    assert [d.round for d in cn.final_breaches] == [3, 3]
    assert d.answers_by("us").counts == {"protest": 6}
    assert d.answers_by("cn").counts == {"protest": 3}
    china = d.score("cn").split  # cyber at 1.5 a round is lost; the halt China alone owed is not
    assert (china.as_signed, china.lost, china.cheating) == pytest.approx((3.0, 4.5, 12.75))
    shown = text(state, "cn")
    assert "You broke all 6 of your promises. All 6 were seen; the United States protested " \
           "each time." in shown
    assert "The United States broke all 3 of its promises. All 3 were seen; you protested " \
           "each time." in shown
    assert "Verification saw all 9 broken promises:" in shown
    assert "You never imposed a sanction: being caught cost the United States no points at " \
           "the time, only trust." in shown
    assert "kept all" not in shown and "words followed by actions" not in shown


def test_a_defection_in_the_last_round_is_pointed_out_as_one():
    last = ("us implement cyber=defect", "cn implement cyber=comply maritime=comply")
    state = play(verified(1.0, 0.0), *three_rounds(round_three=last), answer="broad")
    d = facts(state)
    us = d.record("us")
    assert us.final_breaches == (Deed(3, "cyber", "dialogue", False, True, 1, "broad"),)
    assert (us.kept, us.broken) == (2, 1)
    split = d.score("us").split
    assert (split.cheating, split.sanctions_paid) == pytest.approx((1.0, 5.0))
    shown = text(state)
    assert f"In round 3, the last, you broke 1 promise: {CYBER}." in shown
    assert f"({GLOSSARY['last round']})" in shown
    assert "You kept 2 of your 3 promises and broke 1. It was seen; China imposed broad " \
           "sanctions." in shown


def test_a_sanction_on_a_false_alarm_is_called_one_and_the_accused_still_kept_its_word():
    state = play(verified(0.0, 1.0, rounds=1), "us propose maritime=halt", "cn accept",
                 "cn implement maritime=comply", answer="targeted")
    d = facts(state)
    [incident] = d.incidents
    assert (incident.accused, incident.real, incident.response) == ("cn", False, "targeted")
    assert d.answers_by("us").unjustified == (1,) and d.answers_by("us").sanctions == (1,)
    cn = d.record("cn")
    assert cn.kept_its_word and cn.false_alarms == (
        Deed(1, "maritime", "halt", True, True, 1, "targeted"),)
    us = d.score("us")
    assert (us.split.as_signed, us.split.sanctions_sent, us.banked) == pytest.approx(
        (4.0, 0.5, 3.5))
    shown = text(state)
    assert "China kept its only promise: words followed by actions." in shown
    assert f"  {MARITIME} — kept in round 1; a false alarm in round 1 (incident 1: you " \
           "imposed targeted sanctions)." in shown
    assert f"Incident 1 (round 1, {MARITIME}) was a false alarm: China had kept its promise. " \
           "You imposed targeted sanctions, punishing a promise that was kept; that lowers " \
           "China's trust in you." in shown
    assert "You owed nothing: no promise of yours was put to the test." in shown


# --- what every seat may know -----------------------------------------------------------------


def test_the_debrief_is_refused_before_the_game_is_over():
    state = engine.new_game(verified(1.0, 0.0), seed=1)
    with pytest.raises(NotOver, match="not over"):
        debrief(observe(state, "us"))


def test_every_seat_sees_the_same_records_but_only_its_own_split():
    breach = ("us implement cyber=comply", "cn implement cyber=comply maritime=defect")
    state = play(verified(1.0, 0.0), *three_rounds(round_two=breach), answer="targeted")
    seats = {seat: facts(state, seat) for seat in ("us", "cn", "facilitator", "public",
                                                    "us.ustr")}
    for d in seats.values():
        assert d.records == seats["facilitator"].records
        assert d.incidents == seats["facilitator"].incidents
    assert seats["us"].score("us").split is not None and seats["us"].score("cn").split is None
    assert seats["cn"].score("us").split is None and seats["cn"].score("cn").split is not None
    assert all(s.split is not None for s in seats["facilitator"].scores)
    assert all(s.split is None for s in seats["public"].scores)
    assert seats["public"].answers_by("us").cost_to_target is None
    assert seats["cn"].answers_by("us").cost_to_target == pytest.approx(3.0)
    public = "\n".join(debrief_lines(seats["public"]))
    assert "The United States kept all 3 of its promises" in public and "you" not in public


def test_every_term_is_explained_once_where_it_first_appears():
    breach = ("us implement cyber=comply", "cn implement cyber=comply maritime=defect")
    state = play(verified(1.0, 0.0), *three_rounds(round_two=breach), answer="targeted")
    lines = text(state).splitlines()
    for term in ("out of 100", "seen", "sanction", "relationship", "nash", "frontier",
                 "from nash", "as signed"):
        assert lines.count(f"({GLOSSARY[term]})") == 1, term
    nash = next(n for n, line in enumerate(lines) if "points from the Nash package" in line)
    assert lines[nash + 2] == f"({GLOSSARY['from nash']})"
    head = next(n for n, line in enumerate(lines) if "bargaining solution is worth" in line)
    assert lines[head].endswith(":") and lines[head + 1].startswith("  ")  # its list follows


# --- for any finished game, the verdict's claims match the ledger ------------------------------


@cache
def scenario_named(name: str):
    """A scenario and its analysis, loaded once."""
    scenario = two_issue_scenario(rounds=4) if name == "two-issue" else resolve_scenario(name)
    return scenario, analyse_scenario(scenario)


def head_line(name: str, its: str, kept: int, broken: int) -> str:
    """How a side's record must open, given its counts."""
    total = kept + broken
    whole = "both" if total == 2 else f"all {total}"
    every = f"{its} only promise" if total == 1 else f"{whole} of {its} promises"
    if not broken:
        return f"{name} kept {every}: words followed by actions."
    if not kept:
        return f"{name} broke {every}."
    return f"{name} kept {kept} of {its} {total} promises and broke {broken}."


@settings(max_examples=40, deadline=None)
@given(name=st.sampled_from(["two-issue", "cyber-pledge", "state-visit-2015"]),
       seed=st.integers(0, 10_000), agents=st.integers(0, 10_000),
       seat=st.sampled_from(["us", "cn", "facilitator", "public"]))
def test_for_any_finished_game_the_debrief_matches_the_ledger_and_the_scores(
        name, seed, agents, seat):
    scenario, analysis = scenario_named(name)
    state = play_table(scenario, {"us": RandomAgent("us", agents),
                                  "cn": RandomAgent("cn", agents + 1)}, seed).state
    d = debrief(observe(state, seat), analysis)
    final = final_scores(state)
    for party in PARTIES:
        rows = [e for e in state.ledger if e.party == party]
        r = d.record(party)
        assert r.promises == len(rows)
        assert r.broken == sum(1 for e in rows if e.did == "defect")
        assert r.seen == sum(1 for e in rows if e.did == "defect" and e.seen)
        assert [(x.round, x.issue, x.response) for x in r.breaches] == [
            (e.round, e.issue, e.response) for e in rows if e.did == "defect"]
        score = d.score(party)
        assert (score.raw, score.normalised) == pytest.approx(
            (final[party].raw, final[party].normalised))
        assert score.banked + score.relationship == pytest.approx(score.raw)
        assert (score.split is not None) == (seat in (party, "facilitator"))
        if score.split is not None:
            assert score.split.total == pytest.approx(score.banked, abs=1e-9)
    assert [(i.id, i.real, i.response) for i in d.incidents] == [
        (i.id, i.true, i.response) for i in state.incidents]
    lines = debrief_lines(d)
    for party in PARTIES:
        r = d.record(party)
        mine = seat == party
        name = "You" if mine else {"us": "The United States", "cn": "China"}[party]
        heads = [line for line in lines if line.startswith(f"{name} kept ")
                 or line.startswith(f"{name} broke ") or line.startswith(f"{name} owed ")]
        assert len(heads) == 1
        if r.promises:
            expected = head_line(name, "your" if mine else "its", r.kept, r.broken)
            assert heads[0].startswith(expected)
        if r.broken:
            assert "words followed by actions" not in heads[0]
    assert not any("-0.00" in line for line in lines)


def test_a_deal_on_tracks_that_news_opened_is_judged_among_them_not_against_the_first_track():
    """The tutorial opens cyber and trade in round 2. Signing its Nash package then (the
    strong option on every track) is 0 from the Nash package and on the frontier; judged in the
    space of round 1 alone it was "89 points from the Nash package"."""
    from game.core.actions import Accept, Implement, Pass, Propose
    from game.report.debrief import played_analysis
    scenario = resolve_scenario("tutorial")
    state = engine.new_game(scenario, seed=1)
    nash = (("climate", "cap-and-trade"), ("cyber", "dialogue"), ("trade", "open-market"))
    while not engine.is_over(state):
        seat = engine.awaiting(state)[0]
        if state.phase == "negotiate":
            if state.offer is not None:
                action = Accept(seat)
            elif state.round == 1:
                action = Propose(seat, nash[:1])
            elif state.round == 2:
                action = Propose(seat, nash)
            else:
                action = Pass(seat)
        elif state.phase == "implement":
            action = Implement(seat, tuple((k, "comply") for k in sorted(state.obligations(seat))))
        else:
            action = Respond(seat, state.open_incidents(seat)[0].id, "none")
        state, _ = engine.step(state, action)
    obs = observe(state, "us")
    theory = debrief(obs, played_analysis(scenario, obs)).theory
    assert dict(theory.nash) == dict(nash)
    assert theory.final is not None and theory.final.to_nash == pytest.approx(0.0, abs=1e-6)
    assert theory.final.on_frontier
    assert "0 points from the Nash package" in "\n".join(
        debrief_lines(debrief(obs, played_analysis(scenario, obs))))


def _past_100_reasons(state, party: str) -> set[str]:
    """What the game's own record says could lift a side past its ideal as the game began."""
    from game.core.events import StatusQuoChanged, ValueShifted, WeightChanged

    reasons = set()
    if any(isinstance(e, WeightChanged | ValueShifted | StatusQuoChanged) and e.party == party
           and e.after > e.before for e in state.history):
        reasons.add("news")
    if any(row.party == party and row.did == "defect" for row in state.ledger):
        reasons.add("broke")
    return reasons


@pytest.mark.parametrize(("us", "cn", "seed", "beyond"), [
    ("expert", "expert", 6, {"cn": "above"}),
    ("always-comply", "expert", 2, {"cn": "above"}),
    ("always-defect", "always-comply", 0, {"cn": "below"}),
    ("always-comply", "always-comply", 0, {}),
])
def test_a_score_outside_0_to_100_is_explained_by_the_facts_of_the_game(us, cn, seed, beyond):
    """Above 100 (the ideal as the game began) the debrief names exactly the causes the game
    holds, news that raised the side's stakes and promises it broke; below 0 it says the side
    did worse than with no deal; in between it says nothing. The same line reaches the
    terminal debrief and the window's."""
    from game.ai.registry import make_agent
    from game.report.debrief_text import out_of_range
    from game.ui.window.ending import EndScreen

    flagship = resolve_scenario("state-visit-2015")
    agents = {"us": make_agent(us, "us", seed, scenario=flagship),
              "cn": make_agent(cn, "cn", seed + 1, scenario=flagship)}
    table = play_table(flagship, agents, seed)
    d = debrief(table.view("us"))
    text = debrief_lines(d)
    for party in PARTIES:
        score = d.score(party)
        name = "You" if party == "us" else "China"
        line = out_of_range(score, d.record(party), name)
        shown = round(score.normalised)
        assert beyond.get(party) == ("above" if shown > 100 else "below" if shown < 0 else None)
        if shown > 100:
            reasons = _past_100_reasons(table.state, party)
            assert reasons and line.startswith(f"{name} score")
            assert ("news raised" in line) == ("news" in reasons), line
            assert ("broke in secret" in line) == ("broke" in reasons), line
        elif shown < 0:
            assert line == f"{name} did worse than with no deal at all."
        else:
            assert line == ""
        assert not line or line in text and line in EndScreen.lines(d, "us")


def test_past_100_by_news_alone_says_so_in_the_players_words():
    from game.report.debrief import FinalScore, SideRecord
    from game.report.debrief_text import out_of_range

    score = FinalScore("cn", 150.0, 10.0, 160.0, 104.0, None, raised_by_news=True)
    kept = SideRecord("cn", (Deed(1, "cyber", "pledge", True, False, 0, ""),), (), 6)
    assert out_of_range(score, kept, "China") == (
        "China scores above 100, the ideal as the game began: news raised what its stakes "
        "were worth.")
    assert out_of_range(replace(score, party="us"), kept, "You") == (
        "You score above 100, the ideal as the game began: news raised what your stakes were "
        "worth.")
    assert out_of_range(replace(score, normalised=100.4), kept, "China") == ""


def test_one_breach_seen_of_several_is_said_in_the_singular():
    """China breaks both its promises once: the cyber breach is always seen, the maritime one
    never is, so 'one of the two was seen'."""
    scenario = verified(1.0, 0.0)
    blind = tuple(
        replace(i, options=tuple(replace(o, verification=Verification(0.0, 0.0))
                                 for o in i.options)) if i.id == "maritime" else i
        for i in scenario.issues)
    broke = ("us implement cyber=comply", "cn implement cyber=defect maritime=defect")
    state = play(replace(scenario, issues=blind), *SIGN, *broke, "cn pass", *KEEP, "us pass",
                 *KEEP)
    d = facts(state, "us")
    china = d.record("cn")
    assert (china.broken, china.seen) == (2, 1)
    assert "1 of the 2 was seen, 1 went unseen" in " ".join(text(state).split())


@pytest.mark.parametrize("detect, said", [(1.0, "Both were seen"), (0.0, "Neither was seen")])
def test_two_promises_are_both_never_all_2(detect, said):
    """In one round China owes two promises: broken, they are 'both' (seen or not); kept,
    'both of its promises'."""
    broke = ("us implement cyber=comply", "cn implement cyber=defect maritime=defect")
    shown = " ".join(text(play(verified(detect, 0.0, rounds=1), *SIGN, *broke)).split())
    assert f"China broke both of its promises. {said}" in shown
    kept = " ".join(text(play(verified(detect, 0.0, rounds=1), *SIGN, *KEEP)).split())
    assert "China kept both of its promises: words followed by actions." in kept
    assert "all 2" not in shown + kept and "All 2" not in shown + kept
