"""`Operation`: a named computation that runs on arrays and, called on KerasTensors, records a graph node.

It is the base of :class:`~multikeras.layers.Layer` (as in Keras 3): a layer is an operation with weights,
a build step, masks and a training flag. A plain ``Operation`` has none of these: ``call`` computes on
arrays, ``compute_output_spec`` says what it returns for KerasTensors.

``Layer`` overrides ``__call__`` with its own (the per-step eager path is tuned there), so deriving from
``Operation`` costs a layer call nothing.
"""

from __future__ import annotations

import inspect
import re
from types import MappingProxyType
from typing import Any

import optree

from multikeras.symbolic.keras_tensor import KerasTensor
from multikeras.symbolic.node import Node
from multikeras.symbolic.output_spec import compute_output_spec as _infer_spec
from multikeras.utils import naming

_PLAIN_VALUES = (bool, int, float, str, type(None))


def to_snake_case(name: str) -> str:
    """``"Conv2DTranspose"`` -> ``"conv2d_transpose"``.

    Example:
        >>> to_snake_case("BatchNormalization")
        'batch_normalization'
    """
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def _is_keras_tensor(x: Any) -> bool:
    return isinstance(x, KerasTensor)


def _is_plain(value: Any) -> bool:
    """Whether ``value`` is JSON-like (what an automatic config may hold)."""
    if isinstance(value, _PLAIN_VALUES):
        return True
    if isinstance(value, (list, tuple)):
        return all(_is_plain(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and _is_plain(item) for key, item in value.items())
    return False


def check_operation_name(name: Any, owner: str) -> None:
    """Raise ``ValueError`` unless ``name`` is ``None`` or a string without ``'/'`` (a name scope separator)."""
    if name is not None and (not isinstance(name, str) or "/" in name):
        raise ValueError(f"{owner}: expected a name string without '/', received {name!r}.")


class Operation:
    """A named computation on arrays that records a graph node when called on KerasTensors.

    Subclasses define ``call`` (the computation, on arrays) and may define
    ``compute_output_spec`` (KerasTensors for the outputs, given KerasTensor
    inputs); without it, the outputs are inferred by evaluating ``call``
    abstractly on the active backend. Calling an operation on arrays runs
    ``call``; calling it on KerasTensors returns KerasTensors and records a
    node, so operations can sit in a Functional model or a
    :class:`~multikeras.Function`.

    The constructor's arguments are remembered: ``get_config`` returns them
    (with ``name``) when they are plain values (numbers, strings, ``None``,
    lists and dicts of them), and ``from_config`` passes them back.

    Args:
        name: a unique name; derived from the class name when ``None``.

    Example:
        >>> import multikeras as mk
        >>> class Scale(mk.Operation):
        ...     def __init__(self, factor, name=None):
        ...         super().__init__(name=name)
        ...         self.factor = factor
        ...     def call(self, x):
        ...         return x * self.factor
        ...     def compute_output_spec(self, x):
        ...         return mk.KerasTensor(x.shape, x.dtype)
        >>> with mk.backend.use("numpy"):
        ...     scale = Scale(3.0, name="triple")
        ...     print(mk.ops.convert_to_numpy(scale(mk.ops.ones((2,)))).tolist())
        ...     print(scale(mk.Input((4,))).shape, scale.get_config())
        [3.0, 3.0]
        (None, 4) {'name': 'triple', 'factor': 3.0}
    """

    # What graph runners (Functional.call) read from every operation of a graph; layers set their own.
    supports_masking: bool = False
    _call_takes_training: bool = False
    _call_takes_mask: bool = False
    _call_takes_var_kwargs: bool = False
    _call_positional_names: tuple[str, ...] = ()
    _call_argument_masks: MappingProxyType = MappingProxyType({})
    _operation_arguments: tuple[tuple, dict[str, Any]] | None = None

    def __new__(cls, *args: Any, **kwargs: Any) -> Operation:
        obj = super().__new__(cls)
        # Set before any subclass __init__ runs: a graph node can be recorded even if it forgets super().__init__().
        object.__setattr__(obj, "_inbound_nodes", [])
        object.__setattr__(obj, "_outbound_nodes", [])
        if args or kwargs:  # kept for the automatic get_config (Layer.__new__ passes none: layers write their own)
            object.__setattr__(obj, "_operation_arguments", (args, kwargs))
        return obj

    def __init__(self, name: str | None = None):
        check_operation_name(name, type(self).__name__)
        self.name = name or naming.unique_name(to_snake_case(type(self).__name__))
        self._inbound_nodes: list[Node] = []
        self._outbound_nodes: list[Node] = []

    # Calling -------------------------------------------------------------------

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """``call`` on arrays; on KerasTensors (anywhere in the arguments), :meth:`symbolic_call`."""
        for value in (*args, *kwargs.values()):
            if isinstance(value, KerasTensor):
                return self.symbolic_call(*args, **kwargs)
            if isinstance(value, (list, tuple, dict)):
                if any(_is_keras_tensor(leaf) for leaf in optree.tree_leaves((args, kwargs), is_leaf=_is_keras_tensor)):
                    return self.symbolic_call(*args, **kwargs)
                break
        return self.call(*args, **kwargs)

    def call(self, *args: Any, **kwargs: Any) -> Any:
        """The computation on arrays; subclasses override it."""
        raise NotImplementedError(f"{type(self).__name__} ('{self.name}') does not implement call().")

    def symbolic_call(self, *args: Any, **kwargs: Any) -> Any:
        """Infer the outputs with :meth:`compute_output_spec` and record the call as a graph node.

        Returns:
            The outputs: new KerasTensors whose history points at this operation.
        """
        outputs = self.compute_output_spec(*args, **kwargs)
        # Fresh tensors: a spec that returns one of its inputs must not have that input's history overwritten.
        outputs = optree.tree_map(
            lambda t: KerasTensor(t.shape, t.dtype) if isinstance(t, KerasTensor) else t,
            outputs, is_leaf=_is_keras_tensor, none_is_leaf=True,
        )
        Node(self, args, kwargs, outputs)
        return outputs

    def compute_output_spec(self, *args: Any, **kwargs: Any) -> Any:
        """KerasTensors for the outputs of ``call`` on these KerasTensors (shape and dtype, no data).

        By default ``call`` is evaluated abstractly on the active backend (inside a
        :class:`~multikeras.SymbolicScope`); override it when ``call`` cannot run that way.
        """
        if type(self).call is Operation.call:
            raise NotImplementedError(
                f"{type(self).__name__} ('{self.name}') does not implement call(): it has nothing to infer "
                "outputs from. Define call() (and compute_output_spec() if call() cannot be traced)."
            )
        try:
            return _infer_spec(self.call, *args, **kwargs)
        except Exception as error:
            raise ValueError(
                f"{type(self).__name__} ('{self.name}'): could not infer the output shape and dtype by tracing "
                f"call() on the inputs {_describe(args, kwargs)}; fix call() or define compute_output_spec(). "
                f"The trace raised {type(error).__name__}: {error}"
            ) from error

    def compute_mask(self, inputs: Any, previous_mask: Any = None) -> Any:
        """The mask of the outputs: ``None`` (a plain operation carries no mask; layers override this)."""
        return None

    # Graph ---------------------------------------------------------------------

    def _node_tensors(self, which: str) -> Any:
        if not self._inbound_nodes:
            raise AttributeError(
                f"{type(self).__name__} '{self.name}' has never been called on KerasTensors: it has no {which}."
            )
        node = self._inbound_nodes[0]
        tensors = node.input_tensors if which == "input" else node.output_tensors
        return tensors[0] if len(tensors) == 1 else list(tensors)

    @property
    def input(self) -> Any:
        """The KerasTensor input(s) of the first symbolic call (a list when there are several)."""
        return self._node_tensors("input")

    @property
    def output(self) -> Any:
        """The KerasTensor output(s) of the first symbolic call (a list when there are several)."""
        return self._node_tensors("output")

    # Config --------------------------------------------------------------------

    def get_config(self) -> dict[str, Any]:
        """``{"name": ...}`` plus the constructor's arguments, when they are all plain values.

        Raises:
            NotImplementedError: a constructor argument is not a plain value
                (a tensor, a layer ...): the subclass must define ``get_config``.
        """
        config: dict[str, Any] = {"name": self.name}
        if self._operation_arguments is None or type(self).__init__ is Operation.__init__:
            return config
        args, kwargs = self._operation_arguments
        try:
            bound = inspect.signature(type(self).__init__).bind(self, *args, **kwargs)
        except TypeError:
            bound = None
        if bound is None:
            arguments: dict[str, Any] = {}
            unnamed = True
        else:
            arguments = {}
            unnamed = False
            for key, value in list(bound.arguments.items())[1:]:
                kind = bound.signature.parameters[key].kind
                if kind is inspect.Parameter.VAR_KEYWORD:
                    arguments.update(value)
                elif kind is inspect.Parameter.VAR_POSITIONAL:
                    unnamed = unnamed or bool(value)
                else:
                    arguments[key] = value
        arguments.pop("name", None)
        unsupported = [key for key, value in arguments.items() if not _is_plain(value)]
        if unnamed or unsupported:
            what = "positional arguments without names" if unnamed else f"the non-plain argument(s) {unsupported}"
            raise NotImplementedError(
                f"{type(self).__name__} ('{self.name}') was created with {what}: its config cannot be "
                "written automatically. Define get_config() (and from_config() if needed) in the class."
            )
        config.update(arguments)
        return config

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Operation:
        """``cls(**config)``: the inverse of :meth:`get_config`."""
        try:
            return cls(**config)
        except TypeError as error:
            raise TypeError(f"{cls.__name__}.from_config could not rebuild the operation from {config}: {error}") from error

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={getattr(self, 'name', '?')}>"


def _describe(args: tuple, kwargs: dict[str, Any]) -> str:
    leaves = optree.tree_leaves((args, kwargs), is_leaf=_is_keras_tensor, none_is_leaf=True)
    shown = [f"KerasTensor{leaf.shape}:{leaf.dtype}" if isinstance(leaf, KerasTensor) else repr(leaf)[:40] for leaf in leaves]
    return "(" + ", ".join(shown) + ")"
