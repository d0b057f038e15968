"""`train_validation_split`, `unpack_x_y_sample_weight`, `pack_x_y_sample_weight`."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from multikeras.trainers.data_adapters import (
    pack_x_y_sample_weight,
    train_validation_split,
    unpack_x_y_sample_weight,
)
from multikeras.utils.py_dataset import PyDataset


@pytest.mark.parametrize("samples, fraction", [(10, 0.2), (10, 0.33), (10, 0.35), (7, 0.5), (2, 0.3)])
def test_split_holds_out_the_last_fraction(samples, fraction):
    x = np.arange(samples * 2).reshape(samples, 2)
    y = np.arange(samples)
    (x_train, y_train, w_train), (x_val, y_val, w_val) = train_validation_split((x, y, None), fraction)
    split_at = math.floor(samples * (1 - fraction))
    np.testing.assert_array_equal(x_train, x[:split_at])
    np.testing.assert_array_equal(y_val, y[split_at:])
    assert w_train is None and w_val is None


def test_split_of_nested_structures_number_lists_and_pandas():
    frame = pd.DataFrame({"a": np.arange(5.0)}, index=np.arange(5) + 50)
    arrays = ({"table": frame, "ids": [1, 2, 3, 4, 5]}, [np.arange(5), pd.Series(np.arange(5) * 2)])
    train, val = train_validation_split(arrays, 0.4)
    assert isinstance(train[0]["table"], pd.DataFrame)
    np.testing.assert_array_equal(train[0]["table"]["a"].to_numpy(), [0.0, 1.0, 2.0])
    np.testing.assert_array_equal(val[0]["ids"], [4, 5])
    np.testing.assert_array_equal(val[1][1].to_numpy(), [6, 8])
    np.testing.assert_array_equal(train[1][0], [0, 1, 2])


def test_split_errors():
    x = np.arange(10)
    with pytest.raises(ValueError, match="10 samples, too few to split"):
        train_validation_split((x,), 0.99)
    with pytest.raises(ValueError, match="1 samples, too few to split"):
        train_validation_split((x[:1],), 0.5)
    for fraction in (0.0, 1.0, -0.1, "0.2", True):
        with pytest.raises(ValueError, match="strictly between 0 and 1"):
            train_validation_split((x,), fraction)
    generator = ((np.zeros(1),) for _ in range(3))
    with pytest.raises(ValueError, match=r"only supported for in-memory data.*`arrays\[0\]`: <generator"):
        train_validation_split((generator, None), 0.2)

    class Batches(PyDataset):
        def __len__(self):
            return 1

        def __getitem__(self, index):
            return (np.zeros(1),)

    with pytest.raises(ValueError, match="pass `validation_data` instead"):
        train_validation_split((Batches(),), 0.2)
    with pytest.raises(ValueError, match=r"same number of samples.*arrays\[0\]: 10; .*arrays\[1\]: 9|"
                                         r"same number of samples.*arrays\[0\]: 10, arrays\[1\]: 9"):
        train_validation_split((x, x[:9]), 0.2)
    with pytest.raises(ValueError, match="no array to split"):
        train_validation_split((None, None), 0.2)


def test_unpack():
    a, b, c = np.zeros(1), np.ones(1), np.full(1, 2.0)
    assert unpack_x_y_sample_weight(a) == (a, None, None)
    assert unpack_x_y_sample_weight((a,)) == (a, None, None)
    assert unpack_x_y_sample_weight((a, b)) == (a, b, None)
    assert unpack_x_y_sample_weight([a, b, c]) == (a, b, c)
    mapping = {"x": a}
    assert unpack_x_y_sample_weight(mapping)[0] is mapping
    for bad in ((), (a, b, c, a)):
        with pytest.raises(ValueError, match=f"of {len(bad)} elements"):
            unpack_x_y_sample_weight(bad)


def test_pack_is_the_inverse_of_unpack():
    a, b, c = np.zeros(1), np.ones(1), np.full(1, 2.0)
    assert pack_x_y_sample_weight(a) is a
    assert pack_x_y_sample_weight((a, b)) == ((a, b),)
    assert pack_x_y_sample_weight([a]) == ([a],)
    assert pack_x_y_sample_weight(a, b) == (a, b)
    assert pack_x_y_sample_weight(a, b, c) == (a, b, c)
    assert pack_x_y_sample_weight(a, None, c) is a
    for x, y, w in [(a, None, None), ((a, b), None, None), (a, b, None), (a, b, c)]:
        unpacked = unpack_x_y_sample_weight(pack_x_y_sample_weight(x, y, w))
        assert unpacked[0] is x and unpacked[1] is y and unpacked[2] is w
