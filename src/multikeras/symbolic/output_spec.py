"""Infer the output shapes and dtypes of a function of KerasTensors, without data.

The active backend evaluates the function abstractly (its ``abstract_eval``).
Unknown (``None``) dimensions are given two different sizes in two
evaluations; output dimensions that follow them come back as ``None``. Every
backend thus infers the same specs, and no variable changes: the evaluation
runs in a :class:`StatelessScope` that drops assignments, and inside a
:class:`~multikeras.SymbolicScope` (code can ask ``in_symbolic_scope()``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import optree

from multikeras.backend.abstract import AbstractArray
from multikeras.backend.selection import current
from multikeras.state.stateless_scope import StatelessScope
from multikeras.symbolic.keras_tensor import KerasTensor
from multikeras.symbolic.symbolic_scope import SymbolicScope

_PROBE_SIZES = (83, 89)
"""Sizes given to unknown dimensions: primes, so that outputs depending on them differ."""


def compute_output_spec(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)`` with every :class:`KerasTensor` argument, as KerasTensors.

    Args:
        fn: a function of arrays (calls ``multikeras.ops`` or layers).
        *args, **kwargs: its arguments; KerasTensors anywhere in nested lists,
            tuples and dicts stand for arrays.

    Returns:
        ``fn``'s output structure with a KerasTensor for every array.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     out = compute_output_spec(lambda x: mk.ops.sum(x, axis=1), KerasTensor((None, 3, 4)))
        >>> out.shape
        (None, 4)
    """
    leaves, treedef = optree.tree_flatten((args, kwargs), is_leaf=_is_keras_tensor, none_is_leaf=True)
    positions = [i for i, leaf in enumerate(leaves) if isinstance(leaf, KerasTensor)]
    symbolic = [leaves[i] for i in positions]

    def concrete_fn(*arrays: Any) -> Any:
        filled = list(leaves)
        for position, array in zip(positions, arrays):
            filled[position] = array
        call_args, call_kwargs = optree.tree_unflatten(treedef, filled)
        return fn(*call_args, **call_kwargs)

    has_unknown = any(d is None for tensor in symbolic for d in tensor.shape)
    passes = _PROBE_SIZES if has_unknown else _PROBE_SIZES[:1]
    results = []
    backend = current()
    for size in passes:
        specs = [AbstractArray(tuple(size if d is None else d for d in t.shape), t.dtype) for t in symbolic]
        with StatelessScope(collect_assignments=False), SymbolicScope():
            results.append(backend.abstract_eval(concrete_fn, specs))
    if len(results) == 1:
        return optree.tree_map(_to_keras_tensor, results[0], none_is_leaf=True)
    return optree.tree_map(_merge, results[0], results[1], none_is_leaf=True)


def _is_keras_tensor(x: Any) -> bool:
    return isinstance(x, KerasTensor)


def _to_keras_tensor(out: Any) -> Any:
    return KerasTensor(out.shape, out.dtype) if isinstance(out, AbstractArray) else out


def _merge(first: Any, second: Any) -> Any:
    if not isinstance(first, AbstractArray):
        return first
    if len(first.shape) != len(second.shape):
        raise ValueError(
            f"The output rank depends on an unknown input dimension ({first.shape} vs {second.shape}); "
            "give the input a fully known shape."
        )
    shape = tuple(a if a == b else None for a, b in zip(first.shape, second.shape))
    return KerasTensor(shape, first.dtype)
