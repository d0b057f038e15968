"""math ops of the NumPy backend: special functions, segments, FFT, STFT, top-k."""

from __future__ import annotations

import math as _math
from typing import Any

import numpy as np

from multikeras.backend import dtypes
from multikeras.backends.numpy.core import INDEX, compute_dtype, convert_to_tensor, to_numpy_dtype, wrap
from multikeras.backends.numpy.nn import erf_values, erfc_approximation

tensor = convert_to_tensor


def _float_in(x: Any) -> tuple[np.ndarray, np.dtype]:
    x = tensor(x)
    out_name = dtypes.float_result(x)
    work = compute_dtype(out_name)
    return x.astype(work, copy=False), to_numpy_dtype(out_name)


def _finish(result: Any, dtype: np.dtype) -> np.ndarray:
    result = wrap(result)
    return result if result.dtype == dtype else result.astype(dtype)


def erf(x: Any) -> np.ndarray:
    work, out = _float_in(x)
    return _finish(erf_values(work), out)


def erfc(x: Any) -> np.ndarray:
    work, out = _float_in(x)
    if work.dtype == np.float64:
        return _finish(np.asarray(np.frompyfunc(_math.erfc, 1, 1)(work), np.float64), out)
    return _finish(erfc_approximation(work.astype(np.float64)), out)


def erfinv(x: Any) -> np.ndarray:
    """Inverse error function: Giles' single-precision start, then Newton steps in float64."""
    work, out = _float_in(x)
    y = work.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        w = -np.log((1.0 - y) * (1.0 + y))
    small = w < 5.0
    ws = w - 2.5
    p_small = 2.81022636e-08
    for c in (3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087, -0.00125372503,
              -0.00417768164, 0.246640727, 1.50140941):
        p_small = c + p_small * ws
    wl = np.sqrt(np.maximum(w, 5.0)) - 3.0
    p_large = -0.000200214257
    for c in (0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613,
              0.00943887047, 1.00167406, 2.83297682):
        p_large = c + p_large * wl
    with np.errstate(invalid="ignore", over="ignore"):
        result = np.where(small, p_small, p_large) * y
        erf_fn = np.frompyfunc(_math.erf, 1, 1)
        for _ in range(2):
            finite = np.isfinite(result)
            value = np.where(finite, result, 0.0)
            error = np.asarray(erf_fn(value), np.float64) - y
            step = error / (2.0 / np.sqrt(np.pi) * np.exp(-value * value))
            result = np.where(finite & (np.abs(y) < 1), result - step, result)
        result = np.where(y == 1, np.inf, np.where(y == -1, -np.inf, result))
        result = np.where(np.abs(y) > 1, np.nan, result)
    return _finish(result, out)


def rsqrt(x: Any) -> np.ndarray:
    work, out = _float_in(x)
    with np.errstate(divide="ignore"):
        return _finish(1 / np.sqrt(work), out)


def logsumexp(x: Any, axis: Any = None, keepdims: bool = False) -> np.ndarray:
    work, out = _float_in(x)
    if isinstance(axis, list):
        axis = tuple(axis)
    peak = np.max(work, axis=axis, keepdims=True)
    peak = np.where(np.isfinite(peak), peak, 0)
    with np.errstate(divide="ignore"):
        result = np.log(np.sum(np.exp(work - peak), axis=axis, keepdims=True)) + peak
    if not keepdims:
        result = np.squeeze(result, axis=axis) if axis is not None else result.reshape(())
    return _finish(result, out)


def logdet(x: Any) -> np.ndarray:
    work, out = _float_in(x)
    sign, value = np.linalg.slogdet(work)
    return _finish(np.where(sign > 0, value, np.where(sign == 0, -np.inf, np.nan)), out)


def extract_sequences(x: Any, sequence_length: int, sequence_stride: int) -> np.ndarray:
    x = tensor(x)
    length, stride = int(sequence_length), int(sequence_stride)
    frames = 1 + (x.shape[-1] - length) // stride if x.shape[-1] >= length else 0
    index = np.arange(frames)[:, None] * stride + np.arange(length)[None, :]
    return x[..., index]


def _complex_in(x: Any) -> tuple[np.ndarray, np.dtype]:
    if not isinstance(x, (tuple, list)) or len(x) != 2:
        raise ValueError(f"expected a tuple (real, imag) of two arrays, received {type(x).__name__}")
    real, imag = tensor(x[0]), tensor(x[1])
    if real.shape != imag.shape:
        raise ValueError(f"real and imaginary parts must have one shape, received {real.shape} and {imag.shape}")
    out_name = dtypes.float_result(real, imag)
    work = compute_dtype(out_name)
    return real.astype(work) + 1j * imag.astype(work), to_numpy_dtype(out_name)


def _split_complex(value: np.ndarray, out: np.dtype) -> tuple[np.ndarray, np.ndarray]:
    return _finish(np.real(value), out), _finish(np.imag(value), out)


def fft(x: Any) -> tuple[np.ndarray, np.ndarray]:
    value, out = _complex_in(x)
    return _split_complex(np.fft.fft(value, axis=-1), out)


def fft2(x: Any) -> tuple[np.ndarray, np.ndarray]:
    value, out = _complex_in(x)
    return _split_complex(np.fft.fft2(value, axes=(-2, -1)), out)


def ifft2(x: Any) -> tuple[np.ndarray, np.ndarray]:
    value, out = _complex_in(x)
    return _split_complex(np.fft.ifft2(value, axes=(-2, -1)), out)


def rfft(x: Any, fft_length: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    work, out = _float_in(x)
    return _split_complex(np.fft.rfft(work, n=fft_length, axis=-1), out)


def irfft(x: Any, fft_length: int | None = None) -> np.ndarray:
    value, out = _complex_in(x)
    return _finish(np.fft.irfft(value, n=fft_length, axis=-1), out)


def _window_values(window: Any, sequence_length: int, fft_length: int, work: np.dtype) -> np.ndarray:
    if window is None:
        # No window: the whole fft_length frame is used as it is.
        return np.ones(fft_length, work)
    if isinstance(window, str):
        n = np.arange(sequence_length)
        if window == "hann":
            values = 0.5 - 0.5 * np.cos(2 * np.pi * n / sequence_length)
        elif window == "hamming":
            values = 0.54 - 0.46 * np.cos(2 * np.pi * n / sequence_length)
        else:
            raise ValueError(f"`window` must be 'hann', 'hamming', None or an array, received {window!r}")
    else:
        values = np.asarray(tensor(window), np.float64)
        if values.shape != (sequence_length,):
            raise ValueError(f"`window` must have shape ({sequence_length},), received {values.shape}")
    if sequence_length < fft_length:
        left = (fft_length - sequence_length) // 2
        values = np.pad(values, (left, fft_length - sequence_length - left))
    return values.astype(work)


def stft(x: Any, sequence_length: int, sequence_stride: int, fft_length: int, window: Any = "hann", center: bool = True) -> tuple[np.ndarray, np.ndarray]:
    work, out = _float_in(x)
    sequence_length, fft_length = int(sequence_length), int(fft_length)
    if fft_length < sequence_length:
        raise ValueError(f"stft: `fft_length` ({fft_length}) must be at least `sequence_length` ({sequence_length})")
    if center:
        half = fft_length // 2
        work = np.pad(work, [(0, 0)] * (work.ndim - 1) + [(half, half)], mode="reflect")
    frames = extract_sequences(work, fft_length, sequence_stride)
    frames = frames * _window_values(window, sequence_length, fft_length, work.dtype)
    return _split_complex(np.fft.rfft(frames, n=fft_length, axis=-1), out)


def istft(
    x: Any,
    sequence_length: int,
    sequence_stride: int,
    fft_length: int,
    length: int | None = None,
    window: Any = "hann",
    center: bool = True,
) -> np.ndarray:
    value, out = _complex_in(x)
    sequence_length, fft_length, stride = int(sequence_length), int(fft_length), int(sequence_stride)
    frames = np.fft.irfft(value, n=fft_length, axis=-1)
    win = _window_values(window, sequence_length, fft_length, np.dtype(np.float64))
    frames = frames * win
    count = frames.shape[-2]
    total = fft_length + stride * (count - 1)
    signal = np.zeros(frames.shape[:-2] + (total,), np.float64)
    norm = np.zeros(total, np.float64)
    for i in range(count):
        signal[..., i * stride : i * stride + fft_length] += frames[..., i, :]
        norm[i * stride : i * stride + fft_length] += win * win
    signal = signal / np.where(norm > 1e-10, norm, 1.0)
    start = fft_length // 2 if center else 0
    if length is not None:
        # Only ever truncates: a signal shorter than `length` is not padded (as Keras).
        signal = signal[..., start : start + int(length)]
    else:
        signal = signal[..., start : total - start]
    return _finish(signal, out)


def in_top_k(targets: Any, predictions: Any, k: int) -> np.ndarray:
    targets = tensor(targets).astype(np.int64)
    predictions = tensor(predictions)
    if predictions.dtype.kind == "V":
        predictions = predictions.astype(np.float32)
    target_scores = np.take_along_axis(predictions, targets[:, None], axis=-1)
    higher = np.sum(predictions > target_scores, axis=-1)
    return (higher < int(k)) & np.isfinite(target_scores[:, 0]) if predictions.dtype.kind == "f" else higher < int(k)


def top_k(x: Any, k: int, sorted: bool = True) -> tuple[np.ndarray, np.ndarray]:
    x = tensor(x)
    k = int(k)
    if k > x.shape[-1]:
        raise ValueError(f"top_k: `k` ({k}) exceeds the last dimension of `x` ({x.shape[-1]})")
    keys = x.astype(np.float32) if x.dtype.kind == "V" else x
    if keys.dtype == np.bool_:
        keys = keys.astype(np.int8)
    # Stable descending order: ties keep the lower index first, as lax.top_k.
    order = np.argsort(-keys if keys.dtype.kind in "fc" else _descending_key(keys), axis=-1, kind="stable")[..., :k]
    return np.take_along_axis(x, order, axis=-1), order.astype(INDEX)


def _descending_key(keys: np.ndarray) -> np.ndarray:
    if keys.dtype.kind == "u":
        return np.iinfo(keys.dtype).max - keys
    return -(keys.astype(np.int64)) if keys.dtype != np.int64 else np.iinfo(np.int64).max - keys


def _segment(data: Any, segment_ids: Any, num_segments: int | None, reducer: np.ufunc, empty: Any) -> np.ndarray:
    data = tensor(data)
    ids = tensor(segment_ids).astype(np.int64)
    if ids.ndim != 1 or ids.shape[0] != data.shape[0]:
        raise ValueError(
            f"`segment_ids` must be 1-D with the length of `data`'s first axis ({data.shape[0]}), received shape {ids.shape}"
        )
    count = int(ids.max()) + 1 if num_segments is None and ids.size else int(num_segments or 0)
    work = data.astype(np.float32) if data.dtype.kind == "V" else data
    fill = empty(work.dtype)
    result = np.full((count,) + data.shape[1:], fill, work.dtype)
    valid = (ids >= 0) & (ids < count)
    reducer.at(result, ids[valid], work[valid])
    return result.astype(data.dtype, copy=False)


def _extreme(kind: str) -> Any:
    def fill(dtype: np.dtype) -> Any:
        if dtype.kind == "f":
            return -np.inf if kind == "max" else np.inf
        if dtype.kind == "b":
            return kind != "max"
        info = np.iinfo(dtype)
        return info.min if kind == "max" else info.max

    return fill


def segment_sum(data: Any, segment_ids: Any, num_segments: int | None = None, sorted: bool = False) -> np.ndarray:
    return _segment(data, segment_ids, num_segments, np.add, lambda dtype: 0)


def segment_prod(data: Any, segment_ids: Any, num_segments: int | None = None, sorted: bool = False) -> np.ndarray:
    return _segment(data, segment_ids, num_segments, np.multiply, lambda dtype: 1)


def segment_max(data: Any, segment_ids: Any, num_segments: int | None = None, sorted: bool = False) -> np.ndarray:
    return _segment(data, segment_ids, num_segments, np.maximum, _extreme("max"))


def segment_min(data: Any, segment_ids: Any, num_segments: int | None = None, sorted: bool = False) -> np.ndarray:
    return _segment(data, segment_ids, num_segments, np.minimum, _extreme("min"))


def view_as_complex(x: Any) -> np.ndarray:
    x = tensor(x)
    if x.ndim == 0 or x.shape[-1] != 2:
        raise ValueError(f"view_as_complex: the last dimension of `x` must be 2, received shape {x.shape}")
    work = x.astype(np.float64) if x.dtype == np.float64 else x.astype(np.float32)
    complex_dtype = np.complex128 if work.dtype == np.float64 else np.complex64
    return (work[..., 0] + 1j * work[..., 1]).astype(complex_dtype)


def view_as_real(x: Any) -> np.ndarray:
    x = tensor(x)
    if x.dtype.kind != "c":
        raise ValueError(f"view_as_real: `x` must be complex, received dtype {dtypes.standardize_dtype(x.dtype)}")
    return np.stack([np.real(x), np.imag(x)], axis=-1)
