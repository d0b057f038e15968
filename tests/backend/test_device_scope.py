"""``multikeras.device``: name standardization, placement of created tensors, nesting and errors."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras.backend.device_placement import UnknownDeviceError, standardize_device_name


@pytest.mark.parametrize(("name", "expected"), [
    ("cpu", "cpu:0"), ("CPU:0", "cpu:0"), (" gpu:1 ", "gpu:1"), ("cuda", "gpu:0"), ("cuda:2", "gpu:2"),
    ("/cpu:0", "cpu:0"), ("/device:GPU:1", "gpu:1"), ("/job:localhost/replica:0/task:0/device:CPU:0", "cpu:0"),
    ("tpu:3", "tpu:3"), ("meta", "meta:0"),
])
def test_names_are_standardized(name, expected):
    assert standardize_device_name(name) == expected


@pytest.mark.parametrize("name", [3, None, b"cpu", "", "cpu:x", "cpu:0:1", "gpu-0"])
def test_malformed_names_raise(name):
    with pytest.raises(ValueError, match="device") as caught:
        mk.device(name)
    assert not isinstance(caught.value, UnknownDeviceError)
    assert repr(name) in str(caught.value)


def test_top_level_names():
    assert mk.device is mk.backend.device_placement.device
    assert "device" in mk.__all__ and "device" in dir(mk)
    assert mk.backend.device_scope is mk.backend.device_placement.device_scope


@pytest.mark.parametrize("name", ["cpu", "cpu:0", "CPU", "/device:CPU:0"])
def test_cpu_names_create_on_the_cpu(backend_name, name):
    with mk.backend.use(backend_name):
        with mk.device(name) as entered:
            assert entered == "cpu:0"
            created = mk.ops.ones((2, 3))
            converted = mk.ops.convert_to_tensor(np.arange(3.0, dtype="float32"))
            variable = mk.Variable(np.full((2,), 4.0, "float32"))
            summed = mk.ops.add(created, 1.0)
        assert mk.ops.convert_to_numpy(summed).tolist() == [[2.0] * 3] * 2
        assert mk.ops.convert_to_numpy(converted).tolist() == [0.0, 1.0, 2.0]
        assert variable.numpy().tolist() == [4.0, 4.0]
        for tensor in (created, converted, variable.value, summed):
            where = str(getattr(tensor, "device", "cpu")).lower()  # numpy arrays have no device: they are on the CPU
            assert "cpu" in where or "tfrt_cpu" in where, where


@pytest.mark.parametrize("name", ["gpu:0", "cuda:0", "tpu:0", "cpu:7", "warp_drive:0"])
def test_devices_that_do_not_exist_raise_naming_received_available_and_backend(backend_name, name):
    with mk.backend.use(backend_name):
        standardized = standardize_device_name(name)
        if standardized in _existing():
            pytest.skip(f"this machine has {standardized}")
        with pytest.raises(UnknownDeviceError) as caught:
            with mk.device(name):
                pass
        message = str(caught.value)
        assert standardized in message and f"'{backend_name}'" in message and "cpu:0" in message
        assert caught.value.backend == backend_name and "cpu:0" in caught.value.available
        assert isinstance(caught.value, ValueError)


def _existing() -> tuple[str, ...]:
    try:
        with mk.device("warp_drive:0"):
            pass
    except UnknownDeviceError as error:
        return error.available
    raise AssertionError("warp_drive:0 was accepted")


def test_scopes_nest_and_restore(backend_name):
    with mk.backend.use(backend_name):
        with mk.device("cpu"):
            with mk.device("cpu:0") as inner:
                assert mk.ops.convert_to_numpy(mk.ops.zeros((1,))).tolist() == [0.0]
            assert inner == "cpu:0"
            assert mk.ops.convert_to_numpy(mk.ops.ones((1,))).tolist() == [1.0]


def test_torch_places_created_tensors_on_the_scoped_device():
    """The meta device exists everywhere torch does: creation, conversion and variables follow the scope."""
    torch = pytest.importorskip("torch")
    with mk.backend.use("torch"):
        with mk.device("meta"):
            assert mk.ops.ones((2,)).device.type == "meta"
            assert mk.ops.arange(3).device.type == "meta"
            assert mk.ops.convert_to_tensor(np.ones(2)).device.type == "meta"
            assert mk.Variable(np.ones(2, "float32")).value.device.type == "meta"
            with mk.device("cpu"):
                assert mk.ops.zeros((2,)).device.type == "cpu"
            assert mk.ops.zeros((2,)).device.type == "meta"
            on_cpu = torch.ones(2)
            assert mk.ops.convert_to_tensor(on_cpu).device.type == "cpu"  # an existing tensor stays where it is
        assert mk.ops.ones((2,)).device.type == "cpu"


def test_jax_places_created_arrays_on_the_scoped_device(run_python):
    pytest.importorskip("jax")
    code = """
        import numpy as np
        import multikeras as mk
        with mk.backend.use("jax"):
            with mk.device("cpu:1"):
                created, converted = mk.ops.ones((2,)), mk.ops.convert_to_tensor(np.ones(2))
                variable = mk.Variable(np.ones(2, "float32"))
                with mk.device("cpu:0"):
                    inner = mk.ops.ones((2,))
            outside = mk.ops.ones((2,))
            ids = [sorted(d.id for d in t.devices()) for t in (created, converted, variable.value, inner, outside)]
            assert ids == [[1], [1], [1], [0], [0]], ids
            try:
                mk.device("cpu:2").__enter__()
            except mk.backend.UnknownDeviceError as error:
                assert error.available == ("cpu:0", "cpu:1"), error.available
            else:
                raise AssertionError("cpu:2 accepted")
        """
    result = run_python(code, env={"XLA_FLAGS": "--xla_force_host_platform_device_count=2", "JAX_PLATFORMS": "cpu"})
    assert result.returncode == 0, result.stderr


def test_tensorflow_places_created_tensors_on_the_scoped_device(run_python):
    pytest.importorskip("tensorflow")
    code = """
        import numpy as np
        import tensorflow as tf
        cpu = tf.config.list_physical_devices("CPU")[0]
        tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
        import multikeras as mk
        with mk.backend.use("tensorflow"):
            with mk.device("cpu:1"):
                created, converted = mk.ops.ones((2,)), mk.ops.convert_to_tensor(np.ones(2))
                variable = mk.Variable(np.ones(2, "float32"))
            outside = mk.ops.ones((2,))
            where = [t.device.rsplit(":", 1)[-1] for t in (created, converted, variable.value, outside)]
            assert where == ["1", "1", "1", "0"], where
        """
    result = run_python(code)
    assert result.returncode == 0, result.stderr


def test_numpy_accepts_only_the_cpu():
    with mk.backend.use("numpy"):
        with mk.device("cpu:0"):
            assert isinstance(mk.ops.ones((1,)), np.ndarray)
        with pytest.raises(UnknownDeviceError, match="'numpy' backend has no device 'gpu:0'.*Available devices: cpu:0"):
            mk.device("cuda:0")
