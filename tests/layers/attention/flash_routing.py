"""The check both attention layers share: their ``flash_attention`` argument reaches ``ops.dot_product_attention``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import multikeras as mk
from multikeras import ops


def check_flash_attention_reaches_the_op(backend_name: str, monkeypatch: pytest.MonkeyPatch,
                                         make_layer: Callable[..., Any], query: np.ndarray, value: np.ndarray) -> None:
    """``make_layer(flash_attention=...)`` passes the argument to the op: ``None`` reads the config switch when the
    layer is constructed (as in Keras 3), and ``True`` gives the op's answer, the flash kernel (torch, whose
    outputs must match the layer without it) or a clear ``KernelUnavailableError`` (every other backend here)."""
    seen = []
    original = ops.dot_product_attention

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(kwargs.get("flash_attention", "missing"))
        return original(*args, **kwargs)

    monkeypatch.setattr(ops, "dot_product_attention", spy)
    outputs = {}
    with mk.backend.use(backend_name):
        reference = make_layer(flash_attention=False)
        expected = ops.convert_to_numpy(reference(query, value))
        enable, disable = mk.config.enable_flash_attention, mk.config.disable_flash_attention
        for label, flash, switch in (("none", None, enable), ("false", False, enable), ("disabled", None, disable),
                                     ("true", True, enable)):
            switch()
            layer = make_layer(flash_attention=flash)
            mk.config.enable_flash_attention()  # read at construction: a later change does not matter
            seen.clear()
            try:
                layer(query, value)
                layer.set_weights(reference.get_weights())
                outputs[label] = (ops.convert_to_numpy(layer(query, value)), seen[-1])
            except mk.backend.KernelUnavailableError as error:
                assert str(error).startswith(f"ops.dot_product_attention (backend '{backend_name}'): flash_attention=True")
                outputs[label] = (None, seen[-1])
    passed = {label: flash for label, (_, flash) in outputs.items()}
    assert passed == {"none": None, "false": False, "disabled": False, "true": True}
    for label, (output, _) in outputs.items():
        if output is None:
            assert label == "true" and backend_name != "torch", f"{backend_name} refused {label}"
        else:
            np.testing.assert_allclose(output, expected, rtol=1e-5, atol=1e-6, err_msg=label)
