"""Random ops of the torch backend.

Each op receives ``seed`` as an int32 tensor of shape ``(2,)`` and draws
from a fresh ``torch.Generator`` seeded from it, so the same seed gives the
same values (the process-wide torch RNG is never touched).
"""

from __future__ import annotations

from typing import Any

import torch

from multikeras.backends.torch.core import FLOAT_TORCH, default_device, Tensor, convert_to_tensor, to_torch_dtype


def _generator(seed: Any, device: torch.device | None = None) -> torch.Generator:
    if isinstance(seed, int):
        value = seed
    else:
        parts = [int(v) & 0xFFFFFFFF for v in convert_to_tensor(seed).reshape(-1).tolist()]
        value = 0
        for part in parts:
            value = ((value << 32) | part) & 0xFFFFFFFFFFFFFFFF
    generator = torch.Generator(device=default_device() if device is None else device)
    # torch's CPU generator keeps only 32 bits of the seed: mix both halves into them.
    generator.manual_seed(_mix(value) & 0x7FFFFFFFFFFFFFFF)
    return generator


def _mix(value: int) -> int:
    """splitmix64 finaliser: every input bit affects every output bit."""
    mask = 0xFFFFFFFFFFFFFFFF
    value = (value + 0x9E3779B97F4A7C15) & mask
    value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & mask
    value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & mask
    value = value ^ (value >> 31)
    return value ^ (value >> 32)


def _float_work(dtype: Any) -> tuple[torch.dtype, torch.dtype]:
    target = to_torch_dtype(dtype)
    if target not in FLOAT_TORCH:
        raise ValueError(f"expected a floating dtype, received {dtype!r}")
    return target, (torch.float64 if target is torch.float64 else torch.float32)


def _param(value: Any, work: torch.dtype) -> Tensor:
    return convert_to_tensor(value).to(device=default_device(), dtype=work)


def random_normal(shape: Any, mean: Any = 0.0, stddev: Any = 1.0, dtype: Any = None, seed: Any = None) -> Tensor:
    target, work = _float_work(dtype)
    sample = torch.randn(tuple(shape), generator=_generator(seed), dtype=work, device=default_device())
    return (sample * _param(stddev, work) + _param(mean, work)).to(target)


def random_uniform(shape: Any, minval: Any = 0.0, maxval: Any = 1.0, dtype: Any = None, seed: Any = None) -> Tensor:
    target, work = _float_work(dtype)
    sample = torch.rand(tuple(shape), generator=_generator(seed), dtype=work, device=default_device())
    low, high = _param(minval, work), _param(maxval, work)
    out = (sample * (high - low) + low).to(target)
    # Rounding to a narrow dtype can land on maxval; keep the interval half-open.
    return torch.where(out >= high.to(target), low.to(target).expand_as(out), out) if target is not work else out


def random_truncated_normal(shape: Any, mean: Any = 0.0, stddev: Any = 1.0, dtype: Any = None, seed: Any = None) -> Tensor:
    target, work = _float_work(dtype)
    generator = _generator(seed)
    shape = tuple(shape)
    sample = torch.randn(shape, generator=generator, dtype=work, device=default_device())
    outside = sample.abs() > 2.0
    while bool(outside.any()):
        fresh = torch.randn(shape, generator=generator, dtype=work, device=default_device())
        sample = torch.where(outside, fresh, sample)
        outside = sample.abs() > 2.0
    return (sample * _param(stddev, work) + _param(mean, work)).to(target)


def random_randint(shape: Any, minval: Any, maxval: Any, dtype: Any = "int32", seed: Any = None) -> Tensor:
    target = to_torch_dtype(dtype)
    sample = torch.randint(int(minval), int(maxval), tuple(shape), generator=_generator(seed), dtype=torch.int64, device=default_device())
    return sample.to(target)


def random_categorical(logits: Any, num_samples: int, dtype: Any = "int32", seed: Any = None) -> Tensor:
    logits = convert_to_tensor(logits)
    if logits.ndim != 2:
        raise ValueError(f"categorical: expected 2-D logits (batch, classes), received shape {tuple(logits.shape)}")
    work = torch.float64 if logits.dtype is torch.float64 else torch.float32
    probabilities = torch.softmax(logits.to(work), dim=-1)
    sample = torch.multinomial(probabilities, int(num_samples), replacement=True, generator=_generator(seed, logits.device))
    return sample.to(to_torch_dtype(dtype))


def random_dropout(inputs: Any, rate: float, noise_shape: Any = None, seed: Any = None) -> Tensor:
    inputs = convert_to_tensor(inputs)
    if noise_shape is None:
        shape = tuple(inputs.shape)
    else:
        shape = tuple(int(d) if d is not None else int(inputs.shape[i]) for i, d in enumerate(noise_shape))
    keep = torch.rand(shape, generator=_generator(seed, inputs.device), device=inputs.device) >= float(rate)
    scaled = inputs / (1.0 - float(rate))
    return torch.where(keep, scaled, torch.zeros_like(scaled))


def random_shuffle(x: Any, axis: int = 0, seed: Any = None) -> Tensor:
    x = convert_to_tensor(x)
    permutation = torch.randperm(x.shape[axis], generator=_generator(seed, x.device), device=x.device)
    return torch.index_select(x, axis, permutation)


def _standard_gamma(alpha: Tensor, generator: torch.Generator) -> Tensor:
    """Marsaglia-Tsang sampling driven by ``generator`` (torch's own gamma takes none)."""
    boost = alpha < 1
    a = torch.where(boost, alpha + 1, alpha)
    d = a - 1.0 / 3.0
    c = 1.0 / torch.sqrt(9.0 * d)
    result = torch.zeros_like(a)
    pending = torch.ones_like(a, dtype=torch.bool)
    while bool(pending.any()):
        x = torch.randn(a.shape, generator=generator, dtype=a.dtype, device=a.device)
        u = torch.rand(a.shape, generator=generator, dtype=a.dtype, device=a.device)
        v = (1 + c * x) ** 3
        accept = (v > 0) & (torch.log(u) < 0.5 * x * x + d - d * v + d * torch.log(v.clamp(min=1e-30)))
        take = pending & accept
        result = torch.where(take, d * v, result)
        pending = pending & ~accept
    if bool(boost.any()):
        u = torch.rand(a.shape, generator=generator, dtype=a.dtype, device=a.device)
        result = torch.where(boost, result * u ** (1.0 / alpha), result)
    return result


def random_gamma(shape: Any, alpha: Any, dtype: Any = None, seed: Any = None) -> Tensor:
    target, work = _float_work(dtype)
    alpha = torch.broadcast_to(_param(alpha, work), tuple(shape))
    return _standard_gamma(alpha, _generator(seed)).to(target)


def random_beta(shape: Any, alpha: Any, beta: Any, dtype: Any = None, seed: Any = None) -> Tensor:
    target, work = _float_work(dtype)
    generator = _generator(seed)
    a = torch.broadcast_to(_param(alpha, work), tuple(shape))
    b = torch.broadcast_to(_param(beta, work), tuple(shape))
    x = _standard_gamma(a, generator)
    y = _standard_gamma(b, generator)
    return (x / (x + y)).to(target)


def random_binomial(shape: Any, counts: Any, probabilities: Any, dtype: Any = None, seed: Any = None) -> Tensor:
    target = to_torch_dtype(dtype)
    counts = torch.broadcast_to(_param(counts, torch.float64), tuple(shape)).contiguous()
    probabilities = torch.broadcast_to(_param(probabilities, torch.float64), tuple(shape)).contiguous()
    return torch.binomial(counts, probabilities, generator=_generator(seed)).to(target)
