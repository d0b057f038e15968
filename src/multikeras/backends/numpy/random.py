"""Random ops of the NumPy backend.

Every op receives ``seed`` as an int32 array of shape ``(2,)`` and derives a
fresh ``np.random.Generator`` from it, so the same seed gives the same values.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from multikeras.backend import dtypes
from multikeras.backends.numpy.core import compute_dtype, convert_to_tensor, to_numpy_dtype


def _generator(seed: Any) -> np.random.Generator:
    words = np.asarray(convert_to_tensor(seed)).reshape(-1).astype(np.int64) & 0xFFFFFFFF
    return np.random.default_rng([int(w) for w in words])


def _work_dtype(dtype: Any) -> tuple[np.dtype, np.dtype]:
    name = dtypes.standardize_dtype(dtype)
    if name not in dtypes.FLOATING:
        raise ValueError(f"expected a floating dtype, received {name!r}")
    return np.dtype(np.float64), to_numpy_dtype(name)


def random_normal(shape: Any, mean: Any = 0.0, stddev: Any = 1.0, dtype: Any = None, seed: Any = None) -> np.ndarray:
    work, out = _work_dtype(dtype)
    values = _generator(seed).standard_normal(tuple(shape), dtype=work)
    return (values * np.asarray(stddev, work) + np.asarray(mean, work)).astype(out)


def random_uniform(shape: Any, minval: Any = 0.0, maxval: Any = 1.0, dtype: Any = None, seed: Any = None) -> np.ndarray:
    work, out = _work_dtype(dtype)
    low, high = np.asarray(minval, work), np.asarray(maxval, work)
    values = low + (high - low) * _generator(seed).random(tuple(shape), dtype=work)
    values = values.astype(out)
    # Rounding to a narrow dtype may land on maxval; keep the interval half-open.
    return np.where(values >= high.astype(out), np.asarray(low).astype(out), values) if values.size else values


def random_truncated_normal(shape: Any, mean: Any = 0.0, stddev: Any = 1.0, dtype: Any = None, seed: Any = None) -> np.ndarray:
    work, out = _work_dtype(dtype)
    generator = _generator(seed)
    size = int(np.prod(shape, dtype=np.int64))
    values = generator.standard_normal(size, dtype=work)
    outside = np.abs(values) > 2
    while outside.any():
        values[outside] = generator.standard_normal(int(outside.sum()), dtype=work)
        outside = np.abs(values) > 2
    values = values.reshape(tuple(shape))
    return (values * np.asarray(stddev, work) + np.asarray(mean, work)).astype(out)


def random_randint(shape: Any, minval: Any, maxval: Any, dtype: Any = "int32", seed: Any = None) -> np.ndarray:
    out = to_numpy_dtype(dtype)
    values = _generator(seed).integers(np.asarray(minval), np.asarray(maxval), size=tuple(shape), dtype=np.int64)
    return values.astype(out)


def random_categorical(logits: Any, num_samples: int, dtype: Any = "int32", seed: Any = None) -> np.ndarray:
    logits = convert_to_tensor(logits)
    if logits.ndim != 2:
        raise ValueError(f"categorical: `logits` must have shape (batch, classes), received shape {logits.shape}")
    work = logits.astype(np.float64)
    gumbel = _generator(seed).gumbel(size=(work.shape[0], int(num_samples), work.shape[1]))
    return np.argmax(work[:, None, :] + gumbel, axis=-1).astype(to_numpy_dtype(dtype))


def random_dropout(inputs: Any, rate: float, noise_shape: Any = None, seed: Any = None) -> np.ndarray:
    inputs = convert_to_tensor(inputs)
    rate = float(rate)
    if not 0 <= rate < 1:
        raise ValueError(f"dropout: `rate` must be in [0, 1), received {rate}")
    shape = inputs.shape if noise_shape is None else tuple(
        inputs.shape[i] if d is None else int(d) for i, d in enumerate(noise_shape)
    )
    keep = _generator(seed).random(shape) >= rate
    work = compute_dtype(dtypes.float_result(inputs))
    result = np.where(keep, inputs.astype(work) / (1 - rate), 0)
    return result.astype(to_numpy_dtype(dtypes.float_result(inputs)))


def random_shuffle(x: Any, axis: int = 0, seed: Any = None) -> np.ndarray:
    x = convert_to_tensor(x)
    return _generator(seed).permutation(x, axis=axis)


def random_gamma(shape: Any, alpha: Any, dtype: Any = None, seed: Any = None) -> np.ndarray:
    work, out = _work_dtype(dtype)
    return _generator(seed).standard_gamma(np.asarray(alpha, work), size=tuple(shape)).astype(out)


def random_binomial(shape: Any, counts: Any, probabilities: Any, dtype: Any = None, seed: Any = None) -> np.ndarray:
    out = to_numpy_dtype(dtype)
    values = _generator(seed).binomial(np.asarray(counts).astype(np.int64), np.asarray(probabilities, np.float64), size=tuple(shape))
    return values.astype(out)


def random_beta(shape: Any, alpha: Any, beta: Any, dtype: Any = None, seed: Any = None) -> np.ndarray:
    work, out = _work_dtype(dtype)
    return _generator(seed).beta(np.asarray(alpha, work), np.asarray(beta, work), size=tuple(shape)).astype(out)
