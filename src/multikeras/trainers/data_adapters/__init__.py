"""Input data for ``fit`` / ``evaluate`` / ``predict``: any supported source, cut into epochs of NumPy batches.

The trainer builds an :class:`EpochIterator` from the user's data and reads
batches ``(x,)``, ``(x, y)`` or ``(x, y, sample_weight)`` of nested NumPy
arrays from it; converting them to the active backend's tensors is the
trainer's job. Sources are recognized by what they offer (duck typing),
never by the framework they come from:

- in-memory data: NumPy arrays, tensors of any backend, pandas objects
  (``to_numpy()``), lists of numbers, and dicts / lists / tuples of them
  (:class:`ArrayDataAdapter`);
- Python generators and iterators (:class:`GeneratorDataAdapter`);
- :class:`multikeras.utils.PyDataset` (:class:`PyDatasetAdapter`);
- datasets with ``as_numpy_iterator()`` and data loaders (iterables with
  ``dataset`` and ``batch_size``) (:class:`IterableDatasetAdapter`).

Example:
    >>> import numpy as np
    >>> from multikeras.trainers.data_adapters import EpochIterator, unpack_x_y_sample_weight
    >>> iterator = EpochIterator({"a": np.zeros((3, 2)), "b": np.ones((3, 1))}, np.arange(3), batch_size=2)
    >>> for step, batch in iterator.enumerate_epoch():
    ...     x, y, sample_weight = unpack_x_y_sample_weight(batch)
    ...     print(step, x["a"].shape, y.tolist(), sample_weight)
    0 (2, 2) [0, 1] None
    1 (1, 2) [2] None
"""

from multikeras.trainers.data_adapters.adapter_selection import ACCEPTED_TYPES, get_data_adapter
from multikeras.trainers.data_adapters.array_data_adapter import ArrayDataAdapter
from multikeras.trainers.data_adapters.array_slicing import train_validation_split
from multikeras.trainers.data_adapters.data_adapter import DataAdapter, UnsupportedDataError
from multikeras.trainers.data_adapters.epoch_iterator import EpochIterator
from multikeras.trainers.data_adapters.generator_data_adapter import GeneratorDataAdapter
from multikeras.trainers.data_adapters.iterable_dataset_adapter import IterableDatasetAdapter
from multikeras.trainers.data_adapters.packing import pack_x_y_sample_weight, unpack_x_y_sample_weight
from multikeras.trainers.data_adapters.py_dataset_adapter import PyDatasetAdapter

__all__ = [
    "ACCEPTED_TYPES",
    "ArrayDataAdapter",
    "DataAdapter",
    "EpochIterator",
    "GeneratorDataAdapter",
    "IterableDatasetAdapter",
    "PyDatasetAdapter",
    "UnsupportedDataError",
    "get_data_adapter",
    "pack_x_y_sample_weight",
    "train_validation_split",
    "unpack_x_y_sample_weight",
]
