"""`Attention`: dot-product (Luong-style) attention of a query over a value sequence, without projections."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras import random as mk_random
from multikeras.layers.attention import attention_masks
from multikeras.layers.layer import Layer
from multikeras.layers.attention.multi_head_attention import dropout_rate
from multikeras.layers.regularization.dropout import check_seed
from multikeras.random.seed_generator import SeedGenerator
from multikeras.saving.object_registration import register_builtin
from multikeras.symbolic.keras_tensor import KerasTensor

_SCORE_MODES = ("dot", "concat")


@register_builtin("keras.layers")
class Attention(Layer):
    """Dot-product attention: ``softmax(query @ key^T) @ value`` (Luong et al., 2015).

    The layer is called on a list ``[query, value]`` or ``[query, value, key]``
    (``key`` defaults to ``value``) of shapes ``(B, Tq, dim)``, ``(B, Tv, dim)`` and
    ``(B, Tv, dim)``; the output is ``(B, Tq, dim)``.

    Args:
        use_scale: multiply the scores by a trainable scalar ``scale`` (initially 1).
        score_mode: ``"dot"`` (``query @ key^T``) or ``"concat"``
            (``sum(tanh(query + key))`` over features, times a trainable scalar
            ``concat_score_weight``).
        dropout: rate of dropout on the attention weights in training.
        seed: seed of the dropout.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Call arguments:
        inputs: ``[query, value]`` or ``[query, value, key]``.
        mask: optional ``[query_mask, value_mask]``: value positions masked out get no
            weight; query positions masked out give zero outputs.
        training: whether dropout is active.
        return_attention_scores: also return the attention weights ``(B, Tq, Tv)``.
        use_causal_mask: let query position ``i`` attend only to value positions ``<= i``.

    Example:
        >>> import numpy as np, multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     query = np.array([[[1.0, 0.0]]]); value = np.array([[[1.0, 0.0], [0.0, 1.0]]])
        ...     out, weights = Attention()([query, value], return_attention_scores=True)
        >>> print(mk.ops.convert_to_numpy(weights).round(3))
        [[[0.731 0.269]]]
    """

    def __init__(self, use_scale: bool = False, score_mode: str = "dot", dropout: float = 0.0, seed: int | None = None,
                 **kwargs: Any):
        super().__init__(**kwargs)
        self.use_scale = bool(use_scale)
        if score_mode not in _SCORE_MODES:
            raise ValueError(
                f"{self._where()}: `score_mode` must be one of {list(_SCORE_MODES)}, received score_mode={score_mode!r}."
            )
        self.score_mode = score_mode
        self.dropout = dropout_rate(dropout, self._where())
        self.seed = check_seed(seed, self)
        if self.dropout > 0:
            self.seed_generator = SeedGenerator(seed)
            self._bind_backend()  # the generator's state is an array of the active backend
        self.supports_masking = True

    def _where(self) -> str:
        return f"{type(self).__name__} '{self.name}'"

    def build(self, input_shape: Any) -> None:
        self._validate_inputs(input_shape)
        self.scale = None
        self.concat_score_weight = None
        if self.use_scale:
            self.scale = self.add_weight(name="scale", shape=(), initializer="ones")
        if self.score_mode == "concat":
            self.concat_score_weight = self.add_weight(name="concat_score_weight", shape=(), initializer="ones")
        self.built = True

    def _calculate_scores(self, query: Any, key: Any) -> Any:
        """Scores ``(B, Tq, Tv)`` of every query position against every key position."""
        if self.score_mode == "dot":
            scores = ops.matmul(query, ops.swapaxes(key, -2, -1))
            return scores if self.scale is None else ops.multiply(scores, self.scale)
        summed = ops.add(ops.expand_dims(query, -2), ops.expand_dims(key, -3))  # (B, Tq, Tv, dim)
        if self.scale is not None:
            summed = ops.multiply(self.scale, summed)
        return ops.multiply(self.concat_score_weight, ops.sum(ops.tanh(summed), axis=-1))

    def _apply_scores(self, scores: Any, value: Any, scores_mask: Any = None, training: bool | None = False) -> tuple[Any, Any]:
        """``(softmax(scores) @ value, softmax(scores))``, positions where ``scores_mask`` is False lowered first."""
        if scores_mask is not None:
            # Lowered by a large number (float16's largest in float16) rather than replaced, as Keras does.
            large = 65504.0 if ops.dtype(scores) == "float16" else 1.0e9
            if len(ops.shape(scores_mask)) == 2:
                scores_mask = ops.expand_dims(scores_mask, -2)
            scores = ops.where(scores_mask, scores, ops.subtract(scores, ops.cast(large, ops.dtype(scores))))
        weights = ops.softmax(scores, axis=-1)
        if training and self.dropout > 0:
            weights = mk_random.dropout(weights, self.dropout, seed=self.seed_generator)
        return ops.matmul(weights, value), weights

    def _calculate_score_mask(self, scores: Any, value_mask: Any, use_causal_mask: bool) -> Any:
        if value_mask is not None:
            value_mask = ops.cast(value_mask, "bool")
        if not use_causal_mask:
            return value_mask
        shape = ops.shape(scores)
        causal = attention_masks.causal_mask(shape[-2], shape[-1])  # (1, Tq, Tv)
        return causal if value_mask is None else ops.logical_and(ops.expand_dims(value_mask, -2), causal)

    def call(
        self,
        inputs: list[Any],
        mask: list[Any] | None = None,
        training: bool | None = False,
        return_attention_scores: bool = False,
        use_causal_mask: bool = False,
    ) -> Any:
        self._validate_inputs(inputs, mask)
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        query_mask = mask[0] if mask else None
        value_mask = mask[1] if mask else None
        scores = self._calculate_scores(query, key)
        scores_mask = self._calculate_score_mask(scores, value_mask, use_causal_mask)
        output, weights = self._apply_scores(scores, value, scores_mask, training)
        if query_mask is not None:
            keep = ops.expand_dims(ops.cast(query_mask, "bool"), -1)
            output = ops.where(keep, output, ops.zeros((), ops.dtype(output)))
        if return_attention_scores:
            return output, weights
        return output

    def compute_mask(self, inputs: Any, previous_mask: Any = None) -> Any:
        """The query's mask (the output has the query's positions)."""
        self._validate_inputs(inputs, previous_mask)
        if previous_mask is None or previous_mask[0] is None:
            return None
        return previous_mask[0]

    def compute_output_shape(self, input_shape: Any) -> tuple[int | None, ...]:
        self._validate_inputs(input_shape)
        return (*tuple(input_shape[0])[:-1], tuple(input_shape[1])[-1])

    def compute_output_spec(
        self,
        inputs: Any,
        mask: Any = None,
        return_attention_scores: bool = False,
        training: bool | None = None,
        use_causal_mask: bool = False,
    ) -> Any:
        self._validate_inputs(inputs, mask)
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        output = KerasTensor(self.compute_output_shape([query.shape, value.shape, key.shape]), self.compute_dtype)
        if return_attention_scores:
            return output, KerasTensor((*tuple(query.shape)[:-1], tuple(key.shape)[-2]), self.compute_dtype)
        return output

    def _validate_inputs(self, inputs: Any, mask: Any = None) -> None:
        if not isinstance(inputs, (list, tuple)) or (inputs and isinstance(inputs[0], int)):
            raise ValueError(
                f"{self._where()}: must be called on a list [query, value] or [query, value, key], "
                f"received inputs={inputs!r}."
            )
        if not 2 <= len(inputs) <= 3:
            raise ValueError(
                f"{self._where()}: expected a list of 2 or 3 inputs ([query, value] or [query, value, key]), "
                f"received {len(inputs)}."
            )
        if mask is not None:
            if not isinstance(mask, (list, tuple)):
                raise ValueError(
                    f"{self._where()}: `mask` must be a list [query_mask, value_mask], received mask={mask!r}."
                )
            if not 2 <= len(mask) <= 3:
                raise ValueError(
                    f"{self._where()}: expected a `mask` list of 2 or 3 entries, received {len(mask)}."
                )

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({
            "use_scale": self.use_scale,
            "score_mode": self.score_mode,
            "dropout": self.dropout,
            "seed": self.seed,
        })
        return config
