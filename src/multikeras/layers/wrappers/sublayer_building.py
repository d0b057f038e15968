"""Building a layer held by another layer, from a shape the holder computed."""

from __future__ import annotations

from multikeras.layers.layer import Layer


def build_sublayer(layer: Layer, shape: tuple[int | None, ...]) -> None:
    """Build ``layer`` for inputs of ``shape`` as a first call would (backend bound, build shapes recorded,
    weights given to its constructor applied); nothing if it is built already.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     dense = mk.layers.Dense(2)
        ...     build_sublayer(dense, (None, 3))
        >>> dense.built, tuple(dense.kernel.shape)
        (True, (3, 2))
    """
    if layer.built:
        return
    layer._bind_backend()
    layer.build(shape)
    layer._build_shapes = shape
    layer.built = True
    if layer._initial_weights is not None:
        layer.set_weights(layer._initial_weights)
        layer._initial_weights = None
