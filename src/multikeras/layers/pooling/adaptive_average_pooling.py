"""`AdaptiveAveragePooling1D`, `AdaptiveAveragePooling2D`, `AdaptiveAveragePooling3D`: average to a fixed size."""

from __future__ import annotations

from typing import Any

from multikeras.layers.pooling.base_adaptive_pooling import BaseAdaptivePooling
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class AdaptiveAveragePooling1D(BaseAdaptivePooling):
    """The mean of each bin of a grid of ``output_size`` bins over 1 spatial axis, whatever the input size.

    Inputs are ``(batch, steps, channels)`` (``(batch, channels, steps)`` with
    ``data_format="channels_first"``). Each output cell is the mean of its bin (floatx for integer and bool inputs).
    Bin ``i`` of an axis of length ``n`` pooled to ``o`` cells spans positions
    ``floor(i * n / o)`` to ``ceil((i + 1) * n / o) - 1``.

    Args:
        output_size: an int or a tuple of 1 int, each > 0: the spatial size of the output.
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     x = mk.ops.reshape(mk.ops.convert_to_tensor([1.0, 3.0, 2.0, 6.0, 4.0]), (1, 5, 1))
        ...     y = AdaptiveAveragePooling1D(2)(x)  # bins: positions 0-2 and 2-4
        >>> mk.ops.convert_to_numpy(y)[0, :, 0].tolist()
        [2.0, 4.0]
    """

    _rank = 1
    _pool_mode = "average"

    def __init__(self, output_size: int | tuple[int], data_format: str | None = None, **kwargs: Any):
        super().__init__(output_size, data_format=data_format, **kwargs)


@register_builtin("keras.layers")
class AdaptiveAveragePooling2D(BaseAdaptivePooling):
    """The mean of each bin of a grid of ``output_size`` bins over 2 spatial axes, whatever the input size.

    Inputs are ``(batch, height, width, channels)`` (``(batch, channels, height, width)`` with
    ``data_format="channels_first"``). Each output cell is the mean of its bin (floatx for integer and bool inputs).
    Bin ``i`` of an axis of length ``n`` pooled to ``o`` cells spans positions
    ``floor(i * n / o)`` to ``ceil((i + 1) * n / o) - 1``.

    Args:
        output_size: an int or a tuple of 2 ints, each > 0: the spatial size of the output.
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = AdaptiveAveragePooling2D((3, 4))(mk.ops.ones((2, 7, 10, 3)))
        >>> y.shape
        (2, 3, 4, 3)
    """

    _rank = 2
    _pool_mode = "average"

    def __init__(self, output_size: int | tuple[int, int], data_format: str | None = None, **kwargs: Any):
        super().__init__(output_size, data_format=data_format, **kwargs)


@register_builtin("keras.layers")
class AdaptiveAveragePooling3D(BaseAdaptivePooling):
    """The mean of each bin of a grid of ``output_size`` bins over 3 spatial axes, whatever the input size.

    Inputs are ``(batch, depth, height, width, channels)`` (``(batch, channels, depth, height, width)`` with
    ``data_format="channels_first"``). Each output cell is the mean of its bin (floatx for integer and bool inputs).
    Bin ``i`` of an axis of length ``n`` pooled to ``o`` cells spans positions
    ``floor(i * n / o)`` to ``ceil((i + 1) * n / o) - 1``.

    Args:
        output_size: an int or a tuple of 3 ints, each > 0: the spatial size of the output.
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = AdaptiveAveragePooling3D(2, data_format="channels_first")(mk.ops.ones((1, 2, 5, 6, 7)))
        >>> y.shape
        (1, 2, 2, 2, 2)
    """

    _rank = 3
    _pool_mode = "average"

    def __init__(self, output_size: int | tuple[int, int, int], data_format: str | None = None, **kwargs: Any):
        super().__init__(output_size, data_format=data_format, **kwargs)
