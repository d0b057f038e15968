"""`HashedCrossing`: several categorical features crossed into one bin per sample by a 64-bit hash."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from multikeras import ops
from multikeras.layers.layer import Layer
from multikeras.layers.preprocessing.hashing import host_values
from multikeras.layers.preprocessing.preprocessing_utils import (
    check_output_mode,
    check_positive_int,
    describe,
    encode_categorical,
    encoded_shape,
)
from multikeras.layers.preprocessing.string_hashing import cross_hash_to_bins
from multikeras.saving.object_registration import register_builtin
from multikeras.symbolic.keras_tensor import KerasTensor

OUTPUT_MODES = ("int", "one_hot")


@register_builtin("keras.layers")
class HashedCrossing(Layer):
    """Cross categorical features: one bin in ``[0, num_bins)`` per sample, from a hash of all its feature values.

    The features are scalars per sample: every input has shape ``()``,
    ``(batch_size,)`` or ``(batch_size, 1)`` (all the same), with an integer or
    string dtype. The bin is FarmHash ``FingerprintCat64`` folded over the
    features (integers as they are, strings by their ``Fingerprint64``) from
    the seed ``0xDECAFCAFFE``, modulo ``num_bins``: the bins of Keras 3 (which
    crosses with ``tf.sparse.cross_hashed``).

    Hashing runs on the host (NumPy), so the layer works eagerly and in models
    that run eagerly (``supports_jit`` is ``False``, as for ``Hashing``); put
    it in the input pipeline of compiled models.

    Args:
        num_bins: the number of bins, a positive int.
        output_mode: ``"int"`` (bin ids, in the layer's dtype: int64 by default)
            or ``"one_hot"`` (vectors of length ``num_bins``, float32 by default;
            a scalar input gives shape ``(1, num_bins)``, as in Keras 3).
        sparse: only ``False`` (no backend returns sparse outputs here).
        name: the layer name.
        dtype: the output dtype.
        **kwargs: base layer arguments.

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     bins = HashedCrossing(num_bins=5)((np.array(["A", "B", "A"]), np.array([101, 101, 102])))
        >>> bins.tolist()
        [1, 4, 3]
    """

    def __init__(self, num_bins: int, output_mode: str = "int", sparse: bool = False, name: str | None = None,
                 dtype: Any = None, **kwargs: Any):
        if output_mode == "int" and dtype is None:
            dtype = "int64"
        super().__init__(name=name, dtype=dtype, **kwargs)
        check_positive_int(num_bins, "num_bins", self)
        check_output_mode(output_mode, OUTPUT_MODES, sparse, self)
        self.num_bins = num_bins
        self.output_mode = output_mode
        self.sparse = False
        self.supports_jit = False  # hashing runs on the host

    def _convert_inputs(self, args: tuple, backend: Any = None) -> tuple:
        # The features stay host arrays: strings have no tensor type on most backends, and integers must not be
        # cast to the layer's dtype before they are hashed.
        if args and isinstance(args[0], (list, tuple)):
            return (tuple(host_values(feature) for feature in args[0]),) + tuple(args[1:])
        return args

    def _check_features(self, shapes: Sequence[tuple[int | None, ...]], dtypes: Sequence[Any],
                        received: Any) -> tuple[int | None, ...]:
        """The features' common shape, or ``ValueError`` for a layout Keras 3 does not cross."""
        where = describe(self)
        first = tuple(shapes[0])
        if len(first) > 2 or (len(first) == 2 and first[-1] not in (1, None)):
            raise ValueError(f"{where}: every input must have shape (), (batch_size,) or (batch_size, 1), received "
                             f"shapes {[tuple(s) for s in shapes]}.")
        for shape in shapes[1:]:
            if len(shape) != len(first) or any(a is not None and b is not None and a != b
                                               for a, b in zip(shape, first)):
                raise ValueError(f"{where}: every input must have the same shape, received shapes "
                                 f"{[tuple(s) for s in shapes]}.")
        for index, dtype in enumerate(dtypes):
            if not _is_crossable(dtype):
                raise ValueError(f"{where}: every input must have an integer or string dtype, received input "
                                 f"{index} of dtype {dtype} (in {received!r}).")
        return first

    def _check_structure(self, inputs: Any) -> None:
        where = describe(self)
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(f"{where}: expected a list or tuple of the features to cross, received "
                             f"{type(inputs).__name__} {inputs!r}.")
        if len(inputs) < 2:
            raise ValueError(f"{where}: expected at least two inputs to cross, received {len(inputs)}: {inputs!r}.")

    def call(self, inputs: Any) -> Any:
        self._check_structure(inputs)
        features = [host_values(feature) for feature in inputs]
        self._check_features([f.shape for f in features], [_host_dtype(f) for f in features], inputs)
        bins = cross_hash_to_bins(features, self.num_bins)
        if self.output_mode == "one_hot" and bins.ndim == 0:
            bins = bins.reshape(1)  # Keras 3 one-hot encodes a scalar as a batch of one
        bins = ops.convert_to_tensor(bins, "int64")
        if self.output_mode == "int":
            return bins if self.dtype == "int64" else ops.cast(bins, self.dtype)
        return encode_categorical(bins, self.num_bins, self.output_mode, self.dtype, self)

    def compute_output_shape(self, input_shape: Any) -> tuple[int | None, ...]:
        self._check_structure(input_shape)
        shapes = [tuple(shape) for shape in input_shape]
        if not all(isinstance(shape, tuple) for shape in shapes):
            raise ValueError(f"{describe(self)}: expected a list of input shapes, received {input_shape!r}.")
        first = self._check_features(shapes, ["int64"] * len(shapes), input_shape)
        if self.output_mode == "one_hot" and not first:
            first = (1,)
        return encoded_shape(first, self.num_bins, self.output_mode)

    def compute_output_spec(self, inputs: Any, **kwargs: Any) -> KerasTensor:
        self._check_structure(inputs)
        shapes = [tuple(feature.shape) for feature in inputs]
        self._check_features(shapes, [feature.dtype for feature in inputs], inputs)
        return KerasTensor(self.compute_output_shape(shapes), self.dtype)

    def get_config(self) -> dict[str, Any]:
        # Keras 3 writes exactly these keys, with the dtype as a string.
        return {"num_bins": self.num_bins, "output_mode": self.output_mode, "sparse": self.sparse,
                "name": self.name, "dtype": self.dtype}


def _host_dtype(values: np.ndarray) -> Any:
    """The dtype to check: object arrays count as strings only when they hold nothing but str/bytes."""
    if values.dtype.kind == "O" and not all(isinstance(v, (str, bytes)) for v in values.flat):
        return "object (not only strings)"
    return values.dtype


def _is_crossable(dtype: Any) -> bool:
    if isinstance(dtype, np.dtype):
        return dtype.kind in "iuUSO"
    name = str(dtype)
    return name.startswith(("int", "uint")) or name in ("string", "str", "bytes")
