"""``Backend.compile_step``: how a compiled step holds its state; generic default, plug-in override."""

from __future__ import annotations

import types

import pytest

from multikeras.backend import Backend, Capabilities


def _tiny(**kwargs):
    compiled = []

    def jit(fn, static_argnums=()):
        compiled.append(fn)
        return fn

    return Backend("tiny", "0", Capabilities(), {"jit": jit}, **kwargs), compiled


def test_generic_compile_step_is_the_backends_jit_of_the_pure_step():
    backend, compiled = _tiny()

    def pure(values, data):
        return [values[0] + data, None], {"seen": values[1]}

    step = backend.compile_step(pure, ["a", "b"])
    assert compiled == [pure]
    assert step([1, 7], 2) == ([3, None], {"seen": 7})


def test_a_plugin_replaces_compile_step_through_the_constructor_and_from_modules():
    calls = []

    def compile_step(pure, variables):
        calls.append(list(variables))
        return lambda values, data: pure(values, data)

    backend, compiled = _tiny(compile_step=compile_step)
    step = backend.compile_step(lambda values, data: ([data], None), ["v"])
    assert step([0], 5) == ([5], None)
    assert calls == [["v"]] and compiled == []

    module = types.ModuleType("mk_test_ops")
    exec("def add(x1, x2):\n    return x1 + x2\n", module.__dict__)
    built = Backend.from_modules("tiny", "0", Capabilities(), [module], compile_step=compile_step)
    assert built.compile_step is compile_step


def test_an_op_cannot_be_named_compile_step():
    with pytest.raises(ValueError, match="'compile_step' collides"):
        Backend("tiny", "0", Capabilities(), {}, op_names=["compile_step"])


def test_jit_accepts_numpy_is_off_by_default():
    assert Capabilities().jit_accepts_numpy is False


def test_backends_declaring_jit_accepts_numpy_convert_numpy_arguments_like_convert_to_tensor(backend_name):
    import numpy as np

    import multikeras as mk

    backend = mk.backend.get_backend(backend_name)
    if not backend.capabilities.jit_accepts_numpy:
        return  # nothing declared, nothing to check (trainers convert batches first)
    with mk.backend.use(backend_name):
        compiled = backend.jit(lambda data: (data, data["f"] * 2))
        data = {"f": np.arange(6, dtype="float32").reshape(2, 3)[:, ::2], "i": np.array([1, 2], "int64"),
                "b": np.array([True, False])}
        seen, doubled = compiled(data)
        for name, value in data.items():
            assert mk.ops.is_tensor(seen[name])
            assert mk.backend.standardize_dtype(seen[name].dtype) == str(value.dtype)
            np.testing.assert_array_equal(mk.ops.convert_to_numpy(seen[name]), value)
        np.testing.assert_array_equal(mk.ops.convert_to_numpy(doubled), data["f"] * 2)
