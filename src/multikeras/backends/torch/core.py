"""Core ops of the torch backend: conversion, dtypes, shapes, control flow.

Also the helpers every other module of the plug-in builds on: the dtype
tables (canonical name <-> ``torch.dtype``), the default device and
``promote`` (convert several inputs to the dtype of the contract's
promotion table).
"""

from __future__ import annotations

import builtins
import contextvars
import functools
import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import optree
import torch

from multikeras.backend import config, dtypes
from multikeras.state.variable import Variable

Tensor = torch.Tensor

DEVICE = torch.device("cuda" if torch.cuda.is_available() else "cpu")
"""Where tensors made from non-tensor inputs are created outside any ``device_scope``."""

_scoped_device: contextvars.ContextVar[torch.device | None] = contextvars.ContextVar("multikeras_torch_device", default=None)
"""The device of the innermost open ``device_scope`` (local to the thread and task), ``None`` outside any."""


def default_device() -> torch.device:
    """Where tensors made from non-tensor inputs are created now: the open ``device_scope``'s device, else ``DEVICE``."""
    return _scoped_device.get() or DEVICE

TORCH_DTYPES: dict[str, torch.dtype] = {
    "bool": torch.bool,
    "uint8": torch.uint8,
    "uint16": torch.uint16,
    "uint32": torch.uint32,
    "uint64": torch.uint64,
    "int8": torch.int8,
    "int16": torch.int16,
    "int32": torch.int32,
    "int64": torch.int64,
    "bfloat16": torch.bfloat16,
    "float16": torch.float16,
    "float32": torch.float32,
    "float64": torch.float64,
    "complex64": torch.complex64,
    "complex128": torch.complex128,
}
CANONICAL: dict[torch.dtype, str] = {value: key for key, value in TORCH_DTYPES.items()}
_INTEGER_TORCH = frozenset(TORCH_DTYPES[name] for name in dtypes.INTEGER)
FLOAT_TORCH = (torch.bfloat16, torch.float16, torch.float32, torch.float64)
COMPLEX_TORCH = (torch.complex64, torch.complex128)
INDEX = torch.int32


def to_torch_dtype(dtype: Any) -> torch.dtype:
    """``torch.dtype`` for any dtype-like (``None`` means ``floatx()``)."""
    if isinstance(dtype, torch.dtype):
        return dtype
    return TORCH_DTYPES[dtypes.standardize_dtype(dtype)]


def floatx_torch() -> torch.dtype:
    return TORCH_DTYPES[config.floatx()]


def is_float_tensor(x: Tensor) -> bool:
    return x.dtype in FLOAT_TORCH


def device_of(*values: Any) -> torch.device:
    """Device of the first tensor among ``values`` (the default device otherwise)."""
    for value in values:
        if isinstance(value, Tensor):
            return value.device
    return default_device()


# NumPy dtypes (native byte order) that torch.from_numpy takes as they are: a set lookup per batch
# instead of reading ``dtype.name`` (a Python-level property of NumPy) several times.
_FROM_NUMPY_AS_IS = frozenset(np.dtype(name) for name in TORCH_DTYPES if name != "bfloat16")


def _numpy_to_torch(x: np.ndarray, target: torch.dtype | None, device: torch.device) -> Tensor:
    flags = x.flags
    if x.dtype in _FROM_NUMPY_AS_IS and flags.c_contiguous and flags.writeable:  # the usual batch: no copy
        tensor = torch.from_numpy(x)
        if target is not None and tensor.dtype is not target:
            tensor = tensor.to(target)
        return tensor if device.type == "cpu" else tensor.to(device)
    if x.dtype.name == "bfloat16":
        tensor = torch.from_numpy(np.ascontiguousarray(x).view(np.uint16).copy()).view(torch.bfloat16)
    elif x.dtype.kind in "biufc" and x.dtype.name in TORCH_DTYPES:
        if not x.flags.writeable or not x.flags.c_contiguous or x.dtype.byteorder == ">":
            x = np.array(x, dtype=x.dtype.newbyteorder("=") if x.dtype.byteorder == ">" else x.dtype, order="C")
        tensor = torch.from_numpy(x)
    else:
        raise TypeError(f"convert_to_tensor: cannot convert a NumPy array of dtype {x.dtype} to a torch tensor")
    if target is not None and tensor.dtype is not target:
        tensor = tensor.to(target)
    if tensor.device != device:
        tensor = tensor.to(device)
    return tensor


def _contains_tensor(value: Any) -> bool:
    if isinstance(value, Tensor):
        return True
    if isinstance(value, (list, tuple)):
        return builtins.any(_contains_tensor(item) for item in value)
    return False


def convert_to_tensor(x: Any, dtype: Any = None) -> Tensor:
    if type(x) is Tensor or isinstance(x, Tensor):
        if dtype is None:
            return x
        target = to_torch_dtype(dtype)
        return x if x.dtype is target else x.to(target)
    target = None if dtype is None else to_torch_dtype(dtype)
    if isinstance(x, np.ndarray):
        return _numpy_to_torch(x, target, default_device())
    if isinstance(x, np.generic):
        return _numpy_to_torch(np.asarray(x), target, default_device())
    if isinstance(x, Variable):
        return convert_to_tensor(x.value, dtype)
    if isinstance(x, (bool, int, float, complex, list, tuple)):
        if target is None:
            target = TORCH_DTYPES[dtypes.result_type(x)]
            # The inferred int dtype (int32) must hold the ints, as with an explicit one: torch.tensor wraps
            # [1, 2**40] to [1, 0] in int32 without a word. A small int needs no call.
            if target in _INTEGER_TORCH and (type(x) is not int or not -(2**31) <= x < 2**31):
                dtypes.check_python_numbers_fit(x, CANONICAL[target])
        elif target in _INTEGER_TORCH:  # torch.tensor(300, dtype=torch.uint8) wraps to 44 without a word
            dtypes.check_python_numbers_fit(x, CANONICAL[target])
        if isinstance(x, (list, tuple)) and _contains_tensor(x):
            items = [convert_to_tensor(item) for item in x]
            device = device_of(*items)
            return torch.stack([item.to(device=device, dtype=target) for item in items])
        try:
            return torch.tensor(x, dtype=target, device=default_device())
        except (TypeError, RuntimeError, OverflowError):
            return _numpy_to_torch(np.asarray(x), target, default_device())
    if hasattr(x, "__array__"):
        return _numpy_to_torch(np.asarray(x), target, default_device())
    if hasattr(x, "__dlpack__"):
        tensor = torch.from_dlpack(x)
        return tensor if target is None else tensor.to(target)
    raise TypeError(
        f"convert_to_tensor: expected a tensor, array, Python scalar or nested list, "
        f"received {type(x).__name__}"
    )


def promote(*values: Any, dtype: Any = None) -> list[Tensor]:
    """Convert ``values`` to tensors of their common dtype (``result_type``) on one device."""
    target = to_torch_dtype(dtypes.result_type(*values) if dtype is None else dtype)
    device = device_of(*values)
    out = []
    for value in values:
        if isinstance(value, Tensor):
            if value.dtype is not target:
                value = value.to(target)
            if value.device != device:
                value = value.to(device)
        else:
            # convert_to_tensor, not cast: a Python int out of the result dtype's range (uint8 tensor vs -1) in a
            # binary op raises, as NumPy 2 does, instead of wrapping (dtypes.python_int_fits gates the fast paths).
            value = convert_to_tensor(value, target)
            if value.device != device:
                value = value.to(device)
        out.append(value)
    return out


_constants: dict[tuple[Any, float, torch.dtype, torch.device], Tensor] = {}


def constant(value: float, dtype: torch.dtype, device: torch.device) -> Tensor:
    """A 0-d tensor holding ``value``, cached: torch builds a tensor for a Python number at every op call,
    which costs about as much as a small op itself.

    Only for operands inside this plug-in: the tensor is never returned to
    callers nor written into. Under ``torch.compile`` a fresh one is made
    (the compiler folds it; a module-level cache would only add guards).

    Example:
        >>> constant(0.5, torch.float32, torch.device("cpu")) is constant(0.5, torch.float32, torch.device("cpu"))
        True
    """
    if torch.compiler.is_compiling():
        return torch.tensor(value, dtype=dtype, device=device)
    key = (value, math.copysign(1.0, value) if isinstance(value, float) else 1.0, dtype, device)  # -0.0 is not 0.0
    tensor = _constants.get(key)
    if tensor is None:
        if len(_constants) >= 256:
            _constants.clear()
        with torch.inference_mode(False):  # usable by autograd later even if first made during inference
            tensor = _constants[key] = torch.tensor(value, dtype=dtype, device=device)
    return tensor


def to_float(x: Any) -> Tensor:
    """Tensor of ``float_result(x)`` dtype."""
    x = convert_to_tensor(x)
    if x.dtype in FLOAT_TORCH or x.dtype in COMPLEX_TORCH:
        return x
    return x.to(floatx_torch())


def convert_to_numpy(x: Any) -> np.ndarray:
    if isinstance(x, Tensor):
        x = x.detach()
        if x.device.type != "cpu":
            x = x.cpu()
        if x.dtype is torch.bfloat16:
            import ml_dtypes

            return x.view(torch.uint16).numpy().view(ml_dtypes.bfloat16)
        if x.is_conj():
            x = x.resolve_conj()
        if x.is_neg():
            x = x.resolve_neg()
        return x.numpy()
    if isinstance(x, (list, tuple)):
        return np.asarray([convert_to_numpy(item) for item in x])
    return np.asarray(x)


def is_tensor(x: Any) -> bool:
    return isinstance(x, Tensor)


def dtype(x: Any) -> str:
    if isinstance(x, Tensor):
        return CANONICAL[x.dtype]
    return dtypes.result_type(x)


def shape(x: Any) -> tuple[int, ...]:
    if isinstance(x, Tensor):
        return tuple(x.shape)
    return tuple(convert_to_tensor(x).shape)


def cast(x: Any, dtype: Any) -> Tensor:
    target = to_torch_dtype(dtype)
    if isinstance(x, Tensor):
        return x if x.dtype is target else x.to(target)
    try:
        return convert_to_tensor(x, target)
    except (OverflowError, ValueError):  # a Python number out of the target's range: wrapped, as a tensor cast does
        if target in _INTEGER_TORCH:
            x = dtypes.wrap_python_ints(x, CANONICAL[target])  # ints wrapped exactly (raises beyond 64 bits)
            try:
                return convert_to_tensor(x, target)
            except (OverflowError, ValueError):  # floats out of range: converted, then cast as tensors are
                pass
        return convert_to_tensor(x).to(target)


def _dtype_bounds(target: torch.dtype) -> tuple[float, float] | None:
    if target is torch.bool:
        return None
    if target in FLOAT_TORCH:
        info = torch.finfo(target)
        return info.min, info.max
    if target in COMPLEX_TORCH:
        return None
    return dtypes.INTEGER_BOUNDS[CANONICAL[target]]


def saturate_cast(x: Any, dtype: Any) -> Tensor:
    x = convert_to_tensor(x)
    target = to_torch_dtype(dtype)
    bounds = _dtype_bounds(target)
    if bounds is None or x.dtype is torch.bool:
        return x.to(target)
    low, high = bounds
    if x.dtype in FLOAT_TORCH:
        wide = x.to(torch.float64)
        if target not in FLOAT_TORCH:
            # float64 cannot represent e.g. int64 max: clamp below it, then clamp the ints.
            wide = torch.clamp(wide, float(low), float(high))
            result = wide.to(target)
            overflow = wide >= float(high)
            return torch.where(overflow, torch.tensor(high, dtype=target, device=x.device), result)
        return torch.clamp(wide, low, high).to(target)
    if x.dtype in COMPLEX_TORCH:
        return x.to(target)
    source_low, source_high = _dtype_bounds(x.dtype)
    if target in FLOAT_TORCH:
        return x.to(target)
    low, high = builtins.max(low, source_low), builtins.min(high, source_high)
    if x.dtype in (torch.uint16, torch.uint32, torch.uint64):
        x = x.to(torch.int64) if x.dtype is not torch.uint64 else x
    return torch.clamp(x, low, high).to(target)


# ---------------------------------------------------------------- control flow


def _as_tensors(tree: Any) -> Any:
    """Loop state as tensors (as jax.lax does), so NumPy inputs mix with tensor results."""
    return optree.tree_map(
        lambda leaf: leaf if isinstance(leaf, Tensor) else convert_to_tensor(leaf), tree, none_is_leaf=False
    )


def cond(pred: Any, true_fn: Callable[[], Any], false_fn: Callable[[], Any]) -> Any:
    return true_fn() if bool(pred) else false_fn()


def while_loop(
    cond: Callable[..., Any], body: Callable[..., Any], loop_vars: Any, maximum_iterations: int | None = None
) -> Any:
    is_sequence = isinstance(loop_vars, (tuple, list))
    state = tuple(_as_tensors(list(loop_vars))) if is_sequence else (_as_tensors(loop_vars),)
    iteration = 0
    while (maximum_iterations is None or iteration < maximum_iterations) and bool(cond(*state)):
        result = body(*state)
        state = tuple(result) if is_sequence else (result,)
        iteration += 1
    return state if is_sequence else state[0]


def fori_loop(lower: Any, upper: Any, body_fun: Callable[[Any, Any], Any], init_val: Any) -> Any:
    value = _as_tensors(init_val)
    for index in range(int(lower), int(upper)):
        value = body_fun(index, value)
    return value


def _tree_stack(trees: list[Any]) -> Any:
    leaves_list = [optree.tree_flatten(tree, none_is_leaf=False) for tree in trees]
    treespec = leaves_list[0][1]
    columns = zip(*(leaves for leaves, _ in leaves_list))
    stacked = [torch.stack([convert_to_tensor(leaf) for leaf in column]) for column in columns]
    return optree.tree_unflatten(treespec, stacked)


def scan(
    f: Callable[[Any, Any], Any],
    init: Any,
    xs: Any = None,
    length: int | None = None,
    reverse: bool = False,
    unroll: int = 1,
) -> tuple[Any, Any]:
    if xs is None:
        if length is None:
            raise ValueError("scan: expected 'xs' or 'length', received neither")
        leaves, treespec = [], None
        steps = int(length)
    else:
        leaves, treespec = optree.tree_flatten(xs, none_is_leaf=False)
        leaves = [convert_to_tensor(leaf) for leaf in leaves]
        lengths = {int(leaf.shape[0]) for leaf in leaves}
        if length is not None:
            lengths.add(int(length))
        if len(lengths) != 1:
            raise ValueError(f"scan: expected all 'xs' leaves and 'length' to agree on the leading size, received {sorted(lengths)}")
        steps = lengths.pop()
    carry = _as_tensors(init)
    outputs = []
    order = range(steps - 1, -1, -1) if reverse else range(steps)
    for index in order:
        x = None if treespec is None else optree.tree_unflatten(treespec, [leaf[index] for leaf in leaves])
        carry, y = f(carry, x)
        outputs.append(y)
    if reverse:
        outputs.reverse()
    if not outputs:
        return carry, None
    if builtins.all(y is None for y in outputs):
        return carry, None
    return carry, _tree_stack(outputs)


def associative_scan(f: Callable[[Any, Any], Any], elems: Any, reverse: bool = False, axis: int = 0) -> Any:
    leaves, treespec = optree.tree_flatten(elems, none_is_leaf=False)
    leaves = [convert_to_tensor(leaf) for leaf in leaves]
    if not leaves:
        return elems
    sizes = {int(leaf.shape[axis]) for leaf in leaves}
    if len(sizes) != 1:
        raise ValueError(f"associative_scan: expected leaves of one size along axis {axis}, received {sorted(sizes)}")
    size = sizes.pop()
    if size == 0:
        return elems
    order = range(size - 1, -1, -1) if reverse else range(size)
    carry = None
    results: list[list[Tensor]] = []
    for index in order:
        element = optree.tree_unflatten(treespec, [torch.narrow(leaf, axis, index, 1) for leaf in leaves])
        carry = element if carry is None else (f(element, carry) if reverse else f(carry, element))
        results.append([convert_to_tensor(leaf) for leaf in optree.tree_leaves(carry, none_is_leaf=False)])
    if reverse:
        results.reverse()
    columns = [torch.cat(column, dim=axis) for column in zip(*results)]
    return optree.tree_unflatten(treespec, columns)


def map(f: Callable[[Any], Any], xs: Any) -> Any:
    leaves, treespec = optree.tree_flatten(xs, none_is_leaf=False)
    leaves = [convert_to_tensor(leaf) for leaf in leaves]
    steps = int(leaves[0].shape[0]) if leaves else 0
    outputs = [f(optree.tree_unflatten(treespec, [leaf[i] for leaf in leaves])) for i in range(steps)]
    if not outputs:
        return xs
    return _tree_stack(outputs)


def switch(index: Any, branches: Sequence[Callable[..., Any]], *operands: Any) -> Any:
    position = builtins.min(builtins.max(int(index), 0), len(branches) - 1)
    return branches[position](*operands)


def vectorized_map(function: Callable[[Any], Any], elements: Any) -> Any:
    """``function`` over the first axis of ``elements``: one ``torch.vmap`` call, else a loop over the slices.

    ``torch.vmap`` runs ``function`` once on batched tensors. It refuses what
    it cannot batch (reading a value on the host with ``.item()``, random
    numbers, data-dependent shapes, outputs that are not tensors); the slices
    are then mapped one by one and stacked, which gives the same results.
    """
    leaves, treespec = optree.tree_flatten(elements, none_is_leaf=False)
    leaves = [convert_to_tensor(leaf) for leaf in leaves]
    steps = int(leaves[0].shape[0])
    if steps > 0 and not torch.compiler.is_compiling():
        def on_slices(*slices: Tensor) -> Any:
            return function(optree.tree_unflatten(treespec, list(slices)))

        try:
            return torch.vmap(on_slices)(*leaves)
        except (RuntimeError, TypeError, ValueError, NotImplementedError):
            pass  # not batchable: the loop below
    outputs = [function(optree.tree_unflatten(treespec, [leaf[i] for leaf in leaves])) for i in range(steps)]
    return _tree_stack(outputs)


# ---------------------------------------------------------------- gradients


def stop_gradient(variable: Any) -> Tensor:
    return convert_to_tensor(variable).detach()


class _CustomGradient(torch.autograd.Function):
    """Runs ``call(*args) -> (output, grad_fn)`` and uses ``grad_fn(upstream)`` as the backward pass."""

    @staticmethod
    def forward(ctx: Any, call: Callable[..., Any], *args: Any) -> Any:
        output, grad_fn = call(*args)
        ctx.grad_fn = grad_fn
        return output

    @staticmethod
    def backward(ctx: Any, *upstream: Any) -> Any:
        # Positional upstream works for both Keras forms: grad(upstream) and grad(*args, upstream=None).
        grads = ctx.grad_fn(*upstream)
        if not isinstance(grads, (tuple, list)):
            grads = (grads,)
        return (None, *grads)


def custom_gradient(f: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        call = functools.partial(f, **kwargs) if kwargs else f
        return _CustomGradient.apply(call, *args)

    functools.update_wrapper(wrapper, f)
    return wrapper


# ---------------------------------------------------------------- scatter, slices


def _index_tuple(indices: Tensor) -> tuple[Tensor, ...]:
    indices = indices.to(torch.int64)
    return tuple(indices[..., i] for i in range(indices.shape[-1]))


def scatter(indices: Any, values: Any, shape: Any) -> Tensor:
    values = convert_to_tensor(values)
    indices = convert_to_tensor(indices).to(values.device)
    out = torch.zeros(tuple(int(d) for d in shape), dtype=values.dtype, device=values.device)
    index = _index_tuple(indices)
    return out.index_put_(index, values, accumulate=True)


_REDUCTIONS = {"max": "amax", "min": "amin", "mul": "prod", "multiply": "prod", "prod": "prod"}


def scatter_update(inputs: Any, indices: Any, updates: Any, reduction: str | None = None) -> Tensor:
    inputs = convert_to_tensor(inputs)
    indices = convert_to_tensor(indices).to(inputs.device)
    updates = convert_to_tensor(updates, inputs.dtype).to(inputs.device)
    out = inputs.clone()
    index = _index_tuple(indices)
    if reduction is None:
        return out.index_put_(index, updates)
    if reduction == "add":
        return out.index_put_(index, updates, accumulate=True)
    if reduction not in _REDUCTIONS:
        raise ValueError(f"scatter_update: expected reduction None, 'add', 'max', 'min' or 'mul', received {reduction!r}")
    depth = indices.shape[-1]
    lead = tuple(inputs.shape[:depth])
    flat = out.reshape((-1,) + tuple(inputs.shape[depth:]))
    strides = torch.tensor([int(np.prod(lead[i + 1 :])) for i in range(depth)], dtype=torch.int64, device=inputs.device)
    linear = (indices.to(torch.int64) * strides).sum(-1).reshape(-1)
    flat_updates = updates.reshape((-1,) + tuple(inputs.shape[depth:]))
    index = linear.reshape((-1,) + (1,) * (flat_updates.ndim - 1)).expand_as(flat_updates)
    flat.scatter_reduce_(0, index, flat_updates, _REDUCTIONS[reduction], include_self=True)
    return flat.reshape(inputs.shape)


def slice(inputs: Any, start_indices: Any, shape: Any) -> Tensor:
    inputs = convert_to_tensor(inputs)
    starts = [int(s) for s in (start_indices.tolist() if isinstance(start_indices, Tensor) else start_indices)]
    sizes = [int(s) for s in (shape.tolist() if isinstance(shape, Tensor) else shape)]
    if len(starts) != inputs.ndim or len(sizes) != inputs.ndim:
        raise ValueError(
            f"slice: expected 'start_indices' and 'shape' of length {inputs.ndim} (the rank of 'inputs'), "
            f"received {starts} and {sizes}"
        )
    index = []
    for start, size, dim in zip(starts, sizes, inputs.shape):
        size = dim - start if size == -1 else size
        if start < 0 or size < 0 or start + size > dim:
            raise ValueError(f"slice: start {start} with size {size} is out of range for a dimension of size {dim}")
        index.append(builtins.slice(start, start + size))
    return inputs[tuple(index)]


def slice_update(inputs: Any, start_indices: Any, updates: Any) -> Tensor:
    inputs = convert_to_tensor(inputs)
    updates = convert_to_tensor(updates, inputs.dtype).to(inputs.device)
    starts = [int(s) for s in (start_indices.tolist() if isinstance(start_indices, Tensor) else start_indices)]
    index = tuple(builtins.slice(start, start + size) for start, size in zip(starts, updates.shape))
    out = inputs.clone()
    out[index] = updates
    return out


def unstack(x: Any, num: int | None = None, axis: int = 0) -> list[Tensor]:
    x = convert_to_tensor(x)
    if num is not None and num != x.shape[axis]:
        raise ValueError(f"unstack: expected num={x.shape[axis]} (the size of axis {axis}), received num={num}")
    return list(torch.unbind(x, axis))


def cdist(x: Any, y: Any) -> Tensor:
    x, y = promote(x, y)
    if not is_float_tensor(x):
        x, y = x.to(floatx_torch()), y.to(floatx_torch())
    return torch.cdist(x, y)
