"""`Dense`: ``activation(inputs @ kernel + bias)`` on the last axis."""

from __future__ import annotations

from typing import Any

from multikeras import activations, constraints, initializers, ops, regularizers
from multikeras.backend.selection import current
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.layer import Layer
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class Dense(Layer):
    """A densely connected layer: ``activation(dot(inputs, kernel) + bias)``.

    Inputs of rank > 2 are transformed on their last axis.

    Args:
        units: positive number of output features.
        activation: an activation function or its name (``None``: linear).
        use_bias: whether to add a bias.
        kernel_initializer, bias_initializer: initializers (or names).
        kernel_regularizer, bias_regularizer: penalties added to ``losses``.
        activity_regularizer: a penalty on the outputs.
        kernel_constraint, bias_constraint: projections applied after updates.
        lora_rank: not supported yet (must be ``None``).
        quantization_config: not supported yet (must be ``None``; Keras 3.15 configs carry it).
        **kwargs: base layer arguments (``name``, ``dtype``, ``input_shape`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = Dense(3, kernel_initializer="ones")
        ...     y = layer(mk.ops.ones((2, 4)))
        >>> y.shape, layer.kernel.shape
        ((2, 3), (4, 3))
    """

    def __init__(
        self,
        units: int,
        activation: Any = None,
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        bias_constraint: Any = None,
        lora_rank: int | None = None,
        quantization_config: Any = None,
        **kwargs: Any,
    ):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        if quantization_config is not None:
            raise ValueError(
                f"Dense '{self.name}': quantization is not supported yet, received quantization_config={quantization_config!r}."
            )
        if isinstance(units, bool) or not isinstance(units, int) or units <= 0:
            raise ValueError(f"Dense '{self.name}': units must be a positive int, received {units!r}.")
        if lora_rank is not None:
            raise ValueError(f"Dense '{self.name}': LoRA is not supported yet, received lora_rank={lora_rank!r}.")
        self.units = units
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(min_ndim=2)
        self.supports_masking = True

    def build(self, input_shape: tuple[int | None, ...]) -> None:
        features = input_shape[-1]
        if features is None:
            raise ValueError(f"Dense '{self.name}': the last input dimension must be known, received shape {input_shape}.")
        self.kernel = self.add_weight(
            shape=(features, self.units), initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint, name="kernel",
        )
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                shape=(self.units,), initializer=self.bias_initializer, regularizer=self.bias_regularizer,
                constraint=self.bias_constraint, name="bias",
            )
        self.input_spec = InputSpec(min_ndim=2, axes={-1: features})
        self.built = True

    def call(self, inputs: Any) -> Any:
        # A backend's fused ``dense`` kernel computes matmul + bias in one call (docs/contract.md); it returns
        # None where it does not apply, and the generic ops run.
        x = None
        if self.bias is not None:
            fused = current().fused.get("dense")
            if fused is not None:
                x = fused(inputs, self.kernel.value, self.bias.value)
        if x is None:
            x = ops.matmul(inputs, self.kernel)
            if self.bias is not None:
                x = ops.add(x, self.bias)
        return self.activation(x) if self.activation is not None else x

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return tuple(input_shape[:-1]) + (self.units,)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({
            "quantization_config": None,
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
        })
        return config
