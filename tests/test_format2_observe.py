"""Format 2 observations: China's status quo, private red lines and private news never show in
what the US (or the public) sees, however they are set."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.core import engine
from game.core.observe import observe
from game.core.scenario import Effect, Event, RedLine, Trigger
from tests.factories import format2_scenario
from tests.test_observe import _fuzz_cn, _plain

PRIVATE = (
    Event("mofcom", "MOFCOM hears", "Only China reads this.", Trigger((2,)), (
        Effect("trust", party="cn", issue="cyber", delta=-0.1),
        Effect("value", party="cn", issue="cyber", option="pledge", delta=1.0),
        Effect("status_quo", party="cn", issue="precursors", delta=-1.0),
        Effect("reveal", party="us", issue="dialogue"),
        Effect("flag", flag="heard"),
    ), audience="cn"),
)


def _fuzz_status_quo_and_red_lines(scenario, draw):
    """China's status quo and private red lines replaced too."""
    number = st.floats(-5, 5, allow_nan=False)
    issues = tuple(replace(i, status_quo={**i.status_quo, "us": i.status_quo_of("us"),
                                          "cn": draw(number)}) for i in scenario.issues)
    lines = (RedLine("dialogue", ("meeting",), "private"),) if draw(st.booleans()) else ()
    cn = replace(scenario.parties["cn"], red_lines=lines)
    return replace(scenario, issues=issues, parties={**scenario.parties, "cn": cn})


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_no_observation_of_us_holds_chinas_status_quo_red_lines_or_private_news(data):
    base = format2_scenario(events=PRIVATE)
    fuzzed = _fuzz_status_quo_and_red_lines(_fuzz_cn(base, data.draw), data.draw)
    seed = data.draw(st.integers(0, 10_000))
    a, b = engine.new_game(base, seed), engine.new_game(fuzzed, seed)
    while not engine.is_over(a):
        for seat in ("us", "us.ustr", "public"):
            assert _plain(observe(a, seat)) == _plain(observe(b, seat))
        mover = engine.awaiting(a)[0]
        legal = engine.legal_actions(a, mover)
        options = [x for x in legal if x in engine.legal_actions(b, mover)
                   and ("dialogue", "meeting") not in getattr(x, "terms", ())]
        action = options[data.draw(st.integers(0, len(options) - 1))]  # (a refusal would say
        # aloud that China's red line was crossed: see test_refusals_say_which_red_line...)
        a, _ = engine.step(a, action)
        b, _ = engine.step(b, action)


def test_private_news_leaves_no_trace_in_the_other_sides_view_until_the_end():
    state = engine.new_game(format2_scenario(events=PRIVATE), 1)
    while state.round < 2:
        mover = engine.awaiting(state)[0]
        state, _ = engine.step(state, engine.legal_actions(state, mover)[0])
    assert "mofcom" in state.fired
    us = observe(state, "us").to_json()
    assert "Only China reads this" not in str(us) and us["revealed_weights"] == {}
    cn = observe(state, "cn")
    assert cn.own.status_quo["precursors"] == -1.0 and cn.revealed_weights == {
        "us": {"dialogue": 1.0}}


def test_a_side_that_turns_down_an_offer_across_its_red_line_says_so_and_only_then():
    from game.core.actions import Propose, Reject

    lines = (RedLine("dialogue", ("meeting",), "private"),)
    base = format2_scenario()
    scenario = replace(base, parties={**base.parties,
                                      "cn": replace(base.parties["cn"], red_lines=lines)})
    state = engine.new_game(scenario, 1)
    offer = next(a for a in engine.legal_actions(state, "us")
                 if isinstance(a, Propose) and ("dialogue", "meeting") in a.terms)
    state, _ = engine.step(state, offer)
    _, events = engine.step(state, Reject("cn"))
    assert events[0].red_lines == (("dialogue", "meeting"),)
    assert "It will never accept dialogue=meeting: a red line." in events[0].text()
    quiet = next(a for a in engine.legal_actions(engine.new_game(scenario, 1), "us")
                 if isinstance(a, Propose) and ("dialogue", "meeting") not in a.terms)
    state, _ = engine.step(engine.new_game(scenario, 1), quiet)
    _, events = engine.step(state, Reject("cn"))
    assert events[0].red_lines == ()
