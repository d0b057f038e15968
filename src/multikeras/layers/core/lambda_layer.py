"""`Lambda`: wraps a Python function as a layer, serialized by registered name only."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any

import optree

from multikeras.layers.core.identity import spec_like_input
from multikeras.layers.layer import Layer
from multikeras.saving import object_registration as registration
from multikeras.saving import serialization_lib
from multikeras.saving.object_registration import register_builtin
from multikeras.symbolic.keras_tensor import KerasTensor
from multikeras.symbolic.output_spec import compute_output_spec as infer_output_spec

_NOT_SERIALIZED = "__lambda__"
"""The ``class_name`` Keras 3 writes for a function stored as code; multikeras writes it without code."""


def _serialize_callable(fn: Callable[..., Any], argument: str) -> Any:
    """A config naming ``fn`` when it can be resolved again safely, else a placeholder without code."""
    location = registration.builtin_location(fn)
    if location is not None:
        return {"module": location[0], "class_name": "function", "config": location[1], "registered_name": "function"}
    if registration.get_registered_object(registration.get_registered_name(fn)) is fn:
        return serialization_lib.serialize_keras_object(fn)
    cls = type(fn)
    if hasattr(fn, "get_config") and (
        registration.builtin_location(cls) is not None
        or registration.get_registered_object(registration.get_registered_name(cls)) is cls
    ):
        return serialization_lib.serialize_keras_object(fn)  # a registered callable object
    # Never pickle or marshal code: an unregistered function is recorded by name only, and loading refuses it.
    return {
        "class_name": _NOT_SERIALIZED,
        "config": {"code": None, "name": getattr(fn, "__name__", type(fn).__name__), "argument": argument},
    }


def _deserialize_callable(config: Any, argument: str, layer_name: str) -> Any:
    if config is None or not isinstance(config, Mapping):
        return config  # None, or a shape tuple/list for output_shape
    if config.get("class_name") == _NOT_SERIALIZED:
        inner = config.get("config") if isinstance(config.get("config"), Mapping) else {}
        if inner.get("code") is not None:  # written by Keras with the function's bytecode: never loaded
            raise ValueError(f"Lambda '{layer_name}': `{argument}`: {serialization_lib.refuse_code_message(_NOT_SERIALIZED)}")
        name = inner.get("name", "<lambda>")
        raise ValueError(
            f"Lambda '{layer_name}': Lambda code is not deserialized. The `{argument}` function {name!r} was not "
            "registered when the layer was saved, so the config holds no code for it (multikeras never pickles, "
            "marshals or loads Python code from a config). Decorate the function with "
            "@keras.saving.register_keras_serializable() before saving, or build the Lambda layer again in code."
        )
    try:
        return serialization_lib.deserialize_keras_object(dict(config))
    except ValueError as error:
        raise ValueError(
            f"Lambda '{layer_name}': Lambda code is not deserialized, and the `{argument}` function named in "
            f"{dict(config)} is not registered: {error}"
        ) from error


@register_builtin("keras.layers")
class Lambda(Layer):
    """Wrap a function of tensors as a layer.

    ``function(inputs, **arguments)`` is called on every call; when it takes
    ``mask`` or ``training`` parameters they are passed along. Prefer a
    :class:`Layer` subclass for anything with state.

    Saving: the config names ``function`` (and callable ``output_shape`` /
    ``mask``) only if it is registered with
    ``keras.saving.register_keras_serializable()`` (or is a built-in such as an
    activation). Any other function is written as a placeholder without code,
    and :meth:`from_config` raises a ``ValueError``: Lambda code is never
    pickled, marshalled or loaded from a file.

    Args:
        function: the function; its first argument receives the inputs.
        output_shape: the output shape without the batch axis, or a function
            ``input_shape -> output_shape`` (with batch); ``None``: inferred by
            evaluating ``function`` abstractly.
        mask: a function ``(inputs, previous_mask) -> mask``, or a fixed mask;
            ``None``: the layer produces no mask.
        arguments: extra keyword arguments for ``function`` (JSON-serializable).
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> @mk.saving.register_keras_serializable(package="Docs")
        ... def scale(x, factor=1.0):
        ...     return x * factor
        >>> with mk.backend.use("numpy"):
        ...     layer = Lambda(scale, arguments={"factor": 3.0})
        ...     y = layer(mk.ops.ones((1, 2)))
        >>> y.tolist(), layer.get_config()["function"]["config"]
        ([[3.0, 3.0]], 'Docs>scale')
    """

    def __init__(
        self,
        function: Callable[..., Any],
        output_shape: Any = None,
        mask: Any = None,
        arguments: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        where = f"Lambda '{self.name}'"
        if not callable(function):
            raise ValueError(f"{where}: function must be callable, received {function!r}.")
        if output_shape is not None and not callable(output_shape):
            if not isinstance(output_shape, (list, tuple)) or not all(
                d is None or (isinstance(d, int) and not isinstance(d, bool) and d >= 0) for d in output_shape
            ):
                raise ValueError(
                    f"{where}: output_shape must be a tuple of ints (without the batch axis), a function or None, "
                    f"received output_shape={output_shape!r}."
                )
            output_shape = tuple(output_shape)
        if arguments is not None and not isinstance(arguments, Mapping):
            raise ValueError(f"{where}: arguments must be a dict or None, received arguments={arguments!r}.")
        self.function = function
        self._output_shape = output_shape
        self.mask = mask
        self.arguments = dict(arguments or {})
        self.supports_masking = mask is not None
        try:
            parameters = inspect.signature(function).parameters
        except (TypeError, ValueError):  # some builtins have no signature
            parameters = {}
        takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())
        self._function_takes_mask = "mask" in parameters or takes_any
        self._function_takes_training = "training" in parameters or takes_any

    def call(self, inputs: Any, mask: Any = None, training: Any = None) -> Any:
        kwargs = dict(self.arguments)
        if self._function_takes_mask:
            kwargs["mask"] = mask
        if self._function_takes_training:
            kwargs["training"] = training
        return self.function(inputs, **kwargs)

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        if callable(self.mask):
            return self.mask(inputs, mask)
        return self.mask

    def compute_output_spec(self, inputs: Any, mask: Any = None, training: Any = None) -> Any:
        if self._output_shape is None:
            inputs = optree.tree_map(
                lambda t: spec_like_input(self, t, t.shape), inputs, is_leaf=lambda x: isinstance(x, KerasTensor)
            )
            return infer_output_spec(self.call, inputs, mask=mask, training=training)
        shapes = optree.tree_map(lambda t: tuple(t.shape), inputs, is_leaf=lambda x: isinstance(x, KerasTensor))
        out = self.compute_output_shape(shapes)
        if isinstance(out, list) and out and isinstance(out[0], (list, tuple)):
            return [KerasTensor(tuple(s), self.compute_dtype) for s in out]
        return KerasTensor(tuple(out), self.compute_dtype)

    def compute_output_shape(self, input_shape: Any) -> Any:
        if self._output_shape is None:
            specs = optree.tree_map(
                lambda s: KerasTensor(tuple(s), self.compute_dtype), input_shape,
                is_leaf=lambda x: isinstance(x, tuple),
            )
            out = self.compute_output_spec(specs)
            return optree.tree_map(lambda t: t.shape, out, is_leaf=lambda x: isinstance(x, KerasTensor))
        if callable(self._output_shape):
            return self._output_shape(input_shape)
        first = input_shape
        while isinstance(first, (list, tuple)) and first and isinstance(first[0], (list, tuple)):
            first = first[0]
        return (first[0] if first else None,) + tuple(self._output_shape)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config["function"] = _serialize_callable(self.function, "function")
        if self._output_shape is not None:
            config["output_shape"] = (
                _serialize_callable(self._output_shape, "output_shape") if callable(self._output_shape)
                else self._output_shape
            )
        if self.mask is not None:
            config["mask"] = _serialize_callable(self.mask, "mask") if callable(self.mask) else self.mask
        config["arguments"] = dict(self.arguments)
        return config

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Lambda:
        config = dict(config)
        name = config.get("name", "lambda")
        config["function"] = _deserialize_callable(config.get("function"), "function", name)
        if "output_shape" in config:
            value = config["output_shape"]
            config["output_shape"] = (
                _deserialize_callable(value, "output_shape", name) if isinstance(value, Mapping)
                else (tuple(value) if isinstance(value, list) else value)
            )
        if "mask" in config and isinstance(config["mask"], Mapping):
            config["mask"] = _deserialize_callable(config["mask"], "mask", name)
        return super().from_config(config)
