"""`GroupedQueryAttention` (exported as ``GroupQueryAttention``): attention whose key/value heads are shared by groups of query heads."""

from __future__ import annotations

import math
from typing import Any

from multikeras import constraints, initializers, ops, regularizers
from multikeras.backend.global_settings import is_flash_attention_enabled
from multikeras.layers.attention import attention_masks
from multikeras.layers.activations.softmax import Softmax
from multikeras.layers.attention.multi_head_attention import clone_initializer, dropout_rate, positive_int
from multikeras.layers.attention.query_value_layer import QueryValueLayer
from multikeras.layers.core.einsum_dense import EinsumDense
from multikeras.layers.regularization.dropout import Dropout, check_seed
from multikeras.saving.object_registration import register_builtin
from multikeras.symbolic.keras_tensor import KerasTensor


@register_builtin("keras.layers", name="GroupQueryAttention")  # the name Keras 3 writes in configs
class GroupedQueryAttention(QueryValueLayer):
    """Grouped-query attention (Ainslie et al., 2023): ``num_key_value_heads`` key/value heads, each
    shared by ``num_query_heads / num_key_value_heads`` query heads.

    ``num_key_value_heads == 1`` is multi-query attention; ``num_key_value_heads == num_query_heads``
    is multi-head attention. Inputs are ``(B, T, dim)`` (query) and ``(B, S, dim)`` (value, key);
    the output is ``(B, T, dim)``. The projections are :class:`EinsumDense` sub-layers named
    ``query``, ``key``, ``value`` and ``attention_output`` (and ``gate`` with ``use_gate``).
    The fused :func:`multikeras.ops.dot_product_attention` runs whenever there is no dropout and
    the scores are not requested.

    Args:
        head_dim: size of each attention head.
        num_query_heads: number of query heads.
        num_key_value_heads: number of key and value heads; must divide ``num_query_heads``.
        dropout: dropout rate on the attention weights in training.
        use_bias: whether the projections have biases.
        sliding_window: optional positive int: each query attends only to keys less than
            ``sliding_window`` positions away.
        flash_attention: passed to :func:`multikeras.ops.dot_product_attention`. ``True``: a
            flash-attention kernel or a ``KernelUnavailableError`` at call time; dropout and returning
            scores are then errors, as in Keras 3. ``False``: never a flash kernel. ``None``: the
            backend's choice, or ``False`` when ``multikeras.config.disable_flash_attention()`` was
            called before the layer was constructed.
        kernel_initializer, bias_initializer, kernel_regularizer, bias_regularizer,
        activity_regularizer, kernel_constraint, bias_constraint: of the projections.
        use_gate: gate the heads with ``sigmoid`` of a further projection of the query.
        seed: seed of the dropout.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Call arguments:
        query, value, key, query_mask, value_mask, key_mask, attention_mask,
        return_attention_scores, training, use_causal_mask: as for :class:`MultiHeadAttention`.

    Example:
        >>> import numpy as np, multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = GroupedQueryAttention(head_dim=2, num_query_heads=4, num_key_value_heads=2)
        ...     x = np.ones((1, 3, 6), "float32")
        ...     y, scores = layer(x, x, return_attention_scores=True)
        >>> y.shape, scores.shape, layer._key_dense.kernel.shape
        ((1, 3, 6), (1, 4, 3, 3), (6, 2, 2))
    """

    def __init__(
        self,
        head_dim: int,
        num_query_heads: int,
        num_key_value_heads: int,
        dropout: float = 0.0,
        use_bias: bool = True,
        sliding_window: int | None = None,
        flash_attention: bool | None = None,
        kernel_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        bias_constraint: Any = None,
        use_gate: bool = False,
        seed: int | None = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        where = self._where()
        self.supports_masking = True
        self.head_dim = positive_int(head_dim, "head_dim", where)
        self.num_query_heads = positive_int(num_query_heads, "num_query_heads", where)
        self.num_key_value_heads = positive_int(num_key_value_heads, "num_key_value_heads", where)
        if num_query_heads % num_key_value_heads:
            raise ValueError(
                f"{where}: `num_query_heads` must be divisible by `num_key_value_heads`, received "
                f"num_query_heads={num_query_heads} and num_key_value_heads={num_key_value_heads}."
            )
        self.num_repeats = num_query_heads // num_key_value_heads
        self.dropout = dropout_rate(dropout, where)
        self.use_bias = bool(use_bias)
        self.use_gate = bool(use_gate)
        self.sliding_window = positive_int(sliding_window, "sliding_window", where, allow_none=True)
        if flash_attention not in (None, True, False):
            raise ValueError(f"{where}: `flash_attention` must be True, False or None, received {flash_attention!r}.")
        # As in Keras 3, the config switch is read once, here: after disable_flash_attention() an unset
        # argument means False. An explicit False stays False (Keras turns it into None when enabled).
        self._flash_attention = is_flash_attention_enabled() if flash_attention is None else bool(flash_attention)
        if self._flash_attention and self.dropout > 0:
            raise ValueError(
                f"{where}: dropout is not supported with flash_attention=True; received dropout={dropout!r}. "
                "Set dropout=0.0 or flash_attention=None."
            )
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.seed = check_seed(seed, self)
        self._inverse_sqrt_head_dim = 1.0 / math.sqrt(float(self.head_dim))
        self._return_attention_scores = False

    def _where(self) -> str:
        return f"GroupedQueryAttention '{self.name}'"

    # Building --------------------------------------------------------------------

    def _sublayer_kwargs(self) -> dict[str, Any]:
        return {
            "kernel_initializer": clone_initializer(self.kernel_initializer),
            "bias_initializer": clone_initializer(self.bias_initializer),
            "kernel_regularizer": self.kernel_regularizer,
            "bias_regularizer": self.bias_regularizer,
            "activity_regularizer": self.activity_regularizer,
            "kernel_constraint": self.kernel_constraint,
            "bias_constraint": self.bias_constraint,
            "dtype": self.dtype_policy,
        }

    def _projection(self, equation: str, heads: int, bias_axes: str, name: str, activation: Any = None) -> EinsumDense:
        return EinsumDense(
            equation, output_shape=(None, heads, self.head_dim), bias_axes=bias_axes if self.use_bias else None,
            activation=activation, name=name, **self._sublayer_kwargs(),
        )

    def build(self, query_shape: Any, value_shape: Any, key_shape: Any = None) -> None:
        key_shape = value_shape if key_shape is None else key_shape
        for name, shape in (("query", query_shape), ("value", value_shape), ("key", key_shape)):
            if len(shape) != 3 or shape[-1] is None:
                raise ValueError(
                    f"{self._where()}: expected `{name}` of shape (batch, length, features) with known features, "
                    f"received shape {tuple(shape)}."
                )
        self.feature_dim = query_shape[-1]
        self._query_dense = self._projection("bqm,muh->bquh", self.num_query_heads, "uh", "query")
        self._query_dense.build(tuple(query_shape))
        self._key_dense = self._projection("bkm,mvh->bkvh", self.num_key_value_heads, "vh", "key")
        self._key_dense.build(tuple(key_shape))
        if self.use_gate:
            self._gate_dense = self._projection("bqm,muh->bquh", self.num_query_heads, "uh", "gate", "sigmoid")
            self._gate_dense.build(tuple(query_shape))
        self._value_dense = self._projection("bkm,mvh->bkvh", self.num_key_value_heads, "vh", "value")
        self._value_dense.build(tuple(value_shape))
        self._softmax = Softmax(axis=-1, dtype=self.dtype_policy)
        self._dropout_layer = Dropout(rate=self.dropout, dtype=self.dtype_policy, seed=self.seed)
        self._dot_product_equation = "bquh,bkuh->buqk"
        self._combine_equation = "buqk,bkuh->bquh"
        self._output_dense = EinsumDense(
            "bquh,uhm->bqm", output_shape=(None, self.feature_dim), bias_axes="m" if self.use_bias else None,
            name="attention_output", **self._sublayer_kwargs(),
        )
        self._output_dense.build((None, None, self.num_query_heads, self.head_dim))
        self.built = True

    # Calling ---------------------------------------------------------------------

    def call(
        self,
        query: Any,
        value: Any,
        key: Any = None,
        query_mask: Any = None,
        value_mask: Any = None,
        key_mask: Any = None,
        attention_mask: Any = None,
        return_attention_scores: bool = False,
        training: bool | None = None,
        use_causal_mask: bool = False,
    ) -> Any:
        self._return_attention_scores = return_attention_scores
        if key is None:
            key = value
        causal_only = (
            use_causal_mask and query_mask is None and value_mask is None and key_mask is None
            and attention_mask is None and self.sliding_window is None
            and type(self)._compute_attention is GroupedQueryAttention._compute_attention
        )
        if causal_only:
            attention_mask = None
        else:
            attention_mask = self._compute_attention_mask(
                query, value, query_mask=query_mask, value_mask=value_mask, key_mask=key_mask,
                attention_mask=attention_mask, use_causal_mask=use_causal_mask,
            )
        gate = self._gate_dense(query) if self.use_gate else None
        query = self._query_dense(query)
        key = self._key_dense(key)
        value = self._value_dense(value)
        # Every key/value head serves num_repeats consecutive query heads.
        key = ops.repeat(key, self.num_repeats, axis=2)
        value = ops.repeat(value, self.num_repeats, axis=2)
        extra = {"use_causal_mask": True} if causal_only else {}
        output, scores = self._compute_attention(query, key, value, attention_mask=attention_mask, training=training, **extra)
        if gate is not None:
            output = ops.multiply(output, gate)
        output = self._output_dense(output)
        if return_attention_scores:
            return output, scores
        return output

    def _compute_attention_mask(
        self,
        query: Any,
        value: Any,
        query_mask: Any = None,
        value_mask: Any = None,
        key_mask: Any = None,
        attention_mask: Any = None,
        use_causal_mask: bool = False,
    ) -> Any:
        """The boolean ``(B, T, S)`` mask (or ``None``) combining every mask source and the causal/window masks."""
        return attention_masks.merge_masks(
            query, value, query_mask, value_mask, key_mask, attention_mask, use_causal_mask, self.sliding_window
        )

    def _compute_causal_mask(self, query: Any, value: Any = None) -> Any:
        """``(1, T, S)``: True where query position ``t`` may attend to key position ``s <= t``."""
        query_length = ops.shape(query)[1]
        return attention_masks.causal_mask(query_length, query_length if value is None else ops.shape(value)[1])

    def _masked_softmax(self, scores: Any, attention_mask: Any = None) -> Any:
        if attention_mask is not None:
            attention_mask = attention_masks.expand_to_rank(attention_mask, len(ops.shape(scores)), -3)
        return self._softmax(scores, mask=attention_mask)

    def _compute_attention(
        self,
        query: Any,
        key: Any,
        value: Any,
        attention_mask: Any = None,
        training: bool | None = None,
        use_causal_mask: bool = False,
    ) -> tuple[Any, Any]:
        """``(output, scores)`` of projected ``(B, T, heads, head_dim)`` tensors; ``scores`` is ``None`` when fused."""
        if self._flash_attention and self._return_attention_scores:
            raise ValueError(
                f"{self._where()}: return_attention_scores=True is not supported with flash_attention=True; "
                "construct the layer with flash_attention=None to get the scores."
            )
        if self.dropout == 0 and not self._return_attention_scores:
            if attention_mask is not None:
                attention_mask = ops.cast(attention_masks.expand_to_rank(attention_mask, 4, -3), "bool")
            output = ops.dot_product_attention(
                query, key, value, mask=attention_mask, scale=self._inverse_sqrt_head_dim, is_causal=use_causal_mask,
                flash_attention=self._flash_attention,
            )
            return output, None
        if use_causal_mask:
            causal = self._compute_causal_mask(query, value)
            attention_mask = causal if attention_mask is None else ops.logical_and(
                ops.cast(attention_mask, "bool"), causal
            )
        query = ops.multiply(query, ops.cast(self._inverse_sqrt_head_dim, ops.dtype(query)))
        scores = ops.einsum(self._dot_product_equation, query, key)
        scores = self._masked_softmax(scores, attention_mask)
        weights = self._dropout_layer(scores, training=training) if self.dropout > 0 else scores
        return ops.einsum(self._combine_equation, weights, value), scores

    # Shapes ------------------------------------------------------------------------

    def compute_output_shape(self, query_shape: Any, value_shape: Any, key_shape: Any = None) -> tuple[int | None, ...]:
        query_shape, value_shape = tuple(query_shape), tuple(value_shape)
        key_shape = value_shape if key_shape is None else tuple(key_shape)
        if query_shape[-1] != value_shape[-1]:
            raise ValueError(
                f"{self._where()}: the last dimension of `query` and `value` must be equal, received query shape "
                f"{query_shape} and value shape {value_shape}."
            )
        if value_shape[1:-1] != key_shape[1:-1]:
            raise ValueError(
                f"{self._where()}: all dimensions of `value` and `key`, except the last one, must be equal; "
                f"received value shape {value_shape} and key shape {key_shape}."
            )
        return query_shape

    def compute_output_spec(
        self,
        query: Any,
        value: Any,
        key: Any = None,
        query_mask: Any = None,
        value_mask: Any = None,
        key_mask: Any = None,
        attention_mask: Any = None,
        return_attention_scores: bool = False,
        training: bool | None = None,
        use_causal_mask: bool = False,
    ) -> Any:
        key_shape = None if key is None else tuple(key.shape)
        output = KerasTensor(self.compute_output_shape(query.shape, value.shape, key_shape), self.compute_dtype)
        if return_attention_scores:
            length = (key_shape or tuple(value.shape))[1]
            return output, KerasTensor((query.shape[0], self.num_query_heads, query.shape[1], length), self.compute_dtype)
        return output

    # Config ------------------------------------------------------------------------

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({
            "head_dim": self.head_dim,
            "num_query_heads": self.num_query_heads,
            "num_key_value_heads": self.num_key_value_heads,
            "use_bias": self.use_bias,
            "use_gate": self.use_gate,
            "sliding_window": self.sliding_window,
            "dropout": self.dropout,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
            "seed": self.seed,
        })
        return config


GroupQueryAttention = GroupedQueryAttention
"""Keras 3's public name (``keras.layers.GroupQueryAttention``), also the class name configs and files carry."""
