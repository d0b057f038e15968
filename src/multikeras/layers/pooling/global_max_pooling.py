"""`GlobalMaxPooling1D`, `GlobalMaxPooling2D`, `GlobalMaxPooling3D`: the maximum over all spatial positions."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.layers.pooling.base_global_pooling import BaseGlobalPooling
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class GlobalMaxPooling1D(BaseGlobalPooling):
    """The maximum over the 1 spatial axis of ``(batch, steps, channels)`` inputs (or channels first).

    Args:
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        keepdims: keep the reduced axes with size 1 instead of returning ``(batch, channels)``.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     x = mk.ops.reshape(mk.ops.arange(6.0), (1, 3, 2))
        ...     y = GlobalMaxPooling1D()(x)
        >>> mk.ops.convert_to_numpy(y).tolist()
        [[4.0, 5.0]]
    """

    _rank = 1

    def __init__(self, data_format: str | None = None, keepdims: bool = False, **kwargs: Any):
        super().__init__(data_format=data_format, keepdims=keepdims, **kwargs)

    def call(self, inputs: Any) -> Any:
        return ops.max(inputs, axis=self._spatial_axes, keepdims=self.keepdims)


@register_builtin("keras.layers")
class GlobalMaxPooling2D(BaseGlobalPooling):
    """The maximum over the 2 spatial axises of ``(batch, height, width, channels)`` inputs (or channels first).

    Args:
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        keepdims: keep the reduced axes with size 1 instead of returning ``(batch, channels)``.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = GlobalMaxPooling2D(keepdims=True)(mk.ops.ones((2, 4, 5, 3)))
        >>> y.shape
        (2, 1, 1, 3)
    """

    _rank = 2

    def __init__(self, data_format: str | None = None, keepdims: bool = False, **kwargs: Any):
        super().__init__(data_format=data_format, keepdims=keepdims, **kwargs)

    def call(self, inputs: Any) -> Any:
        return ops.max(inputs, axis=self._spatial_axes, keepdims=self.keepdims)


@register_builtin("keras.layers")
class GlobalMaxPooling3D(BaseGlobalPooling):
    """The maximum over the 3 spatial axises of ``(batch, depth, height, width, channels)`` inputs (or channels first).

    Args:
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        keepdims: keep the reduced axes with size 1 instead of returning ``(batch, channels)``.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = GlobalMaxPooling3D(data_format="channels_first")(mk.ops.ones((2, 3, 2, 2, 2)))
        >>> y.shape
        (2, 3)
    """

    _rank = 3

    def __init__(self, data_format: str | None = None, keepdims: bool = False, **kwargs: Any):
        super().__init__(data_format=data_format, keepdims=keepdims, **kwargs)

    def call(self, inputs: Any) -> Any:
        return ops.max(inputs, axis=self._spatial_axes, keepdims=self.keepdims)


GlobalMaxPool1D = GlobalMaxPooling1D
GlobalMaxPool2D = GlobalMaxPooling2D
GlobalMaxPool3D = GlobalMaxPooling3D
