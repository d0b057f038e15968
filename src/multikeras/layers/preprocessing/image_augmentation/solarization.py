"""`Solarization`: invert the pixels above a (random) threshold, after adding a (random) offset."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.layers.preprocessing import preprocessing_utils as utils
from multikeras.layers.preprocessing.image_augmentation.base import (
    BaseImageAugmentationLayer,
    is_number,
    is_number_pair,
)
from multikeras.layers.preprocessing.image_augmentation.color_utils import (
    per_image_uniform,
    rescale,
    sorted_value_range,
)
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class Solarization(BaseImageAugmentationLayer):
    """Solarize images during training: pixels at or above a threshold become ``max - x + min``.

    The images are read on a ``[0, 255]`` scale (mapped from ``value_range``).
    For each image an offset ``a`` is drawn from ``addition_factor * 255`` and a
    threshold ``t`` from ``threshold_factor * 255``; each pixel becomes
    ``y = clip(x + a, 0, 255)``, then ``y`` where ``y < t`` and ``255 - y``
    elsewhere, mapped back to ``value_range``. With the defaults (both factors
    0) every pixel is inverted. Outputs are in the compute dtype, in training
    and outside it (where the images are only cast).

    Args:
        addition_factor: a number ``f`` in ``[0, 1]`` (offsets drawn from ``[0, f] * 255``) or a pair.
        threshold_factor: a number ``f`` in ``[0, 1]`` (thresholds drawn from ``[0, f] * 255``) or a pair.
        value_range: ``(min, max)`` of the image values.
        seed: an int for reproducible draws, or ``None``.
        data_format: ``"channels_last"``, ``"channels_first"``, or ``None`` for the global default.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = Solarization(threshold_factor=(0.5, 0.5), value_range=(0, 1))
        ...     y = layer(np.array([[[[0.25, 0.75, 1.0]]]]))
        >>> y[0, 0, 0].tolist()
        [0.25, 0.25, 0.0]
    """

    def __init__(self, addition_factor: Any = 0.0, threshold_factor: Any = 0.0, value_range: Any = (0, 255),
                 seed: int | None = None, data_format: str | None = None, **kwargs: Any):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        self.addition_factor = self._factor(addition_factor, "addition_factor")
        self.threshold_factor = self._factor(threshold_factor, "threshold_factor")
        self.value_range = sorted_value_range(value_range, self)

    def _factor(self, factor: Any, argument: str) -> tuple[float, float]:
        pair = (0, factor) if is_number(factor) else tuple(factor) if is_number_pair(factor) else None
        if pair is None or any(number < 0 or number > 1 for number in pair):
            raise ValueError(
                f"{utils.describe(self)}: the `addition_factor` and `threshold_factor` arguments should be a number "
                f"(or a list of two numbers) in the range [0, 1]. Received: {argument}={factor!r}"
            )
        lower, upper = sorted(pair)
        return (lower, upper)

    def augment(self, images: Any) -> Any:
        x = rescale(ops.cast(images, self.compute_dtype), self.value_range, (0, 255))
        addition = per_image_uniform(self, images, self.addition_factor[0] * 255, self.addition_factor[1] * 255)
        threshold = per_image_uniform(self, images, self.threshold_factor[0] * 255, self.threshold_factor[1] * 255)
        shifted = ops.clip(ops.add(x, ops.cast(addition, self.compute_dtype)), 0, 255)
        solarized = ops.where(ops.less(shifted, ops.cast(threshold, self.compute_dtype)), shifted,
                              ops.subtract(255, shifted))
        return rescale(solarized, (0, 255), self.value_range)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"addition_factor": self.addition_factor, "threshold_factor": self.threshold_factor,
                       "value_range": self.value_range, "seed": self.seed})
        return config
