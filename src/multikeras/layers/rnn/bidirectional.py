"""`Bidirectional`: runs a recurrent layer forwards and a copy of it backwards, and merges the two."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from multikeras import ops
from multikeras.layers.layer import Layer
from multikeras.layers.rnn import cell_protocol
from multikeras.layers.wrappers.sublayer_building import build_sublayer
from multikeras.saving import serialization_lib
from multikeras.state.autocast_scope import AutocastScope
from multikeras.saving.object_registration import register_builtin
from multikeras.symbolic.keras_tensor import KerasTensor

MERGE_MODES = ("sum", "mul", "ave", "concat", None)


def _renamed_copy(layer: Layer, prefix: str, **changes: Any) -> Layer:
    """A new layer from ``layer``'s config, named ``prefix + name`` (without doubling the prefix), with ``changes``."""
    config = serialization_lib.serialize_keras_object(layer)
    name = layer.name[len(prefix):] if layer.name.startswith(prefix) else layer.name
    config["config"]["name"] = prefix + name
    config["config"].update(changes)
    return serialization_lib.deserialize_keras_object(config)


@register_builtin("keras.layers")
class Bidirectional(Layer):
    """Wrap a recurrent layer to read the sequence in both directions.

    A copy of ``layer`` named ``forward_<name>`` reads the sequence forwards,
    ``backward_layer`` (by default another copy, ``backward_<name>``, with
    ``go_backwards`` flipped) reads it backwards; with ``return_sequences`` the
    backward outputs are flipped back into time order before the two are
    merged. The wrapped layer itself is only used as a template.

    Args:
        layer: a recurrent layer (an :class:`RNN`, :class:`LSTM`, :class:`GRU` ...).
        merge_mode: how the two outputs combine: ``"concat"`` (default), ``"sum"``,
            ``"mul"``, ``"ave"``, or ``None`` (return both, as a tuple).
        weights: initial weights, the forward layer's followed by the backward layer's.
        backward_layer: the layer that reads backwards, instead of a copy of
            ``layer``; it must have the opposite ``go_backwards`` and the same
            ``return_sequences``, ``return_state`` and ``stateful``.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Call arguments:
        sequences: ``(batch, timesteps, features)``.
        initial_state: the forward layer's initial states followed by the
            backward layer's.
        mask: boolean ``(batch, timesteps)``, given to both layers.
        training: whether dropout applies.

    Returns:
        The merged output; with ``return_state``, ``(output, *forward_states,
        *backward_states)`` (with ``merge_mode=None`` the two outputs come
        first).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = Bidirectional(mk.layers.LSTM(4, return_sequences=True))
        ...     y = layer(mk.ops.ones((2, 5, 3)))
        >>> y.shape, layer.forward_layer.name.startswith("forward_"), len(layer.weights)
        ((2, 5, 8), True, 6)
    """

    def __init__(
        self,
        layer: Layer,
        merge_mode: str | None = "concat",
        weights: Sequence[Any] | None = None,
        backward_layer: Layer | None = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        where = f"Bidirectional '{self.name}'"
        for argument, value in (("layer", layer), ("backward_layer", backward_layer)):
            if value is None and argument == "backward_layer":
                continue
            if not isinstance(value, Layer) or not all(
                hasattr(value, attribute) for attribute in ("go_backwards", "return_sequences", "return_state")
            ):
                raise ValueError(
                    f"{where}: `{argument}` must be a recurrent layer (a Layer with go_backwards, return_sequences "
                    f"and return_state, such as LSTM), received {value!r}."
                )
        if merge_mode not in MERGE_MODES:
            raise ValueError(f"{where}: merge_mode must be one of {MERGE_MODES}, received merge_mode={merge_mode!r}.")
        self.forward_layer = _renamed_copy(layer, "forward_")
        if backward_layer is None:
            self.backward_layer = _renamed_copy(layer, "backward_", go_backwards=not layer.go_backwards)
        else:
            self.backward_layer = backward_layer
        if self.forward_layer.go_backwards == self.backward_layer.go_backwards:
            raise ValueError(
                f"{where}: the forward and backward layers must have different go_backwards, received "
                f"{self.forward_layer.go_backwards} for both."
            )
        for attribute in ("stateful", "return_sequences", "return_state"):
            forward_value = getattr(self.forward_layer, attribute, None)
            backward_value = getattr(self.backward_layer, attribute, None)
            if forward_value != backward_value:
                raise ValueError(
                    f"{where}: the forward and backward layers must have the same {attribute}, received "
                    f"{forward_value} (forward) and {backward_value} (backward)."
                )
        if hasattr(layer, "use_cudnn"):
            for sublayer in (self.forward_layer, self.backward_layer):
                if hasattr(sublayer, "use_cudnn"):
                    sublayer.use_cudnn = layer.use_cudnn
                    sublayer._fused_allowed = layer.use_cudnn is not False
        for sublayer in (self.forward_layer, self.backward_layer):
            # Masked steps of either direction must not leak the other end's outputs into the merge.
            if getattr(sublayer, "zero_output_for_mask", None) is not None:
                sublayer.zero_output_for_mask = sublayer.return_sequences
        self.merge_mode = merge_mode
        if weights:
            half = len(weights) // 2
            self.forward_layer._initial_weights = list(weights[:half])
            self.backward_layer._initial_weights = list(weights[half:])
        self.stateful = layer.stateful
        self.return_sequences = layer.return_sequences
        self.return_state = layer.return_state
        self.supports_masking = True
        self.input_spec = layer.input_spec

    @property
    def states(self) -> tuple[Any, ...] | None:
        forward, backward = getattr(self.forward_layer, "states", None), getattr(self.backward_layer, "states", None)
        if forward and backward:
            return tuple(forward) + tuple(backward)
        return None

    def reset_state(self) -> None:
        """Reset both layers' states (stateful layers only)."""
        if not self.stateful:
            raise AttributeError(f"Bidirectional '{self.name}': reset_state() needs a stateful layer, this one is not.")
        self.forward_layer.reset_state()
        self.backward_layer.reset_state()

    def reset_states(self) -> None:
        """Alias of :meth:`reset_state`."""
        self.reset_state()

    def build(self, sequences_shape: tuple[int | None, ...], initial_state_shape: Any = None) -> None:
        sequences_shape = tuple(sequences_shape)
        build_sublayer(self.forward_layer, sequences_shape)
        build_sublayer(self.backward_layer, sequences_shape)
        self.built = True

    def _merge(self, y: Any, y_rev: Any) -> Any:
        if self.merge_mode == "concat":
            return ops.concatenate([y, y_rev], axis=-1)
        if self.merge_mode == "sum":
            return y + y_rev
        if self.merge_mode == "ave":
            return (y + y_rev) / 2
        if self.merge_mode == "mul":
            return y * y_rev
        return (y, y_rev)

    def call(self, sequences: Any, initial_state: Any = None, mask: Any = None, training: Any = None) -> Any:
        forward_state = backward_state = None
        if initial_state is not None:
            initial_state = list(initial_state)
            half = len(initial_state) // 2
            forward_state, backward_state = initial_state[:half], initial_state[half:]
        kwargs: dict[str, Any] = {"training": training}
        if mask is not None:
            kwargs["mask"] = mask[0] if isinstance(mask, (list, tuple)) else mask
        # Each direction computes in its own compute dtype, also inside this layer's mixed-precision scope.
        with AutocastScope(self.forward_layer.compute_dtype):
            y = self.forward_layer(sequences, initial_state=forward_state, **kwargs)
        with AutocastScope(self.backward_layer.compute_dtype):
            y_rev = self.backward_layer(sequences, initial_state=backward_state, **kwargs)
        states: tuple[Any, ...] = ()
        if self.return_state:
            states = tuple(y[1:]) + tuple(y_rev[1:])
            y, y_rev = y[0], y_rev[0]
        y = ops.cast(y, self.compute_dtype)
        y_rev = ops.cast(y_rev, self.compute_dtype)
        if self.return_sequences:
            y_rev = ops.flip(y_rev, axis=1)
        output = self._merge(y, y_rev)
        if not self.return_state:
            return output
        return (output if self.merge_mode is None else (output,)) + states

    def compute_output_shape(self, sequences_shape: Any, initial_state_shape: Any = None) -> Any:
        shape = self.forward_layer.compute_output_shape(tuple(sequences_shape))
        state_shapes: tuple[Any, ...] = ()
        if self.return_state:
            shape, state_shapes = shape[0], tuple(shape[1:])
            backward = self.backward_layer.compute_output_shape(tuple(sequences_shape))
            state_shapes = state_shapes + tuple(backward[1:])
        if self.merge_mode == "concat":
            backward_units = self.backward_layer.compute_output_shape(tuple(sequences_shape))
            backward_units = backward_units[0] if self.return_state else backward_units
            outputs: tuple[Any, ...] = (tuple(shape[:-1]) + (shape[-1] + backward_units[-1],),)
        elif self.merge_mode is None:
            outputs = (tuple(shape), tuple(shape))
        else:
            outputs = (tuple(shape),)
        if not self.return_state and len(outputs) == 1:
            return outputs[0]
        return outputs + state_shapes

    def compute_output_spec(
        self, sequences: Any, initial_state: Any = None, mask: Any = None, training: Any = None
    ) -> Any:
        shapes = self.compute_output_shape(tuple(sequences.shape))

        def spec(item: Any) -> Any:
            if isinstance(item, list):
                return [spec(inner) for inner in item]
            return KerasTensor(tuple(item), self.compute_dtype)

        if isinstance(shapes, tuple) and shapes and isinstance(shapes[0], (tuple, list)):
            return tuple(spec(item) for item in shapes)
        return spec(shapes)

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        output_masks: list[Any]
        if self.return_sequences:
            output_masks = [mask, mask] if self.merge_mode is None else [mask]
        else:
            output_masks = [None, None] if self.merge_mode is None else [None]
        if self.return_state:
            count = len(_flat_state_sizes(self.forward_layer)) + len(_flat_state_sizes(self.backward_layer))
            return output_masks + [None] * count
        return output_masks if len(output_masks) > 1 else output_masks[0]

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config["merge_mode"] = self.merge_mode
        config["layer"] = serialization_lib.serialize_keras_object(self.forward_layer)
        config["backward_layer"] = serialization_lib.serialize_keras_object(self.backward_layer)
        return config

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Bidirectional:
        config = dict(config)
        config["layer"] = serialization_lib.deserialize_keras_object(config["layer"])
        if isinstance(config.get("backward_layer"), dict):
            config["backward_layer"] = serialization_lib.deserialize_keras_object(config["backward_layer"])
        return super().from_config(config)


def _flat_state_sizes(layer: Layer) -> list[int]:
    cell = getattr(layer, "cell", None)
    return cell_protocol.flat_state_sizes(cell) if cell is not None else []
