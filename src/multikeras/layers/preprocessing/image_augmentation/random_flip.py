"""`RandomFlip`: flip images horizontally and/or vertically at random during training."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras import random as mk_random
from multikeras.layers.preprocessing import preprocessing_utils as utils
from multikeras.layers.preprocessing.image_augmentation.base import BaseImageAugmentationLayer
from multikeras.saving.object_registration import register_builtin

HORIZONTAL = "horizontal"
VERTICAL = "vertical"
HORIZONTAL_AND_VERTICAL = "horizontal_and_vertical"
MODES = (HORIZONTAL, VERTICAL, HORIZONTAL_AND_VERTICAL)


@register_builtin("keras.layers")
class RandomFlip(BaseImageAugmentationLayer):
    """Flip each image with probability 1/2 during training.

    With ``mode="horizontal_and_vertical"`` one draw per image decides: the
    image is flipped on both axes, or left alone (as in Keras 3). Outside
    training the images pass through (cast to the compute dtype).

    Args:
        mode: ``"horizontal"`` (left-right), ``"vertical"`` (up-down) or ``"horizontal_and_vertical"``.
        seed: an int for reproducible draws, or ``None``.
        data_format: ``"channels_last"``, ``"channels_first"``, or ``None`` for the global default.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = RandomFlip("horizontal", seed=0)
        ...     image = np.arange(4.0).reshape(1, 1, 4, 1)
        ...     flipped = layer(np.repeat(image, 8, axis=0))[:, 0, :, 0]
        >>> all(row.tolist() in ([0, 1, 2, 3], [3, 2, 1, 0]) for row in flipped)
        True
    """

    def __init__(self, mode: str = HORIZONTAL_AND_VERTICAL, seed: int | None = None, data_format: str | None = None,
                 **kwargs: Any):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        if mode not in MODES:
            raise ValueError(f"{utils.describe(self)}: `mode` must be one of {MODES}, received mode={mode!r}.")
        self.mode = mode

    def augment(self, images: Any) -> Any:
        images = ops.cast(images, self.compute_dtype)
        h_axis, w_axis = self.spatial_axes()
        axes = {HORIZONTAL: [w_axis], VERTICAL: [h_axis], HORIZONTAL_AND_VERTICAL: [h_axis, w_axis]}[self.mode]
        draws = mk_random.uniform((self.batch_size(images), 1, 1, 1), seed=self.seed_generator)
        flipped = ops.flip(images, axis=axes[0])
        for axis in axes[1:]:
            flipped = ops.flip(flipped, axis=axis)
        return ops.where(draws < 0.5, flipped, images)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"seed": self.seed, "mode": self.mode})
        return config
