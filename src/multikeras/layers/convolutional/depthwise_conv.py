"""`DepthwiseConv1D`, `DepthwiseConv2D`: each input channel convolved with its own filters."""

from __future__ import annotations

from typing import Any

from multikeras import activations, constraints, initializers, ops, regularizers
from multikeras.layers.convolutional import conv_utils
from multikeras.layers.convolutional.base_conv import ConvGeometry
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.layer import Layer
from multikeras.saving.object_registration import register_builtin


class BaseDepthwiseConv(ConvGeometry, Layer):
    """An N-D depthwise convolution: ``activation(depthwise_conv(inputs, kernel) + bias)``.

    Every input channel is convolved with ``depth_multiplier`` filters of its own, so the output has
    ``in_channels * depth_multiplier`` channels. The kernel has shape
    ``(*kernel_size, in_channels, depth_multiplier)`` on every backend.

    Args:
        kernel_size: an int or a tuple of ``rank`` ints.
        strides: an int or a tuple of ``rank`` ints (> 1 excludes ``dilation_rate`` > 1).
        padding: ``"valid"`` or ``"same"``.
        depth_multiplier: positive number of filters per input channel.
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        dilation_rate: an int or a tuple of ``rank`` ints.
        activation: an activation function or its name (``None``: linear).
        use_bias: whether to add a bias.
        depthwise_initializer, bias_initializer: initializers (or names).
        depthwise_regularizer, bias_regularizer: penalties added to ``losses``.
        activity_regularizer: a penalty on the outputs.
        depthwise_constraint, bias_constraint: projections applied after updates.
        **kwargs: base layer arguments.
    """

    _rank = 2

    def __init__(
        self,
        kernel_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] = 1,
        padding: str = "valid",
        depth_multiplier: int = 1,
        data_format: str | None = None,
        dilation_rate: int | tuple[int, ...] = 1,
        activation: Any = None,
        use_bias: bool = True,
        depthwise_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        depthwise_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        depthwise_constraint: Any = None,
        bias_constraint: Any = None,
        **kwargs: Any,
    ):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        rank = self._rank
        self.depth_multiplier = conv_utils.check_positive_int(depth_multiplier, "depth_multiplier", self)
        # Keras accepts both > 1 here, but not every framework computes that combination
        # correctly for depthwise kernels; refusing it keeps one semantics everywhere.
        self.kernel_size, self.strides, self.dilation_rate = conv_utils.normalize_window(
            kernel_size, strides, dilation_rate, rank, self
        )
        self.padding = conv_utils.standardize_padding(padding, self)
        self.data_format = conv_utils.standardize_data_format(data_format, self)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.depthwise_constraint = constraints.get(depthwise_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(ndim=rank + 2)

    def _output_channels(self, input_shape: tuple[int | None, ...]) -> int | None:
        channels = input_shape[conv_utils.channel_axis(self.data_format)]
        return None if channels is None else channels * self.depth_multiplier

    def build(self, input_shape: tuple[int | None, ...]) -> None:
        input_shape = tuple(input_shape)
        channels = self._input_channels(input_shape)
        self._check_output_sizes(input_shape)
        self.kernel = self.add_weight(
            shape=(*self.kernel_size, channels, self.depth_multiplier), initializer=self.depthwise_initializer,
            regularizer=self.depthwise_regularizer, constraint=self.depthwise_constraint, name="kernel",
        )
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                shape=(channels * self.depth_multiplier,), initializer=self.bias_initializer,
                regularizer=self.bias_regularizer, constraint=self.bias_constraint, name="bias",
            )
        self.input_spec = InputSpec(ndim=self._rank + 2, axes={conv_utils.channel_axis(self.data_format): channels})
        self.built = True

    def call(self, inputs: Any) -> Any:
        outputs = ops.depthwise_conv(
            inputs, self.kernel, strides=self.strides, padding=self.padding, data_format=self.data_format,
            dilation_rate=self.dilation_rate,
        )
        return self._add_bias_and_activate(outputs)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({
            "depth_multiplier": self.depth_multiplier,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "depthwise_initializer": initializers.serialize(self.depthwise_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "depthwise_regularizer": regularizers.serialize(self.depthwise_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "depthwise_constraint": constraints.serialize(self.depthwise_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
        })
        return config


@register_builtin("keras.layers")
class DepthwiseConv1D(BaseDepthwiseConv):
    """1-D depthwise convolution: inputs ``(batch, steps, channels)`` (or channels first).

    Args:
        kernel_size: an int or a tuple of 1 int.
        strides: an int or a tuple of 1 int.
        padding: ``"valid"`` or ``"same"``.
        depth_multiplier: positive number of filters per input channel.
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        dilation_rate: an int or a tuple of 1 int.
        activation, use_bias, depthwise_initializer, bias_initializer, depthwise_regularizer,
        bias_regularizer, activity_regularizer, depthwise_constraint, bias_constraint:
            as in :class:`BaseDepthwiseConv`.
        **kwargs: base layer arguments.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = DepthwiseConv1D(3, depth_multiplier=2, padding="same")
        ...     y = layer(mk.ops.ones((2, 5, 3)))
        >>> y.shape, layer.kernel.shape
        ((2, 5, 6), (3, 3, 2))
    """

    _rank = 1

    def __init__(
        self,
        kernel_size: int | tuple[int],
        strides: int | tuple[int] = 1,
        padding: str = "valid",
        depth_multiplier: int = 1,
        data_format: str | None = None,
        dilation_rate: int | tuple[int] = 1,
        activation: Any = None,
        use_bias: bool = True,
        depthwise_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        depthwise_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        depthwise_constraint: Any = None,
        bias_constraint: Any = None,
        **kwargs: Any,
    ):
        super().__init__(
            kernel_size, strides=strides, padding=padding, depth_multiplier=depth_multiplier,
            data_format=data_format, dilation_rate=dilation_rate, activation=activation, use_bias=use_bias,
            depthwise_initializer=depthwise_initializer, bias_initializer=bias_initializer,
            depthwise_regularizer=depthwise_regularizer, bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer, depthwise_constraint=depthwise_constraint,
            bias_constraint=bias_constraint, **kwargs,
        )


@register_builtin("keras.layers")
class DepthwiseConv2D(BaseDepthwiseConv):
    """2-D depthwise convolution: inputs ``(batch, height, width, channels)`` (or channels first).

    Args:
        kernel_size: an int or a tuple of 2 ints.
        strides: an int or a tuple of 2 ints.
        padding: ``"valid"`` or ``"same"``.
        depth_multiplier: positive number of filters per input channel.
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None`` (the global default).
        dilation_rate: an int or a tuple of 2 ints.
        activation, use_bias, depthwise_initializer, bias_initializer, depthwise_regularizer,
        bias_regularizer, activity_regularizer, depthwise_constraint, bias_constraint:
            as in :class:`BaseDepthwiseConv`.
        **kwargs: base layer arguments.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = DepthwiseConv2D(3, strides=2)
        ...     y = layer(mk.ops.ones((2, 7, 7, 4)))
        >>> y.shape, layer.kernel.shape
        ((2, 3, 3, 4), (3, 3, 4, 1))
    """

    _rank = 2

    def __init__(
        self,
        kernel_size: int | tuple[int, int],
        strides: int | tuple[int, int] = (1, 1),
        padding: str = "valid",
        depth_multiplier: int = 1,
        data_format: str | None = None,
        dilation_rate: int | tuple[int, int] = (1, 1),
        activation: Any = None,
        use_bias: bool = True,
        depthwise_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        depthwise_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        depthwise_constraint: Any = None,
        bias_constraint: Any = None,
        **kwargs: Any,
    ):
        super().__init__(
            kernel_size, strides=strides, padding=padding, depth_multiplier=depth_multiplier,
            data_format=data_format, dilation_rate=dilation_rate, activation=activation, use_bias=use_bias,
            depthwise_initializer=depthwise_initializer, bias_initializer=bias_initializer,
            depthwise_regularizer=depthwise_regularizer, bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer, depthwise_constraint=depthwise_constraint,
            bias_constraint=bias_constraint, **kwargs,
        )
