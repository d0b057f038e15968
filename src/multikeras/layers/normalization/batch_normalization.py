"""`BatchNormalization`: normalize with batch statistics in training, moving averages in inference."""

from __future__ import annotations

from typing import Any

from multikeras import constraints, initializers, ops, regularizers
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.layer import Layer
from multikeras.layers.normalization import normalization_utils as utils
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class BatchNormalization(Layer):
    """Normalize each feature on ``axis`` to zero mean and unit variance, then scale and shift.

    In training (``training=True``) the layer uses the mean and variance of the
    current batch and moves the non-trainable ``moving_mean`` and
    ``moving_variance`` toward them::

        moving = moving * momentum + batch_statistic * (1 - momentum)

    Otherwise (``training=False`` or ``None``, or when the layer is frozen with
    ``trainable=False``) it normalizes with the moving statistics. The output is
    ``gamma * (x - mean) / sqrt(variance + epsilon) + beta``. In training, masked
    positions (``mask`` of shape ``inputs.shape[:k]``) are left out of the batch
    statistics. The moving statistics are updated with ``Variable.assign``, so a
    stateless call (``layer.stateless_call``) returns them as new values.

    Args:
        axis: the features axis (usually -1, or 1 for ``channels_first`` images).
        momentum: weight of the old moving statistics in each update, in ``[0, 1]``.
        epsilon: small non-negative float added to the variance.
        center: whether to add the trainable offset ``beta``.
        scale: whether to multiply by the trainable ``gamma``.
        beta_initializer, gamma_initializer: initializers of the trainable weights.
        moving_mean_initializer, moving_variance_initializer: initializers of the moving statistics.
        beta_regularizer, gamma_regularizer: penalties added to ``losses``.
        beta_constraint, gamma_constraint: projections applied after updates.
        synchronized: only ``False`` (cross-device statistics are not supported).
        **kwargs: base layer arguments (``name``, ``dtype`` ...). Keras's ``renorm``,
            ``renorm_clipping`` and ``renorm_momentum`` are accepted with their default
            values only (batch renormalization is not supported).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = BatchNormalization(momentum=0.5)
        ...     x = mk.ops.convert_to_tensor([[0.0, 2.0], [2.0, 6.0]])
        ...     y = layer(x, training=True)
        ...     print(mk.ops.convert_to_numpy(y).round(3).tolist(), layer.moving_mean.numpy().tolist())
        [[-1.0, -1.0], [1.0, 1.0]] [0.5, 2.0]
    """

    def __init__(
        self,
        axis: int = -1,
        momentum: float = 0.99,
        epsilon: float = 1e-3,
        center: bool = True,
        scale: bool = True,
        beta_initializer: Any = "zeros",
        gamma_initializer: Any = "ones",
        moving_mean_initializer: Any = "zeros",
        moving_variance_initializer: Any = "ones",
        beta_regularizer: Any = None,
        gamma_regularizer: Any = None,
        beta_constraint: Any = None,
        gamma_constraint: Any = None,
        synchronized: bool = False,
        renorm: bool = False,
        renorm_clipping: Any = None,
        renorm_momentum: float = 0.99,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        where = utils.describe(self)
        self.axis = utils.check_axis_argument(axis, self, allow_list=False)
        if isinstance(momentum, bool) or not isinstance(momentum, (int, float)) or not 0.0 <= momentum <= 1.0:
            raise ValueError(f"{where}: `momentum` must be a float in [0, 1], received momentum={momentum!r}.")
        if isinstance(epsilon, bool) or not isinstance(epsilon, (int, float)) or epsilon < 0:
            raise ValueError(f"{where}: `epsilon` must be a non-negative float, received epsilon={epsilon!r}.")
        if synchronized:
            raise ValueError(
                f"{where}: synchronized (cross-device) batch statistics are not supported, "
                f"received synchronized={synchronized!r}."
            )
        if renorm or renorm_clipping is not None or renorm_momentum != 0.99:
            raise ValueError(
                f"{where}: batch renormalization is not supported, received renorm={renorm!r}, "
                f"renorm_clipping={renorm_clipping!r}, renorm_momentum={renorm_momentum!r}."
            )
        self.momentum = float(momentum)
        self.epsilon = float(epsilon)
        self.center = bool(center)
        self.scale = bool(scale)
        self.synchronized = False
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.supports_masking = True

    def build(self, input_shape: tuple[int | None, ...]) -> None:
        (axis,) = utils.resolve_axes(self.axis, input_shape, self)
        (channels,) = utils.known_sizes(input_shape, [axis], self)
        self._axis = axis
        self.gamma = None
        self.beta = None
        if self.scale:
            self.gamma = self.add_weight(
                shape=(channels,), initializer=self.gamma_initializer, regularizer=self.gamma_regularizer,
                constraint=self.gamma_constraint, name="gamma",
            )
        if self.center:
            self.beta = self.add_weight(
                shape=(channels,), initializer=self.beta_initializer, regularizer=self.beta_regularizer,
                constraint=self.beta_constraint, name="beta",
            )
        # Read in float32 even in mixed precision: the statistics must not lose precision.
        self.moving_mean = self.add_weight(
            shape=(channels,), initializer=self.moving_mean_initializer, trainable=False, autocast=False,
            name="moving_mean",
        )
        self.moving_variance = self.add_weight(
            shape=(channels,), initializer=self.moving_variance_initializer, trainable=False, autocast=False,
            name="moving_variance",
        )
        self.input_spec = InputSpec(ndim=len(input_shape), axes={axis: channels})
        self.built = True

    def _batch_moments(self, x: Any, reduction_axes: list[int], mask: Any) -> tuple[Any, Any]:
        if mask is None:
            return ops.moments(x, reduction_axes)
        weights = ops.cast(ops.convert_to_tensor(mask), ops.dtype(x))
        rank = len(ops.shape(x))
        while len(ops.shape(weights)) < rank:
            weights = ops.expand_dims(weights, -1)
        weights = ops.broadcast_to(weights, ops.shape(x))
        # A batch with every position masked gives zeros rather than NaN statistics.
        count = ops.maximum(ops.sum(weights, axis=reduction_axes), 1.0)
        mean = ops.divide(ops.sum(ops.multiply(x, weights), axis=reduction_axes), count)
        centered = ops.subtract(x, ops.reshape(mean, self._param_shape(rank)))
        variance = ops.divide(ops.sum(ops.multiply(ops.square(centered), weights), axis=reduction_axes), count)
        return mean, variance

    def _param_shape(self, rank: int) -> list[int]:
        return utils.broadcast_shape(rank, [self._axis], [self.moving_mean.shape[0]])

    def call(self, inputs: Any, training: bool | None = None, mask: Any = None) -> Any:
        output_dtype = self.compute_dtype
        x = utils.to_float(inputs, self.compute_dtype)
        dtype = utils.computation_dtype(self.compute_dtype)
        rank = len(ops.shape(x))
        shape = self._param_shape(rank)
        if training and self.trainable:
            reduction_axes = [i for i in range(rank) if i != self._axis]
            mean, variance = self._batch_moments(x, reduction_axes, mask)
            keep = self.momentum
            self.moving_mean.assign(
                ops.add(ops.multiply(self.moving_mean.value, keep), ops.multiply(ops.cast(mean, "float32"), 1.0 - keep))
            )
            self.moving_variance.assign(
                ops.add(
                    ops.multiply(self.moving_variance.value, keep), ops.multiply(ops.cast(variance, "float32"), 1.0 - keep)
                )
            )
            mean = ops.reshape(mean, shape)
            variance = ops.reshape(variance, shape)
        else:
            mean = utils.param(self.moving_mean, shape, dtype)
            variance = utils.param(self.moving_variance, shape, dtype)
        inverse = ops.rsqrt(ops.add(variance, self.epsilon))
        if self.gamma is not None:
            inverse = ops.multiply(inverse, utils.param(self.gamma, shape, dtype))
        outputs = ops.multiply(ops.subtract(x, mean), inverse)
        if self.beta is not None:
            outputs = ops.add(outputs, utils.param(self.beta, shape, dtype))
        return ops.cast(outputs, output_dtype)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        utils.resolve_axes(self.axis, input_shape, self)
        return tuple(input_shape)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({
            "axis": self.axis,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "moving_mean_initializer": initializers.serialize(self.moving_mean_initializer),
            "moving_variance_initializer": initializers.serialize(self.moving_variance_initializer),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
            "beta_constraint": constraints.serialize(self.beta_constraint),
            "gamma_constraint": constraints.serialize(self.gamma_constraint),
            "synchronized": self.synchronized,
        })
        return config
