"""Moving a model to another backend in memory: same config, bit-identical weights, the same optimizer state.

:func:`to_backend` rebuilds the model from its config under the target
backend (``compile_from_config`` too, when the model is compiled), then
copies every variable through NumPy on the host, using the same object tree
and checks as loading a safetensors file: every key, shape and dtype must
match before anything is assigned. Assets (an adapted vocabulary) are handed
over as a ``.keras`` file would hold them. Nothing is written to disk.
"""

from __future__ import annotations

from typing import Any

from multikeras.saving import object_registration, serialization_lib
from multikeras.saving.assets import collect_assets, restore_assets
from multikeras.saving.object_tree import walk
from multikeras.saving.strict_loading import expected_weights, load_flat_weights


def _classes_in(model: Any) -> dict[str, type]:
    """The model's own classes that the registry does not know, by class name (for deserializing in process)."""
    found: dict[str, type] = {}
    for _, obj in walk(model):
        cls = type(obj)
        if object_registration.builtin_location(cls) is None and object_registration.get_registered_object(
                object_registration.get_registered_name(cls)) is not cls:
            found.setdefault(cls.__name__, cls)
    return found


def _rebuild(model: Any, source_config: dict[str, Any]) -> Any:
    """The model of ``source_config`` under the active backend, built as ``model`` was."""
    clone = serialization_lib.deserialize_keras_object(source_config, custom_objects=_classes_in(model), safe_mode=False)
    build_shapes = getattr(model, "_build_shapes", None)
    one_shape = isinstance(build_shapes, (list, tuple)) and all(d is None or isinstance(d, int) for d in build_shapes)
    if getattr(model, "built", False) and len(clone.weights) < len(model.weights) and one_shape:
        # A subclassed model whose build() does not create its sub-layers: build it by a symbolic call, as
        # its first real call did.
        from multikeras.layers.core.input_layer import Input

        clone.built = False
        clone(Input(batch_shape=tuple(build_shapes)))
    return clone


def to_backend(model: Any, name: str) -> Any:
    """A copy of ``model`` bound to backend ``name``, with bit-identical weights and optimizer state.

    The copy is rebuilt from ``model``'s config (classes defined in this
    process need no registration) and, when ``model`` is compiled, compiled
    from its compile config; when its optimizer is built, the copy's
    optimizer is built and its variables (``iterations``, slots) copied too.
    Values travel through NumPy, so they are bit for bit the same. The
    original model is not changed.

    Args:
        model: a model (built, or built from its config).
        name: the target backend, one of :func:`multikeras.backend.available`.

    Returns:
        The new model, bound to ``name``.

    Raises:
        ValueError: ``name`` is not an available backend, or the rebuilt model's
            variables do not match (a
            :class:`~multikeras.saving.errors.SavedFileError` naming each key).

    Example:
        >>> import numpy as np, multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     model = mk.Sequential([mk.Input((2,)), mk.layers.Dense(1)])
        >>> copy = to_backend(model, "numpy")
        >>> copy is model, all((a == b).all() for a, b in zip(model.get_weights(), copy.get_weights()))
        (False, True)
    """
    from multikeras import backend

    if name not in backend.available():
        raise ValueError(
            f"to_backend: received name={name!r}, which is not an available backend; expected one of "
            f"{backend.available()}." + (f" ({name!r} is installed but unusable: {backend.unavailable()[name]})"
                                           if name in backend.unavailable() else "")
        )
    config = serialization_lib.serialize_keras_object(model)
    get_compile_config = getattr(model, "get_compile_config", None)
    compile_config = get_compile_config() if callable(get_compile_config) else None
    weights = expected_weights(model)
    assets = collect_assets(model)
    optimizer = getattr(model, "optimizer", None)
    with backend.use(name):
        clone = _rebuild(model, config)
        if compile_config is not None and callable(getattr(clone, "compile_from_config", None)):
            clone.compile_from_config(compile_config)
            new_optimizer = getattr(clone, "optimizer", None)
            if getattr(optimizer, "built", False) and new_optimizer is not None and not new_optimizer.built:
                new_optimizer.build(clone.trainable_variables)
        load_flat_weights(clone, weights, "to_backend", None)
        restore_assets(clone, assets)
    return clone
