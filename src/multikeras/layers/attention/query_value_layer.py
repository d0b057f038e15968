"""`QueryValueLayer`: plumbing of layers called as ``layer(query, value, key=None, ...)``.

Such a layer builds from the shapes of three call arguments, where the base
:class:`~multikeras.layers.Layer` builds from the first one. As in Keras 3,
``build(query_shape, value_shape, key_shape=None)`` receives them by name and
the build config is ``{"shapes_dict": {"query_shape": ..., "value_shape": ...}}``
(plus ``"key_shape"`` when a key was given), so files move both ways.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from multikeras.layers.layer import Layer

_SHAPE_ARGUMENTS = ("query", "value", "key")


def _shape(value: Any) -> tuple[int | None, ...] | None:
    if value is None:
        return None
    shape = getattr(value, "shape", None)
    if shape is None:  # a nested list
        shape = np.shape(value)
    return tuple(None if d is None else int(d) for d in shape)


class QueryValueLayer(Layer):
    """A layer whose ``build`` takes ``(query_shape, value_shape, key_shape=None)``.

    Example:
        >>> import numpy as np, multikeras as mk
        >>> class Mix(QueryValueLayer):
        ...     def build(self, query_shape, value_shape, key_shape=None):
        ...         self.built = True
        ...     def call(self, query, value, key=None):
        ...         return query + mk.ops.sum(value, axis=1, keepdims=True)
        >>> with mk.backend.use("numpy"):
        ...     layer = Mix()
        ...     y = layer(np.ones((1, 2, 3)), np.ones((1, 4, 3)))
        >>> y.shape, layer.get_build_config()
        ((1, 2, 3), {'shapes_dict': {'query_shape': (1, 2, 3), 'value_shape': (1, 4, 3)}})
    """

    def build(self, query_shape: Any, value_shape: Any, key_shape: Any = None) -> None:
        self.built = True

    def _maybe_build(self, args: tuple, kwargs: dict[str, Any]) -> None:
        if self.built:
            return
        shapes = {}
        for index, name in enumerate(_SHAPE_ARGUMENTS):
            value = args[index] if index < len(args) else kwargs.get(name)
            if value is None and name != "key":
                raise ValueError(
                    f"{type(self).__name__} '{self.name}': expected a `{name}` argument (called as "
                    f"layer(query, value, key=None, ...)), received {len(args)} positional argument(s) and "
                    f"keyword arguments {sorted(kwargs)}."
                )
            shapes[f"{name}_shape"] = _shape(value)
        self._bind_backend()
        self.build(**shapes)
        self._build_shapes = {name: shape for name, shape in shapes.items() if shape is not None}
        self.built = True

    def get_build_config(self) -> dict[str, Any] | None:
        """``{"shapes_dict": {"query_shape": ..., "value_shape": ..., ["key_shape": ...]}}`` once built."""
        if not isinstance(self._build_shapes, dict):
            return None
        return {"shapes_dict": dict(self._build_shapes)}

    def build_from_config(self, config: dict[str, Any]) -> None:
        shapes = config.get("shapes_dict")
        if shapes is None or self.built:
            return
        shapes = {name: None if shape is None else tuple(shape) for name, shape in shapes.items()}
        self.build(**shapes)
        self._build_shapes = {name: shape for name, shape in shapes.items() if shape is not None}
        self.built = True
