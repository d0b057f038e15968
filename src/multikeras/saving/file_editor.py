"""``KerasFileEditor``: inspect and edit the weights of a ``.keras`` or ``.weights.h5`` file without the model.

The weights file is a tree of HDF5 groups (:mod:`multikeras.saving.h5_store`):
an *object* is a group with a ``vars`` subgroup holding its variables as
datasets ``"0"``, ``"1"`` ...; other groups (``layers``) only contain objects.
The editor reads the whole tree into memory as NumPy arrays, edits it there,
and writes a new ``.weights.h5`` file, which ``model.load_weights`` reads in
multikeras and in Keras 3.

Objects are addressed by their path in the file (``"layers/dense_1"``,
``"optimizer"``), or by the last part of the path alone (``"dense_1"``) when
that names exactly one group.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator, Mapping
from typing import Any

import h5py
import numpy as np

from multikeras.saving.archive_reader import KerasArchive
from multikeras.saving.atomic import atomic_file
from multikeras.saving.h5_store import _NUMERIC_KINDS, VARS, H5VarsStore, H5WeightsFile

_WHERE = "KerasFileEditor"


def _read_tree(data: Any, filepath: str, max_dataset_bytes: int | None) -> tuple[dict[str, Any], dict[str, dict]]:
    """``(weights_dict, object_metadata)`` of an HDF5 weights file (a path or a binary file object)."""
    tree: dict[str, Any] = {}
    metadata: dict[str, dict] = {}

    def visit(group: h5py.Group, path: str, node: dict[str, Any]) -> None:
        own = group.get(VARS)
        if isinstance(own, h5py.Group):
            name = own.attrs.get("name")
            metadata["/" + path] = {} if name is None else {"name": name.decode() if isinstance(name, bytes) else str(name)}
            store = H5VarsStore(own, f"{path}/{VARS}" if path else VARS, max_dataset_bytes)
            for key in store:
                node[key] = store[key]
        for key, item in group.items():
            if key != VARS and isinstance(item, h5py.Group):
                child: dict[str, Any] = {}
                node[key] = child
                visit(item, f"{path}/{key}" if path else key, child)

    try:
        with h5py.File(data, "r") as file:
            visit(file, "", tree)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ValueError(f"{_WHERE}: {filepath!r} is not a readable weights file ({type(error).__name__}: {error}).") from None
    return tree, metadata


def _read_safetensors_tree(data: bytes, filepath: str) -> tuple[dict[str, Any], dict[str, dict]]:
    """``(weights_dict, object_metadata)`` of the safetensors weights of a ``.keras`` archive.

    Keys are ``"<object path>/vars/<index>"``; object names come from the
    header's ``object_names`` (multikeras writes it), else the path's last part.
    Objects without variables have no key, so they do not appear.
    """
    from multikeras.saving.safetensors_format import read_safetensors

    weights = read_safetensors(data, filepath, _WHERE)
    tree: dict[str, Any] = {}
    metadata: dict[str, dict] = {}
    for path, values in weights.groups.items():
        node = tree
        for part in _split(path):
            node = node.setdefault(part, {})
        for key in sorted(values, key=_weight_order):
            node[key] = values[key]
        name = weights.names.get(path)  # from the header's object_names, when the file has them
        metadata["/" + path] = {"name": name if name is not None else (path.rsplit("/", 1)[-1] or "model")}
    return tree, metadata


def _as_weights(weights: Any, where: str) -> dict[str, np.ndarray]:
    """Check the ``weights`` argument of ``add_object`` / ``add_weights``: a dict of name -> array of numbers."""
    if not isinstance(weights, Mapping):
        raise ValueError(
            f"{_WHERE}.{where}: weights must be a dict mapping weight names ('0', '1', ...) to arrays; "
            f"received {type(weights).__name__}."
        )
    checked: dict[str, np.ndarray] = {}
    for key, value in weights.items():
        if not isinstance(key, str) or not key or "/" in key or key == VARS:
            raise ValueError(f"{_WHERE}.{where}: weight name {key!r} must be a non-empty string without '/' "
                             f"(and not {VARS!r}), such as '0'.")
        array = np.asarray(value)
        if array.dtype.kind not in _NUMERIC_KINDS:
            raise ValueError(f"{_WHERE}.{where}: weight {key!r} has dtype {array.dtype}; expected an array of numbers.")
        checked[key] = array
    return checked


def _split(path: str) -> list[str]:
    return [part for part in path.strip("/").split("/") if part]


class KerasFileEditor:
    """Inspect and edit the weights saved in a ``.keras`` or ``.weights.h5`` file, without building the model.

    Use it to adapt an old weights file to a changed architecture: rename,
    delete or add objects (layers, the optimizer...) and their weights, check
    the result against a model with :meth:`compare`, then write it with
    :meth:`save` and load it with ``model.load_weights``.

    Attributes:
        filepath: the file that was opened.
        metadata: ``metadata.json`` of a ``.keras`` file (``None`` for a
            weights file).
        config: ``config.json`` of a ``.keras`` file (``None`` for a weights
            file). Edits change the weights only, never the config.
        weights_dict: the weights as nested dicts: one dict per group of the
            file (``weights_dict["layers"]["dense"]``), holding the object's
            own variables as NumPy arrays under ``"0"``, ``"1"`` ... and the
            objects nested in it as dicts.
        object_metadata: ``"/<object path>"`` -> ``{"name": <object name>}``
            for every object (group with variables) of the file.

    Args:
        filepath: a ``.keras`` file (zip) or folder, with ``.weights.h5`` or
            safetensors weights, or a ``.weights.h5`` file.

    Example:
        >>> import os, tempfile, numpy as np, multikeras as mk
        >>> folder = tempfile.mkdtemp()
        >>> with mk.backend.use("numpy"):
        ...     model = mk.Sequential([mk.Input((3,)), mk.layers.Dense(2)])
        ...     model.save(os.path.join(folder, "m.keras"))
        >>> editor = KerasFileEditor(os.path.join(folder, "m.keras"))
        >>> editor.weights_dict["layers"]["dense"]["0"].shape
        (3, 2)
        >>> editor.delete_object("dense")  # the new model's first Dense starts afresh
        >>> editor.add_object("layers/dense", {"0": np.ones((3, 4), "float32"), "1": np.zeros(4, "float32")})
        >>> editor.save(os.path.join(folder, "edited.weights.h5"))
        >>> with mk.backend.use("numpy"):
        ...     new = mk.Sequential([mk.Input((3,)), mk.layers.Dense(4)])
        ...     new.load_weights(os.path.join(folder, "edited.weights.h5"))
        ...     print(new.layers[0].kernel.numpy().sum())
        12.0
    """

    def __init__(self, filepath: str | os.PathLike):
        self.filepath = os.fspath(filepath)
        self.metadata: dict[str, Any] | None = None
        self.config: dict[str, Any] | None = None
        if self.filepath.endswith(".weights.h5"):
            if not os.path.isfile(self.filepath):
                raise FileNotFoundError(f"{_WHERE}: no file {self.filepath!r}.")
            self.weights_dict, self.object_metadata = _read_tree(self.filepath, self.filepath, None)
            return
        if not (self.filepath.endswith(".keras") or os.path.isdir(self.filepath)):
            raise ValueError(f"{_WHERE}: {self.filepath!r} is neither a '.keras' file nor a '.weights.h5' file.")
        from multikeras.saving.saving_lib import _dataset_budget

        with KerasArchive(self.filepath, _WHERE) as archive:
            self.metadata = archive.read_json("metadata.json")
            self.config = archive.read_json("config.json")
            entry = archive.weights_entry
            data = archive.read(entry)
        if entry == "model.weights.safetensors":
            self.weights_dict, self.object_metadata = _read_safetensors_tree(data, f"{self.filepath}/{entry}")
        else:
            self.weights_dict, self.object_metadata = _read_tree(io.BytesIO(data), f"{self.filepath}/{entry}",
                                                                 _dataset_budget(len(data)))

    # Addressing ----------------------------------------------------------------------

    def _groups(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every group of the tree, ``(path, node)``, parents first (the root, path ``""``, excluded)."""
        stack: list[tuple[str, dict[str, Any]]] = [("", self.weights_dict)]
        while stack:
            path, node = stack.pop(0)
            for key, value in node.items():
                if isinstance(value, dict):
                    child = f"{path}/{key}" if path else key
                    yield child, value
                    stack.append((child, value))

    def _node(self, path: str) -> dict[str, Any] | None:
        node: Any = self.weights_dict
        for part in _split(path):
            node = node.get(part) if isinstance(node, dict) else None
            if not isinstance(node, dict):
                return None
        return node

    def _resolve(self, object_name: str, where: str) -> str:
        """The path of the group named by ``object_name``: a path with '/', or a name that ends exactly one path."""
        if not isinstance(object_name, str) or not _split(object_name):
            raise ValueError(f"{_WHERE}.{where}: expected an object name or path such as 'layers/dense'; "
                             f"received {object_name!r}.")
        if "/" in object_name.strip("/"):
            path = "/".join(_split(object_name))
            if self._node(path) is None:
                raise ValueError(f"{_WHERE}.{where}: the file has no object at path {object_name!r}. "
                                 f"Objects: {self._object_listing()}.")
            return path
        name = object_name.strip("/")
        matches = [path for path, _ in self._groups() if path.rsplit("/", 1)[-1] == name]
        if not matches:
            raise ValueError(f"{_WHERE}.{where}: no object named {object_name!r} in the file. "
                             f"Objects: {self._object_listing()}.")
        if len(matches) > 1:
            raise ValueError(f"{_WHERE}.{where}: the name {object_name!r} matches {len(matches)} objects: {matches}; "
                             "pass the full path instead.")
        return matches[0]

    def _object_listing(self) -> list[str]:
        return [path for path, _ in self._groups()]

    def _parent(self, path: str) -> tuple[dict[str, Any], str]:
        *parents, last = _split(path)
        node = self._node("/".join(parents))
        assert node is not None
        return node, last

    # Inspecting --------------------------------------------------------------------------

    def summary(self) -> None:
        """Print the file's tree of objects, with the shape and dtype of every weight.

        Example:
            >>> import os, tempfile, multikeras as mk
            >>> path = os.path.join(tempfile.mkdtemp(), "m.weights.h5")
            >>> with mk.backend.use("numpy"):
            ...     mk.Sequential([mk.Input((3,)), mk.layers.Dense(2)]).save_weights(path)
            >>> KerasFileEditor(path).summary()  # doctest: +ELLIPSIS
            Weights file '...m.weights.h5'
            Weights structure
            └─ layers
                └─ dense
                    ├─ 0: shape=(3, 2), dtype=float32
                    └─ 1: shape=(2,), dtype=float32
        """
        lines = [f"Keras model file {self.filepath!r}" if self.metadata is not None
                 else f"Weights file {self.filepath!r}"]
        if self.metadata is not None:
            version = self.metadata.get("keras_version", "?")
            saved = self.metadata.get("date_saved", "?")
            by = self.metadata.get("multikeras_version")
            lines.append(f"Saved with Keras {version} format" + (f" by multikeras {by}" if by else "") + f" - date: {saved}")
        lines.append("Weights structure")
        lines += self._tree_lines(self.weights_dict, "")
        print("\n".join(lines))

    def _tree_lines(self, node: dict[str, Any], indent: str) -> list[str]:
        lines = []
        items = list(node.items())
        for i, (key, value) in enumerate(items):
            last = i == len(items) - 1
            branch, below = ("└─ ", "    ") if last else ("├─ ", "│   ")
            if isinstance(value, dict):
                lines.append(f"{indent}{branch}{key}")
                lines += self._tree_lines(value, indent + below)
            else:
                lines.append(f"{indent}{branch}{key}: shape={tuple(value.shape)}, dtype={value.dtype}")
        return lines

    def compare(self, reference_model: Any) -> dict[str, Any]:
        """Check the file against ``reference_model``: which objects and weights are missing or differ in shape.

        Objects with no weights on either side are not compared; dtypes are
        not compared (loading casts to the variable's dtype). Each mismatch
        is printed.

        Args:
            reference_model: a built model (it need not be on any particular backend).

        Returns:
            ``{"status": "success" | "error", "error_count": int, "match_count": int}``:
            ``match_count`` counts the weights present in both with the same shape.

        Example:
            >>> import os, tempfile, multikeras as mk
            >>> path = os.path.join(tempfile.mkdtemp(), "m.weights.h5")
            >>> with mk.backend.use("numpy"):
            ...     model = mk.Sequential([mk.Input((3,)), mk.layers.Dense(2)])
            ...     model.save_weights(path)
            ...     KerasFileEditor(path).compare(model)  # doctest: +ELLIPSIS
            Comparing ... with model 'sequential...'
            Compatible: 2 weight(s) match
            {'status': 'success', 'error_count': 0, 'match_count': 2}
        """
        from multikeras.saving.saving_lib import save_weights_to_file

        buffer = io.BytesIO()
        with H5WeightsFile(buffer, "w") as weights_file:
            save_weights_to_file(reference_model, weights_file)
        buffer.seek(0)
        reference, _ = _read_tree(buffer, "reference model", None)
        own = _objects(self.weights_dict)
        expected = _objects(reference)
        errors: list[str] = []
        matches = 0
        for path in sorted(set(own) | set(expected), key=lambda p: (p not in expected, p)):
            in_file, in_model = own.get(path, {}), expected.get(path, {})
            if not in_file and not in_model:
                continue
            if path not in own or not in_file:
                errors.append(f"object /{path} is in the model ({sorted(in_model, key=_weight_order)}) but not in the file")
                continue
            if path not in expected or not in_model:
                errors.append(f"object /{path} is in the file ({sorted(in_file, key=_weight_order)}) but not in the model")
                continue
            for key in sorted(set(in_file) | set(in_model), key=_weight_order):
                if key not in in_file:
                    errors.append(f"weight /{path}/{key} is in the model but not in the file")
                elif key not in in_model:
                    errors.append(f"weight /{path}/{key} is in the file but not in the model")
                elif in_file[key].shape != in_model[key].shape:
                    errors.append(f"weight /{path}/{key}: shape {in_file[key].shape} in the file, "
                                  f"{in_model[key].shape} in the model")
                else:
                    matches += 1
        lines = [f"Comparing {self.filepath!r} with model {getattr(reference_model, 'name', '?')!r}"]
        lines += [f"- {error}" for error in errors]
        lines.append(f"Not compatible: {len(errors)} error(s), {matches} weight(s) match" if errors
                     else f"Compatible: {matches} weight(s) match")
        print("\n".join(lines))
        return {"status": "error" if errors else "success", "error_count": len(errors), "match_count": matches}

    # Editing -----------------------------------------------------------------------------

    def rename_object(self, object_name: str, new_name: str) -> None:
        """Rename the object (or group) ``object_name`` (a name or a path) to ``new_name``, in its place.

        Raises:
            ValueError: no such object, an ambiguous name, or ``new_name``
                already taken next to it (nothing is overwritten).

        Example:
            >>> editor = KerasFileEditor.__new__(KerasFileEditor)
            >>> editor.weights_dict, editor.object_metadata = {"layers": {"dense": {}}}, {"/layers/dense": {"name": "d"}}
            >>> editor.rename_object("dense", "dense_2")
            >>> editor.weights_dict, editor.object_metadata
            ({'layers': {'dense_2': {}}}, {'/layers/dense_2': {'name': 'd'}})
        """
        path = self._resolve(object_name, "rename_object")
        if not isinstance(new_name, str) or not new_name or "/" in new_name or new_name == VARS:
            raise ValueError(f"{_WHERE}.rename_object: the new name must be a non-empty string without '/' "
                             f"(and not {VARS!r}); received {new_name!r}.")
        parent, old = self._parent(path)
        if new_name == old:
            return
        if new_name in parent:
            raise ValueError(f"{_WHERE}.rename_object: cannot rename '/{path}' to {new_name!r}: the name is taken "
                             "there already (delete that object first).")
        # Keep the order of the parent's entries: the new name takes the old one's place.
        items = [(new_name if key == old else key, value) for key, value in parent.items()]
        parent.clear()
        parent.update(items)
        new_path = "/".join([*_split(path)[:-1], new_name])
        self.object_metadata = {_moved(key, path, new_path): value for key, value in self.object_metadata.items()}

    def delete_object(self, object_name: str) -> None:
        """Remove the object (or group) ``object_name`` (a name or a path) and everything under it.

        Example:
            >>> editor = KerasFileEditor.__new__(KerasFileEditor)
            >>> editor.weights_dict, editor.object_metadata = {"layers": {"a": {}, "b": {}}}, {"/layers/a": {}}
            >>> editor.delete_object("layers/a")
            >>> editor.weights_dict, editor.object_metadata
            ({'layers': {'b': {}}}, {})
        """
        path = self._resolve(object_name, "delete_object")
        parent, last = self._parent(path)
        del parent[last]
        self.object_metadata = {key: value for key, value in self.object_metadata.items()
                                if key != "/" + path and not key.startswith(f"/{path}/")}

    def add_object(self, object_path: str, weights: Mapping[str, Any]) -> None:
        """Add a new object at the full path ``object_path``, holding ``weights`` (a dict name -> array).

        Missing groups on the way are created. Arrays are stored with their
        own dtype (loading casts them to the variable's dtype).

        Raises:
            ValueError: something is at ``object_path`` already, or ``weights``
                is not a dict of arrays of numbers.

        Example:
            >>> editor = KerasFileEditor.__new__(KerasFileEditor)
            >>> editor.weights_dict, editor.object_metadata = {"layers": {}}, {}
            >>> editor.add_object("layers/dense", {"0": np.ones((2, 3))})
            >>> editor.weights_dict["layers"]["dense"]["0"].shape, editor.object_metadata
            ((2, 3), {'/layers/dense': {'name': 'dense'}})
        """
        checked = _as_weights(weights, "add_object")
        parts = _split(object_path) if isinstance(object_path, str) else []
        if not parts or VARS in parts:
            raise ValueError(f"{_WHERE}.add_object: expected the full path of the new object, such as 'layers/dense_2'; "
                             f"received {object_path!r}.")
        node = self.weights_dict
        for depth, part in enumerate(parts[:-1]):
            value = node.setdefault(part, {})
            if not isinstance(value, dict):
                raise ValueError(f"{_WHERE}.add_object: '/{'/'.join(parts[:depth + 1])}' is a weight, not a group.")
            node = value
        if parts[-1] in node:
            raise ValueError(f"{_WHERE}.add_object: the file has '/{'/'.join(parts)}' already; delete it first or use "
                             "add_weights.")
        node[parts[-1]] = dict(checked)
        self.object_metadata["/" + "/".join(parts)] = {"name": parts[-1]}

    def delete_weight(self, object_name: str, weight_name: str) -> None:
        """Remove the weight ``weight_name`` (``"0"``, ``"1"`` ...) of the object ``object_name``.

        Example:
            >>> editor = KerasFileEditor.__new__(KerasFileEditor)
            >>> editor.weights_dict, editor.object_metadata = {"dense": {"0": np.ones(2), "1": np.ones(2)}}, {}
            >>> editor.delete_weight("dense", "1")
            >>> list(editor.weights_dict["dense"])
            ['0']
        """
        path = self._resolve(object_name, "delete_weight")
        node = self._node(path)
        assert node is not None
        weights = [key for key, value in node.items() if not isinstance(value, dict)]
        if weight_name not in weights:
            raise ValueError(f"{_WHERE}.delete_weight: object '/{path}' has no weight {weight_name!r}; "
                             f"its weights: {weights}.")
        del node[weight_name]

    def add_weights(self, object_name: str, weights: Mapping[str, Any]) -> None:
        """Add ``weights`` (a dict name -> array) to the existing object ``object_name``.

        Raises:
            ValueError: no such object, or a weight of that name exists
                already (delete it first; nothing is overwritten).

        Example:
            >>> editor = KerasFileEditor.__new__(KerasFileEditor)
            >>> editor.weights_dict, editor.object_metadata = {"dense": {"0": np.ones(2)}}, {}
            >>> editor.add_weights("dense", {"1": np.zeros(2)})
            >>> list(editor.weights_dict["dense"])
            ['0', '1']
        """
        checked = _as_weights(weights, "add_weights")
        path = self._resolve(object_name, "add_weights")
        node = self._node(path)
        assert node is not None
        taken = sorted(set(checked) & set(node))
        if taken:
            raise ValueError(f"{_WHERE}.add_weights: object '/{path}' has {taken} already; delete them first "
                             "with delete_weight.")
        node.update(checked)
        self.object_metadata.setdefault("/" + path, {"name": path.rsplit("/", 1)[-1]})

    # Writing -----------------------------------------------------------------------------

    def save(self, filepath: str | os.PathLike) -> None:
        """Write the edited weights as a ``.weights.h5`` file (atomically: a failed write leaves the old file).

        Every object keeps its name (the ``name`` attribute of its ``vars``
        group); Keras 3 and multikeras both load the file with
        ``model.load_weights``.

        Example:
            >>> import os, tempfile, multikeras as mk
            >>> folder = tempfile.mkdtemp()
            >>> with mk.backend.use("numpy"):
            ...     model = mk.Sequential([mk.Input((3,)), mk.layers.Dense(2)])
            ...     model.save_weights(os.path.join(folder, "a.weights.h5"))
            >>> editor = KerasFileEditor(os.path.join(folder, "a.weights.h5"))
            >>> editor.weights_dict["layers"]["dense"]["1"][:] = 5.0
            >>> editor.save(os.path.join(folder, "b.weights.h5"))
            >>> with mk.backend.use("numpy"):
            ...     model.load_weights(os.path.join(folder, "b.weights.h5"))
            ...     print(model.layers[0].bias.numpy().tolist())
            [5.0, 5.0]
        """
        target = os.fspath(filepath)
        if not target.endswith(".weights.h5"):
            raise ValueError(f"{_WHERE}.save: the file name must end in '.weights.h5'; received {target!r}.")
        with atomic_file(target) as temporary:
            with H5WeightsFile(temporary, "w") as weights_file:
                self._write(weights_file, "", self.weights_dict)

    def resave_weights(self, filepath: str | os.PathLike) -> None:
        """The same as :meth:`save`: write the edited weights as a ``.weights.h5`` file.

        Example:
            >>> KerasFileEditor.resave_weights.__doc__.startswith("The same as")
            True
        """
        self.save(filepath)

    def _write(self, weights_file: H5WeightsFile, path: str, node: dict[str, Any]) -> None:
        own = {key: value for key, value in node.items() if not isinstance(value, dict)}
        known = self.object_metadata.get("/" + path)  # the root object is "/"
        if own or known is not None:
            name = (known or {}).get("name") or (path.rsplit("/", 1)[-1] if path else "model")
            store = weights_file.make_store(path, name)
            for key, value in own.items():
                store[key] = np.asarray(value)
        for key, value in node.items():
            if isinstance(value, dict):
                self._write(weights_file, f"{path}/{key}" if path else key, value)

    def __repr__(self) -> str:
        return f"<KerasFileEditor {self.filepath!r}: {len(_objects(self.weights_dict))} object(s)>"


def _objects(tree: dict[str, Any]) -> dict[str, dict[str, np.ndarray]]:
    """``path -> {weight name: array}`` for every group of ``tree`` (an empty dict for groups without weights)."""
    found: dict[str, dict[str, np.ndarray]] = {}

    def visit(node: dict[str, Any], path: str) -> None:
        found[path] = {key: value for key, value in node.items() if not isinstance(value, dict)}
        for key, value in node.items():
            if isinstance(value, dict):
                visit(value, f"{path}/{key}" if path else key)

    visit(tree, "")
    return found


def _weight_order(key: str) -> tuple[bool, int, str]:
    """Sort key of weight names: numbers in numeric order ("10" after "9"), then other names."""
    return (not key.isdigit(), int(key) if key.isdigit() else 0, key)


def _moved(key: str, old: str, new: str) -> str:
    """``object_metadata`` key ``key`` after the group at ``old`` moved to ``new``."""
    if key == "/" + old:
        return "/" + new
    if key.startswith(f"/{old}/"):
        return f"/{new}/{key[len(old) + 2:]}"
    return key
