"""Cross-play of multi-issue bargaining: Truce's negotiators against the research field.

Every ordered pair of agents (so both sides), both opening orders, on every domain of
crossplay_domains (the shipped talks, random 4-6 issue domains, classic-style domains),
under the stacked alternating offers protocol of the NegMAS research framework (an optional
dependency: `pip install -e '.[research]'`; without it this benchmark says so and stops).
The field: Truce's negotiators, NegMAS's standard agents and its re-implementations of the
yearly competition's winners from 2010 to 2018.

    python benchmarks/bench_crossplay.py [--steps 20] [--random 6] [--jobs 2] [--agents a,b]

Score: normalised utility (0 = no deal, 1 = the side's best outcome) averaged over every
game an agent played; the table gives its standard error and agreement rate.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import pathlib
import statistics
import sys
import time
from collections.abc import Callable

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from crossplay_domains import Talks, every_talks  # noqa: E402

from game.ai.negotiation import STRATEGIES, Negotiator  # noqa: E402

try:
    import negmas.sao as sao
    from negmas import SAOMechanism, make_issue
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.preferences.value_fun import TableFun
    from negmas.sao import ResponseType, SAONegotiator
except ImportError:  # the research extra is not installed
    sao = None
try:  # the framework's re-implementations of competition agents (part of the extra)
    import negmas_genius_agents as competition
except ImportError:
    competition = None

TRUCE = ("expert", "boulware", "linear", "conceder", "hardliner", "tit-for-tat",
         "generous-tit-for-tat")
FIELD = ("BoulwareTBNegotiator", "LinearTBNegotiator", "ConcederTBNegotiator",
         "AspirationNegotiator", "NaiveTitForTatNegotiator",
         "MiCRONegotiator", "FastMiCRONegotiator", "HybridNegotiator", "CABNegotiator",
         "CARNegotiator", "WARNegotiator", "ToughNegotiator")
WINNERS = ("AgentK", "HardHeaded", "CUHKAgent", "TheFawkes", "AgentM", "Atlas3", "Caduceus",
           "PonPokoAgent", "AgreeableAgent2018")  # winners of the yearly competition, 2010-2018


if sao is not None:

    class TruceNegotiator(SAONegotiator):
        """A Truce negotiator seated in a NegMAS mechanism: it sees offers and the clock only."""

        def __init__(self, strategy: str, talks: Talks, side: int, seed: int, **kw) -> None:
            super().__init__(**kw)
            self.order = [i for i, _ in talks.issues]
            self.inner: Negotiator = STRATEGIES[strategy](talks.domain(side), seed=seed,
                                                          complete=True)
            self.counter: dict[str, str] | None = None
            self.steps = 0

        def _t(self, state) -> float:
            return min(1.0, state.step / max(self.steps, 1))

        def _last(self, state) -> bool:
            """Our answer is the last word: the final step, and we move second in it."""
            return state.step >= self.steps - 1 and self.nmi.negotiator_index(self.id) == 1

        def _outcome(self, package: dict[str, str] | None):
            return None if package is None else tuple(package[i] for i in self.order)

        def propose(self, state, dest=None):
            if self.steps == 0:
                self.steps = int(self.nmi.n_steps)
            if self.counter is not None:
                package, self.counter = self.counter, None
                return self._outcome(package)
            return self._outcome(self.inner.propose(self._t(state)))

        def respond(self, state, source=None):
            if self.steps == 0:
                self.steps = int(self.nmi.n_steps)
            offer = dict(zip(self.order, state.current_offer, strict=True))
            reply = self.inner.respond(offer, self._t(state), last=self._last(state))
            if reply == "accept":
                return ResponseType.ACCEPT_OFFER
            if reply == "end":
                return ResponseType.END_NEGOTIATION
            self.counter = reply if isinstance(reply, dict) else None
            return ResponseType.REJECT_OFFER


def negmas_ufun(talks: Talks, side: int, outcome_space):
    """A side's additive utility in NegMAS form; red-line options sink any outcome."""
    s = talks.sides[side]
    floor = -(abs(talks.best(side)) + abs(s.no_deal) + 1.0)
    values = {
        i: TableFun({o: (floor if (i, o) in s.forbidden else s.table[i][o]) for o in opts})
        for i, opts in talks.issues
    }
    return LinearAdditiveUtilityFunction(values=values, weights=dict.fromkeys(values, 1.0),
                                         outcome_space=outcome_space, reserved_value=s.no_deal)


def make(name: str, talks: Talks, side: int, seed: int, space) -> object:
    """An agent for one side: a Truce strategy name or a NegMAS class name."""
    if name in STRATEGIES:
        return TruceNegotiator(name, talks, side, seed, name=f"{name}-{side}")
    if competition is not None and name in WINNERS:
        return getattr(competition, name)(name=f"{name}-{side}")
    return getattr(sao, name)(name=f"{name}-{side}")


def play(task: tuple[Talks, str, str, int, int]) -> tuple[str, str, str, float, float, bool]:
    """One negotiation: agent a holds side 0 and b side 1; `first` opens; normalised scores."""
    talks, a, b, first, steps = task
    issues = [make_issue(list(opts), i) for i, opts in talks.issues]
    mech = SAOMechanism(issues=issues, n_steps=steps)
    agents = [make(a, talks, 0, 1, mech.outcome_space), make(b, talks, 1, 2, mech.outcome_space)]
    ufuns = [negmas_ufun(talks, s, mech.outcome_space) for s in (0, 1)]
    for k in ((0, 1) if first == 0 else (1, 0)):
        mech.add(agents[k], ufun=ufuns[k])
    state = mech.run()
    deal = None
    if state.agreement is not None:
        deal = dict(zip([i for i, _ in talks.issues], state.agreement, strict=True))
    return (talks.name, a, b, talks.normalised(0, deal), talks.normalised(1, deal),
            deal is not None)


def run(agents: list[str], talks: list[Talks], steps: int, jobs: int,
        progress: Callable[[int, int], None] | None = None) -> list[tuple]:
    """Every ordered pair on every domain in both opening orders."""
    tasks = [(d, a, b, first, steps) for d in talks for a in agents for b in agents
             for first in (0, 1)]
    if jobs <= 1:
        return [play(t) for t in tasks]
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        return pool.map(play, tasks, chunksize=max(1, len(tasks) // (jobs * 20)))


def summary(results: list[tuple], agents: list[str]) -> list[tuple[str, float, float, float, int]]:
    """Per agent: mean normalised utility, its standard error, agreement rate, games."""
    rows = []
    for name in agents:
        mine = [r[3] for r in results if r[1] == name] + [r[4] for r in results if r[2] == name]
        agreed = [r[5] for r in results if r[1] == name] + [r[5] for r in results if r[2] == name]
        se = statistics.stdev(mine) / math.sqrt(len(mine))
        rows.append((name, statistics.fmean(mine), se, statistics.fmean(agreed), len(mine)))
    return sorted(rows, key=lambda r: -r[1])


def table(rows: list[tuple[str, float, float, float, int]]) -> str:
    """The Markdown table of docs/agents.md."""
    lines = ["| rank | agent | mean normalised utility | standard error | agreement | games |",
             "|---|---|---|---|---|---|"]
    for k, (name, mean, se, agree, n) in enumerate(rows, 1):
        label = f"`{name}` (Truce)" if name in STRATEGIES else name
        lines.append(f"| {k} | {label} | {mean:.3f} | {se:.3f} | {agree:.2f} | {n} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the cross-play and print the table (and the expert's rank and margin)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--random", type=int, default=6, help="random domains")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--agents", default="", help="comma-separated subset")
    parser.add_argument("--family", default="", help="only domains of this family")
    args = parser.parse_args(argv)
    if sao is None:
        print("bench_crossplay: skipped (install the research extra: pip install -e '.[research]')")
        return 0
    winners = WINNERS if competition is not None else ()
    agents = args.agents.split(",") if args.agents else [*TRUCE, *FIELD, *winners]
    talks = [t for t in every_talks(args.random) if not args.family or t.family == args.family]
    start = time.perf_counter()
    results = run(agents, talks, args.steps, args.jobs)
    rows = summary(results, agents)
    print(table(rows))
    families = sorted({t.family for t in talks})
    for fam in families:
        names = {t.name for t in talks if t.family == fam}
        sub = summary([r for r in results if r[0] in names], agents)
        print(f"\n{fam}: " + ", ".join(f"{n} {m:.3f}" for n, m, *_ in sub[:6]))
    best = rows[0]
    expert = next(r for r in rows if r[0] == "expert")
    runner_up = rows[1] if best[0] == "expert" else best
    print(f"\nexpert rank {rows.index(expert) + 1} of {len(rows)}; margin over "
          f"{runner_up[0]} {expert[1] - runner_up[1]:+.3f} "
          f"(standard errors {expert[2]:.3f}, {runner_up[2]:.3f}); "
          f"{len(results)} negotiations, {len(talks)} domains, {args.steps} steps, "
          f"{time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
