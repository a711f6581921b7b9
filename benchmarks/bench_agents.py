"""Time per decision of the expert agent: the flagship, and a synthetic 10-issue 5-option scenario.

Targets (issue 5): p99 at most 50 ms on the flagship, at most 1 s on the synthetic scenario.
Every call of `act` is timed, in all phases, against each shipped agent on both sides.
"""

from __future__ import annotations

import pathlib
import sys
import time
from dataclasses import replace

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.ai.registry import AGENTS, make_agent  # noqa: E402
from game.core import engine  # noqa: E402
from game.core.observe import observe  # noqa: E402
from game.core.scenario import Issue, Option, Scenario, Verification  # noqa: E402
from game.scenario.loader import load_scenario  # noqa: E402

FLAGSHIP = ROOT / "scenarios" / "state-visit-2015.yaml"


def synthetic(base: Scenario, issues: int = 10, options: int = 5, seed: int = 0) -> Scenario:
    """The flagship's rules with `issues` random tracks of `options` options each, no news."""
    rng = np.random.default_rng(seed)
    tracks = []
    for k in range(issues):
        opts = []
        for j in range(options):
            us, cn = rng.uniform(-2, 8, size=2).round(1)
            opts.append(Option(
                id=f"o{j}", label=f"option {j}", obliges=("us", "cn"),
                value={"us": float(us), "cn": float(cn)},
                temptation={"us": round(float(rng.uniform(0, 3)), 1),
                            "cn": round(float(rng.uniform(0, 3)), 1)},
                verification=Verification(float(rng.uniform(0.1, 0.7)), 0.05),
            ))
        tracks.append(Issue(id=f"i{k}", title=f"track {k}", options=tuple(opts)))
    parties = {
        p: replace(party, weights={t.id: float(rng.uniform(0.5, 2)) for t in tracks},
                   red_lines=())
        for p, party in base.parties.items()
    }
    return replace(base, id="synthetic", issues=tuple(tracks), parties=parties, events=())


def decision_times(scenario: Scenario, opponents: list[str], games: int) -> np.ndarray:
    """Seconds per expert decision over games against each opponent on both sides."""
    times = []
    for opponent in opponents:
        for side in ("us", "cn"):
            for g in range(games):
                other = "cn" if side == "us" else "us"
                agents = {side: make_agent("expert", side, g, scenario=scenario),
                          other: make_agent(opponent, other, g + 99, scenario=scenario)}
                state = engine.new_game(scenario, g)
                while not engine.is_over(state):
                    party = engine.awaiting(state)[0]
                    obs = observe(state, party)
                    start = time.perf_counter()
                    action = agents[party].act(obs)
                    if party == side:
                        times.append(time.perf_counter() - start)
                    state, _ = engine.step(state, action)
    return np.array(times)


def report(name: str, times: np.ndarray, target: float) -> None:
    """Print p50/p99/max in milliseconds and whether p99 meets the target."""
    p50, p99 = np.percentile(times, [50, 99]) * 1000
    verdict = "ok" if p99 <= target * 1000 else "OVER TARGET"
    print(f"{name:28} decisions {len(times):6d}  p50 {p50:8.2f} ms  p99 {p99:8.2f} ms  "
          f"max {times.max() * 1000:8.2f} ms  (target p99 <= {target * 1000:.0f} ms: {verdict})")


def main() -> None:
    """Time the expert on the flagship and on the synthetic 10x5 scenario."""
    flagship = load_scenario(FLAGSHIP)
    decision_times(flagship, ["linear"], 1)  # warm up imports and caches
    report("expert, flagship", decision_times(flagship, sorted(AGENTS), 5), 0.050)
    big = synthetic(flagship)
    report("expert, synthetic 10x5", decision_times(big, ["expert", "linear", "random"], 2), 1.0)


if __name__ == "__main__":
    main()
