"""`Resizing`: resize images to a fixed height and width."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.backend import dtypes
from multikeras.layers.input_spec import InputSpec, check_input
from multikeras.layers.layer import Layer
from multikeras.layers.preprocessing import preprocessing_utils as utils
from multikeras.layers.preprocessing.image_augmentation.dict_inputs import (
    TRANSFORMED,
    DictInputsMixin,
    boxes_to_window,
    map_image_shapes,
)
from multikeras.saving.object_registration import register_builtin
from multikeras.symbolic.keras_tensor import KerasTensor
from multikeras.utils.bounding_boxes.formats import check_format

INTERPOLATIONS = ("bilinear", "nearest", "bicubic", "lanczos3", "lanczos5")
# One image or a batch (checked in `call`, as dict inputs hold entries of other ranks).
IMAGE_SPEC = InputSpec(min_ndim=3, max_ndim=4)


def resize_images(layer: Layer, images: Any, height: int, width: int, interpolation: str = "bilinear",
                  antialias: bool = False, crop: bool = False, pad: bool = False, fill_value: float = 0.0,
                  data_format: str = "channels_last") -> Any:
    """Resize ``images`` (after cropping or padding them to the target aspect ratio if asked).

    Float images come back in the layer's compute dtype; integer images are
    resized in float32, rounded and saturated back to their own dtype.
    """
    input_dtype = dtypes.standardize_dtype(ops.dtype(images))
    is_float = dtypes.is_float(input_dtype)
    x = ops.cast(images, layer.compute_dtype if is_float else "float32")
    if crop:
        x = utils.crop_to_aspect_ratio(x, height, width, data_format, layer)
    elif pad:
        x = utils.pad_to_aspect_ratio(x, height, width, fill_value, data_format, layer)
    x = ops.image.resize(x, (height, width), interpolation=interpolation, antialias=antialias, data_format=data_format)
    if is_float:
        return x
    return ops.saturate_cast(ops.round(x), input_dtype)


@register_builtin("keras.layers")
class Resizing(DictInputsMixin, Layer):
    """Resize images to ``(height, width)``.

    Takes one image (rank 3) or a batch (rank 4). Float images come back in the
    layer's compute dtype; integer images (``uint8`` ...) keep their dtype (the
    resized values are rounded and clipped to its range).

    It also takes Keras 3's dict ``{"images", "labels", "bounding_boxes":
    {"boxes", "labels"}, "segmentation_masks"}`` (see ``RandomCrop``): masks are
    cropped or padded and resized like the images but with nearest sampling, in
    their own dtype; boxes follow the crop or padding and the scaling, clipped to
    the output (the labels of boxes left without area become -1).

    Args:
        height, width: the output size (positive ints).
        interpolation: ``"bilinear"``, ``"nearest"``, ``"bicubic"``, ``"lanczos3"`` or ``"lanczos5"``.
        crop_to_aspect_ratio: first crop the largest centered window with the
            target aspect ratio, so the image is not distorted.
        pad_to_aspect_ratio: first pad both sides of one axis with ``fill_value``
            toward the target aspect ratio, so the image is not distorted.
        fill_mode: only ``"constant"`` (padding with ``fill_value``).
        fill_value: the value padding uses.
        antialias: whether to filter with an anti-aliasing kernel when downsampling.
        data_format: ``"channels_last"``, ``"channels_first"``, or ``None`` for the global default.
        bounding_box_format: the format of the boxes of dict inputs (``"xyxy"``, ``"rel_yxyx"`` ...), or ``None``.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = Resizing(2, 2, interpolation="nearest")(np.arange(16, dtype="uint8").reshape(1, 4, 4, 1))
        >>> y.shape, y.dtype, y[0, :, :, 0].tolist()
        ((1, 2, 2, 1), dtype('uint8'), [[5, 7], [13, 15]])
    """

    def __init__(
        self,
        height: int,
        width: int,
        interpolation: str = "bilinear",
        crop_to_aspect_ratio: bool = False,
        pad_to_aspect_ratio: bool = False,
        fill_mode: str = "constant",
        fill_value: float = 0.0,
        antialias: bool = False,
        data_format: str | None = None,
        bounding_box_format: str | None = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        where = utils.describe(self)
        self.height = utils.check_positive_int(height, "height", self)
        self.width = utils.check_positive_int(width, "width", self)
        if interpolation not in INTERPOLATIONS:
            raise ValueError(
                f"{where}: `interpolation` must be one of {INTERPOLATIONS}, received interpolation={interpolation!r}."
            )
        if crop_to_aspect_ratio and pad_to_aspect_ratio:
            raise ValueError(
                f"{where}: only one of `crop_to_aspect_ratio` and `pad_to_aspect_ratio` can be True, "
                f"received crop_to_aspect_ratio={crop_to_aspect_ratio!r}, pad_to_aspect_ratio={pad_to_aspect_ratio!r}."
            )
        if fill_mode != "constant":
            raise ValueError(f"{where}: only fill_mode='constant' is supported, received fill_mode={fill_mode!r}.")
        if isinstance(fill_value, bool) or not isinstance(fill_value, (int, float)):
            raise ValueError(f"{where}: `fill_value` must be a number, received fill_value={fill_value!r}.")
        self.interpolation = interpolation
        self.crop_to_aspect_ratio = bool(crop_to_aspect_ratio)
        self.pad_to_aspect_ratio = bool(pad_to_aspect_ratio)
        self.fill_mode = fill_mode
        self.fill_value = float(fill_value)
        self.antialias = bool(antialias)
        self.data_format = utils.standardize_data_format(data_format, self)
        self.bounding_box_format = None if bounding_box_format is None else check_format(
            bounding_box_format, utils.describe(self))

    boxes_and_masks = TRANSFORMED
    moves_at_inference = True

    def call(self, inputs: Any) -> Any:
        if isinstance(inputs, dict):
            # The resize does not depend on training: its one move is the one used outside training.
            return self.call_on_dict(inputs, training=False)
        check_input(IMAGE_SPEC, tuple(ops.shape(inputs)), self.name)
        return self.resize(inputs, self.interpolation, self.antialias)

    def resize(self, images: Any, interpolation: str, antialias: bool) -> Any:
        """``images`` cropped or padded to the target aspect ratio if asked, then resized."""
        return resize_images(
            self, images, self.height, self.width, interpolation, antialias,
            crop=self.crop_to_aspect_ratio, pad=self.pad_to_aspect_ratio, fill_value=self.fill_value,
            data_format=self.data_format,
        )

    def inference_parameters(self, images: Any) -> tuple[Any, Any, Any, Any]:
        """``(top, left, window_h, window_w)``: the window of a batch resized to the output; negative ``top`` or
        ``left`` for padding."""
        in_h, in_w = self.image_height_width(images)
        if self.crop_to_aspect_ratio:
            return utils.aspect_ratio_window(in_h, in_w, self.height, self.width)
        if self.pad_to_aspect_ratio:
            pad_h, pad_w = utils.aspect_ratio_padding(in_h, in_w, self.height, self.width)
            return -pad_h, -pad_w, in_h + 2 * pad_h, in_w + 2 * pad_w
        return 0, 0, in_h, in_w

    def apply_to_images(self, images: Any, window: Any) -> Any:
        return self.resize(images, self.interpolation, self.antialias)

    def apply_to_segmentation_masks(self, segmentation_masks: Any, window: Any) -> Any:
        """Masks resized like the images with nearest sampling (class ids stay ids), in their own dtype."""
        dtype = ops.dtype(segmentation_masks)
        return ops.cast(self.resize(ops.cast(segmentation_masks, "float32"), "nearest", False), dtype)

    def apply_to_bounding_boxes(self, bounding_boxes: dict, window: Any, image_size: tuple[Any, Any]) -> dict:
        return boxes_to_window(bounding_boxes, window, self.height, self.width)

    def compute_output_shape(self, input_shape: Any) -> Any:
        if isinstance(input_shape, dict):
            return map_image_shapes(input_shape, self.compute_output_shape)
        return utils.image_output_shape(input_shape, self.height, self.width, self.data_format, self)

    def images_dtype(self, dtype: Any) -> str:
        """The output dtype of images of ``dtype``: the compute dtype for floats, integer dtypes kept."""
        dtype = dtypes.standardize_dtype(dtype)
        return self.compute_dtype if dtypes.is_float(dtype) else dtype

    def image_output_spec(self, images: Any, *args: Any, **kwargs: Any) -> Any:
        return KerasTensor(self.compute_output_shape(images.shape), self.images_dtype(images.dtype))

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config["data_format"] = self.data_format
        if self.bounding_box_format is not None:
            # Keras 3 writes the key only when a format is set.
            config["bounding_box_format"] = self.bounding_box_format
        config.update({
            "height": self.height,
            "width": self.width,
            "interpolation": self.interpolation,
            "crop_to_aspect_ratio": self.crop_to_aspect_ratio,
            "pad_to_aspect_ratio": self.pad_to_aspect_ratio,
            "fill_mode": self.fill_mode,
            "fill_value": self.fill_value,
            "antialias": self.antialias,
        })
        return config
