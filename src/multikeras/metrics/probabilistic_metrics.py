"""Probabilistic metrics: running means of KL divergence, Poisson and cross-entropy losses."""

from __future__ import annotations

from typing import Any

from multikeras.losses import (
    binary_crossentropy,
    categorical_crossentropy,
    kl_divergence,
    poisson,
    sparse_categorical_crossentropy,
)
from multikeras.metrics.reduction_metrics import MODULE, MeanMetricWrapper
from multikeras.metrics.regression_metrics import _NamedMeanWrapper
from multikeras.saving.object_registration import register_builtin


@register_builtin(MODULE)
class KLDivergence(_NamedMeanWrapper):
    """The mean Kullback-Leibler divergence (:func:`~multikeras.losses.kl_divergence`) over all samples seen.

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = KLDivergence()
        ...     m.update_state([[0.0, 1.0], [0.0, 0.0]], [[0.6, 0.4], [0.4, 0.6]])
        ...     round(float(m.result()), 4)
        0.4581
    """

    def __init__(self, name: str = "kl_divergence", dtype: Any = None):
        super().__init__(kl_divergence, name=name, dtype=dtype)


@register_builtin(MODULE)
class Poisson(_NamedMeanWrapper):
    """The mean Poisson loss (:func:`~multikeras.losses.poisson`) over all samples seen.

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = Poisson()
        ...     m.update_state([[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [0.0, 0.0]])
        ...     round(float(m.result()), 4)
        0.5
    """

    def __init__(self, name: str = "poisson", dtype: Any = None):
        super().__init__(poisson, name=name, dtype=dtype)


@register_builtin(MODULE)
class BinaryCrossentropy(MeanMetricWrapper):
    """The mean binary cross-entropy (:func:`~multikeras.losses.binary_crossentropy`) over all samples seen.

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.
        from_logits: whether predictions are logits.
        label_smoothing: in [0, 1]; labels move towards 0.5 by this fraction.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = BinaryCrossentropy()
        ...     m.update_state([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])
        ...     round(float(m.result()), 4)
        0.8149
    """

    def __init__(self, name: str = "binary_crossentropy", dtype: Any = None, from_logits: bool = False,
                 label_smoothing: float = 0):
        super().__init__(binary_crossentropy, name=name, dtype=dtype, from_logits=from_logits,
                         label_smoothing=label_smoothing)
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self._direction = "down"

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "dtype": self.dtype, "from_logits": self.from_logits,
                "label_smoothing": self.label_smoothing}


@register_builtin(MODULE)
class CategoricalCrossentropy(MeanMetricWrapper):
    """The mean categorical cross-entropy (:func:`~multikeras.losses.categorical_crossentropy`) over all samples.

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.
        from_logits: whether predictions are logits.
        label_smoothing: in [0, 1]; labels are mixed with the uniform distribution by this fraction.
        axis: the class axis.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = CategoricalCrossentropy()
        ...     m.update_state([[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])
        ...     round(float(m.result()), 4)
        1.1769
    """

    def __init__(self, name: str = "categorical_crossentropy", dtype: Any = None, from_logits: bool = False,
                 label_smoothing: float = 0, axis: int = -1):
        super().__init__(categorical_crossentropy, name=name, dtype=dtype, from_logits=from_logits,
                         label_smoothing=label_smoothing, axis=axis)
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis
        self._direction = "down"

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "dtype": self.dtype, "from_logits": self.from_logits,
                "label_smoothing": self.label_smoothing, "axis": self.axis}


@register_builtin(MODULE)
class SparseCategoricalCrossentropy(MeanMetricWrapper):
    """The mean cross-entropy between integer labels and predictions
    (:func:`~multikeras.losses.sparse_categorical_crossentropy`) over all samples seen.

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.
        from_logits: whether predictions are logits.
        ignore_class: a label value whose entries count with loss 0 (and
            weight 0 when sample weights are given), as in Keras 3.
        axis: the class axis.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = SparseCategoricalCrossentropy()
        ...     m.update_state([1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]])
        ...     round(float(m.result()), 4)
        1.1769
    """

    def __init__(self, name: str = "sparse_categorical_crossentropy", dtype: Any = None, from_logits: bool = False,
                 ignore_class: int | None = None, axis: int = -1):
        super().__init__(sparse_categorical_crossentropy, name=name, dtype=dtype, from_logits=from_logits,
                         ignore_class=ignore_class, axis=axis)
        self.from_logits = from_logits
        self.ignore_class = ignore_class
        self.axis = axis
        self._direction = "down"

    def get_config(self) -> dict[str, Any]:
        return {"name": self.name, "dtype": self.dtype, "from_logits": self.from_logits,
                "ignore_class": self.ignore_class, "axis": self.axis}
