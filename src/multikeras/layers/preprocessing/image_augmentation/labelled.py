"""Base of the augmentation layers that may change labels with the images (``{"images": ..., "labels": ...}`` dicts,
as Keras 3's), and the argument checks and masks the mixing and erasing layers share."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras import random as mk_random
from multikeras.backend import dtypes
from multikeras.layers.preprocessing import preprocessing_utils as utils
from multikeras.layers.preprocessing.image_augmentation.base import BaseImageAugmentationLayer, range_factor



def unit_factor(factor: Any, layer: Any, argument: str = "factor") -> tuple[float, float]:
    """A number ``f`` in ``[0, 1]`` gives ``(0, f)``; a pair gives the pair, sorted (Keras 3's rule for
    probabilities and fractions: a pair is refused only when it lies wholly outside ``[0, 1]``)."""
    return range_factor(factor, layer, 0, 1, lambda number: (0, abs(number)), argument)


def box_bounds(batch: Any, length: Any, ratio: Any, seed: Any) -> tuple[Any, Any]:
    """``(start, end)`` ``(batch,)`` of boxes ``ratio * length`` long placed uniformly at random inside ``length``."""
    box_length = ratio * length
    start = mk_random.uniform((batch,), dtype="float32", seed=seed) * (length - box_length)
    return start, start + box_length


def box_masks(images: Any, data_format: str, x_bounds: tuple[Any, Any], y_bounds: tuple[Any, Any]) -> Any:
    """A bool mask broadcastable to ``images`` (rank 4): true on the pixels whose integer coordinates ``(x, y)``
    satisfy ``x0 <= x < x1`` and ``y0 <= y < y1``, one box per image."""
    h_axis, w_axis = utils.spatial_axes(4, data_format)
    shape = ops.shape(images)
    rows = ops.arange(shape[h_axis], dtype="float32")
    cols = ops.arange(shape[w_axis], dtype="float32")
    x0, x1 = (ops.reshape(v, (-1, 1)) for v in x_bounds)
    y0, y1 = (ops.reshape(v, (-1, 1)) for v in y_bounds)
    in_cols = ops.logical_and(cols[None, :] >= x0, cols[None, :] < x1)  # (batch, width)
    in_rows = ops.logical_and(rows[None, :] >= y0, rows[None, :] < y1)  # (batch, height)
    mask = ops.logical_and(in_rows[:, :, None], in_cols[:, None, :])  # (batch, height, width)
    return ops.expand_dims(mask, 3 if data_format == "channels_last" else 1)


def per_sample(weights: Any, target: Any) -> Any:
    """``weights`` ``(batch,)`` reshaped to broadcast against ``target`` along its leading axis."""
    return ops.reshape(weights, (-1,) + (1,) * (len(ops.shape(target)) - 1))


class LabelledAugmentationLayer(BaseImageAugmentationLayer):
    """An augmentation layer whose labels may change with the images (``MixUp``, ``CutMix``) or that handles the
    ``"images"`` and ``"labels"`` of a dict input only.

    Subclasses implement :meth:`augment_with_labels`, which receives a batch and
    its labels (or ``None``) and returns both, so that layers mixing images mix
    the labels with the same random draws. The dict dispatch (single images,
    inference, other entries, the caller's dict left unmodified) is the base
    class's; boxes and masks pass through (``boxes_and_masks = UNCHANGED``) or,
    for layers that move pixels without moving them yet, are refused
    (``UNSUPPORTED``).
    """

    def augment_inputs(self, images: Any, labels: Any, bounding_boxes: Any, segmentation_masks: Any,
                       training: bool = True) -> tuple[Any, Any, Any, Any]:
        images, labels = self.augment_with_labels(images, labels)
        return images, labels, bounding_boxes, segmentation_masks

    def augment(self, images: Any) -> Any:
        return self.augment_with_labels(images, None)[0]

    def augment_with_labels(self, images: Any, labels: Any) -> tuple[Any, Any]:
        """The augmented batch (rank 4) and its labels (``labels`` unchanged unless the layer mixes them)."""
        raise NotImplementedError

    # True for layers whose labels are mixed in training (MixUp, CutMix): they come out float.
    mixes_labels = False

    def labels_dtype(self, labels: Any) -> str:
        """Mixed labels are float: float labels keep their dtype, others come out in the compute dtype."""
        dtype = dtypes.standardize_dtype(ops.dtype(labels))
        return dtype if dtypes.is_float(dtype) else self.compute_dtype

    def labels_output_dtype(self, dtype: str) -> str:
        """The dtype of the labels after :meth:`augment_inputs`: :meth:`labels_dtype`'s rule when the layer mixes
        them, else ``dtype``."""
        dtype = dtypes.standardize_dtype(dtype)
        return self.compute_dtype if self.mixes_labels and not dtypes.is_float(dtype) else dtype
