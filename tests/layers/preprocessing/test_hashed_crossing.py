"""HashedCrossing on every backend: bins recorded from Keras 3.15.1, a pure-Python reference of the crossed hash,
shapes and dtypes, configs as Keras writes them, and errors."""

from __future__ import annotations

import farmhash
import numpy as np
import pytest

import multikeras as mk
from multikeras import layers, ops
from layers.harness import assert_same_on_every_backend, run_layer_test


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def reference_bins(features: list[np.ndarray], num_bins: int) -> np.ndarray:
    """FarmHash's FingerprintCat64 folded over the features from 0xDECAFCAFFE, in Python integers."""
    mask, multiplier = (1 << 64) - 1, 0xC6A4A7935BD1E995

    def shift_mix(value: int) -> int:
        return value ^ (value >> 47)

    def combine(first: int, second: int) -> int:
        result = first ^ multiplier
        result ^= (shift_mix((second * multiplier) & mask) * multiplier) & mask
        result = (result * multiplier) & mask
        result = (shift_mix(result) * multiplier) & mask
        return shift_mix(result)

    def feature_value(value) -> int:
        if isinstance(value, (str, bytes)):
            return farmhash.fingerprint64(value.encode() if isinstance(value, str) else value)
        return int(value) & mask

    columns = [np.asarray(f).reshape(-1).tolist() for f in features]
    bins = []
    for row in zip(*columns):
        crossed = 0xDECAFCAFFE
        for value in row:
            crossed = combine(crossed, feature_value(value))
        bins.append(crossed % num_bins)
    return np.asarray(bins, "int64").reshape(np.shape(features[0]))


# Recorded from keras.layers.HashedCrossing (Keras 3.15.1, tensorflow backend).
KERAS_CROSSINGS = [
    ({"num_bins": 5}, (np.array(["A", "B", "A", "B", "A"]), np.array([101, 101, 101, 102, 102])), [1, 4, 1, 1, 3]),
    ({"num_bins": 1000}, (np.array([[1], [2], [-3], [2**40]]), np.array([[4], [5], [6], [-2**62]]),
                          np.array([["x"], ["y"], ["z" * 70], [""]])), [[27], [555], [146], [760]]),
    ({"num_bins": 2**31}, (np.array([7, 8], "int32"), np.array([9, 10], "int16")), [1704033138, 1975698418]),
    ({"num_bins": 97}, (np.array(["héllo", "日本"]), np.array([b"a", b"bc"]), np.array([0, 1], "uint8")), [52, 8]),
    ({"num_bins": 10}, (np.array(3), np.array("a")), 2),
    ({"num_bins": 1}, (np.array([1, 2]), np.array([3, 4])), [0, 0]),
    ({"num_bins": 4, "output_mode": "one_hot"}, (np.array([[1], [2], [3]]), np.array([["p"], ["q"], ["r"]])),
     [[0.0, 1.0, 0.0, 0.0]] * 3),
    ({"num_bins": 3, "output_mode": "one_hot"}, (np.array(1), np.array(2)), [[1.0, 0.0, 0.0]]),
]


@pytest.mark.parametrize("kwargs, features, expected", KERAS_CROSSINGS)
def test_bins_match_keras(backend_name, kwargs, features, expected):
    with mk.backend.use(backend_name):
        out = layers.HashedCrossing(**kwargs)(features)
        want_dtype = "int64" if kwargs.get("output_mode", "int") == "int" else "float32"
        assert mk.backend.standardize_dtype(ops.dtype(out)) == want_dtype
        np.testing.assert_array_equal(_np(out), expected)
        if kwargs.get("output_mode", "int") == "int":
            np.testing.assert_array_equal(reference_bins(list(features), kwargs["num_bins"]), expected)
        # A list of features gives the same bins as a tuple.
        np.testing.assert_array_equal(_np(layers.HashedCrossing(**kwargs)(list(features))), expected)


def test_reference_on_random_features(backend_name):
    rng = np.random.default_rng(3)
    ints = rng.integers(-2**62, 2**62, size=(50,))
    words = np.array(["".join(rng.choice(list("abcdefgh"), size=n)) for n in rng.integers(0, 40, size=50)])
    with mk.backend.use(backend_name):
        out = layers.HashedCrossing(num_bins=12345)((ints, words, ints[::-1].copy()))
    np.testing.assert_array_equal(_np(out), reference_bins([ints, words, ints[::-1]], 12345))


@pytest.mark.parametrize("mode, shape, out_shape", [("int", (3,), (3,)), ("int", (3, 1), (3, 1)),
                                                    ("one_hot", (3,), (3, 6)), ("one_hot", (3, 1), (3, 6))])
def test_harness(backend_name, mode, shape, out_shape):
    def reference(features, _):
        bins = reference_bins(features, 6)
        if mode == "int":
            return bins
        return (bins.reshape(-1)[:, None] == np.arange(6)).astype("float32")

    with mk.backend.use(backend_name):
        run_layer_test(layers.HashedCrossing, {"num_bins": 6, "output_mode": mode}, input_shape=[shape, shape],
                       input_dtype=["int64", "int32"], expected_output_shape=out_shape,
                       expected_output_dtype="int64" if mode == "int" else "float32",
                       expected_num_trainable_weights=0, expected_num_non_trainable_weights=0,
                       expected_output=reference,
                       # Keras 3 returns the variable dtype (float32 under mixed_float16): so does the layer here.
                       run_mixed_precision_check=False)


def test_same_on_every_backend(backends_under_test):
    data = [np.array([[1], [5], [9]], "int64"), np.array([[-2], [0], [7]], "int32")]
    for mode in ("int", "one_hot"):
        assert_same_on_every_backend(layers.HashedCrossing, {"num_bins": 17, "output_mode": mode},
                                     backends_under_test, input_data=data)


def test_backend_tensors_and_dtype(backend_name):
    a, b = np.array([3, 1, 4]), np.array([1, 5, 9])
    expected = reference_bins([a, b], 100)
    with mk.backend.use(backend_name):
        out = layers.HashedCrossing(100)((ops.convert_to_tensor(a, "int32"), ops.convert_to_tensor(b)))
        np.testing.assert_array_equal(_np(out), expected)
        out32 = layers.HashedCrossing(100, dtype="int32")((a, b))
        assert mk.backend.standardize_dtype(ops.dtype(out32)) == "int32"
        hot = layers.HashedCrossing(100, output_mode="one_hot", dtype="float64")((a, b))
        assert mk.backend.standardize_dtype(ops.dtype(hot)) == "float64"
        np.testing.assert_array_equal(_np(hot).argmax(-1), expected)


def test_in_a_functional_model(backend_name):
    a, b = np.array([[3], [1], [4]]), np.array([[1], [5], [9]])
    with mk.backend.use(backend_name):
        x1, x2 = mk.Input((1,), dtype="int64"), mk.Input((1,), dtype="int64")
        crossed = layers.HashedCrossing(8, output_mode="one_hot")((x1, x2))
        assert tuple(crossed.shape) == (None, 8) and crossed.dtype == "float32"
        model = mk.Model([x1, x2], layers.Dense(2, kernel_initializer="ones")(crossed))
        out = _np(model.predict([a, b], verbose=0))
    np.testing.assert_allclose(out, np.ones((3, 2), "float32"))  # one 1 per row, through a kernel of ones


def test_string_features_in_a_model(backend_name):
    words, numbers = np.array([["A"], ["B"], ["A"]]), np.array([[101], [101], [102]])
    with mk.backend.use(backend_name):
        text, number = mk.Input((1,), dtype="string"), mk.Input((1,), dtype="int64")
        model = mk.Model([text, number], layers.HashedCrossing(5)((text, number)))
        out = _np(model.predict([words, numbers], verbose=0))
    np.testing.assert_array_equal(out, [[1], [4], [3]])  # Keras 3.15.1's bins for these pairs


def test_symbolic_shapes_and_compute_output_shape():
    with mk.backend.use("numpy"):
        layer = layers.HashedCrossing(4)
        out = layer((mk.Input((1,), dtype="int32"), mk.Input((1,), dtype="int64")))
        assert tuple(out.shape) == (None, 1) and out.dtype == "int64"
        assert layer.compute_output_shape([(None,), (None,)]) == (None,)
        hot = layers.HashedCrossing(4, output_mode="one_hot")
        assert hot.compute_output_shape([(None, 1), (None, 1), (None, 1)]) == (None, 4)
        assert hot.compute_output_shape([(), ()]) == (1, 4)
        with pytest.raises(ValueError, match="integer or string dtype"):
            layer((mk.Input((1,)), mk.Input((1,), dtype="int64")))


def test_config_is_keras_layout():
    layer = layers.HashedCrossing(num_bins=3, output_mode="one_hot", name="cross")
    config = layer.get_config()
    assert config == {"num_bins": 3, "output_mode": "one_hot", "sparse": False, "name": "cross", "dtype": "float32"}
    assert layers.HashedCrossing(3).get_config()["dtype"] == "int64"
    # A config as Keras 3.15.1 serializes it.
    keras_written = {"module": "keras.layers", "class_name": "HashedCrossing",
                     "config": {"num_bins": 3, "output_mode": "int", "sparse": False, "name": "hc", "dtype": "int64"},
                     "registered_name": None}
    loaded = layers.deserialize(keras_written)
    assert isinstance(loaded, layers.HashedCrossing) and loaded.get_config() == keras_written["config"]
    assert layers.serialize(loaded) == keras_written


@pytest.mark.parametrize("kwargs, message", [
    ({"num_bins": 0}, "`num_bins` must be a positive int, received num_bins=0"),
    ({"num_bins": None}, "`num_bins` must be a positive int, received num_bins=None"),
    ({"num_bins": 2.5}, "`num_bins` must be a positive int"),
    ({"num_bins": 3, "output_mode": "multi_hot"}, r"`output_mode` must be one of \('int', 'one_hot'\), "
                                                   r"received output_mode='multi_hot'"),
    ({"num_bins": 3, "sparse": True}, "sparse outputs are not supported, received sparse=True"),
])
def test_argument_errors(kwargs, message):
    with pytest.raises(ValueError, match=message) as error:
        layers.HashedCrossing(**kwargs, name="crossing")
    assert "HashedCrossing 'crossing'" in str(error.value)


@pytest.mark.parametrize("inputs, message", [
    (np.array([1, 2]), "expected a list or tuple of the features to cross, received ndarray"),
    ([np.array([1])], "expected at least two inputs to cross, received 1"),
    ((np.array([[1, 2]]), np.array([[1, 2]])), r"shape \(\), \(batch_size,\) or \(batch_size, 1\), received shapes "
                                               r"\[\(1, 2\), \(1, 2\)\]"),
    ((np.array([1, 2]), np.array([1])), r"the same shape, received shapes \[\(2,\), \(1,\)\]"),
    ((np.array([1.5]), np.array([1])), "integer or string dtype, received input 0 of dtype float64"),
    ((np.array([1]), np.array([True])), "integer or string dtype, received input 1 of dtype bool"),
    ((np.array([1]), np.array([None], dtype=object)), "received input 1 of dtype object"),
])
def test_input_errors(backend_name, inputs, message):
    with mk.backend.use(backend_name):
        layer = layers.HashedCrossing(3, name="crossing")
        with pytest.raises(ValueError, match=message) as error:
            layer(inputs)
    assert "HashedCrossing 'crossing'" in str(error.value)
