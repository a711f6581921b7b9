"""The random agent: uniform over the legal actions of its observation (a baseline and a fuzzer)."""

from __future__ import annotations

import random
import threading

from game.core.actions import Action
from game.core.observe import Observation

_GENERATOR = threading.local()  # one generator per thread, re-seeded for every choice
# Random.seed on a whole number hands it to the C generator's seed as it is: call that at once
_SEED = random.Random.__mro__[1].seed


class RandomAgent:
    """Picks uniformly among the legal actions. Each choice is drawn from a generator fixed by
    the agent's seed and the moment of the game (the observation's version), so a game with it
    replays exactly, and a resumed game goes on as if it had never stopped."""

    name = "random"

    def __init__(self, seat: str = "", seed: int = 0) -> None:
        self.seat = seat
        self.seed = seed

    def act(self, observation: Observation) -> Action:
        """A uniformly random legal action (ValueError if there is none)."""
        legal = observation.legal_actions
        if not legal:
            raise ValueError(f"{observation.seat} has no legal action now")
        rng = getattr(_GENERATOR, "rng", None)
        if rng is None:
            rng = _GENERATOR.rng = random.Random()
        _SEED(rng, self.seed * 1_000_003 + observation.version)  # as a fresh Random(that seed)
        size = legal.size  # exact, even beyond sys.maxsize
        bits = size.bit_length()  # randrange(size), drawn as it draws: k bits until below size
        pick = rng.getrandbits(bits)
        while pick >= size:
            pick = rng.getrandbits(bits)
        return legal[pick]
