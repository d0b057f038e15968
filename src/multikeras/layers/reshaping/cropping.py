"""`Cropping1D/2D/3D`: remove entries from the start and end of spatial axes."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.layers.convolutional import conv_utils
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.reshaping.reshaping_utils import ReshapingLayer, normalize_pairs, where
from multikeras.saving.object_registration import register_builtin


class BaseCropping(ReshapingLayer):
    """Crop ``(before, after)`` entries off each spatial axis; subclasses set ``_rank``."""

    _rank = 1

    def __init__(self, cropping: Any, data_format: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.cropping = normalize_pairs(cropping, self._rank, "cropping", self)
        self.data_format = conv_utils.standardize_data_format(data_format, self)
        self.input_spec = InputSpec(ndim=self._rank + 2)

    def _axes(self) -> tuple[int, ...]:
        return conv_utils.spatial_axes(self._rank, self.data_format)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        shape = list(input_shape)
        for axis, (before, after) in zip(self._axes(), self.cropping):
            if isinstance(shape[axis], int):
                if shape[axis] - before - after <= 0:
                    raise ValueError(
                        f"{where(self)}: cropping={self._config_cropping()} removes all of axis {axis} "
                        f"(size {shape[axis]}); received input shape {tuple(input_shape)}."
                    )
                shape[axis] -= before + after
            else:
                shape[axis] = None
        return tuple(shape)

    def call(self, inputs: Any) -> Any:
        self.compute_output_shape(tuple(ops.shape(inputs)))  # a crop larger than the input is an error, not empty output
        key = [slice(None)] * (self._rank + 2)
        for axis, (before, after) in zip(self._axes(), self.cropping):
            key[axis] = slice(before, -after if after else None)
        return ops.get_item(inputs, tuple(key))

    def _config_cropping(self) -> Any:
        return self.cropping[0] if self._rank == 1 else self.cropping

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config["cropping"] = self._config_cropping()
        if self._rank > 1:
            config["data_format"] = self.data_format
        return config


@register_builtin("keras.layers")
class Cropping1D(BaseCropping):
    """Crop the steps axis of ``(batch, steps, features)`` inputs.

    Args:
        cropping: an int (the same at both ends) or ``(start, end)`` ints >= 0.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = Cropping1D((1, 2))(mk.ops.reshape(mk.ops.arange(6.0), (1, 6, 1)))
        >>> y[0, :, 0].tolist()
        [1.0, 2.0, 3.0]
    """

    _rank = 1

    def __init__(self, cropping: Any = (1, 1), **kwargs: Any):
        super().__init__(cropping, data_format="channels_last", **kwargs)


@register_builtin("keras.layers")
class Cropping2D(BaseCropping):
    """Crop the rows and columns of images.

    Args:
        cropping: an int (all four sides), ``(rows, cols)`` symmetric amounts, or
            ``((top, bottom), (left, right))``.
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = Cropping2D(((1, 0), (2, 1)))(mk.ops.ones((2, 4, 5, 3)))
        >>> y.shape
        (2, 3, 2, 3)
    """

    _rank = 2

    def __init__(self, cropping: Any = ((0, 0), (0, 0)), data_format: str | None = None, **kwargs: Any):
        super().__init__(cropping, data_format=data_format, **kwargs)


@register_builtin("keras.layers")
class Cropping3D(BaseCropping):
    """Crop the three spatial axes of volumes.

    Args:
        cropping: an int (all sides), three symmetric amounts, or three ``(start, end)`` pairs.
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = Cropping3D((1, 0, 1))(mk.ops.ones((1, 4, 4, 4, 2)))
        >>> y.shape
        (1, 2, 4, 2, 2)
    """

    _rank = 3

    def __init__(self, cropping: Any = ((1, 1), (1, 1), (1, 1)), data_format: str | None = None, **kwargs: Any):
        super().__init__(cropping, data_format=data_format, **kwargs)
