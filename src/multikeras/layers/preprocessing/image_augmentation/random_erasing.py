"""`RandomErasing`: overwrite a random rectangle of some images with a fill value during training."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras import random as mk_random
from multikeras.layers.preprocessing import preprocessing_utils as utils
from multikeras.layers.preprocessing.image_augmentation.base import check_value_range, is_number
from multikeras.layers.preprocessing.image_augmentation.labelled import (
    LabelledAugmentationLayer,
    box_bounds,
    box_masks,
    per_sample,
    unit_factor,
)
from multikeras.saving.object_registration import register_builtin


def check_fill_value(fill_value: Any, layer: Any) -> Any:
    """``None``, a number, or three numbers (one per channel); a list becomes a tuple."""
    if fill_value is None or is_number(fill_value):
        return fill_value
    if isinstance(fill_value, (tuple, list)) and len(fill_value) == 3 and all(is_number(v) for v in fill_value):
        return tuple(fill_value)
    raise ValueError(
        f"{utils.describe(layer)}: the `fill_value` argument should be None, a number, or a list of three numbers "
        f"(one per channel). Received: fill_value={fill_value!r}"
    )


@register_builtin("keras.layers")
class RandomErasing(LabelledAugmentationLayer):
    """Erase a random rectangle of each image with some probability, in training.

    For each image a probability is drawn from ``factor`` and the image is
    erased with that probability. The rectangle's width and height are
    ``sqrt(s)`` times the image's, with one ``s`` drawn from ``scale`` for each
    side, at a uniformly random place. Erased pixels hold ``fill_value`` (a
    number, or one number per channel) or, when it is ``None``, Gaussian noise
    scaled by ``value_range[1]``; either way clipped to ``value_range``. Labels
    pass through. Images come out in the compute dtype, in training and
    outside it.

    Args:
        factor: a number ``f`` in ``[0, 1]`` (probability drawn from ``[0, f]``) or a pair ``(lower, upper)``.
        scale: a number or pair in ``[0, 1]``, the range of the squared side fractions.
        fill_value: ``None`` (noise), a number, or three numbers (one per channel).
        value_range: ``(min, max)`` of the image values.
        seed: an int for reproducible draws, or ``None``.
        data_format: ``"channels_last"``, ``"channels_first"``, or ``None`` for the global default.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = RandomErasing(factor=(1.0, 1.0), scale=(0.25, 0.25), fill_value=0.0, value_range=(0, 1))
        ...     y = layer(np.ones((1, 4, 4, 1)))
        >>> int((y == 0).sum())  # a 2 x 2 square is erased
        4
    """

    def __init__(self, factor: Any = 1.0, scale: Any = (0.02, 0.33), fill_value: Any = None,
                 value_range: Any = (0, 255), seed: int | None = None, data_format: str | None = None, **kwargs: Any):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        self.factor = unit_factor(factor, self)
        self.scale = unit_factor(scale, self, "scale")
        self.fill_value = check_fill_value(fill_value, self)
        self.value_range = tuple(check_value_range(value_range, self))

    def fill(self, images: Any) -> Any:
        """The values erased pixels take, broadcastable to ``images``, clipped to ``value_range``."""
        low, high = self.value_range
        if self.fill_value is None:
            values = mk_random.normal(ops.shape(images), dtype=self.compute_dtype, seed=self.seed_generator) * high
        elif is_number(self.fill_value):
            values = ops.full((), self.fill_value, dtype=self.compute_dtype)
        else:
            shape = (1, 1, 1, 3) if self.data_format == "channels_last" else (1, 3, 1, 1)
            values = ops.reshape(ops.convert_to_tensor(self.fill_value, dtype=self.compute_dtype), shape)
        return ops.clip(values, low, high)

    def augment_with_labels(self, images: Any, labels: Any) -> tuple[Any, Any]:
        batch = self.batch_size(images)
        h_axis, w_axis = self.spatial_axes()
        shape = ops.shape(images)
        height, width = ops.cast(shape[h_axis], "float32"), ops.cast(shape[w_axis], "float32")
        lower, upper = self.scale
        ratios = ops.sqrt(mk_random.uniform((batch, 2), minval=lower, maxval=upper, dtype="float32",
                                            seed=self.seed_generator))
        x_bounds = box_bounds(batch, width, ratios[:, 0], self.seed_generator)
        y_bounds = box_bounds(batch, height, ratios[:, 1], self.seed_generator)
        lower, upper = self.factor
        probability = mk_random.uniform((batch,), minval=lower, maxval=upper, dtype="float32",
                                        seed=self.seed_generator)
        erase = mk_random.uniform((batch,), dtype="float32", seed=self.seed_generator) < probability
        images = ops.cast(images, self.compute_dtype)
        mask = ops.logical_and(box_masks(images, self.data_format, x_bounds, y_bounds), per_sample(erase, images))
        return ops.where(mask, self.fill(images), images), labels

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"factor": self.factor, "scale": self.scale, "fill_value": self.fill_value,
                       "value_range": self.value_range, "seed": self.seed})
        return config
