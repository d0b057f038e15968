"""`Hashing`: values (integers or strings) to ``num_bins`` bins by a 64-bit hash of their string form."""

from __future__ import annotations

from typing import Any

import numpy as np

from multikeras import ops
from multikeras.layers.layer import Layer
from multikeras.layers.preprocessing.preprocessing_utils import check_output_mode, describe, encode_categorical, encoded_shape
from multikeras.layers.preprocessing.string_hashing import hash_to_bins
from multikeras.saving.object_registration import register_builtin
from multikeras.symbolic.keras_tensor import KerasTensor

OUTPUT_MODES = ("int", "one_hot", "multi_hot", "count")


def host_values(values: Any) -> np.ndarray:
    """``values`` (a tensor of any backend, a NumPy array, a list of strings or numbers) as a NumPy array."""
    if isinstance(values, np.ndarray):
        return values
    if isinstance(values, (list, tuple)):
        return np.asarray(values)
    if ops.is_tensor(values):
        try:
            return np.asarray(ops.convert_to_numpy(values))
        except (KeyError, TypeError, ValueError):  # a string tensor, outside the backends' dtype table
            return np.asarray(values)
    return np.asarray(values)  # anything with __array__ (a tf.string tensor under another backend)


def is_host_strings(value: Any) -> bool:
    """Whether a layer input must stay on the host: strings, or a Python list/tuple (converted there)."""
    return isinstance(value, (list, tuple)) or (isinstance(value, np.ndarray) and value.dtype.kind in "USO")


@register_builtin("keras.layers")
class Hashing(Layer):
    """Hash each value to a bin in ``[0, num_bins)``: ``hash(str(value)) % num_bins``.

    The hash is FarmHash ``Fingerprint64`` without ``salt`` and SipHash-2-4
    keyed by ``salt`` with it, of the value's string form (decimal digits for
    integers; floats are truncated to integers first; strings UTF-8 encoded), so
    the bins are those of Keras 3 for the same arguments. With ``mask_value`` set,
    that value goes to bin 0 and the others to ``1 + hash % (num_bins - 1)``.

    Hashing runs on the host (NumPy), once per distinct value of a batch, so the
    layer works eagerly and in models that run eagerly (``run_eagerly=True`` /
    ``jit_compile=False``); put it in the input pipeline of compiled models.

    Args:
        num_bins: the number of bins (including the mask bin), >= 1.
        mask_value: a value sent to bin 0, or ``None``.
        salt: ``None``, an int (used for both key halves) or two ints: the SipHash key.
        output_mode: ``"int"`` (bin ids, int64), or ``"one_hot"``, ``"multi_hot"``,
            ``"count"`` vectors of length ``num_bins`` in the compute dtype.
        sparse: only ``False``.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     bins = Hashing(num_bins=1000)(np.array([["a", "hello world"]]))
        >>> bins.tolist()
        [[939, 11]]
    """

    def __init__(self, num_bins: int | None = None, mask_value: Any = None, salt: Any = None,
                 output_mode: str = "int", sparse: bool = False, **kwargs: Any):
        if output_mode == "int" and kwargs.get("dtype") is None:
            kwargs["dtype"] = "int64"
        super().__init__(**kwargs)
        where = describe(self)
        if isinstance(num_bins, bool) or not isinstance(num_bins, int) or num_bins < 1:
            raise ValueError(f"{where}: `num_bins` must be an int >= 1, received num_bins={num_bins!r}.")
        if mask_value is not None and num_bins < 2:
            raise ValueError(
                f"{where}: with `mask_value` set, `num_bins` must be >= 2 (bin 0 is the mask), received "
                f"num_bins={num_bins!r}."
            )
        check_output_mode(output_mode, OUTPUT_MODES, sparse, self)
        self._key = self._salt_key(salt)
        self.num_bins = num_bins
        self.mask_value = mask_value
        self.salt = list(salt) if isinstance(salt, tuple) else salt
        self.output_mode = output_mode
        self.sparse = False
        self.supports_jit = False  # hashing runs on the host

    def _salt_key(self, salt: Any) -> tuple[int, int] | None:
        if salt is None:
            return None
        if isinstance(salt, int) and not isinstance(salt, bool):
            return (salt, salt)
        if (isinstance(salt, (list, tuple)) and len(salt) == 2
                and all(isinstance(s, int) and not isinstance(s, bool) for s in salt)):
            return (salt[0], salt[1])
        raise ValueError(
            f"{describe(self)}: `salt` must be None, an int or a list of two ints, received salt={salt!r}."
        )

    def _convert_inputs(self, args: tuple, backend: Any = None) -> tuple:
        # Strings (and lists) cannot become tensors of most backends: they stay host arrays; numbers are not
        # cast to the compute dtype (an int mask value must compare exactly).
        if args and is_host_strings(args[0]):
            return (host_values(args[0]),) + tuple(args[1:])
        return args

    def _bins(self, values: np.ndarray) -> np.ndarray:
        if self.mask_value is None:
            return hash_to_bins(values, self.num_bins, self._key)
        bins = hash_to_bins(values, self.num_bins - 1, self._key) + 1
        return np.where(values == self.mask_value, 0, bins).astype("int64")

    def call(self, inputs: Any) -> Any:
        values = host_values(inputs)
        bins = ops.convert_to_tensor(self._bins(values), "int64")
        if self.output_mode == "int":
            return bins
        return encode_categorical(bins, self.num_bins, self.output_mode, self.compute_dtype, self)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return encoded_shape(input_shape, self.num_bins, self.output_mode)

    def compute_output_spec(self, inputs: Any, **kwargs: Any) -> KerasTensor:
        dtype = "int64" if self.output_mode == "int" else self.compute_dtype
        return KerasTensor(self.compute_output_shape(tuple(inputs.shape)), dtype)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"num_bins": self.num_bins, "salt": self.salt, "mask_value": self.mask_value,
                       "output_mode": self.output_mode, "sparse": self.sparse})
        return config
