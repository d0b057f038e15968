"""Public saving functions: ``save_model`` / ``load_model`` and ``save_weights`` / ``load_weights``.

They check the file name, ask before overwriting when told to, and write
atomically; the formats live in :mod:`multikeras.saving.saving_lib`.
"""

from __future__ import annotations

import os
import warnings
import zipfile
from collections.abc import Mapping
from typing import Any

_LEGACY_H5 = (".h5", ".hdf5")


def _confirm_overwrite(path: str) -> bool:
    """Ask on the terminal whether to overwrite ``path`` (``overwrite=False``), as Keras 3 does."""
    while True:
        answer = input(f"[WARNING] {path} already exists - overwrite? [y/n]").strip().lower()
        if answer in ("y", "n"):
            return answer == "y"
        print('Please answer "y" or "n".')


def _may_write(path: str, overwrite: bool) -> bool:
    return overwrite or not os.path.exists(path) or _confirm_overwrite(path)


def save_weights(model: Any, filepath: str | os.PathLike, overwrite: bool = True, max_shard_size: Any = None) -> None:
    """Save the weights of ``model`` (and of its optimizer, when it has one) to a weights file.

    Two formats, chosen by the name: ``.weights.h5`` (Keras 3's layout, so
    Keras 3 loads it and vice versa) and ``.safetensors`` (a flat file of
    named tensors, e.g. ``w.weights.safetensors``; the tensor names are the
    dataset paths of the ``.weights.h5`` layout, ``"layers/dense/vars/0"``).
    Both load on every backend. The write is atomic: an error or crash
    mid-save leaves any previous file intact.

    Args:
        model: the model (or layer) whose weights to save.
        filepath: the file; its name must end in ``.weights.h5`` or ``.safetensors``.
        overwrite: ``False`` asks on the terminal before replacing a file.
        max_shard_size: split the weights into ``.weights.h5`` shards of at
            most this many gigabytes (2**30 bytes) next to a ``.weights.json``
            index, as Keras 3 does (a ``.weights.h5`` name becomes
            ``.weights.json``, with a warning); see
            :mod:`~multikeras.saving.sharded_weights`.

    Raises:
        ValueError: the name ends in neither suffix, or (safetensors) a
            weight has a dtype safetensors cannot hold.

    Example:
        >>> import os, tempfile, multikeras as mk
        >>> folder = tempfile.mkdtemp()
        >>> with mk.backend.use("numpy"):
        ...     model = mk.Sequential([mk.Input((2,)), mk.layers.Dense(1)])
        ...     save_weights(model, os.path.join(folder, "m.weights.h5"))
        ...     save_weights(model, os.path.join(folder, "m.weights.safetensors"))
        ...     load_weights(model, os.path.join(folder, "m.weights.safetensors"))
        >>> sorted(os.listdir(folder))
        ['m.weights.h5', 'm.weights.safetensors']
    """
    from multikeras.saving.atomic import atomic_file
    from multikeras.saving.h5_store import H5WeightsFile
    from multikeras.saving.safetensors_format import SUFFIX, write_safetensors
    from multikeras.saving.saving_lib import save_weights_to_file

    path = os.fspath(filepath)
    if max_shard_size is not None:
        from multikeras.saving.sharded_weights import INDEX_SUFFIX, write_sharded_weights

        if path.endswith(".weights.h5"):
            warnings.warn(
                f"save_weights: sharded weights are written as a `{INDEX_SUFFIX}` index next to its shards; "
                f"saving {path} as {path[: -len('.h5')]}.json.",
                stacklevel=2,
            )
            path = path[: -len(".h5")] + ".json"
        if not path.endswith(INDEX_SUFFIX):
            raise ValueError(
                f"save_weights: the filename must end in `{INDEX_SUFFIX}` when `max_shard_size` is given. "
                f"Received: filepath={path}"
            )
        if _may_write(path, overwrite):
            write_sharded_weights(model, path, max_shard_size)
        return
    if not path.endswith((".weights.h5", SUFFIX)):
        raise ValueError(
            "save_weights: the filename must end in `.weights.h5` (or `.safetensors` for a safetensors file, or "
            f"`.weights.json` with max_shard_size for sharded weights). Received: filepath={path}"
        )
    if not _may_write(path, overwrite):
        return
    with atomic_file(path) as temporary:
        if path.endswith(SUFFIX):
            write_safetensors(model, temporary)
        else:
            with H5WeightsFile(temporary, "w") as weights_file:
                save_weights_to_file(model, weights_file)


def load_weights(model: Any, filepath: str | os.PathLike, skip_mismatch: bool = False, **kwargs: Any) -> None:
    """Load weights saved by :func:`save_weights` (or by Keras 3) into ``model``.

    A ``.safetensors`` file must match the model exactly: every key present,
    no extra key, the same shapes and dtypes; all of it is checked before
    any variable changes. (Optimizer state is the exception, as in Keras 3:
    skipped with a warning when the optimizer is not built, ignored when the
    model has none.)

    Args:
        model: a built model (or layer) with the architecture of the saved one.
        filepath: a ``.weights.h5`` or ``.safetensors`` file, or a ``.keras``
            archive (its weights).
        skip_mismatch: load the objects whose variables match and warn about
            the others, instead of raising.

    Raises:
        FileNotFoundError: the file does not exist.
        ValueError: an unsupported file type, an unbuilt model, or objects
            whose variable counts or shapes differ from the file's (each one
            named with both shapes; nothing is changed then). For safetensors
            files and archives holding them, a
            :class:`~multikeras.saving.errors.SavedFileError` naming the file,
            each key and what was wrong (also for a damaged file).

    Example:
        >>> import os, tempfile, multikeras as mk
        >>> path = os.path.join(tempfile.mkdtemp(), "m.weights.h5")
        >>> with mk.backend.use("numpy"):
        ...     a = mk.Sequential([mk.Input((2,)), mk.layers.Dense(1)])
        ...     b = mk.Sequential([mk.Input((2,)), mk.layers.Dense(1)])
        ...     a.save_weights(path)
        ...     b.load_weights(path)
        ...     print(all((x == y).all() for x, y in zip(a.get_weights(), b.get_weights())))
        True
    """
    from multikeras.saving.h5_store import H5WeightsFile
    from multikeras.saving.safetensors_format import SUFFIX, load_safetensors
    from multikeras.saving.saving_lib import (
        _dataset_budget,
        file_content_errors,
        load_archive_weights,
        load_weights_from_file,
    )

    if kwargs:
        raise TypeError(f"load_weights: unexpected keyword argument(s) {sorted(kwargs)}.")
    path = os.fspath(filepath)
    if path.endswith(".keras"):
        if not os.path.isfile(path):
            raise FileNotFoundError(f"load_weights: no such file: {path!r}.")
        _check_archive(path, "load_weights")
        load_archive_weights(model, path, "load_weights", skip_mismatch=skip_mismatch)
        return
    if path.endswith(SUFFIX):
        if not os.path.isfile(path):
            raise FileNotFoundError(f"load_weights: no such file: {path!r}.")
        with open(path, "rb") as file:
            data = file.read()
        load_safetensors(model, data, path, "load_weights", skip_mismatch=skip_mismatch)
        return
    if path.endswith(".weights.h5"):
        if not os.path.isfile(path):
            raise FileNotFoundError(f"load_weights: no such file: {path!r}.")
        with file_content_errors("load_weights", path, ""):
            budget = _dataset_budget(os.path.getsize(path))
            with H5WeightsFile(path, "r", max_dataset_bytes=budget) as weights_file:
                load_weights_from_file(model, weights_file, skip_mismatch=skip_mismatch)
        return
    if path.endswith(".weights.json"):
        from multikeras.saving.sharded_weights import ShardedWeightsFile

        if not os.path.isfile(path):
            raise FileNotFoundError(f"load_weights: no such file: {path!r}.")
        with ShardedWeightsFile(path, max_dataset_bytes=_dataset_budget) as weights_file:
            with file_content_errors("load_weights", path, ""):
                load_weights_from_file(model, weights_file, skip_mismatch=skip_mismatch)
        return
    if path.endswith(_LEGACY_H5):
        raise ValueError(
            f"load_weights: legacy HDF5 weights files (.h5 from Keras 2 / tf.keras) are not supported; received "
            f"filepath={path}. Expected a `.weights.h5` or `.safetensors` file, or a `.keras` archive."
        )
    raise ValueError(
        f"load_weights: file format not supported: filepath={path}. Expected a `.weights.h5`, `.safetensors` or "
        "`.weights.json` (sharded) file, or a `.keras` archive."
    )


def save_model(
    model: Any,
    filepath: str | os.PathLike,
    overwrite: bool = True,
    zipped: bool | None = None,
    weights_format: str = "h5",
    **kwargs: Any,
) -> None:
    """Save ``model`` as a ``.keras`` archive: config, weights and metadata (Keras 3's format).

    Args:
        model: the model to save.
        filepath: a path ending in ``.keras``; with ``zipped=False``, a folder
            path not ending in ``.keras``.
        overwrite: ``False`` asks on the terminal before replacing.
        zipped: ``True``/``None`` writes a zip file, ``False`` a folder with the same entries.
        weights_format: ``"h5"`` stores the weights as ``model.weights.h5``
            (Keras 3 reads such archives); ``"safetensors"`` as
            ``model.weights.safetensors`` (multikeras only; nothing in the
            weights entry can run code). A multikeras addition to Keras's signature.

    Raises:
        ValueError: a wrong extension (legacy ``.h5`` included: not supported),
            or an unknown ``weights_format``.

    Example:
        >>> import os, tempfile, zipfile, multikeras as mk
        >>> path = os.path.join(tempfile.mkdtemp(), "m.keras")
        >>> with mk.backend.use("numpy"):
        ...     save_model(mk.Sequential([mk.Input((2,)), mk.layers.Dense(1)]), path)
        >>> sorted(zipfile.ZipFile(path).namelist())
        ['config.json', 'metadata.json', 'model.weights.h5']
    """
    from multikeras.saving.atomic import atomic_directory, atomic_file
    from multikeras.saving.saving_lib import write_archive, write_directory

    if kwargs:
        raise TypeError(f"save_model: unexpected keyword argument(s) {sorted(kwargs)}.")
    path = os.fspath(filepath)
    if weights_format not in ("h5", "safetensors"):
        raise ValueError(f"save_model: weights_format must be 'h5' or 'safetensors', received {weights_format!r}.")
    zipped = True if zipped is None else zipped
    if zipped and not path.endswith(".keras"):
        if path.endswith(_LEGACY_H5):
            raise ValueError(
                f"save_model: the legacy HDF5 model format is not supported by multikeras; received filepath={path}. "
                "Use a `.keras` extension (the native Keras 3 format)."
            )
        raise ValueError(
            "save_model: invalid filepath extension for saving. Please add a `.keras` extension for the native "
            f"Keras format. Received: filepath={path}."
        )
    if not zipped and path.endswith(".keras"):
        raise ValueError(
            f"save_model: when using `zipped=False`, the `filepath` argument should not end in `.keras`. "
            f"Received: filepath={path}"
        )
    if not _may_write(path, overwrite):
        return
    if zipped:
        with atomic_file(path) as temporary:
            write_archive(model, temporary, weights_format=weights_format)
    else:
        with atomic_directory(path) as temporary:
            write_directory(model, temporary, weights_format=weights_format)


def load_model(
    filepath: str | os.PathLike,
    custom_objects: Mapping[str, Any] | None = None,
    compile: bool = True,
    safe_mode: bool = True,
) -> Any:
    """Load a model saved with :func:`save_model` or by Keras 3 (a ``.keras`` zip or folder).

    The model is rebuilt under the active backend, whatever backend saved it.
    Class names resolve only through registered classes and
    ``custom_objects``; no module named in the file is imported.

    Args:
        filepath: the ``.keras`` file, or a folder written with ``zipped=False``.
        custom_objects: ``{name: class or function}`` for the file's custom objects.
        compile: restore the compiled state (``compile_config``) through
            ``model.compile_from_config``; skipped for models without it.
        safe_mode: refuse configs that hold serialized code (``Lambda`` bytecode).

    Raises:
        ValueError: the file is missing, not a ``.keras`` archive, or names
            unknown classes.

    Example:
        >>> import os, tempfile, multikeras as mk
        >>> path = os.path.join(tempfile.mkdtemp(), "m.keras")
        >>> with mk.backend.use("numpy"):
        ...     mk.Sequential([mk.Input((2,)), mk.layers.Dense(1, name="d")]).save(path)
        ...     model = load_model(path)
        >>> type(model).__name__, model.layers[0].name
        ('Sequential', 'd')
    """
    from multikeras.saving.saving_lib import model_from_archive

    path = os.fspath(filepath)
    if not os.path.isdir(path):
        if path.endswith(_LEGACY_H5):
            raise ValueError(
                f"load_model: the legacy HDF5 model format (Keras 2 / tf.keras .h5) is not supported; received "
                f"filepath={path}. Expected a `.keras` file."
            )
        if not path.endswith(".keras"):
            raise ValueError(
                f"load_model: file format not supported: filepath={path}. Expected a `.keras` file (a zip) or a "
                "folder saved with zipped=False."
            )
        _check_archive(path, "load_model")
    return model_from_archive(path, custom_objects=custom_objects, compile=compile, safe_mode=safe_mode)


def _check_archive(path: str, where: str) -> None:
    from multikeras.saving.errors import SavedFileError

    if not os.path.isfile(path):
        raise ValueError(f"{where}: file not found: filepath={path}. Please ensure the file is an accessible `.keras` zip file.")
    if not zipfile.is_zipfile(path):
        raise SavedFileError(where, path, [("", "not a `.keras` zip file (it is not a zip archive)")])
