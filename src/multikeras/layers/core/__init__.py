"""Core layers: inputs, Dense, EinsumDense, Embedding, ReversibleEmbedding, Activation, Identity, Lambda, Masking,
and op calls."""

from multikeras.layers.core.activation import Activation
from multikeras.layers.core.dense import Dense
from multikeras.layers.core.einsum_dense import EinsumDense
from multikeras.layers.core.embedding import Embedding
from multikeras.layers.core.identity import Identity
from multikeras.layers.core.input_layer import Input, InputLayer
from multikeras.layers.core.lambda_layer import Lambda
from multikeras.layers.core.masking import Masking
from multikeras.layers.core.op_call import OpCall
from multikeras.layers.core.reversible_embedding import ReversibleEmbedding

__all__ = [
    "Activation",
    "Dense",
    "EinsumDense",
    "Embedding",
    "Identity",
    "Input",
    "InputLayer",
    "Lambda",
    "Masking",
    "OpCall",
    "ReversibleEmbedding",
]
