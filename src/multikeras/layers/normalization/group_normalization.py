"""`GroupNormalization`: normalize each sample over groups of channels."""

from __future__ import annotations

from typing import Any

from multikeras import constraints, initializers, ops, regularizers
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.layer import Layer
from multikeras.layers.normalization import normalization_utils as utils
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class GroupNormalization(Layer):
    """Split the channels into ``groups`` and normalize each group of each sample.

    Statistics are taken per sample and group over the group's channels and all
    other non-batch axes. ``groups=1`` is layer normalization over all features,
    ``groups=-1`` (one group per channel) is instance normalization. Then
    ``gamma`` and ``beta`` (one per channel) scale and shift.

    Args:
        groups: the number of groups, a divisor of the channel count, or -1 for one per channel.
        axis: the channels axis (not the batch axis).
        epsilon: small non-negative float added to the variance.
        center: whether to add the trainable offset ``beta``.
        scale: whether to multiply by the trainable ``gamma``.
        beta_initializer, gamma_initializer: initializers of the weights.
        beta_regularizer, gamma_regularizer: penalties added to ``losses``.
        beta_constraint, gamma_constraint: projections applied after updates.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = GroupNormalization(groups=2, epsilon=0.0)
        ...     y = layer(mk.ops.convert_to_tensor([[1.0, 3.0, 5.0, 9.0]]))
        >>> mk.ops.convert_to_numpy(y).tolist(), layer.gamma.shape
        ([[-1.0, 1.0, -1.0, 1.0]], (4,))
    """

    def __init__(
        self,
        groups: int = 32,
        axis: int = -1,
        epsilon: float = 1e-3,
        center: bool = True,
        scale: bool = True,
        beta_initializer: Any = "zeros",
        gamma_initializer: Any = "ones",
        beta_regularizer: Any = None,
        gamma_regularizer: Any = None,
        beta_constraint: Any = None,
        gamma_constraint: Any = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        where = utils.describe(self)
        if isinstance(groups, bool) or not isinstance(groups, int) or (groups <= 0 and groups != -1):
            raise ValueError(
                f"{where}: `groups` must be a positive int (or -1 for one group per channel), received groups={groups!r}."
            )
        if isinstance(epsilon, bool) or not isinstance(epsilon, (int, float)) or epsilon < 0:
            raise ValueError(f"{where}: `epsilon` must be a non-negative float, received epsilon={epsilon!r}.")
        self.groups = groups
        self.axis = utils.check_axis_argument(axis, self, allow_list=False)
        self.epsilon = float(epsilon)
        self.center = bool(center)
        self.scale = bool(scale)
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.supports_masking = True

    def _check_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int, int, int]:
        """``(axis, channels, groups)`` for ``input_shape``, or a ``ValueError`` naming what is wrong."""
        where = utils.describe(self)
        (axis,) = utils.resolve_axes(self.axis, input_shape, self)
        if axis == 0:
            raise ValueError(f"{where}: `axis` must not be the batch axis, received axis={self.axis!r}.")
        (channels,) = utils.known_sizes(input_shape, [axis], self)
        groups = channels if self.groups == -1 else self.groups
        if groups > channels or channels % groups:
            raise ValueError(
                f"{where}: the number of channels ({channels}, axis {self.axis}) must be a multiple of groups "
                f"({groups}), received input shape {tuple(input_shape)}."
            )
        return axis, channels, groups

    def build(self, input_shape: tuple[int | None, ...]) -> None:
        axis, channels, groups = self._check_shape(input_shape)
        self._axis, self._channels, self._groups = axis, channels, groups
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
        self.input_spec = InputSpec(ndim=len(input_shape), axes={axis: channels})
        self.built = True

    def call(self, inputs: Any) -> Any:
        x = utils.to_float(inputs, self.compute_dtype)
        dtype = utils.computation_dtype(self.compute_dtype)
        shape = [-1 if d is None else d for d in ops.shape(x)]  # sizes unknown while tracing are scalar tensors
        rank = len(shape)
        axis, channels, groups = self._axis, self._channels, self._groups
        grouped_shape = shape[:axis] + [groups, channels // groups] + shape[axis + 1:]
        grouped = ops.reshape(x, tuple(grouped_shape))
        reduction_axes = [i for i in range(1, rank + 1) if i != axis]
        mean, variance = ops.moments(grouped, reduction_axes, keepdims=True)
        normalized = ops.multiply(ops.subtract(grouped, mean), ops.rsqrt(ops.add(variance, self.epsilon)))
        outputs = ops.reshape(normalized, tuple(shape))
        param_shape = utils.broadcast_shape(rank, [axis], [channels])
        if self.gamma is not None:
            outputs = ops.multiply(outputs, utils.param(self.gamma, param_shape, dtype))
        if self.beta is not None:
            outputs = ops.add(outputs, utils.param(self.beta, param_shape, dtype))
        return ops.cast(outputs, self.compute_dtype)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        self._check_shape(input_shape)
        return tuple(input_shape)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({
            "groups": self.groups,
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
            "beta_constraint": constraints.serialize(self.beta_constraint),
            "gamma_constraint": constraints.serialize(self.gamma_constraint),
        })
        return config
