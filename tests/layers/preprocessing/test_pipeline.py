"""Pipeline on every backend: layers applied in order, training defaulting to True, masks inside the pipeline,
inputs left unconverted, Keras 3's config and weights-file layout, errors."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers, ops
from multikeras.saving import object_tree
from layers.harness import assert_same_on_every_backend, run_layer_test


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


class TwoDense(layers.Pipeline):
    """Pipeline of two Dense layers, built from keyword arguments only (what the harness constructs)."""

    def __init__(self, name=None, layers=None):
        super().__init__(layers if layers is not None else [mk.layers.Dense(3, activation="tanh"),
                                                            mk.layers.Dense(2)], name=name)


def test_harness(backend_name):
    def reference(x, w):
        return np.tanh(x @ w[0] + w[1]) @ w[2] + w[3]

    with mk.backend.use(backend_name):
        run_layer_test(TwoDense, {}, input_shape=(4, 5), expected_output_shape=(4, 2), expected_output=reference,
                       expected_num_trainable_weights=4, expected_num_non_trainable_weights=0,
                       # Pipeline takes no dtype argument (as in Keras 3): no mixed-precision variant to build.
                       run_mixed_precision_check=False)


def test_same_on_every_backend(backends_under_test):
    assert_same_on_every_backend(TwoDense, {}, backends_under_test, input_shape=(3, 4))


def test_training_defaults_to_true(backend_name):
    x = np.ones((64, 8), "float32")
    with mk.backend.use(backend_name):
        pipeline = layers.Pipeline([layers.Rescaling(2.0), layers.Dropout(0.5, seed=3)])
        trained = _np(pipeline(x))
        assert set(np.unique(trained)) == {0.0, 4.0}  # dropped, or 2 * x / (1 - 0.5)
        np.testing.assert_array_equal(_np(pipeline(x, training=False)), 2 * x)
        model = mk.Sequential([mk.Input((8,)), pipeline])
        np.testing.assert_array_equal(_np(model.predict(x, verbose=0)), 2 * x)  # predict runs with training=False
        # A model call without `training` leaves it unset, so the pipeline's default applies (as in Keras 3).
        assert set(np.unique(_np(model(x)))) == {0.0, 4.0}
        np.testing.assert_array_equal(_np(model(x, training=False)), 2 * x)


def test_masks_go_to_the_next_layers(backend_name):
    x = np.array([[1, 2, 0, 0], [3, 0, 0, 0]], "int32")
    with mk.backend.use(backend_name):
        pipeline = layers.Pipeline([layers.Embedding(5, 3, mask_zero=True), layers.GlobalAveragePooling1D()])
        out = _np(pipeline(x))
        table = pipeline.layers[0].embeddings.numpy()
        symbolic = pipeline(mk.Input((4,), dtype="int32"))
    np.testing.assert_allclose(out, [table[[1, 2]].mean(0), table[[3]].mean(0)], rtol=1e-6)
    assert tuple(symbolic.shape) == (None, 3)


def test_inputs_reach_the_first_layer_unconverted(backend_name):
    words = (np.array(["A", "B", "A"]), np.array([101, 101, 102]))
    with mk.backend.use(backend_name):
        pipeline = layers.Pipeline([layers.HashedCrossing(5), layers.CategoryEncoding(5, output_mode="one_hot")])
        out = _np(pipeline(words))
        float64 = _np(layers.Pipeline([layers.Rescaling(1.0)])(np.ones((1, 2), "float64")))
    np.testing.assert_array_equal(out.argmax(-1), [1, 4, 3])
    assert float64.dtype == np.float32  # converted by Rescaling (its compute dtype), not by the pipeline


def test_empty_pipeline_returns_its_inputs():
    with mk.backend.use("numpy"):
        x = np.arange(3.0)
        assert layers.Pipeline([])(x) is x


def test_layers_attribute_and_config():
    dense, rescale = layers.Dense(2, name="d"), layers.Rescaling(0.5, name="r")
    given = [rescale, dense]
    pipeline = layers.Pipeline(given, name="pipe")
    assert pipeline.layers is given
    config = pipeline.get_config()
    assert sorted(config) == ["layers", "name"] and config["name"] == "pipe"
    assert [item["class_name"] for item in config["layers"]] == ["Rescaling", "Dense"]
    assert config["layers"][0]["module"] == "keras.layers"
    rebuilt = layers.Pipeline.from_config(config)
    assert [type(layer).__name__ for layer in rebuilt.layers] == ["Rescaling", "Dense"]
    assert rebuilt.get_config() == config
    assert layers.deserialize(layers.serialize(pipeline)).get_config() == config


def test_weights_file_groups_and_round_trip(tmp_path, backends_under_test):
    x = np.random.default_rng(0).normal(size=(2, 4)).astype("float32")
    path = tmp_path / "pipeline.keras"
    with mk.backend.use(backends_under_test[0]):
        model = mk.Sequential([mk.Input((4,)), layers.Pipeline([layers.Dense(3), layers.Dense(2)])])
        groups = [group for group, _ in object_tree.walk(model)]
        expected = _np(model(x))
        model.save(path)
    # Keras 3 writes the pipeline's layers under "layers/<pipeline>/layers/dense", "layers/<pipeline>/layers/dense_1".
    assert groups == ["", "layers/pipeline", "layers/pipeline/layers/dense", "layers/pipeline/layers/dense_1"]
    for name in backends_under_test:
        with mk.backend.use(name):
            loaded = mk.saving.load_model(path)
            np.testing.assert_allclose(_np(loaded(x)), expected, rtol=1e-5, atol=1e-6, err_msg=name)


def test_errors():
    with pytest.raises(ValueError, match=r"Pipeline 'p': `layers` must hold layers only, received str 'abc' at index 1"):
        layers.Pipeline([layers.Dense(2), "abc"], name="p")
    with pytest.raises(ValueError, match=r"Pipeline 'p': `layers` must be a list or tuple of layers, received Dense"):
        layers.Pipeline(layers.Dense(2), name="p")
    with pytest.raises(ValueError, match=r"must map `layers` to a list of serialized layers, received layers=None"):
        layers.Pipeline.from_config({"layers": None, "name": "p"})
    with pytest.raises(TypeError, match="dtype"):  # Keras 3's Pipeline takes only `layers` and `name`
        layers.Pipeline([layers.Dense(2)], dtype="float64")
