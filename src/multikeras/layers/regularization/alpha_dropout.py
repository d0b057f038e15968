"""`AlphaDropout`: dropout that keeps the mean and variance of self-normalizing (SELU) activations."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multikeras import ops
from multikeras import random as mk_random
from multikeras.layers.regularization.dropout import NoiseLayer, check_noise_shape, check_rate
from multikeras.saving.object_registration import register_builtin

_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946
_SATURATION = -_SELU_ALPHA * _SELU_SCALE
"""The value SELU tends to for large negative inputs; dropped entries are set to it."""


@register_builtin("keras.layers")
class AlphaDropout(NoiseLayer):
    """Dropout for SELU networks: dropped entries take SELU's negative saturation value, then an affine
    correction ``a * x + b`` restores the input's mean and variance (for zero-mean, unit-variance inputs).

    With ``p = rate`` and ``alpha' = -alpha * scale`` of SELU,
    ``a = ((1 - p) * (1 + p * alpha'^2)) ** -0.5`` and ``b = -a * alpha' * p``.
    Identity outside training.

    Args:
        rate: fraction of entries to drop, ``0 <= rate < 1``.
        noise_shape: shape of the keep/drop mask (``None`` entries: the input's size).
        seed: an int for reproducible masks, or ``None``.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     x = mk.random.normal((20000,), seed=1)
        ...     y = AlphaDropout(0.3, seed=0)(x, training=True)
        >>> abs(float(y.mean())) < 0.05, abs(float(y.std()) - 1) < 0.05
        (True, True)
    """

    def __init__(self, rate: float, noise_shape: Sequence[int | None] | None = None, seed: int | None = None,
                 **kwargs: Any):
        super().__init__(seed=seed, **kwargs)
        self.rate = check_rate(rate, self, include_one=False)
        self._draws_noise(self.rate)
        self.noise_shape = check_noise_shape(noise_shape, self)

    def call(self, inputs: Any, training: bool | None = None) -> Any:
        if training is not True or self.rate == 0:
            return inputs
        # The keep mask comes from dropout of ones: it needs no static shape (unknown sizes inside a
        # traced function are fine) and applies noise_shape like Dropout does.
        dropped_ones = mk_random.dropout(ops.ones_like(inputs), self.rate, noise_shape=self.noise_shape,
                                         seed=self.seed_generator)
        kept = ops.cast(ops.not_equal(dropped_ones, 0), ops.dtype(inputs))
        p = self.rate
        a = ((1.0 - p) * (1.0 + p * _SATURATION**2)) ** -0.5
        b = -a * _SATURATION * p
        x = ops.add(ops.multiply(inputs, kept), ops.multiply(ops.subtract(1.0, kept), _SATURATION))
        return ops.add(ops.multiply(x, a), b)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"rate": self.rate, "seed": self.seed, "noise_shape": self.noise_shape})
        return config
