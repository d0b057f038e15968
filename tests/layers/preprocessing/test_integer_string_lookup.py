"""IntegerLookup and StringLookup on every backend: indices, output modes, adapt, inversion, vocabulary files,
configs and .keras round trips, against results recorded from Keras 3.15.1 and NumPy references."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers, ops
from layers.harness import assert_same_on_every_backend, run_layer_test

VOCAB = [12, 36, 1138, 42]
ADAPT_DATA = np.array([[12, 1138, 42], [42, 1000, 36], [42, 12, 1]])


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


# (constructor arguments, input, output) recorded from keras.layers.IntegerLookup (Keras 3.15.1, tensorflow).
KERAS_INTEGER_LOOKUP = [
    ({"vocabulary": VOCAB}, [[12, 1138, 42], [42, 1000, 36]], [[1, 3, 4], [4, 0, 2]]),
    ({"vocabulary": VOCAB, "mask_token": 0}, [[12, 0, 42], [42, 1000, 36]], [[2, 0, 5], [5, 1, 3]]),
    ({"vocabulary": VOCAB, "num_oov_indices": 2}, [[12, 1, 42, 1000, 1001, 3, 4, 5]], [[2, 1, 5, 0, 1, 1, 0, 1]]),
    ({"vocabulary": VOCAB, "invert": True}, [[0, 1, 2, 3, 4, 5]], [[-1, 12, 36, 1138, 42, -1]]),
    ({"vocabulary": VOCAB, "invert": True, "mask_token": 0}, [[0, 1, 2, 3, 4, 5]], [[0, -1, 12, 36, 1138, 42]]),
    ({"vocabulary": VOCAB, "output_mode": "multi_hot"}, [[12, 1138, 42, 42], [42, 1000, 36, 36]],
     [[0, 1, 0, 1, 1], [1, 0, 1, 0, 1]]),
    ({"vocabulary": VOCAB, "output_mode": "count"}, [[12, 1138, 42, 42], [42, 1000, 36, 36]],
     [[0, 1, 0, 1, 2], [1, 0, 2, 0, 1]]),
    ({"vocabulary": VOCAB, "output_mode": "tf_idf", "idf_weights": [0.5, 0.25, 0.125, 1.0]},
     [[12, 1138, 42, 42], [42, 1000, 36, 36]], [[0, 0.5, 0, 0.125, 2.0], [0.46875, 0, 0.5, 0, 1.0]]),
    ({"vocabulary": VOCAB, "output_mode": "multi_hot", "pad_to_max_tokens": True, "max_tokens": 8}, [[12, 1138]],
     [[0, 1, 0, 1, 0, 0, 0, 0]]),
    ({"vocabulary": [12, 36], "mask_token": 0, "output_mode": "multi_hot"}, [[12, 0, 5]], [[1, 1, 0]]),
    ({"vocabulary": [12, 36], "mask_token": 0, "output_mode": "count"}, [[12, 0, 0]], [[0, 1, 0]]),
    ({"vocabulary": [12, 36], "num_oov_indices": 0}, [36, 12], [1, 0]),
    ({"vocabulary": VOCAB, "output_mode": "count"}, [[12.0, 36.0]], [[0, 1, 1, 0, 0]]),
]


@pytest.mark.parametrize("kwargs, data, expected", KERAS_INTEGER_LOOKUP)
def test_integer_lookup_matches_keras(backend_name, kwargs, data, expected):
    with mk.backend.use(backend_name):
        out = layers.IntegerLookup(**kwargs)(np.array(data))
        want = "float32" if kwargs.get("output_mode") == "tf_idf" else "int64"
        assert mk.backend.standardize_dtype(ops.dtype(out)) == want
        np.testing.assert_allclose(_np(out), expected, rtol=1e-6)


def test_integer_lookup_adapt_matches_keras(backend_name):
    with mk.backend.use(backend_name):
        layer = layers.IntegerLookup()
        layer.adapt(ADAPT_DATA)
        # Most frequent first; ties: the greater value first (Keras 3.15.1).
        assert layer.get_vocabulary() == [-1, 42, 12, 1138, 1000, 36, 1]
        assert layer.vocabulary_size() == 7
        np.testing.assert_array_equal(_np(layer(np.array([[12, 42, 7], [1138, 0, 36]]))), [[2, 1, 0], [3, 0, 5]])
        capped = layers.IntegerLookup(max_tokens=3)
        capped.adapt(np.array([5, 5, 5, 6, 6, 7, 7, 8]))
        assert capped.get_vocabulary() == [-1, 5, 7]
        masked = layers.IntegerLookup(mask_token=0)
        masked.adapt(np.array([[1, 2], [2, 0]]))
        assert masked.get_vocabulary() == [0, -1, 2, 1]
        tf_idf = layers.IntegerLookup(output_mode="tf_idf")
        tf_idf.adapt(ADAPT_DATA)
        # idf = log(1 + documents / (1 + documents with the token)); the OOV column gets their mean.
        idf = np.log1p(3 / (1 + np.array([3, 2, 1, 1, 1, 1], "float64")))
        expected = np.array([[idf.mean(), 2 * idf[0], idf[1], 0, 0, 0, 0]])
        np.testing.assert_allclose(_np(tf_idf(np.array([[12, 42, 42, 7]]))), expected, rtol=1e-6)
        np.testing.assert_allclose(_np(tf_idf(np.array([[12, 42, 42, 7]]))),
                                   [[0.8196544, 1.1192316, 0.6931472, 0, 0, 0, 0]], rtol=1e-6)  # Keras 3.15.1


def test_integer_lookup_vocabulary_file_and_set_vocabulary(backend_name, tmp_path):
    path = tmp_path / "vocab.txt"
    path.write_text("7\n8\n9\n")
    with mk.backend.use(backend_name):
        layer = layers.IntegerLookup(vocabulary=str(path))
        assert layer.get_vocabulary() == [-1, 7, 8, 9]
        assert layer.get_config()["vocabulary"] is None  # a file vocabulary travels as an asset
        np.testing.assert_array_equal(_np(layer(np.array([8, 5]))), [2, 0])
        layer.set_vocabulary([5, 6])
        assert layer.get_vocabulary(include_special_tokens=False) == [5, 6]
        np.testing.assert_array_equal(_np(layer(np.array([8, 5]))), [0, 1])


@pytest.mark.parametrize("mode, shape, out_shape", [("int", (2, 3), (2, 3)), ("one_hot", (2, 3), (2, 3, 4)),
                                                    ("count", (2, 3), (2, 4)), ("multi_hot", (4,), (4,))])
def test_integer_lookup_harness(backend_name, mode, shape, out_shape):
    vocabulary = [3, 1, 2]  # the harness draws ints in [0, 5): 0 and 4 are OOV

    def reference(x, _):
        ids = np.select([x == 3, x == 1, x == 2], [1, 2, 3], 0)
        if mode == "int":
            return ids
        one_hot = (ids[..., None] == np.arange(4)).astype("int64")
        if mode == "one_hot":
            return one_hot
        return one_hot.sum(axis=1) if mode == "count" else one_hot.max(axis=0)

    with mk.backend.use(backend_name):
        run_layer_test(layers.IntegerLookup, {"vocabulary": vocabulary, "output_mode": mode}, input_shape=shape,
                       input_dtype="int64", expected_output_shape=out_shape, expected_output_dtype="int64",
                       expected_num_trainable_weights=0, expected_num_non_trainable_weights=0,
                       expected_output=reference)


def test_integer_lookup_in_compiled_predict_and_save_load(backend_name, tmp_path):
    with mk.backend.use(backend_name):
        inputs = mk.Input((3,), dtype="int64")
        lookup = layers.IntegerLookup(output_mode="tf_idf", name="lookup")
        lookup.adapt(ADAPT_DATA)
        model = mk.Model(inputs, layers.Dense(1, kernel_initializer="ones")(lookup(inputs)))
        x = np.array([[12, 42, 7], [1, 1, 1000]])
        expected = _np(model(x))
        np.testing.assert_allclose(model.predict(x, verbose=0), expected, rtol=1e-6)
        path = str(tmp_path / "lookup.keras")
        model.save(path)
        loaded = mk.saving.load_model(path)
        assert loaded.get_layer("lookup").get_vocabulary() == lookup.get_vocabulary()
        np.testing.assert_allclose(loaded.predict(x, verbose=0), expected, rtol=1e-6)
        if mk.backend.capabilities().trainable:  # a trainable model behind the lookup
            model.compile(optimizer="sgd", loss="mse")
            history = model.fit(x, np.zeros((2, 1), "float32"), epochs=2, batch_size=2, verbose=0)
            assert history.history["loss"][1] < history.history["loss"][0]


def test_integer_lookup_rejects_bad_arguments(backend_name):
    for kwargs, message in [
        ({"vocabulary": [12, 12]}, r"`vocabulary` must not repeat tokens, received repeated tokens \[12\]"),
        ({"vocabulary": [3, 0], "mask_token": 0}, r"the mask token 0 is in `vocabulary` at position 1"),
        ({"max_tokens": 1}, r"`max_tokens` must be None or an int > 1, received max_tokens=1"),
        ({"vocabulary": [1, 2], "max_tokens": 2}, r"the vocabulary has 3 entries .* more than max_tokens=2"),
        ({"output_mode": "tf_idf", "vocabulary": [1, 2]}, r".*`idf_weights` must be given too"),
        ({"idf_weights": [1.0], "vocabulary": [1]}, r"`idf_weights` only applies to output_mode='tf_idf'"),
        ({"num_oov_indices": -1}, r"`num_oov_indices` must be an int >= 0, received num_oov_indices=-1"),
        ({"invert": True, "output_mode": "count"}, r"`invert=True` needs output_mode='int'"),
    ]:
        with pytest.raises(ValueError, match=r"IntegerLookup '\w+': " + message):
            layers.IntegerLookup(**kwargs)
    with mk.backend.use(backend_name):
        with pytest.raises(ValueError, match=r"num_oov_indices=0 every input must be in the vocabulary, .*\[5\]"):
            layers.IntegerLookup(vocabulary=[1, 2], num_oov_indices=0)(np.array([1, 5]))


KERAS_STRING_LOOKUP = [
    ({"vocabulary": ["a", "b"]}, [["a", "c", ""]], [[1, 0, 0]]),
    ({"vocabulary": ["a", "b"], "num_oov_indices": 3}, ["c", "d", "e", "f", "g"], [1, 2, 1, 0, 2]),
    ({"vocabulary": ["a", "b"], "mask_token": ""}, [["a", "", "z"]], [[2, 0, 1]]),
    ({"vocabulary": ["a", "b"], "output_mode": "multi_hot"}, [["a", "c"]], [[1, 1, 0]]),
]


@pytest.mark.parametrize("kwargs, data, expected", KERAS_STRING_LOOKUP)
def test_string_lookup_matches_keras(backend_name, kwargs, data, expected):
    with mk.backend.use(backend_name):
        layer = layers.StringLookup(**kwargs)
        for given in (np.array(data), np.array(data, dtype=object), data):
            out = layer(given)
            assert mk.backend.standardize_dtype(ops.dtype(out)) == "int64"
            np.testing.assert_array_equal(_np(out), expected)


def test_string_lookup_adapt_invert_and_save(backend_name, tmp_path):
    with mk.backend.use(backend_name):
        layer = layers.StringLookup(name="words")
        layer.adapt(["b", "a", "a", "c", "d"])
        assert layer.get_vocabulary() == ["[UNK]", "a", "d", "c", "b"]  # Keras 3.15.1
        inverse = layers.StringLookup(vocabulary=["a", "b"], invert=True)(np.array([[0, 1, 2, 3]]))
        assert inverse.tolist() == [["[UNK]", "a", "b", "[UNK]"]]
        # The config and the vocabulary asset round trip on the layer itself (models holding it: test_text_vectorization).
        layer.save_assets(str(tmp_path))
        assert (tmp_path / "vocabulary.txt").read_bytes() == b"[UNK]\na\nd\nc\nb"  # Keras's file
        rebuilt = layers.StringLookup.from_config(layer.get_config())
        assert rebuilt.vocabulary_size() == 5
        rebuilt.load_assets(str(tmp_path))
        assert rebuilt.get_vocabulary() == layer.get_vocabulary()
        np.testing.assert_array_equal(_np(rebuilt(np.array([["a", "b", "zz"]]))), [[1, 4, 0]])


def test_same_on_every_backend(backends_under_test):
    assert_same_on_every_backend(layers.IntegerLookup, {"vocabulary": [3, 1, 2], "output_mode": "count",
                                                        "num_oov_indices": 2}, backends_under_test,
                                 input_shape=(2, 5), input_dtype="int64")


KERAS_SCRIPT = """
import json
import numpy as np, keras
x = np.array([[12, 42, 7], [1, 1, 1000]])
loaded = keras.saving.load_model(MK_FILE)  # written by multikeras
inputs = keras.Input((3,), dtype="int64")
lookup = keras.layers.IntegerLookup(output_mode="tf_idf", name="lookup")
lookup.adapt(np.array([[12, 1138, 42], [42, 1000, 36], [42, 12, 1]]))
keras.Model(inputs, lookup(inputs)).save(KERAS_FILE)
print(json.dumps({"read": np.asarray(loaded.predict(x, verbose=0)).tolist(),
                  "vocabulary": [int(t) for t in loaded.get_layer("lookup").get_vocabulary()]}))
"""


def test_keras_files_round_trip_an_adapted_tf_idf_lookup(tmp_path, run_python):
    """A .keras file of an adapted IntegerLookup: vocabulary asset and idf weights, read and written both ways."""
    pytest.importorskip("keras")
    pytest.importorskip("tensorflow")
    x = np.array([[12, 42, 7], [1, 1, 1000]])
    with mk.backend.use("numpy"):
        inputs = mk.Input((3,), dtype="int64")
        lookup = layers.IntegerLookup(output_mode="tf_idf", name="lookup")
        lookup.adapt(ADAPT_DATA)
        model = mk.Model(inputs, lookup(inputs))
        expected = _np(model(x))
        model.save(str(tmp_path / "mk.keras"))
    files = f"MK_FILE = {str(tmp_path / 'mk.keras')!r}\nKERAS_FILE = {str(tmp_path / 'keras.keras')!r}\n"
    run = run_python(files + KERAS_SCRIPT, env={"KERAS_BACKEND": "tensorflow"})
    assert run.returncode == 0, run.stderr[-3000:]
    result = run.json()
    assert result["vocabulary"] == lookup.get_vocabulary()
    np.testing.assert_allclose(result["read"], expected, rtol=1e-6)
    with mk.backend.use("numpy"):
        loaded = mk.saving.load_model(str(tmp_path / "keras.keras"))
        assert loaded.get_layer("lookup").get_vocabulary() == lookup.get_vocabulary()
        np.testing.assert_allclose(_np(loaded(x)), expected, rtol=1e-6)
