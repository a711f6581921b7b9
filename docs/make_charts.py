"""Draw the charts of docs/model.md into docs/img/ (re-run: python docs/make_charts.py).

Everything is computed with the game's own trust model, forecast and deal analysis on the
flagship scenario, so the pictures change when the model or the scenario does.
"""

from __future__ import annotations

import pathlib
import sys
from dataclasses import replace

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.core import analysis, engine, trust  # noqa: E402
from game.core import forecast as fc  # noqa: E402
from game.scenario.loader import load_scenario  # noqa: E402

FLAGSHIP = ROOT / "scenarios" / "state-visit-2015.yaml"
OUT = ROOT / "docs" / "img"
US, CN = "#1f4e99", "#c0392b"
STYLE = {
    "font.size": 17, "axes.titlesize": 21, "axes.labelsize": 19, "legend.fontsize": 15,
    "xtick.labelsize": 16, "ytick.labelsize": 16, "lines.linewidth": 3.5,
    "axes.grid": True, "grid.alpha": 0.3, "figure.dpi": 100, "savefig.bbox": "tight",
}


def trust_paths(prior, verification, choice: str, rounds: int, memory: float, theta,
                futures: int = 4000, false_alarms=(), seed: int = 1) -> np.ndarray:
    """Trust (posterior mean) [futures, rounds + 1] of an observer watching a steady policy."""
    rng = np.random.default_rng(seed)
    belief = np.broadcast_to(prior, (futures, len(theta))).copy()
    out = [np.full(futures, trust.mean(prior, theta))]
    for r in range(1, rounds + 1):
        if choice == "defect":
            signal = rng.random(futures) < verification.detect
        elif false_alarms:
            signal = np.full(futures, r in false_alarms)
        else:
            signal = rng.random(futures) < verification.false_alarm
        belief = trust.update(belief, prior, signal.astype(int), verification.detect,
                              verification.false_alarm, memory, theta)
        out.append(trust.mean(belief, theta))
    return np.stack(out, axis=1)


def chart_trust(scenario) -> pathlib.Path:
    """Trust over rounds: steady compliance, steady defection, false alarms; pledge vs strongest."""
    settings, cyber = scenario.trust, scenario.issue("cyber")
    theta = trust.grid(settings.grid)
    prior = trust.beta_prior(settings.initial["us"], settings.strength, theta)
    strongest = max(cyber.options, key=lambda o: o.verification.detect)
    rounds = 10
    x = np.arange(rounds + 1)
    fig, axes = plt.subplots(1, 2, figsize=(16, 7.5), sharey=True)
    for ax, option in zip(axes, (cyber.option("pledge"), strongest), strict=True):
        v = option.verification
        for choice, colour, label in (("comply", US, "China always complies"),
                                      ("defect", CN, "China always defects")):
            paths = trust_paths(prior, v, choice, rounds, settings.memory, theta)
            lo, mid, hi = np.percentile(paths, [10, 50, 90], axis=0)
            ax.fill_between(x, lo, hi, color=colour, alpha=0.18)
            ax.plot(x, mid, color=colour, label=f"{label} (median, 10–90% band)")
        alarms = trust_paths(prior, v, "comply", rounds, settings.memory, theta, futures=1,
                             false_alarms=(2, 3))
        ax.plot(x, alarms[0], color="#7d3c98", linestyle="--",
                label="China complies; false alarms in rounds 2 and 3")
        name = option.id.replace("-", " ").capitalize()
        ax.set_title(f"{name}\n(detect {v.detect:.2f}, false alarm {v.false_alarm:.2f})")
        ax.set_xlabel("Round")
        ax.set_ylim(0, 1)
        ax.set_xticks(x)
        if v.detect - v.false_alarm < 0.05:
            ax.text(5, 0.15, "a report is almost as likely from\nan honest side "
                    f"({v.false_alarm:.2f}) as from a\ncheat ({v.detect:.2f}): trust cannot learn",
                    ha="center",
                    fontsize=16, bbox={"facecolor": "white", "alpha": 0.9})
    axes[0].set_ylabel("US trust in China on cyber\n(posterior mean compliance rate)")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=2, bbox_to_anchor=(0.5, -0.13))
    fig.suptitle("Weak verification hides cheating; strong verification exposes it", fontsize=24,
                 y=1.03)
    return save(fig, "trust_over_rounds.png")


def chart_verification(scenario) -> pathlib.Path:
    """Value of the Nash deal to each side, as the cyber commitment's detection rises."""
    scenario = replace(scenario, events=())
    state = engine.new_game(scenario, 0)
    package = analysis.analyse_scenario(scenario).nash.package
    deal = fc.deal_from_state(state, package)
    k = state.tables.issue_ids.index("cyber")
    tables, settings = state.tables, scenario.trust
    ts = fc.TrustState(np.asarray(state.beliefs), tables.prior, tables.theta, settings.memory,
                       settings.relationship_weight, settings.unjustified_penalty)
    ladder = fc._ladder(scenario.sanctions.levels, (), scenario.sanctions.decay)
    detect = np.linspace(0.0, 1.0, 21)
    cheat, honest, victim, partner = [], [], [], []
    for d in detect:
        rates = deal.detect.copy()
        rates[:, k] = d
        trial = replace(deal, detect=rates)
        keep = np.ones((2, deal.obliged.shape[1]))
        breaks = keep.copy()
        breaks[1, k] = 0.0
        runs = [fc.simulate(trial, c, scenario.settings.rounds, ladder, ts, futures=4000,
                            rng=np.random.default_rng(3)) for c in (keep, breaks)]
        honest.append(runs[0].payoff[:, 1].mean())
        partner.append(runs[0].payoff[:, 0].mean())
        cheat.append(runs[1].payoff[:, 1].mean())
        victim.append(runs[1].payoff[:, 0].mean())
    fig, axes = plt.subplots(1, 2, figsize=(17, 8))
    panels = ((axes[0], "China (the side tempted to cheat)", CN, honest, cheat),
              (axes[1], "United States (the side cheated)", US, partner, victim))
    for ax, title, colour, kept, broken in panels:
        ax.plot(detect, kept, color=colour, label="China keeps the cyber pledge")
        ax.plot(detect, broken, color=colour, linestyle="--", label="China always breaks it")
        low = min(min(kept), min(broken))
        for option in scenario.issue("cyber").options:
            ax.axvline(option.verification.detect, color="grey", linewidth=1.5, alpha=0.6)
            ax.text(option.verification.detect + 0.01, low, option.id, rotation=90,
                    fontsize=14, color="dimgrey", va="bottom")
        ax.set_title(title)
        ax.set_xlabel("Chance a cyber violation is detected")
        ax.legend(loc="upper right" if colour == CN else "center right", framealpha=0.9)
    axes[0].set_ylabel(f"Expected final score ({scenario.settings.rounds} rounds)")
    fig.suptitle("Verification makes keeping the cyber pledge pay (the Nash package; every "
                 "report\nanswered by a sanction, one rung up on a repeat)", fontsize=22, y=1.04)
    return save(fig, "verification_value.png")


def chart_deal_space(scenario) -> pathlib.Path:
    """Every package of the flagship, its Pareto frontier and the bargaining solutions."""
    result = analysis.analyse_scenario(scenario)
    space = result.space
    every = result.normalise(analysis.utilities(space, analysis.all_packages(space)))
    front = result.normalise(result.frontier.points)
    fig, ax = plt.subplots(figsize=(12, 9))
    ax.scatter(every[:, 0], every[:, 1], s=12, color="lightgrey", label="every package")
    ax.plot(front[:, 0], front[:, 1], color="black", marker="o", markersize=8,
            label="Pareto frontier")
    marks = (("Kalai–Smorodinsky", result.kalai_smorodinsky, "D", "#7d3c98", 700),
             ("Nash", result.nash, "*", "#f4d03f", 450),
             ("Max joint gain", result.max_joint, "s", "#117a65", 260))
    for order, (name, solution, marker, colour, size) in enumerate(marks):
        ax.scatter(*solution.normalised, marker=marker, s=size, color=colour, zorder=5 + order,
                   edgecolor="black", label=f"{name} ({solution.normalised[0]:.0f}, "
                   f"{solution.normalised[1]:.0f})")
    ax.scatter(0, 0, marker="X", s=300, color="black", zorder=5, label="No deal (0, 0)")
    ax.set_xlabel("US: 0 = no deal, 100 = its ideal")
    ax.set_ylabel("China: 0 = no deal, 100 = its ideal")
    ax.set_title(f"The {scenario.id} deal space: {space.size:,} packages\n"
                 "(per round, if both sides keep their word)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), framealpha=0.9)
    return save(fig, "deal_space.png")


def save(fig, name: str) -> pathlib.Path:
    """Write one chart and close it."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / name
    fig.savefig(path)
    plt.close(fig)
    return path


def main() -> int:
    """Draw every chart; print where each went."""
    plt.rcParams.update(STYLE)
    scenario = load_scenario(FLAGSHIP)
    for chart in (chart_trust, chart_verification, chart_deal_space):
        print(chart(scenario).relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
