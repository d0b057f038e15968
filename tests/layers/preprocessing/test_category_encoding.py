"""CategoryEncoding through the layer harness on every backend: output modes, shapes, count weights, dtypes
and argument checks."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers, ops
from layers.harness import assert_same_on_every_backend, run_layer_test

NUM_TOKENS = 6  # the harness draws ids in [0, 5): the last category never occurs


def _one_hot(ids, num_tokens=NUM_TOKENS):
    return (ids[..., None] == np.arange(num_tokens)).astype("float32")


@pytest.mark.parametrize(
    "mode, input_shape, output_shape, reference",
    [
        ("one_hot", (2, 3), (2, 3, NUM_TOKENS), _one_hot),
        ("one_hot", (2, 1), (2, NUM_TOKENS), lambda x: _one_hot(x[:, 0])),
        ("one_hot", (4,), (4, NUM_TOKENS), _one_hot),
        ("multi_hot", (2, 3), (2, NUM_TOKENS), lambda x: _one_hot(x).max(axis=1)),
        ("multi_hot", (4,), (NUM_TOKENS,), lambda x: _one_hot(x).max(axis=0)),
        ("count", (2, 3), (2, NUM_TOKENS), lambda x: _one_hot(x).sum(axis=1)),
    ],
)
def test_category_encoding(backend_name, mode, input_shape, output_shape, reference):
    with mk.backend.use(backend_name):
        run_layer_test(
            layers.CategoryEncoding, {"num_tokens": NUM_TOKENS, "output_mode": mode},
            input_shape=input_shape, input_dtype="int32",
            expected_output_shape=output_shape,
            expected_output_dtype="float32",
            expected_num_trainable_weights=0,
            expected_num_non_trainable_weights=0,
            supports_masking=False,
            expected_output=lambda x, w: reference(x),
        )


def test_count_weights_float_ids_and_out_of_range_ids(backend_name):
    ids = np.array([[0, 1, 1], [3, 3, 2]])
    with mk.backend.use(backend_name):
        counted = layers.CategoryEncoding(4, output_mode="count")(ids, count_weights=np.array([[1.0, 0.5, 2.0], [1, 1, 3]]))
        np.testing.assert_allclose(ops.convert_to_numpy(counted), [[1.0, 2.5, 0, 0], [0, 0, 3.0, 2.0]])
        multi = layers.CategoryEncoding(4)(ids.astype("float32"))
        np.testing.assert_array_equal(ops.convert_to_numpy(multi), [[1, 1, 0, 0], [0, 0, 1, 1]])
        # Ids outside [0, num_tokens) contribute nothing, on every backend.
        one_hot = layers.CategoryEncoding(3, output_mode="one_hot")(np.array([0, 3, -1]))
        np.testing.assert_array_equal(ops.convert_to_numpy(one_hot), [[1, 0, 0], [0, 0, 0], [0, 0, 0]])
        half = layers.CategoryEncoding(4, output_mode="one_hot", dtype="float16")(np.array([1]))
        assert mk.backend.standardize_dtype(ops.dtype(half)) == "float16"


def test_category_encoding_same_on_every_backend(backends_under_test):
    for mode in ("one_hot", "multi_hot", "count"):
        assert_same_on_every_backend(
            layers.CategoryEncoding, {"num_tokens": NUM_TOKENS, "output_mode": mode}, backends_under_test,
            input_shape=(2, 3), input_dtype="int32",
        )


def test_rejects_bad_arguments_and_inputs(backend_name):
    for kwargs, message in [
        ({}, r"`num_tokens` must be set .* received num_tokens=None"),
        ({"num_tokens": 0}, r"`num_tokens` must be an int >= 1, received num_tokens=0"),
        ({"num_tokens": 3, "output_mode": "tf_idf"}, r"`output_mode` must be one of .* received output_mode='tf_idf'"),
        ({"num_tokens": 3, "sparse": True}, r"sparse outputs are not supported, received sparse=True"),
    ]:
        with pytest.raises(ValueError, match=r"CategoryEncoding '\w+': " + message):
            layers.CategoryEncoding(**kwargs)
    with mk.backend.use(backend_name):
        ids = np.zeros((1, 2, 2), "int32")
        with pytest.raises(ValueError, match=r"Layer 'multi_rank': input 0 must have rank <= 2, received shape \(1, 2, 2\)"):
            layers.CategoryEncoding(3, name="multi_rank")(ids)
        with pytest.raises(ValueError, match=r"`count_weights` only applies to output_mode='count', received output_mode='multi_hot'"):
            layers.CategoryEncoding(3)(ids[0], count_weights=np.ones((2, 2)))
        with pytest.raises(ValueError, match=r"`count_weights` must have the shape of the inputs \(2, 2\), received \(2, 3\)"):
            layers.CategoryEncoding(3, output_mode="count")(ids[0], count_weights=np.ones((2, 3)))
