"""`Pipeline`: a plain layer applying a list of layers one after the other (preprocessing, augmentation)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multikeras.layers.layer import Layer
from multikeras.saving import serialization_lib
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class Pipeline(Layer):
    """Apply ``layers`` in sequence: each one's output is the next one's input.

    Unlike a ``Sequential`` model it is a layer, not a model, and it leaves its
    inputs as they are (no conversion to tensors, no cast): the first layer
    converts them, so strings and host arrays reach preprocessing layers
    unchanged. ``training`` defaults to ``True`` when the call does not set it
    (nor an enclosing model call), so random augmentation layers are active; it
    is passed to the layers whose ``call`` takes it. Masks made by a layer go to
    the layers after it inside the pipeline.

    Args:
        layers: the layers, in order (a list or a tuple; an empty one returns
            the inputs unchanged).
        name: the layer name.

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     pipeline = Pipeline([mk.layers.Rescaling(2.0), mk.layers.Rescaling(1.0, offset=1.0)])
        ...     y = pipeline(np.array([[1.0, 2.0]]))
        >>> y.tolist()
        [[3.0, 5.0]]
    """

    def __init__(self, layers: Sequence[Layer], name: str | None = None):
        super().__init__(name=name)
        if not isinstance(layers, (list, tuple)):
            raise ValueError(f"Pipeline '{self.name}': `layers` must be a list or tuple of layers, received "
                             f"{type(layers).__name__} {layers!r}.")
        for index, layer in enumerate(layers):
            if not isinstance(layer, Layer):
                raise ValueError(f"Pipeline '{self.name}': `layers` must hold layers only, received "
                                 f"{type(layer).__name__} {layer!r} at index {index}.")
        self._pipeline_layers = layers

    @property
    def layers(self) -> Sequence[Layer]:
        """The layers, as given (saved under the group ``layers`` of weights files, as Keras 3 does)."""
        return self._pipeline_layers

    def _convert_inputs(self, args: tuple, backend: Any = None) -> tuple:
        return args  # each layer of the pipeline converts what it receives

    def call(self, inputs: Any, training: bool | None = True, mask: Any = None) -> Any:
        outputs = inputs
        for layer in self._pipeline_layers:
            kwargs: dict[str, Any] = {}
            if mask is not None and layer._call_takes_mask:
                kwargs["mask"] = mask
            if training is not None and layer._call_takes_training:
                kwargs["training"] = training
            outputs = layer(inputs, **kwargs)
            mask = layer.compute_mask(inputs, mask)  # None from a layer that neither makes nor passes masks
            inputs = outputs
        return outputs

    def get_config(self) -> dict[str, Any]:
        # Keras 3 writes only these two keys (the constructor takes no other argument).
        return {"layers": serialization_lib.serialize_keras_object(self._pipeline_layers), "name": self.name}

    @classmethod
    def from_config(cls, config: dict[str, Any], custom_objects: Any = None) -> Pipeline:
        layers = config.get("layers")
        if not isinstance(layers, (list, tuple)):
            raise ValueError(f"Pipeline.from_config: the config must map `layers` to a list of serialized layers, "
                             f"received layers={layers!r}.")
        config = dict(config)
        config["layers"] = [serialization_lib.deserialize_keras_object(layer, custom_objects=custom_objects)
                            for layer in layers]
        return cls(**config)
