"""News: every trigger condition and every effect kind does what the scenario format says."""

import pytest

from game.core import engine
from game.core.actions import parse_action
from game.core.scenario import Condition, Effect, Event, Trigger
from tests.factories import two_issue_scenario


def _game(*events, seed=1):
    return engine.new_game(two_issue_scenario(events=events), seed)


def _inject(state, event_id):
    state, events = engine.step(state, parse_action(f"facilitator inject {event_id}"))
    return state, events


@pytest.mark.parametrize(
    ("condition", "fires"),
    [
        (Condition("trust_below", observer="us", value=0.6), True),
        (Condition("trust_below", observer="us", issue="cyber", value=0.4), False),
        (Condition("trust_above", observer="cn", value=0.4), True),
        (Condition("trust_above", observer="cn", issue="maritime", value=0.6), False),
        (Condition("flag", flag="tense"), False),
        (Condition("not_flag", flag="tense"), True),
        (Condition("commitment", issue="cyber"), False),
        (Condition("incidents_at_least", value=0), True),
        (Condition("incidents_at_least", value=1), False),
        (Condition("no_such_kind"), False),
    ],
)
def test_a_round_one_event_fires_only_if_its_condition_holds(condition, fires):
    event = Event("e", "E", "", Trigger(rounds=(1,), conditions=(condition,)))
    assert ("e" in _game(event).fired) is fires


def test_an_event_with_probability_zero_never_fires_and_one_always_does():
    never = Event("never", "N", "", Trigger(probability=0.0), once=False)
    always = Event("always", "A", "", Trigger(probability=1.0), once=False)
    state = _game(never, always)
    for _ in range(3):
        state, _ = engine.step(state, parse_action(f"{engine.awaiting(state)[0]} pass"))
    texts = [e.text() for e in state.history if e.kind == "news"]
    assert texts == ["News: A."] * 3


def test_a_probability_draw_depends_on_seed_and_round_only():
    coin = Event("coin", "Coin", "", Trigger(probability=0.5), once=False)
    fired = []
    for seed in range(40):
        state = _game(coin, seed=seed)
        again = _game(coin, seed=seed)
        assert ("coin" in state.fired) == ("coin" in again.fired)
        fired.append("coin" in state.fired)
    assert 5 < sum(fired) < 35


def test_effects_change_salience_values_trust_flags_sanctions_and_what_is_public():
    effects = (
        Effect("salience", party="cn", issue="cyber", factor=3.0),
        Effect("value", party="us", issue="cyber", option="pledge", delta=1.5),
        Effect("trust", party="us", issue="maritime", delta=-0.3),
        Effect("flag", flag="tense"),
        Effect("sanction", party="cn", level="broad"),
        Effect("reveal", party="us", issue="cyber"),
    )
    state = _game(Event("shock", "Shock", "", Trigger(rounds=(99,)), effects))
    before = state.trust_mean()
    state, events = _inject(state, "shock")
    assert state.weights[1][0] == 3.0
    assert state.value("us", "cyber", "pledge") == 3.5
    after = state.trust_mean()
    assert after[0, 1] == pytest.approx(before[0, 1] - 0.3, abs=1e-5)
    assert after[0, 0] == before[0, 0] and (after[1] == before[1]).all()
    assert "tense" in state.flags
    assert [(s.sender, s.target, s.level) for s in state.sanctions] == [("cn", "us", "broad")]
    assert ("us", "cyber") in state.revealed
    assert [e.kind for e in events] == ["news", "weight", "value", "trust", "flag", "sanction",
                                        "reveal"]


def test_each_effect_is_an_event_seen_only_by_whom_it_concerns():
    effects = (
        Effect("salience", party="cn", issue="cyber", factor=3.0),
        Effect("value", party="us", issue="cyber", option="pledge", delta=1.5),
        Effect("trust", party="us", issue="maritime", delta=-0.3),
        Effect("flag", flag="tense"),
        Effect("reveal", party="us", issue="cyber"),
    )
    state = _game(Event("shock", "Shock", "", Trigger(rounds=(99,)), effects))
    _, events = _inject(state, "shock")
    weight, value, trust_moved, flag, reveal = events[1:]
    assert (weight.party, weight.issue, weight.before, weight.after) == ("cn", "cyber", 1.0, 3.0)
    assert weight.visible_to == {"cn"}
    assert (value.party, value.before, value.after) == ("us", 2.0, 3.5)
    assert value.visible_to == {"us"}
    assert trust_moved.observer == "us" and trust_moved.visible_to == {"us"}
    assert trust_moved.after == pytest.approx(trust_moved.before - 0.3, abs=1e-5)
    assert flag.visible_to == frozenset()  # the facilitator's alone
    assert reveal.visible_to == {"us", "cn", "public"} and reveal.weight == 1.0


def test_a_flag_effect_can_clear_a_flag():
    raise_flag = Event("up", "Up", "", Trigger(rounds=(99,)), (Effect("flag", flag="f"),))
    lower = Event("down", "Down", "", Trigger(rounds=(99,)), (Effect("flag", flag="f", set=False),))
    state, _ = _inject(_game(raise_flag, lower), "up")
    state, _ = _inject(state, "down")
    assert "f" not in state.flags


def test_a_trust_effect_without_an_issue_or_party_moves_every_belief():
    event = Event("calm", "Calm", "", Trigger(rounds=(99,)), (Effect("trust", delta=0.1),))
    state = _game(event)
    before = state.trust_mean()
    state, _ = _inject(state, "calm")
    assert (state.trust_mean() > before + 0.09).all()
