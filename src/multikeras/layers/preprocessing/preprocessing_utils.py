"""Helpers shared by the preprocessing layers: argument checks and aspect-ratio cropping/padding of images."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multikeras import ops
from multikeras.backend import image_args
from multikeras.config import image_data_format
from multikeras.utils.static_shapes import static_shape

DATA_FORMATS = ("channels_last", "channels_first")


def describe(layer: Any) -> str:
    """``"Resizing 'resizing'"``: how error messages name a layer. A layer working for another one (the
    vocabulary of a ``TextVectorization``) carries that layer's description in ``_described_as``."""
    return getattr(layer, "_described_as", None) or f"{type(layer).__name__} '{layer.name}'"


def check_output_mode(output_mode: Any, modes: Sequence[str], sparse: Any, layer: Any) -> None:
    """Raise ``ValueError`` naming ``layer`` unless ``output_mode`` is one of ``modes`` and ``sparse`` is false
    (no sparse outputs: every backend returns dense arrays).

    Example:
        >>> check_output_mode("int", ("int", "one_hot"), False, None)
    """
    if output_mode not in modes:
        raise ValueError(f"{describe(layer)}: `output_mode` must be one of {tuple(modes)}, "
                         f"received output_mode={output_mode!r}.")
    if sparse:
        raise ValueError(f"{describe(layer)}: sparse outputs are not supported, received sparse={sparse!r}.")


def check_vocabulary_arguments(where: str, max_tokens: Any, pad_to_max_tokens: Any, output_mode: str,
                               vocabulary: Any, idf_weights: Any) -> None:
    """The checks the vocabulary layers (the lookups, ``TextVectorization``) make of their common arguments.

    Raises:
        ValueError: naming ``where``, the argument and the value received.

    Example:
        >>> check_vocabulary_arguments("StringLookup 's'", 1, False, "int", None, None)
        Traceback (most recent call last):
        ...
        ValueError: StringLookup 's': `max_tokens` must be None or an int > 1, received max_tokens=1.
    """
    if max_tokens is not None and (isinstance(max_tokens, bool) or not isinstance(max_tokens, int) or max_tokens <= 1):
        raise ValueError(f"{where}: `max_tokens` must be None or an int > 1, received max_tokens={max_tokens!r}.")
    if pad_to_max_tokens and max_tokens is None:
        raise ValueError(f"{where}: `pad_to_max_tokens=True` needs `max_tokens`, received max_tokens=None.")
    if idf_weights is not None and output_mode != "tf_idf":
        raise ValueError(
            f"{where}: `idf_weights` only applies to output_mode='tf_idf', received output_mode={output_mode!r}."
        )
    if output_mode == "tf_idf" and vocabulary is not None and idf_weights is None:
        raise ValueError(f"{where}: with `vocabulary` given and output_mode='tf_idf', `idf_weights` must be given too.")


def check_positive_int(value: Any, argument: str, layer: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"{describe(layer)}: `{argument}` must be a positive int, received {argument}={value!r}.")
    return value


def standardize_data_format(data_format: Any, layer: Any) -> str:
    """``data_format`` checked; ``None`` gives the global ``image_data_format()``."""
    if data_format is None:
        return image_data_format()
    if data_format not in DATA_FORMATS:
        raise ValueError(
            f"{describe(layer)}: `data_format` must be one of {DATA_FORMATS} or None, received data_format={data_format!r}."
        )
    return data_format


def spatial_axes(rank: int, data_format: str) -> tuple[int, int]:
    """The (height, width) axes of images of ``rank`` 3 (one image) or 4 (a batch)."""
    return (rank - 3, rank - 2) if data_format == "channels_last" else (rank - 2, rank - 1)


def image_output_shape(input_shape: Sequence[int | None], height: int, width: int, data_format: str, layer: Any) -> tuple:
    """``input_shape`` with its spatial sizes replaced by ``height`` and ``width``."""
    shape = list(input_shape)
    if len(shape) not in (3, 4):
        raise ValueError(
            f"{describe(layer)}: expected images of rank 3 (one image) or 4 (a batch), received shape {tuple(input_shape)}."
        )
    h_axis, w_axis = spatial_axes(len(shape), data_format)
    shape[h_axis], shape[w_axis] = height, width
    return tuple(shape)


def _known_size(size: Any, layer: Any, what: str) -> Any:
    if size is None:
        raise ValueError(f"{describe(layer)}: the image {what} must be known to fit the aspect ratio.")
    return size


def sizes_known(*sizes: Any) -> bool:
    """Whether every size is a Python int; inside a TensorFlow graph traced with unknown image sizes, ``ops.shape``
    gives scalar tensors instead, and the helpers here then compute with tensors."""
    return all(isinstance(size, int) for size in sizes)


def smaller(a: Any, b: Any) -> Any:
    """The smaller of two sizes (ints, or scalar tensors for sizes known only at run time)."""
    return min(a, b) if sizes_known(a, b) else ops.minimum(a, b)


def larger(a: Any, b: Any) -> Any:
    """The larger of two sizes (ints, or scalar tensors for sizes known only at run time)."""
    return max(a, b) if sizes_known(a, b) else ops.maximum(a, b)


def aspect_ratio_window(in_h: Any, in_w: Any, height: int, width: int) -> tuple[Any, Any, Any, Any]:
    """``(top, left, crop_h, crop_w)`` of the largest centered window of an ``in_h`` x ``in_w`` image with the aspect
    ratio ``height / width`` (``image_args.aspect_ratio_window``): ints for int sizes, scalar tensors for sizes
    known only at run time.

    Example:
        >>> aspect_ratio_window(8, 6, 2, 1)
        (0, 1, 8, 4)
    """
    return image_args.aspect_ratio_window(in_h, in_w, height, width, smaller, larger)


def crop_to_aspect_ratio(images: Any, height: int, width: int, data_format: str, layer: Any) -> Any:
    """The largest centered window of ``images`` with the aspect ratio ``height / width`` (Keras's rounding)."""
    shape = list(ops.shape(images))
    h_axis, w_axis = spatial_axes(len(shape), data_format)
    in_h = _known_size(shape[h_axis], layer, "height")
    in_w = _known_size(shape[w_axis], layer, "width")
    top, left, crop_h, crop_w = aspect_ratio_window(in_h, in_w, height, width)
    if sizes_known(in_h, in_w) and (crop_h, crop_w) == (in_h, in_w):
        return images
    start = [0] * len(shape)
    start[h_axis], start[w_axis] = top, left
    size = [-1 if d is None else d for d in shape]
    size[h_axis], size[w_axis] = crop_h, crop_w
    return ops.slice(images, start, size)


def aspect_ratio_padding(in_h: Any, in_w: Any, height: int, width: int) -> tuple[Any, Any]:
    """``(pad_h, pad_w)``, the padding on each side of each axis that :func:`pad_to_aspect_ratio` adds
    (``image_args.aspect_ratio_padding``; ints, or scalar tensors for sizes known only at run time).

    Example:
        >>> aspect_ratio_padding(8, 6, 1, 1)
        (0, 1)
    """
    return image_args.aspect_ratio_padding(in_h, in_w, height, width, larger)


def pad_to_aspect_ratio(images: Any, height: int, width: int, fill_value: float, data_format: str, layer: Any) -> Any:
    """``images`` padded with ``fill_value`` on both sides of one spatial axis toward the aspect ratio
    ``height / width``: Keras pads ``floor((target - size) / 2)`` on each side."""
    shape = list(ops.shape(images))
    h_axis, w_axis = spatial_axes(len(shape), data_format)
    in_h = _known_size(shape[h_axis], layer, "height")
    in_w = _known_size(shape[w_axis], layer, "width")
    pad_h, pad_w = aspect_ratio_padding(in_h, in_w, height, width)
    if sizes_known(pad_h, pad_w) and pad_h == 0 and pad_w == 0:
        return images
    pad_width = [[0, 0] for _ in shape]
    pad_width[h_axis] = [pad_h, pad_h]
    pad_width[w_axis] = [pad_w, pad_w]
    return ops.pad(images, pad_width, mode="constant", constant_values=fill_value)


def encode_categorical(indices: Any, depth: int, output_mode: str, dtype: str, layer: Any, idf_weights: Any = None,
                       count_weights: Any = None) -> Any:
    """Integer ``indices`` in ``[0, depth)`` as ``"int"`` (unchanged), ``"one_hot"``, ``"multi_hot"``, ``"count"``
    (summing ``count_weights``, of the shape of ``indices``, instead of 1 per index when given) or ``"tf_idf"``
    (counts times ``idf_weights``) vectors of length ``depth`` in ``dtype``.

    Indices outside the range (``-1`` for a dropped mask token) contribute nothing. ``"one_hot"`` appends an axis
    (replacing a trailing axis of size 1); the other modes combine the last axis of a rank-2 input, or the whole
    of a rank-1 input (one sample).
    """
    if output_mode == "int":
        return indices
    rank = len(ops.shape(indices))
    if output_mode == "one_hot":
        last = static_shape(indices)[-1] if rank > 1 else None
        if rank > 1 and last is None:
            raise ValueError(
                f"{describe(layer)}: output_mode='one_hot' needs the size of the last axis of its inputs (an axis "
                f"of size 1 is replaced), received inputs of shape {static_shape(indices)}."
            )
        if last == 1:
            indices = ops.squeeze(indices, -1)
        return ops.one_hot(indices, depth, dtype=dtype)
    if rank > 2:
        raise ValueError(
            f"{describe(layer)}: output_mode={output_mode!r} takes inputs of rank 1 or 2, received shape "
            f"{tuple(ops.shape(indices))}."
        )
    combine_axis = 0 if rank == 1 else 1
    if output_mode == "multi_hot":
        return ops.max(ops.one_hot(indices, depth, dtype=dtype), axis=combine_axis)
    encoded = ops.one_hot(indices, depth, dtype=dtype)
    if count_weights is not None:
        encoded = ops.multiply(encoded, ops.expand_dims(ops.cast(count_weights, dtype), -1))
    counts = ops.sum(encoded, axis=combine_axis)
    if output_mode == "tf_idf":
        return ops.multiply(counts, ops.cast(idf_weights, dtype))
    return counts


def encoded_shape(input_shape: Sequence[int | None], depth: int, output_mode: str) -> tuple[int | None, ...]:
    """The output shape of :func:`encode_categorical` for inputs of ``input_shape``."""
    shape = tuple(input_shape)
    if output_mode == "int":
        return shape
    if output_mode == "one_hot":
        if len(shape) > 1 and shape[-1] == 1:
            shape = shape[:-1]
        return shape + (depth,)
    return (depth,) if len(shape) <= 1 else shape[:-1] + (depth,)


def adapt_batches(data: Any, steps: int | None = None) -> list[Any]:
    """What ``adapt(data, steps=...)`` of the lookup and discretization layers reads, as a list of batches.

    An array, a tensor or a flat list of values is one batch; any other iterable (a generator, a list of
    arrays, a dataset of ``(x, y)`` pairs, whose ``x`` is taken) gives one batch per item, at most ``steps``.

    Example:
        >>> import numpy as np
        >>> len(adapt_batches(np.zeros((4, 2)))), len(adapt_batches([np.zeros(2), np.ones(3)]))
        (1, 2)
        >>> adapt_batches(((np.full(2, i), None) for i in range(5)), steps=2)[1].tolist()
        [1, 1]
    """
    if hasattr(data, "shape") or (isinstance(data, (list, tuple)) and not any(hasattr(d, "shape") for d in data)):
        return [data]
    batches = []
    for index, batch in enumerate(data):
        if steps is not None and index >= steps:
            break
        batches.append(batch[0] if isinstance(batch, tuple) else batch)
    return batches
