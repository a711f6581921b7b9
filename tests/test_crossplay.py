"""The cross-play's domains, and (with the optional research extra) Truce seated in NegMAS."""

import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "benchmarks"))

from crossplay_domains import OUT, every_talks  # noqa: E402

from game.ai.negotiation import STRATEGIES, bargain  # noqa: E402


def test_every_crossplay_domain_is_two_sided_with_a_zone_of_agreement():
    talks = every_talks(6)
    assert {t.family for t in talks} == {"flagship", "random", "classic"}
    for t in talks:
        assert 0.0 <= t.normalised(0, None) == t.normalised(1, None) == 0.0
        best = {i: max(opts, key=lambda o, i=i: t.sides[0].table[i][o]) for i, opts in t.issues}
        assert t.normalised(0, best) == pytest.approx(1.0) or t.crosses(1, best)
    random = [t for t in talks if t.family == "random"]
    assert all(4 <= len(t.issues) <= 6 for t in random)


def test_the_flagship_talks_leave_an_issue_out_by_an_explicit_option_worth_nothing():
    flagship = every_talks(0)[0]
    for issue, options in flagship.issues:
        assert options[0] == OUT
        assert flagship.sides[0].table[issue][OUT] == flagship.sides[1].table[issue][OUT] == 0.0
    assert ("human-rights", "lawyers-free") in flagship.sides[1].forbidden


def test_two_truce_experts_settle_every_issue_of_a_classic_domain():
    laptop = next(t for t in every_talks(0) if t.name == "laptop")
    out = bargain(STRATEGIES["expert"](laptop.domain(0), complete=True),
                  STRATEGIES["expert"](laptop.domain(1), complete=True), 20)
    assert out.agreement is not None and len(out.agreement) == len(laptop.issues)


def test_a_truce_negotiator_plays_a_negmas_mechanism_to_an_agreement():
    pytest.importorskip("negmas")
    import bench_crossplay

    job = next(t for t in every_talks(0) if t.name == "job")
    name, a, b, score_a, score_b, agreed = bench_crossplay.play(
        (job, "expert", "LinearTBNegotiator", 0, 20))
    assert agreed and score_a > 0 and score_b > 0
