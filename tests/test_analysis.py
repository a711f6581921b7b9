"""The deal analysis agrees with brute force over every package of small scenarios."""

import itertools
import pathlib
from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from game.core import analysis, engine
from game.core.actions import Propose
from game.core.scenario import (
    Issue,
    Option,
    Party,
    RedLine,
    SanctionLevel,
    Sanctions,
    Scenario,
    Trust,
    Verification,
)
from game.scenario.loader import load_scenario

FLAGSHIP = pathlib.Path(__file__).resolve().parents[1] / "scenarios" / "state-visit-2015.yaml"


def make_scenario(values, weights=None, no_deal=(0.0, 0.0), red_lines=((), ())) -> Scenario:
    """A scenario from values[issue][option] = (us, cn); integers keep sums exact."""
    issues = tuple(
        Issue(f"i{k}", f"Issue {k}", tuple(
            Option(f"o{j}", f"Option {j}", ("us", "cn"), {"us": u, "cn": c}, {"us": 1, "cn": 1},
                   Verification(0.5, 0.1))
            for j, (u, c) in enumerate(opts)))
        for k, opts in enumerate(values)
    )
    weights = weights or [[1.0] * len(values)] * 2
    parties = {
        p: Party(p, p.upper(), "", (), {f"i{k}": weights[n][k] for k in range(len(values))},
                 no_deal[n], tuple(RedLine(i, (o,)) for i, o in red_lines[n]))
        for n, p in enumerate(("us", "cn"))
    }
    return Scenario(1, "t", "Test", "", "2015", (), parties, issues, Trust({"us": .5, "cn": .5}),
                    Sanctions((SanctionLevel("targeted", "Targeted", 2, 1),)))


def brute_force(scenario: Scenario):
    """Every allowed package with its utilities, straight from the scenario."""
    forbidden = {(line.issue, o) for p in scenario.parties.values()
                 for line in p.red_lines for o in line.forbid}
    per_issue = [[None, *[o for o in i.options if (i.id, o.id) not in forbidden]]
                 for i in scenario.issues]
    rows = []
    for combo in itertools.product(*per_issue):
        if all(o is None for o in combo):
            rows.append(((), [scenario.parties[p].no_deal for p in ("us", "cn")]))
            continue
        u = [sum(scenario.parties[p].weights[i.id] * o.value[p]
                 for i, o in zip(scenario.issues, combo, strict=True) if o is not None)
             for p in ("us", "cn")]
        pkg = tuple(sorted((i.id, o.id) for i, o in zip(scenario.issues, combo, strict=True) if o))
        rows.append((pkg, u))
    return rows


def pareto_points(points):
    """The undominated utility points, by pairwise comparison."""
    pts = {tuple(p) for p in points}
    return {p for p in pts
            if not any(q[0] >= p[0] and q[1] >= p[1] and q != p for q in pts)}


values = st.lists(
    st.lists(st.tuples(st.integers(-5, 9), st.integers(-5, 9)), min_size=1, max_size=4),
    min_size=1, max_size=4,
)


@st.composite
def scenarios(draw):
    vals = draw(values)
    no_deal = draw(st.tuples(st.integers(-3, 8), st.integers(-3, 8)))
    lines = draw(st.tuples(*[st.lists(st.sampled_from(
        [(f"i{k}", f"o{j}") for k, opts in enumerate(vals) for j in range(len(opts))]),
        max_size=2)] * 2))
    weights = draw(st.lists(st.lists(st.sampled_from([0.5, 1.0, 2.0]), min_size=len(vals),
                                     max_size=len(vals)), min_size=2, max_size=2))
    return make_scenario(vals, weights, tuple(map(float, no_deal)), lines)


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_frontier_is_exactly_the_undominated_packages(scenario):
    rows = brute_force(scenario)
    result = analysis.analyse_scenario(scenario)
    got = {tuple(p) for p in result.frontier.points}
    assert got == pareto_points([u for _, u in rows])


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_every_frontier_point_is_a_real_package_worth_what_it_claims(scenario):
    worth = {pkg: tuple(u) for pkg, u in brute_force(scenario)}
    result = analysis.analyse_scenario(scenario)
    for n, point in enumerate(result.frontier.points):
        pkg = analysis.package_of(result.space, result.frontier.choices[n])
        assert worth[pkg] == tuple(point)


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_bargaining_solutions_are_the_best_acceptable_packages(scenario):
    rows = brute_force(scenario)
    d = np.array([scenario.parties[p].no_deal for p in ("us", "cn")])
    gains = np.array([u for _, u in rows], dtype=float) - d
    ok = (gains >= 0).all(axis=1)
    g = gains[ok]
    result = analysis.analyse_scenario(scenario)
    nash = np.array(result.nash.utility) - d
    assert nash[0] * nash[1] == max((g[:, 0] * g[:, 1]).max(), 0.0)
    joint = np.array(result.max_joint.utility) - d
    assert joint.sum() == g.sum(axis=1).max()
    ideal = g.max(axis=0)
    assert tuple(ideal + d) == result.ks_ideal
    span = np.where(ideal > 0, ideal, 1.0)
    norm = np.where(ideal > 0, g / span, 1.0)
    ks = (np.array(result.kalai_smorodinsky.utility) - d)
    ks_norm = np.where(ideal > 0, ks / span, 1.0)
    assert np.isclose(ks_norm.min(), norm.min(axis=1).max())
    assert result.zopa == bool((g > 0).any())


@settings(max_examples=100, deadline=None)
@given(scenarios())
def test_ks_point_lies_on_the_line_from_no_deal_to_the_ideal_and_not_beyond_the_frontier(scenario):
    result = analysis.analyse_scenario(scenario)
    d = result.space.no_deal
    ideal = np.array(result.ks_ideal)
    point = np.array(result.ks_point)
    span = ideal - d
    t = (point - d) / np.where(span > 0, span, 1.0)
    live = span > 0
    if live.all():
        assert np.isclose(t[0], t[1])
    assert ((t >= -1e-9) & (t <= 1 + 1e-9))[live].all()
    ks = (np.array(result.kalai_smorodinsky.utility) - d) / np.where(span > 0, span, 1.0)
    if live.any():  # the interpolated point is at least as fair as the best real package
        assert t[live].min() >= ks[live].min() - 1e-9


@settings(max_examples=100, deadline=None)
@given(scenarios())
def test_issue_zone_lists_the_options_found_in_some_acceptable_package(scenario):
    rows = brute_force(scenario)
    d = [scenario.parties[p].no_deal for p in ("us", "cn")]
    seen = {(i, o) for pkg, u in rows if pkg and u[0] >= d[0] and u[1] >= d[1] for i, o in pkg}
    result = analysis.analyse_scenario(scenario)
    for zone in result.issue_zones:
        assert set(zone.feasible) == {o for i, o in seen if i == zone.issue}


def test_a_red_lined_option_never_appears_in_the_agreement_space():
    scenario = make_scenario([[(9, 9), (1, 1)]], red_lines=((("i0", "o0"),), ()))
    result = analysis.analyse_scenario(scenario)
    assert result.space.options == (("o1",),)
    assert result.nash.package == (("i0", "o1"),)


def test_a_package_off_the_frontier_is_measured_to_the_nearest_improvement():
    scenario = make_scenario([[(2, 2), (4, 4)]])
    result = analysis.analyse_scenario(scenario)
    weak = analysis.assess(result, {"i0": "o0"})
    strong = analysis.assess(result, {"i0": "o1"})
    assert not weak.on_frontier and weak.distance_to_frontier > 0
    assert strong.on_frontier and strong.distance_to_frontier == 0
    assert strong.distance_to_nash == 0 and strong.normalised == (100.0, 100.0)


def test_normalised_utility_runs_from_no_deal_to_the_ideal_package():
    scenario = make_scenario([[(2, 6), (6, 2)], [(3, 0)]], no_deal=(1.0, 1.0))
    result = analysis.analyse_scenario(scenario)
    assert tuple(result.space.best) == (9.0, 6.0)
    assert tuple(result.normalise(np.array([1.0, 1.0]))) == (0.0, 0.0)
    assert tuple(result.normalise(np.array([9.0, 6.0]))) == (100.0, 100.0)


def test_one_option_issues_and_a_worthless_deal_give_no_nan():
    scenario = make_scenario([[(0, 0)], [(0, 0)]])
    result = analysis.analyse_scenario(scenario)
    assert not result.zopa
    assert np.isfinite(result.ks_point).all()
    assert np.isfinite(result.frontier.points).all()
    assert result.nash.normalised == (0.0, 0.0)


def test_a_ten_issue_space_is_analysed_without_enumerating_it():
    rng = np.random.default_rng(3)
    pts = tuple(rng.integers(-3, 10, (5, 2)).astype(float) for _ in range(10))
    space = analysis.PackageSpace(
        tuple(f"i{k}" for k in range(10)),
        tuple(tuple(f"o{j}" for j in range(5)) for _ in range(10)),
        pts, np.zeros(2), np.full(2, 90.0))
    assert space.size == 6**10
    result = analysis.analyse(space)
    assert not result.frontier.approximate
    best_joint = sum(max(p.sum(axis=1).max(), 0) for p in pts)
    assert sum(result.max_joint.utility) == best_joint


def test_the_space_of_a_fresh_game_without_news_is_the_scenarios_space():
    scenario = replace(load_scenario(FLAGSHIP), events=())
    state = engine.new_game(scenario, 0)
    assert analysis.analyse(analysis.space_from_state(state)).nash == \
        analysis.analyse_scenario(scenario).nash


def test_the_nash_package_is_one_the_engine_accepts_as_an_offer():
    scenario = load_scenario(FLAGSHIP)
    state = engine.new_game(scenario, 0)
    nash = analysis.analyse(analysis.space_from_state(state)).nash.package
    state, _ = engine.step(state, Propose(state.turn, nash))
    assert state.offer == nash


def test_a_thinned_frontier_says_so_and_keeps_only_undominated_packages():
    line = tuple(np.array([[float(j * 3**k), -float(j * 3**k)] for j in range(3)])
                 for k in range(6))  # every sum lies on one line: all undominated
    space = analysis.PackageSpace(tuple(f"i{k}" for k in range(6)),
                                  tuple(("a", "b", "c") for _ in range(6)), line,
                                  np.array([-1000.0, -1000.0]), np.full(2, 1000.0))
    result = analysis.analyse(space, max_points=50)
    assert result.frontier.approximate
    assert pareto_points([tuple(p) for p in result.frontier.points]) == \
        {tuple(p) for p in result.frontier.points}


@settings(max_examples=100, deadline=None)
@given(scenarios())
def test_ks_point_is_where_the_line_to_the_ideal_meets_the_brute_force_frontier(scenario):
    d = np.array([scenario.parties[p].no_deal for p in ("us", "cn")])
    front = sorted(p for p in pareto_points([u for _, u in brute_force(scenario)])
                   if p[0] >= d[0] and p[1] >= d[1])
    gains = np.array(front, dtype=float) - d
    ideal = gains.max(axis=0)
    if (ideal <= 0).any():
        return  # a side that cannot gain: the line degenerates (covered elsewhere)
    x, y = (gains / ideal).T
    t = None
    for j in range(len(x)):
        if y[j] - x[j] <= 0:
            a, b = y[j - 1] - x[j - 1], y[j] - x[j]
            t = x[j] if j == 0 else x[j - 1] + a / (a - b) * (x[j] - x[j - 1])
            break
    result = analysis.analyse_scenario(scenario)
    np.testing.assert_allclose(result.ks_point, d + t * ideal, atol=1e-9)
