"""The backend contract: what a loaded backend plug-in provides.

A backend is a :class:`Backend` object holding

* metadata: ``name``, ``framework_version``, :class:`Capabilities`;
* one plain function per op of the catalog (``multikeras.ops.catalog``),
  as an attribute of the same name (``backend.add``), so that a public op
  costs one attribute lookup and one call on top of the framework;
* optionally, ``fused``: faster equivalents of generic pieces of shared code
  (``fused["adam_update"]`` updates every variable of an Adam step in a few
  framework calls). Each has a documented signature and must compute
  exactly what the generic code computes; shared code uses one only when
  the backend offers it (``docs/contract.md``, "Fused kernels");
* optionally, ``compile_step``: how a compiled training step holds its
  state between calls (see :meth:`Backend.compile_step`); the generic
  default compiles the step's pure function with ``jit`` and passes every
  state value in and out on each call.

A plug-in builds its ``Backend`` from modules of functions with
:meth:`Backend.from_modules`. Functions whose name would shadow a Python
builtin may carry a trailing underscore (``sum_``, ``max_``). Ops the modules
lack are filled with their shared composition where the op has one
(:mod:`multikeras.backend.composite`: ``rearrange``, ``vectorize``), else
with a function that raises
:class:`~multikeras.backend.errors.OpNotImplementedError`, and are listed in
``backend.missing_ops``.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from multikeras.backend.composite import bind_composite
from multikeras.backend.errors import OpNotImplementedError

CONTRACT_VERSION = 1
"""Bumped when the contract changes incompatibly; plug-ins declare the one they implement."""


@dataclasses.dataclass(frozen=True)
class Capabilities:
    """What a backend can do, declared up front instead of found by crashing.

    Example:
        >>> Capabilities(trainable=False).trainable
        False
    """

    trainable: bool = True
    """Can differentiate (``value_and_grad``) and so train models."""
    supports_jit: bool = True
    """``jit`` compiles; when ``False`` it returns the function unchanged."""
    jit_training_by_default: bool = True
    """``compile(jit_compile="auto")`` compiles the training step: the faster choice on this backend
    (``False`` where eager execution is at least as fast for typical models, as with torch)."""
    jit_accepts_numpy: bool = False
    """Functions compiled by ``jit`` (and ``compile_step``) take NumPy arrays wherever they take arrays, treat them
    as ``convert_to_tensor`` would, and faster than converting them first: a trainer may hand them host batches
    as they are (jax: ``jax.jit`` converts NumPy arguments in C++)."""
    supports_complex: bool = True
    supports_float64: bool = True
    supports_dlpack: bool = False
    thread_safe: bool = True
    stateless_random: bool = True
    """Random ops with the same explicit seed return the same values."""


_RESERVED = frozenset(
    {"name", "framework_version", "capabilities", "contract_version", "missing_ops", "native", "fused", "compile_step"}
)


class Backend:
    """A loaded backend: metadata plus one attribute per implemented op.

    Args:
        name: the backend's selection name.
        framework_version: version string of the framework underneath.
        capabilities: what the backend supports.
        ops: mapping of op name to implementation.
        op_names: every op the contract names; those absent from ``ops``
            become stubs raising ``OpNotImplementedError``.
        contract_version: the contract version the plug-in implements.
        native: the framework module (``torch``), for users who need it.
        fused: optional fused kernels by name (see the module docstring).
        compile_step: optional replacement of :meth:`compile_step`, with
            its signature and semantics.

    Example:
        >>> backend = Backend("tiny", "0", Capabilities(trainable=False),
        ...                   {"add": lambda a, b: a + b}, op_names=["add", "sub"])
        >>> backend.add(1, 2), backend.missing_ops
        (3, ('sub',))
    """

    def __init__(
        self,
        name: str,
        framework_version: str,
        capabilities: Capabilities,
        ops: dict[str, Callable[..., Any]],
        op_names: Iterable[str] | None = None,
        contract_version: int = CONTRACT_VERSION,
        native: types.ModuleType | None = None,
        fused: dict[str, Callable[..., Any]] | None = None,
        compile_step: Callable[[Callable[..., Any], Sequence[Any]], Callable[..., Any]] | None = None,
    ):
        self.name = name
        if compile_step is not None:
            self.compile_step = compile_step  # type: ignore[method-assign]
        self.fused: dict[str, Callable[..., Any]] = dict(fused or {})
        self.framework_version = framework_version
        self.capabilities = capabilities
        self.contract_version = contract_version
        self.native = native
        names = list(op_names) if op_names is not None else list(ops)
        missing = []
        for op_name in names:
            if op_name in _RESERVED:
                raise ValueError(f"op name {op_name!r} collides with Backend metadata")
            implementation = ops.get(op_name)
            if implementation is None:
                # Composable ops (``rearrange``, ``vectorize``) fall back to the shared composition.
                implementation = bind_composite(op_name, self)
            if implementation is None:
                implementation = _missing_op(op_name, name)
                missing.append(op_name)
            setattr(self, op_name, implementation)
        for op_name, implementation in ops.items():
            if op_name not in names and op_name not in _RESERVED:
                setattr(self, op_name, implementation)
        self.missing_ops: tuple[str, ...] = tuple(sorted(missing))

    @classmethod
    def from_modules(
        cls,
        name: str,
        framework_version: str,
        capabilities: Capabilities,
        modules: Iterable[types.ModuleType],
        native: types.ModuleType | None = None,
        contract_version: int = CONTRACT_VERSION,
        fused: dict[str, Callable[..., Any]] | None = None,
        compile_step: Callable[[Callable[..., Any], Sequence[Any]], Callable[..., Any]] | None = None,
    ) -> Backend:
        """Build a backend from modules of op functions, checked against the catalog."""
        from multikeras.ops.catalog import OP_NAMES  # data only, imports no framework

        found: dict[str, Callable[..., Any]] = {}
        exported = [_exported_functions(module) for module in modules]
        for op_name in OP_NAMES:
            for functions in exported:
                implementation = functions.get(op_name, functions.get(op_name + "_"))
                if implementation is not None:
                    found[op_name] = implementation
                    break
        return cls(
            name,
            framework_version,
            capabilities,
            found,
            op_names=OP_NAMES,
            contract_version=contract_version,
            native=native,
            fused=fused,
            compile_step=compile_step,
        )

    def compile_step(self, pure: Callable[[list[Any], Any], tuple[list[Any], Any]],
                     variables: Sequence[Any]) -> Callable[[list[Any], Any], tuple[list[Any], Any]]:
        """Compile a stateful step given as a pure function of its state; the generic default is ``jit(pure)``.

        ``pure(values, data) -> (new_values, outputs)`` takes the value of
        every variable of ``variables`` (in order) and returns one entry per
        variable: its new value, or ``None`` where the step left it
        unchanged (so that a compiled function does not copy state it never
        changed). The returned function has the same signature and results.
        A plug-in may replace it (``Backend(..., compile_step=...)``) by one
        that keeps the state in framework variables between calls instead
        of passing every value in and out, provided the results stay those
        of ``pure``: a value that is not the one the previous call returned
        for a variable (the variable was assigned in between, or another
        step function updated it) must be used as given.

        Example:
            >>> backend = Backend("tiny", "0", Capabilities(), {"jit": lambda fn, static_argnums=(): fn})
            >>> step = backend.compile_step(lambda values, data: ([values[0] + data, None], "done"), ["a", "b"])
            >>> step([1, 5], 2)
            ([3, None], 'done')
        """
        del variables
        return self.jit(pure)

    def implements(self, op_name: str) -> bool:
        """``True`` when the backend has its own implementation of ``op_name``."""
        return hasattr(self, op_name) and op_name not in self.missing_ops

    def __repr__(self) -> str:
        return f"<multikeras backend {self.name!r} ({self.framework_version})>"


def _exported_functions(module: types.ModuleType) -> dict[str, Callable[..., Any]]:
    """The op functions a backend module exports.

    A module with ``__all__`` exports exactly those names (so it can re-export
    functions from elsewhere); otherwise only callables defined in the module
    itself count, so a stray ``from numpy import abs`` never becomes an op.
    """
    if hasattr(module, "__all__"):
        return {name: getattr(module, name) for name in module.__all__}
    return {
        name: value
        for name, value in vars(module).items()
        if callable(value)
        and not isinstance(value, type)
        and getattr(value, "__module__", None) == module.__name__
        and not name.startswith("_")
    }


def _missing_op(op_name: str, backend_name: str) -> Callable[..., Any]:
    def missing(*args: Any, **kwargs: Any) -> Any:
        raise OpNotImplementedError(op_name, backend_name)

    missing.__name__ = op_name
    missing.__qualname__ = f"missing.{op_name}"
    missing.is_missing_op = True  # type: ignore[attr-defined]
    return missing
