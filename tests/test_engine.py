"""The rules, phase by phase, on small scenarios built in Python (tests/factories.py)."""

from dataclasses import replace

import pytest

from game.core import engine
from game.core.actions import Implement, Propose, parse_action
from game.core.engine import IllegalAction
from game.core.record import state_hash
from game.core.scenario import Verification
from tests.factories import (
    news_events,
    strict_verification,
    two_issue_scenario,
    with_red_line,
)


def play(state, *lines):
    """Apply actions given in their text form; returns the final state."""
    for line in lines:
        state, _ = engine.step(state, parse_action(line))
    return state


def strict_game(**kwargs):
    return engine.new_game(strict_verification(two_issue_scenario(**kwargs)), seed=7)


SIGNED = ("us propose cyber=dialogue maritime=halt", "cn accept")


# --- negotiate ---------------------------------------------------------------------------


def test_us_opens_round_one_and_china_opens_round_two():
    state = strict_game()
    assert (state.round, state.phase, engine.awaiting(state)) == (1, "negotiate", ("us",))
    state = play(state, "us pass")
    assert (state.round, engine.awaiting(state)) == (2, ("cn",))


def test_an_accepted_package_becomes_commitments_binding_the_obliged_parties():
    state = play(strict_game(), *SIGNED)
    assert [(c.issue, c.option, c.obliges) for c in state.commitments] == [
        ("cyber", "dialogue", ("us", "cn")),
        ("maritime", "halt", ("cn",)),
    ]
    assert state.phase == "implement"
    assert engine.awaiting(state) == ("us", "cn")
    assert state.obligations("us") == ("cyber",)


def test_a_counter_offer_swaps_roles_and_counts_as_an_exchange():
    state = play(strict_game(), "us propose cyber=dialogue", "cn propose cyber=pledge")
    assert state.offer == (("cyber", "pledge"),)
    assert (state.offer_by, state.turn, state.offers) == ("cn", "us", 2)


def test_at_the_exchange_limit_the_responder_may_only_accept_or_reject():
    state = play(strict_game(exchanges=2), "us propose cyber=dialogue", "cn propose cyber=pledge")
    assert [a.text() for a in engine.legal_actions(state, "us")] == ["us accept", "us reject"]
    with pytest.raises(IllegalAction, match="exchange limit"):
        play(state, "us propose cyber=dialogue")


def test_rejecting_ends_talks_and_keeps_earlier_commitments():
    state = play(
        strict_game(),
        *SIGNED,
        "us implement cyber=comply",
        "cn implement cyber=comply maritime=comply",
    )
    assert (state.round, engine.awaiting(state)) == (2, ("cn",))
    state = play(state, "cn propose cyber=pledge", "us reject")
    assert [c.option for c in state.commitments] == ["dialogue", "halt"]
    assert state.phase == "implement"


def test_a_later_agreement_replaces_the_commitment_on_the_same_issue():
    state = play(
        strict_game(),
        *SIGNED,
        "us implement cyber=comply",
        "cn implement cyber=comply maritime=comply",
        "cn propose cyber=pledge",
        "us accept",
    )
    assert [(c.issue, c.option, c.since) for c in state.commitments] == [
        ("cyber", "pledge", 2),
        ("maritime", "halt", 1),
    ]


def test_a_party_may_not_accept_a_package_crossing_its_red_line():
    state = play(engine.new_game(with_red_line(), 1), "us propose cyber=dialogue")
    assert [a.text() for a in engine.legal_actions(state, "cn")][:1] == ["cn reject"]
    with pytest.raises(IllegalAction, match="red line: no inspectors"):
        play(state, "cn accept")


# --- implement and verify -----------------------------------------------------------------


def test_implement_choices_must_cover_exactly_the_seats_obligations():
    state = play(strict_game(), *SIGNED)
    with pytest.raises(IllegalAction, match="incomplete: maritime"):
        play(state, "cn implement cyber=comply")
    with pytest.raises(IllegalAction, match="not that seat's commitment"):
        play(state, "us implement cyber=comply maritime=comply")
    with pytest.raises(IllegalAction, match="not comply or defect"):
        play(state, "us implement cyber=maybe")


def test_perfect_verification_reports_exactly_the_violations():
    state = play(
        strict_game(),
        *SIGNED,
        "us implement cyber=comply",
        "cn implement cyber=comply maritime=defect",
    )
    assert [(i.id, i.issue, i.accused, i.true) for i in state.incidents] == [
        (1, "maritime", "cn", True)
    ]
    assert (state.phase, engine.awaiting(state)) == ("respond", ("us",))
    seen = {(e.party, e.issue): e.seen for e in state.ledger}
    assert seen == {("us", "cyber"): False, ("cn", "cyber"): False, ("cn", "maritime"): True}


def _always_false_alarm_game():
    """The two-issue game where every check misses real breaches and accuses the honest."""
    scenario = two_issue_scenario()
    issues = tuple(
        replace(
            i, options=tuple(replace(o, verification=Verification(0.0, 1.0)) for o in i.options)
        )
        for i in scenario.issues
    )
    return engine.new_game(replace(scenario, issues=issues), 3)


def test_noisy_verification_can_accuse_a_party_that_complied():
    state = play(
        _always_false_alarm_game(),
        *SIGNED,
        "us implement cyber=comply",
        "cn implement cyber=comply maritime=comply",
    )
    assert [(i.accused, i.true) for i in state.incidents] == [
        ("us", False),
        ("cn", False),
        ("cn", False),
    ]
    assert engine.awaiting(state) == ("us", "cn")


# --- respond and score -------------------------------------------------------------------


def _violated_maritime():
    return play(
        strict_game(),
        *SIGNED,
        "us implement cyber=comply",
        "cn implement cyber=comply maritime=defect",
    )


def test_round_payoff_pays_values_honoured_by_the_other_side_plus_own_defection_gains():
    state = play(_violated_maritime(), "us respond 1 targeted")
    # us: cyber 3 (China complied) + maritime 0 (China defected) - 0.5 sender cost
    # cn: cyber 1.5 + maritime 0.5 x (-1 + 2.5 temptation) - 2.0 target cost
    assert state.banked == pytest.approx((2.5, 0.25))
    assert state.round == 2


def test_a_sanction_costs_the_target_and_the_sender_and_fades_each_round():
    state = play(_violated_maritime(), "us respond 1 targeted")
    assert [(s.sender, s.level, s.strength) for s in state.sanctions] == [("us", "targeted", 0.5)]
    state = play(
        state, "cn pass", "us implement cyber=comply", "cn implement cyber=comply maritime=comply"
    )
    # us: 3 + 4 - 0.5 x 0.5; cn: 1.5 - 0.5 - 2.0 x 0.5
    assert state.banked == pytest.approx((2.5 + 6.75, 0.25 + 0.0))
    assert state.sanctions[0].strength == pytest.approx(0.25)


def test_a_higher_rung_escalates_the_sanction_in_force():
    state = play(_violated_maritime(), "us respond 1 broad")
    assert [(s.level, s.strength) for s in state.sanctions] == [("broad", 0.5)]


def test_suspending_a_commitment_ends_it():
    state = play(_violated_maritime(), "us respond 1 suspend")
    assert [c.issue for c in state.commitments] == ["cyber"]
    assert state.obligations("cn") == ("cyber",)


def test_a_round_without_commitments_banks_the_no_deal_value():
    state = play(strict_game(), "us pass")
    assert state.banked == (0.5, 0.5)


def test_false_alarm_sanction_lowers_targets_trust_in_sender():
    state = play(
        _always_false_alarm_game(),
        *SIGNED,
        "us implement cyber=comply",
        "cn implement cyber=comply maritime=comply",
        "cn respond 1 none",
    )
    before = state.trust_mean()[1].copy()  # China's trust in the US
    sanctioned = play(state, "us respond 2 targeted")
    assert (sanctioned.trust_mean()[1] < before).all()
    passed = play(state, "us respond 2 none")
    assert (passed.trust_mean()[1] == before).all()


def test_a_game_with_no_deal_scores_zero_normalised():
    state = play(strict_game(), "us pass", "cn pass", "us pass")
    assert engine.is_over(state)
    scores = engine.final_scores(state)
    assert scores["us"].normalised == pytest.approx(0.0, abs=1e-9)
    assert scores["cn"].banked == pytest.approx(1.5)


def test_the_ideal_is_the_best_package_fully_honoured_plus_full_trust():
    state = strict_game()
    # us best: dialogue 3 + halt 4 per round, 3 rounds, + relationship 10 x 1.0
    assert state.tables.ideal["us"] == pytest.approx(3 * 7.0 + 10.0)
    # cn best: dialogue 1.5 (halt is worth -1 to China, so it is left out)
    assert state.tables.ideal["cn"] == pytest.approx(3 * 1.5 + 10.0)


def test_the_game_ends_after_the_set_rounds():
    state = play(strict_game(rounds=2), "us pass", "cn pass")
    assert engine.is_over(state) and engine.awaiting(state) == ()
    assert engine.legal_actions(state, "us") == []
    with pytest.raises(IllegalAction, match="the game is over"):
        play(state, "us pass")


# --- news -------------------------------------------------------------------------------


def test_news_fires_in_its_rounds_and_a_once_event_fires_once():
    state = engine.new_game(two_issue_scenario(events=news_events()), 1)
    assert "summit" not in state.fired
    state = play(state, "us pass")
    assert "summit" in state.fired
    assert state.weights[0][0] == 2.0  # US salience of cyber doubled


def test_conditional_news_waits_for_its_condition():
    state = engine.new_game(two_issue_scenario(events=news_events()), 1)
    state = play(
        state, *SIGNED, "us implement cyber=comply", "cn implement cyber=comply maritime=comply"
    )
    assert "hack" in state.fired and "hacked" in state.flags


def test_the_facilitator_injects_news_at_any_time():
    state = engine.new_game(two_issue_scenario(events=news_events()), 1)
    state, events = engine.step(state, parse_action("facilitator inject embargo"))
    assert [(s.sender, s.level) for s in state.sanctions] == [("us", "targeted")]
    assert ("cn", "maritime") in state.revealed
    assert events[0].text().startswith("News: Embargo")
    assert engine.awaiting(state) == ("us",)  # the talks are where they were


# --- illegal actions and seats --------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("cn pass", "out of turn"),
        ("us implement cyber=comply", "negotiate phase, not implement"),
        ("us propose trade=zero", "no issue 'trade'"),
        ("us propose cyber=treaty", "no option 'treaty'"),
        ("us propose", "at least one issue"),
        ("us accept", "no offer on the table"),
        ("us respond 9 none", "respond"),
        ("us inject summit", "only the facilitator"),
        ("facilitator inject meteor", "no scenario event 'meteor'"),
        ("facilitator pass", "may only inject"),
        ("uk pass", "no seat 'uk'"),
        ("us.potus pass", "no seat 'us.potus'"),
    ],
)
def test_illegal_actions_say_why_and_leave_the_state_untouched(line, reason):
    state = engine.new_game(two_issue_scenario(events=news_events()), 5)
    before = state_hash(state)
    with pytest.raises(IllegalAction) as raised:
        play(state, line)
    assert str(raised.value).startswith(f"IllegalAction: {line} because ")
    assert reason in str(raised.value)
    assert state_hash(state) == before


def test_an_action_naming_an_issue_twice_is_refused():
    state = strict_game()
    twice = Propose("us", (("cyber", "pledge"), ("cyber", "dialogue")))
    with pytest.raises(IllegalAction, match="names an issue twice: cyber"):
        engine.step(state, twice)
    signed = play(state, *SIGNED)
    with pytest.raises(IllegalAction, match="names an issue twice"):
        engine.step(signed, Implement("us", (("cyber", "comply"), ("cyber", "defect"))))


def test_respond_reasons_name_the_incident_problem():
    state = _violated_maritime()
    for line, reason in [
        ("us respond 2 none", "no incident 2"),
        ("cn respond 1 none", "not that seat's to answer"),
        ("us respond 1 nuke", "not a response"),
    ]:
        with pytest.raises(IllegalAction, match=reason):
            play(state, line)
    answered = play(state, "us respond 1 none")
    assert answered.incidents[0].response == "none"


def test_role_seats_act_for_their_party():
    state = play(strict_game(), "us.ustr propose cyber=pledge", "cn.mofa accept")
    assert [c.option for c in state.commitments] == ["pledge"]
    assert state.actions[0].seat == "us.ustr"


# --- legal-action counts at fixed positions (perft-style) -----------------------------------


def _position(name):
    red = engine.new_game(with_red_line(), 2)
    base = strict_game()
    positions = {
        "opening": (base, "us"),
        "responding": (play(base, "us propose cyber=pledge"), "cn"),
        "red-line responder": (play(red, "us propose cyber=dialogue"), "cn"),
        "implement both": (play(base, *SIGNED), "cn"),
        "respond one incident": (_violated_maritime(), "us"),
        "not your turn": (base, "cn"),
        "facilitator": (
            engine.new_game(two_issue_scenario(events=news_events()), 1),
            "facilitator",
        ),
    }
    return positions[name]


@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("opening", 1 + (3 * 2 - 1)),  # pass + packages (-|pledge|dialogue) x (-|halt)
        ("responding", 2 + 5),  # accept, reject + counters
        ("red-line responder", 1 + (2 * 2 - 1)),  # no accept; counters without dialogue
        ("implement both", 4),  # comply/defect on cyber and maritime
        ("respond one incident", 5),  # none, protest, targeted, broad, suspend
        ("not your turn", 0),
        ("facilitator", 3 + 2),  # inject each event, time out the speaker, advance
    ],
)
def test_legal_action_counts_at_fixed_positions(name, count):
    state, seat = _position(name)
    legal = engine.legal_actions(state, seat)
    assert len(legal) == count
    assert len(list(legal)) == count
    for action in legal:
        assert action in legal
        engine.step(state, action)  # every listed action is accepted


@pytest.mark.parametrize("seed", [-1, 1.5, "7", True])
def test_a_game_needs_a_whole_non_negative_seed(seed):
    with pytest.raises(ValueError, match="seed must be a whole number"):
        engine.new_game(two_issue_scenario(), seed)


def test_the_side_that_opens_by_lot_is_drawn_from_the_seed_and_round_two_goes_to_the_other():
    scenario = two_issue_scenario(first_proposer="lot")
    openers = {}
    for seed in range(40):
        state = engine.new_game(scenario, seed)
        openers[seed] = engine.awaiting(state)[0]
        assert engine.awaiting(engine.new_game(scenario, seed)) == (openers[seed],)
        state = engine.step(state, parse_action(f"{openers[seed]} pass"))[0]
        while state.round == 1:
            state = engine.step(state, parse_action(f"{engine.awaiting(state)[0]} implement"))[0]
        assert engine.awaiting(state)[0] != openers[seed]  # round 2: the other side opens
    assert 10 <= sum(side == "us" for side in openers.values()) <= 30
