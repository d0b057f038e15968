"""`RandomShear`: shear images along x and/or y by a random amount during training."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras import random as mk_random
from multikeras.layers.preprocessing.image_augmentation.base import (
    AffineAugmentationLayer,
    check_each_number,
    is_number,
    is_number_pair,
    stack_transforms,
)
from multikeras.saving.object_registration import register_builtin


def shear_factor(factor: Any, layer: Any, argument: str) -> tuple[float, float]:
    """Each number must lie in ``[0, 1]``; a number ``f`` gives ``(-f, f)``, a pair gives the pair, sorted.

    The symmetric pair ``(-f, f)`` a number turns into is accepted too: it is what ``get_config`` stores (as in
    Keras 3), so a saved layer must load from it (Keras 3.15 refuses its own config here).
    """
    if is_number_pair(factor) and factor[0] < 0 and factor[0] == -factor[1]:
        factor = factor[1]
    factor = check_each_number(factor, layer, argument, 0.0, 1.0, open_low=False)
    if is_number(factor):
        return (-abs(factor), abs(factor))
    lower, upper = sorted(factor)
    return (lower, upper)


def shear_transforms(shear_x: Any, shear_y: Any) -> Any:
    """``(batch, 8)`` transforms: output pixel ``(x, y)`` reads input ``(x + shear_x * y, y + shear_y * x)``
    (a shear about the top-left corner, as Keras 3's)."""
    ones, zeros = ops.ones_like(shear_x), ops.zeros_like(shear_x)
    return stack_transforms([ones, shear_x, zeros, shear_y, ones, zeros, zeros, zeros])


@register_builtin("keras.layers")
class RandomShear(AffineAugmentationLayer):
    """Shear each image by a random amount during training; identity (cast to the compute dtype) otherwise.

    For each image shears ``shear_x`` and ``shear_y`` are drawn from
    ``x_factor`` and ``y_factor``, and both are negated together with
    probability one half. Output pixel ``(x, y)`` reads the input at
    ``(x + shear_x * y, y + shear_y * x)``. Called on a dict, the labels pass
    through and the boxes and masks of a dict move with the image.

    Args:
        x_factor: a number ``f`` in ``[0, 1]`` (shear drawn from ``[-f, f]``) or a pair of numbers in ``[0, 1]``.
        y_factor: the same for the vertical shear.
        interpolation: ``"bilinear"`` or ``"nearest"``.
        fill_mode: ``"reflect"``, ``"wrap"``, ``"constant"`` or ``"nearest"``.
        fill_value: the value ``fill_mode="constant"`` uses.
        data_format: ``"channels_last"``, ``"channels_first"``, or ``None`` for the global default.
        seed: an int for reproducible draws, or ``None``.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = RandomShear(x_factor=(1.0, 1.0), interpolation="nearest", fill_mode="constant")
        ...     y = layer(np.arange(1.0, 7.0).reshape(1, 2, 3, 1))
        >>> y[0, :, :, 0].tolist() in ([[1.0, 2.0, 3.0], [5.0, 6.0, 0.0]], [[1.0, 2.0, 3.0], [0.0, 4.0, 5.0]])
        True
    """

    def __init__(self, x_factor: Any = 0.0, y_factor: Any = 0.0, interpolation: str = "bilinear",
                 fill_mode: str = "reflect", fill_value: float = 0.0, data_format: str | None = None,
                 seed: int | None = None, **kwargs: Any):
        super().__init__(fill_mode=fill_mode, interpolation=interpolation, seed=seed, fill_value=fill_value,
                         data_format=data_format, **kwargs)
        self.x_factor = shear_factor(x_factor, self, "x_factor")
        self.y_factor = shear_factor(y_factor, self, "y_factor")

    def draw_parameters(self, images: Any) -> Any:
        """``(batch, 8)`` shear transforms, one random shear pair (and sign) per image."""
        batch = self.batch_size(images)
        sign = ops.where(mk_random.uniform((batch,), dtype="float32", seed=self.seed_generator) > 0.5, -1.0, 1.0)
        shear_y = mk_random.uniform((batch,), minval=self.y_factor[0], maxval=self.y_factor[1], dtype="float32",
                                    seed=self.seed_generator)
        shear_x = mk_random.uniform((batch,), minval=self.x_factor[0], maxval=self.x_factor[1], dtype="float32",
                                    seed=self.seed_generator)
        return shear_transforms(shear_x * sign, shear_y * sign)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"x_factor": self.x_factor, "y_factor": self.y_factor})
        return config
