"""`RandAugment`: apply ``num_ops`` augmentations, each picked at random from eleven, during training."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras import random as mk_random
from multikeras.layers.preprocessing import preprocessing_utils as utils
from multikeras.layers.preprocessing.image_augmentation.auto_contrast import AutoContrast
from multikeras.layers.preprocessing.image_augmentation.base import (
    UNSUPPORTED,
    BaseImageAugmentationLayer,
    check_interpolation,
    is_number,
    is_number_pair,
)
from multikeras.layers.preprocessing.image_augmentation.color_utils import sorted_value_range
from multikeras.layers.preprocessing.image_augmentation.equalization import Equalization
from multikeras.layers.preprocessing.image_augmentation.random_brightness import RandomBrightness
from multikeras.layers.preprocessing.image_augmentation.random_color_degeneration import RandomColorDegeneration
from multikeras.layers.preprocessing.image_augmentation.random_contrast import RandomContrast
from multikeras.layers.preprocessing.image_augmentation.random_posterization import RandomPosterization
from multikeras.layers.preprocessing.image_augmentation.random_rotation import RandomRotation
from multikeras.layers.preprocessing.image_augmentation.random_sharpness import RandomSharpness
from multikeras.layers.preprocessing.image_augmentation.random_shear import RandomShear
from multikeras.layers.preprocessing.image_augmentation.random_translation import RandomTranslation
from multikeras.layers.preprocessing.image_augmentation.solarization import Solarization
from multikeras.saving.object_registration import register_builtin

# The candidates, in the order their index is drawn (Keras 3.15.1's order, observed).
AUGMENTATION_NAMES = (
    "random_shear", "random_translation", "random_rotation", "random_brightness", "random_color_degeneration",
    "random_contrast", "random_sharpness", "random_posterization", "solarization", "auto_contrast", "equalization",
)


def unit_factor(factor: Any, layer: Any) -> tuple[float, float]:
    """``factor`` as a pair in ``[0, 1]``: a number ``f`` gives ``(0, f)``, a pair is kept in its order."""
    pair = (0, factor) if is_number(factor) else tuple(factor) if is_number_pair(factor) else None
    if pair is None or any(number < 0 or number > 1 for number in pair):
        raise ValueError(
            f"{utils.describe(layer)}: the `factor` argument should be a number (or a list of two numbers) in the "
            f"range [0, 1]. Received: factor={factor!r}"
        )
    return pair


@register_builtin("keras.layers")
class RandAugment(BaseImageAugmentationLayer):
    """RandAugment (Cubuk et al., 2019): during training, apply ``num_ops`` augmentations in a row, each one picked
    uniformly (with replacement) from eleven, once per batch.

    The eleven are :class:`RandomShear`, :class:`RandomTranslation`,
    :class:`RandomRotation`, :class:`RandomBrightness`,
    :class:`RandomColorDegeneration`, :class:`RandomContrast`,
    :class:`RandomSharpness`, :class:`RandomPosterization`,
    :class:`Solarization`, :class:`AutoContrast` and :class:`Equalization`.
    Each takes ``factor`` as its strength (for the shear and translation on
    both axes, for solarization as both addition and threshold factor);
    posterization keeps between 1 and ``max(1, int(8 * factor[1]))`` bits.
    The picks are tensors drawn from the layer's seed state, so a compiled
    training step picks afresh on every step. Training outputs are in the
    compute dtype and are not clipped to ``value_range``; outside training the
    images are only cast.

    Args:
        value_range: ``(min, max)`` of the image values.
        num_ops: how many augmentations to apply in a row (``0`` leaves the images unchanged).
        factor: a number ``f`` in ``[0, 1]`` (strengths drawn from ``[0, f]``) or a pair in ``[0, 1]``.
        interpolation: ``"bilinear"`` or ``"nearest"``, for the shear, translation and rotation.
        seed: an int for reproducible draws, or ``None``.
        data_format: ``"channels_last"``, ``"channels_first"``, or ``None`` for the global default.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = RandAugment(value_range=(0, 1), num_ops=2, factor=0.3, seed=0)
        ...     images = np.random.default_rng(0).random((2, 8, 8, 3)).astype("float32")
        ...     augmented = layer(images, training=True)
        ...     unchanged = layer(images, training=False)
        >>> augmented.shape, bool(np.array_equal(unchanged, images))
        ((2, 8, 8, 3), True)
    """

    # its geometric ops would move pixels away from unchanged boxes and masks
    boxes_and_masks = UNSUPPORTED

    def __init__(self, value_range: Any = (0, 255), num_ops: int = 2, factor: Any = 0.5,
                 interpolation: str = "bilinear", seed: int | None = None, data_format: str | None = None,
                 **kwargs: Any):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        self.value_range = sorted_value_range(value_range, self)
        if isinstance(num_ops, bool) or not isinstance(num_ops, int) or num_ops < 0:
            raise ValueError(
                f"{utils.describe(self)}: `num_ops` should be a non-negative int. Received: num_ops={num_ops!r}"
            )
        self.num_ops = num_ops
        self.factor = unit_factor(factor, self)
        self.interpolation = check_interpolation(interpolation, self)
        seeds = iter(range(1, 12))

        def options() -> dict[str, Any]:
            # Each part gets a seed of its own: one shared seed would give every part the same stream of draws.
            index = next(seeds)
            return {"seed": None if seed is None else seed + index, "data_format": self.data_format,
                    "dtype": self.dtype_policy}

        shared = {"value_range": self.value_range}
        geometric = {"interpolation": self.interpolation}
        self.random_shear = RandomShear(x_factor=self.factor, y_factor=self.factor, **geometric, **options())
        self.random_translation = RandomTranslation(self.factor, self.factor, **geometric, **options())
        self.random_rotation = RandomRotation(self.factor, **geometric, **options())
        self.random_brightness = RandomBrightness(self.factor, **shared, **options())
        self.random_color_degeneration = RandomColorDegeneration(self.factor, **shared, **options())
        self.random_contrast = RandomContrast(self.factor, **shared, **options())
        self.random_sharpness = RandomSharpness(self.factor, **shared, **options())
        self.solarization = Solarization(addition_factor=self.factor, threshold_factor=self.factor, **shared,
                                         **options())
        self.random_posterization = RandomPosterization((1, max(1, int(self.factor[1] * 8))), **shared,
                                                        **options())
        options()  # AutoContrast and Equalization draw nothing: no seed
        self.auto_contrast = AutoContrast(**shared, data_format=self.data_format, dtype=self.dtype_policy)
        self.equalization = Equalization(**shared, data_format=self.data_format, dtype=self.dtype_policy)

    def augment(self, images: Any) -> Any:
        images = ops.cast(images, self.compute_dtype)
        if self.num_ops == 0:
            return images
        # One pick per step for the whole batch. Every candidate is computed and the pick selects among them
        # with `where`: a tensor choice stays random inside jax.jit / tf.function, and the sub-layers' seed
        # states advance outside any traced branch (an update inside a `switch` branch cannot leave it on jax).
        picks = mk_random.randint((self.num_ops,), 0, len(AUGMENTATION_NAMES), seed=self.seed_generator)
        for step in range(self.num_ops):
            outputs = images
            for index, name in enumerate(AUGMENTATION_NAMES):
                candidate = ops.cast(getattr(self, name).augment(images), self.compute_dtype)
                outputs = ops.where(ops.equal(picks[step], index), candidate, outputs)
            images = outputs
        return images

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"value_range": self.value_range, "num_ops": self.num_ops, "factor": self.factor,
                       "interpolation": self.interpolation, "seed": self.seed})
        return config
