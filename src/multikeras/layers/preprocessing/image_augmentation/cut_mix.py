"""`CutMix`: paste a random rectangle of another image of the batch onto each image during training."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras import random as mk_random
from multikeras.layers.preprocessing.image_augmentation.base import UNSUPPORTED
from multikeras.layers.preprocessing.image_augmentation.labelled import (
    LabelledAugmentationLayer,
    box_bounds,
    box_masks,
    per_sample,
    unit_factor,
)
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class CutMix(LabelledAugmentationLayer):
    """Paste a rectangle cut from another image of the batch onto each image, in training.

    The batch is shuffled once. For each image a weight ``lam`` is drawn from
    ``Beta(a, a)``, with ``a`` drawn once per call from ``factor``; the
    rectangle has sides ``sqrt(1 - lam)`` times the image's height and width,
    at a uniformly random place, and holds the shuffled partner's pixels.
    Called on ``{"images": x, "labels": y}`` the labels become
    ``w * y + (1 - w) * y[perm]``, ``w`` being one minus the rectangle's area
    over the image's area (the rectangle's real-valued area, as in Keras 3;
    the pasted pixel count rounds it). Images come out in the compute dtype,
    in training and outside it.

    Args:
        factor: a number ``f`` in ``[0, 1]`` (``a`` drawn from ``[0, f]``) or a pair ``(lower, upper)``.
        seed: an int for reproducible draws, or ``None``.
        data_format: ``"channels_last"``, ``"channels_first"``, or ``None`` for the global default.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     images = np.stack([np.zeros((4, 4, 1)), np.ones((4, 4, 1))])
        ...     out = CutMix(seed=2)({"images": images, "labels": np.eye(2)})
        >>> sorted(np.unique(out["images"]).tolist()) in ([0.0], [1.0], [0.0, 1.0])  # pixels are pasted, not blended
        True
    """

    # pasting boxes and masks is not implemented (Keras 3.15.1 raises NotImplementedError)
    boxes_and_masks = UNSUPPORTED
    mixes_labels = True

    def __init__(self, factor: Any = 1.0, seed: int | None = None, data_format: str | None = None, **kwargs: Any):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        self.factor = unit_factor(factor, self)

    def augment_with_labels(self, images: Any, labels: Any) -> tuple[Any, Any]:
        batch = self.batch_size(images)
        h_axis, w_axis = self.spatial_axes()
        shape = ops.shape(images)
        height, width = ops.cast(shape[h_axis], "float32"), ops.cast(shape[w_axis], "float32")
        lower, upper = self.factor
        # The small offset keeps the Beta parameter positive when the factor range includes 0.
        concentration = mk_random.uniform((), minval=lower, maxval=upper, dtype="float32",
                                          seed=self.seed_generator) + 1e-6
        weight = mk_random.beta((batch,), concentration, concentration, dtype="float32", seed=self.seed_generator)
        ratio = ops.sqrt(1.0 - weight)
        x_bounds = box_bounds(batch, width, ratio, self.seed_generator)
        y_bounds = box_bounds(batch, height, ratio, self.seed_generator)
        order = mk_random.shuffle(ops.arange(batch, dtype="int32"), seed=self.seed_generator)
        images = ops.cast(images, self.compute_dtype)
        mask = box_masks(images, self.data_format, x_bounds, y_bounds)
        images = ops.where(mask, ops.take(images, order, axis=0), images)
        if labels is not None:
            box_area = (x_bounds[1] - x_bounds[0]) * (y_bounds[1] - y_bounds[0])
            labels = ops.cast(labels, self.labels_dtype(labels))
            label_weight = ops.cast(per_sample(1.0 - box_area / (height * width), labels), ops.dtype(labels))
            labels = label_weight * labels + (1.0 - label_weight) * ops.take(labels, order, axis=0)
        return images, labels

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"factor": self.factor, "seed": self.seed})
        return config
