"""Weights a backend keeps in its own memory order (``arrange_weight``, docs/contract.md): same values everywhere.

The torch plug-in stores matrix-product kernels units-major, as ``nn.Linear``
stores its weight; the other plug-ins keep their arrays as they are. Values,
training results and saved files must not depend on it.
"""

from __future__ import annotations

import contextlib

import numpy as np
import pytest

import multikeras as mk
from multikeras.backend.selection import current

rng = np.random.default_rng(5)
X = rng.normal(size=(6, 4, 3)).astype("float32")
Y = rng.normal(size=(6, 5)).astype("float32")


def _model() -> mk.Model:
    """Every layer kind whose kernel is arranged: Dense, EinsumDense (1 and 2 contracted axes), LSTM."""
    inputs = mk.Input((4, 3))
    x = mk.layers.EinsumDense("abc,cde->abde", output_shape=(4, 2, 3), bias_axes="de")(inputs)
    x = mk.layers.EinsumDense("abcd,cde->abe", output_shape=(4, 5), bias_axes="e")(x)
    x = mk.layers.LSTM(4, return_sequences=True)(x)
    x = mk.layers.Flatten()(x)
    return mk.Model(inputs, mk.layers.Dense(5)(x))


def _initial_weights() -> list[np.ndarray]:
    with mk.backend.use("numpy"):
        mk.utils.set_random_seed(1)
        return [np.array(w) for w in _model().get_weights()]


INITIAL = _initial_weights()


@contextlib.contextmanager
def _without_fused_kernels():
    """The backend's generic code: no fused kernels, no arranged weights."""
    fused = current().fused
    saved = dict(fused)
    fused.clear()
    try:
        yield
    finally:
        fused.update(saved)


def _train(backend_name: str, optimizer: str, generic: bool = False) -> list[np.ndarray]:
    with mk.backend.use(backend_name), (_without_fused_kernels() if generic else contextlib.nullcontext()):
        model = _model()
        model.set_weights(INITIAL)
        model.compile(optimizer=optimizer, loss="mse", jit_compile=False)
        model.fit(X, Y, batch_size=2, epochs=1, steps_per_epoch=3, shuffle=False, verbose=0)
        return [np.array(w) for w in model.get_weights()] + [np.array(v.numpy()) for v in model.optimizer.variables]


@pytest.mark.parametrize("optimizer", ["adam", "sgd"])
def test_training_gives_the_generic_code_numbers(trainable_backend_name, optimizer):
    """Every backend as it runs (torch: arranged kernels, Adam's fused kernel on arranged arrays, the generic
    SGD update on them) trains to the numbers of torch's generic code with row-major arrays."""
    expected = _train("torch", optimizer, generic=True)
    for got, want in zip(_train(trainable_backend_name, optimizer), expected, strict=True):
        np.testing.assert_allclose(got, want, rtol=2e-4, atol=2e-5)


def _kernels(model: mk.Model) -> list[tuple[mk.Variable, int]]:
    """Each arranged kernel with the number of axes its matrix product contracts."""
    found = []
    for layer in model.layers:
        if isinstance(layer, mk.layers.EinsumDense):
            found.append((layer.kernel, layer._features_rank))
        elif isinstance(layer, mk.layers.Dense):
            found.append((layer.kernel, 1))
        elif isinstance(layer, mk.layers.LSTM):
            found += [(layer.cell.kernel, 1), (layer.cell.recurrent_kernel, 1)]
    return found


def test_torch_keeps_kernels_units_major_through_building_training_and_assignment():
    import torch

    from multikeras.backends.torch.layouts import units_major_strides

    with mk.backend.use("torch"):
        model = _model()
        found = _kernels(model)
        kernels = [kernel for kernel, _ in found]
        expected = [units_major_strides(kernel.shape, rank) for kernel, rank in found]
        assert [rank for _, rank in found] == [1, 2, 1, 1, 1]
        assert [k.value.stride() for k in kernels] == expected
        assert not any(k.value.is_contiguous() for k in kernels)
        model.set_weights(INITIAL)  # row-major NumPy arrays in: stored units-major again
        assert [k.value.stride() for k in kernels] == expected
        initial = {id(v): w for v, w in zip(model.weights, INITIAL)}
        for kernel in kernels:
            np.testing.assert_array_equal(kernel.numpy(), initial[id(kernel)])
        model.compile(optimizer="adam", loss="mse", jit_compile=False)
        model.fit(X, Y, batch_size=2, epochs=1, steps_per_epoch=1, shuffle=False, verbose=0)
        addresses = [k.value.data_ptr() for k in kernels]
        model.fit(X, Y, batch_size=2, epochs=1, steps_per_epoch=2, shuffle=False, verbose=0)
        # Adam's fused kernel updated the arranged arrays in place: no copy per step.
        assert [k.value.data_ptr() for k in kernels] == addresses
        optimizer = model.optimizer
        for kernel in kernels:
            index = optimizer._get_variable_index(kernel)
            for slot in (optimizer._momentums[index], optimizer._velocities[index]):
                assert slot.value.stride() == kernel.value.stride()
        assert isinstance(kernels[0].value, torch.Tensor)


def test_saved_weights_load_on_every_backend(tmp_path, backends_under_test):
    path = str(tmp_path / "model.weights.safetensors")
    with mk.backend.use("torch"):
        model = _model()
        model.set_weights(INITIAL)
        assert not model.layers[-1].kernel.value.is_contiguous()
        model.save_weights(path)
        expected = model.predict(X, verbose=0)
    for name in backends_under_test:
        with mk.backend.use(name):
            loaded = _model()
            loaded.load_weights(path)
            for got, want in zip(loaded.get_weights(), INITIAL):
                np.testing.assert_array_equal(np.array(got), want)
            np.testing.assert_allclose(np.array(loaded.predict(X, verbose=0)), expected, rtol=1e-5, atol=1e-6)


def test_backends_without_the_kernel_keep_their_arrays(backend_name):
    with mk.backend.use(backend_name):
        arrange = current().fused.get("arrange_weight")
        variable = mk.Variable(np.arange(6, dtype="float32").reshape(2, 3))
        before = variable.value
        variable._arrange("matmul")
        np.testing.assert_array_equal(variable.numpy(), np.arange(6, dtype="float32").reshape(2, 3))
        if arrange is None:
            assert variable.value is before
        else:
            assert variable.value is not before and variable.value.stride() == (1, 2)


def test_torch_arrange_weight_leaves_other_uses_and_arrays_alone():
    import torch

    from multikeras.backends.torch.layouts import arrange_weight, is_dense, row_major_view, units_major_strides

    assert units_major_strides((784, 256), 1) == (1, 784)
    assert units_major_strides((64, 4, 16), 1) == (1, 1024, 64)
    assert units_major_strides((4, 16, 64), 2) == (16, 1, 64)
    matrix = torch.arange(12.0).reshape(3, 4)
    for value in (matrix.to(torch.int32), torch.arange(3.0), matrix[:, :2]):
        assert arrange_weight(value, "conv") is value
    assert arrange_weight(matrix.to(torch.int32), "matmul").is_contiguous()
    assert arrange_weight(torch.arange(3.0), "matmul").is_contiguous()  # no units axis
    arranged = arrange_weight(matrix, "matmul")
    assert arranged.stride() == (1, 3) and torch.equal(arranged, matrix)
    assert arrange_weight(arranged, "matmul") is arranged  # already arranged: no copy
    assert is_dense(arranged) and not is_dense(matrix[:, :2])
    view = row_major_view(arranged)
    assert view.is_contiguous() and view.data_ptr() == arranged.data_ptr() and torch.equal(view, matrix.t())


def test_torch_adam_kernel_on_arranged_arrays_writes_through_to_the_variables_memory():
    """torch's CPU fused Adam copies a non-row-major array to a row-major one and back; the plug-in hands it
    row-major views of arranged arrays instead. The result equals the update of the row-major arrays."""
    import torch

    from multikeras.backends.torch.layouts import arrange_weight

    with mk.backend.use("torch"):
        kernel = current().fused["adam_update"]
        values = [rng.normal(size=(5, 3)).astype("float32") for _ in range(4)]
        values[3] = np.abs(values[3])
        alpha = torch.tensor(0.05)
        row_major = kernel(*([torch.from_numpy(v.copy())] for v in values), alpha, 0.9, 0.999, 1e-7)
        arranged = [[arrange_weight(torch.from_numpy(v.copy()), "matmul")] for v in values]
        result = kernel(*arranged, alpha, 0.9, 0.999, 1e-7)
        for got, want in zip(result, row_major):
            assert got[0].stride() == (1, 5)
            # The kernel walks the memory in another shape: vector chunks may round the last bit differently.
            np.testing.assert_allclose(got[0].numpy(), want[0].numpy(), rtol=4 * np.finfo(np.float32).eps)
