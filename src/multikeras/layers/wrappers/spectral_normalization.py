"""`SpectralNormalization`: a wrapper keeping a layer's kernel divided by its spectral norm (largest singular value)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from multikeras import initializers, ops
from multikeras.backend import dtypes
from multikeras.backend.selection import current
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.layer import Layer
from multikeras.layers.wrappers.wrapper import Wrapper
from multikeras.saving.object_registration import register_builtin
from multikeras.saving.own_variables import layer_variables_in_file_order
from multikeras.state.variable import Variable


@register_builtin("keras.layers")
class SpectralNormalization(Wrapper):
    """Divide the wrapped layer's ``kernel`` (or ``embeddings``) by its spectral norm in every training call.

    The kernel is seen as a matrix ``W`` of shape ``(-1, kernel.shape[-1])``.
    In a call with ``training=True``, ``power_iterations`` steps of the power
    method, started from the non-trainable weight ``vector_u`` (shape
    ``(1, kernel.shape[-1])``), estimate ``sigma = v W u^T``; then ``vector_u``
    is assigned the new ``u`` and the kernel ``W / sigma``, and the wrapped
    layer runs with that kernel. An all-zero kernel is left as it is. With
    ``training=False`` (inference) nothing is assigned and the layer runs with
    the stored kernel.

    In ``fit`` the normalized kernel is kept and the optimizer's step is applied
    to it, and the gradient is taken with respect to the normalized kernel (the
    normalization passes gradients through unchanged): Keras 3's behaviour on
    tensorflow and torch, on every backend here.

    Args:
        layer: a layer with a ``kernel`` or ``embeddings`` weight (``Dense``, ``Conv2D``, ``Embedding`` ...).
        power_iterations: the number of power-method steps per training call, a positive int.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = SpectralNormalization(mk.layers.Dense(3, kernel_initializer="ones"), power_iterations=5)
        ...     _ = layer(np.ones((1, 4), "float32"), training=True)
        ...     norm = np.linalg.norm(layer.layer.kernel.numpy(), 2)
        >>> round(float(norm), 4)
        1.0
    """

    _wrapped_role = "to normalize"

    def __init__(self, layer: Layer, power_iterations: int = 1, **kwargs: Any):
        super().__init__(layer, **kwargs)
        if isinstance(power_iterations, bool) or not isinstance(power_iterations, int) or power_iterations <= 0:
            raise ValueError(f"SpectralNormalization '{self.name}': `power_iterations` must be an int greater than "
                             f"zero, received power_iterations={power_iterations!r}.")
        self.power_iterations = power_iterations

    def build(self, input_shape: Any) -> None:
        super().build(input_shape)
        self.input_spec = InputSpec(min_ndim=1, axes={-1: tuple(input_shape)[-1]})
        kernel = getattr(self.layer, "kernel", None)
        if not isinstance(kernel, Variable):
            kernel = getattr(self.layer, "embeddings", None)
        if not isinstance(kernel, Variable):
            raise ValueError(f"SpectralNormalization '{self.name}': the wrapped layer {type(self.layer).__name__} "
                             f"'{self.layer.name}' has no `kernel` nor `embeddings` weight to normalize.")
        self.kernel = kernel
        self.kernel_shape = tuple(kernel.shape)
        self.vector_u = self.add_weight(
            shape=(1, self.kernel_shape[-1]), initializer=initializers.TruncatedNormal(stddev=0.02), trainable=False,
            name="vector_u", dtype=kernel.dtype,
        )
        self.built = True

    def _own_variables(self) -> list[Variable]:
        # The wrapped kernel is also this layer's own variable (Keras 3 tracks it here too): trainable ones first,
        # as Keras lists them in `weights` and in weights files.
        return layer_variables_in_file_order(super()._own_variables())

    def call(self, inputs: Any, training: bool | None = False) -> Any:
        if training:
            new_vector_u, new_kernel = self.normalized_weights()
            self.vector_u.assign(new_vector_u)
            # The wrapped layer is differentiated at the normalized kernel, as if it were the stored one.
            self.kernel.assign(_value_with_gradient_to(self.kernel.value, new_kernel))
        outputs = self.layer(inputs)
        input_dtype = ops.dtype(inputs)
        if dtypes.is_float(input_dtype):
            outputs = ops.cast(outputs, input_dtype)
        return outputs

    def normalized_weights(self) -> tuple[Any, Any]:
        """``(vector_u, kernel)`` after the power iterations: the values a training call assigns.

        An all-zero kernel (spectral norm 0) gives the current ``vector_u`` and kernel back.
        """
        kernel = self.kernel.value
        matrix = ops.reshape(kernel, (-1, self.kernel_shape[-1]))
        vector_u = self.vector_u.value
        for _ in range(self.power_iterations):
            vector_v = ops.normalize(ops.matmul(vector_u, ops.transpose(matrix)), axis=None)
            vector_u = ops.normalize(ops.matmul(vector_v, matrix), axis=None)
        vector_u = ops.stop_gradient(vector_u)
        vector_v = ops.stop_gradient(vector_v)
        sigma = ops.matmul(ops.matmul(vector_v, matrix), ops.transpose(vector_u))
        is_zero = ops.all(ops.equal(kernel, 0))
        sigma = ops.where(is_zero, ops.ones_like(sigma), sigma)
        normalized = ops.reshape(ops.divide(matrix, sigma), self.kernel_shape)
        vector_u = ops.where(is_zero, self.vector_u.value, vector_u)
        return ops.cast(vector_u, self.vector_u.dtype), ops.cast(normalized, self.kernel.dtype)

    def compute_output_shape(self, input_shape: Any) -> Any:
        return self.layer.compute_output_shape(input_shape)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config["power_iterations"] = self.power_iterations
        return config


_PASS_THROUGH: dict[Any, Callable[[Any, Any], Any]] = {}
"""The custom-gradient function of :func:`_value_with_gradient_to`, made once per backend."""


def _pass_through(source: Any, value: Any) -> tuple[Any, Callable[..., Any]]:
    source_dtype = ops.dtype(source)

    def gradients(*args: Any, upstream: Any = None) -> tuple[Any, Any]:
        if upstream is None:
            (upstream,) = args
        return ops.cast(upstream, source_dtype), ops.zeros_like(value)

    return value, gradients


def _value_with_gradient_to(source: Any, value: Any) -> Any:
    """``value``, differentiated as if it were ``source``: gradients reach ``source`` unchanged."""
    backend = current()
    function = _PASS_THROUGH.get(backend)
    if function is None:
        function = _PASS_THROUGH[backend] = ops.custom_gradient(_pass_through)
    return function(source, value)
