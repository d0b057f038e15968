"""Where progress and status messages go: the terminal, or Python's ``logging``.

Interactive logging (the default) writes messages to the current
``sys.stdout``, and the progress bar redraws its line in place on a terminal.
After :func:`disable_interactive_logging` every message (progress bars,
``Epoch 1/3`` headers, callback notices, ``Model.summary()``) goes instead to
the ``"multikeras"`` logger at ``INFO`` level as plain text, with no colors and
no carriage returns, which suits a job running on a server whose output is
collected by ``logging`` handlers. As with Keras 3, nothing is shown then unless
the application configures logging (e.g. ``logging.basicConfig(level=logging.INFO)``).

The switch is process-wide, like the other ``keras.config`` switches.

Example:
    >>> import multikeras as mk
    >>> mk.config.is_interactive_logging_enabled()
    True
"""

from __future__ import annotations

import logging
import sys

LOGGER = logging.getLogger("multikeras")
"""The logger that receives messages while interactive logging is disabled."""

_interactive_logging = True


def enable_interactive_logging() -> None:
    """Write progress bars and messages to ``sys.stdout`` (the default).

    Example:
        >>> disable_interactive_logging()
        >>> enable_interactive_logging(); is_interactive_logging_enabled()
        True
    """
    global _interactive_logging
    _interactive_logging = True


def disable_interactive_logging() -> None:
    """Send progress bars and messages to the ``"multikeras"`` logger (``INFO`` level) as plain lines.

    Example:
        >>> import logging, io
        >>> stream = io.StringIO()
        >>> handler = logging.StreamHandler(stream)
        >>> LOGGER.addHandler(handler); LOGGER.setLevel(logging.INFO)
        >>> disable_interactive_logging()
        >>> print_msg("Epoch 1/3")  # nothing on stdout: the logger has it
        >>> enable_interactive_logging(); LOGGER.removeHandler(handler); LOGGER.setLevel(logging.NOTSET)
        >>> stream.getvalue()
        'Epoch 1/3\\n'
    """
    global _interactive_logging
    _interactive_logging = False


def is_interactive_logging_enabled() -> bool:
    """Whether messages go to ``sys.stdout`` (``True``) or to the ``"multikeras"`` logger (``False``).

    Example:
        >>> disable_interactive_logging(); is_interactive_logging_enabled()
        False
        >>> enable_interactive_logging(); is_interactive_logging_enabled()
        True
    """
    return _interactive_logging


def print_msg(message: str, line_break: bool = True) -> None:
    """Show ``message`` where the interactive-logging switch says.

    Args:
        message: the text to show.
        line_break: end the message with a newline on ``sys.stdout``. A logged
            message is always one record, whatever this says.

    Example:
        >>> print_msg("Epoch 1/3")
        Epoch 1/3
    """
    if _interactive_logging:
        stream = sys.stdout  # looked up on each call: pytest, doctest and notebooks swap it
        stream.write(message + ("\n" if line_break else ""))
        stream.flush()
    else:
        LOGGER.info(message)
