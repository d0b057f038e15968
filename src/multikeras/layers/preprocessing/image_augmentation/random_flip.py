"""`RandomFlip`: flip images horizontally and/or vertically at random during training."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras import random as mk_random
from multikeras.layers.preprocessing import preprocessing_utils as utils
from multikeras.layers.preprocessing.image_augmentation.base import TRANSFORMED, BaseImageAugmentationLayer
from multikeras.layers.preprocessing.image_augmentation.dict_inputs import BOXES
from multikeras.saving.object_registration import register_builtin

HORIZONTAL = "horizontal"
VERTICAL = "vertical"
HORIZONTAL_AND_VERTICAL = "horizontal_and_vertical"
MODES = (HORIZONTAL, VERTICAL, HORIZONTAL_AND_VERTICAL)


@register_builtin("keras.layers")
class RandomFlip(BaseImageAugmentationLayer):
    """Flip each image with probability 1/2 during training.

    With ``mode="horizontal_and_vertical"`` one draw per image decides: the
    image is flipped on both axes, or left alone (as in Keras 3). The boxes
    and segmentation masks of a dict input are flipped with their image. Outside
    training the images pass through (cast to the compute dtype).

    Args:
        mode: ``"horizontal"`` (left-right), ``"vertical"`` (up-down) or ``"horizontal_and_vertical"``.
        seed: an int for reproducible draws, or ``None``.
        data_format: ``"channels_last"``, ``"channels_first"``, or ``None`` for the global default.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = RandomFlip("horizontal", seed=0)
        ...     image = np.arange(4.0).reshape(1, 1, 4, 1)
        ...     flipped = layer(np.repeat(image, 8, axis=0))[:, 0, :, 0]
        >>> all(row.tolist() in ([0, 1, 2, 3], [3, 2, 1, 0]) for row in flipped)
        True
    """

    def __init__(self, mode: str = HORIZONTAL_AND_VERTICAL, seed: int | None = None, data_format: str | None = None,
                 **kwargs: Any):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        if mode not in MODES:
            raise ValueError(f"{utils.describe(self)}: `mode` must be one of {MODES}, received mode={mode!r}.")
        self.mode = mode

    boxes_and_masks = TRANSFORMED

    def flip_axes(self) -> list[int]:
        """The axes of a batch that the mode flips."""
        h_axis, w_axis = self.spatial_axes()
        return {HORIZONTAL: [w_axis], VERTICAL: [h_axis], HORIZONTAL_AND_VERTICAL: [h_axis, w_axis]}[self.mode]

    def draw_parameters(self, images: Any) -> Any:
        """``(batch,)`` bools: which images are flipped."""
        return mk_random.uniform((self.batch_size(images),), seed=self.seed_generator) < 0.5

    def flip_where(self, images: Any, flips: Any) -> Any:
        flipped = images
        for axis in self.flip_axes():
            flipped = ops.flip(flipped, axis=axis)
        return ops.where(ops.reshape(flips, (-1, 1, 1, 1)), flipped, images)

    def apply_to_images(self, images: Any, flips: Any) -> Any:
        return self.flip_where(ops.cast(images, self.compute_dtype), flips)

    def apply_to_segmentation_masks(self, segmentation_masks: Any, flips: Any) -> Any:
        return self.flip_where(segmentation_masks, flips)

    def apply_to_bounding_boxes(self, bounding_boxes: dict, flips: Any, image_size: tuple[Any, Any]) -> dict:
        """A flip maps a coordinate ``x`` to ``width - x`` (``height - y`` vertically), swapping each box's sides.

        Boxes are not clipped, as in Keras 3 (a flip keeps boxes inside the image).
        """
        height, width = (ops.cast(size, "float32") for size in image_size)
        x1, y1, x2, y2 = (bounding_boxes[BOXES][..., i] for i in range(4))
        if self.mode != VERTICAL:
            x1, x2 = width - x2, width - x1
        if self.mode != HORIZONTAL:
            y1, y2 = height - y2, height - y1
        flipped = ops.stack([x1, y1, x2, y2], axis=-1)
        boxes = ops.where(ops.reshape(flips, (-1, 1, 1)), flipped, bounding_boxes[BOXES])
        return dict(bounding_boxes, boxes=boxes)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"seed": self.seed, "mode": self.mode})
        return config
