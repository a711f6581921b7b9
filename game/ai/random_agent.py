"""The random agent: uniform over the legal actions of its observation (a baseline and a fuzzer)."""

from __future__ import annotations

import random

from game.core.actions import Action
from game.core.observe import Observation


class RandomAgent:
    """Picks uniformly among the legal actions; seeded, so a game with it replays exactly."""

    name = "random"

    def __init__(self, seat: str = "", seed: int = 0) -> None:
        self.seat = seat
        self.rng = random.Random(seed)

    def act(self, observation: Observation) -> Action:
        """A uniformly random legal action (ValueError if there is none)."""
        legal = observation.legal_actions
        if not len(legal):
            raise ValueError(f"{observation.seat} has no legal action now")
        return legal[self.rng.randrange(len(legal))]
