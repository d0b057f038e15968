"""`Functional`: a model defined by a graph of layer calls on KerasTensors."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import optree

from multikeras.layers.core.input_layer import InputLayer
from multikeras.layers.layer import Layer, _argument_masks, _masks_of
from multikeras.layers.node import Node
from multikeras.models.model import Model
from multikeras.saving import serialization_lib
from multikeras.saving.object_registration import register_builtin
from multikeras.symbolic.keras_tensor import KerasTensor
from multikeras.symbolic.operation import Operation


def _is_keras_tensor(x: Any) -> bool:
    return isinstance(x, KerasTensor)


_CONTAINERS = (list, tuple, dict)


class _CallPlan:
    """Per node of a Functional graph (input layers left out): ``(node, layer, id of its one input tensor when
    it was called as ``layer(tensor)`` else None, id of its output tensor when it returned one tensor else
    None)``. Held outside lists and dicts so that layer tracking does not walk it."""

    __slots__ = ("nodes", "steps")

    def __init__(self, nodes: list[Node]):
        self.nodes = nodes
        steps = []
        for node in nodes:
            layer = node.layer
            if isinstance(layer, InputLayer):
                continue
            args = node.call_args
            single_input = id(args[0]) if len(args) == 1 and not node.call_kwargs and _is_keras_tensor(args[0]) else None
            single_output = id(node.outputs) if _is_keras_tensor(node.outputs) else None
            steps.append((node, layer, single_input, single_output))
        self.steps = tuple(steps)


# Keras 3 writes Functional models under their private module (the class is not exported), and can load
# them only from there. The innermost registration is the module written.
@register_builtin("keras", "Functional")
@register_builtin("keras.models", "Functional")
@register_builtin("keras.src.models.functional", "Functional")
class Functional(Model):
    """A model whose layers and connections come from calls on symbolic inputs.

    Args:
        inputs: a KerasTensor from :func:`~multikeras.Input`, or a list or dict of them.
        outputs: KerasTensors computed from ``inputs`` (a tensor, list or dict).
        name: the model name.
        trainable: whether the model's weights are trainable.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     a, b = mk.Input((3,), name="a"), mk.Input((3,), name="b")
        ...     shared = mk.layers.Dense(4)
        ...     model = mk.Model([a, b], shared(a) + shared(b))
        ...     y = model([mk.ops.ones((2, 3)), mk.ops.zeros((2, 3))])
        >>> y.shape, len(model.weights)
        ((2, 4), 2)
    """

    def __init__(self, inputs: Any, outputs: Any, name: str | None = None, **kwargs: Any):
        super(Model, self).__init__(name=name, **kwargs)
        self._inputs_struct = inputs
        self._outputs_struct = outputs
        self._input_tensors = _flatten_tensors(inputs, "inputs", self.name)
        # Where each input tensor sits in ``inputs`` (keys and indices), in the order of ``_input_tensors``
        # (optree's: dict keys sorted), so that a call's structured inputs are read by key, not by position.
        self._input_paths: list[tuple[Any, ...]] = optree.tree_flatten_with_path(
            inputs, is_leaf=_is_keras_tensor, none_is_leaf=True
        )[0]
        # Dict or nested inputs are read by path at each call; decided once here (this runs for every call).
        self._reads_inputs_by_path = isinstance(inputs, Mapping) or (
            isinstance(inputs, (list, tuple)) and len(self._input_paths) > 1
            and any(len(path) > 1 for path in self._input_paths)
        )
        self._output_tensors = _flatten_tensors(outputs, "outputs", self.name)
        for tensor in self._input_tensors:
            layer = tensor._keras_history[0] if tensor._keras_history else None
            if not isinstance(layer, InputLayer):
                raise ValueError(
                    f"Model '{self.name}': every input must come from keras.Input(); received {tensor!r}."
                )
        self._nodes = _nodes_between(self._input_tensors, self._output_tensors, self.name)
        self._operations: list[Operation] = _operations_of(self._nodes)
        self._bind_backend()
        self._record_path()  # built from the start: its path is fixed here, as in Keras 3
        self.built = True

    # Structure ---------------------------------------------------------------

    @property
    def inputs(self) -> list[KerasTensor]:
        return list(self._input_tensors)

    @property
    def outputs(self) -> list[KerasTensor]:
        return list(self._output_tensors)

    @property
    def input(self) -> Any:
        return self._inputs_struct

    @property
    def output(self) -> Any:
        return self._outputs_struct

    @property
    def input_shape(self) -> Any:
        return optree.tree_map(lambda t: t.shape, self._inputs_struct, is_leaf=_is_keras_tensor)

    @property
    def output_shape(self) -> Any:
        return optree.tree_map(lambda t: t.shape, self._outputs_struct, is_leaf=_is_keras_tensor)

    @property
    def layers(self) -> list[Layer]:
        """Every layer of the graph, input layers included (as Keras lists them), in execution order.

        Plain :class:`~multikeras.Operation` nodes run in the graph but are not layers, as in Keras 3.
        """
        return [op for op in self._operations if isinstance(op, Layer)]

    @property
    def _layers(self) -> list[Layer]:
        return [op for op in self._operations if isinstance(op, Layer)]

    # Running -----------------------------------------------------------------

    def build(self, input_shape: Any = None) -> None:
        self.built = True

    def call(self, inputs: Any, training: bool | None = None, mask: Any = None) -> Any:
        values: dict[int, Any] = {}
        masks: dict[int, Any] = {}
        flat_inputs = self._flatten_call_inputs(inputs)
        flat_masks = self._flatten_call_masks(mask)
        for tensor, value, input_mask in zip(self._input_tensors, flat_inputs, flat_masks):
            values[id(tensor)] = value
            if input_mask is not None:
                masks[id(tensor)] = input_mask
        for node, layer, single_input, single_output in self._call_plan().steps:
            if single_input is not None:  # layer(tensor): no argument structure to rebuild
                args, kwargs = (values[single_input],), {}
            else:
                args, kwargs = node.fill(values)
            if layer._call_takes_training and training is not None and kwargs.get("training") is None:
                kwargs["training"] = training
            incoming_mask = None
            if masks and node.call_args:  # no mask anywhere yet: every input's mask is None
                incoming_mask = _masks_of(node.call_args[0], lambda tensor: masks.get(id(tensor)))
            if layer._call_takes_mask and "mask" not in kwargs and incoming_mask is not None:
                kwargs["mask"] = incoming_mask
            if masks and layer._call_argument_masks:
                kwargs.update(_argument_masks(layer, node.call_args, node.call_kwargs, lambda t: masks.get(id(t))))
            outputs = layer(*args, **kwargs)
            if single_output is not None and outputs is not None and not isinstance(outputs, _CONTAINERS):
                values[single_output] = outputs
            else:
                flat_outputs = optree.tree_leaves(outputs, none_is_leaf=True)
                for tensor, value in zip(node.output_tensors, flat_outputs):
                    values[id(tensor)] = value
            if layer.supports_masking or type(layer).compute_mask is not Layer.compute_mask:
                out_mask = layer.compute_mask(args[0] if args else None, incoming_mask)
                if out_mask is not None:
                    out_masks = out_mask if isinstance(out_mask, (list, tuple)) else [out_mask] * len(node.output_tensors)
                    for tensor, m in zip(node.output_tensors, out_masks):
                        masks[id(tensor)] = m
        if _is_keras_tensor(self._outputs_struct):
            return values[id(self._outputs_struct)]
        outputs = optree.tree_map(lambda t: values[id(t)], self._outputs_struct, is_leaf=_is_keras_tensor)
        if isinstance(outputs, (list, tuple)) and len(outputs) == 1 and _is_keras_tensor(self._outputs_struct[0]):
            return outputs[0]  # Model(inputs, [y]) returns y itself, as in Keras 3
        return outputs

    def _call_plan(self) -> _CallPlan:
        """The graph's layer calls in order, with what :meth:`call` can skip for each, worked out once."""
        plan = self.__dict__.get("_functional_call_plan")
        if plan is None or plan.nodes is not self._nodes:
            plan = _CallPlan(self._nodes)
            object.__setattr__(self, "_functional_call_plan", plan)
        return plan

    def _flatten_call_inputs(self, inputs: Any) -> list[Any]:
        if self._reads_inputs_by_path:
            # Nested or dict inputs: read each value at its input's path (keys as in the model's inputs,
            # whatever their order in the call; extra keys are ignored, as in Keras 3).
            leaves = None if isinstance(inputs, Mapping) else optree.tree_leaves(inputs, none_is_leaf=True)
            if len(self._input_paths) == 1 and leaves is not None and len(leaves) == 1:
                flat = leaves  # one input given bare (or in a list of one): Keras 3 accepts it too
            else:
                flat = [self._call_value_at(inputs, path) for path in self._input_paths]
            for tensor, value in zip(self._input_tensors, flat):
                shape = getattr(value, "shape", None)
                if shape is not None:
                    _check_compatible(tensor, tuple(shape), self.name)
            return flat
        if isinstance(inputs, Mapping):
            names = [t._keras_history[0].name for t in self._input_tensors]
            missing = [n for n in names if n not in inputs]
            if missing:
                raise ValueError(f"Model '{self.name}': missing inputs {missing}; received keys {sorted(inputs)}.")
            return [inputs[n] for n in names]
        flat = list(inputs) if isinstance(inputs, (list, tuple)) and len(self._input_tensors) > 1 else [inputs]
        if len(flat) != len(self._input_tensors):
            raise ValueError(
                f"Model '{self.name}' expects {len(self._input_tensors)} inputs "
                f"({[t.shape for t in self._input_tensors]}), received {len(flat)}."
            )
        for tensor, value in zip(self._input_tensors, flat):
            shape = getattr(value, "shape", None)
            if shape is not None:
                _check_compatible(tensor, tuple(shape), self.name)
        return flat

    def _call_value_at(self, inputs: Any, path: tuple[Any, ...]) -> Any:
        """``inputs[path[0]][path[1]]...``, or a ValueError that shows the expected and received structures."""
        value = inputs
        try:
            for key in path:
                if not isinstance(value, (Mapping, list, tuple)):  # an array would index along its batch axis
                    raise TypeError(f"a {type(value).__name__} where a dict, list or tuple was expected")
                value = value[key]
        except (KeyError, IndexError, TypeError) as error:
            expected = optree.tree_map(lambda t: t._keras_history[0].name, self._inputs_struct, is_leaf=_is_keras_tensor)
            received = optree.tree_map(
                lambda v: f"{type(v).__name__}{tuple(v.shape) if hasattr(v, 'shape') else ''}", inputs, none_is_leaf=True
            )
            reason = f"missing key {error}" if isinstance(error, KeyError) else str(error)
            raise ValueError(
                f"Model '{self.name}': the inputs do not match the model's input structure; no value at "
                f"{'.'.join(map(str, path))} ({reason}). Expected: {expected}. Received: {received}."
            ) from None
        return value

    def _flatten_call_masks(self, mask: Any) -> list[Any]:
        if mask is None:
            return [None] * len(self._input_tensors)
        if isinstance(mask, Mapping):
            return [self._mask_at(mask, path) for path in self._input_paths]
        if isinstance(mask, (list, tuple)) and len(self._input_tensors) > 1:
            return list(mask)
        return [mask]

    def _mask_at(self, mask: Any, path: tuple[Any, ...]) -> Any:
        """The mask at ``path`` in a structured ``mask`` argument, None where it gives none."""
        for key in path:
            try:
                mask = mask[key]
            except (KeyError, IndexError, TypeError):
                return None
            if mask is None:
                return None
        return mask

    # Config ------------------------------------------------------------------

    def get_config(self) -> dict[str, Any]:
        """Keras 3's Functional config: layers with their inbound nodes, and the graph's ends."""
        node_ids = {id(node) for node in self._nodes}
        kept_index: dict[int, int] = {}
        for layer in self._operations:
            for i, node in enumerate(n for n in layer._inbound_nodes if id(n) in node_ids):
                kept_index[id(node)] = i
        layers = []
        for layer in self._operations:
            kept = [node for node in layer._inbound_nodes if id(node) in node_ids]
            entry = serialization_lib.serialize_keras_object(layer)
            entry["name"] = layer.name
            entry["inbound_nodes"] = [] if isinstance(layer, InputLayer) else [_serialize_node(n, kept_index) for n in kept]
            layers.append(entry)
        return {
            "name": self.name,
            "trainable": self.trainable,
            "layers": layers,
            "input_layers": _tensor_refs(self._inputs_struct, kept_index),
            "output_layers": _tensor_refs(self._outputs_struct, kept_index),
        }

    @classmethod
    def from_config(cls, config: dict[str, Any], custom_objects: Any = None) -> Functional:
        """Rebuild the graph: create each layer, then replay its calls in order."""
        created: dict[str, Layer] = {}
        pending: list[tuple[Layer, list[Any]]] = []
        for entry in config["layers"]:
            layer = serialization_lib.deserialize_keras_object(
                {k: v for k, v in entry.items() if k not in ("inbound_nodes", "name")},
                custom_objects=custom_objects, module="keras.layers",
            )
            created[entry["name"]] = layer
            pending.append((layer, entry.get("inbound_nodes", [])))
        produced: dict[tuple[str, int], list[KerasTensor]] = {}
        for name, layer in created.items():
            if isinstance(layer, InputLayer):
                produced[(name, 0)] = [layer.output]
        progress = True
        while progress:
            progress = False
            for layer, nodes in pending:
                done = sum(1 for key in produced if key[0] == layer.name)
                if isinstance(layer, InputLayer) or done >= len(nodes):
                    continue
                node_data = nodes[done]
                try:
                    args, kwargs = _deserialize_node(node_data, produced)
                except KeyError:
                    continue
                outputs = layer(*args, **kwargs)
                produced[(layer.name, done)] = optree.tree_leaves(outputs, is_leaf=_is_keras_tensor)
                progress = True

        inputs = _resolve_tensor_refs(config["input_layers"], produced, created)
        outputs = _resolve_tensor_refs(config["output_layers"], produced, created)
        if isinstance(inputs, list) and len(inputs) == 1:
            inputs = inputs[0]
        if isinstance(outputs, list) and len(outputs) == 1:
            outputs = outputs[0]
        return cls(inputs, outputs, name=config.get("name"), trainable=config.get("trainable", True))


def _check_compatible(tensor: KerasTensor, shape: tuple, model_name: str) -> None:
    expected = tensor.shape
    if len(shape) != len(expected) or any(e is not None and e != r for e, r in zip(expected, shape)):
        raise ValueError(
            f"Model '{model_name}': input '{tensor._keras_history[0].name}' expects shape {expected}, received {shape}."
        )


def _flatten_tensors(structure: Any, what: str, model_name: str, kind: str = "Model") -> list[KerasTensor]:
    leaves = optree.tree_leaves(structure, is_leaf=_is_keras_tensor, none_is_leaf=True)
    for leaf in leaves:
        if not isinstance(leaf, KerasTensor):
            raise ValueError(f"{kind} '{model_name}': {what} must be KerasTensors, received {type(leaf).__name__} {leaf!r}.")
    if not leaves:
        raise ValueError(f"{kind} '{model_name}': {what} is empty.")
    return leaves


def _operations_of(nodes: list[Node]) -> list[Operation]:
    """The operations (layers included) that ``nodes`` call, each once, in the nodes' order."""
    operations: list[Operation] = []
    seen: set[int] = set()
    for node in nodes:
        if id(node.layer) not in seen:
            seen.add(id(node.layer))
            operations.append(node.layer)
    return operations


def _nodes_between(inputs: list[KerasTensor], outputs: list[KerasTensor], model_name: str,
                   kind: str = "Model") -> list[Node]:
    """Nodes needed to compute ``outputs`` from ``inputs``, in an order where parents come first.

    An input may be a KerasTensor no operation produced (``Function`` takes those): it has no node.
    """
    input_ids = {id(t) for t in inputs}
    order: list[Node] = []
    state: dict[int, str] = {}

    def visit(tensor: KerasTensor) -> None:
        if tensor._keras_history is None:
            if id(tensor) in input_ids:
                return
            raise ValueError(f"{kind} '{model_name}': {tensor!r} was not produced by a layer call on keras.Input().")
        layer, node_index, _ = tensor._keras_history
        node = layer._inbound_nodes[node_index]
        if id(tensor) in input_ids:
            if state.get(id(node)) is None:
                state[id(node)] = "done"
                order.append(node)
            return
        if isinstance(layer, InputLayer):
            raise ValueError(
                f"Graph disconnected: {kind.lower()} '{model_name}' needs the input '{layer.name}' {tensor.shape}, "
                f"which is not among its inputs {[t._keras_history[0].name if t._keras_history else t.name for t in inputs]}."
            )
        if state.get(id(node)) == "done":
            return
        if state.get(id(node)) == "visiting":
            raise ValueError(f"{kind} '{model_name}': the graph has a cycle through '{layer.name}'.")
        state[id(node)] = "visiting"
        for parent_tensor in node.input_tensors:
            visit(parent_tensor)
        state[id(node)] = "done"
        order.append(node)

    for tensor in inputs:
        visit(tensor)
    for tensor in outputs:
        visit(tensor)
    return order


def _history(tensor: KerasTensor, kept_index: dict[int, int]) -> list[Any]:
    """``[layer name, node index among the model's nodes, tensor index]``."""
    layer, index, tensor_index = tensor._keras_history
    return [layer.name, kept_index.get(id(layer._inbound_nodes[index]), index), tensor_index]


def _serialize_node(node: Node, kept_index: dict[int, int]) -> dict[str, Any]:
    def ref(leaf: Any) -> Any:
        if isinstance(leaf, KerasTensor):
            return {"class_name": "__keras_tensor__", "config": {
                "shape": list(leaf.shape), "dtype": leaf.dtype, "keras_history": _history(leaf, kept_index)}}
        return serialization_lib.serialize_keras_object(leaf)

    args = optree.tree_map(ref, list(node.call_args), is_leaf=_is_keras_tensor, none_is_leaf=True)
    kwargs = optree.tree_map(ref, dict(node.call_kwargs), is_leaf=_is_keras_tensor, none_is_leaf=True)
    return {"args": args, "kwargs": kwargs}


def _deserialize_node(data: Any, produced: dict[tuple[str, int], list[KerasTensor]]) -> tuple[tuple, dict[str, Any]]:
    def resolve(value: Any) -> Any:
        if isinstance(value, dict) and value.get("class_name") == "__keras_tensor__":
            name, index, tensor_index = value["config"]["keras_history"]
            return produced[(name, index)][tensor_index]
        if isinstance(value, dict) and "class_name" in value:
            return serialization_lib.deserialize_keras_object(value)
        if isinstance(value, dict):
            return {k: resolve(v) for k, v in value.items()}
        if isinstance(value, list):
            return [resolve(v) for v in value]
        return value

    if isinstance(data, dict):
        return tuple(resolve(data.get("args", []))), resolve(data.get("kwargs", {}))
    # Keras 2 layout: [[layer_name, node_index, tensor_index, kwargs], ...]
    tensors = [produced[(item[0], item[1])][item[2]] for item in data]
    return ((tensors[0] if len(tensors) == 1 else tensors),), {}


def _tensor_refs(structure: Any, kept_index: dict[int, int]) -> Any:
    """``input_layers`` / ``output_layers``: ``[layer name, node index, tensor index]`` in the model's structure.

    As Keras 3 writes them: one tensor is one triple (a list of one is a list
    of one triple), and the node index of a Functional layer counts one extra
    node (the one Keras 2 models had from their own construction), which
    :func:`_resolve_tensor_refs` takes off again.
    """

    def ref(tensor: KerasTensor) -> list[Any]:
        name, index, tensor_index = _history(tensor, kept_index)
        return [name, index + 1 if isinstance(tensor._keras_history[0], Functional) else index, tensor_index]

    return optree.tree_map(ref, structure, is_leaf=_is_keras_tensor)


def _resolve_tensor_refs(refs: Any, produced: dict[tuple[str, int], list[KerasTensor]],
                         layers: dict[str, Layer]) -> Any:
    """The KerasTensors named by ``input_layers`` / ``output_layers`` (see :func:`_tensor_refs`)."""
    if isinstance(refs, list) and len(refs) == 3 and isinstance(refs[0], str):
        name, index, tensor_index = refs
        if isinstance(layers.get(name), Functional):
            index -= 1
        return produced[(name, index)][tensor_index]
    if isinstance(refs, dict):
        return {key: _resolve_tensor_refs(value, produced, layers) for key, value in refs.items()}
    if isinstance(refs, list):
        return [_resolve_tensor_refs(value, produced, layers) for value in refs]
    raise TypeError(f"Functional.from_config: expected [layer name, node index, tensor index] references, received {refs!r}.")
