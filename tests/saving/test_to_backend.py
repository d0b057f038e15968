"""model.to_backend(name): a copy on another backend, in memory, with bit-identical weights and optimizer state."""

from __future__ import annotations

import numpy as np
import pytest
from saving_helpers import INPUTS, functional_cnn, nested, numpy_values, randomize, subclassed

import multikeras as mk
from multikeras import layers, ops

ROUND_TRIP = ("jax", "torch", "tensorflow", "jax")


def _assert_same_values(a, b):
    assert len(a) == len(b)
    for x, y in zip(a, b):
        assert x.shape == y.shape and x.dtype == y.dtype
        np.testing.assert_array_equal(x, y)


def _compiled_cnn_with_optimizer_state(name, seed):
    """A CNN with batch-norm statistics, compiled with Adam, after one optimizer step on random gradients."""
    model = functional_cnn(name)
    randomize(model, seed=seed)
    model.compile(optimizer=mk.optimizers.Adam(learning_rate=0.01), loss="categorical_crossentropy")
    rng = np.random.default_rng(seed)
    grads = [rng.normal(size=v.shape).astype("float32") for v in model.trainable_variables]
    model.optimizer.apply(grads, model.trainable_variables)
    return model


def test_round_trip_jax_torch_tensorflow_jax_is_bit_identical(backends_under_test):
    chain = [name for name in ROUND_TRIP if name in backends_under_test]
    if len(set(chain)) < 2:  # an environment with one framework or none: round trip through what there is
        chain = backends_under_test + backends_under_test[:1]
    x = INPUTS["functional_cnn"]
    with mk.backend.use(chain[0]):
        model = _compiled_cnn_with_optimizer_state("cnn", seed=1)
        expected = ops.convert_to_numpy(model(x))
    weights, optimizer_state = numpy_values(model.weights), numpy_values(model.optimizer.variables)
    current = model
    for name in chain[1:]:
        current = current.to_backend(name)
        assert all(v.backend == name for v in current.weights + current.optimizer.variables)
        _assert_same_values(numpy_values(current.weights), weights)
        _assert_same_values(numpy_values(current.optimizer.variables), optimizer_state)
        assert int(current.optimizer.iterations.numpy()) == 1
        assert current.optimizer.get_config() == model.optimizer.get_config()
        assert type(current) is type(model) and current.name == model.name
        with mk.backend.use(name):
            np.testing.assert_allclose(ops.convert_to_numpy(current(x)), expected, rtol=1e-5, atol=1e-5)


def test_to_numpy_for_inference(backend_name):
    x = INPUTS["functional_cnn"]
    with mk.backend.use(backend_name):
        model = functional_cnn("cnn")
        randomize(model, seed=2)
        expected = ops.convert_to_numpy(model(x))
    copy = model.to_backend("numpy")
    assert all(v.backend == "numpy" for v in copy.weights)
    _assert_same_values(numpy_values(copy.weights), numpy_values(model.weights))
    with mk.backend.use("numpy"):
        np.testing.assert_allclose(ops.convert_to_numpy(copy(x)), expected, rtol=1e-5, atol=1e-5)


def test_nested_and_subclassed_models_need_no_registration(backends_under_test):
    source_backend = backends_under_test[0]
    with mk.backend.use(source_backend):
        models = {"nested": nested("n"), "subclassed": subclassed("s")}
        expected = {}
        for kind, model in models.items():
            randomize(model, seed=3)
            expected[kind] = ops.convert_to_numpy(model(INPUTS[kind]))
    for name in backends_under_test:
        for kind, model in models.items():
            copy = model.to_backend(name)
            assert type(copy) is type(model)
            _assert_same_values(numpy_values(copy.weights), numpy_values(model.weights))
            with mk.backend.use(name):
                np.testing.assert_allclose(ops.convert_to_numpy(copy(INPUTS[kind])), expected[kind], rtol=1e-5, atol=1e-6)


def test_the_copy_is_independent_of_the_original(backend_name):
    with mk.backend.use(backend_name):
        model = _compiled_cnn_with_optimizer_state("cnn", seed=4)
        weights, optimizer_state = numpy_values(model.weights), numpy_values(model.optimizer.variables)
        copy = model.to_backend(backend_name)
        assert copy is not model and copy.optimizer is not model.optimizer
        for variable in copy.weights + copy.optimizer.variables:
            variable.assign(np.zeros(variable.shape, variable.dtype))
        grads = [np.ones(v.shape, "float32") for v in copy.trainable_variables]
        copy.optimizer.apply(grads, copy.trainable_variables)
    _assert_same_values(numpy_values(model.weights), weights)
    _assert_same_values(numpy_values(model.optimizer.variables), optimizer_state)


def test_compiled_state(backends_under_test):
    other = backends_under_test[-1]
    with mk.backend.use(backends_under_test[0]):
        uncompiled = functional_cnn("plain")
        fresh = functional_cnn("fresh")
        fresh.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    copy = uncompiled.to_backend(other)
    assert not copy.compiled and getattr(copy, "optimizer", None) is None
    fresh_copy = fresh.to_backend(other)
    assert fresh_copy.compiled and fresh_copy.get_compile_config() == fresh.get_compile_config()
    assert not fresh_copy.optimizer.built  # never stepped: nothing to copy, built on the first step as usual


def test_errors():
    with mk.backend.use("numpy"):
        model = mk.Sequential([mk.Input((2,)), layers.Dense(1)])
    with pytest.raises(ValueError, match=r"to_backend: received name='no_such_backend', which is not an available backend"):
        model.to_backend("no_such_backend")
