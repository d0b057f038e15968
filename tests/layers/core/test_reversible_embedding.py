"""ReversibleEmbedding on every backend: forward lookup and reverse projection against NumPy, tied and separate
weights, logit soft cap, reverse dtype, masks, Keras 3's config and weights layout, errors."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers, ops
from layers.harness import assert_same_on_every_backend, run_layer_test


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


INDICES = np.array([[1, 0, 5], [2, 3, 3]], "int32")


class ReverseByDefault(layers.ReversibleEmbedding):
    """The layer with ``reverse=True`` as the default of every method taking it: the harness passes call arguments
    to ``call`` but not to ``compute_output_shape``."""

    def call(self, inputs, reverse=True):
        return super().call(inputs, reverse=reverse)

    def compute_output_shape(self, input_shape, reverse=True):
        return super().compute_output_shape(input_shape, reverse=reverse)

    def compute_output_spec(self, inputs, reverse=True, **kwargs):
        return super().compute_output_spec(inputs, reverse=reverse, **kwargs)


@pytest.mark.parametrize("tie_weights", [True, False])
def test_forward_harness(backend_name, tie_weights):
    with mk.backend.use(backend_name):
        run_layer_test(layers.ReversibleEmbedding, {"input_dim": 6, "output_dim": 4, "tie_weights": tie_weights},
                       input_data=INDICES, expected_output_shape=(2, 3, 4),
                       expected_output=lambda x, w: w[0][x], expected_num_trainable_weights=1 if tie_weights else 2,
                       expected_num_non_trainable_weights=0, supports_masking=False,
                       # Only the table rows looked up get a gradient; the separate reverse matrix gets none.
                       run_training_check=tie_weights)


@pytest.mark.parametrize("kwargs, reference", [
    ({}, lambda x, w: x @ w[0].T),
    ({"tie_weights": False}, lambda x, w: x @ w[1]),
    ({"logit_soft_cap": 0.5}, lambda x, w: np.tanh(x @ w[0].T / 0.5) * 0.5),
    ({"tie_weights": False, "logit_soft_cap": 2}, lambda x, w: np.tanh(x @ w[1] / 2) * 2),
])
def test_reverse_harness(backend_name, kwargs, reference):
    with mk.backend.use(backend_name):
        run_layer_test(ReverseByDefault, {"input_dim": 7, "output_dim": 4, **kwargs}, input_shape=(2, 3, 4),
                       expected_output_shape=(2, 3, 7), expected_output=reference,
                       expected_num_trainable_weights=1 + (not kwargs.get("tie_weights", True)))


def test_reverse_dtype(backend_name):
    hidden = np.random.default_rng(0).normal(size=(2, 3)).astype("float32")
    with mk.backend.use(backend_name):
        layer = layers.ReversibleEmbedding(5, 3, reverse_dtype="float16", logit_soft_cap=2.0)
        logits = layer(hidden, reverse=True)
        table = layer.embeddings.numpy()
        assert mk.backend.standardize_dtype(ops.dtype(logits)) == "float16"
        symbolic = layer(mk.Input((3,)), reverse=True)
        assert symbolic.dtype == "float16" and tuple(symbolic.shape) == (None, 5)
        mixed = layers.ReversibleEmbedding(5, 3, dtype="mixed_float16")
        assert mk.backend.standardize_dtype(ops.dtype(mixed(hidden, reverse=True))) == "float16"
        mixed_float32 = layers.ReversibleEmbedding(5, 3, dtype="mixed_float16", reverse_dtype="float32")
        assert mk.backend.standardize_dtype(ops.dtype(mixed_float32(hidden, reverse=True))) == "float32"
    expected = np.tanh(hidden.astype("float16") @ table.astype("float16").T / 2) * 2
    np.testing.assert_allclose(_np(logits).astype("float32"), expected, rtol=1e-2, atol=1e-2)


def test_same_on_every_backend(backends_under_test):
    assert_same_on_every_backend(layers.ReversibleEmbedding, {"input_dim": 6, "output_dim": 3}, backends_under_test,
                                 input_data=INDICES)
    assert_same_on_every_backend(layers.ReversibleEmbedding,
                                 {"input_dim": 6, "output_dim": 3, "tie_weights": False, "logit_soft_cap": 1.5},
                                 backends_under_test, input_shape=(2, 3), call_kwargs={"reverse": True})


def test_masks_only_from_indices(backend_name):
    x = np.array([[1, 2, 0, 0], [3, 0, 0, 0]], "int32")
    with mk.backend.use(backend_name):
        layer = layers.ReversibleEmbedding(5, 3, mask_zero=True)
        assert layer.supports_masking
        np.testing.assert_array_equal(_np(layer.compute_mask(ops.convert_to_tensor(x))), x != 0)
        assert layer.compute_mask(layer(x)) is None  # vectors (a reverse call) make no mask
        inputs = mk.Input((4,), dtype="int32")
        hidden = layer(inputs)
        assert hidden._keras_mask is not None
        logits = layer(hidden, reverse=True)
        assert getattr(logits, "_keras_mask", None) is None
        model = mk.Model(inputs, [layers.GlobalAveragePooling1D()(hidden), logits])
        pooled, out_logits = model(x)
        table = layer.embeddings.numpy()
    np.testing.assert_allclose(_np(pooled), [table[[1, 2]].mean(0), table[[3]].mean(0)], rtol=1e-6)
    np.testing.assert_allclose(_np(out_logits), table[x] @ table.T, rtol=1e-5, atol=1e-6)


def test_training_moves_the_table_through_both_directions(backend_name):
    x = np.array([[1, 2], [3, 4]], "int32")
    y = np.array([[2, 1], [4, 3]], "int32")
    with mk.backend.use(backend_name):
        mk.utils.set_random_seed(3)  # the table's draw, not the order tests ran in, decides how fast it learns
        inputs = mk.Input((2,), dtype="int32")
        layer = layers.ReversibleEmbedding(5, 4, embeddings_initializer="glorot_uniform")
        model = mk.Model(inputs, layer(layer(inputs), reverse=True))
        model.compile(optimizer=mk.optimizers.Adam(0.05), loss=mk.losses.SparseCategoricalCrossentropy(from_logits=True))
        if not mk.backend.capabilities().trainable:  # an inference-only plug-in says so
            with pytest.raises(mk.backend.CapabilityError):
                model.fit(x, y, epochs=1, verbose=0)
            return
        history = model.fit(x, y, epochs=30, verbose=0)
    losses = history.history["loss"]
    assert losses[-1] < 0.5 * losses[0], losses


def test_config_is_keras_layout():
    layer = layers.ReversibleEmbedding(6, 3, tie_weights=False, reverse_dtype="float16", logit_soft_cap=2.0,
                                       mask_zero=True, name="re")
    config = layer.get_config()
    # The keys Keras 3.15.1 writes (an unset activity_regularizer is left out here, as for every layer).
    assert set(config) | {"activity_regularizer"} == {
        "name", "trainable", "dtype", "input_dim", "output_dim", "embeddings_initializer", "embeddings_regularizer",
        "activity_regularizer", "embeddings_constraint", "mask_zero", "quantization_config", "tie_weights",
        "reverse_dtype", "logit_soft_cap"}
    assert (config["tie_weights"], config["reverse_dtype"], config["logit_soft_cap"]) == (False, "float16", 2.0)
    rebuilt = layers.ReversibleEmbedding.from_config(config)
    assert rebuilt.get_config() == config
    keras_written = {"module": "keras.layers", "class_name": "ReversibleEmbedding", "config": {
        "name": "reversible_embedding_1", "trainable": True,
        "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": None},
        "input_dim": 6, "output_dim": 3, "embeddings_initializer": {
            "module": "keras.initializers", "class_name": "RandomUniform",
            "config": {"seed": None, "minval": -0.05, "maxval": 0.05}, "registered_name": None},
        "embeddings_regularizer": None, "activity_regularizer": None, "embeddings_constraint": None,
        "mask_zero": True, "quantization_config": None, "tie_weights": True, "reverse_dtype": None,
        "logit_soft_cap": None}, "registered_name": None}
    loaded = layers.deserialize(keras_written)
    assert isinstance(loaded, layers.ReversibleEmbedding) and loaded.mask_zero and loaded.tie_weights


def test_weights_order_and_initial_weights():
    table, reverse = np.arange(12.0).reshape(4, 3), -np.arange(12.0).reshape(3, 4)
    with mk.backend.use("numpy"):
        layer = layers.ReversibleEmbedding(4, 3, tie_weights=False, weights=[table, reverse])
        assert [w.name for w in layer.weights] == ["embeddings", "reverse_embeddings"]
        store = {}
        layer.save_own_variables(store)
        out = _np(layer(np.ones((1, 3), "float32"), reverse=True))
    np.testing.assert_array_equal(store["0"], table)
    np.testing.assert_array_equal(store["1"], reverse)
    np.testing.assert_allclose(out, np.ones((1, 3)) @ reverse)


@pytest.mark.parametrize("kwargs, error, message", [
    ({"input_dim": 0, "output_dim": 3}, ValueError, "input_dim must be a positive int, received input_dim=0"),
    ({"input_dim": 3, "output_dim": 3, "tie_weights": "yes"}, ValueError,
     "ReversibleEmbedding 're': `tie_weights` must be a bool, received tie_weights='yes'"),
    ({"input_dim": 3, "output_dim": 3, "logit_soft_cap": "x"}, ValueError,
     "ReversibleEmbedding 're': `logit_soft_cap` must be None or a positive number, received logit_soft_cap='x'"),
    ({"input_dim": 3, "output_dim": 3, "logit_soft_cap": 0}, ValueError, "received logit_soft_cap=0"),
    ({"input_dim": 3, "output_dim": 3, "reverse_dtype": "float17"}, ValueError, "float17"),
])
def test_argument_errors(kwargs, error, message):
    with pytest.raises(error, match=message):
        layers.ReversibleEmbedding(**kwargs, name="re")
