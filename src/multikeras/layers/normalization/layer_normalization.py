"""`LayerNormalization`: normalize each sample over its feature axes."""

from __future__ import annotations

from typing import Any

from multikeras import constraints, initializers, ops, regularizers
from multikeras.backend import dtypes
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.layer import Layer
from multikeras.layers.normalization import normalization_utils as utils
from multikeras.saving.object_registration import register_builtin


_STATISTICS_DTYPES = ("float32", "float64")
"""Compute dtypes the statistics are computed in as they are (others compute them in float32)."""


@register_builtin("keras.layers")
class LayerNormalization(Layer):
    """Normalize each sample to zero mean and unit variance over ``axis``, then scale and shift.

    The output is ``gamma * (x - mean) / sqrt(variance + epsilon) + beta`` with the
    statistics taken per sample over ``axis``; ``gamma`` and ``beta`` have the
    input's sizes on ``axis``.

    Args:
        axis: an int or a list of ints: the axes normalized over.
        epsilon: small non-negative float added to the variance.
        center: whether to add the trainable offset ``beta``.
        scale: whether to multiply by the trainable ``gamma``.
        rms_scaling: Keras's legacy variant ``gamma * x / sqrt(variance + epsilon)``:
            no centering and no ``beta`` (prefer :class:`RMSNormalization`).
        beta_initializer, gamma_initializer: initializers of the weights.
        beta_regularizer, gamma_regularizer: penalties added to ``losses``.
        beta_constraint, gamma_constraint: projections applied after updates.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     y = LayerNormalization(epsilon=0.0)(mk.ops.convert_to_tensor([[1.0, 3.0], [2.0, 2.0 + 1e-3]]))
        >>> mk.ops.convert_to_numpy(y).round(2).tolist()
        [[-1.0, 1.0], [-1.0, 1.0]]
    """

    def __init__(
        self,
        axis: int | list[int] = -1,
        epsilon: float = 1e-3,
        center: bool = True,
        scale: bool = True,
        rms_scaling: bool = False,
        beta_initializer: Any = "zeros",
        gamma_initializer: Any = "ones",
        beta_regularizer: Any = None,
        gamma_regularizer: Any = None,
        beta_constraint: Any = None,
        gamma_constraint: Any = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.axis = utils.check_axis_argument(axis, self)
        if isinstance(epsilon, bool) or not isinstance(epsilon, (int, float)) or epsilon < 0:
            raise ValueError(f"{utils.describe(self)}: `epsilon` must be a non-negative float, received epsilon={epsilon!r}.")
        self.epsilon = float(epsilon)
        self.center = bool(center)
        self.scale = bool(scale)
        self.rms_scaling = bool(rms_scaling)
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.supports_masking = True

    def build(self, input_shape: tuple[int | None, ...]) -> None:
        axes = utils.resolve_axes(self.axis, input_shape, self)
        sizes = utils.known_sizes(input_shape, axes, self)
        self._axes = axes
        self._sizes = sizes
        self.gamma = None
        self.beta = None
        if self.scale:
            self.gamma = self.add_weight(
                shape=sizes, initializer=self.gamma_initializer, regularizer=self.gamma_regularizer,
                constraint=self.gamma_constraint, name="gamma",
            )
        if self.center and not self.rms_scaling:
            self.beta = self.add_weight(
                shape=sizes, initializer=self.beta_initializer, regularizer=self.beta_regularizer,
                constraint=self.beta_constraint, name="beta",
            )
        self.input_spec = InputSpec(ndim=len(input_shape), axes=dict(zip(axes, sizes)))
        # Parameters keep their shape when only the last axis is normalized (they broadcast as they are);
        # otherwise they are reshaped to broadcast against the input.
        rank = len(input_shape)
        self._parameter_shape = None if axes == [rank - 1] else tuple(utils.broadcast_shape(rank, axes, sizes))
        self.built = True

    def call(self, inputs: Any) -> Any:
        compute_dtype = self.compute_dtype
        if (self._parameter_shape is None and not self.rms_scaling and compute_dtype in _STATISTICS_DTYPES
                and self.variable_dtype == compute_dtype):
            # The common case, taken on every step: statistics in the compute dtype and the parameters used as
            # stored (no reshape, no cast), so the result needs no cast either.
            return ops.layer_normalization(
                utils.to_float(inputs, compute_dtype), None if self.gamma is None else self.gamma.value,
                None if self.beta is None else self.beta.value, axis=self._axes, epsilon=self.epsilon,
            )
        x = utils.to_float(inputs, compute_dtype)
        dtype = utils.computation_dtype(self.compute_dtype)
        gamma = None if self.gamma is None else self._parameter(self.gamma, dtype)
        if self.rms_scaling:  # Keras's legacy variant: the op has no such mode, so it is spelled out
            _, variance = ops.moments(x, self._axes, keepdims=True)
            inverse = ops.rsqrt(ops.add(variance, self.epsilon))
            if gamma is not None:
                inverse = ops.multiply(inverse, gamma)
            return ops.cast(ops.multiply(x, inverse), self.compute_dtype)
        beta = None if self.beta is None else self._parameter(self.beta, dtype)
        # One op: a backend may compute it with a fused kernel (torch: F.layer_norm over trailing axes).
        outputs = ops.layer_normalization(x, gamma, beta, axis=self._axes, epsilon=self.epsilon)
        return ops.cast(outputs, self.compute_dtype)

    def _parameter(self, variable: Any, dtype: str) -> Any:
        value = variable.value
        if self._parameter_shape is not None:
            value = ops.reshape(value, self._parameter_shape)
        return value if dtypes.standardize_dtype(ops.dtype(value)) == dtype else ops.cast(value, dtype)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        utils.resolve_axes(self.axis, input_shape, self)
        return tuple(input_shape)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "rms_scaling": self.rms_scaling,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
            "beta_constraint": constraints.serialize(self.beta_constraint),
            "gamma_constraint": constraints.serialize(self.gamma_constraint),
        })
        return config
