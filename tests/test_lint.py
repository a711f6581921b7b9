"""`truce scenario lint`: every rule fires on a small file made to trip it, at the exact line and
column of what to fix, and nowhere else; the template and the shipped scenarios lint clean."""

from __future__ import annotations

import pathlib

import pytest

from game.scenario.lint import RULES, lint_file, lint_text
from game.scenario.template import TEMPLATE_FILE, template_text
from game.sim.scenarios import shipped_scenarios
from tests.yaml_edits import at, replaced

ROOT = pathlib.Path(__file__).resolve().parents[1]
BASE = (ROOT / "tests" / "data" / "lint-base.yaml").read_text(encoding="utf-8")


def edit(*changes: tuple[str, str], text: str = BASE) -> str:
    """The template with each (old, new) replacement made; old must occur exactly once."""
    return replaced(text, *changes)


def found(text: str) -> list[str]:
    """`LINE:COL severity CODE` of every problem the lint finds in text (which must load)."""
    linted = lint_text(text, "s.yaml")
    assert linted.scenario is not None, [str(p) for p in linted.problems]
    return [f"{p.line}:{p.col} {p.severity} {p.code}" for p in linted.problems]


def messages(text: str) -> list[str]:
    return [p.message for p in lint_text(text, "s.yaml").problems]


COVERED: set[str] = set()  # the rule codes a test below is written for


def covers(code: str):
    """Mark a test as the one (or one of those) for a rule."""
    COVERED.add(code)
    return lambda test: test


def expect(code: str, text: str, *places: str, severity: str = "warning") -> None:
    """The lint finds exactly `code` at each place, and nothing else."""
    assert found(text) == [f"{place} {severity} {code}" for place in places]


def test_the_base_file_lints_clean():
    assert found(BASE) == []


def test_the_template_lints_clean():
    assert found(template_text("new-summit", "new-summit.yaml", None)) == []


@covers("no-value")
def test_an_option_worth_only_the_status_quo_to_a_party_it_binds():
    text = edit(("value: {us: 3, cn: 2}", "value: {us: 3, cn: 0.5}"))
    expect("no-value", text, at(text, "value: {us: 3, cn: 0.5}", "0.5"))
    assert "'pledge' binds China but is worth 0.5 to it (the issue's status quo)" in \
        messages(text)[0]


@covers("no-zopa")
def test_a_scenario_with_no_package_better_than_no_deal_is_an_error():
    text = edit(("value: {us: 3, cn: 2}", "value: {us: 3, cn: -5}"),
                ("value: {us: 5, cn: 2.5}", "value: {us: 5, cn: -5}"),
                ("value: {us: 2, cn: 2}", "value: {us: 2, cn: -5}"),
                ("value: {us: 3, cn: 3}  # from", "value: {us: 3, cn: -5}  # from"))
    expect("no-zopa", text, at(text, "\nissues:", "issues"), severity="error")


@covers("no-zopa")
def test_an_issue_none_of_whose_options_fits_a_deal_both_prefer_is_a_warning():
    text = edit(("value: {us: 2, cn: 2}", "value: {us: 2, cn: -10}"),
                ("value: {us: 3, cn: 3}  # from", "value: {us: 3, cn: -10}  # from"))
    expect("no-zopa", text, at(text, "  - id: climate", "climate"))


@covers("red-line-deadlock")
def test_red_lines_that_leave_nothing_to_sign_are_an_error():
    text = edit(("value: {us: 3, cn: 2}", "value: {us: 3, cn: -1}"),
                ("value: {us: 5, cn: 2.5}", "value: {us: 5, cn: -1}"),
                ("value: {us: 2, cn: 2}", "value: {us: 2, cn: -1}"),
                ("        text: \"We will not leave without a word on cyber.\"\n",
                 "        text: \"We will not leave without a word on cyber.\"\n"
                 "      - {issue: climate, forbid: [fund]}\n"))
    expect("red-line-deadlock", text, at(text, "    red_lines:  # options", "red_lines"),
           severity="error")


@covers("dominated")
def test_an_option_worse_for_both_than_leaving_its_issue_open_is_dominated():
    text = edit(("value: {us: 2, cn: 2}", "value: {us: -1, cn: -1}"))
    expect("dominated", text, at(text, "value: {us: -1, cn: -1}", "{"))


@covers("dominated")
def test_an_option_worth_less_to_both_than_its_twin_is_dominated():
    twin = ("      - id: statement-lite\n        label: \"A shorter statement\"\n"
            "        obliges: [us, cn]\n        value: {us: 1, cn: 2}\n"
            "        temptation: {us: 1, cn: 1}\n"
            "        verification: {detect: 0.3, false_alarm: 0.02}\n")
    text = edit(("      - id: fund\n", twin + "      - id: fund\n"))
    expect("dominated", text, at(text, "value: {us: 1, cn: 2}", "{"))
    assert "dominated for both sides by 'statement'" in messages(text)[0]


@covers("link-impossible")
def test_links_no_package_can_keep_are_an_error():
    text = edit(("        # requires:\n        #   - {issue: climate, option: fund}\n",
                 "        requires:\n          - {issue: climate, option: fund}\n"),
                ("        act: {due: 0}", "        act: {due: 0}\n        requires:\n"
                 "          - {issue: cyber, option: pledge}"))
    expect("link-impossible", text, at(text, "        requires:\n          - {issue: climate",
                                       "requires"), severity="error")


def test_a_link_that_needs_two_options_of_one_issue_says_which_chain_does():
    text = edit(("        # requires:\n        #   - {issue: climate, option: fund}\n",
                 "        requires:\n          - {issue: climate, option: fund}\n"),
                ("        act: {due: 0}", "        act: {due: 0}\n        requires:\n"
                 "          - {issue: cyber, option: pledge}"))
    assert messages(text)[0] == (
        "issues[0].options[2]: 'dialogue' can never be signed: it comes only with "
        "climate=fund, which comes only with cyber=pledge, and a package holds one option of "
        "'cyber', not both dialogue and pledge: drop one of these links")


@covers("unsignable")
def test_an_option_linked_to_one_a_red_line_forbids_can_never_be_signed():
    text = edit(("        # requires:\n        #   - {issue: climate, option: fund}\n",
                 "        requires:\n          - {issue: climate, option: fund}\n"),
                ("    weights: {cyber: 0.8, climate: 1.5}\n",
                 "    weights: {cyber: 0.8, climate: 1.5}\n"
                 "    red_lines:\n      - {issue: climate, forbid: [fund]}\n"))
    expect("unsignable", text, at(text, "        requires:\n          - {issue: climate",
                                  "requires"))


@covers("never-available")
def test_an_option_off_the_table_that_no_news_puts_there():
    text = edit(("      - {kind: add_option, issue: cyber, option: dialogue}\n", ""))
    expect("never-available", text, at(text, "available: false", "false"))


@covers("unvalued-temptation")
def test_a_temptation_on_an_issue_its_party_gives_no_weight():
    text = edit(("weights: {cyber: 2.0, climate: 1.0}", "weights: {cyber: 2.0, climate: 0}"))
    expect("unvalued-temptation", text, at(text, "temptation: {us: 1, cn: 1}", "1,"))


@covers("trust-grid")
def test_initial_trust_the_grid_cannot_hold():
    text = edit(("initial: {us: 0.45, cn: 0.55}", "initial: {us: 0.45, cn: 0.99}"))
    expect("trust-grid", text, at(text, "cn: 0.99}", "0.99"))
    assert "China's initial trust 0.99 starts at 0.943 on a 101-point grid" in messages(text)[0]


@covers("toothless-sanction")
def test_a_sanction_that_costs_its_target_nothing():
    text = edit(("cost_target: 10", "cost_target: 0"))
    expect("toothless-sanction", text, at(text, "cost_target: 0", "0"))


@covers("costly-sanction")
def test_a_sanction_that_costs_its_sender_more_than_its_target():
    text = edit(("cost_sender: 3", "cost_sender: 30"))
    expect("costly-sanction", text, at(text, "cost_sender: 30", "30"))


@covers("never-fires")
def test_news_that_can_never_fire_and_news_waiting_on_its_flag():
    text = edit(("      probability: 0.4\n", "      probability: 0\n"))
    expect("never-fires", text, at(text, "probability: 0\n", "0"),
           at(text, "{kind: flag, flag: intrusion-traced}\n    effects:", "{"))
    assert messages(text) == [
        "events[1].trigger.probability: event 'intrusion-traced' can never fire: its "
        "probability is 0",
        "events[2].trigger.conditions[0]: event 'congress-presses' can never fire: no event "
        "that can fire sets flag 'intrusion-traced'"]


TRIGGER = """    trigger:
      conditions:
        - {kind: flag, flag: intrusion-traced}
"""


@pytest.mark.parametrize("rounds, condition, reason", [
    ("[2, 3]", "{kind: trust_below, observer: us, value: 0}", "trust is never below 0"),
    ("[2, 3]", "{kind: trust_above, observer: cn, value: 1}", "trust is never above 1"),
    ("[2, 3]", "{kind: incidents_at_least, value: 9}",
     "at most 8 incidents can have happened by round 3's news"),
    ("[1]", "{kind: commitment, issue: climate}", "nothing is in force in round 1"),
    ("[2]", "{kind: any, conditions: [{kind: trust_above, observer: us, value: 1}, "
     "{kind: trust_below, observer: us, value: 0}]}", "none of its conditions can hold"),
])
@covers("never-fires")
def test_conditions_that_can_never_hold(rounds, condition, reason):
    trigger = f"    trigger:\n      rounds: {rounds}\n      conditions:\n        - {condition}\n"
    text = edit((TRIGGER, trigger))
    expect("never-fires", text, at(text, f"- {condition}", "{"))
    assert reason in messages(text)[0]


@covers("out-of-range")
def test_news_that_pushes_trust_past_the_grid():
    text = edit(("      - {kind: trust, party: us, issue: cyber, delta: 0.03}",
                 "      - {kind: trust, party: us, issue: cyber, delta: 0.6}"))
    expect("out-of-range", text, at(text, "delta: 0.6", "0.6"))
    assert "from its start of 0.45 to 1.05" in messages(text)[0]


@covers("out-of-range")
def test_repeated_news_that_pushes_a_weight_past_the_limit():
    text = edit(("      - {kind: salience, party: us, issue: cyber, factor: 1.2}",
                 "      - {kind: salience, party: us, issue: cyber, factor: 10}\n    once: false"))
    expect("out-of-range", text, at(text, "factor: 10", "10"))


@covers("long-brief")
def test_a_brief_over_two_thousand_five_hundred_words():
    long_brief = "word " * 2_490
    text = edit(('        brief: "You sign the package and decide how to answer violations."',
                 f'        brief: "{long_brief}"'))
    expect("long-brief", text, at(text, f'"{long_brief}"'))
    assert "the President's brief, with the delegation's, is 2,515 words" in messages(text)[0]


@covers("too-long")
def test_a_game_longer_than_a_lesson_and_talks_too_short_for_their_offers():
    text = edit(("timers: {news: 20, negotiate: 180,", "timers: {news: 20, negotiate: 1800,"))
    expect("too-long", text, at(text, "  timers:", "timers"))
    text = edit(("timers: {news: 20, negotiate: 180,", "timers: {news: 20, negotiate: 60,"))
    expect("too-long", text, at(text, "negotiate: 60", "60"))
    assert "60 s of talks for 3 offers over 2 tracks" in messages(text)[0]


def test_the_loaders_warnings_come_with_the_lint():
    text = edit(("      rounds: [2, 3, 4]\n      probability: 0.4", "      rounds: [2, 3, 9]\n"
                 "      probability: 0.4"))
    assert found(text) == [f"{at(text, '9]', '9')} warning unreachable"]


def test_every_rule_has_a_test():
    assert {rule.code for rule in RULES} == COVERED


def test_a_file_that_does_not_load_gives_its_loader_errors_only():
    linted = lint_text("schema_version: 2\nid: [x\n", "s.yaml")
    assert linted.scenario is None and [p.code for p in linted.problems] == ["unclosed"]


@pytest.mark.parametrize("name", sorted(shipped_scenarios()))
def test_every_shipped_scenario_lints_clean(name):
    linted = lint_file(shipped_scenarios()[name])
    assert [str(p) for p in linted.problems] == []


def test_the_format_2_example_lints_clean():
    linted = lint_file(ROOT / "scenarios" / "examples" / "words-and-deeds.yaml")
    assert [str(p) for p in linted.problems] == []


def test_the_template_file_is_the_one_new_writes():
    assert TEMPLATE_FILE.name == "template.yaml" and "__ID__" in TEMPLATE_FILE.read_text()
