"""Initializers that return fixed values: Zeros, Ones, Constant, Identity."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from multikeras import ops
from multikeras.backend import dtypes
from multikeras.initializers.initializer import MODULE, Initializer, Shape, standardize_shape
from multikeras.saving.object_registration import register_builtin

_ARRAY_CONFIG_NAMES = ("__tensor__", "__numpy__")


@register_builtin(MODULE)
class Zeros(Initializer):
    """Fill with zeros.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(mk.initializers.Zeros()((2, 2), dtype="int32")))
        [[0 0]
         [0 0]]
    """

    def __call__(self, shape: Shape, dtype: Any = None) -> Any:
        return ops.zeros(standardize_shape(shape, "Zeros"), dtype=dtypes.standardize_dtype(dtype))


@register_builtin(MODULE)
class Ones(Initializer):
    """Fill with ones.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(mk.initializers.Ones()((3,))))
        [1. 1. 1.]
    """

    def __call__(self, shape: Shape, dtype: Any = None) -> Any:
        return ops.ones(standardize_shape(shape, "Ones"), dtype=dtypes.standardize_dtype(dtype))


@register_builtin(MODULE)
class Constant(Initializer):
    """Fill with a constant, broadcast to the requested shape.

    Args:
        value: a Python number, a nested list, a NumPy array or a tensor; it
            must broadcast to the shape the initializer is called with.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(mk.initializers.Constant([1.0, 2.0])((2, 2))))
        [[1. 2.]
         [1. 2.]]
    """

    def __init__(self, value: Any = 0.0):
        self.value = value

    def __call__(self, shape: Shape, dtype: Any = None) -> Any:
        shape = standardize_shape(shape, "Constant")
        dtype = dtypes.standardize_dtype(dtype)
        value = ops.convert_to_tensor(self.value, dtype=dtype)
        value_shape = tuple(ops.shape(value))
        try:
            np.broadcast_shapes(value_shape, shape)
        except ValueError:
            raise ValueError(
                f"Constant: a value of shape {value_shape} does not broadcast to the requested shape {shape}."
            ) from None
        return ops.broadcast_to(value, shape)

    def get_config(self) -> dict[str, Any]:
        value = self.value
        if isinstance(value, (bool, int, float, list, tuple)) or value is None:
            return {"value": value}
        array = np.asarray(ops.convert_to_numpy(value))
        # Keras 3 writes array values in this layout.
        return {"value": {"class_name": "__tensor__", "config": {"value": array.tolist(), "dtype": str(array.dtype)}}}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Constant:
        config = dict(config)
        value = config.pop("value", 0.0)
        if isinstance(value, Mapping) and value.get("class_name") in _ARRAY_CONFIG_NAMES:
            inner = value["config"]
            value = np.asarray(inner["value"], dtype=dtypes.standardize_dtype(inner.get("dtype")))
        return cls(value=value, **config)


@register_builtin(MODULE)
class Identity(Initializer):
    """A 2-D identity matrix times ``gain`` (rectangular shapes get ones on the main diagonal).

    Args:
        gain: the value on the diagonal.

    Note: Keras 3.15 leaves ``gain`` out of the config (``{}``); multikeras
    writes it, so ``Identity(gain=2.0)`` survives a save; Keras loads that
    config too.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(mk.initializers.Identity(gain=2.0)((2, 3))))
        [[2. 0. 0.]
         [0. 2. 0.]]
    """

    def __init__(self, gain: float = 1.0):
        self.gain = gain

    def __call__(self, shape: Shape, dtype: Any = None) -> Any:
        shape = standardize_shape(shape, "Identity")
        if len(shape) != 2:
            raise ValueError(
                f"Identity: the identity initializer only makes 2-D matrices; received shape={shape} "
                f"of rank {len(shape)}."
            )
        dtype = dtypes.standardize_dtype(dtype)
        return ops.multiply(ops.eye(shape[0], shape[1], dtype=dtype), ops.cast(self.gain, dtype))

    def get_config(self) -> dict[str, Any]:
        return {"gain": self.gain}
