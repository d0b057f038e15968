"""`CenterCrop`: crop the central part of images."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.layer import Layer
from multikeras.layers.preprocessing import preprocessing_utils as utils
from multikeras.layers.preprocessing.resizing import resize_images
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class CenterCrop(Layer):
    """Crop the central ``height`` x ``width`` window of images.

    Takes one image (rank 3) or a batch (rank 4); the output is in the layer's
    compute dtype (integer images are cast). An image smaller than the target on
    some axis is instead cropped to the target aspect ratio and resized
    (bilinear) to the target size, as Keras does.

    Args:
        height, width: the output size (positive ints).
        data_format: ``"channels_last"``, ``"channels_first"``, or ``None`` for the global default.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = CenterCrop(2, 2)(np.arange(16, dtype="uint8").reshape(1, 4, 4, 1))
        >>> y.dtype, y[0, :, :, 0].tolist()
        (dtype('float32'), [[5.0, 6.0], [9.0, 10.0]])
    """

    def __init__(self, height: int, width: int, data_format: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.height = utils.check_positive_int(height, "height", self)
        self.width = utils.check_positive_int(width, "width", self)
        self.data_format = utils.standardize_data_format(data_format, self)
        self.input_spec = InputSpec(min_ndim=3, max_ndim=4)

    def call(self, inputs: Any) -> Any:
        x = ops.cast(inputs, self.compute_dtype)
        shape = list(ops.shape(x))
        h_axis, w_axis = utils.spatial_axes(len(shape), self.data_format)
        in_h, in_w = shape[h_axis], shape[w_axis]
        if in_h is not None and in_w is not None and (in_h < self.height or in_w < self.width):
            return resize_images(self, x, self.height, self.width, crop=True, data_format=self.data_format)
        start = [0] * len(shape)
        start[h_axis], start[w_axis] = (int(in_h) - self.height) // 2, (int(in_w) - self.width) // 2
        size = [-1 if d is None else int(d) for d in shape]
        size[h_axis], size[w_axis] = self.height, self.width
        return ops.slice(x, start, size)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return utils.image_output_shape(input_shape, self.height, self.width, self.data_format, self)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"data_format": self.data_format, "height": self.height, "width": self.width})
        return config
