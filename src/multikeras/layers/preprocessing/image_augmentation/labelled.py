"""Base of the augmentation layers that also take ``{"images": ..., "labels": ...}`` dicts (as Keras 3's do), and
the argument checks and masks the mixing and erasing layers share."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras import random as mk_random
from multikeras.backend import dtypes
from multikeras.layers.preprocessing import preprocessing_utils as utils
from multikeras.layers.preprocessing.image_augmentation.base import BaseImageAugmentationLayer, range_factor

IMAGES = "images"
LABELS = "labels"


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
    """An augmentation layer called on a batch of images, one image, or a dict holding ``"images"`` and
    optionally ``"labels"`` (other entries pass through unchanged).

    Subclasses implement :meth:`augment_with_labels`, which receives a batch and
    its labels (or ``None``) and returns both, so that layers mixing images
    (``MixUp``, ``CutMix``) mix the labels with the same random draws. A single
    image in a dict goes with a single label (no batch axis), as in Keras 3.
    Outside training the images go through :meth:`inference` and the labels
    are returned as given. Unlike Keras 3, the dict passed in is not modified:
    a new dict is returned.
    """

    def call(self, inputs: Any, training: bool | None = True) -> Any:
        if not isinstance(inputs, dict):
            return super().call(inputs, training=training)
        if IMAGES not in inputs:
            raise ValueError(
                f"{utils.describe(self)}: a dict input needs an 'images' entry (and optionally 'labels'). "
                f"Received keys: {sorted(inputs)}"
            )
        images, labels = inputs[IMAGES], inputs.get(LABELS)
        rank = len(ops.shape(images))
        if rank not in (3, 4):
            raise ValueError(
                f"{utils.describe(self)}: expected images of rank 3 (one image) or 4 (a batch), "
                f"received inputs['images'] of shape {tuple(ops.shape(images))}."
            )
        outputs = dict(inputs)
        if not training:
            outputs[IMAGES] = self.inference(images)
            return outputs
        if rank == 4:
            images, labels = self.augment_with_labels(images, labels)
        else:
            batched_labels = None if labels is None else ops.expand_dims(labels, 0)
            images, labels = self.augment_with_labels(ops.expand_dims(images, 0), batched_labels)
            images = ops.squeeze(images, 0)
            labels = None if labels is None else ops.squeeze(labels, 0)
        outputs[IMAGES] = images
        if labels is not None:
            outputs[LABELS] = labels
        return outputs

    def augment(self, images: Any) -> Any:
        return self.augment_with_labels(images, None)[0]

    def augment_with_labels(self, images: Any, labels: Any) -> tuple[Any, Any]:
        """The augmented batch (rank 4) and its labels (``labels`` unchanged unless the layer mixes them)."""
        raise NotImplementedError

    def labels_dtype(self, labels: Any) -> str:
        """Mixed labels are float: float labels keep their dtype, others come out in the compute dtype."""
        dtype = dtypes.standardize_dtype(ops.dtype(labels))
        return dtype if dtypes.is_float(dtype) else self.compute_dtype

    def compute_output_shape(self, input_shape: Any) -> Any:
        if isinstance(input_shape, dict):
            return {key: tuple(shape) for key, shape in input_shape.items()}
        return tuple(input_shape)
