"""`Model`: a layer with the model-level API (summary, layer lookup; training comes with the trainer)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from multikeras.layers.layer import Layer
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras", "Model")
@register_builtin("keras.models", "Model")
class Model(Layer):
    """A layer that groups layers into an object with the model-level API.

    ``Model(inputs, outputs)`` builds a Functional model; subclass ``Model`` and
    define ``call`` for a model written as Python code.

    Example:
        >>> import multikeras as mk
        >>> inputs = mk.Input((3,))
        >>> model = mk.Model(inputs, mk.layers.Dense(2)(inputs))
        >>> type(model).__name__, model.output.shape
        ('Functional', (None, 2))
    """

    def __new__(cls, *args: Any, **kwargs: Any) -> Model:
        if cls is Model and (len(args) >= 2 or "inputs" in kwargs or "outputs" in kwargs):
            from multikeras.models.functional import Functional

            return Functional.__new__(Functional, *args, **kwargs)
        return super().__new__(cls)

    def __init__(self, *args: Any, **kwargs: Any):
        if args:
            raise TypeError(
                f"{type(self).__name__}: positional arguments {args!r} are not accepted; "
                "build a Functional model with Model(inputs, outputs) or pass keyword arguments (name=..., trainable=...)."
            )
        super().__init__(**kwargs)

    @property
    def layers(self) -> list[Layer]:
        """The model's direct sub-layers (input layers excluded), in order."""
        from multikeras.layers.core.input_layer import InputLayer

        return [layer for layer in self._layers if not isinstance(layer, InputLayer)]

    def get_layer(self, name: str | None = None, index: int | None = None) -> Layer:
        """A sub-layer by name or by index in :attr:`layers` (exactly one of the two).

        Raises:
            ValueError: when both or neither are given, or nothing matches.
        """
        if (name is None) == (index is None):
            raise ValueError(f"Model '{self.name}'.get_layer: pass exactly one of name and index, received name={name!r}, index={index!r}.")
        layers = self.layers
        if index is not None:
            if not -len(layers) <= index < len(layers):
                raise ValueError(f"Model '{self.name}'.get_layer: index {index} is out of range for {len(layers)} layers.")
            return layers[index]
        for layer in layers:
            if layer.name == name:
                return layer
        raise ValueError(f"Model '{self.name}' has no layer named {name!r}; its layers are {[l.name for l in layers]}.")

    def summary(
        self,
        line_length: int | None = None,
        positions: Any = None,
        print_fn: Callable[..., Any] | None = None,
        expand_nested: bool = False,
        show_trainable: bool = False,
        layer_range: Any = None,
    ) -> None:
        """Print a table of the layers with output shapes and parameter counts, and the totals.

        Args:
            line_length: total width of the table.
            positions: kept for Keras compatibility.
            print_fn: called with the text instead of ``print``.
            expand_nested: also list the layers of nested models.
            show_trainable: add a column saying whether each layer is trainable.
            layer_range: ``(first name, last name)`` to print a slice of the layers.
        """
        from multikeras.utils.summary_utils import print_summary

        print_summary(self, line_length=line_length, print_fn=print_fn, expand_nested=expand_nested,
                      show_trainable=show_trainable, layer_range=layer_range)
