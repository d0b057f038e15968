"""Differentiation and compilation on TensorFlow: ``tf.GradientTape`` and ``tf.function``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import optree
import tensorflow as tf

from multikeras.backends.tensorflow.core import convert_to_tensor


def _watchable(leaf: Any) -> Any:
    if isinstance(leaf, tf.Variable):
        return leaf
    leaf = convert_to_tensor(leaf)
    return leaf


def value_and_grad(fn: Callable[..., Any], argnums: int | Sequence[int] = 0, has_aux: bool = False) -> Callable[..., Any]:
    """JAX-style ``value_and_grad``: grads mirror the structure of the selected arguments.

    Example:
        >>> import tensorflow as tf
        >>> value, grad = value_and_grad(lambda x: tf.reduce_sum(x * x))(tf.ones(2))
        >>> grad.numpy().tolist()
        [2.0, 2.0]
    """
    single = isinstance(argnums, int)
    positions = (argnums,) if single else tuple(argnums)

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        args = list(args)
        for position in positions:
            if position >= len(args) or position < -len(args):
                raise ValueError(f"value_and_grad: argnums {argnums!r} out of range for {len(args)} positional arguments")
        selected = [optree.tree_map(_watchable, args[p]) for p in positions]
        leaves_per_arg = [optree.tree_flatten(tree) for tree in selected]
        for position, tree in zip(positions, selected):
            args[position] = tree
        with tf.GradientTape(watch_accessed_variables=False, persistent=False) as tape:
            for leaves, _ in leaves_per_arg:
                for leaf in leaves:
                    tape.watch(leaf)
            result = fn(*args, **kwargs)
            value = result[0] if has_aux else result
        all_leaves = [leaf for leaves, _ in leaves_per_arg for leaf in leaves]
        grads = tape.gradient(value, all_leaves, unconnected_gradients=tf.UnconnectedGradients.ZERO)
        grads = [tf.convert_to_tensor(g) if isinstance(g, tf.IndexedSlices) else g for g in grads]
        trees = []
        index = 0
        for leaves, treedef in leaves_per_arg:
            trees.append(optree.tree_unflatten(treedef, grads[index : index + len(leaves)]))
            index += len(leaves)
        grad_out = trees[0] if single else tuple(trees)
        if has_aux:
            return (value, result[1]), grad_out
        return value, grad_out

    return wrapped


def jit(fn: Callable[..., Any], static_argnums: int | Sequence[int] = ()) -> Callable[..., Any]:
    """Compile ``fn`` with ``tf.function``; static arguments become Python values of the trace."""
    # One trace per input shape, as jax.jit does: shapes stay static inside the step
    # (a last, smaller batch gets its own trace instead of a None batch dimension), and
    # tf.function retraces on new Python values, which is what static arguments need.
    del static_argnums
    return tf.function(fn, reduce_retracing=False)
