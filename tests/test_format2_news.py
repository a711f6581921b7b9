"""Format 2 news: options on and off the table, commitments ended, verification and status quo
changed, conditions on the option in force and "any", and private news for one side."""

from __future__ import annotations

import pytest

from game.core import engine
from game.core.actions import Inject, Propose
from game.core.engine import IllegalAction
from game.core.events import (
    CommitmentEnded,
    NewsFired,
    OptionChanged,
    StatusQuoChanged,
    VerificationChanged,
    WeightRevealed,
    seen_by,
)
from game.core.news import conditions_hold
from game.core.observe import observe
from game.core.scenario import Condition, Effect, Event, Trigger
from tests.factories import format2_scenario
from tests.test_format2_rules import finish_round, sign, statements


def game(*events, seed=1):
    return engine.new_game(format2_scenario(events=events), seed)


def inject(state, event_id):
    return engine.step(state, Inject("facilitator", event_id))


def news(event_id, *effects, audience="", rounds=(99,), conditions=()):
    return Event(event_id, event_id.title(), "Something happens.", Trigger(rounds, 1.0, conditions),
                 tuple(effects), audience=audience)


def test_an_option_off_the_table_can_be_offered_once_news_adds_it_and_not_after_withdrawal():
    add = news("add", Effect("add_option", issue="cyber", option="norms"))
    pull = news("pull", Effect("withdraw_option", issue="cyber", option="pledge"))
    state, _ = sign(game(add, pull), ("dialogue", "meeting"))
    norms = Propose(state.turn, (("cyber", "norms"),))
    with pytest.raises(IllegalAction, match="cyber=norms is not on the table"):
        engine.step(state, norms)
    state, events = inject(state, "add")
    assert [type(e) for e in events] == [NewsFired, OptionChanged]
    assert norms in engine.legal_actions(state, state.turn)
    state, _ = engine.step(state, Propose(state.turn, (("cyber", "pledge"),)))
    state, _ = inject(state, "pull")  # mid-talks: the offer on the table can no longer be signed
    with pytest.raises(IllegalAction, match="cyber=pledge is not on the table"):
        engine.step(state, engine.legal_actions(state, state.turn)[0])
    view = observe(state, "cn").issues[0]
    assert [o.available for o in view.options] == [True, False, True]


def test_news_can_end_a_commitment_and_what_came_only_with_it():
    end = news("end", Effect("end_commitment", issue="precursors", option="crackdown"))
    state, _ = sign(game(end), ("listing", "delist"), ("precursors", "crackdown"),
                    ("cyber", "pledge"))
    state, events = inject(state, "end")
    ended = [(e.issue, e.reason) for e in events if isinstance(e, CommitmentEnded)]
    assert ended == [("precursors", "news"), ("listing", "it came only with precursors=crackdown")]
    assert [c.issue for c in state.commitments] == ["cyber"]
    other = news("other", Effect("end_commitment", issue="cyber", option="norms"))
    state2, _ = sign(game(other), ("cyber", "pledge"))
    assert inject(state2, "other")[0].commitments == state2.commitments  # another option: no


def test_news_can_change_how_well_one_sides_violations_are_seen():
    tighten = news("tighten", Effect("verification", issue="cyber", option="pledge", party="us",
                                     detect=1.0, false_alarm=0.0))
    state, events = inject(game(tighten), "tighten")
    changed = [e for e in events if isinstance(e, VerificationChanged)]
    assert [(e.party, e.before, e.after) for e in changed] == [("us", (0.2, 0.05), (1.0, 0.0))]
    assert all(seen_by(e, "cn") and seen_by(e, "public") for e in changed)
    pledge = observe(state, "cn").issues[0].options[1]
    assert pledge.rates("us") == (1.0, 0.0) and pledge.rates("cn") == (0.6, 0.05)
    state, _ = sign(state, ("cyber", "pledge"))
    state = finish_round(state, {"us": {"cyber": "defect"}})
    assert [i.accused for i in state.incidents] == ["us"]


def test_news_can_change_an_issues_status_quo_for_one_side_only():
    worse = news("worse", Effect("status_quo", party="us", issue="precursors", delta=-1.5))
    state, events = inject(game(worse), "worse")
    change = next(e for e in events if isinstance(e, StatusQuoChanged))
    assert (change.before, change.after) == (-2.0, -3.5)
    assert seen_by(change, "us") and not seen_by(change, "cn") and not seen_by(change, "public")
    assert observe(state, "us").own.status_quo["precursors"] == -3.5
    state = finish_round(state)
    assert statements(state, "us")[0].actual == pytest.approx(-1.0 - 3.5)


def test_a_commitment_condition_may_name_the_option_in_force_and_any_holds_if_one_does():
    state, _ = sign(game(), ("cyber", "pledge"))
    pledge = Condition("commitment", issue="cyber", option="pledge")
    norms = Condition("commitment", issue="cyber", option="norms")
    flag = Condition("flag", flag="summit")
    assert conditions_hold(state, (pledge,)) and not conditions_hold(state, (norms,))
    assert conditions_hold(state, (Condition("any", conditions=(norms, pledge)),))
    assert not conditions_hold(state, (Condition("any", conditions=(norms, flag)),))


def test_triggers_with_any_fire_in_play():
    either = Condition("any", conditions=(Condition("commitment", issue="cyber", option="pledge"),
                                          Condition("flag", flag="never")))
    event = news("met", Effect("flag", flag="met"), rounds=(2,), conditions=(either,))
    state, _ = sign(game(event), ("cyber", "pledge"))
    state = finish_round(state)
    assert "met" in state.fired and state.round == 2


def test_private_news_and_its_effects_reach_only_its_audience_and_the_facilitator():
    tip = news("tip", Effect("reveal", party="cn", issue="cyber"),
               Effect("trust", party="us", issue="cyber", delta=-0.1),
               Effect("withdraw_option", issue="cyber", option="pledge"), audience="us")
    state, events = inject(game(tip), "tip")
    assert {type(e) for e in events} >= {NewsFired, WeightRevealed, OptionChanged}
    assert all(seen_by(e, "us") and seen_by(e, "facilitator") for e in events)
    assert not any(seen_by(e, "cn") or seen_by(e, "public") or seen_by(e, "cn.mofa")
                   for e in events)
    assert observe(state, "us").revealed_weights == {"cn": {"cyber": 1.0}}
    assert observe(state, "cn").revealed_weights == {}
    assert observe(state, "public").revealed_weights == {}
    cn_history = observe(state, "cn").history
    assert not any(isinstance(e, NewsFired) for e in cn_history)
    for _ in range(state.rounds):
        state = finish_round(state)
    assert engine.is_over(state)
    assert any(isinstance(e, NewsFired) and e.event == "tip" for e in observe(state, "cn").history)
    assert observe(state, "cn").revealed_weights == {"cn": {"cyber": 1.0}}
