"""`ZeroPadding1D/2D/3D`: add zeros at the start and end of spatial axes."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.layers.convolutional import conv_utils
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.reshaping.reshaping_utils import ReshapingLayer, normalize_pairs
from multikeras.saving.object_registration import register_builtin


class BaseZeroPadding(ReshapingLayer):
    """Pad ``(before, after)`` zeros on each spatial axis; subclasses set ``_rank``."""

    _rank = 1

    def __init__(self, padding: Any, data_format: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.padding = normalize_pairs(padding, self._rank, "padding", self)
        self.data_format = conv_utils.standardize_data_format(data_format, self)
        self.input_spec = InputSpec(ndim=self._rank + 2)

    def _pad_width(self) -> list[tuple[int, int]]:
        width = [(0, 0)] * (self._rank + 2)
        for axis, pair in zip(conv_utils.spatial_axes(self._rank, self.data_format), self.padding):
            width[axis] = pair
        return width

    def call(self, inputs: Any) -> Any:
        return ops.pad(inputs, self._pad_width())

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return tuple(
            None if size is None else size + before + after for size, (before, after) in zip(input_shape, self._pad_width())
        )

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config["padding"] = self.padding[0] if self._rank == 1 else self.padding
        config["data_format"] = self.data_format
        return config


@register_builtin("keras.layers")
class ZeroPadding1D(BaseZeroPadding):
    """Pad the steps axis of ``(batch, steps, features)`` inputs with zeros.

    Args:
        padding: an int (the same at both ends) or ``(start, end)`` ints >= 0.
        data_format: ``"channels_last"`` (steps on axis 1), ``"channels_first"``
            (steps on axis 2) or ``None`` (the global default).
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = ZeroPadding1D((1, 2))(mk.ops.ones((1, 2, 1)))
        >>> y[0, :, 0].tolist()
        [0.0, 1.0, 1.0, 0.0, 0.0]
    """

    _rank = 1

    def __init__(self, padding: Any = 1, data_format: str | None = None, **kwargs: Any):
        super().__init__(padding, data_format=data_format, **kwargs)


@register_builtin("keras.layers")
class ZeroPadding2D(BaseZeroPadding):
    """Pad the rows and columns of images with zeros.

    Args:
        padding: an int (all four sides), ``(rows, cols)`` symmetric amounts, or
            ``((top, bottom), (left, right))``.
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = ZeroPadding2D(((1, 0), (2, 1)))(mk.ops.ones((2, 3, 3, 1)))
        >>> y.shape
        (2, 4, 6, 1)
    """

    _rank = 2

    def __init__(self, padding: Any = (1, 1), data_format: str | None = None, **kwargs: Any):
        super().__init__(padding, data_format=data_format, **kwargs)


@register_builtin("keras.layers")
class ZeroPadding3D(BaseZeroPadding):
    """Pad the three spatial axes of volumes with zeros.

    Args:
        padding: an int (all sides), three symmetric amounts, or three ``(start, end)`` pairs.
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = ZeroPadding3D(1, data_format="channels_first")(mk.ops.ones((1, 2, 2, 2, 2)))
        >>> y.shape
        (1, 2, 4, 4, 4)
    """

    _rank = 3

    def __init__(self, padding: Any = ((1, 1), (1, 1), (1, 1)), data_format: str | None = None, **kwargs: Any):
        super().__init__(padding, data_format=data_format, **kwargs)
