"""Utilities (``multikeras.utils``): data helpers, seeding, progress bars, summaries, backend parity.

Example:
    >>> import multikeras as mk
    >>> mk.utils.to_categorical([1, 0], num_classes=2).tolist()
    [[0.0, 1.0], [1.0, 0.0]]
"""

from multikeras.trainers.data_adapters.array_slicing import train_validation_split
from multikeras.trainers.data_adapters.packing import pack_x_y_sample_weight, unpack_x_y_sample_weight
from multikeras.utils.backend_parity import BackendComparison, compare_backends
from multikeras.utils.numerical_utils import normalize, to_categorical
from multikeras.utils.progbar import Progbar
from multikeras.utils.py_dataset import PyDataset, Sequence
from multikeras.utils.random_seed import set_random_seed

__all__ = [
    "BackendComparison",
    "Progbar",
    "PyDataset",
    "Sequence",
    "compare_backends",
    "normalize",
    "pack_x_y_sample_weight",
    "set_random_seed",
    "to_categorical",
    "train_validation_split",
    "unpack_x_y_sample_weight",
]
