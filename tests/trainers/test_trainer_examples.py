"""The examples as tests: the digits CNN reaches 95% on every trainable backend with the same
epochs, and the custom train_step example runs unchanged on each."""

from __future__ import annotations

import importlib.util
import pathlib

import pytest

import multikeras as mk

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_digits_cnn_reaches_95_percent(backend_name):
    digits = _load("train_digits")
    with mk.backend.use(backend_name):
        if not mk.backend.capabilities(backend_name).trainable:
            with pytest.raises(mk.backend.CapabilityError):
                digits.train(epochs=1, verbose=0)
            return
        accuracy = digits.train(epochs=12, verbose=0)
    assert accuracy >= 0.95, f"{backend_name}: test accuracy {accuracy:.4f}"


def test_custom_train_step_runs_unchanged(backend_name):
    example = _load("custom_train_step")
    if not mk.backend.capabilities(backend_name).trainable:
        with pytest.raises(mk.backend.CapabilityError):
            example.run(backend_name)
        return
    logs = example.run(backend_name)
    assert set(logs) == {"loss", "mae"}
    # y = x @ w + 0.1 noise: a fitted model's mean absolute error is near the noise level, an unfitted one's is ~3.
    assert logs["mae"] < 0.3, logs
