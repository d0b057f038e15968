"""SpectralNormalization on every backend: the power iteration against NumPy, training vs inference, fit (the
normalized kernel kept and then stepped, as Keras 3 does on tensorflow and torch, with values recorded from
Keras 3.15.1), Keras 3's config, weight order and file groups, errors."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers, ops
from multikeras.saving import object_tree
from multikeras.trainers.step_function import value_and_grad_of_variables
from layers.harness import assert_same_on_every_backend, run_layer_test


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _l2_normalize(x: np.ndarray) -> np.ndarray:
    return x / max(np.sqrt(np.sum(x.astype("float64") ** 2)), 1e-7)


def reference_normalization(kernel: np.ndarray, vector_u: np.ndarray, iterations: int) -> tuple[np.ndarray, np.ndarray]:
    """``(new vector_u, kernel / sigma)`` by the power method on the kernel as a ``(-1, last)`` matrix."""
    matrix = kernel.reshape(-1, kernel.shape[-1]).astype("float64")
    u = vector_u.astype("float64")
    for _ in range(iterations):
        v = _l2_normalize(u @ matrix.T)
        u = _l2_normalize(v @ matrix)
    sigma = (v @ matrix @ u.T).item()
    return u, (matrix / sigma).reshape(kernel.shape)


def _dense_with(kernel, bias, vector_u, iterations=1):
    layer = layers.SpectralNormalization(layers.Dense(kernel.shape[1]), power_iterations=iterations)
    layer.build((None, kernel.shape[0]))
    layer.layer.kernel.assign(kernel)
    layer.layer.bias.assign(bias)
    layer.vector_u.assign(vector_u)
    return layer


RNG = np.random.default_rng(0)
KERNEL = RNG.normal(size=(3, 2)).astype("float32")
BIAS = RNG.normal(size=(2,)).astype("float32")
X = RNG.normal(size=(4, 3)).astype("float32")
Y = RNG.normal(size=(4, 2)).astype("float32")
U0 = np.array([[0.3, -0.7]], "float32")

# Recorded from Keras 3.15.1 (tensorflow and torch backends) for KERNEL, BIAS, X, Y, U0 above, power_iterations=2:
# a call with training=True, then (from KERNEL and U0 again) train_on_batch with SGD(0.1) and "mse".
KERAS_TRAINING_CALL_KERNEL = [0.14589866, -0.15329586, 0.74315315, 0.12172719, -0.6215964, 0.4195987]
KERAS_VECTOR_U = [0.96229833, -0.27199608]
KERAS_TRAINING_CALL_OUTPUT_ROW0 = [0.6483491, 0.6393993]
KERAS_INFERENCE_OUTPUT_ROW0 = [0.7389837, 0.681932]
KERAS_KERNEL_AFTER_FIT = [0.17269203, -0.12466208, 0.77317494, 0.09974216, -0.6504633, 0.35665143]


@pytest.mark.parametrize("iterations", [1, 2, 5])
def test_training_call_normalizes_the_kernel(backend_name, iterations):
    new_u, new_kernel = reference_normalization(KERNEL, U0, iterations)
    with mk.backend.use(backend_name):
        layer = _dense_with(KERNEL, BIAS, U0, iterations)
        out = _np(layer(X, training=True))
        np.testing.assert_allclose(layer.layer.kernel.numpy(), new_kernel, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(layer.vector_u.numpy(), new_u, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(out, X @ new_kernel + BIAS, rtol=1e-5, atol=1e-5)
    if iterations == 2:
        np.testing.assert_allclose(new_kernel.ravel(), KERAS_TRAINING_CALL_KERNEL, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(new_u.ravel(), KERAS_VECTOR_U, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(out[0], KERAS_TRAINING_CALL_OUTPUT_ROW0, rtol=1e-5, atol=1e-6)


def test_inference_changes_nothing(backend_name):
    with mk.backend.use(backend_name):
        layer = _dense_with(KERNEL, BIAS, U0, 2)
        out = _np(layer(X))  # training defaults to False
        out_false = _np(layer(X, training=False))
        np.testing.assert_array_equal(layer.layer.kernel.numpy(), KERNEL)
        np.testing.assert_array_equal(layer.vector_u.numpy(), U0)
    np.testing.assert_allclose(out, X @ KERNEL + BIAS, rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(out, out_false)
    np.testing.assert_allclose(out[0], KERAS_INFERENCE_OUTPUT_ROW0, rtol=1e-5, atol=1e-6)


def test_conv_kernel_is_normalized_as_a_matrix(backend_name):
    rng = np.random.default_rng(1)
    kernel = rng.normal(size=(3, 3, 2, 4)).astype("float32")
    u = rng.normal(size=(1, 4)).astype("float32")
    images = rng.normal(size=(2, 5, 5, 2)).astype("float32")
    new_u, new_kernel = reference_normalization(kernel, u, 3)
    with mk.backend.use(backend_name):
        layer = layers.SpectralNormalization(layers.Conv2D(4, 3, use_bias=False), power_iterations=3)
        layer(images)
        assert tuple(layer.vector_u.shape) == (1, 4) and layer.kernel_shape == (3, 3, 2, 4)
        layer.layer.kernel.assign(kernel)
        layer.vector_u.assign(u)
        out = layer(images, training=True)
        assert tuple(out.shape) == (2, 3, 3, 4)
        np.testing.assert_allclose(layer.layer.kernel.numpy(), new_kernel, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(layer.vector_u.numpy(), new_u, rtol=1e-5, atol=1e-6)


def test_many_iterations_give_spectral_norm_one():
    with mk.backend.use("numpy"):
        layer = _dense_with(KERNEL * 5, BIAS, U0, 50)
        layer(X, training=True)
        assert abs(np.linalg.norm(layer.layer.kernel.numpy(), 2) - 1.0) < 1e-5


def test_zero_kernel_is_left_as_it_is(backend_name):
    with mk.backend.use(backend_name):
        layer = _dense_with(np.zeros((3, 2), "float32"), BIAS, U0)
        out = _np(layer(X, training=True))
        np.testing.assert_array_equal(layer.layer.kernel.numpy(), 0.0)
        np.testing.assert_array_equal(layer.vector_u.numpy(), U0)
    np.testing.assert_allclose(out, np.broadcast_to(BIAS, (4, 2)), rtol=1e-6)


def test_wrapped_embedding(backend_name):
    rng = np.random.default_rng(2)
    table = rng.normal(size=(5, 3)).astype("float32")
    new_u, new_table = reference_normalization(table, U0[:, :1].repeat(3, axis=1), 1)
    with mk.backend.use(backend_name):
        layer = layers.SpectralNormalization(layers.Embedding(5, 3))
        layer.build((None, 2))
        layer.layer.embeddings.assign(table)
        layer.vector_u.assign(U0[:, :1].repeat(3, axis=1))
        out = _np(layer(np.array([[1, 4]]), training=True))
        np.testing.assert_allclose(layer.kernel.numpy(), new_table, rtol=1e-5, atol=1e-6)
    # Keras 3.15.1 casts the output to the indices' dtype (int32 embeddings); here it stays in the compute dtype.
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, new_table[[[1, 4]]], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("jit_compile", [False, True])
def test_fit_keeps_the_normalized_kernel_and_steps_it(backend_name, jit_compile):
    new_u, new_kernel = reference_normalization(KERNEL, U0, 2)
    residual = X @ new_kernel + BIAS - Y
    kernel_grad = 2 * X.T @ residual / residual.size  # of mean squared error, at the normalized kernel
    bias_grad = 2 * residual.sum(axis=0) / residual.size
    with mk.backend.use(backend_name):
        layer = _dense_with(KERNEL, BIAS, U0, 2)
        model = mk.Sequential([mk.Input((3,)), layer])
        model.compile(optimizer=mk.optimizers.SGD(0.1), loss="mse", jit_compile=jit_compile)
        if not mk.backend.capabilities().trainable:  # an inference-only plug-in says so
            with pytest.raises(mk.backend.CapabilityError):
                model.train_on_batch(X, Y)
            return
        model.train_on_batch(X, Y)
        kernel, bias, vector_u = layer.layer.kernel.numpy(), layer.layer.bias.numpy(), layer.vector_u.numpy()
        # evaluate and predict run with training=False: nothing changes.
        model.evaluate(X, Y, verbose=0)
        model.predict(X, verbose=0)
        np.testing.assert_array_equal(layer.vector_u.numpy(), vector_u)
        np.testing.assert_array_equal(layer.layer.kernel.numpy(), kernel)
    np.testing.assert_allclose(kernel, new_kernel - 0.1 * kernel_grad, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(bias, BIAS - 0.1 * bias_grad, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(vector_u, new_u, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(kernel.ravel(), KERAS_KERNEL_AFTER_FIT, rtol=1e-5, atol=1e-6)


def test_assignments_to_differentiated_variables_are_kept(backend_name):
    with mk.backend.use(backend_name):
        if not mk.backend.capabilities().trainable:
            with pytest.raises(mk.backend.CapabilityError):
                value_and_grad_of_variables(lambda: ops.sum(ops.ones(1)), [mk.Variable([1.0])])
            return
        weight = mk.Variable([1.0, 2.0])

        def fn():
            value = ops.sum(ops.square(weight.value))
            weight.assign(ops.multiply(weight.value, 3.0))
            return value

        value, (grad,) = value_and_grad_of_variables(fn, [weight])
        np.testing.assert_allclose(_np(value), 5.0)
        np.testing.assert_allclose(_np(grad), [2.0, 4.0])  # of the values fn started from
        np.testing.assert_allclose(weight.numpy(), [3.0, 6.0])  # the assignment is kept


def test_harness(backend_name):
    with mk.backend.use(backend_name):
        run_layer_test(layers.SpectralNormalization, {"layer": layers.Dense(3), "power_iterations": 2},
                       input_shape=(2, 4), expected_output_shape=(2, 3), expected_output=lambda x, w: x @ w[0] + w[2],
                       expected_num_trainable_weights=2, expected_num_non_trainable_weights=1)


def test_same_on_every_backend(backends_under_test):
    cases = [(lambda **_: layers.SpectralNormalization(layers.Dense(3)), (2, 4)),
             (lambda **_: layers.SpectralNormalization(layers.Conv1D(2, 2), power_iterations=3), (2, 5, 3))]
    for make, shape in cases:  # a fresh wrapped layer per backend (a layer is bound to one backend)
        for training in (False, True):
            assert_same_on_every_backend(make, {}, backends_under_test, input_shape=shape,
                                         call_kwargs={"training": training})


def test_weights_order_and_file_groups(tmp_path, backends_under_test):
    with mk.backend.use("numpy"):
        model = mk.Sequential([mk.Input((3,)), _dense_with(KERNEL, BIAS, U0, 2)])
        layer = model.layers[0]
        assert [w.path for w in layer.weights] == [
            f"{layer.name}/{layer.layer.name}/kernel", f"{layer.name}/vector_u", f"{layer.name}/{layer.layer.name}/bias"]
        assert [w.path for w in layer.trainable_weights] == [layer.weights[0].path, layer.weights[2].path]
        store = {}
        layer.save_own_variables(store)
        # Keras 3 writes the wrapped kernel among the wrapper's own variables too: vars/0 kernel, vars/1 vector_u.
        assert [store[key].shape for key in ("0", "1")] == [(3, 2), (1, 2)]
        assert [path for path, _ in object_tree.walk(model)] == [
            "", "layers/spectral_normalization", "layers/spectral_normalization/layer"]
        expected = _np(model(X))
        model.save(tmp_path / "sn.keras")
    for name in backends_under_test:
        with mk.backend.use(name):
            loaded = mk.saving.load_model(tmp_path / "sn.keras")
            np.testing.assert_allclose(_np(loaded(X)), expected, rtol=1e-5, atol=1e-6, err_msg=name)
            np.testing.assert_array_equal(loaded.layers[0].vector_u.numpy(), U0)


def test_config_is_keras_layout():
    layer = layers.SpectralNormalization(layers.Dense(3, name="d"), power_iterations=3, name="sn")
    config = layer.get_config()
    assert set(config) == {"name", "trainable", "dtype", "layer", "power_iterations"}
    assert config["power_iterations"] == 3 and config["layer"]["class_name"] == "Dense"
    rebuilt = layers.SpectralNormalization.from_config(config)
    assert rebuilt.get_config() == config and isinstance(rebuilt.layer, layers.Dense)
    keras_written = {"module": "keras.layers", "class_name": "SpectralNormalization", "config": {
        "name": "sn", "trainable": True,
        "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": None},
        "layer": {"module": "keras.layers", "class_name": "Dense", "config": {
            "name": "dense_6", "trainable": True, "dtype": {"module": "keras", "class_name": "DTypePolicy",
                                                           "config": {"name": "float32"}, "registered_name": None},
            "units": 3, "activation": "linear", "use_bias": True, "kernel_initializer": {
                "module": "keras.initializers", "class_name": "GlorotUniform",
                "config": {"seed": None, "input_axes": None, "output_axes": None}, "registered_name": None},
            "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {},
                                 "registered_name": None},
            "kernel_regularizer": None, "bias_regularizer": None, "kernel_constraint": None, "bias_constraint": None,
            "quantization_config": None}, "registered_name": None},
        "power_iterations": 3}, "registered_name": None}
    loaded = layers.deserialize(keras_written)
    assert isinstance(loaded, layers.SpectralNormalization) and loaded.power_iterations == 3
    assert loaded.layer.units == 3


def test_vector_u_initializer_and_mixed_precision():
    with mk.backend.use("numpy"):
        layer = layers.SpectralNormalization(layers.Dense(64))
        layer.build((None, 8))
        u = layer.vector_u.numpy()
        assert u.shape == (1, 64) and not layer.vector_u.trainable
        assert np.all(np.abs(u) <= 0.04) and 0.01 < u.std() < 0.03  # TruncatedNormal(stddev=0.02)
        mixed = layers.SpectralNormalization(layers.Dense(3), dtype="mixed_float16")
        out = mixed(np.ones((2, 4), "float32"), training=True)
        assert str(out.dtype) == "float16" and mixed.vector_u.dtype == "float32"


@pytest.mark.parametrize("iterations", [0, -1, 1.5, True])
def test_power_iterations_errors(iterations):
    with pytest.raises(ValueError, match=r"SpectralNormalization 'sn': `power_iterations` must be an int greater than "
                                         rf"zero, received power_iterations={iterations!r}"):
        layers.SpectralNormalization(layers.Dense(2), power_iterations=iterations, name="sn")


def test_layer_errors(backend_name):
    with pytest.raises(ValueError, match="expected a Layer instance to normalize, received str 'dense'"):
        layers.SpectralNormalization("dense")
    with mk.backend.use(backend_name):
        with pytest.raises(ValueError, match=r"SpectralNormalization 'sn': the wrapped layer ReLU 'relu_x' has no "
                                             r"`kernel` nor `embeddings` weight to normalize"):
            layers.SpectralNormalization(layers.ReLU(name="relu_x"), name="sn")(np.ones((1, 2), "float32"))
        layer = layers.SpectralNormalization(layers.Conv2D(4, 3), name="sn")
        layer(np.ones((1, 5, 5, 2), "float32"))
        with pytest.raises(ValueError, match=r"Layer 'sn': input 0 must have size 2 on axis -1"):
            layer(np.ones((1, 5, 5, 3), "float32"))
