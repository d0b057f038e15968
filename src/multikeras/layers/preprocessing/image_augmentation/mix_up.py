"""`MixUp`: blend each image (and its label) with another image of the batch during training."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras import random as mk_random
from multikeras.backend import dtypes
from multikeras.layers.preprocessing.image_augmentation.base import UNSUPPORTED
from multikeras.layers.preprocessing.image_augmentation.labelled import LabelledAugmentationLayer, per_sample
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class MixUp(LabelledAugmentationLayer):
    """Replace each image by a convex combination of itself and another image of the batch, in training.

    The batch is shuffled once; image ``i`` becomes
    ``lam[i] * x[i] + (1 - lam[i]) * x[perm[i]]`` with ``lam[i]`` drawn from
    ``Beta(alpha, alpha)``. Called on ``{"images": x, "labels": y}`` the labels
    are mixed with the same ``perm`` and ``lam`` (labels should be one-hot or
    soft, ``(batch, classes)``). Outputs are in the compute dtype. Outside
    training the inputs pass through (integer images keep their dtype, as in
    Keras 3).

    Args:
        alpha: the concentration of the Beta distribution (small values keep images closer to one of the two).
        data_format: ``"channels_last"``, ``"channels_first"``, or ``None`` for the global default.
        seed: an int for reproducible draws, or ``None``.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     out = MixUp(seed=1)({"images": np.stack([np.zeros((2, 2, 1)), np.ones((2, 2, 1))]),
        ...                          "labels": np.eye(2)})
        >>> bool(np.allclose(out["images"][:, 0, 0, 0], out["labels"][:, 1]))  # same mix for images and labels
        True
    """

    # mixing two images' boxes and masks is not implemented (Keras 3.15.1 fails on them)
    boxes_and_masks = UNSUPPORTED
    mixes_labels = True

    def __init__(self, alpha: float = 0.2, data_format: str | None = None, seed: int | None = None, **kwargs: Any):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        self.alpha = alpha

    def augment_with_labels(self, images: Any, labels: Any) -> tuple[Any, Any]:
        batch = self.batch_size(images)
        order = mk_random.shuffle(ops.arange(batch, dtype="int32"), seed=self.seed_generator)
        weight = mk_random.beta((batch,), self.alpha, self.alpha, dtype="float32", seed=self.seed_generator)
        images = ops.cast(images, self.compute_dtype)
        image_weight = ops.cast(per_sample(weight, images), self.compute_dtype)
        images = image_weight * images + (1.0 - image_weight) * ops.take(images, order, axis=0)
        if labels is not None:
            labels = ops.cast(labels, self.labels_dtype(labels))
            label_weight = ops.cast(per_sample(weight, labels), ops.dtype(labels))
            labels = label_weight * labels + (1.0 - label_weight) * ops.take(labels, order, axis=0)
        return images, labels

    def inference(self, inputs: Any) -> Any:
        dtype = dtypes.standardize_dtype(ops.dtype(inputs))
        return ops.cast(inputs, self.compute_dtype) if dtypes.is_float(dtype) else inputs

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"alpha": self.alpha, "seed": self.seed})
        return config
