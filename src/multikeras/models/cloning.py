"""``clone_model`` and ``model_from_json``: new models with the structure of existing ones."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import optree

from multikeras.layers.core.input_layer import InputLayer
from multikeras.layers.layer import Layer
from multikeras.models.functional import Functional
from multikeras.models.model import Model
from multikeras.models.sequential import Sequential
from multikeras.saving import serialization_lib
from multikeras.symbolic.keras_tensor import KerasTensor


def _from_config(layer: Layer) -> Layer:
    """The default ``clone_function``: a new layer of the same class and config (fresh weights)."""
    return type(layer).from_config(layer.get_config())


def clone_model(
    model: Model,
    input_tensors: Any = None,
    clone_function: Callable[[Layer], Layer] | None = None,
    call_function: Callable[..., Any] | None = None,
    recursive: bool = False,
    **kwargs: Any,
) -> Model:
    """A new model with the structure of ``model`` and new layers (new weights, not copies).

    Args:
        model: a Sequential, Functional or subclassed model (a subclassed
            one is rebuilt with ``from_config(get_config())``).
        input_tensors: ``keras.Input`` tensors (a structure like the
            model's inputs) to build the clone on, instead of new ones like
            the model's (Sequential and Functional models only).
        clone_function: makes each new layer from an old one; by default
            ``type(layer).from_config(layer.get_config())``. Return the
            layer itself to share it (and its weights) with the original.
            A layer used several times is cloned once.
        call_function: ``call_function(layer, *args, **kwargs)`` replaces
            each layer call while the new graph is built (Functional models
            only), e.g. to insert layers.
        recursive: clone nested Sequential and Functional models with
            :func:`clone_model` (and these arguments) rather than handing
            them to ``clone_function`` as one layer.

    Returns:
        The new model, named as ``model``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     model = mk.Sequential([mk.Input((3,)), mk.layers.Dense(2, name="d")], name="net")
        ...     clone = clone_model(model)
        >>> clone.name, [layer.name for layer in clone.layers], clone.layers[0] is model.layers[0]
        ('net', ['d'], False)
    """
    if kwargs:
        raise ValueError(f"clone_model: unexpected keyword argument(s) {tuple(kwargs)}.")
    if isinstance(model, Sequential):
        if call_function is not None:
            raise ValueError(f"clone_model: `call_function` is only supported for Functional models; received the "
                             f"Sequential model '{model.name}'.")
        return _clone_sequential(model, input_tensors, _layer_cloner(clone_function, recursive))
    if isinstance(model, Functional):
        return _clone_functional(model, input_tensors, _layer_cloner(clone_function, recursive), call_function)
    if clone_function is not None or input_tensors is not None:
        raise ValueError(f"clone_model: `clone_function` and `input_tensors` are only supported for Sequential and "
                         f"Functional models; received model '{getattr(model, 'name', model)}' of type "
                         f"{type(model).__name__}.")
    if call_function is not None:
        raise ValueError(f"clone_model: `call_function` is only supported for Functional models; received model "
                         f"'{getattr(model, 'name', model)}' of type {type(model).__name__}.")
    if not isinstance(model, Layer):
        raise ValueError(f"clone_model: expected a model, received {type(model).__name__} {model!r}.")
    return _from_config(model)


def _layer_cloner(clone_function: Callable[[Layer], Layer] | None, recursive: bool) -> Callable[[Layer], Layer]:
    """One clone per layer (a shared layer stays shared), nested models cloned whole when ``recursive``."""
    make = clone_function or _from_config
    clones: dict[int, Layer] = {}

    def clone(layer: Layer) -> Layer:
        if not isinstance(layer, Layer):
            return layer  # a plain Operation holds no state: the clone calls the same one, as Keras 3 does
        if id(layer) not in clones:
            if recursive and isinstance(layer, (Sequential, Functional)):
                clones[id(layer)] = clone_model(layer, clone_function=clone_function, recursive=True)
            else:
                new = make(layer)
                if not isinstance(new, Layer):
                    raise ValueError(f"clone_model: `clone_function` must return a layer; for layer '{layer.name}' "
                                     f"it returned {type(new).__name__} {new!r}.")
                clones[id(layer)] = new
        return clones[id(layer)]

    return clone


def _input_tensor(tensor: Any, where: str) -> KerasTensor:
    history = getattr(tensor, "_keras_history", None)
    if not isinstance(tensor, KerasTensor) or history is None or not isinstance(history[0], InputLayer):
        raise ValueError(f"clone_model: `input_tensors` must be keras.Input() tensors; {where} received "
                         f"{type(tensor).__name__} {tensor!r}.")
    return tensor


def _clone_sequential(model: Sequential, input_tensors: Any, clone: Callable[[Layer], Layer]) -> Sequential:
    stack: list[Any] = []
    if input_tensors is not None:
        flat = optree.tree_leaves(input_tensors, none_is_leaf=True)
        if len(flat) != 1:
            raise ValueError(f"clone_model: a Sequential model takes one input tensor, received {len(flat)}.")
        stack.append(_input_tensor(flat[0], f"Sequential model '{model.name}'"))
    elif model._stack and isinstance(model._stack[0], InputLayer):
        stack.append(_from_config(model._stack[0]))
    stack.extend(clone(layer) for layer in model.layers)
    clone_ = Sequential(stack, trainable=model.trainable, name=model.name)
    if not clone_.built and model._build_input_shape is not None:
        clone_.build(model._build_input_shape)
    return clone_


def _clone_functional(model: Functional, input_tensors: Any, clone: Callable[[Layer], Layer],
                      call_function: Callable[..., Any] | None) -> Functional:
    if input_tensors is None:
        new_inputs = [_from_config(tensor._keras_history[0]).output for tensor in model.inputs]
        inputs_struct = optree.tree_unflatten(
            optree.tree_structure(model.input, is_leaf=lambda x: isinstance(x, KerasTensor), none_is_leaf=True),
            new_inputs)
    else:
        new_inputs = optree.tree_leaves(input_tensors, is_leaf=lambda x: isinstance(x, KerasTensor))
        if len(new_inputs) != len(model.inputs):
            raise ValueError(f"clone_model: model '{model.name}' has {len(model.inputs)} inputs, received "
                             f"{len(new_inputs)} input tensors.")
        new_inputs = [_input_tensor(tensor, f"model '{model.name}'") for tensor in new_inputs]
        inputs_struct = input_tensors
    values: dict[int, Any] = {id(old): new for old, new in zip(model.inputs, new_inputs)}
    for node in model._nodes:
        if isinstance(node.layer, InputLayer):
            continue
        args, call_kwargs = node.fill(values)
        layer = clone(node.layer)
        outputs = call_function(layer, *args, **call_kwargs) if call_function else layer(*args, **call_kwargs)
        for old, new in zip(node.output_tensors, optree.tree_leaves(outputs, none_is_leaf=True)):
            values[id(old)] = new
    outputs_struct = optree.tree_map(lambda tensor: values[id(tensor)], model.output,
                                     is_leaf=lambda x: isinstance(x, KerasTensor))
    return Functional(inputs_struct, outputs_struct, name=model.name, trainable=model.trainable)


def model_from_json(json_string: str, custom_objects: dict[str, Any] | None = None) -> Model:
    """The model described by :meth:`Model.to_json`'s output (new weights).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     text = mk.Sequential([mk.Input((2,)), mk.layers.Dense(1)], name="tiny").to_json()
        ...     model = model_from_json(text)
        >>> model.name, model.output_shape
        ('tiny', (None, 1))
    """
    try:
        config = json.loads(json_string)
    except (TypeError, ValueError) as error:
        raise ValueError(f"model_from_json: expected a JSON string from Model.to_json(), could not parse it: "
                         f"{error}") from None
    return serialization_lib.deserialize_keras_object(config, custom_objects=custom_objects)
