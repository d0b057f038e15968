"""`MaxPooling1D`, `MaxPooling2D`, `MaxPooling3D`: maximum over sliding windows."""

from __future__ import annotations

from typing import Any

from multikeras.layers.pooling.base_pooling import BasePooling
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class MaxPooling1D(BasePooling):
    """Maximum over windows along 1 spatial axis: inputs ``(batch, steps, channels)`` (or channels first).

    Args:
        pool_size: an int or a tuple of 1 int: the window size.
        strides: an int, a tuple of 1 int, or ``None`` (``pool_size``).
        padding: ``"valid"`` or ``"same"``.
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     x = mk.ops.reshape(mk.ops.convert_to_tensor([1.0, 3.0, 2.0, 0.0, 5.0]), (1, 5, 1))
        ...     y = MaxPooling1D(2, strides=1)(x)
        >>> mk.ops.convert_to_numpy(y)[0, :, 0].tolist()
        [3.0, 3.0, 2.0, 5.0]
    """

    _rank = 1
    _pool_mode = "max"

    def __init__(
        self,
        pool_size: int | tuple[int] = 2,
        strides: int | tuple[int] | None = None,
        padding: str = "valid",
        data_format: str | None = None,
        **kwargs: Any,
    ):
        super().__init__(pool_size, strides=strides, padding=padding, data_format=data_format, **kwargs)


@register_builtin("keras.layers")
class MaxPooling2D(BasePooling):
    """Maximum over windows along 2 spatial axes: inputs ``(batch, height, width, channels)`` (or channels first).

    Args:
        pool_size: an int or a tuple of 2 ints: the window size.
        strides: an int, a tuple of 2 ints, or ``None`` (``pool_size``).
        padding: ``"valid"`` or ``"same"``.
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = MaxPooling2D((2, 2), padding="same")(mk.ops.ones((2, 5, 5, 3)))
        >>> y.shape
        (2, 3, 3, 3)
    """

    _rank = 2
    _pool_mode = "max"

    def __init__(
        self,
        pool_size: int | tuple[int, int] = (2, 2),
        strides: int | tuple[int, int] | None = None,
        padding: str = "valid",
        data_format: str | None = None,
        **kwargs: Any,
    ):
        super().__init__(pool_size, strides=strides, padding=padding, data_format=data_format, **kwargs)


@register_builtin("keras.layers")
class MaxPooling3D(BasePooling):
    """Maximum over windows along 3 spatial axes: inputs ``(batch, depth, height, width, channels)``.

    Channels-first inputs are ``(batch, channels, depth, height, width)``.

    Args:
        pool_size: an int or a tuple of 3 ints: the window size.
        strides: an int, a tuple of 3 ints, or ``None`` (``pool_size``).
        padding: ``"valid"`` or ``"same"``.
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = MaxPooling3D(2, data_format="channels_first")(mk.ops.ones((1, 3, 4, 4, 4)))
        >>> y.shape
        (1, 3, 2, 2, 2)
    """

    _rank = 3
    _pool_mode = "max"

    def __init__(
        self,
        pool_size: int | tuple[int, int, int] = (2, 2, 2),
        strides: int | tuple[int, int, int] | None = None,
        padding: str = "valid",
        data_format: str | None = None,
        **kwargs: Any,
    ):
        super().__init__(pool_size, strides=strides, padding=padding, data_format=data_format, **kwargs)


MaxPool1D = MaxPooling1D
MaxPool2D = MaxPooling2D
MaxPool3D = MaxPooling3D
