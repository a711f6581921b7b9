"""The window shows scenario format 2 where the terminal does: the status quo in the brief,
one-off acts ('once'), linked options ('only with'), the other side's public red lines,
options off the table and detection rates that differ by side."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_window import in_every_layout
from tests.window_driver import click, press, window

pygame = pytest.importorskip("pygame")

from game.scenario import load_scenario  # noqa: E402
from game.table import HUMAN  # noqa: E402
from game.ui.window.scene import shown_strings  # noqa: E402
from tests.factories import opened_by  # noqa: E402

EXAMPLE = Path(__file__).resolve().parents[1] / "scenarios" / "examples" / "words-and-deeds.yaml"


@pytest.fixture(scope="module")
def deeds():
    return load_scenario(EXAMPLE)


def shown(app) -> str:
    app.build()
    return "\n".join(shown_strings(app.theme.manager))


def test_the_brief_gives_the_status_quo_and_both_sides_public_red_lines(tmp_path, deeds):
    app = window(deeds, tmp_path, {"us": HUMAN, "cn": "standard"})
    assert app.top.name == "briefing"
    said = shown(app)
    assert "Cyber economic espionage: -2.00 a round with nothing agreed here" in said
    assert "it is public: the other side knows it" in said
    assert "China's public red line: China will not halt construction" in said
    assert in_every_layout(app) == []


def test_the_table_marks_acts_links_public_red_lines_and_options_off_the_table(tmp_path,
                                                                              deeds):
    app = window(deeds, tmp_path, {"us": HUMAN, "cn": "standard"})
    while app.top.name != "negotiation":
        press(app, "return")
    scene = app.build()
    lines = {b.id: " / ".join(b.label) for b in scene.buttons}
    assert "once" in lines["chip-dialogue-first-meeting"]
    assert "only with" in lines["chip-cyber-norms"]
    assert "not on the table" in lines["chip-cyber-norms"]
    assert "their red line" in lines["chip-maritime-halt-reclamation"]
    assert not scene.find("chip-cyber-norms").enabled  # off the table: it cannot be picked
    tip = scene.find("chip-cyber-pledge").tip
    assert "your breaches are caught 10% of the time" in tip
    assert "the other side's are caught 20% of the time" in tip
    version = app.flow.session.table.version
    click(app, "chip-cyber-norms")
    assert "Not on the table now" in app.message and app.flow.session.table.version == version
    assert in_every_layout(app) == []


def test_a_red_line_china_declares_when_refusing_is_marked_on_the_table(tmp_path):
    from game.core.actions import Propose
    from game.sim.scenarios import resolve_scenario

    app = window(opened_by(resolve_scenario("state-visit-2015"), "us"), tmp_path,
                 {"us": HUMAN, "cn": "standard"})
    table = app.flow.session.table
    table.submit("us", Propose("us", (("human-rights", "lawyers-free"), ("people", "exchanges"))),
                 table.version)
    table.run_bots()
    while app.top.name != "negotiation":
        press(app, "return")
    said = [e for e in table.view("us").history if getattr(e, "red_lines", ())]
    assert said and ("human-rights", "lawyers-free") in said[-1].red_lines
    lines = " / ".join(app.build().find("chip-human-rights-lawyers-free").label)
    assert "their red line" in lines
    assert "China will never accept Human rights" in shown(app)
