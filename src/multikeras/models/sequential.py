"""`Sequential`: a model that is a plain stack of layers, each feeding the next."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multikeras.layers.core.input_layer import Input, InputLayer
from multikeras.layers.layer import Layer
from multikeras.models.functional import Functional
from multikeras.models.model import Model
from multikeras.saving import serialization_lib
from multikeras.saving.object_registration import register_builtin
from multikeras.symbolic.keras_tensor import KerasTensor


@register_builtin("keras.models", "Sequential")
@register_builtin("keras", "Sequential")  # innermost: the module written, as Keras 3 writes it
class Sequential(Model):
    """A stack of layers with one input and one output.

    The model builds as soon as it knows its input shape (from an
    ``Input``, a first layer given ``input_shape``, or :meth:`build`), and
    otherwise on its first call.

    Args:
        layers: the layers, in order (``keras.Input(...)`` may come first).
        trainable: whether the weights are trainable.
        name: the model name.

    Example:
        >>> import multikeras as mk
        >>> model = mk.Sequential([mk.Input((4,)), mk.layers.Dense(3), mk.layers.Dense(1)])
        >>> model.output_shape, len(model.layers)
        ((None, 1), 2)
    """

    def __init__(self, layers: Sequence[Any] | None = None, trainable: bool = True, name: str | None = None, **kwargs: Any):
        super().__init__(trainable=trainable, name=name, **kwargs)
        self._stack: list[Layer] = []
        self._functional: Functional | None = None
        self._build_input_shape: tuple | None = None
        for layer in layers or []:
            self.add(layer, rebuild=False)
        self._maybe_rebuild()

    # Editing -----------------------------------------------------------------

    def add(self, layer: Any, rebuild: bool = True) -> None:
        """Append a layer (or an ``Input`` KerasTensor, only first)."""
        if isinstance(layer, KerasTensor):
            history = layer._keras_history
            if history is None or not isinstance(history[0], InputLayer):
                raise ValueError(f"Sequential '{self.name}': add() accepts keras.Input() tensors, received {layer!r}.")
            layer = history[0]
        if not isinstance(layer, Layer):
            raise ValueError(
                f"Sequential '{self.name}': add() expects a Layer, received {type(layer).__name__} {layer!r}."
            )
        if isinstance(layer, InputLayer) and self._stack:
            raise ValueError(f"Sequential '{self.name}': an Input can only come first; the model already has layers.")
        if any(existing.name == layer.name for existing in self._stack):
            raise ValueError(
                f"Sequential '{self.name}': all layers need unique names; '{layer.name}' is already in the model."
            )
        self._stack.append(layer)
        if rebuild:
            self._maybe_rebuild()
        else:
            self._functional = None
            self.built = False

    def pop(self, rebuild: bool = True) -> Layer:
        """Remove and return the last layer."""
        layers = self.layers
        if not layers:
            raise IndexError(f"Sequential '{self.name}': there is no layer to pop.")
        removed = self._stack.pop()
        self._functional = None
        self.built = False
        if rebuild:
            self._maybe_rebuild()
        return removed

    def _maybe_rebuild(self) -> None:
        self._functional = None
        self.built = False
        if self._stack and isinstance(self._stack[0], InputLayer):
            self.build(self._stack[0].batch_shape)
        elif self._stack and getattr(self._stack[0], "_batch_input_shape", None) is not None:
            self.build(self._stack[0]._batch_input_shape)
        elif self._build_input_shape is not None:
            self.build(self._build_input_shape)

    # Building and calling ----------------------------------------------------

    def build(self, input_shape: Any = None) -> None:
        """Build every layer for inputs of ``input_shape`` (batch dimension included)."""
        if input_shape is None:
            raise ValueError(f"Sequential '{self.name}': build() needs an input shape, received None.")
        input_shape = tuple(input_shape)
        if self._stack and isinstance(self._stack[0], InputLayer):
            inputs = self._stack[0].output
        else:
            inputs = Input(batch_shape=input_shape)
        x = inputs
        for layer in self.layers:
            x = layer(x)
        self._functional = Functional(inputs, x, name=f"{self.name}_graph")
        self._build_input_shape = input_shape
        self._bind_backend()
        self.built = True

    def call(self, inputs: Any, training: bool | None = None, mask: Any = None) -> Any:
        if not self.built:
            shape = tuple(getattr(inputs, "shape", ()))
            self.build((None,) + shape[1:])
        x = inputs
        for layer in self.layers:
            kwargs: dict[str, Any] = {}
            if layer._call_takes_training and training is not None:
                kwargs["training"] = training
            if layer._call_takes_mask and mask is not None:
                kwargs["mask"] = mask
            y = layer(x, **kwargs)
            if layer.supports_masking or type(layer).compute_mask is not Layer.compute_mask:
                mask = layer.compute_mask(x, mask)
            else:
                mask = None
            x = y
        return x

    def _maybe_build(self, args: tuple, kwargs: dict[str, Any]) -> None:
        if not self.built:
            inputs = args[0] if args else next(iter(kwargs.values()))
            shape = tuple(getattr(inputs, "shape", ()))
            self.build((None,) + tuple(shape[1:]))

    # Structure ---------------------------------------------------------------

    @property
    def layers(self) -> list[Layer]:
        return [layer for layer in self._stack if not isinstance(layer, InputLayer)]

    @property
    def _layers(self) -> list[Layer]:
        return self.layers

    def _graph(self, what: str) -> Functional:
        if self._functional is None:
            raise AttributeError(f"Sequential '{self.name}' has no {what} yet: it is not built.")
        return self._functional

    @property
    def inputs(self) -> list[KerasTensor]:
        return self._graph("inputs").inputs

    @property
    def outputs(self) -> list[KerasTensor]:
        return self._graph("outputs").outputs

    @property
    def input(self) -> Any:
        return self._graph("input").input

    @property
    def output(self) -> Any:
        return self._graph("output").output

    @property
    def input_shape(self) -> Any:
        return self._graph("input_shape").input_shape

    @property
    def output_shape(self) -> Any:
        return self._graph("output_shape").output_shape

    def compute_output_shape(self, input_shape: Any) -> Any:
        shape = tuple(input_shape)
        for layer in self.layers:
            shape = layer.compute_output_shape(shape)
        return shape

    # Config ------------------------------------------------------------------

    def get_config(self) -> dict[str, Any]:
        layers = []
        if self._functional is not None and not (self._stack and isinstance(self._stack[0], InputLayer)):
            input_layer = self._functional.inputs[0]._keras_history[0]
            layers.append(serialization_lib.serialize_keras_object(input_layer))
        layers.extend(serialization_lib.serialize_keras_object(layer) for layer in self._stack)
        config = {
            "name": self.name,
            "trainable": self.trainable,
            "dtype": serialization_lib.serialize_keras_object(self.dtype_policy),
            "layers": layers,
        }
        if self._build_input_shape is not None:
            config["build_input_shape"] = list(self._build_input_shape)
        return config

    @classmethod
    def from_config(cls, config: dict[str, Any], custom_objects: Any = None) -> Sequential:
        model = cls(name=config.get("name"), trainable=config.get("trainable", True))
        for entry in config["layers"]:
            layer = serialization_lib.deserialize_keras_object(entry, custom_objects=custom_objects, module="keras.layers")
            model.add(layer, rebuild=False)
        shape = config.get("build_input_shape")
        if shape is not None and not (model._stack and isinstance(model._stack[0], InputLayer)):
            model.build(tuple(shape))
        else:
            model._maybe_rebuild()
        return model
