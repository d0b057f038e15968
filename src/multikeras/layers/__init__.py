"""Layers: the :class:`Layer` base class and the Keras 3 layer set.

Each family lives in its own sub-package and lists its public names in
``__all__``; they are all re-exported here, as ``keras.layers`` does.

Example:
    >>> import multikeras as mk
    >>> isinstance(mk.layers.Dense(2), mk.layers.Layer)
    True
"""

from multikeras.layers.input_spec import InputSpec
from multikeras.layers.layer import Layer
from multikeras.layers.core import *  # noqa: F401,F403
from multikeras.layers.activations import *  # noqa: F401,F403
from multikeras.layers.attention import *  # noqa: F401,F403
from multikeras.layers.convolutional import *  # noqa: F401,F403
from multikeras.layers.merging import *  # noqa: F401,F403
from multikeras.layers.normalization import *  # noqa: F401,F403
from multikeras.layers.pooling import *  # noqa: F401,F403
from multikeras.layers.preprocessing import *  # noqa: F401,F403
from multikeras.layers.regularization import *  # noqa: F401,F403
from multikeras.layers.reshaping import *  # noqa: F401,F403
from multikeras.layers.rnn import *  # noqa: F401,F403
from multikeras.layers.wrappers import *  # noqa: F401,F403
from multikeras.layers.jax_layer import JaxLayer
from multikeras.layers.flax_layer import FlaxLayer
from multikeras.layers.torch_module_wrapper import TorchModuleWrapper
from multikeras.layers.tfsm_layer import TFSMLayer
from multikeras.layers.serialization import deserialize, serialize
from multikeras.layers import (
    activations as _activations,
    attention as _attention,
    convolutional as _convolutional,
    core as _core,
    merging as _merging,
    normalization as _normalization,
    pooling as _pooling,
    preprocessing as _preprocessing,
    regularization as _regularization,
    reshaping as _reshaping,
    rnn as _rnn,
    wrappers as _wrappers,
)

__all__ = sorted(
    {"FlaxLayer", "InputSpec", "JaxLayer", "Layer", "TFSMLayer", "TorchModuleWrapper", "deserialize",
     "serialize"}.union(
        *(family.__all__ for family in (_activations, _attention, _convolutional, _core, _merging, _normalization, _pooling,
                                        _preprocessing, _regularization, _reshaping, _rnn, _wrappers))
    )
)
