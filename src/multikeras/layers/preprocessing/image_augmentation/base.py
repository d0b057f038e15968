"""Shared base of the random image augmentation layers: seed state, the training switch, single images vs batches,
dict inputs with boxes and masks, and the argument checks (factor ranges, fill modes, interpolations) the layers
share."""

from __future__ import annotations

import numbers
from typing import Any

from multikeras import ops
from multikeras.layers.layer import Layer
from multikeras.layers.preprocessing import preprocessing_utils as utils
from multikeras.layers.preprocessing.image_augmentation.dict_inputs import (
    BOUNDING_BOXES,
    BOXES,
    IMAGES,
    LABELS,
    SEGMENTATION_MASKS,
    add_batch_axis,
    check_dict,
    image_rank,
    remove_batch_axis,
)
from multikeras.random.seed_generator import SeedGenerator
from multikeras.utils.bounding_boxes.formats import check_format, convert_format
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


# What a layer does with the boxes and masks of a dict input (its ``boxes_and_masks`` class attribute).
UNCHANGED = "unchanged"  # the layer changes pixel values only: boxes and masks pass through as given
TRANSFORMED = "transformed"  # the layer moves pixels: boxes and masks move with them (same random draw)
UNSUPPORTED = "unsupported"  # the layer does not handle them yet: a dict holding them is refused


class BaseImageAugmentationLayer(Layer):
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

    Args:
        seed: an int for reproducible draws, or ``None``.
        data_format: ``"channels_last"``, ``"channels_first"``, or ``None`` for the global default.
        bounding_box_format: the format of the boxes of dict inputs (``"xyxy"``, ``"rel_yxyx"`` ...), or ``None``.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).
    """

    boxes_and_masks = UNCHANGED
    # True for layers whose output outside training is a deterministic move of the pixels (a crop), which the
    # boxes and masks must follow; others change only the images outside training.
    moves_at_inference = False

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

    def call_on_dict(self, inputs: dict, training: bool | None) -> dict:
        """A new dict: the images, labels, boxes and masks of ``inputs`` augmented together, other entries kept."""
        batched = check_dict(inputs, self, self.bounding_box_format) == 4
        follow = self.boxes_and_masks == TRANSFORMED
        if self.boxes_and_masks == UNSUPPORTED and (BOUNDING_BOXES in inputs or SEGMENTATION_MASKS in inputs):
            raise NotImplementedError(
                f"{utils.describe(self)}: 'bounding_boxes' and 'segmentation_masks' entries are not supported by "
                f"this layer yet. Received keys: {sorted(inputs)}; it takes 'images' and 'labels'."
            )
        outputs = dict(inputs)
        if not training and not (follow and self.moves_at_inference):
            outputs[IMAGES] = self.inference(inputs[IMAGES])
            return outputs
        # Only the entries the layer changes go through it; the others stay as given.
        keys = (IMAGES, LABELS, BOUNDING_BOXES, SEGMENTATION_MASKS) if follow else (IMAGES, LABELS)
        entries = {key: inputs[key] for key in keys if key in inputs}
        if follow and BOUNDING_BOXES in entries:
            entries[BOUNDING_BOXES] = {BOXES: entries[BOUNDING_BOXES][BOXES],
                                       LABELS: entries[BOUNDING_BOXES][LABELS]}
        if not batched:
            entries = add_batch_axis(entries)
        images = entries[IMAGES]
        height, width = self.image_height_width(images)
        boxes = entries.get(BOUNDING_BOXES)
        if boxes is not None:
            boxes = dict(boxes, boxes=convert_format(boxes[BOXES], self.bounding_box_format, "xyxy", height, width))
        images, labels, boxes, masks = self.augment_inputs(images, entries.get(LABELS), boxes,
                                                           entries.get(SEGMENTATION_MASKS), training=bool(training))
        results = {IMAGES: images, LABELS: labels, SEGMENTATION_MASKS: masks}
        if boxes is not None:
            # Relative formats are fractions of the output image, which may differ in size (crops).
            out_height, out_width = self.image_height_width(images)
            results[BOUNDING_BOXES] = dict(boxes, boxes=convert_format(boxes[BOXES], "xyxy", self.bounding_box_format,
                                                                       out_height, out_width))
        results = {key: value for key, value in results.items() if key in entries}
        if not batched:
            results = remove_batch_axis(results)
        if BOUNDING_BOXES in results:
            # Other entries of the caller's boxes dict are kept.
            results[BOUNDING_BOXES] = dict(inputs[BOUNDING_BOXES], **results[BOUNDING_BOXES])
        outputs.update(results)
        return outputs

    def augment_inputs(self, images: Any, labels: Any, bounding_boxes: Any, segmentation_masks: Any,
                       training: bool = True) -> tuple[Any, Any, Any, Any]:
        """The augmented batch and its labels, boxes and masks (each ``None`` when absent), from one draw (outside
        training, from :meth:`inference_parameters`).

        Boxes come as ``{"boxes": (batch, n, 4), "labels": (batch, n)}`` in absolute ``xyxy`` float32 and go back
        in the same layout, placed on the output images.
        """
        params = self.draw_parameters(images) if training else self.inference_parameters(images)
        height_width = self.image_height_width(images)
        out_images = self.apply_to_images(images, params)
        if bounding_boxes is not None:
            bounding_boxes = self.apply_to_bounding_boxes(bounding_boxes, params, height_width)
        if segmentation_masks is not None:
            segmentation_masks = self.apply_to_segmentation_masks(segmentation_masks, params)
        return out_images, labels, bounding_boxes, segmentation_masks

    def augment(self, images: Any) -> Any:
        """The augmented batch (rank 4). Layers that only change pixel values override this."""
        return self.apply_to_images(images, self.draw_parameters(images))

    def draw_parameters(self, images: Any) -> Any:
        """The random draws for a batch, shared by the ``apply_to_*`` methods (``None`` by default)."""
        return None

    def inference_parameters(self, images: Any) -> Any:
        """The parameters of the deterministic move outside training (layers with ``moves_at_inference``)."""
        raise NotImplementedError

    def apply_to_images(self, images: Any, params: Any) -> Any:
        """The batch transformed by ``params``; by default :meth:`augment` (layers that draw inside it)."""
        return self.augment(images)

    def apply_to_bounding_boxes(self, bounding_boxes: dict, params: Any, image_size: tuple[Any, Any]) -> dict:
        """Boxes (``xyxy``, float32, on the input images of size ``image_size``) moved with the images."""
        return bounding_boxes

    def apply_to_segmentation_masks(self, segmentation_masks: Any, params: Any) -> Any:
        """Masks (rank 4, in the layer's data format) moved with the images."""
        return segmentation_masks

    def inference(self, inputs: Any) -> Any:
        """The output outside training: the images in the compute dtype."""
        return ops.cast(inputs, self.compute_dtype)

    def spatial_axes(self) -> tuple[int, int]:
        """(height, width) axes of a batch."""
        return utils.spatial_axes(4, self.data_format)

    def batch_size(self, images: Any) -> Any:
        return ops.shape(images)[0]

    def image_height_width(self, images: Any) -> tuple[Any, Any]:
        """(height, width) of a batch, as ints when known (scalar tensors under tracing with unknown sizes)."""
        shape = ops.shape(images)
        h_axis, w_axis = self.spatial_axes()
        return shape[h_axis], shape[w_axis]

    def compute_output_shape(self, input_shape: Any) -> Any:
        if isinstance(input_shape, dict):
            shapes = {key: (dict(shape) if isinstance(shape, dict) else tuple(shape))
                      for key, shape in input_shape.items()}
            for key in (IMAGES, SEGMENTATION_MASKS):
                if key in shapes:
                    shapes[key] = self.compute_output_shape(shapes[key])
            return shapes
        return tuple(input_shape)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"data_format": self.data_format})
        if self.bounding_box_format is not None:
            # Keras 3 writes the key only when a format is set.
            config["bounding_box_format"] = self.bounding_box_format
        return config


def transform_boxes(boxes: Any, transforms: Any) -> Any:
    """``xyxy`` boxes ``(batch, n, 4)`` carried by the image map ``transforms`` ``(batch, 8)`` (no perspective terms).

    A transform maps an output pixel ``(x, y)`` to the input point it samples,
    ``(a0 x + a1 y + a2, b0 x + b1 y + b2)``; the input corners of each box go
    through the inverse map, and the box becomes the smallest one around them
    (box coordinates are read as pixel coordinates, as in Keras 3).
    """
    transforms = ops.cast(transforms, "float32")
    a0, a1, a2, b0, b1, b2 = (ops.expand_dims(transforms[:, i], 1) for i in range(6))
    det = a0 * b1 - a1 * b0
    x1, y1, x2, y2 = (boxes[..., i] for i in range(4))
    xs, ys = [], []
    for x, y in ((x1, y1), (x2, y1), (x1, y2), (x2, y2)):
        dx, dy = x - a2, y - b2
        xs.append((b1 * dx - a1 * dy) / det)
        ys.append((a0 * dy - b0 * dx) / det)
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
