"""GlobalMaxPooling1D/2D/3D through the layer harness on every backend, against NumPy."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers
from layers.harness import assert_same_on_every_backend, run_layer_test

# (layer class, constructor arguments, input shape, expected output shape)
CASES = [
    (layers.GlobalMaxPooling1D, {}, (2, 5, 3), (2, 3)),
    (layers.GlobalMaxPooling1D, {"data_format": "channels_first", "keepdims": True}, (2, 3, 5), (2, 3, 1)),
    (layers.GlobalMaxPooling2D, {"keepdims": True}, (2, 4, 3, 2), (2, 1, 1, 2)),
    (layers.GlobalMaxPooling3D, {"data_format": "channels_first"}, (2, 3, 2, 3, 2), (2, 3)),
]


@pytest.mark.parametrize("layer_cls, kwargs, input_shape, output_shape", CASES,
                         ids=[f"{c[0].__name__}-{i}" for i, c in enumerate(CASES)])
def test_global_max_pooling(backend_name, layer_cls, kwargs, input_shape, output_shape):
    rank = len(input_shape) - 2
    axes = tuple(range(2, rank + 2)) if kwargs.get("data_format") == "channels_first" else tuple(range(1, rank + 1))
    with mk.backend.use(backend_name):
        run_layer_test(
            layer_cls, kwargs,
            input_shape=input_shape,
            expected_output_shape=output_shape,
            expected_output=lambda x, w: x.max(axis=axes, keepdims=kwargs.get("keepdims", False)),
            expected_num_trainable_weights=0,
            expected_num_non_trainable_weights=0,
            expected_num_losses=0,
            supports_masking=False,
        )


@pytest.mark.parametrize("layer_cls, rank", [(layers.GlobalMaxPooling1D, 1), (layers.GlobalMaxPooling2D, 2),
                                             (layers.GlobalMaxPooling3D, 3)])
def test_global_max_pooling_same_on_every_backend(layer_cls, rank, backends_under_test):
    assert_same_on_every_backend(layer_cls, {"keepdims": True}, backends_under_test, input_shape=(2,) + (3,) * rank + (2,))


def test_global_max_pooling_config_aliases_and_shapes():
    assert layers.GlobalMaxPooling2D().get_config()["keepdims"] is False
    assert layers.GlobalMaxPooling2D(data_format="channels_first").get_config()["data_format"] == "channels_first"
    assert layers.GlobalMaxPool1D is layers.GlobalMaxPooling1D
    assert layers.GlobalMaxPool2D is layers.GlobalMaxPooling2D
    assert layers.GlobalMaxPool3D is layers.GlobalMaxPooling3D
    layer = layers.GlobalMaxPooling3D(keepdims=True, data_format="channels_first")
    assert layer.compute_output_shape((None, 4, None, 2, 2)) == (None, 4, 1, 1, 1)


@pytest.mark.parametrize("kwargs, message", [
    ({"data_format": "channels"}, r"GlobalMaxPooling2D 'global_max_pooling2d\w*': `data_format` must be one of .*"
                                  r"received data_format='channels'"),
    ({"keepdims": "yes"}, r"`keepdims` must be a bool, received keepdims='yes'"),
])
def test_global_max_pooling_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        layers.GlobalMaxPooling2D(**kwargs)


def test_global_max_pooling_rejects_wrong_rank(backend_name):
    with mk.backend.use(backend_name):
        with pytest.raises(ValueError, match=r"Layer 'global_max_pooling3d\w*': input 0 must have rank 5, received shape \(2, 3, 4, 5\)"):
            layers.GlobalMaxPooling3D()(np.ones((2, 3, 4, 5), "float32"))
