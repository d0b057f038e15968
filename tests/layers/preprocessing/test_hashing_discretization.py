"""Hashing and Discretization on every backend: values against NumPy references, against TensorFlow's hash
kernels (the ones Keras 3 uses) and against results recorded from Keras 3.15.1."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers, ops
from multikeras.layers.preprocessing.string_hashing import fingerprint64, hash_to_bins, siphash24
from layers.harness import assert_same_on_every_backend, run_layer_test


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _random_strings(count: int, seed: int = 0) -> list[bytes]:
    rng = np.random.default_rng(seed)
    # Every length class of Fingerprint64 (0-16, 17-32, 33-64, longer, several 64-byte blocks).
    lengths = [0, 1, 3, 4, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 200][:count]
    return [bytes(rng.integers(0, 256, size=n, dtype=np.uint8)) for n in lengths]


def test_hashes_match_tensorflow_kernels():
    tf = pytest.importorskip("tensorflow")
    data = _random_strings(19)
    for buckets in (1000, 2**62 + 7):
        fast = tf.strings.to_hash_bucket_fast(tf.constant(data), buckets).numpy().tolist()
        assert [fingerprint64(d) % buckets for d in data] == fast
        for key in ([1, 2], [2**62, 12345]):
            strong = tf.strings.to_hash_bucket_strong(tf.constant(data), buckets, key).numpy().tolist()
            assert [siphash24(tuple(key), d) % buckets for d in data] == strong


# Bins recorded from keras.layers.Hashing (Keras 3.15.1, tensorflow backend).
KERAS_HASHING = [
    ({"num_bins": 1000}, np.array([[1, 2, 3, 4, -5, 0]]), [[849, 759, 921, 543, 816, 735]]),
    ({"num_bins": 1000}, np.array([["a", "b", "hello world", "x" * 20, "y" * 40, "z" * 100]]),
     [[939, 822, 11, 348, 6, 73]]),
    ({"num_bins": 1000}, np.array([1.5, -1.5, 2.7, -0.0, 1e10]), [849, 430, 759, 735, 879]),
    ({"num_bins": 1000}, np.array([True, False]), [570, 757]),
    ({"num_bins": 1000, "salt": [1, 2]}, np.array(["a", "b"]), [646, 184]),
    ({"num_bins": 1000, "salt": 133}, np.array(["a", "b"]), [997, 824]),
    ({"num_bins": 5, "mask_value": 0}, np.array([0, 1, 2, 3]), [0, 2, 4, 2]),
    ({"num_bins": 5, "mask_value": ""}, np.array(["", "a"]), [0, 4]),
    ({"num_bins": 4, "output_mode": "count"}, np.array([[1, 2, 2]]), [[0, 1, 0, 2]]),
    ({"num_bins": 4, "output_mode": "one_hot"}, np.array([1, 2, 3]), [[0, 1, 0, 0], [0, 0, 0, 1], [0, 1, 0, 0]]),
]


@pytest.mark.parametrize("kwargs, data, expected", KERAS_HASHING)
def test_hashing_matches_keras(backend_name, kwargs, data, expected):
    with mk.backend.use(backend_name):
        out = layers.Hashing(**kwargs)(data)
        assert mk.backend.standardize_dtype(ops.dtype(out)) == (
            "int64" if kwargs.get("output_mode", "int") == "int" else "float32")
        np.testing.assert_array_equal(_np(out), expected)
        if data.dtype.kind == "U":  # a Python list gives the same bins as its array
            np.testing.assert_array_equal(_np(layers.Hashing(**kwargs)(data.tolist())), expected)


@pytest.mark.parametrize("mode, shape, out_shape", [("int", (2, 3), (2, 3)), ("multi_hot", (2, 3), (2, 7)),
                                                    ("one_hot", (2, 1), (2, 7))])
def test_hashing_harness(backend_name, mode, shape, out_shape):
    def reference(x, _):
        bins = hash_to_bins(x, 7)
        if mode == "int":
            return bins
        one_hot = (bins[..., None] == np.arange(7)).astype("float32")
        return one_hot[:, 0] if mode == "one_hot" else one_hot.max(axis=1)

    with mk.backend.use(backend_name):
        run_layer_test(layers.Hashing, {"num_bins": 7, "output_mode": mode}, input_shape=shape, input_dtype="int64",
                       expected_output_shape=out_shape, expected_output_dtype="int64" if mode == "int" else "float32",
                       expected_num_trainable_weights=0, expected_num_non_trainable_weights=0,
                       expected_output=reference, run_mixed_precision_check=mode != "int")


def test_hashing_rejects_bad_arguments():
    for kwargs, message in [
        ({}, r"`num_bins` must be an int >= 1, received num_bins=None"),
        ({"num_bins": 1, "mask_value": 0}, r"with `mask_value` set, `num_bins` must be >= 2 .* received num_bins=1"),
        ({"num_bins": 3, "salt": [1]}, r"`salt` must be None, an int or a list of two ints, received salt=\[1\]"),
        ({"num_bins": 3, "output_mode": "tf_idf"}, r"`output_mode` must be one of .* received output_mode='tf_idf'"),
    ]:
        with pytest.raises(ValueError, match=r"Hashing '\w+': " + message):
            layers.Hashing(**kwargs)


BOUNDARIES = [-0.5, 0.0, 0.5]


def _digitize_reference(x, _):
    return np.searchsorted(np.asarray(BOUNDARIES, "float32"), x, side="right").astype("int32")


@pytest.mark.parametrize("mode, out_shape", [("int", (3, 4)), ("one_hot", (3, 4, 4)), ("count", (3, 4))])
def test_discretization_harness(backend_name, mode, out_shape):
    def reference(x, w):
        bins = _digitize_reference(x, w)
        if mode == "int":
            return bins
        one_hot = (bins[..., None] == np.arange(4)).astype("float32")
        return one_hot if mode == "one_hot" else one_hot.sum(axis=1)

    with mk.backend.use(backend_name):
        run_layer_test(layers.Discretization, {"bin_boundaries": BOUNDARIES, "output_mode": mode}, input_shape=(3, 4),
                       expected_output_shape=out_shape, expected_output_dtype="int32" if mode == "int" else "float32",
                       expected_num_trainable_weights=0, expected_num_non_trainable_weights=0,
                       expected_output=reference)


def test_discretization_values_and_adapt_match_keras(backend_name):
    with mk.backend.use(backend_name):
        # Values on a boundary go to the bin above it (Keras 3.15.1: [[0, 1, 1, 2, 3, 3]]).
        out = layers.Discretization(bin_boundaries=[0.0, 1.0, 2.0])(np.array([[-1.0, 0.0, 0.5, 1.0, 2.0, 3.0]]))
        np.testing.assert_array_equal(_np(out), [[0, 1, 1, 2, 3, 3]])
        np.testing.assert_array_equal(_np(layers.Discretization(bin_boundaries=[0.0, 1.0])(np.array([[0, 1, 2]]))),
                                      [[1, 2, 2]])
        # Keras 3.15.1 adapts [23.99998, 48.99998, 73.99998] and [1.0, 1.9999999] here (its quantile summary
        # interpolates in float32); the exact quantiles are 24, 49, 74 and 1, 2.
        layer = layers.Discretization(num_bins=4, epsilon=0.01)
        layer.adapt(np.arange(100.0).reshape(-1, 1))
        assert layer.bin_boundaries == [24.0, 49.0, 74.0]
        np.testing.assert_array_equal(_np(layer(np.array([[0.0, 30.0, 99.0]]))), [[0, 1, 3]])
        layer = layers.Discretization(num_bins=3)
        layer.adapt([np.array([[1.0, 1.0, 1.0]]), np.array([[2.0, 5.0, 9.0]])])  # batches combine
        assert layer.bin_boundaries == [1.0, 2.0]
        data = np.random.default_rng(0).normal(size=(50, 2)).astype("float32")
        layer = layers.Discretization(num_bins=4)
        layer.adapt(data)
        np.testing.assert_allclose(layer.bin_boundaries, [-0.6538287401199341, 0.052028920501470566, 0.6960425972938538],
                                   rtol=2e-6)  # Keras interpolates in float32
        config = layer.get_config()
        assert config["num_bins"] == 4 and config["bin_boundaries"] == layer.bin_boundaries
        rebuilt = layers.Discretization.from_config(config)
        np.testing.assert_array_equal(_np(rebuilt(data)), _np(layer(data)))
        with pytest.raises(ValueError, match=r"Discretization '\w+': the layer has no bin boundaries yet"):
            layers.Discretization(num_bins=2)(data)


def test_discretization_in_predict_and_before_a_trainable_model(backend_name):
    with mk.backend.use(backend_name):
        inputs = mk.Input((3,))
        bins = layers.Discretization(bin_boundaries=BOUNDARIES, output_mode="count")(inputs)
        model = mk.Model(inputs, layers.Dense(1, kernel_initializer="ones")(bins))
        x = np.array([[-1.0, 0.2, 0.7], [0.6, 0.6, -0.1]], "float32")
        counts = (_digitize_reference(x, None)[..., None] == np.arange(4)).sum(axis=1)
        np.testing.assert_allclose(model.predict(x, verbose=0), counts.sum(axis=1, keepdims=True))
        if mk.backend.capabilities().trainable:
            model.compile(optimizer="sgd", loss="mse")
            history = model.fit(x, np.zeros((2, 1), "float32"), epochs=2, batch_size=2, verbose=0)
            assert history.history["loss"][1] < history.history["loss"][0]


def test_same_on_every_backend(backends_under_test):
    assert_same_on_every_backend(layers.Discretization, {"bin_boundaries": BOUNDARIES, "output_mode": "one_hot"},
                                 backends_under_test, input_shape=(2, 3))
    assert_same_on_every_backend(layers.Hashing, {"num_bins": 9, "salt": 3}, backends_under_test, input_shape=(2, 3),
                                 input_dtype="int32")
