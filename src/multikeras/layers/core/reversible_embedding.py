"""`ReversibleEmbedding`: an embedding that can also project vectors back to vocabulary logits."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.backend import dtypes
from multikeras.layers.core.embedding import Embedding
from multikeras.saving.object_registration import register_builtin
from multikeras.symbolic.keras_tensor import KerasTensor


@register_builtin("keras.layers")
class ReversibleEmbedding(Embedding):
    """An :class:`Embedding` whose ``call(inputs, reverse=True)`` maps ``output_dim`` vectors to ``input_dim`` logits.

    The forward call is the embedding lookup. The reverse call is
    ``inputs @ embeddings.T`` with tied weights (the default), or
    ``inputs @ reverse_embeddings`` with a separate trainable
    ``(output_dim, input_dim)`` matrix when ``tie_weights=False``; no bias.
    With ``logit_soft_cap`` the logits become ``tanh(logits / cap) * cap``.

    With ``mask_zero=True`` the forward call of integer indices masks index 0;
    the reverse call (float vectors) makes no mask, as in Keras 3.

    Args:
        input_dim: positive size of the vocabulary.
        output_dim: positive size of each embedding vector.
        tie_weights: whether the reverse projection uses the transposed
            embedding table (``True``) or its own ``reverse_embeddings``.
        embeddings_initializer: initializer of the table (and of ``reverse_embeddings``).
        embeddings_regularizer: a penalty on the table.
        embeddings_constraint: a projection applied to the table after updates.
        mask_zero: index 0 is padding (see above).
        reverse_dtype: the dtype the reverse projection computes (and returns)
            in; the compute dtype when ``None``.
        logit_soft_cap: a positive number capping the reverse logits, or ``None``.
        **kwargs: :class:`Embedding` and base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = ReversibleEmbedding(10, 4)
        ...     hidden = layer(np.array([[1, 2, 3]]))
        ...     logits = layer(hidden, reverse=True)
        >>> hidden.shape, logits.shape
        ((1, 3, 4), (1, 3, 10))
    """

    def __init__(
        self,
        input_dim: int,
        output_dim: int,
        tie_weights: bool = True,
        embeddings_initializer: Any = "uniform",
        embeddings_regularizer: Any = None,
        embeddings_constraint: Any = None,
        mask_zero: bool = False,
        reverse_dtype: Any = None,
        logit_soft_cap: float | None = None,
        **kwargs: Any,
    ):
        # Set before Embedding's constructor, which builds the layer when given `weights`.
        self.tie_weights = tie_weights
        self.reverse_dtype = None if reverse_dtype is None else dtypes.standardize_dtype(reverse_dtype)
        self.logit_soft_cap = logit_soft_cap
        super().__init__(
            input_dim, output_dim, embeddings_initializer=embeddings_initializer,
            embeddings_regularizer=embeddings_regularizer, embeddings_constraint=embeddings_constraint,
            mask_zero=mask_zero, **kwargs,
        )
        where = f"ReversibleEmbedding '{self.name}'"
        if not isinstance(tie_weights, bool):
            raise ValueError(f"{where}: `tie_weights` must be a bool, received tie_weights={tie_weights!r}.")
        if logit_soft_cap is not None and (isinstance(logit_soft_cap, bool) or not isinstance(logit_soft_cap, (int, float))
                                           or not logit_soft_cap > 0):
            raise ValueError(f"{where}: `logit_soft_cap` must be None or a positive number, received "
                             f"logit_soft_cap={logit_soft_cap!r}.")

    def build(self, input_shape: Any = None) -> None:
        if self.built:
            return
        super().build(input_shape)
        if not self.tie_weights:
            self.reverse_embeddings = self.add_weight(
                shape=(self.output_dim, self.input_dim), initializer=self.embeddings_initializer,
                name="reverse_embeddings",
            )
        self.built = True

    def call(self, inputs: Any, reverse: bool = False) -> Any:
        if not reverse:
            return super().call(inputs)
        kernel = ops.transpose(self.embeddings) if self.tie_weights else self.reverse_embeddings
        if self.reverse_dtype is not None:
            inputs = ops.cast(inputs, self.reverse_dtype)
            kernel = ops.cast(kernel, self.reverse_dtype)
        logits = ops.matmul(inputs, kernel)
        if self.logit_soft_cap is not None:
            logits = ops.multiply(ops.tanh(ops.divide(logits, self.logit_soft_cap)), self.logit_soft_cap)
        return logits

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        # compute_mask does not see `reverse`: integer inputs are indices (a forward call), float ones the vectors
        # of a reverse call, which has no mask.
        if not self.mask_zero or inputs is None or not dtypes.is_int(dtypes.standardize_dtype(inputs.dtype)):
            return None
        return ops.not_equal(inputs, 0)

    def compute_output_shape(self, input_shape: tuple[int | None, ...], reverse: bool = False) -> tuple[int | None, ...]:
        if reverse:
            return tuple(input_shape)[:-1] + (self.input_dim,)
        return tuple(input_shape) + (self.output_dim,)

    def compute_output_spec(self, inputs: Any, reverse: bool = False, **kwargs: Any) -> KerasTensor:
        dtype = self.reverse_dtype if reverse and self.reverse_dtype is not None else self.compute_dtype
        return KerasTensor(self.compute_output_shape(tuple(inputs.shape), reverse=reverse), dtype)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({"tie_weights": self.tie_weights, "reverse_dtype": self.reverse_dtype,
                       "logit_soft_cap": self.logit_soft_cap})
        return config
