"""`RandomZoom`: zoom images in or out by a random amount during training."""

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

FACTOR_ARGUMENT = "height_factor` and `width_factor"


def zoom_transforms(zoom_y: Any, zoom_x: Any, height: Any, width: Any) -> Any:
    """``(batch, 8)`` transforms scaling the sampling grid by ``zoom`` about the image centre (> 1 zooms out)."""
    zeros = ops.zeros_like(zoom_x)
    offset_x = (width - 1.0) / 2.0 * (1.0 - zoom_x)
    offset_y = (height - 1.0) / 2.0 * (1.0 - zoom_y)
    return stack_transforms([zoom_x, zeros, offset_x, zeros, zoom_y, offset_y, zeros, zeros])


@register_builtin("keras.layers")
class RandomZoom(AffineAugmentationLayer):
    """Zoom each image by a random amount during training; identity (cast to the compute dtype) otherwise.

    A factor ``f`` scales the sampled region by ``1 + f``: positive values zoom
    out (the image gets smaller, the border is filled), negative values zoom in.

    Args:
        height_factor: a number ``f`` in ``(-1, 1]`` (vertical zoom drawn from ``[1 - f, 1 + f]``) or a pair
            ``(lower, upper)`` (drawn from ``[1 + lower, 1 + upper]``).
        width_factor: the same for the horizontal zoom; ``None`` uses the vertical zoom, keeping the aspect ratio.
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
        ...     layer = RandomZoom((1.0, 1.0), fill_mode="constant", interpolation="nearest")  # zoom out 2x
        ...     y = layer(np.ones((1, 5, 5, 1)))
        >>> y[0, :, :, 0].astype(int).tolist()
        [[0, 0, 0, 0, 0], [0, 1, 1, 1, 0], [0, 1, 1, 1, 0], [0, 1, 1, 1, 0], [0, 0, 0, 0, 0]]
    """

    def __init__(self, height_factor: Any, width_factor: Any = None, fill_mode: str = "reflect",
                 interpolation: str = "bilinear", seed: int | None = None, fill_value: float = 0.0,
                 data_format: str | None = None, **kwargs: Any):
        super().__init__(fill_mode=fill_mode, interpolation=interpolation, seed=seed, fill_value=fill_value,
                         data_format=data_format, **kwargs)
        self.height_factor = check_each_number(height_factor, self, FACTOR_ARGUMENT, -1.0, 1.0, open_low=True)
        self.width_factor = None if width_factor is None else check_each_number(
            width_factor, self, FACTOR_ARGUMENT, -1.0, 1.0, open_low=True
        )

    def draw_parameters(self, images: Any) -> Any:
        """``(batch, 8)`` zoom transforms, one random zoom per image and axis."""
        height, width = self.image_size(images)
        batch = self.batch_size(images)
        low, high = factor_bounds(self.height_factor)
        zoom_y = mk_random.uniform((batch,), minval=1.0 + low, maxval=1.0 + high, dtype="float32",
                                   seed=self.seed_generator)
        if self.width_factor is None:
            zoom_x = zoom_y
        else:
            low, high = factor_bounds(self.width_factor)
            zoom_x = mk_random.uniform((batch,), minval=1.0 + low, maxval=1.0 + high, dtype="float32",
                                       seed=self.seed_generator)
        return zoom_transforms(zoom_y, zoom_x, height, width)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"height_factor": self.height_factor, "width_factor": self.width_factor})
        return config
