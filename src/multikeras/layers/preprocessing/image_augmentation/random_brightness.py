"""`RandomBrightness`: add a random offset to each image during training."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras import random as mk_random
from multikeras.backend import dtypes
from multikeras.layers.core.identity import spec_like_input
from multikeras.layers.preprocessing.image_augmentation.base import (
    BaseImageAugmentationLayer,
    check_value_range,
    symmetric_factor,
)
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class RandomBrightness(BaseImageAugmentationLayer):
    """Shift the brightness of each image by a random amount during training.

    For each image an offset ``delta`` is drawn uniformly from
    ``[lower, upper] * (value_range[1] - value_range[0])`` and added to every
    pixel; the result is clipped to ``value_range``. Integer images keep their
    dtype (the result is truncated toward zero, as Keras casts it); float images
    come out in the compute dtype. Outside training the images pass through.

    Args:
        factor: a number ``f`` in ``[-1, 1]`` (offsets in ``[-|f|, |f|]``) or a pair ``(lower, upper)``.
        value_range: ``(min, max)`` of the image values.
        seed: an int for reproducible draws, or ``None``.
        data_format: ``"channels_last"``, ``"channels_first"``, or ``None`` for the global default.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = RandomBrightness((0.5, 0.5), value_range=(0, 1))(np.array([[[[0.2], [0.7]]]]))
        >>> y[0, 0, :, 0].tolist()
        [0.699999988079071, 1.0]
    """

    def __init__(self, factor: Any, value_range: Any = (0, 255), seed: int | None = None,
                 data_format: str | None = None, **kwargs: Any):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        self.factor = symmetric_factor(factor, self)
        low, high = check_value_range(value_range, self)
        self.value_range = sorted([low, high])

    def augment(self, images: Any) -> Any:
        input_dtype = dtypes.standardize_dtype(ops.dtype(images))
        work_dtype = self.compute_dtype if dtypes.is_float(input_dtype) else "float32"
        x = ops.cast(images, work_dtype)
        low, high = self.value_range
        lower, upper = self.factor
        delta = mk_random.uniform((self.batch_size(images), 1, 1, 1), minval=lower * (high - low),
                                  maxval=upper * (high - low), dtype=work_dtype, seed=self.seed_generator)
        if dtypes.is_float(input_dtype):
            return ops.clip(ops.add(x, delta), low, high)
        # Keras casts the offset to the image dtype before adding it: whole steps only (truncated toward zero).
        # The sum is clipped in float32, so it cannot wrap around the integer range.
        delta = ops.multiply(ops.sign(delta), ops.floor(ops.abs(delta)))
        return ops.cast(ops.clip(ops.add(x, delta), low, high), input_dtype)

    def inference(self, inputs: Any) -> Any:
        return inputs

    def image_output_spec(self, images: Any, *args: Any, **kwargs: Any) -> Any:
        return spec_like_input(self, images, images.shape)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"factor": self.factor, "value_range": self.value_range, "seed": self.seed})
        return config
