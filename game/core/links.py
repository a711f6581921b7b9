"""Linked options: an option that `requires` others may be signed only together with them.

One rule (`link_problem`) serves the engine, the legal actions and the analysis; when a
required commitment ends, the commitments that came with it end too (`unlinked`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from game.core.events import CommitmentEnded, GameEvent
from game.core.state import GameState

Pair = tuple[str, str]
Links = tuple[tuple[Pair, tuple[Pair, ...]], ...]  # ((issue, option), (required pairs...))


def link_problem(terms: Sequence[Pair], requires: Mapping[Pair, tuple[Pair, ...]],
                 standing: Mapping[str, str]) -> str:
    """Why a package breaks a link ("" if it keeps them all): a linked option is offered only
    with each option it requires, in the same package or in force and not replaced by it."""
    chosen = dict(terms)
    for pair in terms:
        for issue, option in requires.get(pair, ()):
            held = chosen.get(issue, standing.get(issue))
            if held != option:
                return (f"{pair[0]}={pair[1]} comes only with {issue}={option} "
                        "(in the same offer, or in force and not replaced)")
    return ""


def after_signing(held: Mapping[str, str], terms: Sequence[Pair],
                  requires: Mapping[Pair, tuple[Pair, ...]]) -> dict[str, str]:
    """The commitments in force once `terms` are signed over `held` (issue -> option): the
    terms replace what stood on their issues, and what came only with a replaced option ends
    with it (as `unlinked` does in play)."""
    deal = {**held, **dict(terms)}
    while True:
        gone = [issue for issue, option in deal.items()
                if link_problem(((issue, option),), requires, deal)]
        if not gone:
            return deal
        for issue in gone:
            del deal[issue]


def link_groups(space: tuple[tuple[str, tuple[str, ...]], ...], requires: Mapping) -> list:
    """Issues of a package space joined by links: lists of positions, in issue order."""
    where = {issue: n for n, (issue, _) in enumerate(space)}
    root = list(range(len(space)))

    def find(n: int) -> int:
        while root[n] != n:
            root[n] = root[root[n]]
            n = root[n]
        return n

    for (issue, _), needs in requires.items():
        for other, _ in needs:
            if issue in where and other in where:
                a, b = find(where[issue]), find(where[other])
                root[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for n in range(len(space)):
        groups.setdefault(find(n), []).append(n)
    return sorted(groups.values())


def unlinked(state: GameState) -> tuple[GameState, list[GameEvent]]:
    """End the commitments whose required partner is no longer in force (until none is left)."""
    requires = state.tables.requires
    if not requires:
        return state, []
    events: list[GameEvent] = []
    while True:
        held = {c.issue: c.option for c in state.commitments}
        broken = [c for c in state.commitments
                  if link_problem(((c.issue, c.option),), requires, held)]
        if not broken:
            return state, events
        gone = {c.issue for c in broken}
        state = state.evolve(commitments=tuple(c for c in state.commitments
                                               if c.issue not in gone))
        for c in broken:
            need = ", ".join(f"{k}={o}" for k, o in requires[(c.issue, c.option)])
            events.append(CommitmentEnded(state.round, c.issue, c.option,
                                          f"it came only with {need}"))
