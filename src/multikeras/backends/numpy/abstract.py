"""Abstract evaluation for the NumPy backend: NumPy has no abstract mode, so run on zeros."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

# optree is imported inside the functions that walk trees: loading the backend (and a first op) does not need it.

from multikeras.backend import dtypes
from multikeras.backend.abstract import AbstractArray
from multikeras.backends.numpy.core import to_numpy_dtype


def abstract_eval(fn: Callable[..., Any], specs: Sequence[AbstractArray]) -> Any:
    """Shapes and dtypes of ``fn(*placeholders)``, computed on zero-filled placeholders."""
    import optree
    placeholders = [np.zeros(spec.shape, dtype=to_numpy_dtype(spec.dtype)) for spec in specs]
    with np.errstate(all="ignore"):  # log(0) and friends on the zero placeholders are expected
        outputs = fn(*placeholders)
    return optree.tree_map(
        lambda out: AbstractArray(tuple(out.shape), dtypes.standardize_dtype(out.dtype))
        if isinstance(out, (np.ndarray, np.generic)) else out,
        outputs,
        none_is_leaf=True,
    )


def eager_scope() -> Any:
    """NumPy always computes eagerly: nothing to do."""
    return contextlib.nullcontext()
