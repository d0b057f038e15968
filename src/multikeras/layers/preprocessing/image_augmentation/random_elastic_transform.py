"""`RandomElasticTransform`: deform some images by a random smooth displacement field during training."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras import random as mk_random
from multikeras.layers.preprocessing import preprocessing_utils as utils
from multikeras.layers.preprocessing.image_augmentation.base import (
    FILL_MODES,
    UNSUPPORTED,
    check_interpolation,
    check_value_range,
)
from multikeras.layers.preprocessing.image_augmentation.labelled import (
    LabelledAugmentationLayer,
    per_sample,
    unit_factor,
)
from multikeras.saving.object_registration import register_builtin

ELASTIC_FILL_MODES = FILL_MODES + ("mirror",)


def check_elastic_fill_mode(fill_mode: Any, layer: Any) -> str:
    if fill_mode not in ELASTIC_FILL_MODES:
        raise NotImplementedError(
            f"{utils.describe(layer)}: unknown `fill_mode` {fill_mode!r}. Expected one of {ELASTIC_FILL_MODES}."
        )
    return fill_mode


def elastic_parameters(distortion: Any, height: int, width: int) -> tuple[Any, Any]:
    """``(alpha, sigma)`` of ``ops.image.elastic_transform`` for a drawn strength ``distortion`` (Keras 3's rule:
    the field's scale is a tenth of the longer side, its smoothness a twentieth of the shorter one)."""
    return distortion * (max(height, width) / 10.0), distortion * (min(height, width) / 20.0)


def smoothing_taps(sigma: Any, window: int) -> Any:
    """``(window,)`` float32 weights: the normalized Gaussian of ``elastic_transform``'s smoothing.

    The op's window is ``int(6 sigma) | 1`` taps, which depends on the drawn ``sigma``: inside a compiled step
    that is a traced value, so the taps are laid in a fixed, larger ``window`` and those outside the op's
    window are zero, which gives the op's filter exactly.
    """
    sigma = ops.cast(sigma, "float32")
    offsets = ops.arange(window, dtype="float32") - (window - 1) / 2.0
    size = ops.floor(6.0 * sigma)
    size = size + 1.0 - ops.mod(size, 2.0)  # int(6 sigma) | 1
    # The floor on sigma keeps a zero draw (no displacement) from dividing zero by zero.
    spread = 2.0 * ops.square(ops.maximum(sigma, 1e-6))
    weights = ops.where(ops.abs(offsets) <= (size - 1.0) / 2.0, ops.exp(-ops.square(offsets) / spread), 0.0)
    return weights / ops.sum(weights)


def displacement_field(noise: Any, alpha: Any, sigma: Any, window: int) -> Any:
    """``noise`` ``(batch, h, w, 2)`` smoothed by the Gaussian of ``sigma`` (zero padding) and scaled by ``alpha``."""
    taps = smoothing_taps(sigma, window)
    kernel = ops.expand_dims(taps, 1) * ops.expand_dims(taps, 0)
    kernel = ops.broadcast_to(ops.reshape(kernel, (window, window, 1, 1)), (window, window, 2, 1))
    smoothed = ops.depthwise_conv(noise, kernel, strides=1, padding="same", data_format="channels_last")
    return smoothed * ops.cast(alpha, "float32")


def displace(images: Any, field: Any, data_format: str, interpolation: str, fill_mode: str, fill_value: Any) -> Any:
    """``images`` (rank 4) sampled at each pixel plus ``field`` ``(batch, h, w, 2)`` (row, column displacement)."""
    x = ops.transpose(images, (0, 3, 1, 2)) if data_format == "channels_last" else images
    batch, channels, height, width = ops.shape(x)
    # One 3-D lookup over (image-and-channel, row, column): each channel reads its image's field.
    flat = ops.reshape(x, (batch * channels, height, width))
    rows = ops.repeat(field[..., 0], channels, axis=0) + ops.arange(height, dtype="float32")[:, None]
    cols = ops.repeat(field[..., 1], channels, axis=0) + ops.arange(width, dtype="float32")[None, :]
    planes = ops.broadcast_to(ops.arange(batch * channels, dtype="float32")[:, None, None], ops.shape(rows))
    sampled = ops.image.map_coordinates(flat, ops.stack([planes, rows, cols]), 0 if interpolation == "nearest" else 1,
                                        fill_mode=fill_mode, fill_value=fill_value)
    sampled = ops.reshape(sampled, (batch, channels, height, width))
    return ops.transpose(sampled, (0, 2, 3, 1)) if data_format == "channels_last" else sampled


@register_builtin("keras.layers")
class RandomElasticTransform(LabelledAugmentationLayer):
    """Deform some images by a random elastic field during training, and clip the batch to ``value_range``.

    For each image a probability is drawn from ``factor`` and the image is
    deformed with that probability. One strength ``d`` is drawn per call from
    ``scale`` and shared by the batch; it gives ``ops.image.elastic_transform``'s
    ``alpha = d * max(height, width) / 10`` and
    ``sigma = d * min(height, width) / 20``: Gaussian noise of standard
    deviation ``sigma`` (drawn from the layer's seed generator) smoothed by a
    Gaussian of the same ``sigma``, scaled by ``alpha``, moves the sampling
    point of every pixel. In training the whole batch is then clipped to
    ``value_range``, as in Keras 3 (unless ``factor`` or ``scale`` is 0, when
    the images pass through). Images come out in the compute dtype; labels in
    a dict pass through. The field is computed with generic ops (not by
    calling ``ops.image.elastic_transform``, which needs ``sigma`` as a Python
    number) so that the layer runs inside compiled steps; the tests check that
    it equals the op given the same draws.

    Args:
        factor: a number ``f`` in ``[0, 1]`` (probability drawn from ``[0, f]``) or a pair ``(lower, upper)``.
        scale: a number ``s`` in ``[0, 1]`` (strength drawn from ``[0, s]``) or a pair ``(lower, upper)``.
        interpolation: ``"bilinear"`` or ``"nearest"``.
        fill_mode: ``"reflect"``, ``"wrap"``, ``"constant"``, ``"nearest"`` or ``"mirror"``.
        fill_value: the value ``fill_mode="constant"`` uses.
        value_range: ``(min, max)`` of the image values.
        seed: an int for reproducible draws, or ``None``.
        data_format: ``"channels_last"``, ``"channels_first"``, or ``None`` for the global default.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     images = np.random.default_rng(0).uniform(0, 1, (2, 8, 8, 3))
        ...     layer = RandomElasticTransform(factor=(1.0, 1.0), scale=(0.5, 1.0), value_range=(0, 1), seed=1)
        ...     deformed = layer(images)
        >>> deformed.shape, bool(np.allclose(deformed, images)), float(deformed.min()) >= 0.0
        ((2, 8, 8, 3), False, True)
    """

    # moving boxes and masks through the field is not implemented (Keras 3.15.1 raises too)
    boxes_and_masks = UNSUPPORTED

    def __init__(self, factor: Any = 1.0, scale: Any = 1.0, interpolation: str = "bilinear",
                 fill_mode: str = "reflect", fill_value: float = 0.0, value_range: Any = (0, 255),
                 seed: int | None = None, data_format: str | None = None, **kwargs: Any):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        self.factor = unit_factor(factor, self)
        self.scale = unit_factor(scale, self, "scale")
        self.interpolation = check_interpolation(interpolation, self)
        self.fill_mode = check_elastic_fill_mode(fill_mode, self)
        self.fill_value = fill_value
        self.value_range = tuple(check_value_range(value_range, self))

    def static_size(self, images: Any) -> tuple[int, int]:
        """(height, width) as Python ints: the smoothing window's size depends on them."""
        shape = ops.shape(images)
        h_axis, w_axis = self.spatial_axes()
        height, width = shape[h_axis], shape[w_axis]
        if not isinstance(height, int) or not isinstance(width, int):
            raise ValueError(
                f"{utils.describe(self)}: the image height and width must be known when the layer runs, "
                f"received images of shape {tuple(shape)}."
            )
        return height, width

    def augment_with_labels(self, images: Any, labels: Any) -> tuple[Any, Any]:
        images = ops.cast(images, self.compute_dtype)
        if self.factor[1] == 0 or self.scale[1] == 0:
            # Nothing can move: the images pass through unclipped (as in Keras 3.15.1).
            return images, labels
        height, width = self.static_size(images)
        batch = self.batch_size(images)
        lower, upper = self.factor
        probability = mk_random.uniform((batch,), minval=lower, maxval=upper, dtype="float32",
                                        seed=self.seed_generator)
        apply = mk_random.uniform((batch,), dtype="float32", seed=self.seed_generator) < probability
        lower, upper = self.scale
        distortion = mk_random.uniform((), minval=lower, maxval=upper, dtype="float32", seed=self.seed_generator)
        alpha, sigma = elastic_parameters(distortion, height, width)
        window = (int(6.0 * elastic_parameters(upper, height, width)[1]) | 1) + 2
        noise = mk_random.normal((batch, height, width, 2), dtype="float32", seed=self.seed_generator) * sigma
        field = displacement_field(noise, alpha, sigma, window)
        deformed = displace(images, field, self.data_format, self.interpolation, self.fill_mode, self.fill_value)
        deformed = ops.cast(deformed, self.compute_dtype)
        low, high = self.value_range
        return ops.clip(ops.where(per_sample(apply, images), deformed, images), low, high), labels

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"factor": self.factor, "scale": self.scale, "interpolation": self.interpolation,
                       "fill_mode": self.fill_mode, "fill_value": self.fill_value,
                       "value_range": self.value_range, "seed": self.seed})
        return config
