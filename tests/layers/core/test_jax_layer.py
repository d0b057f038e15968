"""JaxLayer: a JAX function as a layer (jax backend), its weights, training, state, rng, config; the error elsewhere."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk

jax = pytest.importorskip("jax")
jnp = jax.numpy

X = np.arange(24, dtype="float32").reshape(6, 4) / 10.0
Y = np.linspace(-1.0, 1.0, 12, dtype="float32").reshape(6, 2)
W0 = np.linspace(-0.5, 0.5, 8, dtype="float32").reshape(4, 2)
B0 = np.array([0.1, -0.2], dtype="float32")


@mk.saving.register_keras_serializable(package="MKJaxLayerTest")
def linear_init(rng, inputs):
    return {"w": jnp.asarray(W0), "b": jnp.asarray(B0)}


@mk.saving.register_keras_serializable(package="MKJaxLayerTest")
def linear_call(params, inputs):
    return inputs @ params["w"] + params["b"]


def counter_init(inputs):
    return {"w": jnp.asarray(W0)}, {"count": jnp.zeros((), "float32")}


def counter_call(params, state, inputs):
    return inputs @ params["w"], {"count": state["count"] + 1.0}


def dropout_call(params, state, rng, inputs, training):
    """Scales by ``params["s"]``; in training also multiplies by a 0/1 mask from ``rng``, kept in the state."""
    if training:
        mask = jax.random.bernoulli(rng, 0.5, (inputs.shape[-1],)).astype("float32")
        return inputs * params["s"] * mask, {"mask": mask}
    return inputs * params["s"], state


@pytest.fixture
def on_jax():
    with mk.backend.use("jax"):
        yield


def test_linear_call_fn_gives_the_expected_outputs_and_trainable_weights(on_jax):
    layer = mk.layers.JaxLayer(linear_call, linear_init)
    out = np.asarray(layer(X))
    np.testing.assert_allclose(out, X @ W0 + B0, rtol=1e-6)
    assert len(layer.trainable_weights) == 2 and not layer.non_trainable_weights
    assert sorted(tuple(v.shape) for v in layer.trainable_weights) == [(2,), (4, 2)]


def test_fit_with_sgd_moves_params_as_a_hand_written_jax_sgd_step(on_jax):
    model = mk.Sequential([mk.Input((4,)), mk.layers.JaxLayer(linear_call, linear_init)])
    model.compile(optimizer=mk.optimizers.SGD(learning_rate=0.1), loss="mse")
    model.fit(X, Y, epochs=3, batch_size=6, shuffle=False, verbose=0)

    def loss(params):
        return jnp.mean((X @ params["w"] + params["b"] - Y) ** 2)

    params = {"w": jnp.asarray(W0), "b": jnp.asarray(B0)}
    for _ in range(3):
        grads = jax.grad(loss)(params)
        params = jax.tree_util.tree_map(lambda p, g: p - 0.1 * g, params, grads)
    layer = model.layers[0]
    by_shape = {tuple(v.shape): v.numpy() for v in layer.trainable_weights}
    np.testing.assert_allclose(by_shape[(4, 2)], params["w"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(by_shape[(2,)], params["b"], rtol=1e-5, atol=1e-6)
    assert not np.allclose(by_shape[(4, 2)], W0)


def test_params_given_directly(on_jax):
    layer = mk.layers.JaxLayer(lambda params, inputs: inputs @ params["w"], params={"w": W0})
    np.testing.assert_allclose(np.asarray(layer(X)), X @ W0, rtol=1e-6)
    assert [v.numpy().tolist() for v in layer.trainable_weights] == [W0.tolist()]


def test_state_is_a_non_trainable_weight_updated_by_fit(on_jax):
    layer = mk.layers.JaxLayer(counter_call, counter_init)
    model = mk.Sequential([mk.Input((4,)), layer])
    model.compile(optimizer="sgd", loss="mse")
    assert [v.numpy().tolist() for v in layer.non_trainable_weights] == [0.0]
    model.fit(X, Y, epochs=2, batch_size=3, verbose=0)  # 2 steps per epoch
    assert [v.numpy().tolist() for v in layer.non_trainable_weights] == [4.0]
    assert len(layer.trainable_weights) == 1


def test_training_flag_and_rng_are_passed_fresh_in_every_compiled_step(on_jax):
    layer = mk.layers.JaxLayer(
        dropout_call, params={"s": np.float32(1.0)}, state={"mask": np.zeros(16, "float32")}, seed=7
    )
    x = np.ones((2, 16), "float32")
    model = mk.Sequential([mk.Input((16,)), layer])
    model.compile(optimizer=mk.optimizers.SGD(learning_rate=0.0), loss="mse", jit_compile=True)
    masks = []
    for _ in range(3):
        model.fit(x, x, epochs=1, batch_size=2, verbose=0)
        masks.append(layer.non_trainable_weights[0].numpy().copy())
    assert all(set(np.unique(m)) <= {0.0, 1.0} for m in masks)
    assert not np.array_equal(masks[0], masks[1]) and not np.array_equal(masks[1], masks[2])
    # Outside training the mask is not applied, and the state is left as it is.
    np.testing.assert_array_equal(np.asarray(model.predict(x, verbose=0)), x)
    np.testing.assert_array_equal(layer.non_trainable_weights[0].numpy(), masks[-1])


def test_config_round_trip_with_registered_functions(on_jax):
    layer = mk.layers.JaxLayer(linear_call, linear_init, seed=3, name="jl")
    layer(X)
    config = layer.get_config()
    # As Keras 3 writes them: the functions by registered name.
    assert config["call_fn"]["config"] == "MKJaxLayerTest>linear_call"
    assert config["call_fn"]["class_name"] == "function"
    clone = mk.layers.JaxLayer.from_config(config)
    assert clone.call_fn is linear_call and clone.init_fn is linear_init and clone.name == "jl"
    np.testing.assert_allclose(np.asarray(clone(X)), np.asarray(layer(X)), rtol=1e-6)


def test_keras_file_round_trip_keeps_the_trained_params(on_jax, tmp_path):
    model = mk.Sequential([mk.Input((4,)), mk.layers.JaxLayer(linear_call, linear_init)])
    kernel = next(v for v in model.layers[0].trainable_weights if tuple(v.shape) == (4, 2))
    kernel.assign(np.full((4, 2), 0.3, "float32"))  # not the init_fn value: the file's weights must win
    model.save(tmp_path / "jax_layer.keras")
    loaded = mk.models.load_model(tmp_path / "jax_layer.keras")
    np.testing.assert_allclose(np.asarray(loaded.predict(X, verbose=0)), X @ np.full((4, 2), 0.3) + B0, rtol=1e-6)


def test_unregistered_or_missing_functions_are_refused_when_loading(on_jax):
    config = mk.layers.JaxLayer(counter_call, counter_init).get_config()
    with pytest.raises(ValueError, match="not registered"):
        mk.layers.JaxLayer.from_config(config)
    config = mk.layers.JaxLayer(linear_call, params={"w": W0, "b": B0}).get_config()
    with pytest.raises(ValueError, match="no `init_fn`"):
        mk.layers.JaxLayer.from_config(config)


def test_unsupported_argument_names_are_refused():
    with pytest.raises(ValueError, match="unsupported argument.*'foo'"):
        mk.layers.JaxLayer(lambda params, foo, inputs: inputs, params={})
    with pytest.raises(ValueError, match="must declare an `inputs`"):
        mk.layers.JaxLayer(lambda params: params, params={})


def test_a_backend_without_jax_arrays_gets_a_clear_error():
    with mk.backend.use("numpy"):
        layer = mk.layers.JaxLayer(linear_call, linear_init, name="jl_numpy")
        with pytest.raises(ValueError, match=r"JaxLayer 'jl_numpy' \(build\).*backend 'numpy' gives numpy\.ndarray"):
            layer(X)
        layer = mk.layers.JaxLayer(linear_call, params={"w": W0, "b": B0}, name="jl_numpy_params")
        with pytest.raises(ValueError, match="need JAX arrays"):
            layer(X)
