"""TorchModuleWrapper: a torch.nn.Module as a layer on the torch backend; a clear error elsewhere."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import numpy as np
import pytest

import multikeras as mk
from multikeras.saving.serialization_lib import SafeModeScope

torch = pytest.importorskip("torch")


def _linear(seed: int = 0) -> torch.nn.Linear:
    torch.manual_seed(seed)
    return torch.nn.Linear(3, 2)


def _x() -> np.ndarray:
    return np.random.RandomState(1).rand(4, 3).astype("float32")


def test_output_and_weights_match_the_module():
    with mk.backend.use("torch"):
        module = _linear()
        layer = mk.layers.TorchModuleWrapper(module, name="wrap")
        y = layer(mk.ops.convert_to_tensor(_x()))
        expected = module(torch.tensor(_x())).detach().numpy()
        np.testing.assert_allclose(mk.ops.convert_to_numpy(y), expected, rtol=1e-6, atol=1e-6)
        assert [(w.path, w.shape) for w in layer.trainable_weights] == [("wrap/weight", (2, 3)), ("wrap/bias", (2,))]
        assert layer.non_trainable_weights == []


def test_frozen_parameter_is_non_trainable_and_buffers_are_not_weights():
    with mk.backend.use("torch"):
        module = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.BatchNorm1d(2))
        module[0].bias.requires_grad_(False)
        layer = mk.layers.TorchModuleWrapper(module)
        assert [w.name for w in layer.trainable_weights] == ["0.weight", "1.weight", "1.bias"]
        assert [w.name for w in layer.non_trainable_weights] == ["0.bias"]


def test_fit_trains_the_module_as_torch_sgd_does():
    x, y = _x(), np.ones((4, 2), "float32")
    reference = _linear()
    optimizer = torch.optim.SGD(reference.parameters(), lr=0.1)
    for _ in range(3):  # what SGD on the mean squared error does to the module, step by step in plain torch
        optimizer.zero_grad()
        torch.mean((reference(torch.tensor(x)) - torch.tensor(y)) ** 2).backward()
        optimizer.step()
    with mk.backend.use("torch"):
        layer = mk.layers.TorchModuleWrapper(_linear())
        model = mk.Sequential([mk.Input((3,)), layer])
        model.compile(optimizer=mk.optimizers.SGD(learning_rate=0.1), loss="mse")
        model.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0)
        trained = layer.module
        for name in ("weight", "bias"):
            np.testing.assert_allclose(getattr(trained, name).detach().numpy(),
                                       getattr(reference, name).detach().numpy(), rtol=1e-5, atol=1e-6)
        # the module and the layer hold the same values after training
        np.testing.assert_allclose(model.predict(x, verbose=0), reference(torch.tensor(x)).detach().numpy(),
                                   rtol=1e-5, atol=1e-6)


def test_functional_model_and_output_shape():
    with mk.backend.use("torch"):
        inputs = mk.Input((3,))
        hidden = mk.layers.TorchModuleWrapper(_linear())(inputs)
        model = mk.Model(inputs, mk.layers.Dense(1)(hidden))
        assert model.output_shape == (None, 1)
        assert model(mk.ops.convert_to_tensor(_x())).shape == (4, 1)
        fixed = mk.layers.TorchModuleWrapper(_linear(), output_shape=(None, 2))
        assert fixed.compute_output_shape((None, 3)) == (None, 2)


def test_config_round_trip_needs_unsafe_mode(tmp_path):
    with mk.backend.use("torch"):
        layer = mk.layers.TorchModuleWrapper(_linear(), output_shape=(None, 2))
        config = layer.get_config()
        assert isinstance(config["module"], str) and config["output_shape"] == (None, 2)
        with pytest.raises(ValueError, match="safe mode refuses"):
            mk.layers.TorchModuleWrapper.from_config(config)
        with SafeModeScope(False):
            clone = mk.layers.TorchModuleWrapper.from_config(config)
        x = mk.ops.convert_to_tensor(_x())
        np.testing.assert_allclose(mk.ops.convert_to_numpy(clone(x)), mk.ops.convert_to_numpy(layer(x)), rtol=1e-6)

        model = mk.Sequential([mk.Input((3,)), mk.layers.TorchModuleWrapper(_linear())])
        model.layers[0].trainable_weights[1].assign(np.array([5.0, -5.0], "float32"))  # saved values are the layer's
        path = tmp_path / "wrapped.keras"
        model.save(path)
        with pytest.raises(ValueError, match="safe mode refuses"):
            mk.saving.load_model(path)
        loaded = mk.saving.load_model(path, safe_mode=False)
        np.testing.assert_allclose(loaded.predict(_x(), verbose=0), model.predict(_x(), verbose=0), rtol=1e-6)
        np.testing.assert_allclose(loaded.layers[0].module.bias.detach().numpy(), [5.0, -5.0])


def test_non_torch_backend_is_a_clear_error():
    with mk.backend.use("numpy"):
        with pytest.raises(ValueError, match=r"'wrap'.*torch tensors.*'numpy'.*Linear"):
            mk.layers.TorchModuleWrapper(_linear(), name="wrap")


def test_training_flag_sets_the_module_mode():
    with mk.backend.use("torch"):
        model = mk.Sequential([mk.Input((3,)), mk.layers.TorchModuleWrapper(torch.nn.Dropout(0.5))])
        x = np.ones((2, 3), "float32")
        np.testing.assert_array_equal(model.predict(x, verbose=0), x)
        assert not model.layers[0].module.training
        model(mk.ops.convert_to_tensor(x), training=True)
        assert model.layers[0].module.training


# Run by Keras 3 on torch in a subprocess: it loads the file multikeras wrote, then writes one of its own.
KERAS_SCRIPT = """
import sys, numpy as np, keras
workdir = sys.argv[1]
model = keras.saving.load_model(workdir + "/mk.keras", safe_mode=False)
x = np.load(workdir + "/x.npy")
np.save(workdir + "/keras_reads_mk.npy", model.predict(x, verbose=0))
model.layers[0].module[0].bias.data.fill_(3.0)
model.save(workdir + "/keras.keras")
np.save(workdir + "/keras_own.npy", model.predict(x, verbose=0))
"""


def test_keras_files_are_exchanged_with_keras_3_on_torch(tmp_path):
    """The module's state_dict (buffers included) is what both libraries store in the .keras weights."""
    if importlib.util.find_spec("keras") is None:
        pytest.skip("Keras 3 is not installed: nothing to compare with")
    x = _x()
    with mk.backend.use("torch"):
        torch.manual_seed(2)
        module = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.BatchNorm1d(2))
        module[1].running_mean.fill_(0.5)  # a buffer, not a weight: must travel in the file too
        model = mk.Sequential([mk.Input((3,)), mk.layers.TorchModuleWrapper(module)])
        expected = model.predict(x, verbose=0)
        model.save(tmp_path / "mk.keras")
    np.save(tmp_path / "x.npy", x)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MULTIKERAS_", "PYTHONWARNINGS"))}
    env["KERAS_BACKEND"] = "torch"
    run = subprocess.run([sys.executable, "-c", KERAS_SCRIPT, str(tmp_path)], env=env, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    np.testing.assert_allclose(np.load(tmp_path / "keras_reads_mk.npy"), expected, rtol=1e-6)
    with mk.backend.use("torch"):
        loaded = mk.saving.load_model(tmp_path / "keras.keras", safe_mode=False)
        np.testing.assert_allclose(loaded.predict(x, verbose=0), np.load(tmp_path / "keras_own.npy"), rtol=1e-6)
        np.testing.assert_allclose(loaded.layers[0].module[0].bias.detach().numpy(), [3.0, 3.0])
        np.testing.assert_allclose(loaded.layers[0].module[1].running_mean.numpy(), [0.5, 0.5])
