"""The :class:`Initializer` base class and the seed handling of random initializers."""

from __future__ import annotations

import numbers
import random as _python_random
from typing import Any

from multikeras.backend import dtypes
from multikeras.random.seed_generator import SeedGenerator
from multikeras.saving.object_registration import register_builtin
from multikeras.saving.serialization_lib import deserialize_keras_object, serialize_keras_object

Shape = tuple[int, ...]

MODULE = "keras.initializers"
"""The Keras 3 namespace initializers are registered and serialized under."""

_SEED_BOUND = 2**31 - 1



@register_builtin(MODULE)
class Initializer:
    """Base class of initializers: a callable ``(shape, dtype) -> tensor``.

    Subclasses implement ``__call__`` and, when they take arguments,
    ``get_config`` (a dict that ``from_config`` turns back into an equal
    initializer).

    Example:
        >>> import multikeras as mk
        >>> class Twos(mk.initializers.Initializer):
        ...     def __call__(self, shape, dtype=None):
        ...         return mk.ops.full(shape, 2.0, dtype=dtype)
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(Twos()((2,))))
        [2. 2.]
    """

    def __call__(self, shape: Shape, dtype: Any = None) -> Any:
        """Return a tensor of ``shape`` and ``dtype`` (default ``floatx()``).

        Args:
            shape: the shape of the tensor to create.
            dtype: its dtype; ``None`` means ``multikeras.config.floatx()``.
        """
        raise NotImplementedError(f"{type(self).__name__} must implement __call__(shape, dtype=None).")

    def get_config(self) -> dict[str, Any]:
        """The constructor arguments, as a JSON-compatible dict."""
        return {}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Initializer:
        """Create an initializer from the output of :meth:`get_config`.

        Args:
            config: the dict returned by ``get_config``.

        Example:
            >>> import multikeras as mk
            >>> mk.initializers.Constant.from_config({"value": 3.0}).value
            3.0
        """
        return cls(**config)

    def clone(self) -> Initializer:
        """A new initializer with the same configuration.

        Example:
            >>> import multikeras as mk
            >>> mk.initializers.RandomNormal(stddev=2.0, seed=1).clone().get_config()
            {'seed': 1, 'mean': 0.0, 'stddev': 2.0}
        """
        return type(self).from_config(self.get_config())

    def __repr__(self) -> str:
        arguments = ", ".join(f"{key}={value!r}" for key, value in self.get_config().items())
        return f"{type(self).__name__}({arguments})"


class RandomInitializer(Initializer):
    """Base class of initializers that draw random values.

    Seeds follow Keras 3:

    * an ``int`` gives the same values on every call of the initializer;
    * a :class:`multikeras.random.SeedGenerator` gives new values on every call;
    * ``None`` draws an int seed once, when the initializer is created (from
      Python's ``random`` module, as Keras 3 does), so every call of that
      object gives the same values too; ``get_config`` keeps ``None``, so a
      clone or a deserialized copy draws a seed of its own.

    Args:
        seed: ``None``, an int, or a ``SeedGenerator`` (or its serialized dict).
    """

    def __init__(self, seed: int | SeedGenerator | None = None):
        if isinstance(seed, dict):
            seed = deserialize_keras_object(seed, module="keras.random")
        if seed is not None and not isinstance(seed, SeedGenerator) and (
            isinstance(seed, bool) or not isinstance(seed, numbers.Integral)
        ):
            raise ValueError(
                f"{type(self).__name__}: `seed` must be None, an int or a multikeras.random.SeedGenerator, "
                f"received {type(seed).__name__} {seed!r}."
            )
        self._configured_seed = seed if not isinstance(seed, numbers.Integral) else int(seed)
        self.seed = self._configured_seed if seed is not None else _python_random.randint(0, _SEED_BOUND)

    def get_config(self) -> dict[str, Any]:
        return {"seed": serialize_keras_object(self._configured_seed)}


def standardize_shape(shape: Any, owner: str) -> Shape:
    """``shape`` as a tuple of non-negative ints, or a ``ValueError`` naming ``owner``."""
    if isinstance(shape, numbers.Integral) and not isinstance(shape, bool):
        shape = (shape,)
    try:
        result = tuple(int(dim) for dim in shape)
    except (TypeError, ValueError):
        raise ValueError(f"{owner}: expected a shape (a tuple of ints), received {shape!r}.") from None
    if any(dim < 0 for dim in result):
        raise ValueError(f"{owner}: shape dimensions must be non-negative, received {shape!r}.")
    return result


def float_dtype(dtype: Any, owner: str) -> str:
    """The canonical name of a floating-point ``dtype`` (``None``: ``floatx()``), else a ``ValueError``."""
    name = dtypes.standardize_dtype(dtype)
    if not dtypes.is_float(name):
        raise ValueError(f"{owner}: expected a floating-point dtype, received {dtype!r}.")
    return name
