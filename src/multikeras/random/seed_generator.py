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

    Its state, ``[initial seed, draws so far]``, is a non-trainable int32
    :class:`~multikeras.Variable`: layers list it among their
    ``non_trainable_variables``, so a compiled training step that threads
    variables through (values in, values out) draws fresh seeds on every step
    instead of baking one in at trace time.

    Args:
        seed: initial seed; ``None`` picks one at random.
        name: optional name (``"seed_generator"``, ``"seed_generator_1"`` ... by default). The state
            variable's path is ``"<name>/seed_generator_state"`` under the open name scopes.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     generator = mk.random.SeedGenerator(42)
        ...     a = mk.random.uniform((2,), seed=generator)
        ...     b = mk.random.uniform((2,), seed=generator)
        ...     bool((a != b).all()), generator.state.numpy().tolist()
        (True, [42, 2])
    """

    def __init__(self, seed: int | None = None, name: str | None = None, **kwargs: Any):
        from multikeras.state.variable import Variable  # state sits above random in the import order

        if seed is None:
            seed = _python_random.randint(0, _MASK)
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise TypeError(
                f"SeedGenerator: expected an int or None for 'seed', "
                f"received {type(seed).__name__} {seed!r}."
            )
        from multikeras.state.name_scopes import name_scope
        from multikeras.utils.naming import unique_name

        # Named as Keras 3 names them (seed_generator, seed_generator_1 ... from the layer-name counter), so
        # the state's path is "<generator>/seed_generator_state" under the scopes open now.
        self.name = name or unique_name("seed_generator")
        self.initial_seed = seed & _MASK
        with name_scope(self.name, caller=self):
            self.state = Variable([self.initial_seed, 0], dtype="int32", trainable=False, name="seed_generator_state")
        self._lock = threading.Lock()

    def next(self, ordered: bool = True) -> Any:
        """Return the next seed (an int32 tensor of shape ``(2,)``) and advance the state."""
        with self._lock:
            seed = self.state.value
            self.state.assign(current().add(seed, current().convert_to_tensor([0, 1], "int32")))
        return seed

    def get_config(self) -> dict[str, Any]:
        return {"seed": self.initial_seed, "name": self.name}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> SeedGenerator:
        return cls(**config)


_global_generators: dict[str, SeedGenerator] = {}


def global_seed_generator() -> SeedGenerator:
    """The generator used for ``seed=None``, one per backend (its state is that backend's array)."""
    backend = current()
    generator = _global_generators.get(backend.name)
    if generator is None:
        generator = _global_generators[backend.name] = SeedGenerator(_global_seed[0])
    return generator


_global_seed: list[int | None] = [None]


def set_global_seed(seed: int) -> None:
    """Reset the generators used for ``seed=None`` (``keras.utils.set_random_seed`` uses it)."""
    _global_seed[0] = seed
    _global_generators.clear()


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
