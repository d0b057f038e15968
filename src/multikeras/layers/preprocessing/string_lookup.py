"""`StringLookup`: strings to contiguous vocabulary indices (or back), looked up on the host."""

from __future__ import annotations

from typing import Any

import numpy as np

from multikeras import ops
from multikeras.layers.preprocessing.hashing import host_values
from multikeras.layers.preprocessing.index_lookup import IndexLookup
from multikeras.layers.preprocessing.string_hashing import fingerprint64
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class StringLookup(IndexLookup):
    """Map strings to indices ``[mask] + [OOV] * num_oov_indices + vocabulary`` (or, with ``invert=True``,
    indices back to strings).

    Inputs are NumPy arrays of ``str``/``bytes``/``object``, Python lists, or
    string tensors of backends that have them (converted through NumPy); bytes
    are decoded with ``encoding``. Strings outside the vocabulary get the OOV
    index ``oov_start + Fingerprint64(string) mod num_oov_indices`` (Keras's
    bucket). The lookup runs on the host, so the layer works eagerly and in
    models that run eagerly; put it in the input pipeline of compiled models.
    Inverted lookups return a NumPy array of ``str``.

    Args:
        max_tokens, num_oov_indices, vocabulary, idf_weights, invert, output_mode, sparse, pad_to_max_tokens:
            as for `IntegerLookup`.
        mask_token: a string mapped to index 0 (``"int"`` mode) or to nothing; ``None``: no mask.
        oov_token: the string shown for OOV indices (``"[UNK]"``).
        encoding: the text encoding of byte strings.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     ids = StringLookup(vocabulary=["a", "b", "c"])(np.array([["a", "c", "z"]]))
        >>> ids.tolist()
        [[1, 3, 0]]
    """

    def __init__(self, max_tokens: int | None = None, num_oov_indices: int = 1, mask_token: str | None = None,
                 oov_token: str = "[UNK]", vocabulary: Any = None, idf_weights: Any = None, invert: bool = False,
                 output_mode: str = "int", pad_to_max_tokens: bool = False, sparse: bool = False,
                 encoding: str = "utf-8", **kwargs: Any):
        self.encoding = encoding
        self._index: dict[str, int] | None = None
        super().__init__(max_tokens, num_oov_indices, mask_token, oov_token, vocabulary=vocabulary,
                         idf_weights=idf_weights, invert=invert, output_mode=output_mode, sparse=sparse,
                         pad_to_max_tokens=pad_to_max_tokens, **kwargs)
        self.supports_jit = False

    def _python_token(self, token: Any) -> str:
        return token.decode(self.encoding) if isinstance(token, bytes) else str(token)

    def _parse_file_token(self, line: str) -> str:
        return line

    def _vocabulary_changed(self) -> None:
        self._index = None

    def _convert_inputs(self, args: tuple, backend: Any = None) -> tuple:
        # Strings stay on the host (most backends have no string tensors; a string tensor converts through NumPy).
        if args and not self.invert:
            return (host_values(args[0]),) + tuple(args[1:])
        return super()._convert_inputs(args, backend)

    def _host_tokens(self, batch: Any) -> np.ndarray:
        return host_values(batch)

    def _token_index(self) -> dict[str, int]:
        """``{token: index}`` of the vocabulary's tokens (special tokens aside), made once per vocabulary."""
        if self._index is None:
            self._index = {token: i + self._token_start for i, token in enumerate(self._tokens)}
        return self._index

    def _lookup(self, inputs: Any) -> Any:
        index = self._token_index()
        values = host_values(inputs)
        flat = values.reshape(-1)
        unique, inverse = np.unique(flat, return_inverse=True) if flat.size else (flat, flat.astype("int64"))
        mapped = np.empty(len(unique), "int64")
        oov_start = int(self._mask_slot)
        for i, raw in enumerate(unique.tolist()):
            token = self._python_token(raw)
            if self.mask_token is not None and token == self.mask_token:
                mapped[i] = 0 if self._mask_slot else -1
            elif token in index:
                mapped[i] = index[token]
            elif self.num_oov_indices == 0:
                raise ValueError(
                    f"StringLookup '{self.name}': with num_oov_indices=0 every input must be in the vocabulary, "
                    f"received {token!r}."
                )
            else:
                bucket = fingerprint64(token.encode(self.encoding)) % self.num_oov_indices if self.num_oov_indices > 1 else 0
                mapped[i] = oov_start + bucket
        return ops.convert_to_tensor(mapped[np.asarray(inverse).reshape(-1)].reshape(values.shape), "int64")

    def _invert_lookup(self, indices: Any) -> np.ndarray:
        index = np.asarray(ops.convert_to_numpy(indices) if ops.is_tensor(indices) else indices).astype("int64")
        vocabulary = np.asarray(self.get_vocabulary() + [self.oov_token], dtype=object)
        index = np.where((index >= 0) & (index < len(vocabulary) - 1), index, len(vocabulary) - 1)
        return vocabulary[index].astype(str)

    def _output_dtype(self) -> str:
        return "string" if self.invert else super()._output_dtype()

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config["encoding"] = self.encoding
        return config
