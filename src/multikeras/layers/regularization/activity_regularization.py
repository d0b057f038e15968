"""`ActivityRegularization`: adds an L1/L2 penalty on its input to the model's losses."""

from __future__ import annotations

from typing import Any

from multikeras.layers.core.identity import spec_like_input
from multikeras.layers.layer import Layer
from multikeras.regularizers import L1L2
from multikeras.regularizers.regularizer import validate_factor
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class ActivityRegularization(Layer):
    """Return the input unchanged and add ``(l1 * sum|x| + l2 * sum x^2) / batch_size`` to :attr:`losses`.

    The penalty is added on every call, in training and inference alike, as
    any layer's ``activity_regularizer`` is.

    Args:
        l1: the non-negative L1 factor.
        l2: the non-negative L2 factor.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = ActivityRegularization(l1=1.0, l2=0.5)
        ...     y = layer(mk.ops.ones((2, 3)))
        >>> [float(loss) for loss in layer.losses]
        [4.5]
    """

    _built_at_construction = True  # creates no state: built from the start, as in Keras 3

    def __init__(self, l1: float = 0.0, l2: float = 0.0, **kwargs: Any):
        if "activity_regularizer" in kwargs:
            raise ValueError(
                "ActivityRegularization: the penalty is set by l1 and l2; received activity_regularizer="
                f"{kwargs['activity_regularizer']!r} as well."
            )
        l1 = validate_factor(l1, "l1", "ActivityRegularization")
        l2 = validate_factor(l2, "l2", "ActivityRegularization")
        super().__init__(activity_regularizer=L1L2(l1=l1, l2=l2), **kwargs)
        self.l1 = l1
        self.l2 = l2
        self.supports_masking = True

    def call(self, inputs: Any) -> Any:
        return inputs

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return tuple(input_shape)

    def compute_output_spec(self, inputs: Any, **kwargs: Any) -> Any:
        return spec_like_input(self, inputs, inputs.shape)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.pop("activity_regularizer", None)  # derived from l1 and l2
        config.update({"l1": self.l1, "l2": self.l2})
        return config
