"""Embedding through the layer harness on every backend, plus masks, initial weights and errors."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers
from layers.harness import assert_same_on_every_backend, run_layer_test


@pytest.mark.parametrize("mask_zero", [False, True])
def test_embedding(backend_name, mask_zero):
    with mk.backend.use(backend_name):
        run_layer_test(
            layers.Embedding, {"input_dim": 6, "output_dim": 4, "mask_zero": mask_zero,
                               "embeddings_regularizer": "l2"},
            input_shape=(2, 3),
            input_dtype="int32",
            expected_output_shape=(2, 3, 4),
            expected_output_dtype="float32",
            expected_output=lambda x, w: w[0][x],
            expected_num_trainable_weights=1,
            expected_num_non_trainable_weights=0,
            expected_num_losses=1,
            supports_masking=mask_zero,
        )


def test_embedding_mask_and_float_indices(backend_name):
    indices = np.array([[0, 3, 1], [2, 0, 0]], "int32")
    with mk.backend.use(backend_name):
        layer = layers.Embedding(5, 2, mask_zero=True)
        out = layer(indices.astype("float32"))  # float indices are cast to int32
        np.testing.assert_allclose(mk.ops.convert_to_numpy(out), layer.embeddings.numpy()[indices])
        np.testing.assert_array_equal(mk.ops.convert_to_numpy(layer.compute_mask(indices)), indices != 0)
        assert layers.Embedding(5, 2).compute_mask(indices) is None

        class MaskAsOutput(mk.layers.Layer):
            def call(self, inputs, mask=None):
                return mk.ops.cast(mask, "int32")

        inputs = mk.Input((3,), dtype="int32")
        model = mk.Model(inputs, MaskAsOutput()(layers.Embedding(5, 2, mask_zero=True)(inputs)))
        np.testing.assert_array_equal(mk.ops.convert_to_numpy(model(indices)), (indices != 0).astype("int32"))


def test_embedding_initial_weights_and_config():
    table = np.arange(12, dtype="float32").reshape(6, 2)
    with mk.backend.use("numpy"):
        layer = layers.Embedding(6, 2, weights=[table])
        np.testing.assert_array_equal(layer(np.array([[5, 1]])), table[[[5, 1]]])
    config = layers.Embedding(10, 3).get_config()
    assert config["embeddings_initializer"]["class_name"] == "RandomUniform"
    assert config["embeddings_initializer"]["config"]["minval"] == -0.05
    assert {k: config[k] for k in ("input_dim", "output_dim", "mask_zero")} == {"input_dim": 10, "output_dim": 3,
                                                                                "mask_zero": False}


def test_embedding_same_on_every_backend(backends_under_test):
    assert_same_on_every_backend(layers.Embedding, {"input_dim": 6, "output_dim": 3}, backends_under_test,
                                 input_shape=(2, 4), input_dtype="int32")


@pytest.mark.parametrize("kwargs, message", [
    ({"input_dim": 0, "output_dim": 2}, r"input_dim must be a positive int, received input_dim=0"),
    ({"input_dim": 3, "output_dim": -1}, r"output_dim must be a positive int, received output_dim=-1"),
    ({"input_dim": 3.5, "output_dim": 2}, r"input_dim must be a positive int, received input_dim=3.5"),
    ({"input_dim": 3, "output_dim": 2, "mask_zero": "yes"}, r"mask_zero must be a bool, received mask_zero='yes'"),
    ({"input_dim": 3, "output_dim": 2, "lora_rank": 2}, r"LoRA is not supported yet, received lora_rank=2"),
])
def test_embedding_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=r"Embedding 'embedding\w*': " + message):
        layers.Embedding(**kwargs)


def test_embedding_rejects_wrong_weight_shape():
    with mk.backend.use("numpy"):
        with pytest.raises(ValueError, match=r"weight embedding\w*/embeddings has shape \(6, 2\), received an array of shape \(5, 2\)"):
            layers.Embedding(6, 2, weights=[np.zeros((5, 2), "float32")])
