"""Activation, Identity and Masking through the layer harness on every backend, plus dtypes, masks and errors."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers
from layers.harness import assert_same_on_every_backend, run_layer_test


@pytest.mark.parametrize("activation, reference", [
    ("relu", lambda x: np.maximum(x, 0.0)),
    (mk.activations.tanh, np.tanh),
])
def test_activation(backend_name, activation, reference):
    with mk.backend.use(backend_name):
        run_layer_test(
            layers.Activation, {"activation": activation},
            input_shape=(2, 3, 4),
            expected_output_shape=(2, 3, 4),
            expected_output=lambda x, w: reference(x),
            expected_num_trainable_weights=0,
            expected_num_losses=0,
            supports_masking=True,
        )


def test_activation_config_and_symbolic_dtype():
    assert layers.Activation("relu").get_config()["activation"] == "relu"
    assert layers.Activation(None).get_config()["activation"] == "linear"
    for name, dtype in (("linear", "int32"), ("sigmoid", "float32")):
        with mk.backend.use("numpy"):
            # The symbolic dtype is the eager one: it depends on the function, not only on the layer's dtype.
            assert layers.Activation(name)(mk.Input((3,), dtype="int32")).dtype == dtype
            assert str(layers.Activation(name)(np.ones((1, 3), "int32")).dtype) == dtype
    with pytest.raises(ValueError, match="not_an_activation"):
        layers.Activation("not_an_activation")


def test_identity(backend_name):
    with mk.backend.use(backend_name):
        run_layer_test(
            layers.Identity, {},
            input_shape=(2, 3),
            expected_output_shape=(2, 3),
            expected_output=lambda x, w: x,
            expected_num_trainable_weights=0,
            expected_num_losses=0,
            supports_masking=True,
        )
        # Integer inputs keep their dtype, eagerly and symbolically.
        run_layer_test(layers.Identity, {}, input_shape=(2, 3), input_dtype="int32", expected_output_dtype="int32",
                       expected_output=lambda x, w: x)


def test_identity_passes_structures_through():
    with mk.backend.use("numpy"):
        a, b = np.ones((2, 3), "float32"), np.zeros((2, 1), "int32")
        out = layers.Identity()([a, b])
        assert [o.shape for o in out] == [(2, 3), (2, 1)]
        symbolic = layers.Identity()([mk.Input((3,)), mk.Input((1,), dtype="int32")])
        assert [(t.shape, t.dtype) for t in symbolic] == [((None, 3), "float32"), ((None, 1), "int32")]


def _masking_input() -> np.ndarray:
    x = np.random.default_rng(0).uniform(1.0, 2.0, size=(2, 4, 3)).astype("float32")
    x[0, 1] = 0.0
    x[1, 3] = 0.0
    x[1, 0, 0] = 0.0  # one zero feature does not mask a timestep
    return x


def test_masking(backend_name):
    x = _masking_input()
    keep = (x != 0).any(axis=-1)
    with mk.backend.use(backend_name):
        run_layer_test(
            layers.Masking, {"mask_value": 0.0},
            input_data=x,
            expected_output_shape=(2, 4, 3),
            expected_output=lambda x, w: x * keep[..., None],
            expected_num_trainable_weights=0,
            supports_masking=True,
        )
        layer = layers.Masking()
        np.testing.assert_array_equal(mk.ops.convert_to_numpy(layer.compute_mask(mk.ops.convert_to_tensor(x))), keep)


def test_masking_zeroes_masked_timesteps_for_any_mask_value():
    x = np.array([[[5.0, 5.0], [1.0, 5.0], [5.0, 5.0]]], "float32")
    with mk.backend.use("numpy"):
        layer = layers.Masking(mask_value=5.0)
        np.testing.assert_array_equal(layer(x), [[[0.0, 0.0], [1.0, 5.0], [0.0, 0.0]]])
        np.testing.assert_array_equal(layer.compute_mask(x), [[False, True, False]])


class _MaskAsOutput(mk.layers.Layer):
    """Returns the mask it receives as float32, to observe mask propagation in models."""

    def call(self, inputs, mask=None):
        return mk.ops.cast(mask, "float32")

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1])


def test_masking_mask_reaches_downstream_layers(backend_name):
    x = _masking_input()
    with mk.backend.use(backend_name):
        inputs = mk.Input((4, 3))
        outputs = _MaskAsOutput()(layers.Dense(2)(layers.Masking()(inputs)))  # Dense passes the mask along
        model = mk.Model(inputs, outputs)
        np.testing.assert_array_equal(mk.ops.convert_to_numpy(model(x)), (x != 0).any(axis=-1).astype("float32"))


def test_masking_same_on_every_backend(backends_under_test):
    assert_same_on_every_backend(layers.Masking, {}, backends_under_test, input_data=_masking_input())


def test_masking_rejects_non_numeric_mask_value():
    with pytest.raises(ValueError, match=r"Masking 'masking\w*': mask_value must be a number, received mask_value='a'"):
        layers.Masking("a")
