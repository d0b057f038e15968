"""Random ops with explicit seeds (``multikeras.random``).

``seed`` is an int (same int, same values on the same backend), a
:class:`SeedGenerator`, or ``None`` (draws from a process-wide generator).

Example:
    >>> import multikeras as mk
    >>> with mk.backend.use("numpy"):
    ...     a = mk.random.normal((3,), seed=7)
    ...     b = mk.random.normal((3,), seed=7)
    ...     bool((a == b).all())
    True
"""

from __future__ import annotations

from typing import Any

from multikeras.backend.dtypes import standardize_dtype
from multikeras.backend.selection import _override, _process_backend
from multikeras.ops._dispatch import handle_failure as _failed
from multikeras.ops.types import Array, ArrayLike, DTypeLike, Shape
from multikeras.random.seed_generator import SeedGenerator, draw_seed, set_global_seed

_active = _override.get

__all__ = [
    "SeedGenerator",
    "beta",
    "binomial",
    "categorical",
    "dropout",
    "gamma",
    "normal",
    "randint",
    "shuffle",
    "truncated_normal",
    "uniform",
]


def _shape(shape: Shape) -> tuple[int, ...]:
    if isinstance(shape, int) and not isinstance(shape, bool):
        return (shape,)
    try:
        return tuple(_dim(d) for d in shape)
    except (TypeError, ValueError):
        raise TypeError(f"shape: expected a tuple of ints, received {shape!r}.") from None


def _dim(size: Any) -> Any:
    """``size`` as an int, or unchanged when it is a scalar tensor whose value is known only at run time (a size
    that ``ops.shape`` returned while tracing a graph with unknown sizes)."""
    try:
        return int(size)
    except TypeError:
        if (_active() or _process_backend()).is_tensor(size):
            return size
        raise


def normal(shape: Shape, mean: float = 0.0, stddev: float = 1.0, dtype: DTypeLike | None = None, seed: Any = None) -> Array:
    """Draw from a normal distribution.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     mk.random.normal((2, 3), seed=1).shape
        (2, 3)
    """
    args = {"shape": shape, "mean": mean, "stddev": stddev, "dtype": dtype, "seed": seed}
    try:
        return (_active() or _process_backend()).random_normal(
            _shape(shape), mean, stddev, standardize_dtype(dtype), draw_seed(seed)
        )
    except Exception as error:
        return _failed("random_normal", error, args)


def uniform(shape: Shape, minval: float = 0.0, maxval: float = 1.0, dtype: DTypeLike | None = None, seed: Any = None) -> Array:
    """Draw from a uniform distribution on ``[minval, maxval)``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     x = mk.random.uniform((100,), 2.0, 3.0, seed=1)
        ...     bool((x >= 2).all() and (x < 3).all())
        True
    """
    args = {"shape": shape, "minval": minval, "maxval": maxval, "dtype": dtype, "seed": seed}
    try:
        return (_active() or _process_backend()).random_uniform(
            _shape(shape), minval, maxval, standardize_dtype(dtype), draw_seed(seed)
        )
    except Exception as error:
        return _failed("random_uniform", error, args)


def truncated_normal(shape: Shape, mean: float = 0.0, stddev: float = 1.0, dtype: DTypeLike | None = None, seed: Any = None) -> Array:
    """Draw from a normal distribution truncated to two standard deviations.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     bool((abs(mk.random.truncated_normal((1000,), seed=3)) <= 2).all())
        True
    """
    args = {"shape": shape, "mean": mean, "stddev": stddev, "dtype": dtype, "seed": seed}
    try:
        return (_active() or _process_backend()).random_truncated_normal(
            _shape(shape), mean, stddev, standardize_dtype(dtype), draw_seed(seed)
        )
    except Exception as error:
        return _failed("random_truncated_normal", error, args)


def randint(shape: Shape, minval: int, maxval: int, dtype: DTypeLike = "int32", seed: Any = None) -> Array:
    """Draw integers uniformly from ``[minval, maxval)``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     x = mk.random.randint((50,), 0, 3, seed=0)
        ...     sorted(set(x.tolist())) == [0, 1, 2], str(x.dtype)
        (True, 'int32')
    """
    args = {"shape": shape, "minval": minval, "maxval": maxval, "dtype": dtype, "seed": seed}
    try:
        return (_active() or _process_backend()).random_randint(
            _shape(shape), minval, maxval, standardize_dtype(dtype), draw_seed(seed)
        )
    except Exception as error:
        return _failed("random_randint", error, args)


def categorical(logits: ArrayLike, num_samples: int, dtype: DTypeLike = "int32", seed: Any = None) -> Array:
    """Draw class indices from unnormalized log-probabilities of shape ``(batch, classes)``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     mk.random.categorical([[-1e9, 0.0]], 4, seed=0).tolist()
        [[1, 1, 1, 1]]
    """
    args = {"logits": logits, "num_samples": num_samples, "dtype": dtype, "seed": seed}
    try:
        return (_active() or _process_backend()).random_categorical(
            logits, num_samples, standardize_dtype(dtype), draw_seed(seed)
        )
    except Exception as error:
        return _failed("random_categorical", error, args)


def dropout(inputs: ArrayLike, rate: float, noise_shape: Shape | None = None, seed: Any = None) -> Array:
    """Zero entries with probability ``rate`` and scale the rest by ``1 / (1 - rate)``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = mk.random.dropout(mk.ops.ones((1000,)), 0.5, seed=0)
        ...     sorted(set(y.tolist()))
        [0.0, 2.0]
    """
    args = {"inputs": inputs, "rate": rate, "noise_shape": noise_shape, "seed": seed}
    if not 0 <= rate < 1:
        raise ValueError(f"random.dropout: expected 0 <= rate < 1, received rate={rate!r}.")
    try:
        return (_active() or _process_backend()).random_dropout(inputs, rate, noise_shape, draw_seed(seed))
    except Exception as error:
        return _failed("random_dropout", error, args)


def shuffle(x: ArrayLike, axis: int = 0, seed: Any = None) -> Array:
    """Shuffle ``x`` along ``axis``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     sorted(mk.random.shuffle(mk.ops.arange(5), seed=0).tolist())
        [0, 1, 2, 3, 4]
    """
    args = {"x": x, "axis": axis, "seed": seed}
    try:
        return (_active() or _process_backend()).random_shuffle(x, axis, draw_seed(seed))
    except Exception as error:
        return _failed("random_shuffle", error, args)


def gamma(shape: Shape, alpha: float, dtype: DTypeLike | None = None, seed: Any = None) -> Array:
    """Draw from a gamma distribution with concentration ``alpha`` (scale 1).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     bool((mk.random.gamma((100,), 2.0, seed=0) > 0).all())
        True
    """
    args = {"shape": shape, "alpha": alpha, "dtype": dtype, "seed": seed}
    try:
        return (_active() or _process_backend()).random_gamma(
            _shape(shape), alpha, standardize_dtype(dtype), draw_seed(seed)
        )
    except Exception as error:
        return _failed("random_gamma", error, args)


def binomial(shape: Shape, counts: ArrayLike, probabilities: ArrayLike, dtype: DTypeLike | None = None, seed: Any = None) -> Array:
    """Draw from a binomial distribution.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     x = mk.random.binomial((100,), 5, 0.5, seed=0)
        ...     bool((x >= 0).all() and (x <= 5).all())
        True
    """
    args = {"shape": shape, "counts": counts, "probabilities": probabilities, "dtype": dtype, "seed": seed}
    try:
        return (_active() or _process_backend()).random_binomial(
            _shape(shape), counts, probabilities, standardize_dtype(dtype), draw_seed(seed)
        )
    except Exception as error:
        return _failed("random_binomial", error, args)


def beta(shape: Shape, alpha: ArrayLike, beta: ArrayLike, dtype: DTypeLike | None = None, seed: Any = None) -> Array:
    """Draw from a beta distribution.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     x = mk.random.beta((100,), 2.0, 3.0, seed=0)
        ...     bool((x > 0).all() and (x < 1).all())
        True
    """
    args = {"shape": shape, "alpha": alpha, "beta": beta, "dtype": dtype, "seed": seed}
    try:
        return (_active() or _process_backend()).random_beta(
            _shape(shape), alpha, beta, standardize_dtype(dtype), draw_seed(seed)
        )
    except Exception as error:
        return _failed("random_beta", error, args)
