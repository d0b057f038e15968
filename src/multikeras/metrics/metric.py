"""`Metric`: the base of stateful metrics.

A metric keeps its running state in non-trainable variables (counts, sums,
confusion matrices) updated by :meth:`Metric.update_state` and summarised by
:meth:`Metric.result`. Like layers and optimizers, updates are plain variable
assignments, so inside a :class:`~multikeras.state.StatelessScope` (a
compiled step) they become values in, values out; the ``stateless_*`` methods
expose that directly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from multikeras import dtype_policies, initializers, ops
from multikeras.backend import config
from multikeras.state.name_scopes import name_scope
from multikeras.state.stateless_scope import StatelessScope
from multikeras.state.variable import Variable
from multikeras.utils import naming



def to_snake_case(name: str) -> str:
    """A class name as Keras 3 writes it in snake case.

    Example:
        >>> to_snake_case("KLDivergence"), to_snake_case("BinaryIoU"), to_snake_case("F1Score")
        ('kl_divergence', 'binary_io_u', 'f1_score')
    """
    name = re.sub(r"\W+", "", name)
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


class Metric:
    """Base class of metrics: state variables, ``update_state``, ``result``, ``reset_state``.

    Subclasses create their state with :meth:`add_variable` in ``__init__``
    and implement :meth:`update_state` and :meth:`result` with ops only (no
    Python decisions on tensor values), so both run inside compiled steps.
    Metrics held in attributes (directly or in lists, tuples and dicts) are
    tracked: their variables are part of :attr:`variables`.

    Args:
        dtype: dtype of the state and result: a dtype name or a dtype policy
            (its compute dtype); ``floatx()`` by default.
        name: the metric's name (the key in training logs); the snake-case
            class name, made unique, by default.

    Example:
        >>> import multikeras as mk
        >>> class Count(Metric):
        ...     def __init__(self, name="count"):
        ...         super().__init__(name=name)
        ...         self.count = self.add_variable((), "zeros", name="count")
        ...     def update_state(self, values):
        ...         self.count.assign_add(mk.ops.cast(mk.ops.size(values), self.dtype))
        ...     def result(self):
        ...         return self.count.value
        >>> with mk.backend.use("numpy"):
        ...     m = Count()
        ...     m.update_state(mk.ops.ones((2, 3)))
        ...     float(m.result())
        6.0
    """

    def __init__(self, dtype: Any = None, name: str | None = None):
        self.name = name or naming.unique_name(to_snake_case(type(self).__name__))
        self._dtype_policy = dtype_policies.get(dtype or config.floatx())
        self._dtype = self._dtype_policy.compute_dtype
        self._variables: list[Variable] = []
        self._initializers: list[Any] = []

    @property
    def dtype(self) -> str:
        """The dtype of the result and of float state."""
        return self._dtype

    def add_variable(self, shape: Sequence[int] | int, initializer: Any = "zeros", dtype: Any = None,
                     aggregation: str = "sum", name: str | None = None) -> Variable:
        """Create a state variable (not trainable) with path ``"<metric name>/<name>"`` (under the open name scopes).

        :meth:`reset_state` returns it to ``initializer``.

        Args:
            shape: the variable's shape.
            initializer: an initializer or its name.
            dtype: the variable's dtype (the metric's dtype by default).
            aggregation: how replicas combine it (kept for Keras compatibility).
            name: the variable's name.
        """
        if not hasattr(self, "_variables"):
            raise RuntimeError(
                f"{type(self).__name__}.add_variable: the metric is not initialized; call super().__init__() "
                "in the subclass's __init__() before creating variables."
            )
        shape = (shape,) if isinstance(shape, int) else tuple(shape)
        initializer = initializers.get("zeros" if initializer is None else initializer)
        # A metric name may contain "/" (Keras 3 writes it as ">" in the scope, as here).
        with name_scope(self.name.replace("/", ">"), caller=self):
            variable = Variable(initializer, shape=shape, dtype=dtype or self._dtype, trainable=False,
                                aggregation=aggregation, synchronization="on_read", name=name or "variable")
        self._variables.append(variable)
        self._initializers.append(initializer)
        return variable

    def add_weight(self, shape: Sequence[int] | int = (), initializer: Any = None, dtype: Any = None,
                   name: str | None = None) -> Variable:
        """Alias of :meth:`add_variable` (zeros when ``initializer`` is ``None``)."""
        return self.add_variable(shape, initializer, dtype=dtype, name=name)

    def _tracked_metrics(self) -> Iterator[Metric]:
        """Metrics held in attributes (also inside lists, tuples and dicts), in attribute order."""
        seen: set[int] = {id(self)}
        stack = list(reversed(list(vars(self).values())))
        while stack:
            item = stack.pop()
            if isinstance(item, Metric):
                if id(item) not in seen:
                    seen.add(id(item))
                    yield item
            elif isinstance(item, (list, tuple)):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                stack.extend(reversed(list(item.values())))

    @property
    def variables(self) -> list[Variable]:
        """State variables: this metric's, in creation order, then those of tracked metrics."""
        result = list(self._variables)
        for metric in self._tracked_metrics():
            result += [v for v in metric.variables if all(v is not r for r in result)]
        return result

    def update_state(self, *args: Any, **kwargs: Any) -> None:
        """Accumulate statistics from a batch (subclasses implement)."""
        raise NotImplementedError(f"{type(self).__name__} must implement update_state().")

    def result(self) -> Any:
        """The metric's value from the accumulated state (subclasses implement)."""
        raise NotImplementedError(f"{type(self).__name__} must implement result().")

    def reset_state(self) -> None:
        """Return this metric's variables to their initial values, and reset tracked metrics."""
        for variable, initializer in zip(self._variables, self._initializers):
            variable.assign(initializer(variable.shape, dtype=variable.dtype))
        for metric in self._tracked_metrics():
            metric.reset_state()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """``update_state(...)`` then ``result()``."""
        self.update_state(*args, **kwargs)
        return self.result()

    # Stateless API -----------------------------------------------------------

    def _check_values(self, metric_variables: Sequence[Any], where: str) -> list[tuple[Variable, Any]]:
        variables = self.variables
        if len(metric_variables) != len(variables):
            raise ValueError(
                f"{type(self).__name__} '{self.name}'.{where}: expected `metric_variables` to hold one value per "
                f"variable of the metric ({len(variables)}), received {len(metric_variables)}."
            )
        return list(zip(variables, metric_variables))

    def stateless_update_state(self, metric_variables: Sequence[Any], *args: Any, **kwargs: Any) -> list[Any]:
        """:meth:`update_state` as a pure function: the new values of :attr:`variables`.

        Example:
            >>> import multikeras as mk
            >>> from multikeras.metrics import Mean
            >>> with mk.backend.use("numpy"):
            ...     m = Mean()
            ...     values = m.stateless_update_state([v.value for v in m.variables], [1.0, 3.0])
            ...     float(m.stateless_result(values)), float(m.result())
            (2.0, 0.0)
        """
        with StatelessScope(self._check_values(metric_variables, "stateless_update_state")) as scope:
            self.update_state(*args, **kwargs)
        return [scope.get_current_value(v) for v in self.variables]

    def stateless_result(self, metric_variables: Sequence[Any]) -> Any:
        """:meth:`result` computed from the given variable values."""
        with StatelessScope(self._check_values(metric_variables, "stateless_result")):
            return self.result()

    def stateless_reset_state(self) -> list[Any]:
        """The initial values of :attr:`variables` (the variables are left unchanged)."""
        with StatelessScope(collect_assignments=True) as scope:
            self.reset_state()
        values = []
        for variable in self.variables:
            value = scope.get_current_value(variable)
            values.append(variable.value if value is None else value)
        return values

    # Config ------------------------------------------------------------------

    def get_config(self) -> dict[str, Any]:
        """``{"name", "dtype"}``; subclasses add their constructor arguments."""
        return {"name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Metric:
        """``cls(**config)``."""
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}>"

    __str__ = __repr__


def cast_to(value: Any, dtype: str) -> Any:
    """``value`` as a tensor of ``dtype`` (no cast when it already is one).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     cast_to([1, 2], "float32").dtype
        dtype('float32')
    """
    value = ops.convert_to_tensor(value)
    return value if ops.dtype(value) == dtype else ops.cast(value, dtype)
