"""Neural-network ops of the JAX backend (``jax.nn`` / ``jax.lax``)."""

from __future__ import annotations

import functools
import itertools
import math as pymath
from collections.abc import Sequence
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from multikeras.backend import config, ctc, dtypes
from multikeras.backend.errors import KernelUnavailableError
from multikeras.backend.windows import (
    adaptive_output_size,
    check_fold_input,
    check_unfold_input,
    check_valid_window,
    unfold_geometry,
)
from multikeras.backends.jax.core import Array, convert_to_tensor, floatx_dtype, to_jax_dtype
from multikeras.backends.jax.numpy import _FLOATLIKE, _float_input

tensor = convert_to_tensor


# ------------------------------------------------------------------ activations


def _int_or_float(x: Any) -> Array:
    """Ints keep their dtype (as Keras), bools become int32."""
    x = tensor(x)
    return x.astype(np.int32) if x.dtype == np.dtype(bool) else x


def relu(x: Any) -> Array:
    return jax.nn.relu(_float_input(x))


def relu6(x: Any) -> Array:
    return jax.nn.relu6(_float_input(x))


def sigmoid(x: Any) -> Array:
    return jax.nn.sigmoid(_float_input(x))


def sparse_sigmoid(x: Any) -> Array:
    x = _float_input(x)
    return jnp.clip(0.5 * (x + 1), 0, 1).astype(x.dtype)


def softplus(x: Any) -> Array:
    return jax.nn.softplus(_float_input(x))


def softsign(x: Any) -> Array:
    return jax.nn.soft_sign(_float_input(x))


def silu(x: Any) -> Array:
    return jax.nn.silu(_float_input(x))


def swish(x: Any) -> Array:
    return jax.nn.silu(_float_input(x))


def log_sigmoid(x: Any) -> Array:
    return jax.nn.log_sigmoid(_float_input(x))


def leaky_relu(x: Any, negative_slope: float = 0.2) -> Array:
    return jax.nn.leaky_relu(_float_input(x), negative_slope=negative_slope)


def hard_sigmoid(x: Any) -> Array:
    return jax.nn.hard_sigmoid(_float_input(x))


def hard_silu(x: Any) -> Array:
    return jax.nn.hard_silu(_float_input(x))


def hard_swish(x: Any) -> Array:
    return jax.nn.hard_silu(_float_input(x))


def elu(x: Any, alpha: float = 1.0) -> Array:
    return jax.nn.elu(_float_input(x), alpha=alpha)


def selu(x: Any) -> Array:
    return jax.nn.selu(_float_input(x))


def gelu(x: Any, approximate: bool = True) -> Array:
    return jax.nn.gelu(_float_input(x), approximate=approximate)


def celu(x: Any, alpha: float = 1.0) -> Array:
    return jax.nn.celu(_float_input(x), alpha=alpha)


def glu(x: Any, axis: int = -1) -> Array:
    x = _float_input(x)
    if x.shape[axis] % 2:
        raise ValueError(f"glu: axis {axis} must have an even size, received shape {x.shape}")
    return jax.nn.glu(x, axis=axis)


def hard_tanh(x: Any) -> Array:
    return jax.nn.hard_tanh(_float_input(x))


def hard_shrink(x: Any, threshold: float = 0.5) -> Array:
    x = _float_input(x)
    return jnp.where(jnp.abs(x) > threshold, x, jnp.zeros_like(x))


def soft_shrink(x: Any, threshold: float = 0.5) -> Array:
    x = _float_input(x)
    return jnp.where(x > threshold, x - threshold, jnp.where(x < -threshold, x + threshold, jnp.zeros_like(x)))


def tanh_shrink(x: Any) -> Array:
    x = _float_input(x)
    return x - jnp.tanh(x)


def threshold(x: Any, threshold: float, default_value: float) -> Array:
    x = _int_or_float(x)
    return jnp.where(x > threshold, x, jnp.asarray(default_value).astype(x.dtype))


def squareplus(x: Any, b: float = 4) -> Array:
    x = _float_input(x)
    return (x + jnp.sqrt(jnp.square(x) + jnp.asarray(b, x.dtype))) / 2


def sparse_plus(x: Any) -> Array:
    x = _float_input(x)
    return jnp.where(x <= -1, jnp.zeros_like(x), jnp.where(x >= 1, x, jnp.square(x + 1) / 4))


def _check_axis(x: Array, axis: int) -> None:
    if not -x.ndim <= axis < x.ndim:
        raise ValueError(f"axis {axis} is out of bounds for an array of rank {x.ndim}")


def softmax(x: Any, axis: int = -1) -> Array:
    x = _float_input(x)
    if axis is not None and not isinstance(axis, (tuple, list)):
        _check_axis(x, axis)
    return jax.nn.softmax(x, axis=tuple(axis) if isinstance(axis, list) else axis)


def log_softmax(x: Any, axis: int = -1) -> Array:
    x = _float_input(x)
    if axis is not None and not isinstance(axis, (tuple, list)):
        _check_axis(x, axis)
    return jax.nn.log_softmax(x, axis=tuple(axis) if isinstance(axis, list) else axis)


def sparsemax(x: Any, axis: int = -1) -> Array:
    x = _float_input(x)
    _check_axis(x, axis)
    moved = jnp.moveaxis(x, axis, -1)
    ordered = -jnp.sort(-moved, axis=-1)
    ranks = jnp.arange(1, moved.shape[-1] + 1, dtype=moved.dtype)
    cumulative = jnp.cumsum(ordered, axis=-1)
    in_support = 1 + ranks * ordered > cumulative
    support = jnp.sum(in_support, axis=-1, keepdims=True)
    tau = (jnp.take_along_axis(cumulative, support - 1, axis=-1) - 1) / support.astype(moved.dtype)
    return jnp.moveaxis(jnp.maximum(moved - tau, 0), -1, axis)


def polar(abs_: Any, angle: Any) -> Array:
    dtype = to_jax_dtype(dtypes.float_result(abs_, angle))
    magnitude, phase = tensor(abs_, dtype), tensor(angle, dtype)
    return jax.lax.complex(magnitude * jnp.cos(phase), magnitude * jnp.sin(phase))


# ---------------------------------------------------------------- normalization


def normalize(x: Any, axis: int = -1, order: int = 2, epsilon: float | None = None) -> Array:
    x = _float_input(x)
    eps = config.epsilon() if epsilon is None else epsilon
    norm = jnp.linalg.norm(x, ord=order, axis=axis, keepdims=True)
    return x / jnp.maximum(norm, jnp.asarray(eps, x.dtype))


def moments(x: Any, axes: Any, keepdims: bool = False) -> tuple[Array, Array]:
    x = _float_input(x)
    axes = tuple(axes) if isinstance(axes, (list, tuple)) else (axes,)
    for a in axes:
        _check_axis(x, a)
    work = x.astype(np.float32) if x.dtype in (np.dtype("float16"), to_jax_dtype("bfloat16")) else x
    mean = jnp.mean(work, axis=axes, keepdims=True)
    variance = jnp.mean(jnp.square(work - jax.lax.stop_gradient(mean)), axis=axes, keepdims=True)
    if not keepdims:
        mean, variance = jnp.squeeze(mean, axes), jnp.squeeze(variance, axes)
    return mean.astype(x.dtype), variance.astype(x.dtype)


def _along(v: Any, x: Array, axis: int, dtype: Any) -> Array:
    v = tensor(v, dtype)
    if v.ndim == 1 and x.ndim > 1:
        shape = [1] * x.ndim
        shape[axis] = v.shape[0]
        return v.reshape(shape)
    return v


def batch_normalization(x: Any, mean: Any, variance: Any, axis: int, offset: Any = None, scale: Any = None, epsilon: float = 1e-3) -> Array:
    x = _float_input(x)
    _check_axis(x, axis)
    inv = jax.lax.rsqrt(_along(variance, x, axis, x.dtype) + jnp.asarray(epsilon, x.dtype))
    if scale is not None:
        inv = inv * _along(scale, x, axis, x.dtype)
    result = (x - _along(mean, x, axis, x.dtype)) * inv
    if offset is not None:
        result = result + _along(offset, x, axis, x.dtype)
    return result


def layer_normalization(x: Any, gamma: Any = None, beta: Any = None, axis: int = -1, epsilon: float | None = None) -> Array:
    x = _float_input(x)
    eps = config.epsilon() if epsilon is None else epsilon
    axes = tuple(axis) if isinstance(axis, (list, tuple)) else (axis,)
    for a in axes:
        _check_axis(x, a)
    work = x.astype(np.float32) if x.dtype in (np.dtype("float16"), to_jax_dtype("bfloat16")) else x
    mean = jnp.mean(work, axis=axes, keepdims=True)
    variance = jnp.var(work, axis=axes, keepdims=True)
    result = (work - mean) * jax.lax.rsqrt(variance + eps)
    if gamma is not None:
        result = result * _broadcast_param(gamma, work, axes)
    if beta is not None:
        result = result + _broadcast_param(beta, work, axes)
    return result.astype(x.dtype)


def _broadcast_param(p: Any, x: Array, axes: tuple[int, ...]) -> Array:
    p = tensor(p, x.dtype)
    if len(axes) == 1 and p.ndim == 1 and x.ndim > 1:
        shape = [1] * x.ndim
        shape[axes[0]] = p.shape[0]
        return p.reshape(shape)
    return p


def rms_normalization(x: Any, scale: Any = None, axis: int = -1, epsilon: float | None = None) -> Array:
    x = _float_input(x)
    eps = config.epsilon() if epsilon is None else epsilon
    axes = tuple(axis) if isinstance(axis, (list, tuple)) else (axis,)
    for a in axes:
        _check_axis(x, a)
    work = x.astype(np.float32) if x.dtype in (np.dtype("float16"), to_jax_dtype("bfloat16")) else x
    result = work * jax.lax.rsqrt(jnp.mean(jnp.square(work), axis=axes, keepdims=True) + eps)
    if scale is not None:
        result = result * _broadcast_param(scale, work, axes)
    return result.astype(x.dtype)


# ----------------------------------------------------------------------- losses


def _clip_probabilities(output: Array) -> Array:
    eps = config.epsilon()
    return jnp.clip(output, eps, 1.0 - eps)


def binary_crossentropy(target: Any, output: Any, from_logits: bool = False) -> Array:
    output = _float_input(output)
    target = tensor(target, output.dtype)
    if target.shape != output.shape:
        raise ValueError(f"binary_crossentropy: `target` and `output` must share a shape, received {target.shape} and {output.shape}")
    if from_logits:
        log_p = jax.nn.log_sigmoid(output)
        log_not_p = jax.nn.log_sigmoid(-output)
    else:
        p = _clip_probabilities(output)
        log_p, log_not_p = jnp.log(p), jnp.log1p(-p)
    return -(target * log_p + (1 - target) * log_not_p)


def categorical_crossentropy(target: Any, output: Any, from_logits: bool = False, axis: int = -1) -> Array:
    output = _float_input(output)
    target = tensor(target, output.dtype)
    if target.shape != output.shape:
        raise ValueError(f"categorical_crossentropy: `target` and `output` must share a shape, received {target.shape} and {output.shape}")
    _check_axis(output, axis)
    if from_logits:
        log_p = jax.nn.log_softmax(output, axis=axis)
    else:
        log_p = jnp.log(_clip_probabilities(output / jnp.sum(output, axis=axis, keepdims=True)))
    return -jnp.sum(target * log_p, axis=axis)


def sparse_categorical_crossentropy(target: Any, output: Any, from_logits: bool = False, axis: int = -1) -> Array:
    output = _float_input(output)
    target = tensor(target)
    if target.ndim == output.ndim and target.shape[-1] == 1:
        target = jnp.squeeze(target, -1)
    if target.shape != output.shape[:axis] + output.shape[axis:][1:] and target.ndim != output.ndim - 1:
        raise ValueError(f"sparse_categorical_crossentropy: `target` shape {target.shape} does not match `output` shape {output.shape}")
    _check_axis(output, axis)
    if from_logits:
        log_p = jax.nn.log_softmax(output, axis=axis)
    else:
        log_p = jnp.log(_clip_probabilities(output / jnp.sum(output, axis=axis, keepdims=True)))
    hot = jax.nn.one_hot(target.astype(jnp.int32), output.shape[axis], axis=axis, dtype=output.dtype)
    return -jnp.sum(hot * log_p, axis=axis)


def psnr(x1: Any, x2: Any, max_val: float) -> Array:
    dtype = to_jax_dtype(dtypes.float_result(x1, x2))
    x1, x2 = tensor(x1, dtype), tensor(x2, dtype)
    if x1.shape != x2.shape:
        raise ValueError(f"psnr: inputs must share a shape, received {x1.shape} and {x2.shape}")
    mse = jnp.mean(jnp.square(x1 - x2))
    return (20 * jnp.log10(jnp.asarray(max_val, dtype)) - 10 * jnp.log10(mse)).astype(dtype)


def ctc_loss(target: Any, output: Any, target_length: Any, output_length: Any, mask_index: int = 0) -> Array:
    """Negative log-likelihood of each label sequence under CTC; ``output`` holds logits."""
    output = _float_input(output)
    target = tensor(target).astype(jnp.int32)
    target_length = tensor(target_length).astype(jnp.int32)
    output_length = tensor(output_length).astype(jnp.int32)
    log_probs = jax.nn.log_softmax(output, axis=-1)
    batch, steps, _ = log_probs.shape
    labels = target.shape[1]
    extended = 2 * labels + 1
    blank = jnp.asarray(mask_index, jnp.int32)
    # Extended label sequence: blank, l1, blank, l2, ..., blank.
    ext = jnp.full((batch, extended), blank).at[:, 1::2].set(target)
    ext_length = 2 * target_length + 1
    neg_inf = jnp.asarray(-1e30, log_probs.dtype)
    same_as_two_back = jnp.concatenate([jnp.ones((batch, 2), bool), ext[:, 2:] == ext[:, :-2]], axis=1)
    can_skip = jnp.logical_and(ext != blank, jnp.logical_not(same_as_two_back))
    positions = jnp.arange(extended)

    def emissions(t: Any) -> Array:
        return jnp.take_along_axis(log_probs[:, t, :], ext, axis=1)

    alpha0 = jnp.where(positions[None, :] < 2, emissions(0), neg_inf)
    alpha0 = jnp.where(positions[None, :] < ext_length[:, None], alpha0, neg_inf)

    def step(alpha: Array, t: Any) -> tuple[Array, None]:
        shift1 = jnp.concatenate([jnp.full((batch, 1), neg_inf), alpha[:, :-1]], axis=1)
        shift2 = jnp.concatenate([jnp.full((batch, 2), neg_inf), alpha[:, :-2]], axis=1)
        shift2 = jnp.where(can_skip, shift2, neg_inf)
        combined = jnp.logaddexp(jnp.logaddexp(alpha, shift1), shift2) + emissions(t)
        combined = jnp.where(positions[None, :] < ext_length[:, None], combined, neg_inf)
        active = (t < output_length)[:, None]
        return jnp.where(active, combined, alpha), None

    alpha, _ = jax.lax.scan(step, alpha0, jnp.arange(1, steps))
    last = jnp.take_along_axis(alpha, (ext_length - 1)[:, None], axis=1)[:, 0]
    before_last = jnp.take_along_axis(alpha, jnp.maximum(ext_length - 2, 0)[:, None], axis=1)[:, 0]
    before_last = jnp.where(ext_length >= 2, before_last, neg_inf)
    return -jnp.logaddexp(last, before_last)


def ctc_decode(
    inputs: Any,
    sequence_lengths: Any,
    strategy: str = "greedy",
    beam_width: int = 100,
    top_paths: int = 1,
    merge_repeated: bool = True,
    mask_index: int | None = 0,
) -> tuple[Array, Array]:
    """CTC decoding of logits ``(batch, time, classes)``, greedy or beam search (``backend.ctc``); jittable."""
    inputs = tensor(inputs)
    lengths = tensor(sequence_lengths)
    blank = ctc.check_decode_arguments(
        tuple(inputs.shape), dtypes.standardize_dtype(inputs.dtype), tuple(lengths.shape), strategy, beam_width,
        top_paths, mask_index,
    )
    score_dtype = to_jax_dtype(dtypes.float_result(inputs))
    lengths = jnp.clip(lengths.astype(jnp.int32), 0, inputs.shape[1])
    if strategy == "greedy":
        decoded, scores = _ctc_greedy(inputs, lengths, bool(merge_repeated), blank)
    else:
        decoded, scores = _ctc_beam_search(inputs, lengths, int(beam_width), int(top_paths), blank)
    return decoded, scores.astype(score_dtype)


def _ctc_greedy_program(inputs: Array, lengths: Array, merge_repeated: bool, blank: int) -> tuple[Array, Array]:
    batch, max_time, _ = inputs.shape
    labels = jnp.argmax(inputs, axis=-1).astype(jnp.int32)
    valid = jnp.arange(max_time, dtype=jnp.int32)[None, :] < lengths[:, None]
    keep = valid & (labels != blank)
    if merge_repeated:
        repeated = jnp.concatenate([jnp.zeros((batch, 1), bool), labels[:, 1:] == labels[:, :-1]], axis=1)
        keep = keep & ~repeated
    # kept labels move to the front of their row; the others land in a spare last column
    slots = jnp.where(keep, jnp.cumsum(keep, axis=1, dtype=jnp.int32) - 1, max_time)
    rows = jnp.arange(batch, dtype=jnp.int32)[:, None]
    decoded = jnp.full((batch, max_time + 1), -1, jnp.int32).at[rows, slots].set(labels)[:, :max_time]
    accumulate = jnp.float64 if inputs.dtype == jnp.float64 else jnp.float32
    best = jnp.max(inputs, axis=-1).astype(accumulate)
    scores = 0.0 - jnp.sum(jnp.where(valid, best, 0.0), axis=1, keepdims=True)
    return decoded[None], scores


def _put_along_last_axis(array: Array, indices: Array, value: Any) -> Array:
    return jnp.put_along_axis(array, indices, value, axis=-1, inplace=False)


def _top_indices(scores: Array, k: int) -> Array:
    return jax.lax.top_k(scores, k)[1]  # equal scores keep index order, as backend.ctc requires


def _ctc_beam_search_program(inputs: Array, lengths: Array, beam_width: int, top_paths: int, blank: int) -> tuple[Array, Array]:
    batch, max_time, _ = inputs.shape
    work = jnp.float64 if inputs.dtype == jnp.float64 else jnp.float32
    log_probs = jax.nn.log_softmax(inputs.astype(work), axis=-1)

    def step(t: Array, state: ctc.BeamState) -> ctc.BeamState:
        return ctc.beam_step(jnp, _put_along_last_axis, _top_indices, state, log_probs[:, t, :], t < lengths, blank)

    state = ctc.initial_beam(jnp, batch, beam_width, max_time, work)
    if max_time:  # the loop body indexes a time step, which an empty time axis does not have
        state = jax.lax.fori_loop(0, max_time, step, state)
    return ctc.beam_result(jnp, state, top_paths)


# One compiled program per configuration, so that eager calls do not dispatch op by op.
_ctc_greedy = jax.jit(_ctc_greedy_program, static_argnums=(2, 3))
_ctc_beam_search = jax.jit(_ctc_beam_search_program, static_argnums=(2, 3, 4))


# ---------------------------------------------------------------------- one-hot


def one_hot(x: Any, num_classes: int, axis: int = -1, dtype: Any = None) -> Array:
    x = tensor(x)
    out = floatx_dtype() if dtype is None else to_jax_dtype(dtype)
    return jax.nn.one_hot(x, int(num_classes), dtype=out, axis=axis)


def multi_hot(inputs: Any, num_classes: int | None = None, axis: int = -1, dtype: Any = None) -> Array:
    if num_classes is None:
        raise ValueError("multi_hot: expected an integer `num_classes`, received None")
    inputs = tensor(inputs)
    out = floatx_dtype() if dtype is None else to_jax_dtype(dtype)
    # Keras 3: one_hot along `axis`, then max over axis 1 (0 for a single sample).
    if inputs.ndim == 0:
        inputs = inputs[None]
    hot = jax.nn.one_hot(inputs, int(num_classes), dtype=out, axis=axis)
    return jnp.max(hot, axis=1 if inputs.ndim > 1 else 0)


# ------------------------------------------------------------------ convolution


def _tuple(value: Any, rank: int, name: str) -> tuple[int, ...]:
    if isinstance(value, (int, np.integer)):
        return (int(value),) * rank
    value = tuple(int(v) for v in value)
    if len(value) == 1:
        return value * rank
    if len(value) != rank:
        raise ValueError(f"expected `{name}` of length {rank}, received {value}")
    return value


def _channels_first(data_format: str | None) -> bool:
    return config.standardize_data_format(data_format) == "channels_first"


def _dimension_numbers(rank: int, channels_first: bool) -> tuple[str, str, str]:
    spatial = "DHW"[-rank:] if rank <= 3 else None
    if spatial is None:
        raise ValueError(f"convolution over {rank} spatial dimensions is not supported (1 to 3)")
    lhs = "NC" + spatial if channels_first else "N" + spatial + "C"
    return lhs, spatial + "IO", lhs


def _padding(padding: str) -> str:
    padding = padding.lower()
    if padding not in ("valid", "same"):
        raise ValueError(f"`padding` expected 'valid' or 'same', received {padding!r}")
    return padding.upper()


def _conv_inputs(inputs: Any, kernel: Any) -> tuple[Array, Array]:
    dtype = to_jax_dtype(dtypes.result_type(inputs, kernel))
    if dtype not in _FLOATLIKE:
        dtype = floatx_dtype()
    return tensor(inputs, dtype), tensor(kernel, dtype)


def conv(inputs: Any, kernel: Any, strides: Any = 1, padding: str = "valid", data_format: str | None = None, dilation_rate: Any = 1) -> Array:
    inputs, kernel = _conv_inputs(inputs, kernel)
    rank = inputs.ndim - 2
    if kernel.ndim != rank + 2:
        raise ValueError(f"conv: `kernel` of rank {rank + 2} expected for inputs of shape {inputs.shape}, received shape {kernel.shape}")
    first = _channels_first(data_format)
    channels = inputs.shape[1] if first else inputs.shape[-1]
    if channels % kernel.shape[-2]:
        raise ValueError(f"conv: input channels {channels} are not a multiple of the kernel's {kernel.shape[-2]}")
    spatial = inputs.shape[2:] if first else inputs.shape[1:-1]
    check_valid_window("conv", spatial, kernel.shape[:rank], dilation_rate, padding)
    return jax.lax.conv_general_dilated(
        inputs,
        kernel,
        window_strides=_tuple(strides, rank, "strides"),
        padding=_padding(padding),
        rhs_dilation=_tuple(dilation_rate, rank, "dilation_rate"),
        dimension_numbers=_dimension_numbers(rank, first),
        feature_group_count=channels // kernel.shape[-2],
    )


def depthwise_conv(inputs: Any, kernel: Any, strides: Any = 1, padding: str = "valid", data_format: str | None = None, dilation_rate: Any = 1) -> Array:
    inputs, kernel = _conv_inputs(inputs, kernel)
    rank = inputs.ndim - 2
    first = _channels_first(data_format)
    channels = inputs.shape[1] if first else inputs.shape[-1]
    if kernel.shape[-2] != channels:
        raise ValueError(f"depthwise_conv: kernel shape {kernel.shape} does not match {channels} input channels")
    spatial = inputs.shape[2:] if first else inputs.shape[1:-1]
    check_valid_window("depthwise_conv", spatial, kernel.shape[:rank], dilation_rate, padding)
    kernel = kernel.reshape(kernel.shape[:-2] + (1, channels * kernel.shape[-1]))
    return jax.lax.conv_general_dilated(
        inputs,
        kernel,
        window_strides=_tuple(strides, rank, "strides"),
        padding=_padding(padding),
        rhs_dilation=_tuple(dilation_rate, rank, "dilation_rate"),
        dimension_numbers=_dimension_numbers(rank, first),
        feature_group_count=channels,
    )


def separable_conv(
    inputs: Any,
    depthwise_kernel: Any,
    pointwise_kernel: Any,
    strides: Any = 1,
    padding: str = "valid",
    data_format: str | None = None,
    dilation_rate: Any = 1,
) -> Array:
    depthwise = depthwise_conv(inputs, depthwise_kernel, strides, padding, data_format, dilation_rate)
    return conv(depthwise, pointwise_kernel, 1, "valid", data_format, 1)


def _transpose_padding(length: int, kernel: int, stride: int, dilation: int, padding: str, output_padding: int | None) -> tuple[int, int]:
    """Padding (before, after) of the stride-dilated input for one spatial dimension."""
    effective = (kernel - 1) * dilation + 1
    if output_padding is None:
        out = length * stride + max(effective - stride, 0) if padding == "valid" else length * stride
    elif padding == "valid":
        out = (length - 1) * stride + effective + output_padding
    else:
        out = (length - 1) * stride + effective - 2 * (effective // 2) + output_padding
    if padding == "valid":
        forward_before = 0
    else:
        forward_before = max((length - 1) * stride + effective - out, 0) // 2
    before = effective - 1 - forward_before
    dilated = (length - 1) * stride + 1
    after = out - dilated + effective - 1 - before
    return before, after


def conv_transpose(
    inputs: Any,
    kernel: Any,
    strides: Any = 1,
    padding: str = "valid",
    output_padding: Any = None,
    data_format: str | None = None,
    dilation_rate: Any = 1,
) -> Array:
    inputs, kernel = _conv_inputs(inputs, kernel)
    rank = inputs.ndim - 2
    first = _channels_first(data_format)
    strides_t = _tuple(strides, rank, "strides")
    dilation = _tuple(dilation_rate, rank, "dilation_rate")
    pads_out = [None] * rank if output_padding is None else list(_tuple(output_padding, rank, "output_padding"))
    spatial = inputs.shape[2:] if first else inputs.shape[1:-1]
    mode = _padding(padding).lower()
    pads = [
        _transpose_padding(spatial[i], kernel.shape[i], strides_t[i], dilation[i], mode, pads_out[i]) for i in range(rank)
    ]
    # Transposed conv = conv of the stride-dilated input with the spatially flipped kernel, (out, in) swapped to (in, out).
    flipped = jnp.flip(kernel, axis=tuple(range(rank)))
    flipped = jnp.swapaxes(flipped, -1, -2)
    return jax.lax.conv_general_dilated(
        inputs,
        flipped,
        window_strides=(1,) * rank,
        padding=pads,
        lhs_dilation=strides_t,
        rhs_dilation=dilation,
        dimension_numbers=_dimension_numbers(rank, first),
    )


# ---------------------------------------------------------------------- pooling


def _pool_setup(inputs: Any, pool_size: Any, strides: Any, data_format: str | None) -> tuple[Array, bool, tuple[int, ...], tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    inputs = tensor(inputs)
    rank = inputs.ndim - 2
    if rank < 1:
        raise ValueError(f"pooling expects inputs of rank >= 3, received shape {inputs.shape}")
    pool = _tuple(pool_size, rank, "pool_size")
    stride = pool if strides is None else _tuple(strides, rank, "strides")
    first = _channels_first(data_format)
    window = (1, 1) + pool if first else (1,) + pool + (1,)
    step = (1, 1) + stride if first else (1,) + stride + (1,)
    return inputs, first, pool, stride, window, step


def max_pool(inputs: Any, pool_size: Any, strides: Any = None, padding: str = "valid", data_format: str | None = None) -> Array:
    inputs, first, pool, _, window, step = _pool_setup(inputs, pool_size, strides, data_format)
    check_valid_window("max_pool", inputs.shape[2:] if first else inputs.shape[1:-1], pool, 1, padding, "pool")
    if inputs.dtype == jnp.bool_:
        # bool: True where any element of the window is (padding never wins).
        init = np.bool_(False)
        return jax.lax.reduce_window(inputs, init, jax.lax.bitwise_or, window, step, _padding(padding))
    # The initial value is a host (NumPy) scalar so that JAX sees a known max monoid and
    # can differentiate the reduction; a traced init value would make it opaque to autodiff.
    if inputs.dtype in _FLOATLIKE:
        if _tiles_cover(inputs, first, pool, step, window, padding):
            return _max_over_tiles_compiled(inputs, pool, first)
        init = np.array(-np.inf, inputs.dtype)
    else:
        init = np.array(np.iinfo(inputs.dtype).min, inputs.dtype)
    return jax.lax.reduce_window(inputs, init, jax.lax.max, window, step, _padding(padding))


# Max pooling over non-overlapping windows. ``reduce_window``'s gradient is XLA's ``select_and_scatter``,
# which XLA:CPU runs as a slow generic loop: on the W3 benchmark (two 2x2 poolings after convolutions) it
# took more than half of the training step. Windows that tile the input (strides equal to the pool size,
# no padding) are instead reshaped into axes of their own and reduced with ``max``. The derivative is
# written out as a JVP (so forward mode works too, and JAX transposes it for the gradient): it passes each
# window's tangent at the window's first maximum in row-major order, as ``reduce_window``'s, torch's and
# TensorFlow's gradients do (``jnp.max``'s own derivative would average over tied maxima).

_MAX_TILE_POSITIONS = 64  # larger windows keep reduce_window: the derivative below slices every position


def _tiles_cover(inputs: Array, first: bool, pool: tuple[int, ...], step: tuple[int, ...],
                 window: tuple[int, ...], padding: str) -> bool:
    """Whether the pooling windows tile the input: real floats, strides equal to the pool size, and no
    padding (``"valid"``, or ``"same"`` where every spatial size is a multiple of the pool size)."""
    if step != window or not jnp.issubdtype(inputs.dtype, jnp.floating) or pymath.prod(pool) > _MAX_TILE_POSITIONS:
        return False
    if _padding(padding) == "VALID":
        return True
    spatial = inputs.shape[2:] if first else inputs.shape[1:-1]
    return all(size % p == 0 for size, p in zip(spatial, pool))


def _tile_view(inputs: Array, pool: tuple[int, ...], first: bool) -> tuple[Array, tuple[int, ...]]:
    """``inputs`` without the remainder that no window covers, reshaped so that every spatial axis of
    size ``o * p`` becomes two axes ``(o, p)``; and the positions of the ``p`` axes."""
    start = 2 if first else 1
    covered = tuple(slice(0, inputs.shape[start + i] // p * p) for i, p in enumerate(pool))
    cropped = inputs[(slice(None),) * start + covered]
    shape: list[int] = list(cropped.shape[:start])
    for i, p in enumerate(pool):
        shape += [cropped.shape[start + i] // p, p]
    shape += cropped.shape[start + len(pool):]
    return cropped.reshape(shape), tuple(start + 2 * i + 1 for i in range(len(pool)))


def _first_maxima(tiles: Array, outputs: Array, window_axes: tuple[int, ...], pool: tuple[int, ...]) -> Array:
    """A bool mask in the tiles' layout: True at the first maximum of each window (row-major order)."""
    # A window's maxima are where it equals its output; a NaN output comes from the window's first NaN.
    maximal = (tiles == jnp.expand_dims(outputs, window_axes)) | (tiles != tiles)
    seen = jnp.zeros(outputs.shape, bool)
    firsts = []
    for position in itertools.product(*(range(p) for p in pool)):
        index: list[Any] = [slice(None)] * tiles.ndim
        for axis, offset in zip(window_axes, position):
            index[axis] = offset
        here = maximal[tuple(index)]
        firsts.append(here & ~seen)
        seen = seen | here
    # Back to the tiles' layout: the stacked positions (p1, p2, ...) go after their output axes.
    mask = jnp.stack(firsts, axis=-1).reshape(outputs.shape + pool)
    order = list(range(outputs.ndim))
    for i, axis in enumerate(window_axes):
        order.insert(axis, outputs.ndim + i)
    return mask.transpose(order)


@functools.partial(jax.custom_jvp, nondiff_argnums=(1, 2))
def _max_over_tiles(inputs: Array, pool: tuple[int, ...], first: bool) -> Array:
    """``max_pool`` with strides equal to ``pool`` and no padding, as a reshape and a ``max``.

    Example:
        >>> x = jnp.arange(16.0).reshape(1, 4, 4, 1)
        >>> _max_over_tiles(x, (2, 2), False)[0, :, :, 0].tolist()
        [[5.0, 7.0], [13.0, 15.0]]
    """
    tiles, window_axes = _tile_view(inputs, pool, first)
    return tiles.max(axis=window_axes)


@_max_over_tiles.defjvp
def _max_over_tiles_jvp(pool: tuple[int, ...], first: bool, primals: tuple[Array], tangents: tuple[Array]) -> tuple[Array, Array]:
    (inputs,), (tangent,) = primals, tangents
    tiles, window_axes = _tile_view(inputs, pool, first)
    outputs = tiles.max(axis=window_axes)
    tangent_tiles, _ = _tile_view(tangent, pool, first)
    picked = jnp.where(_first_maxima(tiles, outputs, window_axes, pool), tangent_tiles, jnp.zeros((), tangent.dtype))
    return outputs, picked.sum(axis=window_axes)


# One dispatch when called eagerly (the slicing, reshape and max would be three); inlined under a trace.
_max_over_tiles_compiled = jax.jit(_max_over_tiles, static_argnums=(1, 2))


def average_pool(inputs: Any, pool_size: Any, strides: Any = None, padding: str = "valid", data_format: str | None = None) -> Array:
    inputs, first, pool, _, window, step = _pool_setup(inputs, pool_size, strides, data_format)
    check_valid_window("average_pool", inputs.shape[2:] if first else inputs.shape[1:-1], pool, 1, padding, "pool")
    inputs = inputs if inputs.dtype in _FLOATLIKE else inputs.astype(floatx_dtype())
    pad = _padding(padding)
    zero = np.array(0, inputs.dtype)
    totals = jax.lax.reduce_window(inputs, zero, jax.lax.add, window, step, pad)
    if pad == "VALID":
        return totals / pymath.prod(window)
    # Windows that overlap the border average only their valid elements.
    counts = jax.lax.reduce_window(jnp.ones(inputs.shape, inputs.dtype), zero, jax.lax.add, window, step, pad)
    return totals / counts


def _adaptive(op: str, inputs: Any, output_size: Any, data_format: str | None, reduce: Any) -> Array:
    inputs = tensor(inputs)
    rank = inputs.ndim - 2
    sizes = adaptive_output_size(op, inputs.shape, output_size)
    first = _channels_first(data_format)
    x = inputs if first else jnp.moveaxis(inputs, -1, 1)
    for dim in range(rank):
        axis = 2 + dim
        length = x.shape[axis]
        pieces = []
        for i in range(sizes[dim]):
            start = (i * length) // sizes[dim]
            end = -((-(i + 1) * length) // sizes[dim])
            pieces.append(reduce(jax.lax.slice_in_dim(x, start, end, axis=axis), axis=axis, keepdims=True))
        x = jnp.concatenate(pieces, axis=axis)
    return x if first else jnp.moveaxis(x, 1, -1)


def adaptive_average_pool(inputs: Any, output_size: Any, data_format: str | None = None) -> Array:
    inputs = tensor(inputs)
    if inputs.dtype not in _FLOATLIKE:
        inputs = inputs.astype(floatx_dtype())
    return _adaptive("adaptive_average_pool", inputs, output_size, data_format, jnp.mean)


def adaptive_max_pool(inputs: Any, output_size: Any, data_format: str | None = None) -> Array:
    return _adaptive("adaptive_max_pool", inputs, output_size, data_format, jnp.max)


# ------------------------------------------------------------- depth <-> space


def depth_to_space(x: Any, block_size: int, data_format: str = "channels_last") -> Array:
    x = tensor(x)
    if x.ndim != 4:
        raise ValueError(f"depth_to_space: expected a 4-D input, received shape {x.shape}")
    b = int(block_size)
    first = config.standardize_data_format(data_format) == "channels_first"
    if first:
        n, c, h, w = x.shape
        if c % (b * b):
            raise ValueError(f"depth_to_space: channels {c} are not divisible by block_size**2 = {b * b}")
        # channels_first orders depth as (channel, row, col), as Keras does.
        x = x.reshape(n, c // (b * b), b, b, h, w).transpose(0, 1, 4, 2, 5, 3)
        return x.reshape(n, c // (b * b), h * b, w * b)
    n, h, w, c = x.shape
    if c % (b * b):
        raise ValueError(f"depth_to_space: channels {c} are not divisible by block_size**2 = {b * b}")
    x = x.reshape(n, h, w, b, b, c // (b * b)).transpose(0, 1, 3, 2, 4, 5)
    return x.reshape(n, h * b, w * b, c // (b * b))


def space_to_depth(x: Any, block_size: int, data_format: str = "channels_last") -> Array:
    x = tensor(x)
    if x.ndim != 4:
        raise ValueError(f"space_to_depth: expected a 4-D input, received shape {x.shape}")
    b = int(block_size)
    first = config.standardize_data_format(data_format) == "channels_first"
    if first:
        n, c, h, w = x.shape
        if h % b or w % b:
            raise ValueError(f"space_to_depth: spatial size {(h, w)} is not divisible by block_size {b}")
        x = x.reshape(n, c, h // b, b, w // b, b).transpose(0, 1, 3, 5, 2, 4)
        return x.reshape(n, c * b * b, h // b, w // b)
    n, h, w, c = x.shape
    if h % b or w % b:
        raise ValueError(f"space_to_depth: spatial size {(h, w)} is not divisible by block_size {b}")
    x = x.reshape(n, h // b, b, w // b, b, c).transpose(0, 1, 3, 2, 4, 5)
    return x.reshape(n, h // b, w // b, b * b * c)


# -------------------------------------------------------------------- attention


def dot_product_attention(
    query: Any,
    key: Any,
    value: Any,
    bias: Any = None,
    mask: Any = None,
    scale: float | None = None,
    is_causal: bool = False,
    flash_attention: bool | None = None,
    attn_logits_soft_cap: float | None = None,
) -> Array:
    dtype = to_jax_dtype(dtypes.float_result(query, key, value))
    query, key, value = tensor(query, dtype), tensor(key, dtype), tensor(value, dtype)
    squeeze_batch = query.ndim == 3
    if squeeze_batch:
        query, key, value = query[None], key[None], value[None]
    if query.ndim != 4 or key.ndim != 4 or value.ndim != 4:
        raise ValueError(
            f"dot_product_attention: expected (batch, length, heads, head_dim) inputs, received {query.shape}, {key.shape}, {value.shape}"
        )
    heads, kv_heads = query.shape[2], key.shape[2]
    if heads % kv_heads:
        raise ValueError(f"dot_product_attention: query heads {heads} are not a multiple of key heads {kv_heads}")
    if flash_attention:
        result = _attention_cudnn(query, key, value, bias, mask, scale, is_causal, attn_logits_soft_cap, squeeze_batch)
        return result[0] if squeeze_batch else result
    # None and False: XLA's formulation below (what jax.nn.dot_product_attention runs without cuDNN).
    if heads != kv_heads:
        key = jnp.repeat(key, heads // kv_heads, axis=2)
        value = jnp.repeat(value, heads // kv_heads, axis=2)
    work = np.dtype("float32") if dtype in (np.dtype("float16"), to_jax_dtype("bfloat16")) else dtype
    factor = 1.0 / pymath.sqrt(query.shape[-1]) if scale is None else scale
    logits = jnp.einsum("btnh,bsnh->bnts", query.astype(work), key.astype(work)) * jnp.asarray(factor, work)
    if attn_logits_soft_cap is not None:
        logits = attn_logits_soft_cap * jnp.tanh(logits / attn_logits_soft_cap)
    if bias is not None:
        bias = tensor(bias, work)
        logits = logits + (bias[None] if squeeze_batch and bias.ndim == 3 else bias)
    allowed = None
    if mask is not None:
        mask = tensor(mask).astype(bool)
        allowed = mask[None] if squeeze_batch and mask.ndim == 3 else mask
    if is_causal:
        t, s = logits.shape[-2], logits.shape[-1]
        causal = jnp.tril(jnp.ones((t, s), bool))
        allowed = causal if allowed is None else jnp.logical_and(allowed, causal)
    if allowed is not None:
        logits = jnp.where(allowed, logits, jnp.asarray(jnp.finfo(work).min, work))
    weights = jax.nn.softmax(logits, axis=-1)
    result = jnp.einsum("bnts,bsnh->btnh", weights, value.astype(work)).astype(dtype)
    return result[0] if squeeze_batch else result


def _attention_cudnn(
    query: Array, key: Array, value: Array, bias: Any, mask: Any, scale: Any, is_causal: bool,
    attn_logits_soft_cap: Any, squeeze_batch: bool,
) -> Array:
    """``flash_attention=True``: cuDNN's flash attention through ``jax.nn.dot_product_attention``, or a clear error.

    ``query``/``key``/``value`` are batched ``(B, T|S, heads, dim)``; a mask or bias given for unbatched
    inputs gets its batch axis here. cuDNN takes grouped key heads as they are.
    """
    def refuse(needed: str, cause: BaseException | None = None) -> KernelUnavailableError:
        error = KernelUnavailableError(
            "dot_product_attention", None, "flash_attention=True", _describe_inputs(query, key, value, bias, mask),
            needed, "flash_attention=None or False",
        )
        error.__cause__ = cause
        return error

    if attn_logits_soft_cap is not None:
        raise refuse(f"no flash kernel applies attn_logits_soft_cap (received {attn_logits_soft_cap!r})")
    if bias is not None:
        bias = tensor(bias, query.dtype)
        bias = bias[None] if squeeze_batch and bias.ndim == 3 else bias
    if mask is not None:
        mask = tensor(mask).astype(bool)
        mask = mask[None] if squeeze_batch and mask.ndim == 3 else mask
    try:
        return jax.nn.dot_product_attention(
            query, key, value, bias, mask, scale=None if scale is None else float(scale), is_causal=bool(is_causal),
            implementation="cudnn",
        )
    except (RuntimeError, ValueError, TypeError, NotImplementedError) as error:
        raise refuse(
            "jax.nn.dot_product_attention(implementation='cudnn') refused them "
            f"({type(error).__name__}: {error}); cuDNN flash attention needs a CUDA GPU with cuDNN, "
            "float16 or bfloat16 inputs and a head size within cuDNN's limits",
            error,
        ) from error


def _describe_inputs(query: Array, key: Array, value: Array, bias: Any, mask: Any) -> str:
    """``query float32 (2, 3, 2, 4) on cpu, ...``: what a refused kernel received (tracers: the default device)."""
    def device(x: Array) -> str:
        try:
            return ", ".join(sorted(str(d) for d in x.devices()))
        except Exception:  # a tracer inside jit has no device; XLA places it on the default backend
            return f"the default {jax.default_backend()} device"

    parts = [f"{name} {x.dtype} {tuple(x.shape)} on {device(x)}" for name, x in (("query", query), ("key", key), ("value", value))]
    parts += [f"{name} of shape {tuple(np.shape(x))}" for name, x in (("bias", bias), ("mask", mask)) if x is not None]
    return ", ".join(parts)


def _window_taps(x: Array, kernel: Any, dilation: Any, stride: Any, blocks: Any) -> list[Array]:
    """One strided slice of the padded ``(N, C, H, W)`` image per kernel tap, in (row, column) order."""
    (kh, kw), (dh, dw), (sh, sw), (bh, bw) = kernel, dilation, stride, blocks
    return [
        x[:, :, i * dh : i * dh + (bh - 1) * sh + 1 : sh, j * dw : j * dw + (bw - 1) * sw + 1 : sw]
        for i in range(kh)
        for j in range(kw)
    ]


def unfold(x: Any, kernel_size: Any, dilation: Any = 1, padding: Any = 0, stride: Any = 1) -> Array:
    x = convert_to_tensor(x)
    check_unfold_input(x.shape)
    kernel, dilation_, (ph, pw), stride_, blocks = unfold_geometry(
        "unfold", x.shape[2:], kernel_size, dilation, padding, stride
    )
    n, c = x.shape[:2]
    if ph or pw:
        x = jnp.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    # Strided slices (exact for every dtype; XLA fuses them) instead of an identity-kernel convolution.
    taps = jnp.stack(_window_taps(x, kernel, dilation_, stride_, blocks), axis=2)
    return taps.reshape(n, c * kernel[0] * kernel[1], blocks[0] * blocks[1])


def fold(
    x: Any, output_size: Any, kernel_size: Any, dilation: Any = 1, padding: Any = 0, stride: Any = 1
) -> Array:
    x = convert_to_tensor(x)
    (h, w), (kh, kw), (dh, dw), (ph, pw), (sh, sw), c, (bh, bw) = check_fold_input(
        x.shape, output_size, kernel_size, dilation, padding, stride
    )
    n = x.shape[0]
    blocks = x.reshape(n, c, kh, kw, bh, bw)
    out = jnp.zeros((n, c, h + 2 * ph, w + 2 * pw), dtype=x.dtype)
    for i in range(kh):
        for j in range(kw):
            at = out.at[:, :, i * dh : i * dh + (bh - 1) * sh + 1 : sh, j * dw : j * dw + (bw - 1) * sw + 1 : sw]
            # Bools combine with `or` (NumPy's bool addition).
            out = at.max(blocks[:, :, i, j]) if x.dtype == jnp.bool_ else at.add(blocks[:, :, i, j])
    return out[:, :, ph : ph + h, pw : pw + w]
