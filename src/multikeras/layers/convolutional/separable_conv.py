"""`SeparableConv1D`, `SeparableConv2D`: a depthwise convolution followed by a pointwise one."""

from __future__ import annotations

from typing import Any

from multikeras import activations, constraints, initializers, ops, regularizers
from multikeras.layers.convolutional import conv_utils
from multikeras.layers.convolutional.base_conv import ConvGeometry
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.layer import Layer
from multikeras.saving.object_registration import register_builtin


class BaseSeparableConv(ConvGeometry, Layer):
    """An N-D separable convolution: a depthwise convolution, a 1x..x1 convolution to ``filters``, bias, activation.

    Weights (the same layout on every backend): ``depthwise_kernel`` of shape
    ``(*kernel_size, in_channels, depth_multiplier)``, ``pointwise_kernel`` of shape
    ``(*ones, in_channels * depth_multiplier, filters)``, and ``bias`` of shape ``(filters,)``.

    Args:
        filters: positive number of output channels.
        kernel_size: an int or a tuple of ``rank`` ints.
        strides: an int or a tuple of ``rank`` ints (> 1 excludes ``dilation_rate`` > 1).
        padding: ``"valid"`` or ``"same"``.
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        dilation_rate: an int or a tuple of ``rank`` ints.
        depth_multiplier: positive number of depthwise filters per input channel.
        activation: an activation function or its name (``None``: linear).
        use_bias: whether to add a bias.
        depthwise_initializer, pointwise_initializer, bias_initializer: initializers (or names).
        depthwise_regularizer, pointwise_regularizer, bias_regularizer: penalties added to ``losses``.
        activity_regularizer: a penalty on the outputs.
        depthwise_constraint, pointwise_constraint, bias_constraint: projections applied after updates.
        **kwargs: base layer arguments.
    """

    _rank = 2

    def __init__(
        self,
        filters: int,
        kernel_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] = 1,
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: int | tuple[int, ...] = 1,
        depth_multiplier: int = 1,
        activation: Any = None,
        use_bias: bool = True,
        depthwise_initializer: Any = "glorot_uniform",
        pointwise_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        depthwise_regularizer: Any = None,
        pointwise_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        depthwise_constraint: Any = None,
        pointwise_constraint: Any = None,
        bias_constraint: Any = None,
        **kwargs: Any,
    ):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        rank = self._rank
        self.filters = conv_utils.check_positive_int(filters, "filters", self)
        self.depth_multiplier = conv_utils.check_positive_int(depth_multiplier, "depth_multiplier", self)
        # As for depthwise convolutions: not every framework gets strides and dilation together right.
        self.kernel_size, self.strides, self.dilation_rate = conv_utils.normalize_window(
            kernel_size, strides, dilation_rate, rank, self
        )
        self.padding = conv_utils.standardize_padding(padding, self)
        self.data_format = conv_utils.standardize_data_format(data_format, self)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.pointwise_initializer = initializers.get(pointwise_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.pointwise_regularizer = regularizers.get(pointwise_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.depthwise_constraint = constraints.get(depthwise_constraint)
        self.pointwise_constraint = constraints.get(pointwise_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(ndim=rank + 2)

    def build(self, input_shape: tuple[int | None, ...]) -> None:
        input_shape = tuple(input_shape)
        channels = self._input_channels(input_shape)
        self._check_output_sizes(input_shape)
        self.depthwise_kernel = self.add_weight(
            shape=(*self.kernel_size, channels, self.depth_multiplier), initializer=self.depthwise_initializer,
            regularizer=self.depthwise_regularizer, constraint=self.depthwise_constraint, name="depthwise_kernel",
        )
        self.pointwise_kernel = self.add_weight(
            shape=(1,) * self._rank + (channels * self.depth_multiplier, self.filters),
            initializer=self.pointwise_initializer, regularizer=self.pointwise_regularizer,
            constraint=self.pointwise_constraint, name="pointwise_kernel",
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
        outputs = ops.separable_conv(
            inputs, self.depthwise_kernel, self.pointwise_kernel, strides=self.strides, padding=self.padding,
            data_format=self.data_format, dilation_rate=self.dilation_rate,
        )
        return self._add_bias_and_activate(outputs)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({
            "depth_multiplier": self.depth_multiplier,
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "depthwise_initializer": initializers.serialize(self.depthwise_initializer),
            "pointwise_initializer": initializers.serialize(self.pointwise_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "depthwise_regularizer": regularizers.serialize(self.depthwise_regularizer),
            "pointwise_regularizer": regularizers.serialize(self.pointwise_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "depthwise_constraint": constraints.serialize(self.depthwise_constraint),
            "pointwise_constraint": constraints.serialize(self.pointwise_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
        })
        return config


@register_builtin("keras.layers")
class SeparableConv1D(BaseSeparableConv):
    """1-D separable convolution: inputs ``(batch, steps, channels)`` (or channels first).

    Args:
        filters: positive number of output channels.
        kernel_size: an int or a tuple of 1 int.
        strides: an int or a tuple of 1 int.
        padding: ``"valid"`` or ``"same"``.
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        dilation_rate: an int or a tuple of 1 int.
        depth_multiplier: positive number of depthwise filters per input channel.
        activation, use_bias, depthwise_initializer, pointwise_initializer, bias_initializer,
        depthwise_regularizer, pointwise_regularizer, bias_regularizer, activity_regularizer,
        depthwise_constraint, pointwise_constraint, bias_constraint: as in :class:`BaseSeparableConv`.
        **kwargs: base layer arguments.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = SeparableConv1D(4, 3, depth_multiplier=2)
        ...     y = layer(mk.ops.ones((2, 6, 3)))
        >>> y.shape, layer.depthwise_kernel.shape, layer.pointwise_kernel.shape
        ((2, 4, 4), (3, 3, 2), (1, 6, 4))
    """

    _rank = 1

    def __init__(
        self,
        filters: int,
        kernel_size: int | tuple[int],
        strides: int | tuple[int] = 1,
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: int | tuple[int] = 1,
        depth_multiplier: int = 1,
        activation: Any = None,
        use_bias: bool = True,
        depthwise_initializer: Any = "glorot_uniform",
        pointwise_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        depthwise_regularizer: Any = None,
        pointwise_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        depthwise_constraint: Any = None,
        pointwise_constraint: Any = None,
        bias_constraint: Any = None,
        **kwargs: Any,
    ):
        super().__init__(
            filters, kernel_size, strides=strides, padding=padding, data_format=data_format,
            dilation_rate=dilation_rate, depth_multiplier=depth_multiplier, activation=activation,
            use_bias=use_bias, depthwise_initializer=depthwise_initializer,
            pointwise_initializer=pointwise_initializer, bias_initializer=bias_initializer,
            depthwise_regularizer=depthwise_regularizer, pointwise_regularizer=pointwise_regularizer,
            bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
            depthwise_constraint=depthwise_constraint, pointwise_constraint=pointwise_constraint,
            bias_constraint=bias_constraint, **kwargs,
        )


@register_builtin("keras.layers")
class SeparableConv2D(BaseSeparableConv):
    """2-D separable convolution: inputs ``(batch, height, width, channels)`` (or channels first).

    Args:
        filters: positive number of output channels.
        kernel_size: an int or a tuple of 2 ints.
        strides: an int or a tuple of 2 ints.
        padding: ``"valid"`` or ``"same"``.
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        dilation_rate: an int or a tuple of 2 ints.
        depth_multiplier: positive number of depthwise filters per input channel.
        activation, use_bias, depthwise_initializer, pointwise_initializer, bias_initializer,
        depthwise_regularizer, pointwise_regularizer, bias_regularizer, activity_regularizer,
        depthwise_constraint, pointwise_constraint, bias_constraint: as in :class:`BaseSeparableConv`.
        **kwargs: base layer arguments.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = SeparableConv2D(8, 3, padding="same")
        ...     y = layer(mk.ops.ones((1, 4, 4, 3)))
        >>> y.shape, layer.pointwise_kernel.shape
        ((1, 4, 4, 8), (1, 1, 3, 8))
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
        depth_multiplier: int = 1,
        activation: Any = None,
        use_bias: bool = True,
        depthwise_initializer: Any = "glorot_uniform",
        pointwise_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        depthwise_regularizer: Any = None,
        pointwise_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        depthwise_constraint: Any = None,
        pointwise_constraint: Any = None,
        bias_constraint: Any = None,
        **kwargs: Any,
    ):
        super().__init__(
            filters, kernel_size, strides=strides, padding=padding, data_format=data_format,
            dilation_rate=dilation_rate, depth_multiplier=depth_multiplier, activation=activation,
            use_bias=use_bias, depthwise_initializer=depthwise_initializer,
            pointwise_initializer=pointwise_initializer, bias_initializer=bias_initializer,
            depthwise_regularizer=depthwise_regularizer, pointwise_regularizer=pointwise_regularizer,
            bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
            depthwise_constraint=depthwise_constraint, pointwise_constraint=pointwise_constraint,
            bias_constraint=bias_constraint, **kwargs,
        )


SeparableConvolution1D = SeparableConv1D
SeparableConvolution2D = SeparableConv2D
