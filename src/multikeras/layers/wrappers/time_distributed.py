"""`TimeDistributed`: one layer applied to every time step of a sequence."""

from __future__ import annotations

from typing import Any

from multikeras import ops
from multikeras.layers.layer import Layer
from multikeras.layers.wrappers.sublayer_building import build_sublayer
from multikeras.layers.wrappers.wrapper import Wrapper
from multikeras.saving.object_registration import register_builtin


@register_builtin("keras.layers")
class TimeDistributed(Wrapper):
    """Apply ``layer`` to each slice ``inputs[:, t]`` of ``(batch, time, ...)`` inputs and stack the results.

    The steps run one after another, as separate calls of the same layer
    (one set of weights): a layer with state, such as
    ``BatchNormalization`` in training, updates it once per step, and a
    ``Dropout`` draws a new mask per step.

    Args:
        layer: the layer applied at every step.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Call arguments:
        inputs: at least rank 3, ``(batch, time, ...)``.
        training: passed on to the layer.
        mask: optional ``(batch, time)`` booleans; step ``t``'s column goes
            to the layer if its ``call`` takes a mask, and the mask is the
            output's mask.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = TimeDistributed(mk.layers.Dense(2))
        ...     y = layer(mk.ops.ones((4, 3, 5)))
        >>> y.shape, tuple(layer.layer.kernel.shape)
        ((4, 3, 2), (5, 2))
    """

    _wrapped_role = "to apply at every step"

    def __init__(self, layer: Layer, **kwargs: Any):
        super().__init__(layer, **kwargs)
        self.supports_masking = True

    def _step_shape(self, input_shape: Any) -> tuple[int | None, ...]:
        shape = tuple(input_shape)
        if len(shape) < 3:
            raise ValueError(f"TimeDistributed '{self.name}': expected inputs of rank 3 or more "
                             f"(batch, time, ...), received shape {shape}.")
        return (shape[0],) + shape[2:]

    def build(self, input_shape: Any) -> None:
        build_sublayer(self.layer, self._step_shape(input_shape))
        self.built = True

    def compute_output_shape(self, input_shape: Any) -> Any:
        step = self.layer.compute_output_shape(self._step_shape(input_shape))
        return (step[0], tuple(input_shape)[1]) + tuple(step[1:])

    def call(self, inputs: Any, training: bool | None = None, mask: Any = None) -> Any:
        self._step_shape(inputs.shape)
        kwargs: dict[str, Any] = {}
        if self.layer._call_takes_training:
            kwargs["training"] = training
        steps = inputs.shape[1]
        if steps is None:
            # Unknown length while tracing: one call on (batch * time, ...) instead of one per step.
            return self._call_merged(inputs, kwargs, mask)
        outputs = []
        for step in range(steps):
            step_kwargs = dict(kwargs)
            if mask is not None and self.layer._call_takes_mask:
                step_kwargs["mask"] = mask[:, step]
            outputs.append(self.layer(inputs[:, step], **step_kwargs))
        return ops.stack(outputs, axis=1)

    def _call_merged(self, inputs: Any, kwargs: dict[str, Any], mask: Any) -> Any:
        shape = ops.shape(inputs)
        if mask is not None and self.layer._call_takes_mask:
            kwargs["mask"] = ops.reshape(mask, (-1,))
        merged = self.layer(ops.reshape(inputs, (-1,) + tuple(shape[2:])), **kwargs)
        return ops.reshape(merged, (shape[0], shape[1]) + tuple(ops.shape(merged)[1:]))

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        return mask
