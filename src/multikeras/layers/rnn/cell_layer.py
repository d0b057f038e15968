"""`CellLayer`: an RNN whose cell it creates itself from its own arguments (SimpleRNN, LSTM, GRU)."""

from __future__ import annotations

from typing import Any

from multikeras import regularizers
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.rnn.rnn import RNN


def _cell_attribute(name: str) -> property:
    return property(lambda self: getattr(self.cell, name), doc=f"The cell's ``{name}``.")


class CellLayer(RNN):
    """Shared parts of :class:`SimpleRNN`, :class:`LSTM` and :class:`GRU`.

    The layer's constructor arguments split into those of its cell (read back
    through properties, as in Keras 3) and those of :class:`RNN`; its config is
    the RNN's without ``cell``, plus the cell's arguments.
    """

    cell_config_keys: tuple[str, ...] = ()

    def __init__(self, cell: Any, use_cudnn: Any = "auto", activity_regularizer: Any = None, **kwargs: Any):
        super().__init__(cell, activity_regularizer=activity_regularizer, **kwargs)
        if use_cudnn not in ("auto", True, False):
            raise ValueError(
                f"{type(self).__name__} '{self.name}': use_cudnn must be 'auto', True or False, received {use_cudnn!r}."
            )
        self.use_cudnn = use_cudnn
        # use_cudnn=False asks for the generic loop; 'auto' and True use a backend's fused kernel where one applies.
        self._fused_allowed = use_cudnn is not False
        self.input_spec = InputSpec(ndim=3)

    units = _cell_attribute("units")
    activation = _cell_attribute("activation")
    use_bias = _cell_attribute("use_bias")
    kernel_initializer = _cell_attribute("kernel_initializer")
    recurrent_initializer = _cell_attribute("recurrent_initializer")
    bias_initializer = _cell_attribute("bias_initializer")
    kernel_regularizer = _cell_attribute("kernel_regularizer")
    recurrent_regularizer = _cell_attribute("recurrent_regularizer")
    bias_regularizer = _cell_attribute("bias_regularizer")
    kernel_constraint = _cell_attribute("kernel_constraint")
    recurrent_constraint = _cell_attribute("recurrent_constraint")
    bias_constraint = _cell_attribute("bias_constraint")
    dropout = _cell_attribute("dropout")
    recurrent_dropout = _cell_attribute("recurrent_dropout")

    def get_config(self) -> dict[str, Any]:
        config = self._rnn_config()
        cell_config = self.cell.get_config()
        for key in self.cell_config_keys:
            if key == "activity_regularizer":
                config[key] = regularizers.serialize(self.activity_regularizer)
            else:
                config[key] = cell_config[key]
        return config

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> RNN:
        config = dict(config)
        config.pop("cell", None)  # Keras 3 configs of these layers carry no cell; tolerate one that does
        return super().from_config(config)


CELL_KEYS = (
    "units", "activation", "use_bias", "kernel_initializer", "recurrent_initializer", "bias_initializer",
    "kernel_regularizer", "recurrent_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
    "recurrent_constraint", "bias_constraint", "dropout", "recurrent_dropout",
)
"""Config keys of a SimpleRNN that come from its cell (plus ``activity_regularizer``), in Keras 3's order."""
