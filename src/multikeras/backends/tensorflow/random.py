"""Random ops of the TensorFlow backend: the stateless ``tf.random.stateless_*`` family.

``seed`` arrives as an int32 tensor of shape ``(2,)``; the same seed gives
the same values, eagerly and inside ``tf.function``.
"""

from __future__ import annotations

from typing import Any

import tensorflow as tf

from multikeras.backend import dtypes
from multikeras.backends.tensorflow.core import convert_to_tensor, scalar, to_tf_dtype

_HALF = (tf.float16, tf.bfloat16)


def _seed(seed: Any) -> tf.Tensor:
    return tf.cast(convert_to_tensor(seed), tf.int32)


def _float_dtype(dtype: Any) -> tf.DType:
    target = to_tf_dtype(dtype)
    if not target.is_floating:
        raise ValueError(f"expected a float dtype, received {dtype!r}")
    return target


def _split_seed(seed: tf.Tensor, count: int) -> list[tf.Tensor]:
    return list(tf.unstack(tf.random.experimental.stateless_split(seed, count)))


def random_normal(shape: Any, mean: Any = 0.0, stddev: Any = 1.0, dtype: Any = None, seed: Any = None) -> tf.Tensor:
    target = _float_dtype(dtype)
    return tf.random.stateless_normal(shape, _seed(seed), mean=tf.cast(mean, target), stddev=tf.cast(stddev, target), dtype=target)


def random_uniform(shape: Any, minval: Any = 0.0, maxval: Any = 1.0, dtype: Any = None, seed: Any = None) -> tf.Tensor:
    target = _float_dtype(dtype)
    return tf.random.stateless_uniform(shape, _seed(seed), minval=scalar(minval, target), maxval=scalar(maxval, target), dtype=target)


def random_truncated_normal(shape: Any, mean: Any = 0.0, stddev: Any = 1.0, dtype: Any = None, seed: Any = None) -> tf.Tensor:
    target = _float_dtype(dtype)
    return tf.random.stateless_truncated_normal(shape, _seed(seed), mean=tf.cast(mean, target), stddev=tf.cast(stddev, target), dtype=target)


def random_randint(shape: Any, minval: Any, maxval: Any, dtype: Any = "int32", seed: Any = None) -> tf.Tensor:
    target = to_tf_dtype(dtype)
    work = tf.int64 if target in (tf.int64, tf.uint32, tf.uint64) else tf.int32
    values = tf.random.stateless_uniform(shape, _seed(seed), minval=scalar(minval, work), maxval=scalar(maxval, work), dtype=work)
    return tf.cast(values, target)


def random_categorical(logits: Any, num_samples: int, dtype: Any = "int32", seed: Any = None) -> tf.Tensor:
    logits = convert_to_tensor(logits)
    if not logits.dtype.is_floating:
        logits = tf.cast(logits, tf.float32)
    target = to_tf_dtype(dtype)
    work = tf.int64 if target == tf.int64 else tf.int32
    samples = tf.random.stateless_categorical(logits, num_samples, _seed(seed), dtype=work)
    return tf.cast(samples, target)


def random_dropout(inputs: Any, rate: Any, noise_shape: Any = None, seed: Any = None) -> tf.Tensor:
    x = convert_to_tensor(inputs)
    if not x.dtype.is_floating:
        x = tf.cast(x, to_tf_dtype(dtypes.float_result(x)))
    shape = tf.shape(x) if noise_shape is None else [tf.shape(x)[i] if d is None else d for i, d in enumerate(noise_shape)]
    keep = tf.random.stateless_uniform(shape, _seed(seed), dtype=tf.float32) >= scalar(rate, tf.float32)
    scale = scalar(1.0 / (1.0 - rate), x.dtype) if isinstance(rate, (int, float)) else 1 / (1 - scalar(rate, x.dtype))
    return tf.where(keep, x * scale, tf.zeros_like(x))


def random_shuffle(x: Any, axis: int = 0, seed: Any = None) -> tf.Tensor:
    x = convert_to_tensor(x)
    axis = axis % max(x.shape.rank, 1)
    keys = tf.random.stateless_uniform([tf.shape(x)[axis]], _seed(seed), dtype=tf.float32)
    return tf.gather(x, tf.argsort(keys), axis=axis)


def random_gamma(shape: Any, alpha: Any, dtype: Any = None, seed: Any = None) -> tf.Tensor:
    target = _float_dtype(dtype)
    work = tf.float32 if target in _HALF else target
    values = tf.random.stateless_gamma(shape, _seed(seed), alpha=scalar(alpha, work), dtype=work)
    return tf.cast(values, target)


def random_binomial(shape: Any, counts: Any, probabilities: Any, dtype: Any = None, seed: Any = None) -> tf.Tensor:
    target = to_tf_dtype(dtype)
    work = tf.float64 if target == tf.float64 else tf.float32
    counts_t = tf.cast(convert_to_tensor(counts), work)
    probs = tf.cast(convert_to_tensor(probabilities), work)
    values = tf.random.stateless_binomial(shape, _seed(seed), counts_t, probs, output_dtype=work)
    return tf.cast(values, target)


def random_beta(shape: Any, alpha: Any, beta: Any, dtype: Any = None, seed: Any = None) -> tf.Tensor:
    target = _float_dtype(dtype)
    work = tf.float32 if target in _HALF else target
    first, second = _split_seed(_seed(seed), 2)
    a = tf.random.stateless_gamma(shape, first, alpha=scalar(alpha, work), dtype=work)
    b = tf.random.stateless_gamma(shape, second, alpha=scalar(beta, work), dtype=work)
    return tf.cast(a / (a + b), target)
