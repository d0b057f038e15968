"""`KerasTensor`: a shape and a dtype standing for data not seen yet.

Functional models are built by calling layers on KerasTensors: each call
records a node in the graph and infers the output's shape and dtype without
running the computation on data. Arithmetic and ``multikeras.ops`` calls on
KerasTensors work too; they become nodes of the graph like layer calls.
"""

from __future__ import annotations

from typing import Any

from multikeras.backend import config, dtypes


class KerasTensor:
    """A symbolic tensor: shape (``None`` for unknown dimensions), dtype and graph history.

    Args:
        shape: a tuple of ints and ``None``.
        dtype: the dtype (``"string"`` for text); ``floatx()`` when ``None``.
        sparse: kept for Keras compatibility (sparse inputs are not supported yet).
        name: an optional name.

    Example:
        >>> import multikeras as mk
        >>> x = KerasTensor((None, 3), "float32")
        >>> y = x * 2.0 + 1.0
        >>> y.shape, y.dtype
        ((None, 3), 'float32')
    """

    def __init__(
        self,
        shape: Any,
        dtype: Any = None,
        sparse: bool = False,
        ragged: bool = False,
        record_history: bool = True,
        name: str | None = None,
    ):
        self._shape = standardize_shape(shape)
        self._dtype = dtypes.standardize_symbolic_dtype(dtype if dtype is not None else config.floatx())
        if sparse or ragged:
            raise ValueError(f"KerasTensor: sparse and ragged tensors are not supported, received sparse={sparse}, ragged={ragged}.")
        self.sparse = False
        self.ragged = False
        self.name = name
        self.record_history = record_history
        self._keras_history: tuple[Any, int, int] | None = None
        self._keras_mask: KerasTensor | None = None

    @property
    def shape(self) -> tuple[int | None, ...]:
        return self._shape

    @property
    def dtype(self) -> str:
        return self._dtype

    @property
    def ndim(self) -> int:
        return len(self._shape)

    def __repr__(self) -> str:
        origin = f", created by layer '{self._keras_history[0].name}'" if self._keras_history else ""
        name = f", name={self.name}" if self.name else ""
        return f"<KerasTensor shape={self._shape}, dtype={self._dtype}{name}{origin}>"

    # Symbolic tensors hold no data: refuse to become one.
    def __array__(self, dtype: Any = None, copy: Any = None) -> Any:
        raise TypeError(
            f"{self!r} is symbolic: it holds no data and cannot be converted to an array. "
            "Symbolic tensors stand for the inputs of a model being built; call the model on real data instead."
        )

    def numpy(self) -> Any:
        return self.__array__()

    def __bool__(self) -> bool:
        raise TypeError(f"{self!r} is symbolic: its truth value is unknown until the model runs on data.")

    def __len__(self) -> int:
        if not self._shape or self._shape[0] is None:
            raise TypeError(f"{self!r}: len() needs a known first dimension.")
        return self._shape[0]

    def __iter__(self) -> Any:
        raise TypeError(f"{self!r} is symbolic and cannot be iterated; use ops.unstack with a known dimension.")

    __hash__ = object.__hash__


def _operators() -> None:
    from multikeras import ops

    binary = {
        "add": ops.add, "sub": ops.subtract, "mul": ops.multiply, "truediv": ops.true_divide,
        "floordiv": ops.floor_divide, "mod": ops.mod, "pow": ops.power, "matmul": ops.matmul,
        "and": ops.logical_and, "or": ops.logical_or, "xor": ops.logical_xor,
    }
    for name, op in binary.items():
        setattr(KerasTensor, f"__{name}__", lambda self, other, op=op: op(self, other))
        setattr(KerasTensor, f"__r{name}__", lambda self, other, op=op: op(other, self))
    compare = {"lt": ops.less, "le": ops.less_equal, "gt": ops.greater, "ge": ops.greater_equal}
    for name, op in compare.items():
        setattr(KerasTensor, f"__{name}__", lambda self, other, op=op: op(self, other))
    KerasTensor.__neg__ = lambda self: ops.negative(self)  # type: ignore[method-assign]
    KerasTensor.__abs__ = lambda self: ops.absolute(self)  # type: ignore[method-assign]
    KerasTensor.__invert__ = lambda self: ops.logical_not(self)  # type: ignore[method-assign]
    KerasTensor.__getitem__ = lambda self, key: ops.get_item(self, key)  # type: ignore[attr-defined]
    KerasTensor.reshape = lambda self, *shape: ops.reshape(self, shape[0] if len(shape) == 1 else shape)  # type: ignore[attr-defined]
    KerasTensor.astype = lambda self, dtype: ops.cast(self, dtype)  # type: ignore[attr-defined]
    KerasTensor.T = property(lambda self: ops.transpose(self))  # type: ignore[attr-defined]


_operators()


def standardize_shape(shape: Any) -> tuple[int | None, ...]:
    """A tuple of non-negative ints and ``None``; raises ``ValueError`` otherwise.

    Example:
        >>> standardize_shape([None, 3])
        (None, 3)
    """
    if shape is None:
        raise ValueError("Expected a shape (a tuple of ints and None), received None.")
    if isinstance(shape, int):
        shape = (shape,)
    try:
        items = tuple(shape)
    except TypeError:
        raise ValueError(f"Expected a shape (a tuple of ints and None), received {shape!r}.") from None
    result: list[int | None] = []
    for item in items:
        if item is None:
            result.append(None)
            continue
        if isinstance(item, bool) or not hasattr(item, "__index__"):
            raise ValueError(f"Expected a shape of ints and None, received {shape!r} (item {item!r}).")
        value = int(item)
        if value < 0:
            raise ValueError(f"Expected a shape of non-negative dimensions, received {shape!r}.")
        result.append(value)
    return tuple(result)


def is_keras_tensor(x: Any) -> bool:
    """Whether ``x`` is a :class:`KerasTensor`.

    Example:
        >>> is_keras_tensor(KerasTensor((2,)))
        True
    """
    return isinstance(x, KerasTensor)
