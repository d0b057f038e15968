"""TFSMLayer: a TensorFlow SavedModel endpoint as a layer on the tensorflow backend; a clear error elsewhere.

The SavedModel is written by the test itself (a ``tf.Module`` with two ``tf.function`` endpoints). The expected
weights, trainability and config keys were observed by running Keras 3.15.1's ``keras.layers.TFSMLayer`` on the
same SavedModel (tensorflow backend).
"""

from __future__ import annotations

import pathlib

import numpy as np
import pytest

import multikeras as mk
from multikeras.saving.serialization_lib import SafeModeScope

tf = pytest.importorskip("tensorflow")

W = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], "float32")
B = np.array([0.5, -0.5], "float32")
X = np.array([[1.0, 0.0, -1.0], [0.5, 2.0, 1.0]], "float32")


class _Affine(tf.Module):
    """``serve``: ``x @ w + b``; ``train``: ``2 * (x @ w)``; ``b`` is a non-trainable ``tf.Variable``."""

    def __init__(self) -> None:
        super().__init__()
        self.w = tf.Variable(W, name="w")
        self.b = tf.Variable(B, trainable=False, name="b")

    @tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float32)])
    def serve(self, x):
        return tf.matmul(x, self.w) + self.b

    @tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float32)])
    def train(self, x):
        return 2.0 * tf.matmul(x, self.w)


@pytest.fixture(scope="module")
def saved_model(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("tfsm") / "affine"
    module = _Affine()
    tf.saved_model.save(module, str(path), signatures={"serving_default": module.serve})
    return str(path)


def _numpy(value) -> np.ndarray:
    return mk.ops.convert_to_numpy(value)


def test_outputs_weights_and_training_endpoint(saved_model):
    reference = tf.saved_model.load(saved_model)
    with mk.backend.use("tensorflow"):
        layer = mk.layers.TFSMLayer(saved_model, call_endpoint="serve", call_training_endpoint="train", name="sm")
        assert layer.built
        # As Keras reports them: the trainable tf.Variable is trainable, the other one is not.
        assert [w.name for w in layer.trainable_weights] == ["w:0"]
        assert [w.name for w in layer.non_trainable_weights] == ["b:0"]
        np.testing.assert_array_equal(_numpy(layer.trainable_weights[0].value), W)
        np.testing.assert_allclose(_numpy(layer(X)), reference.serve(X).numpy(), rtol=1e-6)
        np.testing.assert_allclose(_numpy(layer(X, training=False)), X @ W + B, rtol=1e-6)
        np.testing.assert_allclose(_numpy(layer(X, training=True)), reference.train(X).numpy(), rtol=1e-6)

        frozen = mk.layers.TFSMLayer(saved_model, trainable=False)
        assert frozen.trainable_weights == [] and [w.name for w in frozen.non_trainable_weights] == ["w:0", "b:0"]
        # Without a training endpoint, training=True calls the inference one.
        np.testing.assert_allclose(_numpy(frozen(X, training=True)), X @ W + B, rtol=1e-6)

        signature = mk.layers.TFSMLayer(saved_model, call_endpoint="serving_default")
        outputs = signature(X)
        assert set(outputs) == {"output_0"}
        np.testing.assert_allclose(_numpy(outputs["output_0"]), X @ W + B, rtol=1e-6)


@pytest.mark.parametrize("run_eagerly", [False, True], ids=["compiled", "eager"])
def test_assigned_weights_are_used_and_fit_trains_them(saved_model, run_eagerly):
    with mk.backend.use("tensorflow"):
        layer = mk.layers.TFSMLayer(saved_model, call_training_endpoint="train")
        layer.non_trainable_weights[0].assign(np.array([1.0, 2.0], "float32"))
        np.testing.assert_allclose(_numpy(layer(X)), X @ W + [1.0, 2.0], rtol=1e-6)

        model = mk.Sequential([mk.Input((3,)), layer])
        model.compile(optimizer=mk.optimizers.SGD(0.1), loss="mse", run_eagerly=run_eagerly)
        y = np.zeros((2, 2), "float32")
        model.fit(X, y, batch_size=2, epochs=1, verbose=0, shuffle=False)
        # One SGD step on mean((2 x @ w - y)^2) through the training endpoint, computed by hand.
        gradient = X.T @ (2.0 * (2.0 * X @ W - y) / y.size) * 2.0
        np.testing.assert_allclose(_numpy(layer.trainable_weights[0].value), W - 0.1 * gradient, rtol=1e-5)
        np.testing.assert_allclose(model.predict(X, verbose=0), X @ (W - 0.1 * gradient) + [1.0, 2.0], rtol=1e-5)


def test_functional_model_predicts(saved_model):
    with mk.backend.use("tensorflow"):
        inputs = mk.Input((3,))
        outputs = mk.layers.TFSMLayer(saved_model)(inputs)
        assert tuple(outputs.shape) == (None, 2)
        model = mk.Model(inputs, mk.layers.Dense(1, kernel_initializer="ones", use_bias=False)(outputs))
        np.testing.assert_allclose(model.predict(X, verbose=0), (X @ W + B).sum(-1, keepdims=True), rtol=1e-6)


def test_config_round_trip_needs_unsafe_mode(saved_model, tmp_path):
    with mk.backend.use("tensorflow"):
        layer = mk.layers.TFSMLayer(saved_model, call_training_endpoint="train", name="sm")
        config = layer.get_config()
        # The keys Keras 3 writes for this layer.
        assert {"name", "trainable", "dtype", "filepath", "call_endpoint", "call_training_endpoint"} <= set(config)
        assert (config["filepath"], config["call_endpoint"], config["call_training_endpoint"]) == (
            saved_model, "serve", "train")
        with pytest.raises(ValueError, match="safe mode refuses"):
            mk.layers.TFSMLayer.from_config(config)
        with SafeModeScope(False):
            clone = mk.layers.TFSMLayer.from_config(config)
        assert clone.name == "sm" and clone.call_training_endpoint == "train"
        np.testing.assert_allclose(_numpy(clone(X, training=True)), _numpy(layer(X, training=True)), rtol=1e-6)

        # A .keras file: the weights saved are the layer's values, written into the reloaded SavedModel.
        model = mk.Sequential([mk.Input((3,)), mk.layers.TFSMLayer(saved_model)])
        model.layers[0].non_trainable_weights[0].assign(np.array([1.0, 2.0], "float32"))
        model.save(tmp_path / "tfsm.keras")
        with pytest.raises(ValueError, match="safe mode refuses"):
            mk.saving.load_model(tmp_path / "tfsm.keras")
        loaded = mk.saving.load_model(tmp_path / "tfsm.keras", safe_mode=False)
        np.testing.assert_allclose(loaded.predict(X, verbose=0), X @ W + [1.0, 2.0], rtol=1e-6)


def test_missing_endpoint_is_a_clear_error(saved_model):
    with mk.backend.use("tensorflow"):
        with pytest.raises(ValueError, match=r"'sm'.*call_endpoint='nope'.*\['serving_default'\]"):
            mk.layers.TFSMLayer(saved_model, call_endpoint="nope", name="sm")
        with pytest.raises(ValueError, match=r"call_training_endpoint='nope'"):
            mk.layers.TFSMLayer(saved_model, call_training_endpoint="nope")


def test_other_backends_are_a_clear_error(backend_name, saved_model):
    with mk.backend.use(backend_name):
        if backend_name == "tensorflow":
            assert isinstance(mk.layers.TFSMLayer(saved_model), mk.layers.TFSMLayer)
            return
        with pytest.raises(ValueError, match=rf"TFSMLayer 'sm'.*TensorFlow tensors.*'{backend_name}'.*affine"):
            mk.layers.TFSMLayer(pathlib.Path(saved_model), name="sm")
