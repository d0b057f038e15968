"""CTC decoding shared by every backend: the argument rules and the beam-search algorithm.

``ops.ctc_decode`` has one semantics on every backend (``docs/ops.md``, "CTC
decoding"). Backends implement the greedy strategy natively (it is a few
vectorized array ops); the beam search is written once here, as a
fixed-shape, vectorized prefix beam search over an array namespace ``xp``
(NumPy, or ``jax.numpy`` inside ``jax.jit``), so that every backend returns
the same paths in the same order, ties included.

This module imports no framework (NumPy only, for the host path).
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

STRATEGIES = ("greedy", "beam_search")

# Prefix identity: two independent 32-bit rolling hashes (``h(p + [c]) = h(p) * K + c + 1``,
# wrapping), compared together with the prefix length. Vectorized code cannot use a dict of
# prefixes; 64 bits of hash make a merge of two different prefixes practically impossible
# (below 1e-12 for a batch of long sequences), and the arithmetic is the same in NumPy and XLA.
_HASH_MULTIPLIERS = (2654435761, 2246822519)


def decode_argument_problem(
    inputs_shape: tuple[int | None, ...] | None,
    inputs_dtype: str | None,
    lengths_shape: tuple[int | None, ...] | None,
    strategy: Any,
    beam_width: Any,
    top_paths: Any,
    mask_index: Any,
) -> tuple[type[Exception], str] | None:
    """``(exception type, message)`` for the first invalid argument of ``ctc_decode``, or ``None``.

    Unknown shapes or dtypes (``None``) are not checked. The message names the argument, what was
    received and what was expected; callers prefix the op's name.

    Example:
        >>> decode_argument_problem((2, 5, 4), "float32", (2,), "greedy", 100, 1, 0) is None
        True
        >>> decode_argument_problem((2, 5, 4), "float32", (2,), "beam", 100, 1, 0)[1]
        "argument 'strategy' expected 'greedy' or 'beam_search', received 'beam'"
    """
    if inputs_shape is not None and len(inputs_shape) != 3:
        return ValueError, (
            f"argument 'inputs' expected a tensor of rank 3 (batch, max_time, num_classes), "
            f"received shape {tuple(inputs_shape)}"
        )
    if inputs_dtype is not None and inputs_dtype.startswith("complex"):
        return TypeError, f"argument 'inputs' expected real logits, received dtype {inputs_dtype}"
    if lengths_shape is not None:
        batch = None if inputs_shape is None else inputs_shape[0]
        known = len(lengths_shape) == 1 and None not in (batch, lengths_shape[0])
        if len(lengths_shape) != 1 or (known and lengths_shape[0] != batch):
            return ValueError, (
                f"argument 'sequence_lengths' expected shape (batch,) = ({batch},), received shape "
                f"{tuple(lengths_shape)}"
            )
    if not isinstance(strategy, str) or strategy not in STRATEGIES:
        return ValueError, f"argument 'strategy' expected 'greedy' or 'beam_search', received {strategy!r}"
    num_classes = None if inputs_shape is None else inputs_shape[-1]
    if num_classes == 0:
        return ValueError, f"argument 'inputs' expected at least one class, received shape {tuple(inputs_shape)}"
    if mask_index is not None:
        if isinstance(mask_index, bool) or not isinstance(mask_index, (numbers.Integral, np.integer)):
            return TypeError, (
                f"argument 'mask_index' expected an int or None, received {type(mask_index).__name__} {mask_index!r}"
            )
        if num_classes is not None and not -num_classes <= int(mask_index) < num_classes:
            return ValueError, (
                f"argument 'mask_index' is out of range: received {int(mask_index)} for inputs with "
                f"{num_classes} classes (expected {-num_classes} <= mask_index < {num_classes}, or None for "
                f"the last class)"
            )
    if strategy == "greedy":
        return None  # beam_width and top_paths do not apply (as in Keras 3)
    for name, value in (("beam_width", beam_width), ("top_paths", top_paths)):
        if isinstance(value, bool) or not isinstance(value, (numbers.Integral, np.integer)):
            return TypeError, f"argument '{name}' expected a positive int, received {type(value).__name__} {value!r}"
        if int(value) < 1:
            return ValueError, f"argument '{name}' expected a positive int, received {int(value)}"
    if int(top_paths) > int(beam_width):
        return ValueError, (
            f"argument 'top_paths' expected at most beam_width={int(beam_width)} paths (the beam holds no "
            f"more), received {int(top_paths)}"
        )
    return None


def check_decode_arguments(
    inputs_shape: tuple[int | None, ...],
    inputs_dtype: str | None,
    lengths_shape: tuple[int | None, ...] | None,
    strategy: Any,
    beam_width: Any,
    top_paths: Any,
    mask_index: Any,
) -> int | None:
    """Raise for invalid ``ctc_decode`` arguments; return the blank class in ``[0, num_classes)``.

    ``mask_index=None`` means the last class; a negative index counts from the end. The result is
    ``None`` only when it depends on a number of classes that is not known statically.

    Example:
        >>> check_decode_arguments((2, 5, 4), "float32", (2,), "greedy", 100, 1, None)
        3
        >>> check_decode_arguments((2, 5, 4), "float32", (2,), "beam_search", 2, 1, -2)
        2
    """
    problem = decode_argument_problem(
        inputs_shape, inputs_dtype, lengths_shape, strategy, beam_width, top_paths, mask_index
    )
    if problem is not None:
        kind, message = problem
        raise kind(f"ctc_decode: {message}")
    num_classes = inputs_shape[-1]
    if mask_index is not None and int(mask_index) >= 0:
        return int(mask_index)
    if num_classes is None:
        return None
    return num_classes - 1 if mask_index is None else num_classes + int(mask_index)


class BeamState(NamedTuple):
    """The beam of every batch item; ``W`` is the beam width, ``T`` the number of time steps.

    The ``W`` hypotheses of an item are distinct label prefixes, sorted by total probability
    (most probable first); a hypothesis of probability zero (``-inf``) is an empty slot.
    """

    prefix: Any
    """``(B, W, T)`` int32 labels, ``-1`` after the prefix's length."""
    length: Any
    """``(B, W)`` int32 prefix lengths."""
    last: Any
    """``(B, W)`` int32 last label of the prefix, ``-1`` for the empty prefix."""
    log_blank: Any
    """``(B, W)`` log probability of the prefix over paths whose last step is a blank."""
    log_label: Any
    """``(B, W)`` log probability of the prefix over paths ending in its last label."""
    hash1: Any
    """``(B, W)`` uint32 hashes of the prefix."""
    hash2: Any
    parent1: Any
    """``(B, W)`` uint32 hashes of the prefix without its last label."""
    parent2: Any


def initial_beam(xp: Any, batch: int, beam_width: int, max_time: int, float_dtype: Any) -> BeamState:
    """The beam before the first step: the empty prefix (probability 1) and empty slots."""
    neg_inf = xp.full((batch, beam_width), -np.inf, dtype=float_dtype)
    first = xp.arange(beam_width) == 0
    zeros32 = xp.zeros((batch, beam_width), dtype=xp.uint32)
    return BeamState(
        prefix=xp.full((batch, beam_width, max_time), -1, dtype=xp.int32),
        length=xp.zeros((batch, beam_width), dtype=xp.int32),
        last=xp.full((batch, beam_width), -1, dtype=xp.int32),
        log_blank=xp.where(first[None, :], xp.zeros_like(neg_inf), neg_inf),
        log_label=neg_inf,
        hash1=zeros32,
        hash2=zeros32,
        parent1=zeros32,
        parent2=zeros32,
    )


def beam_step(
    xp: Any,
    put_along_last_axis: Callable[[Any, Any, Any], Any],
    top_indices: Callable[[Any, int], Any],
    state: BeamState,
    log_probs: Any,
    active: Any,
    blank: int,
) -> BeamState:
    """Advance the beam by one time step (prefix beam search, written without data-dependent shapes).

    Args:
        xp: ``numpy`` or ``jax.numpy``.
        put_along_last_axis: ``f(array2d, indices2d, value) -> array`` returning a copy of
            ``array2d`` with ``value`` written at ``indices2d`` along the last axis.
        top_indices: ``f(scores2d, k) -> indices2d``: per row, the indices of the ``k`` largest
            scores, largest first, equal scores in index order (``jax.lax.top_k``'s contract).
        state: The beam before the step.
        log_probs: ``(B, C)`` log probabilities of the classes at this step.
        active: ``(B,)`` bool; items whose sequence has ended keep their beam.
        blank: The blank class, in ``[0, C)``.

    Returns:
        The beam after the step.

    Each hypothesis either stays (a blank, or its last label repeated without a blank) or is
    extended by a non-blank class (a repeat of the last label only from a path ending in blank).
    An extension equal to another hypothesis's prefix is merged into that hypothesis's "stay"
    candidate. The ``W`` most probable of the ``W * (C + 1)`` candidates form the new beam; equal
    probabilities keep candidate order (hypothesis order, "stay" before extensions, classes
    ascending), so every backend breaks ties the same way.
    """
    batch, width, max_time = state.prefix.shape
    classes = log_probs.shape[-1]
    dtype = log_probs.dtype
    neg_inf = xp.asarray(-np.inf, dtype=dtype)
    valid = state.log_blank > neg_inf
    valid = valid | (state.log_label > neg_inf)
    total = xp.logaddexp(state.log_blank, state.log_label)

    # "stay" candidates: one per hypothesis
    last_index = xp.maximum(state.last, 0)
    last_log_prob = xp.take_along_axis(log_probs, last_index, axis=1)
    stay_blank = total + log_probs[:, blank][:, None]
    stay_label = xp.where(state.last >= 0, state.log_label + last_log_prob, neg_inf)

    # extensions: one per hypothesis and class (blank and empty slots give -inf)
    class_ids = xp.arange(classes, dtype=xp.int32)
    repeat = class_ids[None, None, :] == state.last[:, :, None]
    from_paths = xp.where(repeat, state.log_blank[:, :, None], total[:, :, None])
    extend = from_paths + log_probs[:, None, :]
    extend = xp.where((class_ids != blank)[None, None, :] & valid[:, :, None], extend, neg_inf)
    extend = extend.reshape(batch, width * classes)

    # hypothesis j = hypothesis i + [last_j]: merge extension (i, last_j) into j's "stay"
    same_parent = (state.parent1[:, :, None] == state.hash1[:, None, :]) & (
        state.parent2[:, :, None] == state.hash2[:, None, :]
    )
    same_parent = same_parent & (state.length[:, :, None] == state.length[:, None, :] + 1)
    same_parent = same_parent & valid[:, None, :] & (valid & (state.length > 0))[:, :, None]
    has_parent = xp.any(same_parent, axis=2)
    parent = xp.argmax(same_parent, axis=2).astype(xp.int32)
    merged_index = xp.where(has_parent, parent * classes + last_index, width * classes)
    padded = xp.concatenate([extend, xp.full((batch, 1), -np.inf, dtype=dtype)], axis=1)
    merged = xp.take_along_axis(padded, merged_index, axis=1)
    stay_label = xp.logaddexp(stay_label, merged)
    extend = put_along_last_axis(padded, merged_index, neg_inf)[:, : width * classes]

    # keep the `width` most probable candidates (stable: ties keep candidate order)
    candidate_blank = xp.concatenate([stay_blank, xp.full((batch, width * classes), -np.inf, dtype=dtype)], axis=1)
    candidate_label = xp.concatenate([stay_label, extend], axis=1)
    candidate_total = xp.logaddexp(candidate_blank, candidate_label)
    # NaN logits rank last, as an impossible candidate would
    candidate_total = xp.where(xp.isnan(candidate_total), neg_inf, candidate_total)
    chosen = top_indices(candidate_total, width).astype(xp.int32)
    extended = chosen >= width
    source = xp.where(extended, (chosen - width) // classes, chosen)
    label = xp.where(extended, (chosen - width) % classes, -1).astype(xp.int32)

    def pick(value: Any) -> Any:
        return xp.take_along_axis(value, source, axis=1)

    length = pick(state.length)
    prefix = xp.take_along_axis(state.prefix, source[:, :, None], axis=1)
    at_end = xp.arange(max_time, dtype=xp.int32)[None, None, :] == length[:, :, None]
    prefix = xp.where(extended[:, :, None] & at_end, label[:, :, None], prefix)
    hash1, hash2 = pick(state.hash1), pick(state.hash2)
    code = (label + 1).astype(xp.uint32)
    new = BeamState(
        prefix=prefix,
        length=xp.where(extended, length + 1, length),
        last=xp.where(extended, label, pick(state.last)),
        log_blank=xp.take_along_axis(candidate_blank, chosen, axis=1),
        log_label=xp.take_along_axis(candidate_label, chosen, axis=1),
        hash1=xp.where(extended, hash1 * xp.uint32(_HASH_MULTIPLIERS[0]) + code, hash1),
        hash2=xp.where(extended, hash2 * xp.uint32(_HASH_MULTIPLIERS[1]) + code, hash2),
        parent1=xp.where(extended, hash1, pick(state.parent1)),
        parent2=xp.where(extended, hash2, pick(state.parent2)),
    )
    keep = active[:, None]
    return BeamState(*(xp.where(keep[:, :, None] if n.ndim == 3 else keep, n, o) for n, o in zip(new, state)))


def beam_result(xp: Any, state: BeamState, top_paths: int) -> tuple[Any, Any]:
    """``(decoded (top_paths, B, T) int32, log probabilities (B, top_paths))`` of the final beam.

    Empty slots (fewer distinct prefixes than ``top_paths`` have a nonzero probability) decode
    to ``-1`` everywhere with a log probability of ``-inf``.
    """
    total = xp.logaddexp(state.log_blank, state.log_label)[:, :top_paths]
    prefix = state.prefix[:, :top_paths, :]
    prefix = xp.where((total > -np.inf)[:, :, None], prefix, -1)
    return xp.transpose(prefix, (1, 0, 2)), total


def _numpy_put(array: np.ndarray, indices: np.ndarray, value: Any) -> np.ndarray:
    out = array.copy()
    np.put_along_axis(out, indices, value, axis=-1)
    return out


def _numpy_top(scores: np.ndarray, k: int) -> np.ndarray:
    """``jax.lax.top_k``'s indices in NumPy, without sorting whole rows (``k`` is much smaller)."""
    rows, n = scores.shape
    if 4 * k >= n:
        return np.argsort(-scores, axis=1, stable=True)[:, :k]
    kth = np.partition(scores, n - k, axis=1)[:, n - k : n - k + 1]
    above = scores > kth
    ties = scores == kth
    # of the scores equal to the k-th largest, keep the first ones (lowest indices)
    wanted_ties = k - above.sum(axis=1, keepdims=True)
    selected = above | (ties & (np.cumsum(ties, axis=1) <= wanted_ties))
    indices = np.nonzero(selected)[1].reshape(rows, k)
    order = np.argsort(-np.take_along_axis(scores, indices, axis=1), axis=1, stable=True)
    return np.take_along_axis(indices, order, axis=1)


def beam_search_numpy(
    log_probs: np.ndarray, sequence_lengths: np.ndarray, beam_width: int, top_paths: int, blank: int
) -> tuple[np.ndarray, np.ndarray]:
    """CTC beam search on the host.

    Args:
        log_probs: ``(B, T, C)`` float32 or float64 log probabilities (log-softmax of the logits).
        sequence_lengths: ``(B,)`` integer lengths, clipped to ``[0, T]``.
        beam_width: Hypotheses kept after each step.
        top_paths: Paths returned, at most ``beam_width``.
        blank: The blank class in ``[0, C)``.

    Returns:
        ``(decoded, scores)``: int32 ``(top_paths, B, T)`` labels padded with ``-1``, and the
        ``(B, top_paths)`` log probability of each path (``log_probs``' dtype), best first.

    Example:
        >>> lp = np.log(np.array([[[0.4, 0.6], [0.4, 0.6]]], "float32"))
        >>> decoded, scores = beam_search_numpy(lp, np.array([2]), 2, 2, 0)
        >>> decoded[:, 0].tolist(), np.exp(scores.astype(np.float64)).round(2).tolist()
        ([[1, -1], [-1, -1]], [[0.84, 0.16]])
    """
    batch, max_time, _ = log_probs.shape
    lengths = np.clip(np.asarray(sequence_lengths).astype(np.int64).reshape(batch), 0, max_time)
    state = initial_beam(np, batch, beam_width, max_time, log_probs.dtype)
    steps = int(lengths.max()) if batch else 0
    with np.errstate(invalid="ignore", over="ignore"):  # -inf - -inf inside logaddexp; hash overflow wraps
        for t in range(steps):
            state = beam_step(np, _numpy_put, _numpy_top, state, log_probs[:, t, :], t < lengths, blank)
    decoded, scores = beam_result(np, state, top_paths)
    return decoded.astype(np.int32), scores
