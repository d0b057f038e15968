"""`Layer`: the unit of computation and state every layer and model derives from.

A layer creates its weights in ``build(input_shape)`` (called once, from the
first input) and computes in ``call``. Calling it on arrays runs ``call`` on
the active backend; calling it on KerasTensors infers the output shapes
without data and records a :class:`Node` of the Functional graph.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import inspect
from collections.abc import Callable, Iterator, Sequence
from typing import Any, ClassVar

import optree

from multikeras import ops
from multikeras.backend import dtypes
from multikeras.backend.contract import Backend
from multikeras.backend.rematerialization import RematMode, current_remat_mode
from multikeras.backend.selection import current
from multikeras.dtype_policies.dtype_policy import get as get_dtype_policy
from multikeras.dtype_policies.dtype_policy import DTypePolicy
from multikeras.dtype_policies.dtype_policy_map import DTypePolicyMap
from multikeras.layers.input_spec import InputSpec, check_input
from multikeras.symbolic.node import Node
from multikeras.layers.remat_call import rematerialized_call
from multikeras.random.seed_generator import SeedGenerator
from multikeras.saving import serialization_lib
from multikeras.state import name_scopes
from multikeras.state.autocast_scope import AutocastScope
from multikeras.state.stateless_scope import StatelessScope
from multikeras.state.variable import Variable
from multikeras.symbolic.keras_tensor import KerasTensor
from multikeras.symbolic.operation import Operation, check_operation_name, to_snake_case
from multikeras.symbolic.output_spec import compute_output_spec as _infer_spec
from multikeras.utils import naming

_ALLOWED_KWARGS = {"input_shape", "batch_input_shape", "batch_size", "input_dim", "weights", "activity_regularizer"}

_NOT_CAST = frozenset(("bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"))
_training_context: contextvars.ContextVar[bool | None] = contextvars.ContextVar("multikeras_training", default=None)
_open_scopes = name_scopes.open_scopes
# Attributes that never hold sub-layers (not walked by Layer._tracked).
_UNTRACKED = frozenset(("_inbound_nodes", "_outbound_nodes", "_backend", "_variables", "_losses", "activity_regularizer"))


def _is_keras_tensor(x: Any) -> bool:
    return isinstance(x, KerasTensor)


def _needs_no_conversion(value: Any, backend: Backend, compute_dtype: str | None) -> bool:
    """Whether a layer input is already a ``backend`` tensor that its compute dtype leaves as it is."""
    if not backend.is_tensor(value):
        return False
    if compute_dtype is None:
        return True
    try:
        dtype = backend.dtype(value)
    except (KeyError, TypeError, ValueError):  # text (kept as it is) or an unknown dtype (converting reports it)
        return False
    return dtype == compute_dtype or dtype in _NOT_CAST


def _flat_list_of_arrays(value: Any) -> bool:
    """Whether ``value`` is a list or tuple holding no container and no symbolic tensor (checked without a
    tree walk: it is how a merge layer is called on every step)."""
    if type(value) is not list and type(value) is not tuple:
        return False
    for item in value:
        if isinstance(item, (KerasTensor, list, tuple, dict)):
            return False
    return True


def _in_own_scope(build: Callable[..., Any]) -> Callable[..., Any]:
    """``build`` run inside the layer's name scope, recording the layer's :attr:`Layer.path`.

    Applied to every ``build`` a Layer subclass defines, so a user calling ``layer.build(shape)`` directly
    gets the same paths as a build triggered by the first call. A ``super().build()`` inside it re-enters
    the same scope, which deduplication turns into a no-op.
    """

    @functools.wraps(build)
    def scoped_build(self: Layer, *args: Any, **kwargs: Any) -> Any:
        previous = name_scopes.push(self._name_scope(pin=True))
        try:
            self._keras_path = name_scopes.current_path()
            return build(self, *args, **kwargs)
        finally:
            name_scopes.pop(previous)

    scoped_build._keras_in_own_scope = True  # type: ignore[attr-defined]
    return scoped_build


def _declared_built_at_construction(cls: type) -> bool:
    """Whether layers of ``cls`` are built at construction: the nearest class in its MRO that declares
    ``_built_at_construction`` or defines ``build`` decides (a ``build`` without the declaration: ``False``)."""
    for klass in cls.__mro__:
        own = vars(klass)
        if "_built_at_construction" in own:
            return bool(own["_built_at_construction"])
        if "build" in own:
            return False
    return False


def _shapes_of(inputs: Any) -> Any:
    """The shape structure ``build`` receives: a tuple for one input, a list/dict of them otherwise."""
    if isinstance(inputs, (list, tuple)):
        return [_shapes_of(item) for item in inputs]
    if isinstance(inputs, dict):
        return {key: _shapes_of(value) for key, value in inputs.items()}
    shape = getattr(inputs, "shape", None)
    if shape is None:
        return None
    return tuple(None if d is None else int(d) for d in shape)


class Layer(Operation):
    """Base class of layers: weights, ``build``/``call``, config, and graph recording.

    A layer is an :class:`~multikeras.Operation` (``isinstance(layer, mk.Operation)``) with weights, a
    build step, masks and a ``training`` flag; it has its own ``__call__``.

    Args:
        trainable: whether the layer's weights are updated by training.
        name: a unique name; derived from the class name when ``None``.
        dtype: a dtype policy (``"float32"``, ``"mixed_float16"`` ...) or dtype.
        autocast: cast float inputs and variables to the compute dtype.
        input_shape, input_dim, batch_size: shape of the expected input
            (lets ``Sequential`` build before it sees data).
        activity_regularizer: a regularizer applied to the outputs.

    Example:
        >>> import multikeras as mk
        >>> class Scale(mk.layers.Layer):
        ...     def build(self, input_shape):
        ...         self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones")
        ...     def call(self, x):
        ...         return x * self.w
        >>> with mk.backend.use("numpy"):
        ...     layer = Scale()
        ...     print(mk.ops.convert_to_numpy(layer(mk.ops.ones((2, 3)))).tolist(), len(layer.weights))
        [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]] 1
    """

    # Name scopes (see multikeras.state.name_scopes): where the layer sits in variable paths. The parent is
    # fixed the first time the layer opens its scope (its first build or call), as in Keras 3.
    _keras_scope_parent: str | None = None
    _keras_scope_entry: name_scopes.name_scope | None = None
    _keras_path: str | None = None
    # Whether calls open the layer's scope: None until the first call of the built layer decides (True when it
    # has sub-layers, which may build inside its calls; False for a built leaf layer, which creates nothing in
    # `call`: add_weight opens the scope itself). Assigning a layer or a container to a leaf makes it decide again.
    _keras_call_in_scope: bool | None = None
    _remat_mode: RematMode | None = None
    # Built at construction (Keras 3 reports ``built == True`` before any call for its layers that create no
    # state at build: Dropout, MaxPooling2D, Reshape ...). A class declares it; no `build` runs for such a layer,
    # so its path and build config stay None, as in Keras 3. See `_built_at_init` for subclasses.
    _built_at_construction: ClassVar[bool] = False
    # What a layer of this class starts with: the declaration of the nearest class in the MRO that declares
    # it or defines `build`. A class that defines `build` without declaring builds at the first call, so a
    # user subclass of Dropout that adds weights in `build` still gets them (as in Keras 3).
    _built_at_init: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        build = cls.__dict__.get("build")
        if inspect.isfunction(build) and not getattr(build, "_keras_in_own_scope", False):
            cls.build = _in_own_scope(build)
        cls._built_at_init = _declared_built_at_construction(cls)

    def __new__(cls, *args: Any, **kwargs: Any) -> Layer:
        obj = super().__new__(cls)
        # Set before any subclass __init__ code runs, so attribute tracking works from its first line.
        object.__setattr__(obj, "_layer_initialized", False)
        return obj

    def __init__(
        self,
        *,
        activity_regularizer: Any = None,
        trainable: bool = True,
        dtype: Any = None,
        autocast: bool = True,
        name: str | None = None,
        **kwargs: Any,
    ):
        unknown = set(kwargs) - _ALLOWED_KWARGS
        if unknown:
            raise TypeError(
                f"{type(self).__name__}: unexpected keyword argument(s) {sorted(unknown)}; "
                f"accepted besides the layer's own: {sorted(_ALLOWED_KWARGS | {'trainable', 'dtype', 'autocast', 'name'})}."
            )
        check_operation_name(name, type(self).__name__)
        self.name = name or naming.unique_name(to_snake_case(type(self).__name__))
        self._trainable = bool(trainable)
        self._dtype_policy = get_dtype_policy(dtype)
        self.autocast = autocast
        self.built = self._built_at_init
        self._remat_mode = current_remat_mode()  # the RematScope open at creation applies to every call (Keras 3)
        self.supports_masking = getattr(self, "supports_masking", False)
        self.input_spec: InputSpec | Sequence[InputSpec] | None = None
        self._variables: list[Variable] = []
        self._losses: list[Any] = []
        self._inbound_nodes: list[Node] = []
        self._outbound_nodes: list[Node] = []
        self._backend: Backend | None = None
        self._build_shapes: Any = None
        from multikeras import regularizers  # regularizers sit beside layers; resolve by name lazily

        self.activity_regularizer = regularizers.get(activity_regularizer)
        input_shape = kwargs.get("batch_input_shape")
        if input_shape is None and "input_shape" in kwargs:
            input_shape = (kwargs.get("batch_size"),) + tuple(kwargs["input_shape"])
        if input_shape is None and "input_dim" in kwargs:
            input_shape = (kwargs.get("batch_size"), kwargs["input_dim"])
        self._batch_input_shape = None if input_shape is None else tuple(input_shape)
        self._initial_weights = kwargs.get("weights")
        call_parameters = inspect.signature(self.call).parameters
        self._call_takes_training = "training" in call_parameters
        self._call_takes_mask = "mask" in call_parameters
        self._call_takes_var_kwargs = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in call_parameters.values())
        # ``call(query, value, query_mask=None, value_mask=None)``: each tensor argument with a ``<name>_mask``
        # parameter gets its tensor's mask (see _argument_masks).
        self._call_positional_names = tuple(
            name for name, p in call_parameters.items()
            if p.kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
        )
        self._call_argument_masks = {name: f"{name}_mask" for name in call_parameters if f"{name}_mask" in call_parameters}
        self._layer_initialized = True

    # Name scope ----------------------------------------------------------------

    @property
    def path(self) -> str | None:
        """Where the layer sits among the name scopes, set when it builds: ``"sequential/dense"`` for a
        Dense built by a Sequential named ``"sequential"``; ``None`` until built.

        Its weights' paths are ``"<path>/<weight name>"``, and a :class:`~multikeras.dtype_policies.DTypePolicyMap`
        given as the layer's dtype is looked up with it.
        """
        return self._keras_path

    def _name_scope(self, pin: bool) -> name_scopes.name_scope:
        """The layer's scope. With ``pin``, the first call fixes its parent to the scopes open now."""
        entry = self._keras_scope_entry
        if entry is not None and entry.name == self.name:
            return entry
        if pin and self._keras_scope_parent is None:
            self._keras_scope_parent = name_scopes.current_path()
        entry = name_scopes.name_scope(self.name, caller=self)
        if self._keras_scope_parent is not None:  # the parent is fixed: the entry can be reused by every call
            self._keras_scope_entry = entry
        return entry

    def _record_path(self) -> None:
        """Fix the layer's place among the scopes open now and set :attr:`path`, as a build does
        (for layers that are built without running ``build``, such as Functional models)."""
        previous = name_scopes.push(self._name_scope(pin=True))
        try:
            self._keras_path = name_scopes.current_path()
        finally:
            name_scopes.pop(previous)

    # Tracking ----------------------------------------------------------------

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, Layer):
            if not self.__dict__.get("_layer_initialized", True):
                raise RuntimeError(
                    f"{type(self).__name__}: assign sub-layers after calling super().__init__() (attribute {name!r})."
                )
            if self.__dict__.get("_keras_call_in_scope") is False:
                self.__dict__["_keras_call_in_scope"] = None  # a new sub-layer: the next call decides again
        elif (type(value) in (list, tuple, dict) and self.__dict__.get("_keras_call_in_scope") is False
              and not name.startswith("_keras") and name not in _UNTRACKED):
            self.__dict__["_keras_call_in_scope"] = None  # it may hold sub-layers
        object.__setattr__(self, name, value)

    def _tracked(self) -> Iterator[Any]:
        """Layers and variables held in attributes, lists, tuples and dicts, in assignment order."""
        seen: set[int] = set()
        stack: list[Any] = [value for key, value in vars(self).items() if not key.startswith("_keras") and key not in
                            _UNTRACKED]

        def walk(value: Any, depth: int) -> Iterator[Any]:
            if id(value) in seen or depth > 4:
                return
            if isinstance(value, (Layer, Variable, SeedGenerator)):
                seen.add(id(value))
                yield value
            elif isinstance(value, (list, tuple)):
                for item in value:
                    yield from walk(item, depth + 1)
            elif isinstance(value, dict):
                for item in value.values():
                    yield from walk(item, depth + 1)

        for value in stack:
            yield from walk(value, 0)

    @property
    def _layers(self) -> list[Layer]:
        """Direct sub-layers, in assignment order."""
        return [item for item in self._tracked() if isinstance(item, Layer)]

    # While a trainer loops over batches the layer tree does not change, so the lists below are
    # computed once per fit/evaluate/predict call instead of walking the tree at every step.
    _keras_structure_cache: dict[str, list[Any]] | None = None

    @contextlib.contextmanager
    def _structure_fixed(self) -> Iterator[None]:
        """Within the block, the layer and weight lists of this layer are computed once and reused."""
        if self._keras_structure_cache is not None:  # nested (evaluate inside fit): the outer block owns it
            yield
            return
        self._keras_structure_cache = {}
        try:
            yield
        finally:
            self._keras_structure_cache = None

    def _cached_structure(self, key: str, compute: Callable[[], list[Any]]) -> list[Any]:
        cache = self._keras_structure_cache
        if cache is None:
            return compute()
        found = cache.get(key)
        if found is None:
            found = cache[key] = compute()
        return list(found)

    def _flatten_layers(self, include_self: bool = True, recursive: bool = True) -> list[Layer]:
        if include_self and recursive:
            return self._cached_structure("layers", self._collect_layers)
        return self._collect_layers(include_self, recursive)

    def _collect_layers(self, include_self: bool = True, recursive: bool = True) -> list[Layer]:
        result: list[Layer] = [self] if include_self else []
        seen = {id(self)}
        queue = list(self._layers)
        while queue:
            layer = queue.pop(0)
            if id(layer) in seen:
                continue
            seen.add(id(layer))
            result.append(layer)
            if recursive:
                queue = list(layer._layers) + queue
        return result

    def _own_variables(self) -> list[Variable]:
        own = list(self._variables)
        ids = {id(v) for v in own}
        own += [item for item in self._tracked() if isinstance(item, Variable) and id(item) not in ids]
        return own

    @property
    def weights(self) -> list[Variable]:
        """All variables: this layer's own, then its sub-layers' (no duplicates)."""
        return self._cached_structure("weights", self._collect_weights)

    def _collect_weights(self) -> list[Variable]:
        result: list[Variable] = []
        seen: set[int] = set()
        for layer in self._flatten_layers():
            for variable in layer._own_variables():
                if id(variable) not in seen:
                    seen.add(id(variable))
                    result.append(variable)
        return result

    def _seed_states(self) -> list[Variable]:
        states: list[Variable] = []
        for layer in self._flatten_layers():
            states.extend(item.state for item in layer._tracked() if isinstance(item, SeedGenerator))
        return states

    @property
    def variables(self) -> list[Variable]:
        """All state: :attr:`weights` plus the states of random seed generators (not saved as weights)."""
        return self.weights + self._seed_states()

    @property
    def trainable_weights(self) -> list[Variable]:
        """Variables training updates: trainable ones of trainable layers."""
        return self._cached_structure("trainable_weights", self._collect_trainable_weights)

    def _collect_trainable_weights(self) -> list[Variable]:
        if not self.trainable:
            return []
        result: list[Variable] = []
        seen: set[int] = set()
        for layer in self._flatten_layers():
            if not layer.trainable:
                continue
            for variable in layer._own_variables():
                if variable.trainable and id(variable) not in seen:
                    seen.add(id(variable))
                    result.append(variable)
        return result

    @property
    def non_trainable_weights(self) -> list[Variable]:
        trainable = {id(v) for v in self.trainable_weights}
        return [v for v in self.weights if id(v) not in trainable]

    @property
    def trainable_variables(self) -> list[Variable]:
        return self.trainable_weights

    @property
    def non_trainable_variables(self) -> list[Variable]:
        """Non-trainable weights plus seed generator states: everything a stateless step threads through."""
        return self.non_trainable_weights + self._seed_states()

    @property
    def trainable(self) -> bool:
        return self._trainable

    @trainable.setter
    def trainable(self, value: bool) -> None:
        for layer in self._flatten_layers():
            layer._trainable = bool(value)

    # Dtypes --------------------------------------------------------------------

    @property
    def dtype_policy(self) -> DTypePolicy:
        return self._dtype_policy

    @dtype_policy.setter
    def dtype_policy(self, value: Any) -> None:
        policy = get_dtype_policy(value)
        current_policy = self._dtype_policy
        path = self._keras_path
        if path and isinstance(current_policy, DTypePolicyMap) and not isinstance(policy, DTypePolicyMap):
            # A layer whose dtype is a map sets its own entry (other layers may share the map).
            if path in current_policy:
                del current_policy[path]
            current_policy[path] = policy
        else:
            self._dtype_policy = policy

    def _effective_dtype_policy(self) -> DTypePolicy:
        """The policy in effect: with a DTypePolicyMap as dtype, its entry for :attr:`path` once built."""
        policy = self._dtype_policy
        if self._keras_path and isinstance(policy, DTypePolicyMap):
            return policy[self._keras_path]
        return policy

    # The two below are read at every call: a plain policy (the common case) is recognized by its exact type.

    @property
    def dtype(self) -> str:
        """The variable dtype (Keras 3 meaning)."""
        return self.variable_dtype

    @property
    def variable_dtype(self) -> str:
        policy = self._dtype_policy
        if type(policy) is not DTypePolicy:
            policy = self._effective_dtype_policy()
        return policy.variable_dtype

    @property
    def compute_dtype(self) -> str:
        policy = self._dtype_policy
        if type(policy) is not DTypePolicy:
            policy = self._effective_dtype_policy()
        return policy.compute_dtype

    # Weights -----------------------------------------------------------------

    def add_weight(
        self,
        shape: Sequence[int] | None = None,
        initializer: Any = None,
        dtype: Any = None,
        trainable: bool = True,
        autocast: bool = True,
        regularizer: Any = None,
        constraint: Any = None,
        aggregation: str = "none",
        overwrite_with_gradient: bool = False,
        name: str | None = None,
    ) -> Variable:
        """Create a variable owned by this layer.

        Args:
            shape: the shape (``()`` when ``None``).
            initializer: an initializer, its name, or ``None`` (``"glorot_uniform"``
                for floats, ``"zeros"`` otherwise).
            dtype: the dtype; the policy's variable dtype when ``None``.
            trainable: whether training updates it.
            autocast: cast to the compute dtype when read in mixed precision.
            regularizer: a penalty on the variable added to :attr:`losses`.
            constraint: a function applied to the variable after each update.
            aggregation: see :class:`~multikeras.Variable`.
            overwrite_with_gradient: the optimizer assigns the gradient instead of updating.
            name: the variable name (unique in the layer).

        Returns:
            The new :class:`~multikeras.Variable`, whose ``path`` is ``"<layer path>/<name>"``.
        """
        from multikeras import constraints, initializers, regularizers
        from multikeras.backend import dtypes

        shape = () if shape is None else tuple(shape)
        dtype = dtypes.standardize_dtype(dtype or self.variable_dtype)
        if initializer is None:
            initializer = "glorot_uniform" if dtypes.is_float(dtype) else "zeros"
        if name is None:
            name = f"variable_{len(self._variables)}" if self._variables else "variable"
        previous = name_scopes.push(self._name_scope(pin=False))
        try:
            variable = Variable(
                initializers.get(initializer), shape=shape, dtype=dtype, trainable=trainable, autocast=autocast,
                aggregation=aggregation, name=name,
            )
        finally:
            name_scopes.pop(previous)
        variable.regularizer = regularizers.get(regularizer)
        variable.constraint = constraints.get(constraint)
        variable.overwrite_with_gradient = overwrite_with_gradient
        self._variables.append(variable)
        self._bind_backend()
        return variable

    add_variable = add_weight

    def get_weights(self) -> list[Any]:
        """The values of :attr:`weights` as NumPy arrays."""
        return [variable.numpy() for variable in self.weights]

    def set_weights(self, weights: Sequence[Any]) -> None:
        """Assign NumPy arrays (or tensors) to :attr:`weights`, in order, checking count and shapes."""
        variables = self.weights
        if len(weights) != len(variables):
            raise ValueError(
                f"Layer '{self.name}': set_weights expected {len(variables)} arrays "
                f"({[v.shape for v in variables]}), received {len(weights)}."
            )
        for variable, value in zip(variables, weights):
            shape = tuple(getattr(value, "shape", ()))
            if shape != variable.shape:
                raise ValueError(
                    f"Layer '{self.name}': weight {variable.path} has shape {variable.shape}, received an array of shape {shape}."
                )
        for variable, value in zip(variables, weights):
            variable.assign(value)

    def count_params(self) -> int:
        """Number of scalars in :attr:`weights`; the layer must be built."""
        if not self.built:
            raise ValueError(f"Layer '{self.name}' is not built yet: call it on data or build(input_shape) first.")
        return sum(variable.size for variable in self.weights)

    # Losses ------------------------------------------------------------------

    def add_loss(self, loss: Any) -> None:
        """Add a scalar (or array, summed) to :attr:`losses` for the current call."""
        self._losses.append(loss)

    @property
    def losses(self) -> list[Any]:
        """Losses added during the last call, then weight regularization penalties."""
        collected: list[Any] = []
        for layer in self._flatten_layers():
            if layer._losses:
                collected.extend(layer._losses)
        for variable in self._cached_structure("regularized_weights", self._collect_regularized_weights):
            regularizer = getattr(variable, "regularizer", None)
            if regularizer is not None and variable.trainable:
                collected.append(regularizer(variable.value))
        return collected

    def _collect_regularized_weights(self) -> list[Variable]:
        return [variable for variable in self.weights if getattr(variable, "regularizer", None) is not None]

    def _clear_losses(self) -> None:
        for layer in self._flatten_layers():
            layer._losses = []

    # Building ------------------------------------------------------------------

    def build(self, input_shape: Any = None) -> None:
        """Create the weights for inputs of ``input_shape``; the base class only marks the layer built."""
        self.built = True

    def _bind_backend(self) -> None:
        if self._backend is None:
            self._backend = current()

    def _maybe_build(self, args: tuple, kwargs: dict[str, Any]) -> None:
        if self.built:
            return
        inputs = args[0] if args else next(iter(kwargs.values()), None)
        shapes = _shapes_of(inputs)
        self._check_input_spec(inputs)
        self._bind_backend()
        build_signature = inspect.signature(self.build).parameters
        if len(build_signature) > 1 and isinstance(shapes, list) and len(args) == 1:
            self.build(*shapes)
        else:
            self.build(shapes)
        self._build_shapes = shapes
        self.built = True
        if self._initial_weights is not None:
            self.set_weights(self._initial_weights)
            self._initial_weights = None

    def get_build_config(self) -> dict[str, Any] | None:
        """``{"input_shape": ...}`` of the first build (for rebuilding from a config)."""
        if self._build_shapes is None:
            return None
        return {"input_shape": self._build_shapes}

    def build_from_config(self, config: dict[str, Any]) -> None:
        shape = config.get("input_shape")
        if shape is not None and not self.built:
            self.build(_as_shape(shape))
            self._build_shapes = _as_shape(shape)
            self.built = True

    def _check_input_spec(self, inputs: Any) -> None:
        spec = self.input_spec
        if spec is None:
            return
        if type(spec) is InputSpec and not isinstance(inputs, (list, tuple, dict)):
            shape = getattr(inputs, "shape", None)
            if shape is not None:
                dtype = getattr(inputs, "dtype", None) if spec.dtype is not None else None
                check_input(spec, tuple(shape), self.name, 0, None if dtype is None else str(dtype))
                return
        specs = list(spec) if isinstance(spec, (list, tuple)) else [spec]
        flat = optree.tree_leaves(inputs, is_leaf=lambda x: hasattr(x, "shape"), none_is_leaf=False)
        if len(specs) > 1 and len(flat) != len(specs):
            raise ValueError(f"Layer '{self.name}' expects {len(specs)} inputs, received {len(flat)}.")
        for index, (item_spec, item) in enumerate(zip(specs, flat)):
            shape = tuple(getattr(item, "shape", ()))
            dtype = getattr(item, "dtype", None)
            check_input(item_spec, shape, self.name, index, None if dtype is None else str(dtype))

    # Calling -------------------------------------------------------------------

    def call(self, *args: Any, **kwargs: Any) -> Any:
        """The computation; subclasses override it."""
        raise NotImplementedError(f"Layer {type(self).__name__} ('{self.name}') does not implement call().")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if not args and not kwargs:
            raise ValueError(f"Layer '{self.name}' was called without inputs.")
        for value in (*args, *kwargs.values()):
            if isinstance(value, KerasTensor):
                return self._symbolic_call(args, kwargs)
            if isinstance(value, (list, tuple, dict)) and not _flat_list_of_arrays(value):
                break
        else:  # the common cases, plain arrays or flat lists of them (a merge's inputs): no tree walk
            return self._eager_call(args, kwargs)
        if any(isinstance(leaf, KerasTensor) for leaf in optree.tree_leaves((args, kwargs), is_leaf=_is_keras_tensor)):
            return self._symbolic_call(args, kwargs)
        return self._eager_call(args, kwargs)

    def _resolve_training(self, kwargs: dict[str, Any]) -> contextvars.Token | None:
        if not self._call_takes_training:
            if not self._call_takes_var_kwargs:
                kwargs.pop("training", None)
            return None
        training = kwargs.get("training")
        if training is None:
            training = _training_context.get()
            if training is not None:
                kwargs["training"] = training
        return _training_context.set(training) if training is not None else None

    def _eager_call(self, args: tuple, kwargs: dict[str, Any]) -> Any:
        # Runs for every layer of every step: each check below is skipped when it has nothing to do.
        backend = current()
        if self._backend is not None and self._backend is not backend:
            self._check_backend()
        args = self._convert_inputs(args, backend)
        # Build and call inside the layer's name scope: sub-layers built by `call` get "<this path>/<name>".
        # (name_scopes.push/pop inlined, and skipped for built leaf layers: this runs for every layer of every
        # eager step.)
        in_scope = self._keras_call_in_scope
        if in_scope is False:
            outer_scopes = None
        else:
            scope = self._keras_scope_entry
            if scope is None or scope.name != self.name:
                scope = self._name_scope(pin=True)
            outer_scopes = _open_scopes.get()
            if outer_scopes and (innermost := outer_scopes[-1]).caller is self and innermost.name == scope.name:
                outer_scopes = None  # this layer's scope is already the innermost one: nothing to open
            else:
                _open_scopes.set(outer_scopes + (scope,))
        token = None
        try:
            if not self.built:
                self._maybe_build(args, kwargs)
            if self.input_spec is not None:
                self._check_input_spec(args[0] if args else next(iter(kwargs.values())))
            if kwargs and not self._call_takes_mask:
                kwargs.pop("mask", None)
            if self._call_takes_training:
                token = self._resolve_training(kwargs)
            elif kwargs and not self._call_takes_var_kwargs:
                kwargs.pop("training", None)
            if self._losses:  # the losses of this call start empty (an empty list is simply kept)
                self._losses = []
            if self._remat_mode is not None:  # created under a RematScope (one attribute read otherwise)
                outputs = rematerialized_call(self, args, kwargs)
            elif self.autocast and (compute_dtype := self.compute_dtype) != self.variable_dtype:
                with AutocastScope(compute_dtype):
                    outputs = self.call(*args, **kwargs)
            else:
                outputs = self.call(*args, **kwargs)
        finally:
            if token is not None:
                _training_context.reset(token)
            if outer_scopes is not None:
                _open_scopes.set(outer_scopes)
        if in_scope is None and self.built:  # decided once, after the first call of the built layer
            self._keras_call_in_scope = bool(self._layers)
        if self.activity_regularizer is not None:
            for output in optree.tree_leaves(outputs):
                shape = ops.shape(output)
                # Keras 3 averages the activity penalty over the batch.
                self.add_loss(ops.divide(self.activity_regularizer(output), shape[0] if shape else 1))
        return outputs

    def _convert_inputs(self, args: tuple, backend: Backend | None = None) -> tuple:
        """Turn array-likes in the first argument into backend tensors; cast floats to the compute dtype."""
        if not args:
            return args
        if backend is None:
            backend = current()
        compute_dtype = self.compute_dtype if self.autocast else None
        first = args[0]
        if type(first) is list or type(first) is tuple:
            if all(_needs_no_conversion(item, backend, compute_dtype) for item in first):
                return args  # a merge's inputs: tensors already, in the right dtype
        elif _needs_no_conversion(first, backend, compute_dtype):
            return args

        def convert(value: Any) -> Any:
            if isinstance(value, Variable):
                value = value.value
            if dtypes.is_text(value):
                return value  # text has no tensor type: it stays on the host for the layers that take it
            if not backend.is_tensor(value):
                if not hasattr(value, "shape") and not isinstance(value, (list, float, int)):
                    return value
                value = backend.convert_to_tensor(value)
            if compute_dtype is not None:
                dtype = backend.dtype(value)
                if dtypes.is_float(dtype) and dtype != compute_dtype:
                    value = backend.cast(value, compute_dtype)
            return value

        first = optree.tree_map(convert, args[0], none_is_leaf=False)
        return (first,) + tuple(args[1:])

    def _check_backend(self) -> None:
        if self._backend is not None and self._backend is not current():
            raise RuntimeError(
                f"Layer '{self.name}' was built under the '{self._backend.name}' backend and is called under "
                f"'{current().name}'. A layer is bound to the backend it was built under; move it with "
                "model.to_backend(name) (or rebuild it from its config)."
            )

    def _symbolic_call(self, args: tuple, kwargs: dict[str, Any]) -> Any:
        self._check_backend()
        outer_scopes = name_scopes.push(self._name_scope(pin=True))  # as in _eager_call
        try:
            self._maybe_build(args, kwargs)
            self._check_input_spec(args[0] if args else next(iter(kwargs.values())))
            previous_mask = _masks_of(args[0], lambda tensor: tensor._keras_mask) if args else None
            call_kwargs = dict(kwargs)
            if self._call_takes_mask and "mask" not in call_kwargs and previous_mask is not None:
                call_kwargs["mask"] = previous_mask
            call_kwargs.update(_argument_masks(self, args, kwargs, lambda tensor: tensor._keras_mask))
            outputs = self.compute_output_spec(*args, **call_kwargs)
        finally:
            name_scopes.pop(outer_scopes)
        outputs = optree.tree_map(
            lambda t: KerasTensor(t.shape, t.dtype) if isinstance(t, KerasTensor) else t,
            outputs, is_leaf=_is_keras_tensor, none_is_leaf=True,
        )
        Node(self, args, kwargs, outputs)
        if self.supports_masking or type(self).compute_mask is not Layer.compute_mask:
            mask_input = args[0] if args else None
            masks = self.compute_mask(mask_input, previous_mask)
            if masks is not None:
                out_flat = optree.tree_leaves(outputs, is_leaf=_is_keras_tensor)
                mask_flat = masks if isinstance(masks, (list, tuple)) else [masks] * len(out_flat)
                for tensor, mask in zip(out_flat, mask_flat):
                    if isinstance(tensor, KerasTensor) and isinstance(mask, KerasTensor):
                        tensor._keras_mask = mask
        return outputs

    def compute_output_spec(self, *args: Any, **kwargs: Any) -> Any:
        """KerasTensors for the outputs: from :meth:`compute_output_shape` when the layer defines it,
        else by evaluating :meth:`call` abstractly on the active backend."""
        if type(self).compute_output_shape is not Layer.compute_output_shape:
            shapes = self.compute_output_shape(*[_shapes_of(a) if isinstance(a, (KerasTensor, list, tuple, dict)) else a for a in args[:1]])
            return _specs_from_shapes(shapes, self.compute_dtype)

        def run(*call_args: Any, **call_kwargs: Any) -> Any:
            if not self._call_takes_mask:
                call_kwargs.pop("mask", None)
            if self._call_takes_training:
                call_kwargs.setdefault("training", _training_context.get())
            elif not self._call_takes_var_kwargs:
                call_kwargs.pop("training", None)
            if self.autocast and self.compute_dtype != self.variable_dtype:
                with AutocastScope(self.compute_dtype):
                    return self.call(*call_args, **call_kwargs)
            return self.call(*call_args, **call_kwargs)

        return _infer_spec(run, *args, **kwargs)

    def compute_output_shape(self, *args: Any) -> Any:
        """Output shape(s) for input shape(s); by default inferred from :meth:`compute_output_spec`."""
        specs = self.compute_output_spec(*[_specs_from_shapes(a, self.compute_dtype) for a in args])
        return optree.tree_map(lambda t: t.shape, specs, is_leaf=_is_keras_tensor)

    def compute_mask(self, inputs: Any, previous_mask: Any = None) -> Any:
        """The output mask: the previous one for layers that support masking, else ``None``."""
        return previous_mask if self.supports_masking else None

    # Stateless ---------------------------------------------------------------

    def stateless_call(
        self,
        trainable_variables: Sequence[Any],
        non_trainable_variables: Sequence[Any],
        *args: Any,
        return_losses: bool = False,
        **kwargs: Any,
    ) -> Any:
        """Call with the given variable values; return outputs and the new non-trainable values.

        Nothing changes in the layer: this is the pure function a compiled
        training step differentiates.

        Returns:
            ``(outputs, non_trainable_values)``, plus ``losses`` when ``return_losses``.
        """
        trainable = self.trainable_variables
        non_trainable = self.non_trainable_variables
        if len(trainable_variables) != len(trainable) or len(non_trainable_variables) != len(non_trainable):
            raise ValueError(
                f"Layer '{self.name}'.stateless_call: expected {len(trainable)} trainable and {len(non_trainable)} "
                f"non-trainable values, received {len(trainable_variables)} and {len(non_trainable_variables)}."
            )
        mapping = list(zip(trainable, trainable_variables)) + list(zip(non_trainable, non_trainable_variables))
        with StatelessScope(mapping) as scope:
            outputs = self(*args, **kwargs)
            losses = self.losses if return_losses else None
        new_values = [
            scope.get_current_value(v) if scope.get_current_value(v) is not None else v.value for v in non_trainable
        ]
        return (outputs, new_values, losses) if return_losses else (outputs, new_values)

    # Graph -------------------------------------------------------------------

    def _single_node_tensors(self, which: str) -> Any:
        if not self._inbound_nodes:
            raise AttributeError(f"Layer '{self.name}' has never been called on symbolic inputs: it has no {which}.")
        if len(self._inbound_nodes) > 1:
            raise AttributeError(
                f"Layer '{self.name}' has been called {len(self._inbound_nodes)} times; its {which} is ambiguous."
            )
        node = self._inbound_nodes[0]
        tensors = node.input_tensors if which == "input" else node.output_tensors
        return tensors[0] if len(tensors) == 1 else tensors

    @property
    def input(self) -> Any:
        return self._single_node_tensors("input")

    @property
    def output(self) -> Any:
        return self._single_node_tensors("output")

    # Config ------------------------------------------------------------------

    def get_config(self) -> dict[str, Any]:
        """The constructor arguments as a JSON-compatible dict (subclasses add theirs)."""
        config: dict[str, Any] = {
            "name": self.name,
            "trainable": self.trainable,
            "dtype": serialization_lib.serialize_keras_object(self._dtype_policy),
        }
        if self._batch_input_shape is not None:
            config["batch_input_shape"] = list(self._batch_input_shape)
        if self.activity_regularizer is not None:
            config["activity_regularizer"] = serialization_lib.serialize_keras_object(self.activity_regularizer)
        return config

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Layer:
        config = dict(config)
        if isinstance(config.get("dtype"), dict):
            config["dtype"] = get_dtype_policy(config["dtype"])
        try:
            return cls(**config)
        except TypeError as error:
            raise TypeError(f"{cls.__name__}.from_config could not rebuild the layer from {config}: {error}") from error

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"

    # Saving --------------------------------------------------------------------

    def save_own_variables(self, store: Any) -> None:
        """Write this layer's own variables (not its sub-layers') into ``store`` as ``"0"``, ``"1"`` ...

        Trainable variables come first, as in Keras 3 weights files. Layers
        with state beyond their variables override this and
        :meth:`load_own_variables` together.

        Example:
            >>> import multikeras as mk
            >>> store = {}
            >>> with mk.backend.use("numpy"):
            ...     layer = mk.layers.Dense(2)
            ...     layer.build((None, 3))
            ...     layer.save_own_variables(store)
            >>> {key: value.shape for key, value in store.items()}
            {'0': (3, 2), '1': (2,)}
        """
        from multikeras.saving import own_variables

        own_variables.save_variables(own_variables.layer_variables_in_file_order(self._own_variables()), store)

    def load_own_variables(self, store: Any) -> None:
        """Assign this layer's own variables from ``store`` (written by :meth:`save_own_variables`).

        Raises:
            ValueError: the stored count or a shape differs (nothing is assigned then).

        Example:
            >>> import numpy as np, multikeras as mk
            >>> with mk.backend.use("numpy"):
            ...     layer = mk.layers.Dense(2)
            ...     layer.build((None, 1))
            ...     layer.load_own_variables({"0": np.ones((1, 2)), "1": np.zeros(2)})
            ...     print(layer.kernel.numpy().tolist())
            [[1.0, 1.0]]
        """
        from multikeras.saving import own_variables

        variables = own_variables.layer_variables_in_file_order(self._own_variables())
        own_variables.load_variables(variables, store, f"Layer '{self.name}'")


# Subclasses get this in __init_subclass__; the base class's own build (which only marks the layer built)
# still records the path of layers that define no build.
Layer.build = _in_own_scope(Layer.build)  # type: ignore[method-assign]


def _argument_masks(layer: Layer, args: tuple, kwargs: dict[str, Any], mask_of: Callable[[Any], Any]) -> dict[str, Any]:
    """Masks for a call with several tensor arguments, as Keras 3 passes them: each tensor argument ``<name>``
    whose ``call`` has a ``<name>_mask`` parameter left unset gets the mask its tensor carries
    (``mha(query, value)`` gets ``query_mask`` and ``value_mask`` from masking upstream). A call with one
    tensor argument gets it through ``mask`` instead."""
    pairs = layer._call_argument_masks
    if not pairs:
        return {}
    named = dict(zip(layer._call_positional_names, args))
    named.update(kwargs)
    if sum(isinstance(value, KerasTensor) for value in named.values()) < 2:
        return {}
    masks = {}
    for name, mask_name in pairs.items():
        tensor = named.get(name)
        if isinstance(tensor, KerasTensor) and named.get(mask_name) is None:
            mask = mask_of(tensor)
            if mask is not None:
                masks[mask_name] = mask
    return masks


def _masks_of(inputs: Any, mask_of: Callable[[Any], Any]) -> Any:
    """The mask of one input, or a list with one mask per input of a list; ``None`` when there are none."""
    if isinstance(inputs, (list, tuple)):
        masks = [mask_of(item) if isinstance(item, KerasTensor) else None for item in inputs]
        return masks if any(mask is not None for mask in masks) else None
    return mask_of(inputs) if isinstance(inputs, KerasTensor) else None


def _as_shape(shape: Any) -> Any:
    if isinstance(shape, dict):
        return {k: _as_shape(v) for k, v in shape.items()}
    if isinstance(shape, (list, tuple)) and shape and isinstance(shape[0], (list, tuple, dict)):
        return [_as_shape(s) for s in shape]
    return tuple(shape)


def _specs_from_shapes(shapes: Any, dtype: str) -> Any:
    if isinstance(shapes, dict):
        return {k: _specs_from_shapes(v, dtype) for k, v in shapes.items()}
    if isinstance(shapes, (list, tuple)) and shapes and isinstance(shapes[0], (list, tuple)):
        return [_specs_from_shapes(s, dtype) for s in shapes]
    return KerasTensor(tuple(shapes), dtype)


def training_context() -> bool | None:
    """The ``training`` value of the enclosing layer call, or ``None`` outside one."""
    return _training_context.get()
