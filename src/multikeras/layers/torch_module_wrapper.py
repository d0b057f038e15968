"""`TorchModuleWrapper`: a ``torch.nn.Module`` used as a layer (works where the active backend's tensors are torch tensors)."""

from __future__ import annotations

import base64
import io
from typing import Any

from multikeras.backend.selection import current
from multikeras.layers.layer import Layer
from multikeras.saving import serialization_lib
from multikeras.saving.object_registration import register_builtin
from multikeras.symbolic.keras_tensor import KerasTensor


def _native_torch(where: str, received: str) -> Any:
    """The active backend's framework module when it is one with ``nn.Module`` and ``func.functional_call``
    (torch), reached through ``Backend.native``: no backend-name test and no framework import here.

    Raises:
        ValueError: the active backend's framework is not torch.
    """
    backend = current()
    native = getattr(backend, "native", None)
    module_type = getattr(getattr(native, "nn", None), "Module", None)
    functional_call = getattr(getattr(native, "func", None), "functional_call", None)
    if not isinstance(module_type, type) or functional_call is None or not backend.is_tensor(native.zeros(())):
        raise ValueError(
            f"{where}: needs a backend whose tensors are torch tensors (the torch backend), but the active backend "
            f"is '{backend.name}', whose framework module is {getattr(native, '__name__', None)!r}; received "
            f"{received}. Select torch, e.g. `with multikeras.backend.use('torch'):`."
        )
    return native


@register_builtin("keras.layers")
class TorchModuleWrapper(Layer):
    """A layer that runs a ``torch.nn.Module``, its parameters tracked as the layer's weights.

    Each parameter of the module becomes a trainable (or, when it has
    ``requires_grad=False``, non-trainable) variable of the layer, named
    after the parameter (``weight``, ``0.bias`` ...), so ``fit``, the
    optimizers and ``model.weights`` see them. The variables hold the values:
    ``call`` runs the module with ``torch.func.functional_call`` on the
    variables' current values, so a stateless training step (which maps each
    variable to a new value) trains the module. Reading :attr:`module` writes
    the variables' current values back into the module's parameters.
    Buffers (e.g. ``BatchNorm`` running statistics) stay in the module and
    are not weights, as in Keras 3.

    Only usable when the active backend's tensors are torch tensors (the
    torch backend); elsewhere the constructor raises a ``ValueError``.

    Args:
        module: the ``torch.nn.Module`` to wrap (lazy modules must be
            initialized, e.g. by calling them once, before wrapping).
        name: the layer name.
        output_shape: the output shape (batch dimension included, ``None``
            for unknown sizes); when ``None`` the shape is inferred by
            running the module.
        **kwargs: base layer arguments (``dtype``, ``trainable`` ...).

    Example:
        >>> import multikeras as mk, torch
        >>> with mk.backend.use("torch"):
        ...     layer = TorchModuleWrapper(torch.nn.Linear(3, 2))
        ...     y = layer(mk.ops.ones((4, 3)))
        ...     print(tuple(y.shape), [tuple(w.shape) for w in layer.trainable_weights])
        (4, 2) [(2, 3), (2,)]
    """

    def __init__(self, module: Any, name: str | None = None, output_shape: Any = None, **kwargs: Any):
        super().__init__(name=name, **kwargs)
        torch = _native_torch(f"TorchModuleWrapper '{self.name}'", f"a {type(module).__name__} module")
        if not isinstance(module, torch.nn.Module):
            raise TypeError(
                f"TorchModuleWrapper '{self.name}': expected a torch.nn.Module, received {type(module).__name__}."
            )
        for _, tensor in list(module.named_parameters()) + list(module.named_buffers()):
            if isinstance(tensor, torch.nn.parameter.UninitializedParameter):
                raise ValueError(
                    f"TorchModuleWrapper '{self.name}': the module has uninitialized (lazy) parameters; call it "
                    "once on an example input before wrapping it."
                )
        self._torch = torch
        self._module = module
        self._output_shape = None if output_shape is None else tuple(output_shape)
        self._parameter_names: list[str] = []
        self._parameter_variables: list[Any] = []
        for parameter_name, parameter in module.named_parameters():
            value = parameter.detach()
            variable = self.add_weight(
                shape=tuple(value.shape), initializer=lambda shape, dtype=None, _v=value: _v,
                dtype=str(value.dtype).removeprefix("torch."), trainable=parameter.requires_grad,
                name=parameter_name,
            )
            self._parameter_names.append(parameter_name)
            self._parameter_variables.append(variable)
        self.built = True

    @property
    def module(self) -> Any:
        """The wrapped module, its parameters set to the layer's current weight values."""
        self._sync_module()
        return self._module

    def _sync_module(self) -> None:
        # The variables are the one source of truth (training rebinds them to new tensors); the module's
        # parameters are pointed at the same storage, not copied.
        torch = self._torch
        parameters = dict(self._module.named_parameters())
        with torch.no_grad():
            for parameter_name, variable in zip(self._parameter_names, self._parameter_variables):
                value = variable.value
                if parameters[parameter_name] is not value:
                    parameters[parameter_name].data = value.detach()

    def call(self, *args: Any, training: bool | None = None, **kwargs: Any) -> Any:
        # As in Keras 3: a given training flag switches the module's mode (train()/eval(), which Dropout and
        # BatchNorm read) and is not passed to forward; None leaves the mode as it is.
        if training is not None:
            self._module.train(bool(training))
        values = {name: variable.value for name, variable in zip(self._parameter_names, self._parameter_variables)}
        return self._torch.func.functional_call(self._module, values, args, kwargs)

    def compute_output_spec(self, *args: Any, **kwargs: Any) -> Any:
        # compute_output_shape is inherited: it comes here, and without output_shape the module is run abstractly.
        if self._output_shape is not None:
            return KerasTensor(self._output_shape, self.compute_dtype)
        return super().compute_output_spec(*args, **kwargs)

    def save_own_variables(self, store: Any) -> None:
        """Write the module's ``state_dict`` (parameters and buffers, by their torch names), as Keras 3 does,
        so ``.keras`` and weights files are exchanged with Keras 3 on torch."""
        for key, tensor in self.module.state_dict().items():
            store[key] = tensor.detach().cpu().numpy()

    def load_own_variables(self, store: Any) -> None:
        """Read the module's ``state_dict`` entries written by :meth:`save_own_variables` into the module's
        buffers and the layer's variables."""
        torch = self._torch
        state = {key: torch.as_tensor(store[key]) for key in self._module.state_dict()}
        self._module.load_state_dict(state)  # checks the shapes, and loads the buffers
        for parameter_name, variable in zip(self._parameter_names, self._parameter_variables):
            variable.assign(state[parameter_name])
        self._sync_module()

    def get_config(self) -> dict[str, Any]:
        """The base config, ``output_shape`` and ``module``: the whole module pickled by ``torch.save``
        (current weights included), base64-encoded, as Keras 3 stores it."""
        buffer = io.BytesIO()
        self._torch.save(self.module, buffer)
        config = super().get_config()
        config.update(module=base64.b64encode(buffer.getvalue()).decode("ascii"), output_shape=self._output_shape)
        return config

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> TorchModuleWrapper:
        """Rebuild from :meth:`get_config`; unpickling the module can run arbitrary code, so this is refused in
        safe mode (pass ``safe_mode=False`` to ``load_model`` or call ``enable_unsafe_deserialization``)."""
        config = dict(config)
        module = config.get("module")
        if isinstance(module, str):
            if serialization_lib.in_safe_mode() is not False:
                raise ValueError(
                    f"TorchModuleWrapper '{config.get('name')}': the config holds a pickled torch.nn.Module, and "
                    "unpickling it (torch.load) can run arbitrary code, so safe mode refuses it. If you trust the "
                    "file, pass safe_mode=False to load_model or call "
                    "multikeras.config.enable_unsafe_deserialization()."
                )
            torch = _native_torch(f"TorchModuleWrapper '{config.get('name')}'", "a config holding a pickled module")
            config["module"] = torch.load(io.BytesIO(base64.b64decode(module)), weights_only=False)
        return cls(**config)
