"""`Masking`: marks timesteps whose features all equal ``mask_value`` as padding."""

from __future__ import annotations

import numbers
from typing import Any

from multikeras import ops
from multikeras.layers.core.identity import spec_like_input
from multikeras.layers.layer import Layer
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class Masking(Layer):
    """Mask timesteps whose every feature equals ``mask_value``.

    For inputs of shape ``(batch, timesteps, ..., features)`` the mask is
    ``any(inputs != mask_value, axis=-1)``: a timestep is kept when at least
    one feature differs from ``mask_value``. Downstream layers that accept a
    ``mask`` receive it; the output is the input with masked timesteps set to
    zero.

    Args:
        mask_value: the padding value (a number).
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     x = mk.ops.convert_to_tensor([[[0.0, 0.0], [1.0, 0.0]]])
        ...     layer = Masking(mask_value=0.0)
        ...     mask = layer.compute_mask(x)
        >>> mask.tolist()
        [[False, True]]
    """

    _built_at_construction = True  # creates no state: built from the start, as in Keras 3

    def __init__(self, mask_value: float = 0.0, **kwargs: Any):
        super().__init__(**kwargs)
        if isinstance(mask_value, bool) or not isinstance(mask_value, numbers.Real):
            raise ValueError(f"Masking '{self.name}': mask_value must be a number, received mask_value={mask_value!r}.")
        self.mask_value = mask_value
        self.supports_masking = True

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        return ops.any(ops.not_equal(inputs, self.mask_value), axis=-1)

    def call(self, inputs: Any) -> Any:
        keep = ops.any(ops.not_equal(inputs, self.mask_value), axis=-1, keepdims=True)
        return ops.multiply(inputs, ops.cast(keep, ops.dtype(inputs)))

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return tuple(input_shape)

    def compute_output_spec(self, inputs: Any, **kwargs: Any) -> Any:
        return spec_like_input(self, inputs, inputs.shape)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config["mask_value"] = self.mask_value
        return config
