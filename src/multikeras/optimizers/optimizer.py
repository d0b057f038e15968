"""`Optimizer`: the shared base of every optimizer.

An optimizer owns variables (``iterations``, the learning rate, and slot
variables such as momenta) and updates a model's trainable variables from
gradients. Updates are written as ordinary variable assignments in
:meth:`Optimizer.update_step`; run inside a
:class:`~multikeras.state.StatelessScope` (as a compiled training step does)
the same code becomes a pure function of the variable values, so one
implementation serves eager and compiled training on every backend. Nothing
branches in Python on a tensor's value: conditional updates (gradient
accumulation, EMA overwrites) are computed and then selected with ``where``.

The order of work in :meth:`Optimizer.apply`, as in Keras 3: drop ``None``
gradients, overwrite variables that take their gradient as value, unscale
(``loss_scale_factor``), then either directly or every
``gradient_accumulation_steps`` steps with the mean accumulated gradient:
clip (``clipnorm``, ``global_clipnorm``, ``clipvalue``), decoupled weight
decay, ``update_step`` per variable; then the moving average of the weights
(``use_ema``, and its periodic overwrite), constraints, ``iterations += 1``.
"""

from __future__ import annotations

import numbers
import re
import warnings
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from multikeras import ops
from multikeras.backend.selection import current
from multikeras.optimizers.schedules.learning_rate_schedule import LearningRateSchedule
from multikeras.saving import serialization_lib
from multikeras.state.name_scopes import name_scope
from multikeras.state.stateless_scope import StatelessScope
from multikeras.state.variable import Variable
from multikeras.utils import naming


def _auto_name(class_name: str) -> str:
    """``"AdamW"`` -> ``"adam_w"``, then ``"adam_w_1"``, ... (Keras 3's automatic names: counted with the
    layer names, until ``clear_session()``). The name is the first part of the optimizer's variable paths."""
    return naming.unique_name(_snake_case(class_name))


def _snake_case(name: str) -> str:
    # "RMSprop" -> "rm_sprop", "LossScaleOptimizer" -> "loss_scale_optimizer", "SGD" -> "sgd".
    name = re.sub(r"(?<=.)(?=[A-Z][a-z0-9]+)", "_", name)
    return re.sub(r"(?<=[a-z])(?=[A-Z])", "_", name).lower()


def _is_real(value: Any) -> bool:
    return isinstance(value, (numbers.Real, np.floating, np.integer)) and not isinstance(value, (bool, np.bool_))


class Optimizer:
    """Base class of optimizers: the update pipeline shared by all of them.

    Subclasses implement :meth:`build` (call ``super().build(variables)``
    first, then create slot variables with :meth:`add_variable_from_reference`)
    and :meth:`update_step` (assign the new value of one variable with ops
    only: it runs inside compiled steps), and extend :meth:`get_config`.

    Args:
        learning_rate: a float, a
            :class:`~multikeras.optimizers.schedules.LearningRateSchedule`
            (evaluated at :attr:`iterations`), or a callable taking no argument.
        weight_decay: decoupled weight decay: each step, before the update,
            ``variable -= variable * weight_decay * learning_rate``.
        clipnorm: clip each gradient to this L2 norm.
        clipvalue: clip each gradient element to ``[-clipvalue, clipvalue]``.
        global_clipnorm: clip all gradients together to this global L2 norm.
        use_ema: keep an exponential moving average of the weights.
        ema_momentum: the average's momentum:
            ``average = ema_momentum * average + (1 - ema_momentum) * weight``
            (the first step starts the average at the weights).
        ema_overwrite_frequency: every this many steps, copy the averages into
            the weights (``None``: only when :meth:`finalize_variable_values` runs).
        loss_scale_factor: the loss is multiplied by this (:meth:`scale_loss`)
            and gradients are divided by it.
        gradient_accumulation_steps: update every this many steps with the
            mean of the gradients since the last update (``None``: every step).
            :attr:`iterations` then counts updates; schedules see every step.
        name: the optimizer's name (default: from the class name, made unique).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     w = mk.Variable([1.0, 2.0])
        ...     opt = mk.optimizers.SGD(learning_rate=0.5)
        ...     opt.apply([mk.ops.ones(2)], [w])
        ...     w.numpy().tolist(), int(opt.iterations.numpy())
        ([0.5, 1.5], 1)
    """

    def __init__(
        self,
        learning_rate: Any,
        weight_decay: float | None = None,
        clipnorm: float | None = None,
        clipvalue: float | None = None,
        global_clipnorm: float | None = None,
        use_ema: bool = False,
        ema_momentum: float = 0.99,
        ema_overwrite_frequency: int | None = None,
        loss_scale_factor: float | None = None,
        gradient_accumulation_steps: int | None = None,
        name: str | None = None,
        **kwargs: Any,
    ):
        where = type(self).__name__
        if kwargs.pop("decay", None) is not None:
            warnings.warn(f"{where}: the argument 'decay' is no longer supported and is ignored; "
                          "use a learning rate schedule instead.", stacklevel=2)
        if kwargs:
            raise ValueError(f"{where}: argument(s) not recognized: {sorted(kwargs)}.")
        for arg, value in (("weight_decay", weight_decay), ("clipnorm", clipnorm), ("clipvalue", clipvalue),
                           ("global_clipnorm", global_clipnorm), ("loss_scale_factor", loss_scale_factor)):
            if value is not None and not _is_real(value):
                raise ValueError(f"{where}: expected a float or None for '{arg}', received {value!r}.")
        if sum(x is not None for x in (clipnorm, clipvalue, global_clipnorm)) > 1:
            raise ValueError(
                f"{where}: only one of clipnorm, clipvalue and global_clipnorm can be set, received "
                f"clipnorm={clipnorm}, clipvalue={clipvalue}, global_clipnorm={global_clipnorm}."
            )
        if gradient_accumulation_steps is not None and (
            isinstance(gradient_accumulation_steps, bool) or not isinstance(gradient_accumulation_steps, (int, np.integer))
            or gradient_accumulation_steps < 2
        ):
            raise ValueError(f"{where}: 'gradient_accumulation_steps' must be an integer >= 2 or None, "
                             f"received {gradient_accumulation_steps!r}.")
        if use_ema:
            if not _is_real(ema_momentum) or not 0.0 <= ema_momentum <= 1.0:
                raise ValueError(f"{where}: 'ema_momentum' must be in the range [0, 1], received {ema_momentum!r}.")
            if ema_overwrite_frequency is not None and (
                isinstance(ema_overwrite_frequency, bool) or not isinstance(ema_overwrite_frequency, int)
                or ema_overwrite_frequency < 1
            ):
                raise ValueError(f"{where}: 'ema_overwrite_frequency' must be an integer >= 1 or None, "
                                 f"received {ema_overwrite_frequency!r}.")
        if name is not None and not isinstance(name, str):
            raise ValueError(f"{where}: expected a string or None for 'name', received {name!r}.")
        self.name = name or _auto_name(where)
        self.weight_decay = weight_decay
        self.clipnorm = clipnorm
        self.clipvalue = clipvalue
        self.global_clipnorm = global_clipnorm
        self.use_ema = use_ema
        self.ema_momentum = ema_momentum
        self.ema_overwrite_frequency = ema_overwrite_frequency
        self.loss_scale_factor = loss_scale_factor
        self.gradient_accumulation_steps = int(gradient_accumulation_steps) if gradient_accumulation_steps else None
        self.built = False
        self._variables: list[Variable] = []
        self._trainable_variables: list[Variable] = []
        self._trainable_variables_indices: dict[int, int] = {}
        self._exclude_from_weight_decay: set[int] = set()
        self._exclude_from_weight_decay_pattern: re.Pattern[str] | None = None
        self._weight_decay_cache: dict[int, bool] = {}
        self._scalars: dict[str, Any] | None = None
        self._iterations = self._track(lambda: Variable(0, dtype="int64", trainable=False,
                                                        aggregation="only_first_replica", name="iteration"))
        self._learning_rate: Any = None
        self._learning_rate = self._make_learning_rate(learning_rate)

    # Learning rate -----------------------------------------------------------

    def _make_learning_rate(self, learning_rate: Any) -> Any:
        if isinstance(learning_rate, LearningRateSchedule):
            return learning_rate
        if callable(learning_rate) and not isinstance(learning_rate, Variable):
            return learning_rate
        if not _is_real(learning_rate):
            raise ValueError(
                f"{type(self).__name__}: 'learning_rate' must be a float, a LearningRateSchedule, or a callable "
                f"taking no argument, received {learning_rate!r}."
            )
        return self._track(lambda: Variable(float(learning_rate), dtype="float32", trainable=False,
                                            aggregation="only_first_replica", name="learning_rate"))

    @property
    def learning_rate(self) -> Any:
        """The learning rate of the next step.

        The learning-rate :class:`~multikeras.Variable` for a float learning
        rate (assignable); a schedule's value at :attr:`iterations`; a
        callable's return value.
        """
        learning_rate = self._learning_rate
        if isinstance(learning_rate, Variable):
            return learning_rate
        if isinstance(learning_rate, LearningRateSchedule):
            return learning_rate(self._iterations.value)
        return learning_rate()

    @learning_rate.setter
    def learning_rate(self, value: Any) -> None:
        previous = self._learning_rate
        if isinstance(value, LearningRateSchedule) or (callable(value) and not isinstance(value, Variable)):
            self._learning_rate = value
            if isinstance(previous, Variable):
                self._variables = [v for v in self._variables if v is not previous]
            return
        if not isinstance(previous, Variable):
            raise TypeError(
                f"{type(self).__name__} '{self.name}': this optimizer was created with a "
                f"{'LearningRateSchedule' if isinstance(previous, LearningRateSchedule) else 'callable'} as its "
                "learning rate, hence its learning rate is not settable to a value. Create the optimizer with a "
                "float learning_rate to change it."
            )
        previous.assign(value.value if isinstance(value, Variable) else value)

    def _learning_rate_value(self) -> Any:
        """The learning rate of this step as a float32 tensor (for the update pipeline)."""
        learning_rate = self._learning_rate
        if isinstance(learning_rate, Variable):
            return learning_rate.value
        if isinstance(learning_rate, LearningRateSchedule):
            return ops.cast(learning_rate(self._iterations.value), "float32")
        value = learning_rate()
        return ops.cast(value, "float32")

    # Iterations --------------------------------------------------------------

    @property
    def iterations(self) -> Any:
        """The number of updates done: the ``iteration`` variable, or with
        gradient accumulation the number of completed accumulation rounds."""
        if self.gradient_accumulation_steps:
            return ops.floor_divide(self._iterations.value, self.gradient_accumulation_steps)
        return self._iterations

    def _iteration_count(self) -> Any:
        """:attr:`iterations` as a tensor value (what update rules use for their step count)."""
        if self.gradient_accumulation_steps:
            return ops.floor_divide(self._iterations.value, self.gradient_accumulation_steps)
        return self._iterations.value

    def _local_step(self, dtype: str) -> Any:
        """``iterations + 1`` as a ``dtype`` tensor: the number of the update being made."""
        return ops.cast(self._iteration_count() + 1, dtype)

    # Variables ---------------------------------------------------------------

    def _track(self, make: Callable[[], Variable]) -> Variable:
        """``make()``'s variable, created inside the optimizer's name scope (path ``"<scopes>/<optimizer>/<name>"``)
        and appended to :attr:`variables`."""
        with name_scope(self.name, caller=self):
            variable = make()
        self._variables.append(variable)
        return variable

    @property
    def variables(self) -> list[Variable]:
        """``iteration``, ``learning_rate`` (unless a schedule), then the slots in creation order."""
        return list(self._variables)

    def add_variable(
        self, shape: Sequence[int], initializer: Any = "zeros", dtype: Any = None, aggregation: str = "none",
        layout: Any = None, name: str | None = None,
    ) -> Variable:
        """Create a variable owned by this optimizer (not trainable), appended to :attr:`variables`."""
        from multikeras import initializers

        return self._track(lambda: Variable(initializers.get(initializer), shape=tuple(shape), dtype=dtype,
                                            trainable=False, aggregation=aggregation, name=name or "variable"))

    def add_variable_from_reference(self, reference_variable: Variable, name: str | None = None,
                                    initializer: Any = "zeros") -> Variable:
        """A slot shaped like ``reference_variable`` (and of its dtype), named ``<reference path>_<name>``."""
        base = reference_variable.path.replace("/", "_")
        return self.add_variable(reference_variable.shape, initializer=initializer, dtype=reference_variable._dtype,
                                 name=f"{base}_{name or 'var'}")

    def add_optimizer_variables(self, trainable_variables: Sequence[Variable], name: str | Sequence[str],
                                initializer: Any = "zeros") -> Any:
        """Slots for every variable; several names are interleaved per variable (Keras 3's weight order).

        Returns one list for a single name, a tuple of lists for several.
        Variables with ``overwrite_with_gradient`` get ``None``.
        """
        names = [name] if isinstance(name, str) else list(name)
        inits = initializer if isinstance(initializer, (list, tuple)) else [initializer] * len(names)
        if len(inits) != len(names):
            raise ValueError(f"{type(self).__name__}.add_optimizer_variables: {len(names)} names but "
                             f"{len(inits)} initializers, received name={name!r}, initializer={initializer!r}.")
        slots: tuple[list[Any], ...] = tuple([] for _ in names)
        for variable in trainable_variables:
            for group, slot_name, init in zip(slots, names, inits):
                overwrite = getattr(variable, "overwrite_with_gradient", False)
                group.append(None if overwrite else self.add_variable_from_reference(variable, slot_name, init))
        return slots[0] if isinstance(name, str) else slots

    def build(self, variables: Sequence[Variable]) -> None:
        """Remember the variables this optimizer updates and create the shared slots.

        Subclasses call ``super().build(variables)`` first, then create their
        own slots with :meth:`add_variable_from_reference`.
        """
        variables = list(variables)
        if self.use_ema:
            self._model_variables_moving_average = self.add_optimizer_variables(variables, "average")
        if self.gradient_accumulation_steps:
            self._accumulated_gradients = [self.add_variable_from_reference(v, "gradient_accumulator") for v in variables]
        self._trainable_variables = variables
        self._trainable_variables_indices = {id(v): i for i, v in enumerate(variables)}
        self.built = True

    def _get_variable_index(self, variable: Variable) -> int:
        try:
            return self._trainable_variables_indices[id(variable)]
        except KeyError:
            raise ValueError(
                f"{type(self).__name__} '{self.name}': unknown variable '{getattr(variable, 'path', variable)}'; an "
                "optimizer updates only the variables it was built with. Create a new optimizer for new variables."
            ) from None

    _index = _get_variable_index

    def assign(self, variable: Variable, value: Any) -> None:
        """``variable.assign(value)`` (the hook Keras 3 optimizers use)."""
        variable.assign(value)

    def assign_add(self, variable: Variable, value: Any) -> None:
        """``variable.assign_add(value)``."""
        variable.assign_add(value)

    def assign_sub(self, variable: Variable, value: Any) -> None:
        """``variable.assign_sub(value)``."""
        variable.assign_sub(value)

    def set_weights(self, weights: Sequence[Any]) -> None:
        """Assign :attr:`variables` from a list of arrays (the optimizer must be built)."""
        if not self.built:
            raise ValueError(f"{type(self).__name__} '{self.name}': set_weights() needs a built optimizer; "
                             "call build(trainable_variables) first.")
        variables = self.variables
        if len(weights) != len(variables):
            raise ValueError(f"{type(self).__name__} '{self.name}'.set_weights: expected {len(variables)} arrays, "
                             f"received {len(weights)}.")
        for variable, weight in zip(variables, weights):
            if tuple(np.shape(weight)) != variable.shape:
                raise ValueError(f"{type(self).__name__} '{self.name}'.set_weights: variable '{variable.path}' has "
                                 f"shape {variable.shape}, received an array of shape {tuple(np.shape(weight))}.")
            variable.assign(weight)

    # Weight decay ------------------------------------------------------------

    def exclude_from_weight_decay(self, var_list: Iterable[Variable] | None = None,
                                  var_names: Iterable[str] | None = None) -> None:
        """Exempt variables from weight decay: these objects, and those whose name contains one of ``var_names``.

        Each call replaces the previous exclusions.
        """
        self._exclude_from_weight_decay = {id(v) for v in var_list or ()}
        names = sorted(set(var_names or ()))
        self._exclude_from_weight_decay_pattern = re.compile("|".join(names)) if names else None
        self._weight_decay_cache = {}

    def _use_weight_decay(self, variable: Variable) -> bool:
        key = id(variable)
        decays = self._weight_decay_cache.get(key)
        if decays is None:
            pattern = self._exclude_from_weight_decay_pattern
            decays = key not in self._exclude_from_weight_decay and (
                pattern is None or pattern.search(variable.name) is None)
            self._weight_decay_cache[key] = decays
        return decays

    def _apply_weight_decay(self, variables: Sequence[Variable], learning_rate: Any) -> None:
        if self.weight_decay is None:
            return
        decay = learning_rate * float(self.weight_decay)
        for variable in variables:
            if self._use_weight_decay(variable):
                value = variable.value
                variable.assign(value - value * self._cast_scalar(decay, variable._dtype))

    @staticmethod
    def _cast_scalar(value: Any, dtype: str) -> Any:
        return value if dtype == "float32" else ops.cast(value, dtype)

    # Applying ----------------------------------------------------------------

    def apply_gradients(self, grads_and_vars: Iterable[tuple[Any, Variable]]) -> Any:
        """Apply ``(gradient, variable)`` pairs (the tf.keras style); returns the ``iteration`` variable."""
        pairs = list(grads_and_vars)
        self.apply([g for g, _ in pairs], [v for _, v in pairs])
        return self._iterations

    def apply(self, grads: Sequence[Any], trainable_variables: Sequence[Variable] | None = None) -> None:
        """Update ``trainable_variables`` from ``grads`` (one gradient per variable).

        The first call builds the optimizer on ``trainable_variables``; later
        calls may pass the same variables or a subset of them, or
        ``trainable_variables=None`` for all of them. ``None`` gradients leave
        their variable unchanged.
        """
        grads = list(grads)
        if not grads:
            return
        if trainable_variables is None:
            if not self.built:
                raise ValueError(f"{self._where()}: apply(grads) without trainable_variables needs a built optimizer; "
                                 "pass trainable_variables or call build(trainable_variables) first.")
            variables = self._trainable_variables
        else:
            variables = list(trainable_variables)
            if not self.built:
                self.build(variables)
            indices = self._trainable_variables_indices
            for variable in variables:
                if id(variable) not in indices:
                    self._get_variable_index(variable)
        if len(grads) != len(variables):
            raise ValueError(f"{self._where()}: received {len(grads)} gradients for {len(variables)} variables; pass "
                             "one gradient per variable.")
        if any(g is None for g in grads):
            where = self._where()
            missing = [v.path for g, v in zip(grads, variables) if g is None]
            pairs = [(g, v) for g, v in zip(grads, variables) if g is not None]
            if not pairs:
                raise ValueError(f"{where}: no gradients provided for any variable (all gradients are None).")
            warnings.warn(f"{where}: gradients do not exist for variables {missing} when minimizing the loss. If "
                          "using model.compile(), did you forget to provide a loss?", stacklevel=2)
            grads = [g for g, _ in pairs]
            variables = [v for _, v in pairs]
        if any(getattr(v, "overwrite_with_gradient", False) for v in variables):
            grads, variables = self._overwrite_variables_with_gradients(grads, variables)
        if grads:
            backend = current()
            convert, dtype_of = backend.convert_to_tensor, backend.dtype
            converted = []
            for gradient, variable in zip(grads, variables):
                gradient = convert(gradient)
                if dtype_of(gradient) != variable._dtype:
                    gradient = ops.cast(gradient, variable._dtype)
                converted.append(gradient)
            grads = converted
            if self.loss_scale_factor is not None:
                scale = float(self.loss_scale_factor)
                grads = [g / scale for g in grads]
            if self.gradient_accumulation_steps:
                self._apply_accumulated(grads, variables)
            else:
                self._apply_now(grads, variables)
            if self.use_ema:
                self._update_model_variables_moving_average(self._trainable_variables)
            for variable in variables:
                constraint = getattr(variable, "constraint", None)
                if constraint is not None:
                    variable.assign(constraint(variable.value))
        self._iterations.assign(self._iterations.value + 1)

    def _where(self) -> str:
        return f"{type(self).__name__} '{self.name}'"

    def _apply_now(self, grads: list[Any], variables: list[Variable]) -> None:
        grads = self._clip_gradients(grads)
        learning_rate = self._learning_rate_value()
        self._apply_weight_decay(variables, learning_rate)
        self._update_variables(grads, variables, learning_rate)

    def _update_variables(self, grads: list[Any], variables: list[Variable], learning_rate: Any,
                          scalars: dict[str, Any] | None = None) -> None:
        """Run :meth:`update_step` for every variable, with per-step scalars computed once (see :meth:`_step_scalars`).

        ``scalars``: this step's scalars already computed, by dtype (a subclass that computed them for a fused
        kernel which then declined the step passes them on instead of having them computed again).
        """
        self._scalars = dict(scalars) if scalars else {}
        try:
            for gradient, variable in zip(grads, variables):
                self.update_step(gradient, variable, learning_rate)
        finally:
            self._scalars = None

    def _step_scalars(self, learning_rate: Any, dtype: str) -> Any:
        """This step's scalars for variables of ``dtype`` (``_compute_step_scalars``), computed once per step."""
        cache = self._scalars
        if cache is None:
            return self._compute_step_scalars(learning_rate, dtype)
        scalars = cache.get(dtype)
        if scalars is None:
            scalars = cache[dtype] = self._compute_step_scalars(learning_rate, dtype)
        return scalars

    def _compute_step_scalars(self, learning_rate: Any, dtype: str) -> Any:
        """Scalars an update rule needs once per step, not once per variable (overridden by subclasses)."""
        return self._cast_scalar(learning_rate, dtype)

    def _apply_accumulated(self, grads: list[Any], variables: list[Variable]) -> None:
        # Branch-free, so it compiles: every step computes the update with the running mean, and the
        # update is kept only on every `steps`-th step; otherwise the gradients are only accumulated.
        steps = self.gradient_accumulation_steps
        is_update_step = ops.equal(ops.mod(self._iterations.value + 1, steps), 0)
        accumulators = [self._accumulated_gradients[self._get_variable_index(v)] for v in variables]
        totals = [a.value + g for a, g in zip(accumulators, grads)]
        restored = self._state_restored_between_updates(variables)
        before = [v.value for v in restored]
        self._apply_now([t / steps for t in totals], variables)
        for variable, old in zip(restored, before):
            new = variable.value
            if new is not old:
                variable.assign(ops.where(is_update_step, new, old))
        for accumulator, total in zip(accumulators, totals):
            accumulator.assign(ops.where(is_update_step, ops.zeros_like(total), total))

    def _state_restored_between_updates(self, variables: list[Variable]) -> list[Variable]:
        """What a skipped accumulation step must leave as it was: the updated variables and the slots."""
        kept = {id(self._iterations)}
        for group in (getattr(self, "_model_variables_moving_average", ()), getattr(self, "_accumulated_gradients", ())):
            kept |= {id(v) for v in group if v is not None}
        return list(variables) + [v for v in self._variables if id(v) not in kept]

    def _overwrite_variables_with_gradients(self, grads: list[Any],
                                            variables: list[Variable]) -> tuple[list[Any], list[Variable]]:
        """Variables with ``overwrite_with_gradient`` take their gradient as value (float8 scales);
        with accumulation, the maximum over the accumulation round."""
        rest_grads, rest_variables = [], []
        for gradient, variable in zip(grads, variables):
            if not getattr(variable, "overwrite_with_gradient", False):
                rest_grads.append(gradient)
                rest_variables.append(variable)
                continue
            gradient = ops.cast(ops.convert_to_tensor(gradient), variable._dtype)
            if self.gradient_accumulation_steps:
                is_update_step = ops.equal(ops.mod(self._iterations.value + 1, self.gradient_accumulation_steps), 0)
                accumulator = self._accumulated_gradients[self._get_variable_index(variable)]
                largest = ops.maximum(gradient, accumulator.value)
                variable.assign(ops.where(is_update_step, largest, variable.value))
                accumulator.assign(ops.where(is_update_step, ops.zeros_like(largest), largest))
            else:
                variable.assign(gradient)
        return rest_grads, rest_variables

    def _clip_gradients(self, grads: list[Any]) -> list[Any]:
        if self.clipnorm and self.clipnorm > 0:
            return [clip_by_norm(g, self.clipnorm) for g in grads]
        if self.global_clipnorm and self.global_clipnorm > 0:
            return clip_by_global_norm(grads, self.global_clipnorm)
        if self.clipvalue and self.clipvalue > 0:
            return [ops.clip(g, -self.clipvalue, self.clipvalue) for g in grads]
        return grads

    def _update_model_variables_moving_average(self, variables: Sequence[Variable]) -> None:
        count = self._iteration_count()
        # The first update starts the average at the weights (momentum 0), as Keras 3 does.
        momentum = ops.cast(ops.not_equal(count, 0), "float32") * float(self.ema_momentum)
        averages = self._model_variables_moving_average
        for variable, average in zip(variables, averages):
            if average is not None:
                m = self._cast_scalar(momentum, variable._dtype)
                average.assign(average.value * m + variable.value * (1.0 - m))
        if self.ema_overwrite_frequency:
            overwrite = ops.equal(ops.mod(count + 1, self.ema_overwrite_frequency), 0)
            for variable, average in zip(variables, averages):
                if average is not None:
                    variable.assign(ops.where(overwrite, average.value, variable.value))

    def update_step(self, gradient: Any, variable: Variable, learning_rate: Any) -> None:
        """Assign ``variable`` its new value from ``gradient`` (subclasses implement this)."""
        raise NotImplementedError(f"{type(self).__name__} must implement update_step(gradient, variable, learning_rate).")

    def stateless_apply(self, optimizer_variables: Sequence[Any], grads: Sequence[Any],
                        trainable_variables: Sequence[Any]) -> tuple[list[Any], list[Any]]:
        """:meth:`apply` as a pure function of values.

        Args:
            optimizer_variables: values for :attr:`variables` (the optimizer must be built).
            grads: one gradient per variable the optimizer was built with.
            trainable_variables: values of the variables it was built with.

        Returns:
            ``(new trainable values, new optimizer variable values)``.

        Example:
            >>> import multikeras as mk
            >>> with mk.backend.use("numpy"):
            ...     w = mk.Variable([1.0])
            ...     opt = mk.optimizers.SGD(learning_rate=0.5)
            ...     opt.build([w])
            ...     new_w, new_state = opt.stateless_apply([v.value for v in opt.variables], [mk.ops.ones(1)], [w.value])
            ...     new_w[0].tolist(), int(new_state[0]), w.numpy().tolist()
            ([0.5], 1, [1.0])
        """
        where = f"{type(self).__name__} '{self.name}'.stateless_apply"
        if not self.built:
            raise ValueError(f"{where}: the optimizer must be built; call build(trainable_variables) first.")
        variables = self.variables
        if len(optimizer_variables) != len(variables):
            raise ValueError(f"{where}: expected {len(variables)} optimizer variable values (one per "
                             f"optimizer.variables), received {len(optimizer_variables)}.")
        if len(trainable_variables) != len(self._trainable_variables):
            raise ValueError(f"{where}: expected {len(self._trainable_variables)} trainable variable values (the "
                             f"variables it was built with), received {len(trainable_variables)}.")
        mapping = list(zip(self._trainable_variables, trainable_variables)) + list(zip(variables, optimizer_variables))
        with StatelessScope(mapping) as scope:
            self.apply(grads)
        return ([scope.get_current_value(v) for v in self._trainable_variables],
                [scope.get_current_value(v) for v in variables])

    def scale_loss(self, loss: Any) -> Any:
        """``loss * loss_scale_factor`` (the loss unchanged when there is none)."""
        return loss if self.loss_scale_factor is None else loss * self.loss_scale_factor

    def finalize_variable_values(self, var_list: Sequence[Variable]) -> None:
        """At the end of training: with ``use_ema``, write the moving averages into the weights."""
        if self.use_ema and self.built:
            averages = self._model_variables_moving_average
            if len(var_list) != len(averages):
                raise ValueError(
                    f"{type(self).__name__} '{self.name}'.finalize_variable_values: received {len(var_list)} "
                    f"variables, the optimizer holds averages of {len(averages)}."
                )
            for variable, average in zip(var_list, averages):
                if average is not None:
                    variable.assign(average.value)

    # Saving ------------------------------------------------------------------

    def save_own_variables(self, store: dict[str, Any]) -> None:
        """Write :attr:`variables` into ``store`` under ``"0"``, ``"1"``, ... as NumPy arrays."""
        for i, variable in enumerate(self.variables):
            store[str(i)] = variable.numpy()

    def load_own_variables(self, store: dict[str, Any]) -> None:
        """Read :attr:`variables` back from ``store``; a different count skips loading with a warning (as Keras 3)."""
        variables = self.variables
        if len(store.keys()) != len(variables):
            warnings.warn(
                f"{type(self).__name__} '{self.name}': skipping variable loading; the optimizer has {len(variables)} "
                f"variables, the saved one has {len(store.keys())}."
                + (" The optimizer has not been built yet." if not self.built else ""),
                stacklevel=2,
            )
            return
        for i, variable in enumerate(variables):
            variable.assign(store[str(i)])

    def get_config(self) -> dict[str, Any]:
        """The constructor arguments (a schedule or callable learning rate is serialized as an object)."""
        learning_rate = self._learning_rate
        if isinstance(learning_rate, Variable):
            learning_rate = float(learning_rate.numpy())
        else:
            learning_rate = serialization_lib.serialize_keras_object(learning_rate)
        return {
            "name": self.name,
            "learning_rate": learning_rate,
            "weight_decay": self.weight_decay,
            "clipnorm": self.clipnorm,
            "global_clipnorm": self.global_clipnorm,
            "clipvalue": self.clipvalue,
            "use_ema": self.use_ema,
            "ema_momentum": self.ema_momentum,
            "ema_overwrite_frequency": self.ema_overwrite_frequency,
            "loss_scale_factor": self.loss_scale_factor,
            "gradient_accumulation_steps": self.gradient_accumulation_steps,
        }

    @classmethod
    def from_config(cls, config: dict[str, Any], custom_objects: dict[str, Any] | None = None) -> Optimizer:
        """Create an optimizer from :meth:`get_config`'s output."""
        config = dict(config)
        if isinstance(config.get("learning_rate"), dict):
            config["learning_rate"] = serialization_lib.deserialize_keras_object(
                config["learning_rate"], custom_objects=custom_objects)
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"


def clip_by_norm(gradient: Any, clipnorm: float) -> Any:
    """Scale ``gradient`` so its L2 norm is at most ``clipnorm``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     mk.ops.convert_to_numpy(clip_by_norm(mk.ops.array([3.0, 4.0]), 1.0)).astype("float64").round(3).tolist()
        [0.6, 0.8]
    """
    norm = ops.sqrt(ops.sum(ops.square(gradient)))
    return gradient * (clipnorm / ops.maximum(norm, clipnorm))


def clip_by_global_norm(grads: Sequence[Any], clipnorm: float) -> list[Any]:
    """Scale ``grads`` together so their global L2 norm is at most ``clipnorm`` (a non-finite norm gives NaN).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     clipped = clip_by_global_norm([mk.ops.array([3.0]), mk.ops.array([4.0])], 1.0)
        ...     [round(float(g[0]), 3) for g in clipped]
        [0.6, 0.8]
    """
    squares = [ops.sum(ops.square(g)) for g in grads]
    total = squares[0]
    for square in squares[1:]:
        total = ops.add(total, square)
    norm = ops.sqrt(total)
    # `norm - norm` is 0 for a finite norm and NaN otherwise, so non-finite gradients stay visible.
    scale = clipnorm / ops.maximum(norm, clipnorm) + (norm - norm)
    dtype = ops.dtype(scale)
    return [g * scale if ops.dtype(g) == dtype else g * ops.cast(scale, ops.dtype(g)) for g in grads]
