"""The conformance test: every record of the table, on every selected backend.

Parametrized in ``conftest.py`` over ``(backend name, OpRecord)``. Nothing
here knows a backend by name: behaviour depends only on the record, the
backend's ``missing_ops`` and its ``capabilities``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import multikeras as mk
from backend_conformance.record import OpRecord, expected_dtype
from multikeras.ops.catalog import OPS_BY_NAME

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")

FD_EPSILON = 1e-6
GRAD_TOLERANCE = (1e-4, 1e-6)


def public_function(op: str):
    """The public entry point of catalog op ``op`` (``ops.X``, ``random.X``, ``backend.X``)."""
    info = OPS_BY_NAME[op]
    if info.section == "random":
        return getattr(mk.random, info.name)
    if info.section == "backend":
        return getattr(mk.backend, info.name)
    return getattr(mk.ops, info.name)


def to_backend(value: Any) -> Any:
    """NumPy arrays (also inside lists, tuples and dicts) as tensors of the active backend."""
    if isinstance(value, np.ndarray):
        return mk.ops.convert_to_tensor(value)
    if isinstance(value, list) and any(isinstance(v, (np.ndarray, list, tuple)) for v in value):
        return [to_backend(v) for v in value]
    if isinstance(value, tuple) and any(isinstance(v, (np.ndarray, list, tuple)) for v in value):
        return tuple(to_backend(v) for v in value)
    if isinstance(value, dict):
        return {k: to_backend(v) for k, v in value.items()}
    return value


def call(record: OpRecord, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    function = public_function(record.op)
    if record.invoke is not None:
        return record.invoke(function, *args, **kwargs)
    return function(*args, **kwargs)


def as_numpy(value: Any) -> Any:
    """Backend result(s) as NumPy: tensors converted, Python numbers and containers kept."""
    if isinstance(value, (list, tuple)):
        return type(value)(as_numpy(v) for v in value)
    if isinstance(value, dict):
        return {k: as_numpy(v) for k, v in value.items()}
    if isinstance(value, (bool, int, float, complex, str)) or value is None:
        return value
    return np.asarray(mk.ops.convert_to_numpy(value))


def dtype_of(value: Any) -> str:
    return mk.backend.standardize_dtype(mk.ops.dtype(value))


def _comparable(array: np.ndarray) -> np.ndarray:
    if array.dtype.kind == "V" or "bfloat16" in str(array.dtype):
        return array.astype(np.float32)
    return array


def assert_matches(actual: Any, expected: Any, dtype: str | None, record: OpRecord, where: str = "result") -> None:
    """Compare one output (or a nest of outputs) with the reference, by the tolerance of ``dtype``."""
    if isinstance(expected, (list, tuple)):
        assert isinstance(actual, (list, tuple)), f"{where}: expected a sequence of {len(expected)}, received {type(actual).__name__}"
        assert len(actual) == len(expected), f"{where}: expected {len(expected)} outputs, received {len(actual)}"
        for i, (a, e) in enumerate(zip(actual, expected)):
            assert_matches(a, e, dtype, record, f"{where}[{i}]")
        return
    if isinstance(expected, (bool, int)) and not isinstance(actual, np.ndarray):
        assert actual == expected, f"{where}: expected {expected!r}, received {actual!r}"
        return
    actual_array = _comparable(np.asarray(actual))
    expected_array = _comparable(np.asarray(expected))
    if record.check_shape:
        assert actual_array.shape == expected_array.shape, (
            f"{where}: shape {actual_array.shape} != expected {expected_array.shape}"
        )
    rtol, atol = record.tolerance_for(dtype or str(actual_array.dtype))
    if rtol == 0 and atol == 0 and expected_array.dtype.kind not in "fc" and actual_array.dtype.kind not in "fc":
        np.testing.assert_array_equal(actual_array, expected_array, err_msg=where)
    else:
        np.testing.assert_allclose(
            actual_array.astype(np.complex128 if actual_array.dtype.kind == "c" else np.float64),
            expected_array,
            rtol=rtol,
            atol=atol,
            equal_nan=True,
            err_msg=where,
        )


def check_dtypes(result: Any, rule: Any, record: OpRecord) -> None:
    if rule is None:
        return
    if isinstance(rule, tuple):
        assert isinstance(result, (list, tuple)) and len(result) == len(rule), (
            f"expected {len(rule)} outputs, received {type(result).__name__}"
        )
        for i, (item, item_rule) in enumerate(zip(result, rule)):
            want = expected_dtype(record, item_rule)
            if want is not None:
                assert dtype_of(item) == want, f"output {i}: dtype {dtype_of(item)} != expected {want}"
        return
    want = expected_dtype(record, rule)
    items = result if isinstance(result, (list, tuple)) else [result]
    for i, item in enumerate(items):
        assert dtype_of(item) == want, f"output {i}: dtype {dtype_of(item)} != expected {want}"


def _first_dtype(record: OpRecord) -> str | None:
    rule = record.expected_dtype
    if isinstance(rule, tuple):
        return None
    return expected_dtype(record, rule)


def check_gradient(record: OpRecord, function, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """``value_and_grad`` of ``sum(op(...))`` against central differences of the NumPy reference."""
    position = record.grad_argnum
    x64 = np.asarray(record.args[position], dtype=np.float64)

    def objective(x):
        call_args = list(args)
        call_args[position] = x
        return mk.ops.sum(function(*call_args, **kwargs))

    value, grad = mk.backend.value_and_grad(objective)(mk.ops.convert_to_tensor(x64))
    grad = np.asarray(mk.ops.convert_to_numpy(grad), dtype=np.float64)

    def reference_sum(x: np.ndarray) -> float:
        ref_args = list(record.args)
        ref_args[position] = x
        return float(np.sum(record.reference(*ref_args, **record.kwargs)))

    numeric = np.zeros_like(x64)
    for index in np.ndindex(x64.shape):
        plus, minus = x64.copy(), x64.copy()
        plus[index] += FD_EPSILON
        minus[index] -= FD_EPSILON
        numeric[index] = (reference_sum(plus) - reference_sum(minus)) / (2 * FD_EPSILON)
    np.testing.assert_allclose(float(mk.ops.convert_to_numpy(value)), reference_sum(x64), rtol=1e-5, atol=1e-6)
    assert grad.shape == numeric.shape, f"gradient shape {grad.shape} != input shape {numeric.shape}"
    np.testing.assert_allclose(grad, numeric, rtol=GRAD_TOLERANCE[0], atol=GRAD_TOLERANCE[1], err_msg="gradient")


def test_op_conforms(conformance_case: tuple[str, OpRecord]) -> None:
    """One record on one backend: dtype, shape and values (or the error), then the gradient."""
    backend_name, record = conformance_case
    backend = mk.backend.get_backend(backend_name)
    lacks_capability = record.requires is not None and not getattr(backend.capabilities, record.requires)
    if record.op in backend.missing_ops and not lacks_capability:
        pytest.fail(f"ops.{record.op} is not implemented by the '{backend_name}' backend (record {record.id})")
    with mk.backend.use(backend_name):
        args = record.args if record.raw else to_backend(record.args)
        kwargs = record.kwargs if record.raw else to_backend(record.kwargs)
        if lacks_capability:
            # The contract: a backend without the capability says so with CapabilityError.
            with pytest.raises(mk.backend.CapabilityError):
                call(record, args, kwargs)
            return
        if record.raises is not None:
            with pytest.raises(record.raises.type) as caught:
                call(record, args, kwargs)
            message = str(caught.value)
            for fragment in record.raises.match:
                assert fragment in message, f"error message lacks {fragment!r}: {message!r}"
            return
        result = call(record, args, kwargs)
        check_dtypes(result, record.expected_dtype, record)
        actual = as_numpy(result)
        if record.compare is not None:
            expected = record.reference(*record.args, **record.kwargs) if record.reference else None
            record.compare(actual, expected)
        elif record.reference is not None:
            expected = record.reference(*record.args, **record.kwargs)
            assert_matches(actual, expected, _first_dtype(record), record)
        if record.grad and backend.capabilities.trainable:
            check_gradient(record, public_function(record.op), args, kwargs)


def test_every_catalog_op_has_a_record() -> None:
    """The table covers the whole catalog: a new op needs a record before it ships."""
    from backend_conformance.records import RECORDS_BY_OP
    from multikeras.ops.catalog import OP_NAMES

    uncovered = [name for name in OP_NAMES if name not in RECORDS_BY_OP]
    unknown = sorted(set(RECORDS_BY_OP) - set(OP_NAMES))
    assert not uncovered, f"catalog ops without a conformance record: {uncovered}"
    assert not unknown, f"records name ops that are not in the catalog: {unknown}"
