"""``multikeras.ops.math`` ops of the JAX backend."""

from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
import jax.scipy.special as jss
import numpy as np

from multikeras.backend import dtypes
from multikeras.backends.jax.core import INDEX, Array, convert_to_tensor, to_jax_dtype
from multikeras.backends.jax.numpy import _FLOATLIKE, _float_input

_COMPLEX_OF = {np.dtype("float32"): np.dtype("complex64"), np.dtype("float64"): np.dtype("complex128")}


def erf(x: Any) -> Array:
    return jss.erf(_float_input(x))


def erfc(x: Any) -> Array:
    return jss.erfc(_float_input(x))


def erfinv(x: Any) -> Array:
    return jss.erfinv(_float_input(x))


def rsqrt(x: Any) -> Array:
    return jax.lax.rsqrt(_float_input(x))


def logsumexp(x: Any, axis: Any = None, keepdims: bool = False) -> Array:
    x = _float_input(x)
    if isinstance(axis, list):
        axis = tuple(axis)
    return jss.logsumexp(x, axis=axis, keepdims=keepdims)


def logdet(x: Any) -> Array:
    sign, logabs = jnp.linalg.slogdet(_float_input(x))
    return jnp.where(sign > 0, logabs, jnp.nan) if not jnp.iscomplexobj(sign) else logabs


def _segment(reducer: Any, name: str) -> Any:
    def op(data: Any, segment_ids: Any, num_segments: int | None = None, sorted: bool = False) -> Array:
        data = convert_to_tensor(data)
        segment_ids = convert_to_tensor(segment_ids)
        if num_segments is None:
            num_segments = int(jnp.max(segment_ids)) + 1 if segment_ids.size else 0
        return reducer(data, segment_ids, num_segments=int(num_segments), indices_are_sorted=sorted)

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"``{name}``: reduce the rows of ``data`` sharing a segment id; ids outside the range are dropped."
    return op


segment_sum = _segment(jax.ops.segment_sum, "segment_sum")
segment_max = _segment(jax.ops.segment_max, "segment_max")
segment_min = _segment(jax.ops.segment_min, "segment_min")
segment_prod = _segment(jax.ops.segment_prod, "segment_prod")


def top_k(x: Any, k: int, sorted: bool = True) -> tuple[Array, Array]:
    x = convert_to_tensor(x)
    if not 0 <= int(k) <= (x.shape[-1] if x.ndim else 0):
        raise ValueError(f"top_k: `k` must be in [0, {x.shape[-1] if x.ndim else 0}], received {k}")
    values, indices = jax.lax.top_k(x, int(k))
    return values, indices.astype(INDEX)


def in_top_k(targets: Any, predictions: Any, k: int) -> Array:
    targets = convert_to_tensor(targets)
    predictions = convert_to_tensor(predictions)
    target_values = jnp.take_along_axis(predictions, targets.astype(jnp.int32)[:, None], axis=-1)
    # A target is in the top k when fewer than k predictions beat it strictly.
    better = jnp.sum(predictions > target_values, axis=-1)
    return better < k


def extract_sequences(x: Any, sequence_length: int, sequence_stride: int) -> Array:
    x = convert_to_tensor(x)
    length = x.shape[-1]
    count = 1 + (length - sequence_length) // sequence_stride
    starts = np.arange(count) * sequence_stride
    index = starts[:, None] + np.arange(sequence_length)[None, :]
    return x[..., index]


def _complex_pair(x: Any, name: str) -> Array:
    if not isinstance(x, (tuple, list)) or len(x) != 2:
        raise ValueError(f"{name}: expected a tuple (real, imag) of two float arrays, received {type(x).__name__}")
    real, imag = (convert_to_tensor(v) for v in x)
    if real.shape != imag.shape:
        raise ValueError(f"{name}: real and imaginary parts must share a shape, received {real.shape} and {imag.shape}")
    dtype = to_jax_dtype(dtypes.float_result(real, imag))
    return jax.lax.complex(real.astype(dtype), imag.astype(dtype))


def _split(z: Array) -> tuple[Array, Array]:
    return jnp.real(z), jnp.imag(z)


def fft(x: Any) -> tuple[Array, Array]:
    return _split(jnp.fft.fft(_complex_pair(x, "fft")))


def fft2(x: Any) -> tuple[Array, Array]:
    return _split(jnp.fft.fft2(_complex_pair(x, "fft2")))


def ifft2(x: Any) -> tuple[Array, Array]:
    return _split(jnp.fft.ifft2(_complex_pair(x, "ifft2")))


def rfft(x: Any, fft_length: int | None = None) -> tuple[Array, Array]:
    x = _float_input(x)
    return _split(jnp.fft.rfft(x, n=fft_length, axis=-1))


def irfft(x: Any, fft_length: int | None = None) -> Array:
    z = _complex_pair(x, "irfft")
    return jnp.fft.irfft(z, n=fft_length, axis=-1)


def _window(window: Any, sequence_length: int, fft_length: int, dtype: Any) -> Array:
    """The analysis window, zero-padded on both sides to ``fft_length`` (Keras' framing)."""
    if window is None:
        values = jnp.ones((sequence_length,), dtype)
    elif isinstance(window, str):
        if window == "hann":
            values = jnp.hanning(sequence_length + 1)[:-1]
        elif window == "hamming":
            values = jnp.hamming(sequence_length + 1)[:-1]
        else:
            raise ValueError(f"stft: `window` expected 'hann', 'hamming', an array or None, received {window!r}")
        values = values.astype(dtype)
    else:
        values = convert_to_tensor(window, dtype)
        if values.shape != (sequence_length,):
            raise ValueError(f"stft: a `window` array must have shape ({sequence_length},), received {values.shape}")
    if fft_length < sequence_length:
        raise ValueError(f"stft: `fft_length` {fft_length} must be >= `sequence_length` {sequence_length}")
    left = (fft_length - sequence_length) // 2
    return jnp.pad(values, (left, fft_length - sequence_length - left))


def stft(x: Any, sequence_length: int, sequence_stride: int, fft_length: int, window: Any = "hann", center: bool = True) -> tuple[Array, Array]:
    x = _float_input(x)
    if center:
        padding = [(0, 0)] * (x.ndim - 1) + [(fft_length // 2, fft_length // 2)]
        x = jnp.pad(x, padding, mode="reflect")
    # Frames span fft_length samples; the window of sequence_length sits centred in them.
    frames = extract_sequences(x, fft_length, sequence_stride)
    frames = frames * _window(window, sequence_length, fft_length, x.dtype)
    return _split(jnp.fft.rfft(frames, n=fft_length, axis=-1))


def istft(
    x: Any,
    sequence_length: int,
    sequence_stride: int,
    fft_length: int,
    length: int | None = None,
    window: Any = "hann",
    center: bool = True,
) -> Array:
    z = _complex_pair(x, "istft")
    real_dtype = jnp.real(z).dtype
    frames = jnp.fft.irfft(z, n=fft_length, axis=-1)
    win = _window(window, sequence_length, fft_length, real_dtype)
    frames = frames * win
    count = frames.shape[-2]
    total = sequence_stride * (count - 1) + fft_length
    index = (np.arange(count)[:, None] * sequence_stride + np.arange(fft_length)[None, :]).reshape(-1)
    batch = frames.shape[:-2]
    signal = jnp.zeros(batch + (total,), real_dtype).at[..., index].add(frames.reshape(batch + (-1,)))
    norm = jnp.zeros((total,), real_dtype).at[index].add(jnp.tile(win * win, count))
    signal = signal / jnp.where(norm > 1e-10, norm, 1.0)
    if center:
        signal = signal[..., fft_length // 2 : total - fft_length // 2]
    if length is not None:
        if signal.shape[-1] < length:
            signal = jnp.pad(signal, [(0, 0)] * (signal.ndim - 1) + [(0, length - signal.shape[-1])])
        signal = signal[..., :length]
    return signal


def view_as_complex(x: Any) -> Array:
    x = convert_to_tensor(x)
    if x.ndim == 0 or x.shape[-1] != 2:
        raise ValueError(f"view_as_complex: expected a last dimension of size 2, received shape {x.shape}")
    if x.dtype not in _COMPLEX_OF:
        raise TypeError(f"view_as_complex: expected float32 or float64, received {x.dtype.name}")
    return jax.lax.complex(x[..., 0], x[..., 1])


def view_as_real(x: Any) -> Array:
    x = convert_to_tensor(x)
    if x.dtype not in _FLOATLIKE or not jnp.iscomplexobj(x):
        raise TypeError(f"view_as_real: expected a complex array, received {x.dtype.name}")
    return jnp.stack([jnp.real(x), jnp.imag(x)], axis=-1)
