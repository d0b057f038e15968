"""`AutoContrast`: stretch each channel of each image to the full value range (in training and inference)."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.layers.preprocessing.image_augmentation.base import BaseImageAugmentationLayer
from multikeras.layers.preprocessing.image_augmentation.color_utils import sorted_value_range
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class AutoContrast(BaseImageAugmentationLayer):
    """Stretch the values of each channel of each image so that they span ``value_range``.

    Each channel's smallest value maps to ``value_range[0]`` and its largest to
    ``value_range[1]``, linearly; a constant channel is left as it is. The
    layer is deterministic and, as in Keras 3, transforms in training and in
    inference alike. Outputs are in the compute dtype.

    Args:
        value_range: ``(min, max)`` of the image values.
        data_format: ``"channels_last"``, ``"channels_first"``, or ``None`` for the global default.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = AutoContrast(value_range=(0, 1))(np.array([[[[0.2], [0.4], [0.6]]]]))
        >>> np.round(y[0, 0, :, 0], 4).tolist()
        [0.0, 0.5, 1.0]
    """

    def __init__(self, value_range: Any = (0, 255), data_format: str | None = None, **kwargs: Any):
        super().__init__(seed=None, data_format=data_format, **kwargs)
        self.value_range = sorted_value_range(value_range, self)

    def augment(self, images: Any) -> Any:
        x = ops.cast(images, self.compute_dtype)
        axes = self.spatial_axes()
        low = ops.min(x, axis=axes, keepdims=True)
        high = ops.max(x, axis=axes, keepdims=True)
        spread = ops.subtract(high, low)
        flat = ops.less_equal(spread, 0)
        target_low, target_high = self.value_range
        # The division sees 1 for constant channels, which are then kept as they are.
        scale = ops.divide(target_high - target_low, ops.where(flat, ops.ones_like(spread), spread))
        stretched = ops.clip(ops.add(ops.multiply(ops.subtract(x, low), scale), target_low), target_low, target_high)
        return ops.where(flat, x, stretched)

    def inference(self, inputs: Any) -> Any:
        rank = len(ops.shape(inputs))
        if rank == 4:
            return self.augment(inputs)
        return ops.squeeze(self.augment(ops.expand_dims(inputs, 0)), 0)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"value_range": self.value_range})
        return config
