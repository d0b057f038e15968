"""What happens when an op call fails: clear errors instead of framework tracebacks.

Public ops call the backend directly; only when that raises do we land
here, so none of this costs anything on the happy path. The handler

1. lets ``OpNotImplementedError`` through unchanged;
2. gives symbolic inputs (``KerasTensor``-like objects registered with
   :func:`register_symbolic_handler`) to the symbolic handler;
3. checks the arguments with generic, name-driven validators and raises a
   ``ValueError``/``TypeError`` naming the op, the argument, what was
   received and what was expected, identical on every backend;
4. otherwise re-raises the framework error as ``ValueError``/``TypeError``/
   ``IndexError`` with the op and backend named (the original is chained).
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import Any

import numpy as np

from multikeras.backend import config, ctc, dtypes
from multikeras.backend.errors import CapabilityError, OpNotImplementedError
from multikeras.backend.selection import current
from multikeras.backend.windows import valid_window_problem
from multikeras.ops.catalog import OPS_BY_NAME

_symbolic_handler: list[Callable[[str, dict[str, Any]], Any] | None] = [None]
_symbolic_types: list[tuple[type, ...]] = [()]

# Parameter names whose value is "the main array" an axis refers to.
_PRIMARY = ("x", "inputs", "a", "images", "array", "data", "y", "x1", "tensor")


def register_symbolic_handler(types: tuple[type, ...], handler: Callable[[str, dict[str, Any]], Any]) -> None:
    """Route op calls whose arguments include one of ``types`` to ``handler``.

    Used by the layers package for symbolic (shape-only) tensors; ops call
    the handler only after the backend rejected the symbolic input, so the
    eager path pays nothing.
    """
    _symbolic_types[0] = tuple(types)
    _symbolic_handler[0] = handler


def _contains_symbolic(value: Any, depth: int = 0) -> bool:
    kinds = _symbolic_types[0]
    if not kinds:
        return False
    if isinstance(value, kinds):
        return True
    if depth < 3 and isinstance(value, (list, tuple)):
        return any(_contains_symbolic(item, depth + 1) for item in value)
    if depth < 3 and isinstance(value, dict):
        return any(_contains_symbolic(item, depth + 1) for item in value.values())
    return False


def handle_failure(op_name: str, error: Exception, arguments: dict[str, Any]) -> Any:
    """Turn a failed op call into a result (symbolic inputs) or a clear error."""
    if isinstance(error, (OpNotImplementedError, CapabilityError)):
        raise error
    if _symbolic_handler[0] is not None and any(_contains_symbolic(v) for v in arguments.values()):
        return _symbolic_handler[0](op_name, arguments)
    backend_name = _backend_name()
    info = OPS_BY_NAME.get(op_name)
    where = f"{_public_name(op_name)} (backend '{backend_name}')"
    if info is not None and info.takes_callables:
        error.add_note(f"raised inside {where}")
        raise error
    problem = find_argument_problem(op_name, arguments)
    if problem is not None:
        kind, message = problem
        from multikeras.utils import traceback_utils  # imported on failure only: the happy path pays nothing

        # The message says what is wrong; the framework's traceback is shown only when filtering is off.
        raise kind(f"{where}: {message}") from (None if traceback_utils.is_traceback_filtering_enabled() else error)
    if isinstance(error, NotImplementedError):
        raise NotImplementedError(f"{where}: {error}") from error
    if isinstance(error, TypeError):
        raise TypeError(f"{where}: {error}") from error
    if isinstance(error, IndexError):
        raise IndexError(f"{where}: {error}") from error
    raise ValueError(f"{where}: {type(error).__name__}: {error}") from error


def _public_name(op_name: str) -> str:
    info = OPS_BY_NAME.get(op_name)
    if info is not None and info.section == "random":
        return f"random.{info.name}"
    if info is not None and info.section == "backend":
        return f"backend.{info.name}"
    return f"ops.{op_name}"


def _backend_name() -> str:
    try:
        return current().name
    except Exception:  # selection itself failed
        return "?"


def shape_of(value: Any) -> tuple[int | None, ...] | None:
    """The shape of an array-like without converting it, or ``None`` if unknown."""
    shape = getattr(value, "shape", None)
    if shape is not None:
        try:
            return tuple(None if dim is None else int(dim) for dim in shape)
        except (TypeError, ValueError):
            return None
    if isinstance(value, (numbers.Number, np.generic)):
        return ()
    if isinstance(value, (list, tuple)):
        try:
            return np.shape(np.asarray(value, dtype=object)) if value else (0,)
        except ValueError:
            return None
    return None


def _describe(value: Any) -> str:
    shape = shape_of(value)
    dtype = getattr(value, "dtype", None)
    if shape is not None and hasattr(value, "shape"):
        return f"{type(value).__name__} of shape {shape} and dtype {dtypes_name(dtype)}"
    text = repr(value)
    return text if len(text) < 80 else text[:77] + "..."


def dtypes_name(dtype: Any) -> str:
    try:
        return dtypes.standardize_dtype(dtype)
    except (ValueError, TypeError):
        return str(dtype)


def _primary(arguments: dict[str, Any]) -> tuple[str, Any] | None:
    for name in _PRIMARY:
        if name in arguments and arguments[name] is not None:
            return name, arguments[name]
    sequence = arguments.get("xs")
    if isinstance(sequence, (list, tuple)) and sequence:  # concatenate, stack, ...
        return "xs[0]", sequence[0]
    return None


def find_argument_problem(op_name: str, arguments: dict[str, Any]) -> tuple[type[Exception], str] | None:
    """Return ``(exception type, message)`` for the first invalid argument, if any."""
    for check in (_check_dtype, _check_axis, _check_permutation, _check_broadcast, _check_matmul, _check_shape, _check_window,
                  _check_ctc_decode):
        problem = check(op_name, arguments)
        if problem is not None:
            return problem
    return None


def _check_dtype(op_name: str, arguments: dict[str, Any]) -> tuple[type[Exception], str] | None:
    if "dtype" not in arguments or arguments["dtype"] is None:
        return None
    try:
        dtypes.standardize_dtype(arguments["dtype"])
    except (TypeError, ValueError):
        return ValueError, (
            f"argument 'dtype' expected one of {', '.join(dtypes.ALL_DTYPES)}, "
            f"received {arguments['dtype']!r}"
        )
    return None


def _check_axis(op_name: str, arguments: dict[str, Any]) -> tuple[type[Exception], str] | None:
    for name in ("axis", "axis1", "axis2"):
        if name not in arguments or arguments[name] is None:
            continue
        axis = arguments[name]
        axes = axis if isinstance(axis, (tuple, list)) else (axis,)
        for item in axes:
            if isinstance(item, bool) or not isinstance(item, (numbers.Integral, np.integer)):
                return TypeError, (
                    f"argument '{name}' expected an int or a tuple of ints, "
                    f"received {type(item).__name__} {item!r}"
                )
        primary = _primary(arguments)
        if primary is None:
            continue
        shape = shape_of(primary[1])
        if shape is None:
            continue
        rank = len(shape)
        # Ops that add a dimension accept axis == rank.
        limit = rank + 1 if op_name in ("expand_dims", "stack", "one_hot", "multi_hot") else rank
        for item in axes:
            if not -max(limit, 1) <= int(item) < max(limit, 1):
                return ValueError, (
                    f"argument '{name}' is out of range: received {int(item)} for "
                    f"'{primary[0]}' of rank {rank} (expected {-max(limit, 1)} <= {name} < {max(limit, 1)})"
                )
    return None


def _check_permutation(op_name: str, arguments: dict[str, Any]) -> tuple[type[Exception], str] | None:
    if op_name != "transpose" or arguments.get("axes") is None:
        return None
    axes = arguments["axes"]
    shape = shape_of(arguments.get("x"))
    if shape is None:
        return None
    rank = len(shape)
    try:
        normalized = sorted(int(a) % max(rank, 1) for a in axes)
    except (TypeError, ValueError):
        return TypeError, f"argument 'axes' expected a sequence of ints, received {axes!r}"
    if len(axes) != rank or normalized != list(range(rank)):
        return ValueError, (
            f"argument 'axes' must be a permutation of the {rank} axes of 'x' "
            f"(shape {shape}), received {tuple(axes)!r}"
        )
    return None


def _check_broadcast(op_name: str, arguments: dict[str, Any]) -> tuple[type[Exception], str] | None:
    if op_name in ("matmul", "dot", "tensordot", "inner", "outer", "vdot", "kron", "cross",
                   "append", "correlate", "isin", "einsum"):
        return None
    for left, right in (("x1", "x2"), ("x", "y")):
        if left in arguments and right in arguments:
            a, b = shape_of(arguments[left]), shape_of(arguments[right])
            if a is None or b is None:
                continue
            try:
                np.broadcast_shapes(tuple(d or 1 for d in a), tuple(d or 1 for d in b))
            except ValueError:
                return ValueError, (
                    f"arguments '{left}' and '{right}' cannot be broadcast together: "
                    f"received shapes {a} and {b}"
                )
    return None


def _check_matmul(op_name: str, arguments: dict[str, Any]) -> tuple[type[Exception], str] | None:
    if op_name != "matmul":
        return None
    a, b = shape_of(arguments.get("x1")), shape_of(arguments.get("x2"))
    if not a or not b:
        if a == () or b == ():
            return ValueError, "matmul expects inputs of rank >= 1, received a scalar"
        return None
    inner_a = a[-1]
    inner_b = b[-2] if len(b) >= 2 else b[0]
    if inner_a is not None and inner_b is not None and inner_a != inner_b:
        return ValueError, (
            f"the last dimension of 'x1' must equal the "
            f"{'second-to-last' if len(b) >= 2 else 'only'} dimension of 'x2': "
            f"received shapes {a} and {b}"
        )
    return None


def _check_shape(op_name: str, arguments: dict[str, Any]) -> tuple[type[Exception], str] | None:
    for name in ("shape", "newshape"):
        if name not in arguments or op_name in ("slice", "scatter", "unravel_index"):
            continue
        value = arguments[name]
        dims = value if isinstance(value, (tuple, list)) else (value,)
        for dim in dims:
            if dim is None:
                continue
            if isinstance(dim, bool) or not isinstance(dim, (numbers.Integral, np.integer)):
                return TypeError, (
                    f"argument '{name}' expected a tuple of ints, received {value!r}"
                )
            if int(dim) < (-1 if name == "newshape" else 0):
                return ValueError, (
                    f"argument '{name}' expected non-negative dimensions, received {value!r}"
                )
        if name == "newshape":
            primary = _primary(arguments)
            shape = shape_of(primary[1]) if primary else None
            if shape is not None and None not in shape:
                size = int(np.prod(shape))
                known = [int(d) for d in dims if int(d) != -1]
                product = int(np.prod(known)) if known else 1
                unknown = sum(1 for d in dims if int(d) == -1)
                if unknown > 1:
                    return ValueError, f"argument 'newshape' may contain at most one -1, received {value!r}"
                if (unknown == 0 and product != size) or (unknown == 1 and (product == 0 or size % product)):
                    return ValueError, (
                        f"cannot reshape {_describe(primary[1])} (size {size}) into shape {tuple(dims)}"
                    )
    return None


# Sliding-window ops: (argument holding the window, where its spatial size is, what it is called).
_WINDOW_OPS = {
    "conv": ("kernel", "kernel", "kernel"),
    "depthwise_conv": ("kernel", "kernel", "kernel"),
    "separable_conv": ("depthwise_kernel", "kernel", "kernel"),
    "max_pool": ("pool_size", "value", "pool"),
    "average_pool": ("pool_size", "value", "pool"),
}


def _check_ctc_decode(op_name: str, arguments: dict[str, Any]) -> tuple[type[Exception], str] | None:
    """``ctc_decode``'s arguments, with the rule its backends apply (``multikeras.backend.ctc``)."""
    if op_name != "ctc_decode":
        return None
    inputs = arguments.get("inputs")
    dtype = getattr(inputs, "dtype", None)
    return ctc.decode_argument_problem(
        shape_of(inputs),
        None if dtype is None else dtypes_name(dtype),
        shape_of(arguments.get("sequence_lengths")),
        arguments.get("strategy"),
        arguments.get("beam_width"),
        arguments.get("top_paths"),
        arguments.get("mask_index"),
    )


def _check_window(op_name: str, arguments: dict[str, Any]) -> tuple[type[Exception], str] | None:
    """A "valid" convolution or pooling window larger than the input (the output would be empty)."""
    if op_name not in _WINDOW_OPS:
        return None
    name, source, kind = _WINDOW_OPS[op_name]
    shape = shape_of(arguments.get("inputs"))
    if shape is None or len(shape) < 3:
        return None
    try:
        first = config.standardize_data_format(arguments.get("data_format")) == "channels_first"
    except ValueError:
        return None
    spatial = shape[2:] if first else shape[1:-1]
    window = arguments.get(name)
    if source == "kernel":
        kernel_shape = shape_of(window)
        if kernel_shape is None or len(kernel_shape) != len(spatial) + 2 or None in kernel_shape[: len(spatial)]:
            return None
        window = kernel_shape[: len(spatial)]
    try:
        problem = valid_window_problem(spatial, window, arguments.get("dilation_rate", 1), arguments.get("padding", "valid"), kind)
    except (TypeError, ValueError):
        return None
    return None if problem is None else (ValueError, problem)
