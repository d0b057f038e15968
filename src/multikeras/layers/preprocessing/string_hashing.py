"""The 64-bit string hashes the hashing and lookup layers share with Keras 3: FarmHash's ``Fingerprint64``
(unsalted) and SipHash-2-4 (salted), applied to the values' string form; and the crossed hash of several
features (``FingerprintCat64``) that ``HashedCrossing`` uses.

Keras 3 hashes through TensorFlow (``tf.strings.to_hash_bucket_fast`` and
``_strong``). ``Fingerprint64`` comes from pyfarmhash (Google's FarmHash in
C++); SipHash-2-4, for which no maintained package exists, is written here
from the published algorithm, in pure Python on the host. The tests check
both against TensorFlow's kernels. Values are hashed
once per distinct value of a batch, so a batch costs one Python loop over its
unique values.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import farmhash
import numpy as np

_MASK = (1 << 64) - 1


def _rotate(value: int, shift: int) -> int:
    """Rotate a 64-bit value right by ``shift``."""
    return value if shift == 0 else ((value >> shift) | (value << (64 - shift))) & _MASK


def _fetch64(data: bytes, at: int) -> int:
    return int.from_bytes(data[at:at + 8], "little")


def fingerprint64(data: bytes) -> int:
    """FarmHash ``Fingerprint64`` of ``data`` (the hash of ``tf.strings.to_hash_bucket_fast``), from pyfarmhash.

    Example:
        >>> fingerprint64(b"hello world") % 1000
        11
    """
    return farmhash.fingerprint64(data)


def _sip_rounds(v0: int, v1: int, v2: int, v3: int, count: int) -> tuple[int, int, int, int]:
    for _ in range(count):
        v0 = (v0 + v1) & _MASK
        v1 = _rotate(v1, 51) ^ v0  # rotate left by 13
        v0 = _rotate(v0, 32)
        v2 = (v2 + v3) & _MASK
        v3 = _rotate(v3, 48) ^ v2  # left by 16
        v0 = (v0 + v3) & _MASK
        v3 = _rotate(v3, 43) ^ v0  # left by 21
        v2 = (v2 + v1) & _MASK
        v1 = _rotate(v1, 47) ^ v2  # left by 17
        v2 = _rotate(v2, 32)
    return v0, v1, v2, v3


def siphash24(key: tuple[int, int], data: bytes) -> int:
    """SipHash-2-4 of ``data`` with the 128-bit key ``(k0, k1)`` (the hash of ``tf.strings.to_hash_bucket_strong``).

    Example:
        >>> siphash24((1, 2), b"a") % 1000
        646
    """
    k0, k1 = key[0] & _MASK, key[1] & _MASK
    v0, v1 = k0 ^ 0x736F6D6570736575, k1 ^ 0x646F72616E646F6D
    v2, v3 = k0 ^ 0x6C7967656E657261, k1 ^ 0x7465646279746573
    n = len(data)
    full = n - n % 8
    for at in range(0, full, 8):
        word = _fetch64(data, at)
        v3 ^= word
        v0, v1, v2, v3 = _sip_rounds(v0, v1, v2, v3, 2)
        v0 ^= word
    last = int.from_bytes(data[full:], "little") | ((n & 0xFF) << 56)
    v3 ^= last
    v0, v1, v2, v3 = _sip_rounds(v0, v1, v2, v3, 2)
    v0 ^= last
    v2 ^= 0xFF
    v0, v1, v2, v3 = _sip_rounds(v0, v1, v2, v3, 4)
    return v0 ^ v1 ^ v2 ^ v3


def string_form(value: Any, encoding: str = "utf-8") -> bytes:
    """The bytes Keras hashes for one value: strings encoded, bytes as they are, numbers as decimal integers
    (floats truncated toward zero first, as Keras casts them to int64); booleans as ``true``/``false``."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode(encoding)
    if isinstance(value, (bool, np.bool_)):
        return b"true" if value else b"false"
    return str(int(value)).encode()


def hash_to_bins(values: np.ndarray, num_bins: int, salt: tuple[int, int] | None = None,
                 encoding: str = "utf-8") -> np.ndarray:
    """``hash(string_form(v)) % num_bins`` for every element of ``values`` (int64, same shape).

    Example:
        >>> hash_to_bins(np.array([1, 2]), 1000).tolist()
        [849, 759]
    """
    function: Callable[[bytes], int] = fingerprint64 if salt is None else (lambda data: siphash24(salt, data))
    flat = np.asarray(values).reshape(-1)
    if flat.size == 0:
        return np.zeros(np.shape(values), "int64")
    unique, inverse = np.unique(flat, return_inverse=True)
    bins = np.array([function(string_form(v.item() if hasattr(v, "item") else v, encoding)) % num_bins
                     for v in unique], dtype="int64")
    return bins[inverse.reshape(-1)].reshape(np.shape(values))


_CAT_MULTIPLIER = np.uint64(0xC6A4A7935BD1E995)
CROSS_HASH_KEY = 0xDECAFCAFFE
"""The seed of the crossed hash (the default ``hash_key`` of ``tf.sparse.cross_hashed``, which Keras 3 uses)."""


def _shift_mix(values: np.ndarray) -> np.ndarray:
    return values ^ (values >> np.uint64(47))


def fingerprint_cat64(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """FarmHash's ``FingerprintCat64``: two 64-bit fingerprints combined into one, elementwise (uint64 arrays,
    arithmetic modulo 2**64).

    Example:
        >>> int(fingerprint_cat64(np.array([1], "uint64"), np.array([2], "uint64"))[0]) % 1000
        252
    """
    with np.errstate(over="ignore"):
        result = np.asarray(first, "uint64") ^ _CAT_MULTIPLIER
        result ^= _shift_mix(np.asarray(second, "uint64") * _CAT_MULTIPLIER) * _CAT_MULTIPLIER
        result *= _CAT_MULTIPLIER
        result = _shift_mix(result) * _CAT_MULTIPLIER
        return _shift_mix(result)


def feature_fingerprints(values: np.ndarray, encoding: str = "utf-8") -> np.ndarray:
    """The 64-bit value each feature contributes to a crossed hash (uint64, same shape): integers are taken as
    they are (two's complement), strings by their ``Fingerprint64``, hashed once per distinct string.

    Example:
        >>> feature_fingerprints(np.array([3, -1])).tolist() == [3, 2**64 - 1]
        True
    """
    values = np.asarray(values)
    if values.dtype.kind in "iu":
        return values.astype("int64").view("uint64")
    flat = values.reshape(-1)
    if flat.size == 0:
        return np.zeros(values.shape, "uint64")
    unique, inverse = np.unique(flat, return_inverse=True)
    hashes = np.array([fingerprint64(string_form(v.item() if hasattr(v, "item") else v, encoding)) for v in unique],
                      dtype="uint64")
    return hashes[inverse.reshape(-1)].reshape(values.shape)


def cross_hash_to_bins(features: list[np.ndarray], num_bins: int) -> np.ndarray:
    """``FingerprintCat64`` of the features, folded left from :data:`CROSS_HASH_KEY`, ``% num_bins`` (int64):
    the bins of ``tf.sparse.cross_hashed``, which Keras 3's ``HashedCrossing`` returns.

    Example:
        >>> cross_hash_to_bins([np.array(["A", "B"]), np.array([101, 101])], 5).tolist()
        [1, 4]
    """
    crossed = np.full(np.shape(features[0]), CROSS_HASH_KEY, "uint64")
    for feature in features:
        crossed = fingerprint_cat64(crossed, feature_fingerprints(feature))
    return (crossed % np.uint64(num_bins)).astype("int64")
