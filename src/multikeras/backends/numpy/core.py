"""Core ops of the NumPy backend: conversion, dtype, shape, control flow."""

from __future__ import annotations

import builtins
from collections.abc import Callable, Sequence
from typing import Any

import ml_dtypes
import numpy as np

# optree is imported inside the functions that walk trees: loading the backend (and a first op) does not need it.

from multikeras.backend import config, dtypes
from multikeras.state.variable import Variable

BFLOAT16 = np.dtype(ml_dtypes.bfloat16)
_NUMPY_DTYPES: dict[str, np.dtype] = {name: np.dtype(name) for name in dtypes.ALL_DTYPES if name != "bfloat16"}
_NUMPY_DTYPES["bfloat16"] = BFLOAT16
# Dtypes NumPy computes in natively (bfloat16 goes through float32 for accuracy).
NATIVE_FLOATS = frozenset(np.dtype(n) for n in ("float16", "float32", "float64", "complex64", "complex128"))
INDEX = np.dtype(dtypes.INDEX_DTYPE)


def to_numpy_dtype(dtype: Any) -> np.dtype:
    """NumPy dtype for a canonical dtype name (bfloat16 through ml_dtypes)."""
    found = _NUMPY_DTYPES.get(dtype) if isinstance(dtype, str) else None
    if found is not None:
        return found
    return _NUMPY_DTYPES[dtypes.standardize_dtype(dtype)]


def wrap(value: Any) -> np.ndarray:
    """``value`` as an ndarray: NumPy scalars become 0-d arrays."""
    return value if type(value) is np.ndarray else np.asarray(value)


def _foreign_to_numpy(x: Any) -> np.ndarray:
    """Arrays of other frameworks (torch, TF, JAX) through ``__array__`` / ``.numpy()``."""
    dtype_name = str(getattr(x, "dtype", ""))
    if dtype_name.endswith("bfloat16") and hasattr(x, "float") and hasattr(x, "detach"):
        # torch cannot export bfloat16 to NumPy.
        return x.detach().cpu().float().numpy().astype(BFLOAT16)
    if hasattr(x, "detach") and hasattr(x, "cpu"):
        return x.detach().cpu().numpy()
    try:
        return np.asarray(x)
    except Exception:
        if hasattr(x, "numpy"):
            return np.asarray(x.numpy())
        raise


def convert_to_tensor(x: Any, dtype: Any = None) -> np.ndarray:
    """``x`` as an ndarray; arrays keep their dtype, Python values follow ``result_type``."""
    if type(x) is np.ndarray:
        if dtype is None:
            return x
        target = to_numpy_dtype(dtype)
        return x if x.dtype == target else x.astype(target)
    if isinstance(x, Variable):
        return convert_to_tensor(x.value, dtype)
    if dtype is not None:
        target = to_numpy_dtype(dtype)
        if isinstance(x, (np.ndarray, np.generic)):
            return np.asarray(x).astype(target, copy=False)
        if isinstance(x, (bool, int, float, complex, list, tuple)):
            try:
                return np.asarray(_to_plain(x), dtype=target)
            except (OverflowError, TypeError, ValueError):
                if target.kind in "iu":  # NumPy may name neither the value nor the dtype ("too large to convert to C long")
                    dtypes.check_python_numbers_fit(x, target.name)
                elif dtypes.is_float(dtype):  # an int beyond 64 bits, which bfloat16 does not take
                    return np.asarray(_to_plain(dtypes.python_ints_to_floats(x)), dtype=target)
                raise
        return _foreign_to_numpy(x).astype(target, copy=False)
    if isinstance(x, (np.ndarray, np.generic)):
        return np.asarray(x)
    if isinstance(x, (bool, int, float, complex)):
        return np.asarray(x, dtype=to_numpy_dtype(dtypes.result_type(x)))
    if isinstance(x, (list, tuple)):
        return np.asarray(_to_plain(x), dtype=to_numpy_dtype(dtypes.result_type(x)))
    return _foreign_to_numpy(x)


def _to_plain(x: Any) -> Any:
    """Nested lists with foreign tensors replaced by ndarrays."""
    if isinstance(x, (list, tuple)):
        return [_to_plain(item) for item in x]
    if isinstance(x, (bool, int, float, complex, np.ndarray, np.generic)):
        return x
    return _foreign_to_numpy(x)


tensor = convert_to_tensor


def convert_to_numpy(x: Any) -> np.ndarray:
    return convert_to_tensor(x)


def is_tensor(x: Any) -> bool:
    return isinstance(x, np.ndarray)


def cast(x: Any, dtype: Any) -> np.ndarray:
    target = to_numpy_dtype(dtype)
    if type(x) is np.ndarray:
        return x if x.dtype == target else x.astype(target)
    try:
        # Python numbers straight to the target: 0.1 to float64 stays 0.1, a large int to int64 stays exact.
        return convert_to_tensor(x, target)
    except (OverflowError, ValueError):  # an int out of the target's range: wrapped, as a tensor cast does
        if target.kind in "iu":
            x = dtypes.wrap_python_ints(x, target.name)  # ints wrapped exactly (raises beyond 64 bits)
            try:
                return convert_to_tensor(x, target)
            except (OverflowError, ValueError):  # floats out of range: converted, then cast as arrays are
                pass
        return convert_to_tensor(x).astype(target)


def _bounds(name: str) -> tuple[Any, Any] | None:
    if name in dtypes.INTEGER_BOUNDS:
        return dtypes.INTEGER_BOUNDS[name]
    if name in dtypes.FLOATING:
        info = ml_dtypes.finfo(to_numpy_dtype(name))
        return float(info.min), float(info.max)
    return None


def saturate_cast(x: Any, dtype: Any) -> np.ndarray:
    """Cast, clipping values to the target's range instead of wrapping."""
    x = convert_to_tensor(x)
    name = dtypes.standardize_dtype(dtype)
    target = to_numpy_dtype(name)
    bounds = _bounds(name)
    source = dtypes.standardize_dtype(x.dtype)
    if bounds is None or source == "bool" or source in dtypes.COMPLEX:
        return x.astype(target)
    low, high = bounds
    if source in dtypes.FLOATING:
        work = x.astype(np.float64) if source == "bfloat16" else x
        low_f = np.asarray(low, work.dtype)
        high_f = np.asarray(high, work.dtype)
        if name in dtypes.INTEGER:
            # The float nearest to an int bound may lie outside it (float32(2**31)).
            if high_f > high:
                high_f = np.nextafter(high_f, np.asarray(-np.inf, work.dtype))
            if low_f < low:
                low_f = np.nextafter(low_f, np.asarray(np.inf, work.dtype))
        return np.clip(work, low_f, high_f).astype(target)
    if source in dtypes.INTEGER and name in dtypes.INTEGER:
        src = np.iinfo(source)
        low, high = builtins.max(low, src.min), builtins.min(high, src.max)
        return np.clip(x, np.asarray(low, x.dtype), np.asarray(high, x.dtype)).astype(target)
    return x.astype(target)


def shape(x: Any) -> tuple[int, ...]:
    if isinstance(x, np.ndarray):
        return x.shape
    return tuple(np.shape(convert_to_tensor(x)))


def dtype(x: Any) -> str:
    return dtypes.standardize_dtype(convert_to_tensor(x).dtype)


# ----------------------------------------------------------------- control flow


def cond(pred: Any, true_fn: Callable[[], Any], false_fn: Callable[[], Any]) -> Any:
    return true_fn() if bool(np.asarray(pred)) else false_fn()


def while_loop(cond: Callable[..., Any], body: Callable[..., Any], loop_vars: Any, maximum_iterations: int | None = None) -> Any:
    is_sequence = isinstance(loop_vars, (tuple, list))
    state = tuple(loop_vars) if is_sequence else (loop_vars,)
    iterations = 0
    while (maximum_iterations is None or iterations < maximum_iterations) and bool(np.asarray(cond(*state))):
        state = body(*state)
        if not isinstance(state, (tuple, list)):
            state = (state,)
        iterations += 1
    state = tuple(_tensors(v) for v in state)
    if is_sequence:
        return list(state) if isinstance(loop_vars, list) else state
    return state[0]


def _tensors(tree: Any) -> Any:
    """Every leaf of ``tree`` as an ndarray (loop results are arrays, as in jax.lax)."""
    import optree
    return optree.tree_map(convert_to_tensor, tree, none_is_leaf=False)


def fori_loop(lower: Any, upper: Any, body_fun: Callable[[Any, Any], Any], init_val: Any) -> Any:
    value = init_val
    for index in range(int(lower), int(upper)):
        value = body_fun(index, value)
    return _tensors(value)


def _leading_length(tree: Any) -> int:
    import optree
    leaves = optree.tree_leaves(tree, none_is_leaf=False)
    if not leaves:
        raise ValueError("expected at least one array in `xs`, received an empty structure")
    lengths = {np.shape(leaf)[0] for leaf in leaves}
    if len(lengths) != 1:
        raise ValueError(f"arrays of `xs` must share their leading dimension, received lengths {sorted(lengths)}")
    return lengths.pop()


def _stack_tree(items: list[Any]) -> Any:
    import optree
    if not items:
        return None
    return optree.tree_map(lambda *leaves: np.stack([convert_to_tensor(v) for v in leaves]), *items, none_is_leaf=False)


def scan(f: Callable[[Any, Any], Any], init: Any, xs: Any = None, length: int | None = None, reverse: bool = False, unroll: int = 1) -> Any:
    import optree
    if xs is None:
        if length is None:
            raise ValueError("scan: expected `xs` or `length`, received neither")
        steps = int(length)
    else:
        steps = _leading_length(xs)
        if length is not None and int(length) != steps:
            raise ValueError(f"scan: `length` {length} does not match the leading dimension {steps} of `xs`")
    carry = init
    ys = []
    order = range(steps - 1, -1, -1) if reverse else range(steps)
    for index in order:
        x = None if xs is None else optree.tree_map(lambda leaf: leaf[index], xs, none_is_leaf=False)
        carry, y = f(carry, x)
        ys.append(y)
    if reverse:
        ys.reverse()
    return _tensors(carry), _stack_tree(ys)


def associative_scan(f: Callable[[Any, Any], Any], elems: Any, reverse: bool = False, axis: int = 0) -> Any:
    import optree
    leaves, treedef = optree.tree_flatten(elems)
    leaves = [convert_to_tensor(leaf) for leaf in leaves]
    if not leaves:
        return elems
    length = leaves[0].shape[axis]
    order = range(length - 1, -1, -1) if reverse else range(length)
    outputs: list[list[np.ndarray]] = []
    previous = None
    for index in order:
        current = [np.take(leaf, [index], axis=axis) for leaf in leaves]
        if previous is None:
            combined = current
        else:
            result = f(optree.tree_unflatten(treedef, previous), optree.tree_unflatten(treedef, current))
            combined = [convert_to_tensor(leaf) for leaf in optree.tree_leaves(result)]
        outputs.append(combined)
        previous = combined
    if reverse:
        outputs.reverse()
    stacked = [np.concatenate([step[i] for step in outputs], axis=axis) for i in range(len(leaves))]
    return optree.tree_unflatten(treedef, stacked)


def map(f: Callable[[Any], Any], xs: Any) -> Any:
    import optree
    steps = _leading_length(xs)
    ys = [f(optree.tree_map(lambda leaf: leaf[i], xs, none_is_leaf=False)) for i in range(steps)]
    return _stack_tree(ys)


def switch(index: Any, branches: Sequence[Callable[..., Any]], *operands: Any) -> Any:
    position = builtins.min(builtins.max(int(np.asarray(index)), 0), len(branches) - 1)
    return branches[position](*operands)


def vectorized_map(function: Callable[[Any], Any], elements: Any) -> Any:
    if isinstance(elements, np.ndarray):
        return np.stack([convert_to_tensor(function(item)) for item in elements])
    return map(function, elements)


def stop_gradient(variable: Any) -> Any:
    return convert_to_tensor(variable)


def custom_gradient(f: Callable[..., Any]) -> Callable[..., Any]:
    """Forward pass only: the NumPy backend never differentiates."""

    def forward(*args: Any, **kwargs: Any) -> Any:
        output, _gradient = f(*args, **kwargs)
        return output

    return forward


# ------------------------------------------------------------- scatter / slice


def scatter(indices: Any, values: Any, shape: Any) -> np.ndarray:
    indices = convert_to_tensor(indices)
    values = convert_to_tensor(values)
    output = np.zeros(tuple(int(d) for d in shape), dtype=values.dtype)
    np.add.at(output, tuple(np.moveaxis(indices, -1, 0)), values)
    return output


def scatter_update(inputs: Any, indices: Any, updates: Any, reduction: str | None = None) -> np.ndarray:
    inputs = convert_to_tensor(inputs)
    output = inputs.copy()
    indices = convert_to_tensor(indices)
    updates = convert_to_tensor(updates).astype(inputs.dtype, copy=False)
    where = tuple(np.moveaxis(indices, -1, 0))
    if reduction is None:
        output[where] = updates
    elif reduction == "add":
        np.add.at(output, where, updates)
    elif reduction in ("mul", "multiply", "prod"):
        np.multiply.at(output, where, updates)
    elif reduction == "max":
        np.maximum.at(output, where, updates)
    elif reduction == "min":
        np.minimum.at(output, where, updates)
    else:
        raise ValueError(f"scatter_update: `reduction` expected None, 'add', 'mul', 'max' or 'min', received {reduction!r}")
    return output


def _static_ints(values: Any) -> list[int]:
    return [int(v) for v in np.asarray(convert_to_tensor(values)).reshape(-1)]


def slice(inputs: Any, start_indices: Any, shape: Any) -> np.ndarray:
    inputs = convert_to_tensor(inputs)
    starts, sizes = _static_ints(start_indices), _static_ints(shape)
    if len(starts) != inputs.ndim or len(sizes) != inputs.ndim:
        raise ValueError(
            f"slice: expected `start_indices` and `shape` of length {inputs.ndim} (the rank of `inputs`), "
            f"received {len(starts)} and {len(sizes)}"
        )
    for axis, (start, size, dim) in enumerate(zip(starts, sizes, inputs.shape)):
        end = dim if size == -1 else start + size
        if start < 0 or size < -1 or end > dim:
            raise ValueError(
                f"slice: axis {axis} of `inputs` has size {dim}; start {start} with size {size} "
                f"does not fit (expected 0 <= start and start + size <= {dim})"
            )
    index = tuple(
        builtins.slice(start, None if size == -1 else start + size) for start, size in zip(starts, sizes)
    )
    return inputs[index]


def slice_update(inputs: Any, start_indices: Any, updates: Any) -> np.ndarray:
    inputs = convert_to_tensor(inputs)
    updates = convert_to_tensor(updates)
    starts = _static_ints(start_indices)
    if len(starts) != inputs.ndim or updates.ndim != inputs.ndim:
        raise ValueError(
            f"slice_update: expected `start_indices` of length {inputs.ndim} and `updates` of rank {inputs.ndim}, "
            f"received {len(starts)} and rank {updates.ndim}"
        )
    for axis, (start, size, dim) in enumerate(zip(starts, updates.shape, inputs.shape)):
        if start < 0 or start + size > dim:
            raise ValueError(
                f"slice_update: axis {axis} of `inputs` has size {dim}; updates of size {size} at start {start} do not fit"
            )
    output = inputs.copy()
    index = tuple(builtins.slice(start, start + size) for start, size in zip(starts, updates.shape))
    output[index] = updates
    return output


def unstack(x: Any, num: int | None = None, axis: int = 0) -> list[np.ndarray]:
    x = convert_to_tensor(x)
    if num is not None and num != x.shape[axis]:
        raise ValueError(f"unstack: `num` is {num} but axis {axis} of `x` has size {x.shape[axis]}")
    return list(np.moveaxis(x, axis, 0))


def cdist(x: Any, y: Any) -> np.ndarray:
    x, y = convert_to_tensor(x), convert_to_tensor(y)
    dtype = dtypes.float_result(x, y)
    work = compute_dtype(dtype)
    xw, yw = x.astype(work), y.astype(work)
    difference = xw[..., :, None, :] - yw[..., None, :, :]
    return np.sqrt(np.sum(np.square(np.abs(difference)), axis=-1)).astype(to_numpy_dtype(dtype))


def compute_dtype(name: str) -> np.dtype:
    """Dtype to compute a float result in: bfloat16 and float16 go through float32."""
    if name in ("bfloat16", "float16"):
        return np.dtype("float32")
    return to_numpy_dtype(name)


def floatx_dtype() -> np.dtype:
    return to_numpy_dtype(config.floatx())
