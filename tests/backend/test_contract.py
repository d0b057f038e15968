"""The ``Backend`` object: one attribute per op, stubs for missing ops, module collection."""

from __future__ import annotations

import dataclasses
import types

import pytest

import multikeras as mk
from multikeras.backend import Backend, Capabilities, OpNotImplementedError
from multikeras.backend.composite import COMPOSITES
from multikeras.ops.catalog import OP_NAMES


def test_capabilities_are_frozen_with_documented_defaults():
    capabilities = Capabilities()
    assert capabilities.trainable and capabilities.supports_jit and capabilities.thread_safe
    assert capabilities.supports_dlpack is False
    with pytest.raises(dataclasses.FrozenInstanceError):
        capabilities.trainable = False  # type: ignore[misc]


def test_numpy_backend_declares_it_cannot_train():
    assert mk.backend.capabilities("numpy").trainable is False


def test_missing_ops_become_stubs_naming_op_and_backend():
    backend = Backend("tiny", "0", Capabilities(), {"add": lambda a, b: a + b}, op_names=["add", "subtract"])
    assert backend.add(2, 3) == 5
    assert backend.missing_ops == ("subtract",)
    assert backend.implements("add") and not backend.implements("subtract")
    with pytest.raises(OpNotImplementedError) as raised:
        backend.subtract(2, 3)
    assert raised.value.op == "subtract" and raised.value.backend == "tiny"
    assert str(raised.value) == "ops.subtract is not implemented by the 'tiny' backend."
    assert isinstance(raised.value, NotImplementedError)


def test_extra_functions_beyond_the_catalog_are_kept():
    backend = Backend("tiny", "0", Capabilities(), {"helper": abs}, op_names=["add"])
    assert backend.helper(-2) == 2
    assert backend.missing_ops == ("add",)


def test_op_named_like_metadata_is_rejected():
    with pytest.raises(ValueError, match="'name' collides"):
        Backend("tiny", "0", Capabilities(), {}, op_names=["name"])


def test_from_modules_collects_functions_and_reports_the_rest():
    from math import floor  # a stray import must not become an op

    first = types.ModuleType("mk_test_first")
    exec(
        "def add(x1, x2):\n    return ('first', x1 + x2)\n"
        "def sum_(x, axis=None, keepdims=False):\n    return ('first', x)\n"
        "def _private(x):\n    return x\n",
        first.__dict__,
    )
    first.floor = floor
    second = types.ModuleType("mk_test_second")
    exec("def add(x1, x2):\n    return ('second', x1 + x2)\n", second.__dict__)
    second.subtract = lambda x1, x2: x1 - x2
    second.__all__ = ["add", "subtract"]

    backend = Backend.from_modules("tiny", "1.2", Capabilities(trainable=False), [first, second])
    assert backend.name == "tiny" and backend.framework_version == "1.2"
    assert backend.add(1, 2) == ("first", 3)  # earlier modules win
    assert backend.sum(5) == ("first", 5)  # trailing underscore maps to the op
    assert backend.subtract(5, 2) == 3  # __all__ exports re-exported names
    assert "floor" in backend.missing_ops  # only names defined in the module count
    # Composable ops (rearrange, vectorize) fall back to their shared composition instead of a stub.
    assert set(backend.missing_ops) == set(OP_NAMES) - {"add", "sum", "subtract"} - set(COMPOSITES)
    assert not hasattr(backend, "_private")


def test_loaded_numpy_backend_has_every_catalog_attribute():
    backend = mk.backend.get_backend("numpy")
    assert backend.name == "numpy"
    assert backend.contract_version == mk.backend.CONTRACT_VERSION
    for op_name in OP_NAMES:
        assert callable(getattr(backend, op_name)), op_name
    assert set(backend.missing_ops) <= set(OP_NAMES)


def test_composite_ops_are_bound_to_the_backend_unless_the_plug_in_has_its_own():
    calls = []

    def reshape(x, newshape):
        calls.append(("reshape", newshape))
        return x

    ops_ = {"convert_to_tensor": lambda x, dtype=None: x, "shape": lambda x: (2, 6), "reshape": reshape}
    backend = Backend("tiny", "0", Capabilities(), ops_, op_names=OP_NAMES)
    assert "rearrange" not in backend.missing_ops and backend.implements("rearrange")
    backend.rearrange("t", "a (b c) -> a b c", b=2)
    assert calls == [("reshape", (2, 2, 3))]
    own = Backend("tiny", "0", Capabilities(), {**ops_, "rearrange": lambda *a, **k: "own"}, op_names=OP_NAMES)
    assert own.rearrange("t", "a b -> b a") == "own"
