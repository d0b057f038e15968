"""`DeferredValue`: a variable's value that a compiled step keeps, read only when someone asks for it.

A plug-in's ``compile_step`` may keep the state of a step in framework
variables between calls (``docs/contract.md``, ``compile_step``). Handing the
new values back as arrays after every call would make Python hold each
array's buffer while the next step runs, so the framework cannot reuse it.
Instead the step may hand back one ``DeferredValue`` per kept variable; the
:class:`~multikeras.state.Variable` stores it as it is, gives it back to the
step on the next call (which recognizes its own), and calls :meth:`read` when
user code asks for the value, which then is an ordinary immutable array.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class DeferredValue:
    """A value held elsewhere: ``read()`` returns it as an array of the backend, as it is at that moment.

    Only a variable's private storage holds one; everything public (``Variable.value``, ``numpy()``,
    saving) reads it, so no user code sees the object.

    Example:
        >>> import numpy as np
        >>> held = [np.zeros(2)]
        >>> deferred = DeferredValue(lambda: held[0])
        >>> held[0] = np.ones(2)
        >>> deferred.read().tolist()
        [1.0, 1.0]
    """

    __slots__ = ("read",)

    def __init__(self, read: Callable[[], Any]):
        self.read = read


def resolve(value: Any) -> Any:
    """``value``, read first if it is a :class:`DeferredValue`.

    Example:
        >>> resolve(DeferredValue(lambda: 3)), resolve(4)
        (3, 4)
    """
    return value.read() if type(value) is DeferredValue else value
