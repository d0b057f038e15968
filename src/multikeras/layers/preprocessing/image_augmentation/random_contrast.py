"""`RandomContrast`: scale each image's deviation from its mean by a random factor during training."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras import random as mk_random
from multikeras.layers.preprocessing import preprocessing_utils as utils
from multikeras.layers.preprocessing.image_augmentation.base import (
    BaseImageAugmentationLayer,
    range_factor,
)
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class RandomContrast(BaseImageAugmentationLayer):
    """Adjust the contrast of each image by a random factor during training.

    For each image a contrast factor ``c`` is drawn uniformly from
    ``[1 - lower, 1 + upper]`` (never below 0); each channel becomes
    ``(x - mean) * c + mean`` with ``mean`` its spatial mean, clipped to
    ``value_range``. Training outputs are in the compute dtype; outside training
    the images pass through unchanged.

    Args:
        factor: a pair ``(lower, upper)`` (sorted; refused when ``lower > 1`` or ``upper < 0``), or a number
            ``f`` in ``[0, 1]``, which Keras 3.15 reads as ``(0, f)`` (contrast in ``[1, 1 + f]``).
        value_range: ``(min, max)`` of the image values; outputs are clipped to it.
        seed: an int for reproducible draws, or ``None``.
        data_format: ``"channels_last"``, ``"channels_first"``, or ``None`` for the global default.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = RandomContrast((-0.5, 0.5), value_range=(0, 10))  # contrast exactly 1.5
        ...     y = layer(np.array([[[[2.0], [6.0]]]]))
        >>> y[0, 0, :, 0].tolist()
        [1.0, 7.0]
    """

    def __init__(self, factor: Any, value_range: Any = (0, 255), seed: int | None = None,
                 data_format: str | None = None, **kwargs: Any):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        self.factor = range_factor(factor, self, 0, 1, lambda number: (0, number))
        if not isinstance(value_range, (tuple, list)) or len(value_range) < 2:
            raise ValueError(f"{utils.describe(self)}: the `value_range` argument should be a list of two numbers. "
                             f"Received: value_range={value_range!r}")
        self.value_range = value_range

    def augment(self, images: Any) -> Any:
        images = ops.cast(images, self.compute_dtype)
        lower, upper = self.factor
        contrast = mk_random.uniform((self.batch_size(images), 1, 1, 1), minval=max(0.0, 1.0 - lower),
                                     maxval=1.0 + upper, dtype=self.compute_dtype, seed=self.seed_generator)
        mean = ops.mean(images, axis=self.spatial_axes(), keepdims=True)
        adjusted = ops.add(ops.multiply(ops.subtract(images, mean), contrast), mean)
        return ops.clip(adjusted, self.value_range[0], self.value_range[1])

    def inference(self, inputs: Any) -> Any:
        return inputs

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"factor": self.factor, "value_range": self.value_range, "seed": self.seed})
        return config
