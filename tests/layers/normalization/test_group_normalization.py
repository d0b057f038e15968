"""GroupNormalization through the layer harness on every backend, plus its argument checks."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers
from layers.harness import assert_same_on_every_backend, run_layer_test

EPS = 1e-3
RANDOM_WEIGHTS = {"gamma_initializer": "random_uniform", "beta_initializer": "random_uniform"}


def _reference(x, w, groups, axis, center=True, scale=True):
    moved = np.moveaxis(x, axis, -1)
    channels = moved.shape[-1]
    grouped = moved.reshape(moved.shape[:-1] + (groups, channels // groups))
    reduce = tuple(range(1, moved.ndim - 1)) + (moved.ndim,)
    mean = grouped.mean(axis=reduce, keepdims=True)
    variance = grouped.var(axis=reduce, keepdims=True)
    normalized = ((grouped - mean) / np.sqrt(variance + EPS)).reshape(moved.shape)
    w = list(w)
    if scale:
        normalized = normalized * w.pop(0)
    if center:
        normalized = normalized + w.pop(0)
    return np.moveaxis(normalized, -1, axis)


@pytest.mark.parametrize(
    "init_kwargs, input_shape, groups, axis",
    [
        ({"groups": 2}, (2, 3, 4), 2, 2),
        ({"groups": -1, "center": False, "scale": False}, (2, 3, 4), 4, 2),
        ({"groups": 2, "axis": 1}, (2, 4, 3, 2), 2, 1),
    ],
)
def test_group_normalization(backend_name, init_kwargs, input_shape, groups, axis):
    center, scale = init_kwargs.get("center", True), init_kwargs.get("scale", True)
    with mk.backend.use(backend_name):
        run_layer_test(
            layers.GroupNormalization, {**init_kwargs, **RANDOM_WEIGHTS},
            input_shape=input_shape,
            expected_output_shape=input_shape,
            expected_num_trainable_weights=int(center) + int(scale),
            expected_num_non_trainable_weights=0,
            supports_masking=True,
            expected_output=lambda x, w: _reference(x, w, groups, axis, center, scale),
        )


def test_group_normalization_same_on_every_backend(backends_under_test):
    assert_same_on_every_backend(
        layers.GroupNormalization, {"groups": 2, **RANDOM_WEIGHTS}, backends_under_test, input_shape=(2, 3, 4)
    )


def test_rejects_bad_arguments_and_inputs(backend_name):
    for groups in (0, -2, 1.5, True):
        with pytest.raises(ValueError, match=rf"GroupNormalization '\w+': `groups` must be a positive int .* received groups={groups!r}"):
            layers.GroupNormalization(groups=groups)
    with pytest.raises(ValueError, match=r"`axis` must be an int, received axis=\[1, 2\]"):
        layers.GroupNormalization(axis=[1, 2])
    with mk.backend.use(backend_name):
        with pytest.raises(ValueError, match=r"GroupNormalization 'gn\w*': the number of channels \(4, axis -1\) must be a multiple of groups \(3\), received input shape \(2, 4\)"):
            layers.GroupNormalization(groups=3, name="gn")(np.ones((2, 4), "float32"))
        with pytest.raises(ValueError, match=r"must be a multiple of groups \(8\)"):
            layers.GroupNormalization(groups=8, name="gn_many")(np.ones((2, 4), "float32"))
        with pytest.raises(ValueError, match=r"`axis` must not be the batch axis, received axis=0"):
            layers.GroupNormalization(groups=1, axis=0, name="gn_batch")(np.ones((2, 4), "float32"))
        layer = layers.GroupNormalization(groups=2, name="gn_sizes")
        layer(np.ones((2, 4), "float32"))
        with pytest.raises(ValueError, match=r"Layer 'gn_sizes': input 0 must have size 4 on axis 1.*received shape \(2, 6\)"):
            layer(np.ones((2, 6), "float32"))
