"""Abstract evaluation for the JAX backend: ``jax.eval_shape`` (no computation on data)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import jax
import optree

from multikeras.backend import dtypes
from multikeras.backend.abstract import AbstractArray
from multikeras.backends.jax.core import to_jax_dtype


def abstract_eval(fn: Callable[..., Any], specs: Sequence[AbstractArray]) -> Any:
    """Shapes and dtypes of ``fn(*placeholders)``, traced by ``jax.eval_shape``."""
    placeholders = [jax.ShapeDtypeStruct(spec.shape, to_jax_dtype(spec.dtype)) for spec in specs]
    outputs = jax.eval_shape(fn, *placeholders)
    return optree.tree_map(
        lambda out: AbstractArray(tuple(out.shape), dtypes.standardize_dtype(out.dtype))
        if isinstance(out, jax.ShapeDtypeStruct) else out,
        outputs,
        none_is_leaf=True,
    )


def eager_scope() -> Any:
    """Compute concretely even inside a trace (variables are initialized with real values)."""
    return jax.ensure_compile_time_eval()
