"""Seeds derived from stable bytes: the same master seed and labels give the same seed anywhere.

Python's ``hash`` of a string changes from one process to the next (PYTHONHASHSEED), so it
must never feed a random draw; every derived seed in the game comes from here instead.
"""

from __future__ import annotations

import hashlib


def derive_seed(seed: int, *labels: object) -> int:
    """A 63-bit seed from a master seed and labels (game index, seat, round): SHA-256 of
    ``"seed:label:..."``, so it is the same in every process, on every machine."""
    text = ":".join(str(part) for part in (seed, *labels))
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big") >> 1
