"""`ConvLSTM1D`, `ConvLSTM2D`, `ConvLSTM3D`: convolutional LSTM layers (RNNs over a `ConvLSTMCell`)."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.rnn.cell_layer import CellLayer, _cell_attribute
from multikeras.layers.rnn.conv_lstm_cell import ConvLSTMCell
from multikeras.saving.object_registration import register_builtin

CONV_LSTM_CELL_KEYS = (
    "filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "activation",
    "recurrent_activation", "use_bias", "kernel_initializer", "recurrent_initializer", "bias_initializer",
    "unit_forget_bias", "kernel_regularizer", "recurrent_regularizer", "bias_regularizer", "activity_regularizer",
    "kernel_constraint", "recurrent_constraint", "bias_constraint", "dropout", "recurrent_dropout", "seed",
)
"""Config keys of a ConvLSTM layer that come from its cell (plus ``activity_regularizer``), in Keras 3's order."""


class ConvLSTM(CellLayer):
    """Base of the convolutional LSTM layers; subclasses fix the number of spatial dimensions ``_rank``.

    An :class:`RNN` over a :class:`ConvLSTMCell` named ``conv_lstm_cell``,
    which owns the weights as in Keras 3 (``kernel (*kernel_size, channels,
    4*filters)``, ``recurrent_kernel (*kernel_size, filters, 4*filters)``,
    ``bias (4*filters,)``, gates ``i, f, c, o``), so Keras 3 ``.keras`` files
    load. Inputs are ``(batch, time, *spatial, channels)`` (``channels_last``)
    or ``(batch, time, channels, *spatial)`` (``channels_first``); the output
    and both states have the spatial size of the input convolution's output
    and ``filters`` channels. A mask, of shape ``(batch, time)``, keeps the
    states and the output of masked timesteps unchanged.
    """

    _rank = 2

    cell_config_keys = CONV_LSTM_CELL_KEYS

    def __init__(
        self,
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
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        recurrent_constraint: Any = None,
        bias_constraint: Any = None,
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        seed: int | None = None,
        return_sequences: bool = False,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        **kwargs: Any,
    ):
        if isinstance(filters, bool) or not isinstance(filters, int) or filters <= 0:
            where = type(self).__name__ + (f" '{kwargs['name']}'" if kwargs.get("name") else "")
            raise ValueError(f"{where}: `filters` must be a positive int, received filters={filters!r}.")
        cell = ConvLSTMCell(
            self._rank, filters, kernel_size, strides=strides, padding=padding, data_format=data_format,
            dilation_rate=dilation_rate, activation=activation, recurrent_activation=recurrent_activation,
            use_bias=use_bias, kernel_initializer=kernel_initializer, recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer, unit_forget_bias=unit_forget_bias,
            kernel_regularizer=kernel_regularizer, recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint, bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed, dtype=kwargs.get("dtype"),
            trainable=kwargs.get("trainable", True), name="conv_lstm_cell",
        )
        super().__init__(
            cell, activity_regularizer=activity_regularizer, return_sequences=return_sequences,
            return_state=return_state, go_backwards=go_backwards, stateful=stateful, **kwargs,
        )
        self.input_spec = InputSpec(ndim=self._rank + 3)

    filters = _cell_attribute("filters")
    kernel_size = _cell_attribute("kernel_size")
    strides = _cell_attribute("strides")
    padding = _cell_attribute("padding")
    data_format = _cell_attribute("data_format")
    dilation_rate = _cell_attribute("dilation_rate")
    recurrent_activation = _cell_attribute("recurrent_activation")
    unit_forget_bias = _cell_attribute("unit_forget_bias")
    seed = _cell_attribute("seed")

    # Shapes: the states and the output are images, not vectors ------------------------

    def _step_shapes(self, sequences_shape: tuple[int | None, ...]) -> tuple[tuple[int | None, ...], list[Any]]:
        if len(sequences_shape) != self._rank + 3:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': expected inputs of rank {self._rank + 3} "
                f"(batch, time, {self._rank} spatial dimensions, channels), received shape {tuple(sequences_shape)}."
            )
        shape = self.cell.state_shape((sequences_shape[0], *sequences_shape[2:]))
        return shape, [shape, shape]

    def _zeros_for_step(self, sequences: Any, shape: tuple[int | None, ...]) -> Any:
        if all(size is not None for size in shape):
            return ops.zeros(shape, dtype=self.compute_dtype)
        return self.cell.zero_state_like(sequences[:, 0], self.compute_dtype)

    def get_initial_state(self, batch_size: int) -> list[Any]:
        """Zero ``[h, c]`` for ``batch_size`` sequences of the input shape the layer was built for."""
        return self.cell.get_initial_state(batch_size)

    def call(self, sequences: Any, initial_state: Any = None, mask: Any = None, training: Any = None) -> Any:
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        if mask is not None and len(mask.shape) != 2:
            # A Masking layer in front gives one flag per pixel; a timestep is either processed or not.
            raise ValueError(
                f"{type(self).__name__} '{self.name}': the mask must have shape (batch, timesteps), received a mask "
                f"of shape {tuple(mask.shape)} for inputs of shape {tuple(sequences.shape)}."
            )
        return super().call(sequences, initial_state=initial_state, mask=mask, training=training)


_ARGS_DOC = """
    Args:
        filters: positive number of channels of the output (and of each state).
        kernel_size: an int or a tuple of {rank} ints, the window of both convolutions.
        strides: an int or a tuple of {rank} ints, of the input convolution (> 1 excludes ``dilation_rate`` > 1).
        padding: ``"valid"`` or ``"same"``, of the input convolution (the recurrent one is always ``"same"``).
        data_format: ``"channels_last"`` (inputs ``(batch, time, {spatial}, channels)``), ``"channels_first"``
            (``(batch, time, channels, {spatial})``) or ``None`` (``multikeras.config.image_data_format()``).
        dilation_rate: an int or a tuple of {rank} ints, of the input convolution.
        activation: activation of the candidate and of the output (default ``tanh``).
        recurrent_activation: activation of the gates (default ``sigmoid``).
        use_bias: whether to add a bias.
        kernel_initializer, recurrent_initializer, bias_initializer: initializers.
        unit_forget_bias: initialize the forget gate's bias to ones.
        kernel_regularizer, recurrent_regularizer, bias_regularizer: penalties on the weights.
        activity_regularizer: a penalty on the output.
        kernel_constraint, recurrent_constraint, bias_constraint: projections applied after updates.
        dropout: fraction of the inputs dropped in training (one mask per gate and sequence).
        recurrent_dropout: fraction of the recurrent state dropped in training.
        seed: int seed of the dropout masks, or ``None``.
        return_sequences, return_state, go_backwards, stateful: see :class:`RNN`.
        **kwargs: base layer arguments (``name``, ``dtype`` ...), ``unroll`` and ``zero_output_for_mask``.

    Call arguments:
        sequences: ``(batch, time, {spatial}, channels)`` (or channels first).
        initial_state: ``[h, c]``, each of the output's shape for one timestep; zeros by default.
        mask: boolean ``(batch, time)``; masked timesteps leave the states and the output unchanged.
        training: whether dropout applies.
"""


@register_builtin("keras.layers")
class ConvLSTM1D(ConvLSTM):
    """1D convolutional LSTM: an LSTM whose products are convolutions over one spatial axis.
    {args}
    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = ConvLSTM1D(4, 3, padding="same", return_sequences=True)
        ...     outputs = layer(mk.ops.ones((2, 5, 7, 3)))
        >>> outputs.shape, [tuple(w.shape) for w in layer.weights]
        ((2, 5, 7, 4), [(3, 3, 16), (3, 4, 16), (16,)])
    """

    _rank = 1


@register_builtin("keras.layers")
class ConvLSTM2D(ConvLSTM):
    """2D convolutional LSTM (Shi et al., 2015): an LSTM whose products are convolutions over two spatial axes.
    {args}
    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = ConvLSTM2D(4, 3, return_state=True)
        ...     output, h, c = layer(mk.ops.ones((2, 5, 8, 8, 3)))
        >>> output.shape, c.shape, [tuple(w.shape) for w in layer.weights]
        ((2, 6, 6, 4), (2, 6, 6, 4), [(3, 3, 3, 16), (3, 3, 4, 16), (16,)])
    """

    _rank = 2


@register_builtin("keras.layers")
class ConvLSTM3D(ConvLSTM):
    """3D convolutional LSTM: an LSTM whose products are convolutions over three spatial axes.
    {args}
    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = ConvLSTM3D(2, 2, data_format="channels_first")
        ...     output = layer(mk.ops.ones((1, 3, 4, 5, 5, 5)))
        >>> output.shape, [tuple(w.shape) for w in layer.weights]
        ((1, 2, 4, 4, 4), [(2, 2, 2, 4, 8), (2, 2, 2, 2, 8), (8,)])
    """

    _rank = 3


# The three layers share their argument list; it is written once, with the rank filled in.
for _layer, _spatial in ((ConvLSTM1D, "steps"), (ConvLSTM2D, "rows, cols"), (ConvLSTM3D, "dim1, dim2, dim3")):
    if _layer.__doc__:  # None under python -OO
        _layer.__doc__ = _layer.__doc__.replace("    {args}\n", _ARGS_DOC.format(rank=_layer._rank, spatial=_spatial))
