"""`FlaxLayer`: a Flax (``flax.linen``) module as a layer, its variables as the layer's weights (jax backend).

A :class:`FlaxLayer` is a :class:`~multikeras.layers.JaxLayer` whose
``call_fn`` and ``init_fn`` are the module's ``apply`` and ``init``, so it
shares JaxLayer's machinery: the pytrees become variables, each call rebuilds
them from the variables' current values, the returned state is assigned back,
the rng comes from the layer's seed generator, and any backend whose tensors
are not JAX arrays is refused with JaxLayer's error. Flax is never imported
here: the layer only calls the methods of the module it is given.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any

from multikeras.layers.jax_layer import JaxLayer
from multikeras.layers.layer import Layer
from multikeras.saving import serialization_lib
from multikeras.saving.object_registration import register_builtin

PARAMS = "params"
"""The Flax collection that becomes the trainable weights; every other collection is non-trainable state."""


def _plain(tree: Any) -> Any:
    """``tree`` with every mapping (a Flax ``FrozenDict`` too) made a plain ``dict``, which optree flattens."""
    if isinstance(tree, Mapping):
        return {key: _plain(value) for key, value in tree.items()}
    return tree


def _split(variables: Any, layer_name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """``(params, state)``: the ``"params"`` collection, and the other collections by name."""
    if not isinstance(variables, Mapping):
        raise TypeError(
            f"FlaxLayer '{layer_name}': `variables` must be a dict of Flax collections ({{'params': ...}}), "
            f"received a {type(variables).__name__}."
        )
    variables = _plain(variables)
    params = variables.get(PARAMS, {})
    state = {name: value for name, value in variables.items() if name != PARAMS}
    return params, state


@register_builtin("keras.layers")
class FlaxLayer(JaxLayer):
    """Wrap a ``flax.linen.Module`` as a layer; runs on the jax backend only.

    The ``"params"`` collection of the module's variables becomes the
    trainable weights and every other collection (``"batch_stats"``, ...) the
    non-trainable weights, one weight per leaf. Each call runs
    ``module.apply`` on the weights' current values with the non-param
    collections mutable, and assigns the updated collections back (in every
    call, as Keras 3 does), so ``fit`` trains the params and a ``BatchNorm``'s
    running statistics move in training. In training the call gets
    ``rngs={"dropout": key}``, a fresh key from the layer's seed generator
    (``seed=`` keyword), so ``nn.Dropout`` draws a new mask in every step.
    ``training`` is passed to the method only when its signature declares a
    ``training`` argument.

    Without ``variables`` they are made by ``module.init`` at build time, on
    zeros of the first input shape (a ``None`` axis becomes 1), with fresh
    ``"params"`` and ``"dropout"`` keys and ``training=True`` where declared.

    Saving: the module is saved with ``keras.saving.serialize_keras_object``,
    so its class must define ``get_config``/``from_config`` and be decorated
    with ``@keras.saving.register_keras_serializable()``; loading a module whose
    class is not registered fails with a clear error. ``method`` is saved by
    name. ``variables`` are not in the config (the saved weights are).

    Args:
        module: the ``flax.linen.Module`` to run.
        method: ``None`` (the module's ``__call__``), the name of a method of
            the module, or a method/function taking the module first (as
            ``module.apply(method=...)`` accepts).
        variables: the module's variables (``{"params": ..., "batch_stats": ...}``);
            ``None`` to build them with ``module.init``.
        **kwargs: :class:`JaxLayer` keywords (``seed``) and base :class:`Layer`
            arguments (``name``, ``dtype``, ``trainable``).

    Example:
        >>> import numpy as np
        >>> import flax.linen as nn
        >>> import multikeras as mk
        >>> with mk.backend.use("jax"):
        ...     layer = mk.layers.FlaxLayer(nn.Dense(2, kernel_init=nn.initializers.ones))
        ...     np.asarray(layer(np.ones((1, 3), "float32"))).tolist(), len(layer.trainable_weights)
        ([[3.0, 3.0]], 2)
    """

    def __init__(
        self,
        module: Any,
        method: str | Callable[..., Any] | None = None,
        variables: Any = None,
        **kwargs: Any,
    ):
        name = kwargs.get("name") or "flax_layer"
        target = self._method_callable(module, method, name)
        try:
            declared = inspect.signature(target).parameters
        except (TypeError, ValueError):  # a callable without a signature: pass no `training`
            declared = {}
        self._forward_training = "training" in declared
        params = state = None
        if variables is not None:
            params, state = _split(variables, name)
        super().__init__(
            call_fn=self._flax_call,
            init_fn=None if variables is not None else self._flax_init,
            params=params,
            state=state,
            **kwargs,
        )
        self.module = module
        self.method = method

    @staticmethod
    def _method_callable(module: Any, method: Any, layer_name: str) -> Callable[..., Any]:
        """The function the module runs, for reading its signature (a ValueError for an unknown method)."""
        if not (callable(getattr(module, "init", None)) and callable(getattr(module, "apply", None))):
            raise TypeError(
                f"FlaxLayer '{layer_name}': expected a flax.linen.Module (with `init` and `apply`), received "
                f"{type(module).__name__}."
            )
        if method is None:
            return type(module).__call__
        if isinstance(method, str):
            found = getattr(type(module), method, None)
            if not callable(found):
                raise ValueError(
                    f"FlaxLayer '{layer_name}': the module {type(module).__name__} has no method {method!r}."
                )
            return found
        if not callable(method):
            raise TypeError(f"FlaxLayer '{layer_name}': `method` must be None, a method name or a callable, "
                            f"received {method!r}.")
        return method

    # The JAX functions JaxLayer runs -------------------------------------------------------------------------

    def _method_keywords(self, training: bool) -> dict[str, Any]:
        keywords: dict[str, Any] = {}
        if self.method is not None:
            keywords["method"] = self.method
        if self._forward_training:
            keywords["training"] = training
        return keywords

    def _flax_init(self, rng: Any, inputs: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        rngs = {"params": rng, "dropout": self._rng()}
        variables = self.module.init(rngs, inputs, **self._method_keywords(True))
        return _split(variables, self.name)

    def _flax_call(self, params: Any, state: Any, rng: Any, inputs: Any, training: bool) -> tuple[Any, Any]:
        variables = {PARAMS: params, **state}
        keywords = self._method_keywords(training)
        if training:
            keywords["rngs"] = {"dropout": rng}
        if not state:
            return self.module.apply(variables, inputs, **keywords), state
        outputs, updated = self.module.apply(variables, inputs, mutable=list(state), **keywords)
        updated = _plain(updated)
        # A collection the call did not return keeps its value (the state's structure must not change).
        return outputs, {name: updated.get(name, value) for name, value in state.items()}

    # Config --------------------------------------------------------------------------------------------------

    def get_config(self) -> dict[str, Any]:
        config = Layer.get_config(self)
        try:
            module_config = serialization_lib.serialize_keras_object(self.module)
        except TypeError as error:
            raise TypeError(
                f"FlaxLayer '{self.name}': cannot save the module {type(self.module).__name__}: define get_config() "
                "and from_config() on its class and decorate it with @keras.saving.register_keras_serializable(). "
                f"({error})"
            ) from error
        config.update({
            "native_serialization_platforms": self.native_serialization_platforms,
            "module": module_config,
            "method": self._method_config(),
        })
        if self.seed is not None:
            config["seed"] = self.seed
        return config

    def _method_config(self) -> Any:
        """``None``, the method's name when it is one of the module's methods, else the registered function."""
        method = self.method
        if method is None or isinstance(method, str):
            return method
        name = getattr(method, "__name__", None)
        if isinstance(name, str) and getattr(type(self.module), name, None) is method:
            return name
        return serialization_lib.serialize_keras_object(method)

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> FlaxLayer:
        config = dict(config)
        layer_name = config.get("name")
        module_config = config.get("module")
        if isinstance(module_config, Mapping):
            try:
                config["module"] = serialization_lib.deserialize_keras_object(module_config)
            except (ValueError, TypeError) as error:
                raise ValueError(
                    f"FlaxLayer '{layer_name}': cannot rebuild the Flax module "
                    f"{module_config.get('registered_name') or module_config.get('class_name')!r}: its class must "
                    "define get_config()/from_config() and be registered with "
                    "@keras.saving.register_keras_serializable() (imported before loading); multikeras never loads "
                    f"Python code from a config. ({error})"
                ) from error
        module = config.get("module")
        method = config.get("method")
        if isinstance(method, Mapping) and method.get("class_name") == "function":
            # Keras 3 writes a method given as a function as {"class_name": "function", "config": name}.
            method_name = str(method.get("config")).rsplit(">", 1)[-1]
            if callable(getattr(type(module), method_name, None)):
                config["method"] = method_name
            else:
                try:
                    config["method"] = serialization_lib.deserialize_keras_object(method)
                except ValueError as error:
                    raise ValueError(
                        f"FlaxLayer '{layer_name}': the method {method.get('config')!r} is neither a method of "
                        f"{type(module).__name__} nor a registered function. ({error})"
                    ) from error
        return Layer.from_config.__func__(cls, config)
