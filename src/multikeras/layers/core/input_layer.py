"""`InputLayer` and `Input`: the entry points of a Functional graph."""

from __future__ import annotations

from typing import Any

from multikeras.backend import config, dtypes
from multikeras.layers.layer import Layer
from multikeras.layers.node import Node
from multikeras.saving.object_registration import register_builtin
from multikeras.symbolic.keras_tensor import KerasTensor, standardize_shape


@register_builtin("keras.layers")
class InputLayer(Layer):
    """The layer behind :func:`Input`: owns a KerasTensor and does nothing when called.

    Args:
        shape: the shape of one sample (without the batch dimension).
        batch_size: a fixed batch size, or ``None``.
        dtype: the input dtype (``floatx()`` when ``None``; ``"string"`` for text, given as NumPy arrays).
        sparse: not supported (must be ``False``/``None``).
        batch_shape: the full shape including the batch dimension (instead of ``shape``).
        input_tensor: an existing KerasTensor to adopt.
        optional: whether the input may be ``None``.
        name: the layer name.

    Example:
        >>> InputLayer(shape=(3,)).output.shape
        (None, 3)
    """

    def __init__(
        self,
        shape: Any = None,
        batch_size: int | None = None,
        dtype: Any = None,
        sparse: bool | None = None,
        batch_shape: Any = None,
        input_tensor: KerasTensor | None = None,
        optional: bool = False,
        name: str | None = None,
        **kwargs: Any,
    ):
        if "input_shape" in kwargs:
            shape = kwargs.pop("input_shape")
        if "batch_input_shape" in kwargs:
            batch_shape = kwargs.pop("batch_input_shape")
        super().__init__(name=name, **{k: v for k, v in kwargs.items() if k in ("trainable",)})
        if sparse:
            raise ValueError(f"InputLayer '{self.name}': sparse inputs are not supported, received sparse={sparse}.")
        if input_tensor is not None:
            if not isinstance(input_tensor, KerasTensor):
                raise TypeError(f"InputLayer '{self.name}': input_tensor must be a KerasTensor, received {input_tensor!r}.")
            batch_shape = input_tensor.shape
            dtype = input_tensor.dtype
        elif batch_shape is not None:
            if shape is not None:
                raise ValueError(f"InputLayer '{self.name}': pass shape or batch_shape, not both.")
            batch_shape = standardize_shape(batch_shape)
        elif shape is not None:
            batch_shape = (batch_size,) + standardize_shape(shape)
        else:
            raise ValueError(f"InputLayer '{self.name}': expected shape or batch_shape, received neither.")
        self._batch_shape = tuple(batch_shape)
        self._input_dtype = dtypes.standardize_symbolic_dtype(dtype if dtype is not None else config.floatx())
        self.optional = optional
        self.sparse = False
        tensor = input_tensor or KerasTensor(self._batch_shape, self._input_dtype, name=self.name)
        Node(self, (), {}, tensor)
        self._output_tensor = tensor
        self.built = True

    @property
    def batch_shape(self) -> tuple[int | None, ...]:
        return self._batch_shape

    @property
    def dtype(self) -> str:
        return self._input_dtype

    def call(self, inputs: Any = None) -> Any:
        return inputs

    def get_config(self) -> dict[str, Any]:
        return {
            "batch_shape": list(self._batch_shape),
            "dtype": self._input_dtype,
            "sparse": False,
            "ragged": False,
            "name": self.name,
            "optional": self.optional,
        }

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> InputLayer:
        config = dict(config)
        config.pop("ragged", None)
        return cls(**config)


def Input(  # noqa: N802 - Keras's public name
    shape: Any = None,
    batch_size: int | None = None,
    dtype: Any = None,
    sparse: bool | None = None,
    batch_shape: Any = None,
    name: str | None = None,
    tensor: KerasTensor | None = None,
    optional: bool = False,
) -> KerasTensor:
    """A symbolic input to build a Functional model from.

    Args:
        shape: shape of one sample, without the batch dimension (``None`` for unknown sizes).
        batch_size: a fixed batch size, or ``None``.
        dtype: the input dtype (``floatx()`` when ``None``; ``"string"`` for text, given as NumPy arrays).
        sparse: not supported.
        batch_shape: the full shape including the batch dimension (instead of ``shape``).
        name: a name for the input layer.
        tensor: an existing KerasTensor to use.
        optional: whether ``None`` may be passed for it.

    Returns:
        A :class:`~multikeras.KerasTensor` of shape ``(batch_size, *shape)``.

    Example:
        >>> x = Input(shape=(8, 8, 1))
        >>> x.shape, x.dtype
        ((None, 8, 8, 1), 'float32')
    """
    layer = InputLayer(shape=shape, batch_size=batch_size, dtype=dtype, sparse=sparse, batch_shape=batch_shape,
                       input_tensor=tensor, optional=optional, name=name)
    return layer.output
