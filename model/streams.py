"""Random streams: one ``numpy.random.Generator`` per process.

Each is derived from the run's ``SeedSequence`` and the process name (Starsim-style). Adding or changing
one process never shifts another's draws, and every scenario of a paired comparison sees the same draws
in the same week (common random numbers): each weekly draw has a fixed size (the number of agent slots),
whatever the scenario does.
"""

from __future__ import annotations

import zlib

import numpy as np

SeedLike = int | np.random.SeedSequence


def as_seed_sequence(seed: SeedLike | None) -> np.random.SeedSequence:
    """Turn an int (or None: fresh entropy) into a SeedSequence; pass SeedSequences through."""
    if isinstance(seed, np.random.SeedSequence):
        return seed
    if seed is None:
        return np.random.SeedSequence()
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    return np.random.SeedSequence(int(seed))


def replicate_seeds(seed: int, reps: int) -> list[np.random.SeedSequence]:
    """Return the SeedSequence children of a replicate set: child i is replicate i of every scenario."""
    return as_seed_sequence(seed).spawn(reps)


def stream(seq: np.random.SeedSequence, name: str) -> np.random.Generator:
    """Return the generator of process ``name`` in the run seeded by ``seq``."""
    key = tuple(seq.spawn_key) + (zlib.crc32(name.encode()),)
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seq.entropy, spawn_key=key)))
