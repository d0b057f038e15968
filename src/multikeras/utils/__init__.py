"""Utilities (``multikeras.utils``): data helpers, seeding, progress bars, summaries, model diagrams, backend parity.

Each name is imported from its module the first time it is used, so the
progress bar's terminal library and the data adapters load only when needed.

Example:
    >>> import multikeras as mk
    >>> mk.utils.to_categorical([1, 0], num_classes=2).tolist()
    [[0.0, 1.0], [1.0, 0.0]]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from multikeras._lazy import lazy_attributes

_HOMES = {
    "BackendComparison": "multikeras.utils.backend_parity",
    "Config": "multikeras.utils.config",
    "NumpyDataset": "multikeras.utils.numpy_dataset",
    "array_to_img": "multikeras.utils.image_utils",
    "bounding_boxes": "multikeras.utils.bounding_boxes",
    "image_dataset_from_directory": "multikeras.utils.directory_datasets",
    "img_to_array": "multikeras.utils.image_utils",
    "load_img": "multikeras.utils.image_utils",
    "model_to_dot": "multikeras.utils.model_visualization",
    "save_img": "multikeras.utils.image_utils",
    "split_dataset": "multikeras.utils.dataset_split",
    "text_dataset_from_directory": "multikeras.utils.directory_datasets",
    "timeseries_dataset_from_array": "multikeras.utils.timeseries_dataset",
    "CustomObjectScope": "multikeras.saving.object_registration",
    "clear_session": "multikeras.utils.naming",
    "custom_object_scope": "multikeras.saving.object_registration",
    "deserialize_keras_object": "multikeras.saving.serialization_lib",
    "disable_interactive_logging": "multikeras.utils.io_utils",
    "enable_interactive_logging": "multikeras.utils.io_utils",
    "is_interactive_logging_enabled": "multikeras.utils.io_utils",
    "get_custom_objects": "multikeras.saving.object_registration",
    "get_registered_name": "multikeras.saving.object_registration",
    "get_registered_object": "multikeras.saving.object_registration",
    "get_source_inputs": "multikeras.utils.source_inputs",
    "is_keras_tensor": "multikeras.backend.keras_names",
    "pad_sequences": "multikeras.utils.sequence_padding",
    "plot_model": "multikeras.utils.model_visualization",
    "register_keras_serializable": "multikeras.saving.object_registration",
    "serialize_keras_object": "multikeras.saving.serialization_lib",
    "standardize_dtype": "multikeras.backend.dtypes",
    "Progbar": "multikeras.utils.progbar",
    "PyDataset": "multikeras.utils.py_dataset",
    "Sequence": "multikeras.utils.py_dataset",
    "compare_backends": "multikeras.utils.backend_parity",
    "normalize": "multikeras.utils.numerical_utils",
    "pack_x_y_sample_weight": "multikeras.trainers.data_adapters.packing",
    "set_random_seed": "multikeras.utils.random_seed",
    "to_categorical": "multikeras.utils.numerical_utils",
    "train_validation_split": "multikeras.trainers.data_adapters.array_slicing",
    "unpack_x_y_sample_weight": "multikeras.trainers.data_adapters.packing",
}
"""Public name -> the module that defines it."""

__all__ = sorted(_HOMES)

__getattr__, __dir__ = lazy_attributes(__name__, globals(), _HOMES)

if TYPE_CHECKING:
    from multikeras.trainers.data_adapters.array_slicing import train_validation_split
    from multikeras.trainers.data_adapters.packing import pack_x_y_sample_weight, unpack_x_y_sample_weight
    from multikeras.utils import bounding_boxes
    from multikeras.utils.backend_parity import BackendComparison, compare_backends
    from multikeras.utils.config import Config
    from multikeras.utils.dataset_split import split_dataset
    from multikeras.utils.directory_datasets import image_dataset_from_directory, text_dataset_from_directory
    from multikeras.utils.image_utils import array_to_img, img_to_array, load_img, save_img
    from multikeras.utils.io_utils import (
        disable_interactive_logging,
        enable_interactive_logging,
        is_interactive_logging_enabled,
    )
    from multikeras.utils.model_visualization import model_to_dot, plot_model
    from multikeras.utils.numerical_utils import normalize, to_categorical
    from multikeras.utils.numpy_dataset import NumpyDataset
    from multikeras.utils.progbar import Progbar
    from multikeras.utils.py_dataset import PyDataset, Sequence
    from multikeras.utils.random_seed import set_random_seed
    from multikeras.utils.timeseries_dataset import timeseries_dataset_from_array
