"""`UpSampling1D/2D/3D`: enlarge spatial axes by repeating entries (or interpolating, in 2D)."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.layers.convolutional import conv_utils
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.reshaping.reshaping_utils import ReshapingLayer, normalize_sizes, where
from multikeras.saving.object_registration import register_builtin

INTERPOLATIONS = ("nearest", "bilinear", "bicubic", "lanczos3", "lanczos5", "area")
"""UpSampling2D's interpolations: those of ``ops.image.resize``."""


class BaseUpSampling(ReshapingLayer):
    """Repeat each entry ``size[i]`` times along spatial axis ``i``; subclasses set ``_rank``."""

    _rank = 1

    def __init__(self, size: Any, data_format: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.size = normalize_sizes(size, self._rank, "size", self)
        self.data_format = conv_utils.standardize_data_format(data_format, self)
        self.input_spec = InputSpec(ndim=self._rank + 2)

    def _axes(self) -> tuple[int, ...]:
        return conv_utils.spatial_axes(self._rank, self.data_format)

    def call(self, inputs: Any) -> Any:
        for axis, factor in zip(self._axes(), self.size):
            if factor > 1:
                inputs = ops.repeat(inputs, factor, axis=axis)
        return inputs

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        shape = list(input_shape)
        for axis, factor in zip(self._axes(), self.size):
            shape[axis] = None if shape[axis] is None else shape[axis] * factor
        return tuple(shape)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config["size"] = self.size
        config["data_format"] = self.data_format
        return config


@register_builtin("keras.layers")
class UpSampling1D(BaseUpSampling):
    """Repeat each step of ``(batch, steps, features)`` inputs ``size`` times.

    Args:
        size: a positive int.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = UpSampling1D(2)(mk.ops.convert_to_tensor([[[1.0], [2.0]]]))
        >>> y[0, :, 0].tolist()
        [1.0, 1.0, 2.0, 2.0]
    """

    _rank = 1

    def __init__(self, size: int = 2, **kwargs: Any):
        super().__init__(size, data_format="channels_last", **kwargs)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config["size"] = self.size[0]
        del config["data_format"]
        return config


@register_builtin("keras.layers")
class UpSampling2D(BaseUpSampling):
    """Enlarge images by ``size`` along rows and columns.

    Args:
        size: a positive int or ``(rows, cols)`` factors.
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        interpolation: ``"nearest"`` (repeat each pixel) or one of ``ops.image.resize``'s
            interpolations (``"bilinear"``, ``"bicubic"``, ``"lanczos3"``, ``"lanczos5"``, ``"area"``).
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = UpSampling2D((1, 2))(mk.ops.reshape(mk.ops.arange(4.0), (1, 2, 2, 1)))
        >>> y[0, :, :, 0].tolist()
        [[0.0, 0.0, 1.0, 1.0], [2.0, 2.0, 3.0, 3.0]]
    """

    _rank = 2

    def __init__(self, size: Any = (2, 2), data_format: str | None = None, interpolation: str = "nearest",
                 **kwargs: Any):
        super().__init__(size, data_format=data_format, **kwargs)
        if interpolation not in INTERPOLATIONS:
            raise ValueError(
                f"{where(self)}: `interpolation` must be one of {INTERPOLATIONS}, received "
                f"interpolation={interpolation!r}."
            )
        self.interpolation = interpolation

    def call(self, inputs: Any) -> Any:
        if self.interpolation == "nearest":
            return super().call(inputs)
        shape = ops.shape(inputs)
        rows, cols = self._axes()
        return ops.image.resize(
            inputs, (shape[rows] * self.size[0], shape[cols] * self.size[1]), interpolation=self.interpolation,
            data_format=self.data_format,
        )

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config["interpolation"] = self.interpolation
        return config


@register_builtin("keras.layers")
class UpSampling3D(BaseUpSampling):
    """Enlarge volumes by ``size`` along the three spatial axes (by repetition).

    Args:
        size: a positive int or three factors.
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = UpSampling3D((1, 2, 3))(mk.ops.ones((1, 2, 2, 2, 4)))
        >>> y.shape
        (1, 2, 4, 6, 4)
    """

    _rank = 3

    def __init__(self, size: Any = (2, 2, 2), data_format: str | None = None, **kwargs: Any):
        super().__init__(size, data_format=data_format, **kwargs)
