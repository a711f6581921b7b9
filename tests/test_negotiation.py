"""The negotiating core alone: domains, strategies, red lines, versus tests, reproducibility."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.ai.negotiation import STRATEGIES, Negotiator, bargain
from game.ai.opponent import FrequencyModel
from game.ai.packages import Domain, PackageSpace

ISSUES = (("price", ("low", "mid", "high")), ("speed", ("slow", "fast")))
SELLER = Domain(
    ISSUES,
    {"price": {"low": 0, "mid": 5, "high": 10}, "speed": {"slow": 4, "fast": 0}},
    {"price": 1.0, "speed": 1.0},
    no_deal=2.0,
)
BUYER = Domain(
    ISSUES,
    {"price": {"low": 10, "mid": 5, "high": 0}, "speed": {"slow": 0, "fast": 4}},
    {"price": 0.5, "speed": 2.0},
    no_deal=2.0,
)


SPEEDY = Domain(  # the docs' buyer: price matters as much as speed, zone of agreement 4..10
    ISSUES,
    {"price": {"low": 10, "mid": 5, "high": 0}, "speed": {"slow": 0, "fast": 4}},
    {},
    no_deal=2.0,
)


class RedLineHolder(Negotiator):
    """A scripted buyer: asks for low + fast every time, accepts any gain without a high price."""

    name = "red-line-holder"

    def __init__(self) -> None:
        super().__init__(SPEEDY)

    def propose(self, t: float) -> dict[str, str]:
        return {"price": "low", "speed": "fast"}

    def respond(self, offer, t):
        if offer.get("price") != "high" and SPEEDY.utility(offer) > SPEEDY.no_deal:
            return "accept"
        return "reject" if t >= 1.0 else self.propose(t)


class Scripted(Negotiator):
    """A scripted opponent: offers the same package every time and accepts nothing."""

    name = "scripted"

    def __init__(self, offer: dict[str, str]) -> None:
        super().__init__(BUYER)
        self.offer = offer

    def propose(self, t: float) -> dict[str, str]:
        return dict(self.offer)

    def respond(self, offer, t):
        return "reject" if t >= 1.0 else dict(self.offer)


# -- the domain ---------------------------------------------------------------------------------
def test_a_packages_utility_adds_weighted_values_and_open_issues_add_nothing():
    assert SELLER.utility({"price": "high", "speed": "slow"}) == 14.0
    assert SELLER.utility({"price": "mid"}) == 5.0
    assert BUYER.utility({"price": "low", "speed": "fast"}) == 13.0


def test_a_red_line_option_is_not_allowed_in_any_package():
    domain = Domain(ISSUES, SELLER.values, {}, 0.0, frozenset({("price", "low")}))
    assert not domain.allows({"price": "low"})
    assert domain.allows({"price": "mid", "speed": "fast"})
    assert not domain.allows({"colour": "red"})


def test_the_package_space_enumerates_every_nonempty_package_of_a_small_domain():
    space = PackageSpace(SELLER)
    assert space.exact and len(space.grid) == 4 * 3 - 1
    assert space.max_utility == 14.0


def test_a_large_domain_is_searched_without_enumeration_and_finds_the_best_package():
    issues = tuple((f"i{k}", tuple(f"o{j}" for j in range(5))) for k in range(10))
    values = {i: {o: float(j) for j, o in enumerate(opts)} for i, opts in issues}
    domain = Domain(issues, values)
    space = PackageSpace(domain)
    assert not space.exact
    row = space.choose(space.max_utility, [v * 0 for v in space.own], prefer_low_own=False)
    assert domain.utility(space.package(row)) == space.max_utility == 40.0


# -- versus tests: exact moves against scripted opponents ---------------------------------------
def test_boulware_holds_its_best_package_until_late():
    out = bargain(STRATEGIES["boulware"](SELLER), Scripted({"price": "low"}), exchanges=5)
    seller_offers = [m for who, m in out.moves if who == "first"]
    assert seller_offers == [
        {"price": "high", "speed": "slow"},
        {"price": "high", "speed": "slow"},
        {"price": "high", "speed": "slow"},
    ]
    assert out.agreement is None


def test_linear_concedes_towards_the_last_offer_step_by_step():
    out = bargain(STRATEGIES["linear"](SELLER), Scripted({"price": "low", "speed": "fast"}), 5)
    seller_offers = [m for who, m in out.moves if who == "first"]
    # t = 0: its best (14); t = 0.4: target 9.2, and of the packages above it high+fast (10)
    # is nearest the buyer's low+fast; t = 0.8: target 4.4, mid+fast (5) is as near and cheaper.
    assert seller_offers == [
        {"price": "high", "speed": "slow"},
        {"price": "high", "speed": "fast"},
        {"price": "mid", "speed": "fast"},
    ]
    assert out.moves[-1] == ("second", "reject")


def test_conceder_accepts_an_offer_above_its_falling_target():
    seller = STRATEGIES["conceder"](SELLER)
    assert seller.respond({"price": "mid"}, 0.9) == "accept"  # 5 >= 14 - 12 * 0.9^(1/3)
    assert seller.respond({"price": "low"}, 0.9) != "accept"  # 0 is below no deal


def test_hardliner_never_offers_or_accepts_below_its_high_target():
    seller = STRATEGIES["hardliner"](SELLER)
    target = 2 + 12 * 0.85
    for t in (0.0, 0.5, 1.0):
        assert SELLER.utility(seller.propose(t)) >= target
    assert seller.respond({"price": "high"}, 1.0) == "reject"  # 10 < 12.2, last word
    assert seller.respond({"price": "high", "speed": "slow"}, 1.0) == "accept"


def test_tit_for_tat_opens_with_a_step_then_concedes_exactly_what_the_opponent_conceded():
    seller = STRATEGIES["tit-for-tat"](SELLER)
    seller.respond({"price": "low", "speed": "fast"}, 0.1)  # worth 0 to the seller
    assert seller.target(0.2) == pytest.approx(13.4)  # a nice first step: 5 % of 14 - 2
    seller.respond({"price": "mid", "speed": "fast"}, 0.3)  # the buyer gave 5
    assert seller.target(0.4) == pytest.approx(8.4)
    seller.respond({"price": "low", "speed": "fast"}, 0.5)  # and took it back
    assert seller.target(0.6) == pytest.approx(13.4)


def test_generous_tit_for_tat_ignores_a_retraction():
    seller = STRATEGIES["generous-tit-for-tat"](SELLER, forgiveness=0.0)
    seller.respond({"price": "mid", "speed": "fast"}, 0.1)
    seller.respond({"price": "high", "speed": "fast"}, 0.3)  # buyer gave 5
    seller.respond({"price": "mid", "speed": "fast"}, 0.5)  # buyer took 5 back: forgiven
    assert seller.target(0.6) == pytest.approx(8.4)  # 14, less the opening step, less 5


def test_the_expert_learns_that_an_issue_the_opponent_never_moves_on_matters_to_it():
    space = PackageSpace(SELLER)
    model = FrequencyModel(space)
    model.update({"price": "high", "speed": "fast"}, 0.0)
    model.update({"price": "mid", "speed": "fast"}, 0.3)
    model.update({"price": "low", "speed": "fast"}, 0.6)
    speed, price = model.weights[1], model.weights[0]
    assert speed > price
    tables = model.tables()
    assert tables[1][2] > tables[1][1]  # "fast" (offered from the start) beats "slow"


def test_leaving_out_an_issue_that_was_not_yet_on_the_table_teaches_the_model_nothing():
    space = PackageSpace(SELLER)
    closed, never = FrequencyModel(space), FrequencyModel(space)
    closed.update({"price": "high"}, 0.0, closed=("speed",))  # speed: nothing on the table yet
    never.update({"price": "high"}, 0.0)
    # offered while speed was open, leaving it out reads as liking it left out (1.0 at t=0);
    # while it was closed, the issue keeps its prior: every option unseen
    assert never.tables()[1][0] > never.tables()[1][2]
    assert closed.tables()[1][0] < closed.tables()[1][2]
    assert closed.tables()[0][2] == never.tables()[0][2]  # the price is learnt alike


def test_the_expert_trades_across_issues_giving_what_the_opponent_values_most():
    seller = STRATEGIES["expert"](SELLER)
    for k, t in enumerate((0.0, 0.2, 0.4)):
        seller.recall({"price": ("high", "mid", "low")[k], "speed": "fast"}, t)
    offer = seller.propose(1.0)  # its target is down to the best offer received (10)
    # the buyer never moved on speed: the expert concedes speed and keeps the price high
    assert offer == {"price": "high", "speed": "fast"}

def test_two_experts_agree_on_the_package_that_trades_price_for_speed():
    out = bargain(STRATEGIES["expert"](SELLER), STRATEGIES["expert"](BUYER), exchanges=10)
    assert out.agreement is not None
    assert SELLER.utility(out.agreement) >= SELLER.no_deal
    assert BUYER.utility(out.agreement) >= BUYER.no_deal


def _offers(out, who="first"):
    return [m for w, m in out.moves if w == who]


def test_the_expert_holds_out_like_boulware_and_aims_no_lower_than_the_best_offer_received():
    seller = STRATEGIES["expert"](SELLER)
    assert seller.target(0.5) == pytest.approx(14 - 12 * 0.5**5)  # e = 0.2, down to no deal
    seller.recall({"price": "mid", "speed": "slow"}, 0.1)  # worth 9 to the seller
    assert seller.goal() == 9.0 and seller.target(1.0) == pytest.approx(9.0)
    assert seller.respond({"price": "mid"}, 0.99, last=True) == "accept"  # 5 > no deal (2)

def test_a_time_dependent_negotiator_offers_a_fresh_package_once_its_target_allows():
    seller = STRATEGIES["linear"](SELLER)
    offers = []
    for k in range(5):
        offers.append(seller.propose(k / 5))
        seller.refuse(offers[-1])
    assert offers == [
        {"price": "high", "speed": "slow"},
        {"price": "high", "speed": "slow"},  # target 11.6: nothing else reaches it yet
        {"price": "high", "speed": "fast"},
        {"price": "mid", "speed": "slow"},
        {"price": "mid"},  # slow was turned down three times, fast twice: leave speed out
    ]


def test_the_expert_meets_a_side_that_never_concedes_with_its_last_offers():
    out = bargain(STRATEGIES["expert"](SELLER), RedLineHolder(), exchanges=40)
    assert out.moves[-2:] == [("first", {"price": "mid", "speed": "slow"}), ("second", "accept")]

def test_the_expert_learns_that_an_option_always_turned_down_is_worth_little_to_the_opponent():
    model = FrequencyModel(PackageSpace(SELLER))
    model.update({"price": "low", "speed": "fast"}, 0.0)
    before = model.tables()[0].copy()
    model.refused({"price": "high", "speed": "fast"})  # fast: offered by them, no strike
    model.refused({"price": "high", "speed": "slow"})
    price, speed = model.tables()
    assert price[3] == pytest.approx(before[3] / 4)  # high: two strikes
    assert price[3] < price[0]  # now worth less to them than leaving the price out
    assert speed[2] > speed[1]


def test_the_expert_accepts_any_gain_over_no_deal_at_the_last_word():
    buyer = STRATEGIES["expert"](SPEEDY)
    buyer.recall({"price": "high", "speed": "slow"}, 0.0)
    assert buyer.respond({"price": "low", "speed": "slow"}, 1.0) == "accept"  # 10 > 2
    assert STRATEGIES["expert"](SPEEDY).respond({"speed": "fast"}, 1.0) == "accept"  # 4 > 2
    assert STRATEGIES["expert"](SPEEDY).respond({"price": "high"}, 1.0) == "reject"  # 0 < 2


def test_the_expert_holds_out_against_a_conceder_and_takes_its_better_late_offer():
    out = bargain(STRATEGIES["expert"](SPEEDY), STRATEGIES["conceder"](SELLER), exchanges=10)
    assert out.moves == [
        ("first", {"price": "low", "speed": "fast"}),
        ("second", {"price": "high", "speed": "fast"}),
        ("first", {"price": "low", "speed": "fast"}),
        ("second", {"price": "mid", "speed": "slow"}),
        ("first", {"price": "low", "speed": "fast"}),
        ("second", {"price": "mid", "speed": "fast"}),
        ("first", {"price": "low", "speed": "fast"}),
        ("second", {"price": "low", "speed": "slow"}),
        ("first", "accept"),
    ]
    # 10 for the expert against 9 at the Nash point (mid + fast): the conceder paid for haste
    assert (SPEEDY.utility(out.agreement), SELLER.utility(out.agreement)) == (10.0, 4.0)

def test_two_experts_hold_out_and_settle_on_the_estimated_nash_package_at_the_last_offer():
    out = bargain(STRATEGIES["expert"](SELLER), STRATEGIES["expert"](SPEEDY), exchanges=10)
    assert _offers(out, "second") == [{"price": "low", "speed": "fast"}] * 3 + [
        {"price": "low", "speed": "slow"}  # its last offer: the estimate of the Nash package
    ]
    assert out.moves[-1] == ("first", "accept")  # 4 beats no deal (2) at the last word

def test_two_tit_for_tats_reciprocate_step_by_step_into_a_deal():
    out = bargain(STRATEGIES["tit-for-tat"](SELLER), STRATEGIES["tit-for-tat"](SPEEDY), 10)
    assert out.moves == [
        ("first", {"price": "high", "speed": "slow"}),
        ("second", {"price": "low", "speed": "fast"}),
        ("first", {"price": "high", "speed": "fast"}),  # its opening step
        ("second", {"price": "low", "speed": "slow"}),  # mirrored
        ("first", {"price": "mid", "speed": "slow"}),
        ("second", {"price": "mid", "speed": "fast"}),
        ("first", "accept"),
    ]


@pytest.mark.parametrize("name", ["tit-for-tat", "generous-tit-for-tat"])
def test_reciprocators_agree_with_each_other(name):
    for seed in range(5):
        first = STRATEGIES[name](SELLER, seed=seed)
        out = bargain(first, STRATEGIES[name](SPEEDY, seed=seed + 1), 10)
        assert out.agreement is not None


# -- one shared test base for every strategy (à la Axelrod) ------------------------------------
@pytest.mark.parametrize("name", sorted(STRATEGIES))
class TestEveryStrategy:
    def test_it_has_a_name_a_description_and_a_classifier(self, name):
        cls = STRATEGIES[name]
        assert cls.name == name and cls.description
        assert set(cls.classifier()) == {"stochastic", "opponent_model", "forecasts"}

    def test_it_replays_exactly_with_the_same_seed(self, name):
        runs = [
            bargain(STRATEGIES[name](SELLER, seed=3), STRATEGIES[name](BUYER, seed=4), 8).moves
            for _ in range(2)
        ]
        assert runs[0] == runs[1]

    def test_it_never_accepts_less_than_no_deal(self, name):
        seller = STRATEGIES[name](SELLER)
        for t in (0.0, 0.5, 1.0):
            assert seller.respond({"price": "low", "speed": "fast"}, t) != "accept"

    def test_it_opens_with_its_best_package(self, name):
        assert SELLER.utility(STRATEGIES[name](SELLER).propose(0.0)) == 14.0


OPTION_VALUES = st.floats(-5, 10, allow_nan=False).map(lambda x: round(x, 2))


@st.composite
def domains(draw):
    n = draw(st.integers(1, 4))
    issues = tuple(
        (f"i{k}", tuple(f"o{j}" for j in range(draw(st.integers(1, 4))))) for k in range(n)
    )
    values = {i: {o: draw(OPTION_VALUES) for o in opts} for i, opts in issues}
    forbidden = frozenset(
        (i, o) for i, opts in issues for o in opts if draw(st.integers(0, 4)) == 0
    )
    return Domain(issues, values, {}, draw(st.floats(-2, 5).map(lambda x: round(x, 2))), forbidden)


@settings(max_examples=60, deadline=None)
@given(domain=domains(), name=st.sampled_from(sorted(STRATEGIES)), data=st.data())
def test_no_strategy_ever_proposes_or_accepts_a_red_line(domain, name, data):
    neg = STRATEGIES[name](domain, seed=1)
    options = [(i, o) for i, opts in domain.issues for o in opts]
    for step in range(4):
        t = step / 3
        offer = dict(data.draw(st.lists(st.sampled_from(options), min_size=1, max_size=4)))
        reply = neg.respond(offer, t)
        if reply == "accept":
            assert domain.allows(offer) and domain.utility(offer) >= domain.no_deal
        elif isinstance(reply, dict):
            assert reply and domain.allows(reply)
        proposal = neg.propose(t)
        assert proposal is None or (proposal and domain.allows(proposal))


# -- the standalone interface ------------------------------------------------------------------
LOSING = Domain((("price", ("low", "high")),), {"price": {"low": -1.0, "high": 1.0}}, {}, 5.0)


@pytest.mark.parametrize("name", sorted(STRATEGIES))
def test_a_negotiator_with_nothing_worth_offering_walks_away_rather_than_offer_nothing(name):
    neg = STRATEGIES[name](LOSING)
    assert neg.propose(0.0) is None and neg.pending is None
    assert neg.respond({"price": "high"}, 0.5) == "end"  # no package beats no deal (5)
    assert bargain(STRATEGIES[name](LOSING), STRATEGIES[name](SELLER)).moves == [("first", "end")]


@pytest.mark.parametrize("name", sorted(STRATEGIES))
def test_the_last_word_is_said_explicitly_and_is_accept_or_reject(name):
    seller = STRATEGIES[name](SELLER)
    seller.propose(0.0)
    assert seller.respond({"price": "low", "speed": "fast"}, 0.3, last=True) == "reject"
    assert seller.pending is None
    assert STRATEGIES[name](SELLER).respond({"price": "high", "speed": "slow"}, 0.3,
                                             last=True) == "accept"


def test_the_offer_awaiting_an_answer_is_public_and_cleared_by_the_answer():
    seller = STRATEGIES["linear"](SELLER)
    offer = seller.propose(0.0)
    assert seller.pending == offer == {"price": "high", "speed": "slow"}
    seller.pending["price"] = "low"  # a copy: the negotiator's own record is untouched
    assert seller.pending == offer
    counter = seller.respond({"price": "low"}, 0.2)
    assert seller.pending == counter and seller.refused == [offer]
    seller.walk_away()
    assert seller.pending is None


@pytest.mark.parametrize("name", sorted(STRATEGIES))
def test_a_negotiator_told_to_settle_every_issue_offers_and_accepts_only_complete_packages(name):
    seller = STRATEGIES[name](SELLER, complete=True)
    for k in range(4):
        assert set(seller.propose(k / 4)) == {"price", "speed"}
    assert seller.respond({"price": "high"}, 1.0) == "reject"  # speed left open: not a deal
    reply = STRATEGIES[name](SELLER, complete=True).respond({"price": "low"}, 0.5)
    assert isinstance(reply, dict) and set(reply) == {"price", "speed"}


def test_domains_are_values_that_hash_alike_when_equal():
    twin = Domain(ISSUES, {"price": {"low": 0, "mid": 5, "high": 10},
                           "speed": {"slow": 4, "fast": 0}}, {"price": 1.0, "speed": 1.0}, 2.0)
    assert twin == SELLER and hash(twin) == hash(SELLER)
    assert len({SELLER, twin, BUYER}) == 2


@pytest.mark.parametrize("name, params, message", [
    ("linear", {"exponent": 0}, "exponent must be in \\(0, "),
    ("boulware", {"exponent": -1}, "exponent must be in"),
    ("hardliner", {"level": 1.5}, "level must be in \\[0, 1\\], got 1.5"),
    ("tit-for-tat", {"step": 0}, "step must be in \\(0, 1\\]"),
    ("generous-tit-for-tat", {"forgiveness": "often"}, "forgiveness must be a number"),
    ("expert", {"slack": 2}, "slack must be in \\[0, 1\\]"),
    ("expert", {"reach": 0}, "reach must be in \\(0, 1\\]"),
])
def test_a_bad_parameter_is_refused_with_a_clear_error(name, params, message):
    with pytest.raises(ValueError, match=message):
        STRATEGIES[name](SELLER, **params)


def test_a_domain_missing_a_value_is_refused_with_a_clear_error():
    with pytest.raises(ValueError, match="no value for option 'fast' of issue 'speed'"):
        Domain(ISSUES, {"price": {"low": 0, "mid": 5, "high": 10}, "speed": {"slow": 4}})


# -- what the expert learns -------------------------------------------------------------------
def test_an_option_across_our_red_line_is_not_learnt_as_an_issue_left_out():
    seller = Domain(ISSUES, SELLER.values, {}, 2.0, frozenset({("speed", "fast")}))
    expert = STRATEGIES["expert"](seller)
    expert.recall({"price": "low", "speed": "fast"}, 0.0)  # "fast" crosses our red line
    model = expert.model
    assert model.first_seen[1][0] != model.first_seen[1][0]  # NaN: "left out" never offered
    assert model.first_seen[0][1] == 0.0  # "low" was offered at t = 0
    assert expert.received == [{"price": "low"}]  # what we could take of it


def test_the_expert_never_offers_again_an_option_refused_twice_that_the_other_side_never_offers():
    seller = STRATEGIES["expert"](SELLER)
    seller.recall({"price": "mid", "speed": "fast"}, 0.0)
    offers = []
    for k in range(6):  # every package with a high price gets a plain no
        offers.append(seller.propose(k / 6))
        if offers[-1].get("price") == "high":
            seller.refuse(offers[-1])
    high = [k for k, o in enumerate(offers) if o.get("price") == "high"]
    assert high == [0, 1] and ("price", "high") in seller.their_red_lines()
    assert offers[2:] == [{"price": "mid"}] * 3 + [{"price": "mid", "speed": "fast"}]


def test_an_option_the_other_side_offers_is_never_read_as_its_red_line():
    seller = STRATEGIES["expert"](SELLER)
    for _ in range(3):
        seller.refuse({"price": "high", "speed": "slow"})
    assert seller.their_red_lines() == {("price", "high"), ("speed", "slow")}
    seller.recall({"price": "high", "speed": "fast"}, 0.5)
    assert seller.their_red_lines() == {("speed", "slow")}


def test_a_counter_offer_is_a_price_talking_and_marks_no_red_line():
    seller = STRATEGIES["expert"](SELLER)
    for _ in range(3):
        seller.refuse({"price": "high", "speed": "slow"}, {"price": "mid", "speed": "slow"})
    assert seller.their_red_lines() == set()


def test_after_a_deal_the_expert_offers_only_trades_the_other_side_gains_from_too():
    # values as changes from what stands (mid price, fast delivery), as the game builds them
    change = Domain(ISSUES, {"price": {"low": -5, "mid": 0, "high": 5},
                             "speed": {"slow": 4, "fast": 0}}, {}, 0.0)
    expert = STRATEGIES["expert"](change, standing={"price": "mid", "speed": "fast"})
    expert.recall({"price": "low", "speed": "slow"}, 0.0)  # they like slow and a low price
    expert.recall({"price": "low", "speed": "fast"}, 0.2)
    offer = expert.propose(0.5)
    tables = expert.opponent_tables()
    row = expert.space.row(offer)
    assert expert.utility(offer) > 0
    assert expert.space.utilities(tables, row[None, :])[0] > 0  # a gain for them too


# -- speed: integer keys ------------------------------------------------------------------------
@settings(max_examples=40, deadline=None)
@given(domain=domains(), data=st.data())
def test_choosing_with_integer_keys_skips_exactly_the_turned_down_packages(domain, data):
    space = PackageSpace(domain)
    if not space.exact or not len(space.grid):
        return
    avoid = data.draw(st.lists(st.sampled_from(list(range(len(space.grid)))), max_size=5))
    rows = [space.grid[k] for k in avoid]
    opp = [np.zeros(len(ch)) for ch in space.choices]
    chosen = space.choose(-1e9, opp, prefer_low_own=False, avoid=rows)
    turned_down = {tuple(r) for r in rows}
    fresh = [tuple(r) for r in space.grid if tuple(r) not in turned_down]
    assert (tuple(chosen) in fresh) == bool(fresh)
