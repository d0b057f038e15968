"""Whether an op error hides the framework error behind it (``keras.config`` traceback filtering).

multikeras does not rewrite tracebacks: its own frames stay in every
traceback, whatever the switch says. What the switch controls is the one place
where an error message replaces a framework error: when a public op
(``multikeras.ops.*``) fails and multikeras finds what is wrong with the
arguments, it raises a ``ValueError``/``TypeError`` naming the op, the
argument and what was expected. With filtering enabled (the default) that error
is raised ``from None``: the framework's own traceback (often dozens of frames of
XLA, PyTorch or TensorFlow internals) is not shown. With filtering disabled the
framework error is kept as the ``__cause__`` and printed above it, for debugging
a backend. Errors multikeras does not explain are always chained to the
framework error.

The switch is process-wide, like the other ``keras.config`` switches.

Example:
    >>> import multikeras as mk
    >>> mk.config.is_traceback_filtering_enabled()
    True
"""

from __future__ import annotations

_traceback_filtering = True


def enable_traceback_filtering() -> None:
    """Raise explained op errors without the framework error behind them (the default).

    Example:
        >>> disable_traceback_filtering()
        >>> enable_traceback_filtering(); is_traceback_filtering_enabled()
        True
    """
    global _traceback_filtering
    _traceback_filtering = True


def disable_traceback_filtering() -> None:
    """Keep the framework error as the ``__cause__`` of every op error multikeras explains.

    Example:
        >>> import multikeras as mk
        >>> disable_traceback_filtering()
        >>> with mk.backend.use("numpy"):
        ...     try:
        ...         mk.ops.reshape(mk.ops.ones((2, 3)), (4, 2))
        ...     except ValueError as error:
        ...         print(error.__cause__ is not None)
        True
        >>> enable_traceback_filtering()
    """
    global _traceback_filtering
    _traceback_filtering = False


def is_traceback_filtering_enabled() -> bool:
    """Whether explained op errors hide the framework error behind them (see the module docstring).

    Example:
        >>> disable_traceback_filtering(); is_traceback_filtering_enabled()
        False
        >>> enable_traceback_filtering(); is_traceback_filtering_enabled()
        True
    """
    return _traceback_filtering
