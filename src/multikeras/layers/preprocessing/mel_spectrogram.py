"""`MelSpectrogram`: the power of a short-time Fourier transform on mel-spaced bands, optionally in decibels."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from multikeras import ops
from multikeras.layers.layer import Layer
from multikeras.layers.preprocessing import preprocessing_utils as utils
from multikeras.saving.object_registration import register_builtin


def hertz_to_mel(frequencies: np.ndarray | float) -> np.ndarray:
    """Frequencies in hertz on the HTK mel scale, ``1127 * ln(1 + f / 700)``.

    Example:
        >>> round(float(hertz_to_mel(700.0)), 3)
        781.177
    """
    return 1127.0 * np.log1p(np.asarray(frequencies, dtype=np.float64) / 700.0)


def mel_weight_matrix(
    num_mel_bins: int, num_spectrogram_bins: int, sampling_rate: float, min_freq: float, max_freq: float
) -> np.ndarray:
    """Triangular mel filters, ``(num_spectrogram_bins, num_mel_bins)``, as float64.

    The spectrogram bins are evenly spaced from 0 to the Nyquist frequency;
    the filters' edges are evenly spaced on the mel scale from ``min_freq`` to
    ``max_freq``; the DC bin gets no weight (the rule of ``tf.signal`` and
    Keras 3).

    Example:
        >>> mel_weight_matrix(2, 5, 8000, 0.0, 4000.0).shape
        (5, 2)
    """
    frequencies = np.linspace(0.0, sampling_rate / 2.0, num_spectrogram_bins)[1:]
    mels = hertz_to_mel(frequencies)[:, None]
    edges = np.linspace(float(hertz_to_mel(min_freq)), float(hertz_to_mel(max_freq)), num_mel_bins + 2)
    lower, center, upper = edges[:-2], edges[1:-1], edges[2:]
    rising = (mels - lower) / (center - lower)
    falling = (upper - mels) / (upper - center)
    weights = np.maximum(0.0, np.minimum(rising, falling))
    return np.concatenate([np.zeros((1, num_mel_bins)), weights], axis=0)


@register_builtin("keras.layers")
class MelSpectrogram(Layer):
    """Mel spectrogram of signals: STFT power on triangular mel bands, in decibels by default.

    Each signal (the last axis of the input, ``(samples,)`` or ``(batch,
    samples)``) is cut into centered frames (``ops.stft`` with
    ``center=True``); ``|stft| ** mag_exp`` is summed over
    ``num_mel_bins`` triangular bands of the HTK mel scale between
    ``min_freq`` and ``max_freq``. With ``power_to_db``, the result becomes
    ``10 log10(max(min_power, p)) - 10 log10(max(min_power, ref_power))``,
    clipped from below at its maximum (over the whole input) minus ``top_db``.
    Output: ``(..., num_mel_bins, 1 + samples // sequence_stride)``.

    Args:
        fft_length: DFT size; ``fft_length // 2 + 1`` frequency bins.
        sequence_stride: samples between frame starts.
        sequence_length: samples per frame (``<= fft_length``); ``None`` is ``fft_length``.
        window: ``"hann"``, ``"hamming"``, ``None`` or ``sequence_length`` values (see ``ops.stft``).
        sampling_rate: samples per second of the signal.
        num_mel_bins: number of mel bands.
        min_freq: lowest band edge, in hertz.
        max_freq: highest band edge, in hertz; ``None`` is ``sampling_rate / 2``.
        power_to_db: convert the power to decibels.
        top_db: dynamic range kept below the maximum, in decibels; ``None`` keeps all.
        mag_exp: exponent of the STFT magnitude (2: power, 1: magnitude).
        min_power: floor of the power before the logarithm.
        ref_power: power that maps to 0 dB.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> signal = np.sin(np.arange(400, dtype="float32") * 0.3)[None]
        >>> with mk.backend.use("numpy"):
        ...     layer = MelSpectrogram(fft_length=64, sequence_stride=32, sampling_rate=8000, num_mel_bins=16)
        ...     mk.ops.convert_to_numpy(layer(signal)).shape
        (1, 16, 13)
    """

    def __init__(
        self,
        fft_length: int = 2048,
        sequence_stride: int = 512,
        sequence_length: int | None = None,
        window: str | Sequence[float] | None = "hann",
        sampling_rate: int = 16000,
        num_mel_bins: int = 128,
        min_freq: float = 20.0,
        max_freq: float | None = None,
        power_to_db: bool = True,
        top_db: float | None = 80.0,
        mag_exp: float = 2.0,
        min_power: float = 1e-10,
        ref_power: float = 1.0,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        where = utils.describe(self)
        utils.check_positive_int(fft_length, "fft_length", self)
        utils.check_positive_int(sequence_stride, "sequence_stride", self)
        utils.check_positive_int(num_mel_bins, "num_mel_bins", self)
        sequence_length = fft_length if sequence_length is None else sequence_length
        utils.check_positive_int(sequence_length, "sequence_length", self)
        if sequence_length > fft_length:
            raise ValueError(
                f"{where}: `fft_length` must be >= `sequence_length`, received fft_length={fft_length}, "
                f"sequence_length={sequence_length}."
            )
        if isinstance(window, str) or window is None:
            if window not in ("hann", "hamming", None):
                raise ValueError(
                    f"{where}: `window` must be 'hann', 'hamming', None or {sequence_length} values, "
                    f"received window={window!r}."
                )
        else:
            window = [float(v) for v in np.asarray(window, dtype=np.float64).reshape(-1)]
            if len(window) != sequence_length:
                raise ValueError(
                    f"{where}: a `window` of values must have sequence_length={sequence_length} values, "
                    f"received {len(window)}."
                )
        if not sampling_rate > 0:
            raise ValueError(f"{where}: `sampling_rate` must be > 0, received sampling_rate={sampling_rate!r}.")
        max_freq = int(sampling_rate / 2) if max_freq is None else max_freq
        if not 0 <= min_freq < max_freq:
            raise ValueError(
                f"{where}: expected 0 <= min_freq < max_freq, received min_freq={min_freq!r}, max_freq={max_freq!r}."
            )
        if top_db is not None and top_db < 0:
            raise ValueError(f"{where}: `top_db` must be >= 0 or None, received top_db={top_db!r}.")
        self.fft_length = fft_length
        self.sequence_stride = sequence_stride
        self.sequence_length = sequence_length
        self.window = window
        self.sampling_rate = sampling_rate
        self.num_mel_bins = num_mel_bins
        self.min_freq = min_freq
        self.max_freq = max_freq
        self.power_to_db = power_to_db
        self.top_db = top_db
        self.mag_exp = mag_exp
        self.min_power = min_power
        self.ref_power = ref_power
        self._mel_weights = mel_weight_matrix(num_mel_bins, fft_length // 2 + 1, sampling_rate, min_freq, max_freq)

    def call(self, inputs: Any) -> Any:
        dtype = self.compute_dtype
        # Half precision cannot hold `min_power` (1e-10) or the power's range: work in float32, return the compute dtype.
        work = "float32" if dtype in ("float16", "bfloat16") else dtype
        real, imag = ops.stft(
            ops.cast(inputs, work), self.sequence_length, self.sequence_stride, self.fft_length,
            window=self.window, center=True,
        )
        power = ops.add(ops.square(real), ops.square(imag))
        if self.mag_exp == 1:
            spectrum = ops.sqrt(power)
        elif self.mag_exp == 2:
            spectrum = power
        else:
            spectrum = ops.power(power, ops.convert_to_tensor(self.mag_exp / 2.0, work))
        mel = ops.matmul(spectrum, ops.convert_to_tensor(self._mel_weights, work))
        if self.power_to_db:
            mel = self._to_decibels(mel, work)
        return ops.cast(ops.swapaxes(mel, -1, -2), dtype)

    def _to_decibels(self, power: Any, dtype: str) -> Any:
        floor = ops.convert_to_tensor(self.min_power, dtype)
        scale = ops.convert_to_tensor(10.0, dtype)
        reference = 10.0 * math.log10(max(self.min_power, self.ref_power))
        decibels = ops.subtract(
            ops.multiply(scale, ops.log10(ops.maximum(power, floor))), ops.convert_to_tensor(reference, dtype)
        )
        if self.top_db is None:
            return decibels
        # The maximum is over the whole input, the batch included (Keras 3's rule).
        lowest = ops.subtract(ops.max(decibels), ops.convert_to_tensor(self.top_db, dtype))
        return ops.maximum(decibels, lowest)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        input_shape = tuple(input_shape)
        if not input_shape:
            raise ValueError(f"{utils.describe(self)}: expected signals of rank >= 1, received a scalar shape ().")
        samples = input_shape[-1]
        frames = None if samples is None else 1 + samples // self.sequence_stride
        return input_shape[:-1] + (self.num_mel_bins, frames)

    def get_config(self) -> dict[str, Any]:
        config = super().get_config()
        config.update(
            {
                "fft_length": self.fft_length,
                "sequence_stride": self.sequence_stride,
                "sequence_length": self.sequence_length,
                "window": self.window,
                "sampling_rate": self.sampling_rate,
                "num_mel_bins": self.num_mel_bins,
                "min_freq": self.min_freq,
                "max_freq": self.max_freq,
                "power_to_db": self.power_to_db,
                "top_db": self.top_db,
                "mag_exp": self.mag_exp,
                "min_power": self.min_power,
                "ref_power": self.ref_power,
            }
        )
        return config
