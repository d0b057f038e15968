"""`IndexLookup`: the vocabulary handling shared by `IntegerLookup` and `StringLookup`.

Index layout (Keras 3's): ``[mask token] + [OOV] * num_oov_indices + tokens``.
The mask slot exists only with ``mask_token`` set and ``output_mode="int"``;
in the vector modes a mask token contributes nothing. The vocabulary lives on
the host (a Python list, written to ``assets/<layer path>/vocabulary.txt`` of a
``.keras`` file as Keras does, special tokens included); subclasses map values
to indices.
"""

from __future__ import annotations

import collections
import os
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np

from multikeras import ops
from multikeras.layers.layer import Layer
from multikeras.layers.preprocessing.preprocessing_utils import (
    adapt_batches,
    check_output_mode,
    check_vocabulary_arguments,
    describe,
    encode_categorical,
    encoded_shape,
)
from multikeras.symbolic.keras_tensor import KerasTensor

OUTPUT_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")
VOCABULARY_FILE = "vocabulary.txt"


class IndexLookup(Layer):
    """Base of the lookup layers; see `IntegerLookup` and `StringLookup` for the arguments."""

    def __init__(self, max_tokens: int | None, num_oov_indices: int, mask_token: Any, oov_token: Any,
                 vocabulary: Any = None, idf_weights: Any = None, invert: bool = False, output_mode: str = "int",
                 sparse: bool = False, pad_to_max_tokens: bool = False, **kwargs: Any):
        super().__init__(**kwargs)
        where = describe(self)
        check_output_mode(output_mode, OUTPUT_MODES, sparse, self)
        check_vocabulary_arguments(where, max_tokens, pad_to_max_tokens, output_mode, vocabulary, idf_weights)
        if isinstance(num_oov_indices, bool) or not isinstance(num_oov_indices, int) or num_oov_indices < 0:
            raise ValueError(f"{where}: `num_oov_indices` must be an int >= 0, received num_oov_indices={num_oov_indices!r}.")
        if invert and output_mode != "int":
            raise ValueError(f"{where}: `invert=True` needs output_mode='int', received output_mode={output_mode!r}.")
        self.max_tokens = max_tokens
        self.num_oov_indices = num_oov_indices
        self.mask_token = mask_token
        self.oov_token = oov_token
        self.invert = bool(invert)
        self.output_mode = output_mode
        self.sparse = False
        self.pad_to_max_tokens = bool(pad_to_max_tokens)
        self.supports_jit = True
        self._tokens: list[Any] = []
        self._idf: np.ndarray | None = None  # one weight per output column, OOV columns included
        self._has_vocabulary = False
        self._saved_size: int | None = None
        # A vocabulary given as a list is part of the config; one read from a file (or adapted) is an asset.
        self._config_vocabulary = None
        if vocabulary is not None:
            if not isinstance(vocabulary, (str, os.PathLike)):
                self._config_vocabulary = [self._python_token(t) for t in np.asarray(vocabulary).reshape(-1).tolist()]
            self.set_vocabulary(vocabulary, idf_weights)

    # Tokens ---------------------------------------------------------------------------

    def _python_token(self, token: Any) -> Any:
        """One vocabulary entry as a plain Python value (int or str)."""
        raise NotImplementedError

    def _parse_file_token(self, line: str) -> Any:
        raise NotImplementedError

    @property
    def _mask_slot(self) -> bool:
        """Whether index 0 is the mask token (only in "int" mode)."""
        return self.mask_token is not None and self.output_mode == "int"

    @property
    def _token_start(self) -> int:
        return int(self._mask_slot) + self.num_oov_indices

    def _special_tokens(self) -> list[Any]:
        return ([self.mask_token] if self._mask_slot else []) + [self.oov_token] * self.num_oov_indices

    def get_vocabulary(self, include_special_tokens: bool = True) -> list[Any]:
        """The tokens in index order: the mask and OOV tokens first (unless ``include_special_tokens=False``)."""
        return (self._special_tokens() if include_special_tokens else []) + list(self._tokens)

    def vocabulary_size(self) -> int:
        """The number of indices (tokens plus the mask and OOV slots).

        A layer rebuilt from a saved config reports the saved size until its vocabulary asset is loaded, so that
        the layers after it build with the right input size.
        """
        if not self._has_vocabulary and self._saved_size is not None:
            return self._saved_size
        return self._token_start + len(self._tokens)

    @property
    def _depth(self) -> int:
        return self.max_tokens if self.pad_to_max_tokens else self.vocabulary_size()

    def set_vocabulary(self, vocabulary: Any, idf_weights: Any = None) -> None:
        """Replace the vocabulary: a list/array of tokens or the path of a text file with one token per line.

        Special tokens may lead the list in index order (as :meth:`get_vocabulary` returns them); elsewhere they
        are an error. ``idf_weights`` (``"tf_idf"`` only) weight the counts: one per entry of ``vocabulary``, the
        leading special tokens included when given (their weights are the OOV columns'), or one per token, the
        OOV columns then getting their mean (as Keras 3 does).
        """
        where = describe(self)
        if isinstance(vocabulary, (str, os.PathLike)):
            if not os.path.isfile(vocabulary):
                raise ValueError(f"{where}: the vocabulary file {str(vocabulary)!r} does not exist.")
            with open(vocabulary, encoding="utf-8") as file:
                tokens = [self._parse_file_token(line.rstrip("\r\n")) for line in file.read().split("\n")]
            if tokens and tokens[-1] in ("", None) and self._parse_file_token("") in ("", None):
                tokens = tokens[:-1]
        else:
            tokens = [self._python_token(t) for t in np.asarray(vocabulary).reshape(-1).tolist()]
        special = self._special_tokens()
        leading = len(special) if special and tokens[:len(special)] == special else 0
        tokens = tokens[leading:]
        for name, token in (("mask", self.mask_token), ("OOV", self.oov_token if self.num_oov_indices else None)):
            if token is not None and token in tokens:
                raise ValueError(
                    f"{where}: the {name} token {token!r} is in `vocabulary` at position {tokens.index(token)}; "
                    "the vocabulary must not contain it (special tokens may only lead it, in index order)."
                )
        repeated = sorted({t for t, n in collections.Counter(tokens).items() if n > 1}, key=str)
        if repeated:
            raise ValueError(f"{where}: `vocabulary` must not repeat tokens, received repeated tokens {repeated}.")
        size = self._token_start + len(tokens)
        if self.max_tokens is not None and size > self.max_tokens:
            raise ValueError(
                f"{where}: the vocabulary has {size} entries with the special tokens, more than max_tokens="
                f"{self.max_tokens}."
            )
        if self.output_mode == "tf_idf":
            if idf_weights is None:
                raise ValueError(f"{where}: output_mode='tf_idf' needs `idf_weights` with the vocabulary.")
            weights = np.asarray(ops.convert_to_numpy(idf_weights) if ops.is_tensor(idf_weights) else idf_weights,
                                 "float32").reshape(-1)
            oov_weights = None
            if leading and weights.shape[0] == leading + len(tokens):
                oov_weights, weights = weights[:leading], weights[leading:]  # given with the special tokens
            if weights.shape[0] != len(tokens):
                given = f"{leading + len(tokens)} with the special tokens given or " if leading else ""
                raise ValueError(
                    f"{where}: `idf_weights` must have one weight per entry of `vocabulary` ({given}{len(tokens)}), "
                    f"received {weights.shape[0]}."
                )
            self._set_idf(weights, oov_weights)
        elif idf_weights is not None:
            raise ValueError(
                f"{where}: `idf_weights` only applies to output_mode='tf_idf', received output_mode={self.output_mode!r}."
            )
        self._tokens = tokens
        self._has_vocabulary = True
        self._vocabulary_changed()

    def _set_idf(self, token_weights: np.ndarray, oov_weights: np.ndarray | None = None) -> None:
        if oov_weights is None:
            oov = float(np.mean(token_weights)) if token_weights.size else 0.0
            oov_weights = np.full(self.num_oov_indices, oov, "float32")
        full = np.concatenate([np.asarray(oov_weights, "float32"), token_weights.astype("float32")])
        if self.pad_to_max_tokens and self.max_tokens is not None:
            full = np.pad(full, (0, self.max_tokens - full.shape[0]))
        self._idf = full

    def _vocabulary_changed(self) -> None:
        """Hook for subclasses that keep lookup tables."""

    # Adapting -------------------------------------------------------------------------

    def adapt(self, data: Any, steps: int | None = None) -> None:
        """Build the vocabulary from ``data``: tokens by decreasing frequency (ties: greater token first), at most
        ``max_tokens`` entries with the special tokens; with ``output_mode="tf_idf"`` also the inverse document
        frequencies ``log(1 + documents / (1 + documents containing the token))`` (each row of a rank-2 batch is a
        document; each element of a rank-1 batch).

        Args:
            data: an array/list of tokens, or an iterable of such batches.
            steps: how many batches of an iterable to read.
        """
        def documents() -> Iterator[list[Any]]:
            for batch in adapt_batches(data, steps):
                values = self._host_tokens(batch)
                for row in values.reshape(-1, 1) if values.ndim <= 1 else values.reshape(values.shape[0], -1):
                    yield [self._python_token(t) for t in row.tolist()]

        self._adapt_documents(documents())

    def _adapt_documents(self, rows: Iterable[Sequence[Any]]) -> None:
        """What :meth:`adapt` does once it has the tokens: ``rows`` are the documents, each a sequence of tokens
        (mask and OOV tokens among them are not counted)."""
        counts: collections.Counter = collections.Counter()
        documents: collections.Counter = collections.Counter()
        num_documents = 0
        for row in rows:
            row_tokens = [t for t in row if t != self.mask_token and not (self.num_oov_indices and t == self.oov_token)]
            counts.update(row_tokens)
            documents.update(set(row_tokens))
            num_documents += 1
        ordered = sorted(counts.items(), key=lambda item: (item[1], item[0]), reverse=True)
        if self.max_tokens is not None:
            ordered = ordered[:max(self.max_tokens - self._token_start, 0)]
        tokens = [token for token, _ in ordered]
        idf = None
        if self.output_mode == "tf_idf":
            idf = np.log1p(num_documents / (1.0 + np.array([documents[t] for t in tokens], "float64"))).astype("float32")
        self.set_vocabulary(tokens, idf)

    def _host_tokens(self, batch: Any) -> np.ndarray:
        return np.asarray(ops.convert_to_numpy(batch) if ops.is_tensor(batch) else batch)

    # Calling --------------------------------------------------------------------------

    def _lookup(self, inputs: Any) -> Any:
        """Indices (int64 tensor) of ``inputs``; ``-1`` for a mask token when there is no mask slot."""
        raise NotImplementedError

    def _invert_lookup(self, indices: Any) -> Any:
        raise NotImplementedError

    def call(self, inputs: Any) -> Any:
        if self.invert:
            return self._invert_lookup(inputs)
        indices = self._lookup(inputs)
        if self.output_mode == "int":
            return indices
        dtype = self.compute_dtype if self.output_mode == "tf_idf" else "int64"
        idf = self._idf if self._idf is not None else np.zeros(self._depth, "float32")
        return encode_categorical(indices, self._depth, self.output_mode, dtype, self, idf_weights=idf)

    def _output_dtype(self) -> str:
        return self.compute_dtype if self.output_mode == "tf_idf" else "int64"

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return encoded_shape(input_shape, self._depth, self.output_mode)

    def compute_output_spec(self, inputs: Any, **kwargs: Any) -> KerasTensor:
        return KerasTensor(self.compute_output_shape(tuple(inputs.shape)), self._output_dtype())

    # Saving ---------------------------------------------------------------------------

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({
            "invert": self.invert, "max_tokens": self.max_tokens, "num_oov_indices": self.num_oov_indices,
            "oov_token": self.oov_token, "mask_token": self.mask_token, "output_mode": self.output_mode,
            "sparse": self.sparse, "pad_to_max_tokens": self.pad_to_max_tokens, "idf_weights": None,
            "vocabulary": self._config_vocabulary,
            "vocabulary_size": self.vocabulary_size() if self._has_vocabulary else self._saved_size,
        })
        return config

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> IndexLookup:
        config = dict(config)
        saved_size = config.pop("vocabulary_size", None)
        config.pop("oov_method", None)  # "floormod" is the only method
        config.pop("salt", None)
        if config.get("output_mode") == "tf_idf" and config.get("vocabulary") is not None and config.get("idf_weights") is None:
            # The weights come with the saved variables; until then every token weighs 1.
            config["idf_weights"] = [1.0] * len(config["vocabulary"])
        layer = cls(**config)
        if not layer._has_vocabulary:
            layer._saved_size = saved_size
        return layer

    def save_assets(self, dir_path: str) -> None:
        """Write the vocabulary (special tokens included) as Keras 3 does: one token per line, no final newline."""
        if not self._has_vocabulary:
            return
        with open(os.path.join(dir_path, VOCABULARY_FILE), "w", encoding="utf-8") as file:
            file.write("\n".join(str(t) for t in self.get_vocabulary()))

    def load_assets(self, dir_path: str) -> None:
        path = os.path.join(dir_path, VOCABULARY_FILE)
        if not os.path.isfile(path):
            return
        with open(path, encoding="utf-8") as file:
            lines = file.read().split("\n")
        tokens = [self._parse_file_token(line) for line in lines] if lines != [""] else []
        idf = None
        if self.output_mode == "tf_idf":
            count = max(len(tokens) - self._token_start, 0)
            # The weights file may be read before or after the assets: keep weights already loaded (the OOV
            # columns' too: the file leads with the special tokens).
            size = self.num_oov_indices + count
            with_specials = tokens[:self._token_start] == self._special_tokens()
            loaded = self._idf[:size] if self._idf is not None and with_specials else None
            idf = loaded if loaded is not None and len(loaded) == size else np.ones(count, "float32")
        self.set_vocabulary(tokens, idf)

    def save_own_variables(self, store: Any) -> None:
        if self.output_mode == "tf_idf" and self._idf is not None:
            store["idf_weights"] = np.asarray(self._idf)

    def load_own_variables(self, store: Any) -> None:
        if "idf_weights" in store:
            weights = np.asarray(store["idf_weights"], "float32")
            if self.pad_to_max_tokens and self.max_tokens is not None:
                weights = np.pad(weights, (0, max(self.max_tokens - weights.shape[0], 0)))
            self._idf = weights
