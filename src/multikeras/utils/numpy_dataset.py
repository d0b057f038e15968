"""`NumpyDataset`: the dataset the `multikeras.utils.*_dataset*` functions return, without TensorFlow.

Keras 3 returns ``tf.data.Dataset`` objects from these functions on every
backend. A :class:`NumpyDataset` plays that part without TensorFlow: it is
iterable (a fresh pass each time, batches of NumPy arrays), has ``len()``
(the number of batches), and offers the ``tf.data`` methods that are chained
most (``take``, ``skip``, ``map``, ``as_numpy_iterator``, ``cardinality``,
``prefetch``). ``fit`` / ``evaluate`` / ``predict`` read it like a
``tf.data.Dataset`` (through ``as_numpy_iterator``): batches come in the
dataset's own order, and ``fit(shuffle=...)`` does not reorder them.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import optree


def _list_as_tuple(node: optree.PyTreeSpec) -> optree.PyTreeSpec:
    """One node of a structure, with a list turned into a tuple (the other nodes unchanged)."""
    if node.kind == optree.PyTreeKind.LIST:
        return optree.treespec_tuple(node.children(), none_is_leaf=True)
    return node


def flatten_structure(structure: Any) -> tuple[list[Any], optree.PyTreeSpec]:
    """The leaves of a nested structure and its tree spec, with lists rebuilt as tuples.

    Tuples, lists, dicts (and the other containers optree knows) are nodes;
    everything else, ``None`` included, is a leaf. Leaves come in optree's
    order (dict entries by sorted key); rebuilding with
    ``optree.tree_unflatten(spec, leaves)`` gives dicts back in their
    insertion order and lists as tuples, so a list of arrays is yielded
    like a tuple (and :meth:`NumpyDataset.map` unpacks it).
    """
    leaves, spec = optree.tree_flatten(structure, none_is_leaf=True)
    return leaves, spec.transform(f_node=_list_as_tuple)


def map_leaves(function: Callable[[Any], Any], structure: Any) -> Any:
    """Apply ``function`` to every leaf of a nested structure (lists come back as tuples)."""
    leaves, spec = flatten_structure(structure)
    return optree.tree_unflatten(spec, [function(leaf) for leaf in leaves])


def to_numpy(value: Any) -> np.ndarray:
    """A NumPy array from an array, a list, or a tensor of any framework (detached and on the host first)."""
    if isinstance(value, np.ndarray):
        return value
    detach = getattr(value, "detach", None)
    if callable(detach):  # a torch tensor that may track gradients or live on a device
        value = detach().cpu()
    return np.asarray(value)


class NumpyDataset:
    """A re-iterable dataset of NumPy batches (or single samples), with ``len()`` = number of elements.

    Built by :func:`timeseries_dataset_from_array`, :func:`split_dataset`,
    :func:`image_dataset_from_directory` and
    :func:`text_dataset_from_directory`; build one from in-memory arrays with
    :meth:`from_arrays`. Each ``for`` loop is a fresh pass; a dataset made
    with ``shuffle=True`` draws a new order for every pass from its seed, as
    ``tf.data``'s ``shuffle`` does. ``fit`` accepts it directly.

    Example:
        >>> import numpy as np
        >>> dataset = NumpyDataset.from_arrays((np.arange(5), np.arange(5) * 10), batch_size=2)
        >>> len(dataset), [y.tolist() for _, y in dataset]
        (3, [[0, 10], [20, 30], [40]])
        >>> [x.tolist() for x, _ in dataset.skip(1).map(lambda x, y: (x + 1, y))]
        [[3, 4], [5]]
    """

    def __init__(self, make_iterator: Callable[[], Iterator[Any]], length: int,
                 batch_size: int | None = None) -> None:
        self._make_iterator = make_iterator
        self._length = int(length)
        self._batch_size = batch_size

    @classmethod
    def from_arrays(cls, arrays: Any, batch_size: int | None = None, shuffle: bool = False,
                    seed: int | None = None, indices: Any = None) -> NumpyDataset:
        """A dataset of the samples (rows) of ``arrays``: an array, or a tuple / list / dict of arrays.

        Args:
            arrays: NumPy arrays sharing their first (samples) dimension, in
                a tuple / list / dict structure (lists are yielded as tuples).
            batch_size: samples per batch; ``None`` yields single samples.
            shuffle: visit the samples in a new random order on every pass.
            seed: seed of the shuffling (``None``: drawn from NumPy's global generator).
            indices: the samples to use, in order (default: all of them).

        Returns:
            A :class:`NumpyDataset`.
        """
        if batch_size is not None and (isinstance(batch_size, bool) or not isinstance(batch_size, int)
                                       or batch_size <= 0):
            raise ValueError(f"`batch_size` must be a positive int or None; received batch_size={batch_size!r}.")
        leaves, spec = flatten_structure(arrays)
        leaves = [to_numpy(leaf) for leaf in leaves]
        if not leaves:
            raise ValueError(f"NumpyDataset.from_arrays: received no array: {arrays!r}.")
        lengths = {leaf.shape[0] if leaf.ndim else None for leaf in leaves}
        if None in lengths or len(lengths) != 1:
            raise ValueError(
                "NumpyDataset.from_arrays: every array needs the same number of samples along its first axis; "
                f"received arrays of shapes {[leaf.shape for leaf in leaves]}."
            )
        if indices is None:
            indices = np.arange(len(leaves[0]))
        indices = np.asarray(indices, dtype=np.int64)
        num_samples = len(indices)
        order_rng = None
        if shuffle:
            order_rng = np.random.RandomState(np.random.randint(1e6) if seed is None else seed)

        def gather(selection: Any) -> Any:
            return optree.tree_unflatten(spec, [leaf[selection] for leaf in leaves])

        def make_iterator() -> Iterator[Any]:
            order = indices if order_rng is None else indices[order_rng.permutation(num_samples)]
            if batch_size is None:
                for index in order:
                    yield gather(index)
            else:
                for start in range(0, num_samples, batch_size):
                    yield gather(order[start:start + batch_size])

        length = num_samples if batch_size is None else math.ceil(num_samples / batch_size)
        return cls(make_iterator, length, batch_size)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._make_iterator())

    def __len__(self) -> int:
        return self._length

    @property
    def batch_size(self) -> int | None:
        """Samples per batch (the last batch may hold fewer); ``None`` when the elements are single samples."""
        return self._batch_size

    def as_numpy_iterator(self) -> Iterator[Any]:
        """An iterator over the elements (they are NumPy arrays already), as ``tf.data.Dataset`` offers."""
        return iter(self)

    def cardinality(self) -> int:
        """The number of elements, ``len(self)`` (an int, where ``tf.data`` returns a scalar tensor)."""
        return self._length

    def _derived(self, make_iterator: Callable[[], Iterator[Any]], length: int) -> NumpyDataset:
        derived = NumpyDataset(make_iterator, length, self._batch_size)
        for name in ("class_names", "file_paths"):  # what users read on a directory dataset
            if hasattr(self, name):
                setattr(derived, name, getattr(self, name))
        return derived

    def take(self, count: int) -> NumpyDataset:
        """The first ``count`` elements (all of them when ``count`` is -1 or larger than the dataset)."""
        count = _check_count("take", count)
        length = self._length if count < 0 else min(count, self._length)
        return self._derived(lambda: itertools.islice(iter(self), length), length)

    def skip(self, count: int) -> NumpyDataset:
        """All elements but the first ``count`` (none when ``count`` is -1)."""
        count = _check_count("skip", count)
        skipped = self._length if count < 0 else min(count, self._length)
        return self._derived(lambda: itertools.islice(iter(self), skipped, None), self._length - skipped)

    def map(self, map_func: Callable[..., Any]) -> NumpyDataset:
        """Apply ``map_func`` to every element, lazily; a tuple element is passed as separate arguments.

        ``map_func`` receives and may return NumPy arrays (or anything the
        consumer accepts); it runs in Python on each pass, not in a graph.
        """
        if not callable(map_func):
            raise TypeError(f"NumpyDataset.map: `map_func` must be callable; received {map_func!r}.")

        def apply(element: Any) -> Any:
            return map_func(*element) if isinstance(element, tuple) else map_func(element)

        return self._derived(lambda: (apply(element) for element in self), self._length)

    def prefetch(self, buffer_size: Any = None) -> NumpyDataset:
        """Return the dataset itself: accepted so ``tf.data``-style chains run; elements are produced on demand."""
        del buffer_size
        return self

    def __repr__(self) -> str:
        unit = "samples" if self._batch_size is None else f"batches of up to {self._batch_size}"
        return f"<NumpyDataset: {self._length} {unit}>"


def _check_count(method: str, count: Any) -> int:
    if isinstance(count, bool) or not isinstance(count, (int, np.integer)) or count < -1:
        raise ValueError(f"NumpyDataset.{method}: `count` must be an int >= -1; received count={count!r}.")
    return int(count)
