"""`Discretization`: continuous values to bin ids by boundaries, given or adapted as quantiles of data."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from multikeras import ops
from multikeras.layers.layer import Layer
from multikeras.layers.preprocessing.preprocessing_utils import (
    adapt_batches,
    check_output_mode,
    describe,
    encode_categorical,
    encoded_shape,
)
from multikeras.saving.object_registration import register_builtin
from multikeras.symbolic.keras_tensor import KerasTensor

OUTPUT_MODES = ("int", "one_hot", "multi_hot", "count")


@register_builtin("keras.layers")
class Discretization(Layer):
    """Bucket values: with boundaries ``[b0, b1, ...]`` a value ``x`` gets bin ``i`` where ``b[i-1] <= x < b[i]``
    (bin 0 below ``b0``, the last bin from the last boundary up).

    The boundaries are either ``bin_boundaries``, or computed by :meth:`adapt`
    as the ``1/num_bins, 2/num_bins, ...`` quantiles of all the values seen
    (each boundary is the smallest value whose empirical CDF reaches its
    quantile). Keras 3 computes them from an approximate quantile summary whose
    error is bounded by ``epsilon``; here they are exact, which is what Keras
    returns too while the data is small enough not to be summarized.

    Args:
        bin_boundaries: sorted boundaries (``len + 1`` bins); or ``None`` to adapt. When both are set (the
            config of an adapted layer) the boundaries are used.
        num_bins: the number of bins :meth:`adapt` computes boundaries for.
        epsilon: accepted for Keras compatibility (the quantiles are exact).
        output_mode: ``"int"`` (int32 bin ids), ``"one_hot"``, ``"multi_hot"`` or
            ``"count"`` (vectors with one entry per bin, in the compute dtype).
        sparse: only ``False``.
        **kwargs: base layer arguments (``name``, ``dtype`` ...).

    Example:
        >>> import numpy as np
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     bins = Discretization(bin_boundaries=[0.0, 1.0, 2.0])(np.array([[-1.0, 0.0, 1.5, 7.0]]))
        >>> bins.tolist()
        [[0, 1, 2, 3]]
    """

    def __init__(self, bin_boundaries: Sequence[float] | None = None, num_bins: int | None = None,
                 epsilon: float = 0.01, output_mode: str = "int", sparse: bool = False, **kwargs: Any):
        super().__init__(**kwargs)
        where = describe(self)
        check_output_mode(output_mode, OUTPUT_MODES, sparse, self)
        if bin_boundaries is None and num_bins is None:
            raise ValueError(f"{where}: set `bin_boundaries`, or `num_bins` and call adapt(); both are None.")
        if num_bins is not None and (isinstance(num_bins, bool) or not isinstance(num_bins, int) or num_bins < 1):
            raise ValueError(f"{where}: `num_bins` must be an int >= 1, received num_bins={num_bins!r}.")
        if bin_boundaries is not None:
            bin_boundaries = [float(b) for b in bin_boundaries]
            if any(b > a for a, b in zip(bin_boundaries[1:], bin_boundaries[:-1])):
                raise ValueError(f"{where}: `bin_boundaries` must be sorted, received bin_boundaries={bin_boundaries}.")
        self.bin_boundaries = bin_boundaries
        self.num_bins = num_bins
        self.epsilon = epsilon
        self.output_mode = output_mode
        self.sparse = False

    @property
    def _depth(self) -> int:
        """The number of bins: of the boundaries when set, else ``num_bins``."""
        if self.bin_boundaries is not None:
            return len(self.bin_boundaries) + 1
        return self.num_bins

    def adapt(self, data: Any, steps: int | None = None) -> None:
        """Set ``bin_boundaries`` to the ``num_bins``-quantiles of all values of ``data``.

        Args:
            data: an array (or tensor), or an iterable of batches; all their values count alike.
            steps: how many batches of an iterable to read (all when ``None``).
        """
        if self.num_bins is None:
            raise ValueError(f"{describe(self)}: adapt() needs `num_bins`; this layer was given `bin_boundaries`.")
        values = np.concatenate([np.asarray(ops.convert_to_numpy(b), "float64").reshape(-1)
                                 for b in adapt_batches(data, steps)] or [np.zeros(0)])
        if values.size == 0:
            raise ValueError(f"{describe(self)}: adapt() received no data.")
        quantiles = np.arange(1, self.num_bins) / self.num_bins
        boundaries = np.quantile(np.sort(values), quantiles, method="inverted_cdf") if self.num_bins > 1 else []
        self.bin_boundaries = [float(np.float32(b)) for b in boundaries]

    def call(self, inputs: Any) -> Any:
        if self.bin_boundaries is None:
            raise ValueError(
                f"{describe(self)}: the layer has no bin boundaries yet. Call adapt(data) before using it, or pass "
                "`bin_boundaries`."
            )
        x = inputs if ops.dtype(inputs) == "float32" else ops.cast(inputs, "float32")
        if self.bin_boundaries:
            bins = ops.cast(ops.digitize(x, self.bin_boundaries), "int32")
        else:
            bins = ops.zeros(ops.shape(x), "int32")
        if self.output_mode == "int":
            return bins
        return encode_categorical(bins, self._depth, self.output_mode, self.compute_dtype, self)

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return encoded_shape(input_shape, self._depth, self.output_mode)

    def compute_output_spec(self, inputs: Any, **kwargs: Any) -> KerasTensor:
        dtype = "int32" if self.output_mode == "int" else self.compute_dtype
        return KerasTensor(self.compute_output_shape(tuple(inputs.shape)), dtype)

    def get_config(self) -> dict[str, Any]:
        base = super().get_config()
        # Keras 3's Discretization takes no `trainable` argument: its config has only the name and dtype of the base.
        config = {"name": base["name"], "dtype": base["dtype"]}
        config.update({"bin_boundaries": self.bin_boundaries, "num_bins": self.num_bins, "epsilon": self.epsilon,
                       "output_mode": self.output_mode, "sparse": self.sparse})
        return config
