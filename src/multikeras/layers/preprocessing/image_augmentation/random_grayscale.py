"""`RandomGrayscale`: turn a random share of the images into grayscale during training."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.backend import dtypes
from multikeras.layers.core.identity import spec_like_input
from multikeras.layers.preprocessing import preprocessing_utils as utils
from multikeras.layers.preprocessing.image_augmentation.base import BaseImageAugmentationLayer, is_number
from multikeras.layers.preprocessing.image_augmentation.color_utils import per_image_choice, per_image_uniform
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class RandomGrayscale(BaseImageAugmentationLayer):
    """Convert each RGB image to grayscale with probability ``factor`` during training.

    A converted image keeps its three channels, each holding the luma
    ``0.299 R + 0.587 G + 0.114 B``; the other images are unchanged. Integer
    images keep their dtype (the luma truncated toward zero, as in Keras 3);
    float images come out in the compute dtype. Outside training the images
    pass through.

    Args:
        factor: the probability, in ``[0, 1]``, that an image is converted (default 0.5).
        data_format: ``"channels_last"``, ``"channels_first"``, or ``None`` for the global default.
        seed: an int for reproducible draws, or ``None``.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = RandomGrayscale(factor=1.0)(np.array([[[[1.0, 0.0, 0.0]]]]))
        >>> [round(float(v), 3) for v in y[0, 0, 0]]
        [0.299, 0.299, 0.299]
    """

    def __init__(self, factor: float = 0.5, data_format: str | None = None, seed: int | None = None,
                 **kwargs: Any):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        if not is_number(factor) or not 0 <= factor <= 1:
            raise ValueError(
                f"{utils.describe(self)}: `factor` should be a number between 0 and 1. Received: factor={factor!r}"
            )
        self.factor = factor

    def augment(self, images: Any) -> Any:
        input_dtype = dtypes.standardize_dtype(ops.dtype(images))
        out_dtype = self.compute_dtype if dtypes.is_float(input_dtype) else input_dtype
        x = ops.cast(images, self.compute_dtype if dtypes.is_float(input_dtype) else "float32")
        gray = ops.image.rgb_to_grayscale(x, data_format=self.data_format)
        chosen = ops.less(per_image_uniform(self, images, 0.0, 1.0), self.factor)
        # The one-channel luma broadcasts over the three channels of the images it replaces.
        return ops.cast(per_image_choice(chosen, gray, x), out_dtype)

    def inference(self, inputs: Any) -> Any:
        return inputs

    def image_output_spec(self, images: Any, *args: Any, **kwargs: Any) -> Any:
        return spec_like_input(self, images, images.shape)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"factor": self.factor, "seed": self.seed})
        return config
