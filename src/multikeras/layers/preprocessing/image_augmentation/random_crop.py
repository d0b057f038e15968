"""`RandomCrop`: crop a random window of images during training."""

from __future__ import annotations

import random as python_random
from typing import Any

from multikeras import ops
from multikeras import random as mk_random
from multikeras.layers.preprocessing import preprocessing_utils as utils
from multikeras.layers.preprocessing.image_augmentation.base import TRANSFORMED, BaseImageAugmentationLayer
from multikeras.layers.preprocessing.image_augmentation.dict_inputs import boxes_to_window
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
    The boxes and segmentation masks of a dict input are cut (and resized, masks
    with nearest sampling) with their images, in training and outside it.

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

    boxes_and_masks = TRANSFORMED
    moves_at_inference = True

    def window_of(self, images: Any) -> tuple[int, int, int, int]:
        """``(top, left, crop_h, crop_w)`` of the largest central window with the target aspect ratio."""
        in_h, in_w = self.image_height_width(images)
        if in_h is None or in_w is None:
            raise ValueError(f"{utils.describe(self)}: the image height and width must be known, received shape "
                             f"{tuple(ops.shape(images))}.")
        return utils.aspect_ratio_window(in_h, in_w, self.height, self.width)

    def draw_parameters(self, images: Any) -> tuple[Any, Any, Any, Any]:
        """``(top, left, crop_h, crop_w)``: a random target-sized window for the whole batch, or the central window
        (resized afterwards) when the images are smaller than the target on some axis (chosen at run time inside
        a graph traced with unknown image sizes)."""
        in_h, in_w = self.image_height_width(images)
        window = self.window_of(images)
        known = utils.sizes_known(in_h, in_w)
        if known and (in_h < self.height or in_w < self.width):
            return window
        # The bounds stay at least 1: with unknown sizes the draw also runs for images smaller than the target
        # (which then get the central window).
        top = mk_random.randint((), 0, utils.larger(in_h - self.height + 1, 1), seed=self.seed_generator)
        left = mk_random.randint((), 0, utils.larger(in_w - self.width + 1, 1), seed=self.seed_generator)
        drawn = (top, left, self.height, self.width)
        if known:
            return drawn
        too_small = ops.logical_or(ops.less(in_h, self.height), ops.less(in_w, self.width))
        return tuple(ops.where(too_small, w, d) for w, d in zip(window, drawn))

    def inference_parameters(self, images: Any) -> tuple[int, int, int, int]:
        return self.window_of(images)

    def crop(self, images: Any, window: tuple[Any, Any, int, int], interpolation: str) -> Any:
        """``images`` cut to ``window``, then resized to the target size when the window has another size."""
        top, left, crop_h, crop_w = window
        shape = list(ops.shape(images))
        h_axis, w_axis = self.spatial_axes()
        in_h, in_w = shape[h_axis], shape[w_axis]
        if not utils.sizes_known(crop_h, crop_w, in_h, in_w) or (crop_h, crop_w) != (in_h, in_w):
            start = [ops.zeros((), "int32")] * 4
            start[h_axis], start[w_axis] = (ops.cast(top, "int32"), ops.cast(left, "int32"))
            size = [-1 if d is None else d for d in shape]
            size[h_axis], size[w_axis] = crop_h, crop_w
            images = ops.slice(images, ops.stack(start), size)
        if utils.sizes_known(crop_h, crop_w) and (crop_h, crop_w) == (self.height, self.width):
            return images
        # A window chosen at run time is resized even when it has the target size (resizing to one's own size
        # gives the same values).
        return resize_images(self, images, self.height, self.width, interpolation=interpolation,
                             data_format=self.data_format)

    def apply_to_images(self, images: Any, window: tuple[Any, Any, int, int]) -> Any:
        return self.crop(ops.cast(images, self.compute_dtype), window, "bilinear")

    def apply_to_segmentation_masks(self, segmentation_masks: Any, window: tuple[Any, Any, int, int]) -> Any:
        """Masks cut to the same window (resized with nearest sampling), in their own dtype."""
        dtype = ops.dtype(segmentation_masks)
        return ops.cast(self.crop(ops.cast(segmentation_masks, "float32"), window, "nearest"), dtype)

    def apply_to_bounding_boxes(self, bounding_boxes: dict, window: tuple[Any, Any, int, int],
                                image_size: tuple[Any, Any]) -> dict:
        """Boxes moved to the window's origin, scaled as the window is resized, clipped to the target size
        (labels of boxes left without area become -1)."""
        return boxes_to_window(bounding_boxes, window, self.height, self.width)

    def inference(self, inputs: Any) -> Any:
        rank = len(ops.shape(inputs))
        batch = inputs if rank == 4 else ops.expand_dims(inputs, 0)
        cropped = self.apply_to_images(batch, self.inference_parameters(batch))
        return cropped if rank == 4 else ops.squeeze(cropped, 0)

    def compute_output_shape(self, input_shape: Any) -> Any:
        if isinstance(input_shape, dict):
            return super().compute_output_shape(input_shape)
        return utils.image_output_shape(input_shape, self.height, self.width, self.data_format, self)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"height": self.height, "width": self.width, "seed": self.seed})
        return config
