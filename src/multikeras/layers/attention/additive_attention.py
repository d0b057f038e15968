"""`AdditiveAttention`: Bahdanau-style attention, scores ``sum(scale * tanh(query + key))``."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.layers.attention.attention import Attention
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class AdditiveAttention(Attention):
    """Additive attention (Bahdanau et al., 2015): ``softmax(sum(scale * tanh(q + k), -1)) @ value``.

    Called like :class:`Attention` on ``[query, value]`` or ``[query, value, key]``
    of shapes ``(B, Tq, dim)``, ``(B, Tv, dim)``, ``(B, Tv, dim)``.

    Args:
        use_scale: multiply ``tanh(q + k)`` by a trainable vector ``scale`` of shape ``(dim,)``
            (Glorot-uniform initialized) before summing over features.
        dropout: rate of dropout on the attention weights in training.
        **kwargs: base layer arguments (``name``, ``dtype``, ``seed`` ...).

    Example:
        >>> import numpy as np, multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = AdditiveAttention(use_scale=False)
        ...     out = layer([np.zeros((1, 2, 3)), np.ones((1, 4, 3))])
        >>> out.shape, mk.ops.convert_to_numpy(out)[0, 0].tolist()
        ((1, 2, 3), [1.0, 1.0, 1.0])
    """

    def __init__(self, use_scale: bool = True, dropout: float = 0.0, **kwargs: Any):
        super().__init__(use_scale=use_scale, dropout=dropout, **kwargs)

    def build(self, input_shape: Any) -> None:
        self._validate_inputs(input_shape)
        dim = tuple(input_shape[0])[-1]
        if dim is None:
            raise ValueError(
                f"{self._where()}: the query's last dimension must be known, received input shapes {input_shape}."
            )
        self.scale = None
        if self.use_scale:
            self.scale = self.add_weight(name="scale", shape=(dim,), initializer="glorot_uniform")
        self.built = True

    def _calculate_scores(self, query: Any, key: Any) -> Any:
        features = ops.tanh(ops.add(ops.expand_dims(query, -2), ops.expand_dims(key, -3)))  # (B, Tq, Tv, dim)
        if self.scale is not None:
            features = ops.multiply(self.scale, features)
        return ops.sum(features, axis=-1)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        del config["score_mode"]
        return config
