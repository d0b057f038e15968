"""`AveragePooling1D`, `AveragePooling2D`, `AveragePooling3D`: average over sliding windows."""

from __future__ import annotations

from typing import Any

from multikeras.layers.pooling.base_pooling import BasePooling
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class AveragePooling1D(BasePooling):
    """Average over windows along 1 spatial axis: inputs ``(batch, steps, channels)`` (or channels first).

    Args:
        pool_size: an int or a tuple of 1 int: the window size.
        strides: an int, a tuple of 1 int, or ``None`` (``pool_size``).
        padding: ``"valid"`` or ``"same"`` (with ``"same"`` a window averages only the input values it covers).
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     x = mk.ops.reshape(mk.ops.convert_to_tensor([1.0, 3.0, 2.0, 0.0, 5.0]), (1, 5, 1))
        ...     y = AveragePooling1D(2, padding="same")(x)
        >>> mk.ops.convert_to_numpy(y)[0, :, 0].tolist()
        [2.0, 1.0, 5.0]
    """

    _rank = 1
    _pool_mode = "average"

    def __init__(
        self,
        pool_size: int | tuple[int],
        strides: int | tuple[int] | None = None,
        padding: str = "valid",
        data_format: str | None = None,
        **kwargs: Any,
    ):
        super().__init__(pool_size, strides=strides, padding=padding, data_format=data_format, **kwargs)


@register_builtin("keras.layers")
class AveragePooling2D(BasePooling):
    """Average over windows along 2 spatial axes: inputs ``(batch, height, width, channels)`` (or channels first).

    Args:
        pool_size: an int or a tuple of 2 ints: the window size.
        strides: an int, a tuple of 2 ints, or ``None`` (``pool_size``).
        padding: ``"valid"`` or ``"same"`` (with ``"same"`` a window averages only the input values it covers).
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = AveragePooling2D(3, strides=2)(mk.ops.ones((2, 7, 7, 3)))
        >>> y.shape
        (2, 3, 3, 3)
    """

    _rank = 2
    _pool_mode = "average"

    def __init__(
        self,
        pool_size: int | tuple[int, int],
        strides: int | tuple[int, int] | None = None,
        padding: str = "valid",
        data_format: str | None = None,
        **kwargs: Any,
    ):
        super().__init__(pool_size, strides=strides, padding=padding, data_format=data_format, **kwargs)


@register_builtin("keras.layers")
class AveragePooling3D(BasePooling):
    """Average over windows along 3 spatial axes: inputs ``(batch, depth, height, width, channels)``.

    Channels-first inputs are ``(batch, channels, depth, height, width)``.

    Args:
        pool_size: an int or a tuple of 3 ints: the window size.
        strides: an int, a tuple of 3 ints, or ``None`` (``pool_size``).
        padding: ``"valid"`` or ``"same"`` (with ``"same"`` a window averages only the input values it covers).
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = AveragePooling3D((1, 2, 2))(mk.ops.ones((1, 2, 4, 4, 3)))
        >>> y.shape
        (1, 2, 2, 2, 3)
    """

    _rank = 3
    _pool_mode = "average"

    def __init__(
        self,
        pool_size: int | tuple[int, int, int],
        strides: int | tuple[int, int, int] | None = None,
        padding: str = "valid",
        data_format: str | None = None,
        **kwargs: Any,
    ):
        super().__init__(pool_size, strides=strides, padding=padding, data_format=data_format, **kwargs)


AvgPool1D = AveragePooling1D
AvgPool2D = AveragePooling2D
AvgPool3D = AveragePooling3D
