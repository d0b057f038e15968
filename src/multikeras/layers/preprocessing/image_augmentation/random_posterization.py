"""`RandomPosterization`: keep only a random number of the high bits of each 8-bit channel during training."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras import random as mk_random
from multikeras.layers.preprocessing.image_augmentation.base import BaseImageAugmentationLayer, range_factor
from multikeras.layers.preprocessing.image_augmentation.color_utils import rescale, sorted_value_range
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class RandomPosterization(BaseImageAugmentationLayer):
    """Reduce each image to a random number of bits per channel during training.

    The images are read on a ``[0, 255]`` scale (mapped from ``value_range``)
    and truncated to integers; for each image a bit count ``b`` is drawn from
    ``factor`` and the ``8 - b`` low bits of every value are cleared, then the
    values are mapped back to ``value_range``. Training outputs are in the
    compute dtype; outside training the images pass through.

    Args:
        factor: bits to keep, in ``[1, 8]``: a number ``f`` (bit counts in ``[1, f]``) or a pair
            ``(lower, upper)``; both ends are included.
        value_range: ``(min, max)`` of the image values.
        data_format: ``"channels_last"``, ``"channels_first"``, or ``None`` for the global default.
        seed: an int for reproducible draws, or ``None``.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = RandomPosterization((2, 2))(np.array([[[[200.0, 100.0, 63.0]]]]))
        >>> y[0, 0, 0].tolist()
        [192.0, 64.0, 0.0]
    """

    def __init__(self, factor: Any, value_range: Any = (0, 255), data_format: str | None = None,
                 seed: int | None = None, **kwargs: Any):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        self.factor = range_factor(factor, self, 1, 8, lambda number: (max(-number, 1), number))
        self.value_range = sorted_value_range(value_range, self)

    def augment(self, images: Any) -> Any:
        x = rescale(ops.cast(images, self.compute_dtype), self.value_range, (0, 255))
        lower, upper = int(max(self.factor[0], 1)), int(min(self.factor[1], 8))
        bits = mk_random.randint((ops.shape(images)[0], 1, 1, 1), lower, upper + 1, dtype="int32",
                                 seed=self.seed_generator)
        # Clearing the low bits of an integer in [0, 255] is flooring it to a multiple of 2 ** (8 - bits);
        # done in float so that no backend's integer shift rules come into play.
        step = ops.cast(ops.power(2.0, ops.cast(ops.subtract(8, bits), "float32")), self.compute_dtype)
        whole = ops.floor(ops.clip(x, 0, 255))
        posterized = ops.multiply(ops.floor(ops.divide(whole, step)), step)
        return rescale(posterized, (0, 255), self.value_range)

    def inference(self, inputs: Any) -> Any:
        return inputs

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"factor": self.factor, "value_range": self.value_range, "seed": self.seed})
        return config
