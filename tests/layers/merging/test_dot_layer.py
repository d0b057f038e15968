"""Dot (and dot) on every backend: axes, normalization, functional form and shape errors."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers, ops
from layers.harness import assert_same_on_every_backend, run_layer_test


def _l2(x, axis):
    return x / np.sqrt(np.sum(x**2, axis=axis, keepdims=True))


@pytest.mark.parametrize(
    "axes, shapes, expected_shape, reference",
    [
        (1, [(2, 4), (2, 4)], (2, 1), lambda a, b: np.sum(a * b, axis=1, keepdims=True)),
        (-1, [(2, 3, 4), (2, 5, 4)], (2, 3, 5), lambda a, b: np.einsum("bik,bjk->bij", a, b)),
        ((1, 2), [(2, 3, 4), (2, 2, 3)], (2, 4, 2), lambda a, b: np.einsum("bki,bjk->bij", a, b)),
    ],
)
def test_dot(backend_name, axes, shapes, expected_shape, reference):
    with mk.backend.use(backend_name):
        run_layer_test(
            layers.Dot, {"axes": axes},
            input_shape=shapes,
            expected_output_shape=expected_shape,
            expected_num_trainable_weights=0,
            expected_num_non_trainable_weights=0,
            supports_masking=True,
            expected_output=lambda xs, w: reference(*xs),
        )


def test_dot_normalize_gives_cosine_similarity(backend_name):
    with mk.backend.use(backend_name):
        run_layer_test(
            layers.Dot, {"axes": [2, 2], "normalize": True},
            input_shape=[(2, 3, 4), (2, 2, 4)],
            expected_output_shape=(2, 3, 2),
            expected_output=lambda xs, w: np.einsum("bik,bjk->bij", _l2(xs[0], 2), _l2(xs[1], 2)),
        )


def test_dot_functional_form_and_masks(backend_name):
    a = np.array([[1.0, 2.0], [3.0, 4.0]], "float32")
    with mk.backend.use(backend_name):
        np.testing.assert_allclose(ops.convert_to_numpy(layers.dot([a, a], axes=1)), [[5.0], [25.0]])
        np.testing.assert_allclose(ops.convert_to_numpy(layers.dot([a, a], axes=-1, normalize=True)), [[1.0], [1.0]], rtol=1e-6)
        inputs = [mk.Input((3, 4)), mk.Input((5, 4))]
        assert layers.dot(inputs, axes=2).shape == (None, 3, 5)
        assert layers.Dot(axes=1).compute_mask([a, a], [np.ones((2,), bool), None]) is None


def test_dot_same_on_every_backend(backends_under_test):
    assert_same_on_every_backend(
        layers.Dot, {"axes": 2, "normalize": True}, backends_under_test, input_shape=[(2, 3, 4), (2, 2, 4)]
    )


def test_dot_errors(backend_name):
    for axes in ("1", [1, 2, 3], 1.0, (1, "a")):
        with pytest.raises(ValueError, match=r"Dot '\w+': `axes` must be an int or a pair of ints, received axes="):
            layers.Dot(axes=axes)
    x = np.ones((2, 4), "float32")
    with mk.backend.use(backend_name):
        with pytest.raises(ValueError, match=r"Dot 'dot_three' must be called on exactly 2 inputs, received 3"):
            layers.Dot(axes=1, name="dot_three")([x, x, x])
        with pytest.raises(ValueError, match=r"Dot 'dot_sizes': the contracted axes have different sizes, 4 \(axis 1 of the first input\) and 5 \(axis 1 of the second\), received shapes \[\(2, 4\), \(2, 5\)\]"):
            layers.Dot(axes=1, name="dot_sizes")([x, np.ones((2, 5), "float32")])
        with pytest.raises(ValueError, match=r"Dot 'dot_batch': axes=0 must name non-batch axes"):
            layers.Dot(axes=0, name="dot_batch")([x, x])
        with pytest.raises(ValueError, match=r"Dot 'dot_rank': inputs must have rank >= 2 .* received shapes \[\(4,\), \(4,\)\]"):
            layers.Dot(axes=1, name="dot_rank")([np.ones(4, "float32"), np.ones(4, "float32")])
        with pytest.raises(ValueError, match=r"Dot 'dot_sym': the contracted axes have different sizes"):
            layers.Dot(axes=-1, name="dot_sym")([mk.Input((3,)), mk.Input((4,))])
