"""Boxes that follow an image through clipping, padding and cropping (``multikeras.utils.bounding_boxes``).

Each function works in corner coordinates and returns the boxes in the
format they came in; boxes keep their dtype unless a float offset makes them
float.
"""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.backend import result_type
from multikeras.utils.bounding_boxes.formats import (
    as_tensor,
    check_boxes,
    check_format,
    dtype_of,
    from_corners,
    join_boxes,
    split_boxes,
    static_shape,
    to_corners,
)


def _per_image(value: Any) -> Any:
    """A scalar as is; a per-image value of shape ``(batch,)`` as ``(batch, 1, 1)`` against ``(batch, n, 1)``."""
    if isinstance(value, (int, float)):
        return value
    value = as_tensor(value)
    return ops.expand_dims(ops.expand_dims(value, -1), -1) if len(static_shape(value)) == 1 else value


def _in_corners(boxes: Any, layout: str, move: Any, *offsets: Any) -> Any:
    """Apply ``move`` (corners -> corners) to ``boxes`` in ``layout``, back in their layout.

    The result has the dtype of ``boxes`` promoted with ``offsets``, whatever
    the layout: integer centre boxes pass through float corners on the way
    (halved widths) and are cast back.
    """
    dtype = result_type(boxes, *offsets)
    moved = join_boxes(from_corners(move(to_corners(split_boxes(boxes), layout)), layout))
    return moved if dtype_of(moved) == dtype else ops.cast(moved, dtype)


def _absolute_layout(bounding_box_format: str, where: str) -> str:
    layout = check_format(bounding_box_format, where)
    if layout.startswith("rel_"):
        raise NotImplementedError(
            f"{where}: relative formats are not supported (received bounding_box_format={bounding_box_format!r}), "
            "because pixel offsets change what the fractions refer to; convert to an absolute format first "
            "with convert_format."
        )
    return layout


def _boxes_of(value: Any, where: str) -> tuple[Any, dict[str, Any] | None]:
    if isinstance(value, dict):
        if "boxes" not in value:
            raise ValueError(f"{where}: a dict input needs a 'boxes' entry; received keys {sorted(value)}.")
        return check_boxes(value["boxes"], where), value
    return check_boxes(value, where), None


def _repacked(boxes: Any, original: dict[str, Any] | None, **entries: Any) -> Any:
    if original is None:
        return boxes
    result = dict(original)
    result.update(boxes=boxes, **entries)
    return result


def clip_to_image_size(
    bounding_boxes: Any,
    height: Any = None,
    width: Any = None,
    bounding_box_format: str = "xyxy",
) -> Any:
    """Clip boxes to the image and mark the boxes left without area.

    Args:
        bounding_boxes: a dict with ``"boxes"`` (``(n, 4)`` or
            ``(batch, n, 4)``) and optionally ``"labels"`` (``(n,)`` or
            ``(batch, n)``, or one-hot with a trailing class axis); a bare
            boxes tensor is accepted too.
        height: the image height; required for an absolute format.
        width: the image width; required for an absolute format.
        bounding_box_format: the format of the boxes; relative formats are
            clipped to [0, 1] and need no ``height``/``width``.

    Returns:
        The clipped boxes, in their format and dtype (``height`` and ``width``
        are cast to it). For a dict, a new dict whose labels are -1 where a
        clipped box has no area left (for one-hot labels the whole row is -1);
        other entries are kept.

    Raises:
        ValueError: an unknown format, a last axis that is not 4, or an
            absolute format without ``height`` and ``width``.

    Example:
        >>> import multikeras as mk
        >>> from multikeras import ops
        >>> from multikeras.utils import bounding_boxes
        >>> with mk.backend.use("numpy"):
        ...     out = bounding_boxes.clip_to_image_size(
        ...         {"boxes": [[-5.0, 2.0, 8.0, 20.0], [12.0, 0.0, 15.0, 4.0]], "labels": [3, 4]}, height=10, width=10)
        >>> ops.convert_to_numpy(out["boxes"]).tolist(), ops.convert_to_numpy(out["labels"]).tolist()
        ([[0.0, 2.0, 8.0, 10.0], [10.0, 0.0, 10.0, 4.0]], [3, -1])
    """
    where = "clip_to_image_size"
    boxes, original = _boxes_of(bounding_boxes, where)
    layout = check_format(bounding_box_format, where)
    dtype = dtype_of(boxes)
    if layout.startswith("rel_"):
        layout, x_max, y_max = layout[4:], ops.cast(1, dtype), ops.cast(1, dtype)
    elif height is None or width is None:
        raise ValueError(
            f"{where}: the absolute format {layout!r} needs the image `height` and `width`; received "
            f"height={height!r} and width={width!r}."
        )
    else:
        x_max, y_max = ops.cast(width, dtype), ops.cast(height, dtype)
    zero = ops.cast(0, dtype)
    clipped = []

    def clip(corners: Any) -> Any:
        x1, y1, x2, y2 = (ops.minimum(ops.maximum(c, zero), limit)
                          for c, limit in zip(corners, (x_max, y_max, x_max, y_max)))
        clipped.append((x1, y1, x2, y2))
        return x1, y1, x2, y2

    boxes = _in_corners(boxes, layout, clip)
    if original is None or "labels" not in original:
        return _repacked(boxes, original)
    x1, y1, x2, y2 = clipped[0]
    # an inverted box (x2 < x1 and y2 < y1) has a positive product and is kept, as in Keras 3
    empty = ops.squeeze(ops.logical_not(ops.greater(ops.multiply(ops.subtract(x2, x1), ops.subtract(y2, y1)),
                                                    zero)), -1)
    labels = as_tensor(original["labels"])
    # one-hot labels: the whole row of an empty box
    for _ in range(len(static_shape(labels)) - len(static_shape(empty))):
        empty = ops.expand_dims(empty, -1)
    labels = ops.where(empty, ops.cast(-1, dtype_of(labels)), labels)
    return _repacked(boxes, original, labels=labels)


def pad(
    boxes: Any,
    top: Any,
    left: Any,
    height: Any = None,
    width: Any = None,
    bounding_box_format: str = "xyxy",
) -> Any:
    """Move boxes to follow an image padded by ``top`` rows and ``left`` columns.

    Args:
        boxes: boxes of shape ``(..., 4)``, or a dict with a ``"boxes"`` entry.
        top: rows added above the image: a number, or a tensor of shape
            ``(batch,)`` (one per image) for boxes of shape ``(batch, n, 4)``.
        left: columns added on the left, like ``top``.
        height: unused; accepted for compatibility with Keras 3.
        width: unused; accepted for compatibility with Keras 3.
        bounding_box_format: an absolute format (see `convert_format`).

    Returns:
        The moved boxes in their format (for a dict, a new dict). Integer
        boxes stay integers for integer offsets.

    Raises:
        ValueError: an unknown format or a last axis that is not 4.
        NotImplementedError: a relative format.

    Example:
        >>> import multikeras as mk
        >>> from multikeras import ops
        >>> from multikeras.utils import bounding_boxes
        >>> with mk.backend.use("numpy"):
        ...     ops.convert_to_numpy(bounding_boxes.pad([[1, 2, 5, 6]], top=10, left=3)).tolist()
        [[4, 12, 8, 16]]
    """
    where = "pad"
    del height, width
    values, original = _boxes_of(boxes, where)
    layout = _absolute_layout(bounding_box_format, where)
    top, left = _per_image(top), _per_image(left)

    def shift(corners: Any) -> Any:
        x1, y1, x2, y2 = corners
        return ops.add(x1, left), ops.add(y1, top), ops.add(x2, left), ops.add(y2, top)

    return _repacked(_in_corners(values, layout, shift, top, left), original)


def crop(boxes: Any, top: Any, left: Any, height: Any, width: Any, bounding_box_format: str = "xyxy") -> Any:
    """Move and clip boxes to follow a crop of ``height`` x ``width`` pixels at (``top``, ``left``).

    Args:
        boxes: boxes of shape ``(..., 4)``, or a dict with a ``"boxes"`` entry.
        top: the first row of the crop: a number, or a tensor of shape
            ``(batch,)`` for boxes of shape ``(batch, n, 4)``.
        left: the first column of the crop, like ``top``.
        height: the height of the crop; boxes are clipped to it.
        width: the width of the crop; boxes are clipped to it.
        bounding_box_format: an absolute format (see `convert_format`).

    Returns:
        The boxes in the crop's coordinates, clipped to it, in their format
        (for a dict, a new dict; labels are left unchanged).

    Raises:
        ValueError: an unknown format or a last axis that is not 4.
        NotImplementedError: a relative format.

    Example:
        >>> import multikeras as mk
        >>> from multikeras import ops
        >>> from multikeras.utils import bounding_boxes
        >>> with mk.backend.use("numpy"):
        ...     ops.convert_to_numpy(bounding_boxes.crop([[1, 2, 15, 6]], top=1, left=3, height=4, width=8)).tolist()
        [[0, 1, 8, 4]]
    """
    where = "crop"
    values, original = _boxes_of(boxes, where)
    layout = _absolute_layout(bounding_box_format, where)
    top, left, height, width = _per_image(top), _per_image(left), _per_image(height), _per_image(width)

    def move_and_clip(corners: Any) -> Any:
        x1, y1, x2, y2 = corners
        x1, x2 = (ops.minimum(ops.maximum(ops.subtract(x, left), 0), width) for x in (x1, x2))
        y1, y2 = (ops.minimum(ops.maximum(ops.subtract(y, top), 0), height) for y in (y1, y2))
        return x1, y1, x2, y2

    return _repacked(_in_corners(values, layout, move_and_clip, top, left, height, width), original)
