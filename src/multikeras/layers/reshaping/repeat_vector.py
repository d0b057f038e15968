"""`RepeatVector`: repeats a vector ``n`` times along a new axis."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.reshaping.reshaping_utils import ReshapingLayer, check_positive_int
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class RepeatVector(ReshapingLayer):
    """Turn ``(batch, features)`` inputs into ``(batch, n, features)`` by repetition.

    Args:
        n: a positive number of repetitions.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = RepeatVector(3)(mk.ops.convert_to_tensor([[1.0, 2.0]]))
        >>> y.tolist()
        [[[1.0, 2.0], [1.0, 2.0], [1.0, 2.0]]]
    """

    def __init__(self, n: int, **kwargs: Any):
        super().__init__(**kwargs)
        self.n = check_positive_int(n, "n", self)
        self.input_spec = InputSpec(ndim=2)

    def call(self, inputs: Any) -> Any:
        return ops.repeat(ops.expand_dims(inputs, 1), self.n, axis=1)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return (input_shape[0], self.n, input_shape[1])

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config["n"] = self.n
        return config
