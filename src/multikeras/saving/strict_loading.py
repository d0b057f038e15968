"""Loading flat weights (safetensors files, in-memory transfers) only after every key, shape and dtype is checked.

The model says what it expects: the arrays its objects would save
(:func:`~multikeras.saving.saving_lib.save_weights_to_file` into a
:class:`~multikeras.saving.flat_weights.FlatWeightsFile`). The weights must
hold exactly those keys, with the same shapes and dtypes. Everything is
checked before the first variable is assigned, so a failed load leaves the
model as it was.

Two cases are not errors, as in Keras 3's loading of ``.weights.h5`` files:

* an optimizer whose variable count differs from the file's (one not built
  yet, or a file saved before training) is skipped with a warning;
* optimizer state in the file is ignored when the model has no optimizer
  (weights saved while training, loaded for inference).
"""

from __future__ import annotations

import os
import warnings
from typing import Any

from multikeras.layers.layer import Layer
from multikeras.saving import own_variables
from multikeras.saving.errors import SavedFileError
from multikeras.saving.flat_weights import FlatWeightsFile, weight_key
from multikeras.saving.object_tree import describe, is_saveable, walk

_OPTIMIZER = "optimizer"


def expected_weights(model: Any) -> FlatWeightsFile:
    """What ``model`` would save: its objects' arrays by path (host copies of the variables).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     model = mk.Sequential([mk.Input((2,)), mk.layers.Dense(1)])
        >>> sorted(expected_weights(model).tensors())
        ['layers/dense/vars/0', 'layers/dense/vars/1']
    """
    from multikeras.saving.saving_lib import save_weights_to_file

    weights = FlatWeightsFile()
    save_weights_to_file(model, weights)
    return weights


def find_mismatches(model: Any, weights: FlatWeightsFile) -> dict[str, list[tuple[str, str]]]:
    """Every difference between ``weights`` and what ``model`` expects, by object path.

    Returns:
        ``{object path: [(key, reason), ...]}``; empty when everything fits.
        Keys of objects the model does not have are listed under their own path.

    Example:
        >>> import numpy as np, multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     model = mk.Sequential([mk.Input((2,)), mk.layers.Dense(1)])
        ...     found = find_mismatches(model, FlatWeightsFile.from_tensors({"layers/dense/vars/0": np.zeros((2, 1), "float32")}))
        >>> found["layers/dense"][0][0]
        'layers/dense/vars/1'
    """
    expected = expected_weights(model)
    objects = dict(walk(model))
    problems: dict[str, list[tuple[str, str]]] = {}
    for path, obj in objects.items():
        wanted = expected.groups.get(path, {})
        stored = weights.groups.get(path, {})
        if not isinstance(obj, Layer) and len(wanted) != len(stored):
            continue  # an optimizer not built yet, or state the file lacks: skipped with a warning when loading
        found = _object_mismatches(obj, path, wanted, stored)
        if found:
            problems[path] = found
    has_optimizer = _OPTIMIZER in objects
    for path, stored in weights.groups.items():
        if path in objects or (not has_optimizer and path.split("/")[0] == _OPTIMIZER):
            continue
        problems[path] = [(weight_key(path, index), f"not expected: the model has no object at '{path}'")
                          for index in sorted(stored, key=int)]
    return problems


def _object_mismatches(obj: Any, path: str, wanted: dict, stored: dict) -> list[tuple[str, str]]:
    owner = describe(obj, path)
    names = _variable_names(obj)
    found = []
    for index, expected in _numeric_items(wanted):
        key = weight_key(path, index)
        variable = f"{owner}, variable '{names[int(index)]}'" if int(index) < len(names) else owner
        value = stored.get(index)
        if value is None:
            found.append((key, f"missing from the file; {variable} expects shape {expected.shape}, dtype {expected.dtype}"))
        elif value.shape != expected.shape:
            found.append((key, f"shape {value.shape} in the file; {variable} expects shape {expected.shape}"))
        elif value.dtype != expected.dtype:
            found.append((key, f"dtype {value.dtype} in the file; {variable} expects dtype {expected.dtype}"))
    for index, _ in _numeric_items(stored):
        if index not in wanted:
            found.append((weight_key(path, index), f"not expected: {owner} has {len(wanted)} variable(s)"))
    return found


def _numeric_items(values: dict) -> list:
    return sorted(values.items(), key=lambda item: int(item[0]))


def _variable_names(obj: Any) -> list[str]:
    """The paths of a layer's variables in file order, when it saves them the default way."""
    if isinstance(obj, Layer) and type(obj).save_own_variables is Layer.save_own_variables:
        return [v.path for v in own_variables.layer_variables_in_file_order(obj._own_variables())]
    return []


def load_flat_weights(
    model: Any,
    weights: FlatWeightsFile,
    where: str,
    filepath: str | os.PathLike | None,
    skip_mismatch: bool = False,
) -> None:
    """Check ``weights`` against ``model`` in full, then assign them.

    Args:
        model: a built model (or layer).
        weights: the weights to load.
        where: the public function, for messages (``"load_weights"``).
        filepath: the file they came from, for messages (``None``: in memory).
        skip_mismatch: load the objects that fit and warn about the others
            instead of raising.

    Raises:
        SavedFileError: a key is missing or unexpected, or a shape or dtype
            differs; nothing is assigned then.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     a = mk.Sequential([mk.Input((2,)), mk.layers.Dense(1)])
        ...     b = mk.Sequential([mk.Input((2,)), mk.layers.Dense(1)])
        ...     load_flat_weights(b, expected_weights(a), "example", None)
        ...     print((a.weights[0].numpy() == b.weights[0].numpy()).all())
        True
    """
    if isinstance(model, Layer) and not model.built:
        raise ValueError(
            f"{where}: model '{model.name}' is not built yet, so it has no variables to load into. "
            "Build it first: call it on data, or call model.build(input_shape)."
        )
    problems = find_mismatches(model, weights)
    listed = [problem for found in problems.values() for problem in found]
    if listed and not skip_mismatch:
        raise SavedFileError(where, filepath, listed, "Nothing was changed. Pass skip_mismatch=True to load the objects "
                                                      "that fit and skip the others.")
    for path, obj in walk(model):
        if path in problems:
            continue
        store = weights.get_store(path)
        if is_saveable(obj):
            obj.load_own_variables(store)
        else:
            own_variables.load_optimizer_variables(list(obj.variables), store, getattr(obj, "name", type(obj).__name__))
    if listed:
        source = "in memory" if filepath is None else repr(os.fspath(filepath))
        details = "\n".join(f"- {key!r}: {reason}" for key, reason in listed)
        warnings.warn(f"{where}: {source}: skipped (skip_mismatch=True) the objects at {sorted(problems)}:\n{details}",
                      stacklevel=3)

