"""Core layers: inputs, Dense, and op calls recorded in graphs."""

from multikeras.layers.core.dense import Dense
from multikeras.layers.core.input_layer import Input, InputLayer
from multikeras.layers.core.op_call import OpCall

__all__ = ["Dense", "Input", "InputLayer", "OpCall"]
