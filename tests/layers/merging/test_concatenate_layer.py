"""Concatenate (and concatenate) on every backend: axes, masks, functional form and shape errors."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers, ops
from layers.harness import assert_same_on_every_backend, run_layer_test


@pytest.mark.parametrize(
    "axis, shapes, expected",
    [(-1, [(2, 3, 4), (2, 3, 2)], (2, 3, 6)), (1, [(2, 3, 4), (2, 1, 4), (2, 2, 4)], (2, 6, 4))],
)
def test_concatenate(backend_name, axis, shapes, expected):
    with mk.backend.use(backend_name):
        run_layer_test(
            layers.Concatenate, {"axis": axis},
            input_shape=shapes,
            expected_output_shape=expected,
            expected_num_trainable_weights=0,
            expected_num_non_trainable_weights=0,
            supports_masking=True,
            expected_output=lambda xs, w: np.concatenate(xs, axis=axis),
        )


def test_concatenate_integers_and_functional_form(backend_name):
    a = np.arange(6, dtype="int32").reshape(2, 3)
    with mk.backend.use(backend_name):
        output = ops.convert_to_numpy(layers.concatenate([a, a], axis=1))
        assert output.dtype == np.int32
        np.testing.assert_array_equal(output, np.concatenate([a, a], axis=1))
        inputs = [mk.Input((3,), dtype="int32"), mk.Input((2,), dtype="int32")]
        symbolic = layers.concatenate(inputs)
        assert symbolic.shape == (None, 5) and symbolic.dtype == "int32"
        model = mk.Model(inputs, symbolic)
        np.testing.assert_array_equal(ops.convert_to_numpy(model([a, a[:, :2]])), np.concatenate([a, a[:, :2]], 1))


def test_concatenate_masks_like_keras(backend_name):
    x = np.zeros((1, 2, 3), "float32")
    mask = np.array([[True, False]])
    with mk.backend.use(backend_name):
        def out_mask(axis, masks):
            result = layers.Concatenate(axis=axis).compute_mask([x, x], masks)
            return None if result is None else ops.convert_to_numpy(result).tolist()

        assert out_mask(1, None) is None
        assert out_mask(1, [None, None]) is None
        # Along the time axis the masks are joined; an unmasked input counts as all valid.
        assert out_mask(1, [mask, None]) == [[True, False, True, True]]
        assert out_mask(1, [mask, mask]) == [[True, False, True, False]]
        # Along the features axis a time step is valid if either input is valid there.
        assert out_mask(-1, [mask, np.array([[False, False]])]) == [[True, False]]
        assert out_mask(-1, [mask, None]) == [[True, True]]
        with pytest.raises(ValueError, match=r"Concatenate 'concatenate\w*': `mask` must be a list with one mask"):
            layers.Concatenate().compute_mask([x, x], mask)


def test_concatenate_same_on_every_backend(backends_under_test):
    assert_same_on_every_backend(layers.Concatenate, {"axis": 1}, backends_under_test, input_shape=[(2, 3, 4), (2, 1, 4)])


def test_concatenate_shapes_and_errors(backend_name):
    assert layers.Concatenate().compute_output_shape([(None, 3, 4), (None, 3, None)]) == (None, 3, None)
    assert layers.Concatenate(axis=1).compute_output_shape([(None, 3, 4), (2, 5, None)]) == (2, 8, 4)
    with pytest.raises(ValueError, match=r"Concatenate '\w+': `axis` must be an int, received axis='1'"):
        layers.Concatenate(axis="1")
    x = np.ones((2, 3, 4), "float32")
    with mk.backend.use(backend_name):
        with pytest.raises(ValueError, match=r"Concatenate 'cat': inputs must have matching sizes on every axis but the concatenation axis -1, received shapes \[\(2, 3, 4\), \(2, 1, 4\)\]"):
            layers.Concatenate(name="cat")([x, np.ones((2, 1, 4), "float32")])
        with pytest.raises(ValueError, match=r"Concatenate 'cat_rank': inputs must all have the same rank, received shapes \[\(2, 3, 4\), \(2, 4\)\]"):
            layers.Concatenate(name="cat_rank")([x, np.ones((2, 4), "float32")])
        with pytest.raises(ValueError, match=r"Concatenate 'cat_axis': axis=0 must name a non-batch axis"):
            layers.Concatenate(axis=0, name="cat_axis")([x, x])
        with pytest.raises(ValueError, match=r"Concatenate 'cat_axis3': axis=3 must name a non-batch axis of the inputs, received shapes"):
            layers.Concatenate(axis=3, name="cat_axis3")([x, x])
        with pytest.raises(ValueError, match=r"Concatenate 'cat_one' must be called on a list of one or more tensors, received input shape \(2, 3, 4\)"):
            layers.Concatenate(name="cat_one")(x)
        with pytest.raises(ValueError, match=r"inputs must have matching sizes .* received shapes \[\(None, 3\), \(None, 3, 1\)\]|same rank"):
            layers.Concatenate(name="cat_sym")([mk.Input((3,)), mk.Input((3, 1))])
