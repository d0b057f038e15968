"""In-memory data: arrays, nested structures, number lists, pandas; batching, shuffling, epochs."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import multikeras as mk
from multikeras.trainers.data_adapters import EpochIterator, unpack_x_y_sample_weight


def epoch(iterator: EpochIterator) -> list[tuple]:
    return [batch for _, batch in iterator.enumerate_epoch()]


def concat(batches: list, index: int, key=None) -> np.ndarray:
    parts = [batch[index] if key is None else batch[index][key] for batch in batches]
    return np.concatenate(parts)


def test_batches_cover_the_data_in_order_with_a_partial_last_batch():
    x = np.arange(22.0).reshape(11, 2)
    y = np.arange(11)
    iterator = EpochIterator(x, y, batch_size=4)
    assert iterator.num_batches == 3
    steps = [step for step, _ in iterator.enumerate_epoch()]
    assert steps == [0, 1, 2]
    batches = epoch(iterator)
    assert [len(batch) for batch in batches] == [2, 2, 2]
    assert [batch[0].shape for batch in batches] == [(4, 2), (4, 2), (3, 2)]
    np.testing.assert_array_equal(concat(batches, 0), x)
    np.testing.assert_array_equal(concat(batches, 1), y)


def test_default_batch_size_is_32():
    iterator = EpochIterator(np.zeros((70, 1)))
    assert iterator.num_batches == 3
    assert [batch[0].shape[0] for batch in epoch(iterator)] == [32, 32, 6]


def test_batch_size_larger_than_the_data_gives_one_batch():
    batches = epoch(EpochIterator(np.arange(3.0), batch_size=100))
    assert len(batches) == 1 and batches[0][0].shape == (3,)


def test_batches_are_tuples_of_one_two_or_three_elements():
    x, y, w = np.zeros((4, 1)), np.ones(4), np.full(4, 0.5)
    assert len(epoch(EpochIterator(x))[0]) == 1
    assert len(epoch(EpochIterator(x, y))[0]) == 2
    batch = epoch(EpochIterator(x, y, w))[0]
    assert len(batch) == 3
    np.testing.assert_array_equal(batch[2], w.astype("float32"))
    assert unpack_x_y_sample_weight(epoch(EpochIterator(x, None, w))[0])[1] is None


def test_nested_inputs_and_outputs_keep_their_structure():
    n = 7
    x = {"image": np.arange(n * 4.0).reshape(n, 2, 2), "tags": np.arange(n)}
    y = [np.arange(n) * 2, {"score": np.arange(n) * 3.0}]
    w = [np.ones(n), {"score": np.full(n, 2.0)}]
    batches = epoch(EpochIterator(x, y, w, batch_size=3))
    assert len(batches) == 3
    first_x, first_y, first_w = batches[0]
    assert isinstance(first_x, dict) and set(first_x) == {"image", "tags"}
    assert isinstance(first_y, list) and isinstance(first_y[1], dict)
    np.testing.assert_array_equal(concat(batches, 0, "image"), x["image"])
    np.testing.assert_array_equal(np.concatenate([b[1][1]["score"] for b in batches]), y[1]["score"])
    np.testing.assert_array_equal(np.concatenate([b[2][0] for b in batches]), w[0])


def test_tuple_of_inputs_and_none_leaves():
    x = (np.zeros((5, 2)), np.ones((5, 3)))
    batch = epoch(EpochIterator({"a": x[0], "b": None}, batch_size=5))[0]
    assert batch[0]["b"] is None and batch[0]["a"].shape == (5, 2)
    batch = epoch(EpochIterator(x, batch_size=2))[0]
    assert isinstance(batch[0], tuple) and batch[0][1].shape == (2, 3)


def test_float_arrays_are_cast_to_floatx_other_dtypes_kept():
    x = {"f64": np.zeros((3, 1), "float64"), "f16": np.zeros(3, "float16"), "i": np.zeros(3, "int64"),
         "b": np.zeros(3, bool), "u8": np.zeros(3, "uint8")}
    batch = epoch(EpochIterator(x))[0][0]
    assert {key: str(value.dtype) for key, value in batch.items()} == {
        "f64": "float32", "f16": "float32", "i": "int64", "b": "bool", "u8": "uint8"}


def test_floatx_float64_keeps_float64(restore_global_state):
    mk.config.set_floatx("float64")
    batch = epoch(EpochIterator(np.zeros(3, "float32")))[0][0]
    assert batch.dtype == np.float64


def test_python_lists_of_numbers_are_arrays():
    batches = epoch(EpochIterator([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], [0, 1, 1], batch_size=2))
    np.testing.assert_array_equal(batches[0][0], np.array([[1.0, 2.0], [3.0, 4.0]], "float32"))
    np.testing.assert_array_equal(concat(batches, 1), [0, 1, 1])


def test_list_of_arrays_is_a_multi_input_structure_not_data():
    batch = epoch(EpochIterator([np.zeros((4, 2)), np.ones((4, 3))], batch_size=4))[0]
    assert isinstance(batch[0], list) and [a.shape for a in batch[0]] == [(4, 2), (4, 3)]


def test_pandas_dataframe_and_series():
    frame = pd.DataFrame({"a": np.arange(6.0), "b": np.arange(6.0) * 10})
    series = pd.Series(np.arange(6) % 2, index=np.arange(6) + 100)  # a label index must not matter
    batches = epoch(EpochIterator(frame, series, batch_size=4))
    assert all(isinstance(t, np.ndarray) for batch in batches for t in batch)
    np.testing.assert_array_equal(concat(batches, 0), frame.to_numpy().astype("float32"))
    np.testing.assert_array_equal(concat(batches, 1), series.to_numpy())
    batch = epoch(EpochIterator({"table": frame, "column": frame["a"]}, batch_size=6))[0]
    np.testing.assert_array_equal(batch[0]["column"], np.arange(6.0, dtype="float32"))


def test_shuffle_true_is_a_new_permutation_every_epoch():
    n = 50
    x = np.arange(n)
    y = np.arange(n) * 10
    iterator = EpochIterator(x, y, batch_size=8, shuffle=True)
    orders = []
    for _ in range(3):
        batches = epoch(iterator)
        seen_x, seen_y = concat(batches, 0), concat(batches, 1)
        np.testing.assert_array_equal(np.sort(seen_x), x)  # every sample exactly once
        np.testing.assert_array_equal(seen_y, seen_x * 10)  # x and y shuffled together
        orders.append(seen_x)
    assert not np.array_equal(orders[0], x)
    assert not np.array_equal(orders[0], orders[1])


def test_shuffle_batch_shuffles_only_within_batches():
    x = np.arange(40)
    iterator = EpochIterator(x, batch_size=10, shuffle="batch")
    batches = epoch(iterator)
    for index, (batch,) in enumerate(batches):
        np.testing.assert_array_equal(np.sort(batch), x[index * 10:(index + 1) * 10])
    assert any(not np.array_equal(batch, np.sort(batch)) for (batch,) in batches)


def test_shuffle_is_reproducible_with_the_numpy_seed():
    np.random.seed(3)
    first = concat(epoch(EpochIterator(np.arange(20), batch_size=5, shuffle=True)), 0)
    np.random.seed(3)
    second = concat(epoch(EpochIterator(np.arange(20), batch_size=5, shuffle=True)), 0)
    np.testing.assert_array_equal(first, second)


def test_steps_per_epoch_smaller_than_a_pass_continues_the_pass():
    iterator = EpochIterator(np.arange(10), batch_size=4, steps_per_epoch=2)
    assert iterator.num_batches == 2
    assert [b[0].tolist() for b in epoch(iterator)] == [[0, 1, 2, 3], [4, 5, 6, 7]]
    with pytest.warns(UserWarning, match="ran out after 1 of the 2 steps"):
        assert [b[0].tolist() for b in epoch(iterator)] == [[8, 9]]
    assert [b[0].tolist() for b in epoch(iterator)] == [[0, 1, 2, 3], [4, 5, 6, 7]]


def test_steps_per_epoch_equal_to_a_pass_starts_a_new_pass_without_warning():
    iterator = EpochIterator(np.arange(10), batch_size=4, steps_per_epoch=3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert [len(epoch(iterator)) for _ in range(3)] == [3, 3, 3]


def test_steps_per_epoch_larger_than_a_pass_warns_and_ends_the_epoch():
    iterator = EpochIterator(np.arange(10), batch_size=4, steps_per_epoch=5)
    for _ in range(2):
        with pytest.warns(UserWarning, match="ran out after 3 of the 5 steps"):
            assert len(epoch(iterator)) == 3


def test_reset_starts_a_new_pass():
    iterator = EpochIterator(np.arange(10), batch_size=4, steps_per_epoch=2)
    epoch(iterator)
    iterator.reset()
    assert epoch(iterator)[0][0].tolist() == [0, 1, 2, 3]


def test_enumerate_executions_groups_consecutive_batches():
    x = np.arange(7)
    iterator = EpochIterator(x, batch_size=2, steps_per_execution=3)
    assert iterator.steps_per_execution == 3
    groups = list(iterator.enumerate_executions())
    assert [(first, last, len(batches)) for first, last, batches in groups] == [(0, 2, 3), (3, 3, 1)]
    np.testing.assert_array_equal(np.concatenate([b[0] for _, _, batches in groups for b in batches]), x)
    # enumerate_epoch still hands out single batches
    assert len(epoch(iterator)) == 4


def test_enumerate_executions_with_steps_per_epoch():
    iterator = EpochIterator(np.arange(20), batch_size=2, steps_per_execution=2, steps_per_epoch=3)
    spans = [[(first, last) for first, last, _ in iterator.enumerate_executions()] for _ in range(2)]
    assert spans == [[(0, 1), (2, 2)], [(0, 1), (2, 2)]]


def test_first_batch_does_not_consume_data():
    iterator = EpochIterator(np.arange(5), np.arange(5), batch_size=2)
    first = iterator.first_batch()
    assert first[0].tolist() == [0, 1]
    assert len(epoch(iterator)) == 3
