"""Charts drawn as scene items: the deal map (Pareto frontier, Nash point, the deals signed)
and trust over the rounds. Every mark carries a written label, not only a colour or shape."""

from __future__ import annotations

import numpy as np

from game.report.debrief import Theory
from game.report.debrief_text import GLOSSARY
from game.ui.window.scene import Dot, Line, Scene
from game.ui.window.theme import Theme


def _axes(scene: Scene, theme: Theme, rect, x_label: str, y_label: str, x_range, y_range,
          x_ticks, y_ticks):
    """Axes with ticks and labels; returns a function from data to pixels."""
    x, y, w, h = rect
    small = theme.line_height("small")
    left = x + theme.width("100", "small") + theme.space["pad"]
    bottom = y + h - 2 * small
    top = y + small // 2
    right = x + w - theme.space["pad"]
    (x0, x1), (y0, y1) = x_range, y_range

    def at(vx: float, vy: float) -> tuple[int, int]:
        px = left + (vx - x0) / (x1 - x0 or 1) * (right - left)
        py = bottom - (vy - y0) / (y1 - y0 or 1) * (bottom - top)
        return int(px), int(py)

    scene.add(Line(((left, top), (left, bottom), (right, bottom)), "muted", 2))
    for t in x_ticks:
        px, _ = at(t, y0)
        scene.add(Line(((px, bottom), (px, top)), "grid", 1))
        label = f"{t:g}"
        scene.text(theme, px - theme.width(label, "small") // 2, bottom + 2, label, "small",
                   "muted")
    for t in y_ticks:
        _, py = at(x0, t)
        scene.add(Line(((left, py), (right, py)), "grid", 1))
        label = f"{t:g}"
        scene.text(theme, left - theme.width(label, "small") - 4, py - small // 2, label,
                   "small", "muted")
    scene.text(theme, (left + right - theme.width(x_label, "small")) // 2, bottom + small,
               x_label, "small")
    scene.text(theme, left + 6, top, y_label, "small")
    return at


def deal_map(scene: Scene, theme: Theme, rect, frontier: np.ndarray, theory: Theory,
             me: str) -> None:
    """Deals on both sides' 0–100 scales: the Pareto frontier, the Nash point, each deal in
    force after a signing, and the final deal."""
    points = [tuple(p) for p in frontier] + [theory.nash_worth]
    points += [d.worth for d in theory.deals]
    low = min(0.0, *(min(p) for p in points))
    high = max(100.0, *(max(p) for p in points))
    ticks = [t for t in (0, 25, 50, 75, 100) if low <= t <= high]
    at = _axes(scene, theme, rect, "United States, out of 100 a round", "China, out of 100",
               (low, high), (low, high), ticks, ticks)
    line = tuple(at(u, c) for u, c in frontier)
    if len(line) > 1:
        scene.add(Line(line, "meter", 3))
        fx, fy = line[-1]
        label = "Pareto frontier"
        scene.text(theme, fx - theme.width(label, "small") - 8, fy - theme.line_height("small")
                   // 2, label, "small", "meter", tip=GLOSSARY["frontier"])
    nash = at(*theory.nash_worth)
    scene.add(Dot(nash, 7, "cn", square=True, edge="text"))
    scene.text(theme, nash[0] + 10, nash[1] - 4, "Nash", "small-bold", tip=GLOSSARY["nash"])
    scene.hot((nash[0] - 8, nash[1] - 8, 16, 16), f"Nash package: US {theory.nash_worth[0]:.0f},"
              f" China {theory.nash_worth[1]:.0f} out of 100 a round. {GLOSSARY['nash']}")
    for deal in theory.deals:
        if theory.final is not None and deal == theory.final:
            continue
        p = at(*deal.worth)
        scene.add(Dot(p, 5, "muted", edge="text"))
        label = f"R{deal.round}"
        scene.text(theme, p[0] - theme.width(label, "small") - 7, p[1] - theme.line_height(
            "small"), label, "small", "muted")
        scene.hot((p[0] - 6, p[1] - 6, 12, 12), _deal_tip(deal, "Deal in force after round "
                                                            f"{deal.round}'s signing"))
    if theory.final is not None:
        p = at(*theory.final.worth)
        scene.add(Dot(p, 9, "keep", edge="text"))
        below = abs(p[1] - nash[1]) < 2 * theme.line_height("small") and p[0] >= nash[0] - 40
        scene.text(theme, p[0] + 11, p[1] + (theme.line_height("small") if below else 4),
                   "final deal", "small-bold")
        scene.hot((p[0] - 10, p[1] - 10, 20, 20), _deal_tip(theory.final, "The deal in force at "
                                                            "the end"))


def _deal_tip(deal, what: str) -> str:
    where = "on the Pareto frontier" if deal.on_frontier else \
        f"{deal.to_frontier:.0f} points short of the Pareto frontier"
    return (f"{what}: US {deal.worth[0]:.0f}, China {deal.worth[1]:.0f} out of 100 a round if "
            f"both keep it; {where}; {deal.to_nash:.0f} points from the Nash package.")


def trust_chart(scene: Scene, theme: Theme, rect, log: dict[int, dict[str, float]],
                rounds: int, them: str) -> None:
    """The seat's trust in the other side at the end of each round: the average over issues
    (a line with dots) and the lowest and highest issue (a bar per round)."""
    at = _axes(scene, theme, rect, "Round (0 = before the first round)", f"Your trust in {them}",
               (0, max(rounds, 1)), (0.0, 1.0), list(range(0, rounds + 1)), [0, 0.5, 1])
    known = sorted(r for r in log if 0 <= r <= rounds)
    if not known:
        scene.text(theme, rect[0] + rect[2] // 3, rect[1] + rect[3] // 2, "No record of trust",
                   "small", "muted")
        return
    path = []
    for r in known:
        values = list(log[r].values())
        mean = sum(values) / len(values)
        lo, hi = at(r, min(values)), at(r, max(values))
        scene.add(Line((lo, hi), "band", 6))
        p = at(r, mean)
        path.append(p)
        scene.add(Dot(p, 4, "meter"))
        scene.hot((p[0] - 8, hi[1] - 4, 16, lo[1] - hi[1] + 8),
                  f"End of round {r}: average {mean:.2f}, lowest issue {min(values):.2f}, "
                  f"highest {max(values):.2f}." if r else
                  f"Before the first round: average {mean:.2f}.")
    if len(path) > 1:
        scene.add(Line(tuple(path), "meter", 3))
