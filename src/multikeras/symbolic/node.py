"""`Node`: one call of an operation (a layer or a plain :class:`~multikeras.Operation`) on KerasTensors,
an edge bundle of the graph that Functional models and :class:`~multikeras.Function` replay.

It sits beside :class:`KerasTensor` (below ``layers``) because :class:`~multikeras.Operation`, the base of
``Layer``, records nodes too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import optree

from multikeras.symbolic.keras_tensor import KerasTensor

if TYPE_CHECKING:
    from multikeras.symbolic.operation import Operation


def _is_keras_tensor(x: Any) -> bool:
    return isinstance(x, KerasTensor)


class Node:
    """Records ``outputs = layer(*call_args, **call_kwargs)`` on symbolic tensors.

    ``layer`` is any :class:`~multikeras.Operation` (``operation`` names the same object, as in Keras 3).
    Creating a node appends it to the operation's inbound nodes and stamps every
    output with ``_keras_history = (layer, node_index, tensor_index)``.
    """

    def __init__(self, layer: Operation, call_args: tuple, call_kwargs: dict[str, Any], outputs: Any):
        self.layer = layer
        self.call_args = call_args
        self.call_kwargs = call_kwargs
        leaves, self.arguments_treedef = optree.tree_flatten(
            (call_args, call_kwargs), is_leaf=_is_keras_tensor, none_is_leaf=True
        )
        self.argument_leaves = leaves
        self.input_tensors = [leaf for leaf in leaves if isinstance(leaf, KerasTensor)]
        self.outputs = outputs
        self.output_tensors = [
            leaf for leaf in optree.tree_leaves(outputs, is_leaf=_is_keras_tensor, none_is_leaf=True)
            if isinstance(leaf, KerasTensor)
        ]
        self.index = len(layer._inbound_nodes)
        layer._inbound_nodes.append(self)
        for tensor in self.input_tensors:
            if tensor._keras_history is not None:
                tensor._keras_history[0]._outbound_nodes.append(self)
        for i, tensor in enumerate(self.output_tensors):
            tensor._keras_history = (layer, self.index, i)

    @property
    def operation(self) -> Operation:
        """The operation (layer or plain :class:`~multikeras.Operation`) this node called."""
        return self.layer

    @property
    def parent_nodes(self) -> list[Node]:
        """Nodes that produced this node's inputs (input layers' nodes included)."""
        parents = []
        for tensor in self.input_tensors:
            if tensor._keras_history is not None:
                layer, node_index, _ = tensor._keras_history
                parents.append(layer._inbound_nodes[node_index])
        return parents

    def fill(self, values: dict[int, Any]) -> tuple[tuple, dict[str, Any]]:
        """The call's ``(args, kwargs)`` with each input KerasTensor replaced by ``values[id(tensor)]``."""
        leaves = [values[id(leaf)] if isinstance(leaf, KerasTensor) else leaf for leaf in self.argument_leaves]
        return optree.tree_unflatten(self.arguments_treedef, leaves)

    def __repr__(self) -> str:
        return f"<Node {self.layer.name}#{self.index}: {len(self.input_tensors)} in, {len(self.output_tensors)} out>"
