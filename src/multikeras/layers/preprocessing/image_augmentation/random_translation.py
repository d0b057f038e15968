"""`RandomTranslation`: shift images by a random offset during training."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras import random as mk_random
from multikeras.layers.preprocessing.image_augmentation.base import (
    AffineAugmentationLayer,
    check_each_number,
    factor_bounds,
    stack_transforms,
)
from multikeras.saving.object_registration import register_builtin


def translation_transforms(shift_y: Any, shift_x: Any) -> Any:
    """``(batch, 8)`` transforms moving image content down by ``shift_y`` and right by ``shift_x`` pixels."""
    ones, zeros = ops.ones_like(shift_x), ops.zeros_like(shift_x)
    return stack_transforms([ones, zeros, -shift_x, zeros, ones, -shift_y, zeros, zeros])


@register_builtin("keras.layers")
class RandomTranslation(AffineAugmentationLayer):
    """Shift each image by a random fraction of its size during training; identity (compute dtype) otherwise.

    Positive shifts move the content down (height) and right (width).

    Args:
        height_factor: a number ``f`` in ``[-1, 1]`` (vertical shift drawn from ``[-f, f] * height``) or a pair
            ``(lower, upper)`` (drawn from ``[lower, upper] * height``).
        width_factor: the same for the horizontal shift, relative to the width.
        fill_mode: ``"reflect"``, ``"wrap"``, ``"constant"`` or ``"nearest"``.
        interpolation: ``"bilinear"`` or ``"nearest"``.
        seed: an int for reproducible draws, or ``None``.
        fill_value: the value ``fill_mode="constant"`` uses.
        data_format: ``"channels_last"``, ``"channels_first"``, or ``None`` for the global default.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = RandomTranslation(0.0, (0.25, 0.25), fill_mode="constant", interpolation="nearest")
        ...     y = layer(np.arange(1.0, 5.0).reshape(1, 1, 4, 1))  # one pixel to the right
        >>> y[0, 0, :, 0].tolist()
        [0.0, 1.0, 2.0, 3.0]
    """

    def __init__(self, height_factor: Any, width_factor: Any, fill_mode: str = "reflect",
                 interpolation: str = "bilinear", seed: int | None = None, fill_value: float = 0.0,
                 data_format: str | None = None, **kwargs: Any):
        super().__init__(fill_mode=fill_mode, interpolation=interpolation, seed=seed, fill_value=fill_value,
                         data_format=data_format, **kwargs)
        self.height_factor = check_each_number(height_factor, self, "factor", -1.0, 1.0, open_low=False)
        self.width_factor = check_each_number(width_factor, self, "factor", -1.0, 1.0, open_low=False)

    def draw_parameters(self, images: Any) -> Any:
        """``(batch, 8)`` translation transforms, one random shift per image and axis."""
        height, width = self.image_size(images)
        batch = self.batch_size(images)
        low, high = factor_bounds(self.height_factor)
        shift_y = mk_random.uniform((batch,), minval=low, maxval=high, dtype="float32", seed=self.seed_generator)
        low, high = factor_bounds(self.width_factor)
        shift_x = mk_random.uniform((batch,), minval=low, maxval=high, dtype="float32", seed=self.seed_generator)
        return translation_transforms(shift_y * height, shift_x * width)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"height_factor": self.height_factor, "width_factor": self.width_factor})
        return config
