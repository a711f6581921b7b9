"""Version 1 scenarios play exactly as they did before format 2: same seeds, same results.

The digests below were computed on the code of format 1 (run `python -m tests.test_v1_results`
to print them): for every version 1 scenario in the repository, the sha256 of the
`truce simulate --json` document (random agents, which depend on the engine alone: every
legal action, the numbering of packages, verification, responses, scoring, news), the
games' final states, and the scenario's hash (which journals record). Figures that come from
NumPy's floating point (trust beliefs, and what is computed from them) are rounded before
they are hashed: NumPy versions and processors may differ in their last bits.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import pathlib

import pytest

from game.cli import main
from game.core.record import STATE_FIELDS, canonical, scenario_hash
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
        '8379954b214c748aef6f84fba0d872e9af9e370f8812274e53b7f25285bfd774',
        '1de2d86f867acb9564d15e5cf721f99da8d610e99a5af54765910c3ba0459e0e',
        'ebeec00d188d533afedf4df54d8ea852bc8d3be45db4bb5d07ec79f26051b2f2',
    ),
    'state-visit-2015-v1': (
        '97310f81b9c66aafbbc8d2113dfdfbd16a6c047860e6a32d976a6e09c8551ad9',
        '86fe39959e172d1ad123c7611fcf6876b7990250d37aa060ae77e9fb3d566bf9',
        '96b8198b13670ae646151fe370636a7bfa1d3c42ffb14c0f0ff6e6c11aa73e74',
    ),
    'minimal': (
        'b12851098f7c7296035de4ed3f26a9118c7cd5abedf8db9b343cdfc62ee7c037',
        '598b9ffa0999962af6007c8106c321fa3efb389eb5c876528718e6acb8656c0b',
        '8cb4fb6d1b3e1bdfd35512433cbd179db364216c72297b717eb0ce40955cd3e2',
    ),
    'two-issue': (
        '881a91e4c924ef0e4ccfca624c361e993ed49712252b524a385c90337c8c10f4',
        '1f9b24df19bc30794022b11bf604c44c001feba2aaff57a0821199fc4201d25b',
        'c01ed0da4e0c468a2e11725e2cd0db96a6efbd53660aa9ee99dfcea93e9964b1',
    ),
    'two-issue-news': (
        '8dc465dbec85e86252e6abd178f53c8c5e2c20a82de82d6bc95c44721769d93b',
        '41f3f2124daae9ef48a6476a0c5f742c374577bf7ea8f3e8057a82eb040e8ce1',
        'ea24df0088b1cb81687078460f9d5ab77ed8974f0fec0b6e1be50b87a2eb743d',
    ),
    'red-line': (
        '732a4fc148cca6ca585e887b36d7d2b0520e0eac3dbdb9b955be5b1d738a27cf',
        'b9849968c2afbf288b864b385a975a74647fe5265bc2f9aafd7cb507fbca04d4',
        '7e783e38cf3fde81fd2c096589c748bacff6aa9f5efb241a64deeaed4d53f694',
    ),
}


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _rounded(value, places: int = 4):
    """A JSON value with every float rounded (NumPy's last bits may differ between versions)."""
    if isinstance(value, float):
        return round(value, places) + 0.0
    if isinstance(value, dict):
        return {k: _rounded(v, places) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v, places) for v in value]
    return value


def document_digest(text: str) -> str:
    """The digest of a `simulate --json` document, its floats rounded to 4 places."""
    return _digest(json.dumps(_rounded(json.loads(text)), sort_keys=True))


def state_digest(state) -> str:
    """A final state's digest: the action log and every plain field exactly, trust rounded."""
    body = {name: canonical(getattr(state, name)) for name in STATE_FIELDS
            if name not in ("weights", "value_adj")}
    body["weights"] = _rounded(canonical(state.weights), 9)
    body["banked"] = [round(b, 9) for b in state.banked]
    body["actions"] = [a.text() for a in state.actions]
    body["trust"] = [round(float(x), 6) for x in state.trust_mean().ravel()]
    return _digest(json.dumps(body, sort_keys=True, default=str))


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
    states = _digest(" ".join(state_digest(s.record.state()) for s in summaries))
    return document_digest(text), states, scenario_hash(scenario)


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
