"""Differentiation and compilation on TensorFlow: ``tf.GradientTape`` and ``tf.function``."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from typing import Any

import optree
import tensorflow as tf

from multikeras.backends.tensorflow.core import convert_to_tensor
from multikeras.state.deferred_value import DeferredValue, resolve


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


class _StateSlot:
    """The ``tf.Variable`` that holds one multikeras variable's state between compiled steps.

    ``synced`` is the value the ``tf.Variable`` last held when it was handed
    out (or taken in): a step given any other value for the variable copies
    that value in first. After a step assigned the variable, what is handed
    out is ``deferred``, a :class:`DeferredValue` that reads the
    ``tf.Variable`` when asked: Python then holds no tensor sharing the
    variable's buffer while the next step runs, so TensorFlow's allocator
    gets the old buffers back, still warm in cache.
    """

    __slots__ = ("variable", "synced", "deferred", "__weakref__")

    def __init__(self, value: Any):
        with tf.init_scope():  # created eagerly even when a step function is built inside a trace
            self.variable = tf.Variable(resolve(value), trainable=False)
        self.synced = value
        self.deferred = DeferredValue(self.variable.value)


# One slot per multikeras variable (by identity), shared by every step function that holds it
# (training, evaluation, prediction), so the weights exist once more at most, not once per function.
_slots: dict[int, tuple[weakref.ref, _StateSlot]] = {}


def _slot_for(variable: Any, value: Any) -> _StateSlot:
    key = id(variable)
    entry = _slots.get(key)
    if entry is not None and entry[0]() is variable:
        return entry[1]
    slot = _StateSlot(value)
    try:
        reference = weakref.ref(variable, lambda ref, key=key: _forget(key, ref))
    except TypeError:  # not weak-referenceable: a slot of its own, not shared
        return slot
    _slots[key] = (reference, slot)
    return slot


def _forget(key: int, reference: weakref.ref) -> None:
    entry = _slots.get(key)
    if entry is not None and entry[0] is reference:
        del _slots[key]


def compile_step(pure: Callable[[list[Any], Any], tuple[list[Any], Any]], variables: Sequence[Any]) -> Callable[..., Any]:
    """A ``tf.function`` step that keeps its state in ``tf.Variable``\\ s it captures (contract: ``compile_step``).

    The generic compiled step passes every weight and optimizer slot in as an
    argument and back out on each call, and ``tf.function`` spends tens of
    microseconds per argument matching its signature. Here each state
    variable lives in a ``tf.Variable`` the traced step reads and assigns
    (as a hand-written TensorFlow step does); only the batch is an argument.
    For each variable the step assigned it hands out the slot's
    :class:`DeferredValue`, which reads the ``tf.Variable`` when the value
    is asked for (contract: ``compile_step``); the traced function itself
    returns no state at all. A value given for a variable that is not the one
    last handed out (the variable was assigned in between) is copied into its
    ``tf.Variable`` first, so the results are those of ``pure`` called on the
    given values.

    Example:
        >>> import tensorflow as tf
        >>> step = compile_step(lambda values, data: ([values[0] + data], values[0]), ["total"])
        >>> (total,), _ = step([tf.constant(1.0)], tf.constant(2.0))
        >>> (total,), seen = step([total], tf.constant(3.0))
        >>> float(total.read()), float(seen)
        (6.0, 3.0)
    """
    variables = list(variables)
    generic = jit(pure)
    slots: list[_StateSlot] = []
    # Which variables each trace assigns, by the trace's graph: Python values kept beside the trace. Returned
    # from the traced function, each flag would be a graph output, one more tensor made on every call.
    assigned_by_trace: weakref.WeakKeyDictionary[Any, tuple[bool, ...]] = weakref.WeakKeyDictionary()

    def stateful(data: Any) -> Any:
        held = [slot.variable for slot in slots]
        values = [variable.value() for variable in held]
        # AutoGraph treats ``pure`` as tf.function treats the function it is given (the generic path), so
        # a user's train_step called from it is converted (Python `if` on tensors) as it would be there.
        converted = tf.__internal__.autograph.tf_convert(
            pure, tf.__internal__.autograph.control_status_ctx(), user_requested=True
        )
        new_values, outputs = converted(values, data)
        for variable, new in zip(held, new_values):
            if new is not None:
                variable.assign(new, read_value=False)
        assigned_by_trace[tf.compat.v1.get_default_graph()] = tuple(new is not None for new in new_values)
        return outputs  # no state tensor, and no flags

    compiled = tf.function(stateful, reduce_retracing=False)
    # The traced function of each batch signature. Calling it directly skips tf.function's dispatch,
    # which checks every captured variable on each call (several hundred microseconds for a small model).
    concrete: dict[Any, Any] = {}

    def call(values: list[Any], data: Any) -> tuple[list[Any], Any]:
        if not tf.executing_eagerly():  # called inside another trace: the plain compiled function
            return generic([resolve(value) for value in values], data)
        if not slots:
            slots.extend(_slot_for(variable, value) for variable, value in zip(variables, values))
        for slot, value in zip(slots, values):
            if value is not slot.synced:
                slot.variable.assign(resolve(value), read_value=False)
                slot.synced = value
        key, tensors = _signature(data)
        assigned: tuple[bool, ...] | None = None
        if key is None or tf.config.functions_run_eagerly():
            # Which trace ran is not known here: every slot is handed out, and one the step left alone reads
            # its unchanged value (slower for the caller than a None, but the same values).
            outputs = compiled(data)
        else:
            entry = concrete.get(key)
            if entry is None:
                function = compiled.get_concrete_function(data)
                entry = concrete[key] = (function, _flat_call(function, data, tensors),
                                         assigned_by_trace.get(function.graph))
            function, flat, assigned = entry
            outputs = function(data) if flat is None else flat(tensors)
        new_values: list[Any] = []
        for index, slot in enumerate(slots):
            if assigned is None or assigned[index]:
                slot.synced = slot.deferred
                new_values.append(slot.deferred)
            else:
                new_values.append(None)
        return new_values, outputs

    return call


def _signature(data: Any) -> tuple[Any, list[tf.Tensor]]:
    """A hashable key of a batch's structure, shapes and dtypes (``None`` when it holds more than tensors and
    ``None``), and its tensors in order."""
    leaves, treedef = optree.tree_flatten(data, none_is_leaf=True)
    key: list[Any] = [treedef]
    tensors: list[tf.Tensor] = []
    for leaf in leaves:
        if isinstance(leaf, tf.Tensor):
            key.append((leaf.dtype, leaf.shape))
            tensors.append(leaf)
        elif leaf is None:
            key.append(None)
        else:
            return None, tensors
    return tuple(key), tensors


def _flat_call(function: Any, data: Any, tensors: list[tf.Tensor]) -> Callable[[list[tf.Tensor]], Any] | None:
    """``function`` called on the batch's tensors as a flat list, or ``None`` where that is not known to be right.

    Calling a concrete function with a structured batch binds it to the function's signature and flattens
    it again on every call (tens of microseconds, a tenth of a small model's step). Given the same batch
    signature, that flattening always yields the batch's tensors in the same order: checked once here on
    the first batch (TensorFlow's own flattening must give exactly ``tensors``), the step then passes them
    flat. The flat entry point is TensorFlow's private ``_call_flat``; without it (another TensorFlow
    version) or when the check fails, the structured call is kept.
    """
    call_flat = getattr(function, "_call_flat", None)
    function_type = getattr(function, "function_type", None)
    if call_flat is None or function_type is None:
        return None
    try:
        flat = function_type.unpack_inputs(function_type.bind(data))
    except (AttributeError, TypeError, ValueError):
        return None
    if len(flat) != len(tensors) or any(a is not b for a, b in zip(flat, tensors)):
        return None
    return lambda flat_tensors: call_flat(flat_tensors, captured_inputs=function.captured_inputs)
