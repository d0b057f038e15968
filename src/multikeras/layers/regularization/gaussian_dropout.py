"""`GaussianDropout`: multiplicative Gaussian noise with mean 1 during training."""

from __future__ import annotations

import math
from typing import Any

from multikeras import ops
from multikeras import random as mk_random
from multikeras.layers.regularization.dropout import NoiseLayer, check_rate
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class GaussianDropout(NoiseLayer):
    """Multiply every entry by noise from ``N(1, rate / (1 - rate))`` in training; identity otherwise.

    The noise has the variance of dropout with the same ``rate``, and mean 1,
    so no rescaling is needed.

    Args:
        rate: the equivalent drop probability, ``0 <= rate < 1``.
        seed: an int for reproducible noise, or ``None``.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = GaussianDropout(0.2, seed=0)(mk.ops.ones((4000,)), training=True)
        >>> 0.95 < float(y.mean()) < 1.05, 0.45 < float(y.std()) < 0.55
        (True, True)
    """

    def __init__(self, rate: float, seed: int | None = None, **kwargs: Any):
        super().__init__(seed=seed, **kwargs)
        self.rate = check_rate(rate, self, include_one=False)
        self._draws_noise(self.rate)

    def call(self, inputs: Any, training: bool | None = None) -> Any:
        if training is not True or self.rate == 0:
            return inputs
        stddev = math.sqrt(self.rate / (1.0 - self.rate))
        noise = mk_random.normal(ops.shape(inputs), mean=1.0, stddev=stddev, dtype=ops.dtype(inputs),
                                 seed=self.seed_generator)
        return ops.multiply(inputs, noise)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"rate": self.rate, "seed": self.seed})
        return config
