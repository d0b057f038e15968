"""Core ops of the JAX backend: conversion, dtype, shape, control flow, scatter."""

from __future__ import annotations

import builtins
from collections.abc import Callable, Sequence
from typing import Any

import jax
import jax.numpy as jnp
import ml_dtypes
import numpy as np
import optree

from multikeras.backend import config, dtypes
from multikeras.state.variable import Variable

# 64-bit types must exist before any array is built (backend.load does it too).
jax.config.update("jax_enable_x64", True)

Array = jax.Array
_JNP_DTYPES: dict[str, np.dtype] = {name: np.dtype(name) for name in dtypes.ALL_DTYPES if name != "bfloat16"}
_JNP_DTYPES["bfloat16"] = np.dtype(ml_dtypes.bfloat16)
INDEX = np.dtype(dtypes.INDEX_DTYPE)
_PYTHON_SCALARS = (bool, int, float, complex)


def to_jax_dtype(dtype: Any) -> np.dtype:
    """JAX (NumPy) dtype for a canonical name or any dtype-like."""
    found = _JNP_DTYPES.get(dtype) if isinstance(dtype, str) else None
    if found is not None:
        return found
    return _JNP_DTYPES[dtypes.standardize_dtype(dtype)]


def floatx_dtype() -> np.dtype:
    return _JNP_DTYPES[config.floatx()]


def name_of(x: Array) -> str:
    """Canonical dtype name of a native array."""
    return x.dtype.name


def _foreign(x: Any) -> Array:
    """Arrays of other frameworks: DLPack first, then ``__array__``."""
    if hasattr(x, "detach") and hasattr(x, "cpu"):  # torch: DLPack needs a contiguous, detached tensor
        detached = x.detach()
        if str(detached.dtype).endswith("bfloat16"):
            return jnp.asarray(detached.float().cpu().numpy()).astype(_JNP_DTYPES["bfloat16"])
        return jnp.asarray(detached.cpu().numpy())
    if hasattr(x, "__array__"):
        return jnp.asarray(np.asarray(x))
    if hasattr(x, "__dlpack__"):
        return jnp.from_dlpack(x)
    if hasattr(x, "numpy"):
        return jnp.asarray(x.numpy())
    raise TypeError(f"convert_to_tensor: cannot convert an object of type {type(x).__name__} to a JAX array")


def _plain(x: Any) -> Any:
    if isinstance(x, (list, tuple)):
        return [_plain(item) for item in x]
    if isinstance(x, _PYTHON_SCALARS) or isinstance(x, (np.ndarray, np.generic, Array)):
        return x
    return np.asarray(_foreign(x))


def convert_to_tensor(x: Any, dtype: Any = None) -> Array:
    """``x`` as a JAX array; arrays keep their dtype, Python values follow ``result_type``."""
    if isinstance(x, Array):
        if dtype is None:
            return x
        target = to_jax_dtype(dtype)
        return x if x.dtype == target else x.astype(target)
    if isinstance(x, Variable):
        return convert_to_tensor(x.value, dtype)
    if dtype is not None:
        target = to_jax_dtype(dtype)
        if isinstance(x, (np.ndarray, np.generic)):
            return jnp.asarray(x).astype(target)
        if isinstance(x, (list, tuple) + _PYTHON_SCALARS):
            try:
                return _from_python(x, target)
            except (OverflowError, TypeError, ValueError):
                if target.kind in "iu":  # NumPy may name neither the value nor the dtype ("too large to convert to C long")
                    dtypes.check_python_numbers_fit(x, target.name)
                elif dtypes.is_float(dtype):  # an int beyond 64 bits, which bfloat16 does not take
                    return _from_python(dtypes.python_ints_to_floats(x), target)
                raise
        return _foreign(x).astype(target)
    if isinstance(x, (np.ndarray, np.generic)):
        return jnp.asarray(x)
    if isinstance(x, _PYTHON_SCALARS):
        return jnp.asarray(x, dtype=to_jax_dtype(dtypes.result_type(x)))
    if isinstance(x, (list, tuple)):
        return _from_sequence(x, to_jax_dtype(dtypes.result_type(x)))
    return _foreign(x)


def _from_python(x: Any, target: np.dtype) -> Array:
    """A Python number or (nested) list or tuple as a ``target`` array."""
    return jnp.asarray(x, dtype=target) if isinstance(x, _PYTHON_SCALARS) else _from_sequence(x, target)


def _from_sequence(x: Sequence[Any], target: np.dtype) -> Array:
    if any(isinstance(item, Array) for item in x):
        return jnp.stack([convert_to_tensor(item, target) for item in x]) if x else jnp.zeros((0,), target)
    return jnp.asarray(np.asarray(_plain(x), dtype=target if target != _JNP_DTYPES["bfloat16"] else None)).astype(target)


tensor = convert_to_tensor


def convert_to_numpy(x: Any) -> np.ndarray:
    return np.asarray(convert_to_tensor(x))


def is_tensor(x: Any) -> bool:
    return isinstance(x, Array)


def cast(x: Any, dtype: Any) -> Array:
    target = to_jax_dtype(dtype)
    if isinstance(x, Array):
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
        info = ml_dtypes.finfo(to_jax_dtype(name))
        return float(info.min), float(info.max)
    return None


def saturate_cast(x: Any, dtype: Any) -> Array:
    """Cast, clipping values to the target's range instead of wrapping."""
    x = convert_to_tensor(x)
    name = dtypes.standardize_dtype(dtype)
    target = to_jax_dtype(name)
    bounds = _bounds(name)
    source = name_of(x)
    if bounds is None or source == "bool" or source in dtypes.COMPLEX:
        return x.astype(target)
    low, high = bounds
    if source in dtypes.FLOATING:
        work = x.astype(jnp.float32) if source in ("bfloat16", "float16") else x
        low_f = np.asarray(low, work.dtype)
        high_f = np.asarray(high, work.dtype)
        if name in dtypes.INTEGER:
            # The float nearest to an int bound may lie outside it (float32(2**31)).
            if high_f > high:
                high_f = np.nextafter(high_f, np.asarray(-np.inf, work.dtype))
            if low_f < low:
                low_f = np.nextafter(low_f, np.asarray(np.inf, work.dtype))
        return jnp.clip(work, low_f, high_f).astype(target)
    if source in dtypes.INTEGER and name in dtypes.INTEGER:
        src = np.iinfo(source)
        low, high = builtins.max(low, int(src.min)), builtins.min(high, int(src.max))
        return jnp.clip(x, np.asarray(low, x.dtype), np.asarray(high, x.dtype)).astype(target)
    return x.astype(target)


def shape(x: Any) -> tuple[int, ...]:
    if isinstance(x, Array):
        return tuple(x.shape)
    return tuple(convert_to_tensor(x).shape)


def dtype(x: Any) -> str:
    return dtypes.standardize_dtype(convert_to_tensor(x).dtype)


# ----------------------------------------------------------------- control flow


def cond(pred: Any, true_fn: Callable[[], Any], false_fn: Callable[[], Any]) -> Any:
    return jax.lax.cond(pred, true_fn, false_fn)


def _scalars_to_tensors(tree: Any) -> Any:
    """Python scalars in loop state become int32/floatx arrays, never JAX's 64-bit defaults."""
    return optree.tree_map(lambda v: convert_to_tensor(v) if isinstance(v, _PYTHON_SCALARS) else v, tree)


def while_loop(cond: Callable[..., Any], body: Callable[..., Any], loop_vars: Any, maximum_iterations: int | None = None) -> Any:
    is_sequence = isinstance(loop_vars, (tuple, list))
    state = _scalars_to_tensors(tuple(loop_vars) if is_sequence else (loop_vars,))

    def as_tuple(result: Any) -> tuple[Any, ...]:
        return tuple(result) if isinstance(result, (tuple, list)) else (result,)

    if maximum_iterations is None:
        final = jax.lax.while_loop(lambda s: cond(*s), lambda s: as_tuple(body(*s)), state)
    else:
        limit = maximum_iterations

        def bounded_cond(counted: tuple[Any, tuple[Any, ...]]) -> Any:
            count, s = counted
            return jnp.logical_and(count < limit, cond(*s))

        def bounded_body(counted: tuple[Any, tuple[Any, ...]]) -> Any:
            count, s = counted
            return count + 1, as_tuple(body(*s))

        _, final = jax.lax.while_loop(bounded_cond, bounded_body, (jnp.asarray(0, jnp.int32), state))
    if is_sequence:
        return list(final) if isinstance(loop_vars, list) else tuple(final)
    return final[0]


def fori_loop(lower: Any, upper: Any, body_fun: Callable[[Any, Any], Any], init_val: Any) -> Any:
    return jax.lax.fori_loop(lower, upper, body_fun, _scalars_to_tensors(init_val))


try:  # whether a staging trace (jax.jit, eval_shape, make_jaxpr ...) is active; private, hence the fallback
    from jax._src.core import unsafe_am_i_under_a_jit as _staging
except ImportError:  # pragma: no cover - another jax version: always stage
    def _staging() -> bool:
        return True


def scan(f: Callable[[Any, Any], Any], init: Any, xs: Any = None, length: int | None = None, reverse: bool = False, unroll: int = 1) -> Any:
    """``jax.lax.scan``; outside ``jax.jit`` (eagerly, also under ``grad``) a Python loop with its results.

    Run eagerly, ``lax.scan`` compiles its body afresh at every call (hundreds
    of milliseconds), since each call brings a new body function; running the
    body once per step costs a few operations instead. Anything the loop
    cannot reproduce exactly (no steps, carry types that change, ragged
    ``xs``) goes to ``lax.scan``, which then gives its own result or error.
    """
    init = _scalars_to_tensors(init)
    if not _staging():
        result = _eager_scan(f, init, xs, length, reverse)
        if result is not None:
            return result
    return jax.lax.scan(f, init, xs=xs, length=length, reverse=reverse, unroll=unroll)


def _eager_scan(f: Callable[[Any, Any], Any], init: Any, xs: Any, length: int | None, reverse: bool) -> Any:
    """``lax.scan``'s results by calling ``f`` once per step, or ``None`` where that could differ from it."""
    x_leaves, x_tree = jax.tree.flatten(xs)
    x_leaves = [jnp.asarray(leaf) for leaf in x_leaves]
    sizes = {leaf.shape[0] if leaf.ndim else None for leaf in x_leaves}
    if length is not None:
        sizes.add(length)
    if len(sizes) != 1 or None in sizes:
        return None  # no length, a scalar in xs, or disagreeing lengths: lax.scan's error
    steps = sizes.pop()
    if steps == 0:
        return None  # the outputs' shapes need the body traced: lax.scan does it
    columns = [jnp.unstack(leaf) for leaf in x_leaves]
    carry_leaves, carry_tree = jax.tree.flatten(init)
    carry_types = [(jnp.shape(leaf), jnp.result_type(leaf)) for leaf in carry_leaves]
    carry, emitted = init, []
    for t in (range(steps - 1, -1, -1) if reverse else range(steps)):
        x_t = jax.tree.unflatten(x_tree, [column[t] for column in columns])
        carry, y = f(carry, x_t)
        new_leaves, new_tree = jax.tree.flatten(carry)
        if new_tree != carry_tree or any(
            not isinstance(leaf, jax.Array) or (leaf.shape, leaf.dtype) != expected
            for leaf, expected in zip(new_leaves, carry_types)
        ):
            return None  # lax.scan converts or rejects such a carry
        emitted.append(y)
    if reverse:
        emitted.reverse()
    ys = jax.tree.map(lambda *values: jnp.stack(values), *emitted)
    return carry, ys


def associative_scan(f: Callable[[Any, Any], Any], elems: Any, reverse: bool = False, axis: int = 0) -> Any:
    elems = optree.tree_map(convert_to_tensor, elems)
    return jax.lax.associative_scan(f, elems, reverse=reverse, axis=axis)


def map(f: Callable[[Any], Any], xs: Any) -> Any:
    return jax.lax.map(f, xs)


def switch(index: Any, branches: Sequence[Callable[..., Any]], *operands: Any) -> Any:
    return jax.lax.switch(index, branches, *operands)


def vectorized_map(function: Callable[[Any], Any], elements: Any) -> Any:
    return jax.vmap(function)(elements)


def stop_gradient(variable: Any) -> Any:
    return jax.lax.stop_gradient(convert_to_tensor(variable))


def custom_gradient(f: Callable[..., Any]) -> Callable[..., Any]:
    """``f`` returns ``(y, grad_fn)``; ``grad_fn(upstream)`` returns the input gradients."""

    def forward(*args: Any) -> Any:
        output, grad_fn = f(*args)

        def vjp(upstream: Any) -> tuple[Any, ...]:
            grads = grad_fn(upstream)
            return tuple(grads) if isinstance(grads, (tuple, list)) else (grads,)

        return output, vjp

    return jax.custom_gradient(forward)


# ------------------------------------------------------------- scatter / slice

_REDUCTIONS = {"add": "add", "mul": "mul", "multiply": "mul", "prod": "mul", "max": "max", "min": "min"}


def scatter(indices: Any, values: Any, shape: Any) -> Array:
    indices = convert_to_tensor(indices)
    values = convert_to_tensor(values)
    output = jnp.zeros(tuple(int(d) for d in shape), dtype=values.dtype)
    where = tuple(jnp.moveaxis(indices, -1, 0))
    return output.at[where].add(values)


def scatter_update(inputs: Any, indices: Any, updates: Any, reduction: str | None = None) -> Array:
    inputs = convert_to_tensor(inputs)
    indices = convert_to_tensor(indices)
    updates = convert_to_tensor(updates).astype(inputs.dtype)
    where = tuple(jnp.moveaxis(indices, -1, 0))
    if reduction is None:
        return inputs.at[where].set(updates)
    method = _REDUCTIONS.get(reduction)
    if method is None:
        raise ValueError(
            f"scatter_update: `reduction` expected None, 'add', 'mul', 'max' or 'min', received {reduction!r}"
        )
    return getattr(inputs.at[where], method)(updates)


def slice(inputs: Any, start_indices: Any, shape: Any) -> Array:
    inputs = convert_to_tensor(inputs)
    sizes = [int(s) for s in (np.asarray(shape).reshape(-1) if not isinstance(shape, (list, tuple)) else shape)]
    if len(sizes) != inputs.ndim:
        raise ValueError(f"slice: expected `shape` of length {inputs.ndim} (the rank of `inputs`), received {len(sizes)}")
    if isinstance(start_indices, (list, tuple)):
        starts: Any = list(start_indices)
        if len(starts) != inputs.ndim:
            raise ValueError(f"slice: expected `start_indices` of length {inputs.ndim}, received {len(starts)}")
    else:
        starts = convert_to_tensor(start_indices)
    sizes = [dim - (int(starts[i]) if not isinstance(starts, Array) else 0) if size == -1 else size
             for i, (size, dim) in enumerate(zip(sizes, inputs.shape))]
    return jax.lax.dynamic_slice(inputs, starts, sizes)


def slice_update(inputs: Any, start_indices: Any, updates: Any) -> Array:
    inputs = convert_to_tensor(inputs)
    updates = convert_to_tensor(updates).astype(inputs.dtype)
    starts = list(start_indices) if isinstance(start_indices, (list, tuple)) else convert_to_tensor(start_indices)
    if len(starts) != inputs.ndim or updates.ndim != inputs.ndim:
        raise ValueError(
            f"slice_update: expected `start_indices` of length {inputs.ndim} and `updates` of rank {inputs.ndim}, "
            f"received {len(starts)} and rank {updates.ndim}"
        )
    return jax.lax.dynamic_update_slice(inputs, updates, starts)


def unstack(x: Any, num: int | None = None, axis: int = 0) -> list[Array]:
    x = convert_to_tensor(x)
    size = x.shape[axis]
    if num is not None and num != size:
        raise ValueError(f"unstack: `num` is {num} but axis {axis} of `x` has size {size}")
    return [jnp.take(x, i, axis=axis) for i in range(size)]


def cdist(x: Any, y: Any) -> Array:
    x, y = convert_to_tensor(x), convert_to_tensor(y)
    dtype = to_jax_dtype(dtypes.float_result(x, y))
    x, y = x.astype(dtype), y.astype(dtype)
    difference = x[..., :, None, :] - y[..., None, :, :]
    return jnp.sqrt(jnp.sum(jnp.square(jnp.abs(difference)), axis=-1)).astype(dtype)
