"""The Python examples in docs/api.md and docs/agents.md run as written and print what the docs
show, as a researcher copying them into a file in the project's folder would see."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from tests.commands import ROOT

DOCS = ("docs/api.md", "docs/agents.md")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.S | re.M)
NEAR = 400  # a "prints" block follows its example within a short paragraph


def examples() -> list[tuple[str, int, str, str | None]]:
    """(doc, line, code, the output shown after it or None) for every Python example."""
    found = []
    for doc in DOCS:
        text = (ROOT / doc).read_text(encoding="utf-8")
        fences = list(FENCE.finditer(text))
        for n, fence in enumerate(fences):
            if fence.group(1) != "python":
                continue
            shown = None
            following = fences[n + 1] if n + 1 < len(fences) else None
            if (following is not None and following.group(1) == "text"
                    and following.start() - fence.end() < NEAR):
                shown = following.group(2)
            found.append((doc, text.count("\n", 0, fence.start()) + 1, fence.group(2), shown))
    return found


EXAMPLES = examples()


def test_the_api_docs_hold_examples_to_run():
    assert len([e for e in EXAMPLES if e[0] == "docs/api.md"]) >= 7
    assert any(shown for *_, shown in EXAMPLES)


@pytest.mark.parametrize(("doc", "line", "code", "shown"), EXAMPLES,
                         ids=[f"{doc}:{line}" for doc, line, *_ in EXAMPLES])
def test_a_documented_example_runs_as_written_and_prints_what_the_docs_show(
    tmp_path, doc, line, code, shown
):
    (tmp_path / "scenarios").symlink_to(ROOT / "scenarios")
    (tmp_path / "example.py").write_text(code, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TRUCE_KEY_FILE": str(tmp_path / "key"),
           "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "example.py"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert done.returncode == 0, f"{doc}:{line}: the example fails:\n{done.stderr}"
    if shown is not None:
        assert done.stdout == shown, (f"{doc}:{line}: the example prints something else than "
                                      f"the docs show; update the docs:\n{done.stdout}")


def test_the_documented_plug_in_agent_plays_simulate_and_a_json_tournament(tmp_path):
    code = next(code for doc, _, code, _ in EXAMPLES if "class Grudger" in code)
    (tmp_path / "grudger.py").write_text(code, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def truce(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "game", *argv], cwd=tmp_path, env=env,
                              capture_output=True, text=True, encoding="utf-8", timeout=300)

    simulated = truce("simulate", "cyber-pledge", "--us", "grudger:Grudger", "--cn", "expert",
                      "--games", "2")
    assert simulated.returncode == 0, simulated.stderr
    assert "United States: grudger:Grudger, China: expert" in simulated.stdout
    played = truce("tournament", "state-visit-2015", "--agents", "grudger:Grudger,hard",
                   "--games", "1", "--jobs", "1", "--json")
    assert played.returncode == 0, played.stderr
    assert {a["name"] for a in json.loads(played.stdout)["agents"]} == {"grudger:Grudger", "hard"}


def test_the_documented_plug_in_agent_plays_every_shipped_scenario_on_both_sides():
    from game.ai.registry import make_agent
    from game.sim.batch import play_game
    from game.sim.scenarios import resolve_scenario, shipped_scenarios

    code = next(code for doc, _, code, _ in EXAMPLES if "class Grudger" in code)
    space: dict = {"__name__": "grudger"}
    exec(compile(code, "grudger.py", "exec"), space)  # noqa: S102 - the docs' own example
    for scenario_id in shipped_scenarios():
        scenario = resolve_scenario(scenario_id)
        for side, other in (("us", "cn"), ("cn", "us")):
            agents = {side: space["Grudger"](side, 1),
                      other: make_agent("hard", other, 2, scenario=scenario)}
            summary = play_game(scenario, agents, seed=3)
            assert summary.record.state().phase == "over", (scenario_id, side)
