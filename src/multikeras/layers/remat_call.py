"""How a layer created under a :class:`~multikeras.RematScope` runs its call.

The layer's weights (and other state: seed generators, moving statistics)
are handed to ``remat`` as explicit arguments and bound inside it with a
:class:`~multikeras.state.StatelessScope`: every backend then differentiates
through them (a framework sees arguments, not the values a function closes
over), and the recomputation in the backward pass reads the same state as
the forward pass (the same dropout mask). Assignments made by the call are
returned from the rematerialized function and applied after it.
"""

from __future__ import annotations

import math
from typing import Any

import optree

from multikeras.backend.dtypes import standardize_dtype
from multikeras.backend.rematerialization import remat
from multikeras.state.autocast_scope import AutocastScope
from multikeras.state.stateless_scope import StatelessScope
from multikeras.symbolic.keras_tensor import KerasTensor


def _call(layer: Any, args: tuple, kwargs: dict[str, Any]) -> Any:
    if layer.autocast and (compute_dtype := layer.compute_dtype) != layer.variable_dtype:
        with AutocastScope(compute_dtype):
            return layer.call(*args, **kwargs)
    return layer.call(*args, **kwargs)


def _full(layer: Any, args: tuple, kwargs: dict[str, Any]) -> Any:
    variables = list(layer.variables)
    values = [variable.value for variable in variables]
    assigned: list[Any] = []

    def pure(state: list[Any], call_args: tuple, call_kwargs: dict[str, Any]) -> Any:
        with StatelessScope(zip(variables, state), trusted=True) as scope:
            outputs = _call(layer, call_args, call_kwargs)
        assigned[:] = scope.assigned_variables()
        return outputs, [scope.get_current_value(variable) for variable in assigned]

    outputs, new_values = remat(pure)(values, args, kwargs)
    for variable, value in zip(list(assigned), new_values):
        variable.assign(value)
    return outputs


def _output_size(layer: Any, args: tuple, kwargs: dict[str, Any]) -> int:
    """Elements of the call's outputs, from shape inference (cached per input shapes)."""
    key = tuple(tuple(getattr(leaf, "shape", ())) for leaf in optree.tree_leaves((args, kwargs)))
    cache = layer.__dict__.setdefault("_remat_output_sizes", {})
    size = cache.get(key)
    if size is None:
        def as_spec(leaf: Any) -> Any:
            if hasattr(leaf, "shape") and hasattr(leaf, "dtype"):
                return KerasTensor(tuple(leaf.shape), standardize_dtype(leaf.dtype))
            return leaf

        spec_args, spec_kwargs = optree.tree_map(as_spec, (args, kwargs), none_is_leaf=True)
        specs = layer.compute_output_spec(*spec_args, **spec_kwargs)
        size = sum(math.prod(int(d or 1) for d in spec.shape) for spec in optree.tree_leaves(specs) if hasattr(spec, "shape"))
        cache[key] = size
    return size


def rematerialized_call(layer: Any, args: tuple, kwargs: dict[str, Any]) -> Any:
    """``layer.call(*args, **kwargs)`` rematerialized as its ``RematScope`` mode says.

    ``"full"``: the whole call; ``"list_of_layers"``: the whole call when the
    layer's name is listed; ``"larger_than"``: the whole call when its outputs
    have more than ``output_size_threshold`` elements; ``"activations"``: only
    ``layer.activation``, for layers that have one.
    """
    mode = layer._remat_mode
    kind = mode.mode
    if kind == "full":
        return _full(layer, args, kwargs)
    if kind == "list_of_layers":
        if layer.name in mode.layer_names:
            return _full(layer, args, kwargs)
        return _call(layer, args, kwargs)
    if kind == "larger_than":
        if _output_size(layer, args, kwargs) > mode.output_size_threshold:
            return _full(layer, args, kwargs)
        return _call(layer, args, kwargs)
    # "activations"
    activation = getattr(layer, "activation", None)
    if activation is None or not callable(activation):
        return _call(layer, args, kwargs)
    layer.activation = remat(activation)
    try:
        return _call(layer, args, kwargs)
    finally:
        layer.activation = activation
