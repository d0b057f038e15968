"""Abstract evaluation for the TensorFlow backend: a ``tf.function`` trace (no execution)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import optree
import tensorflow as tf

from multikeras.backend import dtypes
from multikeras.backend.abstract import AbstractArray
from multikeras.backends.tensorflow.core import to_tf_dtype


def abstract_eval(fn: Callable[..., Any], specs: Sequence[AbstractArray]) -> Any:
    """Shapes and dtypes of ``fn(*placeholders)``, from tracing it into a graph that never runs."""
    signature = [tf.TensorSpec(spec.shape, to_tf_dtype(spec.dtype)) for spec in specs]
    outputs: list[Any] = []

    def traced(*placeholders: Any) -> Any:
        result = fn(*placeholders)
        outputs.append(
            optree.tree_map(
                lambda out: AbstractArray(tuple(out.shape), dtypes.standardize_dtype(out.dtype.name))
                if isinstance(out, tf.Tensor) else out,
                result,
                none_is_leaf=True,
            )
        )
        return []

    tf.function(traced, autograph=False).get_concrete_function(*signature)
    return outputs[0]


def eager_scope() -> Any:
    """Lift the block out of any ``tf.function`` trace into eager execution."""
    return tf.init_scope()
