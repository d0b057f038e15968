"""Math ops of the TensorFlow backend: special functions, FFT, segments, top-k."""

from __future__ import annotations

from typing import Any

import numpy as np
import tensorflow as tf

from multikeras.backend import dtypes
from multikeras.backends.tensorflow.core import INDEX, convert_to_tensor, to_float, to_tf_dtype

_t = convert_to_tensor
_HALF = (tf.float16, tf.bfloat16)


def erf(x: Any) -> tf.Tensor:
    return tf.math.erf(to_float(x))


def erfc(x: Any) -> tf.Tensor:
    return tf.math.erfc(to_float(x))


def erfinv(x: Any) -> tf.Tensor:
    x = to_float(x)
    if x.dtype in _HALF:
        return tf.cast(tf.math.erfinv(tf.cast(x, tf.float32)), x.dtype)
    return tf.math.erfinv(x)


def rsqrt(x: Any) -> tf.Tensor:
    return tf.math.rsqrt(to_float(x))


def logsumexp(x: Any, axis: Any = None, keepdims: bool = False) -> tf.Tensor:
    x = to_float(x)
    if isinstance(axis, tuple):
        axis = list(axis)
    return tf.reduce_logsumexp(x, axis=axis, keepdims=keepdims)


def logdet(x: Any) -> tf.Tensor:
    x = to_float(x)
    target = x.dtype
    work = tf.cast(x, tf.float32) if target in _HALF else x
    _, value = tf.linalg.slogdet(work)
    return tf.cast(value, target)


def extract_sequences(x: Any, sequence_length: int, sequence_stride: int) -> tf.Tensor:
    x = _t(x)
    return tf.signal.frame(x, sequence_length, sequence_stride, axis=-1)


def in_top_k(targets: Any, predictions: Any, k: int) -> tf.Tensor:
    predictions = to_float(predictions)
    targets = tf.cast(_t(targets), tf.int32)
    if predictions.dtype != tf.float32:
        predictions = tf.cast(predictions, tf.float32)
    return tf.math.in_top_k(targets, predictions, k)


def top_k(x: Any, k: int, sorted: bool = True) -> tuple[tf.Tensor, tf.Tensor]:
    x = _t(x)
    work = x
    if x.dtype == tf.bool or x.dtype in (tf.int8, tf.int16, tf.uint8, tf.uint16, tf.uint32):
        work = tf.cast(x, tf.int64)
    values, indices = tf.math.top_k(work, k, sorted=sorted)
    return tf.cast(values, x.dtype), tf.cast(indices, INDEX)


# ------------------------------------------------------------------ segments


def _segments(fn: Any, data: Any, segment_ids: Any, num_segments: Any) -> tf.Tensor:
    data = _t(data)
    ids = tf.cast(_t(segment_ids), tf.int32)
    if num_segments is None:
        num_segments = tf.reduce_max(ids) + 1
    work = tf.cast(data, tf.int32) if data.dtype == tf.bool else data
    out = fn(work, ids, num_segments)
    return tf.cast(out, data.dtype)


def segment_sum(data: Any, segment_ids: Any, num_segments: Any = None, sorted: bool = False) -> tf.Tensor:
    return _segments(tf.math.unsorted_segment_sum, data, segment_ids, num_segments)


def segment_prod(data: Any, segment_ids: Any, num_segments: Any = None, sorted: bool = False) -> tf.Tensor:
    return _segments(tf.math.unsorted_segment_prod, data, segment_ids, num_segments)


def _empty_as_inf(fn: Any, sign: float) -> Any:
    """Empty float segments give -inf (max) / +inf (min), as NumPy and JAX do."""

    def reduce(data: tf.Tensor, ids: tf.Tensor, num_segments: Any) -> tf.Tensor:
        out = fn(data, ids, num_segments)
        if data.dtype.is_floating:
            counts = tf.math.unsorted_segment_sum(tf.ones_like(ids), ids, num_segments)
            counts = tf.reshape(counts, tf.concat([tf.shape(counts), tf.ones([out.shape.rank - 1], tf.int32)], 0))
            out = tf.where(counts > 0, out, tf.constant(sign * np.inf, data.dtype))
        return out

    return reduce


def segment_max(data: Any, segment_ids: Any, num_segments: Any = None, sorted: bool = False) -> tf.Tensor:
    return _segments(_empty_as_inf(tf.math.unsorted_segment_max, -1.0), data, segment_ids, num_segments)


def segment_min(data: Any, segment_ids: Any, num_segments: Any = None, sorted: bool = False) -> tf.Tensor:
    return _segments(_empty_as_inf(tf.math.unsorted_segment_min, 1.0), data, segment_ids, num_segments)


# ----------------------------------------------------------------------- FFT


def _complex_input(x: Any, name: str) -> tf.Tensor:
    if not isinstance(x, (tuple, list)) or len(x) != 2:
        raise ValueError(f"{name}: expected a tuple (real, imag), received {type(x).__name__}")
    real, imag = _t(x[0]), _t(x[1])
    if not (real.dtype.is_floating and imag.dtype.is_floating):
        raise TypeError(f"{name}: expected float real and imaginary parts, received {real.dtype.name} and {imag.dtype.name}")
    if real.shape.is_fully_defined() and imag.shape.is_fully_defined() and real.shape != imag.shape:
        raise ValueError(f"{name}: real and imaginary parts must have the same shape, received {real.shape} and {imag.shape}")
    target = to_tf_dtype(dtypes.result_type(real, imag))
    work = tf.float64 if target == tf.float64 else tf.float32
    return tf.complex(tf.cast(real, work), tf.cast(imag, work)), target


def _split(z: tf.Tensor, target: tf.DType) -> tuple[tf.Tensor, tf.Tensor]:
    return tf.cast(tf.math.real(z), target), tf.cast(tf.math.imag(z), target)


def fft(x: Any) -> tuple[tf.Tensor, tf.Tensor]:
    z, target = _complex_input(x, "fft")
    return _split(tf.signal.fft(z), target)


def fft2(x: Any) -> tuple[tf.Tensor, tf.Tensor]:
    z, target = _complex_input(x, "fft2")
    return _split(tf.signal.fft2d(z), target)


def ifft2(x: Any) -> tuple[tf.Tensor, tf.Tensor]:
    z, target = _complex_input(x, "ifft2")
    return _split(tf.signal.ifft2d(z), target)


def rfft(x: Any, fft_length: Any = None) -> tuple[tf.Tensor, tf.Tensor]:
    x = to_float(x)
    target = x.dtype
    work = tf.float64 if target == tf.float64 else tf.float32
    if fft_length is None:
        fft_length = x.shape[-1] if x.shape[-1] is not None else tf.shape(x)[-1]
    z = tf.signal.rfft(tf.cast(x, work), tf.reshape(tf.cast(fft_length, tf.int32), [1]))
    return _split(z, target)


def irfft(x: Any, fft_length: Any = None) -> tf.Tensor:
    z, target = _complex_input(x, "irfft")
    if fft_length is None:
        fft_length = 2 * (z.shape[-1] - 1)
    return tf.cast(tf.signal.irfft(z, tf.reshape(tf.cast(fft_length, tf.int32), [1])), target)


def _window(window: Any, sequence_length: int, fft_length: int, dtype: tf.DType) -> tf.Tensor | None:
    if window is None:
        values = None
    elif isinstance(window, str):
        n = np.arange(sequence_length)
        if window == "hann":
            values = 0.5 - 0.5 * np.cos(2 * np.pi * n / sequence_length)
        elif window == "hamming":
            values = 0.54 - 0.46 * np.cos(2 * np.pi * n / sequence_length)
        else:
            raise ValueError(f"window: expected 'hann', 'hamming', an array or None, received {window!r}")
        values = tf.constant(values, dtype)
    else:
        values = tf.cast(_t(window), dtype)
        if values.shape.rank != 1 or values.shape[0] != sequence_length:
            raise ValueError(f"window: expected an array of shape ({sequence_length},), received {values.shape}")
    if values is None:
        values = tf.ones([sequence_length], dtype)
    if sequence_length < fft_length:
        left = (fft_length - sequence_length) // 2
        values = tf.pad(values, [[left, fft_length - sequence_length - left]])
    return values


def stft(x: Any, sequence_length: int, sequence_stride: int, fft_length: int, window: Any = "hann", center: bool = True) -> tuple[tf.Tensor, tf.Tensor]:
    x = to_float(x)
    target = x.dtype
    work = tf.float64 if target == tf.float64 else tf.float32
    x = tf.cast(x, work)
    if sequence_length > fft_length:
        raise ValueError(f"stft: `sequence_length` ({sequence_length}) must be <= `fft_length` ({fft_length})")
    if center:
        pad = fft_length // 2
        rank = x.shape.rank
        x = tf.pad(x, [[0, 0]] * (rank - 1) + [[pad, pad]], mode="REFLECT")
    frames = tf.signal.frame(x, fft_length, sequence_stride, axis=-1)
    frames = frames * _window(window, sequence_length, fft_length, work)
    z = tf.signal.rfft(frames, [fft_length])
    return _split(z, target)


def istft(x: Any, sequence_length: int, sequence_stride: int, fft_length: int, length: Any = None, window: Any = "hann", center: bool = True) -> tf.Tensor:
    z, target = _complex_input(x, "istft")
    work = z.dtype.real_dtype
    frames = tf.signal.irfft(z, [fft_length])
    w = _window(window, sequence_length, fft_length, work)
    frames = frames * w
    signal = tf.signal.overlap_and_add(frames, sequence_stride)
    n_frames = tf.shape(frames)[-2]
    squared = tf.tile((w * w)[None, :], tf.stack([n_frames, 1]))
    norm = tf.signal.overlap_and_add(squared, sequence_stride)
    signal = signal / tf.where(norm > 1e-11, norm, tf.ones_like(norm))
    start = fft_length // 2 if center else 0
    if length is None:
        end = -start if center and start else None
        signal = signal[..., start:end]
    else:
        signal = signal[..., start : start + length]
        missing = length - tf.shape(signal)[-1]
        rank = signal.shape.rank
        signal = tf.pad(signal, tf.concat([tf.zeros([rank - 1, 2], tf.int32), [[0, tf.maximum(missing, 0)]]], 0))
    return tf.cast(signal, target)


def view_as_complex(x: Any) -> tf.Tensor:
    x = _t(x)
    if x.shape[-1] is not None and x.shape[-1] != 2:
        raise ValueError(f"view_as_complex: expected a last dimension of size 2, received shape {tuple(x.shape)}")
    if not x.dtype.is_floating:
        raise TypeError(f"view_as_complex: expected a float input, received {x.dtype.name}")
    work = tf.float64 if x.dtype == tf.float64 else tf.float32
    x = tf.cast(x, work)
    return tf.complex(x[..., 0], x[..., 1])


def view_as_real(x: Any) -> tf.Tensor:
    x = _t(x)
    if not x.dtype.is_complex:
        raise TypeError(f"view_as_real: expected a complex input, received {x.dtype.name}")
    return tf.stack([tf.math.real(x), tf.math.imag(x)], axis=-1)

