"""`Embedding`: a lookup table from integer indices to dense vectors."""

from __future__ import annotations

from typing import Any

from multikeras import constraints, initializers, ops, regularizers
from multikeras.backend import dtypes
from multikeras.layers.layer import Layer
from multikeras.saving.object_registration import register_builtin


def _check_positive(value: Any, argument: str, layer: Layer) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"Embedding '{layer.name}': {argument} must be a positive int, received {argument}={value!r}.")
    return value


@register_builtin("keras.layers")
class Embedding(Layer):
    """Map integer indices in ``[0, input_dim)`` to rows of a trainable ``(input_dim, output_dim)`` table.

    Inputs of any shape give outputs of shape ``inputs.shape + (output_dim,)``
    in the layer's compute dtype. Float inputs are cast to int32 first.

    Args:
        input_dim: positive size of the vocabulary (largest index + 1).
        output_dim: positive size of each embedding vector.
        embeddings_initializer: initializer of the table (``"uniform"``: U(-0.05, 0.05)).
        embeddings_regularizer: a penalty on the table, added to ``losses``.
        embeddings_constraint: a projection applied to the table after updates.
        mask_zero: index 0 is padding: :meth:`compute_mask` returns ``inputs != 0``
            (then ``input_dim`` should be the vocabulary size + 1).
        weights: optional initial table, a list ``[array of shape (input_dim, output_dim)]``.
        lora_rank: not supported yet (must be ``None``).
        quantization_config: not supported yet (must be ``None``; accepted so Keras 3 configs load).
        **kwargs: base layer arguments (``name``, ``dtype``, ``activity_regularizer`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = Embedding(10, 3, mask_zero=True)
        ...     x = mk.ops.convert_to_tensor([[0, 4, 7]])
        ...     y = layer(x)
        ...     mask = layer.compute_mask(x)
        >>> y.shape, str(y.dtype), mask.tolist()
        ((1, 3, 3), 'float32', [[False, True, True]])
    """

    def __init__(
        self,
        input_dim: int,
        output_dim: int,
        embeddings_initializer: Any = "uniform",
        embeddings_regularizer: Any = None,
        embeddings_constraint: Any = None,
        mask_zero: bool = False,
        weights: Any = None,
        lora_rank: int | None = None,
        quantization_config: Any = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.input_dim = _check_positive(input_dim, "input_dim", self)
        self.output_dim = _check_positive(output_dim, "output_dim", self)
        if lora_rank is not None:
            raise ValueError(f"Embedding '{self.name}': LoRA is not supported yet, received lora_rank={lora_rank!r}.")
        if quantization_config is not None:
            raise ValueError(
                f"Embedding '{self.name}': quantization is not supported yet, received "
                f"quantization_config={quantization_config!r}."
            )
        if not isinstance(mask_zero, bool):
            raise ValueError(f"Embedding '{self.name}': mask_zero must be a bool, received mask_zero={mask_zero!r}.")
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = constraints.get(embeddings_constraint)
        self.mask_zero = mask_zero
        self.supports_masking = mask_zero
        if weights is not None:
            # The table's shape does not depend on the input, so it can be built and filled now.
            self.build()
            self.set_weights(weights)

    def build(self, input_shape: Any = None) -> None:
        if self.built:
            return
        self.embeddings = self.add_weight(
            shape=(self.input_dim, self.output_dim), initializer=self.embeddings_initializer,
            regularizer=self.embeddings_regularizer, constraint=self.embeddings_constraint, name="embeddings",
        )
        self.built = True

    def call(self, inputs: Any) -> Any:
        if not dtypes.is_int(ops.dtype(inputs)):
            inputs = ops.cast(inputs, "int32")
        return ops.take(self.embeddings, inputs, axis=0)

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        if not self.mask_zero:
            return None
        return ops.not_equal(inputs, 0)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return tuple(input_shape) + (self.output_dim,)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({
            "quantization_config": None,
            "input_dim": self.input_dim,
            "output_dim": self.output_dim,
            "embeddings_initializer": initializers.serialize(self.embeddings_initializer),
            "embeddings_regularizer": regularizers.serialize(self.embeddings_regularizer),
            "embeddings_constraint": constraints.serialize(self.embeddings_constraint),
            "mask_zero": self.mask_zero,
        })
        return config
