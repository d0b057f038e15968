"""`Conv1D`, `Conv2D`, `Conv3D`: convolutions over 1, 2 or 3 spatial dimensions."""

from __future__ import annotations

from typing import Any

from multikeras.layers.convolutional.base_conv import BaseConv
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class Conv1D(BaseConv):
    """1-D convolution (temporal): inputs ``(batch, steps, channels)`` (or channels first).

    Args:
        filters: positive number of output channels.
        kernel_size: an int or a tuple of 1 int.
        strides: an int or a tuple of 1 int.
        padding: ``"valid"``, ``"same"`` or ``"causal"`` (left padding: output ``t``
            sees only inputs up to ``t``).
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        dilation_rate: an int or a tuple of 1 int.
        groups: number of channel groups.
        activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer,
        bias_regularizer, activity_regularizer, kernel_constraint, bias_constraint:
            as in :class:`~multikeras.layers.Dense`.
        **kwargs: base layer arguments.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = Conv1D(2, 3, padding="causal", kernel_initializer="ones")
        ...     y = layer(mk.ops.ones((1, 4, 1)))
        >>> y.shape, mk.ops.convert_to_numpy(y)[0, :, 0].tolist()
        ((1, 4, 2), [1.0, 2.0, 3.0, 3.0])
    """

    _rank = 1
    _paddings = ("valid", "same", "causal")

    def __init__(
        self,
        filters: int,
        kernel_size: int | tuple[int],
        strides: int | tuple[int] = 1,
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: int | tuple[int] = 1,
        groups: int = 1,
        activation: Any = None,
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        bias_constraint: Any = None,
        **kwargs: Any,
    ):
        super().__init__(
            filters, kernel_size, strides=strides, padding=padding, data_format=data_format,
            dilation_rate=dilation_rate, groups=groups, activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint, **kwargs,
        )


@register_builtin("keras.layers")
class Conv2D(BaseConv):
    """2-D convolution (spatial): inputs ``(batch, height, width, channels)`` (or channels first).

    Args:
        filters: positive number of output channels.
        kernel_size: an int or a tuple of 2 ints.
        strides: an int or a tuple of 2 ints.
        padding: ``"valid"`` or ``"same"``.
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        dilation_rate: an int or a tuple of 2 ints.
        groups: number of channel groups.
        activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer,
        bias_regularizer, activity_regularizer, kernel_constraint, bias_constraint:
            as in :class:`~multikeras.layers.Dense`.
        **kwargs: base layer arguments.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = Conv2D(4, 3, padding="same", strides=2)
        ...     y = layer(mk.ops.ones((2, 5, 5, 3)))
        >>> y.shape, layer.kernel.shape
        ((2, 3, 3, 4), (3, 3, 3, 4))
    """

    _rank = 2

    def __init__(
        self,
        filters: int,
        kernel_size: int | tuple[int, int],
        strides: int | tuple[int, int] = (1, 1),
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: int | tuple[int, int] = (1, 1),
        groups: int = 1,
        activation: Any = None,
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        bias_constraint: Any = None,
        **kwargs: Any,
    ):
        super().__init__(
            filters, kernel_size, strides=strides, padding=padding, data_format=data_format,
            dilation_rate=dilation_rate, groups=groups, activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint, **kwargs,
        )


@register_builtin("keras.layers")
class Conv3D(BaseConv):
    """3-D convolution: inputs ``(batch, depth, height, width, channels)`` (or channels first).

    Args:
        filters: positive number of output channels.
        kernel_size: an int or a tuple of 3 ints.
        strides: an int or a tuple of 3 ints.
        padding: ``"valid"`` or ``"same"``.
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        dilation_rate: an int or a tuple of 3 ints.
        groups: number of channel groups.
        activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer,
        bias_regularizer, activity_regularizer, kernel_constraint, bias_constraint:
            as in :class:`~multikeras.layers.Dense`.
        **kwargs: base layer arguments.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = Conv3D(2, 2, data_format="channels_first")
        ...     y = layer(mk.ops.ones((1, 3, 4, 4, 4)))
        >>> y.shape, layer.kernel.shape
        ((1, 2, 3, 3, 3), (2, 2, 2, 3, 2))
    """

    _rank = 3

    def __init__(
        self,
        filters: int,
        kernel_size: int | tuple[int, int, int],
        strides: int | tuple[int, int, int] = (1, 1, 1),
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: int | tuple[int, int, int] = (1, 1, 1),
        groups: int = 1,
        activation: Any = None,
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        bias_constraint: Any = None,
        **kwargs: Any,
    ):
        super().__init__(
            filters, kernel_size, strides=strides, padding=padding, data_format=data_format,
            dilation_rate=dilation_rate, groups=groups, activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint, **kwargs,
        )


Convolution1D = Conv1D
Convolution2D = Conv2D
Convolution3D = Conv3D
