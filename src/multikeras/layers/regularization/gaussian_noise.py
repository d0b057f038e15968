"""`GaussianNoise`: additive zero-mean Gaussian noise during training."""

from __future__ import annotations

import math
import numbers
from typing import Any

from multikeras import ops
from multikeras import random as mk_random
from multikeras.layers.regularization.dropout import NoiseLayer
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class GaussianNoise(NoiseLayer):
    """Add noise drawn from ``N(0, stddev^2)`` to every entry in training; identity otherwise.

    Args:
        stddev: the noise's standard deviation, a non-negative float.
        seed: an int for reproducible noise, or ``None``.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = GaussianNoise(0.1, seed=0)
        ...     x = mk.ops.zeros((1000,))
        ...     y = layer(x, training=True)
        ...     unchanged = bool((layer(x) == 0).all())
        >>> unchanged, 0.08 < float(y.std()) < 0.12
        (True, True)
    """

    def __init__(self, stddev: float, seed: int | None = None, **kwargs: Any):
        super().__init__(seed=seed, **kwargs)
        if isinstance(stddev, bool) or not isinstance(stddev, numbers.Real) or not math.isfinite(stddev) or stddev < 0:
            raise ValueError(
                f"GaussianNoise '{self.name}': expected a non-negative float, received stddev={stddev!r}."
            )
        self.stddev = float(stddev)
        self._draws_noise(self.stddev)

    def call(self, inputs: Any, training: bool | None = None) -> Any:
        if training is not True or self.stddev == 0:
            return inputs
        noise = mk_random.normal(ops.shape(inputs), mean=0.0, stddev=self.stddev, dtype=ops.dtype(inputs),
                                 seed=self.seed_generator)
        return ops.add(inputs, noise)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"stddev": self.stddev, "seed": self.seed})
        return config
