"""Boxes that follow an image through rotation, translation, scaling and shear (``multikeras.utils.bounding_boxes``).

The convention is the one Keras 3.15.1 uses, found by observing its outputs
(point-sized boxes give the transformed points exactly): pixel ``p`` is first
moved by the translation, then taken relative to the centre, rotated, sheared
and scaled, and put back at the centre; each box becomes the smallest box that
holds its four transformed corners.
"""

from __future__ import annotations

import math
from typing import Any

from multikeras import config, ops
from multikeras.backend.dtypes import is_float
from multikeras.utils.bounding_boxes.formats import as_tensor, check_boxes, dtype_of, static_shape
from multikeras.utils.bounding_boxes.geometry import _absolute_layout, _in_corners

_DEGREES = math.pi / 180.0


def _parameter(value: Any, name: str, rank: int, dtype: str, where: str) -> Any:
    """``value`` (a number, or one per image of shape ``(batch,)``) in ``dtype``, shaped to broadcast against
    the ``(..., n, 1)`` coordinates of boxes of rank ``rank``."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # converted straight to `dtype`: ops.cast of a Python float rounds it to float32 first on some backends
        return ops.convert_to_tensor(value, dtype=dtype)
    value = as_tensor(value)
    shape = static_shape(value)
    if len(shape) == 0:
        return ops.cast(value, dtype)
    if len(shape) == 1 and rank == 3:
        return ops.reshape(ops.cast(value, dtype), (-1, 1, 1))
    if len(shape) == 1 and shape[0] == 1:  # one image, given as a batch of one
        return ops.reshape(ops.cast(value, dtype), ())
    expected = "a number or a tensor of shape (batch,)" if rank == 3 else "a number or a tensor of shape () or (1,)"
    raise ValueError(f"{where}: `{name}` must be {expected} for boxes of rank {rank}; received shape {shape}.")


def affine_transform(
    boxes: Any,
    angle: Any,
    translate_x: Any,
    translate_y: Any,
    scale: Any,
    shear_x: Any,
    shear_y: Any,
    height: Any,
    width: Any,
    center_x: Any = None,
    center_y: Any = None,
    bounding_box_format: str = "xyxy",
) -> Any:
    """Move boxes to follow an image through an affine transformation, as Keras 3.

    With ``c`` the centre (``center_x * (width - 1)``, ``center_y * (height - 1)``),
    ``t`` the translation (``translate_x * (width - 1)``, ``translate_y * (height - 1)``),
    ``(x, y) = p + t - c``, ``a = angle`` and ``k_x, k_y = tan(shear_x), tan(shear_y)``,
    a corner ``p`` goes to ``c + scale * (x', y')`` where::

        u = cos(a) x + sin(a) y        v = cos(a) y - sin(a) x
        x' = u + k_x (sin(a) x + cos(a) y - k_y (cos(a) x - sin(a) y))
        y' = v + k_y u

    (the formula Keras 3.15.1 computes, measured on its outputs), and each box
    becomes the smallest box holding its four moved corners. Boxes are not
    clipped to the image.

    Args:
        boxes: boxes of shape ``(batch, n, 4)``, or ``(n, 4)`` for one image.
        angle: the rotation in degrees: a number, or a tensor of shape
            ``(batch,)`` (one per image).
        translate_x: the horizontal shift, a fraction of ``width - 1``; like
            ``angle``.
        translate_y: the vertical shift, a fraction of ``height - 1``.
        scale: the scale factor.
        shear_x: the shear along x, in degrees.
        shear_y: the shear along y, in degrees.
        height: the image height (a number or a scalar tensor).
        width: the image width.
        center_x: the x of the centre of the transformation, a fraction of
            ``width - 1``; ``None`` means 0.5.
        center_y: the y of the centre, a fraction of ``height - 1``; ``None``
            means 0.5.
        bounding_box_format: an absolute format (see `convert_format`).

    Returns:
        The moved boxes, of the shape of ``boxes``, in their format; float
        boxes keep their dtype, integer boxes become ``floatx``.

    Raises:
        ValueError: an unknown format, boxes whose last axis is not 4 or whose
            rank is not 2 or 3, or a parameter of another shape than above.
        NotImplementedError: a relative format.

    Example:
        >>> import multikeras as mk
        >>> from multikeras import ops
        >>> from multikeras.utils import bounding_boxes
        >>> with mk.backend.use("numpy"):
        ...     moved = bounding_boxes.affine_transform([[10.0, 20.0, 30.0, 50.0]], angle=90.0, translate_x=0.0,
        ...                                             translate_y=0.0, scale=1.0, shear_x=0.0, shear_y=0.0,
        ...                                             height=101, width=101)
        >>> ops.convert_to_numpy(moved).round(3).tolist()
        [[20.0, 70.0, 50.0, 90.0]]
    """
    where = "affine_transform"
    values = check_boxes(boxes, where)
    layout = _absolute_layout(bounding_box_format, where)
    rank = len(static_shape(values))
    if rank not in (2, 3):
        raise ValueError(
            f"{where}: `boxes` must have shape (n, 4) or (batch, n, 4); received shape {static_shape(values)}."
        )
    dtype = dtype_of(values)
    if not is_float(dtype):
        dtype = config.floatx()
        values = ops.cast(values, dtype)

    def param(value: Any, name: str) -> Any:
        return _parameter(value, name, rank, dtype, where)

    x_span = ops.subtract(param(width, "width"), 1)
    y_span = ops.subtract(param(height, "height"), 1)
    center_x = ops.multiply(param(0.5 if center_x is None else center_x, "center_x"), x_span)
    center_y = ops.multiply(param(0.5 if center_y is None else center_y, "center_y"), y_span)
    # the translation is applied before the rotation: it turns with the image
    offset_x = ops.subtract(ops.multiply(param(translate_x, "translate_x"), x_span), center_x)
    offset_y = ops.subtract(ops.multiply(param(translate_y, "translate_y"), y_span), center_y)
    radians = ops.multiply(param(angle, "angle"), _DEGREES)
    cos, sin = ops.cos(radians), ops.sin(radians)
    shear_x = ops.tan(ops.multiply(param(shear_x, "shear_x"), _DEGREES))
    shear_y = ops.tan(ops.multiply(param(shear_y, "shear_y"), _DEGREES))
    scale = param(scale, "scale")

    def move(corners: Any) -> Any:
        x1, y1, x2, y2 = corners
        # the four corners side by side, (..., n, 4): one op per step for all of them, which keeps the op count
        # (and jax's per-op compilations in eager mode) low
        x = ops.add(ops.concatenate([x1, x2, x1, x2], axis=-1), offset_x)
        y = ops.add(ops.concatenate([y1, y1, y2, y2], axis=-1), offset_y)
        cos_x, sin_x = ops.multiply(cos, x), ops.multiply(sin, x)
        cos_y, sin_y = ops.multiply(cos, y), ops.multiply(sin, y)
        u, v = ops.add(cos_x, sin_y), ops.subtract(cos_y, sin_x)
        # Keras 3 shears x along sin(a) x + cos(a) y - k_y (cos(a) x - sin(a) y), not along the rotated y
        # (v); matching its outputs needs exactly this term
        along = ops.subtract(ops.add(sin_x, cos_y), ops.multiply(shear_y, ops.subtract(cos_x, sin_y)))
        new_x = ops.add(ops.multiply(scale, ops.add(u, ops.multiply(shear_x, along))), center_x)
        new_y = ops.add(ops.multiply(scale, ops.add(v, ops.multiply(shear_y, u))), center_y)
        return (ops.min(new_x, axis=-1, keepdims=True), ops.min(new_y, axis=-1, keepdims=True),
                ops.max(new_x, axis=-1, keepdims=True), ops.max(new_y, axis=-1, keepdims=True))

    return _in_corners(values, layout, move)
