"""Overlap measures of bounding boxes: `compute_iou` (pairwise) and `compute_ciou` (element-wise)."""

from __future__ import annotations

import math
from typing import Any

from multikeras import config, ops
from multikeras.utils.bounding_boxes.formats import (
    check_boxes,
    check_format,
    dtype_of,
    split_boxes,
    static_shape,
    to_corners,
)

EPSILON = 1e-7
"""Added to the denominators so that empty boxes give 0 rather than NaN (the same constant as Keras 3)."""


def _corners(boxes: Any, layout: str, image_shape: Any) -> tuple[Any, Any, Any, Any]:
    """Absolute float corners of ``boxes``; a relative layout is scaled by ``image_shape`` (height, width, ...)."""
    height = width = None
    if layout.startswith("rel_"):
        height, width = ops.cast(image_shape[0], config.floatx()), ops.cast(image_shape[1], config.floatx())
    return to_corners(split_boxes(ops.cast(boxes, config.floatx())), layout, height, width)


def _checked(boxes1: Any, boxes2: Any, bounding_box_format: str, image_shape: Any, where: str) -> tuple[Any, Any, str]:
    boxes1, boxes2 = check_boxes(boxes1, where, "boxes1"), check_boxes(boxes2, where, "boxes2")
    layout = check_format(bounding_box_format, where)
    if layout.startswith("rel_") and image_shape is None:
        raise ValueError(
            f"{where}: the relative format {layout!r} needs `image_shape` (height, width[, channels]); "
            "received image_shape=None."
        )
    return boxes1, boxes2, layout


def _area(x1: Any, y1: Any, x2: Any, y2: Any) -> Any:
    return ops.multiply(ops.subtract(x2, x1), ops.subtract(y2, y1))


def _intersection(first: tuple[Any, ...], second: tuple[Any, ...]) -> Any:
    width = ops.subtract(ops.minimum(first[2], second[2]), ops.maximum(first[0], second[0]))
    height = ops.subtract(ops.minimum(first[3], second[3]), ops.maximum(first[1], second[1]))
    return ops.multiply(ops.maximum(width, 0.0), ops.maximum(height, 0.0))


def _is_padding(boxes: Any, mask_val: Any) -> Any:
    """True where all four coordinates of a box equal ``mask_val``; shape ``(..., n)``."""
    return ops.all(ops.equal(boxes, ops.cast(mask_val, dtype_of(boxes))), axis=-1)


def compute_iou(
    boxes1: Any,
    boxes2: Any,
    bounding_box_format: str,
    use_masking: bool = False,
    mask_val: float = -1,
    image_shape: Any = None,
) -> Any:
    """The intersection over union of every box in ``boxes1`` with every box in ``boxes2``.

    Args:
        boxes1: boxes of shape ``(n, 4)`` or ``(batch, n, 4)``.
        boxes2: boxes of shape ``(m, 4)`` or ``(batch, m, 4)``. When one input
            is batched and the other not, the unbatched one is shared by the batch.
        bounding_box_format: the format of both inputs (see `convert_format`).
        use_masking: when True, a box whose four coordinates all equal
            ``mask_val`` is padding: every IoU involving it is ``mask_val``.
        mask_val: the padding value.
        image_shape: ``(height, width, ...)`` of the image; required for a
            relative format.

    Returns:
        A ``floatx`` tensor of shape ``(n, m)``, or ``(batch, n, m)`` when an
        input is batched. Empty boxes give 0.

    Raises:
        ValueError: an unknown format, a last axis that is not 4, an input
            that is neither 2-D nor 3-D, or a relative format without
            ``image_shape``.

    Example:
        >>> import multikeras as mk
        >>> from multikeras import ops
        >>> from multikeras.utils import bounding_boxes
        >>> with mk.backend.use("numpy"):
        ...     iou = bounding_boxes.compute_iou([[0, 0, 2, 2]], [[1, 0, 3, 2], [4, 4, 5, 5]], "xyxy")
        >>> [round(v, 4) for v in ops.convert_to_numpy(iou)[0].tolist()]
        [0.3333, 0.0]
    """
    where = "compute_iou"
    boxes1, boxes2, layout = _checked(boxes1, boxes2, bounding_box_format, image_shape, where)
    rank1, rank2 = len(static_shape(boxes1)), len(static_shape(boxes2))
    if rank1 not in (2, 3) or rank2 not in (2, 3):
        raise ValueError(
            f"{where}: expected boxes1 and boxes2 of rank 2 (n, 4) or 3 (batch, n, 4); received shapes "
            f"{static_shape(boxes1)} and {static_shape(boxes2)}."
        )
    if rank1 != rank2:  # one batched, one not: the unbatched boxes are shared by every image of the batch
        boxes1 = boxes1 if rank1 == 3 else ops.expand_dims(boxes1, 0)
        boxes2 = boxes2 if rank2 == 3 else ops.expand_dims(boxes2, 0)
    # (..., n, 1) against (..., 1, m) broadcasts to every pair
    first = tuple(ops.expand_dims(ops.squeeze(c, -1), -1) for c in _corners(boxes1, layout, image_shape))
    second = tuple(ops.expand_dims(ops.squeeze(c, -1), -2) for c in _corners(boxes2, layout, image_shape))
    intersection = _intersection(first, second)
    union = ops.subtract(ops.add(_area(*first), _area(*second)), intersection)
    iou = ops.divide(intersection, ops.add(union, EPSILON))
    if use_masking:
        masked = ops.logical_or(ops.expand_dims(_is_padding(boxes1, mask_val), -1),
                                ops.expand_dims(_is_padding(boxes2, mask_val), -2))
        iou = ops.where(masked, ops.cast(mask_val, dtype_of(iou)), iou)
    return iou


def compute_ciou(boxes1: Any, boxes2: Any, bounding_box_format: str, image_shape: Any = None) -> Any:
    """The complete IoU (CIoU, Zheng et al. 2020) of matching boxes, box by box.

    CIoU is the IoU less the squared distance between the box centres over
    the squared diagonal of the smallest box enclosing both, less a term for
    the difference of aspect ratios; it lies in [-1, 1].

    Args:
        boxes1: boxes of shape ``(..., 4)``.
        boxes2: boxes of a shape that broadcasts against ``boxes1``.
        bounding_box_format: the format of both inputs (see `convert_format`).
        image_shape: ``(height, width, ...)`` of the image; required for a
            relative format.

    Returns:
        A ``floatx`` tensor of the broadcast shape without the last axis.

    Raises:
        ValueError: an unknown format, a last axis that is not 4, or a
            relative format without ``image_shape``.

    Example:
        >>> import multikeras as mk
        >>> from multikeras import ops
        >>> from multikeras.utils import bounding_boxes
        >>> with mk.backend.use("numpy"):
        ...     ciou = bounding_boxes.compute_ciou([[0, 0, 2, 2]], [[0, 0, 2, 2]], "xyxy")
        >>> ops.convert_to_numpy(ciou).round(4).tolist()
        [1.0]
    """
    boxes1, boxes2, layout = _checked(boxes1, boxes2, bounding_box_format, image_shape, "compute_ciou")
    first = tuple(ops.squeeze(c, -1) for c in _corners(boxes1, layout, image_shape))
    second = tuple(ops.squeeze(c, -1) for c in _corners(boxes2, layout, image_shape))
    width1, height1 = ops.subtract(first[2], first[0]), ops.subtract(first[3], first[1])
    width2, height2 = ops.subtract(second[2], second[0]), ops.subtract(second[3], second[1])
    intersection = _intersection(first, second)
    union = ops.subtract(ops.add(ops.multiply(width1, height1), ops.multiply(width2, height2)), intersection)
    iou = ops.divide(intersection, ops.add(union, EPSILON))
    enclosing_width = ops.subtract(ops.maximum(first[2], second[2]), ops.minimum(first[0], second[0]))
    enclosing_height = ops.subtract(ops.maximum(first[3], second[3]), ops.minimum(first[1], second[1]))
    diagonal = ops.add(ops.add(ops.square(enclosing_width), ops.square(enclosing_height)), EPSILON)
    # twice the centre offsets, squared: the factor 4 comes out below
    offset_x = ops.subtract(ops.add(first[0], first[2]), ops.add(second[0], second[2]))
    offset_y = ops.subtract(ops.add(first[1], first[3]), ops.add(second[1], second[3]))
    distance = ops.divide(ops.add(ops.square(offset_x), ops.square(offset_y)), 4.0)
    aspect = ops.subtract(ops.arctan(ops.divide(width2, ops.add(height2, EPSILON))),
                          ops.arctan(ops.divide(width1, ops.add(height1, EPSILON))))
    v = ops.multiply(4.0 / math.pi**2, ops.square(aspect))
    alpha = ops.divide(v, ops.add(ops.subtract(v, iou), 1.0 + EPSILON))
    return ops.subtract(iou, ops.add(ops.divide(distance, diagonal), ops.multiply(alpha, v)))
