"""Shared base of the random image augmentation layers: seed state, the training switch, single images vs batches,
and the argument checks (factor ranges, fill modes, interpolations) the layers share."""

from __future__ import annotations

import numbers
from typing import Any

from multikeras import ops
from multikeras.layers.layer import Layer
from multikeras.layers.preprocessing import preprocessing_utils as utils
from multikeras.random.seed_generator import SeedGenerator

FILL_MODES = ("reflect", "wrap", "constant", "nearest")
INTERPOLATIONS = ("nearest", "bilinear")


def is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def is_number_pair(value: Any) -> bool:
    return isinstance(value, (tuple, list)) and len(value) == 2 and all(is_number(v) for v in value)


def factor_error(layer: Any, argument: str, value: Any, bounds: str) -> ValueError:
    return ValueError(
        f"{utils.describe(layer)}: the `{argument}` argument should be a number (or a list of two numbers) "
        f"in the range {bounds}. Received: {argument}={value!r}"
    )


def range_factor(factor: Any, layer: Any, low: float, high: float, from_number: Any,
                 argument: str = "factor") -> tuple[float, float]:
    """``factor`` as a sorted ``(lower, upper)`` pair: a number ``f`` gives ``from_number(f)``.

    As in Keras 3, a pair is refused only when its first entry is above ``high``
    or its second below ``low`` (so ``(-1.5, 0.5)`` passes), and a number outside
    ``[low, high]`` is refused.
    """
    if is_number(factor):
        pair = (factor, factor)
    elif is_number_pair(factor):
        pair = tuple(factor)
    else:
        raise factor_error(layer, argument, factor, f"[{low}, {high}]")
    if pair[0] > high or pair[1] < low:
        raise factor_error(layer, argument, factor, f"[{low}, {high}]")
    if is_number(factor):
        return from_number(factor)
    lower, upper = sorted(pair)
    return (lower, upper)


def symmetric_factor(factor: Any, layer: Any, argument: str = "factor") -> tuple[float, float]:
    """A number ``f`` in ``[-1, 1]`` gives ``(-|f|, |f|)``; a pair of numbers gives the pair, sorted."""
    return range_factor(factor, layer, -1, 1, lambda number: (-abs(number), abs(number)), argument)


def check_each_number(factor: Any, layer: Any, argument: str, low: float, high: float, open_low: bool) -> Any:
    """``factor`` (a number or a pair) unchanged, after checking each number lies in the range."""
    numbers_ = [factor] if is_number(factor) else list(factor) if is_number_pair(factor) else None
    bounds = f"({low}, {high}]" if open_low else f"[{low}, {high}]"
    if numbers_ is None:
        raise factor_error(layer, argument, factor, bounds)
    for number in numbers_:
        if number > high or number < low or (open_low and number == low):
            raise factor_error(layer, argument, factor, bounds)
    return tuple(factor) if isinstance(factor, list) else factor


def factor_bounds(factor: Any) -> tuple[float, float]:
    """``(-f, f)`` for a number, the pair itself (in its order) for a pair."""
    return (-factor, factor) if is_number(factor) else (factor[0], factor[1])


def stack_transforms(entries: list) -> Any:
    """``(batch, 8)`` transforms from eight ``(batch,)`` columns.

    Built by concatenating ``(batch, 1)`` columns rather than ``ops.stack``: TensorFlow's graph optimizer rewrites
    a strided slice of a ``stack`` with new axes into the stacked column and drops those axes, which breaks
    ``affine_transform`` inside ``tf.function`` when the columns come from a seeded draw.
    """
    return ops.concatenate([ops.expand_dims(entry, 1) for entry in entries], axis=1)


def check_fill_mode(fill_mode: Any, layer: Any) -> str:
    if fill_mode not in FILL_MODES:
        raise NotImplementedError(
            f"{utils.describe(layer)}: unknown `fill_mode` {fill_mode!r}. Expected one of {FILL_MODES}."
        )
    return fill_mode


def check_interpolation(interpolation: Any, layer: Any) -> str:
    if interpolation not in INTERPOLATIONS:
        raise NotImplementedError(
            f"{utils.describe(layer)}: unknown `interpolation` {interpolation!r}. Expected one of {INTERPOLATIONS}."
        )
    return interpolation


def check_value_range(value_range: Any, layer: Any) -> tuple[float, float]:
    if not is_number_pair(value_range):
        raise ValueError(
            f"{utils.describe(layer)}: the `value_range` argument should be a list of two numbers. "
            f"Received: value_range={value_range!r}"
        )
    return value_range


class BaseImageAugmentationLayer(Layer):
    """Calls :meth:`augment` on a batch of images when ``training`` is true, else :meth:`inference`.

    As in Keras 3, ``call``'s ``training`` defaults to ``True``: a layer called
    directly augments; inside ``Model.predict``/``evaluate``, or with an explicit
    ``training=False`` (or ``None``), it does not. Every random draw takes its
    seed from the layer's :class:`~multikeras.random.SeedGenerator`, whose state
    is a non-trainable variable, so compiled training steps draw fresh values.

    Args:
        seed: an int for reproducible draws, or ``None``.
        data_format: ``"channels_last"``, ``"channels_first"``, or ``None`` for the global default.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).
    """

    def __init__(self, seed: int | None = None, data_format: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
            raise ValueError(f"{utils.describe(self)}: `seed` must be an int or None, received seed={seed!r}.")
        self.seed = seed
        self.data_format = utils.standardize_data_format(data_format, self)
        self.seed_generator = SeedGenerator(seed)
        # The generator's state is an array of the active backend: the layer belongs to that backend from now on.
        self._bind_backend()

    def call(self, inputs: Any, training: bool | None = True) -> Any:
        rank = len(ops.shape(inputs))
        if rank not in (3, 4):
            raise ValueError(
                f"{utils.describe(self)}: expected images of rank 3 (one image) or 4 (a batch), "
                f"received inputs of shape {tuple(ops.shape(inputs))}."
            )
        if not training:
            return self.inference(inputs)
        if rank == 4:
            return self.augment(inputs)
        return ops.squeeze(self.augment(ops.expand_dims(inputs, 0)), 0)

    def augment(self, images: Any) -> Any:
        """The augmented batch (rank 4)."""
        raise NotImplementedError

    def inference(self, inputs: Any) -> Any:
        """The output outside training: the images in the compute dtype."""
        return ops.cast(inputs, self.compute_dtype)

    def spatial_axes(self) -> tuple[int, int]:
        """(height, width) axes of a batch."""
        return utils.spatial_axes(4, self.data_format)

    def batch_size(self, images: Any) -> Any:
        return ops.shape(images)[0]

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return tuple(input_shape)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"data_format": self.data_format})
        return config


class AffineAugmentationLayer(BaseImageAugmentationLayer):
    """Shared parts of the layers that move pixels with a random affine map: fill and interpolation settings."""

    def __init__(self, fill_mode: str = "reflect", interpolation: str = "bilinear", seed: int | None = None,
                 fill_value: float = 0.0, data_format: str | None = None, **kwargs: Any):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        self.fill_mode = check_fill_mode(fill_mode, self)
        self.interpolation = check_interpolation(interpolation, self)
        self.fill_value = fill_value

    def image_size(self, images: Any) -> tuple[Any, Any]:
        """(height, width) of a batch, as float32 scalars (they may be unknown until run time)."""
        shape = ops.shape(images)
        h_axis, w_axis = self.spatial_axes()
        return ops.cast(shape[h_axis], "float32"), ops.cast(shape[w_axis], "float32")

    def transform(self, images: Any, transforms: Any) -> Any:
        """``images`` (cast to the compute dtype) sampled through ``transforms`` ``(batch, 8)``."""
        images = ops.cast(images, self.compute_dtype)
        return ops.image.affine_transform(
            images, ops.cast(transforms, "float32"), interpolation=self.interpolation, fill_mode=self.fill_mode,
            fill_value=self.fill_value, data_format=self.data_format,
        )

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"fill_mode": self.fill_mode, "interpolation": self.interpolation, "seed": self.seed,
                       "fill_value": self.fill_value})
        return config
