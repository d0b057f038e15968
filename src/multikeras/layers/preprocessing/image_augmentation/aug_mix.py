"""`AugMix`: mix several random chains of augmentations of each image, then blend the mix with the image."""

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
)
from multikeras.layers.preprocessing.image_augmentation.color_utils import sorted_value_range
from multikeras.layers.preprocessing.image_augmentation.equalization import Equalization
from multikeras.layers.preprocessing.image_augmentation.rand_augment import unit_factor
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

# The operations in the order their index is drawn (Keras 3.15.1's order, observed); ``all_ops=False`` keeps the
# first seven, the four colour ones at the end are left out.
AUGMENTATION_NAMES = (
    "random_shear", "random_translation", "random_rotation", "random_posterization", "solarization",
    "auto_contrast", "equalization", "random_brightness", "random_color_degeneration", "random_contrast",
    "random_sharpness",
)
BASIC_OPS = 7


def _count(value: Any, argument: str, minimum: int, layer: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(
            f"{utils.describe(layer)}: `{argument}` should be an int >= {minimum}. Received: {argument}={value!r}"
        )
    return value


def _normalized(values: Any) -> Any:
    """``values / sum(values)``, or equal shares when every value is 0 (a small alpha can underflow every
    Gamma draw to 0: 0 / 0 would give NaN)."""
    total = ops.sum(values)
    positive = ops.greater(total, 0.0)
    return ops.where(positive, ops.divide(values, ops.where(positive, total, 1.0)), 1.0 / ops.shape(values)[0])


@register_builtin("keras.layers")
class AugMix(BaseImageAugmentationLayer):
    """AugMix (Hendrycks et al., 2020): during training, blend each image with a weighted mix of ``num_chains``
    randomly augmented copies of it.

    Each chain has ``chain_depth`` slots; each slot picks uniformly among the
    operations and one more choice, "skip" (so a slot applies an operation with
    probability 11/12, or 7/8 with ``all_ops=False``), one pick per chain and
    slot for the whole batch, as Keras 3 does. The operations are
    :class:`RandomShear`, :class:`RandomTranslation`, :class:`RandomRotation`,
    :class:`RandomPosterization`, :class:`Solarization`, :class:`AutoContrast`,
    :class:`Equalization` and, with ``all_ops=True``, :class:`RandomBrightness`,
    :class:`RandomColorDegeneration`, :class:`RandomContrast` and
    :class:`RandomSharpness`; each takes ``factor`` as its strength (as in
    :class:`RandAugment`) and draws its own per-image strengths. The chains are
    mixed with weights ``w ~ Dirichlet(alpha)`` and the result is
    ``m * images + (1 - m) * sum_c w_c * chain_c`` with ``m ~ Beta(alpha, alpha)``,
    both drawn once per batch. All draws are tensors from the layers' seed
    states, so a compiled training step draws afresh on every step. Training
    outputs are in the compute dtype; outside training the images are only cast.

    Args:
        value_range: ``(min, max)`` of the image values.
        num_chains: how many chains are mixed (an int >= 1).
        chain_depth: how many slots each chain has (an int >= 0; ``0`` leaves the images unchanged).
        factor: a number ``f`` in ``[0, 1]`` (strengths drawn from ``[0, f]``) or a pair in ``[0, 1]``.
        alpha: the concentration (> 0) of the Dirichlet chain weights and of the Beta blend weight.
        all_ops: whether the four colour operations (brightness, colour degeneration, contrast, sharpness) are
            candidates too.
        interpolation: ``"bilinear"`` or ``"nearest"``, for the shear, translation and rotation.
        seed: an int for reproducible draws, or ``None``.
        data_format: ``"channels_last"``, ``"channels_first"``, or ``None`` for the global default.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = AugMix(value_range=(0, 1), num_chains=2, chain_depth=2, seed=0)
        ...     images = np.random.default_rng(0).random((2, 8, 8, 3)).astype("float32")
        ...     augmented = layer(images, training=True)
        ...     unchanged = layer(images, training=False)
        >>> augmented.shape, bool(np.array_equal(unchanged, images))
        ((2, 8, 8, 3), True)
        >>> bool(augmented.min() >= 0 and augmented.max() <= 1)
        True
    """

    # its geometric chains would move pixels away from unchanged boxes and masks
    boxes_and_masks = UNSUPPORTED

    def __init__(self, value_range: Any = (0, 255), num_chains: int = 3, chain_depth: int = 3, factor: Any = 0.3,
                 alpha: float = 1.0, all_ops: bool = True, interpolation: str = "bilinear", seed: int | None = None,
                 data_format: str | None = None, **kwargs: Any):
        super().__init__(seed=seed, data_format=data_format, **kwargs)
        self.value_range = sorted_value_range(value_range, self)
        self.num_chains = _count(num_chains, "num_chains", 1, self)
        self.chain_depth = _count(chain_depth, "chain_depth", 0, self)
        self.factor = unit_factor(factor, self)
        if not is_number(alpha) or not alpha > 0:
            raise ValueError(f"{utils.describe(self)}: `alpha` should be a number > 0. Received: alpha={alpha!r}")
        self.alpha = float(alpha)
        if not isinstance(all_ops, bool):
            raise ValueError(f"{utils.describe(self)}: `all_ops` should be a bool. Received: all_ops={all_ops!r}")
        self.all_ops = all_ops
        self.interpolation = check_interpolation(interpolation, self)
        self.operation_names = AUGMENTATION_NAMES if all_ops else AUGMENTATION_NAMES[:BASIC_OPS]

        def options(name: str) -> dict[str, Any]:
            # Each part gets a seed of its own (one shared seed would give every part the same stream of draws),
            # fixed by its place in the full list so that `all_ops` does not change the others' seeds.
            index = AUGMENTATION_NAMES.index(name) + 1
            return {"seed": None if seed is None else seed + index, "data_format": self.data_format,
                    "dtype": self.dtype_policy}

        shared = {"value_range": self.value_range}
        geometric = {"interpolation": self.interpolation}
        self.random_shear = RandomShear(x_factor=self.factor, y_factor=self.factor, **geometric,
                                        **options("random_shear"))
        self.random_translation = RandomTranslation(self.factor, self.factor, **geometric,
                                                    **options("random_translation"))
        self.random_rotation = RandomRotation(self.factor, **geometric, **options("random_rotation"))
        self.random_posterization = RandomPosterization((1, max(1, int(self.factor[1] * 8))), **shared,
                                                        **options("random_posterization"))
        self.solarization = Solarization(addition_factor=self.factor, threshold_factor=self.factor, **shared,
                                         **options("solarization"))
        # AutoContrast and Equalization draw nothing: no seed.
        self.auto_contrast = AutoContrast(**shared, data_format=self.data_format, dtype=self.dtype_policy)
        self.equalization = Equalization(**shared, data_format=self.data_format, dtype=self.dtype_policy)
        if all_ops:
            self.random_brightness = RandomBrightness(self.factor, **shared, **options("random_brightness"))
            self.random_color_degeneration = RandomColorDegeneration(self.factor, **shared,
                                                                     **options("random_color_degeneration"))
            self.random_contrast = RandomContrast(self.factor, **shared, **options("random_contrast"))
            self.random_sharpness = RandomSharpness(self.factor, **shared, **options("random_sharpness"))

    def draw_mixing(self) -> tuple[Any, Any, Any]:
        """One batch's draws from the layer's own seed state: ``(picks, chain_weights, image_weight)``.

        ``picks`` is ``(num_chains, chain_depth)`` int32, an index into :attr:`operation_names`, or
        ``len(operation_names)`` for "skip"; ``chain_weights`` ``(num_chains,)`` sums to 1 (Dirichlet(alpha));
        ``image_weight`` is a scalar from Beta(alpha, alpha), the original image's share.
        """
        count = len(self.operation_names)
        picks = mk_random.randint((self.num_chains, self.chain_depth), 0, count + 1, seed=self.seed_generator)
        # Both laws from one Gamma(alpha) draw of num_chains + 2 values: normalized Gamma draws are Dirichlet, and
        # g1 / (g1 + g2) is Beta(alpha, alpha). One sampler instead of two (on jax each compiles a loop).
        shape = (self.num_chains + 2,)
        if self.alpha == 1.0:
            # Gamma(1) is Exponential(1), -log(1 - U): same law, and no rejection loop to compile (on jax the
            # Gamma sampler costs seconds of compilation per training step traced, for the default alpha).
            uniforms = mk_random.uniform(shape, dtype="float32", seed=self.seed_generator)
            gammas = ops.negative(ops.log(ops.subtract(1.0, uniforms)))
        else:
            gammas = mk_random.gamma(shape, self.alpha, dtype="float32", seed=self.seed_generator)
        chain_weights = _normalized(gammas[:self.num_chains])
        image_weight = _normalized(gammas[self.num_chains:])[0]
        return picks, chain_weights, image_weight

    def augment(self, images: Any) -> Any:
        images = ops.cast(images, self.compute_dtype)
        if self.chain_depth == 0:
            return images
        picks, chain_weights, image_weight = self.draw_mixing()
        chains = self.run_chains(images, picks)
        weights = ops.reshape(ops.cast(chain_weights, self.compute_dtype), (self.num_chains, 1, 1, 1, 1))
        mixed = ops.sum(ops.multiply(chains, weights), axis=0)
        share = ops.cast(image_weight, self.compute_dtype)
        return ops.add(ops.multiply(share, images), ops.multiply(ops.subtract(1.0, share), mixed))

    def run_chains(self, images: Any, picks: Any) -> Any:
        """The ``(num_chains, batch, ...)`` chain outputs for ``picks`` ``(num_chains, chain_depth)``.

        The chains run side by side as one batch of ``num_chains * batch`` images, so each slot calls every
        operation once (each image drawing its own strength) rather than once per chain. Every candidate is
        computed and each chain keeps its pick with ``ops.where``: a tensor pick stays random inside jax.jit /
        tf.function, and the sub-layers' seed states advance outside any traced branch (an update inside a
        `switch` branch cannot leave it on jax).
        """
        rest = tuple(ops.shape(images)[1:])
        grouped_shape = (self.num_chains, -1) + rest
        flat = ops.concatenate([images] * self.num_chains, axis=0) if self.num_chains > 1 else images
        for step in range(self.chain_depth):
            outputs = ops.reshape(flat, grouped_shape)
            for index, name in enumerate(self.operation_names):
                candidate = ops.cast(getattr(self, name).augment(flat), self.compute_dtype)
                chosen = ops.reshape(ops.equal(picks[:, step], index), (self.num_chains, 1, 1, 1, 1))
                outputs = ops.where(chosen, ops.reshape(candidate, grouped_shape), outputs)
            flat = ops.reshape(outputs, (-1,) + rest)
        return ops.reshape(flat, grouped_shape)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"value_range": self.value_range, "num_chains": self.num_chains,
                       "chain_depth": self.chain_depth, "factor": self.factor, "alpha": self.alpha,
                       "all_ops": self.all_ops, "interpolation": self.interpolation, "seed": self.seed})
        return config
