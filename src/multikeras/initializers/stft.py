"""The STFT initializer: convolution kernels that compute a short-time Fourier transform."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from multikeras import ops
from multikeras.initializers.initializer import MODULE, Initializer, Shape, float_dtype, standardize_shape
from multikeras.saving.object_registration import register_builtin

SIDES = ("real", "imag")
SCALINGS = (None, "density", "spectrum")

_SYMMETRIC_WINDOWS: dict[str, Callable[[int], np.ndarray]] = {
    "hann": np.hanning,
    "hamming": np.hamming,
    "blackman": np.blackman,
    "bartlett": np.bartlett,
    "boxcar": np.ones,
}


def window_values(window: str | Sequence[float] | None, length: int, periodic: bool = False) -> np.ndarray:
    """The values of a window function of ``length`` samples, as a float64 NumPy array.

    Args:
        window: ``None`` (all ones), a name (``"hann"``, ``"hamming"``,
            ``"blackman"``, ``"bartlett"``, ``"boxcar"``, or any other name of
            ``scipy.signal.get_window``, which then needs SciPy), or the values.
        length: the number of samples.
        periodic: a periodic window (for spectral analysis) instead of a symmetric one.

    Example:
        >>> from multikeras.initializers.stft import window_values
        >>> window_values("hann", 5).tolist()
        [0.0, 0.5, 1.0, 0.5, 0.0]
        >>> window_values("hann", 4, periodic=True).tolist()
        [0.0, 0.5, 1.0, 0.5]
    """
    if window is None:
        return np.ones(length)
    if not isinstance(window, str):
        values = np.asarray(window, dtype=np.float64)
        if values.shape != (length,):
            raise ValueError(
                f"STFT: the window must have shape ({length},) (the frame length), received shape {values.shape}."
            )
        return values
    symmetric = _SYMMETRIC_WINDOWS.get(window)
    if symmetric is not None:
        # A periodic window of n samples is a symmetric one of n + 1 samples without its last sample.
        return np.asarray(symmetric(length + 1)[:-1] if periodic else symmetric(length), dtype=np.float64)
    try:
        from scipy.signal import get_window
    except ImportError:
        raise ValueError(
            f"STFT: the window {window!r} needs SciPy (pip install scipy); without it the windows are "
            f"{sorted(_SYMMETRIC_WINDOWS)}."
        ) from None
    return np.asarray(get_window(window, length, fftbins=periodic), dtype=np.float64)


@register_builtin(MODULE)
class STFT(Initializer):
    """Kernels of a 1-D convolution that computes one side of a short-time Fourier transform.

    Called with shape ``(frame_length, 1, bins)``, it returns
    ``w[n] * cos(2 pi n k / fft_length)`` (``side="real"``) or
    ``-w[n] * sin(2 pi n k / fft_length)`` (``side="imag"``), with
    ``fft_length = 2 * (bins - 1)`` and ``w`` the window, scaled to unit L2
    norm (``"density"``) or unit L1 norm (``"spectrum"``) when a window is given.

    Args:
        side: ``"real"`` or ``"imag"``.
        window: ``None`` (no window), a window name (see :func:`window_values`)
            or the window values (``frame_length`` numbers).
        scaling: ``"density"``, ``"spectrum"`` or ``None``.
        periodic: use a periodic window instead of a symmetric one.

    Example:
        >>> import multikeras as mk
        >>> init = mk.initializers.STFT(side="real", window=None, scaling=None)
        >>> with mk.backend.use("numpy"):
        ...     print(mk.ops.convert_to_numpy(init((4, 1, 3)))[:, 0, :].round(3) + 0.0)
        [[ 1.  1.  1.]
         [ 1.  0. -1.]
         [ 1. -1.  1.]
         [ 1.  0. -1.]]
    """

    def __init__(
        self,
        side: str = "real",
        window: str | Sequence[float] | None = "hann",
        scaling: str | None = "density",
        periodic: bool = False,
    ):
        if side not in SIDES:
            raise ValueError(f"STFT: `side` must be one of {SIDES}, received side={side!r}.")
        if scaling not in SCALINGS:
            raise ValueError(f"STFT: `scaling` must be one of {SCALINGS}, received scaling={scaling!r}.")
        if isinstance(window, str):
            window_values(window, 2)  # an unknown name fails here, not at the first call
        elif window is not None:
            window = np.asarray(window, dtype=np.float64).tolist()
        self.side = side
        self.window = window
        self.scaling = scaling
        self.periodic = periodic

    def __call__(self, shape: Shape, dtype: Any = None) -> Any:
        shape = standardize_shape(shape, "STFT")
        dtype = float_dtype(dtype, "STFT")
        if len(shape) != 3 or shape[-1] < 2:
            raise ValueError(
                f"STFT: expected a kernel shape (frame_length, channels, bins) with bins >= 2, received {shape}."
            )
        frame_length, _, bins = shape
        fft_length = 2 * (bins - 1)
        angles = 2.0 * np.pi * np.outer(np.arange(frame_length), np.arange(bins)) / fft_length
        kernel = np.cos(angles) if self.side == "real" else -np.sin(angles)
        if self.window is not None:
            window = window_values(self.window, frame_length, self.periodic)
            if self.scaling == "density":
                window = window / np.sqrt(np.sum(np.square(window)))
            elif self.scaling == "spectrum":
                window = window / np.sum(np.abs(window))
            kernel = kernel * window[:, None]
        kernel = np.broadcast_to(kernel[:, None, :], shape)
        return ops.convert_to_tensor(np.ascontiguousarray(kernel), dtype=dtype)

    def get_config(self) -> dict[str, Any]:
        return {"side": self.side, "window": self.window, "periodic": self.periodic, "scaling": self.scaling}
