"""A guided scenario's hints (`hints:` in the file), picked for the moment a player is at.

Shared by the shells: the terminal game shows each hint once, above the prompt it is about; the
window can ask the same question with the same `HintBook`. A hint belongs to a phase in which
the player is asked to act (negotiate, implement, respond) or to the end of the game (over),
to one round or to the first round in which that phase comes to the player, and to one side's
player or to either. Hints are teaching text: they change nothing in the game.
"""

from __future__ import annotations

from collections.abc import Iterable

from game.core.scenario import Hint


def applies(hint: Hint, side: str, round_: int, phase: str) -> bool:
    """Whether the hint is for this player at this moment (ignoring whether it was shown)."""
    if hint.side and hint.side != side:
        return False
    if hint.phase != phase:
        return False
    return phase == "over" or hint.round in (0, round_)


class HintBook:
    """The hints of one player's game, each given once, in the order the scenario lists them."""

    def __init__(self, hints: Iterable[Hint], side: str) -> None:
        self.hints = tuple(h for h in hints if not h.side or h.side == side)
        self.side = side
        self.shown: set[str] = set()
        self.phases_met: set[str] = set()  # phases the player has been asked to act in

    def due(self, round_: int, phase: str) -> list[Hint]:
        """The hints to show now, marked as shown. A hint without a round is due the first
        time the phase comes to the player (never later, if that moment passed unseen)."""
        first_time = phase not in self.phases_met
        self.phases_met.add(phase)
        out = []
        for hint in self.hints:
            if hint.id in self.shown or not applies(hint, self.side, round_, phase):
                continue
            if hint.round == 0 and phase != "over" and not first_time:
                continue
            self.shown.add(hint.id)
            out.append(hint)
        return out

    def skip_to(self, round_: int) -> None:
        """On resuming a game at `round_`: hints of earlier rounds, and first-time hints of
        phases the player has surely met (talks and implementation of round 1), stay unsaid."""
        for hint in self.hints:
            if 0 < hint.round < round_:
                self.shown.add(hint.id)
        if round_ > 1:
            self.phases_met |= {"negotiate", "implement"}
