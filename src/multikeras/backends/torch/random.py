"""Random ops of the torch backend.

Each op receives ``seed`` as an int32 tensor of shape ``(2,)`` and draws
from a fresh ``torch.Generator`` seeded from it, so the same seed gives the
same values (the process-wide torch RNG is never touched).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import torch
from torch._subclasses.fake_tensor import FakeTensor

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


_DRAWS: dict[int, tuple[Callable[..., Tensor], torch.device, tuple[int, ...], torch.dtype, torch.device]] = {}
"""What each traced draw computes: ``(make, generator device, shape, dtype, device)`` by draw number."""
_DRAW_NUMBERS = itertools.count()
_SEEDED_DRAW: list[Any] = []


def _seeded_draw() -> Any:
    """The ``multikeras::seeded_draw`` custom op, registered on first use.

    Opaque to tracing: it runs the draw at execution time, reading the seed
    on the host and seeding a generator exactly as an eager call does, so a
    compiled step draws the same values as the eager step.
    """
    if not _SEEDED_DRAW:

        @torch.library.custom_op("multikeras::seeded_draw", mutates_args=())
        def seeded_draw(seed: torch.Tensor, tensors: list[torch.Tensor], draw: int) -> torch.Tensor:
            make, generator_device = _DRAWS[draw][:2]
            return make(_generator(seed, generator_device), *tensors)

        @seeded_draw.register_fake
        def _(seed: torch.Tensor, tensors: list[torch.Tensor], draw: int) -> torch.Tensor:
            shape, dtype, device = _DRAWS[draw][2:]
            return torch.empty(shape, dtype=dtype, device=device)

        _SEEDED_DRAW.append(seeded_draw)
    return _SEEDED_DRAW[0]


def _draw(seed: Any, generator_device: torch.device, make: Callable[..., Tensor], tensors: tuple[Tensor, ...],
          shape: tuple[int, ...], dtype: torch.dtype, device: torch.device) -> Tensor:
    """``make(generator, *tensors)``, a tensor of ``shape`` and ``dtype`` on ``device`` drawn from the seed's generator.

    Eagerly a plain call. While a compiled step is traced on fake tensors
    (the plug-in's ``compile_step``) the seed cannot be read on the host, so
    the draw becomes one opaque ``multikeras::seeded_draw`` node of the graph.
    """
    if not isinstance(seed, FakeTensor):
        return make(_generator(seed, generator_device), *tensors)
    number = next(_DRAW_NUMBERS)
    _DRAWS[number] = (make, generator_device, tuple(shape), dtype, device)
    return _seeded_draw()(seed, [t.detach() for t in tensors], number)


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
    shape, device = tuple(shape), default_device()
    sample = _draw(seed, device, lambda g: torch.randn(shape, generator=g, dtype=work, device=device), (), shape, work, device)
    return (sample * _param(stddev, work) + _param(mean, work)).to(target)


def random_uniform(shape: Any, minval: Any = 0.0, maxval: Any = 1.0, dtype: Any = None, seed: Any = None) -> Tensor:
    target, work = _float_work(dtype)
    shape, device = tuple(shape), default_device()
    sample = _draw(seed, device, lambda g: torch.rand(shape, generator=g, dtype=work, device=device), (), shape, work, device)
    low, high = _param(minval, work), _param(maxval, work)
    out = (sample * (high - low) + low).to(target)
    # Rounding to a narrow dtype can land on maxval; keep the interval half-open.
    return torch.where(out >= high.to(target), low.to(target).expand_as(out), out) if target is not work else out


def random_truncated_normal(shape: Any, mean: Any = 0.0, stddev: Any = 1.0, dtype: Any = None, seed: Any = None) -> Tensor:
    target, work = _float_work(dtype)
    shape, device = tuple(shape), default_device()

    def make(generator: torch.Generator) -> Tensor:
        sample = torch.randn(shape, generator=generator, dtype=work, device=device)
        outside = sample.abs() > 2.0
        while bool(outside.any()):
            fresh = torch.randn(shape, generator=generator, dtype=work, device=device)
            sample = torch.where(outside, fresh, sample)
            outside = sample.abs() > 2.0
        return sample

    sample = _draw(seed, device, make, (), shape, work, device)
    return (sample * _param(stddev, work) + _param(mean, work)).to(target)


def random_randint(shape: Any, minval: Any, maxval: Any, dtype: Any = "int32", seed: Any = None) -> Tensor:
    target = to_torch_dtype(dtype)
    low, high, shape, device = int(minval), int(maxval), tuple(shape), default_device()
    sample = _draw(seed, device, lambda g: torch.randint(low, high, shape, generator=g, dtype=torch.int64, device=device),
                   (), shape, torch.int64, device)
    return sample.to(target)


def random_categorical(logits: Any, num_samples: int, dtype: Any = "int32", seed: Any = None) -> Tensor:
    logits = convert_to_tensor(logits)
    if logits.ndim != 2:
        raise ValueError(f"categorical: expected 2-D logits (batch, classes), received shape {tuple(logits.shape)}")
    work = torch.float64 if logits.dtype is torch.float64 else torch.float32
    probabilities = torch.softmax(logits.to(work), dim=-1)
    count = int(num_samples)
    sample = _draw(seed, logits.device, lambda g, p: torch.multinomial(p, count, replacement=True, generator=g),
                   (probabilities,), (probabilities.shape[0], count), torch.int64, logits.device)
    return sample.to(to_torch_dtype(dtype))


def random_dropout(inputs: Any, rate: float, noise_shape: Any = None, seed: Any = None) -> Tensor:
    inputs = convert_to_tensor(inputs)
    if noise_shape is None:
        shape = tuple(inputs.shape)
    else:
        shape = tuple(int(d) if d is not None else int(inputs.shape[i]) for i, d in enumerate(noise_shape))
    device = inputs.device
    noise = _draw(seed, device, lambda g: torch.rand(shape, generator=g, device=device), (), shape, torch.get_default_dtype(), device)
    keep = noise >= float(rate)
    scaled = inputs / (1.0 - float(rate))
    return torch.where(keep, scaled, torch.zeros_like(scaled))


def random_shuffle(x: Any, axis: int = 0, seed: Any = None) -> Tensor:
    x = convert_to_tensor(x)
    length, device = int(x.shape[axis]), x.device
    permutation = _draw(seed, device, lambda g: torch.randperm(length, generator=g, device=device), (), (length,), torch.int64, device)
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
    return _draw(seed, alpha.device, lambda g, a: _standard_gamma(a, g), (alpha,), alpha.shape, work, alpha.device).to(target)


def random_beta(shape: Any, alpha: Any, beta: Any, dtype: Any = None, seed: Any = None) -> Tensor:
    target, work = _float_work(dtype)
    a = torch.broadcast_to(_param(alpha, work), tuple(shape))
    b = torch.broadcast_to(_param(beta, work), tuple(shape))

    def make(generator: torch.Generator, a: Tensor, b: Tensor) -> Tensor:
        x = _standard_gamma(a, generator)  # both from one generator, in this order
        y = _standard_gamma(b, generator)
        return x / (x + y)

    return _draw(seed, a.device, make, (a, b), a.shape, work, a.device).to(target)


def random_binomial(shape: Any, counts: Any, probabilities: Any, dtype: Any = None, seed: Any = None) -> Tensor:
    target = to_torch_dtype(dtype)
    counts = torch.broadcast_to(_param(counts, torch.float64), tuple(shape)).contiguous()
    probabilities = torch.broadcast_to(_param(probabilities, torch.float64), tuple(shape)).contiguous()
    return _draw(seed, counts.device, lambda g, n, p: torch.binomial(n, p, generator=g), (counts, probabilities), counts.shape,
                 torch.float64, counts.device).to(target)
