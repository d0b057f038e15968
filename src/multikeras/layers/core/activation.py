"""`Activation`: applies an activation function to its input."""

from __future__ import annotations

from typing import Any

from multikeras import activations
from multikeras.layers.core.identity import spec_like_input
from multikeras.layers.layer import Layer
from multikeras.saving.object_registration import register_builtin
from multikeras.symbolic.output_spec import compute_output_spec as infer_output_spec


@register_builtin("keras.layers")
class Activation(Layer):
    """Apply an activation function elementwise.

    Args:
        activation: an activation function, its name (``"relu"``, ``"gelu"`` ...)
            or a serialized activation config; ``None`` is the identity (``"linear"``).
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = Activation("relu")(mk.ops.convert_to_tensor([[-1.0, 0.5]]))
        >>> y.tolist()
        [[0.0, 0.5]]
    """

    _built_at_construction = True  # creates no state: built from the start, as in Keras 3

    def __init__(self, activation: Any, **kwargs: Any):
        super().__init__(**kwargs)
        self.activation = activations.get(activation)
        self.supports_masking = True

    def call(self, inputs: Any) -> Any:
        return self.activation(inputs)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return tuple(input_shape)

    def compute_output_spec(self, inputs: Any, **kwargs: Any) -> Any:
        # The shape never changes, but the dtype depends on the function (relu keeps int32, sigmoid
        # makes it float), so it comes from evaluating the function abstractly, as an eager call would.
        # The input spec first gets the dtype the eager call's input conversion gives it.
        return infer_output_spec(self.call, spec_like_input(self, inputs, inputs.shape))

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config["activation"] = activations.serialize(self.activation)
        return config
