"""`SpatialDropout1D/2D/3D`: dropout of whole channels (feature maps)."""

from __future__ import annotations

from typing import Any

from multikeras.layers.convolutional import conv_utils
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.regularization.dropout import Dropout
from multikeras.saving.object_registration import register_builtin


class BaseSpatialDropout(Dropout):
    """Dropout with one keep/drop decision per (sample, channel), shared across the spatial axes.

    Subclasses set ``_rank`` (the number of spatial axes).
    """

    _rank = 1

    def __init__(self, rate: float, seed: int | None = None, data_format: str | None = None, **kwargs: Any):
        super().__init__(rate, seed=seed, **kwargs)
        self.data_format = conv_utils.standardize_data_format(data_format, self)
        self.input_spec = InputSpec(ndim=self._rank + 2)

    def _noise_shape(self, inputs: Any) -> tuple[int | None, ...]:
        # None entries take the input's size, so the batch and channel axes need no (possibly dynamic) shape here.
        ones = (1,) * self._rank
        return (None, *ones, None) if self.data_format == "channels_last" else (None, None, *ones)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        # Keras 3's spatial dropouts take no noise_shape (fixed by the layer) and no trainable argument,
        # and refuse configs that have them.
        del config["noise_shape"], config["trainable"]
        if self._rank > 1:
            config["data_format"] = self.data_format
        return config


@register_builtin("keras.layers")
class SpatialDropout1D(BaseSpatialDropout):
    """Drop whole channels of ``(batch, steps, channels)`` inputs in training.

    Each channel of each sample is kept (and scaled by ``1 / (1 - rate)``) or
    zeroed at every step together; useful when neighbouring steps are strongly
    correlated. Identity outside training.

    Args:
        rate: fraction of channels to drop, ``0 <= rate <= 1``.
        seed: an int for reproducible masks, or ``None``.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = SpatialDropout1D(0.5, seed=0)(mk.ops.ones((2, 5, 3)), training=True)
        >>> bool(((y == 0).all(axis=1) | (y == 2).all(axis=1)).all())
        True
    """

    _rank = 1

    def __init__(self, rate: float, seed: int | None = None, **kwargs: Any):
        super().__init__(rate, seed=seed, data_format="channels_last", **kwargs)


@register_builtin("keras.layers")
class SpatialDropout2D(BaseSpatialDropout):
    """Drop whole feature maps of ``(batch, rows, cols, channels)`` inputs in training (channels-first too).

    Args:
        rate: fraction of channels to drop, ``0 <= rate <= 1``.
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        seed: an int for reproducible masks, or ``None``.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = SpatialDropout2D(0.5, seed=0)(mk.ops.ones((2, 3, 3, 4)), training=True)
        >>> bool(((y == 0).all(axis=(1, 2)) | (y == 2).all(axis=(1, 2))).all())
        True
    """

    _rank = 2

    def __init__(self, rate: float, data_format: str | None = None, seed: int | None = None, **kwargs: Any):
        super().__init__(rate, seed=seed, data_format=data_format, **kwargs)


@register_builtin("keras.layers")
class SpatialDropout3D(BaseSpatialDropout):
    """Drop whole feature volumes of ``(batch, d1, d2, d3, channels)`` inputs in training (channels-first too).

    Args:
        rate: fraction of channels to drop, ``0 <= rate <= 1``.
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        seed: an int for reproducible masks, or ``None``.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = SpatialDropout3D(0.5, data_format="channels_first", seed=0)(mk.ops.ones((2, 4, 2, 2, 2)), training=True)
        >>> bool(((y == 0).all(axis=(2, 3, 4)) | (y == 2).all(axis=(2, 3, 4))).all())
        True
    """

    _rank = 3

    def __init__(self, rate: float, data_format: str | None = None, seed: int | None = None, **kwargs: Any):
        super().__init__(rate, seed=seed, data_format=data_format, **kwargs)
