"""Facade errors: bad arguments give one clear message (op + argument) on every backend."""

from __future__ import annotations

import re

import numpy as np
import pytest

import multikeras as mk
from multikeras import ops
from multikeras.backend import Backend, CapabilityError, Capabilities, OpNotImplementedError
from multikeras.ops import _dispatch
from multikeras.ops.catalog import OP_NAMES

def raising(error: Exception):
    def op(*args, **kwargs):
        raise error

    return op


def tiny(**functions) -> Backend:
    """A framework-free backend with the given ops; every other catalog op is missing."""
    return Backend("tiny", "0", Capabilities(trainable=False), functions, op_names=OP_NAMES)


# Each case: a call with one invalid argument, the exception type, and fragments the
# message must contain. Inputs are NumPy arrays, which every backend accepts.
BAD_CALLS = {
    "axis_out_of_range": (
        lambda: ops.sum(np.ones((2, 3), "float32"), axis=5),
        ValueError,
        ["ops.sum", "'axis'", "received 5", "rank 2"],
    ),
    "negative_axis_out_of_range": (
        lambda: ops.mean(np.ones((2, 3), "float32"), axis=-3),
        ValueError,
        ["ops.mean", "'axis'", "received -3", "rank 2"],
    ),
    "axis_not_an_int": (
        lambda: ops.max(np.ones((2, 3), "float32"), axis=1.5),
        TypeError,
        ["ops.max", "'axis'", "1.5"],
    ),
    "incompatible_broadcast": (
        lambda: ops.add(np.ones((2, 3), "float32"), np.ones((4,), "float32")),
        ValueError,
        ["ops.add", "'x1' and 'x2'", "broadcast", "(2, 3)", "(4,)"],
    ),
    "incompatible_matmul": (
        lambda: ops.matmul(np.ones((2, 3), "float32"), np.ones((4, 5), "float32")),
        ValueError,
        ["ops.matmul", "'x1'", "'x2'", "(2, 3)", "(4, 5)"],
    ),
    "unknown_dtype": (
        lambda: ops.ones((2,), dtype="float31"),
        ValueError,
        ["ops.ones", "'dtype'", "'float31'", "float32"],
    ),
    "impossible_reshape": (
        lambda: ops.reshape(np.ones(6, "float32"), (4, 2)),
        ValueError,
        ["ops.reshape", "(4, 2)", "size 6"],
    ),
    "two_unknown_dimensions": (
        lambda: ops.reshape(np.ones(6, "float32"), (-1, -1)),
        ValueError,
        ["ops.reshape", "'newshape'", "at most one -1"],
    ),
    "negative_shape": (
        lambda: ops.zeros((2, -3)),
        ValueError,
        ["ops.zeros", "'shape'", "non-negative"],
    ),
}


def message_on(backend_name: str, case: str) -> tuple[type[Exception], str]:
    call, expected_type, _ = BAD_CALLS[case]
    with mk.backend.use(backend_name):
        with pytest.raises(Exception) as raised:
            call()
    return type(raised.value), str(raised.value)


@pytest.mark.parametrize("case", sorted(BAD_CALLS))
def test_bad_argument_names_op_and_argument(backend_name, case):
    _, expected_type, fragments = BAD_CALLS[case]
    kind, message = message_on(backend_name, case)
    assert kind is expected_type, message
    assert f"(backend '{backend_name}')" in message
    for fragment in fragments:
        assert fragment in message, (fragment, message)


@pytest.mark.parametrize("case", sorted(BAD_CALLS))
def test_same_message_on_every_backend(case, backends_under_test):
    seen = {}
    for backend_name in backends_under_test:
        kind, message = message_on(backend_name, case)
        seen[backend_name] = (kind.__name__, message.replace(f"'{backend_name}'", "'<backend>'"))
    assert len(set(seen.values())) == 1, seen


@pytest.mark.parametrize("case", sorted(BAD_CALLS))
def test_a_backend_that_raises_anything_gets_the_same_message(case):
    # The facade's checks depend only on the arguments, not on what the framework raised.
    name = BAD_CALLS[case][0].__code__.co_names[1]  # the op after "ops"
    failing = tiny(**{name: raising(RuntimeError("framework says no"))})
    with mk.backend.use(failing):
        with pytest.raises(BAD_CALLS[case][1]) as raised:
            BAD_CALLS[case][0]()
    _, numpy_message = message_on("numpy", case)
    assert str(raised.value) == numpy_message.replace("'numpy'", "'tiny'")


def test_missing_op_names_op_and_backend():
    backend = tiny(add=lambda x1, x2: x1 + x2)
    with mk.backend.use(backend):
        assert ops.add(2, 3) == 5
        with pytest.raises(NotImplementedError) as raised:
            ops.subtract(2, 3)
    assert isinstance(raised.value, OpNotImplementedError)
    assert str(raised.value) == "ops.subtract is not implemented by the 'tiny' backend."
    assert "subtract" in backend.missing_ops and "add" not in backend.missing_ops


def test_missing_op_in_a_section_namespace_is_reported_the_same_way():
    with mk.backend.use(tiny()):
        with pytest.raises(OpNotImplementedError, match=r"ops\.softmax .* 'tiny' backend"):
            ops.nn.softmax(np.ones(3))
    with mk.backend.use(tiny(convert_to_tensor=lambda x, dtype=None: np.asarray(x, dtype))):
        with pytest.raises(OpNotImplementedError, match=r"normal is not implemented by the 'tiny' backend"):
            mk.random.normal((2,), seed=1)


def test_capability_error_passes_through_unchanged():
    error = CapabilityError("tiny cannot differentiate")
    with mk.backend.use(tiny(add=raising(error))):
        with pytest.raises(CapabilityError) as raised:
            ops.add(1, 2)
    assert raised.value is error


@pytest.mark.parametrize(
    ("raised", "expected_type"),
    [(RuntimeError("boom"), ValueError), (TypeError("boom"), TypeError), (IndexError("boom"), IndexError),
     (NotImplementedError("boom"), NotImplementedError)],
)
def test_framework_errors_are_translated_with_op_and_backend(raised, expected_type):
    with mk.backend.use(tiny(add=raising(raised))):
        with pytest.raises(expected_type) as caught:
            ops.add(np.ones(2), np.ones(2))
    assert str(caught.value).startswith("ops.add (backend 'tiny'): ")
    assert "boom" in str(caught.value)
    assert caught.value.__cause__ is raised  # the framework's error stays reachable


def test_errors_from_user_functions_pass_through_unchanged():
    def cond(pred, true_fn, false_fn):
        return true_fn() if pred else false_fn()

    class UserError(Exception):
        pass

    def failing_branch():
        raise UserError("from the user's function")

    with mk.backend.use(tiny(cond=cond)):
        assert ops.cond(True, lambda: 1, lambda: 2) == 1
        with pytest.raises(UserError) as raised:
            ops.cond(True, failing_branch, lambda: 2)
    assert any("ops.cond" in note for note in getattr(raised.value, "__notes__", []))


def test_symbolic_inputs_go_to_the_registered_handler():
    class Symbolic:
        shape = (None, 3)
        dtype = "float32"

    calls = []
    previous = (_dispatch._symbolic_types[0], _dispatch._symbolic_handler[0])
    _dispatch.register_symbolic_handler((Symbolic,), lambda op, arguments: calls.append((op, arguments)) or "shape")
    try:
        with mk.backend.use(tiny(add=raising(TypeError("cannot add a Symbolic")))):
            assert ops.add(Symbolic(), 1) == "shape"
    finally:
        _dispatch._symbolic_types[0], _dispatch._symbolic_handler[0] = previous
    assert calls[0][0] == "add" and set(calls[0][1]) == {"x1", "x2"}


def test_shape_of_reads_shapes_without_converting():
    assert _dispatch.shape_of(np.ones((2, 3))) == (2, 3)
    assert _dispatch.shape_of([[1, 2, 3], [4, 5, 6]]) == (2, 3)
    assert _dispatch.shape_of(3.0) == ()
    assert _dispatch.shape_of(object()) is None


def test_valid_calls_find_no_problem():
    x = np.ones((2, 3))
    assert _dispatch.find_argument_problem("sum", {"x": x, "axis": -2, "keepdims": False}) is None
    assert _dispatch.find_argument_problem("expand_dims", {"x": x, "axis": 2}) is None
    assert _dispatch.find_argument_problem("add", {"x1": x, "x2": np.ones(3)}) is None
    assert _dispatch.find_argument_problem("matmul", {"x1": x, "x2": np.ones((3, 4))}) is None
    assert _dispatch.find_argument_problem("reshape", {"x": x, "newshape": (3, -1)}) is None
    assert _dispatch.find_argument_problem("ones", {"shape": (2, 0), "dtype": "bfloat16"}) is None


def test_error_messages_say_what_was_received_and_expected():
    kind, message = _dispatch.find_argument_problem("sum", {"x": np.ones((2, 3)), "axis": 2})
    assert kind is ValueError
    assert re.search(r"received 2 for 'x' of rank 2 \(expected -2 <= axis < 2\)", message), message
