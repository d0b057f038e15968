"""`ELU`: the exponential linear unit as a layer."""

from __future__ import annotations

from typing import Any

from multikeras import activations
from multikeras.layers.layer import Layer
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class ELU(Layer):
    """``x`` where positive, ``alpha * (exp(x) - 1)`` elsewhere.

    Args:
        alpha: the scale of the negative part.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np, multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = ELU(alpha=2.0)(np.array([0.0, 3.0]))
        >>> mk.ops.convert_to_numpy(y).tolist()
        [0.0, 3.0]
    """

    _built_at_construction = True  # creates no state: built from the start, as in Keras 3

    def __init__(self, alpha: float = 1.0, **kwargs: Any):
        super().__init__(**kwargs)
        if isinstance(alpha, bool) or not isinstance(alpha, (int, float)):
            raise ValueError(f"ELU '{self.name}': alpha must be a number, received alpha={alpha!r}.")
        self.alpha = alpha
        self.supports_masking = True

    def call(self, inputs: Any) -> Any:
        return activations.elu(inputs, alpha=self.alpha)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return tuple(input_shape)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config["alpha"] = self.alpha
        return config
