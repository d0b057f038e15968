"""`TextVectorization`: text to token indices or to token-count vectors, with Keras 3's results.

Each string goes through ``standardize`` -> ``split`` -> ``ngrams`` -> a vocabulary lookup -> the output
encoding. The vocabulary is held by an inner `StringLookup` (attribute ``_lookup_layer``, mask token ``""``, OOV
token ``"[UNK]"``), as in Keras 3, so a ``.keras`` file holds the same groups and assets as Keras writes. Text has no
tensor type on most backends: the whole layer runs on the host (Python and NumPy) and returns a tensor of the active
backend; it sets ``supports_jit = False``, so a model holding it runs its steps eagerly.
"""

from __future__ import annotations

import os
import re
import string
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from multikeras import ops
from multikeras.backend import dtypes
from multikeras.layers.layer import Layer
from multikeras.layers.preprocessing.hashing import host_values
from multikeras.layers.preprocessing.preprocessing_utils import (
    adapt_batches,
    check_output_mode,
    check_vocabulary_arguments,
    describe,
)
from multikeras.layers.preprocessing.string_lookup import StringLookup
from multikeras.saving import serialization_lib
from multikeras.saving.object_registration import register_builtin
from multikeras.symbolic.keras_tensor import KerasTensor

STANDARDIZE_MODES = ("lower_and_strip_punctuation", "lower", "strip_punctuation")
SPLIT_MODES = ("whitespace", "character")
OUTPUT_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")
MASK_TOKEN = ""
OOV_TOKEN = "[UNK]"
NGRAM_SEPARATOR = " "

# Keras 3 (through TensorFlow's string ops) lowercases A-Z only and strips the 32 ASCII punctuation characters of
# `string.punctuation`; other characters (accented capitals, Unicode punctuation such as "¿" or "…") are kept.
_LOWER = {ord(c): ord(c.lower()) for c in string.ascii_uppercase}
_STRIP = dict.fromkeys(map(ord, string.punctuation))
_TRANSLATIONS = {"lower": _LOWER, "strip_punctuation": _STRIP, "lower_and_strip_punctuation": {**_LOWER, **_STRIP}}
# Whitespace splitting separates at runs of ASCII whitespace only ("\u00a0" or "\u3000" stay inside tokens).
_TOKEN = re.compile(r"[^ \t\n\v\f\r]+")


@register_builtin("keras.layers")
class TextVectorization(Layer):
    """Map text to token indices (``"int"``) or to one vector per string (``"multi_hot"``, ``"count"``,
    ``"tf_idf"``).

    Each string is standardized (``"lower_and_strip_punctuation"``: ASCII ``A-Z`` lowercased, the ASCII
    punctuation ``!"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~`` removed), split into tokens (at runs of ASCII whitespace,
    or into Unicode characters), extended with its n-grams (tokens joined by a space; all 1-grams first, then the
    2-grams ...), and looked up in the vocabulary: index 0 is padding (the mask token ``""``, ``"int"`` mode only),
    the next one is ``"[UNK]"`` for tokens outside the vocabulary. :meth:`adapt` builds the vocabulary from data
    (tokens by decreasing count, ties: the greater string first).

    Inputs are text on the host: NumPy arrays of ``str``/``bytes``/``object`` (bytes decoded with ``encoding``),
    lists of strings, a string, or string tensors of backends that have them (read through NumPy). With a
    ``split``, inputs are of shape ``(batch,)`` or ``(batch, 1)`` (one string per row); with ``split=None`` each
    element is one token and the last axis is the sequence. The layer computes on the host and sets
    ``supports_jit = False``: a model holding it (``Input(shape=(1,), dtype="string")``) runs its steps eagerly.

    Args:
        max_tokens: the vocabulary's largest size, special tokens included; ``None``: no limit.
        standardize: ``"lower_and_strip_punctuation"``, ``"lower"``, ``"strip_punctuation"``, ``None``, or a
            callable taking a NumPy array of ``str`` and returning the standardized strings, of the same shape.
        split: ``"whitespace"``, ``"character"``, ``None`` (inputs are tokens already), or a callable taking a
            rank-1 NumPy array of ``str`` and returning one sequence of tokens per string.
        ngrams: ``None``, an int ``n`` (all 1- to n-grams) or a tuple of n-gram sizes.
        output_mode: ``"int"`` (int64 token indices, padded with 0 to the longest sequence of the batch or to
            ``output_sequence_length``), ``"multi_hot"``, ``"count"`` (int64) or ``"tf_idf"`` (float32) vectors of
            the vocabulary's size (``max_tokens`` with ``pad_to_max_tokens``), or ``"one_hot"`` (``split=None``
            only: one vector per token).
        output_sequence_length: ``"int"`` mode only: pad or truncate the sequences to this length.
        pad_to_max_tokens: vector modes: make the vectors ``max_tokens`` long whatever the vocabulary's size.
        vocabulary: a list/array of strings or the path of a text file (one token per line); it may start with the
            special tokens.
        idf_weights: ``"tf_idf"`` with ``vocabulary``: one inverse document frequency per vocabulary entry.
        sparse: only ``False`` (Keras 3 supports ``True`` on tensorflow only).
        ragged: only ``False`` (Keras 3 supports ``True`` on tensorflow only).
        encoding: the text encoding of byte strings.
        name: the layer's name.
        **kwargs: base layer arguments (``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = TextVectorization(output_sequence_length=4)
        ...     layer.adapt(["The cat sat.", "The dog!"])
        ...     ids = layer(np.array(["the cat", "a dog sat"]))
        >>> layer.get_vocabulary(), ids.tolist()
        (['', '[UNK]', 'the', 'sat', 'dog', 'cat'], [[2, 5, 0, 0], [1, 4, 3, 0]])
    """

    def __init__(self, max_tokens: int | None = None,
                 standardize: str | Callable[[np.ndarray], Any] | None = "lower_and_strip_punctuation",
                 split: str | Callable[[np.ndarray], Any] | None = "whitespace",
                 ngrams: int | tuple[int, ...] | None = None, output_mode: str = "int",
                 output_sequence_length: int | None = None, pad_to_max_tokens: bool = False, vocabulary: Any = None,
                 idf_weights: Any = None, sparse: bool = False, ragged: bool = False, encoding: str = "utf-8",
                 name: str | None = None, **kwargs: Any):
        super().__init__(name=name, **kwargs)
        where = describe(self)
        for argument, value in (("ragged", ragged), ("sparse", sparse)):
            if value:
                raise ValueError(
                    f"{where}: `{argument}=True` is not supported (Keras 3 supports it on the tensorflow backend "
                    f"only), received {argument}={value!r}; use {argument}=False (dense int64/float32 outputs, "
                    "padded with 0)."
                )
        check_output_mode(output_mode, OUTPUT_MODES, sparse, self)
        for argument, value, modes in (("standardize", standardize, STANDARDIZE_MODES), ("split", split, SPLIT_MODES)):
            if value is not None and not callable(value) and value not in modes:
                raise ValueError(
                    f"{where}: `{argument}` must be one of {modes}, None or a callable, received {argument}={value!r}."
                )
        self._ngram_sizes = self._check_ngrams(ngrams)
        if output_sequence_length is not None:
            if output_mode != "int":
                raise ValueError(
                    f"{where}: `output_sequence_length` only applies to output_mode='int', received "
                    f"output_sequence_length={output_sequence_length!r} with output_mode={output_mode!r}."
                )
            if (isinstance(output_sequence_length, bool) or not isinstance(output_sequence_length, int)
                    or output_sequence_length < 0):
                raise ValueError(
                    f"{where}: `output_sequence_length` must be None or an int >= 0, received "
                    f"output_sequence_length={output_sequence_length!r}."
                )
        if output_mode == "one_hot" and (split is not None or ngrams is not None):
            raise ValueError(
                f"{where}: output_mode='one_hot' encodes each input element as one token: it needs split=None and "
                f"ngrams=None, received split={split!r}, ngrams={ngrams!r} (Keras 3 gives a ragged result there, on "
                "tensorflow only). Use 'multi_hot' or 'count' for one vector per string."
            )
        check_vocabulary_arguments(where, max_tokens, pad_to_max_tokens, output_mode, vocabulary, idf_weights)
        self.standardize = standardize
        self.split = split
        self.ngrams = ngrams
        self.output_mode = output_mode
        self.output_sequence_length = output_sequence_length
        self.pad_to_max_tokens = bool(pad_to_max_tokens)
        self.encoding = encoding
        self.sparse = False
        self.ragged = False
        self.supports_jit = False  # text is processed on the host
        self._lookup_layer = StringLookup(max_tokens=max_tokens, num_oov_indices=1, mask_token=MASK_TOKEN,
                                          oov_token=OOV_TOKEN, output_mode=output_mode,
                                          pad_to_max_tokens=pad_to_max_tokens, encoding=encoding)
        self._lookup_layer._described_as = where  # its vocabulary errors name this layer
        # A vocabulary (and its weights) given as lists are part of the config; one read from a file is an asset.
        self._config_vocabulary = None
        self._config_idf_weights = None
        if vocabulary is not None:
            if not isinstance(vocabulary, (str, os.PathLike)):
                self._config_vocabulary = [self._lookup_layer._python_token(t)
                                           for t in np.asarray(vocabulary).reshape(-1).tolist()]
            if idf_weights is not None:
                self._config_idf_weights = np.asarray(
                    ops.convert_to_numpy(idf_weights) if ops.is_tensor(idf_weights) else idf_weights, "float32"
                ).reshape(-1).tolist()
            self.set_vocabulary(vocabulary, idf_weights)

    def _check_ngrams(self, ngrams: Any) -> tuple[int, ...] | None:
        """The n-gram sizes, in output order, of the ``ngrams`` argument."""
        def is_size(n: Any) -> bool:
            return isinstance(n, int) and not isinstance(n, bool) and n >= 1

        if ngrams is None:
            return None
        if is_size(ngrams):
            return tuple(range(1, ngrams + 1))
        if isinstance(ngrams, tuple) and ngrams and all(is_size(n) for n in ngrams):
            return ngrams
        raise ValueError(
            f"{describe(self)}: `ngrams` must be None, an int >= 1 or a non-empty tuple of ints >= 1, received "
            f"ngrams={ngrams!r}."
        )

    # Vocabulary -----------------------------------------------------------------------

    @property
    def max_tokens(self) -> int | None:
        return self._lookup_layer.max_tokens

    def get_vocabulary(self, include_special_tokens: bool = True) -> list[str]:
        """The tokens in index order: ``""`` (``"int"`` mode) and ``"[UNK]"`` first, unless
        ``include_special_tokens=False``."""
        return self._lookup_layer.get_vocabulary(include_special_tokens)

    def vocabulary_size(self) -> int:
        """The number of indices: the tokens, the OOV index and (``"int"`` mode) the padding index."""
        return self._lookup_layer.vocabulary_size()

    def set_vocabulary(self, vocabulary: Any, idf_weights: Any = None) -> None:
        """Replace the vocabulary: a list/array of tokens or the path of a text file with one token per line
        (special tokens may lead it, in index order). ``"tf_idf"`` needs ``idf_weights``: one per entry of
        ``vocabulary`` (the OOV weight then leads them when ``"[UNK]"`` leads the vocabulary), or one per token
        (the OOV weight is then their mean)."""
        self._lookup_layer.set_vocabulary(vocabulary, idf_weights)

    def adapt(self, data: Any, batch_size: int | None = None, steps: int | None = None) -> None:
        """Build the vocabulary from text: tokens (after standardization, splitting and n-grams) by decreasing
        count, ties broken by the greater string first, at most ``max_tokens`` entries with the special tokens;
        with ``output_mode="tf_idf"`` also the inverse document frequencies ``log(1 + documents / (1 + documents
        containing the token))``, each string being a document (each row with ``split=None``).

        Args:
            data: strings (an array, a list, one string), or an iterable of batches of them (a generator, a
                dataset; of ``(x, y)`` pairs, ``x`` is read).
            batch_size: accepted for Keras compatibility; the vocabulary does not depend on it.
            steps: how many batches of an iterable to read.
        """
        batches = [data] if isinstance(data, (str, bytes)) else adapt_batches(data, steps)

        def documents() -> Iterator[list[str]]:
            for batch in batches:
                prefix, rows = self._token_rows(batch)
                if self.split is None and len(prefix) == 0:  # rank-1 tokens: each token is a document
                    yield from ([token] for row in rows for token in row)
                else:
                    yield from rows

        self._lookup_layer._adapt_documents(documents())

    # Calling --------------------------------------------------------------------------

    def _convert_inputs(self, args: tuple, backend: Any = None) -> tuple:
        # Text stays on the host (a string tensor is read through NumPy).
        if args and not isinstance(args[0], KerasTensor):
            return (self._host_text(args[0]),) + tuple(args[1:])
        return args

    def _host_text(self, inputs: Any) -> np.ndarray:
        values = np.asarray(inputs) if isinstance(inputs, (str, bytes)) else host_values(inputs)
        if values.size and not dtypes.is_text(values):
            raise ValueError(
                f"{describe(self)}: expected text (strings or bytes), received an array of dtype {values.dtype} "
                f"and shape {values.shape}."
            )
        return values

    def _strings(self, values: np.ndarray) -> list[str]:
        """The elements of ``values`` (flattened) as Python ``str``, bytes decoded."""
        flat = values.reshape(-1).tolist()
        texts = [v.decode(self.encoding) if isinstance(v, bytes) else v for v in flat]
        for text in texts:
            if not isinstance(text, str):
                raise ValueError(f"{describe(self)}: expected text (strings or bytes), received {text!r}.")
        return texts

    def _standardized(self, values: np.ndarray) -> list[str]:
        texts = self._strings(values)
        if self.standardize is None:
            return texts
        if callable(self.standardize):
            result = self._host_text(self.standardize(np.array(texts, dtype=str).reshape(values.shape)))
            if result.size != len(texts):
                raise ValueError(
                    f"{describe(self)}: the `standardize` callable must return one string per input string "
                    f"({len(texts)}), returned {result.size}."
                )
            return self._strings(result)
        table = _TRANSLATIONS[self.standardize]
        return [text.translate(table) for text in texts]

    def _split_texts(self, texts: list[str]) -> list[list[str]]:
        if self.split == "whitespace":
            return [_TOKEN.findall(text) for text in texts]
        if self.split == "character":
            return [list(text) for text in texts]
        result = self.split(np.array(texts, dtype=str))
        rows = result.to_list() if hasattr(result, "to_list") else result  # a ragged tensor of a framework
        rows = [self._strings(np.asarray(row, dtype=object)) for row in rows]
        if len(rows) != len(texts):
            raise ValueError(
                f"{describe(self)}: the `split` callable must return one sequence of tokens per string "
                f"({len(texts)}), returned {len(rows)}."
            )
        return rows

    def _token_rows(self, inputs: Any) -> tuple[tuple[int, ...], list[list[str]]]:
        """``(prefix, rows)``: the token sequences of ``inputs`` (n-grams included), one per element of an array of
        shape ``prefix``. With a split, each string is a row; with ``split=None`` the rows are the last axis."""
        values = inputs if isinstance(inputs, np.ndarray) else self._host_text(inputs)
        shape = values.shape
        texts = self._standardized(values)
        if self.split is None:
            if not shape:
                if self._ngram_sizes is not None or self.output_sequence_length is not None:
                    raise ValueError(
                        f"{describe(self)}: with split=None a single string has no sequence axis for `ngrams` or "
                        "`output_sequence_length`; pass an array of shape (batch,) or (batch, tokens)."
                    )
                return (), [texts]
            prefix = shape[:-1]
            width = shape[-1]
            rows = [texts[i:i + width] for i in range(0, len(texts), width)] if width else [[] for _ in range(
                int(np.prod(prefix, dtype=np.int64)))]
        else:
            if len(shape) >= 2 and shape[-1] != 1:
                raise ValueError(
                    f"{describe(self)}: to split strings, the input must be of rank 1 or have a last axis of size 1 "
                    f"(one string per row), received shape {shape}."
                )
            prefix = shape[:-1] if len(shape) >= 2 else shape
            rows = self._split_texts(texts)
        if self._ngram_sizes is not None:
            rows = [self._with_ngrams(row) for row in rows]
        return prefix, rows

    def _with_ngrams(self, tokens: list[str]) -> list[str]:
        grams: list[str] = []
        for n in self._ngram_sizes:
            if n == 1:
                grams.extend(tokens)
            else:
                grams.extend(NGRAM_SEPARATOR.join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
        return grams

    def _check_vocabulary(self) -> None:
        if not self._lookup_layer._has_vocabulary:
            raise RuntimeError(
                f"{describe(self)}: the layer has no vocabulary yet; call `adapt()` on sample text or pass "
                "`vocabulary=` before calling it."
            )

    def call(self, inputs: Any) -> Any:
        self._check_vocabulary()
        values = inputs if isinstance(inputs, np.ndarray) else self._host_text(inputs)
        if self.output_mode == "one_hot":
            return ops.convert_to_tensor(self._one_hot(values), "int64")
        prefix, rows = self._token_rows(values)
        if self.output_mode == "int":
            indices = self._indices(rows, padding=0)
            if self.split is None and not values.shape:
                return ops.convert_to_tensor(indices.reshape(()), "int64")
            return ops.convert_to_tensor(indices.reshape(prefix + indices.shape[-1:]), "int64")
        if len(prefix) > 1:
            raise ValueError(
                f"{describe(self)}: output_mode={self.output_mode!r} makes one vector per string (per row with "
                f"split=None): it takes inputs of rank <= 2, received shape {values.shape}."
            )
        counts = self._counts(rows).reshape(prefix + (self._depth,))
        if self.output_mode == "multi_hot":
            return ops.convert_to_tensor(np.minimum(counts, 1), "int64")
        if self.output_mode == "count":
            return ops.convert_to_tensor(counts, "int64")
        return ops.convert_to_tensor(counts.astype("float32") * self._lookup_layer._idf, "float32")

    @property
    def _depth(self) -> int:
        return self._lookup_layer._depth

    def _ids(self, rows: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        """The vocabulary indices of every token of ``rows``, flat, and the number of tokens of each row. The OOV
        index follows the padding index in ``"int"`` mode; a mask token ``""`` is the padding index there and -1
        (nothing) in the vector modes."""
        index = self._lookup_layer._token_index()
        int_mode = self.output_mode == "int"
        oov, mask = (1, 0) if int_mode else (0, -1)
        if self.output_sequence_length is not None:
            rows = [row[:self.output_sequence_length] for row in rows]
        lengths = np.fromiter((len(row) for row in rows), np.int64, len(rows))
        ids = np.fromiter((index.get(token, oov) if token else mask for row in rows for token in row), np.int64,
                          int(lengths.sum()))
        return ids, lengths

    def _indices(self, rows: list[list[str]], padding: int) -> np.ndarray:
        """``"int"`` mode: one row of indices per token sequence, padded to the longest (or cut and padded to
        ``output_sequence_length``)."""
        ids, lengths = self._ids(rows)
        width = self.output_sequence_length
        if width is None:
            width = int(lengths.max()) if lengths.size else 0
        out = np.full((len(rows), width), padding, np.int64)
        out[np.arange(width) < lengths[:, None]] = ids
        return out

    def _counts(self, rows: list[list[str]]) -> np.ndarray:
        """How often each index occurs in each row: ``(rows, depth)`` int64 (the mask counts nothing)."""
        ids, lengths = self._ids(rows)
        depth = self._depth
        row_of = np.repeat(np.arange(len(rows), dtype=np.int64), lengths)
        kept = ids >= 0
        flat = np.bincount(row_of[kept] * depth + ids[kept], minlength=len(rows) * depth)
        return flat.reshape(len(rows), depth).astype(np.int64)

    def _one_hot(self, values: np.ndarray) -> np.ndarray:
        """``"one_hot"`` (``split=None``): one vector per element; a trailing axis of size 1 is replaced."""
        texts = self._standardized(values)
        ids, _ = self._ids([texts])
        ids = ids.reshape(values.shape)
        if ids.ndim > 1 and ids.shape[-1] == 1:
            ids = ids[..., 0]
        return (ids[..., None] == np.arange(self._depth)).astype(np.int64)

    # Shapes ---------------------------------------------------------------------------

    def _output_depth(self) -> int | None:
        """The vector size, or ``None`` while the vocabulary (and so its size) is unknown."""
        lookup = self._lookup_layer
        if self.pad_to_max_tokens or lookup._has_vocabulary or lookup._saved_size is not None:
            return self._depth
        return None

    def compute_output_shape(self, input_shape: Sequence[int | None]) -> tuple[int | None, ...]:
        shape = tuple(input_shape)
        if self.output_mode == "one_hot":
            if len(shape) > 1 and shape[-1] == 1:
                shape = shape[:-1]
            return shape + (self._output_depth(),)
        if self.split is None:
            if not shape:
                return () if self.output_mode == "int" else (self._output_depth(),)
            prefix, length = shape[:-1], shape[-1]
            if self._ngram_sizes is not None and length is not None:
                length = sum(max(length - n + 1, 0) for n in self._ngram_sizes)
        else:
            if len(shape) >= 2 and shape[-1] not in (1, None):
                raise ValueError(
                    f"{describe(self)}: to split strings, the input must be of rank 1 or have a last axis of size 1 "
                    f"(one string per row), received shape {shape}."
                )
            prefix, length = (shape[:-1] if len(shape) >= 2 else shape), None
        if self.output_mode == "int":
            return prefix + (self.output_sequence_length if self.output_sequence_length is not None else length,)
        return prefix + (self._output_depth(),)

    def compute_output_spec(self, inputs: Any, **kwargs: Any) -> KerasTensor:
        dtype = "float32" if self.output_mode == "tf_idf" else "int64"
        return KerasTensor(self.compute_output_shape(tuple(inputs.shape)), dtype)

    # Saving ---------------------------------------------------------------------------

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({
            "max_tokens": self.max_tokens, "standardize": self.standardize, "split": self.split,
            "ngrams": self.ngrams, "output_mode": self.output_mode,
            "output_sequence_length": self.output_sequence_length, "pad_to_max_tokens": self.pad_to_max_tokens,
            "sparse": False, "ragged": False, "vocabulary": self._config_vocabulary,
            "idf_weights": self._config_idf_weights, "encoding": self.encoding,
            "vocabulary_size": self.vocabulary_size(),
        })
        return config

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> TextVectorization:
        config = dict(config)
        saved_size = config.pop("vocabulary_size", None)
        for argument in ("standardize", "split"):
            if isinstance(config.get(argument), dict):  # a registered function, serialized
                config[argument] = serialization_lib.deserialize_keras_object(config[argument])
        if isinstance(config.get("ngrams"), list):  # a tuple, after JSON
            config["ngrams"] = tuple(config["ngrams"])
        weights_to_come = (config.get("output_mode") == "tf_idf" and config.get("vocabulary") is not None
                           and config.get("idf_weights") is None)
        if weights_to_come:  # they come with the saved variables; until then every entry weighs 1
            config["idf_weights"] = [1.0] * len(config["vocabulary"])
        layer = cls(**config)
        if weights_to_come:
            layer._config_idf_weights = None
        if not layer._lookup_layer._has_vocabulary:
            layer._lookup_layer._saved_size = saved_size
        return layer

    def save_assets(self, dir_path: str) -> None:
        """Write the vocabulary (special tokens included), one token per line, as Keras 3 does (its inner lookup
        layer writes the same file in its own folder)."""
        self._lookup_layer.save_assets(dir_path)

    def load_assets(self, dir_path: str) -> None:
        self._lookup_layer.load_assets(dir_path)

    def save_own_variables(self, store: Any) -> None:
        self._lookup_layer.save_own_variables(store)

    def load_own_variables(self, store: Any) -> None:
        self._lookup_layer.load_own_variables(store)
