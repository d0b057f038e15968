"""`RandomRotation`: rotate images by a random angle during training."""

from __future__ import annotations

import math
from typing import Any

from multikeras import ops
from multikeras import random as mk_random
from multikeras.layers.preprocessing.image_augmentation.base import (
    AffineAugmentationLayer,
    stack_transforms,
    symmetric_factor,
)
from multikeras.saving.object_registration import register_builtin


def rotation_transforms(angles: Any, height: Any, width: Any) -> Any:
    """``(batch, 8)`` transforms that rotate images counter-clockwise by ``angles`` (radians) about their centre."""
    cos, sin = ops.cos(angles), ops.sin(angles)
    center_x, center_y = (width - 1.0) / 2.0, (height - 1.0) / 2.0
    offset_x = center_x - (cos * center_x - sin * center_y)
    offset_y = center_y - (sin * center_x + cos * center_y)
    zeros = ops.zeros_like(angles)
    return stack_transforms([cos, -sin, offset_x, sin, cos, offset_y, zeros, zeros])


@register_builtin("keras.layers")
class RandomRotation(AffineAugmentationLayer):
    """Rotate each image by a random angle during training; identity (cast to the compute dtype) otherwise.

    The angle is drawn uniformly from ``factor * 2 pi``; a positive angle
    turns the image counter-clockwise.

    Args:
        factor: a number ``f`` in ``[-1, 1]`` (angles in ``[-f, f] * 2 pi``) or a pair ``(lower, upper)``
            (angles in ``[lower, upper] * 2 pi``).
        fill_mode: how points outside the image are filled: ``"reflect"``, ``"wrap"``, ``"constant"``
            or ``"nearest"``.
        interpolation: ``"bilinear"`` or ``"nearest"``.
        seed: an int for reproducible draws, or ``None``.
        fill_value: the value ``fill_mode="constant"`` uses.
        data_format: ``"channels_last"``, ``"channels_first"``, or ``None`` for the global default.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = RandomRotation((0.25, 0.25), interpolation="nearest")  # a quarter turn
        ...     y = layer(np.arange(4.0).reshape(1, 2, 2, 1))
        >>> y[0, :, :, 0].tolist()
        [[1.0, 3.0], [0.0, 2.0]]
    """

    def __init__(self, factor: Any, fill_mode: str = "reflect", interpolation: str = "bilinear",
                 seed: int | None = None, fill_value: float = 0.0, data_format: str | None = None, **kwargs: Any):
        super().__init__(fill_mode=fill_mode, interpolation=interpolation, seed=seed, fill_value=fill_value,
                         data_format=data_format, **kwargs)
        self.factor = symmetric_factor(factor, self)

    def draw_parameters(self, images: Any) -> Any:
        """``(batch, 8)`` rotation transforms, one random angle per image."""
        height, width = self.image_size(images)
        lower, upper = self.factor
        angles = mk_random.uniform((self.batch_size(images),), minval=lower * 2 * math.pi, maxval=upper * 2 * math.pi,
                                   dtype="float32", seed=self.seed_generator)
        return rotation_transforms(angles, height, width)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"factor": self.factor})
        return config
