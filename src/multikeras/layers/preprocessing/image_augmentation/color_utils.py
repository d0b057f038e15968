"""Helpers shared by the colour augmentation layers: value-range checks and rescaling, per-image draws, and
the per-image choice between two batches."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras import random as mk_random
from multikeras.layers.preprocessing import preprocessing_utils as utils
from multikeras.layers.preprocessing.image_augmentation.base import is_number_pair


def sorted_value_range(value_range: Any, layer: Any) -> list:
    """``value_range`` as a sorted ``[low, high]`` list, after checking it is two numbers."""
    if not is_number_pair(value_range):
        raise ValueError(
            f"{utils.describe(layer)}: the `value_range` argument should be a list of two numbers. "
            f"Received: value_range={value_range!r}"
        )
    return sorted(value_range)


def rescale(images: Any, source: Any, target: Any) -> Any:
    """``images`` mapped linearly from the range ``source`` onto ``target`` (no clipping)."""
    (s_low, s_high), (t_low, t_high) = source, target
    if (s_low, s_high) == (t_low, t_high):
        return images
    scale = (t_high - t_low) / (s_high - s_low)
    return ops.add(ops.multiply(ops.subtract(images, s_low), scale), t_low)


def per_image_uniform(layer: Any, images: Any, low: float, high: float) -> Any:
    """One uniform draw in ``[low, high)`` per image, shaped ``(batch, 1, 1, 1)``, from the layer's seed state."""
    return mk_random.uniform((ops.shape(images)[0], 1, 1, 1), minval=low, maxval=high, dtype="float32",
                             seed=layer.seed_generator)


def per_image_choice(chosen: Any, when_true: Any, when_false: Any) -> Any:
    """``when_true`` for the images where the ``(batch, 1, 1, 1)`` mask ``chosen`` holds, else ``when_false``."""
    return ops.where(chosen, when_true, when_false)
