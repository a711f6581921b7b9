"""Version 1 scenarios play exactly as they did before format 2: same seeds, same results.

The digests below were computed on the code of format 1 (run `python -m tests.test_v1_results`
to print them): for every version 1 scenario in the repository, the sha256 of the
`truce simulate --json` document (random agents, which depend on the engine alone: every
legal action, the numbering of packages, verification, responses, scoring, news), the
fingerprints of the games' final states, and the scenario's hash (which journals record).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import pathlib

import pytest

from game.cli import main
from game.core.record import scenario_hash, state_hash
from game.scenario.loader import load_scenario
from game.sim import batch
from tests import factories

ROOT = pathlib.Path(__file__).resolve().parents[1]
FILES = {
    "cyber-pledge": ROOT / "tests" / "data" / "cyber-pledge-v1.yaml",
    "state-visit-2015-v1": ROOT / "tests" / "data" / "state-visit-2015-v1.yaml",
    "minimal": ROOT / "tests" / "data" / "minimal.yaml",
}
BUILT = {
    "two-issue": lambda: factories.two_issue_scenario(rounds=4),
    "two-issue-news": lambda: factories.two_issue_scenario(rounds=4,
                                                           events=factories.news_events()),
    "red-line": factories.with_red_line,
}
GAMES, SEED = 12, 7

EXPECTED = {  # name: (simulate --json digest, final states digest, scenario hash)
    'cyber-pledge': (
        '9d41db3332bad8ab5116c561e4d3f0c3eba6fb26f9c6bbd6e46c6f8fcc10be82',
        '5bc5c65b29bd0623c31e2bfca587cb987ea5f5aed186e9ee5df6e69b90bbaa4b',
        'ebeec00d188d533afedf4df54d8ea852bc8d3be45db4bb5d07ec79f26051b2f2',
    ),
    'state-visit-2015-v1': (
        '921ee0f394a4cbe22b339069de48c1ebb3799b53941863355bf27c21fbd61fba',
        '13b2b518edf1ac02d7092e480e932867949763f0cca1d99eef967df057555ac1',
        '96b8198b13670ae646151fe370636a7bfa1d3c42ffb14c0f0ff6e6c11aa73e74',
    ),
    'minimal': (
        '08e87d7e0960b20aeb00d5f20b428afb9bf92c6845c34540def1d18f342511c1',
        '9ae45ae7f9d18dd4fad6142d899bf2a926965607e7644337515f6fa892c5bc46',
        '8cb4fb6d1b3e1bdfd35512433cbd179db364216c72297b717eb0ce40955cd3e2',
    ),
    'two-issue': (
        '2fe52f6b41dcedff16f3f9183df846430674d0fc9a8b4c7f2fb0459157861103',
        '9e23e887c7f2a182dd5d8fbbb5d7c20bb066796b3b63241afe7048aec4b749d2',
        'c01ed0da4e0c468a2e11725e2cd0db96a6efbd53660aa9ee99dfcea93e9964b1',
    ),
    'two-issue-news': (
        '032e4ec1bdf3e154bf7152a0224b9b39738c6593981d4c960f26797fa88fab70',
        '5bedcc7e7524adf80999314a68d57d09862364e394ebe04dc96a46adbfdb97fb',
        'ea24df0088b1cb81687078460f9d5ab77ed8974f0fec0b6e1be50b87a2eb743d',
    ),
    'red-line': (
        '7d31e46be478f6d2c4e1ad3670a3ae59c3630b086ce03b762b05c1a84d79b4ac',
        '44680204976009485db7f7fdd048902b0bd9ae0c21c9138a787bb41836125ece',
        '7e783e38cf3fde81fd2c096589c748bacff6aa9f5efb241a64deeaed4d53f694',
    ),
}


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def simulate_file(path: pathlib.Path) -> str:
    """The `truce simulate --json` document for a scenario file, as the command prints it."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["simulate", str(path), "--games", str(GAMES), "--seed", str(SEED), "--json"])
    assert code == 0
    return out.getvalue()


def simulate_built(scenario) -> tuple[str, list]:
    """The same document for a scenario built in Python (no file to name), and the games."""
    specs = {"us": "random", "cn": "random"}
    summaries = batch.play_games(scenario, specs, GAMES, SEED)
    document = {"scenario": scenario.id, "agents": specs, "games": GAMES, "seed": SEED,
                "aggregate": batch.aggregate(summaries),
                "records": [s.to_json() for s in summaries]}
    return json.dumps(document, indent=2) + "\n", summaries


def results(name: str) -> tuple[str, str, str]:
    """(simulate digest, final states digest, scenario hash) of one v1 scenario."""
    scenario = load_scenario(FILES[name]) if name in FILES else BUILT[name]()
    text, summaries = simulate_built(scenario)
    if name in FILES:
        assert simulate_file(FILES[name]) == text  # the command prints exactly this document
    states = _digest(" ".join(state_hash(s.record.state()) for s in summaries))
    return _digest(text), states, scenario_hash(scenario)


@pytest.mark.parametrize("name", [*FILES, *BUILT])
def test_a_version_1_scenario_gives_the_same_results_as_before_format_2(name):
    assert results(name) == EXPECTED[name]


def test_every_version_1_file_in_the_repository_is_checked():
    files = [*ROOT.glob("scenarios/*.yaml"), *ROOT.glob("tests/data/*.yaml"),
             *ROOT.glob("scenarios/**/*.yaml")]
    v1 = {p.resolve() for p in files if "\nschema_version: 1\n" in p.read_text(encoding="utf-8")}
    v1.discard((ROOT / "tests" / "data" / "mistakes.yaml").resolve())  # invalid on purpose
    assert v1 <= {p.resolve() for p in FILES.values()}


if __name__ == "__main__":
    for key in [*FILES, *BUILT]:
        print(f"    {key!r}: (", *(f"        {d!r}," for d in results(key)), "    ),", sep="\n")
