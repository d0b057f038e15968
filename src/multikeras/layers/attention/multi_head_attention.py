"""`MultiHeadAttention`: scaled dot-product attention over several projected heads (Vaswani et al., 2017)."""

from __future__ import annotations

import math
import numbers
import string
from collections.abc import Sequence
from typing import Any

from multikeras import constraints, initializers, ops, regularizers
from multikeras.backend.global_settings import is_flash_attention_enabled
from multikeras.layers.attention import attention_masks
from multikeras.layers.activations.softmax import Softmax
from multikeras.layers.attention.query_value_layer import QueryValueLayer
from multikeras.layers.core.einsum_dense import EinsumDense
from multikeras.layers.regularization.dropout import Dropout, check_seed
from multikeras.saving.object_registration import register_builtin
from multikeras.symbolic.keras_tensor import KerasTensor


def positive_int(value: Any, name: str, where: str, allow_none: bool = False) -> int | None:
    """``value`` if it is a positive int (or ``None`` when allowed), else a ValueError naming ``where`` and ``name``."""
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        expected = "a positive int or None" if allow_none else "a positive int"
        raise ValueError(f"{where}: `{name}` must be {expected}, received {name}={value!r}.")
    return value


def dropout_rate(value: Any, where: str) -> float:
    """``value`` as a float in ``[0, 1]``, else a ValueError naming ``where``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 <= value <= 1:
        raise ValueError(f"{where}: `dropout` must be a float between 0 and 1, received dropout={value!r}.")
    return float(value)


def clone_initializer(initializer: Any) -> Any:
    """A fresh initializer with the same config, so that sub-layers never share one instance (and its draws)."""
    return type(initializer).from_config(initializer.get_config())


def projection_equation(free_dims: int, bound_dims: int, output_dims: int) -> tuple[str, str, int]:
    """``(equation, bias axes, output rank)`` of a projection keeping ``free_dims`` axes, contracting
    ``bound_dims`` axes and producing ``output_dims`` new ones, e.g. ``(2, 1, 2)``: ``"abc,cde->abde"``."""
    letters = string.ascii_lowercase
    free = letters[:free_dims]
    bound = letters[free_dims:free_dims + bound_dims]
    produced = letters[free_dims + bound_dims:free_dims + bound_dims + output_dims]
    return f"{free}{bound},{bound}{produced}->{free}{produced}", produced, free_dims + output_dims


def attention_equations(rank: int, attention_axes: tuple[int, ...]) -> tuple[str, str, int]:
    """``(scores equation, combine equation, scores rank)`` for projected tensors of ``rank`` axes.

    Projected tensors are ``(batch, <other axes>, <attention axes>, heads, dim)``. The scores
    equation takes ``(key, query)`` to ``(<batch axes>, <query attention axes>, <key attention axes>)``,
    where the batch axes are every axis but the attention axes and ``dim`` (so they include the heads);
    the combine equation takes ``(scores, value)`` back to the query's layout.
    """
    letters = string.ascii_lowercase
    target = letters[:rank]
    batch_axes = [i for i in range(rank) if i not in attention_axes and i != rank - 1]
    source = list(target)
    for offset, axis in enumerate(attention_axes):
        source[axis] = letters[rank + offset]
    source = "".join(source)
    product = "".join(
        [target[i] for i in batch_axes] + [target[i] for i in attention_axes] + [source[i] for i in attention_axes]
    )
    return f"{source},{target}->{product}", f"{product},{source}->{target}", len(product)


@register_builtin("keras.layers")
class MultiHeadAttention(QueryValueLayer):
    """Multi-head attention: project query, key and value into heads, attend, project back.

    ``query`` ``(B, T, dim)`` is projected to ``(B, T, num_heads, key_dim)``, ``key``
    ``(B, S, dim)`` to ``(B, S, num_heads, key_dim)`` and ``value`` to ``(B, S, num_heads,
    value_dim)`` by :class:`EinsumDense` sub-layers named ``query``, ``key`` and ``value``.
    Each head computes ``softmax(q k^T / sqrt(key_dim)) v``; the heads are projected to the
    output by the sub-layer ``attention_output``: back to the query's last size, or to
    ``output_shape``. Inputs may have several axes between batch and features; attention runs
    over ``attention_axes`` (all of them by default).

    The layer uses :func:`multikeras.ops.dot_product_attention`, which each backend maps to its
    fused kernel, whenever it can: no dropout, scores not returned, one attention axis. Otherwise
    it computes the scores explicitly. The two paths agree, except for a query whose keys are all
    masked (e.g. a padded query position): the fused path averages the values uniformly, the
    explicit path gives zero weights, as Keras 3 does on each path.

    Args:
        num_heads: number of attention heads.
        key_dim: size of each head of query and key.
        value_dim: size of each head of value (``None``: ``key_dim``).
        dropout: dropout rate applied to the attention weights in training.
        use_bias: whether the projections have biases.
        output_shape: the output's shape without batch and attention axes (an int for one axis);
            ``None``: the query's last size.
        attention_axes: the query axes attention runs over (``None``: every axis between batch and
            features).
        sliding_window: optional positive int: each query attends only to keys less than
            ``sliding_window`` positions away (combine with ``use_causal_mask`` for a causal window).
        flash_attention: passed to :func:`multikeras.ops.dot_product_attention`. ``True``: a
            flash-attention kernel or a ``KernelUnavailableError`` at call time; dropout and returning
            scores are then errors, as in Keras 3. ``False``: never a flash kernel. ``None``: the
            backend's choice, or ``False`` when ``multikeras.config.disable_flash_attention()`` was
            called before the layer was constructed.
        kernel_initializer, bias_initializer: initializers of the projections.
        kernel_regularizer, bias_regularizer, activity_regularizer: penalties of the projections.
        kernel_constraint, bias_constraint: constraints of the projections.
        use_gate: multiply the heads by ``sigmoid`` of a further projection of the query (a sub-layer
            named ``gate``) before the output projection (gated attention).
        seed: seed of the dropout.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Call arguments:
        query: ``(B, T, dim)`` (or ``(B, ..., dim)``).
        value: ``(B, S, dim)``.
        key: optional ``(B, S, dim)``; ``value`` when ``None``.
        query_mask, value_mask, key_mask: optional boolean padding masks ``(B, T)``, ``(B, S)``, ``(B, S)``.
        attention_mask: optional boolean ``(B, T, S)`` (broadcastable; True: may attend).
        return_attention_scores: also return the attention weights ``(B, num_heads, T, S)``.
        training: whether dropout is active.
        use_causal_mask: let position ``t`` attend only to positions ``<= t``.

    Example:
        >>> import numpy as np, multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = MultiHeadAttention(num_heads=2, key_dim=4)
        ...     x = np.ones((1, 3, 8), "float32")
        ...     y, scores = layer(x, x, return_attention_scores=True)
        >>> y.shape, scores.shape, layer.query_dense.kernel.shape
        ((1, 3, 8), (1, 2, 3, 3), (8, 2, 4))
    """

    def __init__(
        self,
        num_heads: int,
        key_dim: int,
        value_dim: int | None = None,
        dropout: float = 0.0,
        use_bias: bool = True,
        output_shape: int | Sequence[int] | None = None,
        attention_axes: int | Sequence[int] | None = None,
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
        where = f"MultiHeadAttention '{self.name}'"
        self.supports_masking = True
        self._num_heads = positive_int(num_heads, "num_heads", where)
        self._key_dim = positive_int(key_dim, "key_dim", where)
        self._value_dim = positive_int(value_dim, "value_dim", where, allow_none=True) or self._key_dim
        self._dropout = dropout_rate(dropout, where)
        self._use_bias = bool(use_bias)
        self._use_gate = bool(use_gate)
        self._output_shape = _standardize_output_shape(output_shape, where)
        self._attention_axes = _standardize_attention_axes(attention_axes, where)
        self._sliding_window = positive_int(sliding_window, "sliding_window", where, allow_none=True)
        if flash_attention not in (None, True, False):
            raise ValueError(f"{where}: `flash_attention` must be True, False or None, received {flash_attention!r}.")
        # As in Keras 3, the config switch is read once, here: after disable_flash_attention() an unset
        # argument means False. An explicit False stays False (Keras turns it into None when enabled).
        self._flash_attention = is_flash_attention_enabled() if flash_attention is None else bool(flash_attention)
        if self._flash_attention and self._dropout > 0:
            raise ValueError(
                f"{where}: dropout is not supported with flash_attention=True; received dropout={dropout!r}. "
                "Set dropout=0.0 or flash_attention=None."
            )
        self._kernel_initializer = initializers.get(kernel_initializer)
        self._bias_initializer = initializers.get(bias_initializer)
        self._kernel_regularizer = regularizers.get(kernel_regularizer)
        self._bias_regularizer = regularizers.get(bias_regularizer)
        self._activity_regularizer = regularizers.get(activity_regularizer)
        self._kernel_constraint = constraints.get(kernel_constraint)
        self._bias_constraint = constraints.get(bias_constraint)
        self.seed = check_seed(seed, self)
        self._inverse_sqrt_key_dim = 1.0 / math.sqrt(float(self._key_dim))

    # Properties, as Keras 3 has them (the sub-layer ones also name the groups of a weights file).

    @property
    def num_heads(self) -> int:
        return self._num_heads

    @property
    def key_dim(self) -> int:
        return self._key_dim

    @property
    def value_dim(self) -> int:
        return self._value_dim

    @property
    def dropout(self) -> float:
        return self._dropout

    @property
    def use_bias(self) -> bool:
        return self._use_bias

    @property
    def attention_axes(self) -> Any:
        return self._attention_axes

    @property
    def query_dense(self) -> EinsumDense:
        return self._query_dense

    @property
    def key_dense(self) -> EinsumDense:
        return self._key_dense

    @property
    def value_dense(self) -> EinsumDense:
        return self._value_dense

    @property
    def output_dense(self) -> EinsumDense:
        return self._output_dense

    # Building --------------------------------------------------------------------

    def _where(self) -> str:
        return f"MultiHeadAttention '{self.name}'"

    def _sublayer_kwargs(self) -> dict[str, Any]:
        return {
            "kernel_initializer": clone_initializer(self._kernel_initializer),
            "bias_initializer": clone_initializer(self._bias_initializer),
            "kernel_regularizer": self._kernel_regularizer,
            "bias_regularizer": self._bias_regularizer,
            "activity_regularizer": self._activity_regularizer,
            "kernel_constraint": self._kernel_constraint,
            "bias_constraint": self._bias_constraint,
            "dtype": self.dtype_policy,
        }

    def _projection(self, input_rank: int, last_dims: Sequence[int], name: str, activation: Any = None) -> EinsumDense:
        equation, bias_axes, output_rank = projection_equation(input_rank - 1, 1, 2)
        return EinsumDense(
            equation, output_shape=[None] * (output_rank - 1 - len(last_dims)) + list(last_dims),
            bias_axes=bias_axes if self._use_bias else None, activation=activation, name=name,
            **self._sublayer_kwargs(),
        )

    def _check_shapes(self, query_shape: Any, value_shape: Any, key_shape: Any) -> None:
        where = self._where()
        if len(query_shape) < 3:
            raise ValueError(
                f"{where}: expected a query of rank >= 3 (batch, <attention axes>, features), "
                f"received query shape {tuple(query_shape)}."
            )
        if len(value_shape) != len(query_shape):
            raise ValueError(
                f"{where}: query and value must have the same rank, received query shape {tuple(query_shape)} "
                f"and value shape {tuple(value_shape)}."
            )
        if tuple(value_shape[1:-1]) != tuple(key_shape[1:-1]):
            raise ValueError(
                f"{where}: all dimensions of `value` and `key`, except the last one, must be equal; received "
                f"value shape {tuple(value_shape)} and key shape {tuple(key_shape)}."
            )
        for name, shape in (("query", query_shape), ("value", value_shape), ("key", key_shape)):
            if shape[-1] is None:
                raise ValueError(f"{where}: the last dimension of `{name}` must be known, received shape {tuple(shape)}.")

    def build(self, query_shape: Any, value_shape: Any, key_shape: Any = None) -> None:
        key_shape = value_shape if key_shape is None else key_shape
        self._check_shapes(query_shape, value_shape, key_shape)
        query_rank = len(query_shape)
        self._query_dense = self._projection(query_rank, [self._num_heads, self._key_dim], "query")
        self._query_dense.build(tuple(query_shape))
        self._key_dense = self._projection(len(key_shape), [self._num_heads, self._key_dim], "key")
        self._key_dense.build(tuple(key_shape))
        if self._use_gate:
            self._gate_dense = self._projection(query_rank, [self._num_heads, self._value_dim], "gate", "sigmoid")
            self._gate_dense.build(tuple(query_shape))
        self._value_dense = self._projection(len(value_shape), [self._num_heads, self._value_dim], "value")
        self._value_dense.build(tuple(value_shape))
        self._build_attention(query_rank + 1)
        output_shape = list(self._output_shape) if self._output_shape else [query_shape[-1]]
        equation, bias_axes, output_rank = projection_equation(query_rank - 1, 2, len(output_shape))
        self._output_dense = EinsumDense(
            equation, output_shape=[None] * (output_rank - 1 - len(output_shape)) + output_shape,
            bias_axes=bias_axes if self._use_bias else None, name="attention_output", **self._sublayer_kwargs(),
        )
        heads_shape = list(self._query_dense.compute_output_shape(tuple(query_shape)))
        heads_shape[-1] = self._value_dim
        self._output_dense.build(tuple(heads_shape))
        self.built = True

    def _build_attention(self, rank: int) -> None:
        """Resolve ``attention_axes`` for projected tensors of ``rank`` axes; make the softmax and dropout."""
        if self._attention_axes is None:
            axes = tuple(range(1, rank - 2))
        else:
            axes = tuple(axis if axis >= 0 else rank - 1 + axis for axis in self._attention_axes)
            if any(not 1 <= axis <= rank - 3 for axis in axes) or len(set(axes)) != len(axes):
                raise ValueError(
                    f"{self._where()}: attention_axes={self._attention_axes!r} must name distinct query axes "
                    f"between the batch axis and the features, i.e. in [1, {rank - 3}] or "
                    f"[{-(rank - 2)}, -2], for a query of rank {rank - 1}."
                )
        self._attention_axes = axes
        self._dot_product_equation, self._combine_equation, scores_rank = attention_equations(rank, axes)
        self._softmax = Softmax(axis=tuple(range(scores_rank - len(axes), scores_rank)), dtype=self.dtype_policy)
        self._dropout_layer = Dropout(rate=self._dropout, dtype=self.dtype_policy, seed=self.seed)

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
        if key is None:
            key = value
        # Causal masking alone goes to the backend's causal kernel as a flag, without a (T, S) mask;
        # a subclass overriding _compute_attention gets the mask instead (it may not know the flag).
        causal_only = (
            use_causal_mask and query_mask is None and value_mask is None and key_mask is None
            and attention_mask is None and self._sliding_window is None
            and type(self)._compute_attention is MultiHeadAttention._compute_attention
        )
        if causal_only:
            attention_mask = None
        else:
            attention_mask = self._compute_attention_mask(
                query, value, query_mask=query_mask, value_mask=value_mask, key_mask=key_mask,
                attention_mask=attention_mask, use_causal_mask=use_causal_mask,
            )
        gate = self._gate_dense(query) if self._use_gate else None
        query = self._query_dense(query)
        key = self._key_dense(key)
        value = self._value_dense(value)
        extra = {"use_causal_mask": True} if causal_only else {}
        attention_output, attention_scores = self._compute_attention(
            query, key, value, attention_mask, training, return_attention_scores, **extra
        )
        if gate is not None:
            attention_output = ops.multiply(attention_output, gate)
        attention_output = self._output_dense(attention_output)
        if return_attention_scores:
            return attention_output, attention_scores
        return attention_output

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
            query, value, query_mask, value_mask, key_mask, attention_mask, use_causal_mask, self._sliding_window
        )

    def _compute_causal_mask(self, query: Any, value: Any = None) -> Any:
        """``(1, T, S)``: True where query position ``t`` may attend to key position ``s <= t``."""
        query_length = ops.shape(query)[1]
        return attention_masks.causal_mask(query_length, query_length if value is None else ops.shape(value)[1])

    def _masked_softmax(self, attention_scores: Any, attention_mask: Any = None) -> Any:
        if attention_mask is not None:
            attention_mask = attention_masks.expand_to_rank(
                attention_mask, len(ops.shape(attention_scores)), -2 * len(self._attention_axes) - 1
            )
        return self._softmax(attention_scores, mask=attention_mask)

    def _compute_attention(
        self,
        query: Any,
        key: Any,
        value: Any,
        attention_mask: Any = None,
        training: bool | None = None,
        return_attention_scores: bool = False,
        use_causal_mask: bool = False,
    ) -> tuple[Any, Any]:
        """Attention of projected ``query`` ``(B, T, N, key_dim)``, ``key``, ``value``: ``(output, scores)``.

        ``scores`` is ``None`` on the fused path (taken when there is no dropout, the scores are
        not requested and attention runs over one axis). Subclasses may override this method.
        """
        if self._flash_attention and return_attention_scores:
            raise ValueError(
                f"{self._where()}: return_attention_scores=True is not supported with flash_attention=True; "
                "construct the layer with flash_attention=None to get the scores."
            )
        if self._dropout == 0 and not return_attention_scores and len(ops.shape(query)) == 4:
            if attention_mask is not None:
                attention_mask = ops.cast(attention_masks.expand_to_rank(attention_mask, 4, -3), "bool")
            output = ops.dot_product_attention(
                query, key, value, mask=attention_mask, scale=self._inverse_sqrt_key_dim, is_causal=use_causal_mask,
                flash_attention=self._flash_attention,
            )
            return output, None
        if use_causal_mask:
            causal = self._compute_causal_mask(query, value)
            attention_mask = causal if attention_mask is None else ops.logical_and(
                ops.cast(attention_mask, "bool"), causal
            )
        query = ops.multiply(query, ops.cast(self._inverse_sqrt_key_dim, ops.dtype(query)))
        attention_scores = ops.einsum(self._dot_product_equation, key, query)
        attention_scores = self._masked_softmax(attention_scores, attention_mask)
        weights = self._dropout_layer(attention_scores, training=training) if self._dropout > 0 else attention_scores
        return ops.einsum(self._combine_equation, weights, value), attention_scores

    # Shapes ------------------------------------------------------------------------

    def compute_output_shape(self, query_shape: Any, value_shape: Any, key_shape: Any = None) -> tuple[int | None, ...]:
        query_shape, value_shape = tuple(query_shape), tuple(value_shape)
        key_shape = value_shape if key_shape is None else tuple(key_shape)
        if value_shape[1:-1] != key_shape[1:-1]:
            raise ValueError(
                f"{self._where()}: all dimensions of `value` and `key`, except the last one, must be equal; "
                f"received value shape {value_shape} and key shape {key_shape}."
            )
        if self._output_shape:
            return query_shape[:-1] + tuple(self._output_shape)
        return query_shape

    def _scores_shape(self, query_shape: tuple, key_shape: tuple) -> tuple[int | None, ...]:
        """``(B, <other axes>, heads, <query attention axes>, <key attention axes>)``."""
        projected_query = tuple(query_shape[:-1]) + (self._num_heads, self._key_dim)
        projected_key = tuple(key_shape[:-1]) + (self._num_heads, self._key_dim)
        rank = len(projected_query)
        axes = self._attention_axes if self.built else tuple(range(1, rank - 2))
        batch_axes = [i for i in range(rank) if i not in axes and i != rank - 1]
        return tuple(
            [projected_query[i] for i in batch_axes] + [projected_query[i] for i in axes]
            + [projected_key[i] for i in axes]
        )

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
            scores_shape = self._scores_shape(tuple(query.shape), key_shape or tuple(value.shape))
            return output, KerasTensor(scores_shape, self.compute_dtype)
        return output

    # Config ------------------------------------------------------------------------

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({
            "num_heads": self._num_heads,
            "key_dim": self._key_dim,
            "value_dim": self._value_dim,
            "dropout": self._dropout,
            "use_bias": self._use_bias,
            "use_gate": self._use_gate,
            "output_shape": self._output_shape,
            "attention_axes": self._attention_axes,
            "sliding_window": self._sliding_window,
            "kernel_initializer": initializers.serialize(self._kernel_initializer),
            "bias_initializer": initializers.serialize(self._bias_initializer),
            "kernel_regularizer": regularizers.serialize(self._kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self._bias_regularizer),
            "activity_regularizer": regularizers.serialize(self._activity_regularizer),
            "kernel_constraint": constraints.serialize(self._kernel_constraint),
            "bias_constraint": constraints.serialize(self._bias_constraint),
            "seed": self.seed,
        })
        return config


def _standardize_output_shape(output_shape: Any, where: str) -> tuple[int, ...] | None:
    if output_shape is None or (isinstance(output_shape, (list, tuple)) and not output_shape):
        return None
    values = (output_shape,) if isinstance(output_shape, int) and not isinstance(output_shape, bool) else output_shape
    if isinstance(values, (list, tuple)) and all(
        isinstance(d, int) and not isinstance(d, bool) and d > 0 for d in values
    ):
        return tuple(values)
    raise ValueError(
        f"{where}: `output_shape` must be a positive int or a tuple/list of positive ints (or None), "
        f"received output_shape={output_shape!r}."
    )


def _standardize_attention_axes(attention_axes: Any, where: str) -> Any:
    if attention_axes is None:
        return None
    if isinstance(attention_axes, int) and not isinstance(attention_axes, bool):
        return (attention_axes,)
    if isinstance(attention_axes, (list, tuple)) and attention_axes and all(
        isinstance(a, int) and not isinstance(a, bool) for a in attention_axes
    ):
        return attention_axes
    raise ValueError(
        f"{where}: `attention_axes` must be an int, a non-empty list/tuple of ints, or None, "
        f"received attention_axes={attention_axes!r}."
    )
