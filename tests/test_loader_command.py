"""`truce scenario validate` and `truce scenario schema` as a teacher uses them."""

from __future__ import annotations

import json
import pathlib

from game.cli import main
from game.scenario.schema import scenario_schema

MINIMAL = pathlib.Path(__file__).parent / "data" / "minimal.yaml"


def _write(tmp_path: pathlib.Path, name: str, old: str, new: str) -> pathlib.Path:
    path = tmp_path / name
    path.write_text(MINIMAL.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return path


def test_a_valid_file_prints_one_ok_line_and_exits_0(capsys):
    assert main(["scenario", "validate", str(MINIMAL)]) == 0
    out, err = capsys.readouterr()
    assert out == f"{MINIMAL}: ok (2 issues, 2 events)\n" and err == ""


def test_an_invalid_file_prints_each_problem_to_stderr_and_exits_2(tmp_path, capsys):
    bad = _write(tmp_path, "bad.yaml", "memory: 0.85", "memory: 1.5")
    assert main(["scenario", "validate", str(MINIMAL), str(bad)]) == 2
    out, err = capsys.readouterr()
    assert out == f"{MINIMAL}: ok (2 issues, 2 events)\n"
    assert err.startswith(f"{bad}:") and err.count("\n") == 1
    assert ": error: trust.memory: must be at most 1.0, got 1.5 (a share from 0 to 1) [range]" \
        in err


def test_warnings_pass_unless_strict(tmp_path, capsys):
    warned = _write(tmp_path, "w.yaml", "temptation: {us: 0, cn: 2}", "temptation: {us: 0, cn: 0}")
    assert main(["scenario", "validate", str(warned)]) == 0
    out, err = capsys.readouterr()
    assert out == f"{warned}: ok (2 issues, 2 events, 1 warning)\n"
    assert ": warning: " in err and "[no-dilemma]" in err
    assert main(["scenario", "validate", "--strict", str(warned)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "[no-dilemma]" in err


def test_a_missing_file_is_a_one_line_error_and_exit_2(tmp_path, capsys):
    missing = tmp_path / "nope.yaml"
    assert main(["scenario", "validate", str(missing)]) == 2
    out, err = capsys.readouterr()
    assert err == f"{missing}:1:1: error: cannot read file: No such file or directory [io]\n"


def test_schema_prints_the_json_schema(capsys):
    assert main(["scenario", "schema"]) == 0
    assert json.loads(capsys.readouterr().out) == scenario_schema()


def test_a_file_with_eight_mistakes_lists_all_eight_exactly(monkeypatch, capsys):
    data = MINIMAL.parent
    monkeypatch.chdir(data)
    assert main(["scenario", "validate", "mistakes.yaml"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (data / "mistakes.txt").read_text(encoding="utf-8")
    assert len(err.splitlines()) == 8


def test_the_ok_line_counts_in_the_right_number(tmp_path, capsys):
    """One news item is "1 event", not "1 events"."""
    text = MINIMAL.read_text(encoding="utf-8")
    one = text[:text.index("  - id: hearing")] + text[text.index("settings:"):]
    path = tmp_path / "one.yaml"
    path.write_text(one, encoding="utf-8")
    assert main(["scenario", "validate", str(path)]) == 0
    out, _ = capsys.readouterr()
    assert out == f"{path}: ok (2 issues, 1 event)\n"
