"""`SeedGenerator`: a stateful source of seeds for random ops.

Random ops take an explicit ``seed``: a Python int (the same int gives the
same values on the same backend), a :class:`SeedGenerator` (each call draws
a fresh seed from its state), or ``None`` (a process-wide generator).
"""

from __future__ import annotations

import random as _python_random
import threading
from typing import Any

from multikeras.backend.selection import current
from multikeras.saving.object_registration import register_builtin

_MASK = 0x7FFFFFFF


@register_builtin("keras.random")  # Keras 3 writes seeds as {"module": "keras.random", "class_name": "SeedGenerator"}
class SeedGenerator:
    """Produces a new seed for every draw, from an initial seed.

    Args:
        seed: initial seed; ``None`` picks one at random.
        name: optional name (kept for Keras compatibility).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     generator = mk.random.SeedGenerator(42)
        ...     a = mk.random.uniform((2,), seed=generator)
        ...     b = mk.random.uniform((2,), seed=generator)
        ...     bool((a != b).all())
        True
    """

    def __init__(self, seed: int | None = None, name: str | None = None, **kwargs: Any):
        if seed is None:
            seed = _python_random.randint(0, _MASK)
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise TypeError(
                f"SeedGenerator: expected an int or None for 'seed', "
                f"received {type(seed).__name__} {seed!r}."
            )
        self.name = name or "seed_generator"
        self.initial_seed = seed & _MASK
        self._counter = 0
        self._lock = threading.Lock()

    def next(self, ordered: bool = True) -> Any:
        """Return the next seed as a backend int32 tensor of shape ``(2,)``."""
        with self._lock:
            counter = self._counter
            self._counter += 1
        return current().convert_to_tensor([self.initial_seed, counter & _MASK], "int32")

    @property
    def state(self) -> tuple[int, int]:
        """``(initial_seed, draws so far)``."""
        return (self.initial_seed, self._counter)

    def get_config(self) -> dict[str, Any]:
        return {"seed": self.initial_seed, "name": self.name}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> SeedGenerator:
        return cls(**config)


_global_generator: list[SeedGenerator | None] = [None]


def global_seed_generator() -> SeedGenerator:
    """The generator used for ``seed=None``."""
    if _global_generator[0] is None:
        _global_generator[0] = SeedGenerator()
    return _global_generator[0]


def set_global_seed(seed: int) -> None:
    """Reset the generator used for ``seed=None`` (``keras.utils.set_random_seed`` uses it)."""
    _global_generator[0] = SeedGenerator(seed)


def draw_seed(seed: Any) -> Any:
    """Resolve a ``seed`` argument into a backend int32 tensor of shape ``(2,)``."""
    if seed is None:
        return global_seed_generator().next()
    if isinstance(seed, SeedGenerator):
        return seed.next()
    if isinstance(seed, bool):
        raise TypeError(f"seed: expected an int, a SeedGenerator or None, received bool {seed!r}.")
    if isinstance(seed, int):
        return current().convert_to_tensor([seed & _MASK, 0], "int32")
    shape = getattr(seed, "shape", None)
    if shape is not None and tuple(shape) == (2,):
        return seed
    raise TypeError(
        f"seed: expected an int, a SeedGenerator, None or an int tensor of shape (2,), "
        f"received {type(seed).__name__} {seed!r}."
    )
