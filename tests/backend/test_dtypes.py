"""The one promotion table (JAX lattice, weak Python scalars, 64-bit kept) and dtype names."""

from __future__ import annotations

import itertools

import ml_dtypes
import numpy as np
import pytest

import multikeras as mk
from multikeras.backend import dtypes
from multikeras.backend.dtypes import ALL_DTYPES, result_type

pytestmark = pytest.mark.usefixtures("restore_global_state")

LATTICE_NODES = tuple(dtypes._LATTICE)  # the dtypes plus the three weak types


def array(dtype: str) -> np.ndarray:
    return np.zeros(2, dtype=ml_dtypes.bfloat16 if dtype == "bfloat16" else dtype)


# Pairs whose answer is fixed by the JAX type-promotion lattice (checked against
# jax.numpy.promote_types with x64 on; where JAX defaults a weak float to
# float64, multikeras gives floatx()).
KNOWN_PAIRS = [
    ("bool", "bool", "bool"),
    ("bool", "int8", "int8"),
    ("bool", "uint8", "uint8"),
    ("bool", "float16", "float16"),
    ("int8", "uint8", "int16"),
    ("int8", "int16", "int16"),
    ("int16", "uint16", "int32"),
    ("int32", "uint32", "int64"),
    ("uint8", "uint16", "uint16"),
    ("uint32", "int8", "int64"),
    ("uint32", "uint64", "uint64"),
    ("int64", "uint64", "float32"),
    ("int8", "uint64", "float32"),
    ("int32", "int64", "int64"),
    ("int8", "float16", "float16"),
    ("int64", "float16", "float16"),
    ("int32", "bfloat16", "bfloat16"),
    ("uint64", "float32", "float32"),
    ("int64", "float32", "float32"),
    ("bfloat16", "float16", "float32"),
    ("float16", "float32", "float32"),
    ("bfloat16", "float64", "float64"),
    ("float32", "float64", "float64"),
    ("int8", "complex64", "complex64"),
    ("float32", "complex64", "complex64"),
    ("float64", "complex64", "complex128"),
    ("float16", "complex128", "complex128"),
    ("complex64", "complex128", "complex128"),
]


@pytest.mark.parametrize(("a", "b", "expected"), KNOWN_PAIRS)
def test_known_pairs(a, b, expected):
    assert result_type(a, b) == expected
    assert result_type(b, a) == expected
    assert result_type(array(a), array(b)) == expected


WEAK_SCALARS = [
    ("int8", 1, "int8"),
    ("uint8", 1, "uint8"),
    ("int16", 1, "int16"),
    ("int64", 1, "int64"),
    ("uint64", 1, "uint64"),
    ("bool", 1, "int32"),
    ("bool", True, "bool"),
    ("int8", True, "int8"),
    ("int32", 1.5, "float32"),
    ("int64", 1.5, "float32"),
    ("uint8", 1.5, "float32"),
    ("float16", 1.5, "float16"),
    ("bfloat16", 1.5, "bfloat16"),
    ("float64", 1.5, "float64"),
    ("float16", 1, "float16"),
    ("float32", 1j, "complex64"),
    ("float64", 1j, "complex128"),
    ("float16", 1j, "complex64"),
    ("int8", 1j, "complex64"),
    ("complex128", 1.5, "complex128"),
]


@pytest.mark.parametrize(("dtype", "scalar", "expected"), WEAK_SCALARS)
def test_python_scalars_are_weak(dtype, scalar, expected):
    assert result_type(array(dtype), scalar) == expected
    assert result_type(scalar, array(dtype)) == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ((1,), "int32"),
        ((1.0,), "float32"),
        ((1j,), "complex64"),
        ((True,), "bool"),
        ((1, 2.0), "float32"),
        ((True, 1), "int32"),
        ((1, 1j), "complex64"),
        (([1, 2],), "int32"),
        (([1, 2.5],), "float32"),
        (([[True], [False]],), "bool"),
        (([],), "float32"),
        ((int,), "int32"),
        ((float,), "float32"),
        ((bool,), "bool"),
        ((), "float32"),
    ],
)
def test_python_values_alone(values, expected):
    assert result_type(*values) == expected


def test_python_floats_follow_floatx():
    mk.config.set_floatx("float64")
    assert result_type(1.0) == "float64"
    assert result_type(1, 2.5) == "float64"
    assert result_type(1j) == "complex128"
    assert result_type(array("int32"), 1.5) == "float64"
    assert result_type("int64", "uint64") == "float64"
    assert result_type(array("float16"), 1.5) == "float16"  # arrays are never widened


def test_sixty_four_bit_types_are_kept():
    assert result_type(array("int64")) == "int64"
    assert result_type(array("int64"), 1) == "int64"
    assert result_type(array("float64"), array("float32")) == "float64"
    assert result_type(np.int64(3)) == "int64"


@pytest.mark.parametrize(("a", "b"), list(itertools.product(ALL_DTYPES, repeat=2)))
def test_commutative(a, b):
    assert result_type(a, b) == result_type(b, a)


def test_idempotent_and_bool_is_the_bottom():
    for dtype in ALL_DTYPES:
        assert result_type(dtype, dtype) == dtype
        assert result_type("bool", dtype) == dtype


def test_join_is_associative_over_the_whole_lattice():
    join = dtypes._JOIN
    for a, b, c in itertools.product(LATTICE_NODES, repeat=3):
        assert join[join[a, b], c] == join[a, join[b, c]], (a, b, c)


def test_join_is_the_least_upper_bound():
    upper = dtypes._UPPER
    for a, b in itertools.product(LATTICE_NODES, repeat=2):
        joined = dtypes._JOIN[a, b]
        assert joined in upper[a] and joined in upper[b]
        for bound in upper[a] & upper[b]:
            assert bound in upper[joined], (a, b, joined, bound)


@pytest.mark.parametrize("triple", list(itertools.combinations(ALL_DTYPES + (1, 1.5, 1j), 3))[::7])
def test_many_inputs_do_not_depend_on_order(triple):
    values = [array(v) if isinstance(v, str) else v for v in triple]
    results = {result_type(*order) for order in itertools.permutations(values)}
    assert len(results) == 1


def test_many_inputs_join_through_the_weak_float():
    # int64 + uint64 meet at the weak float, which then yields to float16: not float32.
    assert result_type("int64", "uint64", "float16") == "float16"


# --- standardize_dtype --------------------------------------------------------------------


class FrameworkLikeDtype:
    """Stands for a framework dtype object known only through ``str`` (like torch's)."""

    def __init__(self, text: str):
        self.text = text

    def __str__(self) -> str:
        return self.text


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("float32", "float32"),
        (np.float64, "float64"),
        (np.dtype("int16"), "int16"),
        (ml_dtypes.bfloat16, "bfloat16"),
        (np.dtype(ml_dtypes.bfloat16), "bfloat16"),
        (int, "int32"),
        (bool, "bool"),
        (complex, "complex64"),
        ("double", "float64"),
        ("half", "float16"),
        ("long", "int64"),
        ("bool_", "bool"),
        (FrameworkLikeDtype("torch.float16"), "float16"),
        (FrameworkLikeDtype("torch.bool"), "bool"),
        (FrameworkLikeDtype("<dtype: 'float32'>".split("'")[1]), "float32"),
    ],
)
def test_standardize_dtype(given, expected):
    assert dtypes.standardize_dtype(given) == expected


def test_standardize_dtype_defaults_to_floatx():
    assert dtypes.standardize_dtype(None) == "float32"
    assert dtypes.standardize_dtype(float) == "float32"
    mk.config.set_floatx("float16")
    assert dtypes.standardize_dtype(None) == "float16"
    assert dtypes.standardize_dtype(float) == "float16"


@pytest.mark.parametrize("given", ["float31", "string", "torch.qint8", object()])
def test_standardize_dtype_rejects_unknown_names(given):
    with pytest.raises(ValueError, match=r"Invalid dtype: expected one of bool, uint8.*received"):
        dtypes.standardize_dtype(given)


# --- the other dtype rules of the contract ------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [("bool", "float32"), ("int8", "float32"), ("int64", "float32"), ("float16", "float16"),
     ("bfloat16", "bfloat16"), ("float64", "float64"), ("complex64", "complex64")],
)
def test_float_result(given, expected):
    assert dtypes.float_result(given) == expected


def test_float_result_of_mixed_inputs_promotes_first():
    assert dtypes.float_result("int8", "float16") == "float16"
    assert dtypes.float_result(1, 2) == "float32"


@pytest.mark.parametrize(
    ("given", "expected"),
    [("bool", "int32"), ("int8", "int32"), ("int16", "int32"), ("int32", "int32"), ("int64", "int64"),
     ("uint8", "uint32"), ("uint16", "uint32"), ("uint32", "uint32"), ("uint64", "uint64"),
     ("float16", "float16"), ("bfloat16", "bfloat16"), ("float64", "float64"), ("complex64", "complex64")],
)
def test_sum_result(given, expected):
    assert dtypes.sum_result(given) == expected


def test_index_dtype_is_int32():
    assert dtypes.INDEX_DTYPE == "int32"


def test_dtype_families_cover_every_dtype_once():
    families = [dtypes.BOOL, dtypes.UNSIGNED, dtypes.SIGNED, dtypes.FLOATING, dtypes.COMPLEX]
    assert sorted(itertools.chain(*families)) == sorted(ALL_DTYPES)
    assert len(set(ALL_DTYPES)) == len(ALL_DTYPES) == 15
    assert dtypes.is_float("bfloat16") and not dtypes.is_float("int8")
    assert dtypes.is_int("uint8") and not dtypes.is_int("bool")
    assert dtypes.is_complex("complex128") and not dtypes.is_complex("float64")
