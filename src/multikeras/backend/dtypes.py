"""One dtype vocabulary and one promotion table for every backend.

Dtypes are canonical strings (``"float32"``, ``"int64"``, ``"bool"`` ...).
Promotion follows the JAX type lattice, the one Keras 3 documents, with
64-bit types kept (Keras 3 silently narrows int64 to int32 on some paths;
multikeras never narrows a dtype the user gave). Python scalars are *weak*:
they take the dtype of the array they meet (``int8 array + 1 -> int8``),
and on their own become ``int32``, ``floatx()`` or ``complex64``.
"""

from __future__ import annotations

import functools
from typing import Any

from multikeras.backend import config

BOOL = ("bool",)
UNSIGNED = ("uint8", "uint16", "uint32", "uint64")
SIGNED = ("int8", "int16", "int32", "int64")
INTEGER = UNSIGNED + SIGNED
FLOATING = ("bfloat16", "float16", "float32", "float64")
COMPLEX = ("complex64", "complex128")
ALL_DTYPES = BOOL + INTEGER + FLOATING + COMPLEX

# Weak types stand for Python scalars in the lattice.
WEAK_INT, WEAK_FLOAT, WEAK_COMPLEX = "int", "float", "complex"
_WEAK = (WEAK_INT, WEAK_FLOAT, WEAK_COMPLEX)

# Each dtype's direct successors in the promotion lattice.
_LATTICE: dict[str, tuple[str, ...]] = {
    "bool": (WEAK_INT,),
    WEAK_INT: ("uint8", "int8"),
    "uint8": ("uint16", "int16"),
    "uint16": ("uint32", "int32"),
    "uint32": ("uint64", "int64"),
    "uint64": (WEAK_FLOAT,),
    "int8": ("int16",),
    "int16": ("int32",),
    "int32": ("int64",),
    "int64": (WEAK_FLOAT,),
    WEAK_FLOAT: ("bfloat16", "float16", WEAK_COMPLEX),
    "bfloat16": ("float32",),
    "float16": ("float32",),
    "float32": ("float64", "complex64"),
    "float64": ("complex128",),
    WEAK_COMPLEX: ("complex64",),
    "complex64": ("complex128",),
    "complex128": (),
}


def _upper_bounds(dtype: str) -> frozenset[str]:
    seen = {dtype}
    stack = [dtype]
    while stack:
        for successor in _LATTICE[stack.pop()]:
            if successor not in seen:
                seen.add(successor)
                stack.append(successor)
    return frozenset(seen)


_UPPER = {dtype: _upper_bounds(dtype) for dtype in _LATTICE}


def _join(a: str, b: str) -> str:
    common = _UPPER[a] & _UPPER[b]
    # The least upper bound is the common bound every other common bound is above.
    for candidate in common:
        if common <= _UPPER[candidate]:
            return candidate
    raise AssertionError(f"promotion lattice has no join for {a} and {b}")


_JOIN = {(a, b): _join(a, b) for a in _LATTICE for b in _LATTICE}

_ALIASES = {
    "float": "float32",
    "int": "int32",
    "double": "float64",
    "half": "float16",
    "long": "int64",
    "cfloat": "complex64",
    "cdouble": "complex128",
    "bool_": "bool",
    "boolean": "bool",
}
_PYTHON_TYPES = {bool: "bool", int: "int32", float: "float32", complex: "complex64"}


@functools.lru_cache(maxsize=512)
def _standardize_hashable(dtype: Any) -> str:
    if isinstance(dtype, type) and dtype in _PYTHON_TYPES:
        if dtype is float:
            return config.floatx()
        return _PYTHON_TYPES[dtype]
    name = getattr(dtype, "name", None)  # numpy, TensorFlow and JAX dtypes
    if not isinstance(name, str):
        name = getattr(getattr(dtype, "dtype", None), "name", None)  # numpy scalar types
    if not isinstance(name, str) and isinstance(dtype, type):
        name = dtype.__name__  # scalar classes such as np.float64, ml_dtypes.bfloat16
    if not isinstance(name, str):
        name = str(dtype)
    if name.startswith("torch."):
        name = name[len("torch.") :]
    name = _ALIASES.get(name, name)
    if name not in ALL_DTYPES:
        raise ValueError(
            f"Invalid dtype: expected one of {', '.join(ALL_DTYPES)}, "
            f"received {dtype!r}."
        )
    return name


def standardize_dtype(dtype: Any) -> str:
    """Return the canonical name of ``dtype``; ``None`` means ``floatx()``.

    Accepts strings, Python types, NumPy dtypes and the dtype objects of
    every framework (read through ``.name`` or ``str``, so no framework is
    imported here).

    Example:
        >>> import numpy as np
        >>> standardize_dtype(np.float64), standardize_dtype(int), standardize_dtype(None)
        ('float64', 'int32', 'float32')
    """
    if dtype is None:
        return config.floatx()
    if dtype is float:
        return config.floatx()
    try:
        return _standardize_hashable(dtype)
    except TypeError:  # unhashable dtype-like
        return _standardize_hashable.__wrapped__(dtype)


STRING = "string"
"""The dtype of text inputs. No backend computes on text: it has symbolic tensors (a model's
``Input(dtype="string")``) but no tensors; the data stays on the host as NumPy arrays, for the layers that take
text (``TextVectorization``, ``StringLookup``)."""


def standardize_symbolic_dtype(dtype: Any) -> str:
    """:func:`standardize_dtype`, or ``"string"`` for text (``"string"``, ``str``, a string tensor's dtype): the
    dtypes a symbolic tensor or a model input may have.

    Example:
        >>> standardize_symbolic_dtype("string"), standardize_symbolic_dtype(str), standardize_symbolic_dtype("int64")
        ('string', 'string', 'int64')
    """
    if dtype is str or (dtype == STRING if isinstance(dtype, str) else _is_string_dtype(dtype)):
        return STRING
    return standardize_dtype(dtype)


def _is_string_dtype(dtype: Any) -> bool:
    """Whether a framework's dtype object is its string dtype (``tf.string``). NumPy dtypes (which have a
    ``kind``) never are: text arrays are checked by kind, and reading a NumPy dtype's ``name`` costs microseconds."""
    return getattr(dtype, "kind", None) is None and getattr(dtype, "name", None) == STRING


def is_text(value: Any) -> bool:
    """Whether ``value`` holds text: a NumPy array of ``str`` or ``bytes`` (or of objects that are), or a
    framework's string tensor (a dtype named ``"string"``). Text never becomes a backend tensor (see
    :data:`STRING`).

    Example:
        >>> import numpy as np
        >>> is_text(np.array(["a b"])), is_text(np.array([b"a"], dtype=object)), is_text(np.zeros(2))
        (True, True, False)
    """
    dtype = getattr(value, "dtype", None)
    kind = getattr(dtype, "kind", None)
    if kind is None:
        return dtype is not None and _is_string_dtype(dtype)
    if kind == "O":
        return value.size > 0 and isinstance(value.flat[0], (str, bytes))
    return kind == "U" or kind == "S"


def _weak_default(dtype: str) -> str:
    if dtype == WEAK_INT:
        return "int32"
    if dtype == WEAK_FLOAT:
        return config.floatx()
    if dtype == WEAK_COMPLEX:
        return "complex128" if config.floatx() == "float64" else "complex64"
    return dtype


def lattice_type(value: Any) -> str:
    """Return the lattice type of a value: a weak type for Python scalars."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return WEAK_INT
    if isinstance(value, float):
        return WEAK_FLOAT
    if isinstance(value, complex):
        return WEAK_COMPLEX
    if isinstance(value, type) and value in _PYTHON_TYPES:
        return {bool: "bool", int: WEAK_INT, float: WEAK_FLOAT, complex: WEAK_COMPLEX}[value]
    dtype = getattr(value, "dtype", None)
    if dtype is not None:
        return standardize_dtype(dtype)
    if isinstance(value, (list, tuple)):
        if not value:
            return WEAK_FLOAT
        return functools.reduce(lambda a, b: _JOIN[a, b], (lattice_type(v) for v in value))
    return standardize_dtype(value)


def result_type(*values: Any) -> str:
    """Return the dtype an op with these inputs produces, by the promotion table.

    ``values`` are arrays, Python scalars, nested lists, or dtypes; Python
    scalars are weak. With no values, returns ``floatx()``.

    Example:
        >>> import numpy as np
        >>> result_type("int8", "uint8"), result_type(np.zeros(2, "int8"), 3)
        ('int16', 'int8')
        >>> result_type(1, 2.0), result_type("int32", "float16")
        ('float32', 'float16')
    """
    if not values:
        return config.floatx()
    lattice = [lattice_type(v) for v in values]
    joined = lattice[0]
    for other in lattice[1:]:
        joined = _JOIN[joined, other]
    return _weak_default(joined)


def is_float(dtype: Any) -> bool:
    """``True`` for floating dtypes."""
    return standardize_dtype(dtype) in FLOATING


def is_int(dtype: Any) -> bool:
    """``True`` for signed and unsigned integer dtypes (not bool)."""
    return standardize_dtype(dtype) in INTEGER


def is_complex(dtype: Any) -> bool:
    """``True`` for complex dtypes."""
    return standardize_dtype(dtype) in COMPLEX


def float_result(*values: Any) -> str:
    """Dtype of a float-producing op (``sqrt``, ``mean``): ints and bools give ``floatx()``."""
    dtype = result_type(*values)
    if dtype in FLOATING or dtype in COMPLEX:
        return dtype
    return config.floatx()


def sum_result(dtype: Any) -> str:
    """Dtype of ``sum``/``prod``/``cumsum``: small ints widen to 32 bits (as Keras 3)."""
    dtype = standardize_dtype(dtype)
    if dtype in ("bool", "int8", "int16"):
        return "int32"
    if dtype in ("uint8", "uint16"):
        return "uint32"
    return dtype


INDEX_DTYPE = "int32"
"""Dtype of every index-valued result (argmax, argsort, top_k indices, ...)."""


INTEGER_BOUNDS: dict[str, tuple[int, int]] = {
    **{f"uint{bits}": (0, 2**bits - 1) for bits in (8, 16, 32, 64)},
    **{f"int{bits}": (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) for bits in (8, 16, 32, 64)},
}
"""Smallest and largest value of each integer dtype, as Python ints."""


def check_python_numbers_fit(x: Any, dtype: str) -> None:
    """Raise if a Python number in ``x`` does not fit the integer ``dtype`` it is converted to.

    The one rule of ``convert_to_tensor`` (and ``array``, ``full`` ...) with an
    explicit integer dtype, on every backend: a Python ``float`` is truncated
    toward zero first (``3.7 -> 3``, ``-0.5 -> 0``), then every Python number
    must lie in the dtype's range. Some frameworks would wrap ``300`` to ``44``
    in ``uint8`` without a word; the value is lost, so it is an error instead
    (``ops.cast`` is the way to wrap on purpose). Only Python ``int``/``float``
    items of ``x`` (a number or nested lists/tuples) are checked; arrays,
    tensors and NumPy scalars inside are cast as arrays are.

    Args:
        x: A Python number or nested lists/tuples.
        dtype: Canonical integer dtype name (a key of ``INTEGER_BOUNDS``).

    Raises:
        OverflowError: A value (or infinity) outside the dtype's range.
        ValueError: A NaN.

    Example:
        >>> check_python_numbers_fit([1, 255, 3.7], "uint8")
        >>> check_python_numbers_fit([1, 300], "uint8")
        Traceback (most recent call last):
        ...
        OverflowError: Python integer 300 out of bounds for uint8 (range 0 to 255)
    """
    low, high = INTEGER_BOUNDS[dtype]
    _check_fit(x, low, high, dtype)



def python_ints_to_floats(x: Any) -> Any:
    """``x`` (a Python number or nested lists/tuples) with every Python ``int`` (not ``bool``) replaced by the
    nearest ``float``; other items are left as they are.

    How a float dtype takes an int too large for 64 bits (``2**70``) on every
    backend: NumPy holds such an int only as an object, which ml_dtypes'
    ``bfloat16`` and TensorFlow refuse to convert, while the float is an
    ordinary number every framework rounds to the dtype. The backends retry
    with it only after a conversion of the ints failed.

    Example:
        >>> python_ints_to_floats([1, (2**70, True, 0.5)])
        [1.0, [1.1805916207174113e+21, True, 0.5]]
    """
    if isinstance(x, (list, tuple)):
        return [python_ints_to_floats(item) for item in x]
    return float(x) if type(x) is int else x


def clamp_python_bound(bound: Any, dtype: str) -> Any:
    """``bound`` clamped to the range of the integer ``dtype`` when it is a Python number, else unchanged.

    ``clip``'s bounds on every backend: ``clip(uint8_tensor, 0, 300)`` leaves
    the tensor as it is, since no ``uint8`` value is above 300, rather than
    raising (300 does not fit ``uint8``) or wrapping 300 to 44 and clipping
    there. Tensors, arrays and ``None`` pass through, as do Python numbers
    for a non-integer ``dtype``.

    Example:
        >>> clamp_python_bound(300, "uint8"), clamp_python_bound(-5, "uint8"), clamp_python_bound(300, "int32")
        (255, 0, 300)
    """
    bounds = INTEGER_BOUNDS.get(dtype)
    if bounds is None or type(bound) not in (int, float):
        return bound
    low, high = bounds
    return low if bound < low else high if bound > high else bound


def python_int_fits(value: int, dtype: str) -> bool:
    """``True`` when the Python int ``value`` lies in the range of ``dtype`` (always, for a non-integer dtype).

    The gate of the plug-ins' fast paths for a tensor meeting a Python int in
    an elementwise op (``add(x, 1)``): the int takes the tensor's dtype and
    only then may the framework handle it as a weak scalar; an int that does
    not fit goes the general way, where converting it to the result dtype
    raises (``check_python_numbers_fit``) and comparisons take
    ``python_int_comparison``. Only called when one operand is a Python int,
    never for two tensors.

    Example:
        >>> python_int_fits(255, "uint8"), python_int_fits(300, "uint8"), python_int_fits(2**40, "float32")
        (True, False, True)
    """
    bounds = INTEGER_BOUNDS.get(dtype)
    return bounds is None or bounds[0] <= value <= bounds[1]


# Which side of a comparison is true when the Python int is above every value of the tensor's dtype,
# with the tensor first (``less(x, 300)``); the int below every value gives the opposite for the ordering
# comparisons. ``equal``/``not_equal`` do not depend on the side.
_ABOVE_ALL = {"less": True, "less_equal": True, "greater": False, "greater_equal": False}
_FLIPPED = {"less": "greater", "less_equal": "greater_equal", "greater": "less", "greater_equal": "less_equal"}


def python_int_comparison(name: str, dtype: str, value: Any, int_first: bool = False) -> bool | None:
    """The result every element gets when a tensor of ``dtype`` is compared with a Python int outside its range.

    ``None`` when the plain comparison applies (``value`` is no Python int,
    fits ``dtype``, or ``dtype`` is not an integer dtype). As in NumPy 2,
    such a comparison is answered exactly rather than raising or comparing
    with the int wrapped into the dtype: no ``uint8`` equals 300, every
    ``uint8`` is greater than -1. A bool tensor counts as holding 0 and 1.

    Args:
        name: ``"equal"``, ``"not_equal"``, ``"less"``, ``"less_equal"``, ``"greater"`` or ``"greater_equal"``.
        dtype: Canonical dtype name of the tensor operand.
        value: The other operand.
        int_first: ``value`` is the first operand (``less(300, x)``).

    Example:
        >>> python_int_comparison("greater", "uint8", -1), python_int_comparison("less", "uint8", 300, int_first=True)
        (True, False)
        >>> python_int_comparison("equal", "uint8", 200) is None
        True
    """
    if type(value) is not int:
        return None
    low, high = (0, 1) if dtype == "bool" else INTEGER_BOUNDS.get(dtype, (value, value))
    if low <= value <= high:
        return None
    if name == "equal" or name == "not_equal":
        return name == "not_equal"
    if int_first:
        name = _FLIPPED[name]
    return _ABOVE_ALL[name] if value > high else not _ABOVE_ALL[name]


_CAST_LOW, _CAST_HIGH = INTEGER_BOUNDS["int64"][0], INTEGER_BOUNDS["uint64"][1]


def wrap_python_ints(x: Any, dtype: str) -> Any:
    """``x`` with every Python int wrapped modulo 2**bits into the integer ``dtype``: ``ops.cast``'s rule.

    Casting wraps, as it does for an integer tensor: ``cast(300, "uint8")`` is
    44 and ``cast(2**63, "int64")`` is ``-2**63``. A Python int is wrapped only
    if some 64-bit integer tensor could hold it (``-2**63 <= value < 2**64``),
    so that ``cast`` of the int equals ``cast`` of that tensor; a larger one
    raises. Floats, bools, arrays and tensors in ``x`` (a number or nested
    lists/tuples) are returned as they are.

    Raises:
        OverflowError: A Python int that is neither an int64 nor a uint64.

    Example:
        >>> wrap_python_ints([300, -1, 2.5], "uint8"), wrap_python_ints(2**63, "int64")
        ([44, 255, 2.5], -9223372036854775808)
    """
    kind = type(x)
    if kind is list or kind is tuple:
        return [wrap_python_ints(item, dtype) for item in x]
    if kind is not int:
        return x
    if not _CAST_LOW <= x <= _CAST_HIGH:
        raise OverflowError(
            f"Python integer {x} cannot be cast to {dtype}: it is neither int64 nor uint64 "
            f"(range {_CAST_LOW} to {_CAST_HIGH})"
        )
    low, high = INTEGER_BOUNDS[dtype]
    if low <= x <= high:
        return x
    span = high - low + 1
    return (x - low) % span + low


_INT_TYPES = frozenset((int, bool))


def _check_fit(x: Any, low: int, high: int, dtype: str) -> None:
    kind = type(x)
    if kind is list or kind is tuple:
        # A long flat list of ints (the usual case) is checked by C-level scans, about 3x faster than the walk
        # below, which then only runs to name the first offending value; for a few items the walk is cheaper.
        if len(x) > 8 and _INT_TYPES.issuperset(map(type, x)) and low <= min(x) and max(x) <= high:
            return
        for item in x:
            if type(item) is not int or not low <= item <= high:  # an int in range needs no call
                _check_fit(item, low, high, dtype)
        return
    if kind is float:
        if x != x:
            raise ValueError(f"cannot convert float NaN to integer ({dtype})")
        if x in (float("inf"), float("-inf")):
            raise OverflowError(f"cannot convert float {x} to integer ({dtype})")
        x = int(x)
    elif kind is bool or not isinstance(x, int):  # bools always fit; arrays and tensors follow the array rule
        if isinstance(x, (list, tuple)):  # subclasses (named tuples)
            for item in x:
                _check_fit(item, low, high, dtype)
        return
    if not low <= x <= high:
        raise OverflowError(f"Python integer {x} out of bounds for {dtype} (range {low} to {high})")
