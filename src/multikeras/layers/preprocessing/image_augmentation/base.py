"""Shared base of the random image augmentation layers: seed state, the training switch, single images vs batches,
dict inputs with boxes and masks, and the argument checks (factor ranges, fill modes, interpolations) the layers
share."""

from __future__ import annotations

import numbers
from typing import Any

from multikeras import ops
from multikeras.layers.layer import Layer
from multikeras.layers.preprocessing import preprocessing_utils as utils
from multikeras.layers.preprocessing.image_augmentation.dict_inputs import (  # noqa: F401 (re-exported names)
    BOXES,
    TRANSFORMED,
    UNCHANGED,
    UNSUPPORTED,
    DictInputsMixin,
    image_rank,
    map_image_shapes,
)
from multikeras.random.seed_generator import SeedGenerator
from multikeras.utils.bounding_boxes.formats import check_format
from multikeras.utils.bounding_boxes.geometry import clip_to_image_size

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


class BaseImageAugmentationLayer(DictInputsMixin, Layer):
    """Calls :meth:`augment` on a batch of images when ``training`` is true, else :meth:`inference`.

    As in Keras 3, ``call``'s ``training`` defaults to ``True``: a layer called
    directly augments; inside ``Model.predict``/``evaluate``, or with an explicit
    ``training=False`` (or ``None``), it does not. Every random draw takes its
    seed from the layer's :class:`~multikeras.random.SeedGenerator`, whose state
    is a non-trainable variable, so compiled training steps draw fresh values.

    The layer takes a batch of images, one image, or Keras 3's dict
    ``{"images", "labels", "bounding_boxes": {"boxes", "labels"},
    "segmentation_masks"}`` (all but ``"images"`` optional, other keys kept as
    given; the dict passed in is not modified). Boxes need the layer's
    ``bounding_box_format``. Subclasses either override :meth:`augment` (one
    call on the images: boxes and masks pass through) or, when they move pixels
    (``boxes_and_masks = TRANSFORMED``), :meth:`draw_parameters` and the
    ``apply_to_*`` methods, so that images, boxes and masks follow one draw.

    The dict dispatch is :class:`~.dict_inputs.DictInputsMixin`'s (shared with the
    deterministic ``CenterCrop`` and ``Resizing``); this class adds the seed state
    and the training switch.

    Args:
        seed: an int for reproducible draws, or ``None``.
        data_format: ``"channels_last"``, ``"channels_first"``, or ``None`` for the global default.
        bounding_box_format: the format of the boxes of dict inputs (``"xyxy"``, ``"rel_yxyx"`` ...), or ``None``.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).
    """

    def __init__(self, seed: int | None = None, data_format: str | None = None,
                 bounding_box_format: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
            raise ValueError(f"{utils.describe(self)}: `seed` must be an int or None, received seed={seed!r}.")
        self.seed = seed
        self.data_format = utils.standardize_data_format(data_format, self)
        self.bounding_box_format = None if bounding_box_format is None else check_format(
            bounding_box_format, utils.describe(self))
        self.seed_generator = SeedGenerator(seed)
        # The generator's state is an array of the active backend: the layer belongs to that backend from now on.
        self._bind_backend()

    def call(self, inputs: Any, training: bool | None = True) -> Any:
        if isinstance(inputs, dict):
            return self.call_on_dict(inputs, training)
        rank = image_rank(inputs, self)
        if not training:
            return self.inference(inputs)
        if rank == 4:
            return self.augment(inputs)
        return ops.squeeze(self.augment(ops.expand_dims(inputs, 0)), 0)

    def augment(self, images: Any) -> Any:
        """The augmented batch (rank 4). Layers that only change pixel values override this."""
        return self.apply_to_images(images, self.draw_parameters(images))

    def apply_to_images(self, images: Any, params: Any) -> Any:
        """The batch transformed by ``params``; by default :meth:`augment` (layers that draw inside it)."""
        return self.augment(images)

    def batch_size(self, images: Any) -> Any:
        return ops.shape(images)[0]

    def compute_output_shape(self, input_shape: Any) -> Any:
        if isinstance(input_shape, dict):
            return map_image_shapes(input_shape, self.compute_output_shape)
        return tuple(input_shape)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"data_format": self.data_format})
        if self.bounding_box_format is not None:
            # Keras 3 writes the key only when a format is set.
            config["bounding_box_format"] = self.bounding_box_format
        return config


def transform_boxes(boxes: Any, transforms: Any) -> Any:
    """``xyxy`` boxes ``(batch, n, 4)`` carried by the image map ``transforms`` ``(batch, 8)`` (affine or projective).

    A transform ``(a0, a1, a2, b0, b1, b2, c0, c1)`` maps an output pixel
    ``(x, y)`` to the input point it samples,
    ``((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k)`` with
    ``k = c0 x + c1 y + 1`` (``c0 = c1 = 0`` for an affine map); the input
    corners of each box go through the inverse map, and the box becomes the
    smallest one around them (box coordinates are read as pixel coordinates, as
    in Keras 3).
    """
    transforms = ops.cast(transforms, "float32")
    a0, a1, a2, b0, b1, b2, c0, c1 = (ops.expand_dims(transforms[:, i], 1) for i in range(8))
    # The inverse of the matrix [[a0, a1, a2], [b0, b1, b2], [c0, c1, 1]] up to a factor (its adjugate): the factor
    # cancels in the division by the third coordinate, so no determinant is needed.
    row_x = (b1 - b2 * c1, a2 * c1 - a1, a1 * b2 - a2 * b1)
    row_y = (b2 * c0 - b0, a0 - a2 * c0, a2 * b0 - a0 * b2)
    row_k = (b0 * c1 - b1 * c0, a1 * c0 - a0 * c1, a0 * b1 - a1 * b0)
    x1, y1, x2, y2 = (boxes[..., i] for i in range(4))
    xs, ys = [], []
    for x, y in ((x1, y1), (x2, y1), (x1, y2), (x2, y2)):
        k = row_k[0] * x + row_k[1] * y + row_k[2]
        xs.append((row_x[0] * x + row_x[1] * y + row_x[2]) / k)
        ys.append((row_y[0] * x + row_y[1] * y + row_y[2]) / k)
    xs, ys = ops.stack(xs, axis=-1), ops.stack(ys, axis=-1)
    return ops.stack([ops.min(xs, axis=-1), ops.min(ys, axis=-1), ops.max(xs, axis=-1), ops.max(ys, axis=-1)],
                     axis=-1)


class AffineAugmentationLayer(BaseImageAugmentationLayer):
    """Shared parts of the layers that move pixels with a random affine map: fill and interpolation settings, and
    boxes and masks moved by the same ``(batch, 8)`` transforms as the images (subclasses draw them in
    :meth:`draw_parameters`)."""

    boxes_and_masks = TRANSFORMED

    def __init__(self, fill_mode: str = "reflect", interpolation: str = "bilinear", seed: int | None = None,
                 fill_value: float = 0.0, data_format: str | None = None, **kwargs: Any):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        self.fill_mode = check_fill_mode(fill_mode, self)
        self.interpolation = check_interpolation(interpolation, self)
        self.fill_value = fill_value

    def image_size(self, images: Any) -> tuple[Any, Any]:
        """(height, width) of a batch, as float32 scalars (they may be unknown until run time)."""
        height, width = self.image_height_width(images)
        return ops.cast(height, "float32"), ops.cast(width, "float32")

    def transform(self, images: Any, transforms: Any, interpolation: str | None = None) -> Any:
        """``images`` sampled through ``transforms`` ``(batch, 8)`` (with the layer's interpolation by default)."""
        return ops.image.affine_transform(
            images, ops.cast(transforms, "float32"), interpolation=interpolation or self.interpolation,
            fill_mode=self.fill_mode, fill_value=self.fill_value, data_format=self.data_format,
        )

    def apply_to_images(self, images: Any, transforms: Any) -> Any:
        """The batch, in the compute dtype, sampled through ``transforms``."""
        return self.transform(ops.cast(images, self.compute_dtype), transforms)

    def apply_to_segmentation_masks(self, segmentation_masks: Any, transforms: Any) -> Any:
        """Masks through the same transforms with nearest sampling (class ids stay ids), the layer's fill mode and
        value (as in Keras 3), in their own dtype."""
        dtype = ops.dtype(segmentation_masks)
        moved = self.transform(ops.cast(segmentation_masks, "float32"), transforms, interpolation="nearest")
        return ops.cast(moved, dtype)

    def apply_to_bounding_boxes(self, bounding_boxes: dict, transforms: Any, image_size: tuple[Any, Any]) -> dict:
        """Boxes around their moved corners, clipped to the image (labels of boxes left without area become -1)."""
        moved = dict(bounding_boxes, boxes=transform_boxes(bounding_boxes[BOXES], transforms))
        height, width = image_size
        return clip_to_image_size(moved, height, width, "xyxy")

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"fill_mode": self.fill_mode, "interpolation": self.interpolation, "seed": self.seed,
                       "fill_value": self.fill_value})
        return config
