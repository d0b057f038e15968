"""Differentiation and compilation for the torch backend (JAX semantics)."""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np
import optree
import torch

from multikeras.backends.torch.core import COMPLEX_TORCH, FLOAT_TORCH, Tensor, convert_to_tensor


def _differentiable(leaf: Any) -> Tensor:
    tensor = leaf if type(leaf) is Tensor else convert_to_tensor(leaf)
    if tensor.dtype not in FLOAT_TORCH and tensor.dtype not in COMPLEX_TORCH:
        raise TypeError(
            f"value_and_grad: can only differentiate floating or complex inputs, received dtype {tensor.dtype}"
        )
    return tensor.detach().requires_grad_(True)


def _detach_leaf(leaf: Any) -> Any:
    return leaf.detach() if isinstance(leaf, Tensor) else leaf


def _detach(tree: Any) -> Any:
    kind = type(tree)
    if kind is Tensor:
        return tree.detach()
    if kind is tuple or kind is list:  # the usual aux, ((loss, y_pred), [values]): no tree library round trip
        items = [_detach(item) for item in tree]
        return items if kind is list else tuple(items)
    if tree is None:
        return None
    return optree.tree_map(_detach_leaf, tree, none_is_leaf=False)


def _flat_leaves(arg: Any) -> tuple[list[Any], Any]:
    """The leaves of a differentiated argument and how to rebuild it (``None``: it is a plain list of them)."""
    if type(arg) is list and all(type(leaf) is Tensor for leaf in arg):  # variable values: no tree walk
        return list(arg), None
    return optree.tree_flatten(arg, none_is_leaf=False)


def _rebuild(spec: Any, leaves: list[Any]) -> Any:
    return leaves if spec is None else optree.tree_unflatten(spec, leaves)


_GRAD_ENABLED = contextlib.nullcontext()
"""Gradient recording is already on (the usual case in training): nothing to switch."""


def value_and_grad(fn: Callable[..., Any], argnums: int | Sequence[int] = 0, has_aux: bool = False) -> Callable[..., Any]:
    single = isinstance(argnums, int)
    positions = (argnums,) if single else tuple(argnums)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        args = list(args)
        for position in positions:
            if position >= len(args) or position < -len(args):
                raise ValueError(f"value_and_grad: argnums {position} is out of range for {len(args)} positional arguments")
        specs = []
        leaves_per_arg = []
        for position in positions:
            leaves, spec = _flat_leaves(args[position])
            leaves = [_differentiable(leaf) for leaf in leaves]
            args[position] = _rebuild(spec, leaves)
            specs.append(spec)
            leaves_per_arg.append(leaves)
        with _GRAD_ENABLED if torch.is_grad_enabled() else torch.enable_grad():
            out = fn(*args, **kwargs)
            if has_aux:
                if not isinstance(out, (tuple, list)) or len(out) != 2:
                    raise ValueError("value_and_grad: with has_aux=True, fn must return a pair (value, aux)")
                value, aux = out
            else:
                value, aux = out, None
            if type(value) is not Tensor:
                value = convert_to_tensor(value)
            if value.numel() != 1:
                raise ValueError(f"value_and_grad: fn must return a scalar, received shape {tuple(value.shape)}")
            flat = leaves_per_arg[0] if single else [leaf for leaves in leaves_per_arg for leaf in leaves]
            if value.requires_grad and flat:
                grads = torch.autograd.grad(value, flat, allow_unused=True)
            else:
                grads = [None] * len(flat)
        grads = [torch.zeros_like(leaf) if grad is None else grad.detach() if grad.requires_grad else grad
                 for leaf, grad in zip(flat, grads)]
        if single:
            result_grads = _rebuild(specs[0], grads)
        else:
            trees = []
            start = 0
            for spec, leaves in zip(specs, leaves_per_arg):
                trees.append(_rebuild(spec, grads[start : start + len(leaves)]))
                start += len(leaves)
            result_grads = tuple(trees)
        value = value.detach()
        if has_aux:
            return (value, _detach(aux)), result_grads
        return value, result_grads

    wrapper.__name__ = f"value_and_grad_{getattr(fn, '__name__', 'fn')}"
    return wrapper


def jit(fn: Callable[..., Any], static_argnums: int | Sequence[int] = ()) -> Callable[..., Any]:
    """``torch.compile(fn)``, built on the first call (importing the compiler stack is slow).

    torch.compile guards on Python arguments itself, so ``static_argnums``
    needs no handling. Where the compiler backend cannot build (no C++
    toolchain, say) the function runs eagerly, with a warning, instead of failing.
    """
    compiled: list[Callable[..., Any] | None] = [None]

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if compiled[0] is None:
            import torch._dynamo  # about a second to import: only when something is compiled

            compiled[0] = torch.compile(fn)
        try:
            return compiled[0](*args, **kwargs)
        except torch._dynamo.exc.BackendCompilerFailed as error:
            warnings.warn(f"jit: torch.compile could not compile {wrapper.__name__!r}, running eagerly: {error}", stacklevel=2)
            compiled[0] = fn
            return fn(*args, **kwargs)

    wrapper.__name__ = getattr(fn, "__name__", "jitted")
    wrapper.__wrapped__ = fn  # type: ignore[attr-defined]
    return wrapper


@contextlib.contextmanager
def _compiling() -> Iterator[None]:
    """``torch.compiler.is_compiling()`` is ``True`` inside, as while ``torch.export`` traces.

    The plug-in's eager-only paths (fused kernels that update in place, host reads of the step
    count, ``torch.lstm``) check it and take their traceable generic code instead. The flag is
    process-wide: eager torch code another thread runs meanwhile takes the generic paths too
    (same results).
    """
    previous = torch.compiler._is_compiling_flag
    torch.compiler._is_compiling_flag = True
    try:
        yield
    finally:
        torch.compiler._is_compiling_flag = previous


_UNTRACEABLE: Any = ("untraceable",)
"""The cache entry of an input signature whose step could not be traced (it runs through ``jit(pure)``)."""


class _TracedStep:
    """A compiled step: ``pure`` traced once per input signature into one aten graph, compiled with ``torch.compile``.

    ``torch.compile`` applied to the step itself (dynamo) follows the Python
    code, and it cannot follow much of it: ``ContextVar.get`` (the active
    backend, stateless scopes), optree specs, generators and
    ``torch.autograd.grad`` each break the graph, every function called past
    a break becomes a frame of its own, guarded on the type of ``self``, so a
    model with more than eight layer classes exceeds dynamo's recompile limit
    and falls back to eager. Tracing with ``make_fx`` instead runs the Python
    step once, as ``jax.jit`` does, on fake tensors, records the aten
    operations it dispatches (the backward of ``value_and_grad`` included),
    and hands that one flat graph to ``torch.compile``: one graph per input
    signature (tree structure, shapes, dtypes, devices, non-array leaves,
    grad mode), whatever the model. A step that cannot be traced this way
    (it reads a tensor on the host, say) runs through ``jit(pure)`` instead,
    with a warning.
    """

    def __init__(self, pure: Callable[[list[Any], Any], tuple[list[Any], Any]]):
        self._pure = pure
        self._graphs: dict[Any, tuple[Callable[..., Any], Any, list[Any], list[int]]] = {}
        self._fallback: Callable[..., Any] | None = None
        self.__name__ = getattr(pure, "__name__", "step")

    def __call__(self, values: list[Any], data: Any) -> tuple[list[Any], Any]:
        leaves, spec = optree.tree_flatten((values, data), none_is_leaf=False)
        positions: list[int] = []
        arrays: list[Tensor] = []
        signature: list[Any] = []
        for position, leaf in enumerate(leaves):
            if not isinstance(leaf, Tensor) and isinstance(leaf, (np.ndarray, np.generic)):
                leaf = leaves[position] = convert_to_tensor(leaf)
            if isinstance(leaf, Tensor):
                positions.append(position)
                arrays.append(leaf)
                signature.append((leaf.shape, leaf.dtype, leaf.device))
            else:
                signature.append((type(leaf), leaf))  # a Python constant of the trace (1, 1.0 and True differ)
        key = (spec, tuple(signature), torch.is_grad_enabled())
        try:
            entry = self._graphs.get(key)
        except TypeError:  # an unhashable constant leaf: nothing to key a trace on
            return self._run_fallback(values, data, "a non-array leaf of the inputs is not hashable")
        if entry is None:
            try:
                entry = self._trace(spec, leaves, positions, arrays)
            except Exception as error:  # noqa: BLE001 - any tracing failure: the dynamo path handles (or raises) it
                self._graphs[key] = _UNTRACEABLE  # traced once, not at every call
                return self._run_fallback(values, data, f"{type(error).__name__}: {error}")
            self._graphs[key] = entry
        elif entry is _UNTRACEABLE:
            return self._run_fallback(values, data, "")
        compiled, out_spec, out_leaves, out_positions = entry
        results = compiled(*arrays)
        filled = list(out_leaves)
        for position, result in zip(out_positions, results):
            filled[position] = result
        return optree.tree_unflatten(out_spec, filled)

    def _trace(self, spec: Any, leaves: list[Any], positions: list[int],
               arrays: list[Tensor]) -> tuple[Callable[..., Any], Any, list[Any], list[int]]:
        from torch.fx.experimental.proxy_tensor import make_fx

        recorded: dict[str, Any] = {}

        def flat(*traced: Tensor) -> list[Tensor]:
            filled = list(leaves)
            for position, array in zip(positions, traced):
                filled[position] = array
            values, data = optree.tree_unflatten(spec, filled)
            out_leaves, out_spec = optree.tree_flatten(self._pure(values, data), none_is_leaf=False)
            out_positions = [i for i, leaf in enumerate(out_leaves) if isinstance(leaf, Tensor)]
            recorded["spec"], recorded["positions"] = out_spec, out_positions
            # Fake tensors are not kept: their places are filled by the compiled graph's results.
            recorded["leaves"] = [None if isinstance(leaf, Tensor) else leaf for leaf in out_leaves]
            return [out_leaves[i] for i in out_positions]

        with _compiling():
            graph = make_fx(flat, tracing_mode="fake", _allow_non_fake_inputs=True)(*arrays)
        return (_compile_graph(graph, self.__name__), recorded["spec"], recorded["leaves"], recorded["positions"])

    def _run_fallback(self, values: list[Any], data: Any, reason: str) -> tuple[list[Any], Any]:
        """``jit(pure)`` (dynamo follows the Python step, breaking its graph where it must)."""
        first = self._fallback is None
        if first:
            self._fallback = jit(self._pure)
        result = self._fallback(values, data)  # a genuine error in the step is raised here, with no warning
        if first:
            warnings.warn(f"jit_compile on torch: the step {self.__name__!r} could not be traced into one graph "
                          f"({reason}); torch.compile compiles it piecewise instead, which may be slower",
                          stacklevel=3)
        return result


STEP_COMPILER = "inductor"
"""The ``torch.compile`` backend that compiles a traced step's graph (tests may pick a faster-building one)."""


def _compile_graph(graph: Callable[..., Any], name: str) -> Callable[..., Any]:
    """``torch.compile(graph)``; the traced graph itself (eager aten ops) where the compiler cannot build."""
    compiled: list[Callable[..., Any]] = [torch.compile(graph, backend=STEP_COMPILER, dynamic=False)]

    def run(*arrays: Tensor) -> Any:
        try:
            return compiled[0](*arrays)
        except torch._dynamo.exc.BackendCompilerFailed as error:
            warnings.warn(f"jit: torch.compile could not compile {name!r}, running its traced graph eagerly: {error}",
                          stacklevel=3)
            compiled[0] = graph
            return graph(*arrays)

    return run


def compile_step(pure: Callable[[list[Any], Any], tuple[list[Any], Any]],
                 variables: Sequence[Any]) -> Callable[[list[Any], Any], tuple[list[Any], Any]]:
    """The step traced into one aten graph per input signature and compiled (contract: ``compile_step``).

    Every value goes in and comes out as an argument, as with the generic
    ``jit(pure)``; the difference is how the step is compiled (see
    :class:`_TracedStep`): one graph, however many layer classes the model has.

    Example:
        >>> import torch
        >>> step = compile_step(lambda values, data: ([values[0] + data, None], values[0] * 2), ["a", "b"])
        >>> new_values, doubled = step([torch.ones(2), torch.zeros(2)], torch.ones(2))
        >>> new_values[0].tolist(), new_values[1], doubled.tolist()
        ([2.0, 2.0], None, [2.0, 2.0])
    """
    del variables
    return _TracedStep(pure)
