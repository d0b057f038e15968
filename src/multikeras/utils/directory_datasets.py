"""`image_dataset_from_directory` and `text_dataset_from_directory`, as :class:`NumpyDataset` objects.

Files are listed, labelled, shuffled and split as Keras 3 does (so
``file_paths`` and ``class_names`` equal Keras's for the same arguments and
seed); they are read when a batch is produced, images with Pillow.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from multikeras.utils.image_utils import convert_color_mode, pil_image
from multikeras.utils.io_utils import print_msg
from multikeras.utils.numpy_dataset import NumpyDataset

IMAGE_FORMATS = (".bmp", ".gif", ".jpeg", ".jpg", ".png")
"""File extensions :func:`image_dataset_from_directory` reads (any letter case)."""

_LABEL_MODES = ("int", "categorical", "binary", None)
_RESIZE_INTERPOLATIONS = ("bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5")
_CHANNELS = {"grayscale": 1, "rgb": 3, "rgba": 4}


def _files_below(directory: str, follow_links: bool, formats: tuple[str, ...]) -> list[str]:
    """Files under ``directory`` with an allowed extension, relative to its parent, walked in sorted order."""
    name = os.path.basename(directory)
    found = []
    for root, _, files in sorted(os.walk(directory, followlinks=follow_links), key=lambda entry: entry[0]):
        for file_name in sorted(files):
            if file_name.lower().endswith(formats):
                found.append(os.path.join(name, os.path.relpath(os.path.join(root, file_name), directory)))
    return found


def index_directory(directory: str, labels: Any, formats: tuple[str, ...], class_names: Sequence[str] | None,
                    shuffle: bool, seed: int, follow_links: bool, verbose: bool,
                    ) -> tuple[list[str], np.ndarray | None, list[str] | None]:
    """The files under ``directory`` with their labels and the class names, ordered as Keras 3 orders them.

    With ``labels="inferred"`` each visible sub-directory is a class
    (alphabetical, or the order of ``class_names``); otherwise the whole tree
    is listed. ``shuffle`` permutes files and labels with
    ``numpy.random.RandomState(seed)``; without it they are in walk order.
    """
    directory = os.fspath(directory)
    if labels == "inferred":
        subdirs = [entry for entry in sorted(os.listdir(directory))
                   if os.path.isdir(os.path.join(directory, entry)) and not entry.startswith(".")]
        if class_names is not None:
            if not set(class_names) <= set(subdirs):
                raise ValueError(
                    f"`class_names` must name sub-directories of {directory!r}; expected a subset of {subdirs}, "
                    f"received class_names={list(class_names)}."
                )
            subdirs = list(class_names)
    else:
        if class_names is not None:
            raise ValueError(
                "`class_names` is only accepted with `labels='inferred'`; received "
                f"labels={'None' if labels is None else 'a list'} and class_names={list(class_names)}."
            )
        subdirs = [""]
    relative_paths: list[str] = []
    inferred: list[int] = []
    for class_index, subdir in enumerate(subdirs):
        found = _files_below(os.path.join(directory, subdir), follow_links, formats)
        relative_paths += found
        inferred += [class_index] * len(found)
    if labels == "inferred":
        label_array: np.ndarray | None = np.asarray(inferred, dtype="int32")
        names: list[str] | None = list(subdirs)
    elif labels is None:
        label_array, names = None, None
    else:
        if len(labels) != len(relative_paths):
            raise ValueError(
                f"`labels` must hold one label per file: received {len(labels)} labels for the "
                f"{len(relative_paths)} files in {directory!r}."
            )
        label_array = np.asarray(labels, dtype="int32")
        names = [str(label) for label in sorted(set(labels))]
    if verbose:
        what = "" if names is None else f" belonging to {len(names)} classes"
        print_msg(f"Found {len(relative_paths)} files{what}.")
    paths = [os.path.join(directory, path) for path in relative_paths]
    if shuffle:
        order = np.random.RandomState(seed).permutation(len(paths))
        paths = [paths[index] for index in order]
        label_array = None if label_array is None else label_array[order]
    return paths, label_array, names


def _check_labels_arguments(labels: Any, label_mode: Any, class_names: Any) -> None:
    if labels not in ("inferred", None):
        if not isinstance(labels, (list, tuple)):
            raise ValueError(
                "`labels` must be 'inferred', None, or a list / tuple of int labels, one per file (in the "
                f"alphanumeric order of the file paths); received labels={labels!r}."
            )
        if class_names:
            raise ValueError(
                f"`class_names` is only accepted with `labels='inferred'`; received labels={labels!r} and "
                f"class_names={class_names!r}."
            )
    if label_mode not in _LABEL_MODES:
        raise ValueError(f"`label_mode` must be one of {_LABEL_MODES}; received label_mode={label_mode!r}.")


def _check_validation_split(validation_split: Any, subset: Any, shuffle: bool, seed: Any) -> None:
    if validation_split and not 0 < validation_split < 1:
        raise ValueError(f"`validation_split` must lie between 0 and 1; received validation_split={validation_split}.")
    if bool(validation_split) != bool(subset):
        raise ValueError(
            "`subset` and `validation_split` go together: give both or neither; received "
            f"validation_split={validation_split!r} and subset={subset!r}."
        )
    if subset not in ("training", "validation", "both", None):
        raise ValueError(f"`subset` must be 'training', 'validation' or 'both'; received subset={subset!r}.")
    if validation_split and shuffle and seed is None:
        raise ValueError(
            "With `validation_split` and `shuffle=True`, give a `seed`: the training and validation subsets are "
            "drawn from the same shuffled list, and only a fixed seed keeps them disjoint."
        )


def _subset(paths: list[str], labels: np.ndarray | None, validation_split: float | None,
            subset: str | None) -> tuple[list[str], np.ndarray | None]:
    if not validation_split:
        return paths, labels
    held_out = int(validation_split * len(paths))
    # Negative slices as in Keras: when no file is held out, the training part is empty (and rejected).
    keep = slice(None, -held_out) if subset == "training" else slice(-held_out, None)
    return paths[keep], None if labels is None else labels[keep]


def _encode_labels(labels: np.ndarray, label_mode: str, num_classes: int) -> np.ndarray:
    if label_mode == "binary":
        return labels.astype("float32")[:, None]
    if label_mode == "categorical":
        return np.eye(num_classes, dtype="float32")[labels]
    return labels


def _file_dataset(paths: list[str], labels: np.ndarray | None, load: Callable[[str], Any],
                  collate: Callable[[list[Any]], Any], batch_size: int | None, shuffle: bool,
                  seed: int | None, class_names: list[str] | None) -> NumpyDataset:
    order_rng = np.random.RandomState(seed) if shuffle else None

    def element(indices: np.ndarray) -> Any:
        inputs = collate([load(paths[index]) for index in indices])
        return inputs if labels is None else (inputs, labels[indices])

    def make_iterator() -> Iterator[Any]:
        order = np.arange(len(paths)) if order_rng is None else order_rng.permutation(len(paths))
        if batch_size is None:
            for index in order:
                inputs = load(paths[index])
                yield inputs if labels is None else (inputs, labels[index])
        else:
            for begin in range(0, len(order), batch_size):
                yield element(order[begin:begin + batch_size])

    length = len(paths) if batch_size is None else math.ceil(len(paths) / batch_size)
    dataset = NumpyDataset(make_iterator, length, batch_size)
    dataset.class_names = class_names  # type: ignore[attr-defined]
    dataset.file_paths = paths  # type: ignore[attr-defined]
    return dataset


def _datasets_from_files(
    kind: str, directory: Any, labels: Any, label_mode: Any, class_names: Any, batch_size: int | None,
    shuffle: bool, seed: int | None, validation_split: float | None, subset: str | None, follow_links: bool,
    verbose: bool, formats: tuple[str, ...], load: Callable[[str], Any], collate: Callable[[list[Any]], Any],
) -> NumpyDataset | list[NumpyDataset]:
    """What the two public functions share: list, label, split and wrap the files."""
    _check_labels_arguments(labels, label_mode, class_names)
    if labels is None or label_mode is None:
        labels, label_mode = None, None
    _check_validation_split(validation_split, subset, shuffle, seed)
    if batch_size is not None and (isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size <= 0):
        raise ValueError(f"`batch_size` must be a positive int or None; received batch_size={batch_size!r}.")
    if seed is None:
        seed = np.random.randint(1e6)
    paths, label_array, names = index_directory(directory, labels, formats, class_names, shuffle, seed,
                                                follow_links, verbose)
    if label_mode == "binary" and len(names or ()) != 2:
        raise ValueError(f"`label_mode='binary'` needs exactly 2 classes; received class_names={names}.")
    encoded = None if label_array is None else _encode_labels(label_array, label_mode, len(names or ()))
    parts = ["training", "validation"] if subset == "both" else [subset]
    datasets = []
    for part in parts:
        part_paths, part_labels = _subset(paths, encoded, validation_split, part)
        if part is not None and verbose:
            print_msg(f"Using {len(part_paths)} files for {part}.")
        if not part_paths:
            raise ValueError(
                f"No {kind} files {'' if part is None else f'for {part} '}found in directory {directory!r}; "
                f"the allowed formats are {formats}."
            )
        # As in Keras, the validation part of subset="both" keeps a fixed order.
        part_shuffle = shuffle and not (subset == "both" and part == "validation")
        datasets.append(_file_dataset(part_paths, part_labels, load, collate, batch_size, part_shuffle, seed, names))
    return datasets if subset == "both" else datasets[0]


def image_dataset_from_directory(
    directory: str | os.PathLike[str],
    labels: Any = "inferred",
    label_mode: str | None = "int",
    class_names: Sequence[str] | None = None,
    color_mode: str = "rgb",
    batch_size: int | None = 32,
    image_size: int | tuple[int, int] = (256, 256),
    shuffle: bool = True,
    seed: int | None = None,
    validation_split: float | None = None,
    subset: str | None = None,
    interpolation: str = "bilinear",
    follow_links: bool = False,
    crop_to_aspect_ratio: bool = False,
    pad_to_aspect_ratio: bool = False,
    data_format: str | None = None,
    verbose: bool = True,
) -> NumpyDataset | list[NumpyDataset]:
    """A dataset of the images under ``directory`` (``.bmp .gif .jpeg .jpg .png``), with labels.

    With ``labels="inferred"`` every sub-directory is a class (``class_0/a.png``
    ...). Files are listed, shuffled (``numpy.random.RandomState(seed)``) and
    split as in Keras 3, so ``file_paths`` and ``class_names`` match Keras's.
    Images are decoded with Pillow when a batch is produced and resized with
    :func:`multikeras.ops.image.resize` to ``image_size``, as float32 arrays.

    Args:
        directory: the data's root directory.
        labels: ``"inferred"``, ``None`` (images only), or a list of int
            labels, one per file in the alphanumeric order of the paths.
        label_mode: ``"int"`` (int32), ``"categorical"`` (one-hot float32),
            ``"binary"`` (float32 of shape ``(batch, 1)``) or ``None``.
        class_names: with inferred labels, the sub-directories to use, in this order.
        color_mode: ``"rgb"``, ``"rgba"`` or ``"grayscale"``.
        batch_size: images per batch; ``None`` yields single images.
        image_size: ``(height, width)`` (or one int) every image is resized to.
        shuffle: shuffle the files (and draw a new order on every pass).
        seed: seed of the shuffling; needed with ``validation_split`` and ``shuffle``.
        validation_split: fraction of the files held out for validation.
        subset: ``"training"``, ``"validation"`` or ``"both"`` (a list of two datasets).
        interpolation: ``"bilinear"``, ``"nearest"``, ``"bicubic"``, ``"area"``,
            ``"lanczos3"`` or ``"lanczos5"``.
        follow_links: walk into symlinked sub-directories.
        crop_to_aspect_ratio: crop the centre to the target aspect ratio first.
        pad_to_aspect_ratio: pad to the target aspect ratio first.
        data_format: ``"channels_last"`` or ``"channels_first"`` (default:
            ``multikeras.config.image_data_format()``).
        verbose: print how many files and classes were found.

    Returns:
        A :class:`~multikeras.utils.NumpyDataset` of ``(images, labels)``
        batches (``images`` alone without labels), with ``class_names`` and
        ``file_paths`` attributes; a list of two for ``subset="both"``.

    Raises:
        ImportError: when Pillow is not installed.
        ValueError: for invalid arguments or a directory without images.

    Example:
        >>> import os, tempfile, numpy as np
        >>> from multikeras.utils import save_img
        >>> root = tempfile.mkdtemp()
        >>> for name in ("cats", "dogs"):
        ...     os.mkdir(os.path.join(root, name))
        ...     save_img(os.path.join(root, name, "0.png"), np.full((8, 8, 3), 200.0), scale=False)
        >>> dataset = image_dataset_from_directory(root, image_size=(4, 4), batch_size=2, verbose=False)
        >>> images, labels = next(iter(dataset))
        >>> dataset.class_names, images.shape, sorted(labels.tolist())
        (['cats', 'dogs'], (2, 4, 4, 3), [0, 1])
    """
    from multikeras.backend import config

    image_module = pil_image("image_dataset_from_directory")
    if color_mode not in _CHANNELS:
        raise ValueError(f"`color_mode` must be one of {tuple(_CHANNELS)}; received color_mode={color_mode!r}.")
    if isinstance(image_size, int):
        image_size = (image_size, image_size)
    elif not isinstance(image_size, (list, tuple)) or len(image_size) != 2:
        raise ValueError(f"`image_size` must be a (height, width) tuple or an int; received image_size={image_size!r}.")
    interpolation = interpolation.lower()
    if interpolation not in _RESIZE_INTERPOLATIONS:
        raise ValueError(
            f"`interpolation` must be one of {_RESIZE_INTERPOLATIONS}; received interpolation={interpolation!r}."
        )
    if crop_to_aspect_ratio and pad_to_aspect_ratio:
        raise ValueError("Set at most one of `crop_to_aspect_ratio` and `pad_to_aspect_ratio`; received both.")
    data_format = config.standardize_data_format(data_format)
    size = (int(image_size[0]), int(image_size[1]))

    def load(path: str) -> np.ndarray:
        from multikeras import ops

        with image_module.open(path) as image:
            image = convert_color_mode(image, color_mode)
            pixels = np.asarray(image, dtype="float32")
        if pixels.ndim == 2:
            pixels = pixels[..., None]
        if data_format == "channels_first":
            pixels = pixels.transpose(2, 0, 1)
        resized = ops.image.resize(pixels, size, interpolation=interpolation,
                                   crop_to_aspect_ratio=crop_to_aspect_ratio,
                                   pad_to_aspect_ratio=pad_to_aspect_ratio, data_format=data_format)
        return np.asarray(ops.convert_to_numpy(resized), dtype="float32")

    return _datasets_from_files("image", directory, labels, label_mode, class_names, batch_size, shuffle, seed,
                                validation_split, subset, follow_links, verbose, IMAGE_FORMATS, load, np.stack)


def text_dataset_from_directory(
    directory: str | os.PathLike[str],
    labels: Any = "inferred",
    label_mode: str | None = "int",
    class_names: Sequence[str] | None = None,
    batch_size: int | None = 32,
    max_length: int | None = None,
    shuffle: bool = True,
    seed: int | None = None,
    validation_split: float | None = None,
    subset: str | None = None,
    follow_links: bool = False,
    verbose: bool = True,
) -> NumpyDataset | list[NumpyDataset]:
    """A dataset of the ``.txt`` files under ``directory``, with labels (see :func:`image_dataset_from_directory`).

    Texts are Python ``str`` (decoded as UTF-8) in NumPy arrays of dtype
    ``object``, where ``tf.data`` yields ``bytes``; ``max_length`` keeps the
    first ``max_length`` bytes of each file, as Keras 3 does (an incomplete
    trailing character is dropped).

    Args:
        directory: the data's root directory.
        labels: ``"inferred"``, ``None`` (texts only), or a list of int labels.
        label_mode: ``"int"``, ``"categorical"``, ``"binary"`` or ``None``.
        class_names: with inferred labels, the sub-directories to use, in this order.
        batch_size: texts per batch; ``None`` yields single texts.
        max_length: bytes kept per text (``None``: all).
        shuffle: shuffle the files (and draw a new order on every pass).
        seed: seed of the shuffling; needed with ``validation_split`` and ``shuffle``.
        validation_split: fraction of the files held out for validation.
        subset: ``"training"``, ``"validation"`` or ``"both"``.
        follow_links: walk into symlinked sub-directories.
        verbose: print how many files and classes were found.

    Returns:
        A :class:`~multikeras.utils.NumpyDataset` of ``(texts, labels)``
        batches with ``class_names`` and ``file_paths``; a list of two for ``subset="both"``.

    Example:
        >>> import os, tempfile
        >>> root = tempfile.mkdtemp()
        >>> for name in ("neg", "pos"):
        ...     os.mkdir(os.path.join(root, name))
        ...     with open(os.path.join(root, name, "a.txt"), "w") as file:
        ...         _ = file.write(f"a {name} review")
        >>> dataset = text_dataset_from_directory(root, shuffle=False, verbose=False)
        >>> texts, labels = next(iter(dataset))
        >>> texts.tolist(), labels.tolist()
        (['a neg review', 'a pos review'], [0, 1])
    """
    if max_length is not None and (isinstance(max_length, bool) or not isinstance(max_length, int) or max_length < 0):
        raise ValueError(f"`max_length` must be a non-negative int or None; received max_length={max_length!r}.")

    def load(path: str) -> str:
        with open(path, "rb") as file:
            content = file.read()
        if max_length is not None:
            content = content[:max_length]
        return content.decode("utf-8", errors="ignore" if max_length is not None else "strict")

    def collate(texts: list[str]) -> np.ndarray:
        batch = np.empty(len(texts), dtype=object)
        batch[:] = texts
        return batch

    return _datasets_from_files("text", directory, labels, label_mode, class_names, batch_size, shuffle, seed,
                                validation_split, subset, follow_links, verbose, (".txt",), load, collate)
