"""Initializers drawing from fixed distributions: RandomNormal, RandomUniform, TruncatedNormal."""

from __future__ import annotations

from typing import Any

from multikeras import random as mk_random
from multikeras.initializers.initializer import MODULE, RandomInitializer, Shape, float_dtype, standardize_shape
from multikeras.random.seed_generator import SeedGenerator
from multikeras.saving.object_registration import register_builtin


@register_builtin(MODULE)
class RandomNormal(RandomInitializer):
    """Draw from a normal distribution.

    Args:
        mean: the mean.
        stddev: the standard deviation.
        seed: ``None``, an int (same values on every call) or a
            ``SeedGenerator`` (new values on every call).

    Example:
        >>> import multikeras as mk
        >>> init = mk.initializers.RandomNormal(mean=1.0, stddev=0.1, seed=3)
        >>> with mk.backend.use("numpy"):
        ...     x = mk.ops.convert_to_numpy(init((100, 100)))
        >>> x.shape, round(float(x.mean()), 1)
        ((100, 100), 1.0)
    """

    def __init__(self, mean: float = 0.0, stddev: float = 0.05, seed: int | SeedGenerator | None = None):
        self.mean = mean
        self.stddev = stddev
        super().__init__(seed)

    def __call__(self, shape: Shape, dtype: Any = None) -> Any:
        return mk_random.normal(
            standardize_shape(shape, "RandomNormal"),
            mean=self.mean,
            stddev=self.stddev,
            dtype=float_dtype(dtype, "RandomNormal"),
            seed=self.seed,
        )

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "mean": self.mean, "stddev": self.stddev}


@register_builtin(MODULE)
class TruncatedNormal(RandomInitializer):
    """Draw from a normal distribution, redrawing values more than two standard deviations from the mean.

    Args:
        mean: the mean.
        stddev: the standard deviation of the normal distribution before truncation.
        seed: ``None``, an int (same values on every call) or a
            ``SeedGenerator`` (new values on every call).

    Example:
        >>> import multikeras as mk
        >>> init = mk.initializers.TruncatedNormal(stddev=1.0, seed=0)
        >>> with mk.backend.use("numpy"):
        ...     x = mk.ops.convert_to_numpy(init((1000,)))
        >>> bool(abs(x).max() <= 2.0)
        True
    """

    def __init__(self, mean: float = 0.0, stddev: float = 0.05, seed: int | SeedGenerator | None = None):
        self.mean = mean
        self.stddev = stddev
        super().__init__(seed)

    def __call__(self, shape: Shape, dtype: Any = None) -> Any:
        return mk_random.truncated_normal(
            standardize_shape(shape, "TruncatedNormal"),
            mean=self.mean,
            stddev=self.stddev,
            dtype=float_dtype(dtype, "TruncatedNormal"),
            seed=self.seed,
        )

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "mean": self.mean, "stddev": self.stddev}


@register_builtin(MODULE)
class RandomUniform(RandomInitializer):
    """Draw uniformly from ``[minval, maxval)``.

    Args:
        minval: the lower bound.
        maxval: the upper bound.
        seed: ``None``, an int (same values on every call) or a
            ``SeedGenerator`` (new values on every call).

    Example:
        >>> import multikeras as mk
        >>> init = mk.initializers.RandomUniform(minval=2.0, maxval=3.0, seed=0)
        >>> with mk.backend.use("numpy"):
        ...     x = mk.ops.convert_to_numpy(init((1000,)))
        >>> bool(x.min() >= 2.0 and x.max() < 3.0)
        True
    """

    def __init__(self, minval: float = -0.05, maxval: float = 0.05, seed: int | SeedGenerator | None = None):
        self.minval = minval
        self.maxval = maxval
        super().__init__(seed)

    def __call__(self, shape: Shape, dtype: Any = None) -> Any:
        return mk_random.uniform(
            standardize_shape(shape, "RandomUniform"),
            minval=self.minval,
            maxval=self.maxval,
            dtype=float_dtype(dtype, "RandomUniform"),
            seed=self.seed,
        )

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "minval": self.minval, "maxval": self.maxval}
