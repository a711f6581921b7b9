"""The rules of format 2: status quo, one-off acts, linked options, verification per party,
public red lines and issue-tied sanctions, as the engine plays them."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from game.core import engine
from game.core.actions import Accept, Implement, Pass, Propose, Reject, Respond
from game.core.engine import IllegalAction
from game.core.events import CommitmentEnded, Verified
from game.core.observe import observe
from game.core.scenario import RedLine, SanctionLevel
from tests.factories import format2_scenario, two_issue_scenario


def sign(state, *terms):
    """The speaker proposes the terms and the other side accepts."""
    state, _ = engine.step(state, Propose(state.turn, terms))
    state, events = engine.step(state, Accept(state.turn))
    return state, events


def implement(state, choices=None):
    """Every party owing something implements: `choices[party][issue]`, else comply."""
    choices = choices or {}
    while state.phase == "implement":
        party = engine.awaiting(state)[0]
        owed = state.obligations(party)
        pick = tuple((k, choices.get(party, {}).get(k, "comply")) for k in sorted(owed))
        state, _ = engine.step(state, Implement(party, pick))
    return state


def finish_round(state, choices=None, answer="none"):
    """Talks end (if open), everyone implements, every incident is answered with `answer`."""
    if state.phase == "negotiate":
        state, _ = engine.step(state, Pass(state.turn) if state.offer is None
                               else Reject(state.turn))
    state = implement(state, choices)
    while state.phase == "respond":
        party = engine.awaiting(state)[0]
        incident = state.open_incidents(party)[0]
        state, _ = engine.step(state, Respond(party, incident.id, answer))
    return state


def statements(state, party):
    """The party's round statements so far (facilitator view: true payoffs)."""
    return [s for s in observe(state, "facilitator").statements if s.party == party]


# --- status quo ----------------------------------------------------------------------------


def test_a_round_without_any_deal_pays_no_deal_plus_every_issues_status_quo():
    state = finish_round(engine.new_game(format2_scenario(), 1))
    first = statements(state, "us")[0]
    assert first.actual == pytest.approx(-1.0 - 2.0)  # cyber -1, precursors -2, no_deal 0
    assert first.status_quo == pytest.approx(-3.0) and first.no_deal == 0.0
    assert statements(state, "cn")[0].actual == pytest.approx(0.5)


def test_signing_only_the_status_quo_option_scores_exactly_as_signing_nothing():
    plain = engine.new_game(format2_scenario(), 3)
    frozen, _ = sign(engine.new_game(format2_scenario(), 3), ("cyber", "frozen"))
    for _ in range(4):
        plain, frozen = finish_round(plain), finish_round(frozen)
    assert engine.final_scores(frozen) == engine.final_scores(plain)
    assert engine.final_scores(plain)["us"].normalised == pytest.approx(0.0)


def test_a_broken_commitment_leaves_the_wronged_side_at_the_status_quo():
    state, _ = sign(engine.new_game(format2_scenario(), 1), ("cyber", "pledge"))
    state = finish_round(state, {"cn": {"cyber": "defect"}})
    us, cn = statements(state, "us")[0], statements(state, "cn")[0]
    assert us.items[0].earned == pytest.approx(-1.0)  # the status quo, not 0
    assert us.actual == pytest.approx(-1.0 + -2.0)
    assert cn.actual == pytest.approx(1.0 + 2.0 + 0.0)  # value, temptation, precursors 0


# --- one-off acts --------------------------------------------------------------------------


def test_an_act_is_owed_once_in_its_round_and_pays_from_then_on_if_done():
    state, _ = sign(engine.new_game(format2_scenario(), 1), ("dialogue", "meeting"))
    assert state.commitment("dialogue").due == 2
    assert (state.round, state.phase) == (2, "negotiate")  # round 1 owed nothing: it is over
    assert [s.items for s in statements(state, "us")] == [()]
    state, _ = engine.step(state, Pass(state.turn))
    assert state.obligations("us") == ("dialogue",) and state.obligations("cn") == ("dialogue",)
    state = finish_round(state)  # round 2: the meeting is held
    for _ in range(2):
        assert not state.obligations("us")
        state = finish_round(state)
    worth = [sum(i.earned for i in s.items) for s in statements(state, "us")]
    assert worth == [0, 2.0, 2.0, 2.0]
    rows = [e for e in state.ledger if e.issue == "dialogue"]
    assert [(e.round, e.party) for e in rows] == [(2, "us"), (2, "cn")]
    assert sum(isinstance(e, Verified) for e in state.history) == 2


def test_an_act_not_done_banks_its_temptation_once_and_never_pays_its_value():
    state, _ = sign(engine.new_game(format2_scenario(), 1), ("dialogue", "meeting"))
    state = finish_round(state, {"cn": {"dialogue": "defect"}})  # round 2: due
    state = finish_round(finish_round(state))
    cn = [s.actual for s in statements(state, "cn")]
    us = [s.actual for s in statements(state, "us")]
    assert cn == pytest.approx([0.5, 0.5 + 1.0 + 1.0, 0.5 + 1.0, 0.5 + 1.0])  # us did its part
    assert us == pytest.approx([-3.0, -3.0, -3.0, -3.0])  # cn did not: the dialogue's status quo


def test_a_one_sided_act_pays_its_own_side_only_if_done():
    state, _ = sign(engine.new_game(format2_scenario(), 1), ("listing", "delist"),
                    ("precursors", "crackdown"))
    assert state.obligations("us") == ("listing",)  # due at once
    state = finish_round(state, {"us": {"listing": "defect"}})
    assert state.incidents and state.incidents[0].accused == "us"  # detect 1.0
    state = finish_round(state)
    assert "listing" not in state.obligations("us")
    us = statements(state, "us")
    assert [i.earned for i in us[1].items if i.issue == "listing"] == [0.0]  # status quo 0


# --- linked options ------------------------------------------------------------------------


def test_a_linked_option_is_refused_without_its_partner():
    state = engine.new_game(format2_scenario(), 1)
    with pytest.raises(IllegalAction, match="listing=delist comes only with "
                                            "precursors=crackdown"):
        engine.step(state, Propose("us", (("listing", "delist"),)))
    assert Propose("us", (("listing", "delist"),)) not in engine.legal_actions(state, "us")


def test_a_partner_in_force_satisfies_the_link_and_ending_it_ends_the_dependant():
    state, _ = sign(engine.new_game(format2_scenario(), 1), ("listing", "delist"),
                    ("precursors", "crackdown"), ("dialogue", "meeting"))
    state = finish_round(state)
    news = replace(state.tables.option[("cyber", "norms")], available=True)
    assert news.requires == (("dialogue", "meeting"),)
    state = state.evolve(unavailable=frozenset())  # as if news had put norms on the table
    offer = Propose(state.turn, (("cyber", "norms"),))
    assert offer in engine.legal_actions(state, state.turn)
    state, _ = engine.step(state, offer)
    state, _ = engine.step(state, Accept(state.turn))
    assert state.commitment("cyber").option == "norms"


def _linked_scenario():
    """format2_scenario with a cyber option that comes with the delisting, and a plain
    listing option ("talk") that replaces the delisting."""
    scenario = format2_scenario()
    cyber = scenario.issue("cyber")
    options = (*cyber.options, replace(cyber.options[1], id="pledge-plus",
                                       requires=(("listing", "delist"),)))
    scenario = replace(scenario, issues=(replace(cyber, options=options), *scenario.issues[1:]))
    listing = scenario.issue("listing")
    plain = replace(listing.options[0], id="talk", act=None, requires=(), obliges=("us", "cn"))
    scenario = replace(scenario, issues=(*scenario.issues[:2],
                                         replace(listing, options=(*listing.options, plain)),
                                         scenario.issues[3]))
    return scenario


def test_replacing_a_required_commitment_ends_the_one_that_came_with_it():
    state, _ = sign(engine.new_game(_linked_scenario(), 1), ("listing", "delist"),
                    ("precursors", "crackdown"), ("cyber", "pledge-plus"))
    state = finish_round(state)
    state, events = sign(state, ("listing", "talk"))
    ended = {(e.issue, e.reason.split(" ")[0]) for e in events if isinstance(e, CommitmentEnded)}
    assert ended == {("listing", "replaced"), ("precursors", "it"), ("cyber", "it")}
    assert {c.issue for c in state.commitments} == {"listing"}


def test_legal_packages_are_exactly_those_the_engine_accepts():
    state = engine.new_game(format2_scenario(), 1)
    legal = engine.legal_actions(state, "us")
    listed = {a for a in legal if isinstance(a, Propose)}
    options = [[None, *opts] for _, opts in legal.package_space]
    accepted = set()
    for picks in itertools.product(*options):
        terms = tuple((k, o) for (k, _), o in zip(legal.package_space, picks, strict=True) if o)
        if not terms:
            continue
        try:
            engine.step(state, Propose("us", terms))
        except IllegalAction:
            assert Propose("us", terms) not in legal
            continue
        accepted.add(Propose("us", terms))
        assert Propose("us", terms) in legal
    assert listed == accepted and len(listed) == legal.n_packages == 11
    again = type(legal).from_json(legal.to_json())
    assert list(again) == list(legal)


# --- verification per party, public red lines, issue-tied sanctions --------------------------


def test_each_partys_violations_are_seen_at_its_own_rates():
    scenario = format2_scenario()
    cyber = scenario.issue("cyber")
    from game.core.scenario import Verification

    pledge = replace(cyber.options[1], verification=Verification(0.0, 0.0),
                     verification_by={"cn": Verification(1.0, 0.0)})
    scenario = replace(scenario, issues=(replace(cyber, options=(cyber.options[0], pledge,
                                                                  cyber.options[2])),
                                         *scenario.issues[1:]))
    for seed in range(5):
        state, _ = sign(engine.new_game(scenario, seed), ("cyber", "pledge"))
        state = implement(state, {"us": {"cyber": "defect"}, "cn": {"cyber": "defect"}})
        assert [i.accused for i in state.incidents] == ["cn"]
    view = next(o for o in observe(state, "us").issues[0].options if o.id == "pledge")
    assert view.rates("cn") == (1.0, 0.0) and view.rates("us") == (0.0, 0.0)


def test_public_red_lines_are_known_to_both_sides_and_private_ones_are_not():
    lines = ((), (RedLine("precursors", ("crackdown",), "no", public=True),
                  RedLine("dialogue", ("meeting",), "secret")))
    state = engine.new_game(format2_scenario(red_lines=lines), 1)
    for seat in ("us", "public", "facilitator", "cn"):
        shown = observe(state, seat).public_red_lines
        assert [line.issue for line in shown["cn"]] == ["precursors"]
    view = observe(state, "us")
    assert view.views.keys() == {"us"}  # China's private lines stay its own
    assert type(view).from_json(view.to_json()) == view


def test_a_sanction_tied_to_an_issue_answers_only_incidents_on_it():
    level = SanctionLevel("relist", "Relist the entity", 3.0, 0.1, issue="dialogue")
    state, _ = sign(engine.new_game(format2_scenario(levels=(level,)), 1), ("cyber", "pledge"))
    for seed in range(40):
        trial = implement(state.evolve(seed=seed), {"cn": {"cyber": "defect"}})
        if trial.incidents:
            break
    incident = trial.incidents[0]
    legal = [a.response for a in engine.legal_actions(trial, "us")]
    assert "relist" not in legal and "targeted" in legal
    with pytest.raises(IllegalAction, match="answers only incidents on dialogue"):
        engine.step(trial, Respond("us", incident.id, "relist"))


def test_format_1_games_are_unchanged_by_the_new_fields_defaults():
    state = engine.new_game(two_issue_scenario(), 1)
    assert state.unavailable == frozenset() and observe(state, "us").public_red_lines == {}


@pytest.mark.parametrize("party", ["us", "cn"])
def test_the_deal_shown_before_signing_is_worth_what_the_round_then_pays(party):
    """An offer that replaces a required commitment ends what came with it: the figure the
    player is shown (deal_worth, deal_lines) counts those issues at their status quo, as the
    round's statement then does."""
    from game.ui.text_views import deal_after, deal_lines, deal_worth, money
    state, _ = sign(engine.new_game(_linked_scenario(), 1), ("listing", "delist"),
                    ("precursors", "crackdown"), ("cyber", "pledge-plus"))
    state = finish_round(state)
    state, _ = engine.step(state, Propose(state.turn, (("listing", "talk"),)))
    obs = observe(state, party)
    assert deal_after(obs, obs.offer) == {"listing": "talk"}
    shown = deal_worth(obs, obs.offer)
    lines = " ".join(deal_lines(obs, obs.offer))
    assert f"worth {money(shown)} a round" in lines and "ends" in lines
    state, _ = engine.step(state, Accept(state.turn))
    state = finish_round(state)
    (paid,) = [s for s in statements(state, party) if s.round == state.round - 1]
    assert paid.expected == pytest.approx(shown)


def test_before_any_deal_the_offer_says_what_no_deal_pays_with_every_status_quo():
    from game.ui.text_views import deal_lines, deal_worth, money
    state = engine.new_game(format2_scenario(), 1)
    state, _ = engine.step(state, Propose(state.turn, (("dialogue", "meeting"),)))
    obs = observe(state, "cn")
    now = deal_worth(obs)
    assert now == pytest.approx(0.0 + 0.5)  # no deal 0, cyber's status quo 0.5 for China
    assert f"(now {money(now)}, no deal)" in " ".join(deal_lines(obs, obs.offer))
