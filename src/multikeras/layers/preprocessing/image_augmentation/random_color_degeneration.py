"""`RandomColorDegeneration`: blend each image with its grayscale version by a random amount during training."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.layers.preprocessing.image_augmentation.base import BaseImageAugmentationLayer, symmetric_factor
from multikeras.layers.preprocessing.image_augmentation.color_utils import per_image_uniform, sorted_value_range
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class RandomColorDegeneration(BaseImageAugmentationLayer):
    """Move each image toward (or away from) its grayscale version by a random amount during training.

    For each image an amount ``d`` is drawn uniformly from ``factor``; each
    pixel becomes ``x + d * (gray - x)`` with ``gray`` the image's luma,
    clipped to ``value_range``. ``d = 0`` keeps the image, ``d = 1`` gives
    grayscale, a negative ``d`` saturates the colours. Training outputs are in
    the compute dtype; outside training the images pass through.

    Args:
        factor: a number ``f`` in ``[-1, 1]`` (amounts in ``[-|f|, |f|]``) or a pair ``(lower, upper)``.
        value_range: ``(min, max)`` of the image values; outputs are clipped to it.
        data_format: ``"channels_last"``, ``"channels_first"``, or ``None`` for the global default.
        seed: an int for reproducible draws, or ``None``.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = RandomColorDegeneration((1.0, 1.0), value_range=(0, 1))(np.array([[[[1.0, 0.0, 0.0]]]]))
        >>> [round(float(v), 3) for v in y[0, 0, 0]]
        [0.299, 0.299, 0.299]
    """

    def __init__(self, factor: Any, value_range: Any = (0, 255), data_format: str | None = None,
                 seed: int | None = None, **kwargs: Any):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        self.factor = symmetric_factor(factor, self)
        self.value_range = sorted_value_range(value_range, self)

    def augment(self, images: Any) -> Any:
        x = ops.cast(images, self.compute_dtype)
        amount = ops.cast(per_image_uniform(self, images, self.factor[0], self.factor[1]), self.compute_dtype)
        gray = ops.image.rgb_to_grayscale(x, data_format=self.data_format)
        blended = ops.add(x, ops.multiply(amount, ops.subtract(gray, x)))
        return ops.clip(blended, self.value_range[0], self.value_range[1])

    def inference(self, inputs: Any) -> Any:
        return inputs

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"factor": self.factor, "value_range": self.value_range, "seed": self.seed})
        return config
