"""`Wrapper`: the base of layers that hold and apply another layer."""

from __future__ import annotations

from typing import Any

from multikeras.layers.layer import Layer
from multikeras.layers.wrappers.sublayer_building import build_sublayer
from multikeras.saving import serialization_lib
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class Wrapper(Layer):
    """A layer that applies the layer it holds (``self.layer``) in some way; subclasses define ``call``.

    The held layer's weights are the wrapper's; its config is the wrapper's
    ``"layer"`` entry.

    Args:
        layer: the layer to wrap.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> class Twice(Wrapper):
        ...     def call(self, inputs):
        ...         return self.layer(self.layer(inputs))
        >>> with mk.backend.use("numpy"):
        ...     y = Twice(mk.layers.Rescaling(2.0))(mk.ops.ones((1, 2)))
        >>> y.tolist()
        [[4.0, 4.0]]
    """

    _wrapped_role = "to wrap"
    """What the wrapped layer is for, in the error for a wrapped object that is not a layer."""

    def __init__(self, layer: Layer, **kwargs: Any):
        if not isinstance(layer, Layer):
            raise ValueError(f"{type(self).__name__}: expected a Layer instance {self._wrapped_role}, received "
                             f"{type(layer).__name__} {layer!r}.")
        super().__init__(**kwargs)
        self.layer = layer

    def build(self, input_shape: Any = None) -> None:
        build_sublayer(self.layer, input_shape)
        self.built = True

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config["layer"] = serialization_lib.serialize_keras_object(self.layer)
        return config

    @classmethod
    def from_config(cls, config: dict[str, Any], custom_objects: Any = None) -> Wrapper:
        config = dict(config)
        config["layer"] = serialization_lib.deserialize_keras_object(config["layer"], custom_objects=custom_objects)
        return cls(**config)
