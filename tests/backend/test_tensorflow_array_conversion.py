"""The tensorflow backend converts a NumPy array with one copy where TensorFlow is known to copy it anyway
(``core._array_to_tensor``): the tensor still owns its contents (changing the array afterwards never changes
it), keeps the array's dtype and values, and the measured alignment rule is an alignment check TensorFlow
really applies."""

from __future__ import annotations

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")

from multikeras.backends.tensorflow import core  # noqa: E402


def _at_offset(offset: int, count: int, dtype: np.dtype) -> np.ndarray:
    """A C-contiguous array of ``count`` items whose address is ``offset`` bytes past a 64-byte boundary."""
    itemsize = np.dtype(dtype).itemsize
    buffer = np.zeros(count * itemsize + 128, np.uint8)
    start = (-buffer.__array_interface__["data"][0]) % 64 + offset
    return buffer[start : start + count * itemsize].view(dtype)


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int32, np.int64, np.uint8, np.bool_, np.float16])
@pytest.mark.parametrize("offset", [0, 4, 8, 16, 32, 48])
def test_converted_arrays_never_share_the_callers_memory(dtype, offset):
    if np.dtype(dtype).itemsize > 4 and offset % np.dtype(dtype).itemsize:
        offset = 8 * (offset // 8)  # keep the address a multiple of the item size, as NumPy arrays are
    array = _at_offset(offset, 300, dtype)
    array[:] = (np.arange(300) % 7).astype(dtype)
    expected = array.copy()
    tensor = core.convert_to_tensor(array)
    array[:] = np.ones((), dtype)
    assert tensor.dtype == tf.as_dtype(dtype)
    np.testing.assert_array_equal(tensor.numpy(), expected)


def test_slices_of_a_batch_array_convert_to_their_own_values():
    data = np.arange(10 * 7 * 3, dtype=np.float32).reshape(10 * 7, 3)
    for start in range(0, 70, 7):
        batch = data[start : start + 7]
        tensor = core.convert_to_tensor(batch)
        np.testing.assert_array_equal(tensor.numpy(), data[start : start + 7])
    data[:] = -1.0
    np.testing.assert_array_equal(tensor.numpy(), np.arange(63 * 3, 70 * 3, dtype=np.float32).reshape(7, 3))


def test_requested_dtypes_and_non_contiguous_arrays_convert_as_tf_constant():
    array = np.arange(24, dtype=np.float64).reshape(4, 6)
    for value, dtype in ((array, "float32"), (array[:, ::2], None), (array.T, None), (array.astype(np.int64), "float16")):
        tensor = core.convert_to_tensor(value, dtype)
        reference = tf.constant(np.asarray(value, dtype=dtype) if dtype else value)
        assert tensor.dtype == reference.dtype
        np.testing.assert_array_equal(tensor.numpy(), reference.numpy())


def test_the_alignment_rule_is_one_tensorflow_applies():
    alignment = core._copying_alignment()
    if not alignment:
        pytest.skip("this TensorFlow gives no alignment rule to rely on: every array goes through tf.constant")
    assert alignment in (8, 16, 32, 64)
    context = core._eager_context()
    for offset in range(4, 64, 4):
        array = _at_offset(offset, 64, np.float32)
        array[:] = 1.0
        tensor = core._EagerTensorType(array, context.device_name, None)
        array[:] = 2.0
        if offset % alignment:  # below the alignment TensorFlow copies: the tensor kept the old contents
            assert np.all(tensor.numpy() == 1.0), offset


def test_inside_a_trace_arrays_become_constants():
    array = np.arange(6, dtype=np.float32)[1:]

    @tf.function
    def traced():
        return core.convert_to_tensor(array) * 2.0

    np.testing.assert_array_equal(traced().numpy(), np.arange(1, 6, dtype=np.float32) * 2.0)
