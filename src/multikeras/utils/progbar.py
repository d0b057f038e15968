"""`Progbar`: the training progress bar (Keras's ``keras.utils.Progbar``).

On a terminal (or in Jupyter) the bar redraws one line in place, rendered with
rich: step count, bar, elapsed time and ETA, time per step and the metric
values. Anywhere else (a log file, a pipe, pytest's capture) it prints plain
lines, so logs stay readable::

    Epoch 1/3
    10/10 - 0s - 3ms/step - accuracy: 0.9000 - loss: 0.1234

The line is redrawn with a carriage return rather than a rich ``Live``
display: nothing global is touched (no redirected ``sys.stdout``, no hidden
cursor), so an exception in the middle of an epoch leaves the terminal as it
was.

After ``keras.config.disable_interactive_logging()`` the bar never redraws in
place: each line it would print as plain text goes to the ``"multikeras"``
logger instead (see :mod:`multikeras.utils.io_utils`).
"""

from __future__ import annotations

import math
import numbers
import time
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from rich.console import Console
from rich.text import Text

from multikeras.utils import io_utils

_BAR_CHAR = "━"


class Progbar:
    """Displays a progress bar (``keras.utils.Progbar``).

    Metric values passed to :meth:`update` are averaged over the steps seen so
    far, except the names listed in ``stateful_metrics``, which are shown as
    given. Alternatively ``stateless_metrics`` lists the only names to
    average (all others are shown as given); pass at most one of the two.

    Args:
        target: total number of steps expected; ``None`` when unknown.
        width: width of the bar in characters.
        verbose: ``0`` silent, ``1`` the bar, updated every step (at most once
            per ``interval``), ``2`` one line when the bar is finalized.
        interval: minimum number of seconds between two redraws (``verbose=1``).
        stateful_metrics: names of metrics shown as given (not averaged).
        stateless_metrics: names of the only metrics that are averaged.
        unit_name: name of a step in the display ("step", "sample", ...).
        console: (multikeras addition) the rich ``Console`` to draw on. By default
            one writing to the current ``sys.stdout``, with the bar drawn in place when
            that stream is a terminal (or in Jupyter) and plain lines otherwise; a
            given console draws in place when rich considers it a terminal. While
            interactive logging is disabled, lines go to the ``"multikeras"`` logger
            whatever the console.

    Example:
        >>> bar = Progbar(target=4, verbose=2)
        >>> for step in range(1, 5):
        ...     bar.update(step, [("loss", 1.0 / step), ("accuracy", 0.9)])  # doctest: +ELLIPSIS
        4/4 - 0s - ...s/step - loss: 0.2500 - accuracy: 0.9000
    """

    def __init__(
        self,
        target: int | None,
        width: int = 20,
        verbose: int = 1,
        interval: float = 0.05,
        stateful_metrics: Iterable[str] | None = None,
        stateless_metrics: Iterable[str] | None = None,
        unit_name: str = "step",
        *,
        console: Console | None = None,
    ):
        if stateful_metrics is not None and stateless_metrics is not None:
            raise ValueError(
                "Progbar: pass at most one of `stateful_metrics` (names shown as given; the others are averaged) "
                "and `stateless_metrics` (names averaged; the others are shown as given). "
                f"Received stateful_metrics={stateful_metrics!r} and stateless_metrics={stateless_metrics!r}."
            )
        if verbose not in (0, 1, 2):
            raise ValueError(f"Progbar: `verbose` must be 0, 1 or 2. Received: verbose={verbose!r}.")
        self.target = target
        self.width = width
        self.verbose = verbose
        self.interval = interval
        self.unit_name = unit_name
        self.stateful_metrics = set(stateful_metrics) if stateful_metrics is not None else None
        self.stateless_metrics = set(stateless_metrics) if stateless_metrics is not None else None
        if self.stateful_metrics is None and self.stateless_metrics is None:
            self.stateful_metrics = set()
        if console is None:
            console = Console()
            # The stream itself decides, not rich's FORCE_COLOR/TTY_COMPATIBLE overrides: a log file
            # gets plain lines even where CI forces colors.
            stream = console.file
            is_terminal = bool(getattr(stream, "isatty", None) and stream.isatty())
        else:
            is_terminal = console.is_terminal
        self._console = console
        self._dynamic_display = is_terminal or console.is_jupyter
        self._values: dict[str, list[Any]] = {}
        """``name -> [weighted sum, weight]``; a value shown as given has weight 1."""
        self._values_order: list[str] = []
        self._seen_so_far = 0
        self._start = time.time()
        self._last_update = 0.0
        self._time_after_first_step: float | None = None

    # Public API ---------------------------------------------------------------

    def update(self, current: int, values: Sequence[tuple[str, Any]] | None = None, finalize: bool | None = None) -> None:
        """Updates the progress bar.

        Args:
            current: index of the current step (1-based: the number of steps done).
            values: ``(name, value)`` pairs for the last step(s).
            finalize: whether this is the last update; by default whether
                ``current`` reached ``target``.
        """
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        for name, value in values or ():
            self._record(name, value, current, finalize)
        self._seen_so_far = current

        now = time.time()
        time_per_unit = self._time_per_unit(current, now)
        if self.verbose == 1:
            if not finalize and now - self._last_update < self.interval:
                return
            if self._dynamic_display and io_utils.is_interactive_logging_enabled():
                self._draw_in_place(current, now, time_per_unit, finalize)
            else:
                self._write_line(self._plain_line(current, now, time_per_unit, finalize))
        elif self.verbose == 2 and finalize:
            self._write_line(self._plain_line(current, now, time_per_unit, finalize=True))
        self._last_update = now

    def add(self, n: int, values: Sequence[tuple[str, Any]] | None = None) -> None:
        """Advances the bar by ``n`` steps (see :meth:`update`)."""
        self.update(self._seen_so_far + n, values)

    # Values -------------------------------------------------------------------

    def _is_averaged(self, name: str) -> bool:
        if self.stateful_metrics is not None:
            return name not in self.stateful_metrics
        return name in self.stateless_metrics  # type: ignore[operator]

    def _record(self, name: str, value: Any, current: int, finalize: bool) -> None:
        if not _is_number(value) and hasattr(value, "__array__"):
            value = np.asarray(value)  # a framework tensor
        if name not in self._values:
            self._values_order.append(name)
        if not self._is_averaged(name) or finalize or not _is_number(value):
            # Final logs are already epoch averages: show them as given.
            self._values[name] = [value, 1]
            return
        # A value stands for every step since the previous update (at least one).
        steps = max(current - self._seen_so_far, 1)
        total = self._values.get(name)
        if total is None or not _is_number(total[0]):
            self._values[name] = [value * steps, steps]
        else:
            total[0] += value * steps
            total[1] += steps

    def _metric_text(self) -> str:
        parts = []
        for name in self._values_order:
            total, weight = self._values[name]
            parts.append(f" - {name}: {_format_value(total, weight)}")
        return "".join(parts)

    # Timing -------------------------------------------------------------------

    def _time_per_unit(self, current: int, now: float) -> float:
        """Seconds per step; the first step (often a compilation) is left out once there are more."""
        if not current:
            return 0.0
        if self._time_after_first_step is not None and current > 1:
            estimate = (now - self._time_after_first_step) / (current - 1)
        else:
            estimate = (now - self._start) / current
        if current == 1:
            self._time_after_first_step = now
        return estimate

    def _rate_text(self, time_per_unit: float) -> str:
        if time_per_unit >= 1 or time_per_unit == 0:
            return f"{time_per_unit:.0f}s/{self.unit_name}"
        if time_per_unit >= 1e-3:
            return f"{time_per_unit * 1e3:.0f}ms/{self.unit_name}"
        return f"{time_per_unit * 1e6:.0f}us/{self.unit_name}"

    def _eta(self, current: int, time_per_unit: float, finalize: bool) -> float | None:
        if finalize or not self.target or self.target <= 0:
            return None
        return time_per_unit * max(self.target - current, 0)

    # Rendering ----------------------------------------------------------------

    def _count_text(self, current: int) -> str:
        if self.target is None or self.target <= 0:
            return f"{current}/Unknown"
        digits = len(str(self.target))
        return f"{current:>{digits}}/{self.target}"

    def _plain_line(self, current: int, now: float, time_per_unit: float, finalize: bool) -> str:
        line = f"{self._count_text(current)} - {_format_duration(now - self._start)}"
        eta = self._eta(current, time_per_unit, finalize)
        if eta is not None:
            line += f" - ETA: {_format_duration(eta)}"
        return line + f" - {self._rate_text(time_per_unit)}" + self._metric_text()

    def _rich_line(self, current: int, now: float, time_per_unit: float, finalize: bool) -> Text:
        line = Text()
        line.append(self._count_text(current), style="bold")
        if self.target is not None and self.target > 0:
            done = min(max(int(self.width * current / self.target), 0), self.width)
            line.append(" ")
            line.append(_BAR_CHAR * done, style="green")
            line.append(_BAR_CHAR * (self.width - done), style="grey37")
        line.append(" ")
        line.append(_format_duration(now - self._start), style="yellow")
        eta = self._eta(current, time_per_unit, finalize)
        if eta is not None:
            line.append("<")
            line.append(_format_duration(eta), style="cyan")
        line.append(" " + self._rate_text(time_per_unit))
        line.append(self._metric_text())
        return line

    def _draw_in_place(self, current: int, now: float, time_per_unit: float, finalize: bool) -> None:
        console = self._console
        line = self._rich_line(current, now, time_per_unit, finalize)
        # One character short of the width: a line exactly as wide as the terminal wraps on some terminals.
        line.truncate(max(console.width - 1, 1), overflow="ellipsis")
        with console.capture() as capture:
            console.print(line, end="", no_wrap=True, crop=True, soft_wrap=False)
        rendered = capture.get().rstrip("\n")
        # "\r" goes back to the line start, "\x1b[K" clears what a longer previous line left behind.
        console.file.write("\r" + rendered + "\x1b[K" + ("\n" if finalize else ""))
        console.file.flush()

    def _write_line(self, line: str) -> None:
        if not io_utils.is_interactive_logging_enabled():
            io_utils.LOGGER.info(line)
            return
        file = self._console.file
        file.write(line + "\n")
        file.flush()


def _is_number(value: Any) -> bool:
    return isinstance(value, (numbers.Number, np.ndarray, np.generic)) and not isinstance(value, bool)


def _format_value(total: Any, weight: int) -> str:
    if not _is_number(total):
        return str(total)
    average = float(np.mean(total)) / max(weight, 1)
    if math.isfinite(average) and abs(average) > 1e-3:
        return f"{average:.4f}"
    return f"{average:.4e}"


def _format_duration(seconds: float) -> str:
    """``"7s"``, ``"2:05"`` or ``"1:02:05"``."""
    seconds = max(seconds, 0.0)
    if seconds < 60:
        return f"{seconds:.0f}s"
    whole = int(seconds)
    if whole < 3600:
        return f"{whole // 60}:{whole % 60:02d}"
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
