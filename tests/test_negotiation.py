"""The negotiating core alone: domains, strategies, red lines, versus tests, reproducibility."""

from __future__ import annotations

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


def test_the_expert_trades_across_issues_giving_what_the_opponent_values_most():
    seller = STRATEGIES["expert"](SELLER)
    for k, t in enumerate((0.0, 0.2, 0.4)):
        seller.recall({"price": ("high", "mid", "low")[k], "speed": "fast"}, t)
    offer = seller.propose(0.9)
    # the buyer never moved on speed: the expert concedes speed and keeps the price high
    assert offer == {"price": "high", "speed": "fast"}


def test_two_experts_agree_on_the_package_that_trades_price_for_speed():
    out = bargain(STRATEGIES["expert"](SELLER), STRATEGIES["expert"](BUYER), exchanges=10)
    assert out.agreement is not None
    assert SELLER.utility(out.agreement) >= SELLER.no_deal
    assert BUYER.utility(out.agreement) >= BUYER.no_deal


def _offers(out, who="first"):
    return [m for w, m in out.moves if w == who]


def test_the_expert_never_repeats_a_turned_down_package_and_concedes_a_step_each_time():
    seller = STRATEGIES["expert"](SELLER)
    offers = []
    for k in range(5):  # an always-rejecter: every package is turned down
        offers.append(seller.propose(k / 5))
        seller.refuse(offers[-1])
    assert offers == [
        {"price": "high", "speed": "slow"},  # 14
        {"price": "high", "speed": "fast"},  # 10
        {"price": "high"},  # 10, the other side may not care for speed either way
        {"price": "mid", "speed": "slow"},  # 9
        {"price": "low", "speed": "slow"},  # 4: still above no deal (2)
    ]


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


def test_the_expert_drops_the_option_a_red_line_holder_always_turns_down():
    out = bargain(STRATEGIES["expert"](SELLER), RedLineHolder(), exchanges=10)
    assert _offers(out) == [
        {"price": "high", "speed": "slow"},
        {"price": "high", "speed": "fast"},
        {"price": "high"},
        {"price": "mid", "speed": "slow"},  # the high price never got through: mid it is
    ]
    assert out.agreement == {"price": "mid", "speed": "slow"}


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


def test_the_expert_and_a_conceder_meet_at_the_nash_point_of_the_docs_domain():
    out = bargain(STRATEGIES["expert"](SPEEDY), STRATEGIES["conceder"](SELLER), exchanges=10)
    assert out.moves == [
        ("first", {"price": "low", "speed": "fast"}),
        ("second", {"price": "high", "speed": "fast"}),
        ("first", {"price": "low", "speed": "slow"}),
        ("second", {"price": "mid", "speed": "slow"}),
        ("first", {"price": "low"}),
        ("second", {"price": "mid"}),
        ("first", {"price": "mid", "speed": "fast"}),
        ("second", "accept"),
    ]
    # (9 - 2) x (5 - 2) = 21: no package has a larger product of gains
    assert (SPEEDY.utility(out.agreement), SELLER.utility(out.agreement)) == (9.0, 5.0)


def test_two_experts_reach_a_nash_deal_in_the_docs_domain():
    out = bargain(STRATEGIES["expert"](SELLER), STRATEGIES["expert"](SPEEDY), exchanges=10)
    assert _offers(out, "second") == [
        {"price": "low", "speed": "fast"},
        {"price": "low", "speed": "slow"},
        {"price": "low"},
        {"price": "mid", "speed": "fast"},
    ]
    assert out.moves[-1] == ("first", "accept")
    assert out.agreement == {"price": "mid", "speed": "fast"}


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
            assert domain.allows(reply)
        assert domain.allows(neg.propose(t))
