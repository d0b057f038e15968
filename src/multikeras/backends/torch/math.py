"""Math ops of the torch backend: special functions, FFTs, segments, top-k."""

from __future__ import annotations

from typing import Any

import torch

from multikeras.backends.torch.core import (
    COMPLEX_TORCH,
    FLOAT_TORCH,
    INDEX,
    Tensor,
    convert_to_tensor,
    promote,
    to_float,
)
from multikeras.backends.torch.numpy import _axes


def _unary(fn: Any, x: Any) -> Tensor:
    if type(x) is Tensor and x.dtype in FLOAT_TORCH:
        return fn(x)
    return fn(to_float(x))


def erf(x: Any) -> Tensor:
    return _unary(torch.erf, x)


def erfc(x: Any) -> Tensor:
    return _unary(torch.erfc, x)


def erfinv(x: Any) -> Tensor:
    return _unary(torch.erfinv, x)


def rsqrt(x: Any) -> Tensor:
    return _unary(torch.rsqrt, x)


def logsumexp(x: Any, axis: Any = None, keepdims: bool = False) -> Tensor:
    x = to_float(x)
    dims = _axes(axis, x.ndim)
    if dims is None:
        dims = tuple(range(x.ndim))
    if not dims:
        return x.clone()
    return torch.logsumexp(x, dim=dims, keepdim=keepdims)


def logdet(x: Any) -> Tensor:
    return torch.logdet(to_float(x))


def extract_sequences(x: Any, sequence_length: int, sequence_stride: int) -> Tensor:
    x = convert_to_tensor(x)
    return x.unfold(-1, int(sequence_length), int(sequence_stride))


def _complex_pair(x: Any, where: str) -> Tensor:
    if not isinstance(x, (tuple, list)) or len(x) != 2:
        raise ValueError(f"{where}: expected a tuple (real, imag) of two tensors, received {type(x).__name__}")
    real, imag = promote(*x)
    real, imag = to_float(real), to_float(imag)
    if real.shape != imag.shape:
        raise ValueError(f"{where}: real and imaginary parts differ in shape: {tuple(real.shape)} and {tuple(imag.shape)}")
    if real.dtype in (torch.float16, torch.bfloat16):
        real, imag = real.float(), imag.float()
    return torch.complex(real, imag)


def _split(x: Tensor, dtype: torch.dtype) -> tuple[Tensor, Tensor]:
    return torch.real(x).to(dtype), torch.imag(x).to(dtype)


def fft(x: Any) -> tuple[Tensor, Tensor]:
    value = _complex_pair(x, "fft")
    return _split(torch.fft.fft(value), convert_to_tensor(x[0]).dtype if convert_to_tensor(x[0]).dtype in FLOAT_TORCH else torch.real(value).dtype)


def fft2(x: Any) -> tuple[Tensor, Tensor]:
    value = _complex_pair(x, "fft2")
    return _split(torch.fft.fft2(value), torch.real(value).dtype)


def ifft2(x: Any) -> tuple[Tensor, Tensor]:
    value = _complex_pair(x, "ifft2")
    return _split(torch.fft.ifft2(value), torch.real(value).dtype)


def rfft(x: Any, fft_length: int | None = None) -> tuple[Tensor, Tensor]:
    x = to_float(x)
    target = x.dtype
    if x.dtype in (torch.float16, torch.bfloat16):
        x = x.float()
    out = torch.fft.rfft(x, n=fft_length)
    return _split(out, target if target in FLOAT_TORCH else torch.real(out).dtype)


def irfft(x: Any, fft_length: int | None = None) -> Tensor:
    value = _complex_pair(x, "irfft")
    return torch.fft.irfft(value, n=fft_length)


def _window_tensor(window: Any, length: int, device: torch.device) -> Tensor | None:
    if window is None:
        return None
    if isinstance(window, str):
        if window == "hann":
            return torch.hann_window(length, periodic=True, dtype=torch.float64, device=device)
        if window == "hamming":
            return torch.hamming_window(length, periodic=True, dtype=torch.float64, device=device)
        raise ValueError(f"stft: expected window 'hann', 'hamming', a tensor or None, received {window!r}")
    window = convert_to_tensor(window).to(device=device, dtype=torch.float64)
    if window.shape != (length,):
        raise ValueError(f"stft: expected a window of shape ({length},), received {tuple(window.shape)}")
    return window


def _padded_window(window: Any, sequence_length: int, fft_length: int, dtype: torch.dtype, device: torch.device) -> Tensor:
    """The window centred in ``fft_length`` samples; no window means a rectangle over all of them."""
    win = _window_tensor(window, sequence_length, device)
    if win is None:
        return torch.ones(fft_length, dtype=dtype, device=device)
    left = (fft_length - sequence_length) // 2
    return torch.nn.functional.pad(win, [left, fft_length - sequence_length - left]).to(dtype)


def stft(
    x: Any, sequence_length: int, sequence_stride: int, fft_length: int, window: Any = "hann", center: bool = True
) -> tuple[Tensor, Tensor]:
    x = to_float(x)
    target = x.dtype
    work = torch.float64 if x.dtype is torch.float64 else torch.float32
    fft_length, stride = int(fft_length), int(sequence_stride)
    if int(sequence_length) > fft_length:
        raise ValueError(f"stft: sequence_length ({sequence_length}) must not exceed fft_length ({fft_length})")
    win = _padded_window(window, int(sequence_length), fft_length, work, x.device)
    shape = x.shape
    flat = x.reshape(-1, shape[-1]).to(work)
    if center:
        flat = torch.nn.functional.pad(flat[:, None], [fft_length // 2, fft_length // 2], mode="reflect")[:, 0]
    frames = flat.unfold(-1, fft_length, stride) * win
    out = torch.fft.rfft(frames, n=fft_length)
    out = out.reshape(tuple(shape[:-1]) + tuple(out.shape[-2:]))
    return torch.real(out).to(target), torch.imag(out).to(target)


def istft(
    x: Any,
    sequence_length: int,
    sequence_stride: int,
    fft_length: int,
    length: int | None = None,
    window: Any = "hann",
    center: bool = True,
) -> Tensor:
    value = _complex_pair(x, "istft")
    target = torch.real(value).dtype
    fft_length, stride = int(fft_length), int(sequence_stride)
    win = _padded_window(window, int(sequence_length), fft_length, target, value.device)
    shape = value.shape
    frames = torch.fft.irfft(value.reshape((-1,) + tuple(shape[-2:])), n=fft_length) * win
    count = frames.shape[-2]
    total = (count - 1) * stride + fft_length
    fold = torch.nn.functional.fold
    signal = fold(frames.transpose(1, 2), (total, 1), (fft_length, 1), stride=(stride, 1)).reshape(frames.shape[0], total)
    squares = (win * win).reshape(1, fft_length, 1).expand(1, fft_length, count)
    envelope = fold(squares, (total, 1), (fft_length, 1), stride=(stride, 1)).reshape(total)
    signal = torch.where(envelope > 1e-11, signal / torch.where(envelope > 1e-11, envelope, torch.ones_like(envelope)), signal)
    start = fft_length // 2 if center else 0
    if length is None:
        end = total - fft_length // 2 if center else total
    else:
        end = start + int(length)
    signal = signal[:, start:end]
    if signal.shape[-1] < end - start:
        signal = torch.nn.functional.pad(signal, [0, end - start - signal.shape[-1]])
    return signal.reshape(tuple(shape[:-2]) + (signal.shape[-1],))


def top_k(x: Any, k: int, sorted: bool = True) -> tuple[Tensor, Tensor]:
    x = convert_to_tensor(x)
    work = x.to(torch.uint8) if x.dtype is torch.bool else x
    if not 0 <= int(k) <= work.shape[-1]:
        raise ValueError(f"top_k: expected 0 <= k <= {work.shape[-1]}, received k={k}")
    # A stable descending sort keeps the lowest index first among ties, as NumPy and JAX do.
    values, indices = torch.sort(work, dim=-1, descending=True, stable=True)
    return values[..., : int(k)].to(x.dtype), indices[..., : int(k)].to(INDEX)


def in_top_k(targets: Any, predictions: Any, k: int) -> Tensor:
    predictions = to_float(predictions)
    targets = convert_to_tensor(targets).to(device=predictions.device, dtype=torch.int64)
    target_scores = torch.gather(predictions, -1, targets.unsqueeze(-1))
    better = (predictions > target_scores).sum(-1)
    return (better < int(k)) & torch.isfinite(target_scores.squeeze(-1))


def _segment(data: Any, segment_ids: Any, num_segments: Any, reduce: str, empty: Any) -> Tensor:
    data = convert_to_tensor(data)
    ids = convert_to_tensor(segment_ids).to(device=data.device, dtype=torch.int64)
    if num_segments is None:
        num_segments = int(ids.max().item()) + 1 if ids.numel() else 0
    num_segments = int(num_segments)
    valid = (ids >= 0) & (ids < num_segments)
    ids = torch.where(valid, ids, torch.full_like(ids, num_segments))
    work = data.to(torch.uint8) if data.dtype is torch.bool else data
    fill = empty(work.dtype)
    out = torch.full((num_segments + 1,) + tuple(work.shape[ids.ndim :]), fill, dtype=work.dtype, device=data.device)
    index = ids.reshape(ids.shape + (1,) * (work.ndim - ids.ndim)).expand(work.shape)
    out = out.scatter_reduce(0, index, work, reduce=reduce, include_self=reduce in ("sum", "prod"))
    return out[:num_segments].to(data.dtype)


def _lowest(dtype: torch.dtype) -> Any:
    if dtype in FLOAT_TORCH:
        return float("-inf")
    return torch.iinfo(dtype).min


def _highest(dtype: torch.dtype) -> Any:
    if dtype in FLOAT_TORCH:
        return float("inf")
    return torch.iinfo(dtype).max


def segment_sum(data: Any, segment_ids: Any, num_segments: Any = None, sorted: bool = False) -> Tensor:
    return _segment(data, segment_ids, num_segments, "sum", lambda dtype: 0)


def segment_prod(data: Any, segment_ids: Any, num_segments: Any = None, sorted: bool = False) -> Tensor:
    return _segment(data, segment_ids, num_segments, "prod", lambda dtype: 1)


def segment_max(data: Any, segment_ids: Any, num_segments: Any = None, sorted: bool = False) -> Tensor:
    return _segment(data, segment_ids, num_segments, "amax", _lowest)


def segment_min(data: Any, segment_ids: Any, num_segments: Any = None, sorted: bool = False) -> Tensor:
    return _segment(data, segment_ids, num_segments, "amin", _highest)


def view_as_complex(x: Any) -> Tensor:
    x = to_float(x)
    if x.dtype not in (torch.float32, torch.float64):
        x = x.float()
    if x.shape[-1] != 2:
        raise ValueError(f"view_as_complex: expected a last dimension of size 2, received shape {tuple(x.shape)}")
    return torch.view_as_complex(x.contiguous())


def view_as_real(x: Any) -> Tensor:
    x = convert_to_tensor(x)
    if x.dtype not in COMPLEX_TORCH:
        raise ValueError(f"view_as_real: expected a complex input, received {x.dtype}")
    return torch.view_as_real(x.resolve_conj())
