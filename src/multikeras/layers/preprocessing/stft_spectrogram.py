"""`STFTSpectrogram`: a short-time Fourier transform computed by a 1-D convolution with DFT kernels."""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from multikeras import ops
from multikeras.backend import dtypes
from multikeras.initializers.stft import SCALINGS, STFT, window_values
from multikeras.layers.input_spec import InputSpec
from multikeras.layers.layer import Layer
from multikeras.layers.preprocessing import preprocessing_utils as utils
from multikeras.saving.object_registration import register_builtin

MODES = ("log", "magnitude", "psd", "real", "imag", "angle", "stft")
PADDINGS = ("valid", "same")
# Floor of the power before a square root or a logarithm ("magnitude", "log"): Keras 3's value, observed.
POWER_FLOOR = 1e-7


@register_builtin("keras.layers")
class STFTSpectrogram(Layer):
    """Spectrogram of a signal by a short-time Fourier transform, as a convolution with trainable DFT kernels.

    The signal, ``(batch, samples, channels)`` (or ``(batch, channels,
    samples)`` with ``data_format="channels_first"``), is cut into frames of
    ``frame_length`` samples every ``frame_step`` samples; each frame is
    windowed and transformed by a convolution whose kernels (``real_kernel``
    and ``imag_kernel``, shape ``(frame_length, 1, fft_length // 2 + 1)``)
    start as the windowed DFT (:class:`multikeras.initializers.STFT`) and can
    be trained. Each channel is transformed on its own.

    Output per channel and frame, for ``fft_length // 2 + 1`` bins ``z``:
    ``"real"``/``"imag"``: ``Re z``/``Im z``; ``"stft"``: both, real then
    imaginary (twice the bins); ``"psd"``: ``|z|^2``, doubled for every bin but
    the first and the last (one-sided density); ``"magnitude"``:
    ``sqrt(max(|z|^2, 1e-7))``; ``"log"``: the natural log of that magnitude;
    ``"angle"``: ``atan2(Im z, Re z)``.

    Output shape: ``(batch, frames, channels * bins)`` (``channels_last``) or
    ``(batch, channels * bins, frames)`` (``channels_first``), where the bins of
    each channel are contiguous; with ``expand_dims=True``,
    ``(batch, frames, bins, channels)`` or ``(batch, channels, frames, bins)``.

    Args:
        mode: one of ``"log"``, ``"magnitude"``, ``"psd"``, ``"real"``,
            ``"imag"``, ``"angle"``, ``"stft"``.
        frame_length: samples per frame (the kernel length).
        frame_step: samples between frame starts, ``1 <= frame_step <=
            frame_length``; ``None`` is ``frame_length // 2``.
        fft_length: DFT size, at least ``frame_length``; ``None`` is the
            smallest power of two ``>= frame_length``. There are
            ``fft_length // 2 + 1`` bins.
        window: ``None``, a window name (``"hann"``, ``"hamming"``, ... see
            :func:`multikeras.initializers.stft.window_values`) or its values.
        periodic: a periodic window instead of a symmetric one.
        scaling: ``"density"`` (window of unit L2 norm), ``"spectrum"`` (unit
            L1 norm) or ``None``.
        padding: ``"valid"`` or ``"same"`` (as for a convolution).
        expand_dims: keep channels on their own axis instead of merging them with the bins.
        data_format: ``"channels_last"``, ``"channels_first"``, or ``None``
            for ``multikeras.config.image_data_format()``.
        **kwargs: base layer arguments (``name``, ``dtype``, ``trainable`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> signal = np.sin(np.arange(64, dtype="float32") * np.pi / 2)[None, :, None]
        >>> with mk.backend.use("numpy"):
        ...     layer = STFTSpectrogram(mode="magnitude", frame_length=16, window=None, scaling=None)
        ...     spectrum = mk.ops.convert_to_numpy(layer(signal))
        >>> spectrum.shape, int(spectrum[0, 0].argmax())
        ((1, 7, 9), 4)
    """

    def __init__(
        self,
        mode: str = "log",
        frame_length: int = 256,
        frame_step: int | None = None,
        fft_length: int | None = None,
        window: str | Sequence[float] | None = "hann",
        periodic: bool = False,
        scaling: str | None = "density",
        padding: str = "valid",
        expand_dims: bool = False,
        data_format: str | None = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        where = utils.describe(self)
        if mode not in MODES:
            raise ValueError(f"{where}: `mode` must be one of {MODES}, received mode={mode!r}.")
        if padding not in PADDINGS:
            raise ValueError(f"{where}: `padding` must be one of {PADDINGS}, received padding={padding!r}.")
        if scaling not in SCALINGS:
            raise ValueError(f"{where}: `scaling` must be one of {SCALINGS}, received scaling={scaling!r}.")
        frame_length = utils.check_positive_int(frame_length, "frame_length", self)
        step = frame_length // 2 if frame_step is None else frame_step
        if isinstance(step, bool) or not isinstance(step, int) or not 1 <= step <= frame_length:
            raise ValueError(
                f"{where}: `frame_step` must be an int in [1, frame_length={frame_length}] or None, "
                f"received frame_step={frame_step!r}."
            )
        fft_size = 1 << max(frame_length - 1, 0).bit_length() if fft_length is None else fft_length
        if isinstance(fft_size, bool) or not isinstance(fft_size, int) or fft_size < max(frame_length, 2):
            raise ValueError(
                f"{where}: `fft_length` must be an int >= frame_length={frame_length} (and >= 2) or None, "
                f"received fft_length={fft_length!r}."
            )
        if fft_size & (fft_size - 1):
            warnings.warn(f"{where}: `fft_length` is best a power of two, received fft_length={fft_size}.", stacklevel=2)
        if isinstance(window, str):
            window_values(window, 2)  # an unknown window name fails here, not at build
        elif window is not None:
            window = [float(v) for v in np.asarray(window, dtype=np.float64).reshape(-1)]
            if len(window) != frame_length:
                raise ValueError(
                    f"{where}: a `window` of values must have frame_length={frame_length} values, "
                    f"received {len(window)}."
                )
        self.mode = mode
        self.frame_length = frame_length
        self.frame_step = frame_step
        self.fft_length = fft_length
        self.window = window
        self.periodic = bool(periodic)
        self.scaling = scaling
        self.padding = padding
        self.expand_dims = bool(expand_dims)
        self.data_format = utils.standardize_data_format(data_format, self)
        self._step = step
        self._bins = fft_size // 2 + 1
        self.input_spec = InputSpec(ndim=3)

    def build(self, input_shape: Sequence[int | None]) -> None:
        if len(input_shape) != 3:
            raise ValueError(
                f"{utils.describe(self)}: expected signals of rank 3 (batch, samples, channels) or "
                f"(batch, channels, samples), received shape {tuple(input_shape)}."
            )
        channels = input_shape[-1] if self.data_format == "channels_last" else input_shape[1]
        if channels is None:
            raise ValueError(f"{utils.describe(self)}: the number of channels must be known, received shape {tuple(input_shape)}.")
        self._channels = int(channels)
        shape = (self.frame_length, 1, self._bins)
        # Keras 3 creates only the kernels the mode reads, real first: same weights, same order in a .keras file.
        sides = {"real": ("real",), "imag": ("imag",)}.get(self.mode, ("real", "imag"))
        self._kernels = [
            self.add_weight(
                shape=shape,
                initializer=STFT(side=side, window=self.window, scaling=self.scaling, periodic=self.periodic),
                trainable=self.trainable,
                name=f"{side}_kernel",
            )
            for side in sides
        ]
        self.built = True

    def call(self, inputs: Any) -> Any:
        if not dtypes.is_float(ops.dtype(inputs)):
            raise TypeError(
                f"{utils.describe(self)}: expected a float signal (float16, bfloat16, float32 or float64), "
                f"received dtype {ops.dtype(inputs)}."
            )
        x = ops.cast(inputs, self.compute_dtype)
        kernels = [ops.cast(k, self.compute_dtype) for k in self._kernels]
        # One convolution gives the real and the imaginary parts together.
        kernel = kernels[0] if len(kernels) == 1 else ops.concatenate(kernels, axis=-1)
        per_channel = []
        for c in range(self._channels):
            # Each channel is convolved as a signal of one channel; a loop keeps every shape static but the batch.
            signal = x[:, :, c : c + 1] if self.data_format == "channels_last" else ops.expand_dims(x[:, c, :], -1)
            frames = ops.conv(signal, kernel, strides=self._step, padding=self.padding, data_format="channels_last")
            per_channel.append(self._spectrum(frames))  # (batch, frames, bins)
        if self.data_format == "channels_last":
            if self.expand_dims:
                return ops.stack(per_channel, axis=-1)
            return per_channel[0] if len(per_channel) == 1 else ops.concatenate(per_channel, axis=-1)
        if self.expand_dims:
            return ops.stack(per_channel, axis=1)
        per_channel = [ops.swapaxes(s, 1, 2) for s in per_channel]
        return per_channel[0] if len(per_channel) == 1 else ops.concatenate(per_channel, axis=1)

    def _spectrum(self, frames: Any) -> Any:
        """The mode's output from the convolution output (real bins then imaginary bins, or one of them)."""
        if self.mode in ("real", "imag", "stft"):
            return frames
        bins = self._bins
        real, imag = frames[..., :bins], frames[..., bins:]
        if self.mode == "angle":
            return ops.arctan2(imag, real)
        power = ops.add(ops.square(real), ops.square(imag))
        if self.mode == "psd":
            # One-sided density: every bin but DC and Nyquist stands for two bins of the full spectrum.
            factor = np.full((bins,), 2.0)
            factor[0] = factor[-1] = 1.0
            return ops.multiply(power, ops.convert_to_tensor(factor, self.compute_dtype))
        power = ops.maximum(power, ops.convert_to_tensor(POWER_FLOOR, self.compute_dtype))
        if self.mode == "magnitude":
            return ops.sqrt(power)
        return ops.multiply(ops.log(power), ops.convert_to_tensor(0.5, self.compute_dtype))

    def _frames(self, samples: int | None) -> int | None:
        if samples is None:
            return None
        if self.padding == "same":
            count = math.ceil(samples / self._step)
        else:
            count = (samples - self.frame_length) // self._step + 1
        if count <= 0:
            raise ValueError(
                f"{utils.describe(self)}: {samples} samples give no frame of frame_length={self.frame_length} "
                f"with padding={self.padding!r}."
            )
        return count

    def compute_output_shape(self, input_shape: Sequence[int | None]) -> tuple[int | None, ...]:
        if len(input_shape) != 3:
            raise ValueError(
                f"{utils.describe(self)}: expected signals of rank 3, received shape {tuple(input_shape)}."
            )
        batch = input_shape[0]
        if self.data_format == "channels_last":
            samples, channels = input_shape[1], input_shape[2]
        else:
            channels, samples = input_shape[1], input_shape[2]
        frames = self._frames(samples)
        bins = 2 * self._bins if self.mode == "stft" else self._bins
        if self.expand_dims:
            if self.data_format == "channels_last":
                return (batch, frames, bins, channels)
            return (batch, channels, frames, bins)
        merged = None if channels is None else channels * bins
        return (batch, frames, merged) if self.data_format == "channels_last" else (batch, merged, frames)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update(
            {
                "mode": self.mode,
                "frame_length": self.frame_length,
                "frame_step": self.frame_step,
                "fft_length": self.fft_length,
                "window": self.window,
                "periodic": self.periodic,
                "scaling": self.scaling,
                "padding": self.padding,
                "data_format": self.data_format,
                "expand_dims": self.expand_dims,
            }
        )
        return config
