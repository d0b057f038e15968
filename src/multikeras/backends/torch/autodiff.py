"""Differentiation and compilation for the torch backend (JAX semantics)."""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Callable, Sequence
from typing import Any

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
