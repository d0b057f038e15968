"""TextVectorization on every backend: standardization, splitting, n-grams, output modes, adapt, vocabulary files,
tf-idf weights, configs, models that take text (fit, predict, .keras files both ways with Keras 3), against results
recorded from Keras 3.15.1 (tensorflow backend), against Keras 3 run in a subprocess, and against hand-checked
expectations."""

from __future__ import annotations

import json
import math
import string

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers, ops

TextVectorization = layers.TextVectorization
CORPUS = ["The Cat sat.", "the dog, sat!", "A cat & a dog"]


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _check(out, expected, dtype="int64"):
    assert mk.backend.standardize_dtype(ops.dtype(out)) == dtype
    got = _np(out)
    assert got.shape == np.asarray(expected, dtype=float).shape
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-7)


# Recorded from keras.layers.TextVectorization (Keras 3.15.1, tensorflow backend): (constructor arguments, data for
# adapt or None, input, expected vocabulary or None, expected output).
KERAS_CASES = [
    ({}, CORPUS, CORPUS, ["", "[UNK]", "the", "sat", "dog", "cat", "a"], [[2, 5, 3, 0], [2, 4, 3, 0], [6, 5, 6, 4]]),
    ({"output_sequence_length": 2}, CORPUS, CORPUS, None, [[2, 5], [2, 4], [6, 5]]),
    ({"output_mode": "multi_hot"}, CORPUS, CORPUS, ["[UNK]", "the", "sat", "dog", "cat", "a"],
     [[0, 1, 1, 0, 1, 0], [0, 1, 1, 1, 0, 0], [0, 0, 0, 1, 1, 1]]),
    ({"output_mode": "count"}, CORPUS, [[s] for s in CORPUS], None,
     [[0, 1, 1, 0, 1, 0], [0, 1, 1, 1, 0, 0], [0, 0, 0, 1, 1, 2]]),
    ({"output_mode": "tf_idf"}, CORPUS, CORPUS, None,
     [[0, 0.6931472, 0.6931472, 0, 0.6931472, 0], [0, 0.6931472, 0.6931472, 0.6931472, 0, 0],
      [0, 0, 0, 0.6931472, 0.6931472, 1.8325815]]),
    ({"output_mode": "count"}, CORPUS, "the cat", None, [0, 1, 0, 0, 1, 0]),
    ({"max_tokens": 4, "output_mode": "multi_hot", "pad_to_max_tokens": True}, CORPUS, CORPUS,
     ["[UNK]", "the", "sat", "dog"], [[1, 1, 1, 0], [0, 1, 1, 1], [1, 0, 0, 1]]),
    ({"max_tokens": 6}, CORPUS, ["the cat"], ["", "[UNK]", "the", "sat", "dog", "cat"], [[2, 5]]),
    ({"max_tokens": 4}, ["b b a a c"], ["a b c"], ["", "[UNK]", "b", "a"], [[3, 2, 1]]),
    # Splitting into characters (Unicode code points, spaces included); ties: the greater character first.
    ({"standardize": None, "split": "character"}, ["ab cé😀"], ["ab cé😀", "b"],
     ["", "[UNK]", "😀", "é", "c", "b", "a", " "], [[6, 5, 7, 4, 3, 2], [5, 0, 0, 0, 0, 0]]),
    ({"split": None}, ["The Cat", "the cat", "x"], ["The Cat", "y"], ["", "[UNK]", "the cat", "x"], [2, 1]),
    ({"split": None}, ["The Cat", "the cat", "x"], [["The Cat"], ["y"]], None, [[2], [1]]),
    # N-grams: all 1-grams of a string, then its 2-grams ..., in the order of the `ngrams` tuple.
    ({"ngrams": 2}, ["a b c d", "a b"], ["a b c", "d"], ["", "[UNK]", "b", "a b", "a", "d", "c d", "c", "b c"],
     [[4, 2, 7, 3, 8], [5, 0, 0, 0, 0]]),
    ({"ngrams": (2,)}, ["a b c d", "a b"], ["a b c", "d"], ["", "[UNK]", "a b", "c d", "b c"], [[2, 4], [0, 0]]),
    ({"ngrams": (1, 3)}, ["a b c d", "a b"], ["a b c", "d"], ["", "[UNK]", "b", "a", "d", "c", "b c d", "a b c"],
     [[3, 2, 5, 7], [4, 0, 0, 0]]),
    ({"ngrams": 3}, ["a b c d", "a b"], ["a b c", "d"], None, [[4, 2, 7, 3, 9, 10], [5, 0, 0, 0, 0, 0]]),
    ({"ngrams": (3, 1)}, ["a b c d", "a b"], ["a b c", "d"], None, [[7, 3, 2, 5], [4, 0, 0, 0]]),
    ({"ngrams": 2, "split": "character", "standardize": None}, ["abc"], ["abd"],
     ["", "[UNK]", "c", "b c", "b", "a b", "a"], [[6, 4, 1, 5, 1]]),
    ({"split": None, "ngrams": 2, "vocabulary": ["a"]}, None, ["a b", "b"], None, [1, 1, 1]),
    ({"split": None, "ngrams": 2, "vocabulary": ["a b"]}, None, [["a", "b", "c"], ["a", "b", "a"]], None,
     [[1, 1, 1, 2, 1], [1, 1, 1, 2, 1]]),
    # tf-idf: idf = log(1 + documents / (1 + documents with the token)); the OOV weight is their mean.
    ({"output_mode": "tf_idf"}, ["a b", "b c", "b b d"], ["a b b q"], ["[UNK]", "b", "d", "c", "a"],
     [[0.827122, 1.1192316, 0, 0, 0.9162908]]),
    ({"output_mode": "tf_idf", "ngrams": 2}, ["a b", "b c", "b b d"], ["a b b q"],
     ["[UNK]", "b", "d", "c", "b d", "b c", "b b", "a b", "a"],
     [[1.7434127, 1.1192316, 0, 0, 0, 0, 0.9162908, 0.9162908, 0.9162908]]),
    ({"output_mode": "tf_idf", "max_tokens": 5, "pad_to_max_tokens": True}, ["a b", "b"], ["a b z"], None,
     [[0.6019864, 0.5108256, 0.6931472, 0, 0]]),
    ({"output_mode": "tf_idf", "vocabulary": ["a", "b"], "idf_weights": [0.5, 2.0]}, None, ["a b b z z", "q"], None,
     [[2.5, 0.5, 4.0], [1.25, 0, 0]]),
    ({"output_mode": "tf_idf", "vocabulary": ["[UNK]", "a", "b"], "idf_weights": [3.0, 0.5, 2.0]}, None,
     ["a b b z z", "q"], ["[UNK]", "a", "b"], [[6.0, 0.5, 4.0], [3.0, 0, 0]]),
    ({"split": None, "output_mode": "tf_idf"}, ["a", "a", "b"], [["a", "b"]], None, [[0, 0.6931472, 0.9162908]]),
    ({"split": None, "output_mode": "tf_idf"}, [["a", "a"], ["b", "a"]], [["a", "b"]], None,
     [[0, 0.5108256, 0.6931472]]),
    # Padding and truncation; empty strings; shapes.
    ({"vocabulary": ["a"], "output_sequence_length": 3}, None, ["", "a a a a a"], None, [[0, 0, 0], [2, 2, 2]]),
    ({"vocabulary": ["a"], "output_sequence_length": 3, "split": "character"}, None, ["", "a a a a a"], None,
     [[0, 0, 0], [2, 1, 2]]),
    ({"vocabulary": ["a"], "output_sequence_length": 0}, None, ["a a", "a"], None, np.zeros((2, 0))),
    ({"vocabulary": ["a"]}, None, ["", "a"], None, [[0], [2]]),
    ({"vocabulary": ["a"]}, None, ["", ""], None, np.zeros((2, 0))),
    ({"vocabulary": ["a"]}, None, [[["a b"]]], None, [[[2, 1]]]),
    ({"vocabulary": ["a"]}, None, "a b", None, [2, 1]),
    ({"vocabulary": ["a"], "split": None}, None, "a", None, 2),
    ({"vocabulary": ["a"], "split": None, "output_mode": "count"}, None, "a", None, [0, 1]),
    ({"vocabulary": ["a", "b"], "split": None, "output_sequence_length": 3}, None, ["a", "b"], None, [2, 3, 0]),
    ({"vocabulary": ["a", "b"], "split": None, "output_sequence_length": 3}, None, [["a"], ["b"]], None,
     [[2, 0, 0], [3, 0, 0]]),
    ({"vocabulary": ["a", "b"], "split": None, "output_sequence_length": 1}, None, [["a", "b"], ["b", "a"]], None,
     [[2], [3]]),
    ({"vocabulary": ["a", "b"], "split": None, "output_mode": "multi_hot"}, None, ["a", "b", "c"], None, [1, 1, 1]),
    ({"vocabulary": ["a", "b"], "split": None, "output_mode": "multi_hot"}, None, [["a"], ["b"], ["c"]], None,
     [[0, 1, 0], [0, 0, 1], [1, 0, 0]]),
    ({"vocabulary": ["a", "b"], "split": None, "output_mode": "count"}, None, [["a", "a"], ["b", "c"]], None,
     [[0, 2, 0], [1, 0, 1]]),
    ({"vocabulary": ["a", "b"], "split": None, "output_mode": "one_hot"}, None, ["a", "b", "c"], None,
     [[0, 1, 0], [0, 0, 1], [1, 0, 0]]),
    ({"vocabulary": ["a", "b"], "split": None, "output_mode": "one_hot"}, None, [["a", "b"], ["b", "c"]], None,
     [[[0, 1, 0], [0, 0, 1]], [[0, 0, 1], [1, 0, 0]]]),
    # Standardization: ASCII-only lowercasing and punctuation; splitting at ASCII whitespace only.
    ({"standardize": "lower", "vocabulary": ["hello", "wörld"]}, None, ["HeLLo WÖRLD Wörld"], None, [[2, 1, 3]]),
    ({"vocabulary": ["a"]}, None, ["a , a ... !"], None, [[2, 2]]),
    ({"vocabulary": ["dont", "a"]}, None, ["Don't a-b"], None, [[2, 1]]),
    ({"vocabulary": ["a", "b"]}, None, ["a\tb\n\x0ba\x0cb\rA"], None, [[2, 3, 2, 3, 2]]),
    ({"vocabulary": ["a"]}, None, ["a… «a» ¿a? — a"], None, [[1, 1, 1, 1, 2]]),
    # Vocabularies that lead with the special tokens; "[UNK]" and "" tokens are not counted by adapt.
    ({"vocabulary": ["", "[UNK]", "a"]}, None, ["a z"], ["", "[UNK]", "a"], [[2, 1]]),
    ({"vocabulary": ["[UNK]", "a"], "output_mode": "multi_hot"}, None, ["a z"], ["[UNK]", "a"], [[1, 1]]),
    ({"standardize": None}, ["[UNK] [UNK] a"], ["a"], ["", "[UNK]", "a"], [[2]]),
    ({"split": None, "output_mode": "multi_hot"}, ["", "a", ""], ["a"], ["[UNK]", "a"], [0, 1]),
    ({"split": None}, ["", "a", ""], ["a"], ["", "[UNK]", "a"], [2]),
    ({"split": None}, ["[UNK]", "a", "[UNK]"], ["a"], ["", "[UNK]", "unk", "a"], [3]),
]


@pytest.mark.parametrize("kwargs, adapt_data, data, vocabulary, expected", KERAS_CASES)
def test_matches_keras(backend_name, kwargs, adapt_data, data, vocabulary, expected):
    with mk.backend.use(backend_name):
        layer = TextVectorization(**kwargs)
        if adapt_data is not None:
            layer.adapt(adapt_data)
        if vocabulary is not None:
            assert layer.get_vocabulary() == vocabulary
        given = np.array(data) if not isinstance(data, str) else data
        _check(layer(given), expected, "float32" if kwargs.get("output_mode") == "tf_idf" else "int64")


def test_inputs_lists_bytes_and_strings(backend_name):
    with mk.backend.use(backend_name):
        layer = TextVectorization(vocabulary=["é", "a"])
        expected = [[2, 3, 1], [3, 0, 0]]
        for given in (["é a x", "a"], np.array(["é a x", "a"]), np.array(["é a x", "a"], dtype=object),
                      np.array(["é a x".encode(), b"a"]), np.array(["é a x".encode(), b"a"], dtype=object)):
            _check(layer(given), expected)
        _check(TextVectorization(vocabulary=["é"], encoding="latin-1")(np.array(["é".encode("latin-1")])), [[2]])


def test_punctuation_lowercasing_and_whitespace_are_keras_sets(backend_name):
    """Keras 3 strips exactly the 32 ASCII punctuation characters, lowercases A-Z only and splits at the six ASCII
    whitespace characters (observed character by character on Keras 3.15.1)."""
    with mk.backend.use(backend_name):
        keep = "¿¡«»—–…“”‘’·§¶©®°±×÷€£¥、。「」！？，：；（）【】〜※•‰′″‹›⁄‐‑‒―‖†‡" + string.ascii_letters + string.digits + " "
        stripper = TextVectorization(standardize="strip_punctuation", split=None, vocabulary=["ab"])
        removed = [c for c in keep + string.punctuation if _np(stripper(np.array(["a" + c + "b"]))).tolist() == [2]]
        assert "".join(removed) == string.punctuation
        lower = TextVectorization(standardize="lower", split=None)
        lower.adapt(["ÄÖÜ É Σ İ ẞ ABC Ǆ ΣΑΣ"])
        assert lower.get_vocabulary() == ["", "[UNK]", "ÄÖÜ É Σ İ ẞ abc Ǆ ΣΑΣ"]
        for separator, splits in [(" ", True), ("\t", True), ("\n", True), ("\v", True), ("\f", True), ("\r", True),
                                  ("\u00a0", False), ("\u3000", False), ("\u2003", False), ("\u0085", False),
                                  ("\u2028", False), ("\x1c", False), ("\u200b", False)]:
            layer = TextVectorization(standardize=None)
            layer.adapt(["a" + separator + "b"])
            expected = ["", "[UNK]", "b", "a"] if splits else ["", "[UNK]", "a" + separator + "b"]
            assert layer.get_vocabulary() == expected, repr(separator)


def test_adapt_orders_by_count_then_greater_token(backend_name):
    with mk.backend.use(backend_name):
        layer = TextVectorization()
        layer.adapt(["b a c b", "c a b", "d"])  # b: 3, a: 2, c: 2, d: 1
        assert layer.get_vocabulary() == ["", "[UNK]", "b", "c", "a", "d"]
        assert layer.get_vocabulary(include_special_tokens=False) == ["b", "c", "a", "d"]
        assert layer.vocabulary_size() == 6
        layer.adapt(["z"])  # adapting again replaces the vocabulary
        assert layer.get_vocabulary() == ["", "[UNK]", "z"]
        fresh = TextVectorization(output_mode="multi_hot")
        assert fresh.get_vocabulary() == ["[UNK]"] and fresh.vocabulary_size() == 1
        assert TextVectorization().vocabulary_size() == 2


def test_adapt_reads_batches_generators_and_steps(backend_name):
    with mk.backend.use(backend_name):
        layer = TextVectorization()
        layer.adapt([np.array(["a b"]), np.array(["b c"])])  # a list of arrays: batches
        assert layer.get_vocabulary() == ["", "[UNK]", "b", "c", "a"]

        def batches():
            yield np.array(["x y"])
            yield (np.array([["y"]]), np.zeros(1))  # (x, y) pairs: x is read
            yield np.array(["never read"])

        layer.adapt(batches(), steps=2)
        assert layer.get_vocabulary() == ["", "[UNK]", "y", "x"]
        layer.adapt("one string", batch_size=4)
        assert layer.get_vocabulary() == ["", "[UNK]", "string", "one"]
        with pytest.raises(ValueError, match=r"TextVectorization '\w+': to split strings, the input must be of rank 1 "
                                             r"or have a last axis of size 1 .*\(2, 2\)"):
            layer.adapt(np.array([["a b", "c"], ["b", "d"]]))
        by_element = TextVectorization(split=None)
        by_element.adapt(np.array([["a b", "c"], ["b", "d"]]))
        assert by_element.get_vocabulary() == ["", "[UNK]", "d", "c", "b", "a b"]  # Keras 3.15.1


def test_adapt_reads_a_tf_data_dataset(backend_name):
    tf = pytest.importorskip("tensorflow")
    dataset = tf.data.Dataset.from_tensor_slices(["a b", "b c", "b b d"]).batch(2)
    with mk.backend.use(backend_name):
        layer = TextVectorization(output_mode="tf_idf")
        layer.adapt(dataset)
        assert layer.get_vocabulary() == ["[UNK]", "b", "d", "c", "a"]
        _check(layer(np.array(["a b b q"])), [[0.827122, 1.1192316, 0, 0, 0.9162908]], "float32")
        layer.adapt(dataset, steps=1)
        assert layer.get_vocabulary() == ["[UNK]", "b", "c", "a"]  # Keras 3.15.1
        # A string tensor of a framework is text too (read through NumPy).
        _check(TextVectorization(vocabulary=["a"])(tf.constant(["a b", "a"])), [[2, 1], [2, 0]])


def test_tf_idf_weights_by_hand(backend_name):
    documents = ["red fish blue fish", "one fish", "red sky", "blue blue blue"]
    with mk.backend.use(backend_name):
        layer = TextVectorization(output_mode="tf_idf")
        layer.adapt(documents)
        vocabulary = layer.get_vocabulary(include_special_tokens=False)
        assert vocabulary == ["blue", "fish", "red", "sky", "one"]  # blue: 4, fish: 3, red: 2; ties: greater first
        containing = {t: sum(t in d.split() for d in documents) for t in vocabulary}
        idf = {t: math.log(1 + len(documents) / (1 + containing[t])) for t in vocabulary}
        oov = sum(idf.values()) / len(idf)
        expected = [2 * oov, idf["blue"], 2 * idf["fish"], 0, 0, 0]  # "new" and "cat" are OOV
        _check(layer(np.array(["new fish blue fish cat"])), [expected], "float32")


def test_vocabulary_files_and_set_vocabulary(backend_name, tmp_path):
    plain, with_specials, crlf = tmp_path / "plain.txt", tmp_path / "specials.txt", tmp_path / "crlf.txt"
    plain.write_text("a\nb\nc\n", encoding="utf-8")
    with_specials.write_text("\n[UNK]\na\nb", encoding="utf-8")
    crlf.write_bytes(b"a\r\nb\r\n")
    with mk.backend.use(backend_name):
        layer = TextVectorization(vocabulary=str(plain))
        assert layer.get_vocabulary() == ["", "[UNK]", "a", "b", "c"]
        assert layer.get_config()["vocabulary"] is None  # a file travels as an asset, as in Keras
        _check(layer(np.array(["a c d"])), [[2, 4, 1]])
        assert TextVectorization(vocabulary=with_specials).get_vocabulary() == ["", "[UNK]", "a", "b"]
        assert TextVectorization(vocabulary=str(crlf)).get_vocabulary() == ["", "[UNK]", "a", "b"]
        layer.set_vocabulary(["x", "y"])
        assert layer.get_vocabulary() == ["", "[UNK]", "x", "y"]
        _check(layer(np.array(["y x q"])), [[3, 2, 1]])
        tf_idf = TextVectorization(output_mode="tf_idf")
        tf_idf.set_vocabulary(["x", "y"], idf_weights=[1.0, 2.0])
        _check(tf_idf(np.array(["x y y w"])), [[1.5, 1.0, 4.0]], "float32")  # OOV weight: the mean
        tf_idf.set_vocabulary(["[UNK]", "x"], idf_weights=[5.0, 1.0])
        _check(tf_idf(np.array(["x q"])), [[5.0, 1.0]], "float32")  # OOV weight given with "[UNK]"
        with pytest.raises(ValueError, match=r"TextVectorization '\w+': the vocabulary file '.*nope.txt' does not "
                                             r"exist"):
            TextVectorization(vocabulary=str(tmp_path / "nope.txt"))


def test_rejects_bad_arguments_and_inputs(backend_name):
    for kwargs, message in [
        ({"ragged": True}, r"`ragged=True` is not supported \(Keras 3 supports it on the tensorflow backend only\), "
                           r"received ragged=True; use ragged=False"),
        ({"sparse": True, "output_mode": "multi_hot"}, r"`sparse=True` is not supported .*received sparse=True"),
        ({"output_sequence_length": 3, "output_mode": "multi_hot"},
         r"`output_sequence_length` only applies to output_mode='int', received output_sequence_length=3"),
        ({"output_sequence_length": 2.0}, r"`output_sequence_length` must be None or an int >= 0, received "
                                          r"output_sequence_length=2.0"),
        ({"output_sequence_length": -1}, r"`output_sequence_length` must be None or an int >= 0, received "
                                         r"output_sequence_length=-1"),
        ({"output_mode": "foo"}, r"`output_mode` must be one of .*received output_mode='foo'"),
        ({"standardize": "upper"}, r"`standardize` must be one of \('lower_and_strip_punctuation', 'lower', "
                                   r"'strip_punctuation'\), None or a callable, received standardize='upper'"),
        ({"split": "comma"}, r"`split` must be one of \('whitespace', 'character'\), None or a callable"),
        ({"ngrams": 2.0}, r"`ngrams` must be None, an int >= 1 or a non-empty tuple of ints >= 1, received ngrams=2.0"),
        ({"ngrams": [1, 2]}, r"`ngrams` must be None, .* received ngrams=\[1, 2\]"),
        ({"ngrams": 0}, r"`ngrams` must be None, .* received ngrams=0"),
        ({"ngrams": (0, 2)}, r"`ngrams` must be None, .* received ngrams=\(0, 2\)"),
        ({"output_mode": "one_hot"}, r"output_mode='one_hot' encodes .* needs split=None and ngrams=None, received "
                                     r"split='whitespace'"),
        ({"max_tokens": 1}, r"`max_tokens` must be None or an int > 1, received max_tokens=1"),
        ({"pad_to_max_tokens": True}, r"`pad_to_max_tokens=True` needs `max_tokens`"),
        ({"vocabulary": ["a"], "max_tokens": 2}, r"the vocabulary has 3 entries with the special tokens, more than "
                                                 r"max_tokens=2"),
        ({"output_mode": "tf_idf", "vocabulary": ["a", "b"]},
         r"with `vocabulary` given and output_mode='tf_idf', `idf_weights` must be given too"),
        ({"vocabulary": ["a", "b"], "idf_weights": [1.0, 2.0]}, r"`idf_weights` only applies to output_mode='tf_idf'"),
        ({"output_mode": "tf_idf", "vocabulary": ["a", "b"], "idf_weights": [3.0, 0.5, 2.0]},
         r"`idf_weights` must have one weight per entry of `vocabulary` \(2\), received 3"),
        ({"vocabulary": ["a", "a"]}, r"`vocabulary` must not repeat tokens, received repeated tokens \['a'\]"),
        ({"vocabulary": ["a", ""]}, r"the mask token '' is in `vocabulary` at position 1"),
        ({"vocabulary": ["", "[UNK]", "a"], "output_mode": "multi_hot"}, r"the mask token '' is in `vocabulary`"),
    ]:
        with pytest.raises(ValueError, match=r"TextVectorization '\w+': " + message):
            TextVectorization(**kwargs)
    with mk.backend.use(backend_name):
        layer = TextVectorization(vocabulary=["a"])
        with pytest.raises(ValueError, match=r"to split strings, the input must be of rank 1 or have a last axis of "
                                             r"size 1 \(one string per row\), received shape \(2, 2\)"):
            layer(np.array([["a b", "a"], ["b", "c"]]))
        with pytest.raises(ValueError, match=r"expected text \(strings or bytes\), received an array of dtype int64"):
            layer(np.array([1, 2]))
        with pytest.raises(ValueError, match=r"output_mode='count' makes one vector per string .* rank <= 2"):
            TextVectorization(vocabulary=["a"], output_mode="count")(np.array([[["a b"]]]))
        for mode in ("int", "multi_hot", "tf_idf"):
            with pytest.raises(RuntimeError, match=r"has no vocabulary yet; call `adapt\(\)`"):
                TextVectorization(output_mode=mode)(np.array(["a"]))


def test_shapes_and_symbolic_calls(backend_name):
    with mk.backend.use(backend_name):
        for kwargs, input_shape, output_shape, batch in [
            ({}, (None,), (None, None), np.array(["a b", "a"])),
            ({}, (None, 1), (None, None), np.array([["a b"], ["a"]])),
            ({"output_sequence_length": 5}, (None, 1), (None, 5), np.array([["a b"], ["a"]])),
            ({"output_sequence_length": 5}, (3,), (3, 5), np.array(["a b", "a", "b"])),
            ({"split": None}, (None, 3), (None, 3), np.array([["a", "b", "c"]])),
            ({"split": None, "ngrams": 2}, (None, 3), (None, 5), np.array([["a", "b", "c"]])),
            ({"output_mode": "multi_hot"}, (None, 1), (None, 3), np.array([["a b"], ["a"]])),
            ({"output_mode": "count"}, (None,), (None, 3), np.array(["a b", "a"])),
            ({"output_mode": "count", "max_tokens": 10, "pad_to_max_tokens": True}, (None,), (None, 10),
             np.array(["a b", "a"])),
            ({"output_mode": "tf_idf", "idf_weights": [1.0, 1.0]}, (None, 1), (None, 3), np.array([["a b"]])),
            ({"output_mode": "one_hot", "split": None}, (None, 1), (None, 3), np.array([["a"], ["b"]])),
            ({"output_mode": "one_hot", "split": None}, (None, 2), (None, 2, 3), np.array([["a", "b"]])),
        ]:
            layer = TextVectorization(vocabulary=["a", "b"], **kwargs)
            symbolic = layer(mk.Input(batch_shape=input_shape, dtype="string"))
            assert symbolic.shape == output_shape, kwargs
            assert symbolic.dtype == ("float32" if kwargs.get("output_mode") == "tf_idf" else "int64")
            out = _np(layer(batch))
            assert all(s is None or s == o for s, o in zip(output_shape, out.shape)), (kwargs, out.shape)
        # Before a vocabulary exists the vector size is unknown (as in Keras); the sequence length always is.
        assert TextVectorization(output_mode="multi_hot").compute_output_shape((None, 1)) == (None, None)


@mk.saving.register_keras_serializable(package="text_vectorization_test")
def comma_split(texts):
    return [text.split(",") for text in texts.tolist()]


@mk.saving.register_keras_serializable(package="text_vectorization_test")
def keep_digits(texts):
    return np.array(["".join(c for c in text if c.isdigit() or c == ",") for text in texts.reshape(-1)]).reshape(
        texts.shape)


def test_callables_config_round_trip_and_saving(backend_name, tmp_path):
    with mk.backend.use(backend_name):
        layer = TextVectorization(standardize=keep_digits, split=comma_split, ngrams=(1, 2), name="digits")
        layer.adapt(np.array([["a1,b2,c1"], ["1,2"]]))
        # "1,2,1" and "1,2": "1" 3 times, "2" and "1 2" twice ("2" is the greater string), "2 1" once.
        assert layer.get_vocabulary() == ["", "[UNK]", "1", "2", "1 2", "2 1"]
        _check(layer(np.array(["x1,2", "3,1"])), [[2, 3, 4], [1, 2, 1]])
        config = layer.get_config()
        assert config["ngrams"] == (1, 2) and config["vocabulary"] is None and config["vocabulary_size"] == 6
        inputs = mk.Input(shape=(1,), dtype="string")
        model = mk.Model(inputs, layer(inputs))
        path = str(tmp_path / "callables.keras")
        model.save(path)
        loaded = mk.saving.load_model(path)
        rebuilt = loaded.get_layer("digits")
        assert rebuilt.standardize is keep_digits and rebuilt.split is comma_split and rebuilt.ngrams == (1, 2)
        _check(loaded(np.array([["x1,2"], ["3,1"]])), [[2, 3, 4], [1, 2, 1]])
        # A config (as JSON would hold it) rebuilds the layer; the vocabulary size is known before the assets.
        fresh = TextVectorization.from_config(json.loads(json.dumps(
            mk.saving.serialize_keras_object(TextVectorization(output_mode="count", ngrams=(1, 3), max_tokens=9))
        ))["config"] | {"vocabulary_size": 7})
        assert fresh.ngrams == (1, 3) and fresh.compute_output_shape((None,)) == (None, 7)


def test_model_fit_predict_save_and_load(backend_name, tmp_path):
    texts = np.array([["good movie"], ["bad movie"], ["great film, good"], ["awful bad film"], ["good good"],
                      ["bad"]])
    labels = np.array([[1.0], [0.0], [1.0], [0.0], [1.0], [0.0]], "float32")
    with mk.backend.use(backend_name):
        vectorize = TextVectorization(max_tokens=12, output_sequence_length=4, name="vectorize")
        vectorize.adapt(texts)
        counts = TextVectorization(output_mode="tf_idf", ngrams=2, name="counts")
        counts.adapt(texts)
        inputs = mk.Input(shape=(1,), dtype="string")
        embedded = layers.GlobalAveragePooling1D()(layers.Embedding(12, 4, name="embedding")(vectorize(inputs)))
        outputs = layers.Dense(1, name="head")(layers.Concatenate()([embedded, counts(inputs)]))
        model = mk.Model(inputs, outputs)
        assert model.get_layer("vectorize").supports_jit is False
        direct = _np(model(texts))
        np.testing.assert_allclose(model.predict(texts, batch_size=4, verbose=0), direct, rtol=1e-5, atol=1e-6)
        if mk.backend.capabilities().trainable:
            model.compile(optimizer="adam", loss="mse")  # jit_compile="auto": runs eagerly (host text)
            history = model.fit(texts, labels, epochs=5, batch_size=3, verbose=0)
            assert history.history["loss"][-1] < history.history["loss"][0]
            model.evaluate(texts, labels, verbose=0)
            direct = _np(model(texts))
        path = str(tmp_path / "text.keras")
        model.save(path)
        loaded = mk.saving.load_model(path)
        assert loaded.get_layer("vectorize").get_vocabulary() == vectorize.get_vocabulary()
        assert loaded.get_layer("counts").get_vocabulary() == counts.get_vocabulary()
        np.testing.assert_allclose(loaded.predict(texts, verbose=0), direct, rtol=1e-5, atol=1e-6)


def test_model_reads_text_from_a_tf_data_dataset(backend_name):
    """String tensors from a tf.data pipeline reach the layer through NumPy, on every backend."""
    tf = pytest.importorskip("tensorflow")
    texts = np.array(["good movie", "bad movie", "great film, good", "awful bad film"])
    labels = np.array([[1.0], [0.0], [1.0], [0.0]], "float32")
    with mk.backend.use(backend_name):
        vectorize = TextVectorization(output_mode="tf_idf")
        vectorize.adapt(tf.data.Dataset.from_tensor_slices(texts).batch(3))
        inputs = mk.Input(shape=(), dtype="string")  # one string per sample
        model = mk.Model(inputs, layers.Dense(1, kernel_initializer="ones")(vectorize(inputs)))
        predicted = model.predict(tf.data.Dataset.from_tensor_slices(texts).batch(3), verbose=0)
        np.testing.assert_allclose(predicted, _np(model(texts)), rtol=1e-6)
        if mk.backend.capabilities().trainable:
            model.compile(optimizer="sgd", loss="mse")
            history = model.fit(tf.data.Dataset.from_tensor_slices((texts, labels)).batch(2), epochs=2, verbose=0)
            assert history.history["loss"][1] < history.history["loss"][0]


def test_given_oov_weight_survives_saving(backend_name, tmp_path):
    with mk.backend.use(backend_name):
        inputs = mk.Input(shape=(), dtype="string")
        given = TextVectorization(output_mode="tf_idf", vocabulary=["[UNK]", "a", "b"], idf_weights=[3.0, 0.5, 2.0],
                                  name="given")
        padded = TextVectorization(output_mode="tf_idf", max_tokens=6, pad_to_max_tokens=True, name="padded")
        padded.adapt(["a b", "b c", "b"])
        model = mk.Model(inputs, [given(inputs), padded(inputs)])
        texts = np.array(["a b b z z", "c q"])
        expected = [_np(o) for o in model(texts)]
        np.testing.assert_allclose(expected[0], [[6.0, 0.5, 4.0], [6.0, 0, 0]], rtol=1e-6)
        assert expected[1].shape == (2, 6)
        model.save(str(tmp_path / "weights.keras"))
        loaded = mk.saving.load_model(str(tmp_path / "weights.keras"))
        for got, want in zip(loaded(texts), expected):
            np.testing.assert_allclose(_np(got), want, rtol=1e-6)


def test_same_on_every_backend(backends_under_test):
    """One layer's outputs, for each output mode, equal on every backend in one process; a model moves between
    backends with its vocabulary."""
    texts = np.array(["The quick brown fox", "jumps over the lazy dog!", "THE END", "", "fox fox fox"])
    results: dict[str, dict[str, np.ndarray]] = {}
    for name in backends_under_test:
        with mk.backend.use(name):
            results[name] = {}
            for kwargs in ({"output_sequence_length": 6}, {"output_mode": "multi_hot", "ngrams": 2},
                           {"output_mode": "count", "split": "character"}, {"output_mode": "tf_idf", "max_tokens": 8,
                                                                            "pad_to_max_tokens": True}):
                layer = TextVectorization(**kwargs)
                layer.adapt(texts)
                results[name][json.dumps(kwargs)] = _np(layer(texts))
    reference = results[backends_under_test[0]]
    for name, outputs in results.items():
        for key, value in outputs.items():
            np.testing.assert_array_equal(value, reference[key], err_msg=f"{name}: {key}")
    first, *others = backends_under_test
    with mk.backend.use(first):
        inputs = mk.Input(shape=(1,), dtype="string")
        layer = TextVectorization(output_sequence_length=3)
        layer.adapt(texts)
        model = mk.Model(inputs, layers.Embedding(layer.vocabulary_size(), 2)(layer(inputs)))
        expected = model.predict(texts[:, None], verbose=0)
    for name in others:
        moved = model.to_backend(name)
        with mk.backend.use(name):
            np.testing.assert_allclose(moved.predict(texts[:, None], verbose=0), expected, rtol=1e-6)


def test_agrees_with_string_lookup(backend_name):
    """Tokens given one per element (split=None) are looked up as StringLookup looks them up."""
    tokens = np.array([["b", "a", "zz", "a"], ["c", "", "b", "q"]])
    with mk.backend.use(backend_name):
        for mode in ("int", "multi_hot", "count"):
            vectorize = TextVectorization(split=None, standardize=None, vocabulary=["a", "b", "c"], output_mode=mode)
            lookup = layers.StringLookup(vocabulary=["a", "b", "c"], mask_token="", output_mode=mode)
            np.testing.assert_array_equal(_np(vectorize(tokens)), _np(lookup(tokens)), err_msg=mode)


# Keras 3 in a subprocess ---------------------------------------------------------------------------------------

LIVE_CORPUS = [
    "Hello, World! HELLO world.", "Ça va? ÉCOLE école", "tab\tsep\nnew  line\r\nend", "nbsp\u00a0kept here",
    "it's a dog's life", "email@example.com #tag 50% off", "emoji 😀 ok 😀", "", "ＦＵＬＬ width！", "ß ẞ straße",
    "a-b_c (d) [e] {f}", "numbers 123 4.5 123", "   leading and trailing   ", "x y z x y x",
]
LIVE_QUERIES = LIVE_CORPUS[::-1] + ["unseen words here", "HELLO école 😀"]
LIVE_CASES = [
    {},
    {"standardize": "lower"},
    {"standardize": "strip_punctuation"},
    {"standardize": None},
    {"split": "character"},
    {"split": "character", "standardize": None, "ngrams": 2},
    {"split": None},
    {"ngrams": 2},
    {"ngrams": (1, 3), "max_tokens": 20},
    {"ngrams": (3,)},
    {"output_sequence_length": 5},
    {"output_sequence_length": 3, "ngrams": 2},
    {"output_mode": "multi_hot"},
    {"output_mode": "multi_hot", "max_tokens": 10, "pad_to_max_tokens": True},
    {"output_mode": "count", "ngrams": 2},
    {"output_mode": "count", "split": "character"},
    {"output_mode": "tf_idf"},
    {"output_mode": "tf_idf", "ngrams": (1, 2), "max_tokens": 15},
    {"output_mode": "tf_idf", "max_tokens": 12, "pad_to_max_tokens": True, "standardize": None},
    {"max_tokens": 8},
]

KERAS_LIVE_SCRIPT = """
import json, sys
import numpy as np, keras
cases, corpus, queries = json.load(open(CASES_FILE))
results = []
for kwargs in cases:
    if "ngrams" in kwargs and isinstance(kwargs["ngrams"], list):
        kwargs["ngrams"] = tuple(kwargs["ngrams"])
    layer = keras.layers.TextVectorization(**kwargs)
    layer.adapt(np.array(corpus))
    out = np.asarray(layer(np.array(queries)))
    results.append({"vocabulary": [str(t) for t in layer.get_vocabulary()], "output": out.tolist(),
                    "shape": list(out.shape)})
print(json.dumps(results))
"""


def test_matches_keras_run_in_a_subprocess(backends_under_test, run_python, tmp_path):
    """The same adapt and call in Keras 3 (tensorflow backend) and here, on a corpus with punctuation, capitals,
    Unicode, emoji, several kinds of whitespace and an empty string."""
    pytest.importorskip("keras")
    pytest.importorskip("tensorflow")
    cases_file = tmp_path / "cases.json"
    cases_file.write_text(json.dumps([LIVE_CASES, LIVE_CORPUS, LIVE_QUERIES]), encoding="utf-8")
    run = run_python(f"CASES_FILE = {str(cases_file)!r}\n" + KERAS_LIVE_SCRIPT, env={"KERAS_BACKEND": "tensorflow"})
    assert run.returncode == 0, run.stderr[-3000:]
    keras_results = run.json()
    for name in backends_under_test:
        with mk.backend.use(name):
            for kwargs, keras_result in zip(LIVE_CASES, keras_results):
                layer = TextVectorization(**kwargs)
                layer.adapt(np.array(LIVE_CORPUS))
                assert layer.get_vocabulary() == keras_result["vocabulary"], (name, kwargs)
                out = _np(layer(np.array(LIVE_QUERIES)))
                assert list(out.shape) == keras_result["shape"], (name, kwargs)
                np.testing.assert_allclose(out, keras_result["output"], rtol=1e-6, atol=1e-6,
                                           err_msg=f"{name}: {kwargs}")


KERAS_INTEROP_SCRIPT = """
import json
import numpy as np, keras, tensorflow as tf
texts = np.array(TEXTS)
def build():
    inputs = keras.Input(shape=(), dtype="string")
    ids = keras.layers.TextVectorization(max_tokens=10, output_sequence_length=4, name="ids")
    weights = keras.layers.TextVectorization(output_mode="tf_idf", ngrams=2, name="weights")
    ids.adapt(texts)
    weights.adapt(texts)
    pooled = keras.layers.GlobalAveragePooling1D()(keras.layers.Embedding(10, 3)(ids(inputs)))
    head = keras.layers.Dense(2, name="head")(keras.layers.Concatenate()([pooled, weights(inputs)]))
    return keras.Model(inputs, [ids(inputs), head])
loaded = keras.saving.load_model(MK_FILE)  # written by multikeras
read = [np.asarray(o).tolist() for o in loaded(tf.constant(texts))]
model = build()
model.save(KERAS_FILE)
written = [np.asarray(o).tolist() for o in model(tf.constant(texts))]
vocabularies = [[str(t) for t in loaded.get_layer(n).get_vocabulary()] for n in ("ids", "weights")]
print(json.dumps({"read": read, "written": written, "vocabularies": vocabularies}))
"""
INTEROP_TEXTS = ["the cat sat", "the dog sat down", "a cat, a dog!", "nothing"]


def _interop_model(library):
    texts = np.array(INTEROP_TEXTS)
    # One string per sample, shape (batch,): Keras 3 infers (batch, 1, tokens) for the tf-idf vectors of (batch, 1)
    # inputs (though it returns (batch, tokens)), so its Concatenate would refuse the model.
    inputs = library.Input(shape=(), dtype="string")
    ids = library.layers.TextVectorization(max_tokens=10, output_sequence_length=4, name="ids")
    weights = library.layers.TextVectorization(output_mode="tf_idf", ngrams=2, name="weights")
    ids.adapt(texts)
    weights.adapt(texts)
    pooled = library.layers.GlobalAveragePooling1D()(library.layers.Embedding(10, 3)(ids(inputs)))
    head = library.layers.Dense(2, name="head")(library.layers.Concatenate()([pooled, weights(inputs)]))
    return library.Model(inputs, [ids(inputs), head])


def test_keras_files_round_trip_both_ways(backends_under_test, run_python, tmp_path):
    """A model of two adapted TextVectorization layers (int ids; tf-idf with n-grams) and trained-shape weights:
    a multikeras .keras file read by Keras 3 gives multikeras's outputs, and Keras's file read here gives Keras's,
    on every backend (vocabulary assets and idf weights as Keras lays them out)."""
    pytest.importorskip("keras")
    pytest.importorskip("tensorflow")
    texts = np.array(INTEROP_TEXTS)
    with mk.backend.use(backends_under_test[0]):
        model = _interop_model(mk)
        expected = [_np(o) for o in model(texts)]
        vocabularies = [model.get_layer(n).get_vocabulary() for n in ("ids", "weights")]
        model.save(str(tmp_path / "mk.keras"))
    files = (f"MK_FILE = {str(tmp_path / 'mk.keras')!r}\nKERAS_FILE = {str(tmp_path / 'keras.keras')!r}\n"
             f"TEXTS = {INTEROP_TEXTS!r}\n")
    run = run_python(files + KERAS_INTEROP_SCRIPT, env={"KERAS_BACKEND": "tensorflow"})
    assert run.returncode == 0, run.stderr[-3000:]
    result = run.json()
    assert result["vocabularies"] == vocabularies
    for got, want in zip(result["read"], expected):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    for name in backends_under_test:
        with mk.backend.use(name):
            loaded = mk.saving.load_model(str(tmp_path / "keras.keras"))
            outputs = loaded.predict(texts, verbose=0)
            for got, want in zip(outputs, result["written"]):
                np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6, err_msg=name)
