"""`GlobalAveragePooling1D`, `GlobalAveragePooling2D`, `GlobalAveragePooling3D`: the mean over all spatial positions."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.layers.pooling.base_global_pooling import BaseGlobalPooling
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class GlobalAveragePooling1D(BaseGlobalPooling):
    """The mean over the time axis of ``(batch, steps, channels)`` inputs (or channels first).

    With a ``mask`` of shape ``(batch, steps)`` (given, or propagated from an earlier layer such as
    ``Embedding(mask_zero=True)``), only the unmasked steps are averaged; a sample whose steps are
    all masked gives NaN, as in Keras. The output carries no mask.

    Args:
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        keepdims: keep the reduced axes with size 1 instead of returning ``(batch, channels)``.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     x = mk.ops.reshape(mk.ops.arange(6.0), (1, 3, 2))
        ...     mask = mk.ops.convert_to_tensor([[True, True, False]])
        ...     y = GlobalAveragePooling1D()(x, mask=mask)
        >>> mk.ops.convert_to_numpy(y).tolist()
        [[1.0, 2.0]]
    """

    _rank = 1

    def __init__(self, data_format: str | None = None, keepdims: bool = False, **kwargs: Any):
        super().__init__(data_format=data_format, keepdims=keepdims, **kwargs)
        self.supports_masking = True

    def call(self, inputs: Any, mask: Any = None) -> Any:
        steps_axis = self._spatial_axes[0]
        if mask is None:
            return ops.mean(inputs, axis=steps_axis, keepdims=self.keepdims)
        weights = ops.expand_dims(ops.cast(mask, ops.dtype(inputs)), 2 if self.data_format == "channels_last" else 1)
        total = ops.sum(ops.multiply(inputs, weights), axis=steps_axis, keepdims=self.keepdims)
        return ops.divide(total, ops.sum(weights, axis=steps_axis, keepdims=self.keepdims))

    def compute_mask(self, inputs: Any, previous_mask: Any = None) -> Any:
        return None


@register_builtin("keras.layers")
class GlobalAveragePooling2D(BaseGlobalPooling):
    """The mean over the 2 spatial axises of ``(batch, height, width, channels)`` inputs (or channels first).

    Args:
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        keepdims: keep the reduced axes with size 1 instead of returning ``(batch, channels)``.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = GlobalAveragePooling2D()(mk.ops.ones((2, 4, 5, 3)))
        >>> y.shape
        (2, 3)
    """

    _rank = 2

    def __init__(self, data_format: str | None = None, keepdims: bool = False, **kwargs: Any):
        super().__init__(data_format=data_format, keepdims=keepdims, **kwargs)

    def call(self, inputs: Any) -> Any:
        return ops.mean(inputs, axis=self._spatial_axes, keepdims=self.keepdims)


@register_builtin("keras.layers")
class GlobalAveragePooling3D(BaseGlobalPooling):
    """The mean over the 3 spatial axises of ``(batch, depth, height, width, channels)`` inputs (or channels first).

    Args:
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        keepdims: keep the reduced axes with size 1 instead of returning ``(batch, channels)``.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = GlobalAveragePooling3D(keepdims=True, data_format="channels_first")(mk.ops.ones((2, 3, 2, 2, 2)))
        >>> y.shape
        (2, 3, 1, 1, 1)
    """

    _rank = 3

    def __init__(self, data_format: str | None = None, keepdims: bool = False, **kwargs: Any):
        super().__init__(data_format=data_format, keepdims=keepdims, **kwargs)

    def call(self, inputs: Any) -> Any:
        return ops.mean(inputs, axis=self._spatial_axes, keepdims=self.keepdims)


GlobalAvgPool1D = GlobalAveragePooling1D
GlobalAvgPool2D = GlobalAveragePooling2D
GlobalAvgPool3D = GlobalAveragePooling3D
