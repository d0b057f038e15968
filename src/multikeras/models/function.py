"""`Function`: a callable graph of operations from symbolic inputs to symbolic outputs (``keras.Function``).

The graph is found by the same walk as a Functional model's (``functional._nodes_between``); a Function
has no weights of its own, no masks and no ``training`` flag: it replays the recorded calls on arrays.
"""

from __future__ import annotations

from typing import Any

import optree

from multikeras.models.functional import _flatten_tensors, _nodes_between, _operations_of
from multikeras.symbolic.keras_tensor import KerasTensor
from multikeras.symbolic.operation import Operation
from multikeras.symbolic.output_spec import compute_output_spec as _infer_spec


def _is_keras_tensor(x: Any) -> bool:
    return isinstance(x, KerasTensor)


def _is_shape(value: Any) -> bool:
    return isinstance(value, (tuple, list)) and all(d is None or isinstance(d, int) for d in value)


class Function(Operation):
    """The operations between ``inputs`` and ``outputs``, callable on arrays.

    Calling it with arrays in the structure of ``inputs`` (the same nesting of
    lists, tuples and dicts) returns arrays in the structure of ``outputs``;
    calling it with KerasTensors records it as one operation of a larger graph.

    Args:
        inputs: a KerasTensor, or a list, tuple or dict of them: from
            :func:`~multikeras.Input`, or KerasTensors created directly.
        outputs: KerasTensors computed from ``inputs`` by layers and ops.
        name: the name; ``"function"``, ``"function_1"`` ... when ``None``.

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     x = mk.KerasTensor((None, 3))
        ...     fn = mk.Function(x, {"total": mk.ops.sum(x, axis=1), "twice": x * 2.0})
        ...     result = fn(np.ones((2, 3), "float32"))
        >>> sorted(result), result["total"].tolist()
        (['total', 'twice'], [3.0, 3.0])
    """

    def __init__(self, inputs: Any, outputs: Any, name: str | None = None):
        super().__init__(name=name)
        self._inputs_struct = inputs
        self._outputs_struct = outputs
        self._input_tensors = _flatten_tensors(inputs, "inputs", self.name, kind="Function")
        self._output_tensors = _flatten_tensors(outputs, "outputs", self.name, kind="Function")
        self._input_treedef = optree.tree_structure(inputs, is_leaf=_is_keras_tensor, none_is_leaf=True)
        self._nodes = _nodes_between(self._input_tensors, self._output_tensors, self.name, kind="Function")
        self._operations = _operations_of(self._nodes)

    @property
    def operations(self) -> list[Operation]:
        """The operations of the graph (input layers and layers included), each once, in execution order."""
        return list(self._operations)

    @property
    def inputs(self) -> list[KerasTensor]:
        """The input KerasTensors, flattened."""
        return list(self._input_tensors)

    @property
    def outputs(self) -> list[KerasTensor]:
        """The output KerasTensors, flattened."""
        return list(self._output_tensors)

    def call(self, inputs: Any) -> Any:
        """Run the graph on ``inputs`` (arrays in the structure of the ``inputs`` given at creation)."""
        flat = self._flatten_inputs(inputs)
        values: dict[int, Any] = {id(tensor): value for tensor, value in zip(self._input_tensors, flat)}
        for node in self._nodes:
            if all(id(tensor) in values for tensor in node.output_tensors):
                continue  # an input layer: its output is one of the inputs
            args, kwargs = node.fill(values)
            outputs = node.layer(*args, **kwargs)
            symbolic = optree.tree_leaves(node.outputs, is_leaf=_is_keras_tensor, none_is_leaf=True)
            concrete = optree.tree_leaves(outputs, none_is_leaf=True)
            if len(concrete) != len(symbolic):
                raise ValueError(
                    f"Function '{self.name}': '{node.layer.name}' returned {len(concrete)} values on arrays, "
                    f"but {len(symbolic)} when it was called on KerasTensors."
                )
            for tensor, value in zip(symbolic, concrete):
                if isinstance(tensor, KerasTensor):
                    values[id(tensor)] = value
        return optree.tree_map(lambda t: values[id(t)], self._outputs_struct, is_leaf=_is_keras_tensor, none_is_leaf=True)

    def compute_output_spec(self, inputs: Any) -> Any:
        """KerasTensors for the outputs, for KerasTensor ``inputs`` (the graph traced on the active backend)."""
        self._flatten_inputs(inputs)  # the structure and shapes are checked before tracing
        return _infer_spec(self.call, inputs)

    def compute_output_shape(self, input_shape: Any) -> Any:
        """The output shapes for ``input_shape`` (tuples in the structure of the inputs).

        Example:
            >>> import multikeras as mk
            >>> with mk.backend.use("numpy"):
            ...     x = mk.KerasTensor((None, 3))
            ...     print(mk.Function(x, mk.ops.sum(x, axis=-1)).compute_output_shape((5, 3)))
            (5,)
        """
        shapes = optree.tree_leaves(input_shape, is_leaf=_is_shape)
        if len(shapes) != len(self._input_tensors) or not all(_is_shape(shape) for shape in shapes):
            raise ValueError(
                f"Function '{self.name}': expected {len(self._input_tensors)} input shape(s), received {input_shape!r}."
            )
        specs = [KerasTensor(tuple(shape), tensor.dtype) for shape, tensor in zip(shapes, self._input_tensors)]
        outputs = self.compute_output_spec(optree.tree_unflatten(self._input_treedef, specs))
        return optree.tree_map(lambda t: t.shape, outputs, is_leaf=_is_keras_tensor, none_is_leaf=True)

    def _flatten_inputs(self, inputs: Any) -> list[Any]:
        """The input values in the order of :attr:`inputs`; the structure and each shape are checked."""
        flat, treedef = optree.tree_flatten(inputs, is_leaf=_is_keras_tensor, none_is_leaf=True)
        if treedef != self._input_treedef:
            raise ValueError(
                f"Function '{self.name}': expected inputs in the structure {self._input_treedef}, "
                f"received the structure {treedef}."
            )
        for index, (tensor, value) in enumerate(zip(self._input_tensors, flat)):
            shape = getattr(value, "shape", None)
            if shape is None:
                continue
            shape = tuple(None if d is None else int(d) for d in shape)
            expected = tensor.shape
            if len(shape) != len(expected) or any(e is not None and r is not None and e != r for e, r in zip(expected, shape)):
                label = tensor.name or (tensor._keras_history[0].name if tensor._keras_history else f"#{index}")
                raise ValueError(
                    f"Function '{self.name}': input '{label}' expects shape {expected}, received shape {shape}."
                )
        return flat
