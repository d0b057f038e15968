"""`Model`: a layer with the model-level API (summary, layer lookup; training comes with the trainer)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from multikeras.layers.layer import Layer
from multikeras.saving.object_registration import register_builtin
from multikeras.trainers.trainer import Trainer


@register_builtin("keras", "Model")
@register_builtin("keras.models", "Model")
class Model(Trainer, Layer):
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
        if len(args) >= 2 or "inputs" in kwargs or "outputs" in kwargs:
            from multikeras.models.functional import Functional

            if cls is Model:
                return Functional.__new__(Functional, *args, **kwargs)
            if not issubclass(cls, Functional):
                # ``MyModel(inputs, outputs)`` for a subclass that overrides train_step & co.:
                # a Functional model that keeps the subclass's methods.
                return super().__new__(_functional_variant(cls))
        return super().__new__(cls)

    def __init__(self, *args: Any, **kwargs: Any):
        if args:
            raise TypeError(
                f"{type(self).__name__}: positional arguments {args!r} are not accepted; "
                "build a Functional model with Model(inputs, outputs) or pass keyword arguments (name=..., trainable=...)."
            )
        super().__init__(**kwargs)

    @classmethod
    def from_config(cls, config: dict[str, Any], custom_objects: Any = None) -> Model:
        """Rebuild a model from :meth:`get_config`; ``Model.from_config`` of a Functional config (one with
        ``layers``, ``input_layers`` and ``output_layers``) rebuilds the Functional model, as in Keras 3.

        Example:
            >>> import multikeras as mk
            >>> with mk.backend.use("numpy"):
            ...     x = mk.Input((3,), name="x")
            ...     model = mk.Model({"x": x}, mk.layers.Dense(2)(x))
            ...     type(mk.Model.from_config(model.get_config())).__name__
            'Functional'
        """
        if cls is Model and {"layers", "input_layers", "output_layers"} <= set(config):
            from multikeras.models.functional import Functional

            return Functional.from_config(config, custom_objects=custom_objects)
        return super().from_config(config)

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

    # Saving (thin calls into multikeras.saving.saving_api) -----------------------

    def to_json(self, **kwargs: Any) -> str:
        """The model's serialized config (architecture, no weights) as JSON; ``kwargs`` go to ``json.dumps``.

        :func:`multikeras.models.model_from_json` rebuilds the model from it.

        Example:
            >>> import json, multikeras as mk
            >>> with mk.backend.use("numpy"):
            ...     text = mk.Sequential([mk.Input((2,)), mk.layers.Dense(1)], name="tiny").to_json()
            >>> json.loads(text)["class_name"], json.loads(text)["config"]["name"]
            ('Sequential', 'tiny')
        """
        import json

        from multikeras.saving import serialization_lib

        return json.dumps(serialization_lib.serialize_keras_object(self), **kwargs)

    def save(self, filepath: Any, overwrite: bool = True, zipped: bool | None = None, **kwargs: Any) -> None:
        """Save the model as a ``.keras`` archive (config, weights, metadata), in Keras 3's format.

        See :func:`multikeras.saving.save_model`.

        Example:
            >>> import os, tempfile, multikeras as mk
            >>> path = os.path.join(tempfile.mkdtemp(), "m.keras")
            >>> with mk.backend.use("numpy"):
            ...     mk.Sequential([mk.Input((2,)), mk.layers.Dense(1)]).save(path)
            >>> os.path.exists(path)
            True
        """
        from multikeras.saving import saving_api

        saving_api.save_model(self, filepath, overwrite=overwrite, zipped=zipped, **kwargs)

    def save_weights(self, filepath: Any, overwrite: bool = True, max_shard_size: Any = None) -> None:
        """Save the weights (and optimizer state) to a ``.weights.h5`` file that loads on every backend.

        See :func:`multikeras.saving.save_weights`.

        Example:
            >>> import os, tempfile, multikeras as mk
            >>> path = os.path.join(tempfile.mkdtemp(), "m.weights.h5")
            >>> with mk.backend.use("numpy"):
            ...     mk.Sequential([mk.Input((2,)), mk.layers.Dense(1)]).save_weights(path)
            >>> os.path.exists(path)
            True
        """
        from multikeras.saving import saving_api

        saving_api.save_weights(self, filepath, overwrite=overwrite, max_shard_size=max_shard_size)

    def load_weights(self, filepath: Any, skip_mismatch: bool = False, **kwargs: Any) -> None:
        """Load weights from a ``.weights.h5`` file or a ``.keras`` archive (saved on any backend, or by Keras 3).

        See :func:`multikeras.saving.load_weights`.

        Example:
            >>> import os, tempfile, multikeras as mk
            >>> path = os.path.join(tempfile.mkdtemp(), "m.weights.h5")
            >>> with mk.backend.use("numpy"):
            ...     model = mk.Sequential([mk.Input((2,)), mk.layers.Dense(1)])
            ...     model.save_weights(path)
            ...     model.load_weights(path)
            >>> len(model.weights)
            2
        """
        from multikeras.saving import saving_api

        saving_api.load_weights(self, filepath, skip_mismatch=skip_mismatch, **kwargs)

    def to_backend(self, name: str) -> Model:
        """A copy of this model bound to backend ``name``: same config, bit-identical weights and optimizer state.

        See :func:`multikeras.saving.backend_transfer.to_backend`.

        Example:
            >>> import multikeras as mk
            >>> with mk.backend.use("numpy"):
            ...     model = mk.Sequential([mk.Input((2,)), mk.layers.Dense(1)])
            >>> model.to_backend("numpy").layers[0].kernel.shape
            (2, 1)
        """
        from multikeras.saving.backend_transfer import to_backend

        return to_backend(self, name)


_FUNCTIONAL_VARIANTS: dict[type, type] = {}


def _functional_variant(cls: type) -> type:
    """``cls`` combined with Functional (cached): what ``cls(inputs, outputs)`` instantiates."""
    from multikeras.models.functional import Functional

    variant = _FUNCTIONAL_VARIANTS.get(cls)
    if variant is None:
        variant = type(cls.__name__, (cls, Functional), {"__module__": cls.__module__, "__qualname__": cls.__qualname__})
        _FUNCTIONAL_VARIANTS[cls] = variant
    return variant
