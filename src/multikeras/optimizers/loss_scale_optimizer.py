"""`LossScaleOptimizer`: dynamic loss scaling for mixed-precision training."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multikeras import initializers, ops
from multikeras.optimizers.optimizer import Optimizer
from multikeras.saving import serialization_lib
from multikeras.saving.object_registration import register_builtin
from multikeras.state.variable import Variable

_BASE_DEFAULTS = {
    "weight_decay": None, "clipnorm": None, "global_clipnorm": None, "clipvalue": None, "use_ema": False,
    "ema_momentum": 0.99, "ema_overwrite_frequency": None, "loss_scale_factor": None,
    "gradient_accumulation_steps": None,
}


@register_builtin("keras.optimizers")
class LossScaleOptimizer(Optimizer):
    """Wraps an optimizer with dynamic loss scaling, against float16 gradient underflow.

    :meth:`scale_loss` multiplies the loss by the current scale, and
    :meth:`apply` divides the gradients by it before the inner optimizer
    uses them. When any gradient is not finite the step is skipped (weights,
    slots and the inner ``iterations`` stay as they were) and the scale is
    halved; after ``dynamic_growth_steps`` finite steps in a row it is
    doubled. All of it is computed without Python branches on tensor values,
    so it compiles.

    Args:
        inner_optimizer: the :class:`Optimizer` to wrap (its ``loss_scale_factor`` is reset to ``None``).
        initial_scale: the starting loss scale.
        dynamic_growth_steps: finite steps between doublings of the scale.
        name: the optimizer's name.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     w = mk.Variable([1.0])
        ...     opt = LossScaleOptimizer(mk.optimizers.SGD(0.5), initial_scale=8.0)
        ...     opt.apply([mk.ops.array([8.0])], [w])           # unscaled gradient 1.0
        ...     opt.apply([mk.ops.array([float("inf")])], [w])  # skipped, scale halved
        ...     w.numpy().tolist(), float(opt.dynamic_scale.numpy())
        ([0.5], 4.0)
    """

    def __init__(self, inner_optimizer: Optimizer, initial_scale: float = 2.0**15, dynamic_growth_steps: int = 2000,
                 name: str | None = None, **kwargs: Any):
        if not kwargs.pop("dynamic", True):
            raise ValueError("LossScaleOptimizer no longer supports dynamic=False; set loss_scale_factor on the "
                             "inner optimizer instead.")
        for arg, default in _BASE_DEFAULTS.items():
            if arg in kwargs and kwargs.pop(arg) != default:
                raise ValueError(f"LossScaleOptimizer does not support '{arg}'; set it on the inner_optimizer instead.")
        if kwargs:
            raise ValueError(f"LossScaleOptimizer: argument(s) not recognized: {sorted(kwargs)}.")
        if not isinstance(inner_optimizer, Optimizer):
            raise ValueError(f"LossScaleOptimizer: 'inner_optimizer' must be an Optimizer, received {inner_optimizer!r}.")
        if isinstance(dynamic_growth_steps, bool) or not isinstance(dynamic_growth_steps, int) or dynamic_growth_steps < 1:
            raise ValueError("LossScaleOptimizer: 'dynamic_growth_steps' must be an integer >= 1, "
                             f"received {dynamic_growth_steps!r}.")
        super().__init__(learning_rate=0.0, name=name)
        self.inner_optimizer = inner_optimizer
        self.initial_scale = initial_scale
        self.dynamic_growth_steps = dynamic_growth_steps
        self.inner_optimizer.loss_scale_factor = None

    def build(self, variables: Sequence[Variable]) -> None:
        if self.built:
            return
        self.step_counter = self.add_variable((), initializer="zeros", dtype="int64", aggregation="none",
                                              name="step_counter")
        self.dynamic_scale = self.add_variable((), initializer=initializers.Constant(self.initial_scale),
                                               dtype="float32", aggregation="none", name="dynamic_scale")
        if not self.inner_optimizer.built:
            self.inner_optimizer.build(variables)
        super().build(variables)

    @property
    def variables(self) -> list[Variable]:
        """Its own variables (``iteration``, ``learning_rate``, ``step_counter``, ``dynamic_scale``), then the
        inner optimizer's."""
        return self._variables + self.inner_optimizer.variables

    @property
    def learning_rate(self) -> Any:
        """The inner optimizer's learning rate (settable)."""
        return self.inner_optimizer.learning_rate

    @learning_rate.setter
    def learning_rate(self, value: Any) -> None:
        self.inner_optimizer.learning_rate = value

    @property
    def iterations(self) -> Any:
        """The inner optimizer's ``iterations`` (skipped steps do not count)."""
        return self.inner_optimizer.iterations

    def apply(self, grads: Sequence[Any], trainable_variables: Sequence[Variable] | None = None) -> None:
        """Unscale ``grads`` and apply them with the inner optimizer, or skip the step if any is not finite."""
        if not self.built:
            if trainable_variables is None:
                raise ValueError(f"LossScaleOptimizer '{self.name}': apply(grads) without trainable_variables needs a "
                                 "built optimizer; pass trainable_variables or call build(trainable_variables) first.")
            self.build(trainable_variables)
        grads = list(grads)
        if not grads:
            return
        variables = self._trainable_variables if trainable_variables is None else list(trainable_variables)
        present = [g for g in grads if g is not None]
        finite = self.check_finite(present)
        scale = self.dynamic_scale.value
        unscaled = [g if g is None or getattr(v, "overwrite_with_gradient", False) else ops.divide(g, scale)
                    for g, v in zip(grads, variables)]
        # Everything the inner step may change; a non-finite step puts it back.
        state = list(variables) + self.inner_optimizer.variables
        before = [v.value for v in state]
        self.inner_optimizer.apply(unscaled, trainable_variables)
        for variable, old in zip(state, before):
            new = variable.value
            if new is not old:
                variable.assign(ops.where(finite, new, old))
        counter = self.step_counter.value
        grow = ops.logical_and(finite, ops.equal(counter, self.dynamic_growth_steps - 1))
        self.step_counter.assign(ops.where(finite, ops.where(grow, ops.zeros_like(counter), counter + 1),
                                           ops.zeros_like(counter)))
        self.dynamic_scale.assign(ops.where(finite, ops.where(grow, scale * 2.0, scale), scale * 0.5))

    def check_finite(self, grads: Sequence[Any]) -> Any:
        """A boolean scalar: whether every element of every (non-``None``) gradient is finite."""
        flags = [ops.all(ops.isfinite(g)) for g in grads if g is not None]
        if not flags:
            return ops.convert_to_tensor(True)
        return ops.all(ops.stack(flags)) if len(flags) > 1 else flags[0]

    def scale_loss(self, loss: Any) -> Any:
        """``loss`` times the current scale (``initial_scale`` before the optimizer is built)."""
        scale = self.dynamic_scale.value if self.built else self.initial_scale
        return ops.multiply(loss, scale)

    def finalize_variable_values(self, var_list: Sequence[Variable]) -> None:
        self.inner_optimizer.finalize_variable_values(var_list)

    def get_config(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "inner_optimizer": serialization_lib.serialize_keras_object(self.inner_optimizer),
            "initial_scale": self.initial_scale,
            "dynamic_growth_steps": self.dynamic_growth_steps,
        }

    @classmethod
    def from_config(cls, config: dict[str, Any], custom_objects: dict[str, Any] | None = None) -> LossScaleOptimizer:
        config = dict(config)
        inner = serialization_lib.deserialize_keras_object(config.pop("inner_optimizer"), custom_objects=custom_objects)
        return cls(inner, **config)
