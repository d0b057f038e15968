"""`RandomInvert`: invert the colours of a random share of the images during training."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.layers.preprocessing.image_augmentation.base import BaseImageAugmentationLayer, range_factor
from multikeras.layers.preprocessing.image_augmentation.color_utils import (
    per_image_choice,
    per_image_uniform,
    sorted_value_range,
)
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class RandomInvert(BaseImageAugmentationLayer):
    """Invert the colours of each image with a random probability during training.

    For each image a probability ``p`` is drawn uniformly from ``factor`` and
    the image is inverted (``low + high - x`` for ``value_range=(low, high)``)
    with probability ``p``. Training outputs are in the compute dtype; outside
    training the images pass through.

    Args:
        factor: a number ``f`` in ``[0, 1]`` (probabilities drawn from ``[0, f]``) or a pair ``(lower, upper)``;
            ``1.0`` by default, ``(1, 1)`` inverts every image, ``0`` none.
        value_range: ``(min, max)`` of the image values.
        seed: an int for reproducible draws, or ``None``.
        data_format: ``"channels_last"``, ``"channels_first"``, or ``None`` for the global default.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = RandomInvert((1.0, 1.0), value_range=(0, 1))(np.array([[[[0.25, 1.0, 0.0]]]]))
        >>> y[0, 0, 0].tolist()
        [0.75, 0.0, 1.0]
    """

    def __init__(self, factor: Any = 1.0, value_range: Any = (0, 255), seed: int | None = None,
                 data_format: str | None = None, **kwargs: Any):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        self.factor = range_factor(factor, self, 0, 1, lambda number: (max(-number, 0), number))
        self.value_range = sorted_value_range(value_range, self)

    def augment(self, images: Any) -> Any:
        x = ops.cast(images, self.compute_dtype)
        probability = per_image_uniform(self, images, self.factor[0], self.factor[1])
        chosen = ops.less(per_image_uniform(self, images, 0.0, 1.0), probability)
        low, high = self.value_range
        return per_image_choice(chosen, ops.subtract(low + high, x), x)

    def inference(self, inputs: Any) -> Any:
        return inputs

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"factor": self.factor, "value_range": self.value_range, "seed": self.seed})
        return config
