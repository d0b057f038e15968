"""Box regression targets: `encode_box_to_deltas` and its inverse `decode_deltas_to_boxes`.

A box is encoded against an anchor in a centre format: the centre offset in
units of the anchor's size, and the log of the size ratio, each divided by a
``variance``.
"""

from __future__ import annotations

from typing import Any

from multikeras import config, ops
from multikeras.utils.bounding_boxes.formats import convert_format, join_boxes, split_boxes, static_shape

CENTER_FORMATS = ("center_yxhw", "center_xywh")
"""Encodings: both put the two centre coordinates first and the matching sizes last."""


def _image_size(image_shape: Any, where: str, *formats: str) -> tuple[Any, Any]:
    """``(height, width)`` of ``image_shape``; a relative format among ``formats`` needs it."""
    if image_shape is None:
        relative = [name for name in formats if isinstance(name, str) and name.lower().startswith("rel_")]
        if relative:
            raise ValueError(f"{where}: the relative format {relative[0]!r} needs `image_shape` "
                             "(height, width[, channels]); received image_shape=None.")
        return None, None
    return image_shape[0], image_shape[1]


def _center_format(name: Any, where: str, argument: str) -> str:
    lowered = name.lower() if isinstance(name, str) else name
    if lowered not in CENTER_FORMATS:
        raise ValueError(f"{where}: `{argument}` must be 'center_yxhw' or 'center_xywh'; received {argument}={name!r}.")
    return lowered


def _variance(variance: Any, where: str) -> Any:
    """``variance`` as a float tensor of 4 divisors, or ``None``."""
    if variance is None:
        return None
    values = ops.cast(variance, config.floatx())
    if static_shape(values)[-1:] != (4,):
        raise ValueError(f"{where}: `variance` must hold 4 numbers; received variance={variance!r}.")
    return values


def encode_box_to_deltas(
    anchors: Any,
    boxes: Any,
    anchor_format: str,
    box_format: str,
    encoding_format: str = "center_yxhw",
    variance: Any = None,
    image_shape: Any = None,
) -> Any:
    """Encode ``boxes`` as offsets from ``anchors`` (the regression targets of a detector).

    In ``encoding_format``, with centre ``c``, size ``s`` (anchor ``a``, box
    ``b``): ``(b_c - a_c) / a_s`` for the two centre coordinates and
    ``log(b_s / a_s)`` for the two sizes, each then divided by ``variance``.

    Args:
        anchors: anchor boxes, ``(..., 4)``.
        boxes: boxes of a shape that broadcasts against ``anchors``.
        anchor_format: the format of ``anchors`` (see `convert_format`).
        box_format: the format of ``boxes``.
        encoding_format: ``"center_yxhw"`` or ``"center_xywh"``: the order of
            the four deltas.
        variance: four divisors of the deltas, or ``None``.
        image_shape: ``(height, width, ...)``; required for relative formats.

    Returns:
        ``floatx`` deltas of the broadcast shape.

    Raises:
        ValueError: an unknown format or encoding, a ``variance`` that is not 4
            numbers, or a relative format without ``image_shape``.

    Example:
        >>> import multikeras as mk
        >>> from multikeras import ops
        >>> from multikeras.utils import bounding_boxes
        >>> with mk.backend.use("numpy"):
        ...     deltas = bounding_boxes.encode_box_to_deltas([[0, 0, 10, 10]], [[1, 2, 9, 12]], "xyxy", "xyxy")
        >>> [round(value, 4) for value in ops.convert_to_numpy(deltas)[0].tolist()]
        [0.2, 0.0, 0.0, -0.2231]
    """
    where = "encode_box_to_deltas"
    encoding = _center_format(encoding_format, where, "encoding_format")
    divisors = _variance(variance, where)
    height, width = _image_size(image_shape, where, anchor_format, box_format)
    anchor_centre_1, anchor_centre_2, anchor_size_1, anchor_size_2 = split_boxes(
        convert_format(anchors, anchor_format, encoding, height, width))
    centre_1, centre_2, size_1, size_2 = split_boxes(convert_format(boxes, box_format, encoding, height, width))
    deltas = join_boxes((
        ops.divide(ops.subtract(centre_1, anchor_centre_1), anchor_size_1),
        ops.divide(ops.subtract(centre_2, anchor_centre_2), anchor_size_2),
        ops.log(ops.divide(size_1, anchor_size_1)),
        ops.log(ops.divide(size_2, anchor_size_2)),
    ))
    return deltas if divisors is None else ops.divide(deltas, divisors)


def decode_deltas_to_boxes(
    anchors: Any,
    boxes_delta: Any,
    anchor_format: str,
    box_format: str,
    encoded_format: str = "center_yxhw",
    variance: Any = None,
    image_shape: Any = None,
) -> Any:
    """Boxes from their deltas against ``anchors``: the inverse of `encode_box_to_deltas`.

    Args:
        anchors: anchor boxes ``(..., 4)``, or a dict of them (one entry per
            feature level, say), matched key by key with ``boxes_delta``.
        boxes_delta: deltas (``encoded_format`` order), or a dict of them.
        anchor_format: the format of ``anchors`` (see `convert_format`).
        box_format: the format of the boxes returned.
        encoded_format: ``"center_yxhw"`` or ``"center_xywh"``.
        variance: the four divisors the deltas were encoded with, or ``None``.
        image_shape: ``(height, width, ...)``; required for relative formats.

    Returns:
        ``floatx`` boxes in ``box_format`` (a dict for dict inputs).

    Raises:
        ValueError: an unknown format or encoding, a ``variance`` that is not 4
            numbers, dicts with different keys, or a relative format without
            ``image_shape``.

    Example:
        >>> import multikeras as mk
        >>> from multikeras import ops
        >>> from multikeras.utils import bounding_boxes
        >>> with mk.backend.use("numpy"):
        ...     boxes = bounding_boxes.decode_deltas_to_boxes([[0, 0, 10, 10]], [[0.2, 0.0, 0.0, -0.2231]],
        ...                                                   "xyxy", "xyxy")
        >>> ops.convert_to_numpy(boxes).round(2).tolist()
        [[1.0, 2.0, 9.0, 12.0]]
    """
    where = "decode_deltas_to_boxes"
    if isinstance(anchors, dict) or isinstance(boxes_delta, dict):
        if not (isinstance(anchors, dict) and isinstance(boxes_delta, dict)) or set(anchors) != set(boxes_delta):
            raise ValueError(
                f"{where}: dict inputs need the same keys in `anchors` and `boxes_delta`; received "
                f"{sorted(anchors) if isinstance(anchors, dict) else type(anchors).__name__} and "
                f"{sorted(boxes_delta) if isinstance(boxes_delta, dict) else type(boxes_delta).__name__}."
            )
        return {key: decode_deltas_to_boxes(anchors[key], boxes_delta[key], anchor_format, box_format,
                                            encoded_format, variance, image_shape) for key in anchors}
    encoding = _center_format(encoded_format, where, "encoded_format")
    divisors = _variance(variance, where)
    height, width = _image_size(image_shape, where, anchor_format, box_format)
    deltas = ops.cast(boxes_delta, config.floatx())
    if divisors is not None:
        deltas = ops.multiply(deltas, divisors)
    anchor_centre_1, anchor_centre_2, anchor_size_1, anchor_size_2 = split_boxes(
        convert_format(anchors, anchor_format, encoding, height, width))
    delta_1, delta_2, log_size_1, log_size_2 = split_boxes(deltas)
    encoded = join_boxes((
        ops.add(ops.multiply(delta_1, anchor_size_1), anchor_centre_1),
        ops.add(ops.multiply(delta_2, anchor_size_2), anchor_centre_2),
        ops.multiply(ops.exp(log_size_1), anchor_size_1),
        ops.multiply(ops.exp(log_size_2), anchor_size_2),
    ))
    return convert_format(encoded, encoding, box_format, height, width)
