"""Bounding-box formats and `convert_format` (``multikeras.utils.bounding_boxes``).

Every conversion goes through corner coordinates (``xyxy``): a box is split
into its four coordinates along the last axis, turned into corners, then into
the target layout. Only ``multikeras.ops`` is used, so the same code runs on
every backend, eagerly or inside a compiled function.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from multikeras import config, ops
from multikeras.backend import standardize_dtype
from multikeras.utils.static_shapes import static_shape

FORMATS = (
    "xyxy",
    "yxyx",
    "xywh",
    "center_xywh",
    "center_yxhw",
    "rel_xyxy",
    "rel_yxyx",
    "rel_xywh",
    "rel_center_xywh",
)
"""The box layouts Keras 3 names; ``rel_`` ones are fractions of the image height and width."""

Parts = tuple[Any, Any, Any, Any]


def check_format(name: Any, where: str, argument: str = "bounding_box_format") -> str:
    """The lower-cased format ``name``, or a ValueError naming ``where`` and the known formats."""
    lowered = name.lower() if isinstance(name, str) else None
    if lowered not in FORMATS:
        raise ValueError(
            f"{where}: unknown bounding box format {argument}={name!r}; expected one of {', '.join(FORMATS)}."
        )
    return lowered


def dtype_of(x: Any) -> str:
    """The standard dtype name of a tensor of any backend or of a symbolic tensor (``ops.dtype`` of which is
    symbolic)."""
    return standardize_dtype(x.dtype)


def as_tensor(x: Any) -> Any:
    """``x`` unchanged when it is an array (of any backend, NumPy, or symbolic), else converted to a tensor."""
    return x if hasattr(x, "shape") and hasattr(x, "dtype") else ops.convert_to_tensor(x)


def check_boxes(boxes: Any, where: str, argument: str = "boxes") -> Any:
    """``boxes`` as a tensor whose last axis has length 4, else a ValueError naming ``where``."""
    boxes = as_tensor(boxes)
    shape = static_shape(boxes)
    if not shape or shape[-1] not in (4, None):
        raise ValueError(f"{where}: `{argument}` must have a last axis of length 4; received shape {shape}.")
    return boxes


def split_boxes(boxes: Any) -> Parts:
    """The four coordinates of ``boxes`` (``(..., 4)``), each of shape ``(..., 1)``."""
    first, second, third, fourth = ops.split(boxes, 4, axis=-1)
    return first, second, third, fourth


def join_boxes(parts: Parts) -> Any:
    """The inverse of `split_boxes`."""
    return ops.concatenate(list(parts), axis=-1)


def _half(x: Any) -> Any:
    return ops.divide(x, 2.0)


def _center_to_corners(cx: Any, cy: Any, w: Any, h: Any) -> Parts:
    return (ops.subtract(cx, _half(w)), ops.subtract(cy, _half(h)),
            ops.add(cx, _half(w)), ops.add(cy, _half(h)))


def _corners_to_center(x1: Any, y1: Any, x2: Any, y2: Any) -> Parts:
    w, h = ops.subtract(x2, x1), ops.subtract(y2, y1)
    return ops.add(x1, _half(w)), ops.add(y1, _half(h)), w, h


def _absolute_to_corners(layout: str, parts: Parts) -> Parts:
    """Corners ``(x1, y1, x2, y2)`` from the coordinates of an absolute layout."""
    a, b, c, d = parts
    if layout == "xyxy":
        return a, b, c, d
    if layout == "yxyx":
        return b, a, d, c
    if layout == "xywh":
        return a, b, ops.add(a, c), ops.add(b, d)
    if layout == "center_xywh":
        return _center_to_corners(a, b, c, d)
    return _center_to_corners(b, a, d, c)  # center_yxhw


def _corners_to_absolute(layout: str, corners: Parts) -> Parts:
    """The coordinates of an absolute layout from corners ``(x1, y1, x2, y2)``."""
    x1, y1, x2, y2 = corners
    if layout == "xyxy":
        return x1, y1, x2, y2
    if layout == "yxyx":
        return y1, x1, y2, x2
    if layout == "xywh":
        return x1, y1, ops.subtract(x2, x1), ops.subtract(y2, y1)
    cx, cy, w, h = _corners_to_center(x1, y1, x2, y2)
    if layout == "center_xywh":
        return cx, cy, w, h
    return cy, cx, h, w  # center_yxhw


def _scale(corners: Parts, x_factor: Any, y_factor: Any, operation: Callable[[Any, Any], Any]) -> Parts:
    x1, y1, x2, y2 = corners
    return (operation(x1, x_factor), operation(y1, y_factor), operation(x2, x_factor), operation(y2, y_factor))


def to_corners(parts: Parts, layout: str, height: Any = None, width: Any = None) -> Parts:
    """Absolute corners ``(x1, y1, x2, y2)`` of boxes in ``layout`` (a checked format name).

    A relative layout is scaled by ``width`` and ``height``; with both ``None``
    its corners stay relative (fractions of the image).
    """
    relative = layout.startswith("rel_")
    corners = _absolute_to_corners(layout[4:] if relative else layout, parts)
    if relative and height is not None:
        corners = _scale(corners, width, height, ops.multiply)
    return corners


def from_corners(corners: Parts, layout: str, height: Any = None, width: Any = None) -> Parts:
    """The coordinates in ``layout`` of absolute corners; the inverse of `to_corners`."""
    relative = layout.startswith("rel_")
    if relative and height is not None:
        corners = _scale(corners, width, height, ops.divide)
    return _corners_to_absolute(layout[4:] if relative else layout, corners)


def convert_format(
    boxes: Any,
    source: str,
    target: str,
    height: Any = None,
    width: Any = None,
    dtype: str | None = "float32",
) -> Any:
    """Convert bounding boxes from one format to another.

    Formats (names are case-insensitive): ``"xyxy"`` (left, top, right,
    bottom), ``"yxyx"`` (top, left, bottom, right), ``"xywh"`` (left, top,
    width, height), ``"center_xywh"``, ``"center_yxhw"``, and the relative
    ``"rel_xyxy"``, ``"rel_yxyx"``, ``"rel_xywh"``, ``"rel_center_xywh"``
    whose coordinates are fractions of the image ``width`` and ``height``.

    Args:
        boxes: a tensor of shape ``(..., 4)``, or a dict whose ``"boxes"``
            entry is one (the other entries, such as ``"labels"``, are kept).
        source: the format of ``boxes``.
        target: the format to convert to.
        height: the image height; required when ``source`` or ``target`` is
            relative.
        width: the image width; required when ``source`` or ``target`` is
            relative.
        dtype: the dtype the boxes are cast to before converting; ``None``
            means ``multikeras.config.floatx()``. Integer boxes converted to a
            centre or relative format come out as floats.

    Returns:
        The converted boxes: a tensor of the input's shape, or a new dict with
        ``"boxes"`` replaced (the input dict is not modified).

    Raises:
        ValueError: an unknown format, a last axis that is not 4, or a
            relative format without ``height`` and ``width``.

    Example:
        >>> import multikeras as mk
        >>> from multikeras import ops
        >>> from multikeras.utils import bounding_boxes
        >>> with mk.backend.use("numpy"):
        ...     xywh = bounding_boxes.convert_format([[10, 20, 30, 60]], "xyxy", "xywh")
        >>> ops.convert_to_numpy(xywh).tolist()
        [[10.0, 20.0, 20.0, 40.0]]
        >>> with mk.backend.use("numpy"):
        ...     rel = bounding_boxes.convert_format([[10, 20, 30, 60]], "xyxy", "rel_xyxy", height=100, width=50)
        >>> ops.convert_to_numpy(rel).tolist()
        [[0.20000000298023224, 0.20000000298023224, 0.6000000238418579, 0.6000000238418579]]
    """
    where = "convert_format"
    if isinstance(boxes, dict):
        if "boxes" not in boxes:
            raise ValueError(
                f"{where}: a dict input needs a 'boxes' entry (and usually 'labels'); received keys {sorted(boxes)}."
            )
        converted = dict(boxes)
        converted["boxes"] = convert_format(boxes["boxes"], source, target, height, width, dtype)
        return converted
    boxes = check_boxes(boxes, where)
    source = check_format(source, where, "source")
    target = check_format(target, where, "target")
    if (source.startswith("rel_") or target.startswith("rel_")) and (height is None or width is None):
        raise ValueError(
            f"{where}: converting from source={source!r} to target={target!r} involves a relative format, which "
            f"needs the image `height` and `width`; received height={height!r} and width={width!r}."
        )
    dtype = config.floatx() if dtype is None else dtype
    boxes = ops.cast(boxes, dtype)
    if source == target:
        return boxes
    if height is not None and width is not None:
        height, width = ops.cast(height, dtype), ops.cast(width, dtype)
    if source.startswith("rel_") and target.startswith("rel_"):
        height = width = None  # relative to relative: no trip through pixels, so no rounding by the image size
    corners = to_corners(split_boxes(boxes), source, height, width)
    return join_boxes(from_corners(corners, target, height, width))
