"""Abstract evaluation for the torch backend: fake tensors (shapes and dtypes, no data)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import optree
import torch
from torch._subclasses.fake_tensor import FakeTensorMode, unset_fake_temporarily

from multikeras.backend import dtypes
from multikeras.backend.abstract import AbstractArray
from multikeras.backends.torch.core import to_torch_dtype


def abstract_eval(fn: Callable[..., Any], specs: Sequence[AbstractArray]) -> Any:
    """Shapes and dtypes of ``fn(*placeholders)``, run on torch fake tensors.

    Real tensors ``fn`` closes over (layer weights) are admitted into the fake
    mode without being read (``allow_non_fake_inputs``).
    """
    with FakeTensorMode(allow_non_fake_inputs=True):
        placeholders = [torch.empty(spec.shape, dtype=to_torch_dtype(spec.dtype)) for spec in specs]
        outputs = fn(*placeholders)
        return optree.tree_map(
            lambda out: AbstractArray(tuple(out.shape), dtypes.standardize_dtype(str(out.dtype).removeprefix("torch.")))
            if isinstance(out, torch.Tensor) else out,
            outputs,
            none_is_leaf=True,
        )


def eager_scope() -> Any:
    """Leave fake-tensor mode for the block (variables are initialized with real values)."""
    return unset_fake_temporarily()
