"""Serialization of objects to configs, and models and weights to files in Keras 3's formats.

Example:
    >>> from multikeras import saving
    >>> saving.serialize_keras_object([1, (2, 3)])
    [1, [2, 3]]
"""

from multikeras._lazy import lazy_attributes
from multikeras.saving.object_registration import (
    CustomObjectScope,
    custom_object_scope,
    get_custom_objects,
    get_registered_name,
    get_registered_object,
    register_keras_serializable,
)
from multikeras.saving.saving_api import load_model, load_weights, save_model, save_weights
from multikeras.saving.serialization_lib import deserialize_keras_object, serialize_keras_object

# KerasFileEditor needs h5py: imported on first use, so that ``import multikeras.saving`` stays light.
__getattr__, __dir__ = lazy_attributes(__name__, globals(), {"KerasFileEditor": "multikeras.saving.file_editor"})

__all__ = [
    "CustomObjectScope",
    "KerasFileEditor",
    "custom_object_scope",
    "deserialize_keras_object",
    "get_custom_objects",
    "get_registered_name",
    "get_registered_object",
    "load_model",
    "load_weights",
    "register_keras_serializable",
    "save_model",
    "save_weights",
    "serialize_keras_object",
]
