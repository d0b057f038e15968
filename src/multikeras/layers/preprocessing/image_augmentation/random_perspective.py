"""`RandomPerspective`: warp some images by a random perspective (four-corner) transform during training."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras import random as mk_random
from multikeras.backend.perspective import projective_map
from multikeras.layers.preprocessing import preprocessing_utils as utils
from multikeras.layers.preprocessing.image_augmentation.base import (
    TRANSFORMED,
    BaseImageAugmentationLayer,
    check_interpolation,
    is_number,
    transform_boxes,
)
from multikeras.layers.preprocessing.image_augmentation.dict_inputs import BOXES
from multikeras.layers.preprocessing.image_augmentation.labelled import per_sample, unit_factor
from multikeras.saving.object_registration import register_builtin
from multikeras.utils.bounding_boxes.geometry import clip_to_image_size


def check_perspective_scale(scale: Any, layer: Any) -> float:
    """``scale`` must be one number in ``[0, 1]`` (Keras 3.15.1 fails with a ``TypeError`` on a pair)."""
    if not is_number(scale) or not 0.0 <= scale <= 1.0:
        raise ValueError(
            f"{utils.describe(layer)}: the `scale` argument should be a number in the range [0, 1]. "
            f"Received: scale={scale!r}"
        )
    return scale


def image_corners(height: Any, width: Any, batch: Any) -> Any:
    """``(batch, 4, 2)`` float32 pixel centres of the corners, as ``(x, y)``: top-left, top-right, bottom-left,
    bottom-right."""
    right, bottom = ops.cast(width, "float32") - 1.0, ops.cast(height, "float32") - 1.0
    zero = ops.zeros_like(right)
    corners = ops.reshape(ops.stack([zero, zero, right, zero, zero, bottom, right, bottom]), (1, 4, 2))
    return ops.broadcast_to(corners, (batch, 4, 2))


@register_builtin("keras.layers")
class RandomPerspective(BaseImageAugmentationLayer):
    """Apply a random perspective warp to some images during training; identity (in the compute dtype) otherwise.

    For each image a probability is drawn from ``factor`` and the image is
    warped with that probability. A warp keeps the four corners
    ``start_points`` of the image (pixel centres, ``(x, y)``) and moves each
    of their coordinates by ``scale * u * coordinate`` with ``u`` uniform in
    ``[-0.5, 0.5]`` (one draw per image, corner and axis) to give
    ``end_points``: the top-left corner stays fixed and a corner moves by at
    most half its distance from it, per axis, as in Keras 3.15.1. The image is
    then ``ops.image.perspective_transform(images, start_points, end_points)``
    (output pixels that read outside the input get ``fill_value``). Images
    come out in the compute dtype; labels in a dict pass through.

    The boxes and segmentation masks of a dict input move with their images:
    a box becomes the smallest box around its four corners carried by the
    warp, clipped to the image (labels of boxes left without area become -1);
    masks are warped with nearest sampling, in their own dtype.

    Args:
        factor: a number ``f`` in ``[0, 1]`` (probability drawn from ``[0, f]``) or a pair ``(lower, upper)``.
        scale: a number in ``[0, 1]``, the strength of the warp (``0`` leaves the images unchanged).
        interpolation: ``"bilinear"`` or ``"nearest"``.
        fill_value: the value of output pixels that read outside the input.
        seed: an int for reproducible draws, or ``None``.
        data_format: ``"channels_last"``, ``"channels_first"``, or ``None`` for the global default.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     images = np.random.default_rng(0).uniform(0, 1, (2, 8, 8, 3))
        ...     layer = RandomPerspective(factor=(1.0, 1.0), scale=0.5, seed=1)
        ...     warped, kept = layer(images), layer(images, training=False)
        >>> warped.shape, bool(np.allclose(warped, images)), bool(np.allclose(kept, images))
        ((2, 8, 8, 3), False, True)
    """

    boxes_and_masks = TRANSFORMED

    def __init__(self, factor: Any = 1.0, scale: float = 1.0, interpolation: str = "bilinear",
                 fill_value: float = 0.0, seed: int | None = None, data_format: str | None = None, **kwargs: Any):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        self.factor = unit_factor(factor, self)
        self.scale = check_perspective_scale(scale, self)
        self.interpolation = check_interpolation(interpolation, self)
        self.fill_value = fill_value

    def draw_points(self, images: Any) -> tuple[Any, Any, Any]:
        """``(apply, start_points, end_points)`` for a batch: ``(batch,)`` bools and two ``(batch, 4, 2)`` arrays."""
        batch = self.batch_size(images)
        lower, upper = self.factor
        probability = mk_random.uniform((batch,), minval=lower, maxval=upper, dtype="float32",
                                        seed=self.seed_generator)
        apply = mk_random.uniform((batch,), dtype="float32", seed=self.seed_generator) < probability
        h_axis, w_axis = self.spatial_axes()
        shape = ops.shape(images)
        start = image_corners(shape[h_axis], shape[w_axis], batch)
        shift = mk_random.uniform((batch, 4, 2), minval=-0.5, maxval=0.5, dtype="float32", seed=self.seed_generator)
        return apply, start, start + start * (shift * self.scale)

    def draw_parameters(self, images: Any) -> tuple[Any, Any, Any]:
        return self.draw_points(images)

    def warp(self, images: Any, points: tuple[Any, Any, Any], interpolation: str) -> Any:
        """``images`` warped where the draw applies, unchanged elsewhere."""
        apply, start, end = points
        warped = ops.image.perspective_transform(images, start, end, interpolation=interpolation,
                                                 fill_value=self.fill_value, data_format=self.data_format)
        return ops.where(per_sample(apply, images), warped, images)

    def apply_to_images(self, images: Any, points: tuple[Any, Any, Any]) -> Any:
        return self.warp(ops.cast(images, self.compute_dtype), points, self.interpolation)

    def apply_to_segmentation_masks(self, segmentation_masks: Any, points: tuple[Any, Any, Any]) -> Any:
        """Masks warped with nearest sampling (class ids stay ids) and the layer's fill value, in their own dtype."""
        dtype = ops.dtype(segmentation_masks)
        return ops.cast(self.warp(ops.cast(segmentation_masks, "float32"), points, "nearest"), dtype)

    def apply_to_bounding_boxes(self, bounding_boxes: dict, points: tuple[Any, Any, Any],
                                image_size: tuple[Any, Any]) -> dict:
        """Boxes around their corners carried by the warp (where it applies), clipped to the image."""
        apply, start, end = points
        boxes = bounding_boxes[BOXES]
        moved = ops.where(ops.reshape(apply, (-1, 1, 1)), transform_boxes(boxes, projective_map(ops, start, end)),
                          boxes)
        height, width = image_size
        return clip_to_image_size(dict(bounding_boxes, boxes=moved), height, width, "xyxy")

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"factor": self.factor, "scale": self.scale, "interpolation": self.interpolation,
                       "fill_value": self.fill_value, "seed": self.seed})
        return config
