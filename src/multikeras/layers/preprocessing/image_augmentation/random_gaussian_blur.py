"""`RandomGaussianBlur`: blur some images with a Gaussian kernel of random width during training."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras import random as mk_random
from multikeras.layers.preprocessing import preprocessing_utils as utils
from multikeras.layers.preprocessing.image_augmentation.base import check_value_range, is_number
from multikeras.layers.preprocessing.image_augmentation.labelled import (
    LabelledAugmentationLayer,
    per_sample,
    unit_factor,
)
from multikeras.saving.object_registration import register_builtin


def check_kernel_size(kernel_size: Any, layer: Any) -> tuple[int, int]:
    """``(height, width)`` from an odd number or a pair of odd numbers (whole-valued floats are accepted)."""
    sizes = [kernel_size] * 2 if is_number(kernel_size) else kernel_size
    if not isinstance(sizes, (tuple, list)) or len(sizes) != 2 or not all(is_number(s) for s in sizes):
        raise ValueError(
            f"{utils.describe(layer)}: the `kernel_size` argument should be an odd number or a list of two odd "
            f"numbers. Received: kernel_size={kernel_size!r}"
        )
    if any(s != int(s) or int(s) % 2 == 0 or s < 1 for s in sizes):
        raise ValueError(
            f"{utils.describe(layer)}: `kernel_size` must be odd positive numbers. Received: kernel_size={kernel_size!r}"
        )
    return int(sizes[0]), int(sizes[1])


@register_builtin("keras.layers")
class RandomGaussianBlur(LabelledAugmentationLayer):
    """Blur each image with some probability, in training, and clip the batch to ``value_range``.

    For each image a probability is drawn from ``factor`` and the image is
    blurred with that probability. One pair of standard deviations
    ``(sigma_y, sigma_x)`` is drawn per call from ``sigma`` (plus ``1e-6``)
    and shared by the batch. In training every image (blurred or not) is then
    clipped to ``value_range``, as in Keras 3. Labels pass through. Images come
    out in the compute dtype, in training and outside it.

    Args:
        factor: a number ``f`` in ``[0, 1]`` (probability drawn from ``[0, f]``) or a pair ``(lower, upper)``.
        kernel_size: an odd number, or a pair of odd numbers ``(height, width)``.
        sigma: a number ``s`` in ``[0, 1]`` (standard deviations drawn from ``[0, s]``) or a pair.
        value_range: ``(min, max)`` of the image values.
        data_format: ``"channels_last"``, ``"channels_first"``, or ``None`` for the global default.
        seed: an int for reproducible draws, or ``None``.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     image = np.zeros((1, 3, 3, 1)); image[0, 1, 1, 0] = 1.0
        ...     y = RandomGaussianBlur(factor=(1.0, 1.0), sigma=(1.0, 1.0), value_range=(0, 1))(image)
        >>> round(float(y[0, 1, 1, 0]), 4), round(float(y.sum()), 4)  # the peak spreads, the mass is kept
        (0.2042, 1.0)
    """

    def __init__(self, factor: Any = 1.0, kernel_size: Any = 3, sigma: Any = 1.0, value_range: Any = (0, 255),
                 data_format: str | None = None, seed: int | None = None, **kwargs: Any):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        self.factor = unit_factor(factor, self)
        self.kernel_size = check_kernel_size(kernel_size, self)
        self.sigma = unit_factor(sigma, self, "sigma")
        self.value_range = tuple(check_value_range(value_range, self))

    def augment_with_labels(self, images: Any, labels: Any) -> tuple[Any, Any]:
        batch = self.batch_size(images)
        lower, upper = self.factor
        probability = mk_random.uniform((batch,), minval=lower, maxval=upper, dtype="float32",
                                        seed=self.seed_generator)
        blur = mk_random.uniform((batch,), dtype="float32", seed=self.seed_generator) < probability
        lower, upper = self.sigma
        # The offset keeps a zero draw from dividing by zero in the kernel.
        sigma = mk_random.uniform((2,), minval=lower, maxval=upper, dtype="float32", seed=self.seed_generator) + 1e-6
        images = ops.cast(images, self.compute_dtype)
        # The drawn sigma stays a tensor: gaussian_blur takes it as an array without reading it on the host, so
        # compiled steps draw a fresh one each call.
        blurred = ops.image.gaussian_blur(images, kernel_size=self.kernel_size, sigma=sigma,
                                          data_format=self.data_format)
        low, high = self.value_range
        return ops.clip(ops.where(per_sample(blur, images), blurred, images), low, high), labels

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"factor": self.factor, "kernel_size": self.kernel_size, "sigma": self.sigma,
                       "value_range": self.value_range, "seed": self.seed})
        return config
