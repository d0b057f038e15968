"""The 64-bit string hashes the hashing and lookup layers share with Keras 3: FarmHash's ``Fingerprint64``
(unsalted) and SipHash-2-4 (salted), applied to the values' string form.

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
