"""VarianceScaling and its named presets (Glorot, He, Lecun), with the fan computation they share."""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any

from multikeras import random as mk_random
from multikeras.initializers.initializer import MODULE, RandomInitializer, Shape, float_dtype, standardize_shape
from multikeras.random.seed_generator import SeedGenerator
from multikeras.saving.object_registration import register_builtin

MODES = ("fan_in", "fan_out", "fan_avg")
DISTRIBUTIONS = ("truncated_normal", "untruncated_normal", "uniform")

_TRUNCATED_STDDEV_CORRECTION = 0.87962566103423978
"""Standard deviation of a unit normal truncated to [-2, 2]: dividing by it restores the requested variance."""

Axes = int | Sequence[int] | None


def _axes_tuple(axes: Axes, rank: int, name: str) -> tuple[int, ...]:
    items = (axes,) if isinstance(axes, numbers.Integral) else tuple(axes)  # type: ignore[arg-type]
    result = []
    for axis in items:
        if isinstance(axis, bool) or not isinstance(axis, numbers.Integral) or not -rank <= axis < rank:
            raise ValueError(f"compute_fans: {name} must hold axes of a rank-{rank} shape, received {axes!r}.")
        result.append(int(axis) % rank)
    return tuple(result)


def compute_fans(shape: Shape, input_axes: Axes = None, output_axes: Axes = None) -> tuple[int, int]:
    """Return ``(fan_in, fan_out)`` of a weight shape.

    Without axes: a scalar has fans ``(1, 1)``, a vector ``(n, n)``, a matrix
    ``(rows, columns)``, and a convolution kernel ``(..., in, out)`` multiplies
    ``in`` and ``out`` by its receptive field, the product of the leading dims.
    When both ``input_axes`` and ``output_axes`` are given (as Keras 3.15 does),
    the fans are the products of the dims on those axes; one alone is ignored.

    Args:
        shape: the weight shape.
        input_axes: axes whose dims multiply to ``fan_in``.
        output_axes: axes whose dims multiply to ``fan_out``.

    Returns:
        ``(fan_in, fan_out)`` as ints.

    Example:
        >>> from multikeras.initializers import compute_fans
        >>> compute_fans((3, 3, 16, 32))
        (144, 288)
        >>> compute_fans((4, 5, 6), input_axes=(0,), output_axes=(1, 2))
        (4, 30)
    """
    shape = standardize_shape(shape, "compute_fans")
    rank = len(shape)
    if input_axes is not None and output_axes is not None:
        fan_in = math.prod(shape[axis] for axis in _axes_tuple(input_axes, rank, "input_axes"))
        fan_out = math.prod(shape[axis] for axis in _axes_tuple(output_axes, rank, "output_axes"))
        return int(fan_in), int(fan_out)
    if rank == 0:
        return 1, 1
    if rank == 1:
        return shape[0], shape[0]
    receptive_field = math.prod(shape[:-2])
    return shape[-2] * receptive_field, shape[-1] * receptive_field


@register_builtin(MODULE)
class VarianceScaling(RandomInitializer):
    """Draw with a variance of ``scale / n``, where ``n`` is a fan of the weight shape.

    ``n`` is ``fan_in``, ``fan_out`` or their mean (``mode``; see
    :func:`compute_fans`). ``"truncated_normal"`` draws from a normal truncated
    at two standard deviations and rescaled so the variance is ``scale / n``;
    ``"untruncated_normal"`` from a plain normal; ``"uniform"`` from
    ``[-limit, limit)`` with ``limit = sqrt(3 * scale / n)``.

    Args:
        scale: a positive scaling factor.
        mode: ``"fan_in"``, ``"fan_out"`` or ``"fan_avg"``.
        distribution: ``"truncated_normal"`` (alias ``"normal"``),
            ``"untruncated_normal"`` or ``"uniform"``.
        seed: ``None``, an int (same values on every call) or a
            ``SeedGenerator`` (new values on every call).
        input_axes: with ``output_axes``, the axes that make ``fan_in``.
        output_axes: with ``input_axes``, the axes that make ``fan_out``.

    Raises:
        ValueError: for a non-positive ``scale`` or an unknown ``mode`` or ``distribution``.

    Example:
        >>> import multikeras as mk
        >>> init = mk.initializers.VarianceScaling(scale=3.0, mode="fan_in", distribution="uniform", seed=0)
        >>> with mk.backend.use("numpy"):
        ...     x = mk.ops.convert_to_numpy(init((300, 400)))
        >>> bool(abs(x).max() <= 0.3)   # limit = sqrt(3 * 3 / 300) ~ 0.173
        True
    """

    def __init__(
        self,
        scale: float = 1.0,
        mode: str = "fan_in",
        distribution: str = "truncated_normal",
        seed: int | SeedGenerator | None = None,
        input_axes: Axes = None,
        output_axes: Axes = None,
    ):
        if isinstance(scale, bool) or not isinstance(scale, numbers.Real) or not scale > 0:
            raise ValueError(f"VarianceScaling: `scale` must be a positive float, received scale={scale!r}.")
        if mode not in MODES:
            raise ValueError(f"VarianceScaling: `mode` must be one of {MODES}, received mode={mode!r}.")
        if distribution == "normal":
            distribution = "truncated_normal"
        if distribution not in DISTRIBUTIONS:
            raise ValueError(
                f"VarianceScaling: `distribution` must be one of {DISTRIBUTIONS} (or 'normal'), "
                f"received distribution={distribution!r}."
            )
        self.scale = scale
        self.mode = mode
        self.distribution = distribution
        self.input_axes = input_axes
        self.output_axes = output_axes
        super().__init__(seed)

    def __call__(self, shape: Shape, dtype: Any = None) -> Any:
        owner = type(self).__name__
        shape = standardize_shape(shape, owner)
        dtype = float_dtype(dtype, owner)
        fan_in, fan_out = compute_fans(shape, self.input_axes, self.output_axes)
        fan = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}[self.mode]
        variance = self.scale / max(1.0, fan)
        if self.distribution == "truncated_normal":
            stddev = math.sqrt(variance) / _TRUNCATED_STDDEV_CORRECTION
            return mk_random.truncated_normal(shape, 0.0, stddev, dtype=dtype, seed=self.seed)
        if self.distribution == "untruncated_normal":
            return mk_random.normal(shape, 0.0, math.sqrt(variance), dtype=dtype, seed=self.seed)
        limit = math.sqrt(3.0 * variance)
        return mk_random.uniform(shape, -limit, limit, dtype=dtype, seed=self.seed)

    def get_config(self) -> dict[str, Any]:
        return {
            **super().get_config(),
            "scale": self.scale,
            "mode": self.mode,
            "distribution": self.distribution,
            "input_axes": self.input_axes,
            "output_axes": self.output_axes,
        }


class _VarianceScalingPreset(VarianceScaling):
    """A VarianceScaling with fixed scale, mode and distribution; only the seed and axes are configurable."""

    _scale: float
    _mode: str
    _distribution: str

    def __init__(self, seed: int | SeedGenerator | None = None, input_axes: Axes = None, output_axes: Axes = None):
        super().__init__(
            scale=self._scale,
            mode=self._mode,
            distribution=self._distribution,
            seed=seed,
            input_axes=input_axes,
            output_axes=output_axes,
        )

    def get_config(self) -> dict[str, Any]:
        return {
            "seed": RandomInitializer.get_config(self)["seed"],
            "input_axes": self.input_axes,
            "output_axes": self.output_axes,
        }


@register_builtin(MODULE)
class GlorotNormal(_VarianceScalingPreset):
    """Glorot (Xavier) normal: truncated normal with variance ``1 / fan_avg``.

    Args:
        seed: ``None``, an int (same values on every call) or a ``SeedGenerator``.
        input_axes: with ``output_axes``, the axes that make ``fan_in``.
        output_axes: with ``input_axes``, the axes that make ``fan_out``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     x = mk.ops.convert_to_numpy(mk.initializers.GlorotNormal(seed=0)((200, 300)))
        >>> round(float(x.std()), 2)   # sqrt(2 / (200 + 300)) = 0.063
        0.06
    """

    _scale, _mode, _distribution = 1.0, "fan_avg", "truncated_normal"


@register_builtin(MODULE)
class GlorotUniform(_VarianceScalingPreset):
    """Glorot (Xavier) uniform: uniform on ``[-limit, limit)``, ``limit = sqrt(6 / (fan_in + fan_out))``.

    Args:
        seed: ``None``, an int (same values on every call) or a ``SeedGenerator``.
        input_axes: with ``output_axes``, the axes that make ``fan_in``.
        output_axes: with ``input_axes``, the axes that make ``fan_out``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     x = mk.ops.convert_to_numpy(mk.initializers.GlorotUniform(seed=0)((200, 300)))
        >>> bool(abs(x).max() <= (6 / 500) ** 0.5)
        True
    """

    _scale, _mode, _distribution = 1.0, "fan_avg", "uniform"


@register_builtin(MODULE)
class HeNormal(_VarianceScalingPreset):
    """He normal: truncated normal with variance ``2 / fan_in``.

    Args:
        seed: ``None``, an int (same values on every call) or a ``SeedGenerator``.
        input_axes: with ``output_axes``, the axes that make ``fan_in``.
        output_axes: with ``input_axes``, the axes that make ``fan_out``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     x = mk.ops.convert_to_numpy(mk.initializers.HeNormal(seed=0)((200, 300)))
        >>> round(float(x.std()), 2)   # sqrt(2 / 200) = 0.1
        0.1
    """

    _scale, _mode, _distribution = 2.0, "fan_in", "truncated_normal"


@register_builtin(MODULE)
class HeUniform(_VarianceScalingPreset):
    """He uniform: uniform on ``[-limit, limit)``, ``limit = sqrt(6 / fan_in)``.

    Args:
        seed: ``None``, an int (same values on every call) or a ``SeedGenerator``.
        input_axes: with ``output_axes``, the axes that make ``fan_in``.
        output_axes: with ``input_axes``, the axes that make ``fan_out``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     x = mk.ops.convert_to_numpy(mk.initializers.HeUniform(seed=0)((200, 300)))
        >>> bool(abs(x).max() <= (6 / 200) ** 0.5)
        True
    """

    _scale, _mode, _distribution = 2.0, "fan_in", "uniform"


@register_builtin(MODULE)
class LecunNormal(_VarianceScalingPreset):
    """LeCun normal: truncated normal with variance ``1 / fan_in``.

    Args:
        seed: ``None``, an int (same values on every call) or a ``SeedGenerator``.
        input_axes: with ``output_axes``, the axes that make ``fan_in``.
        output_axes: with ``input_axes``, the axes that make ``fan_out``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     x = mk.ops.convert_to_numpy(mk.initializers.LecunNormal(seed=0)((100, 300)))
        >>> round(float(x.std()), 2)   # sqrt(1 / 100) = 0.1
        0.1
    """

    _scale, _mode, _distribution = 1.0, "fan_in", "truncated_normal"


@register_builtin(MODULE)
class LecunUniform(_VarianceScalingPreset):
    """LeCun uniform: uniform on ``[-limit, limit)``, ``limit = sqrt(3 / fan_in)``.

    Args:
        seed: ``None``, an int (same values on every call) or a ``SeedGenerator``.
        input_axes: with ``output_axes``, the axes that make ``fan_in``.
        output_axes: with ``input_axes``, the axes that make ``fan_out``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     x = mk.ops.convert_to_numpy(mk.initializers.LecunUniform(seed=0)((300, 200)))
        >>> bool(abs(x).max() <= 0.1)   # limit = sqrt(3 / 300)
        True
    """

    _scale, _mode, _distribution = 1.0, "fan_in", "uniform"
