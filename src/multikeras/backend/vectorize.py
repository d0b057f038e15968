"""``vectorize``: a function of core-shaped arrays applied over broadcast leading ("loop") axes.

The semantics are NumPy's ``np.vectorize``/generalized ufuncs, on every
backend: without ``signature`` every input is a scalar core; with
``signature="(m,n),(n)->(m)"`` each input's trailing axes are its core and
their sizes must agree per name. Loop axes broadcast; positional arguments
whose index (and keyword arguments whose name) is in ``excluded`` reach the
function unchanged. The loop runs through the backend's ``vectorized_map``
(``jax.vmap``, ``tf.vectorized_map``, a Python loop on numpy/torch) over the
flattened loop axes.

This module imports no framework.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable
from typing import Any

_DIMS = r"\(\s*(?:\w+(?:\s*,\s*\w+)*)?\s*\)"
_ARGS = rf"{_DIMS}(?:\s*,\s*{_DIMS})*"
_SIGNATURE = re.compile(rf"^\s*{_ARGS}\s*->\s*{_ARGS}\s*$")


@functools.lru_cache(maxsize=128)
def parse_signature(signature: str) -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]:
    """``(input core dims, output core dims)`` of a gufunc signature.

    Example:
        >>> parse_signature("(m,n),(n)->(m)")
        ((('m', 'n'), ('n',)), (('m',),))
    """
    if not isinstance(signature, str) or not _SIGNATURE.match(signature):
        raise ValueError(f"vectorize: not a valid gufunc signature: {signature!r}")
    inputs, outputs = signature.split("->")

    def cores(text: str) -> tuple[tuple[str, ...], ...]:
        return tuple(
            tuple(name for name in re.split(r"\s*,\s*", group.strip()) if name)
            for group in re.findall(r"\(([^)]*)\)", text)
        )

    return cores(inputs), cores(outputs)


def _broadcast_shapes(shapes: Iterable[tuple[int, ...]]) -> tuple[int, ...]:
    shapes = list(shapes)
    rank = max([len(shape) for shape in shapes] + [0])
    result = [1] * rank
    for shape in shapes:
        for i, dim in enumerate((1,) * (rank - len(shape)) + tuple(shape)):
            if dim != 1 and result[i] not in (1, dim):
                raise ValueError(f"vectorize: the inputs' loop shapes {shapes} do not broadcast together")
            if dim != 1:
                result[i] = dim
    return tuple(result)


def vectorize(
    backend: Any,
    pyfunc: Callable[..., Any],
    excluded: Iterable[int | str] | None = None,
    signature: str | None = None,
) -> Callable[..., Any]:
    """``pyfunc`` vectorized over broadcast loop axes (see the module docstring)."""
    if not callable(pyfunc):
        raise TypeError(f"vectorize: `pyfunc` must be callable, received {type(pyfunc).__name__}")
    excluded_set = frozenset(excluded or ())
    core = parse_signature(signature) if signature is not None else None

    @functools.wraps(pyfunc)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        positions = [i for i in range(len(args)) if i not in excluded_set]
        names = [name for name in kwargs if name not in excluded_set]
        values = [backend.convert_to_tensor(args[i]) for i in positions]
        values += [backend.convert_to_tensor(kwargs[name]) for name in names]
        if core is None:
            input_cores: tuple[tuple[str, ...], ...] = ((),) * len(values)
        else:
            input_cores = core[0]
            if len(input_cores) != len(values):
                raise TypeError(
                    f"vectorize: wrong number of positional arguments: signature {signature!r} expects "
                    f"{len(input_cores)}, received {len(values)}"
                )
        shapes = [tuple(backend.shape(value)) for value in values]
        sizes: dict[str, int] = {}
        loop_shapes = []
        for shape, dims in zip(shapes, input_cores):
            if len(shape) < len(dims):
                raise ValueError(
                    f"vectorize: input with shape {shape} has fewer dimensions than its core dimensions {dims}"
                )
            for name, size in zip(dims, shape[len(shape) - len(dims):]):
                if sizes.setdefault(name, size) != size:
                    raise ValueError(f"vectorize: inconsistent size for core dimension {name!r}: {size} vs {sizes[name]}")
            loop_shapes.append(shape[: len(shape) - len(dims)])
        loop_shape = _broadcast_shapes(loop_shapes)

        def call(vectorized: Any) -> Any:
            call_args = list(args)
            call_kwargs = dict(kwargs)
            for i, value in zip(positions, vectorized):
                call_args[i] = value
            for name, value in zip(names, vectorized[len(positions):]):
                call_kwargs[name] = value
            return pyfunc(*call_args, **call_kwargs)

        if not loop_shape:
            return call(values)
        count = math.prod(loop_shape)
        flat = []
        for value, shape, dims in zip(values, shapes, input_cores):
            core_shape = shape[len(shape) - len(dims):]
            value = backend.broadcast_to(value, loop_shape + core_shape)
            flat.append(backend.reshape(value, (count, *core_shape)))
        result = backend.vectorized_map(lambda elements: call(list(elements)), tuple(flat))

        def unflatten(output: Any) -> Any:
            output = backend.convert_to_tensor(output)
            return backend.reshape(output, loop_shape + tuple(backend.shape(output))[1:])

        if isinstance(result, (tuple, list)):
            return type(result)(unflatten(output) for output in result)
        return unflatten(result)

    return wrapped
