"""The Keras 3 file formats: weights files (``.weights.h5``) and model archives (``.keras``).

A ``.keras`` archive is a zip file (or, with ``zipped=False``, a folder)
holding three entries:

* ``metadata.json``: ``keras_version`` (the Keras 3 release whose format is
  written), ``date_saved``, and multikeras's additions
  ``multikeras_version``, ``multikeras_backend`` (the backend the model
  was bound to when saved) and ``multikeras_framework_version`` (that
  backend's framework version);
* ``config.json``: ``serialize_keras_object(model)``, plus ``compile_config``
  when the model is compiled;
* ``model.weights.h5``: the weights file, in the layout of
  :mod:`multikeras.saving.object_tree` and :mod:`multikeras.saving.h5_store`;
  or, saved with ``weights_format="safetensors"``, ``model.weights.safetensors``
  (:mod:`multikeras.saving.safetensors_format`, same weight names).

Weights are NumPy arrays on the host, so a file saved on one backend loads
on any other. Class names in ``config.json`` resolve only through the
registry (:mod:`multikeras.saving.object_registration`).
"""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import os
import warnings
import zipfile
from collections.abc import Iterator, Mapping
from typing import Any

from multikeras.layers.layer import Layer
from multikeras.saving import object_registration, own_variables, serialization_lib
from multikeras.saving.archive_reader import KerasArchive, current_limits
from multikeras.saving.assets import PREFIX as ASSETS_PREFIX
from multikeras.saving.assets import collect_assets, restore_assets
from multikeras.saving.errors import SavedFileError
from multikeras.saving.h5_store import H5VarsStore, H5WeightsFile
from multikeras.saving.object_tree import describe, is_saveable, walk
from multikeras.state.allocation_budget import allocation_budget
from multikeras.state.deferred_initialization import deferred_initialization

KERAS_FORMAT_VERSION = "3.15.1"
"""The Keras 3 release whose file layout this module reads and writes (written as ``keras_version``)."""
METADATA_FILENAME = "metadata.json"
CONFIG_FILENAME = "config.json"
WEIGHTS_FILENAME = "model.weights.h5"
SAFETENSORS_WEIGHTS_FILENAME = "model.weights.safetensors"
MULTIKERAS_FORMAT_VERSION = 1
"""The version of multikeras's additions to the archive (``multikeras_format_version`` in ``metadata.json``)."""
_FIXED_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


# Weights -----------------------------------------------------------------------


def save_weights_to_file(model: Any, weights_file: H5WeightsFile) -> None:
    """Write the variables of ``model`` and of every saveable object under it into ``weights_file``.

    Example:
        >>> import io, multikeras as mk
        >>> buffer = io.BytesIO()
        >>> with mk.backend.use("numpy"):
        ...     model = mk.Sequential([mk.Input((2,)), mk.layers.Dense(1, name="d")])
        ...     with H5WeightsFile(buffer, "w") as f:
        ...         save_weights_to_file(model, f)
        >>> with H5WeightsFile(buffer, "r") as f:
        ...     print(f.get_store("layers/dense")["0"].shape)
        (2, 1)
    """
    for path, obj in walk(model):
        store = weights_file.make_store(path, _name_of(obj))
        if is_saveable(obj):
            obj.save_own_variables(store)
        else:  # an optimizer without the saving methods: its variables in their order
            own_variables.save_variables(list(obj.variables), store)


def load_weights_from_file(model: Any, weights_file: H5WeightsFile, skip_mismatch: bool = False) -> None:
    """Load ``weights_file`` into ``model``, object by object, matching the file's tree.

    Layers using the default ``load_own_variables`` are checked (variable
    count and shapes) before any variable changes: a mismatch fails the whole
    load with nothing changed, unless ``skip_mismatch``, which loads
    everything else and warns about those layers. Objects with their own
    ``load_own_variables`` (the optimizer, special layers) check as they
    load. Groups of the file the model does not have are ignored, as in
    Keras 3; an optimizer whose variable count differs is skipped with a
    warning (see :func:`~multikeras.saving.own_variables.load_optimizer_variables`).

    Raises:
        ValueError: the model is not built, or some objects do not match
            (the message names each one, with the expected and stored shapes).

    Example:
        >>> import io, multikeras as mk
        >>> buffer = io.BytesIO()
        >>> with mk.backend.use("numpy"):
        ...     a = mk.Sequential([mk.Input((2,)), mk.layers.Dense(1)])
        ...     b = mk.Sequential([mk.Input((2,)), mk.layers.Dense(1)])
        ...     with H5WeightsFile(buffer, "w") as f:
        ...         save_weights_to_file(a, f)
        ...     with H5WeightsFile(buffer, "r") as f:
        ...         load_weights_from_file(b, f)
        ...     print((a.weights[0].numpy() == b.weights[0].numpy()).all())
        True
    """
    if isinstance(model, Layer) and not model.built:
        raise ValueError(
            f"load_weights: model '{model.name}' is not built yet, so it has no variables to load into. "
            "Build it first: call it on data, or call model.build(input_shape)."
        )
    entries = [(path, obj, weights_file.get_store(path)) for path, obj in walk(model)]
    problems: list[str] = []
    checked: list[tuple[str, Any, H5VarsStore]] = []
    for path, obj, store in entries:
        problem = _precheck(obj, path, store)
        if problem is None:
            checked.append((path, obj, store))
        else:
            problems.append(problem)
    if problems and not skip_mismatch:
        raise ValueError(_mismatch_message(problems, skip_mismatch))
    for path, obj, store in checked:
        try:
            if is_saveable(obj):
                obj.load_own_variables(store)
            else:
                own_variables.load_optimizer_variables(list(obj.variables), store, _name_of(obj))
        except ValueError as error:  # an overridden load_own_variables rejected its values
            if not skip_mismatch:
                raise ValueError(f"load_weights: could not load {describe(obj, path)}: {error}") from error
            problems.append(f"{describe(obj, path)}: {error}")
    if problems:
        warnings.warn(_mismatch_message(problems, skip_mismatch), stacklevel=3)


def _precheck(obj: Any, path: str, store: H5VarsStore) -> str | None:
    """The mismatch of a layer using the default ``load_own_variables``, found before anything is assigned."""
    if isinstance(obj, Layer) and type(obj).load_own_variables is Layer.load_own_variables:
        variables = own_variables.layer_variables_in_file_order(obj._own_variables())
        return own_variables.variables_mismatch(variables, store, describe(obj, path))
    return None


def _mismatch_message(problems: list[str], skipped: bool) -> str:
    action = "were skipped (skip_mismatch=True)" if skipped else "could not be loaded; nothing was changed"
    listing = "\n".join(f"- {problem}" for problem in problems)
    hint = "" if skipped else "\nPass skip_mismatch=True to load the objects that match and skip these."
    return f"load_weights: {len(problems)} object(s) {action}:\n{listing}{hint}"


def _name_of(obj: Any) -> str:
    name = getattr(obj, "name", None)
    return name if isinstance(name, str) else type(obj).__name__


# Archives ----------------------------------------------------------------------


def model_config(model: Any) -> dict[str, Any]:
    """``config.json``: the model's serialized config, with ``compile_config`` when compiled.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     model = mk.Sequential([mk.Input((2,)), mk.layers.Dense(1)])
        >>> model_config(model)["class_name"]
        'Sequential'
    """
    config = serialization_lib.serialize_keras_object(model)
    get_compile_config = getattr(model, "get_compile_config", None)
    compile_config = get_compile_config() if callable(get_compile_config) else None
    if compile_config is not None:
        config["compile_config"] = serialization_lib.serialize_keras_object(compile_config)
    return config


def model_metadata(model: Any) -> dict[str, Any]:
    """``metadata.json``: Keras 3's keys plus the multikeras version and the backend the model is bound to.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     model = mk.Sequential([mk.Input((2,)), mk.layers.Dense(1)])
        ...     metadata = model_metadata(model)
        >>> metadata["keras_version"], metadata["multikeras_backend"]
        ('3.15.1', 'numpy')
    """
    from multikeras import __version__
    from multikeras.backend.selection import current

    backend = getattr(model, "_backend", None) or current()
    return {
        "keras_version": KERAS_FORMAT_VERSION,
        "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S"),
        "multikeras_version": __version__,
        "multikeras_backend": backend.name,
        "multikeras_framework_version": backend.framework_version,
        "multikeras_format_version": MULTIKERAS_FORMAT_VERSION,
    }


def _weights_bytes(model: Any) -> bytes:
    buffer = io.BytesIO()
    with H5WeightsFile(buffer, "w") as weights_file:
        save_weights_to_file(model, weights_file)
    return buffer.getvalue()


def write_archive(model: Any, path: str, weights_format: str = "h5") -> None:
    """Write the ``.keras`` zip of ``model`` to ``path`` (not atomically: saving_api wraps it).

    Example:
        >>> import os, tempfile, zipfile, multikeras as mk
        >>> path = os.path.join(tempfile.mkdtemp(), "m.keras")
        >>> with mk.backend.use("numpy"):
        ...     write_archive(mk.Sequential([mk.Input((2,)), mk.layers.Dense(1)]), path)
        >>> [info.date_time[0] for info in zipfile.ZipFile(path).infolist()][:2]
        [1980, 1980]
    """
    entries = _archive_entries(model, weights_format)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        for name in (METADATA_FILENAME, CONFIG_FILENAME):
            info = zipfile.ZipInfo(name, date_time=_FIXED_ZIP_DATE)
            info.external_attr = 0o600 << 16
            archive.writestr(info, entries.pop(name))
        for name, data in entries.items():
            archive.writestr(name, data)


def write_directory(model: Any, path: str, weights_format: str = "h5") -> None:
    """Write the three entries of a ``.keras`` archive as files of the existing folder ``path``.

    Example:
        >>> import os, tempfile, multikeras as mk
        >>> folder = tempfile.mkdtemp()
        >>> with mk.backend.use("numpy"):
        ...     write_directory(mk.Sequential([mk.Input((2,)), mk.layers.Dense(1)]), folder)
        >>> sorted(os.listdir(folder))
        ['config.json', 'metadata.json', 'model.weights.h5']
    """
    for name, data in _archive_entries(model, weights_format).items():
        target = os.path.join(path, *name.split("/"))
        os.makedirs(os.path.dirname(target), exist_ok=True)  # assets/<object path>/...
        with open(target, "wb") as file:
            file.write(data)


def _archive_entries(model: Any, weights_format: str = "h5") -> dict[str, bytes]:
    entries = {
        METADATA_FILENAME: json.dumps(model_metadata(model)).encode(),
        CONFIG_FILENAME: json.dumps(model_config(model)).encode(),
    }
    if weights_format == "safetensors":
        from multikeras.saving.safetensors_format import safetensors_bytes

        entries[SAFETENSORS_WEIGHTS_FILENAME] = safetensors_bytes(model)
    else:
        entries[WEIGHTS_FILENAME] = _weights_bytes(model)
    entries.update(collect_assets(model))
    return entries


def archive_names(path: str) -> list[str]:
    """The entries of the ``.keras`` zip or folder at ``path`` (after the checks of :class:`KerasArchive`).

    Example:
        >>> import os, tempfile, multikeras as mk
        >>> path = os.path.join(tempfile.mkdtemp(), "m.keras")
        >>> with mk.backend.use("numpy"):
        ...     mk.Sequential([mk.Input((2,)), mk.layers.Dense(1)]).save(path, weights_format="safetensors")
        >>> sorted(archive_names(path))
        ['config.json', 'metadata.json', 'model.weights.safetensors']
    """
    with KerasArchive(path, "load_model") as archive:
        return list(archive.names)


def read_archive_weights(path: str, where: str = "load_weights") -> tuple[str, bytes]:
    """``(entry name, bytes)`` of the weights of the archive at ``path``: the h5 or the safetensors entry.

    Raises:
        SavedFileError: the archive is damaged or breaks the layout (it holds
            neither weights entry, or both: which one to trust is unclear).

    Example:
        >>> import os, tempfile, multikeras as mk
        >>> path = os.path.join(tempfile.mkdtemp(), "m.keras")
        >>> with mk.backend.use("numpy"):
        ...     mk.Sequential([mk.Input((2,)), mk.layers.Dense(1)]).save(path)
        >>> read_archive_weights(path)[0]
        'model.weights.h5'
    """
    with KerasArchive(path, where) as archive:
        return archive.weights_entry, archive.read(archive.weights_entry)


def read_archive_entry(path: str, name: str, where: str = "load_model") -> bytes:
    """The bytes of entry ``name`` of the ``.keras`` zip or folder at ``path``.

    Raises:
        SavedFileError: the archive is damaged, or the entry is missing (the
            message lists what the archive holds).

    Example:
        >>> import os, tempfile, multikeras as mk
        >>> path = os.path.join(tempfile.mkdtemp(), "m.keras")
        >>> with mk.backend.use("numpy"):
        ...     mk.Sequential([mk.Input((2,)), mk.layers.Dense(1)]).save(path)
        >>> json.loads(read_archive_entry(path, "config.json"))["class_name"]
        'Sequential'
    """
    with KerasArchive(path, where) as archive:
        return archive.read(name)


def read_metadata(path: str) -> dict[str, Any]:
    """``metadata.json`` of the archive at ``path``.

    Example:
        >>> import os, tempfile, multikeras as mk
        >>> path = os.path.join(tempfile.mkdtemp(), "m.keras")
        >>> with mk.backend.use("numpy"):
        ...     mk.Sequential([mk.Input((2,)), mk.layers.Dense(1)]).save(path)
        >>> read_metadata(path)["multikeras_backend"]
        'numpy'
    """
    with KerasArchive(path, "load_model") as archive:
        return archive.read_json(METADATA_FILENAME)


def _version_tuple(value: Any) -> tuple[int, ...] | None:
    if not isinstance(value, str):
        return None
    numbers = []
    for part in value.split(".")[:3]:
        digits = ""
        for char in part:
            if not char.isdigit():
                break
            digits += char
        if not digits:
            return None if not numbers else tuple(numbers)
        numbers.append(int(digits))
    return tuple(numbers)


def check_metadata(metadata: Any, filepath: str, where: str) -> None:
    """Refuse a ``metadata.json`` that is not an object, or written by a format newer than this library reads.

    ``keras_version`` may be any Keras 3 release (the 3.x format is stable);
    a major version above 3 is refused. ``multikeras_format_version``, when
    present, must not exceed :data:`MULTIKERAS_FORMAT_VERSION`. Absent keys
    are accepted (hand-written archives).

    Raises:
        SavedFileError: naming ``metadata.json`` and the key.

    Example:
        >>> check_metadata({"keras_version": "3.9.0"}, "m.keras", "load_model")
        >>> check_metadata({"keras_version": "4.0.0"}, "m.keras", "load_model")
        Traceback (most recent call last):
        ...
        multikeras.saving.errors.SavedFileError: load_model: 'm.keras': 'metadata.json': keras_version '4.0.0' is from a newer Keras format than this version of multikeras reads (Keras 3.x, written as 3.15.1); upgrade multikeras
    """
    entry = METADATA_FILENAME
    if not isinstance(metadata, dict):
        raise SavedFileError(where, filepath, [(entry, f"expected a JSON object, found {type(metadata).__name__}")])
    if "keras_version" in metadata:
        version = _version_tuple(metadata["keras_version"])
        if version is None:
            raise SavedFileError(where, filepath, [(entry, f"keras_version {metadata['keras_version']!r} is not a "
                                                           "version string such as '3.15.1'")])
        if version[0] > int(KERAS_FORMAT_VERSION.split(".")[0]):
            raise SavedFileError(where, filepath, [(entry, f"keras_version {metadata['keras_version']!r} is from a "
                                                           "newer Keras format than this version of multikeras reads "
                                                           f"(Keras 3.x, written as {KERAS_FORMAT_VERSION}); upgrade multikeras")])
    if "multikeras_format_version" in metadata:
        value = metadata["multikeras_format_version"]
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise SavedFileError(where, filepath, [(entry, f"multikeras_format_version {value!r} is not a positive integer")])
        if value > MULTIKERAS_FORMAT_VERSION:
            raise SavedFileError(where, filepath, [(entry, f"multikeras_format_version {value} is newer than this "
                                                           f"version of multikeras reads ({MULTIKERAS_FORMAT_VERSION}); "
                                                           "upgrade multikeras")])


_CONTENT_ERRORS = (ValueError, TypeError, KeyError, IndexError, AttributeError, LookupError, OSError,
                   ArithmeticError, RecursionError, MemoryError, zipfile.BadZipFile, AssertionError)
"""What rebuilding a model from a damaged or hand-edited config, or reading damaged weights, can raise."""


@contextlib.contextmanager
def file_content_errors(where: str, filepath: str, entry: str) -> Iterator[None]:
    """Turn an error raised while using entry ``entry`` of a file into a :class:`SavedFileError` naming them.

    Example:
        >>> with file_content_errors("load_model", "m.keras", "config.json"):
        ...     int("x")
        Traceback (most recent call last):
        ...
        multikeras.saving.errors.SavedFileError: load_model: 'm.keras': 'config.json': ValueError: invalid literal for int() with base 10: 'x'
    """
    try:
        yield
    except SavedFileError:
        raise
    except _CONTENT_ERRORS as error:
        raise SavedFileError(where, filepath, [(entry, f"{type(error).__name__}: {error}")]) from error


def load_archive_weights(model: Any, path: str, where: str = "load_weights", skip_mismatch: bool = False) -> None:
    """Load the weights entry of the archive at ``path`` into ``model`` (``model.load_weights("m.keras")``).

    Raises:
        SavedFileError: a damaged archive or weights entry, or weights that do
            not fit (for h5 weights, checked layer by layer before assigning).

    Example:
        >>> import os, tempfile, multikeras as mk
        >>> path = os.path.join(tempfile.mkdtemp(), "m.keras")
        >>> with mk.backend.use("numpy"):
        ...     a = mk.Sequential([mk.Input((2,)), mk.layers.Dense(1)])
        ...     a.save(path)
        ...     b = mk.Sequential([mk.Input((2,)), mk.layers.Dense(1)])
        ...     load_archive_weights(b, path)
        ...     print((a.weights[0].numpy() == b.weights[0].numpy()).all())
        True
    """
    with KerasArchive(path, where) as archive:
        check_metadata(archive.read_json(METADATA_FILENAME), path, where)
        entry, weights = archive.weights_entry, archive.read(archive.weights_entry)
    _load_weights_bytes(model, entry, weights, path, where, skip_mismatch)


def _load_weights_bytes(model: Any, entry: str, weights: bytes, path: str, where: str, skip_mismatch: bool) -> None:
    if entry == SAFETENSORS_WEIGHTS_FILENAME:
        from multikeras.saving.safetensors_format import load_safetensors

        with file_content_errors(where, path, entry):
            load_safetensors(model, weights, f"{path}/{entry}", where, skip_mismatch=skip_mismatch)
        return
    with file_content_errors(where, path, entry):
        with H5WeightsFile(io.BytesIO(weights), "r", max_dataset_bytes=_dataset_budget(len(weights))) as weights_file:
            load_weights_from_file(model, weights_file, skip_mismatch=skip_mismatch)


def _dataset_budget(entry_size: int) -> int:
    """The largest dataset an h5 entry of ``entry_size`` bytes may declare (filters could inflate it)."""
    limits = current_limits()
    return int(min(limits.max_entry_bytes, max(entry_size, limits.ratio_floor_bytes) * limits.max_compression_ratio))


def model_from_archive(
    path: str, custom_objects: Mapping[str, Any] | None = None, compile: bool = True, safe_mode: bool = True
) -> Any:
    """Rebuild the model of the ``.keras`` zip or folder at ``path`` and load its weights.

    The model is built under the active backend, whatever backend saved it.
    ``compile=True`` restores the compiled state from ``compile_config``
    through ``model.compile_from_config`` when the model class has it (then
    builds the optimizer so its saved state loads); a model class without it
    is returned uncompiled. The archive is checked first
    (:class:`~multikeras.saving.archive_reader.KerasArchive`), then
    ``metadata.json`` (:func:`check_metadata`); ``safe_mode`` comes from the
    caller only, never from the file.

    Raises:
        SavedFileError: anything wrong with the file, naming the entry.

    Example:
        >>> import os, tempfile, multikeras as mk
        >>> path = os.path.join(tempfile.mkdtemp(), "m.keras")
        >>> with mk.backend.use("numpy"):
        ...     mk.Sequential([mk.Input((2,)), mk.layers.Dense(1)], name="small").save(path)
        ...     print(model_from_archive(path).name)
        small
    """
    where = "load_model"
    with KerasArchive(path, where) as archive:
        check_metadata(archive.read_json(METADATA_FILENAME), path, where)
        config = archive.read_json(CONFIG_FILENAME)
        entry, weights = archive.weights_entry, archive.read(archive.weights_entry)
        assets = {name: archive.read(name) for name in archive.names if name.startswith(ASSETS_PREFIX) and not name.endswith("/")}
    if not isinstance(config, dict):
        raise SavedFileError(where, path, [(CONFIG_FILENAME, f"expected a JSON object, found {type(config).__name__}")])
    compile_config = config.pop("compile_config", None)
    budget = current_limits().variable_budget(len(weights))
    reason = f"the size of the file's {entry!r} ({len(weights)} bytes; see ArchiveLimits.variable_bytes_ratio)"
    deferred = deferred_initialization()  # the file's weights replace the initial values: draw none of them
    with file_content_errors(where, path, CONFIG_FILENAME), allocation_budget(budget, reason), deferred as pending:
        with object_registration.custom_object_scope(custom_objects or {}):
            model = serialization_lib.deserialize_keras_object(config, custom_objects=custom_objects, safe_mode=safe_mode)
            if compile and compile_config:  # Keras 3 writes {} for a model that was never compiled
                scoped = serialization_lib.in_safe_mode()  # an enclosing scope or the global switch wins, as above
                with serialization_lib.SafeModeScope(safe_mode if scoped is None else scoped):
                    _restore_compiled_state(model, compile_config)
    _load_weights_bytes(model, entry, weights, path, where, skip_mismatch=False)
    pending.finish()  # variables the file did not cover get their real initial values
    with file_content_errors(where, path, ASSETS_PREFIX):
        restore_assets(model, assets)  # only objects with load_assets are visited
    return model


def _restore_compiled_state(model: Any, compile_config: Any) -> None:
    compile_from_config = getattr(model, "compile_from_config", None)
    if not callable(compile_from_config):
        return
    compile_from_config(compile_config)
    optimizer = getattr(model, "optimizer", None)
    # The optimizer's slots must exist for its saved state to load into them.
    if optimizer is not None and getattr(optimizer, "built", True) is False and callable(getattr(optimizer, "build", None)):
        optimizer.build(model.trainable_variables)
