"""Bounding-box utilities (``multikeras.utils.bounding_boxes``, as ``keras.utils.bounding_boxes``).

Boxes are tensors of shape ``(..., 4)`` in one of the formats of
`convert_format`; the functions use ``multikeras.ops`` only, so they run on
every backend, eagerly or inside a compiled function.

Example:
    >>> import multikeras as mk
    >>> from multikeras import ops
    >>> from multikeras.utils import bounding_boxes
    >>> with mk.backend.use("numpy"):
    ...     boxes = bounding_boxes.convert_format([[2, 4, 6, 8]], "center_xywh", "xyxy")
    >>> ops.convert_to_numpy(boxes).tolist()
    [[-1.0, 0.0, 5.0, 8.0]]
"""

from __future__ import annotations

from multikeras.utils.bounding_boxes.affine import affine_transform
from multikeras.utils.bounding_boxes.deltas import decode_deltas_to_boxes, encode_box_to_deltas
from multikeras.utils.bounding_boxes.formats import convert_format
from multikeras.utils.bounding_boxes.geometry import clip_to_image_size, crop, pad
from multikeras.utils.bounding_boxes.iou import compute_ciou, compute_iou

__all__ = [
    "affine_transform",
    "clip_to_image_size",
    "compute_ciou",
    "compute_iou",
    "convert_format",
    "crop",
    "decode_deltas_to_boxes",
    "encode_box_to_deltas",
    "pad",
]
