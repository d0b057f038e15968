"""`RandomCrop`: crop a random window of images during training."""

from __future__ import annotations

import random as python_random
from typing import Any

from multikeras import ops
from multikeras import random as mk_random
from multikeras.layers.preprocessing import preprocessing_utils as utils
from multikeras.layers.preprocessing.image_augmentation.base import BaseImageAugmentationLayer
from multikeras.layers.preprocessing.resizing import resize_images
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class RandomCrop(BaseImageAugmentationLayer):
    """Crop a random ``height`` x ``width`` window during training (one window for the whole batch).

    Outside training, and in training for an image smaller than the target on
    some axis, the largest central window with the target aspect ratio is
    cropped and resized (bilinear) to the target size, as Keras 3 documents
    (Keras 3.15's code instead returns the images unchanged at inference,
    against its own ``compute_output_shape``). Outputs are in the compute dtype.

    Args:
        height, width: the output size (positive ints).
        seed: an int for reproducible draws; ``None`` picks one at random (and stores it in the config).
        data_format: ``"channels_last"``, ``"channels_first"``, or ``None`` for the global default.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = RandomCrop(2, 2, seed=0)(np.arange(16.0).reshape(1, 4, 4, 1))
        >>> y.shape, float(y[0, 1, 0, 0] - y[0, 0, 0, 0]), float(y[0, 0, 1, 0] - y[0, 0, 0, 0])
        ((1, 2, 2, 1), 4.0, 1.0)
    """

    def __init__(self, height: int, width: int, seed: int | None = None, data_format: str | None = None,
                 name: str | None = None, **kwargs: Any):
        if seed is None:
            seed = python_random.randint(1, int(1e9))
        super().__init__(seed=seed, data_format=data_format, name=name, **kwargs)
        self.height = utils.check_positive_int(height, "height", self)
        self.width = utils.check_positive_int(width, "width", self)

    def augment(self, images: Any) -> Any:
        shape = list(ops.shape(images))
        h_axis, w_axis = self.spatial_axes()
        in_h, in_w = shape[h_axis], shape[w_axis]
        if in_h is None or in_w is None:
            raise ValueError(f"{utils.describe(self)}: the image height and width must be known, received shape "
                             f"{tuple(shape)}.")
        if in_h < self.height or in_w < self.width:
            return resize_images(self, ops.cast(images, self.compute_dtype), self.height, self.width, crop=True,
                                 data_format=self.data_format)
        images = ops.cast(images, self.compute_dtype)
        top = mk_random.randint((), 0, in_h - self.height + 1, seed=self.seed_generator)
        left = mk_random.randint((), 0, in_w - self.width + 1, seed=self.seed_generator)
        zero = ops.zeros((), "int32")
        start = [zero] * 4
        start[h_axis], start[w_axis] = top, left
        size = [-1 if d is None else int(d) for d in shape]
        size[h_axis], size[w_axis] = self.height, self.width
        return ops.slice(images, ops.stack(start), size)

    def inference(self, inputs: Any) -> Any:
        return resize_images(self, ops.cast(inputs, self.compute_dtype), self.height, self.width, crop=True,
                             data_format=self.data_format)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return utils.image_output_shape(input_shape, self.height, self.width, self.data_format, self)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"height": self.height, "width": self.width, "seed": self.seed})
        return config
