"""`Conv1DTranspose`, `Conv2DTranspose`, `Conv3DTranspose`: transposed ("deconvolution") layers."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.layers.convolutional import conv_utils
from multikeras.layers.convolutional.base_conv import BaseConv
from multikeras.layers.input_spec import InputSpec
from multikeras.saving.object_registration import register_builtin


class BaseConvTranspose(BaseConv):
    """The N-D transposed convolution, the gradient of a convolution with respect to its input.

    The kernel has shape ``(*kernel_size, filters, in_channels)`` on every backend (Keras's layout).

    Args:
        filters: positive number of output channels.
        kernel_size: an int or a tuple of ``rank`` ints.
        strides: an int or a tuple of ``rank`` ints (> 1 excludes ``dilation_rate`` > 1).
        padding: ``"valid"`` or ``"same"``.
        output_padding: ``None`` (inferred) or an int / tuple of ``rank`` ints, each smaller than the stride:
            extra size on one side of each output axis.
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        dilation_rate: an int or a tuple of ``rank`` ints.
        activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer,
        bias_regularizer, activity_regularizer, kernel_constraint, bias_constraint:
            as in :class:`~multikeras.layers.Dense`.
        **kwargs: base layer arguments.
    """

    def __init__(
        self,
        filters: int,
        kernel_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] = 1,
        padding: str = "valid",
        output_padding: int | tuple[int, ...] | None = None,
        data_format: str | None = None,
        dilation_rate: int | tuple[int, ...] = 1,
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
            dilation_rate=dilation_rate, groups=1, activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint, **kwargs,
        )
        self.output_padding = None
        if output_padding is not None:
            self.output_padding = conv_utils.normalize_tuple(
                output_padding, self._rank, "output_padding", self, allow_zero=True
            )
            for padding_size, stride in zip(self.output_padding, self.strides):
                if padding_size >= stride:
                    raise ValueError(
                        f"{type(self).__name__} '{self.name}': each `output_padding` must be smaller than the "
                        f"stride, received output_padding={output_padding!r} and strides={strides!r}."
                    )

    def _output_spatial(self, input_shape: tuple[int | None, ...]) -> list[int | None]:
        axes = conv_utils.spatial_axes(self._rank, self.data_format)
        paddings = self.output_padding or (None,) * self._rank
        return [
            conv_utils.conv_transpose_output_length(input_shape[axis], k, self.padding, s, d, p)
            for axis, k, s, d, p in zip(axes, self.kernel_size, self.strides, self.dilation_rate, paddings)
        ]

    def build(self, input_shape: tuple[int | None, ...]) -> None:
        input_shape = tuple(input_shape)
        channels = self._input_channels(input_shape)
        self._check_output_sizes(input_shape)
        self.kernel = self.add_weight(
            shape=(*self.kernel_size, self.filters, channels), initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer, constraint=self.kernel_constraint, name="kernel",
        )
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                shape=(self.filters,), initializer=self.bias_initializer, regularizer=self.bias_regularizer,
                constraint=self.bias_constraint, name="bias",
            )
        self.input_spec = InputSpec(ndim=self._rank + 2, axes={conv_utils.channel_axis(self.data_format): channels})
        self.built = True

    def call(self, inputs: Any) -> Any:
        outputs = ops.conv_transpose(
            inputs, self.kernel, strides=self.strides, padding=self.padding, output_padding=self.output_padding,
            data_format=self.data_format, dilation_rate=self.dilation_rate,
        )
        return self._add_bias_and_activate(outputs)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.pop("groups")
        ordered: dict[str, Any] = {}
        for key, value in config.items():
            ordered[key] = value
            if key == "padding":
                ordered["output_padding"] = self.output_padding
        return ordered


@register_builtin("keras.layers")
class Conv1DTranspose(BaseConvTranspose):
    """1-D transposed convolution: inputs ``(batch, steps, channels)`` (or channels first).

    Args:
        filters: positive number of output channels.
        kernel_size: an int or a tuple of 1 int.
        strides: an int or a tuple of 1 int.
        padding: ``"valid"`` or ``"same"``.
        output_padding: ``None`` or an int / tuple of 1 int smaller than the stride.
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        dilation_rate: an int or a tuple of 1 int.
        activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer,
        bias_regularizer, activity_regularizer, kernel_constraint, bias_constraint:
            as in :class:`~multikeras.layers.Dense`.
        **kwargs: base layer arguments.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = Conv1DTranspose(1, 2, strides=2, kernel_initializer="ones")
        ...     y = layer(mk.ops.reshape(mk.ops.convert_to_tensor([1.0, 2.0]), (1, 2, 1)))
        >>> mk.ops.convert_to_numpy(y)[0, :, 0].tolist(), layer.kernel.shape
        ([1.0, 1.0, 2.0, 2.0], (2, 1, 1))
    """

    _rank = 1

    def __init__(
        self,
        filters: int,
        kernel_size: int | tuple[int],
        strides: int | tuple[int] = 1,
        padding: str = "valid",
        output_padding: int | tuple[int] | None = None,
        data_format: str | None = None,
        dilation_rate: int | tuple[int] = 1,
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
            filters, kernel_size, strides=strides, padding=padding, output_padding=output_padding,
            data_format=data_format, dilation_rate=dilation_rate, activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint, **kwargs,
        )


@register_builtin("keras.layers")
class Conv2DTranspose(BaseConvTranspose):
    """2-D transposed convolution: inputs ``(batch, height, width, channels)`` (or channels first).

    Args:
        filters: positive number of output channels.
        kernel_size: an int or a tuple of 2 ints.
        strides: an int or a tuple of 2 ints.
        padding: ``"valid"`` or ``"same"``.
        output_padding: ``None`` or an int / tuple of 2 ints, each smaller than the stride.
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        dilation_rate: an int or a tuple of 2 ints.
        activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer,
        bias_regularizer, activity_regularizer, kernel_constraint, bias_constraint:
            as in :class:`~multikeras.layers.Dense`.
        **kwargs: base layer arguments.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = Conv2DTranspose(4, 3, strides=2, padding="same")
        ...     y = layer(mk.ops.ones((2, 3, 3, 2)))
        >>> y.shape, layer.kernel.shape
        ((2, 6, 6, 4), (3, 3, 4, 2))
    """

    _rank = 2

    def __init__(
        self,
        filters: int,
        kernel_size: int | tuple[int, int],
        strides: int | tuple[int, int] = (1, 1),
        padding: str = "valid",
        output_padding: int | tuple[int, int] | None = None,
        data_format: str | None = None,
        dilation_rate: int | tuple[int, int] = (1, 1),
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
            filters, kernel_size, strides=strides, padding=padding, output_padding=output_padding,
            data_format=data_format, dilation_rate=dilation_rate, activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint, **kwargs,
        )


@register_builtin("keras.layers")
class Conv3DTranspose(BaseConvTranspose):
    """3-D transposed convolution: inputs ``(batch, depth, height, width, channels)`` (or channels first).

    As in Keras, ``data_format`` comes before ``output_padding`` in the positional order.

    Args:
        filters: positive number of output channels.
        kernel_size: an int or a tuple of 3 ints.
        strides: an int or a tuple of 3 ints.
        padding: ``"valid"`` or ``"same"``.
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        output_padding: ``None`` or an int / tuple of 3 ints, each smaller than the stride.
        dilation_rate: an int or a tuple of 3 ints.
        activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer,
        bias_regularizer, activity_regularizer, kernel_constraint, bias_constraint:
            as in :class:`~multikeras.layers.Dense`.
        **kwargs: base layer arguments.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = Conv3DTranspose(2, 2, strides=2)
        ...     y = layer(mk.ops.ones((1, 2, 2, 2, 3)))
        >>> y.shape, layer.kernel.shape
        ((1, 4, 4, 4, 2), (2, 2, 2, 2, 3))
    """

    _rank = 3

    def __init__(
        self,
        filters: int,
        kernel_size: int | tuple[int, int, int],
        strides: int | tuple[int, int, int] = (1, 1, 1),
        padding: str = "valid",
        data_format: str | None = None,
        output_padding: int | tuple[int, int, int] | None = None,
        dilation_rate: int | tuple[int, int, int] = (1, 1, 1),
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
            filters, kernel_size, strides=strides, padding=padding, output_padding=output_padding,
            data_format=data_format, dilation_rate=dilation_rate, activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint, **kwargs,
        )


Convolution1DTranspose = Conv1DTranspose
Convolution2DTranspose = Conv2DTranspose
Convolution3DTranspose = Conv3DTranspose
