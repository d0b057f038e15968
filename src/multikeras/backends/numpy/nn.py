"""nn ops of the NumPy backend: activations, convolutions, pooling, losses, normalization."""

from __future__ import annotations

import builtins
import itertools
import math as _math
from collections.abc import Callable
from typing import Any

import numpy as np

from multikeras.backend import config, ctc, dtypes
from multikeras.backend.errors import no_flash_attention_kernel
from multikeras.backend.windows import (
    adaptive_output_size,
    check_fold_input,
    check_unfold_input,
    check_valid_window,
    unfold_geometry,
)
from multikeras.backends.numpy.core import (
    BFLOAT16,
    compute_dtype,
    convert_to_tensor,
    to_numpy_dtype,
    wrap,
)

tensor = convert_to_tensor
_ndarray = np.ndarray
_erf_scalar = np.frompyfunc(_math.erf, 1, 1)


_ERFC_COEFFICIENTS = (
    0.17087277, -0.82215223, 1.48851587, -1.13520398, 0.27886807,
    -0.18628806, 0.09678418, 0.37409196, 1.00002368, -1.26551223,
)


def erfc_approximation(x: np.ndarray) -> np.ndarray:
    """``erfc`` in float64 arithmetic with a relative error below 1.2e-7 (Chebyshev fit)."""
    z = np.abs(x)
    t = 1.0 / (1.0 + 0.5 * z)
    polynomial = np.zeros_like(t)
    for coefficient in _ERFC_COEFFICIENTS:
        polynomial = polynomial * t + coefficient
    tail = t * np.exp(-z * z + polynomial)
    return np.where(x >= 0, tail, 2.0 - tail)


def erf_values(x: np.ndarray) -> np.ndarray:
    """``erf`` elementwise (NumPy has no erf and SciPy is not a dependency).

    float64 goes through ``math.erf`` (exact); narrower floats use a
    vectorized approximation accurate to float32: a Maclaurin series near 0,
    where ``1 - erfc`` would lose relative precision, ``1 - erfc`` elsewhere.
    """
    if x.dtype == np.float64:
        return np.asarray(_erf_scalar(x), np.float64)
    wide = np.asarray(x, np.float64)
    square = wide * wide
    series = wide * (2 / np.sqrt(np.pi)) * (
        1 + square * (-1 / 3 + square * (1 / 10 + square * (-1 / 42 + square * (1 / 216 + square * (-1 / 1320)))))
    )
    far = np.sign(wide) * (1.0 - erfc_approximation(np.abs(wide)))
    return np.where(np.abs(wide) < 0.5, series, far).astype(x.dtype)


def _float_in(x: Any) -> tuple[np.ndarray, np.dtype]:
    """``x`` in its compute dtype (half floats go through float32) and the output dtype."""
    x = tensor(x)
    out_name = dtypes.float_result(x)
    work = compute_dtype(out_name)
    return (x if x.dtype == work else x.astype(work)), to_numpy_dtype(out_name)


def _finish(result: Any, dtype: np.dtype) -> np.ndarray:
    result = wrap(result)
    return result if result.dtype == dtype else result.astype(dtype)


def _activation(function: Callable[..., np.ndarray], name: str) -> Callable[..., np.ndarray]:
    def op(x: Any, *args: Any) -> np.ndarray:
        if type(x) is _ndarray and (x.dtype == np.float32 or x.dtype == np.float64):
            return wrap(function(x, *args))
        work, out = _float_in(x)
        return _finish(function(work, *args), out)

    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"``{name}`` activation; ints and bools give ``floatx()``."
    return op


def _sigmoid(x: np.ndarray) -> np.ndarray:
    # exp(log_sigmoid(x)): never overflows, accurate in both tails, and fast.
    return np.exp(-np.logaddexp(0, -x))


def _softplus(x: np.ndarray) -> np.ndarray:
    return np.logaddexp(x, np.zeros((), x.dtype))


relu = _activation(lambda x: np.maximum(x, 0), "relu")
relu6 = _activation(lambda x: np.clip(x, np.zeros((), x.dtype), np.asarray(6, x.dtype)), "relu6")
sigmoid = _activation(_sigmoid, "sigmoid")
softplus = _activation(_softplus, "softplus")
softsign = _activation(lambda x: x / (1 + np.abs(x)), "softsign")
silu = _activation(lambda x: x * _sigmoid(x), "silu")
swish = _activation(lambda x: x * _sigmoid(x), "swish")
log_sigmoid = _activation(lambda x: -_softplus(-x), "log_sigmoid")
hard_sigmoid = _activation(lambda x: np.clip(x / 6 + 0.5, 0, 1).astype(x.dtype, copy=False), "hard_sigmoid")
hard_silu = _activation(lambda x: x * np.clip(x / 6 + 0.5, 0, 1).astype(x.dtype, copy=False), "hard_silu")
hard_swish = _activation(lambda x: x * np.clip(x / 6 + 0.5, 0, 1).astype(x.dtype, copy=False), "hard_swish")
hard_tanh = _activation(lambda x: np.clip(x, -1, 1).astype(x.dtype, copy=False), "hard_tanh")
tanh_shrink = _activation(lambda x: x - np.tanh(x), "tanh_shrink")
sparse_sigmoid = _activation(
    lambda x: np.where(x <= -1, 0, np.where(x >= 1, 1, 0.5 * (x + 1))).astype(x.dtype, copy=False), "sparse_sigmoid"
)
sparse_plus = _activation(
    lambda x: np.where(x <= -1, 0, np.where(x >= 1, x, 0.25 * np.square(x + 1))).astype(x.dtype, copy=False),
    "sparse_plus",
)
selu = _activation(
    lambda x: (1.0507009873554804934193349852946 * np.where(
        x > 0, x, 1.6732632423543772848170429916717 * np.expm1(np.minimum(x, 0)))).astype(x.dtype, copy=False),
    "selu",
)


def elu(x: Any, alpha: float = 1.0) -> np.ndarray:
    work, out = _float_in(x)
    return _finish(np.where(work > 0, work, alpha * np.expm1(np.minimum(work, 0))), out)


def celu(x: Any, alpha: float = 1.0) -> np.ndarray:
    work, out = _float_in(x)
    return _finish(np.maximum(work, 0) + np.minimum(0, alpha * np.expm1(np.minimum(work, 0) / alpha)), out)


def leaky_relu(x: Any, negative_slope: float = 0.2) -> np.ndarray:
    work, out = _float_in(x)
    return _finish(np.where(work >= 0, work, negative_slope * work), out)


def gelu(x: Any, approximate: bool = True) -> np.ndarray:
    work, out = _float_in(x)
    if approximate:
        inner = np.sqrt(2 / np.pi).astype(work.dtype) * (work + 0.044715 * work**3)
        return _finish(0.5 * work * (1 + np.tanh(inner)), out)
    return _finish(0.5 * work * (1 + erf_values(work / np.sqrt(2).astype(work.dtype))), out)


def hard_shrink(x: Any, threshold: float = 0.5) -> np.ndarray:
    work, out = _float_in(x)
    return _finish(np.where(np.abs(work) > threshold, work, 0), out)


def soft_shrink(x: Any, threshold: float = 0.5) -> np.ndarray:
    work, out = _float_in(x)
    return _finish(np.where(work > threshold, work - threshold, np.where(work < -threshold, work + threshold, 0)), out)


def squareplus(x: Any, b: float = 4) -> np.ndarray:
    work, out = _float_in(x)
    return _finish((work + np.sqrt(np.square(work) + b)) / 2, out)


def threshold(x: Any, threshold: float, default_value: float) -> np.ndarray:
    """Selects values, so integer inputs keep their dtype (as Keras)."""
    x = tensor(x)
    if x.dtype.kind in "iu":
        return np.where(x > threshold, x, np.asarray(default_value).astype(x.dtype))
    work, out = _float_in(x)
    return _finish(np.where(work > threshold, work, default_value), out)


def glu(x: Any, axis: int = -1) -> np.ndarray:
    work, out = _float_in(x)
    if work.shape[axis] % 2:
        raise ValueError(f"glu: axis {axis} of `x` must have an even size, received shape {work.shape}")
    a, b = np.split(work, 2, axis=axis)
    return _finish(a * _sigmoid(b), out)


def _softmax(x: np.ndarray, axis: Any) -> np.ndarray:
    shifted = x - np.max(x, axis=axis, keepdims=True)
    exps = np.exp(shifted)
    return exps / np.sum(exps, axis=axis, keepdims=True)


def _axes(axis: Any) -> Any:
    return tuple(axis) if isinstance(axis, list) else axis


def softmax(x: Any, axis: Any = -1) -> np.ndarray:
    work, out = _float_in(x)
    return _finish(_softmax(work, _axes(axis)), out)


def log_softmax(x: Any, axis: Any = -1) -> np.ndarray:
    work, out = _float_in(x)
    axis = _axes(axis)
    shifted = work - np.max(work, axis=axis, keepdims=True)
    return _finish(shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True)), out)


def sparsemax(x: Any, axis: int = -1) -> np.ndarray:
    work, out = _float_in(x)
    moved = np.moveaxis(work, axis, -1)
    ordered = -np.sort(-moved, axis=-1)
    cumulative = np.cumsum(ordered, axis=-1)
    k = np.arange(1, moved.shape[-1] + 1, dtype=work.dtype)
    support = 1 + k * ordered > cumulative
    support_size = np.sum(support, axis=-1, keepdims=True)
    tau = (np.take_along_axis(cumulative, support_size - 1, axis=-1) - 1) / support_size
    return _finish(np.moveaxis(np.maximum(moved - tau, 0), -1, axis), out)


# ------------------------------------------------------------------ encodings


def one_hot(x: Any, num_classes: int, axis: int = -1, dtype: Any = None) -> np.ndarray:
    x = tensor(x)
    if x.dtype.kind not in "iu":
        x = x.astype(np.int64)
    out = to_numpy_dtype(dtype)
    encoded = (x[..., None] == np.arange(int(num_classes))).astype(out)
    if axis != -1:
        encoded = np.moveaxis(encoded, -1, axis)
    return encoded


def multi_hot(inputs: Any, num_classes: int | None = None, axis: int = -1, dtype: Any = None) -> np.ndarray:
    inputs = tensor(inputs)
    if num_classes is None:
        raise ValueError("multi_hot: `num_classes` is required")
    # Keras 3: one_hot along `axis`, then any over axis 1 (0 for a single sample).
    inputs = inputs[None] if inputs.ndim == 0 else inputs
    encoded = one_hot(inputs, num_classes, axis, "bool")
    return np.any(encoded, axis=1 if inputs.ndim > 1 else 0).astype(to_numpy_dtype(dtype))


# ------------------------------------------------------------------ losses


def _epsilon() -> float:
    return config.epsilon()


def binary_crossentropy(target: Any, output: Any, from_logits: bool = False) -> np.ndarray:
    output = tensor(output)
    out_name = dtypes.float_result(target, output)
    work = compute_dtype(out_name)
    t, o = tensor(target).astype(work), output.astype(work)
    if t.shape != o.shape:
        raise ValueError(f"binary_crossentropy: `target` and `output` must have one shape, received {t.shape} and {o.shape}")
    if from_logits:
        loss = np.maximum(o, 0) - o * t + np.log1p(np.exp(-np.abs(o)))
    else:
        eps = _epsilon()
        o = np.clip(o, eps, 1 - eps)
        loss = -(t * np.log(o) + (1 - t) * np.log(1 - o))
    return _finish(loss, to_numpy_dtype(out_name))


def categorical_crossentropy(target: Any, output: Any, from_logits: bool = False, axis: int = -1) -> np.ndarray:
    output = tensor(output)
    out_name = dtypes.float_result(target, output)
    work = compute_dtype(out_name)
    t, o = tensor(target).astype(work), output.astype(work)
    if t.shape != o.shape:
        raise ValueError(
            f"categorical_crossentropy: `target` and `output` must have one shape, received {t.shape} and {o.shape}"
        )
    if from_logits:
        shifted = o - np.max(o, axis=axis, keepdims=True)
        log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))
    else:
        o = o / np.sum(o, axis=axis, keepdims=True)
        eps = _epsilon()
        log_probs = np.log(np.clip(o, eps, 1 - eps))
    return _finish(-np.sum(t * log_probs, axis=axis), to_numpy_dtype(out_name))


def sparse_categorical_crossentropy(target: Any, output: Any, from_logits: bool = False, axis: int = -1) -> np.ndarray:
    target = tensor(target)
    output = tensor(output)
    if target.ndim == output.ndim and target.shape[-1] == 1:
        target = np.squeeze(target, -1)
    if target.ndim != output.ndim - 1:
        raise ValueError(
            f"sparse_categorical_crossentropy: `target` must have the rank of `output` minus one, "
            f"received shapes {target.shape} and {output.shape}"
        )
    classes = output.shape[axis]
    encoded = one_hot(target.astype(np.int64), classes, axis, dtypes.float_result(output))
    return categorical_crossentropy(encoded, output, from_logits, axis)


def _log_sum_exp(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.logaddexp(a, b)


def ctc_loss(target: Any, output: Any, target_length: Any, output_length: Any, mask_index: int = 0) -> np.ndarray:
    """CTC negative log likelihood per batch item; ``output`` holds logits (batch, time, classes)."""
    output = tensor(output)
    out_name = dtypes.float_result(output)
    logits = output.astype(np.float64)
    log_probs = logits - np.max(logits, axis=-1, keepdims=True)
    log_probs = log_probs - np.log(np.sum(np.exp(log_probs), axis=-1, keepdims=True))
    target = tensor(target).astype(np.int64)
    target_length = tensor(target_length).astype(np.int64).reshape(-1)
    output_length = tensor(output_length).astype(np.int64).reshape(-1)
    blank = int(mask_index)
    losses = np.zeros(logits.shape[0], np.float64)
    for b in range(logits.shape[0]):
        labels = target[b, : target_length[b]]
        extended = np.full(2 * len(labels) + 1, blank, np.int64)
        extended[1::2] = labels
        steps = int(output_length[b])
        size = len(extended)
        alpha = np.full(size, -np.inf)
        if steps == 0:
            losses[b] = 0.0 if len(labels) == 0 else np.inf
            continue
        alpha[0] = log_probs[b, 0, extended[0]]
        if size > 1:
            alpha[1] = log_probs[b, 0, extended[1]]
        can_skip = np.zeros(size, bool)
        can_skip[2:] = (extended[2:] != blank) & (extended[2:] != extended[:-2])
        for t in range(1, steps):
            previous = alpha
            moved1 = np.concatenate([[-np.inf], previous[:-1]])
            moved2 = np.where(can_skip, np.concatenate([[-np.inf, -np.inf], previous[:-2]])[:size], -np.inf)
            with np.errstate(invalid="ignore"):
                alpha = np.logaddexp(np.logaddexp(previous, moved1), moved2) + log_probs[b, t, extended]
        total = alpha[-1] if size == 1 else np.logaddexp(alpha[-1], alpha[-2])
        losses[b] = -total
    return losses.astype(to_numpy_dtype(out_name))


def ctc_decode(
    inputs: Any,
    sequence_lengths: Any,
    strategy: str = "greedy",
    beam_width: int = 100,
    top_paths: int = 1,
    merge_repeated: bool = True,
    mask_index: int | None = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """CTC decoding of logits ``(batch, time, classes)``: greedy, or the shared beam search of ``backend.ctc``."""
    inputs = tensor(inputs)
    lengths = tensor(sequence_lengths)
    blank = ctc.check_decode_arguments(
        inputs.shape, dtypes.standardize_dtype(inputs.dtype), lengths.shape, strategy, beam_width, top_paths, mask_index
    )
    score_dtype = to_numpy_dtype(dtypes.float_result(inputs))
    batch, max_time, _ = inputs.shape
    lengths = np.clip(lengths.astype(np.int64), 0, max_time)
    if strategy == "greedy":
        labels = np.argmax(inputs, axis=-1).astype(np.int32)
        valid = np.arange(max_time)[None, :] < lengths[:, None]
        keep = valid & (labels != blank)
        if merge_repeated:
            keep[:, 1:] &= labels[:, 1:] != labels[:, :-1]
        # kept labels move to the front of their row; the others land in a spare last column
        slots = np.where(keep, np.cumsum(keep, axis=1) - 1, max_time)
        decoded = np.full((batch, max_time + 1), -1, np.int32)
        np.put_along_axis(decoded, slots, labels, axis=1)
        best = np.max(inputs, axis=-1).astype(np.float64)
        scores = 0.0 - np.sum(np.where(valid, best, 0.0), axis=1, keepdims=True)
        return decoded[None, :, :max_time], scores.astype(score_dtype)
    work = np.float64 if inputs.dtype == np.float64 else np.float32
    logits = inputs.astype(np.float64)
    log_probs = logits - np.max(logits, axis=-1, keepdims=True)
    log_probs = log_probs - np.log(np.sum(np.exp(log_probs), axis=-1, keepdims=True))
    decoded, scores = ctc.beam_search_numpy(log_probs.astype(work), lengths, int(beam_width), int(top_paths), blank)
    return decoded, scores.astype(score_dtype)


def psnr(x1: Any, x2: Any, max_val: Any) -> np.ndarray:
    x1, x2 = tensor(x1), tensor(x2)
    if x1.shape != x2.shape:
        raise ValueError(f"psnr: `x1` and `x2` must have one shape, received {x1.shape} and {x2.shape}")
    out_name = dtypes.float_result(x1, x2)
    work = compute_dtype(out_name)
    mse = np.mean(np.square(x1.astype(work) - x2.astype(work)))
    with np.errstate(divide="ignore"):
        value = 20 * np.log10(np.asarray(max_val, work)) - 10 * np.log10(mse)
    return _finish(value, to_numpy_dtype(out_name))


# ------------------------------------------------------------------ normalization


def moments(x: Any, axes: Any, keepdims: bool = False) -> tuple[np.ndarray, np.ndarray]:
    work, out = _float_in(x)
    axes = tuple(axes) if isinstance(axes, (list, tuple)) else axes
    mean = np.mean(work, axis=axes, keepdims=True)
    variance = np.mean(np.square(work - mean), axis=axes, keepdims=keepdims)
    if not keepdims:
        mean = np.squeeze(mean, axis=axes)
    return _finish(mean, out), _finish(variance, out)


def batch_normalization(
    x: Any, mean: Any, variance: Any, axis: int, offset: Any = None, scale: Any = None, epsilon: float = 1e-3
) -> np.ndarray:
    x = tensor(x)
    out_name = dtypes.float_result(x)
    work = compute_dtype(out_name)
    axis = axis % x.ndim
    shape = [1] * x.ndim
    shape[axis] = x.shape[axis]

    def broadcast(value: Any) -> np.ndarray:
        value = tensor(value).astype(work)
        return value.reshape(shape) if value.ndim == 1 else value

    inv = 1 / np.sqrt(broadcast(variance) + epsilon)
    if scale is not None:
        inv = inv * broadcast(scale)
    result = (x.astype(work) - broadcast(mean)) * inv
    if offset is not None:
        result = result + broadcast(offset)
    return _finish(result, to_numpy_dtype(out_name))


def layer_normalization(x: Any, gamma: Any = None, beta: Any = None, axis: Any = -1, epsilon: float | None = None) -> np.ndarray:
    work, out = _float_in(x)
    axis = _axes(axis)
    epsilon = _epsilon() if epsilon is None else epsilon
    mean = np.mean(work, axis=axis, keepdims=True)
    variance = np.mean(np.square(work - mean), axis=axis, keepdims=True)
    result = (work - mean) / np.sqrt(variance + epsilon)
    if gamma is not None:
        result = result * tensor(gamma).astype(work.dtype)
    if beta is not None:
        result = result + tensor(beta).astype(work.dtype)
    return _finish(result, out)


def rms_normalization(x: Any, scale: Any = None, axis: Any = -1, epsilon: float | None = None) -> np.ndarray:
    work, out = _float_in(x)
    epsilon = _epsilon() if epsilon is None else epsilon
    result = work / np.sqrt(np.mean(np.square(work), axis=_axes(axis), keepdims=True) + epsilon)
    if scale is not None:
        result = result * tensor(scale).astype(work.dtype)
    return _finish(result, out)


def normalize(x: Any, axis: Any = -1, order: int = 2, epsilon: float | None = None) -> np.ndarray:
    work, out = _float_in(x)
    epsilon = _epsilon() if epsilon is None else epsilon
    axis = _axes(axis)
    if order == 2:
        squares = np.sum(np.square(work), axis=axis, keepdims=True)
        return _finish(work / np.sqrt(np.maximum(squares, epsilon)), out)
    norm = np.linalg.norm(work, ord=order, axis=axis, keepdims=True)
    return _finish(work / np.maximum(norm, epsilon), out)


def polar(abs_: Any, angle: Any) -> np.ndarray:
    out_name = dtypes.float_result(abs_, angle)
    work = compute_dtype(out_name)
    magnitude, phase = tensor(abs_).astype(work), tensor(angle).astype(work)
    complex_dtype = np.complex128 if work == np.float64 else np.complex64
    return (magnitude * np.cos(phase) + 1j * magnitude * np.sin(phase)).astype(complex_dtype)


# ------------------------------------------------------------------ attention


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
) -> np.ndarray:
    if flash_attention:
        _no_flash_kernel(query, key, value)
    query, key, value = tensor(query), tensor(key), tensor(value)
    out_name = dtypes.float_result(query, key, value)
    work = compute_dtype(out_name)
    unbatched = query.ndim == 3
    if unbatched:
        query, key, value = query[None], key[None], value[None]
    if query.ndim != 4 or key.ndim != 4 or value.ndim != 4:
        raise ValueError(
            f"dot_product_attention: expected inputs of rank 3 or 4 (batch, length, heads, dim), "
            f"received shapes {query.shape}, {key.shape}, {value.shape}"
        )
    q, k, v = query.astype(work), key.astype(work), value.astype(work)
    heads, kv_heads = q.shape[2], k.shape[2]
    if heads % kv_heads:
        raise ValueError(f"dot_product_attention: query heads {heads} must be a multiple of key heads {kv_heads}")
    if heads != kv_heads:
        k = np.repeat(k, heads // kv_heads, axis=2)
        v = np.repeat(v, heads // kv_heads, axis=2)
    scale = 1.0 / np.sqrt(q.shape[-1]) if scale is None else scale
    logits = np.einsum("btnh,bsnh->bnts", q, k) * np.asarray(scale, work)
    if attn_logits_soft_cap is not None:
        logits = np.tanh(logits / attn_logits_soft_cap) * attn_logits_soft_cap
    if bias is not None:
        bias = tensor(bias).astype(work)
        logits = logits + (bias[None] if unbatched and bias.ndim == 3 else bias)
    keep = None
    if mask is not None:
        mask = tensor(mask).astype(bool)
        keep = mask[None] if unbatched and mask.ndim == 3 else mask
    if is_causal:
        causal = np.tril(np.ones((logits.shape[-2], logits.shape[-1]), bool))
        keep = causal if keep is None else keep & causal
    if keep is not None:
        logits = np.where(keep, logits, np.asarray(np.finfo(work).min / 2, work))
    weights = _softmax(logits, -1)
    result = np.einsum("bnts,bsnh->btnh", weights, v)
    if unbatched:
        result = result[0]
    return _finish(result, to_numpy_dtype(out_name))


def _no_flash_kernel(*inputs: Any) -> None:
    """``flash_attention=True``: NumPy has no flash-attention kernel, whatever the inputs."""
    received = ", ".join(
        f"{name} {getattr(x, 'dtype', type(x).__name__)} {tuple(getattr(x, 'shape', np.shape(x)))} on cpu"
        for name, x in zip(("query", "key", "value"), inputs)
    )
    raise no_flash_attention_kernel("NumPy", received)


# ------------------------------------------------------------------ conv / pool helpers


def _data_format(data_format: str | None) -> str:
    return config.standardize_data_format(data_format)


def _tuple(value: Any, rank: int, name: str) -> tuple[int, ...]:
    if isinstance(value, (int, np.integer)):
        return (int(value),) * rank
    value = tuple(int(v) for v in value)
    if len(value) == 1:
        return value * rank
    if len(value) != rank:
        raise ValueError(f"`{name}` must be an int or a tuple of {rank} ints, received {value}")
    return value


def _to_channels_last(x: np.ndarray, data_format: str) -> np.ndarray:
    return np.moveaxis(x, 1, -1) if data_format == "channels_first" else x


def _from_channels_last(x: np.ndarray, data_format: str) -> np.ndarray:
    return np.moveaxis(x, -1, 1) if data_format == "channels_first" else x


def _same_padding(size: int, kernel: int, stride: int) -> tuple[int, int]:
    out = -(-size // stride)
    total = builtins.max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


def _padding_amounts(spatial: tuple[int, ...], kernels: tuple[int, ...], strides: tuple[int, ...], padding: str) -> list[tuple[int, int]]:
    padding = padding.lower()
    if padding == "valid":
        return [(0, 0)] * len(spatial)
    if padding == "same":
        return [_same_padding(s, k, st) for s, k, st in zip(spatial, kernels, strides)]
    raise ValueError(f"`padding` must be 'valid' or 'same', received {padding!r}")


def _windows(x: np.ndarray, kernel: tuple[int, ...], strides: tuple[int, ...], dilation: tuple[int, ...]) -> tuple[list[tuple[int, ...]], tuple[int, ...], Callable[[tuple[int, ...]], np.ndarray]]:
    """Kernel offsets, output spatial shape and a slicer for ``x`` (batch, *spatial, channels)."""
    spatial = x.shape[1:-1]
    effective = [(k - 1) * d + 1 for k, d in zip(kernel, dilation)]
    out_shape = tuple((s - e) // st + 1 if s >= e else 0 for s, e, st in zip(spatial, effective, strides))

    def take(offset: tuple[int, ...]) -> np.ndarray:
        index = [builtins.slice(None)]
        for o, d, st, n in zip(offset, dilation, strides, out_shape):
            start = o * d
            index.append(builtins.slice(start, start + (n - 1) * st + 1 if n > 0 else start, st))
        index.append(builtins.slice(None))
        return x[tuple(index)]

    return list(itertools.product(*[range(k) for k in kernel])), out_shape, take


def _pad_spatial(x: np.ndarray, amounts: list[tuple[int, int]], value: Any = 0) -> np.ndarray:
    if not builtins.any(a or b for a, b in amounts):
        return x
    return np.pad(x, [(0, 0)] + list(amounts) + [(0, 0)], constant_values=value)


def conv(inputs: Any, kernel: Any, strides: Any = 1, padding: str = "valid", data_format: str | None = None, dilation_rate: Any = 1) -> np.ndarray:
    inputs, kernel = tensor(inputs), tensor(kernel)
    data_format = _data_format(data_format)
    out_name = dtypes.result_type(inputs, kernel)
    out = to_numpy_dtype(out_name)
    work = np.dtype(np.float32) if out_name in ("bfloat16", "float16") else out
    rank = inputs.ndim - 2
    if kernel.ndim != rank + 2:
        raise ValueError(f"conv: `kernel` must have rank {rank + 2} for inputs of rank {inputs.ndim}, received shape {kernel.shape}")
    x = _to_channels_last(inputs, data_format).astype(work)
    w = kernel.astype(work)
    strides_t = _tuple(strides, rank, "strides")
    dilation = _tuple(dilation_rate, rank, "dilation_rate")
    ksize = w.shape[:rank]
    channels = x.shape[-1]
    kernel_in, filters = w.shape[-2], w.shape[-1]
    if channels % kernel_in:
        raise ValueError(
            f"conv: input channels {channels} must be a multiple of the kernel's input channels {kernel_in}"
        )
    groups = channels // kernel_in
    check_valid_window("conv", x.shape[1:-1], ksize, dilation, padding)
    effective = tuple((k - 1) * d + 1 for k, d in zip(ksize, dilation))
    x = _pad_spatial(x, _padding_amounts(x.shape[1:-1], effective, strides_t, padding))
    offsets, out_shape, take = _windows(x, ksize, strides_t, dilation)
    if groups == 1 and channels < 16:
        # Few input channels: one matrix product over every window (the windows' entries side by side) is far
        # faster than one thin product per kernel offset; with more channels those products are efficient and
        # gathering the windows would cost more than it saves (measured: 2.6x faster for 1 channel, 1.4x slower
        # for 32).
        patches = np.concatenate([take(offset) for offset in offsets], axis=-1)
        weights = np.concatenate([w[offset] for offset in offsets], axis=0)
        return _finish(_from_channels_last(patches @ weights, data_format), out)
    result = np.zeros((x.shape[0], *out_shape, filters), work)
    per_group = filters // groups
    for offset in offsets:
        patch = take(offset)
        weights = w[offset]
        if groups == 1:
            result += patch @ weights
        else:
            for g in range(groups):
                result[..., g * per_group : (g + 1) * per_group] += (
                    patch[..., g * kernel_in : (g + 1) * kernel_in] @ weights[:, g * per_group : (g + 1) * per_group]
                )
    return _finish(_from_channels_last(result, data_format), out)


def depthwise_conv(inputs: Any, kernel: Any, strides: Any = 1, padding: str = "valid", data_format: str | None = None, dilation_rate: Any = 1) -> np.ndarray:
    inputs, kernel = tensor(inputs), tensor(kernel)
    data_format = _data_format(data_format)
    out_name = dtypes.result_type(inputs, kernel)
    out = to_numpy_dtype(out_name)
    work = np.dtype(np.float32) if out_name in ("bfloat16", "float16") else out
    rank = inputs.ndim - 2
    x = _to_channels_last(inputs, data_format).astype(work)
    w = kernel.astype(work)
    strides_t = _tuple(strides, rank, "strides")
    dilation = _tuple(dilation_rate, rank, "dilation_rate")
    ksize = w.shape[:rank]
    channels, multiplier = w.shape[-2], w.shape[-1]
    if x.shape[-1] != channels:
        raise ValueError(f"depthwise_conv: inputs have {x.shape[-1]} channels but the kernel expects {channels}")
    check_valid_window("depthwise_conv", x.shape[1:-1], ksize, dilation, padding)
    effective = tuple((k - 1) * d + 1 for k, d in zip(ksize, dilation))
    x = _pad_spatial(x, _padding_amounts(x.shape[1:-1], effective, strides_t, padding))
    offsets, out_shape, take = _windows(x, ksize, strides_t, dilation)
    result = np.zeros((x.shape[0], *out_shape, channels, multiplier), work)
    for offset in offsets:
        result += take(offset)[..., :, None] * w[offset]
    result = result.reshape(x.shape[0], *out_shape, channels * multiplier)
    return _finish(_from_channels_last(result, data_format), out)


def separable_conv(
    inputs: Any,
    depthwise_kernel: Any,
    pointwise_kernel: Any,
    strides: Any = 1,
    padding: str = "valid",
    data_format: str | None = None,
    dilation_rate: Any = 1,
) -> np.ndarray:
    depthwise = depthwise_conv(inputs, depthwise_kernel, strides, padding, data_format, dilation_rate)
    return conv(depthwise, pointwise_kernel, 1, "valid", data_format, 1)


def _transpose_output_length(size: int, kernel: int, stride: int, padding: str, output_padding: int | None) -> tuple[int, int]:
    """Output length and left crop of a transposed convolution (Keras/TF shape rules)."""
    if output_padding is None:
        if padding == "valid":
            length = size * stride + builtins.max(kernel - stride, 0)
        else:
            length = size * stride
    else:
        pad = 0 if padding == "valid" else kernel // 2
        length = (size - 1) * stride + kernel - 2 * pad + output_padding
    if padding == "valid":
        return length, 0
    total = builtins.max((size - 1) * stride + kernel - length, 0)
    return length, total // 2


def conv_transpose(
    inputs: Any,
    kernel: Any,
    strides: Any = 1,
    padding: str = "valid",
    output_padding: Any = None,
    data_format: str | None = None,
    dilation_rate: Any = 1,
) -> np.ndarray:
    inputs, kernel = tensor(inputs), tensor(kernel)
    data_format = _data_format(data_format)
    padding = padding.lower()
    if padding not in ("valid", "same"):
        raise ValueError(f"conv_transpose: `padding` must be 'valid' or 'same', received {padding!r}")
    out_name = dtypes.result_type(inputs, kernel)
    out = to_numpy_dtype(out_name)
    work = np.dtype(np.float32) if out_name in ("bfloat16", "float16") else out
    rank = inputs.ndim - 2
    x = _to_channels_last(inputs, data_format).astype(work)
    w = kernel.astype(work)  # (*spatial, out_channels, in_channels)
    strides_t = _tuple(strides, rank, "strides")
    dilation = _tuple(dilation_rate, rank, "dilation_rate")
    paddings = [None] * rank if output_padding is None else list(_tuple(output_padding, rank, "output_padding"))
    ksize = w.shape[:rank]
    if w.shape[-1] != x.shape[-1]:
        raise ValueError(f"conv_transpose: inputs have {x.shape[-1]} channels but the kernel expects {w.shape[-1]}")
    effective = [(k - 1) * d + 1 for k, d in zip(ksize, dilation)]
    spatial = x.shape[1:-1]
    lengths_and_crops = [
        _transpose_output_length(s, e, st, padding, op) for s, e, st, op in zip(spatial, effective, strides_t, paddings)
    ]
    full = [(s - 1) * st + e for s, e, st in zip(spatial, effective, strides_t)]
    canvas_shape = [builtins.max(f, length + crop) for f, (length, crop) in zip(full, lengths_and_crops)]
    canvas = np.zeros((x.shape[0], *canvas_shape, w.shape[-2]), work)
    for offset in itertools.product(*[range(k) for k in ksize]):
        contribution = x @ np.swapaxes(w[offset], -1, -2)
        index = [builtins.slice(None)]
        for o, d, st, s in zip(offset, dilation, strides_t, spatial):
            start = o * d
            index.append(builtins.slice(start, start + (s - 1) * st + 1, st))
        index.append(builtins.slice(None))
        canvas[tuple(index)] += contribution
    crop = [builtins.slice(None)] + [builtins.slice(c, c + length) for length, c in lengths_and_crops] + [builtins.slice(None)]
    return _finish(_from_channels_last(canvas[tuple(crop)], data_format), out)


def _pool(inputs: Any, pool_size: Any, strides: Any, padding: str, data_format: str | None, kind: str) -> np.ndarray:
    inputs = tensor(inputs)
    data_format = _data_format(data_format)
    rank = inputs.ndim - 2
    pool = _tuple(pool_size, rank, "pool_size")
    strides_t = pool if strides is None else _tuple(strides, rank, "strides")
    x = _to_channels_last(inputs, data_format)
    # max keeps the dtype (bool: any over the window); an average is a float (floatx for ints and bools).
    out = x.dtype if kind == "max" else to_numpy_dtype(dtypes.float_result(x))
    work = np.dtype(np.float32) if out in (BFLOAT16, np.dtype(np.float16)) else out
    work = np.dtype(np.uint8) if work.kind == "b" else work
    x = x.astype(work)
    check_valid_window("max_pool" if kind == "max" else "average_pool", x.shape[1:-1], pool, 1, padding, "pool")
    amounts = _padding_amounts(x.shape[1:-1], pool, strides_t, padding)
    ones = (1,) * rank
    if kind == "max":
        fill = -np.inf if work.kind == "f" else np.iinfo(work).min
        padded = _pad_spatial(x, amounts, fill)
        offsets, out_shape, take = _windows(padded, pool, strides_t, ones)
        result = None
        for offset in offsets:
            patch = take(offset)
            result = patch if result is None else np.maximum(result, patch)
        if result is None:
            result = np.zeros((x.shape[0], *out_shape, x.shape[-1]), work)
    else:
        padded = _pad_spatial(x.astype(np.float64 if work == np.float64 else np.float32), amounts, 0)
        counts = _pad_spatial(np.ones((1, *x.shape[1:-1], 1), padded.dtype), amounts, 0)
        offsets, out_shape, take = _windows(padded, pool, strides_t, ones)
        _, _, take_count = _windows(counts, pool, strides_t, ones)
        total = np.zeros((x.shape[0], *out_shape, x.shape[-1]), padded.dtype)
        number = np.zeros((1, *out_shape, 1), padded.dtype)
        for offset in offsets:
            total += take(offset)
            number += take_count(offset)
        result = total / number
    return _finish(_from_channels_last(result, data_format), out)


def max_pool(inputs: Any, pool_size: Any, strides: Any = None, padding: str = "valid", data_format: str | None = None) -> np.ndarray:
    return _pool(inputs, pool_size, strides, padding, data_format, "max")


def average_pool(inputs: Any, pool_size: Any, strides: Any = None, padding: str = "valid", data_format: str | None = None) -> np.ndarray:
    return _pool(inputs, pool_size, strides, padding, data_format, "average")


def _adaptive_pool(op: str, inputs: Any, output_size: Any, data_format: str | None,
                   reducer: Callable[..., np.ndarray]) -> np.ndarray:
    inputs = tensor(inputs)
    data_format = _data_format(data_format)
    rank = inputs.ndim - 2
    sizes = adaptive_output_size(op, inputs.shape, output_size)
    x = _to_channels_last(inputs, data_format)
    out = x.dtype
    work = np.dtype(np.float32) if out in (BFLOAT16, np.dtype(np.float16)) else out
    x = x.astype(work)
    spatial = x.shape[1:-1]
    bounds = [
        [(i * n // o, -(-(i + 1) * n // o)) for i in range(o)] for n, o in zip(spatial, sizes)
    ]
    result = np.empty((x.shape[0], *sizes, x.shape[-1]), work)
    for cell in itertools.product(*[range(o) for o in sizes]):
        region = (builtins.slice(None),) + tuple(
            builtins.slice(*bounds[d][c]) for d, c in enumerate(cell)
        ) + (builtins.slice(None),)
        result[(builtins.slice(None),) + cell] = reducer(x[region], axis=tuple(range(1, rank + 1)))
    return _finish(_from_channels_last(result, data_format), out)


def adaptive_average_pool(inputs: Any, output_size: Any, data_format: str | None = None) -> np.ndarray:
    inputs = tensor(inputs)
    # An average is a float: floatx for integer and bool inputs.
    return _adaptive_pool("adaptive_average_pool", inputs.astype(to_numpy_dtype(dtypes.float_result(inputs))),
                          output_size, data_format, np.mean)


def adaptive_max_pool(inputs: Any, output_size: Any, data_format: str | None = None) -> np.ndarray:
    return _adaptive_pool("adaptive_max_pool", inputs, output_size, data_format, np.max)


def depth_to_space(x: Any, block_size: int, data_format: str = "channels_last") -> np.ndarray:
    x = tensor(x)
    data_format = _data_format(data_format)
    block = int(block_size)
    if data_format == "channels_first":
        # Channels split as (channel, block row, block column), as Keras 3 on NumPy/JAX/torch.
        b, c, h, w = x.shape
        moved = x.reshape(b, c // (block * block), block, block, h, w).transpose(0, 1, 4, 2, 5, 3)
        return moved.reshape(b, c // (block * block), h * block, w * block)
    b, h, w, c = x.shape
    if c % (block * block):
        raise ValueError(f"depth_to_space: channels {c} must be divisible by block_size**2 = {block * block}")
    moved = x.reshape(b, h, w, block, block, c // (block * block)).transpose(0, 1, 3, 2, 4, 5)
    return moved.reshape(b, h * block, w * block, c // (block * block))


def space_to_depth(x: Any, block_size: int, data_format: str = "channels_last") -> np.ndarray:
    x = tensor(x)
    data_format = _data_format(data_format)
    block = int(block_size)
    if data_format == "channels_first":
        # Channels grouped as (channel, block row, block column), as Keras 3 on NumPy/JAX/torch.
        b, c, h, w = x.shape
        moved = x.reshape(b, c, h // block, block, w // block, block).transpose(0, 1, 3, 5, 2, 4)
        return moved.reshape(b, c * block * block, h // block, w // block)
    b, h, w, c = x.shape
    if h % block or w % block:
        raise ValueError(f"space_to_depth: height {h} and width {w} must be divisible by block_size {block}")
    moved = x.reshape(b, h // block, block, w // block, block, c).transpose(0, 1, 3, 2, 4, 5)
    return moved.reshape(b, h // block, w // block, block * block * c)


def unfold(x: Any, kernel_size: Any, dilation: Any = 1, padding: Any = 0, stride: Any = 1) -> np.ndarray:
    x = convert_to_tensor(x)
    check_unfold_input(x.shape)
    (kh, kw), (dh, dw), (ph, pw), (sh, sw), (bh, bw) = unfold_geometry(
        "unfold", x.shape[2:], kernel_size, dilation, padding, stride
    )
    n, c = x.shape[:2]
    if ph or pw:
        x = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    # A strided view (no copy) of every dilated window, then the kernel taps and block positions picked.
    windows = np.lib.stride_tricks.sliding_window_view(x, ((kh - 1) * dh + 1, (kw - 1) * dw + 1), axis=(2, 3))
    windows = windows[:, :, : (bh - 1) * sh + 1 : sh, : (bw - 1) * sw + 1 : sw, ::dh, ::dw]
    return np.ascontiguousarray(windows.transpose(0, 1, 4, 5, 2, 3)).reshape(n, c * kh * kw, bh * bw)


def fold(
    x: Any, output_size: Any, kernel_size: Any, dilation: Any = 1, padding: Any = 0, stride: Any = 1
) -> np.ndarray:
    x = convert_to_tensor(x)
    (h, w), (kh, kw), (dh, dw), (ph, pw), (sh, sw), c, (bh, bw) = check_fold_input(
        x.shape, output_size, kernel_size, dilation, padding, stride
    )
    n = x.shape[0]
    blocks = x.reshape(n, c, kh, kw, bh, bw)
    out = np.zeros((n, c, h + 2 * ph, w + 2 * pw), dtype=x.dtype)
    # One strided slice per kernel tap: the blocks of one tap never overlap, so `+=` adds every value
    # once (bools combine with `or`, NumPy's bool addition).
    for i in range(kh):
        for j in range(kw):
            out[:, :, i * dh : i * dh + (bh - 1) * sh + 1 : sh, j * dw : j * dw + (bw - 1) * sw + 1 : sw] += blocks[:, :, i, j]
    return np.ascontiguousarray(out[:, :, ph : ph + h, pw : pw + w])
