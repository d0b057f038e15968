"""Stateless random ops of the JAX backend: the int32 ``(2,)`` seed becomes a threefry key."""

from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from multikeras.backends.jax.core import Array, convert_to_tensor, floatx_dtype, to_jax_dtype


def _key(seed: Any) -> Array:
    """A threefry key whose raw data is the seed's two words (works on traced seeds)."""
    words = convert_to_tensor(seed).reshape(-1)
    if words.shape != (2,):
        raise ValueError(f"random: expected a seed tensor of shape (2,), received shape {words.shape}")
    return jax.random.wrap_key_data(words.astype(jnp.uint32), impl="threefry2x32")


def _shape(shape: Any) -> tuple[int, ...]:
    if isinstance(shape, (int, np.integer)):
        return (int(shape),)
    return tuple(int(d) for d in shape)


def _float(dtype: Any) -> np.dtype:
    return floatx_dtype() if dtype is None else to_jax_dtype(dtype)


def random_normal(shape: Any, mean: Any = 0.0, stddev: Any = 1.0, dtype: Any = None, seed: Any = None) -> Array:
    out = _float(dtype)
    sample = jax.random.normal(_key(seed), _shape(shape), dtype=out)
    return (sample * convert_to_tensor(stddev, out) + convert_to_tensor(mean, out)).astype(out)


def random_uniform(shape: Any, minval: Any = 0.0, maxval: Any = 1.0, dtype: Any = None, seed: Any = None) -> Array:
    out = _float(dtype)
    return jax.random.uniform(
        _key(seed), _shape(shape), dtype=out, minval=convert_to_tensor(minval, out), maxval=convert_to_tensor(maxval, out)
    )


def random_truncated_normal(shape: Any, mean: Any = 0.0, stddev: Any = 1.0, dtype: Any = None, seed: Any = None) -> Array:
    out = _float(dtype)
    sample = jax.random.truncated_normal(_key(seed), -2.0, 2.0, _shape(shape), dtype=out)
    return (sample * convert_to_tensor(stddev, out) + convert_to_tensor(mean, out)).astype(out)


def random_randint(shape: Any, minval: Any, maxval: Any, dtype: Any = "int32", seed: Any = None) -> Array:
    out = to_jax_dtype(dtype or "int32")
    if out.kind not in "iu":
        raise TypeError(f"randint: expected an integer `dtype`, received {dtype!r}")
    return jax.random.randint(_key(seed), _shape(shape), minval=minval, maxval=maxval, dtype=out)


def random_categorical(logits: Any, num_samples: int, dtype: Any = "int32", seed: Any = None) -> Array:
    logits = convert_to_tensor(logits)
    if logits.ndim != 2:
        raise ValueError(f"categorical: expected `logits` of shape (batch, classes), received shape {logits.shape}")
    samples = jax.random.categorical(_key(seed), logits[:, None, :], axis=-1, shape=(logits.shape[0], int(num_samples)))
    return samples.astype(to_jax_dtype(dtype or "int32"))


def random_dropout(inputs: Any, rate: float, noise_shape: Any = None, seed: Any = None) -> Array:
    inputs = convert_to_tensor(inputs)
    if not 0 <= float(rate) < 1:
        raise ValueError(f"dropout: expected `rate` in [0, 1), received {rate}")
    keep = 1.0 - float(rate)
    mask_shape = inputs.shape if noise_shape is None else tuple(
        d if n is None else int(n) for n, d in zip(noise_shape, inputs.shape)
    )
    mask = jax.random.bernoulli(_key(seed), keep, mask_shape)
    mask = jnp.broadcast_to(mask, inputs.shape)
    return jnp.where(mask, inputs / jnp.asarray(keep, inputs.dtype), jnp.zeros_like(inputs))


def random_shuffle(x: Any, axis: int = 0, seed: Any = None) -> Array:
    return jax.random.permutation(_key(seed), convert_to_tensor(x), axis=axis, independent=False)


def random_gamma(shape: Any, alpha: Any, dtype: Any = None, seed: Any = None) -> Array:
    out = _float(dtype)
    return jax.random.gamma(_key(seed), convert_to_tensor(alpha, out), _shape(shape), dtype=out)


def random_binomial(shape: Any, counts: Any, probabilities: Any, dtype: Any = None, seed: Any = None) -> Array:
    out = _float(dtype)
    work = out if out.kind == "f" and out.itemsize >= 4 else np.dtype("float32")
    sample = jax.random.binomial(
        _key(seed), convert_to_tensor(counts, work), convert_to_tensor(probabilities, work), _shape(shape), dtype=work
    )
    return sample.astype(out)


def random_beta(shape: Any, alpha: Any, beta: Any, dtype: Any = None, seed: Any = None) -> Array:
    out = _float(dtype)
    return jax.random.beta(_key(seed), convert_to_tensor(alpha, out), convert_to_tensor(beta, out), _shape(shape), dtype=out)
