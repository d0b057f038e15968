"""`ConvLSTMCell`: the LSTM cell with convolutions in place of matrix products (Shi et al., 2015).

The cell of :class:`ConvLSTM1D`, :class:`ConvLSTM2D` and :class:`ConvLSTM3D`,
run by the shared :class:`~multikeras.layers.RNN` loop through the step
protocol of :class:`~multikeras.layers.rnn.cell_base.GatedCell`: the input
convolution of every timestep is done before the loop, in one convolution over
``batch * timesteps`` images, and only the recurrent convolution runs inside
the loop.
"""

from __future__ import annotations

from typing import Any

from multikeras import activations, constraints, initializers, ops, regularizers
from multikeras.backend.selection import current
from multikeras.layers.convolutional import conv_utils
from multikeras.layers.convolutional.base_conv import ConvGeometry
from multikeras.layers.rnn import cell_protocol
from multikeras.layers.rnn.cell_base import GatedCell, StepFunction


class ConvLSTMCell(ConvGeometry, GatedCell):
    """One step of a convolutional LSTM over ``rank``-dimensional images.

    With ``*`` a convolution over the spatial axes and the gate pre-activations
    ``z = x_t * kernel + bias + h_prev * recurrent_kernel`` split along the
    channel axis into four blocks of ``filters`` channels ``z_i, z_f, z_c, z_o``::

        i = recurrent_activation(z_i)        f = recurrent_activation(z_f)
        c = f * c_prev + i * activation(z_c)
        o = recurrent_activation(z_o)        h = o * activation(c)

    The input convolution uses ``strides``, ``padding`` and ``dilation_rate``;
    the recurrent one always has stride 1, no dilation and ``"same"`` padding,
    so ``h`` and ``c`` keep the spatial size of the input convolution's output.
    Weights, as in Keras 3: ``kernel (*kernel_size, in_channels, 4*filters)``,
    ``recurrent_kernel (*kernel_size, filters, 4*filters)``, ``bias (4*filters,)``,
    blocks in the order ``i, f, c, o``. Dropout (like Keras 3) draws one mask
    per gate and per sequence, on the inputs for ``dropout`` and on ``h_prev``
    for ``recurrent_dropout``.

    Args:
        rank: number of spatial dimensions (1, 2 or 3).
        filters: positive number of channels of the output and of each state.
        kernel_size, strides, dilation_rate: an int or a tuple of ``rank`` ints.
        padding: ``"valid"`` or ``"same"`` (of the input convolution).
        data_format: ``"channels_last"``, ``"channels_first"`` or ``None``
            (``multikeras.config.image_data_format()``).
        activation, recurrent_activation, use_bias, kernel_initializer, recurrent_initializer,
        bias_initializer, unit_forget_bias, kernel_regularizer, recurrent_regularizer,
        bias_regularizer, kernel_constraint, recurrent_constraint, bias_constraint, dropout,
        recurrent_dropout, seed: as for :class:`~multikeras.layers.LSTMCell`.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Call arguments:
        inputs: ``(batch, *spatial, channels)`` (or channels first).
        states: ``[h_prev, c_prev]``, each ``(batch, *output_spatial, filters)`` (or channels first).
        training: whether dropout applies.

    Returns:
        ``(h, [h, c])``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     cell = ConvLSTMCell(1, 2, 3, padding="same")
        ...     zeros = [mk.ops.zeros((1, 5, 2)), mk.ops.zeros((1, 5, 2))]
        ...     h, (h_again, c) = cell(mk.ops.ones((1, 5, 4)), zeros)
        >>> h.shape, [tuple(w.shape) for w in cell.weights]
        ((1, 5, 2), [(3, 4, 8), (3, 2, 8), (8,)])
    """

    gates = 4

    def __init__(
        self,
        rank: int,
        filters: int,
        kernel_size: int | tuple[int, ...],
        strides: int | tuple[int, ...] = 1,
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: int | tuple[int, ...] = 1,
        activation: Any = "tanh",
        recurrent_activation: Any = "sigmoid",
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        recurrent_initializer: Any = "orthogonal",
        bias_initializer: Any = "zeros",
        unit_forget_bias: bool = True,
        kernel_regularizer: Any = None,
        recurrent_regularizer: Any = None,
        bias_regularizer: Any = None,
        kernel_constraint: Any = None,
        recurrent_constraint: Any = None,
        bias_constraint: Any = None,
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        seed: int | None = None,
        **kwargs: Any,
    ):
        kwargs.pop("implementation", None)  # the masks are always per gate (GatedCell's implementation=1)
        super().__init__(
            filters, activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed, implementation=1, **kwargs,
        )
        if rank not in (1, 2, 3):
            raise ValueError(f"{type(self).__name__} '{self.name}': rank must be 1, 2 or 3, received rank={rank!r}.")
        self._rank = rank
        self.rank = rank
        self.filters = self.units
        self.kernel_size, self.strides, self.dilation_rate = conv_utils.normalize_window(
            kernel_size, strides, dilation_rate, rank, self
        )
        self.padding = conv_utils.standardize_padding(padding, self)
        self.data_format = conv_utils.standardize_data_format(data_format, self)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = bool(unit_forget_bias)
        # Two states (h, c) of `filters` channels each; their spatial size comes from the inputs, see state_shape.
        self.state_size = [self.filters, self.filters]
        self._step_input_shape: tuple[int | None, ...] | None = None

    # Weights -------------------------------------------------------------------

    def _bias_initial_value(self) -> Any:
        if not self.unit_forget_bias:
            return self.bias_initializer
        base, filters = self.bias_initializer, self.filters

        def forget_gate_ones(shape: Any, dtype: Any = None) -> Any:
            return ops.concatenate(
                [base((filters,), dtype=dtype), ops.ones((filters,), dtype=dtype), base((2 * filters,), dtype=dtype)]
            )

        return forget_gate_ones

    def build(self, input_shape: tuple[int | None, ...]) -> None:
        input_shape = tuple(input_shape)
        if len(input_shape) != self._rank + 2:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': expected inputs of rank {self._rank + 2} "
                f"(batch, {self._rank} spatial dimensions, channels), received shape {input_shape}."
            )
        channels = self._input_channels(input_shape)
        self._check_output_sizes(input_shape)
        width = self.gates * self.filters
        self.kernel = self.add_weight(
            shape=(*self.kernel_size, channels, width), initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer, constraint=self.kernel_constraint, name="kernel",
        )
        self.recurrent_kernel = self.add_weight(
            shape=(*self.kernel_size, self.filters, width), initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer, constraint=self.recurrent_constraint, name="recurrent_kernel",
        )
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                shape=(width,), initializer=self._bias_initial_value(), regularizer=self.bias_regularizer,
                constraint=self.bias_constraint, name="bias",
            )
        self._step_input_shape = input_shape
        self.built = True

    # Shapes ----------------------------------------------------------------------

    def state_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        """The shape of ``h`` (the output) and of ``c`` for step inputs of ``input_shape`` (batch axis first)."""
        return self.compute_output_shape(tuple(input_shape))

    def zero_state_like(self, step_inputs: Any, dtype: str) -> Any:
        """Zeros of the state's shape for ``step_inputs``, also when sizes are only known at run time.

        The output of the input convolution has, along each spatial axis, the
        positions ``0, stride, 2*stride ...`` of the input that a window
        starting there fits in (``"valid"``) or all of them (``"same"``): one
        channel of the inputs, sliced that way, has the state's spatial shape.
        """
        spatial = []
        for kernel, stride, dilation in zip(self.kernel_size, self.strides, self.dilation_rate):
            overhang = (kernel - 1) * dilation if self.padding == "valid" else 0
            spatial.append(slice(0, -overhang if overhang else None, stride))
        if self.data_format == "channels_last":
            one_channel = step_inputs[(slice(None), *spatial, slice(0, 1))]
            channels = ops.zeros((self.filters,), dtype=dtype)
        else:
            one_channel = step_inputs[(slice(None), slice(0, 1), *spatial)]
            channels = ops.zeros((self.filters,) + (1,) * self._rank, dtype=dtype)
        return ops.zeros_like(ops.cast(one_channel, dtype)) + channels

    # Convolutions ----------------------------------------------------------------

    def _channel_axis(self) -> int:
        return conv_utils.channel_axis(self.data_format)

    def _per_channel(self, vector: Any) -> Any:
        """``vector (channels,)`` shaped to broadcast over the channel axis of a step's arrays."""
        if self.data_format == "channels_last":
            return vector
        return ops.reshape(vector, (-1,) + (1,) * self._rank)

    def _gate_kernel(self, kernel: Any, gate: int) -> Any:
        return kernel[..., gate * self.filters:(gate + 1) * self.filters]

    def _convolve_inputs(self, images: Any, masks: list[Any] | None) -> Any:
        """``images * kernel + bias`` for ``(n, *spatial, channels)`` images, one dropout mask per gate if any."""
        kernel = self.kernel.value
        bias = None if self.bias is None else self.bias.value
        geometry = {"strides": self.strides, "padding": self.padding, "data_format": self.data_format,
                    "dilation_rate": self.dilation_rate}
        if masks is None:
            if bias is not None:
                # The backend's fused convolution-plus-bias (docs/contract.md), where it has one that applies.
                fused = current().fused.get("conv_bias")
                if fused is not None:
                    outputs = fused(images, kernel, bias, self.strides, self.padding, self.data_format,
                                    self.dilation_rate)
                    if outputs is not None:
                        return outputs
            projected = ops.conv(images, kernel, **geometry)
        else:
            projected = ops.concatenate(
                [ops.conv(images * mask, self._gate_kernel(kernel, gate), **geometry)
                 for gate, mask in enumerate(masks)],
                axis=self._channel_axis(),
            )
        return projected if bias is None else projected + self._per_channel(bias)

    def _project(self, inputs: Any, input_masks: list[Any] | None) -> Any:
        """The input convolution (plus bias) of one step's inputs ``(batch, *spatial, channels)``."""
        return self._convolve_inputs(inputs, input_masks)

    def _project_sequence(self, sequences: Any, input_masks: list[Any] | None) -> Any:
        """The input convolution of every timestep of ``(batch, time, ...)`` sequences, as one convolution over
        ``batch * time`` images; ``None`` when the sizes after the batch axis are not all known."""
        shape = tuple(sequences.shape)
        if any(size is None for size in shape[1:]):
            return None
        if input_masks is None:
            images = ops.reshape(sequences, (-1, *shape[2:]))
            projected = self._convolve_inputs(images, None)
        else:
            # Each gate's mask applies at every timestep: multiply before folding time into the batch.
            masked = [ops.reshape(sequences * ops.expand_dims(mask, 1), (-1, *shape[2:])) for mask in input_masks]
            kernel = self.kernel.value
            projected = ops.concatenate(
                [ops.conv(images, self._gate_kernel(kernel, gate), strides=self.strides, padding=self.padding,
                          data_format=self.data_format, dilation_rate=self.dilation_rate)
                 for gate, images in enumerate(masked)],
                axis=self._channel_axis(),
            )
            if self.bias is not None:
                projected = projected + self._per_channel(self.bias.value)
        return ops.reshape(projected, (-1, shape[1], *tuple(projected.shape)[1:]))

    def _recurrent_product(
        self, h: Any, constants: dict[str, Any], first_gate: int = 0, last_gate: int | None = None
    ) -> Any:
        """``h * recurrent_kernel`` (stride 1, ``"same"`` padding), with the recurrent dropout masks if any."""
        kernel = constants["recurrent_kernel"]
        masks = constants["masks"]
        geometry = {"strides": 1, "padding": "same", "data_format": self.data_format, "dilation_rate": 1}
        if masks is None:
            return ops.conv(h, kernel, **geometry)
        return ops.concatenate(
            [ops.conv(h * mask, self._gate_kernel(kernel, gate), **geometry) for gate, mask in enumerate(masks)],
            axis=self._channel_axis(),
        )

    # The step protocol -------------------------------------------------------------

    def _dropout_masks(self, step_inputs: Any, training: Any) -> tuple[list[Any] | None, list[Any] | None]:
        """``(input masks, recurrent masks)``, one per gate, for one sequence (``None``: no dropout there)."""
        if not training:
            return None, None
        input_masks = None
        if 0.0 < self.dropout < 1.0:
            input_masks = self._masks(step_inputs, self.dropout, self.gates)
        recurrent_masks = None
        if 0.0 < self.recurrent_dropout < 1.0:
            like_state = self.zero_state_like(step_inputs, self.compute_dtype)
            recurrent_masks = self._masks(like_state, self.recurrent_dropout, self.gates)
        return input_masks, recurrent_masks

    def _recurrent_step(self, projected: Any, states: list[Any], constants: dict[str, Any]) -> tuple[Any, list[Any]]:
        h_prev, c_prev = states
        z = projected + self._recurrent_product(h_prev, constants)
        z_i, z_f, z_c, z_o = ops.split(z, 4, axis=self._channel_axis())
        activation = self.recurrent_activation
        i, f, o = activation(z_i), activation(z_f), activation(z_o)
        c = f * c_prev + i * self.activation(z_c)
        h = o * self.activation(c)
        return h, [h, c]

    def plan_sequence(self, sequences: Any, training: Any) -> tuple[Any, StepFunction]:
        """``(per-timestep inputs, step)`` for ``(batch, time, *spatial, channels)`` sequences: the input
        convolution of every timestep at once when the shapes are known, else inside each step."""
        input_masks, recurrent_masks = self._dropout_masks(sequences[:, 0], training)
        constants = self._recurrent_constants(recurrent_masks)
        projected = self._project_sequence(sequences, input_masks)
        if projected is None:
            return sequences, lambda x_t, states: self._recurrent_step(
                self._project(x_t, input_masks), states, constants
            )
        return projected, lambda x_t, states: self._recurrent_step(x_t, states, constants)

    @cell_protocol.zero_initial_state
    def get_initial_state(self, batch_size: Any = None) -> list[Any]:
        """Zero ``[h, c]`` for ``batch_size`` sequences of the inputs the cell was built for."""
        if self._step_input_shape is None:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': the state shape depends on the input shape; build the cell "
                "(or call it) before asking for its initial state."
            )
        shape = self.state_shape((batch_size, *self._step_input_shape[1:]))
        return [ops.zeros(shape, dtype=self.compute_dtype) for _ in range(2)]

    # Config ----------------------------------------------------------------------

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({
            "rank": self.rank,
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "activation": activations.serialize(self.activation),
            "recurrent_activation": activations.serialize(self.recurrent_activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "recurrent_initializer": initializers.serialize(self.recurrent_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "unit_forget_bias": self.unit_forget_bias,
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "recurrent_regularizer": regularizers.serialize(self.recurrent_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "recurrent_constraint": constraints.serialize(self.recurrent_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
            "dropout": self.dropout,
            "recurrent_dropout": self.recurrent_dropout,
            "seed": self.seed,
        })
        return config

