"""Global settings: ``floatx``, ``epsilon``, ``image_data_format``.

Values come from ``$MULTIKERAS_HOME/multikeras.json`` (default
``~/.multikeras/multikeras.json``) when that file exists, and can be changed
at run time with the setters. The file is read, never required and never
written.
"""

from __future__ import annotations

import json
import os
import pathlib
import warnings
from typing import Any

_FLOAT_TYPES = ("float16", "bfloat16", "float32", "float64")
_DATA_FORMATS = ("channels_last", "channels_first")

_settings: dict[str, Any] = {
    "floatx": "float32",
    "epsilon": 1e-7,
    "image_data_format": "channels_last",
    "backend": None,
}


def home_dir() -> pathlib.Path:
    """Return the folder holding ``multikeras.json`` (``$MULTIKERAS_HOME``).

    Example:
        >>> home_dir().name in {".multikeras"} or "MULTIKERAS_HOME" in os.environ
        True
    """
    configured = os.environ.get("MULTIKERAS_HOME")
    if configured:
        return pathlib.Path(configured).expanduser()
    return pathlib.Path.home() / ".multikeras"


def settings_file() -> pathlib.Path:
    """Return the path of the settings file (which may not exist)."""
    return home_dir() / "multikeras.json"


def load_settings_file() -> dict[str, Any]:
    """Read the settings file; returns ``{}`` when it is absent or unreadable."""
    path = settings_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as error:
        warnings.warn(f"multikeras: cannot read {path}: {error}", stacklevel=2)
        return {}
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        warnings.warn(
            f"multikeras: ignoring {path}: not valid JSON ({error})", stacklevel=2
        )
        return {}
    if not isinstance(data, dict):
        warnings.warn(
            f"multikeras: ignoring {path}: expected a JSON object, "
            f"received {type(data).__name__}",
            stacklevel=2,
        )
        return {}
    return data


def _apply_file_settings() -> None:
    data = load_settings_file()
    setters = {
        "floatx": set_floatx,
        "epsilon": set_epsilon,
        "image_data_format": set_image_data_format,
    }
    for key, setter in setters.items():
        if key in data:
            try:
                setter(data[key])
            except (TypeError, ValueError) as error:
                warnings.warn(
                    f"multikeras: ignoring '{key}' in {settings_file()}: {error}",
                    stacklevel=3,
                )
    if isinstance(data.get("backend"), str):
        _settings["backend"] = data["backend"]


def file_backend() -> str | None:
    """Return the backend named in the settings file, if any."""
    return _settings["backend"]


def floatx() -> str:
    """Return the default float dtype, as a string.

    Example:
        >>> floatx()
        'float32'
    """
    return _settings["floatx"]


def set_floatx(value: str) -> None:
    """Set the default float dtype (``"float16"``, ``"bfloat16"``, ``"float32"``, ``"float64"``).

    Example:
        >>> set_floatx("float64"); floatx()
        'float64'
        >>> set_floatx("float32")
    """
    name = str(getattr(value, "name", value))
    if name not in _FLOAT_TYPES:
        raise ValueError(
            f"set_floatx: expected one of {_FLOAT_TYPES}, received {value!r}."
        )
    _settings["floatx"] = name


def epsilon() -> float:
    """Return the fuzz factor used to avoid division by zero (default 1e-7).

    Example:
        >>> epsilon()
        1e-07
    """
    return _settings["epsilon"]


def set_epsilon(value: float) -> None:
    """Set the fuzz factor returned by :func:`epsilon`."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(
            f"set_epsilon: expected a float, received {type(value).__name__} {value!r}."
        )
    _settings["epsilon"] = float(value)


def image_data_format() -> str:
    """Return ``"channels_last"`` or ``"channels_first"``.

    Example:
        >>> image_data_format()
        'channels_last'
    """
    return _settings["image_data_format"]


def set_image_data_format(value: str) -> None:
    """Set the default image layout for image ops and layers."""
    if value not in _DATA_FORMATS:
        raise ValueError(
            f"set_image_data_format: expected one of {_DATA_FORMATS}, "
            f"received {value!r}."
        )
    _settings["image_data_format"] = value


def standardize_data_format(data_format: str | None) -> str:
    """Return ``data_format``, or the global default when it is ``None``."""
    if data_format is None:
        return image_data_format()
    if data_format not in _DATA_FORMATS:
        raise ValueError(
            f"data_format: expected one of {_DATA_FORMATS} or None, "
            f"received {data_format!r}."
        )
    return data_format


_apply_file_settings()
