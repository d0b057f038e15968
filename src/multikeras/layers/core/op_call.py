"""`OpCall`: an ``ops`` function applied to KerasTensors, recorded as a graph node.

``x = inputs * 2`` or ``ops.mean(x, axis=1)`` while building a Functional
model becomes an ``OpCall`` layer. It is registered as the ops facade's
symbolic handler, so eager op calls never pay for it.
"""

from __future__ import annotations

import importlib
from typing import Any

import optree

from multikeras.layers.layer import Layer
from multikeras.ops import _dispatch
from multikeras.ops.catalog import OPS_BY_NAME
from multikeras.saving import serialization_lib
from multikeras.saving.object_registration import register_builtin
from multikeras.symbolic.keras_tensor import KerasTensor
from multikeras.utils import naming

_TENSOR_SLOT = "__multikeras_tensor__"


def _is_keras_tensor(x: Any) -> bool:
    return isinstance(x, KerasTensor)


def _op_function(op_name: str) -> Any:
    info = OPS_BY_NAME.get(op_name)
    if info is None or info.section in ("backend",):
        raise ValueError(f"OpCall: unknown op {op_name!r}; expected the name of a multikeras.ops function.")
    if info.section == "random":
        return getattr(importlib.import_module("multikeras.random"), info.name)
    return getattr(importlib.import_module(f"multikeras.ops.{info.section}"), info.name)


@register_builtin("keras.layers")
class OpCall(Layer):
    """Apply ``multikeras.ops.<op>`` with fixed non-tensor arguments to tensor inputs.

    Args:
        op: the op name (e.g. ``"multiply"``).
        arguments: the op's keyword arguments; tensor positions hold
            placeholders filled from the layer's inputs, in order.

    Example:
        >>> import multikeras as mk
        >>> x = mk.Input((3,))
        >>> y = mk.ops.sum(x * 2.0, axis=1)
        >>> type(y._keras_history[0]).__name__, y.shape
        ('OpCall', (None,))
    """

    def __init__(self, op: str, arguments: dict[str, Any], **kwargs: Any):
        super().__init__(**kwargs)
        self.op = op
        self._function = _op_function(op)
        self.arguments = arguments
        self.built = True

    def call(self, *tensors: Any) -> Any:
        remaining = iter(tensors)
        filled = optree.tree_map(
            lambda leaf: next(remaining) if isinstance(leaf, str) and leaf == _TENSOR_SLOT else leaf, self.arguments, none_is_leaf=True
        )
        return self._function(**filled)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"op": self.op, "arguments": _encode(self.arguments)})
        return config

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> OpCall:
        config = dict(config)
        config["arguments"] = _decode(config["arguments"])
        return super().from_config(config)


def _encode(value: Any) -> Any:
    """JSON-compatible arguments; tuples stay distinguishable from lists (``x[a, b]`` is not ``x[[a, b]]``)."""
    if isinstance(value, tuple):
        return {"class_name": "__tuple__", "config": {"value": [_encode(item) for item in value]}}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        return {key: _encode(item) for key, item in value.items()}
    return serialization_lib.serialize_keras_object(value)


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and value.get("class_name") == "__tuple__":
        return tuple(_decode(item) for item in value["config"]["value"])
    if isinstance(value, dict) and "class_name" in value:
        return serialization_lib.deserialize_keras_object(value)
    if isinstance(value, list):
        return [_decode(item) for item in value]
    if isinstance(value, dict):
        return {key: _decode(item) for key, item in value.items()}
    return value


def _symbolic_handler(op_name: str, arguments: dict[str, Any]) -> Any:
    leaves, treedef = optree.tree_flatten(arguments, is_leaf=_is_keras_tensor, none_is_leaf=True)
    tensors = [leaf for leaf in leaves if isinstance(leaf, KerasTensor)]
    template = optree.tree_unflatten(treedef, [_TENSOR_SLOT if isinstance(leaf, KerasTensor) else leaf for leaf in leaves])
    return OpCall(op_name, template, name=naming.unique_name(op_name))(*tensors)


_dispatch.register_symbolic_handler((KerasTensor,), _symbolic_handler)
