"""`ReLU`: the rectified linear unit as a layer, with a slope, a ceiling and a threshold."""

from __future__ import annotations

from typing import Any

from multikeras import activations
from multikeras.layers.layer import Layer
from multikeras.saving.object_registration import register_builtin


def non_negative(layer: Layer, argument: str, value: Any, allow_none: bool = False) -> None:
    """Refuse a negative (or, unless allowed, missing) number for ``argument`` of ``layer``."""
    if value is None and allow_none:
        return
    if value is None or isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        expected = "a non-negative number or None" if allow_none else "a non-negative number"
        raise ValueError(f"{type(layer).__name__} '{layer.name}': {argument} must be {expected}, "
                         f"received {argument}={value!r}.")


@register_builtin("keras.layers")
class ReLU(Layer):
    """``max(x, 0)`` generalised: below ``threshold`` the output is ``negative_slope * (x - threshold)``,
    above it ``x``, clipped at ``max_value``.

    Args:
        max_value: the largest output (``None``: no ceiling); non-negative.
        negative_slope: the slope below the threshold; non-negative.
        threshold: where the unit switches on; non-negative.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np, multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = ReLU(max_value=6.0, negative_slope=0.5)(np.array([-2.0, 3.0, 9.0]))
        >>> mk.ops.convert_to_numpy(y).tolist()
        [-1.0, 3.0, 6.0]
    """

    _built_at_construction = True  # creates no state: built from the start, as in Keras 3

    def __init__(self, max_value: float | None = None, negative_slope: float = 0.0, threshold: float = 0.0,
                 **kwargs: Any):
        super().__init__(**kwargs)
        non_negative(self, "max_value", max_value, allow_none=True)
        non_negative(self, "negative_slope", negative_slope)
        non_negative(self, "threshold", threshold)
        self.max_value = max_value
        self.negative_slope = negative_slope
        self.threshold = threshold
        self.supports_masking = True

    def call(self, inputs: Any) -> Any:
        return activations.relu(inputs, negative_slope=self.negative_slope, max_value=self.max_value,
                                threshold=self.threshold)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return tuple(input_shape)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"max_value": self.max_value, "negative_slope": self.negative_slope,
                       "threshold": self.threshold})
        return config
