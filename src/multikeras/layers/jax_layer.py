"""`JaxLayer`: a layer around a pure JAX function, whose parameter pytree becomes the layer's weights.

The wrapped functions are JAX code, so the layer runs only where the active
backend's tensors are JAX arrays. It decides that by looking at the tensors
the backend gives (DESIGN.md rule 1: no test of a backend's name and no
framework import): they must be instances of the ``Array`` class of the
backend's framework module (``Backend.native``), which only JAX defines
(``jax.Array``; NumPy, TensorFlow and torch name their tensor types
otherwise). Anywhere else it raises a clear error. The pytrees are handled
with ``optree`` (dicts, lists, tuples, namedtuples, ``None``), as the rest of
multikeras does.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import optree

from multikeras import ops
from multikeras.backend.selection import current
from multikeras.layers.layer import Layer
from multikeras.random.seed_generator import SeedGenerator
from multikeras.saving import serialization_lib
from multikeras.saving.object_registration import register_builtin
from multikeras.state.variable import Variable

CALL_ARGUMENTS = ("params", "state", "rng", "inputs", "training")
"""The argument names ``call_fn`` may declare; the layer passes each one it declares, by keyword."""

INIT_ARGUMENTS = ("rng", "inputs", "training")
"""The argument names ``init_fn`` may declare."""


def _argument_names(fn: Callable[..., Any], allowed: tuple[str, ...], what: str, layer_name: str) -> tuple[str, ...]:
    """The names ``fn`` declares, checked against ``allowed`` (a ValueError naming the layer otherwise)."""
    if not callable(fn):
        raise TypeError(f"JaxLayer '{layer_name}': expected a callable for `{what}`, received {fn!r}.")
    names = tuple(inspect.signature(fn).parameters)
    unknown = [name for name in names if name not in allowed]
    if unknown:
        raise ValueError(
            f"JaxLayer '{layer_name}': `{what}` declares the unsupported argument(s) {unknown}; "
            f"expected only names among {list(allowed)}."
        )
    return names


def _jax_array_type() -> type | None:
    """The ``Array`` class of the active backend's framework module when it has one (``jax.Array``), else ``None``.

    Every tensor a JAX backend hands out, tracers inside ``jit`` included, is an instance of it.
    """
    array = getattr(getattr(current(), "native", None), "Array", None)
    return array if isinstance(array, type) else None


def _is_shape(value: Any) -> bool:
    return isinstance(value, tuple) and all(d is None or isinstance(d, int) for d in value)


@register_builtin("keras.layers")
class JaxLayer(Layer):
    """Wrap a JAX function ``call_fn`` (and its parameters) as a layer; runs on the jax backend only.

    ``call_fn`` declares any of ``params``, ``state``, ``rng``, ``inputs``
    (required) and ``training``, and receives each one it declares, by
    keyword. It returns the outputs, or ``(outputs, new_state)`` when it
    declares ``state``; the new state is assigned to the state variables.

    The parameters come from ``init_fn(rng, inputs, training)`` (any subset of
    these names), called once at build time on zeros of the input shape (a
    ``None`` axis becomes 1), or are given directly as ``params`` (and
    ``state``). It returns the ``params`` pytree, or ``(params, state)`` when
    ``call_fn`` declares ``state``. Every leaf of ``params`` becomes a
    trainable :class:`~multikeras.Variable` and every leaf of ``state`` a
    non-trainable one, with the leaf's shape and dtype; each call rebuilds the
    pytrees from the variables' current values, so a compiled training step
    differentiates and updates them like any weight.

    ``rng`` is a raw JAX key (``uint32``, shape ``(2,)``) drawn from the
    layer's :class:`~multikeras.random.SeedGenerator` (``seed``), so it is
    fresh on every call, compiled steps included.

    Saving: ``call_fn`` and ``init_fn`` are saved by registered name (decorate
    them with ``@keras.saving.register_keras_serializable()``); an unregistered
    function is written by name only and loading it fails with a clear error.
    ``params`` and ``state`` given directly are not in the config (their values
    are the layer's weights).

    Args:
        call_fn: the JAX function of the layer.
        init_fn: builds the parameters from the first inputs; or ``None`` with ``params``.
        params: the parameter pytree (used when ``init_fn`` is ``None``).
        state: the state pytree (used when ``init_fn`` is ``None`` and ``call_fn`` declares ``state``).
        seed: the seed of the ``rng`` keys.
        native_serialization_platforms: accepted and kept in the config for Keras 3 compatibility
            (Keras uses it to export the function to TensorFlow); unused here.
        **kwargs: base :class:`Layer` arguments (``name``, ``dtype``, ``trainable``).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("jax"):
        ...     layer = mk.layers.JaxLayer(lambda params, inputs: inputs @ params["w"],
        ...                                params={"w": np.full((3, 2), 0.5, "float32")})
        ...     np.asarray(layer(np.ones((1, 3), "float32"))).tolist(), len(layer.trainable_weights)
        ([[1.5, 1.5]], 1)
    """

    def __init__(
        self,
        call_fn: Callable[..., Any],
        init_fn: Callable[..., Any] | None = None,
        params: Any = None,
        state: Any = None,
        seed: int | None = None,
        native_serialization_platforms: Any = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.call_fn = call_fn
        self.init_fn = init_fn
        self.seed = seed
        self.native_serialization_platforms = native_serialization_platforms
        self._call_arguments = _argument_names(call_fn, CALL_ARGUMENTS, "call_fn", self.name)
        if "inputs" not in self._call_arguments:
            raise ValueError(
                f"JaxLayer '{self.name}': `call_fn` must declare an `inputs` argument; it declares "
                f"{list(self._call_arguments)}."
            )
        self._init_arguments = () if init_fn is None else _argument_names(init_fn, INIT_ARGUMENTS, "init_fn", self.name)
        if init_fn is None and params is None:
            raise ValueError(f"JaxLayer '{self.name}': expected `init_fn` or `params`, received neither.")
        if init_fn is None and "state" in self._call_arguments and state is None:
            raise ValueError(
                f"JaxLayer '{self.name}': `call_fn` declares `state`, so `state` must be given with `params` "
                "(or use an `init_fn` returning `(params, state)`)."
            )
        self._given = None if init_fn is not None else (params, state)
        self._param_variables: list[Variable] = []
        self._state_variables: list[Variable] = []
        self._param_def: Any = None
        self._state_def: Any = None
        self.seed_generator = (
            SeedGenerator(seed) if "rng" in self._call_arguments or "rng" in self._init_arguments else None
        )

    # JAX checks ------------------------------------------------------------------------------------------------

    def _as_jax(self, value: Any, where: str) -> Any:
        """``value`` as the active backend's tensor, which must be a JAX array (else a ValueError)."""
        tensor = ops.convert_to_tensor(value)
        array_type = _jax_array_type()
        if array_type is None or not isinstance(tensor, array_type):
            raise ValueError(
                f"JaxLayer '{self.name}' ({where}): `call_fn`/`init_fn` are JAX functions and need JAX arrays, but "
                f"the active backend '{current().name}' gives {type(tensor).__module__}.{type(tensor).__qualname__}. "
                "Use the jax backend (KERAS_BACKEND=jax or multikeras.backend.use('jax'))."
            )
        return tensor

    def _rng(self) -> Any:
        """A raw JAX key drawn from the seed generator (its state advances, so every call gets a new key)."""
        return ops.cast(self.seed_generator.next(), "uint32")

    # Building --------------------------------------------------------------------------------------------------

    def build(self, input_shape: Any = None) -> None:
        if self._given is not None:
            params, state = self._given
            self._given = None
        else:
            def zeros(shape: tuple[int | None, ...]) -> Any:
                return self._as_jax(ops.zeros(tuple(1 if d is None else d for d in shape), self.compute_dtype), "build")

            inputs = optree.tree_map(zeros, input_shape, is_leaf=_is_shape, none_is_leaf=False)
            available = {"rng": self._rng() if self.seed_generator is not None else None,
                         "inputs": inputs, "training": False}
            result = self.init_fn(**{name: available[name] for name in self._init_arguments})
            if "state" in self._call_arguments:
                if not (isinstance(result, tuple) and len(result) == 2):
                    raise ValueError(
                        f"JaxLayer '{self.name}': `call_fn` declares `state`, so `init_fn` must return "
                        f"`(params, state)`; it returned a {type(result).__name__}."
                    )
                params, state = result
            else:
                params, state = result, None
        self._param_variables, self._param_def = self._make_variables(params, trainable=True)
        if "state" in self._call_arguments:
            self._state_variables, self._state_def = self._make_variables(state, trainable=False)
        self.built = True

    def _make_variables(self, tree: Any, trainable: bool) -> tuple[list[Variable], Any]:
        """One variable per leaf of ``tree`` (initial value, shape and dtype of the leaf), and the tree's structure."""
        leaves, treedef = optree.tree_flatten(tree, none_is_leaf=False)
        variables = []
        for leaf in leaves:
            value = self._as_jax(leaf, "build")
            variables.append(self.add_weight(
                shape=value.shape, dtype=str(value.dtype), trainable=trainable, autocast=False,
                initializer=lambda shape, dtype=None, value=value: value,
            ))
        return variables, treedef

    # Calling ---------------------------------------------------------------------------------------------------

    def call(self, inputs: Any, training: bool | None = None) -> Any:
        inputs = optree.tree_map(lambda x: self._as_jax(x, "call"), inputs, none_is_leaf=False)
        names = self._call_arguments
        arguments: dict[str, Any] = {"inputs": inputs}
        # The pytrees are rebuilt from the variables' current values on every call, so a stateless (compiled)
        # step sees the values it passes in.
        if "params" in names:
            arguments["params"] = optree.tree_unflatten(self._param_def, [v.value for v in self._param_variables])
        if "state" in names:
            arguments["state"] = optree.tree_unflatten(self._state_def, [v.value for v in self._state_variables])
        if "rng" in names:
            arguments["rng"] = self._rng()
        if "training" in names:
            arguments["training"] = bool(training)
        result = self.call_fn(**{name: arguments[name] for name in names})
        if "state" not in names:
            return result
        if not (isinstance(result, tuple) and len(result) == 2):
            raise ValueError(
                f"JaxLayer '{self.name}': `call_fn` declares `state`, so it must return `(outputs, new_state)`; "
                f"it returned a {type(result).__name__}."
            )
        outputs, new_state = result
        new_leaves = optree.tree_leaves(new_state, none_is_leaf=False)
        if len(new_leaves) != len(self._state_variables):
            raise ValueError(
                f"JaxLayer '{self.name}': `call_fn` returned a new state with {len(new_leaves)} leaves, expected "
                f"{len(self._state_variables)} (the structure of the initial state)."
            )
        for variable, leaf in zip(self._state_variables, new_leaves):
            variable.assign(leaf)
        return outputs

    # Config ----------------------------------------------------------------------------------------------------

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({
            "call_fn": serialization_lib.serialize_keras_object(self.call_fn),
            "init_fn": serialization_lib.serialize_keras_object(self.init_fn),
            "seed": self.seed,
            "native_serialization_platforms": self.native_serialization_platforms,
        })
        return config

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> JaxLayer:
        config = dict(config)
        for key in ("call_fn", "init_fn"):
            value = config.get(key)
            if isinstance(value, dict):
                try:
                    config[key] = serialization_lib.deserialize_keras_object(value)
                except ValueError as error:
                    raise ValueError(
                        f"JaxLayer '{config.get('name')}': the `{key}` function {value.get('config')!r} is not "
                        "registered, so it cannot be loaded (multikeras never loads Python code from a config). "
                        f"Decorate it with @keras.saving.register_keras_serializable() before loading. ({error})"
                    ) from error
        if config.get("init_fn") is None:
            raise ValueError(
                f"JaxLayer '{config.get('name')}': the config has no `init_fn` (the layer was made from `params`, "
                "which the config does not hold): build the layer again in code and load its weights."
            )
        return super().from_config(config)
