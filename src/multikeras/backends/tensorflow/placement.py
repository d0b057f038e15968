"""Device placement (``tf.device``) and rematerialization (a recomputing ``tf.custom_gradient``) on TensorFlow."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import tensorflow as tf

from multikeras.backend.device_placement import UnknownDeviceError


def _available() -> list[str]:
    names = []
    for device in tf.config.list_logical_devices():
        kind, index = device.name.rsplit("/device:", 1)[-1].rsplit(":", 1)
        names.append(f"{kind.lower()}:{index}")
    return names


@contextlib.contextmanager
def _placed(spec: str, device_name: str) -> Iterator[str]:
    with tf.device(spec):
        yield device_name


def device_scope(device_name: str) -> Any:
    """``tf.device("/device:TYPE:index")``, after checking the device exists (soft placement would fall back silently)."""
    available = _available()
    if device_name not in available:
        raise UnknownDeviceError(device_name, device_name, available, "tensorflow")
    kind, index = device_name.split(":")
    return _placed(f"/device:{kind.upper()}:{index}", device_name)


def remat(f: Callable[..., Any]) -> Callable[..., Any]:
    """``f``'s outputs, with a gradient that runs ``f`` again under a tape instead of keeping its intermediates.

    ``tf.recompute_grad`` differentiates copies of the inputs; this gradient
    watches the inputs themselves, so they get the gradients ``f`` gives them,
    and ``tf.Variable`` s read by ``f`` get theirs through ``variables``.
    """

    def rematerialized(*arrays: Any) -> Any:
        tensors = [tf.convert_to_tensor(array) for array in arrays]

        @tf.custom_gradient
        def checkpointed(*inputs: tf.Tensor) -> Any:
            outputs = f(*inputs)

            def gradient(*upstream: tf.Tensor, variables: Any = None) -> Any:
                sources = list(inputs) + list(variables or [])
                with tf.GradientTape(watch_accessed_variables=False) as tape:
                    tape.watch(sources)
                    recomputed = f(*inputs)
                grads = tape.gradient(tf.nest.flatten(recomputed), sources, output_gradients=list(upstream))
                if variables is None:
                    return grads
                return grads[: len(inputs)], grads[len(inputs):]

            return outputs, gradient

        return checkpointed(*tensors)

    return rematerialized
