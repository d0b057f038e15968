"""`Dropout`: zeroes random entries during training and rescales the rest."""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any

from multikeras import ops
from multikeras import random as mk_random
from multikeras.layers.core.identity import spec_like_input
from multikeras.layers.layer import Layer
from multikeras.random.seed_generator import SeedGenerator
from multikeras.saving.object_registration import register_builtin


def check_rate(rate: Any, layer: Layer, include_one: bool = True) -> float:
    """``rate`` as a float in ``[0, 1]`` (``[0, 1)`` without ``include_one``), else a ValueError naming the layer."""
    valid = (
        not isinstance(rate, bool) and isinstance(rate, numbers.Real) and math.isfinite(rate)
        and 0 <= rate and (rate <= 1 if include_one else rate < 1)
    )
    if not valid:
        bounds = "0 <= rate <= 1" if include_one else "0 <= rate < 1"
        raise ValueError(f"{type(layer).__name__} '{layer.name}': expected a float with {bounds}, received rate={rate!r}.")
    return float(rate)


def check_seed(seed: Any, layer: Layer) -> int | None:
    """``seed`` if it is an int or ``None``, else a ValueError naming the layer."""
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise ValueError(f"{type(layer).__name__} '{layer.name}': seed must be an int or None, received seed={seed!r}.")
    return seed


def check_noise_shape(noise_shape: Any, layer: Layer) -> tuple[int | None, ...] | None:
    """``noise_shape`` as a tuple of positive ints and ``None`` entries, or ``None``."""
    if noise_shape is None:
        return None
    if isinstance(noise_shape, Sequence) and not isinstance(noise_shape, str) and all(
        d is None or (isinstance(d, int) and not isinstance(d, bool) and d > 0) for d in noise_shape
    ):
        return tuple(noise_shape)
    raise ValueError(
        f"{type(layer).__name__} '{layer.name}': noise_shape must be a tuple of positive ints or None entries "
        f"(None: the input's size), received noise_shape={noise_shape!r}."
    )


class NoiseLayer(Layer):
    """Shared parts of the layers that act only in training: masking support, shapes, dtype, seed."""

    _built_at_construction = True  # creates no state: built from the start, as in Keras 3

    def __init__(self, seed: int | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.seed = check_seed(seed, self)
        self.seed_generator: SeedGenerator | None = None
        self.supports_masking = True

    def _draws_noise(self, amount: float) -> None:
        """Create the seed generator, as Keras 3 does, only for a layer that draws noise (``amount > 0``):
        a layer that never draws has no seed state (no non-trainable variable, no backend binding)."""
        if amount > 0:
            self.seed_generator = SeedGenerator(self.seed)
            # The generator's state is an array of the active backend: the layer belongs to that backend from now on.
            self._bind_backend()

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return tuple(input_shape)

    def compute_output_spec(self, inputs: Any, **kwargs: Any) -> Any:
        return spec_like_input(self, inputs, inputs.shape)


@register_builtin("keras.layers")
class Dropout(NoiseLayer):
    """Randomly set a fraction ``rate`` of the inputs to 0 in training, scaling the rest by ``1 / (1 - rate)``.

    Outside training (``training`` not ``True``) the layer returns its input
    unchanged, so the expected value of every entry is the same in both modes.

    Args:
        rate: fraction of entries to drop, ``0 <= rate <= 1`` (1 drops everything).
        noise_shape: shape of the keep/drop mask, broadcast against the input;
            ``None`` entries take the input's size. E.g. ``(batch, 1, features)``
            drops the same features at every timestep.
        seed: an int for reproducible masks (a fresh layer with the same seed
            draws the same masks), or ``None``.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = Dropout(0.5, seed=1)
        ...     x = mk.ops.ones((2, 4))
        ...     same = layer(x)
        ...     dropped = layer(x, training=True)
        >>> same.tolist(), sorted(set(dropped.ravel().tolist())) in ([0.0, 2.0], [2.0], [0.0])
        ([[1.0, 1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0]], True)
    """

    def __init__(self, rate: float, noise_shape: Sequence[int | None] | None = None, seed: int | None = None,
                 **kwargs: Any):
        super().__init__(seed=seed, **kwargs)
        self.rate = check_rate(rate, self)
        self.noise_shape = check_noise_shape(noise_shape, self)
        self._draws_noise(self.rate)

    def _noise_shape(self, inputs: Any) -> tuple[int | None, ...] | None:
        return self.noise_shape

    def call(self, inputs: Any, training: bool | None = None) -> Any:
        if training is not True or self.rate == 0:
            return inputs
        if self.rate == 1:
            return ops.zeros_like(inputs)
        return mk_random.dropout(inputs, self.rate, noise_shape=self._noise_shape(inputs), seed=self.seed_generator)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"rate": self.rate, "seed": self.seed, "noise_shape": self.noise_shape})
        return config
