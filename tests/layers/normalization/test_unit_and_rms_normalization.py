"""UnitNormalization and RMSNormalization through the layer harness on every backend, plus argument checks."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers
from layers.harness import assert_same_on_every_backend, run_layer_test


def _broadcast(value, rank, axes):
    shape = [1] * rank
    for a, size in zip(axes, np.shape(value)):
        shape[a] = size
    return np.reshape(value, shape)


@pytest.mark.parametrize("axis, axes", [(-1, (2,)), ([1, 2], (1, 2))])
def test_unit_normalization(backend_name, axis, axes):
    with mk.backend.use(backend_name):
        run_layer_test(
            layers.UnitNormalization, {"axis": axis},
            input_shape=(2, 3, 4),
            expected_output_shape=(2, 3, 4),
            expected_num_trainable_weights=0,
            expected_num_non_trainable_weights=0,
            supports_masking=True,
            expected_output=lambda x, w: x / np.sqrt(np.sum(x**2, axis=axes, keepdims=True)),
        )


def test_unit_normalization_casts_integers_and_keeps_zeros_finite(backend_name):
    data = np.array([[[3, 4, 0, 0]] * 3, [[0, 0, 0, 0]] * 3], "int32")
    with mk.backend.use(backend_name):
        run_layer_test(
            layers.UnitNormalization, {}, input_data=data,
            expected_output_dtype="float32",
            expected_output=lambda x, w: np.array([[[0.6, 0.8, 0.0, 0.0]] * 3, [[0.0] * 4] * 3]),
        )


@pytest.mark.parametrize("axis, axes", [(1, [1]), ([1, 2], [1, 2])])
def test_rms_normalization(backend_name, axis, axes):
    with mk.backend.use(backend_name):
        run_layer_test(
            layers.RMSNormalization, {"axis": axis, "epsilon": 1e-6},
            input_shape=(2, 3, 4),
            expected_output_shape=(2, 3, 4),
            expected_num_trainable_weights=1,
            expected_num_non_trainable_weights=0,
            supports_masking=False,
            expected_output=lambda x, w: x / np.sqrt(np.mean(x**2, axis=tuple(axes), keepdims=True) + 1e-6)
            * _broadcast(w[0], 3, axes),
        )


def test_rms_normalization_uses_its_scale(backend_name):
    x = np.array([[1.0, -1.0, 1.0, -1.0]], "float32")
    with mk.backend.use(backend_name):
        layer = layers.RMSNormalization(epsilon=0.0)
        layer(x)
        layer.set_weights([np.array([1.0, 2.0, 3.0, 4.0], "float32")])
        np.testing.assert_allclose(mk.ops.convert_to_numpy(layer(x)), [[1.0, -2.0, 3.0, -4.0]], rtol=1e-6)


def test_same_on_every_backend(backends_under_test):
    assert_same_on_every_backend(layers.UnitNormalization, {"axis": [1, 2]}, backends_under_test, input_shape=(2, 3, 4))
    assert_same_on_every_backend(layers.RMSNormalization, {"axis": 1}, backends_under_test, input_shape=(2, 3, 4))


def test_rejects_bad_arguments_and_inputs(backend_name):
    with pytest.raises(ValueError, match=r"UnitNormalization '\w+': `axis` must be an int or a non-empty list of ints, received axis=\[\]"):
        layers.UnitNormalization(axis=[])
    with pytest.raises(ValueError, match=r"RMSNormalization '\w+': `axis` must be an int or a non-empty list of ints, received axis=None"):
        layers.RMSNormalization(axis=None)
    with pytest.raises(ValueError, match=r"RMSNormalization '\w+': `epsilon` must be a non-negative float, received epsilon='small'"):
        layers.RMSNormalization(epsilon="small")
    with mk.backend.use(backend_name):
        with pytest.raises(ValueError, match=r"UnitNormalization 'un\w*': axis=2 is out of range .* received input shape \(2, 3\)"):
            layers.UnitNormalization(axis=2, name="un")(np.ones((2, 3), "float32"))
        with pytest.raises(ValueError, match=r"RMSNormalization 'rms\w*': axis=-3 is out of range .* received input shape \(2, 3\)"):
            layers.RMSNormalization(axis=-3, name="rms")(np.ones((2, 3), "float32"))
        layer = layers.RMSNormalization(name="rms_sizes")
        layer(np.ones((2, 4), "float32"))
        with pytest.raises(ValueError, match=r"Layer 'rms_sizes': input 0 must have size 4 on axis 1.*received shape \(2, 3\)"):
            layer(np.ones((2, 3), "float32"))
