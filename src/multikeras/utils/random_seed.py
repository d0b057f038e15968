"""`set_random_seed`: one call that makes runs repeatable."""

from __future__ import annotations

import random

import numpy as np

from multikeras.random.seed_generator import set_global_seed


def set_random_seed(seed: int) -> None:
    """Seed Python's ``random``, NumPy's global generator and multikeras's own generators.

    After it, building the same model and fitting it on the same backend
    gives identical weights: initializers without a seed draw theirs from
    Python's ``random``, shuffling uses NumPy, and random ops with
    ``seed=None`` (dropout in a layer without a seed, for instance) use
    multikeras's global generator. multikeras's random ops never read a
    framework's own global generator, so no framework needs seeding.

    Example:
        >>> import multikeras as mk
        >>> set_random_seed(3); a = mk.initializers.GlorotUniform()
        >>> set_random_seed(3); b = mk.initializers.GlorotUniform()
        >>> a.seed == b.seed
        True
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"set_random_seed: expected an int, received {type(seed).__name__} {seed!r}.")
    seed = int(seed)
    random.seed(seed)
    np.random.seed(seed % 2**32)
    set_global_seed(seed)
