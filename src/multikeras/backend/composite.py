"""Ops the contract composes from other ops when a plug-in has none of its own.

Some catalog ops are pure compositions of other ops: ``rearrange`` is a
reshape, a transpose and a reshape; ``vectorize`` is broadcasting plus
``vectorized_map``. Writing them once here keeps one semantics on every
backend; a plug-in may still export its own function of the same name, which
then wins.

A composite is a function ``f(backend, *op_arguments)``;
:class:`~multikeras.backend.contract.Backend` binds it to itself for every
op of :data:`COMPOSITES` its plug-in lacks, so such an op never appears in
``missing_ops`` as long as the ops it is built from exist.

This module imports no framework.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from typing import Any

COMPOSITES: dict[str, str] = {
    "rearrange": "multikeras.backend.einops:rearrange",
    "vectorize": "multikeras.backend.vectorize:vectorize",
    "remat": "multikeras.backend.rematerialization:keep_activations",
    "perspective_transform": "multikeras.backend.perspective:perspective_transform",
}
"""Op name -> ``module:function`` of its composition (imported on first bind)."""


def bind_composite(op_name: str, backend: Any) -> Callable[..., Any] | None:
    """The composition of ``op_name`` bound to ``backend``, or ``None`` when the op has none.

    Example:
        >>> bind_composite("add", object()) is None
        True
    """
    target = COMPOSITES.get(op_name)
    if target is None:
        return None
    module_name, function_name = target.split(":")
    function = getattr(importlib.import_module(module_name), function_name)
    bound = functools.partial(function, backend)
    bound.is_composite = True  # type: ignore[attr-defined]
    return bound
