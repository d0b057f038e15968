"""``multikeras.RematScope``: which layers' calls are rematerialized, and that nothing else changes."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras.layers import remat_call

X = np.random.RandomState(0).randn(4, 3).astype("float32")


def test_unknown_modes_raise():
    with pytest.raises(ValueError, match="unknown mode 'sometimes'.*'full'.*'activations'.*'larger_than'"):
        mk.RematScope(mode="sometimes")


def test_top_level_name():
    assert mk.RematScope is mk.backend.rematerialization.RematScope
    assert "RematScope" in mk.__all__ and "RematScope" in dir(mk)


def test_the_scope_open_when_a_layer_is_created_applies():
    with mk.backend.use("numpy"):
        outside = mk.layers.Dense(2)
        with mk.RematScope(mode="full"):
            inside = mk.layers.Dense(2)
            with mk.RematScope(mode=None):
                switched_off = mk.layers.Dense(2)
            with mk.RematScope(mode="list_of_layers", layer_names=["a"]) as scope:
                listed = mk.layers.Dense(2)
        assert outside._remat_mode is None and switched_off._remat_mode is None
        assert inside._remat_mode.mode == "full"
        assert listed._remat_mode.mode == "list_of_layers" and listed._remat_mode.layer_names == ("a",)
        assert scope.layer_names == ["a"] and scope.output_size_threshold == 1024
        assert mk.backend.rematerialization.current_remat_mode() is None


@pytest.fixture
def remat_spy(monkeypatch):
    """Names of the functions the layer path hands to ``remat``."""
    seen = []
    original = remat_call.remat

    def spy(f):
        seen.append(getattr(f, "__name__", type(f).__name__))
        return original(f)

    monkeypatch.setattr(remat_call, "remat", spy)
    return seen


def _model(mode, **options):
    with mk.RematScope(mode=mode, **options):
        d1 = mk.layers.Dense(5, activation="tanh", name="d1")
        d2 = mk.layers.Dense(40, name="d2")
        d3 = mk.layers.Dense(2, name="d3")
        norm = mk.layers.BatchNormalization(name="norm")
        drop = mk.layers.Dropout(0.5, seed=3, name="drop")
    for layer, fan_in in ((d1, 3), (d2, 5), (d3, 40)):
        layer.build((4, fan_in))
        kernel = np.random.RandomState(fan_in).randn(*layer.kernel.shape).astype("float32") * 0.3
        layer.set_weights([kernel, np.full(layer.bias.shape, 0.1, "float32")])
    norm.build((4, 2))
    return [d1, d2, drop, d3, norm]


def _loss_and_grads(model, backend_trains):
    layers = model
    weights = [w for layer in layers for w in layer.trainable_variables]
    state = [w for layer in layers for w in layer.non_trainable_variables]

    def loss(values):
        with mk.StatelessScope(list(zip(weights, values)) + [(s, s.value) for s in state]) as scope:
            h = mk.ops.convert_to_tensor(X)
            for layer in layers:
                h = layer(h, training=True)
            total = mk.ops.sum(h ** 2)
        return total, [scope.get_current_value(s) for s in state]

    values = [w.value for w in weights]
    if not backend_trains:
        (value, new_state), grads = loss(values), []
    else:
        (value, new_state), grads = mk.backend.value_and_grad(loss, has_aux=True)(values)
    return (mk.ops.convert_to_numpy(value), [mk.ops.convert_to_numpy(g) for g in grads],
            [mk.ops.convert_to_numpy(s) for s in new_state])


@pytest.mark.parametrize(("mode", "options", "rematerialized"), [
    ("full", {}, ["pure"] * 5),
    ("activations", {}, ["tanh", "linear", "linear"]),
    ("larger_than", {"output_size_threshold": 100}, ["pure", "pure"]),  # d2 and drop give 4 x 40 = 160 elements
    ("list_of_layers", {"layer_names": ["d3", "norm"]}, ["pure", "pure"]),
])
def test_modes_rematerialize_their_layers_with_unchanged_values_gradients_and_state(
        backend_name, remat_spy, mode, options, rematerialized):
    with mk.backend.use(backend_name):
        trains = mk.backend.capabilities().trainable
        expected = _loss_and_grads(_model(None), trains)
        assert remat_spy == []
        actual = _loss_and_grads(_model(mode, **options), trains)
        assert sorted(remat_spy) == sorted(rematerialized)
    np.testing.assert_allclose(actual[0], expected[0], rtol=1e-5)
    for got, want in zip(actual[1] + actual[2], expected[1] + expected[2]):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    if trains:
        assert len(actual[1]) == 8 and all(np.abs(g).sum() > 0 for g in actual[1])


def test_a_rematerialized_model_trains_like_the_plain_one(trainable_backend_name):
    with mk.backend.use(trainable_backend_name):
        histories = []
        for mode in (None, "full"):
            mk.utils.set_random_seed(5)
            with mk.RematScope(mode=mode):
                model = mk.Sequential([mk.Input((3,)), mk.layers.Dense(8, activation="relu"), mk.layers.Dense(1)])
            model.compile(optimizer="sgd", loss="mse")
            history = model.fit(X, X[:, :1], batch_size=2, epochs=2, verbose=0)
            histories.append(history.history["loss"])
        np.testing.assert_allclose(histories[1], histories[0], rtol=1e-5)
