"""`MaxNumBoundingBoxes`: give every image the same number of boxes, so that batches of boxes stack."""

from __future__ import annotations

import numbers
from typing import Any

from multikeras import ops
from multikeras.layers.layer import Layer
from multikeras.layers.preprocessing import preprocessing_utils as utils
from multikeras.saving.object_registration import register_builtin
from multikeras.utils.bounding_boxes.formats import check_format

BOUNDING_BOXES = "bounding_boxes"


@register_builtin("keras.layers")
class MaxNumBoundingBoxes(Layer):
    """Pad or truncate the boxes (and their labels) of each image to ``max_number``.

    The layer is called on a dict ``{"images": ..., "bounding_boxes":
    {"boxes": ..., "labels": ...}}`` as Keras 3's image layers are, or
    directly on a ``{"boxes": ..., "labels": ...}`` dict. Boxes have shape
    ``(n, 4)`` or ``(batch, n, 4)``; labels ``(n,)`` / ``(batch, n)``, or
    one-hot with a trailing class axis. The first ``max_number`` boxes are
    kept and missing ones are filled with ``fill_value`` (boxes and labels).
    Boxes come out in the compute dtype, labels in their own dtype; images
    and other entries pass through unchanged, as does a plain images tensor.
    A new dict is returned: the input is not modified.

    Args:
        max_number: the number of boxes per image (a positive int).
        fill_value: the coordinates and label of a padding box.
        bounding_box_format: the format of the boxes (see
            ``multikeras.utils.bounding_boxes.convert_format``); saved in the
            config but not needed, as padding is the same in every format.
        data_format: ``"channels_last"``, ``"channels_first"``, or ``None``
            for the global default (the images are not touched).
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> layer = MaxNumBoundingBoxes(max_number=3)
        >>> with mk.backend.use("numpy"):
        ...     out = layer({"boxes": np.ones((2, 4), "float32"), "labels": np.array([1, 2])})
        >>> out["boxes"].tolist(), out["labels"].tolist()
        ([[1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0], [-1.0, -1.0, -1.0, -1.0]], [1, 2, -1])
    """

    def __init__(self, max_number: int, fill_value: float = -1, bounding_box_format: str | None = None,
                 data_format: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.max_number = utils.check_positive_int(max_number, "max_number", self)
        if isinstance(fill_value, bool) or not isinstance(fill_value, numbers.Real):
            raise ValueError(f"{utils.describe(self)}: `fill_value` must be a number, received {fill_value!r}.")
        self.fill_value = fill_value
        self.bounding_box_format = (None if bounding_box_format is None
                                    else check_format(bounding_box_format, utils.describe(self)))
        self.data_format = utils.standardize_data_format(data_format, self)

    def _fit(self, values: Any, axis: int) -> Any:
        """``values`` cut or padded with ``fill_value`` to ``max_number`` along ``axis``."""
        rank = ops.ndim(values)
        widths = [[0, 0] for _ in range(rank)]
        widths[axis][1] = self.max_number  # pad by the most ever needed, then cut: no shape arithmetic needed
        padded = ops.pad(values, widths, constant_values=ops.cast(self.fill_value, ops.dtype(values)))
        sizes = [-1] * rank
        sizes[axis] = self.max_number
        return ops.slice(padded, [0] * rank, sizes)

    def _fit_boxes(self, bounding_boxes: Any, where: str) -> dict[str, Any]:
        if not isinstance(bounding_boxes, dict) or "boxes" not in bounding_boxes:
            raise ValueError(
                f"{utils.describe(self)}: {where} must be a dict with 'boxes' (and usually 'labels'); received "
                f"{type(bounding_boxes).__name__} {sorted(bounding_boxes) if isinstance(bounding_boxes, dict) else ''}."
            )
        boxes = ops.cast(bounding_boxes["boxes"], self.compute_dtype)
        shape = tuple(ops.shape(boxes))
        if len(shape) not in (2, 3) or shape[-1] not in (4, None):
            raise ValueError(
                f"{utils.describe(self)}: expected boxes of shape (n, 4) or (batch, n, 4), received shape {shape}."
            )
        box_axis = len(shape) - 2
        fitted = dict(bounding_boxes)
        fitted["boxes"] = self._fit(boxes, box_axis)
        if "labels" in bounding_boxes:
            fitted["labels"] = self._fit(ops.convert_to_tensor(bounding_boxes["labels"]), box_axis)
        return fitted

    def call(self, inputs: Any, training: bool | None = True) -> Any:
        if not isinstance(inputs, dict):
            return inputs  # images alone: there are no boxes to fit
        outputs = dict(inputs)
        if BOUNDING_BOXES in inputs:
            outputs[BOUNDING_BOXES] = self._fit_boxes(inputs[BOUNDING_BOXES], "inputs['bounding_boxes']")
        elif "boxes" in inputs:
            outputs = self._fit_boxes(inputs, "the input")
        return outputs

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config["data_format"] = self.data_format
        if self.bounding_box_format is not None:  # Keras 3 writes the key only when set
            config["bounding_box_format"] = self.bounding_box_format
        config.update({"max_number": self.max_number, "fill_value": self.fill_value})
        return config
