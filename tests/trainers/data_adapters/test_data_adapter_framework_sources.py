"""Framework data on every backend: tf.data datasets, torch DataLoaders, and native tensors as x / y.

Batches always come out as NumPy; the test then does what the trainer does,
converting them to the active backend's tensors, and checks the values.
"""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf
import torch

import multikeras as mk
from multikeras.trainers.data_adapters import EpochIterator, train_validation_split

X = np.arange(30, dtype="float32").reshape(10, 3)
Y = np.arange(10) % 3


def collect(iterator: EpochIterator, backend_name: str) -> list[tuple[np.ndarray, ...]]:
    """Run one epoch; convert each batch to backend tensors and back, as a trainer step would see it."""
    out = []
    with mk.backend.use(backend_name):
        for _, batch in iterator.enumerate_epoch():
            assert all(isinstance(part, np.ndarray) for part in batch)
            tensors = [mk.ops.convert_to_tensor(part) for part in batch]
            out.append(tuple(mk.ops.convert_to_numpy(t) for t in tensors))
    return out


def check_concatenated(batches, expected_x, expected_y):
    np.testing.assert_array_equal(np.concatenate([b[0] for b in batches]), expected_x)
    np.testing.assert_array_equal(np.concatenate([b[1] for b in batches]), expected_y)


def test_tf_data_dataset(backend_name):
    dataset = tf.data.Dataset.from_tensor_slices((X, Y)).batch(4)
    iterator = EpochIterator(dataset)
    assert iterator.num_batches == 3
    for _ in range(2):  # a fresh pass every epoch
        batches = collect(iterator, backend_name)
        assert [b[0].shape for b in batches] == [(4, 3), (4, 3), (2, 3)]
        check_concatenated(batches, X, Y)


def test_tf_data_dataset_dict_elements_endless_and_unknown_length(backend_name):
    as_dict = tf.data.Dataset.from_tensor_slices({"features": X}).batch(5)
    (x,), _ = [batch for _, batch in EpochIterator(as_dict).enumerate_epoch()]
    np.testing.assert_array_equal(x["features"], X[:5])

    endless = tf.data.Dataset.from_tensor_slices((X, Y)).batch(4).repeat()
    iterator = EpochIterator(endless, steps_per_epoch=4)
    assert EpochIterator(endless).num_batches is None
    first = collect(iterator, backend_name)
    second = collect(iterator, backend_name)
    assert [b[0].shape[0] for b in first + second] == [4, 4, 2, 4, 4, 2, 4, 4]

    filtered = tf.data.Dataset.from_tensor_slices((X, Y)).filter(lambda x, y: y > 0).batch(3)
    iterator = EpochIterator(filtered)
    assert iterator.num_batches is None
    check_concatenated(collect(iterator, backend_name), X[Y > 0], Y[Y > 0])


def test_tf_data_errors():
    dataset = tf.data.Dataset.from_tensor_slices((X, Y)).batch(4)
    with pytest.raises(ValueError, match=r"`x` is a dataset \(such as tf.data.Dataset\), `y` must not be given"):
        EpochIterator(dataset, Y)
    with pytest.raises(ValueError, match="`sample_weight` must not be given"):
        EpochIterator(dataset, sample_weight=Y)
    with pytest.raises(ValueError, match="empty dataset"):
        EpochIterator(dataset.take(0))
    empty_after_filter = EpochIterator(dataset.filter(lambda x, y: False))
    with pytest.raises(ValueError, match="Received empty data: a dataset produced no batch"):
        list(empty_after_filter.enumerate_epoch())
    with pytest.raises(ValueError, match="validation_split"):
        train_validation_split((dataset,), 0.2)


def test_torch_data_loader(backend_name):
    loader = torch.utils.data.DataLoader(
        torch.utils.data.TensorDataset(torch.from_numpy(X), torch.from_numpy(Y)), batch_size=4
    )
    iterator = EpochIterator(loader)
    assert iterator.num_batches == 3
    for _ in range(2):
        check_concatenated(collect(iterator, backend_name), X, Y)


def test_torch_data_loader_over_an_iterable_dataset_and_dict_samples(backend_name):
    class Stream(torch.utils.data.IterableDataset):
        def __iter__(self):
            return iter([(torch.from_numpy(X[i]), torch.tensor(Y[i])) for i in range(len(X))])

    iterator = EpochIterator(torch.utils.data.DataLoader(Stream(), batch_size=3))
    assert iterator.num_batches is None
    check_concatenated(collect(iterator, backend_name), X, Y)

    class Records(torch.utils.data.Dataset):
        def __len__(self):
            return len(X)

        def __getitem__(self, index):
            return {"features": torch.from_numpy(X[index])}

    batches = [batch for _, batch in EpochIterator(torch.utils.data.DataLoader(Records(), batch_size=4))
               .enumerate_epoch()]
    assert [len(b) for b in batches] == [1, 1, 1]
    np.testing.assert_array_equal(np.concatenate([b[0]["features"] for b in batches]), X)


def test_torch_data_loader_errors():
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.from_numpy(X)), batch_size=4)
    with pytest.raises(ValueError, match=r"`x` is a data loader .*`y` must not be given"):
        EpochIterator(loader, Y)
    with pytest.warns(UserWarning, match="`shuffle='batch'` is ignored"):
        EpochIterator(loader, shuffle="batch")
    empty = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(torch.zeros(0)), batch_size=4)
    with pytest.raises(ValueError, match="empty data loader"):
        EpochIterator(empty)


NATIVE = {
    "jax": lambda a: __import__("jax").numpy.asarray(a),
    "torch": torch.from_numpy,
    "tensorflow": tf.constant,
    "numpy": np.asarray,
}


def test_native_tensors_of_the_backend_as_x_and_y(backend_name):
    with mk.backend.use(backend_name):
        x = mk.ops.convert_to_tensor(X.astype("float64"))
        y = mk.ops.convert_to_tensor(Y)
        batches = collect(EpochIterator(x, y, batch_size=4, shuffle=True), backend_name)
    # the backend may hold float64 as float32 already; the data is cast to floatx either way
    assert {b[0].dtype for b in batches} == {np.dtype("float32")}
    seen_x = np.concatenate([b[0] for b in batches])
    seen_y = np.concatenate([b[1] for b in batches])
    order = np.argsort(seen_x[:, 0])
    np.testing.assert_array_equal(seen_x[order], X)
    np.testing.assert_array_equal(seen_y[order], Y)


@pytest.mark.parametrize("framework", sorted(NATIVE))
def test_framework_tensors_as_x_and_split_keeps_their_type(framework):
    x = NATIVE[framework](X)
    y = NATIVE[framework](Y)
    batches = [batch for _, batch in EpochIterator(x, y, batch_size=6).enumerate_epoch()]
    check_concatenated(batches, X, Y)
    (x_train, y_train), (x_val, y_val) = train_validation_split((x, y), 0.3)
    assert type(x_train) is type(x) and type(y_val) is type(y)
    np.testing.assert_array_equal(np.asarray(x_train), X[:7])
    np.testing.assert_array_equal(np.asarray(y_val), Y[7:])


def test_torch_tensor_that_requires_grad_is_detached():
    x = torch.ones(4, 2, requires_grad=True) * 2
    (batch,), = [b for _, b in EpochIterator(x, batch_size=4).enumerate_epoch()]
    np.testing.assert_array_equal(batch, np.full((4, 2), 2.0, "float32"))
