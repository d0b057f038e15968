"""Core ops of the TensorFlow backend: conversion, dtype, shape, control flow.

TensorFlow never promotes dtypes implicitly, so every op with several inputs
casts them to the contract's result dtype first (:func:`promote`). All ops
work eagerly and inside ``tf.function``.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import optree
import tensorflow as tf

from multikeras.backend import config, dtypes
from multikeras.state.variable import Variable

Tensor = tf.Tensor
TF_DTYPES: dict[str, tf.DType] = {name: tf.as_dtype(name) for name in dtypes.ALL_DTYPES}
CANONICAL: dict[tf.DType, str] = {value: key for key, value in TF_DTYPES.items()}
INDEX = tf.int32
_EAGER = type(tf.constant(0))
try:
    from tensorflow.python.framework.ops import SymbolicTensor as _SYMBOLIC
except ImportError:  # older TensorFlow
    _SYMBOLIC = tf.Tensor
TENSOR_TYPES = (_EAGER, _SYMBOLIC)
_PLAIN = (bool, int, float, complex)


_WEAK_OK: dict[tf.DType, tuple[type, ...]] = {
    **{TF_DTYPES[name]: (int, float) for name in dtypes.FLOATING},
    **{TF_DTYPES[name]: (int,) for name in dtypes.INTEGER},
    **{TF_DTYPES[name]: (int, float, complex) for name in dtypes.COMPLEX},
}


def to_tf_dtype(dtype: Any) -> tf.DType:
    """TensorFlow dtype for a canonical dtype name (or any dtype-like)."""
    found = TF_DTYPES.get(dtype) if isinstance(dtype, str) else None
    if found is not None:
        return found
    if isinstance(dtype, tf.DType):
        return dtype
    return TF_DTYPES[dtypes.standardize_dtype(dtype)]


def floatx_tf() -> tf.DType:
    return TF_DTYPES[config.floatx()]


def _to_plain(x: Any) -> Any:
    if isinstance(x, (list, tuple)):
        return [_to_plain(item) for item in x]
    if isinstance(x, (_PLAIN, np.ndarray, np.generic)):
        return x
    return convert_to_numpy(x)


def _has_symbolic(x: Any) -> bool:
    if isinstance(x, (list, tuple)):
        return builtins.any(_has_symbolic(item) for item in x)
    return isinstance(x, (tf.Tensor, tf.Variable)) and not isinstance(x, _EAGER)


def _stack_nested(x: Any, dtype: tf.DType) -> tf.Tensor:
    if isinstance(x, (list, tuple)):
        return tf.stack([_stack_nested(item, dtype) for item in x])
    return convert_to_tensor(x, dtype)


def convert_to_tensor(x: Any, dtype: Any = None) -> tf.Tensor:
    """``x`` as a tf.Tensor; arrays keep their dtype, Python values follow ``result_type``."""
    if type(x) in TENSOR_TYPES:
        if dtype is None:
            return x
        target = to_tf_dtype(dtype)
        return x if x.dtype == target else tf.cast(x, target)
    if isinstance(x, Variable):
        return convert_to_tensor(x.value, dtype)
    if isinstance(x, tf.Variable):
        value = x.value() if hasattr(x, "value") else tf.convert_to_tensor(x)
        return value if dtype is None else tf.cast(value, to_tf_dtype(dtype))
    if isinstance(x, tf.Tensor):
        return x if dtype is None else tf.cast(x, to_tf_dtype(dtype))
    if isinstance(x, (np.ndarray, np.generic)):
        if dtype is not None:
            target = to_tf_dtype(dtype)
            if x.dtype.kind in "cf" and target.is_integer:
                return tf.cast(tf.constant(x), target)
            return _array_to_tensor(np.asarray(x).astype(target.as_numpy_dtype, copy=False))
        return _array_to_tensor(x)
    if type(x) in (int, float) and dtype is None:
        name = dtypes.result_type(x)
        if type(x) is int and not -(2**31) <= x < 2**31:  # tf.constant(2**40, tf.int32) is 0, without a word
            dtypes.check_python_numbers_fit(x, name)
        return tf.constant(x, TF_DTYPES[name])
    if isinstance(x, _PLAIN) or isinstance(x, (list, tuple)):
        target = to_tf_dtype(dtype if dtype is not None else dtypes.result_type(x))
        # An explicit or inferred int dtype must hold the ints: the NumPy cast in _python_to_tensor wraps 300 to 44
        # in uint8, and [1, 2**40] to [1, 0] in the inferred int32.
        if target.is_integer:
            dtypes.check_python_numbers_fit(x, CANONICAL[target])
        try:
            return _python_to_tensor(x, target)
        except (OverflowError, TypeError, ValueError):
            if target.is_floating:  # an int beyond 64 bits, which NumPy holds as an object TensorFlow refuses
                return _python_to_tensor(dtypes.python_ints_to_floats(x), target)
            raise
    if hasattr(x, "__array__") or hasattr(x, "numpy") or hasattr(x, "detach"):
        value = _foreign_to_numpy(x)
        return convert_to_tensor(value, dtype)
    value = tf.convert_to_tensor(x)
    return value if dtype is None else tf.cast(value, to_tf_dtype(dtype))


def _python_to_tensor(x: Any, target: tf.DType) -> tf.Tensor:
    """A Python number or nested list as a ``target`` tensor; integers out of range wrap (callers check first)."""
    if isinstance(x, (list, tuple)) and _has_symbolic(x):
        return _stack_nested(x, target)
    value = np.asarray(_to_plain(x))
    if value.dtype.kind in "cf" and target.is_integer:
        return tf.cast(tf.constant(value), target)
    return tf.constant(value.astype(target.as_numpy_dtype, copy=False) if value.dtype != object else value, dtype=target)


def _array_to_tensor(x: np.ndarray | np.generic) -> tf.Tensor:
    """``tf.constant(x)``: a tensor that owns a copy of the array, copied once rather than twice where possible.

    ``tf.constant`` copies a NumPy array with NumPy first (so that the tensor
    never shares the caller's memory), then TensorFlow copies that copy again
    into its own buffer unless it happens to be aligned as TensorFlow wants.
    For an array TensorFlow is known to copy anyway (its address is not so
    aligned, see :func:`_copying_alignment`) the first copy is skipped. That
    matters for the batches a trainer converts on each step: on the W2 MLP
    (128x784 float32 inputs) the conversion costs about 180 us per step
    inside ``fit`` with two copies and about 90 us less with one.
    """
    if (type(x) is np.ndarray and x.dtype.kind in "biuf" and x.flags.c_contiguous
            and tf.executing_eagerly()):
        alignment = _copying_alignment()
        if alignment and x.__array_interface__["data"][0] % alignment:
            context = _eager_context()
            context.ensure_initialized()
            return _EagerTensorType(x, context.device_name, None)
    return tf.constant(x)


try:  # the constructor tf.constant calls once it has copied the array; private, hence checked before use
    from tensorflow.python.eager.context import context as _eager_context
    from tensorflow.python.framework.ops import EagerTensor as _EagerTensorType
except ImportError:  # pragma: no cover - another TensorFlow version: tf.constant only
    _eager_context = _EagerTensorType = None

_ALIGNMENT: list[int] = []


def _copying_alignment() -> int:
    """The alignment ``A`` such that TensorFlow copies an array whose address is not a multiple of ``A``
    (and shares the memory of one whose address is); 0 when that cannot be relied on.

    Measured once: arrays at every 4-byte offset from a 64-byte boundary are
    wrapped, then changed; the wrapped tensor keeps its contents exactly when
    TensorFlow copied. Only a pattern "copied below ``A``, shared from ``A``
    on" (an alignment check) is trusted.
    """
    if not _ALIGNMENT:
        _ALIGNMENT.append(_measure_copying_alignment())
    return _ALIGNMENT[0]


def _measure_copying_alignment() -> int:
    if _EagerTensorType is None:
        return 0
    try:
        context = _eager_context()
        context.ensure_initialized()
        buffer = np.zeros(256 + 128, np.uint8)
        start = (-buffer.__array_interface__["data"][0]) % 64
        copied = []
        for offset in range(4, 68, 4):  # 64 is a 64-byte boundary again
            array = buffer[start + offset : start + offset + 256].view(np.float32)
            array[:] = 1.0
            tensor = _EagerTensorType(array, context.device_name, None)
            array[:] = 2.0
            copied.append(bool(np.all(tensor.numpy() == 1.0)))
    except Exception:  # noqa: BLE001 - any surprise from a private constructor: never rely on it
        return 0
    offsets = list(range(4, 68, 4))
    for alignment in (8, 16, 32, 64):
        if all(was_copied == (offset % alignment != 0) for offset, was_copied in zip(offsets, copied)):
            return alignment
    if all(copied[:-1]):  # copied everywhere below 64 (and maybe at 64 too): an alignment of at least 64
        return 64
    return 0


def _foreign_to_numpy(x: Any) -> np.ndarray:
    if hasattr(x, "detach") and hasattr(x, "cpu"):
        if str(x.dtype).endswith("bfloat16"):
            import ml_dtypes

            return x.detach().cpu().float().numpy().astype(ml_dtypes.bfloat16)
        return x.detach().cpu().numpy()
    return np.asarray(x)


tensor = convert_to_tensor


def convert_to_numpy(x: Any) -> np.ndarray:
    if isinstance(x, (tf.Tensor, tf.Variable)):
        return np.asarray(x.numpy())
    if isinstance(x, (np.ndarray, np.generic)):
        return np.asarray(x)
    if isinstance(x, (list, tuple, *_PLAIN)):
        return convert_to_tensor(x).numpy()
    return _foreign_to_numpy(x)


def is_tensor(x: Any) -> bool:
    return isinstance(x, (tf.Tensor, tf.Variable))


def promote(*values: Any) -> list[tf.Tensor]:
    """Convert ``values`` to tensors of their contract result dtype."""
    if len(values) == 2:
        first, second = values
        # Fast path: a tensor and a Python scalar of its kind keep the tensor's dtype.
        if type(first) in TENSOR_TYPES and type(second) in _WEAK_OK.get(first.dtype, ()):
            return [first, _weak_constant(second, first.dtype)]
        if type(second) in TENSOR_TYPES and type(first) in _WEAK_OK.get(second.dtype, ()):
            return [_weak_constant(first, second.dtype), second]
    target = to_tf_dtype(dtypes.result_type(*values))
    return [convert_to_tensor(v, target) for v in values]


def _weak_constant(value: int | float | complex, dtype: tf.DType) -> tf.Tensor:
    """A Python scalar operand in its tensor partner's dtype; an int must fit an integer dtype, as in NumPy 2
    (tf.constant(300, tf.uint8) is 44, without a word)."""
    if dtype.is_integer:
        dtypes.check_python_numbers_fit(value, CANONICAL[dtype])
    elif type(value) is int and not -(2**63) <= value < 2**63:  # tf.constant refuses it for bfloat16
        value = float(value)
    return tf.constant(value, dtype)


def scalar(value: Any, dtype: tf.DType) -> tf.Tensor:
    """``value`` as a tensor of ``dtype``, without going through float32 for Python floats."""
    if isinstance(value, (bool, int, float, np.number)):
        if dtype.is_integer and isinstance(value, (float, np.floating)):
            return tf.cast(tf.constant(value, tf.float64), dtype)
        return tf.constant(value, dtype)
    if isinstance(value, (list, tuple, np.ndarray)):
        return tf.constant(np.asarray(value), dtype) if not (dtype.is_integer and np.asarray(value).dtype.kind == "f") else tf.cast(tf.constant(np.asarray(value, np.float64)), dtype)
    return tf.cast(convert_to_tensor(value), dtype)


def to_float(x: Any) -> tf.Tensor:
    """``x`` as a tensor of ``float_result(x)`` (ints and bools become floatx)."""
    x = convert_to_tensor(x)
    if x.dtype.is_floating or x.dtype.is_complex:
        return x
    return tf.cast(x, floatx_tf())


def cast(x: Any, dtype: Any) -> tf.Tensor:
    target = to_tf_dtype(dtype)
    if type(x) in TENSOR_TYPES:
        return x if x.dtype == target else tf.cast(x, target)
    # Python numbers straight to the target: 0.1 to float64 stays 0.1, a large int to int64 stays exact (through
    # the default dtype first, 2**31 + 1 wrapped around in int32).
    try:
        return convert_to_tensor(x, target)
    except (OverflowError, ValueError):  # a Python number out of the target's range: wrapped, as a tensor cast does
        if isinstance(x, _PLAIN) or isinstance(x, (list, tuple)):
            if target.is_integer:  # ints wrapped exactly (raises beyond 64 bits; NumPy would wrap 2**63 + 2**64)
                x = dtypes.wrap_python_ints(x, CANONICAL[target])
            return _python_to_tensor(x, target)
        raise


def _bounds(name: str) -> tuple[Any, Any] | None:
    if name in dtypes.INTEGER_BOUNDS:
        return dtypes.INTEGER_BOUNDS[name]
    if name in dtypes.FLOATING:
        info = tf.as_dtype(name)
        return float(info.min), float(info.max)
    return None


def saturate_cast(x: Any, dtype: Any) -> tf.Tensor:
    """Cast, clipping values to the target's range instead of wrapping."""
    x = convert_to_tensor(x)
    name = dtypes.standardize_dtype(dtype)
    target = TF_DTYPES[name]
    source = CANONICAL[x.dtype]
    bounds = _bounds(name)
    if bounds is None or source == "bool" or source in dtypes.COMPLEX:
        return tf.cast(x, target)
    low, high = bounds
    if source in dtypes.FLOATING:
        work = tf.cast(x, tf.float64) if source in ("bfloat16", "float16") else x
        np_type = work.dtype.as_numpy_dtype
        low_f, high_f = np_type(low), np_type(high)
        if name in dtypes.INTEGER:
            # The float nearest to an int bound may lie outside it (float32(2**31)).
            if float(high_f) > high:
                high_f = np.nextafter(high_f, np_type(-np.inf))
            if float(low_f) < low:
                low_f = np.nextafter(low_f, np_type(np.inf))
        return tf.cast(tf.clip_by_value(work, low_f, high_f), target)
    if source in dtypes.INTEGER and name in dtypes.INTEGER:
        info = np.iinfo(source)
        low, high = builtins.max(low, int(info.min)), builtins.min(high, int(info.max))
        if low > int(info.min) or high < int(info.max):
            x = tf.clip_by_value(x, tf.constant(low, x.dtype), tf.constant(high, x.dtype))
        return tf.cast(x, target)
    return tf.cast(x, target)


def shape(x: Any) -> tuple[int | None, ...]:
    if not isinstance(x, (tf.Tensor, tf.Variable)):
        x = convert_to_tensor(x)
    if x.shape.rank is None:
        return None
    static = x.shape.as_list()
    if None in static:
        return tuple(dynamic_shape(x))
    return tuple(static)


def dtype(x: Any) -> str:
    found = getattr(x, "dtype", None)
    if isinstance(found, tf.DType):
        return CANONICAL[found.base_dtype]
    return CANONICAL[convert_to_tensor(x).dtype]


def dynamic_shape(x: tf.Tensor) -> list[Any]:
    """Static dims where known, scalar tensors where not."""
    static = x.shape.as_list()
    if builtins.all(d is not None for d in static):
        return static
    dynamic = tf.shape(x)
    return [dynamic[i] if d is None else d for i, d in enumerate(static)]


# ----------------------------------------------------------------- control flow


def _is_python_bool(pred: Any) -> bool:
    return isinstance(pred, (bool, np.bool_)) or (isinstance(pred, (int, np.integer)))


def cond(pred: Any, true_fn: Callable[[], Any], false_fn: Callable[[], Any]) -> Any:
    if _is_python_bool(pred):
        return true_fn() if pred else false_fn()
    pred = convert_to_tensor(pred)
    if pred.dtype != tf.bool:
        pred = tf.cast(pred, tf.bool)
    if pred.shape.rank:
        pred = tf.reshape(pred, [])
    return tf.cond(pred, true_fn, false_fn)


def while_loop(cond: Callable[..., Any], body: Callable[..., Any], loop_vars: Any, maximum_iterations: int | None = None) -> Any:
    is_sequence = isinstance(loop_vars, (tuple, list))
    state = tuple(loop_vars) if is_sequence else (loop_vars,)
    state = optree.tree_map(_as_loop_value, state)

    def _cond(*args: Any) -> Any:
        return cond(*args)

    def _body(*args: Any) -> Any:
        result = body(*args)
        if not isinstance(result, (tuple, list)):
            result = (result,)
        result = tuple(result)
        return optree.tree_map(lambda new, old: tf.cast(convert_to_tensor(new), old.dtype), result, args)

    out = tf.while_loop(_cond, _body, state, maximum_iterations=maximum_iterations)
    out = tuple(out)
    if is_sequence:
        return list(out) if isinstance(loop_vars, list) else out
    return out[0]


def _as_loop_value(x: Any) -> tf.Tensor:
    return convert_to_tensor(x)


def fori_loop(lower: Any, upper: Any, body_fun: Callable[[Any, Any], Any], init_val: Any) -> Any:
    lower_t = convert_to_tensor(lower)
    upper_t = tf.cast(convert_to_tensor(upper), lower_t.dtype)
    init = optree.tree_map(convert_to_tensor, init_val)

    def _body(i: Any, value: Any) -> Any:
        new = body_fun(i, value)
        new = optree.tree_map(lambda n, o: tf.cast(convert_to_tensor(n), o.dtype), new, value)
        return i + 1, new

    _, result = tf.while_loop(lambda i, value: i < upper_t, _body, (lower_t, init))
    return result


def _leading_length(leaves: list[tf.Tensor]) -> Any:
    if not leaves:
        raise ValueError("expected at least one array in `xs`, received an empty structure")
    static = {leaf.shape[0] for leaf in leaves if leaf.shape.rank}
    static.discard(None)
    if len(static) > 1:
        raise ValueError(f"arrays of `xs` must share their leading dimension, received lengths {sorted(static)}")
    if static:
        return static.pop()
    return tf.shape(leaves[0])[0]


def scan(f: Callable[[Any, Any], Any], init: Any, xs: Any = None, length: int | None = None, reverse: bool = False, unroll: int = 1) -> Any:
    if xs is None:
        if length is None:
            raise ValueError("scan: expected `xs` or `length`, received neither")
        x_leaves, x_def = [], None
        steps = int(length)
    else:
        x_leaves, x_def = optree.tree_flatten(xs)
        x_leaves = [convert_to_tensor(leaf) for leaf in x_leaves]
        steps = _leading_length(x_leaves)
        if length is not None and isinstance(steps, int) and int(length) != steps:
            raise ValueError(f"scan: `length` {length} does not match the leading dimension {steps} of `xs`")
    carry_leaves, carry_def = optree.tree_flatten(init)
    carry_leaves = [convert_to_tensor(leaf) for leaf in carry_leaves]

    # Steps read ``xs`` from tensor lists, not with ``tf.gather``: the gradient of a gather is a dense
    # scatter of the whole ``xs`` (an UnsortedSegmentSum of every step's size times the length) in each
    # iteration of the backward loop, where a list read's gradient writes one element.
    x_lists = [
        tf.TensorArray(leaf.dtype, size=steps, element_shape=leaf.shape[1:]).unstack(leaf) for leaf in x_leaves
    ]

    def x_at(index: Any) -> Any:
        if x_def is None:
            return None
        return optree.tree_unflatten(x_def, [items.read(index) for items in x_lists])

    def step(index: Any, carry: list[tf.Tensor]) -> tuple[list[tf.Tensor], Any]:
        new_carry, y = f(optree.tree_unflatten(carry_def, list(carry)), x_at(index))
        new_leaves = optree.tree_leaves(new_carry)
        new_leaves = [tf.cast(convert_to_tensor(n), o.dtype) for n, o in zip(new_leaves, carry)]
        return new_leaves, y

    if isinstance(steps, int) and steps == 0:
        return init, None
    first = steps - 1 if reverse else 0
    carry, y0 = step(tf.constant(first) if not isinstance(steps, int) else first, carry_leaves)
    y_leaves, y_def = optree.tree_flatten(y0)
    y_leaves = [convert_to_tensor(leaf) for leaf in y_leaves]
    arrays = [
        tf.TensorArray(leaf.dtype, size=steps, element_shape=leaf.shape).write(first, leaf) for leaf in y_leaves
    ]

    def body(i: Any, carry: list[tf.Tensor], arrays: list[Any]) -> Any:
        index = steps - 1 - i if reverse else i
        new_carry, y = step(index, carry)
        y_new = [tf.cast(convert_to_tensor(leaf), arr.dtype) for leaf, arr in zip(optree.tree_leaves(y), arrays)]
        return i + 1, new_carry, [arr.write(index, leaf) for arr, leaf in zip(arrays, y_new)]

    _, carry, arrays = tf.while_loop(
        lambda i, c, a: i < steps,
        body,
        (tf.constant(1), carry, arrays),
        parallel_iterations=builtins.max(int(unroll) if not isinstance(unroll, bool) else 1, 1),
    )
    ys = optree.tree_unflatten(y_def, [arr.stack() for arr in arrays])
    return optree.tree_unflatten(carry_def, list(carry)), ys


def associative_scan(f: Callable[[Any, Any], Any], elems: Any, reverse: bool = False, axis: int = 0) -> Any:
    leaves, treedef = optree.tree_flatten(elems)
    leaves = [convert_to_tensor(leaf) for leaf in leaves]
    if not leaves:
        return elems
    rank = leaves[0].shape.rank
    axis = axis % rank

    def combine(a: list[tf.Tensor], b: list[tf.Tensor]) -> list[tf.Tensor]:
        result = f(optree.tree_unflatten(treedef, a), optree.tree_unflatten(treedef, b))
        return [convert_to_tensor(leaf) for leaf in optree.tree_leaves(result)]

    def take(values: list[tf.Tensor], start: int, stop: int | None, step: int = 1) -> list[tf.Tensor]:
        index = [builtins.slice(None)] * rank
        index[axis] = builtins.slice(start, stop, step)
        return [value[tuple(index)] for value in values]

    def interleave(even: tf.Tensor, odd: tf.Tensor) -> tf.Tensor:
        n_odd = odd.shape[axis]
        head = take([even], 0, n_odd)[0]
        pairs = tf.stack([head, odd], axis=axis + 1)
        merged_shape = dynamic_shape(head)
        merged_shape[axis] = 2 * n_odd
        merged = tf.reshape(pairs, merged_shape)
        if even.shape[axis] > n_odd:
            merged = tf.concat([merged, take([even], n_odd, None)[0]], axis=axis)
        return merged

    def run(values: list[tf.Tensor]) -> list[tf.Tensor]:
        n = values[0].shape[axis]
        if n < 2:
            return values
        reduced = combine(take(values, 0, -1, 2), take(values, 1, None, 2))
        odd = run(reduced)
        if n % 2 == 0:
            even = combine(take(odd, 0, -1), take(values, 2, None, 2))
        else:
            even = combine(odd, take(values, 2, None, 2))
        even = [tf.concat([first, rest], axis=axis) for first, rest in zip(take(values, 0, 1), even)]
        return [interleave(e, o) for e, o in zip(even, odd)]

    if reverse:
        leaves = [tf.reverse(leaf, [axis]) for leaf in leaves]
    out = run(leaves)
    if reverse:
        out = [tf.reverse(leaf, [axis]) for leaf in out]
    return optree.tree_unflatten(treedef, out)


def map(f: Callable[[Any], Any], xs: Any) -> Any:
    _, ys = scan(lambda carry, x: (carry, f(x)), (), xs)
    return ys


def switch(index: Any, branches: Sequence[Callable[..., Any]], *operands: Any) -> Any:
    if isinstance(index, (int, np.integer)) and not isinstance(index, bool):
        position = builtins.min(builtins.max(int(index), 0), len(branches) - 1)
        return branches[position](*operands)
    index = tf.clip_by_value(tf.cast(convert_to_tensor(index), tf.int32), 0, len(branches) - 1)
    return tf.switch_case(index, [lambda b=b: b(*operands) for b in branches])


def vectorized_map(function: Callable[[Any], Any], elements: Any) -> Any:
    elements = optree.tree_map(convert_to_tensor, elements)
    return tf.vectorized_map(function, elements)


def stop_gradient(variable: Any) -> tf.Tensor:
    return tf.stop_gradient(convert_to_tensor(variable))


def custom_gradient(f: Callable[..., Any]) -> Callable[..., Any]:
    """``f`` returns ``(output, grad_fn)``; ``grad_fn(upstream)`` gives the input gradients."""
    return tf.custom_gradient(f)


# ------------------------------------------------------------- scatter / slice


def _index_tensor(indices: Any) -> tf.Tensor:
    indices = convert_to_tensor(indices)
    if indices.dtype not in (tf.int32, tf.int64):
        indices = tf.cast(indices, tf.int64 if indices.dtype in (tf.uint32, tf.uint64) else tf.int32)
    return indices


def scatter(indices: Any, values: Any, shape: Any) -> tf.Tensor:
    indices = _index_tensor(indices)
    values = convert_to_tensor(values)
    sizes = _int_vector(shape)  # a list of ints, or a tensor when some size is known only at run time
    shape = tf.constant(sizes, indices.dtype) if isinstance(sizes, list) else tf.cast(sizes, indices.dtype)
    if values.dtype == tf.bool:
        summed = tf.scatter_nd(indices, tf.cast(values, tf.int32), shape)
        return summed > 0
    return tf.scatter_nd(indices, values, shape)


def scatter_update(inputs: Any, indices: Any, updates: Any, reduction: str | None = None) -> tf.Tensor:
    inputs = convert_to_tensor(inputs)
    indices = _index_tensor(indices)
    updates = cast(updates, inputs.dtype)
    if reduction is None:
        return tf.tensor_scatter_nd_update(inputs, indices, updates)
    if reduction == "add":
        return tf.tensor_scatter_nd_add(inputs, indices, updates)
    if reduction == "max":
        return tf.tensor_scatter_nd_max(inputs, indices, updates)
    if reduction == "min":
        return tf.tensor_scatter_nd_min(inputs, indices, updates)
    if reduction in ("mul", "multiply", "prod"):
        depth = indices.shape[-1]
        leading = tf.shape(inputs)[:depth]
        flat_ids = tf.reshape(indices, [-1, depth])
        strides = tf.math.cumprod(tf.cast(leading, flat_ids.dtype), reverse=True, exclusive=True)
        segment = tf.reduce_sum(flat_ids * strides, axis=-1)
        trailing = tf.shape(inputs)[depth:]
        data = tf.reshape(updates, tf.concat([[-1], trailing], 0))
        factors = tf.math.unsorted_segment_prod(data, segment, tf.reduce_prod(leading))
        return inputs * tf.reshape(factors, tf.shape(inputs))
    raise ValueError(f"scatter_update: `reduction` expected None, 'add', 'mul', 'max' or 'min', received {reduction!r}")


def _int_vector(values: Any) -> Any:
    if isinstance(values, (list, tuple)) and builtins.all(isinstance(v, (int, np.integer)) for v in values):
        return [int(v) for v in values]
    return tf.cast(tf.reshape(convert_to_tensor(values), [-1]), tf.int32)


def slice(inputs: Any, start_indices: Any, shape: Any) -> tf.Tensor:
    inputs = convert_to_tensor(inputs)
    starts, sizes = _int_vector(start_indices), _int_vector(shape)
    if isinstance(starts, list) and len(starts) != inputs.shape.rank:
        raise ValueError(f"slice: expected `start_indices` of length {inputs.shape.rank}, received {len(starts)}")
    return tf.slice(inputs, starts, sizes)


def slice_update(inputs: Any, start_indices: Any, updates: Any) -> tf.Tensor:
    inputs = convert_to_tensor(inputs)
    updates = cast(updates, inputs.dtype)
    rank = inputs.shape.rank
    if updates.shape.rank != rank:
        raise ValueError(f"slice_update: expected `updates` of rank {rank}, received rank {updates.shape.rank}")
    starts = tf.cast(tf.reshape(convert_to_tensor(start_indices), [-1]), tf.int32)
    in_shape = tf.shape(inputs)
    up_shape = tf.shape(updates)
    # Positions past the end are clamped, as jax.lax.dynamic_update_slice does.
    starts = tf.clip_by_value(starts, 0, in_shape - up_shape)
    paddings = tf.stack([starts, in_shape - up_shape - starts], axis=1)
    padded = tf.pad(updates, paddings)
    mask = tf.pad(tf.ones_like(updates, dtype=tf.bool), paddings)
    return tf.where(mask, padded, inputs)


def unstack(x: Any, num: int | None = None, axis: int = 0) -> list[tf.Tensor]:
    x = convert_to_tensor(x)
    return tf.unstack(x, num=num, axis=axis)


def cdist(x: Any, y: Any) -> tf.Tensor:
    x, y = convert_to_tensor(x), convert_to_tensor(y)
    name = dtypes.float_result(x, y)
    work = TF_DTYPES["float32" if name in ("bfloat16", "float16") else name]
    xw, yw = tf.cast(x, work), tf.cast(y, work)
    difference = xw[..., :, None, :] - yw[..., None, :, :]
    return tf.cast(tf.sqrt(tf.reduce_sum(tf.square(difference), axis=-1)), TF_DTYPES[name])
