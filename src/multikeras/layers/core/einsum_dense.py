"""`EinsumDense`: a dense layer whose contraction is any two-operand einsum equation."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from multikeras import activations, constraints, initializers, ops, regularizers
from multikeras.backend.selection import current
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.layer import Layer
from multikeras.saving.object_registration import register_builtin

_FORMS = (
    (re.compile(r"^([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)$"), None),
    (re.compile(r"^\.\.\.([a-zA-Z]+),([a-zA-Z]+)->\.\.\.([a-zA-Z]+)$"), "left"),
    (re.compile(r"^([a-zA-Z]{2,})\.\.\.,([a-zA-Z]+)->([a-zA-Z]+)\.\.\.$"), "right"),
)
"""The accepted equation forms: no ellipsis, an ellipsis leading input and output, or trailing them."""


@register_builtin("keras.layers")
class EinsumDense(Layer):
    """A dense layer computed as ``activation(einsum(equation, inputs, kernel) + bias)``.

    The equation names the axes of the input, the kernel and the output, e.g.
    ``"abc,cd->abd"`` projects the last axis of a ``(batch, seq, c)`` input to
    ``d`` features. The kernel's shape follows from the equation: each kernel
    axis takes its size from the input axis or the output axis with the same
    letter. An ellipsis may lead (``"...b,bc->...c"``: the batch and any leading
    axes pass through) or trail (``"ab...,bc->ac..."``) the input and output.

    Args:
        equation: ``"<input>,<kernel>-><output>"`` with letters and at most one
            leading or trailing ``...`` on input and output.
        output_shape: the output shape without the batch axis (and without the
            ellipsis axes); an int for one axis. ``None`` entries are taken from
            the input axis with the same letter.
        activation: an activation function or its name (``None``: linear).
        bias_axes: letters of output axes that get a bias, e.g. ``"d"``; ``None``: no bias.
        kernel_initializer, bias_initializer: initializers (or names).
        kernel_regularizer, bias_regularizer: penalties added to ``losses``.
        activity_regularizer: a penalty on the outputs.
        kernel_constraint, bias_constraint: projections applied after updates.
        lora_rank: not supported yet (must be ``None``).
        quantization_config: not supported yet (must be ``None``; accepted so Keras 3 configs load).
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     layer = EinsumDense("abc,cd->abd", output_shape=(None, 4), bias_axes="d")
        ...     y = layer(mk.ops.ones((2, 3, 5)))
        >>> y.shape, layer.kernel.shape, layer.bias.shape
        ((2, 3, 4), (5, 4), (4,))
    """

    def __init__(
        self,
        equation: str,
        output_shape: int | Sequence[int | None],
        activation: Any = None,
        bias_axes: str | None = None,
        kernel_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        bias_constraint: Any = None,
        lora_rank: int | None = None,
        quantization_config: Any = None,
        **kwargs: Any,
    ):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        where = f"EinsumDense '{self.name}'"
        if lora_rank is not None:
            raise ValueError(f"{where}: LoRA is not supported yet, received lora_rank={lora_rank!r}.")
        if quantization_config is not None:
            raise ValueError(
                f"{where}: quantization is not supported yet, received quantization_config={quantization_config!r}."
            )
        self._input_letters, self._kernel_letters, self._output_letters, self._ellipsis = _parse(equation, where)
        self.equation = equation
        self.partial_output_shape = _standardize_output_shape(output_shape, where)
        expected = len(self._output_letters) - (0 if self._ellipsis == "left" else 1)
        if len(self.partial_output_shape) != expected:
            raise ValueError(
                f"{where}: output_shape must have {expected} entries (the output axes '{self._output_letters}'"
                f"{'' if self._ellipsis == 'left' else ' without the batch axis'}), received output_shape={output_shape!r}."
            )
        for letter in self._output_letters:
            if letter not in self._input_letters and letter not in self._kernel_letters:
                raise ValueError(
                    f"{where}: output axis '{letter}' of equation {equation!r} is neither an input axis "
                    f"('{self._input_letters}') nor a kernel axis ('{self._kernel_letters}')."
                )
        for letter in self._kernel_letters:
            if letter not in self._input_letters and letter not in self._output_letters:
                raise ValueError(
                    f"{where}: kernel axis '{letter}' of equation {equation!r} matches no input axis "
                    f"('{self._input_letters}') or output axis ('{self._output_letters}'), so its size is unknown."
                )
        if bias_axes is not None:
            if not isinstance(bias_axes, str) or not bias_axes:
                raise ValueError(f"{where}: bias_axes must be a string of output axis letters or None, received {bias_axes!r}.")
            for letter in bias_axes:
                if letter not in self._output_letters:
                    raise ValueError(
                        f"{where}: bias axis '{letter}' is not an output axis ('{self._output_letters}'), "
                        f"received bias_axes={bias_axes!r}."
                    )
        self.bias_axes = bias_axes
        self.activation = activations.get(activation)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        rank = len(self._input_letters)
        if self._ellipsis is None:
            self.input_spec = InputSpec(ndim=rank)
        else:  # a leading ellipsis holds at least the batch axis
            self.input_spec = InputSpec(min_ndim=rank + (1 if self._ellipsis == "left" else 0))

    # Shape analysis ------------------------------------------------------------

    def _positions(self, input_rank: int) -> tuple[dict[str, int], dict[str, int], int]:
        """``(input axis of each letter, output axis of each letter, number of ellipsis axes)``."""
        elided = input_rank - len(self._input_letters)
        offset = elided if self._ellipsis == "left" else 0
        inputs = {letter: offset + i for i, letter in enumerate(self._input_letters)}
        outputs = {letter: offset + i for i, letter in enumerate(self._output_letters)}
        return inputs, outputs, elided

    def _analyze(self, input_shape: Sequence[int | None]) -> tuple[list, list | None, list]:
        """``(kernel shape, bias shape or None, full output shape)`` for inputs of ``input_shape``."""
        input_shape = list(input_shape)
        in_axis, out_axis, elided = self._positions(len(input_shape))
        partial = list(self.partial_output_shape)
        if self._ellipsis == "left":
            full = input_shape[:elided] + partial
        elif self._ellipsis == "right":
            full = [input_shape[0]] + partial + input_shape[len(input_shape) - elided:]
        else:
            full = [input_shape[0]] + partial
        for letter, i in in_axis.items():
            if letter not in out_axis:
                continue
            j = out_axis[letter]
            if full[j] is None:
                full[j] = input_shape[i]
            elif input_shape[i] is not None and full[j] != input_shape[i]:
                raise ValueError(
                    f"EinsumDense '{self.name}': input and output disagree on the size of shared axis '{letter}': "
                    f"input shape {tuple(input_shape)} has {input_shape[i]}, output_shape "
                    f"{self.partial_output_shape} gives {full[j]}."
                )
        size = {letter: full[j] for letter, j in out_axis.items()}
        size.update({letter: input_shape[i] for letter, i in in_axis.items()})
        kernel_shape = [size[letter] for letter in self._kernel_letters]
        bias_shape = None
        if self.bias_axes is not None:
            first = min(self._output_letters.index(letter) for letter in self.bias_axes)
            bias_shape = [size[letter] if letter in self.bias_axes else 1 for letter in self._output_letters[first:]]
            if self._ellipsis == "right":
                bias_shape += [1] * elided
        return kernel_shape, bias_shape, full

    # Layer -----------------------------------------------------------------------

    def build(self, input_shape: tuple[int | None, ...]) -> None:
        kernel_shape, bias_shape, full = self._analyze(input_shape)
        unknown = [s for s in (kernel_shape, bias_shape or []) if any(d is None for d in s)]
        if unknown:
            raise ValueError(
                f"EinsumDense '{self.name}': the weight shapes {kernel_shape} (kernel) and {bias_shape} (bias) must "
                f"be fully known; received input shape {tuple(input_shape)} and output_shape {self.partial_output_shape}."
            )
        self.kernel = self.add_weight(
            shape=tuple(kernel_shape), initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint, name="kernel",
        )
        self.bias = None
        if bias_shape is not None:
            self.bias = self.add_weight(
                shape=tuple(bias_shape), initializer=self.bias_initializer, regularizer=self.bias_regularizer,
                constraint=self.bias_constraint, name="bias",
            )
        self.full_output_shape = tuple(full)
        self._features_rank = self._dense_features_rank(bias_shape, kernel_shape)
        rank = len(input_shape)
        in_axis, _, _ = self._positions(rank)
        fixed = {in_axis[letter] - rank: input_shape[in_axis[letter]] for letter in self._kernel_letters if letter in in_axis}
        if self._ellipsis is None:
            self.input_spec = InputSpec(ndim=rank, axes=fixed)
        else:
            self.input_spec = InputSpec(min_ndim=self.input_spec.min_ndim, axes=fixed)
        self.built = True

    def _dense_features_rank(self, bias_shape: list | None, kernel_shape: list) -> int | None:
        """How many trailing input axes the equation contracts when it is a dense layer over them, else ``None``.

        That is the form ``P C, C K -> P K`` (e.g. ``abc,cde->abde`` or ``abcd,cde->abe``): the contracted
        letters ``C`` end the input and start the kernel, the output is the other input letters then the other
        kernel letters, in order, and the bias covers exactly the kernel's ``K`` axes. A backend's fused
        ``dense`` kernel (docs/contract.md) then computes the layer as one matrix product with the bias.
        """
        if self._ellipsis == "right" or bias_shape is None:
            return None
        inputs, kernel, outputs = self._input_letters, self._kernel_letters, self._output_letters
        contracted = "".join(letter for letter in kernel if letter in inputs and letter not in outputs)
        rank = len(contracted)
        units = kernel[rank:]
        if not rank or not units or kernel[:rank] != contracted or not inputs.endswith(contracted):
            return None
        kept = inputs[:len(inputs) - rank]
        if any(letter in kernel for letter in kept) or outputs != kept + units:
            return None
        if list(bias_shape) != list(kernel_shape[rank:]):
            return None
        return rank

    def call(self, inputs: Any) -> Any:
        x = None
        rank = getattr(self, "_features_rank", None)
        if rank is not None and self.bias is not None:
            fused = current().fused.get("dense")
            if fused is not None:
                x = fused(inputs, self.kernel.value, self.bias.value, rank)
        if x is None:
            x = ops.einsum(self.equation, inputs, self.kernel)
            if self.bias is not None:
                x = ops.add(x, self.bias)
        return self.activation(x) if self.activation is not None else x

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return tuple(self._analyze(input_shape)[2])

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update({
            "quantization_config": None,
            "output_shape": self.partial_output_shape,
            "equation": self.equation,
            "activation": activations.serialize(self.activation),
            "bias_axes": self.bias_axes,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
        })
        return config


def _parse(equation: Any, where: str) -> tuple[str, str, str, str | None]:
    if isinstance(equation, str):
        for pattern, ellipsis in _FORMS:
            match = pattern.match(equation)
            if match:
                return match.group(1), match.group(2), match.group(3), ellipsis
    raise ValueError(
        f"{where}: invalid einsum equation {equation!r}; expected the form 'X,Y->Z', '...X,Y->...Z' "
        "or 'X...,Y->Z...' with letters for axes (e.g. 'abc,cd->abd')."
    )


def _standardize_output_shape(output_shape: Any, where: str) -> tuple[int | None, ...]:
    values = (output_shape,) if isinstance(output_shape, int) and not isinstance(output_shape, bool) else output_shape
    if isinstance(values, (list, tuple)) and all(
        d is None or (isinstance(d, int) and not isinstance(d, bool) and d > 0) for d in values
    ):
        return tuple(values)
    raise ValueError(
        f"{where}: output_shape must be a positive int or a tuple of positive ints (or None), "
        f"received output_shape={output_shape!r}."
    )
