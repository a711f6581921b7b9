"""Charts drawn by our own code onto a picture pygame_gui shows: the deal map (Pareto frontier,
Nash point, the deals signed) and trust over the rounds. Every mark carries a written label,
not only a colour or a shape; each chart returns its words so tests can read them.
"""

from __future__ import annotations

import numpy as np
import pygame

from game.report.debrief import Theory
from game.ui.window.theme import Theme


class Canvas:
    """A picture being drawn, with the words written on it."""

    def __init__(self, theme: Theme, size: tuple[int, int]) -> None:
        self.theme = theme
        self.surface = pygame.Surface((max(size[0], 40), max(size[1], 40)), pygame.SRCALPHA)
        self.words: list[str] = []
        self.taken: list[pygame.Rect] = []  # marks and labels placed so far (see `place`)

    def write(self, x: int, y: int, text: str, role: str = "small",
              colour: str = "text", halo: bool = False) -> pygame.Rect:
        """Text at (x, y); with `halo`, on a patch of the panel's colour, so a line drawn
        under it (the frontier, a grid line) does not cross the words."""
        picture = self.theme.pen(role).render(text, True, self.theme.colour(colour))
        self.words.append(text)
        if halo:
            patch = picture.get_rect(topleft=(x, y)).inflate(4, 0)
            pygame.draw.rect(self.surface, self.theme.colour("panel"), patch)
        return self.surface.blit(picture, (x, y))

    def place(self, spots, text: str, role: str = "small", colour: str = "text",
              needed: bool = True) -> pygame.Rect | None:
        """Write a label at the first of `spots` (top-left corners) where it stays inside the
        picture and clear of the marks and labels already placed; if none is clear, at the
        first spot when it is `needed`, else not at all."""
        w, h = self.theme.pen(role).size(text)
        bounds = self.surface.get_rect()
        fits = [(x, y) for x, y in spots if bounds.contains(pygame.Rect(x, y, w, h))]
        clear = next(((x, y) for x, y in fits
                      if pygame.Rect(x, y, w, h).inflate(4, 2).collidelist(self.taken) < 0), None)
        if clear is None and not needed:
            return None
        x, y = clear or (fits or list(spots))[0]
        rect = self.write(x, y, text, role, colour, halo=True)
        self.taken.append(rect)
        return rect

    def width(self, text: str, role: str = "small") -> int:
        return self.theme.pen(role).size(text)[0]

    def line(self, points, colour: str, width: int = 2) -> None:
        if len(points) > 1:
            pygame.draw.lines(self.surface, self.theme.colour(colour), False, points, width)

    def dot(self, centre, radius: int, colour: str, square: bool = False,
            edge: str | None = None) -> None:
        c = self.theme.colour
        self.taken.append(pygame.Rect(centre[0] - radius, centre[1] - radius, 2 * radius,
                                      2 * radius))
        if square:
            rect = pygame.Rect(centre[0] - radius, centre[1] - radius, 2 * radius, 2 * radius)
            pygame.draw.rect(self.surface, c(colour), rect)
            if edge:
                pygame.draw.rect(self.surface, c(edge), rect, 2)
        else:
            pygame.draw.circle(self.surface, c(colour), centre, radius)
            if edge:
                pygame.draw.circle(self.surface, c(edge), centre, radius, 2)

    def axes(self, x_label: str, y_label: str, x_range, y_range, x_ticks, y_ticks):
        """Axes with ticks and labels; returns a function from data to pixels."""
        w, h = self.surface.get_size()
        small = self.theme.pen("small").get_linesize()
        left = self.width("100") + self.theme.space["pad"]
        bottom = h - 2 * small
        top = small // 2
        right = w - max(self.theme.space["pad"], self.width("100") // 2 + 2)
        (x0, x1), (y0, y1) = x_range, y_range
        self.left = left

        def at(vx: float, vy: float) -> tuple[int, int]:
            px = left + (vx - x0) / (x1 - x0 or 1) * (right - left)
            py = bottom - (vy - y0) / (y1 - y0 or 1) * (bottom - top)
            return int(px), int(py)

        for t in x_ticks:
            px, _ = at(t, y0)
            self.line(((px, bottom), (px, top)), "grid", 1)
            self.write(px - self.width(f"{t:g}") // 2, bottom + 2, f"{t:g}", colour="muted")
        for t in y_ticks:
            _, py = at(x0, t)
            self.line(((left, py), (right, py)), "grid", 1)
            self.write(left - self.width(f"{t:g}") - 4, py - small // 2, f"{t:g}",
                       colour="muted")
        self.line(((left, top), (left, bottom), (right, bottom)), "muted", 2)
        self.write((left + right - self.width(x_label)) // 2, bottom + small, x_label)
        self.taken.append(self.write(left + 6, top, y_label))  # mark labels keep clear of it
        return at


def deal_map(theme: Theme, size: tuple[int, int], frontier: np.ndarray,
             theory: Theory) -> Canvas:
    """Deals on both sides' 0–100 scales: the Pareto frontier, the Nash point, each deal in
    force after a signing, and the final deal."""
    canvas = Canvas(theme, size)
    small = theme.pen("small").get_linesize()
    points = [tuple(p) for p in frontier] + [theory.nash_worth]
    points += [d.worth for d in theory.deals]
    low = min(0.0, *(min(p) for p in points))
    high = max(100.0, *(max(p) for p in points))
    ticks = [t for t in (0, 25, 50, 75, 100) if low <= t <= high]
    at = canvas.axes("United States, out of 100 a round", "China, out of 100", (low, high),
                     (low, high), ticks, ticks)
    line = [at(u, c) for u, c in frontier]
    if len(line) > 1:
        canvas.line(line, "meter", 3)
    # marks first, then their labels by importance, each where it is clear of the others
    nash = at(*theory.nash_worth)
    canvas.dot(nash, 7, "cn", square=True, edge="text")
    spots: dict[tuple[int, int], list[int]] = {}  # deals at the same place share a label
    for deal in theory.deals:
        if theory.final is not None and deal == theory.final:
            continue
        spots.setdefault(at(*deal.worth), []).append(deal.round)
    for p in spots:
        canvas.dot(p, 5, "muted", edge="text")
    final = at(*theory.final.worth) if theory.final is not None else None
    if final is not None:
        canvas.dot(final, 9, "keep", edge="text")
        canvas.place(around(canvas, final, 11, "final deal", "small-bold"), "final deal",
                     "small-bold")
    canvas.place(around(canvas, nash, 10, "Nash", "small-bold"), "Nash", "small-bold")
    for p, rounds in spots.items():
        label = rounds_label(rounds)
        canvas.place(around(canvas, p, 7, label), label, colour="muted", needed=False)
    if len(line) > 1:  # under the frontier's lower end, its middle or its upper end
        label = "Pareto frontier"
        width = canvas.width(label)
        ends = (line[-1], line[len(line) // 2], line[0])
        canvas.place([spot for x, y in ends for spot in (
            (x - width - 8, y - small // 2), (x - width // 2, y + 6), (x + 8, y + 4),
            (x - width - 8, y - small - 6))], label, colour="meter", needed=False)
    return canvas


def around(canvas: Canvas, p: tuple[int, int], gap: int, text: str,
           role: str = "small") -> list[tuple[int, int]]:
    """Where a mark's label may go, best first: right of it, left, above, below."""
    w = canvas.width(text, role)
    h = canvas.theme.pen(role).get_linesize()
    x, y = p
    return [(x + gap, y - h // 2), (x - gap - w, y - h // 2), (x - w // 2, y - gap - h),
            (x - w // 2, y + gap), (x + gap, y - h - 2), (x + gap, y + 2),
            (x - gap - w, y - h - 2), (x - gap - w, y + 2)]


def rounds_label(rounds: list[int]) -> str:
    """Rounds as a chart label: R2, or R2-R6 for a run, R1, R3 for a gap."""
    rounds = sorted(set(rounds))
    parts, start = [], rounds[0]
    for prev, now in zip(rounds, [*rounds[1:], None], strict=True):
        if now is None or now != prev + 1:
            parts.append(f"R{start}" if start == prev else f"R{start}–R{prev}")
            start = now
    return ", ".join(parts)


def deal_tip(theory: Theory) -> str:
    """The deal map's figures in words (its tool tip)."""
    parts = [f"Nash package: US {theory.nash_worth[0]:.0f}, China {theory.nash_worth[1]:.0f} "
             "out of 100 a round."]
    for deal in theory.deals:
        what = "The deal in force at the end" if deal == theory.final else \
            f"Deal in force after round {deal.round}'s signing"
        where = "on the Pareto frontier" if deal.on_frontier else \
            f"{deal.to_frontier:.0f} points short of the Pareto frontier"
        parts.append(f"{what}: US {deal.worth[0]:.0f}, China {deal.worth[1]:.0f}; {where}; "
                     f"{deal.to_nash:.0f} points from the Nash package.")
    return " ".join(parts)


def trust_chart(theme: Theme, size: tuple[int, int], log: dict[int, dict[str, float]],
                rounds: int, them: str) -> tuple[Canvas, str]:
    """The seat's trust in the other side at the end of each round: the average over issues
    (a line with dots) and the lowest and highest issue (a bar per round); and its tool tip."""
    canvas = Canvas(theme, size)
    at = canvas.axes("Round (0 = before the first round)", f"Your trust in {them}",
                     (0, max(rounds, 1)), (0.0, 1.0), list(range(0, rounds + 1)), [0, 0.5, 1])
    known = sorted(r for r in log if 0 <= r <= rounds)
    if not known:
        w, h = canvas.surface.get_size()
        canvas.write(w // 3, h // 2, "No record of trust", colour="muted")
        return canvas, ""
    path, said = [], []
    for r in known:
        values = list(log[r].values())
        mean = sum(values) / len(values)
        canvas.line((at(r, min(values)), at(r, max(values))), "band", 6)
        p = at(r, mean)
        path.append(p)
        canvas.dot(p, 4, "meter")
        said.append(f"end of round {r}: average {mean:.2f} (lowest issue {min(values):.2f}, "
                    f"highest {max(values):.2f})" if r else f"before the first round: {mean:.2f}")
    canvas.line(path, "meter", 3)
    return canvas, "Your trust, " + "; ".join(said) + "."
