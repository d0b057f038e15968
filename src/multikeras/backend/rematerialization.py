"""Rematerialization (gradient checkpointing): ``remat`` and ``RematScope``.

``remat(f)`` returns a function computing ``f`` whose intermediate values are
recomputed during the backward pass instead of being kept from the forward
pass: less memory for more compute, with the same values and gradients. The
array leaves of the arguments (nested lists, tuples, dicts) are handed to the
backend's contract function ``remat(f)`` as explicit arguments, every other
leaf (``None``, bools, strings, numbers) stays a constant of the call; jax
uses ``jax.checkpoint``, torch ``torch.utils.checkpoint.checkpoint``
(non-reentrant), tensorflow a ``tf.custom_gradient`` that recomputes ``f`` in
its gradient, numpy ``f`` itself.

``RematScope`` chooses the layers whose calls are rematerialized: a layer
records the scope open when it is *created* (as in Keras 3) and applies it to
each of its calls.
"""

from __future__ import annotations

import contextvars
import dataclasses
import functools
from collections.abc import Callable, Sequence
from typing import Any

from multikeras.backend.selection import current

REMAT_MODES = ("full", "activations", "larger_than", "list_of_layers", None)


@dataclasses.dataclass(frozen=True)
class RematMode:
    """What an open :class:`RematScope` asks of the layers created in it.

    Example:
        >>> RematMode("full").mode
        'full'
    """

    mode: str | None
    output_size_threshold: int = 1024
    layer_names: tuple[str, ...] = ()


_current_mode: contextvars.ContextVar[RematMode | None] = contextvars.ContextVar("multikeras_remat_mode", default=None)


def current_remat_mode() -> RematMode | None:
    """The mode of the innermost open :class:`RematScope`, or ``None`` outside any (or in ``mode=None``).

    Example:
        >>> current_remat_mode() is None
        True
    """
    return _current_mode.get()


class RematScope:
    """Rematerialize the calls of the layers created inside this scope.

    Args:
        mode: ``"full"`` (every layer's call), ``"activations"`` (only the
            activation function of layers that have an ``activation``
            attribute), ``"larger_than"`` (layers whose output has more than
            ``output_size_threshold`` elements), ``"list_of_layers"`` (layers
            whose name is in ``layer_names``) or ``None`` (none; turns an
            enclosing scope off).
        output_size_threshold: the element count ``"larger_than"`` compares with.
        layer_names: the layer names ``"list_of_layers"`` rematerializes.

    Raises:
        ValueError: an unknown ``mode``.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     with mk.RematScope(mode="full"):
        ...         layer = mk.layers.Dense(2)
        ...     layer(mk.ops.ones((1, 3))).shape
        (1, 2)
    """

    def __init__(self, mode: str | None = "full", output_size_threshold: int = 1024,
                 layer_names: Sequence[str] | None = None):
        if mode not in REMAT_MODES:
            raise ValueError(
                f"RematScope: unknown mode {mode!r}; expected one of "
                f"{', '.join(repr(m) for m in REMAT_MODES)}."
            )
        self.mode = mode
        self.output_size_threshold = output_size_threshold
        self.layer_names = list(layer_names or ())
        self._tokens: list[contextvars.Token] = []

    def __enter__(self) -> RematScope:
        mode = None if self.mode is None else RematMode(self.mode, self.output_size_threshold, tuple(self.layer_names))
        self._tokens.append(_current_mode.set(mode))
        return self

    def __exit__(self, *exc: Any) -> None:
        _current_mode.reset(self._tokens.pop())


def keep_activations(backend: Any, f: Callable[..., Any]) -> Callable[..., Any]:
    """The contract's ``remat`` for a plug-in without one: ``f`` itself (same values and gradients, no memory saved).

    Example:
        >>> keep_activations(None, len) is len
        True
    """
    return f


def _is_array(leaf: Any, is_tensor: Callable[[Any], bool]) -> bool:
    return is_tensor(leaf) or type(leaf).__module__ == "numpy" and hasattr(leaf, "shape")


def remat(f: Callable[..., Any]) -> Callable[..., Any]:
    """A function computing ``f`` whose activations are recomputed in the backward pass.

    Values and gradients equal those of ``f``; only the memory kept between
    the forward and the backward pass changes. Arrays ``f`` differentiates
    through should be its arguments (on tensorflow an array ``f`` merely
    closes over gets no gradient through the rematerialized call).

    Args:
        f: the function; its arguments may nest arrays in lists, tuples and
            dicts beside other Python values.

    Returns:
        a function of the same arguments and results, bound to the backend
        active when it is called.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("torch"):
        ...     square_sum = mk.remat(lambda x: mk.ops.sum(x * x))
        ...     value, grad = mk.backend.value_and_grad(square_sum)(mk.ops.ones(3))
        ...     float(value), mk.ops.convert_to_numpy(grad).tolist()
        (3.0, [2.0, 2.0, 2.0])
    """

    import optree  # here, not at the top: importing multikeras.backend stays free of it

    @functools.wraps(f)
    def rematerialized(*args: Any, **kwargs: Any) -> Any:
        backend = current()
        leaves, treedef = optree.tree_flatten((args, kwargs), none_is_leaf=True)
        is_tensor = backend.is_tensor
        positions = [i for i, leaf in enumerate(leaves) if _is_array(leaf, is_tensor)]

        def on_arrays(*arrays: Any) -> Any:
            rebuilt = list(leaves)
            for position, array in zip(positions, arrays):
                rebuilt[position] = array
            call_args, call_kwargs = optree.tree_unflatten(treedef, rebuilt)
            return f(*call_args, **call_kwargs)

        return backend.remat(on_arrays)(*(leaves[i] for i in positions))

    return rematerialized
