"""GlobalAveragePooling1D/2D/3D through the layer harness on every backend, against NumPy; masks in 1-D."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers
from layers.harness import assert_same_on_every_backend, run_layer_test

# (layer class, constructor arguments, input shape, expected output shape)
CASES = [
    (layers.GlobalAveragePooling1D, {}, (2, 5, 3), (2, 3)),
    (layers.GlobalAveragePooling2D, {"data_format": "channels_first", "keepdims": True}, (2, 3, 4, 2), (2, 3, 1, 1)),
    (layers.GlobalAveragePooling3D, {"keepdims": True}, (2, 2, 3, 2, 3), (2, 1, 1, 1, 3)),
]

MASK = np.array([[True, True, False, True, False], [False, True, True, True, True]])


@pytest.mark.parametrize("layer_cls, kwargs, input_shape, output_shape", CASES,
                         ids=[f"{c[0].__name__}-{i}" for i, c in enumerate(CASES)])
def test_global_average_pooling(backend_name, layer_cls, kwargs, input_shape, output_shape):
    rank = len(input_shape) - 2
    axes = tuple(range(2, rank + 2)) if kwargs.get("data_format") == "channels_first" else tuple(range(1, rank + 1))
    with mk.backend.use(backend_name):
        run_layer_test(
            layer_cls, kwargs,
            input_shape=input_shape,
            expected_output_shape=output_shape,
            expected_output=lambda x, w: x.mean(axis=axes, keepdims=kwargs.get("keepdims", False)),
            expected_num_trainable_weights=0,
            expected_num_non_trainable_weights=0,
            expected_num_losses=0,
            supports_masking=layer_cls is layers.GlobalAveragePooling1D,
        )


def _masked_mean(x, mask, data_format, keepdims):
    steps_axis = 1 if data_format == "channels_last" else 2
    weights = np.expand_dims(mask.astype("float64"), 2 if data_format == "channels_last" else 1)
    return (x * weights).sum(axis=steps_axis, keepdims=keepdims) / weights.sum(axis=steps_axis, keepdims=keepdims)


@pytest.mark.parametrize("data_format, keepdims, input_shape", [
    ("channels_last", False, (2, 5, 3)), ("channels_first", True, (2, 3, 5)),
])
def test_global_average_pooling1d_with_mask(backend_name, data_format, keepdims, input_shape):
    kwargs = {"data_format": data_format, "keepdims": keepdims}
    with mk.backend.use(backend_name):
        output = run_layer_test(
            layers.GlobalAveragePooling1D, kwargs,
            input_shape=input_shape,
            call_kwargs={"mask": MASK},
            expected_output=lambda x, w: _masked_mean(x, MASK, data_format, keepdims),
            supports_masking=True,
        )
    unmasked = np.random.default_rng(0).uniform(-1, 1, input_shape).mean(axis=1 if data_format == "channels_last" else 2)
    assert not np.allclose(output.reshape(unmasked.shape), unmasked)  # the mask changed the result


def test_global_average_pooling1d_takes_the_mask_of_the_previous_layer_and_drops_it():
    class MaskSteps(mk.layers.Layer):
        """Passes inputs through and masks the steps whose first feature is 0."""

        def call(self, inputs):
            return inputs

        def compute_mask(self, inputs, previous_mask=None):
            return mk.ops.not_equal(inputs[..., 0], 0.0)

    x = np.array([[[1.0, 2.0], [3.0, 4.0], [0.0, 100.0]]], "float32")
    with mk.backend.use("numpy"):
        inputs = mk.Input((3, 2))
        pooled = layers.GlobalAveragePooling1D()(MaskSteps()(inputs))
        assert getattr(pooled, "_keras_mask", None) is None
        model = mk.Model(inputs, pooled)
        np.testing.assert_allclose(mk.ops.convert_to_numpy(model(x)), [[2.0, 3.0]])


def test_global_average_pooling1d_fully_masked_sample_is_nan_as_in_keras():
    with mk.backend.use("numpy"), np.errstate(invalid="ignore"):  # 0 / 0 is the point here
        y = layers.GlobalAveragePooling1D()(np.ones((2, 3, 1), "float32"), mask=np.array([[0, 0, 0], [1, 0, 0]], bool))
    assert np.isnan(mk.ops.convert_to_numpy(y)[0, 0]) and mk.ops.convert_to_numpy(y)[1, 0] == 1.0


@pytest.mark.parametrize("layer_cls, rank", [(layers.GlobalAveragePooling1D, 1), (layers.GlobalAveragePooling2D, 2),
                                             (layers.GlobalAveragePooling3D, 3)])
def test_global_average_pooling_same_on_every_backend(layer_cls, rank, backends_under_test):
    assert_same_on_every_backend(layer_cls, {}, backends_under_test, input_shape=(2,) + (3,) * rank + (2,))


def test_global_average_pooling1d_mask_same_on_every_backend(backends_under_test):
    assert_same_on_every_backend(layers.GlobalAveragePooling1D, {}, backends_under_test, input_shape=(2, 5, 3),
                                 call_kwargs={"mask": MASK})


def test_global_average_pooling_config_and_aliases():
    assert layers.GlobalAveragePooling1D(keepdims=True).get_config()["keepdims"] is True
    assert layers.GlobalAvgPool1D is layers.GlobalAveragePooling1D
    assert layers.GlobalAvgPool2D is layers.GlobalAveragePooling2D
    assert layers.GlobalAvgPool3D is layers.GlobalAveragePooling3D
    assert layers.GlobalAveragePooling2D().compute_output_shape((None, 4, 4, 3)) == (None, 3)


@pytest.mark.parametrize("kwargs, message", [
    ({"data_format": "NWC"}, r"GlobalAveragePooling1D 'global_average_pooling1d\w*': `data_format` must be one of "
                             r".*received data_format='NWC'"),
    ({"keepdims": 1}, r"`keepdims` must be a bool, received keepdims=1"),
])
def test_global_average_pooling_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        layers.GlobalAveragePooling1D(**kwargs)


def test_global_average_pooling_rejects_wrong_rank(backend_name):
    with mk.backend.use(backend_name):
        with pytest.raises(ValueError, match=r"Layer 'global_average_pooling1d\w*': input 0 must have rank 3, received shape \(2, 5\)"):
            layers.GlobalAveragePooling1D()(np.ones((2, 5), "float32"))
