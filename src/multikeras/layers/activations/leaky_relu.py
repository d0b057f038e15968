"""`LeakyReLU`: ``x`` where positive, ``negative_slope * x`` elsewhere."""

from __future__ import annotations

import warnings
from typing import Any

from multikeras import activations
from multikeras.layers.activations.relu import non_negative
from multikeras.layers.layer import Layer
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class LeakyReLU(Layer):
    """The leaky rectified linear unit.

    Args:
        negative_slope: the slope for negative inputs; non-negative.
        **kwargs: base layer arguments (``name``, ``dtype`` ...). Keras 2's
            ``alpha`` is accepted as ``negative_slope`` with a warning.

    Example:
        >>> import numpy as np, multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = LeakyReLU(negative_slope=0.5)(np.array([-2.0, 3.0]))
        >>> mk.ops.convert_to_numpy(y).tolist()
        [-1.0, 3.0]
    """

    _built_at_construction = True  # creates no state: built from the start, as in Keras 3

    def __init__(self, negative_slope: float = 0.3, **kwargs: Any):
        if "alpha" in kwargs:
            negative_slope = kwargs.pop("alpha")
            warnings.warn("LeakyReLU: argument `alpha` is deprecated; use `negative_slope` instead.", stacklevel=2)
        super().__init__(**kwargs)
        non_negative(self, "negative_slope", negative_slope)
        self.negative_slope = negative_slope
        self.supports_masking = True

    def call(self, inputs: Any) -> Any:
        return activations.leaky_relu(inputs, negative_slope=self.negative_slope)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return tuple(input_shape)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config["negative_slope"] = self.negative_slope
        return config
