"""`TFSMLayer`: a TensorFlow SavedModel endpoint used as a layer (works where the active backend's tensors are
TensorFlow tensors).

The layer reaches TensorFlow only through the active backend's framework module (``Backend.native``), never by
importing it or by testing a backend's name (DESIGN.md rule 1): the module must offer ``saved_model.load`` and
``custom_gradient`` and produce tensors the backend accepts, which only the tensorflow backend's does.
"""

from __future__ import annotations

import os
from typing import Any

import optree

from multikeras.backend.selection import current
from multikeras.layers.layer import Layer
from multikeras.saving import serialization_lib
from multikeras.saving.object_registration import register_builtin
from multikeras.state.stateless_scope import in_stateless_scope
from multikeras.state.variable import Variable


def _native_tensorflow(where: str, received: str) -> Any:
    """The active backend's framework module when it can load and run a SavedModel (TensorFlow).

    Raises:
        ValueError: the active backend's framework is not TensorFlow (what was received, what is expected, where).
    """
    backend = current()
    native = getattr(backend, "native", None)
    load = getattr(getattr(native, "saved_model", None), "load", None)
    custom_gradient = getattr(native, "custom_gradient", None)
    if not callable(load) or not callable(custom_gradient) or not backend.is_tensor(native.zeros(())):
        raise ValueError(
            f"{where}: a TensorFlow SavedModel runs only where the backend's tensors are TensorFlow tensors (the "
            f"tensorflow backend), but the active backend is '{backend.name}', whose framework module is "
            f"{getattr(native, '__name__', None)!r}; received {received}. Select tensorflow, e.g. "
            "`with multikeras.backend.use('tensorflow'):`."
        )
    return native


def _endpoint_variables(endpoint: Any) -> list[Any]:
    """The ``tf.Variable``\\ s an endpoint captures: those of each of its traced (concrete) functions."""
    concrete = getattr(endpoint, "concrete_functions", None)
    functions = list(concrete) if concrete is not None else [endpoint]
    return [variable for function in functions for variable in getattr(function, "variables", ())]


@register_builtin("keras.layers")
class TFSMLayer(Layer):
    """A layer that calls an endpoint of a TensorFlow SavedModel, for inference (tensorflow backend only).

    The SavedModel at ``filepath`` is loaded once, at construction. Calling the
    layer calls its ``call_endpoint`` (an attribute of the loaded object, e.g. a
    ``tf.function`` saved on a ``tf.Module``, or else a key of its
    ``signatures``) on the inputs, or, when ``training=True`` and
    ``call_training_endpoint`` is given, that endpoint instead. Outputs are what
    the endpoint returns (a signature returns a dict of named tensors).

    The variables the endpoints capture become the layer's weights, trainable
    when the ``tf.Variable`` is and the layer is (``trainable=False`` makes them
    all non-trainable), named as in TensorFlow (``"w:0"``). The layer's
    variables hold the values: each call first writes a variable's value into
    the SavedModel's ``tf.Variable`` when it changed, so assigned or loaded
    weights are used. In a stateless call (a training step) or a traced one,
    gradients with respect to the weights' values flow through the endpoint,
    so a model holding the layer can be fine-tuned with ``fit``; a plain eager
    call runs the endpoint as is.

    Only usable when the active backend's tensors are TensorFlow tensors (the
    tensorflow backend); elsewhere the constructor raises a ``ValueError``.
    Loading a config that holds this layer loads the SavedModel it names, which
    is refused in safe mode, as in Keras 3.

    Args:
        filepath: the SavedModel directory.
        call_endpoint: the endpoint called for inference (default ``"serve"``, the name
            ``model.export`` gives; use ``"serving_default"`` for the default signature).
        call_training_endpoint: the endpoint called when ``training=True``; ``None`` uses ``call_endpoint``.
        trainable: whether the weights are trainable (``tf.Variable``\\ s with ``trainable=False`` never are).
        name: the layer name.
        dtype: the layer's dtype policy.
        **kwargs: other base layer arguments.

    Example:
        >>> import tempfile, numpy as np, tensorflow as tf, multikeras as mk
        >>> module = tf.Module()
        >>> module.w = tf.Variable([[2.0], [3.0]], name="w")
        >>> module.serve = tf.function(lambda x: tf.matmul(x, module.w), input_signature=[tf.TensorSpec([None, 2])])
        >>> path = tempfile.mkdtemp()
        >>> tf.saved_model.save(module, path)
        >>> with mk.backend.use("tensorflow"):
        ...     layer = mk.layers.TFSMLayer(path)
        ...     print(np.asarray(layer(np.ones((1, 2), "float32"))).tolist(), [w.name for w in layer.weights])
        [[5.0]] ['w:0']
    """

    def __init__(
        self,
        filepath: str | os.PathLike[str],
        call_endpoint: str = "serve",
        call_training_endpoint: str | None = None,
        trainable: bool = True,
        name: str | None = None,
        dtype: Any = None,
        **kwargs: Any,
    ):
        super().__init__(trainable=trainable, name=name, dtype=dtype, **kwargs)
        tf = _native_tensorflow(f"TFSMLayer '{self.name}'", f"filepath={str(filepath)!r}")
        self._tf = tf
        self.filepath = os.fspath(filepath)  # a str in the config, which is JSON
        self.call_endpoint = call_endpoint
        self.call_training_endpoint = call_training_endpoint
        self._saved_model = tf.saved_model.load(self.filepath)
        self._call_endpoint_fn = self._endpoint(call_endpoint, "call_endpoint")
        self._training_fn = (
            None if call_training_endpoint is None else self._endpoint(call_training_endpoint, "call_training_endpoint")
        )
        self._native_variables: list[Any] = []
        self._savedmodel_weights: list[Variable] = []
        # The value each SavedModel variable was last given (eager only), to skip writing an unchanged value.
        self._synced: list[Any] = []
        seen: set[int] = set()
        for native_variable in _endpoint_variables(self._call_endpoint_fn) + _endpoint_variables(self._training_fn):
            if id(native_variable) in seen:
                continue
            seen.add(id(native_variable))
            value = native_variable.read_value()
            variable = self.add_weight(
                shape=tuple(value.shape), initializer=lambda shape, dtype=None, _v=value: _v,
                dtype=value.dtype.name, trainable=bool(native_variable.trainable), autocast=False,
                name=native_variable.name.replace("/", "_"),
            )
            self._native_variables.append(native_variable)
            self._savedmodel_weights.append(variable)
            self._synced.append(variable.value)
        self.built = True

    def _endpoint(self, endpoint: str, argument: str) -> Any:
        """The callable named ``endpoint``: an attribute of the loaded SavedModel, else one of its signatures."""
        found = getattr(self._saved_model, endpoint, None)
        if callable(found):
            return found
        signatures = getattr(self._saved_model, "signatures", {})
        if endpoint in signatures:
            return signatures[endpoint]
        raise ValueError(
            f"TFSMLayer '{self.name}': received {argument}={endpoint!r}, which is neither a callable attribute nor a "
            f"signature of the SavedModel at {str(self.filepath)!r}; expected one of its endpoints, e.g. its "
            f"signatures {sorted(signatures)}."
        )

    def _write_weights(self) -> None:
        """Give each SavedModel variable the layer variable's current value (inside a compiled step, always)."""
        eager = self._tf.executing_eagerly()
        for index, (variable, native_variable) in enumerate(zip(self._savedmodel_weights, self._native_variables)):
            value = variable.value
            if eager and value is self._synced[index]:
                continue
            native_variable.assign(value)
            if eager:
                self._synced[index] = value

    def call(self, inputs: Any, training: bool | None = None) -> Any:
        endpoint = self._training_fn if training and self._training_fn is not None else self._call_endpoint_fn
        self._write_weights()
        tf = self._tf
        if not self.trainable_weights or (tf.executing_eagerly() and not in_stateless_scope()):
            # Gradients with respect to the weights' values are asked for only in a stateless call (a training
            # step) or a traced one; elsewhere the endpoint runs as is (the gradient wrapper costs ~0.5 ms eager),
            # and gradients with respect to the inputs still flow through its ops.
            return endpoint(inputs)
        input_leaves, input_def = optree.tree_flatten(inputs, none_is_leaf=False)
        input_count = len(input_leaves)
        values = [variable.value for variable in self._savedmodel_weights]
        output_def: list[Any] = []

        # The endpoint reads the SavedModel's tf.Variables, not the layer's values: the gradient with respect to a
        # layer value is the gradient with respect to the tf.Variable it was written into. Traced (a compiled
        # step), the forward pass is recorded on a tape, which adds no work at run time. Eager, recording would
        # slow every inference call (about 0.5 ms), so the backward pass runs the endpoint again on a tape; that
        # costs one more forward pass only when an eager gradient is asked for.
        traced = not tf.executing_eagerly()

        def run_recorded(leaves: list[Any]) -> tuple[Any, list[Any]]:
            with tf.GradientTape(watch_accessed_variables=False) as tape:
                tape.watch(leaves)
                tape.watch(self._native_variables)
                outputs = endpoint(optree.tree_unflatten(input_def, leaves))
            return tape, outputs

        @tf.custom_gradient
        def forward(*arguments: Any) -> Any:
            leaves = list(arguments[:input_count])
            if traced:
                tape, outputs = run_recorded(leaves)
            else:
                outputs = endpoint(optree.tree_unflatten(input_def, leaves))
            output_leaves, treedef = optree.tree_flatten(outputs, none_is_leaf=False)
            output_def.append(treedef)

            def backward(*upstream: Any, variables: Any = None) -> Any:
                if traced:
                    recorded_tape, recorded_leaves = tape, output_leaves
                else:
                    # The values of this call, in case the layer was called with others since.
                    for native_variable, value in zip(self._native_variables, arguments[input_count:]):
                        native_variable.assign(value)
                    recorded_tape, outputs_again = run_recorded(leaves)
                    recorded_leaves = optree.tree_leaves(outputs_again, none_is_leaf=False)
                grads = recorded_tape.gradient(
                    recorded_leaves, leaves + self._native_variables, output_gradients=list(upstream),
                    unconnected_gradients=tf.UnconnectedGradients.ZERO,
                )
                grads = [tf.convert_to_tensor(g) for g in grads]
                # The tf.Variables themselves are not what the caller differentiates (it watches the values).
                return grads, [tf.zeros_like(v) for v in (variables or ())]

            return output_leaves, backward

        outputs = forward(*[tf.convert_to_tensor(leaf) for leaf in input_leaves], *values)
        return optree.tree_unflatten(output_def[-1], list(outputs))

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update(
            filepath=self.filepath, call_endpoint=self.call_endpoint, call_training_endpoint=self.call_training_endpoint
        )
        return config

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> TFSMLayer:
        """Rebuild from :meth:`get_config`: loads the SavedModel it names, which can run its code, so this is
        refused in safe mode (pass ``safe_mode=False`` to ``load_model`` or call ``enable_unsafe_deserialization``)."""
        if serialization_lib.in_safe_mode() is not False:
            raise ValueError(
                f"TFSMLayer '{config.get('name')}': the config names the SavedModel {config.get('filepath')!r}, and "
                "loading an external SavedModel can run arbitrary code, so safe mode refuses it. If you trust it, "
                "pass safe_mode=False to load_model or call multikeras.config.enable_unsafe_deserialization()."
            )
        return super().from_config(config)
