"""FlaxLayer: a Flax module as a layer (jax backend): outputs, weights, state, dropout, fit, method, config, .keras
files, the error elsewhere, and Keras 3's FlaxLayer on the same module and variables."""

from __future__ import annotations

import textwrap

import numpy as np
import pytest

import multikeras as mk

jax = pytest.importorskip("jax")
nn = pytest.importorskip("flax.linen")
jnp = jax.numpy

RNG = np.random.default_rng(0)
X = RNG.normal(size=(6, 4)).astype("float32")
Y = RNG.normal(size=(6, 1)).astype("float32")
IMAGES = RNG.normal(size=(2, 5, 5, 3)).astype("float32")


class ConvDense(nn.Module):
    @nn.compact
    def __call__(self, x):
        x = nn.relu(nn.Conv(4, (3, 3))(x))
        return nn.Dense(3)(x.reshape((x.shape[0], -1)))


class Mlp(nn.Module):
    @nn.compact
    def __call__(self, x):
        return nn.Dense(1)(nn.tanh(nn.Dense(5)(x)))


class BatchNormDropout(nn.Module):
    @nn.compact
    def __call__(self, x, training: bool = False):
        x = nn.Dense(8)(x)
        x = nn.BatchNorm(use_running_average=not training, momentum=0.5)(x)
        return nn.Dropout(0.5, deterministic=not training)(x)


class Dropout(nn.Module):
    @nn.compact
    def __call__(self, x, training: bool = False):
        return nn.Dropout(0.5, deterministic=not training)(x)


class AlwaysDropout(nn.Module):
    """No `training` argument: drops whenever a "dropout" rng is given (the layer gives one in training only)."""

    @nn.compact
    def __call__(self, x):
        return nn.Dropout(0.5, deterministic=not self.has_rng("dropout"))(x)


@mk.saving.register_keras_serializable(package="MKFlaxLayerTest")
class TwoHeads(nn.Module):
    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def setup(self):
        self.body = nn.Dense(3)
        self.head = nn.Dense(2)

    def __call__(self, x):
        return self.head(self.body(x))

    def encode(self, x):
        return self.body(x)


@mk.saving.register_keras_serializable(package="MKFlaxLayerTest")
class Registered(nn.Module):
    features: int = 3

    @nn.compact
    def __call__(self, x, training: bool = False):
        x = nn.Dense(self.features)(x)
        x = nn.BatchNorm(use_running_average=not training)(x)
        return nn.Dense(2)(nn.relu(x))

    def get_config(self):
        return {"features": self.features}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class Unregistered(Registered):
    pass


def _variables_of(layer, module, x, **keywords):
    """The Flax variables dict of ``layer``'s current weights, in the structure ``module.init`` gives."""
    structure = jax.eval_shape(lambda: module.init(jax.random.PRNGKey(0), x, **keywords))
    leaves = [w.numpy() for w in layer.trainable_weights]
    params = jax.tree_util.tree_unflatten(jax.tree_util.tree_structure(structure["params"]), leaves)
    state = {name: value for name, value in structure.items() if name != "params"}
    state = jax.tree_util.tree_unflatten(jax.tree_util.tree_structure(state),
                                         [w.numpy() for w in layer.non_trainable_weights])
    return {"params": params, **state}


@pytest.fixture
def on_jax():
    with mk.backend.use("jax"):
        yield


def test_conv_dense_outputs_equal_module_apply_with_the_layer_weights(on_jax):
    module = ConvDense()
    layer = mk.layers.FlaxLayer(module)
    out = np.asarray(layer(IMAGES))
    variables = _variables_of(layer, module, IMAGES)
    np.testing.assert_allclose(out, np.asarray(module.apply(variables, IMAGES)), rtol=1e-6, atol=1e-6)
    assert out.shape == (2, 3)
    leaves = jax.tree_util.tree_leaves(variables["params"])
    assert len(layer.trainable_weights) == len(leaves) == 4 and not layer.non_trainable_weights
    assert [tuple(w.shape) for w in layer.trainable_weights] == [leaf.shape for leaf in leaves]
    assert sorted(tuple(w.shape) for w in layer.trainable_weights) == [(3,), (3, 3, 3, 4), (4,), (100, 3)]


def test_batch_stats_move_in_training_only_and_dropout_draws_fresh_masks(on_jax):
    layer = mk.layers.FlaxLayer(BatchNormDropout(), seed=1)
    layer(X)
    assert len(layer.trainable_weights) == 4  # BatchNorm bias/scale, Dense bias/kernel
    assert sorted(tuple(w.shape) for w in layer.non_trainable_weights) == [(8,), (8,)]  # batch_stats mean/var
    before = [w.numpy().copy() for w in layer.non_trainable_weights]
    inference = np.asarray(layer(X))
    np.testing.assert_array_equal(np.asarray(layer(X)), inference)  # no dropout outside training
    for w, b in zip(layer.non_trainable_weights, before):
        np.testing.assert_array_equal(w.numpy(), b)
    first, second = np.asarray(layer(X, training=True)), np.asarray(layer(X, training=True))
    after = [w.numpy() for w in layer.non_trainable_weights]
    assert all(not np.allclose(a, b) for a, b in zip(after, before))
    # The running mean after two training calls with momentum 0.5 on the same batch: 0.75 * the batch mean.
    variables = _variables_of(layer, BatchNormDropout(), X)
    hidden = X @ variables["params"]["Dense_0"]["kernel"] + variables["params"]["Dense_0"]["bias"]
    np.testing.assert_allclose(variables["batch_stats"]["BatchNorm_0"]["mean"], 0.75 * hidden.mean(0), rtol=1e-5,
                               atol=1e-6)
    assert not np.array_equal(first == 0, second == 0)  # two different dropout masks


def test_dropout_is_identity_at_inference_and_scales_kept_units_in_training(on_jax):
    layer = mk.layers.FlaxLayer(Dropout(), seed=3)
    x = np.ones((4, 50), "float32")
    np.testing.assert_array_equal(np.asarray(layer(x)), x)
    out = np.asarray(layer(x, training=True))
    assert set(np.unique(out)) == {0.0, 2.0} and not layer.weights
    # A method without `training` gets no such argument; the dropout rng still comes in training only.
    always = mk.layers.FlaxLayer(AlwaysDropout(), seed=3)
    np.testing.assert_array_equal(np.asarray(always(x)), x)
    assert set(np.unique(np.asarray(always(x, training=True)))) == {0.0, 2.0}


def test_fit_with_adam_lowers_the_loss(on_jax):
    # Seeded everywhere (module rngs, Dense kernel, no shuffle): the result does not depend on the tests run before.
    dense = mk.layers.Dense(1, kernel_initializer=mk.initializers.GlorotUniform(seed=1))
    model = mk.Sequential([mk.Input((4,)), mk.layers.FlaxLayer(BatchNormDropout(), seed=0), dense])
    model.compile(optimizer=mk.optimizers.Adam(learning_rate=0.02), loss="mse")
    history = model.fit(X, Y, epochs=15, batch_size=6, shuffle=False, verbose=0)
    losses = history.history["loss"]
    assert losses[-1] < 0.7 * losses[0], losses


def test_one_sgd_step_equals_a_hand_written_jax_grad_step(on_jax):
    module = Mlp()
    layer = mk.layers.FlaxLayer(module)
    model = mk.Sequential([mk.Input((4,)), layer])
    params = _variables_of(layer, module, X)["params"]
    model.compile(optimizer=mk.optimizers.SGD(learning_rate=0.1), loss="mse")
    model.fit(X, Y, epochs=1, batch_size=6, shuffle=False, verbose=0)

    def loss(p):
        return jnp.mean((module.apply({"params": p}, X) - Y) ** 2)

    grads = jax.grad(loss)(params)
    expected = jax.tree_util.tree_leaves(jax.tree_util.tree_map(lambda p, g: p - 0.1 * g, params, grads))
    got = [w.numpy() for w in layer.trainable_weights]
    for g, e, p in zip(got, expected, jax.tree_util.tree_leaves(params)):
        np.testing.assert_allclose(g, e, rtol=1e-5, atol=1e-6)
        assert not np.allclose(g, p)


@pytest.mark.parametrize("method", ["encode", TwoHeads.encode], ids=["name", "function"])
def test_method_by_name_or_function_runs_that_method_and_makes_only_its_params(on_jax, method):
    module = TwoHeads()
    layer = mk.layers.FlaxLayer(module, method=method)
    out = np.asarray(layer(X))
    assert out.shape == (6, 3)
    assert sorted(tuple(w.shape) for w in layer.trainable_weights) == [(3,), (4, 3)]
    variables = {"params": {"body": {"bias": layer.trainable_weights[0].numpy(),
                                     "kernel": layer.trainable_weights[1].numpy()}}}
    np.testing.assert_allclose(out, np.asarray(module.apply(variables, X, method="encode")), rtol=1e-6)
    # Saved by name, and rebuilt to run the same method.
    config = layer.get_config()
    assert config["method"] == "encode"
    clone = mk.layers.FlaxLayer.from_config(config)
    clone.build((None, 4))
    clone.set_weights(layer.get_weights())
    np.testing.assert_allclose(np.asarray(clone(X)), out, rtol=1e-6)
    # Keras 3 writes a method given as a function as a function dict; it is read back by name.
    config["method"] = {"module": "builtins", "class_name": "function", "config": "encode", "registered_name": "function"}
    assert mk.layers.FlaxLayer.from_config(config).method == "encode"
    with pytest.raises(ValueError, match="no method 'decode'"):
        mk.layers.FlaxLayer(module, method="decode")


def test_variables_given_are_the_weights(on_jax):
    module = BatchNormDropout()
    variables = jax.tree_util.tree_map(np.asarray, module.init(jax.random.PRNGKey(42), X))
    variables["batch_stats"]["BatchNorm_0"]["mean"] = np.full((8,), 0.25, "float32")
    layer = mk.layers.FlaxLayer(module, variables=variables)
    out = np.asarray(layer(X))
    np.testing.assert_allclose(out, np.asarray(module.apply(variables, X)), rtol=1e-6, atol=1e-6)
    expected_params = jax.tree_util.tree_leaves(variables["params"])
    assert [w.numpy().tolist() for w in layer.trainable_weights] == [p.tolist() for p in expected_params]
    assert [w.numpy().tolist() for w in layer.non_trainable_weights] == [
        s.tolist() for s in jax.tree_util.tree_leaves(variables["batch_stats"])]


def test_keras_file_round_trip_of_a_registered_module(on_jax, tmp_path):
    model = mk.Sequential([mk.Input((4,)), mk.layers.FlaxLayer(Registered(features=5), name="flax"),
                           mk.layers.Dense(1)])
    model.compile(optimizer=mk.optimizers.Adam(learning_rate=0.05), loss="mse")
    model.fit(X, Y, epochs=2, batch_size=3, verbose=0)  # params and batch_stats away from their initial values
    config = model.layers[0].get_config()
    assert config["module"]["registered_name"] == "MKFlaxLayerTest>Registered"
    assert config["module"]["config"] == {"features": 5} and config["method"] is None
    expected = np.asarray(model.predict(X, verbose=0))
    model.save(tmp_path / "flax.keras")
    loaded = mk.models.load_model(tmp_path / "flax.keras")
    assert isinstance(loaded.layers[0].module, Registered) and loaded.layers[0].module.features == 5
    np.testing.assert_allclose(np.asarray(loaded.predict(X, verbose=0)), expected, atol=1e-6)
    for a, b in zip(loaded.layers[0].weights, model.layers[0].weights):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_a_module_that_is_not_registered_fails_to_load_clearly(on_jax, tmp_path):
    model = mk.Sequential([mk.Input((4,)), mk.layers.FlaxLayer(Unregistered())])
    model.save(tmp_path / "unregistered.keras")
    with pytest.raises(ValueError, match="cannot rebuild the Flax module 'Unregistered'.*register_keras_serializable"):
        mk.models.load_model(tmp_path / "unregistered.keras")
    with pytest.raises(TypeError, match="cannot save the module Mlp: define get_config"):
        mk.layers.FlaxLayer(Mlp()).get_config()


def test_a_backend_without_jax_arrays_gets_jax_layers_error():
    with mk.backend.use("numpy"):
        layer = mk.layers.FlaxLayer(Mlp(), name="flax_numpy")
        with pytest.raises(ValueError, match=r"'flax_numpy' \(build\).*backend 'numpy' gives numpy\.ndarray"):
            layer(X)
        variables = jax.tree_util.tree_map(np.asarray, Mlp().init(jax.random.PRNGKey(0), X))
        with pytest.raises(ValueError, match="need JAX arrays"):
            mk.layers.FlaxLayer(Mlp(), variables=variables)(X)


PEER_MODULE = textwrap.dedent("""
    import flax.linen as nn

    class Peer(nn.Module):
        @nn.compact
        def __call__(self, x, training: bool = False):
            x = nn.Conv(4, (3, 3))(x)
            x = nn.BatchNorm(use_running_average=not training, momentum=0.8)(x)
            return nn.Dense(2)(nn.relu(x).reshape((x.shape[0], -1)))

    def probe(layer, x):
        # What both libraries' layers are compared on: outputs before, in and after training, and the weights.
        import numpy as np
        result = {"inference": np.asarray(layer(x)), "training": np.asarray(layer(x, training=True)),
                  "inference_after": np.asarray(layer(x))}
        for i, w in enumerate(layer.trainable_weights):
            result[f"trainable_{i}"] = np.asarray(w.numpy())
        for i, w in enumerate(layer.non_trainable_weights):
            result[f"non_trainable_{i}"] = np.asarray(w.numpy())
        return result
""")

KERAS_SCRIPT = """
import numpy as np, jax, keras
from flax.traverse_util import unflatten_dict
from peer_module import Peer, probe
data = np.load(WORKDIR + "/in.npz")
variables = unflatten_dict({tuple(k.split("/")): data[k] for k in data.files if k != "x"})
np.savez(WORKDIR + "/out.npz", **probe(keras.layers.FlaxLayer(Peer(), variables=variables), data["x"]))
"""


def test_matches_keras3_flax_layer_on_the_same_module_and_variables(on_jax, run_python, tmp_path):
    pytest.importorskip("keras")
    from flax.traverse_util import flatten_dict

    (tmp_path / "peer_module.py").write_text(PEER_MODULE, encoding="utf-8")
    namespace: dict = {}
    exec(PEER_MODULE, namespace)
    module = namespace["Peer"]()
    variables = jax.tree_util.tree_map(np.asarray, module.init(jax.random.PRNGKey(7), IMAGES))
    np.savez(tmp_path / "in.npz", x=IMAGES, **{"/".join(k): v for k, v in flatten_dict(variables).items()})
    run = run_python(f"WORKDIR = {str(tmp_path)!r}\n" + KERAS_SCRIPT, env={"KERAS_BACKEND": "jax"},
                     path=(tmp_path,))
    assert run.returncode == 0, run.stderr[-3000:]
    keras_result = dict(np.load(tmp_path / "out.npz"))

    layer = mk.layers.FlaxLayer(module, variables=variables)
    ours = namespace["probe"](layer, IMAGES)
    # The same weight split (6 params: Conv, BatchNorm, Dense; 2 batch_stats), in the same order and shapes.
    assert len(layer.trainable_weights) == 6 and len(layer.non_trainable_weights) == 2
    assert sorted(ours) == sorted(keras_result)
    for key, value in keras_result.items():
        assert ours[key].shape == value.shape, key
        np.testing.assert_allclose(ours[key], value, rtol=1e-6, atol=1e-6, err_msg=key)
