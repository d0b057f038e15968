"""Python generators and iterators as data."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from multikeras.trainers.data_adapters import EpochIterator


def counting(n: int, with_y: bool = True):
    for i in range(n):
        x = np.full((2, 3), float(i))
        yield (x, np.full(2, i)) if with_y else (x,)


def epoch_values(iterator: EpochIterator) -> list[int]:
    return [int(batch[0][0, 0]) for _, batch in iterator.enumerate_epoch()]


def test_generator_batches_pass_through_as_numpy():
    iterator = EpochIterator(counting(3))
    assert iterator.num_batches is None
    batches = [batch for _, batch in iterator.enumerate_epoch()]
    assert len(batches) == 3
    for i, (x, y) in enumerate(batches):
        np.testing.assert_array_equal(x, np.full((2, 3), float(i)))
        np.testing.assert_array_equal(y, np.full(2, i))
    # generator batches keep their dtype (no floatx cast, like Keras)
    assert batches[0][0].dtype == np.float64


def test_generator_of_x_only_and_of_three_tuples_and_nested_structures():
    only_x = [batch for _, batch in EpochIterator(counting(2, with_y=False)).enumerate_epoch()]
    assert [len(batch) for batch in only_x] == [1, 1]
    nested = iter([({"a": np.zeros(2), "b": [np.ones(2)]}, np.zeros(2), np.ones(2))])
    (x, y, w), = [batch for _, batch in EpochIterator(nested).enumerate_epoch()]
    assert set(x) == {"a", "b"} and isinstance(x["b"], list)
    np.testing.assert_array_equal(w, np.ones(2))


def test_plain_iterator_works_like_a_generator():
    batches = [(np.array([i]),) for i in range(4)]
    assert [int(b[0][0]) for _, b in EpochIterator(iter(batches)).enumerate_epoch()] == [0, 1, 2, 3]


def test_steps_per_epoch_continues_the_generator_across_epochs():
    iterator = EpochIterator(counting(5), steps_per_epoch=2)
    assert iterator.num_batches == 2
    assert epoch_values(iterator) == [0, 1]
    assert epoch_values(iterator) == [2, 3]
    with pytest.warns(UserWarning, match="ran out after 1 of the 2 steps"):
        assert epoch_values(iterator) == [4]
    with pytest.warns(UserWarning, match="ran out after 0 of the 2 steps"):
        assert epoch_values(iterator) == []


def test_endless_generator_with_steps_per_epoch():
    def endless():
        i = 0
        while True:
            yield (np.array([i]),)
            i += 1

    iterator = EpochIterator(endless(), steps_per_epoch=3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert [[int(b[0][0]) for _, b in iterator.enumerate_epoch()] for _ in range(2)] == [[0, 1, 2], [3, 4, 5]]


def test_an_exhausted_generator_warns_in_the_next_epoch():
    iterator = EpochIterator(counting(2))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert epoch_values(iterator) == [0, 1]
    with pytest.warns(UserWarning, match="exhausted"):
        assert epoch_values(iterator) == []


def test_first_batch_is_peeked_and_still_trained_on():
    iterator = EpochIterator(counting(3))
    assert int(iterator.first_batch()[0][0, 0]) == 0
    assert epoch_values(iterator) == [0, 1, 2]


def test_enumerate_executions_on_a_generator():
    iterator = EpochIterator(counting(5), steps_per_execution=2)
    groups = [(first, last, [int(b[0][0, 0]) for b in batches]) for first, last, batches in
              iterator.enumerate_executions()]
    assert groups == [(0, 1, [0, 1]), (2, 3, [2, 3]), (4, 4, [4])]


@pytest.mark.parametrize(
    "bad, shown",
    [
        (np.zeros(2), r"array\(shape=\(2,\), dtype=float64\)"),
        ([np.zeros(2), np.zeros(2)], r"\[array"),
        ({"x": np.zeros(2)}, r"\{'x': array"),
        ((np.zeros(1),) * 4, r"\(array.*array.*array.*array"),
        ((), r"\(\)"),
        ("text", "'text' \\(of type str\\)"),
    ],
)
def test_a_batch_that_is_not_a_tuple_of_one_to_three_fails_before_any_step(bad, shown):
    with pytest.raises(ValueError, match=r"must be a tuple `\(x,\)`.*received " + shown):
        EpochIterator(iter([bad]))


def test_a_bad_later_batch_fails_naming_it():
    iterator = EpochIterator(iter([(np.zeros(2),), [np.zeros(2)]]))
    steps = iterator.enumerate_epoch()
    next(steps)
    with pytest.raises(ValueError, match=r"received \[array"):
        next(steps)


def test_empty_generator_fails_at_construction():
    with pytest.raises(ValueError, match="empty generator"):
        EpochIterator(counting(0))


@pytest.mark.parametrize("argument", ["y", "sample_weight"])
def test_y_or_sample_weight_with_a_generator_fails(argument):
    with pytest.raises(ValueError, match=f"`x` is a Python generator or iterator, `{argument}` must not be given"):
        EpochIterator(counting(2), **{argument: np.zeros(2)})


def test_batch_size_and_shuffle_are_ignored_with_a_warning():
    with pytest.warns(UserWarning, match="`batch_size=8` is ignored"):
        iterator = EpochIterator(counting(2), batch_size=8)
    assert epoch_values(iterator) == [0, 1]
    with pytest.warns(UserWarning, match="`shuffle='batch'` is ignored"):
        iterator = EpochIterator(counting(3), shuffle="batch")
    assert epoch_values(iterator) == [0, 1, 2]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # fit's default shuffle=True is ignored silently, as in Keras
        iterator = EpochIterator(counting(3), shuffle=True)
    assert epoch_values(iterator) == [0, 1, 2]
