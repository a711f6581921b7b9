"""The author's tools: `truce scenario new`, `truce scenario lint` (with --balance) and the
guide's worked example, as an author meets them."""

from __future__ import annotations

import contextlib
import io
import math
import os
import pathlib
import stat
import threading

import pytest

from game.cli import main
from game.core import analysis
from game.scenario import load_scenario
from game.scenario.lint import lint_file, lint_text
from game.scenario.template import template_text
from game.sim.lint_balance import (
    CHEAT,
    HONEST,
    WIN_MARGIN,
    WIN_SHARE,
    agents,
    balance_text,
    findings,
    measure,
    run_balance,
)
from game.sim.tournament import GameResult, play_pairing_game

ROOT = pathlib.Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "scenarios" / "examples" / "press-and-students.yaml"


def truce(*argv: str) -> tuple[int, str, str]:
    """Run the command line in this process: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_scenario_new_writes_a_template_that_validates_and_lints_clean(tmp_path):
    target = tmp_path / "my-summit.yaml"
    code, out, _ = truce("scenario", "new", "my-summit", "-o", str(target))
    assert code == 0 and f"{target}: written" in out
    text = target.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=") and first.endswith(
        "scenarios/scenario.schema.json")
    assert (target.parent / first.split("=", 1)[1]).resolve() == (
        ROOT / "scenarios" / "scenario.schema.json")
    scenario = load_scenario(target)
    assert scenario.id == "my-summit" and scenario.title == "My Summit"
    assert truce("scenario", "lint", "--strict", str(target))[0] == 0


def test_the_template_shows_every_section_and_every_format_2_construct():
    text = template_text("x", "x.yaml", None)
    for section in ("sources:", "parties:", "issues:", "trust:", "sanctions:", "events:",
                    "settings:", "personalities:", "hints:", "notes:", "red_lines:", "roles:",
                    "cite:", "timers:"):
        assert f"\n{section}" in text or f" {section}" in text, section
    for construct in ("status_quo: {", "status_quo: true", "act: {due", "available: false",
                      "public: true", "audience: us", "kind: any", "kind: add_option",
                      "us: {detect", "url:", "# requires:"):
        assert construct in text, construct


def test_scenario_new_refuses_to_overwrite_and_refuses_a_name_that_is_not_an_id(tmp_path):
    target = tmp_path / "a.yaml"
    target.write_text("mine", encoding="utf-8")
    code, _, err = truce("scenario", "new", "a", "-o", str(target))
    assert code == 2 and "exists (use --force" in err and target.read_text() == "mine"
    assert truce("scenario", "new", "a", "-o", str(target), "--force")[0] == 0
    code, _, err = truce("scenario", "new", "My Summit", "-o", str(tmp_path / "b.yaml"))
    assert code == 2 and "NAME must be a scenario id" in err
    assert err.rstrip().endswith("got 'My Summit'; try: truce scenario new my-summit")


def test_scenario_new_given_a_file_name_says_the_name_to_give_instead(tmp_path):
    code, _, err = truce("scenario", "new", "my-summit.yaml", "-o", str(tmp_path))
    assert code == 2 and err.rstrip().endswith("try: truce scenario new my-summit")
    assert not list(tmp_path.iterdir())


def test_scenario_new_into_a_folder_names_the_file_after_the_scenario(tmp_path):
    assert truce("scenario", "new", "talks", "-o", str(tmp_path))[0] == 0
    assert (tmp_path / "talks.yaml").is_file()


def test_scenario_new_writes_a_file_others_may_read_as_the_umask_says(tmp_path):
    mask = os.umask(0o022)
    try:
        assert truce("scenario", "new", "shared", "-o", str(tmp_path))[0] == 0
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "shared.yaml").stat().st_mode) == 0o644


def test_scenario_new_into_a_pipe_writes_through_it_and_never_replaces_it(tmp_path):
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    heard: list[str] = []
    reader = threading.Thread(target=lambda: heard.append(pipe.read_text(encoding="utf-8")),
                              daemon=True)
    reader.start()
    code, out, _ = truce("scenario", "new", "piped", "-o", str(pipe), "--force")
    reader.join(10)
    assert code == 0 and "written" in out and heard and "id: piped" in heard[0]
    assert stat.S_ISFIFO(pipe.lstat().st_mode)


def test_lint_exits_0_when_clean_1_on_errors_or_strict_warnings_and_2_when_a_file_does_not_load(
        tmp_path):
    clean = tmp_path / "clean.yaml"
    clean.write_text(template_text("clean", str(clean), None), encoding="utf-8")
    code, out, _ = truce("scenario", "lint", str(clean))
    assert code == 0 and out.strip() == f"{clean}: 0 errors, 0 warnings"
    warned = tmp_path / "warned.yaml"
    warned.write_text(clean.read_text().replace("cost_sender: 3", "cost_sender: 30"))
    code, out, _ = truce("scenario", "lint", str(warned))
    assert code == 0 and "[costly-sanction]" in out and "0 errors, 1 warning" in out
    assert truce("scenario", "lint", "--strict", str(warned))[0] == 1
    broken = tmp_path / "broken.yaml"
    broken.write_text(clean.read_text().replace("    red_lines:  # options this side will",
                                                "    red_lines:\n      - {issue: climate, "
                                                "forbid: [statement, fund]}\n      - issue: "
                                                "trade\n        forbid: [affirm, open-market]\n"
                                                "      - issue: cyber\n        forbid: [pledge, "
                                                "dialogue]\n    old_red_lines:  # options"))
    assert truce("scenario", "lint", str(broken))[0] == 2  # an unknown field: does not load
    deadlock = tmp_path / "deadlock.yaml"
    deadlock.write_text(clean.read_text().replace(
        "        forbid: [no-change]\n        public: true  # both",
        "        forbid: [no-change, pledge, dialogue]\n        public: true  # both"
    ).replace("      - issue: trade\n        forbid: [no-change]",
              "      - issue: trade\n        forbid: [no-change, affirm, open-market]"
    ).replace('        text: "We will not sign a deal that changes nothing on cyber."\n',
              '        text: "We will not sign a deal that changes nothing on cyber."\n'
              "      - {issue: climate, forbid: [statement, fund]}\n"))
    code, out, _ = truce("scenario", "lint", str(deadlock), str(clean))
    assert code == 1 and "error" in out and f"{clean}: 0 errors" in out
    # playing it anyway says what the lint found before the game starts
    from tests.commands import run_truce
    played = run_truce("play", str(deadlock), "--text", input="quit\n",
                       env={"TRUCE_SAVE_DIR": str(tmp_path / "saves"), "DISPLAY": ""})
    assert played.returncode == 0, played.stderr
    assert "[red-line-deadlock]" in played.stderr and "truce: warning:" in played.stderr
    assert "may not work as designed" in played.stderr and "Talks:" in played.stdout


def test_lint_places_every_problem_as_file_line_col_severity_message_code(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(template_text("s", str(path), None).replace("cost_target: 10",
                                                                  "cost_target: 0"))
    (problem,) = lint_file(path).problems
    line = path.read_text().splitlines().index("      cost_target: 0  # per round to the "
                                               "sanctioned side") + 1
    assert str(problem) == (f"{path}:{line}:20: warning: sanctions.levels[0].cost_target: "
                            "sanction 'targeted' costs its target nothing: it deters no one "
                            "[toothless-sanction]")


def _result(us: str, cn: str, index: int, score_us: float, score_cn: float) -> GameResult:
    return GameResult(us, cn, index, 0, score_us, score_cn, True, 0.1, 0.0, 0, 0)


def test_balance_warns_where_breaking_ones_word_pays_and_where_a_side_wins_too_often():
    players = ("novice", CHEAT, HONEST)
    results = [
        _result(CHEAT, "novice", 0, 60.0, 10.0), _result(HONEST, "novice", 0, 50.0, 50.0),
        _result("novice", CHEAT, 0, 10.0, 40.0), _result("novice", HONEST, 0, 50.0, 50.0),
        *(_result("novice", "novice", k, 70.0, 30.0) for k in range(3)),
        _result("novice", "novice", 3, 30.0, 70.0),
    ]
    balance = measure(results, players, "x", 4, 0)
    assert [(c.level, c.side, c.pays) for c in balance.cheating] == [
        ("novice", "us", True), ("novice", "cn", False)]
    assert balance.pooled is not None and balance.pooled.us == 0.75 > WIN_SHARE
    found = findings(balance)
    assert [(f.code, f.path) for f in found] == [("cheating-pays", ("sanctions",)),
                                                 ("lopsided", ("parties",))]
    assert "always-defect scores 60.0, always-comply 50.0" in found[0].message
    assert "the US wins 75% of the games between two novice players" in found[1].message
    table = balance_text(balance)
    assert "novice vs novice" in table and "all levels" in table and "60.0 /   50.0!" in table
    assert "novice        75%    25% !" in table


def test_each_level_is_judged_on_its_own_and_a_lead_within_the_margin_is_a_tie():
    players = ("novice", "expert")
    results = [  # novice against itself: level, by a hair; expert: China every time
        *(_result("novice", "novice", k, 50.0 + WIN_MARGIN / 2, 50.0) for k in range(4)),
        *(_result("expert", "expert", k, 40.0, 60.0) for k in range(4)),
    ]
    balance = measure(results, players, "x", 4, 0)
    assert [(e.level, e.us, e.cn, e.lopsided) for e in balance.equals] == [
        ("novice", 0.0, 0.0, ""), ("expert", 0.0, 1.0, "cn")]
    assert balance.pooled is not None and not balance.pooled.lopsided  # pooled: 50% for China
    (found,) = findings(balance)
    assert found.code == "lopsided" and "China wins 100% of the games between two expert" \
        in found.message


def test_a_tiny_balance_run_plays_every_pairing_and_places_its_warnings_in_the_file(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(template_text("t", str(path), None), encoding="utf-8")
    scenario = load_scenario(path)
    players = ("novice", CHEAT, HONEST)
    balance = run_balance(scenario, 1, seed=3, jobs=1, players=players)
    assert balance.total == 9 and len(balance.pairings) == 9
    assert all(not math.isnan(s.score) for s in balance.pairings)
    linted = lint_file(path)
    for problem in linted.place(findings(balance)):
        assert problem.line > 1 and problem.code in ("cheating-pays", "lopsided")


def test_lint_balance_on_the_command_line_prints_the_tables_and_a_summary(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(template_text("t", str(path), None), encoding="utf-8")
    code, out, err = truce("scenario", "lint", "--balance", "1", "--jobs", "1", str(path))
    assert code == 0 and "Balance of t: 1 game per pairing, 36 games" in out
    assert "Breaking one's word against each level" in out and "all levels" in out
    assert not [line for line in out.splitlines() if line != line.rstrip()]  # no trailing space
    assert f"playing {len(agents()) ** 2} games" in err
    assert out.strip().splitlines()[-1].startswith(f"{path}: 0 errors")
    code, _, err = truce("scenario", "lint", "--balance", "0", str(path))
    assert code == 2 and "--balance must be" in err


def test_the_guides_worked_example_validates_lints_clean_and_plays():
    assert [str(p) for p in lint_file(EXAMPLE).problems] == []
    scenario = load_scenario(EXAMPLE)
    deal_space = analysis.analyse_scenario(scenario)
    result = play_pairing_game(scenario, deal_space, "standard", "expert", 0, 5)
    assert result.agreed


def test_lint_text_of_a_template_lints_clean_whatever_its_name():
    for name in ("a", "talks-2016", "x_y"):
        assert lint_text(template_text(name, f"{name}.yaml", None), "t.yaml").problems == ()


@pytest.mark.parametrize("name", ["tutorial", "climate-deal", "south-china-sea"])
def test_each_new_scenario_plays_with_the_expert_on_both_sides(name):
    scenario = load_scenario(ROOT / "scenarios" / f"{name}.yaml")
    result = play_pairing_game(scenario, analysis.analyse_scenario(scenario), "expert",
                               "expert", 0, 1)
    assert result.agreed


def test_the_guides_reference_is_generated_and_up_to_date():
    from game.scenario.guide import END_MARK, GUIDE_FILE, REFERENCE_MARK, guide_text
    from game.scenario.lint import RULES

    text = (ROOT / GUIDE_FILE).read_text(encoding="utf-8")
    assert text == guide_text(text), "run python -m game.scenario.docs"
    reference = text.split(REFERENCE_MARK, 1)[1].split(END_MARK, 1)[0]
    for rule in RULES:
        assert f"| `{rule.code}` | {rule.severity} |" in reference
    for path in ("`issues[].options[].verification.detect`", "`hints[].phase`",
                 "`settings.timers.negotiate`", "`trust.initial.us`"):
        assert path in reference, path
    assert text.index("## 1. Start from the template") < text.index(REFERENCE_MARK) < \
        text.index("## Advice on balance")


def test_the_guides_worked_example_holds_the_changes_the_guide_makes():
    text = EXAMPLE.read_text(encoding="utf-8")
    for change in ("- {issue: students, option: one-million-strong}",
                   "- {issue: press, option: visas}", "id: student-visas-delayed",
                   "verification: {detect: 0.8, false_alarm: 0.02}"):
        assert change in text, change
    scenario = load_scenario(EXAMPLE)
    assert scenario.issue("press").option("visas").value["cn"] == 0.0


def test_the_worked_example_quotes_its_source_exactly_when_the_source_is_at_hand():
    source = ROOT.parent / "shared" / "sources" / "000_d854e32100cbba62.txt"
    if not source.exists():
        pytest.skip("the source texts are not beside this clone")
    text = " ".join(source.read_text(encoding="utf-8").split())
    scenario = load_scenario(EXAMPLE)
    elements = [*scenario.issues, *scenario.parties.values(),
                *(o for i in scenario.issues for o in i.options)]
    quotes = [c.quote for e in elements for c in e.cite]
    assert quotes and all(" ".join(q.split()) in text for q in quotes)


def test_new_and_upgrade_into_a_folder_that_does_not_exist_are_a_slip_said_in_one_line(tmp_path):
    target = tmp_path / "missing" / "x.yaml"
    code, out, err = truce("scenario", "new", "x", "-o", str(target))
    assert (code, out) == (2, "")
    assert err == (f"truce: error: cannot write {target}: there is no folder {target.parent} "
                   "(create it first, or give another path)\n")
    source = tmp_path / "x.yaml"
    assert truce("scenario", "new", "x", "-o", str(source))[0] == 0
    code, _, err = truce("scenario", "upgrade", str(source), "-o", str(target))
    assert code == 2 and "there is no folder" in err and not target.parent.exists()
