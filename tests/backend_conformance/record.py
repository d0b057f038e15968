"""One conformance record: an op call, its NumPy reference and how to compare.

A record is data: the suite (``test_conformance.py``) walks every record for
every selected backend. Inputs are NumPy arrays, Python scalars and lists;
the runner converts arrays to the backend's tensors (unless ``raw``), calls
the public op, converts the result back with ``ops.convert_to_numpy`` and
checks shape, dtype and values against ``reference`` (plain NumPy code).

Expected dtypes are a dtype name or a rule name:

* ``"promote"``: ``dtypes.result_type`` of the array inputs (or of the
  positional arguments named by ``dtype_from``, Python scalars included);
* ``"float"``: ``dtypes.float_result`` of the same inputs;
* ``"sum"``: ``dtypes.sum_result`` of the first input;
* ``"index"``: ``dtypes.INDEX_DTYPE``;
* ``"same"``: the dtype of the first input;
* ``None``: not checked; any other string is the dtype itself.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import numpy as np

DTYPE_RULES = ("promote", "float", "sum", "index", "same")

# (rtol, atol) per result dtype; integers and bools compare exactly.
DEFAULT_TOLERANCE: dict[str, tuple[float, float]] = {
    "float16": (1e-2, 1e-2),
    "bfloat16": (5e-2, 5e-2),
    "float32": (1e-5, 1e-6),
    "complex64": (1e-5, 1e-6),
    "float64": (1e-10, 1e-12),
    "complex128": (1e-10, 1e-12),
}


@dataclasses.dataclass(frozen=True)
class Raises:
    """A bad-input record's expected error: its type and message substrings."""

    type: type[BaseException]
    match: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class OpRecord:
    """One call of one op and what every backend must return for it.

    ``op`` is the catalog's attribute name (``add``, ``random_normal``,
    ``value_and_grad``); ``id`` is unique across the table and is the key
    of ``known_gaps.json``.
    """

    op: str
    id: str
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = dataclasses.field(default_factory=dict)
    reference: Callable[..., Any] | None = None
    """NumPy code taking the record's (unconverted) args and kwargs."""
    expected_dtype: Any = None
    """A dtype name, a rule of ``DTYPE_RULES``, or a tuple of them for multi-output ops."""
    dtype_from: tuple[int, ...] | None = None
    """Positional arguments the dtype rule looks at (default: the ndarray ones)."""
    tolerance: dict[str, tuple[float, float]] = dataclasses.field(default_factory=dict)
    """Per-dtype ``(rtol, atol)`` overriding ``DEFAULT_TOLERANCE``."""
    grad: bool = False
    """Check ``value_and_grad`` of ``sum(op(x))`` against finite differences."""
    grad_argnum: int = 0
    compare: Callable[[Any, Any], None] | None = None
    """``compare(actual, expected)`` raising ``AssertionError``; replaces value checks."""
    raises: Raises | None = None
    raw: bool = False
    """Pass args to the op as NumPy/Python values, without converting them first."""
    invoke: Callable[..., Any] | None = None
    """``invoke(public_fn, *args, **kwargs)`` for ops whose call is not a plain call."""
    requires: str | None = None
    """A capability flag; a backend without it must raise ``CapabilityError`` instead."""
    check_shape: bool = True

    def tolerance_for(self, dtype: str) -> tuple[float, float]:
        """``(rtol, atol)`` for a result of ``dtype`` (``(0, 0)`` means exact)."""
        if dtype in self.tolerance:
            return self.tolerance[dtype]
        return DEFAULT_TOLERANCE.get(dtype, (0.0, 0.0))


def expected_dtype(record: OpRecord, rule: Any) -> str | None:
    """Resolve a dtype rule against the record's inputs."""
    from multikeras.backend import dtypes

    if rule is None:
        return None
    if rule not in DTYPE_RULES:
        return dtypes.standardize_dtype(rule)
    if rule == "index":
        return dtypes.INDEX_DTYPE
    if record.dtype_from is not None:
        inputs = [record.args[i] for i in record.dtype_from]
    else:
        inputs = [a for a in record.args if isinstance(a, np.ndarray)]
        if not inputs:
            inputs = [a for a in record.args if isinstance(a, (bool, int, float, complex, list))][:1]
    if rule == "same":
        return dtypes.result_type(inputs[0])
    if rule == "sum":
        return dtypes.sum_result(dtypes.result_type(inputs[0]))
    if rule == "float":
        return dtypes.float_result(*inputs)
    return dtypes.result_type(*inputs)
