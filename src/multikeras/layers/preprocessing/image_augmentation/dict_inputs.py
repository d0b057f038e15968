"""The dict inputs of the image augmentation layers (Keras 3's layout): the keys, their checks, and the batch axis
added to and removed from every entry of a single image.

A dict holds ``"images"`` (required), and optionally ``"labels"``,
``"bounding_boxes"`` (a dict of ``"boxes"`` ``(batch, n, 4)`` and ``"labels"``
``(batch, n)``) and ``"segmentation_masks"`` ``(batch, height, width, c)``;
a single image comes without the batch axis on every entry. Other keys pass
through untouched.
"""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.layers.preprocessing import preprocessing_utils as utils
from multikeras.utils.bounding_boxes.formats import as_tensor, static_shape

IMAGES = "images"
LABELS = "labels"
BOUNDING_BOXES = "bounding_boxes"
SEGMENTATION_MASKS = "segmentation_masks"
BOXES = "boxes"

EXPECTED_KEYS = (
    "'images' (required), and optionally 'labels', 'bounding_boxes' (a dict with 'boxes' and 'labels') and "
    "'segmentation_masks'"
)


def image_rank(images: Any, layer: Any, where: str = "inputs") -> int:
    """The rank of ``images``: 3 (one image) or 4 (a batch), else a ValueError naming the layer."""
    shape = tuple(ops.shape(images))
    if len(shape) not in (3, 4):
        raise ValueError(
            f"{utils.describe(layer)}: expected images of rank 3 (one image) or 4 (a batch), "
            f"received {where} of shape {shape}."
        )
    return len(shape)


def check_dict(inputs: dict, layer: Any, bounding_box_format: str | None) -> int:
    """Check the entries of a dict input against each other; returns the images' rank (3 or 4)."""
    if IMAGES not in inputs:
        raise ValueError(
            f"{utils.describe(layer)}: a dict input needs an 'images' entry. Received keys: {sorted(inputs)}; "
            f"expected {EXPECTED_KEYS}."
        )
    rank = image_rank(inputs[IMAGES], layer, "inputs['images']")
    if BOUNDING_BOXES in inputs:
        if bounding_box_format is None:
            raise ValueError(
                f"{utils.describe(layer)}: the input has a 'bounding_boxes' entry but the layer has no "
                "`bounding_box_format`; create the layer with one, e.g. bounding_box_format='xyxy'."
            )
        boxes = inputs[BOUNDING_BOXES]
        if not isinstance(boxes, dict) or BOXES not in boxes or LABELS not in boxes:
            received = sorted(boxes) if isinstance(boxes, dict) else type(boxes).__name__
            raise ValueError(
                f"{utils.describe(layer)}: inputs['bounding_boxes'] must be a dict with 'boxes' and 'labels'; "
                f"received {received}."
            )
        shape = static_shape(as_tensor(boxes[BOXES]))
        if len(shape) != rank - 1 or shape[-1] not in (4, None):
            raise ValueError(
                f"{utils.describe(layer)}: inputs['bounding_boxes']['boxes'] must have shape "
                f"{'(batch, n, 4)' if rank == 4 else '(n, 4)'} for images of rank {rank}; received shape {shape}."
            )
    if SEGMENTATION_MASKS in inputs:
        shape = tuple(ops.shape(inputs[SEGMENTATION_MASKS]))
        if len(shape) != rank:
            raise ValueError(
                f"{utils.describe(layer)}: inputs['segmentation_masks'] must have the rank of the images ({rank}); "
                f"received shape {shape}."
            )
    return rank


def map_entries(entries: dict, function: Any) -> dict:
    """``function`` applied to every tensor of ``entries`` (one level of nesting: the boxes dict)."""
    return {key: (map_entries(value, function) if isinstance(value, dict) else
                  None if value is None else function(value)) for key, value in entries.items()}


def add_batch_axis(entries: dict) -> dict:
    """The entries of one image with a batch axis of length 1 in front."""
    return map_entries(entries, lambda value: ops.expand_dims(as_tensor(value), 0))


def remove_batch_axis(entries: dict) -> dict:
    """The inverse of :func:`add_batch_axis`."""
    return map_entries(entries, lambda value: ops.squeeze(value, 0))
