"""Global settings: accessors, setters, and ``$MULTIKERAS_HOME/multikeras.json``."""

from __future__ import annotations

import pathlib

import numpy as np
import pytest

import multikeras as mk
from multikeras import ops
from multikeras.backend import config, dtypes

pytestmark = pytest.mark.usefixtures("restore_global_state")

READ_SETTINGS = """
import json, multikeras as mk
print(json.dumps({
    "floatx": mk.config.floatx(),
    "epsilon": mk.config.epsilon(),
    "image_data_format": mk.config.image_data_format(),
    "backend": mk.config.backend(),
}))
"""

DEFAULTS = {"floatx": "float32", "epsilon": 1e-7, "image_data_format": "channels_last"}


def test_settings_file_provides_every_setting(run_python):
    result = run_python(
        READ_SETTINGS,
        settings={"floatx": "float64", "epsilon": 1e-5, "image_data_format": "channels_first", "backend": "numpy"},
    )
    assert result.returncode == 0, result.stderr
    assert result.json() == {
        "floatx": "float64",
        "epsilon": 1e-5,
        "image_data_format": "channels_first",
        "backend": "numpy",
    }


def test_settings_file_floatx_reaches_the_ops(run_python):
    result = run_python(
        "import multikeras as mk; print(mk.ops.ones(2).dtype)",
        settings={"floatx": "float64", "backend": "numpy"},
    )
    assert result.returncode == 0, result.stderr
    assert result.lines()[-1] == "float64"


def test_settings_file_may_set_only_some_keys(run_python):
    result = run_python(READ_SETTINGS, settings={"epsilon": 0.5, "backend": "numpy"})
    assert result.returncode == 0, result.stderr
    assert result.json() == {**DEFAULTS, "epsilon": 0.5, "backend": "numpy"}


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        ("{not json", "not valid JSON"),
        ('["a", "list"]', "expected a JSON object, received list"),
        ('{"floatx": "int8", "backend": "numpy"}', "ignoring 'floatx'"),
        ('{"image_data_format": "sideways", "backend": "numpy"}', "ignoring 'image_data_format'"),
        ('{"epsilon": "tiny", "backend": "numpy"}', "ignoring 'epsilon'"),
    ],
)
def test_malformed_settings_warn_and_fall_back_to_defaults(run_python, text, warning):
    result = run_python(READ_SETTINGS, settings=text, env={"MULTIKERAS_BACKEND": "numpy"})
    assert result.returncode == 0, result.stderr
    assert warning in result.stderr
    assert "multikeras.json" in result.stderr  # the warning says which file
    assert result.json() == {**DEFAULTS, "backend": "numpy"}


def test_home_defaults_to_dot_multikeras_in_the_user_home(run_python, tmp_path):
    user_home = tmp_path / "user"
    (user_home / ".multikeras").mkdir(parents=True)
    (user_home / ".multikeras" / "multikeras.json").write_text('{"epsilon": 0.25}', encoding="utf-8")
    result = run_python(
        "import multikeras as mk; from multikeras.backend import config; "
        "print(config.settings_file()); print(mk.config.epsilon())",
        env={"MULTIKERAS_HOME": None, "HOME": str(user_home)},
    )
    assert result.returncode == 0, result.stderr
    assert result.lines() == [str(user_home / ".multikeras" / "multikeras.json"), "0.25"]


def test_settings_file_is_never_written(run_python, tmp_path):
    home = tmp_path / "untouched_home"
    home.mkdir()
    result = run_python(
        "import multikeras as mk; mk.config.set_floatx('float16'); mk.config.set_epsilon(0.5); "
        "print(mk.config.floatx(), mk.backend.available())",
        env={"MULTIKERAS_HOME": str(home)},
    )
    assert result.returncode == 0, result.stderr
    assert result.lines()[-1].startswith("float16")
    assert list(home.iterdir()) == []


def test_home_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("MULTIKERAS_HOME", str(tmp_path))
    assert config.home_dir() == tmp_path
    assert config.settings_file() == tmp_path / "multikeras.json"


def test_load_settings_file_reads_the_current_file(monkeypatch, tmp_path):
    monkeypatch.setenv("MULTIKERAS_HOME", str(tmp_path))
    assert config.load_settings_file() == {}
    (tmp_path / "multikeras.json").write_text('{"floatx": "float16"}', encoding="utf-8")
    assert config.load_settings_file() == {"floatx": "float16"}


# --- accessors and setters (keras.config) ------------------------------------------------------


def test_public_config_namespace_exposes_the_accessors():
    assert mk.config.floatx is config.floatx
    assert mk.config.backend() == mk.backend.backend()
    assert callable(mk.config.set_floatx) and callable(mk.config.set_epsilon)
    assert callable(mk.config.set_image_data_format)


def test_floatx_round_trip_and_effect_on_dtypes():
    assert mk.config.floatx() == "float32"
    mk.config.set_floatx("float64")
    assert mk.config.floatx() == "float64"
    assert dtypes.result_type(1.0) == "float64"
    assert dtypes.standardize_dtype(None) == "float64"
    assert dtypes.float_result("int32") == "float64"
    with mk.backend.use("numpy"):
        assert ops.ones(2).dtype == np.float64


@pytest.mark.parametrize("value", ["float16", "bfloat16", "float32", "float64", np.dtype("float16")])
def test_set_floatx_accepts_float_types(value):
    mk.config.set_floatx(value)
    assert mk.config.floatx() == str(value)


@pytest.mark.parametrize("value", ["int32", "float", "complex64", "", None])
def test_set_floatx_rejects_other_values(value):
    with pytest.raises(ValueError, match=r"set_floatx: expected one of .*float32.*received"):
        mk.config.set_floatx(value)
    assert mk.config.floatx() == "float32"


def test_epsilon_round_trip():
    assert mk.config.epsilon() == 1e-7
    mk.config.set_epsilon(1e-3)
    assert mk.config.epsilon() == 1e-3
    mk.config.set_epsilon(1)
    assert mk.config.epsilon() == 1.0 and isinstance(mk.config.epsilon(), float)


@pytest.mark.parametrize("value", ["0.1", None, True])
def test_set_epsilon_rejects_non_numbers(value):
    with pytest.raises(TypeError, match="set_epsilon: expected a float, received"):
        mk.config.set_epsilon(value)
    assert mk.config.epsilon() == 1e-7


def test_image_data_format_round_trip():
    assert mk.config.image_data_format() == "channels_last"
    mk.config.set_image_data_format("channels_first")
    assert mk.config.image_data_format() == "channels_first"
    assert config.standardize_data_format(None) == "channels_first"
    assert config.standardize_data_format("channels_last") == "channels_last"


def test_set_image_data_format_rejects_other_values():
    with pytest.raises(ValueError, match=r"expected one of \('channels_last', 'channels_first'\), received 'NHWC'"):
        mk.config.set_image_data_format("NHWC")
    with pytest.raises(ValueError, match="data_format"):
        config.standardize_data_format("NCHW")


def test_backend_accessor_follows_use():
    with mk.backend.use("numpy"):
        assert mk.config.backend() == "numpy"
