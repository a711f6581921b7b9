"""`truce scenario upgrade` rewrites a version 1 file as version 2: the same text but for the
version, the same scenario, the same games."""

from __future__ import annotations

import dataclasses
import os
import pathlib
import stat

import pytest

from game.cli import main
from game.scenario import load_scenario, load_scenario_text
from game.scenario.upgrade import AlreadyCurrent, upgrade_text
from tests.test_v1_results import simulate_built

DATA = pathlib.Path(__file__).parent / "data"
OLD_FLAGSHIP = DATA / "state-visit-2015-v1.yaml"


def test_the_upgraded_flagship_differs_only_in_its_version_line_and_plays_the_same_games():
    before = OLD_FLAGSHIP.read_text(encoding="utf-8")
    after = upgrade_text(before, "flagship.yaml")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True)
               if a != b]
    assert changed == [("schema_version: 1", "schema_version: 2")]
    old, new = load_scenario_text(before), load_scenario_text(after)
    assert new.schema_version == 2 and dataclasses.replace(new, schema_version=1) == old
    assert simulate_built(new)[0] == simulate_built(old)[0]


def test_comments_line_breaks_and_a_byte_order_mark_are_kept():
    text = "\ufeff# a comment\r\nschema_version: 1   # the format\r\n" + \
        (DATA / "minimal.yaml").read_text(encoding="utf-8").split("schema_version: 1\n", 1)[1] \
        .replace("\n", "\r\n")
    after = upgrade_text(text.encode("utf-8"))
    assert after == text.replace("schema_version: 1 ", "schema_version: 2 ")


def test_a_version_1_file_that_uses_format_2_fields_is_upgraded_to_a_valid_one():
    v1 = (DATA / "format2.yaml").read_text(encoding="utf-8").replace("schema_version: 2",
                                                                      "schema_version: 1")
    assert load_scenario_text(upgrade_text(v1)) == load_scenario(DATA / "format2.yaml")


def test_a_version_2_file_is_already_current():
    with pytest.raises(AlreadyCurrent):
        upgrade_text((DATA / "format2.yaml").read_text(encoding="utf-8"))


def test_the_command_rewrites_in_place_prints_with_a_dash_and_refuses_a_broken_file(
        tmp_path, capsys):
    path = tmp_path / "old.yaml"
    path.write_text((DATA / "minimal.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["scenario", "upgrade", str(path), "-o", "-"]) == 0
    printed = capsys.readouterr().out
    assert "schema_version: 2\n" in printed and "schema_version: 1" in path.read_text()
    assert main(["scenario", "upgrade", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == printed
    assert capsys.readouterr().out == f"{path}: upgraded to version 2 (same scenario, comments " \
                                      "kept)\n"
    assert main(["scenario", "upgrade", str(path)]) == 0
    assert "already version 2: nothing to do" in capsys.readouterr().out
    assert main(["scenario", "upgrade", str(DATA / "mistakes.yaml"), "-o",
                 str(tmp_path / "x.yaml")]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 8 and not (tmp_path / "x.yaml").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.yaml"]


def test_upgrading_in_place_writes_through_a_link_and_keeps_the_files_permissions(tmp_path):
    real = tmp_path / "real.yaml"
    real.write_text((DATA / "minimal.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "link.yaml"
    link.symlink_to(real.name)
    assert main(["scenario", "upgrade", str(link)]) == 0
    assert link.is_symlink() and os.readlink(link) == real.name
    assert "schema_version: 2" in real.read_text(encoding="utf-8")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.yaml", "real.yaml"]


def test_a_version_2_file_upgraded_to_an_output_arrives_there_as_it_is(tmp_path, capsys):
    current = DATA / "format2.yaml"
    assert main(["scenario", "upgrade", str(current), "-o", "-"]) == 0
    out, err = capsys.readouterr()
    assert out == current.read_text(encoding="utf-8")
    assert err == f"truce: note: {current} is already version 2: printed as it is\n"
    copy = tmp_path / "copy.yaml"
    assert main(["scenario", "upgrade", str(current), "-o", str(copy)]) == 0
    assert copy.read_bytes() == current.read_bytes()
    assert capsys.readouterr().out == f"{current} is already version 2: copied to {copy} as it is\n"


def test_an_output_that_is_another_existing_file_is_kept_unless_forced(tmp_path, capsys):
    source = tmp_path / "old.yaml"
    source.write_bytes((DATA / "minimal.yaml").read_bytes())
    other = tmp_path / "other.yaml"
    other.write_text("# somebody's second scenario\n", encoding="utf-8")
    assert main(["scenario", "upgrade", str(source), "-o", str(other)]) == 2
    assert capsys.readouterr().err == (f"truce: error: {other} exists (use --force to overwrite "
                                       "it, or -o with a new file name)\n")
    assert other.read_text(encoding="utf-8") == "# somebody's second scenario\n"
    assert main(["scenario", "upgrade", str(source), "-o", str(other), "--force"]) == 0
    assert load_scenario(other).settings.rounds == load_scenario(source).settings.rounds
    assert main(["scenario", "upgrade", str(source), "-o", str(source)]) == 0  # itself: in place
