"""Dense through the layer harness, on every backend, plus its argument checks."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers
from layers.harness import assert_same_on_every_backend, run_layer_test


@pytest.mark.parametrize("use_bias", [True, False])
def test_dense_2d(backend_name, use_bias):
    with mk.backend.use(backend_name):
        run_layer_test(
            layers.Dense, {"units": 3, "use_bias": use_bias},
            input_shape=(2, 4),
            expected_output_shape=(2, 3),
            expected_num_trainable_weights=2 if use_bias else 1,
            expected_num_non_trainable_weights=0,
            expected_num_losses=0,
            expected_output=lambda x, w: x @ w[0] + (w[1] if use_bias else 0),
        )


def test_dense_3d_input_with_activation_and_regularizers(backend_name):
    with mk.backend.use(backend_name):
        run_layer_test(
            layers.Dense,
            {"units": 2, "activation": "relu", "kernel_regularizer": "l2", "bias_regularizer": "l1",
             "activity_regularizer": "l2"},
            input_shape=(2, 5, 4),
            expected_output_shape=(2, 5, 2),
            expected_num_trainable_weights=2,
            expected_num_losses=3,  # kernel, bias and activity penalties
            expected_output=lambda x, w: np.maximum(x @ w[0] + w[1], 0.0),
        )


def test_dense_same_on_every_backend(backends_under_test):
    assert_same_on_every_backend(layers.Dense, {"units": 3, "activation": "tanh"}, backends_under_test, input_shape=(2, 4))


def test_dense_rejects_bad_units():
    for units in (0, -2, 2.5, "3"):
        with pytest.raises(ValueError, match=f"units must be a positive int, received {units!r}"):
            layers.Dense(units)


def test_dense_rejects_wrong_feature_size(backend_name):
    with mk.backend.use(backend_name):
        layer = layers.Dense(2)
        layer(np.ones((1, 4), "float32"))
        with pytest.raises(ValueError, match=r"Layer 'dense\w*': input 0 must have size 4 on axis -1.*received shape \(1, 3\)"):
            layer(np.ones((1, 3), "float32"))


def test_dense_rejects_rank_1_input(backend_name):
    with mk.backend.use(backend_name):
        with pytest.raises(ValueError, match=r"must have rank >= 2, received shape \(4,\)"):
            layers.Dense(2)(np.ones((4,), "float32"))


def test_unknown_activation_fails_at_construction():
    with pytest.raises(ValueError, match="not_an_activation"):
        layers.Dense(2, activation="not_an_activation")
