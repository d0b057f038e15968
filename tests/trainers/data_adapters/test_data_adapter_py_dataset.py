"""`multikeras.utils.PyDataset` as data."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from multikeras.trainers.data_adapters import EpochIterator
from multikeras.utils.py_dataset import PyDataset, Sequence


class Batches(PyDataset):
    """Batch i is (x = i repeated, y = 10 i); records every call."""

    def __init__(self, count: int = 4, **kwargs):
        super().__init__(**kwargs)
        self.count = count
        self.calls: list = []
        self.threads: set[str] = set()
        self.lock = threading.Lock()

    def __len__(self):
        return self.count

    def __getitem__(self, index):
        with self.lock:
            self.calls.append(index)
            self.threads.add(threading.current_thread().name)
        return np.full((2, 1), float(index)), np.full(2, 10 * index)

    def on_epoch_begin(self):
        self.calls.append("begin")

    def on_epoch_end(self):
        self.calls.append("end")


def epoch_values(iterator):
    return [int(batch[0][0, 0]) for _, batch in iterator.enumerate_epoch()]


def test_sequence_is_pydataset_and_defaults():
    assert Sequence is PyDataset
    dataset = Batches()
    assert (dataset.workers, dataset.use_multiprocessing, dataset.max_queue_size) == (1, False, 10)
    assert dataset.num_batches == 4


def test_batches_in_order_with_epoch_hooks():
    dataset = Batches(3)
    iterator = EpochIterator(dataset)
    assert iterator.num_batches == 3
    batches = [batch for _, batch in iterator.enumerate_epoch()]
    for index, (x, y) in enumerate(batches):
        np.testing.assert_array_equal(x, np.full((2, 1), float(index), "float64"))
        np.testing.assert_array_equal(y, np.full(2, 10 * index))
    epoch_values(iterator)
    assert dataset.calls == ["begin", 0, 1, 2, "end", "begin", 0, 1, 2, "end"]


def test_shuffle_visits_every_batch_once_in_a_new_order():
    iterator = EpochIterator(Batches(12), shuffle=True)
    orders = [epoch_values(iterator) for _ in range(2)]
    assert all(sorted(order) == list(range(12)) for order in orders)
    assert orders[0] != list(range(12)) or orders[1] != list(range(12))


def test_steps_per_epoch_continues_across_epochs():
    iterator = EpochIterator(Batches(3), steps_per_epoch=2)
    assert epoch_values(iterator) == [0, 1]
    with pytest.warns(UserWarning, match="ran out after 1 of the 2 steps"):
        assert epoch_values(iterator) == [2]
    assert epoch_values(iterator) == [0, 1]


def test_workers_use_threads_and_keep_the_order():
    dataset = Batches(9, workers=3, max_queue_size=2)
    iterator = EpochIterator(dataset)
    assert [epoch_values(iterator) for _ in range(2)] == [list(range(9))] * 2
    assert sorted(c for c in dataset.calls if isinstance(c, int)) == sorted(list(range(9)) * 2)
    assert all(name.startswith("PyDataset") for name in dataset.threads)


def test_use_multiprocessing_is_accepted():
    dataset = Batches(4, workers=2, use_multiprocessing=True)
    assert epoch_values(EpochIterator(dataset)) == [0, 1, 2, 3]


def test_abandoning_a_threaded_epoch_stops_cleanly():
    iterator = EpochIterator(Batches(50, workers=2, max_queue_size=4))
    for step, _ in iterator.enumerate_epoch():
        if step == 2:
            break
    assert epoch_values(iterator) == list(range(50))


def test_endless_dataset_needs_no_len():
    class Endless(PyDataset):
        @property
        def num_batches(self):
            return None

        def __getitem__(self, index):
            return (np.array([index]),)

    iterator = EpochIterator(Endless(), steps_per_epoch=3)
    assert EpochIterator(Endless()).num_batches is None
    assert [[int(b[0][0]) for _, b in iterator.enumerate_epoch()] for _ in range(2)] == [[0, 1, 2], [3, 4, 5]]


def test_a_non_tuple_batch_is_x():
    class OnlyX(PyDataset):
        def __len__(self):
            return 2

        def __getitem__(self, index):
            return {"a": np.full(2, index)}

    batches = [batch for _, batch in EpochIterator(OnlyX()).enumerate_epoch()]
    assert [len(b) for b in batches] == [1, 1] and batches[1][0]["a"].tolist() == [1, 1]


def test_pydataset_errors():
    class NoLength(PyDataset):
        def __getitem__(self, index):
            return (np.zeros(1),)

    with pytest.raises(ValueError, match="implement `__len__"):
        EpochIterator(NoLength())
    with pytest.raises(ValueError, match="empty PyDataset"):
        EpochIterator(Batches(0))
    with pytest.raises(ValueError, match="`y` must not be given"):
        EpochIterator(Batches(), np.zeros(2))
    with pytest.raises(ValueError, match="`sample_weight` must not be given"):
        EpochIterator(Batches(), sample_weight=np.zeros(2))
    with pytest.raises(ValueError, match="`workers` must be a non-negative int"):
        Batches(workers=-1)
    with pytest.raises(NotImplementedError, match="implement `__getitem__"):
        PyDataset()[0]

    class FourTuple(PyDataset):
        def __len__(self):
            return 1

        def __getitem__(self, index):
            return (np.zeros(1),) * 4

    with pytest.raises(ValueError, match=r"must be a tuple `\(x,\)`.*received \(array"):
        list(EpochIterator(FourTuple()).enumerate_epoch())
