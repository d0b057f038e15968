"""`timeseries_dataset_from_array`: sliding windows over a timeseries, as a :class:`NumpyDataset`."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import numpy as np

from multikeras.utils.numpy_dataset import NumpyDataset, to_numpy


def _check_period(name: str, value: Any, data_length: int) -> None:
    if value <= 0:
        raise ValueError(f"timeseries_dataset_from_array: `{name}` must be higher than 0; received {name}={value}.")
    if value >= data_length:
        raise ValueError(
            f"timeseries_dataset_from_array: `{name}` must be lower than the length of the data; received "
            f"{name}={value} for data of length {data_length}."
        )


def _check_bounds(start_index: int | None, end_index: int | None, data_length: int) -> None:
    # Zero and None both mean "not given", as in Keras.
    if start_index:
        if start_index < 0:
            raise ValueError(
                f"timeseries_dataset_from_array: `start_index` must be 0 or greater; received "
                f"start_index={start_index}."
            )
        if start_index >= data_length:
            raise ValueError(
                f"timeseries_dataset_from_array: `start_index` must be lower than the length of the data; "
                f"received start_index={start_index} for data of length {data_length}."
            )
    if end_index:
        if start_index and end_index <= start_index:
            raise ValueError(
                f"timeseries_dataset_from_array: `end_index` must be higher than `start_index`; received "
                f"start_index={start_index} and end_index={end_index}."
            )
        if end_index >= data_length:
            raise ValueError(
                f"timeseries_dataset_from_array: `end_index` must be lower than the length of the data; "
                f"received end_index={end_index} for data of length {data_length}."
            )
        if end_index <= 0:
            raise ValueError(
                f"timeseries_dataset_from_array: `end_index` must be higher than 0; received end_index={end_index}."
            )


def timeseries_dataset_from_array(
    data: Any,
    targets: Any,
    sequence_length: int,
    sequence_stride: int = 1,
    sampling_rate: int = 1,
    batch_size: int | None = 128,
    shuffle: bool = False,
    seed: int | None = None,
    start_index: int | None = None,
    end_index: int | None = None,
) -> NumpyDataset:
    """Windows of ``sequence_length`` timesteps over ``data`` (axis 0 is time), with their targets.

    Window ``k`` starts at ``start_index + k * sequence_stride`` and takes every
    ``sampling_rate``-th timestep; windows that would reach ``end_index``
    (exclusive; default: the end of ``data``) are dropped. The target of the
    window starting at timestep ``start_index + p`` is
    ``targets[start_index + p]``. Arguments, checks and order follow Keras 3;
    the result is a :class:`~multikeras.utils.NumpyDataset` instead of a
    ``tf.data.Dataset`` (no TensorFlow needed).

    Args:
        data: array (or tensor) of consecutive timesteps along axis 0.
        targets: ``targets[i]`` belongs to the window starting at ``i``;
            ``None`` makes the dataset yield windows only.
        sequence_length: timesteps per window.
        sequence_stride: timesteps between the starts of successive windows.
        sampling_rate: timesteps between successive steps of a window.
        batch_size: windows per batch; ``None`` yields single windows.
        shuffle: visit the windows in a random order (a new one on every pass).
        seed: seed of the shuffling.
        start_index: first timestep used (default 0).
        end_index: timesteps from ``end_index`` on are not used.

    Returns:
        A :class:`~multikeras.utils.NumpyDataset` of ``(windows, targets)``
        batches (``windows`` alone when ``targets`` is ``None``); windows
        have shape ``(batch, sequence_length) + data.shape[1:]``.

    Raises:
        ValueError: for out-of-range ``start_index``, ``end_index``,
            ``sampling_rate`` or ``sequence_stride``.

    Example:
        >>> import numpy as np
        >>> dataset = timeseries_dataset_from_array(np.arange(10), np.arange(10) * 10, sequence_length=3,
        ...                                         sequence_stride=2, batch_size=2)
        >>> [(x.tolist(), y.tolist()) for x, y in dataset]
        [([[0, 1, 2], [2, 3, 4]], [0, 20]), ([[4, 5, 6], [6, 7, 8]], [40, 60])]
    """
    data = to_numpy(data)
    targets = None if targets is None else to_numpy(targets)
    data_length = len(data)
    _check_bounds(start_index, end_index, data_length)
    _check_period("sampling_rate", sampling_rate, data_length)
    _check_period("sequence_stride", sequence_stride, data_length)
    if batch_size is not None and (isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size <= 0):
        raise ValueError(
            f"timeseries_dataset_from_array: `batch_size` must be a positive int or None; received "
            f"batch_size={batch_size!r}."
        )
    first = start_index or 0
    stop = data_length if end_index is None else end_index
    num_windows = stop - first - (sequence_length - 1) * sampling_rate
    if targets is not None:
        num_windows = min(num_windows, len(targets))
    starts = np.arange(0, max(num_windows, 0), sequence_stride, dtype=np.int64)
    if shuffle:
        seed = np.random.randint(1e6) if seed is None else seed
    steps = np.arange(sequence_length, dtype=np.int64) * sampling_rate
    window_data = data[first:stop]
    window_targets = None if targets is None else targets[first:stop]
    order_rng = np.random.RandomState(seed) if shuffle else None

    def element(positions: np.ndarray) -> Any:
        windows = window_data[positions[..., None] + steps]
        return windows if window_targets is None else (windows, window_targets[positions])

    def make_iterator() -> Iterator[Any]:
        order = starts if order_rng is None else starts[order_rng.permutation(len(starts))]
        if batch_size is None:
            for position in order:
                yield element(position)
        else:
            for begin in range(0, len(order), batch_size):
                yield element(order[begin:begin + batch_size])

    length = len(starts) if batch_size is None else math.ceil(len(starts) / batch_size)
    return NumpyDataset(make_iterator, length, batch_size)
