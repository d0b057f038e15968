"""ConvLSTM1D/2D/3D against a NumPy ConvLSTM written here, on every backend, and across backends.

The reference follows the published recurrence (Shi et al., 2015) with Keras 3's
layout: gates ``i, f, c, o`` in blocks of ``filters`` channels, the input
convolution with the layer's strides, padding and dilation, the recurrent one
with stride 1, no dilation and ``"same"`` padding (observed in Keras 3.15).
Interoperability with Keras 3 files is in ``tests/saving/keras_interop_cases.py``.
"""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers, ops
from layers.harness import assert_same_on_every_backend, run_layer_test

LAYERS = {1: layers.ConvLSTM1D, 2: layers.ConvLSTM2D, 3: layers.ConvLSTM3D}

KERAS_CONFIG_KEYS = [
    "name", "trainable", "dtype", "return_sequences", "return_state", "go_backwards", "stateful", "unroll",
    "zero_output_for_mask", "filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
    "activation", "recurrent_activation", "use_bias", "kernel_initializer", "recurrent_initializer",
    "bias_initializer", "unit_forget_bias", "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
    "activity_regularizer", "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout",
    "recurrent_dropout", "seed",
]
"""``ConvLSTM2D(...).get_config()`` keys of Keras 3.15, in its order."""


# The NumPy reference ------------------------------------------------------------------------------


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def conv_nd(x: np.ndarray, kernel: np.ndarray, strides, padding: str, dilation) -> np.ndarray:
    """Cross-correlation of channels-last ``x (batch, *spatial, in)`` with ``kernel (*window, in, out)``.

    ``"same"`` pads ``total = max((out - 1) * stride + extent - length, 0)`` with
    ``total // 2`` before and the rest after (TensorFlow's rule, which Keras uses).
    """
    rank = x.ndim - 2
    window = kernel.shape[:rank]
    sizes = []
    pads = [(0, 0)]
    for axis in range(rank):
        length, stride, extent = x.shape[1 + axis], strides[axis], (window[axis] - 1) * dilation[axis] + 1
        if padding == "same":
            size = -(-length // stride)
            total = max((size - 1) * stride + extent - length, 0)
            pads.append((total // 2, total - total // 2))
        else:
            size = (length - extent) // stride + 1
            pads.append((0, 0))
        sizes.append(size)
    x = np.pad(x, pads + [(0, 0)])
    out = np.zeros((x.shape[0], *sizes, kernel.shape[-1]))
    for offsets in itertools.product(*(range(k) for k in window)):
        taps = tuple(
            slice(o * d, o * d + (n - 1) * s + 1, s) for o, d, n, s in zip(offsets, dilation, sizes, strides)
        )
        out += np.tensordot(x[(slice(None), *taps)], kernel[offsets], axes=([-1], [0]))
    return out


def to_channels_last(x: np.ndarray, data_format: str, first_spatial_axis: int) -> np.ndarray:
    """``x`` with its channel axis (just before ``first_spatial_axis`` when channels first) moved last."""
    return x if data_format == "channels_last" else np.moveaxis(x, first_spatial_axis - 1, -1)


def from_channels_last(x: np.ndarray, data_format: str, channel_axis: int) -> np.ndarray:
    return x if data_format == "channels_last" else np.moveaxis(x, -1, channel_axis)


def conv_lstm_reference(x, weights, *, strides=1, padding="valid", dilation_rate=1, data_format="channels_last",
                        go_backwards=False, mask=None, initial_state=None, zero_output_for_mask=False):
    """``(outputs (batch, time, ...) in processing order, last output, [h, c])`` in float64."""
    kernel, recurrent = weights[0].astype("float64"), weights[1].astype("float64")
    bias = weights[2].astype("float64") if len(weights) > 2 else 0.0
    rank = kernel.ndim - 2
    strides = (strides,) * rank if isinstance(strides, int) else tuple(strides)
    dilation = (dilation_rate,) * rank if isinstance(dilation_rate, int) else tuple(dilation_rate)
    filters = recurrent.shape[-2]
    x = to_channels_last(x.astype("float64"), data_format, 3)
    if initial_state is None:
        shape = conv_nd(x[:, 0], kernel, strides, padding, dilation).shape[:-1] + (filters,)
        h, c = np.zeros(shape), np.zeros(shape)
    else:
        h, c = (to_channels_last(s.astype("float64"), data_format, 2) for s in initial_state)
    order = range(x.shape[1] - 1, -1, -1) if go_backwards else range(x.shape[1])
    outputs, previous, keep = [], np.zeros_like(h), None
    for t in order:
        z = conv_nd(x[:, t], kernel, strides, padding, dilation) + bias
        z = z + conv_nd(h, recurrent, (1,) * rank, "same", (1,) * rank)
        z_i, z_f, z_c, z_o = np.split(z, 4, axis=-1)
        new_c = sigmoid(z_f) * c + sigmoid(z_i) * np.tanh(z_c)
        new_h = sigmoid(z_o) * np.tanh(new_c)
        if mask is None:
            h, c, previous = new_h, new_c, new_h
            outputs.append(new_h)
            continue
        keep = mask[:, t].reshape((-1,) + (1,) * (h.ndim - 1))
        h, c = np.where(keep, new_h, h), np.where(keep, new_c, c)
        outputs.append(np.where(keep, new_h, 0.0 if zero_output_for_mask else previous))
        previous = np.where(keep, new_h, previous)
    last = previous if not (zero_output_for_mask and keep is not None) else np.where(keep, previous, 0.0)
    back = lambda a, axis: from_channels_last(a, data_format, axis)  # noqa: E731
    return back(np.stack(outputs, axis=1), 2), back(last, 1), [back(h, 1), back(c, 1)]


def random_weights(layer, seed: int = 1) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [rng.uniform(-0.5, 0.5, size=tuple(w.shape)).astype("float32") for w in layer.weights]


def inputs_for(rank: int, data_format: str, seed: int = 0, batch: int = 2, time: int = 3, channels: int = 2):
    spatial = {1: (7,), 2: (5, 6), 3: (4, 5, 3)}[rank]
    shape = (batch, time, *spatial, channels) if data_format == "channels_last" else (batch, time, channels, *spatial)
    return np.random.default_rng(seed).normal(size=shape).astype("float32")


def numpy_of(values):
    return [np.asarray(ops.convert_to_numpy(v)) for v in values]


# Values against the reference -------------------------------------------------------------------------

CASES = {
    "1d_same": dict(rank=1, kwargs=dict(filters=3, kernel_size=3, padding="same")),
    "1d_valid_strides_first": dict(rank=1, kwargs=dict(filters=2, kernel_size=2, strides=2,
                                                       data_format="channels_first")),
    "1d_dilated_backwards": dict(rank=1, kwargs=dict(filters=3, kernel_size=3, dilation_rate=2, go_backwards=True)),
    "2d_valid": dict(rank=2, kwargs=dict(filters=3, kernel_size=(3, 2))),
    "2d_same_strides_first": dict(rank=2, kwargs=dict(filters=2, kernel_size=2, strides=(2, 1), padding="same",
                                                      data_format="channels_first")),
    "2d_same_even_kernel_backwards_no_bias": dict(rank=2, kwargs=dict(filters=2, kernel_size=(2, 4), padding="same",
                                                                      go_backwards=True, use_bias=False)),
    "3d_same": dict(rank=3, kwargs=dict(filters=2, kernel_size=2, padding="same")),
    "3d_valid_first_dilated": dict(rank=3, kwargs=dict(filters=2, kernel_size=2, dilation_rate=(1, 2, 1),
                                                       data_format="channels_first")),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_the_numpy_reference(backend_name, case):
    rank, kwargs = CASES[case]["rank"], CASES[case]["kwargs"]
    data_format = kwargs.get("data_format", "channels_last")
    x = inputs_for(rank, data_format)
    options = {key: kwargs[key] for key in ("strides", "padding", "dilation_rate", "go_backwards") if key in kwargs}
    with mk.backend.use(backend_name):
        layer = LAYERS[rank](**kwargs, return_sequences=True, return_state=True)
        layer(x)
        weights = random_weights(layer)
        layer.set_weights(weights)
        outputs, h, c = numpy_of(layer(x))
        last_only = LAYERS[rank](**kwargs)  # return_sequences=False: the last output alone
        last_only(x)
        last_only.set_weights(weights)
        (last,) = numpy_of([last_only(x)])
    expected, expected_last, (expected_h, expected_c) = conv_lstm_reference(x, weights, data_format=data_format,
                                                                            **options)
    np.testing.assert_allclose(outputs, expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(h, expected_h, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(c, expected_c, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(last, expected_last, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("zero_output_for_mask", [False, True])
def test_a_mask_keeps_the_states_of_masked_timesteps(backend_name, zero_output_for_mask):
    # Keras 3.15 applies a (batch, time) mask on its torch and tensorflow backends (its jax and numpy ones fail).
    x = inputs_for(2, "channels_last", time=4)
    mask = np.array([[True, True, False, True], [True, False, False, False]])
    with mk.backend.use(backend_name):
        layer = layers.ConvLSTM2D(3, 3, padding="same", return_sequences=True, return_state=True,
                                  zero_output_for_mask=zero_output_for_mask)
        layer(x)
        weights = random_weights(layer)
        layer.set_weights(weights)
        outputs, h, c = numpy_of(layer(x, mask=ops.convert_to_tensor(mask)))
        assert layer.compute_mask(x, mask)[0] is mask
    expected, _, (expected_h, expected_c) = conv_lstm_reference(
        x, weights, padding="same", mask=mask, zero_output_for_mask=zero_output_for_mask
    )
    np.testing.assert_allclose(outputs, expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(h, expected_h, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(c, expected_c, rtol=1e-5, atol=1e-5)


def test_a_mask_per_pixel_is_refused(backend_name):
    x = inputs_for(2, "channels_last")
    with mk.backend.use(backend_name):
        model = mk.Sequential([mk.Input(x.shape[1:]), layers.Masking(), layers.ConvLSTM2D(2, 3)])
        with pytest.raises(ValueError, match=r"ConvLSTM2D '.*': the mask must have shape \(batch, timesteps\)"):
            model(x)


def test_initial_state(backend_name):
    x = inputs_for(1, "channels_first")
    rng = np.random.default_rng(3)
    states = [rng.normal(size=(2, 2, 6)).astype("float32") for _ in range(2)]
    with mk.backend.use(backend_name):
        layer = layers.ConvLSTM1D(2, 2, data_format="channels_first", return_state=True)
        layer(x)
        weights = random_weights(layer)
        layer.set_weights(weights)
        last, h, c = numpy_of(layer(x, initial_state=[ops.convert_to_tensor(s) for s in states]))
        with pytest.raises(ValueError, match=r"expected \(2, 2, 6\), received \(2, 6, 2\)"):
            layer(x, initial_state=[ops.zeros((2, 6, 2)), ops.zeros((2, 6, 2))])
        zeros = numpy_of(layer.get_initial_state(5))
    _, expected_last, (expected_h, expected_c) = conv_lstm_reference(
        x, weights, data_format="channels_first", initial_state=states
    )
    np.testing.assert_allclose(last, expected_last, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(c, expected_c, rtol=1e-5, atol=1e-5)
    assert [z.shape for z in zeros] == [(5, 2, 6), (5, 2, 6)] and not any(z.any() for z in zeros)


# Shapes, configs and errors ------------------------------------------------------------------------------


@pytest.mark.parametrize("rank, data_format, input_shape, expected", [
    (1, "channels_last", (None, 5, 7, 2), (None, 5, 3)),
    (1, "channels_first", (None, 5, 2, 7), (None, 3, 5)),
    (2, "channels_last", (None, None, 7, 9, 2), (None, 5, 7, 3)),
    (2, "channels_first", (4, 5, 2, 7, 9), (4, 3, 5, 7)),
    (3, "channels_last", (None, 5, 4, 5, 6, 1), (None, 2, 3, 4, 3)),
    (3, "channels_first", (None, 5, 1, 4, 5, 6), (None, 3, 2, 3, 4)),
])
def test_output_shapes(rank, data_format, input_shape, expected):
    with mk.backend.use("numpy"):
        layer = LAYERS[rank](3, 3, data_format=data_format, return_sequences=True, return_state=True)
        sequences, h, c = layer.compute_output_shape(input_shape)
        symbolic = layer(mk.Input(batch_shape=input_shape))
    assert h == c == expected
    assert sequences == (expected[0], input_shape[1], *expected[1:])
    assert [tuple(t.shape) for t in symbolic] == [sequences, h, c]


def test_config_has_keras_keys_and_round_trips():
    with mk.backend.use("numpy"):
        layer = layers.ConvLSTM3D(4, (1, 2, 3), strides=(1, 2, 1), padding="SAME", data_format="channels_first",
                                  recurrent_activation="hard_sigmoid", unit_forget_bias=False, dropout=0.25,
                                  recurrent_dropout=0.5, seed=7, return_state=True, go_backwards=True,
                                  kernel_regularizer="l2", name="clstm")
        config = layer.get_config()
        assert list(config) == KERAS_CONFIG_KEYS
        assert config["kernel_size"] == (1, 2, 3) and config["strides"] == (1, 2, 1) and config["padding"] == "same"
        assert config["dilation_rate"] == (1, 1, 1) and config["seed"] == 7 and config["dropout"] == 0.25
        as_json = json.loads(json.dumps(config))
        rebuilt = layers.ConvLSTM3D.from_config(as_json)
        assert rebuilt.get_config() == config  # tuples again, as from the constructor
        assert mk.layers.deserialize(mk.layers.serialize(layer)).get_config() == config
        assert (layer.filters, layer.kernel_size, layer.data_format) == (4, (1, 2, 3), "channels_first")


def test_unit_forget_bias_and_weight_layout():
    with mk.backend.use("numpy"):
        layer = layers.ConvLSTM2D(3, (2, 3), name="clstm")
        layer.build((None, 4, 6, 6, 5))
    assert [(w.path, tuple(w.shape)) for w in layer.weights] == [
        ("clstm/conv_lstm_cell/kernel", (2, 3, 5, 12)),
        ("clstm/conv_lstm_cell/recurrent_kernel", (2, 3, 3, 12)),
        ("clstm/conv_lstm_cell/bias", (12,)),
    ]
    np.testing.assert_array_equal(layer.weights[2].numpy(), [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0])


@pytest.mark.parametrize("rank, shape", [
    (2, (2, 4, 6, 2)), (2, (2, 4, 6, 6, 6, 2)), (1, (2, 4, 6)), (3, (2, 4, 6, 6, 2)),
])
def test_inputs_of_the_wrong_rank_are_refused(rank, shape):
    with mk.backend.use("numpy"):
        message = rf"input 0 must have rank {rank + 3}, received shape .* \(rank {len(shape)}\)"
        with pytest.raises(ValueError, match=message):
            LAYERS[rank](2, 3)(np.zeros(shape, "float32"))


@pytest.mark.parametrize("kwargs, message", [
    (dict(filters=0, kernel_size=3), r"ConvLSTM2D: `filters` must be a positive int, received filters=0"),
    (dict(filters=2, kernel_size=(3, 3, 3)), r"`kernel_size` must be an int or a tuple of 2 ints"),
    (dict(filters=2, kernel_size=3, padding="causal"), r"`padding` must be one of \('valid', 'same'\)"),
    (dict(filters=2, kernel_size=3, strides=2, dilation_rate=2), r"`strides` > 1 cannot be combined"),
    (dict(filters=2, kernel_size=3, data_format="nhwc"), r"`data_format` must be one of"),
])
def test_bad_arguments_are_refused(kwargs, message):
    with mk.backend.use("numpy"):
        with pytest.raises(ValueError, match=message):
            layers.ConvLSTM2D(**kwargs)


def test_inputs_too_small_for_the_kernel_are_refused():
    with mk.backend.use("numpy"):
        with pytest.raises(ValueError, match=r"the input is too small"):
            layers.ConvLSTM1D(2, 9)(np.zeros((1, 3, 8, 1), "float32"))


# The harness, training and backends --------------------------------------------------------------------------


def test_harness(backend_name):
    def expected(x, weights):
        return conv_lstm_reference(x, weights, padding="same")[1]

    with mk.backend.use(backend_name):
        run_layer_test(
            layers.ConvLSTM2D, {"filters": 3, "kernel_size": 3, "padding": "same"},
            input_shape=(2, 3, 5, 5, 2),
            expected_output_shape=(2, 5, 5, 3),
            expected_num_trainable_weights=3,
            expected_num_non_trainable_weights=0,
            expected_num_losses=0,
            supports_masking=True,
            expected_output=expected,
        )


def test_same_outputs_on_every_backend(backends_under_test):
    x = inputs_for(2, "channels_first")
    assert_same_on_every_backend(
        layers.ConvLSTM2D,
        {"filters": 2, "kernel_size": 2, "strides": 2, "data_format": "channels_first", "return_sequences": True,
         "return_state": True, "go_backwards": True, "bias_initializer": "random_normal"},
        backends_under_test, input_data=x,
    )


def _loss_and_grads(layer, x, trainable_values):
    def loss_fn(values):
        outputs, _ = layer.stateless_call(values, [v.value for v in layer.non_trainable_variables], x)
        return ops.sum(ops.square(outputs))

    loss, grads = mk.backend.value_and_grad(loss_fn)(trainable_values)
    return float(ops.convert_to_numpy(loss)), numpy_of(grads)


def test_gradients_match_finite_differences_of_the_reference(trainable_backend_name):
    x = inputs_for(1, "channels_last", time=3)
    options = dict(filters=2, kernel_size=3, strides=2, padding="same", return_sequences=True)
    with mk.backend.use(trainable_backend_name):
        layer = layers.ConvLSTM1D(**options)
        layer(x)
        weights = random_weights(layer)
        layer.set_weights(weights)
        loss, grads = _loss_and_grads(layer, ops.convert_to_tensor(x), [ops.convert_to_tensor(w) for w in weights])

    def reference_loss(values):
        return float(np.sum(np.square(conv_lstm_reference(x, values, strides=2, padding="same")[0])))

    np.testing.assert_allclose(loss, reference_loss(weights), rtol=1e-5)
    rng = np.random.default_rng(5)
    for index, grad in enumerate(grads):
        direction = rng.normal(size=grad.shape)
        epsilon = 1e-5
        plus = [w.astype("float64") + (epsilon * direction if i == index else 0) for i, w in enumerate(weights)]
        minus = [w.astype("float64") - (epsilon * direction if i == index else 0) for i, w in enumerate(weights)]
        numeric = (reference_loss(plus) - reference_loss(minus)) / (2 * epsilon)
        np.testing.assert_allclose(np.sum(grad * direction), numeric, rtol=1e-3, atol=1e-4)


def test_gradients_are_the_same_on_every_trainable_backend(backends_under_test):
    x = inputs_for(2, "channels_first", time=3)
    options = dict(filters=2, kernel_size=2, data_format="channels_first", go_backwards=True)
    results = {}
    weights = None
    for name in backends_under_test:
        with mk.backend.use(name):
            if not mk.backend.capabilities().trainable:
                continue
            layer = layers.ConvLSTM2D(**options)
            layer(x)
            weights = random_weights(layer) if weights is None else weights
            values = [ops.convert_to_tensor(w) for w in weights]
            results[name] = _loss_and_grads(layer, ops.convert_to_tensor(x), values)
    assert len(results) >= 2 or len(backends_under_test) < 2, results.keys()
    (first, (loss, grads)), *others = results.items()
    for name, (other_loss, other_grads) in others:
        np.testing.assert_allclose(other_loss, loss, rtol=1e-5, err_msg=f"{name} vs {first}")
        for a, b in zip(other_grads, grads):
            np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5, err_msg=f"{name} vs {first}")


def test_fit_with_dropout_and_stateful_states(backend_name):
    rng = np.random.default_rng(0)
    batch = 2
    x = rng.normal(size=(2 * batch, 3, 6, 6, 2)).astype("float32")
    y = rng.normal(size=(2 * batch, 1)).astype("float32")
    with mk.backend.use(backend_name):
        mk.utils.set_random_seed(0)
        conv_lstm = layers.ConvLSTM2D(3, 3, padding="same", stateful=True, dropout=0.2, recurrent_dropout=0.2, seed=1)
        model = mk.Sequential([mk.Input(batch_shape=(batch, 3, 6, 6, 2)), conv_lstm, layers.GlobalAveragePooling2D(),
                               layers.Dense(1)])
        assert [tuple(s.shape) for s in conv_lstm.states] == [(batch, 6, 6, 3)] * 2
        before = [w.copy() for w in model.get_weights()]
        if not mk.backend.capabilities().trainable:
            predicted = model.predict(x, batch_size=batch, verbose=0)
            assert predicted.shape == (2 * batch, 1) and np.all(np.isfinite(predicted))
            return
        model.compile(optimizer=mk.optimizers.Adam(0.02), loss="mse")
        history = model.fit(x, y, batch_size=batch, epochs=4, shuffle=False, verbose=0)
        carried = numpy_of(conv_lstm.states)
        conv_lstm.reset_state()
        reset = numpy_of(conv_lstm.states)
    losses = history.history["loss"]
    assert all(np.isfinite(losses)) and losses[-1] < losses[0], losses
    after = model.get_weights()
    assert len(after) == len(before) == 3 + 2  # the stateful states are not weights
    assert all(not np.array_equal(a, b) for a, b in zip(after, before)), "some weight did not train"
    assert all(np.any(s != 0.0) for s in carried) and not any(np.any(s) for s in reset)


def test_stateful_layer_continues_from_the_last_states(backend_name):
    x = inputs_for(2, "channels_last", batch=2, time=4)
    with mk.backend.use(backend_name):
        layer = layers.ConvLSTM2D(2, 3, stateful=True, return_state=True)
        layer(x[:, :2])
        weights = random_weights(layer)
        layer.set_weights(weights)
        layer.reset_state()
        layer(x[:, :2])
        second, h, c = numpy_of(layer(x[:, 2:]))
    _, expected, (expected_h, expected_c) = conv_lstm_reference(x, weights)
    np.testing.assert_allclose(second, expected, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(c, expected_c, rtol=1e-5, atol=1e-5)


def test_dropout_applies_in_training_only(backend_name):
    x = inputs_for(1, "channels_last")
    with mk.backend.use(backend_name):
        layer = layers.ConvLSTM1D(2, 3, dropout=0.5, recurrent_dropout=0.5, seed=3, return_sequences=True)
        inference = numpy_of([layer(x)])[0]
        weights = layer.get_weights()
        training = numpy_of([layer(x, training=True)])[0]
    expected = conv_lstm_reference(x, weights)[0]
    np.testing.assert_allclose(inference, expected, rtol=1e-5, atol=1e-5)
    assert training.shape == inference.shape and np.all(np.isfinite(training))
    assert not np.allclose(training, inference)


def test_dropout_masks_are_per_gate_and_per_sequence():
    # One input channel, 1-wide kernel of ones, no recurrence: each gate sees the input or zero, and a position
    # whose gates were dropped differently is neither the undropped value nor zero (Keras 3 does the same).
    x = np.ones((1, 3, 64, 1), "float32")
    with mk.backend.use("numpy"):
        layer = layers.ConvLSTM1D(1, 1, dropout=0.5, seed=3, return_sequences=True, kernel_initializer="ones",
                                  recurrent_initializer="zeros", unit_forget_bias=False)
        dropped = numpy_of([layer(x, training=True)])[0][0, :, :, 0]
        undropped = numpy_of([layer(2 * x)])[0][0, :, 0, 0]
    first = dropped[0]
    assert np.any(np.isclose(first, undropped[0])) and np.any(first == 0.0)
    assert np.any(~np.isclose(first, undropped[0]) & (first != 0.0)), "gates share one mask"
    steps_without_forget_gate = dropped[1:][:, np.isclose(first, undropped[0])]  # the same mask at every timestep
    assert np.all(steps_without_forget_gate > 0.0)


def test_unknown_time_and_spatial_sizes(backend_name):
    x = inputs_for(2, "channels_last")
    with mk.backend.use(backend_name):
        inputs = mk.Input((None, None, None, 2))
        layer = layers.ConvLSTM2D(2, 3, strides=2, return_sequences=True)
        model = mk.Model(inputs, layer(inputs))
        assert tuple(model.outputs[0].shape) == (None, None, None, None, 2)
        layer(x)
        weights = random_weights(layer)
        layer.set_weights(weights)
        predicted = model.predict(x, verbose=0)
    np.testing.assert_allclose(predicted, conv_lstm_reference(x, weights, strides=2)[0], rtol=1e-5, atol=1e-5)


def test_unrolled_loop(backend_name):
    x = inputs_for(3, "channels_last")
    with mk.backend.use(backend_name):
        layer = layers.ConvLSTM3D(2, 2, padding="same", unroll=True, go_backwards=True, return_sequences=True)
        layer(x)
        weights = random_weights(layer)
        layer.set_weights(weights)
        outputs = numpy_of([layer(x)])[0]
    expected = conv_lstm_reference(x, weights, padding="same", go_backwards=True)[0]
    np.testing.assert_allclose(outputs, expected, rtol=1e-5, atol=1e-5)


def test_tensorflow_graph_with_unknown_sizes(backends_under_test):
    # jax traces with static shapes and torch runs eagerly; a tf.function may leave every size but the channels
    # unknown: the input convolution then runs inside each step and the zero states come from the inputs.
    if "tensorflow" not in backends_under_test:
        pytest.skip("the tensorflow backend is not selected")
    tf = pytest.importorskip("tensorflow")
    x = inputs_for(2, "channels_last")
    with mk.backend.use("tensorflow"):
        for kwargs in (dict(kernel_size=3, strides=2), dict(kernel_size=(3, 2), dilation_rate=2),
                       dict(kernel_size=3, padding="same", dropout=0.3, recurrent_dropout=0.3, seed=1)):
            layer = layers.ConvLSTM2D(2, return_sequences=True, return_state=True, **kwargs)
            layer(x)
            weights = random_weights(layer)
            layer.set_weights(weights)
            spec = [tf.TensorSpec((None, None, None, None, 2), "float32")]
            inference = tf.function(lambda s: layer(s), input_signature=spec)
            training = tf.function(lambda s: layer(s, training=True), input_signature=spec)
            outputs, h, c = numpy_of(inference(tf.constant(x)))
            trained = numpy_of(training(tf.constant(x)))
            options = {key: kwargs[key] for key in ("strides", "padding", "dilation_rate") if key in kwargs}
            expected, _, (_, expected_c) = conv_lstm_reference(x, weights, **options)
            np.testing.assert_allclose(outputs, expected, rtol=1e-5, atol=1e-5)
            np.testing.assert_allclose(c, expected_c, rtol=1e-5, atol=1e-5)
            assert [t.shape for t in trained] == [outputs.shape, h.shape, c.shape]
