"""`BaseConv`: the N-D convolution shared by `Conv1D`, `Conv2D` and `Conv3D`."""

from __future__ import annotations

from typing import Any

from multikeras import activations, constraints, initializers, ops, regularizers
from multikeras.backend.selection import current
from multikeras.layers.convolutional import conv_utils
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.layer import Layer


class ConvGeometry:
    """Shape arithmetic and the bias/activation epilogue shared by the convolution layer bases.

    Expects the attributes ``_rank``, ``name``, ``data_format``, ``kernel_size``, ``strides``,
    ``padding``, ``dilation_rate``, ``activation`` and (after ``build``) ``bias``.
    """

    _rank = 2

    def _input_channels(self, input_shape: tuple[int | None, ...]) -> int:
        channels = input_shape[conv_utils.channel_axis(self.data_format)]
        if channels is None:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': the channel dimension of the inputs must be known, "
                f"received shape {tuple(input_shape)} ({self.data_format})."
            )
        return channels

    def _output_spatial(self, input_shape: tuple[int | None, ...]) -> list[int | None]:
        axes = conv_utils.spatial_axes(self._rank, self.data_format)
        return [
            conv_utils.conv_output_length(input_shape[axis], k, self.padding, s, d)
            for axis, k, s, d in zip(axes, self.kernel_size, self.strides, self.dilation_rate)
        ]

    def _assemble_shape(self, input_shape: tuple[int | None, ...], spatial: list[int | None],
                        channels: int | None) -> tuple[int | None, ...]:
        if self.data_format == "channels_last":
            return (input_shape[0], *spatial, channels)
        return (input_shape[0], channels, *spatial)

    def _check_output_sizes(self, input_shape: tuple[int | None, ...]) -> None:
        conv_utils.check_output_sizes(
            self, input_shape, self._output_spatial(input_shape),
            f"kernel_size={self.kernel_size}, dilation_rate={self.dilation_rate}, strides={self.strides}, "
            f"padding={self.padding!r}",
        )

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        input_shape = tuple(input_shape)
        self._check_output_sizes(input_shape)
        return self._assemble_shape(input_shape, self._output_spatial(input_shape), self._output_channels(input_shape))

    def _output_channels(self, input_shape: tuple[int | None, ...]) -> int | None:
        return self.filters

    def _add_bias_and_activate(self, outputs: Any) -> Any:
        if self.bias is not None:
            bias = self.bias
            if self.data_format == "channels_first":
                bias = ops.reshape(bias, (-1,) + (1,) * self._rank)
            outputs = ops.add(outputs, bias)
        return self.activation(outputs) if self.activation is not None else outputs


class BaseConv(ConvGeometry, Layer):
    """An N-D convolution: ``activation(conv(inputs, kernel) + bias)``.

    Subclasses fix the number of spatial dimensions with the class attribute
    ``_rank``. The kernel has shape ``(*kernel_size, in_channels // groups,
    filters)`` whatever the ``data_format``, on every backend.

    Args:
        filters: positive number of output channels.
        kernel_size: an int or a tuple of ``rank`` ints.
        strides: an int or a tuple of ``rank`` ints (> 1 excludes ``dilation_rate`` > 1).
        padding: ``"valid"`` or ``"same"`` (``"causal"`` too for ``Conv1D``), case-insensitive.
        data_format: ``"channels_last"``, ``"channels_first"``, or ``None``
            (``multikeras.config.image_data_format()``).
        dilation_rate: an int or a tuple of ``rank`` ints.
        groups: number of channel groups; ``filters`` and the input channels must be multiples of it.
        activation: an activation function or its name (``None``: linear).
        use_bias: whether to add a bias.
        kernel_initializer, bias_initializer: initializers (or names).
        kernel_regularizer, bias_regularizer: penalties added to ``losses``.
        activity_regularizer: a penalty on the outputs.
        kernel_constraint, bias_constraint: projections applied after updates.
        **kwargs: base layer arguments (``name``, ``dtype``, ``input_shape`` ...).
    """

    _rank = 2
    _paddings: tuple[str, ...] = ("valid", "same")

    def __init__(
        self,
        filters: int,
        kernel_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] = 1,
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: int | tuple[int, ...] = 1,
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
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        rank = self._rank
        self.filters = conv_utils.check_positive_int(filters, "filters", self)
        self.groups = conv_utils.check_positive_int(groups, "groups", self)
        if self.filters % self.groups:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': `filters` must be a multiple of `groups`, "
                f"received filters={filters!r} and groups={groups!r}."
            )
        self.kernel_size, self.strides, self.dilation_rate = conv_utils.normalize_window(
            kernel_size, strides, dilation_rate, rank, self
        )
        self.padding = conv_utils.standardize_padding(padding, self, self._paddings)
        self.data_format = conv_utils.standardize_data_format(data_format, self)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(ndim=rank + 2)

    # Weights -----------------------------------------------------------------

    def build(self, input_shape: tuple[int | None, ...]) -> None:
        input_shape = tuple(input_shape)
        channels = self._input_channels(input_shape)
        if channels % self.groups:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': the input channels must be a multiple of groups={self.groups}, "
                f"received input shape {input_shape} with {channels} channels."
            )
        self._check_output_sizes(input_shape)
        self.kernel = self.add_weight(
            shape=(*self.kernel_size, channels // self.groups, self.filters), initializer=self.kernel_initializer,
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

    # Computation -------------------------------------------------------------

    def call(self, inputs: Any) -> Any:
        padding = self.padding
        if padding == "causal":
            # Left-pad the time axis so that output step t sees only inputs <= t.
            pad_width = [[0, 0] for _ in range(self._rank + 2)]
            pad_width[conv_utils.spatial_axes(self._rank, self.data_format)[0]][0] = (
                (self.kernel_size[0] - 1) * self.dilation_rate[0]
            )
            inputs = ops.pad(inputs, pad_width)
            padding = "valid"
        if self.bias is not None:
            # A backend's fused ``conv_bias`` kernel adds the bias inside the convolution (docs/contract.md);
            # it returns None where it does not apply, and the generic ops run.
            fused = current().fused.get("conv_bias")
            if fused is not None:
                outputs = fused(inputs, self.kernel.value, self.bias.value, self.strides, padding, self.data_format,
                                self.dilation_rate)
                if outputs is not None:
                    return self.activation(outputs) if self.activation is not None else outputs
        outputs = ops.conv(
            inputs, self.kernel, strides=self.strides, padding=padding, data_format=self.data_format,
            dilation_rate=self.dilation_rate,
        )
        return self._add_bias_and_activate(outputs)

    # Config ------------------------------------------------------------------

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "groups": self.groups,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
        })
        return config
