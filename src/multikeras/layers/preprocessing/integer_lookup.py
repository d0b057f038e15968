"""`IntegerLookup`: integer values to contiguous vocabulary indices (or back), computed with the backend's ops."""

from __future__ import annotations

from typing import Any

import numpy as np

from multikeras import ops
from multikeras.backend import dtypes
from multikeras.layers.preprocessing.index_lookup import IndexLookup
from multikeras.layers.preprocessing.preprocessing_utils import describe
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class IntegerLookup(IndexLookup):
    """Map integer values to indices ``[mask] + [OOV] * num_oov_indices + vocabulary`` (or, with ``invert=True``,
    indices back to values).

    Values outside the vocabulary get an OOV index: ``oov_start + value mod num_oov_indices``
    (with ``num_oov_indices=0`` they are an error, checked eagerly). The
    vocabulary is given (a list, or a text file with one value per line) or
    built by :meth:`adapt` (most frequent first). The lookup is a sorted search
    with the backend's ops, so the layer also runs inside compiled models.

    Args:
        max_tokens: the largest vocabulary size, special tokens included (``None``: no limit).
        num_oov_indices: how many OOV indices (values hashed into them by modulo).
        mask_token: a value that maps to index 0 (``"int"`` mode) or to nothing (vector modes); ``None``: no mask.
        oov_token: the value :meth:`get_vocabulary` and inverted lookups show for OOV indices.
        vocabulary: a list/array of ints, or the path of a text file.
        vocabulary_dtype: ``"int64"`` (Keras's only integer type for vocabularies).
        idf_weights: one weight per token, for ``"tf_idf"`` with a given vocabulary.
        invert: map indices to values instead.
        output_mode: ``"int"`` (int64 indices), ``"one_hot"``, ``"multi_hot"``, ``"count"`` (int64 vectors of
            length :meth:`vocabulary_size`) or ``"tf_idf"`` (counts times IDF weights, compute dtype).
        sparse: only ``False``.
        pad_to_max_tokens: make the vectors ``max_tokens`` long whatever the vocabulary size.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = IntegerLookup(vocabulary=[12, 36, 1138, 42])
        ...     ids = layer(np.array([[12, 1138, 42], [42, 1000, 36]]))
        >>> ids.tolist()
        [[1, 3, 4], [4, 0, 2]]
    """

    def __init__(self, max_tokens: int | None = None, num_oov_indices: int = 1, mask_token: int | None = None,
                 oov_token: int = -1, vocabulary: Any = None, vocabulary_dtype: str = "int64", idf_weights: Any = None,
                 invert: bool = False, output_mode: str = "int", sparse: bool = False, pad_to_max_tokens: bool = False,
                 **kwargs: Any):
        if vocabulary_dtype != "int64":
            raise ValueError(
                f"IntegerLookup '{kwargs.get('name')}': `vocabulary_dtype` must be 'int64', received "
                f"vocabulary_dtype={vocabulary_dtype!r}."
            )
        self.vocabulary_dtype = vocabulary_dtype
        self._table: tuple[Any, Any] | None = None
        super().__init__(max_tokens, num_oov_indices, None if mask_token is None else int(mask_token),
                         int(oov_token), vocabulary=vocabulary, idf_weights=idf_weights, invert=invert,
                         output_mode=output_mode, sparse=sparse, pad_to_max_tokens=pad_to_max_tokens, **kwargs)

    def _python_token(self, token: Any) -> int:
        return int(token)

    def _parse_file_token(self, line: str) -> int | None:
        line = line.strip()
        return int(line) if line else None

    def set_vocabulary(self, vocabulary: Any, idf_weights: Any = None) -> None:
        if isinstance(vocabulary, str) or vocabulary is None:
            return super().set_vocabulary(vocabulary, idf_weights)
        values = np.asarray(vocabulary)
        if values.size and values.dtype.kind not in "iub":
            raise ValueError(
                f"{describe(self)}: the vocabulary must hold integers, received values of dtype {values.dtype}."
            )
        return super().set_vocabulary(vocabulary, idf_weights)

    def _vocabulary_changed(self) -> None:
        self._table = None

    def _sorted_table(self) -> tuple[Any, Any]:
        """The tokens sorted and the index of each, as int64 tensors.

        The NumPy arrays are made once per vocabulary; the tensors at each call, because a call may run inside a
        compiled function whose tensors must not outlive it.
        """
        if self._table is None:
            tokens = np.asarray(self._tokens, "int64")
            order = np.argsort(tokens, kind="stable")
            self._table = (tokens[order], (np.arange(len(tokens), dtype="int64") + self._token_start)[order])
        return ops.convert_to_tensor(self._table[0], "int64"), ops.convert_to_tensor(self._table[1], "int64")

    def _lookup(self, inputs: Any) -> Any:
        x = ops.cast(inputs, "int64")
        oov_start = int(self._mask_slot)
        if self.num_oov_indices > 1:
            oov = ops.add(ops.mod(x, self.num_oov_indices), oov_start)
        else:
            oov = ops.full(ops.shape(x), oov_start if self.num_oov_indices else -1, "int64")
        if self._tokens:
            tokens, ids = self._sorted_table()
            position = ops.clip(ops.searchsorted(tokens, x, side="left"), 0, len(self._tokens) - 1)
            found = ops.equal(ops.take(tokens, position), x)
            indices = ops.where(found, ops.take(ids, position), oov)
        else:
            found, indices = None, oov
        if self.num_oov_indices == 0:
            self._check_all_found(x, found)
        if self.mask_token is not None:
            indices = ops.where(ops.equal(x, self.mask_token), 0 if self._mask_slot else -1, indices)
        return indices

    def _check_all_found(self, x: Any, found: Any) -> None:
        try:
            values = np.asarray(ops.convert_to_numpy(x))
            hit = np.asarray(ops.convert_to_numpy(found)) if found is not None else np.zeros(values.shape, bool)
        except Exception:  # a traced value inside a compiled function: unknown values map to -1 there
            return
        if self.mask_token is not None:
            hit = hit | (values == self.mask_token)
        if not hit.all():
            raise ValueError(
                f"{describe(self)}: with num_oov_indices=0 every input must be in the vocabulary, received "
                f"values outside it: {sorted(set(values[~hit].tolist()))[:10]}."
            )

    def _invert_lookup(self, indices: Any) -> Any:
        vocabulary = np.asarray(self.get_vocabulary(), "int64")
        table = ops.convert_to_tensor(vocabulary, "int64")
        index = indices if not dtypes.is_float(ops.dtype(indices)) else ops.cast(indices, "int32")
        index = ops.cast(index, "int64")
        valid = ops.logical_and(ops.greater_equal(index, 0), ops.less(index, vocabulary.shape[0]))
        if vocabulary.shape[0] == 0:
            return ops.full(ops.shape(index), self.oov_token, "int64")
        values = ops.take(table, ops.clip(index, 0, vocabulary.shape[0] - 1))
        return ops.where(valid, values, self.oov_token)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config["vocabulary_dtype"] = self.vocabulary_dtype
        return config
