"""Records for ``multikeras.ops.math``: special functions, FFTs, STFT, segments, top_k."""

from __future__ import annotations

import numpy as np
import scipy.special

import multikeras as mk
from backend_conformance.records._build import R, arr, bad, pos, unary_float

TOL = {"float32": (1e-5, 1e-5)}
SIGNAL = arr(16, seed=90)
DATA = arr((5, 3), seed=91)
SEGMENTS = np.array([0, 0, 1, 3, 3], "int32")

RECORDS = []
add = RECORDS.extend
one = RECORDS.append


def _segment(data, ids, num, reduce, empty):
    out = np.full((num,) + data.shape[1:], empty, np.float64)
    for segment in range(num):
        rows = data[ids == segment]
        if len(rows):
            out[segment] = reduce(rows, axis=0)
    return out


def _frames(x, length, stride):
    count = 1 + (x.shape[-1] - length) // stride
    return np.stack([x[..., i * stride:i * stride + length] for i in range(count)], axis=-2)


def _stft(x, sequence_length, sequence_stride, fft_length, window="hann", center=True):
    x = np.asarray(x, np.float64)
    if center:
        pad = [(0, 0)] * (x.ndim - 1) + [(fft_length // 2, fft_length // 2)]
        x = np.pad(x, pad, mode="reflect")
    if window == "hann":
        win = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(sequence_length) / sequence_length)
    elif window is None:
        win = np.ones(sequence_length)
    else:
        win = np.asarray(window, np.float64)
    left = (fft_length - sequence_length) // 2
    win = np.pad(win, (left, fft_length - sequence_length - left))
    spectrum = np.fft.rfft(_frames(x, fft_length, sequence_stride) * win, n=fft_length)
    return spectrum.real, spectrum.imag


def _complex_pair(spectrum):
    return spectrum.real, spectrum.imag


add(unary_float("erf", scipy.special.erf, ints=False))
add(unary_float("erfc", scipy.special.erfc, ints=False))
add(unary_float("erfinv", scipy.special.erfinv, x=arr((2, 3), low=-0.9, high=0.9), ints=False))
add(unary_float("rsqrt", lambda x: 1 / np.sqrt(x), x=pos((2, 3)), ints=False))
one(R("rsqrt", "zero", np.array([0.0, 4.0], "float32"), ref=lambda x: np.array([np.inf, 0.5]), dtype="float32"))
one(R("logsumexp", "all", DATA, ref=lambda x: scipy.special.logsumexp(x.astype(np.float64)), dtype="float", tolerance=TOL, grad=True))
one(R("logsumexp", "axis", DATA, kwargs={"axis": 1}, ref=lambda x, axis: scipy.special.logsumexp(x.astype(np.float64), axis=axis), dtype="float", tolerance=TOL, grad=True))
one(R("logsumexp", "keepdims-neg", DATA, kwargs={"axis": -2, "keepdims": True}, ref=lambda x, **k: scipy.special.logsumexp(x.astype(np.float64), **k), dtype="float", tolerance=TOL))
one(R("logsumexp", "large", np.array([1000.0, 1000.0], "float32"), ref=lambda x: np.float64(1000.0 + np.log(2.0)), dtype="float32", tolerance=TOL))
one(R("logsumexp", "neg-inf", np.array([-np.inf, -np.inf], "float32"), ref=lambda x: np.float64(-np.inf), dtype="float32"))
one(R("logdet", "spd", (lambda m: (m @ m.T + 2 * np.eye(3)).astype("float32"))(arr((3, 3), seed=92)),
      ref=lambda x: np.linalg.slogdet(x.astype(np.float64))[1], dtype="float32", tolerance={"float32": (1e-4, 1e-5)}))
for _name, _reduce, _empty in (("segment_sum", np.sum, 0.0), ("segment_prod", np.prod, 1.0),
                               ("segment_max", np.max, -np.inf), ("segment_min", np.min, np.inf)):
    one(R(_name, "num", DATA, SEGMENTS, kwargs={"num_segments": 4}, ref=lambda d, s, num_segments, _r=_reduce, _e=_empty: _segment(d, s, num_segments, _r, _e),
          dtype="same", tolerance=TOL))
    one(R(_name, "sorted", DATA, np.array([0, 0, 1, 1, 2], "int32"), kwargs={"num_segments": 3, "sorted": True},
          ref=lambda d, s, num_segments, sorted, _r=_reduce, _e=_empty: _segment(d, s, num_segments, _r, _e), dtype="same", tolerance=TOL))
    one(R(_name, "int-inferred", np.arange(5, dtype="int32"), np.array([1, 0, 1, 0, 2], "int32"),
          ref=lambda d, s, _r=_reduce, _e=_empty: _segment(d, s, 3, _r, _e).astype("int32"), dtype="int32"))
one(R("segment_sum", "grad", DATA, SEGMENTS, kwargs={"num_segments": 4}, ref=lambda d, s, num_segments: _segment(d, s, num_segments, np.sum, 0.0), dtype="same", grad=True))
one(R("top_k", "sorted", DATA, 2, ref=lambda x, k: (-np.sort(-x, axis=-1)[..., :k], np.argsort(-x, axis=-1, kind="stable")[..., :k]), dtype=("same", "index")))
one(R("top_k", "1d-ties", np.array([1, 3, 3, 2], "int32"), 3, ref=lambda x, k: (np.array([3, 3, 2]), np.array([1, 2, 3])), dtype=("int32", "index")))
one(R("top_k", "unsorted", DATA, 2, kwargs={"sorted": False}, ref=lambda x, k, sorted: np.sort(-np.sort(-x, axis=-1)[..., :k], axis=-1),
      compare=lambda a, e: np.testing.assert_allclose(np.sort(np.asarray(a[0]), axis=-1), e)))
one(R("in_top_k", "k1", np.array([1, 0, 2], "int32"), np.array([[0.1, 0.9, 0.0], [0.8, 0.1, 0.1], [0.5, 0.3, 0.2]], "float32"), 1,
      ref=lambda t, p, k: np.array([True, True, False]), dtype="bool"))
one(R("in_top_k", "k2", np.array([1, 2], "int32"), np.array([[0.1, 0.9, 0.0], [0.8, 0.1, 0.15]], "float32"), 2,
      ref=lambda t, p, k: np.array([True, True]), dtype="bool"))
one(R("extract_sequences", "1d", np.arange(6, dtype="float32"), 3, 2, ref=_frames, dtype="same"))
one(R("extract_sequences", "batch", arr((2, 10), seed=93), 4, 3, ref=_frames, dtype="same"))
COMPLEX_IN = (arr((2, 4), seed=94), arr((2, 4), seed=95))
one(R("fft", "pair", COMPLEX_IN, ref=lambda p: _complex_pair(np.fft.fft(p[0] + 1j * p[1].astype(np.float64))), dtype=("float32", "float32"), tolerance=TOL))
one(R("fft2", "pair", (arr((2, 3, 4), seed=96), arr((2, 3, 4), seed=97)), ref=lambda p: _complex_pair(np.fft.fft2(p[0] + 1j * p[1].astype(np.float64))), dtype=("float32", "float32"), tolerance=TOL))
one(R("ifft2", "pair", (arr((3, 4), seed=98), arr((3, 4), seed=99)), ref=lambda p: _complex_pair(np.fft.ifft2(p[0] + 1j * p[1].astype(np.float64))), dtype=("float32", "float32"), tolerance=TOL))
one(R("rfft", "default", arr((2, 8), seed=100), ref=lambda x: _complex_pair(np.fft.rfft(x.astype(np.float64))), dtype=("float32", "float32"), tolerance=TOL))
one(R("rfft", "length", arr(6, seed=101), kwargs={"fft_length": 8}, ref=lambda x, fft_length: _complex_pair(np.fft.rfft(x.astype(np.float64), n=fft_length)), dtype=("float32", "float32"), tolerance=TOL))
one(R("irfft", "default", (arr((2, 5), seed=102), np.zeros((2, 5), "float32")), ref=lambda p: np.fft.irfft(p[0] + 1j * p[1].astype(np.float64)), dtype="float32", tolerance=TOL))
one(R("irfft", "length", (arr(5, seed=103), arr(5, seed=104) * np.array([0, 1, 1, 1, 0], "float32")), kwargs={"fft_length": 8},
      ref=lambda p, fft_length: np.fft.irfft(p[0] + 1j * p[1].astype(np.float64), n=fft_length), dtype="float32", tolerance=TOL))
one(R("stft", "hann", SIGNAL, 8, 4, 8, ref=_stft, dtype=("float32", "float32"), tolerance={"float32": (1e-4, 1e-5)}))
one(R("stft", "no-center-batch", arr((2, 20), seed=105), 8, 3, 8, kwargs={"window": None, "center": False}, ref=_stft, dtype=("float32", "float32"), tolerance={"float32": (1e-4, 1e-5)}))
one(R("istft", "roundtrip", SIGNAL, 8, 2, 8, ref=lambda x, *a: x, dtype="float32", tolerance={"float32": (1e-4, 1e-4)},
      invoke=lambda fn, x, n, s, f: fn(mk.ops.stft(x, n, s, f), n, s, f)))
one(R("istft", "length", SIGNAL, 8, 2, 8, ref=lambda x, *a: x[:12], dtype="float32", tolerance={"float32": (1e-4, 1e-4)},
      invoke=lambda fn, x, n, s, f: fn(mk.ops.stft(x, n, s, f), n, s, f, length=12)))
one(R("view_as_real", "c64", (arr(3, seed=106) + 1j * arr(3, seed=107)).astype("complex64"), ref=lambda z: np.stack([z.real, z.imag], -1), dtype="float32"))
one(R("view_as_complex", "f32", arr((3, 2), seed=108), ref=lambda x: x[..., 0] + 1j * x[..., 1], dtype="complex64"))
one(bad("view_as_complex", "last-dim", arr((3, 3), seed=108), match=()))
one(R("segment_sum", "unsorted-inferred", DATA, np.array([2, 0, 2, 1, 0], "int32"), ref=lambda d, s: _segment(d, s, 3, np.sum, 0.0), dtype="same", tolerance=TOL))
one(R("segment_max", "empty-segment", DATA, np.array([0, 0, 2, 2, 2], "int32"), kwargs={"num_segments": 3}, ref=lambda d, s, num_segments: _segment(d, s, 3, np.max, -np.inf), dtype="same"))
one(R("fft", "f64", (COMPLEX_IN[0].astype("float64"), COMPLEX_IN[1].astype("float64")), ref=lambda p: _complex_pair(np.fft.fft(p[0] + 1j * p[1])), dtype=("float64", "float64")))
one(R("top_k", "k-equals-n", DATA, 3, ref=lambda x, k: (-np.sort(-x, axis=-1), np.argsort(-x, axis=-1, kind="stable")), dtype=("same", "index")))
