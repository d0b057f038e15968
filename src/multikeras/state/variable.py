"""`Variable`: named, assignable state over a backend's native array.

A variable holds one native array of the backend it was created under
(``numpy.ndarray``, ``jax.Array``, ``torch.Tensor``, ``tf.Tensor``) and
replaces it on assignment. Rebinding rather than mutating in place is what
lets one step function run eagerly, under ``jax.jit``, ``tf.function`` and
``torch.compile`` alike: inside a :class:`StatelessScope` reads and writes go
to the scope, so the same layer code is also a pure function of its state.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from multikeras import ops
from multikeras.backend import config, dtypes
from multikeras.backend.contract import Backend
from multikeras.backend.selection import current
from multikeras.state import allocation_budget, deferred_initialization
from multikeras.state.autocast_scope import _active as _active_autocast
from multikeras.state.autocast_scope import autocast_dtype
from multikeras.state.deferred_value import DeferredValue
from multikeras.state.name_scopes import path_for
from multikeras.state.stateless_scope import _active as _active_stateless

_AGGREGATIONS = ("none", "mean", "sum", "only_first_replica")
_SYNCHRONIZATIONS = ("none", "on_write", "on_read", "auto")


class Variable:
    """A named, assignable array, the state of layers, optimizers and metrics.

    Args:
        initializer: an initial value (array, nested list, number), or an
            initializer (callable ``(shape, dtype)`` or its name, such as
            ``"glorot_uniform"``), which then needs ``shape``.
        shape: the shape; taken from the value when ``initializer`` is one.
        dtype: the dtype; ``floatx()`` for initializers, the value's dtype
            (floats as ``floatx()``) otherwise.
        trainable: whether optimizers update it.
        autocast: whether reads inside a mixed-precision layer return the
            value cast to the layer's compute dtype.
        aggregation: ``"none"``, ``"mean"``, ``"sum"`` or ``"only_first_replica"``
            (kept for Keras compatibility; used by distributed training).
        synchronization: ``"auto"``, ``"none"``, ``"on_read"`` or ``"on_write"``.
        name: a name without ``/``. The variable's ``path`` is the name
            under the open :class:`~multikeras.name_scope` scopes
            (``"dense/kernel"`` for a weight of a layer named ``"dense"``).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     v = mk.Variable([[1.0, 2.0]], name="w")
        ...     _ = v.assign_add(mk.ops.ones((1, 2)))
        ...     print(v.shape, v.dtype, v.numpy().tolist())
        (1, 2) float32 [[2.0, 3.0]]
    """

    def __init__(
        self,
        initializer: Any,
        shape: tuple[int, ...] | None = None,
        dtype: Any = None,
        trainable: bool = True,
        autocast: bool = True,
        aggregation: str = "none",
        synchronization: str = "auto",
        name: str | None = None,
    ):
        if name is None:  # variable, variable_1 ... from the counter clear_session() resets, as in Keras 3
            from multikeras.utils.naming import unique_name  # not at import: a first op needs no utils

            name = unique_name("variable")
        if not isinstance(name, str) or "/" in name:
            raise ValueError(f"Variable: expected a name without '/', received {name!r}.")
        if aggregation not in _AGGREGATIONS:
            raise ValueError(f"Variable '{name}': aggregation must be one of {_AGGREGATIONS}, received {aggregation!r}.")
        if synchronization not in _SYNCHRONIZATIONS:
            raise ValueError(
                f"Variable '{name}': synchronization must be one of {_SYNCHRONIZATIONS}, received {synchronization!r}."
            )
        self.name = name
        self._path = path_for(name)  # the open name scopes, e.g. "sequential/dense/kernel"
        self.trainable = bool(trainable)
        self.autocast = bool(autocast)
        self.aggregation = aggregation
        self.synchronization = synchronization
        self.overwrite_with_gradient = False
        self._backend: Backend = current()
        # Variables are created with real values even when a layer builds inside abstract evaluation.
        with self._backend.eager_scope():
            self._value = self._initial_value(initializer, shape, dtype)
        self._dtype = dtypes.standardize_dtype(self._backend.dtype(self._value))
        self._shape = tuple(int(d) for d in self._backend.shape(self._value))
        self._is_float = dtypes.is_float(self._dtype)

    def _initial_value(self, initializer: Any, shape: Any, dtype: Any) -> Any:
        if isinstance(initializer, str):
            from multikeras import initializers  # initializers sit above state; resolve names lazily

            initializer = initializers.get(initializer)
        from_initializer = callable(initializer) and not self._backend.is_tensor(initializer)
        if from_initializer:
            if shape is None:
                raise ValueError(
                    f"Variable '{self.name}': an initializer needs a shape, received shape=None. "
                    "Pass shape=..., or an initial value instead of an initializer."
                )
            shape = _standardize_shape(shape, self.name)
            dtype = dtypes.standardize_dtype(dtype if dtype is not None else config.floatx())
            allocation_budget.charge(self.name, shape, dtype)  # before the initializer allocates
            value = deferred_initialization.placeholder_for(self._backend, self, initializer, shape, dtype)
            if value is None:
                value = initializer(shape, dtype=dtype)
        else:
            value = initializer.value if isinstance(initializer, Variable) else initializer
            if dtype is None and not self._backend.is_tensor(value):
                inferred = dtypes.result_type(value)
                dtype = config.floatx() if dtypes.is_float(inferred) and inferred != "float64" else inferred
        value = self._backend.convert_to_tensor(value, None if dtype is None else dtypes.standardize_dtype(dtype))
        if shape is not None:
            expected = _standardize_shape(shape, self.name)
            received = tuple(int(d) for d in self._backend.shape(value))
            if received != expected:
                raise ValueError(
                    f"Variable '{self.name}': the initial value has shape {received}, but shape={expected} was given."
                )
        if not from_initializer:  # a given value is already allocated, but still counts
            allocation_budget.charge(
                self.name, self._backend.shape(value), dtypes.standardize_dtype(self._backend.dtype(value))
            )
        return value

    @property
    def path(self) -> str:
        """The name under the name scopes open when the variable was created (``"dense/kernel"``); read-only."""
        return self._path

    # Reading -----------------------------------------------------------------

    @property
    def value(self) -> Any:
        """The current value (the scope's value inside a :class:`StatelessScope`), as a native array."""
        # Read on every use of every weight: the two scopes are looked up directly, not through helpers.
        scope = _active_stateless.get()
        value = self._value
        if scope is not None:
            scoped = scope.get_current_value(self)
            if scoped is not None:
                value = scoped
        if type(value) is DeferredValue:  # kept by a compiled step between calls: read it now
            value = value.read()
        if self.autocast and self._is_float:
            target = _active_autocast.get()
            if target is not None and target != self._dtype:
                return self._backend.cast(value, target)
        return value

    @property
    def shape(self) -> tuple[int, ...]:
        return self._shape

    @property
    def dtype(self) -> str:
        """The dtype reads return: the stored one, or the autocast dtype inside a mixed-precision layer."""
        if self.autocast and self._is_float:
            target = autocast_dtype()
            if target is not None:
                return target
        return self._dtype

    @property
    def ndim(self) -> int:
        return len(self._shape)

    @property
    def size(self) -> int:
        return math.prod(self._shape)

    @property
    def backend(self) -> str:
        """Name of the backend whose array type holds the value."""
        return self._backend.name

    def numpy(self) -> Any:
        """The value as a NumPy array."""
        return self._backend.convert_to_numpy(self.value)

    def __array__(self, dtype: Any = None, copy: Any = None) -> Any:
        array = self._backend.convert_to_numpy(self.value)
        return array if dtype is None else array.astype(dtype)

    # Writing -----------------------------------------------------------------

    def _convert(self, value: Any) -> Any:
        if isinstance(value, Variable):
            value = value.value
        value = self._backend.convert_to_tensor(value, self._dtype)
        received = tuple(self._backend.shape(value))
        if received != self._shape:
            raise ValueError(
                f"Variable '{self.path}': cannot assign a value of shape {received} to a variable of shape {self._shape}."
            )
        return value

    def assign(self, value: Any) -> Any:
        """Replace the value (same shape; cast to this variable's dtype). Returns the new value."""
        value = self._convert(value)
        scope = _active_stateless.get()
        if scope is not None:
            scope.add_update(self, value)
        else:
            self._value = value
        return value

    def _assign_checked(self, value: Any) -> None:
        """:meth:`assign` of a value known to be a native array of this variable's shape and dtype.

        For library code that computed the value from this variable's own
        arrays (an optimizer's fused update): the conversion and checks of
        :meth:`assign` would only confirm what is already true.
        """
        scope = _active_stateless.get()
        if scope is not None:
            scope.add_update(self, value)
        else:
            self._value = value

    def assign_add(self, value: Any) -> Any:
        """``assign(value + delta)``."""
        return self.assign(ops.add(self.value, value))

    def assign_sub(self, value: Any) -> Any:
        """``assign(value - delta)``."""
        return self.assign(ops.subtract(self.value, value))

    # Python protocol -----------------------------------------------------------

    def __repr__(self) -> str:
        return f"<Variable path={self.path}, shape={self._shape}, dtype={self._dtype}, backend={self.backend}>"

    def __hash__(self) -> int:
        return id(self)  # __eq__ (set below) is elementwise; hashing stays by identity

    def __bool__(self) -> bool:
        return bool(self.numpy())

    def __float__(self) -> float:
        return float(self.numpy())

    def __int__(self) -> int:
        return int(self.numpy())

    def __index__(self) -> int:
        return int(self.numpy())

    def __len__(self) -> int:
        if not self._shape:
            raise TypeError(f"Variable '{self.path}': len() of a 0-d variable.")
        return self._shape[0]

    def __getitem__(self, key: Any) -> Any:
        return self.value[key]

    def __neg__(self) -> Any:
        return ops.negative(self.value)

    def __pos__(self) -> Any:
        return self.value

    def __abs__(self) -> Any:
        return ops.absolute(self.value)

    def __invert__(self) -> Any:
        return ops.invert(self.value)


def _binary(op: Callable[[Any, Any], Any], reflected: bool) -> Callable[[Variable, Any], Any]:
    if reflected:
        return lambda self, other: op(other, self.value)
    return lambda self, other: op(self.value, other)


for _name, _op in {
    "add": ops.add, "sub": ops.subtract, "mul": ops.multiply, "truediv": ops.true_divide,
    "floordiv": ops.floor_divide, "mod": ops.mod, "pow": ops.power, "matmul": ops.matmul,
    "and": ops.logical_and, "or": ops.logical_or, "xor": ops.logical_xor,
}.items():
    setattr(Variable, f"__{_name}__", _binary(_op, reflected=False))
    setattr(Variable, f"__r{_name}__", _binary(_op, reflected=True))
for _name, _op in {
    "eq": ops.equal, "ne": ops.not_equal, "lt": ops.less, "le": ops.less_equal, "gt": ops.greater, "ge": ops.greater_equal,
}.items():
    setattr(Variable, f"__{_name}__", _binary(_op, reflected=False))


def _standardize_shape(shape: Any, where: str) -> tuple[int, ...]:
    if isinstance(shape, int):
        shape = (shape,)
    try:
        result = tuple(int(d) for d in shape)
    except (TypeError, ValueError):
        raise ValueError(f"Variable '{where}': expected a shape of non-negative ints, received {shape!r}.") from None
    if any(d < 0 for d in result):
        raise ValueError(f"Variable '{where}': expected a shape of non-negative ints, received {shape!r}.")
    return result
