"""`CenterCrop`: crop the central part of images."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.layers.input_spec import InputSpec, check_input
from multikeras.layers.layer import Layer
from multikeras.layers.preprocessing import preprocessing_utils as utils
from multikeras.layers.preprocessing.image_augmentation.dict_inputs import (
    TRANSFORMED,
    DictInputsMixin,
    boxes_to_window,
    map_image_shapes,
)
from multikeras.layers.preprocessing.resizing import resize_images
from multikeras.saving.object_registration import register_builtin
from multikeras.symbolic.keras_tensor import KerasTensor
from multikeras.utils.bounding_boxes.formats import check_format

# One image or a batch (checked in `call`, as dict inputs hold entries of other ranks).
IMAGE_SPEC = InputSpec(min_ndim=3, max_ndim=4)


@register_builtin("keras.layers")
class CenterCrop(DictInputsMixin, Layer):
    """Crop the central ``height`` x ``width`` window of images.

    Takes one image (rank 3) or a batch (rank 4); the output is in the layer's
    compute dtype (integer images are cast). An image smaller than the target on
    some axis is instead cropped to the target aspect ratio and resized
    (bilinear) to the target size, as Keras does.

    It also takes Keras 3's dict ``{"images", "labels", "bounding_boxes":
    {"boxes", "labels"}, "segmentation_masks"}`` (see ``RandomCrop``): boxes and
    masks are cut with the images (masks resized with nearest sampling, in
    their own dtype; boxes clipped to the output, the labels of boxes left
    without area set to -1), in training and outside it.

    Args:
        height, width: the output size (positive ints).
        data_format: ``"channels_last"``, ``"channels_first"``, or ``None`` for the global default.
        bounding_box_format: the format of the boxes of dict inputs (``"xyxy"``, ``"rel_yxyx"`` ...), or ``None``.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = CenterCrop(2, 2)(np.arange(16, dtype="uint8").reshape(1, 4, 4, 1))
        >>> y.dtype, y[0, :, :, 0].tolist()
        (dtype('float32'), [[5.0, 6.0], [9.0, 10.0]])
        >>> with mk.backend.use("numpy"):
        ...     out = CenterCrop(2, 2, bounding_box_format="xyxy")({
        ...         "images": np.zeros((4, 4, 1)),
        ...         "bounding_boxes": {"boxes": np.array([[1.0, 1.0, 3.0, 2.0]]), "labels": np.array([1.0])}})
        >>> out["images"].shape, out["bounding_boxes"]["boxes"].tolist()
        ((2, 2, 1), [[0.0, 0.0, 2.0, 1.0]])
    """

    boxes_and_masks = TRANSFORMED
    moves_at_inference = True

    def __init__(self, height: int, width: int, data_format: str | None = None,
                 bounding_box_format: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.height = utils.check_positive_int(height, "height", self)
        self.width = utils.check_positive_int(width, "width", self)
        self.data_format = utils.standardize_data_format(data_format, self)
        self.bounding_box_format = None if bounding_box_format is None else check_format(
            bounding_box_format, utils.describe(self))

    def call(self, inputs: Any) -> Any:
        if isinstance(inputs, dict):
            # The crop does not depend on training: its one move is the one used outside training.
            return self.call_on_dict(inputs, training=False)
        check_input(IMAGE_SPEC, tuple(ops.shape(inputs)), self.name)
        return self.crop(ops.cast(inputs, self.compute_dtype), "bilinear")

    def needs_resize(self, in_h: Any, in_w: Any) -> Any:
        """Whether an image of that size is smaller than the target on some axis (cropped to the target aspect
        ratio and resized instead): a bool, or a boolean scalar tensor for sizes known only at run time."""
        if in_h is None or in_w is None:
            return False
        if utils.sizes_known(in_h, in_w):
            return in_h < self.height or in_w < self.width
        return ops.logical_or(ops.less(in_h, self.height), ops.less(in_w, self.width))

    def inference_parameters(self, images: Any) -> tuple[Any, Any, Any, Any]:
        """``(top, left, window_h, window_w)`` of the window of a batch the output shows."""
        in_h, in_w = self.image_height_width(images)
        needs_resize = self.needs_resize(in_h, in_w)
        resized = utils.aspect_ratio_window(in_h, in_w, self.height, self.width)
        centered = ((in_h - self.height) // 2, (in_w - self.width) // 2, self.height, self.width)
        if utils.sizes_known(in_h, in_w):
            return resized if needs_resize else centered
        return tuple(ops.where(needs_resize, r, c) for r, c in zip(resized, centered))

    def apply_to_images(self, images: Any, window: Any) -> Any:
        return self.crop(ops.cast(images, self.compute_dtype), "bilinear")

    def apply_to_segmentation_masks(self, segmentation_masks: Any, window: Any) -> Any:
        """Masks cut like the images (resized with nearest sampling), in their own dtype."""
        dtype = ops.dtype(segmentation_masks)
        return ops.cast(self.crop(ops.cast(segmentation_masks, "float32"), "nearest"), dtype)

    def apply_to_bounding_boxes(self, bounding_boxes: dict, window: Any, image_size: tuple[Any, Any]) -> dict:
        return boxes_to_window(bounding_boxes, window, self.height, self.width)

    def crop(self, x: Any, interpolation: str) -> Any:
        """The central window of ``x`` (one image or a batch), or ``x`` cropped to the target aspect ratio and
        resized with ``interpolation`` when it is smaller than the target (decided at run time inside a graph
        traced with unknown image sizes)."""
        shape = list(ops.shape(x))
        h_axis, w_axis = utils.spatial_axes(len(shape), self.data_format)
        in_h, in_w = shape[h_axis], shape[w_axis]

        def resized() -> Any:
            return resize_images(self, x, self.height, self.width, interpolation=interpolation, crop=True,
                                 data_format=self.data_format)

        def centered() -> Any:
            start = [0] * len(shape)
            start[h_axis], start[w_axis] = (in_h - self.height) // 2, (in_w - self.width) // 2
            size = [-1 if d is None else d for d in shape]
            size[h_axis], size[w_axis] = self.height, self.width
            return ops.slice(x, start, size)

        needs_resize = self.needs_resize(in_h, in_w)
        if utils.sizes_known(in_h, in_w):
            return resized() if needs_resize else centered()
        return ops.cond(needs_resize, resized, centered)

    def compute_output_shape(self, input_shape: Any) -> Any:
        if isinstance(input_shape, dict):
            return map_image_shapes(input_shape, self.compute_output_shape)
        return utils.image_output_shape(input_shape, self.height, self.width, self.data_format, self)

    def image_output_spec(self, images: Any, *args: Any, **kwargs: Any) -> Any:
        return KerasTensor(self.compute_output_shape(images.shape), self.compute_dtype)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config["data_format"] = self.data_format
        if self.bounding_box_format is not None:
            # Keras 3 writes the key only when a format is set.
            config["bounding_box_format"] = self.bounding_box_format
        config.update({"height": self.height, "width": self.width})
        return config
