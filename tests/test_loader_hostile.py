"""Files passed between classrooms cannot hurt the loader: hostile input gets a positioned error."""

from __future__ import annotations

import pytest
import yaml

from game.scenario import (
    ScenarioError,
    check_scenario,
    load_scenario,
    load_scenario_text,
    safe_yaml,
)
from game.scenario.safe_yaml import MAX_BYTES, MAX_DEPTH


def problems(data: str | bytes) -> list[str]:
    """`LINE:COL CODE` of every problem the loader reports for this text."""
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(data, "f.yaml")
    found = caught.value.problems
    assert found, "a ScenarioError always lists its problems"
    assert all(p.file == "f.yaml" for p in found)
    return [f"{p.line}:{p.col} {p.code}" for p in found]


def test_an_oversized_file_is_refused_before_it_is_parsed():
    assert problems(b"a: " + b"x" * MAX_BYTES) == ["1:1 too-large"]


def test_an_oversized_file_on_disk_is_read_only_up_to_the_limit(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * (5 * MAX_BYTES))
    assert [p.code for p in check_scenario(path)] == ["too-large"]


def test_a_hundred_thousand_open_brackets_are_a_depth_error_not_a_crash():
    assert problems("[" * 100_000) == [f"1:{MAX_DEPTH + 1} depth"]


@pytest.mark.parametrize("scanner", ["C", "pure Python"])
def test_the_depth_limit_holds_whichever_yaml_scanner_is_installed(monkeypatch, scanner):
    if scanner == "C" and not hasattr(yaml, "CSafeLoader"):
        pytest.skip("this PyYAML has no C scanner")
    if scanner == "pure Python":
        monkeypatch.setattr(safe_yaml, "_LOADER", safe_yaml._DepthCheckingLoader)
    assert problems("[" * 100_000) == [f"1:{MAX_DEPTH + 1} depth"]
    # "a:" opens a block mapping: one level before the first brace
    assert problems("a: " + "{b: " * 3000) == [f"1:{3 + 4 * (MAX_DEPTH - 1) + 1} depth"]
    assert problems("a: [1, 2\nb: 3\n") == ["1:4 unclosed"]  # a real syntax error stays one


def test_deep_flow_mappings_and_block_nesting_are_depth_errors():
    assert problems("{a: " * 5000) == [f"1:{4 * MAX_DEPTH + 1} depth"]
    block = "".join(f"{'  ' * i}k:\n" for i in range(MAX_DEPTH + 5))
    assert problems(block) == [f"{MAX_DEPTH + 1}:{2 * MAX_DEPTH + 1} depth"]


def test_a_flat_list_of_a_million_items_stops_at_the_token_limit():
    assert [p.split()[1] for p in problems("[" + "1," * 500_000 + "1]")] == ["too-large"]


def test_anchors_and_aliases_are_refused_so_billion_laughs_cannot_expand():
    laughs = 'a: &a ["lol", "lol"]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n'
    assert problems(laughs) == [
        "1:4 anchor",
        "2:4 anchor",
        "2:8 alias",
        "2:12 alias",
        "2:16 alias",
        "3:5 alias",
        "3:9 alias",
        "3:13 alias",
    ]


def test_python_and_custom_tags_are_refused():
    assert problems("a: !!python/object/apply:os.system [ls]\nb: !secret x\n") == [
        "1:4 tag",
        "2:4 tag",
    ]


def test_several_documents_are_refused_at_the_second_one():
    assert problems("a: 1\n---\nb: 2\n") == ["2:1 documents"]
    assert problems("---\na: 1\n---\n") == ["3:1 documents"]


def test_yaml_directives_are_refused():
    assert problems("%YAML 1.1\n---\na: 1\n") == ["1:1 directive"]


def test_invalid_utf8_is_reported_at_the_bad_byte():
    assert problems(b"a: ok\nb: caf\xe9\n") == ["2:7 encoding"]
    assert problems(b"a: \xc3\xa9\xe2\x82\xac\xff") == ["1:6 encoding"]


def test_control_characters_are_reported_where_they_are():
    assert problems("a: ok\nb: x\x07y\n") == ["2:5 control-char"]
    assert problems("a: \x00") == ["1:4 control-char"]
    assert problems("a: '\x9b'") == ["1:5 control-char"]
    assert problems("a: '\ud800'") == ["1:5 control-char"]


def test_a_byte_order_mark_is_accepted():
    assert problems("\ufeff[1]") == ["1:1 type"]


def test_duplicate_keys_are_reported_at_the_repeat():
    found = problems("a: 1\nb: 2\na: 3\n")
    assert "3:1 duplicate-key" in found


def test_yaml_11_booleans_must_be_quoted_or_written_true_false():
    found = problems("a: no\nb: Yes\nc: ON\nd: off\ne: y\nf: N\n")
    assert [p for p in found if "yaml11-bool" in p] == [
        f"{line}:4 yaml11-bool" for line in range(1, 7)
    ]


def test_sexagesimal_octal_hex_and_underscored_numbers_are_errors():
    found = problems("a: 12:30\nb: 0755\nc: 0x1f\nd: 1_000\ne: 190:20:30\n")
    assert [p for p in found if "yaml11-number" in p] == [
        f"{line}:4 yaml11-number" for line in range(1, 6)
    ]


def test_non_finite_and_overflowing_numbers_are_errors():
    found = problems("a: .inf\nb: -.Inf\nc: .nan\nd: 1e999\ne: " + "9" * 5000 + "\n")
    assert [p for p in found if "non-finite" in p or "number-range" in p] == [
        "1:4 non-finite",
        "2:4 non-finite",
        "3:4 non-finite",
        "4:4 number-range",
        "5:4 number-range",
    ]


def test_complex_keys_are_refused():
    assert "1:3 key" in problems("? [a, b]\n: 1\n")


def test_yaml_syntax_errors_stop_reading_with_a_position():
    assert problems("a: [1, 2\nb: 3\n") == ["1:4 unclosed"]  # where the bracket opened
    assert problems("a:\n\tb: 1\n") == ["2:1 tab"]
    assert problems('a: "open\n') == ["1:4 unclosed"]  # where the quote opened
    assert problems("a: [1 2]]\n") == ["1:9 syntax"]


def test_an_empty_file_and_a_file_that_is_not_a_mapping_are_errors():
    assert problems("") == ["1:1 empty"]
    assert problems("# only a comment\n") == ["1:1 empty"]
    assert problems("\n\n- a\n- b\n") == ["3:1 type"]
    assert problems("just text") == ["1:1 type"]


def test_a_missing_file_is_a_positioned_error_not_a_traceback(tmp_path):
    with pytest.raises(ScenarioError) as caught:
        load_scenario(tmp_path / "absent.yaml")
    (problem,) = caught.value.problems
    assert str(problem).startswith(f"{tmp_path / 'absent.yaml'}:1:1: error: cannot read file")
    assert problem.code == "io"


def test_a_directory_is_not_a_scenario(tmp_path):
    assert [p.code for p in check_scenario(tmp_path)] == ["io"]


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    import os

    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    (problem,) = check_scenario(fifo)
    assert problem.code == "io" and "not a regular file" in problem.message


def test_windows_line_endings_give_the_same_positions():
    assert problems(b"a: 1\r\nb: no\r\nc: \xff") == ["3:4 encoding"]
    assert "2:4 yaml11-bool" in problems("a: 1\r\nb: no\r\n")
