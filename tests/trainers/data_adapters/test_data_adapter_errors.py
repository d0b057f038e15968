"""Bad input fails when the iterator is built, saying what was received and what was expected."""

from __future__ import annotations

import numpy as np
import pytest

from multikeras.trainers.data_adapters import ACCEPTED_TYPES, EpochIterator, UnsupportedDataError


@pytest.mark.parametrize(
    "x, shown",
    [
        ("some text", "'some text' \\(of type str\\)"),
        ({1, 2, 3}, "\\{1, 2, 3\\} \\(of type set\\)"),
        (3.5, "3.5"),
        (object(), "<object object at .*> \\(of type object\\)"),
        (range(4), "range\\(0, 4\\) \\(of type range\\)"),
    ],
)
def test_unsupported_types_list_the_accepted_ones(x, shown):
    with pytest.raises(TypeError, match=r"Unsupported data type for `x`: received " + shown) as caught:
        EpochIterator(x)
    assert ACCEPTED_TYPES in str(caught.value)
    assert isinstance(caught.value, ValueError)  # Keras raises ValueError: code catching it still works


def test_none_and_structures_without_arrays():
    with pytest.raises(UnsupportedDataError, match="Received `x=None`"):
        EpochIterator(None)
    with pytest.raises(UnsupportedDataError, match=r"`x` holds no array"):
        EpochIterator({"a": None})
    with pytest.raises(UnsupportedDataError, match=r"\(at `x\['b'\]`\): received 'text'"):
        EpochIterator({"a": np.zeros(3), "b": "text"})


def test_unsupported_y_and_sample_weight_are_named():
    with pytest.raises(UnsupportedDataError, match="Unsupported data type for `y`: received 'labels'"):
        EpochIterator(np.zeros(3), "labels")
    with pytest.raises(UnsupportedDataError, match=r"for `sample_weight` \(at `sample_weight\[0\]`\)"):
        EpochIterator(np.zeros(3), np.zeros(3), [{1, 2}])


@pytest.mark.parametrize(
    "x, y, sample_weight, listing",
    [
        (np.zeros((5, 2)), np.zeros(4), None, "received x: 5; y: 4"),
        (np.zeros(5), np.zeros(5), np.ones(3), "received x: 5; y: 5; sample_weight: 3"),
        ({"a": np.zeros(5), "b": np.zeros((3, 2))}, np.zeros(5), None, r"received x\['a'\]: 5, x\['b'\]: 3; y: 5"),
        (np.zeros(5), [np.zeros(5), {"z": np.zeros(6)}], None, r"received x: 5; y\[0\]: 5, y\[1\]\['z'\]: 6"),
    ],
)
def test_different_numbers_of_samples_name_every_size(x, y, sample_weight, listing):
    with pytest.raises(ValueError, match="must hold the same number of samples.*" + listing):
        EpochIterator(x, y, sample_weight)


def test_empty_and_scalar_arrays():
    with pytest.raises(ValueError, match=r"`x` holds 0 samples \(array\(shape=\(0, 3\)"):
        EpochIterator(np.zeros((0, 3)), np.zeros(0))
    with pytest.raises(ValueError, match=r"`x` must have a leading samples dimension; received a scalar"):
        EpochIterator(np.float32(2.0))
    with pytest.raises(ValueError, match=r"`y\['t'\]` must have a leading samples dimension"):
        EpochIterator(np.zeros(3), {"t": np.array(1.0)})


@pytest.mark.parametrize(
    "argument, value, expected",
    [
        ("batch_size", 0, "a positive int or None"),
        ("batch_size", 2.5, "a positive int or None"),
        ("batch_size", True, "a positive int or None"),
        ("steps_per_epoch", -1, "a positive int or None"),
        ("steps_per_execution", 0, "a positive int"),
        ("steps_per_execution", None, "a positive int"),
        ("shuffle", "sometimes", 'True, False or "batch"'),
    ],
)
def test_invalid_arguments(argument, value, expected):
    with pytest.raises(ValueError, match=f"EpochIterator: `{argument}` must be {expected}; received {value!r}"):
        EpochIterator(np.zeros(4), **{argument: value})


def test_errors_come_before_any_batch_is_read():
    read = []

    def tracking():
        read.append(1)
        yield (np.zeros(2),)

    with pytest.raises(ValueError, match="`y` must not be given"):
        EpochIterator(tracking(), np.zeros(2))
    assert read == []
