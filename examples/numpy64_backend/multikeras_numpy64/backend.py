"""Build the ``numpy64`` backend: the built-in NumPy ops with float64 as the default float.

The built-in NumPy backend gives ``floatx()`` (``float32``) wherever the
contract says "ints, bools and Python floats give the default float". This
backend reuses every one of its op functions and wraps three groups of them
so that the default float is ``float64`` instead:

* creation ops whose ``dtype=None`` means ``floatx()`` (``ones``, ``eye``,
  ``linspace`` ...) receive ``dtype="float64"``;
* ops whose dtype follows their Python arguments (``convert_to_tensor``,
  ``arange``, ``full`` ...) produce ``float64`` where the NumPy backend would
  have produced ``float32`` from Python floats;
* float-producing ops (``sqrt``, ``mean``, ``softmax`` ...) given only
  integers or bools compute in ``float64``.

Arrays that already carry a float dtype keep it: a ``float32`` array stays
``float32``, exactly as on every other backend.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Callable
from typing import Any

import numpy as np

from multikeras.backend import dtypes
from multikeras.backend.contract import Backend
from multikeras.backends.numpy import abstract, autodiff, core, image, linalg, math, nn, placement, random
from multikeras.backends.numpy import numpy as numpy_ops
from multikeras.backends.numpy.backend import CAPABILITIES
from multikeras.ops.catalog import OP_NAMES, OPS_BY_NAME

DEFAULT_FLOAT = "float64"

FLOATX_CREATION_OPS = (
    "ones", "zeros", "empty", "eye", "identity", "tri", "linspace", "logspace", "geomspace",
)
"""Ops whose ``dtype=None`` means the default float."""

SCALAR_CREATION_OPS = ("convert_to_tensor", "array", "arange", "full")
"""Ops whose ``dtype=None`` follows the promotion of their Python arguments."""

FLOAT_PRODUCING_OPS: dict[str, int] = {
    **dict.fromkeys(
        (
            "sqrt", "cbrt", "exp", "exp2", "expm1", "log", "log10", "log1p", "log2",
            "sin", "cos", "tan", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh",
            "arcsinh", "arccosh", "arctanh", "deg2rad", "rad2deg", "sinc", "i0",
            "mean", "var", "std", "median", "average", "quantile", "percentile",
            "nanmean", "nanvar", "nanstd", "nanmedian", "nanquantile", "nanpercentile",
            "sigmoid", "softmax", "log_softmax", "softplus", "softsign", "silu", "swish",
            "gelu", "elu", "selu", "celu", "log_sigmoid", "hard_sigmoid", "hard_silu",
            "hard_swish", "tanh_shrink", "sparse_plus", "sparse_sigmoid", "squareplus",
            "normalize", "erf", "erfc", "erfinv", "rsqrt", "logsumexp",
        ),
        1,
    ),
    **dict.fromkeys(("divide", "true_divide", "arctan2", "logaddexp", "logaddexp2", "hypot"), 2),
}
"""Float-producing ops and how many leading arguments are their array inputs."""

_NOT_FLOAT = frozenset(dtypes.BOOL + dtypes.INTEGER + (dtypes.WEAK_INT,))


def _dtype_position(op_name: str) -> int:
    """Index of the ``dtype`` parameter in the op's catalog signature."""
    tree = ast.parse(f"def f{OPS_BY_NAME[op_name].signature}: pass")
    names = [arg.arg for arg in tree.body[0].args.args]  # type: ignore[attr-defined]
    return names.index("dtype")


def _dtype_argument(position: int, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    if "dtype" in kwargs:
        return kwargs["dtype"]
    return args[position] if len(args) > position else None


def _with_dtype(position: int, args: tuple[Any, ...], kwargs: dict[str, Any], dtype: str):
    if "dtype" in kwargs or len(args) <= position:
        return args, {**kwargs, "dtype": dtype}
    return args[:position] + (dtype,) + args[position + 1 :], kwargs


def _floatx_creation(op_name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    position = _dtype_position(op_name)

    @functools.wraps(function)
    def create(*args: Any, **kwargs: Any) -> Any:
        if _dtype_argument(position, args, kwargs) is None:
            args, kwargs = _with_dtype(position, args, kwargs, DEFAULT_FLOAT)
        return function(*args, **kwargs)

    return create


def _holds_float32(value: Any) -> bool:
    try:
        return dtypes.lattice_type(value) == "float32"
    except (TypeError, ValueError):
        return False


def _scalar_creation(op_name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    position = _dtype_position(op_name)

    @functools.wraps(function)
    def create(*args: Any, **kwargs: Any) -> Any:
        result = function(*args, **kwargs)
        if _dtype_argument(position, args, kwargs) is not None:
            return result
        # float32 here came from the default float, unless an input already was float32.
        if getattr(result, "dtype", None) == np.float32 and not any(
            _holds_float32(value) for value in (*args, *kwargs.values()) if value is not None
        ):
            args, kwargs = _with_dtype(position, args, kwargs, DEFAULT_FLOAT)
            return function(*args, **kwargs)
        return result

    return create


def _float_producing(function: Callable[..., Any], array_inputs: int) -> Callable[..., Any]:
    @functools.wraps(function)
    def compute(*args: Any, **kwargs: Any) -> Any:
        inputs = args[:array_inputs]
        try:
            kinds = {dtypes.lattice_type(value) for value in inputs}
        except (TypeError, ValueError):
            return function(*args, **kwargs)  # let the op report the bad input
        if inputs and kinds <= _NOT_FLOAT:
            widened = tuple(core.convert_to_tensor(value, DEFAULT_FLOAT) for value in inputs)
            args = widened + args[array_inputs:]
        return function(*args, **kwargs)

    return compute


def _wrap(op_name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    if op_name in FLOATX_CREATION_OPS:
        return _floatx_creation(op_name, function)
    if op_name in SCALAR_CREATION_OPS:
        return _scalar_creation(op_name, function)
    if op_name in FLOAT_PRODUCING_OPS:
        return _float_producing(function, FLOAT_PRODUCING_OPS[op_name])
    return function


def load() -> Backend:
    """Return the ``numpy64`` backend (called by multikeras when it is first selected)."""
    base = Backend.from_modules(
        "numpy64",
        np.__version__,
        CAPABILITIES,
        [core, numpy_ops, nn, linalg, math, image, random, autodiff, abstract, placement],
        native=np,
    )
    implemented = {
        name: _wrap(name, getattr(base, name)) for name in OP_NAMES if base.implements(name)
    }
    return Backend("numpy64", np.__version__, CAPABILITIES, implemented, op_names=OP_NAMES, native=np)
