"""`Rescaling`: ``inputs * scale + offset``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multikeras import ops
from multikeras.layers.layer import Layer
from multikeras.layers.preprocessing.preprocessing_utils import describe
from multikeras.saving.object_registration import register_builtin


def _as_config_value(value: Any, argument: str, layer: Layer) -> float | list:
    """A number or a (nested) list of numbers, from a number, list, tuple or array."""
    if hasattr(value, "tolist") and not isinstance(value, (int, float)):
        value = value.tolist()

    def valid(v: Any) -> bool:
        if isinstance(v, (list, tuple)):
            return len(v) > 0 and all(valid(item) for item in v)
        return isinstance(v, (int, float)) and not isinstance(v, bool)

    if not valid(value):
        raise ValueError(
            f"{describe(layer)}: `{argument}` must be a number or a list of numbers, received {argument}={value!r}."
        )
    if isinstance(value, (list, tuple)):
        return _to_list(value)
    return float(value)


def _to_list(value: Sequence[Any]) -> list:
    return [_to_list(v) if isinstance(v, (list, tuple)) else float(v) for v in value]


@register_builtin("keras.layers")
class Rescaling(Layer):
    """Rescale inputs: ``inputs * scale + offset``, in the layer's compute dtype.

    Integer inputs (such as ``uint8`` images) are cast to the compute dtype
    first. ``scale`` and ``offset`` may be lists, broadcast against the input's
    trailing axes (one value per channel, for example).

    Args:
        scale: a number or a list of numbers.
        offset: a number or a list of numbers.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = Rescaling(1 / 127.5, offset=-1)(np.array([[0, 255]], "uint8"))
        >>> y.dtype, y.tolist()
        (dtype('float32'), [[-1.0, 1.0]])
    """

    def __init__(self, scale: float | Sequence[float], offset: float | Sequence[float] = 0.0, **kwargs: Any):
        super().__init__(**kwargs)
        self.scale = _as_config_value(scale, "scale", self)
        self.offset = _as_config_value(offset, "offset", self)
        self.supports_masking = True

    def call(self, inputs: Any) -> Any:
        dtype = self.compute_dtype
        x = ops.cast(inputs, dtype)
        scale = ops.convert_to_tensor(self.scale, dtype)
        offset = ops.convert_to_tensor(self.offset, dtype)
        return ops.add(ops.multiply(x, scale), offset)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return tuple(input_shape)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"scale": self.scale, "offset": self.offset})
        return config
