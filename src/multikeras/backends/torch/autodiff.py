"""Differentiation and compilation for the torch backend (JAX semantics)."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import Any

import optree
import torch

from multikeras.backends.torch.core import COMPLEX_TORCH, FLOAT_TORCH, Tensor, convert_to_tensor


def _differentiable(leaf: Any) -> Tensor:
    tensor = convert_to_tensor(leaf)
    if tensor.dtype not in FLOAT_TORCH and tensor.dtype not in COMPLEX_TORCH:
        raise TypeError(
            f"value_and_grad: can only differentiate floating or complex inputs, received dtype {tensor.dtype}"
        )
    return tensor.detach().requires_grad_(True)


def _detach(tree: Any) -> Any:
    return optree.tree_map(lambda leaf: leaf.detach() if isinstance(leaf, Tensor) else leaf, tree, none_is_leaf=False)


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
            leaves, spec = optree.tree_flatten(args[position], none_is_leaf=False)
            leaves = [_differentiable(leaf) for leaf in leaves]
            args[position] = optree.tree_unflatten(spec, leaves)
            specs.append(spec)
            leaves_per_arg.append(leaves)
        with torch.enable_grad():
            out = fn(*args, **kwargs)
            if has_aux:
                if not isinstance(out, (tuple, list)) or len(out) != 2:
                    raise ValueError("value_and_grad: with has_aux=True, fn must return a pair (value, aux)")
                value, aux = out
            else:
                value, aux = out, None
            value = convert_to_tensor(value)
            if value.numel() != 1:
                raise ValueError(f"value_and_grad: fn must return a scalar, received shape {tuple(value.shape)}")
            flat = [leaf for leaves in leaves_per_arg for leaf in leaves]
            if value.requires_grad and flat:
                grads = torch.autograd.grad(value, flat, allow_unused=True)
            else:
                grads = [None] * len(flat)
        grads = [torch.zeros_like(leaf) if grad is None else grad.detach() for leaf, grad in zip(flat, grads)]
        trees = []
        start = 0
        for spec, leaves in zip(specs, leaves_per_arg):
            trees.append(optree.tree_unflatten(spec, grads[start : start + len(leaves)]))
            start += len(leaves)
        result_grads = trees[0] if single else tuple(trees)
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
