"""The preprocessing Normalization layer on every backend: fixed statistics, adapt() from arrays and lists of
batches, invert, the un-adapted error, and argument checks."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers, ops
from layers.harness import assert_same_on_every_backend, run_layer_test

ADAPT_DATA = np.random.default_rng(7).normal(3.0, 2.0, size=(6, 3, 4)).astype("float32")


class AdaptedNormalization(layers.Normalization):
    """Adapts itself on construction, so the harness (which builds layers from arguments) sees adapted layers."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.adapt(ADAPT_DATA)


@pytest.mark.parametrize(
    "init_kwargs, input_dtype, reference",
    [
        ({"mean": [1.0, 2.0, 3.0, 4.0], "variance": [4.0, 1.0, 0.25, 9.0]}, "float32",
         lambda x: (x - np.array([1.0, 2, 3, 4])) / np.array([2.0, 1, 0.5, 3])),
        ({"axis": None, "mean": 2.0, "variance": 4.0}, "uint8", lambda x: (x - 2.0) / 2.0),
        ({"axis": 1, "mean": [1.0, 2.0, 3.0], "variance": [1.0, 4.0, 16.0], "invert": True}, "float32",
         lambda x: x * np.array([1.0, 2, 4])[:, None] + np.array([1.0, 2, 3])[:, None]),
    ],
)
def test_fixed_statistics(backend_name, init_kwargs, input_dtype, reference):
    with mk.backend.use(backend_name):
        run_layer_test(
            layers.Normalization, init_kwargs,
            input_shape=(2, 3, 4), input_dtype=input_dtype,
            expected_output_shape=(2, 3, 4),
            expected_output_dtype="float32",
            expected_num_trainable_weights=0,
            expected_num_non_trainable_weights=0,
            supports_masking=True,
            expected_output=lambda x, w: reference(x.astype("float64")),
        )


@pytest.mark.parametrize("axis, kept", [(-1, (2,)), ((1, 2), (1, 2)), (None, ())])
def test_adapted_statistics(backend_name, axis, kept):
    reduced = tuple(a for a in range(3) if a not in kept)
    mean = ADAPT_DATA.mean(axis=reduced, keepdims=True)
    std = ADAPT_DATA.std(axis=reduced, keepdims=True)
    with mk.backend.use(backend_name):
        run_layer_test(
            AdaptedNormalization, {"axis": axis},
            input_shape=(2, 3, 4),
            expected_output_shape=(2, 3, 4),
            expected_num_trainable_weights=0,
            expected_num_non_trainable_weights=3,  # mean, variance, count
            expected_output=lambda x, w: (x - mean) / std,
            tolerance=(1e-4, 1e-5),
        )


def test_adapt_from_a_list_of_batches_matches_one_array(backend_name):
    batches = [ADAPT_DATA[:1], ADAPT_DATA[1:4], ADAPT_DATA[4:]]
    with mk.backend.use(backend_name):
        whole = layers.Normalization(axis=1)
        whole.adapt(ADAPT_DATA)
        pieces = layers.Normalization(axis=1)
        pieces.adapt(batches)
        np.testing.assert_allclose(whole.mean.numpy(), ADAPT_DATA.mean(axis=(0, 2)), rtol=1e-5)
        np.testing.assert_allclose(whole.variance.numpy(), ADAPT_DATA.var(axis=(0, 2)), rtol=1e-4)
        assert int(whole.count.numpy()) == 6 * 4 and whole.count.dtype == "int32"
        for a, b in zip(whole.get_weights(), pieces.get_weights()):
            np.testing.assert_allclose(a, b, rtol=1e-5)
        x = ADAPT_DATA[:2]
        np.testing.assert_allclose(
            ops.convert_to_numpy(pieces(x)),
            (x - ADAPT_DATA.mean(axis=(0, 2), keepdims=True)) / ADAPT_DATA.std(axis=(0, 2), keepdims=True),
            rtol=1e-4, atol=1e-5,
        )
        # adapt() again replaces the statistics; invert undoes the normalization.
        pieces.adapt(ADAPT_DATA[:2] * 0 + 5.0)
        np.testing.assert_allclose(pieces.mean.numpy(), [5.0, 5.0, 5.0])
        inverse = layers.Normalization(axis=1, invert=True)
        inverse.adapt(ADAPT_DATA)
        np.testing.assert_allclose(ops.convert_to_numpy(inverse(whole(x))), x, rtol=1e-4, atol=1e-4)


def test_calling_before_adapt_raises_and_loaded_statistics_count(backend_name):
    x = np.ones((2, 4), "float32")
    with mk.backend.use(backend_name):
        layer = layers.Normalization(name="not_adapted")
        with pytest.raises(ValueError, match=r"Normalization 'not_adapted': the layer has no statistics yet. Call adapt\(data\)"):
            layer(x)
        # Statistics assigned as weights (as loading a saved model does) make the layer usable.
        layer.set_weights([np.full(4, 1.0, "float32"), np.full(4, 4.0, "float32"), np.array(10, "int32")])
        np.testing.assert_allclose(ops.convert_to_numpy(layer(x)), np.zeros((2, 4)))
        symbolic = layers.Normalization()(mk.Input((3,)))
        assert symbolic.shape == (None, 3)


def test_normalization_same_on_every_backend(backends_under_test):
    assert_same_on_every_backend(AdaptedNormalization, {"axis": (1, 2)}, backends_under_test, input_shape=(2, 3, 4))
    assert_same_on_every_backend(
        layers.Normalization, {"mean": [1.0, 2.0, 3.0, 4.0], "variance": [1.0, 2.0, 3.0, 4.0], "invert": True},
        backends_under_test, input_shape=(2, 3, 4),
    )


def test_rejects_bad_arguments_and_inputs(backend_name):
    for kwargs, message in [
        ({"mean": 1.0}, r"set both `mean` and `variance`, or neither .* received mean=1.0 and variance=None"),
        ({"mean": [1.0, 2.0], "variance": [1.0, 2.0, 3.0]}, r"`mean` and `variance` must have the same shape, received shapes \(2,\) and \(3,\)"),
        ({"axis": 0}, r"`axis` must not include the batch axis 0, received axis=\(0,\)"),
        ({"axis": "last"}, r"`axis` must be an int, a list of ints or None, received axis='last'"),
    ]:
        with pytest.raises(ValueError, match=r"Normalization '\w+': " + message):
            layers.Normalization(**kwargs)
    with mk.backend.use(backend_name):
        x = np.ones((2, 3), "float32")
        with pytest.raises(ValueError, match=r"Normalization 'norm_axis': axis=\(2,\) must name non-batch axes of the inputs, received input shape \(2, 3\)"):
            layers.Normalization(axis=2, name="norm_axis")(x)
        with pytest.raises(ValueError, match=r"`mean` of shape \(2,\) does not broadcast to the sizes \(3,\)"):
            layers.Normalization(mean=[1.0, 2.0], variance=[1.0, 1.0], name="norm_mean")(x)
        with pytest.raises(ValueError, match=r"Normalization 'norm_fixed': the layer was given a fixed `mean`"):
            layers.Normalization(mean=1.0, variance=1.0, name="norm_fixed").adapt(x)
        layer = layers.Normalization(name="norm_batches")
        with pytest.raises(ValueError, match=r"adapt\(\) batch 1 has shape \(2, 4\); expected rank 2 with sizes \(3,\)"):
            layer.adapt([x, np.ones((2, 4), "float32")])
        layer.adapt(x)
        with pytest.raises(ValueError, match=r"Layer 'norm_batches': input 0 must have size 3 on axis 1.*received shape \(2, 4\)"):
            layer(np.ones((2, 4), "float32"))
