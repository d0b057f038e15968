"""Hinge metrics: running means of the hinge, squared hinge and categorical hinge losses."""

from __future__ import annotations

from typing import Any

from multikeras.losses import categorical_hinge, hinge, squared_hinge
from multikeras.metrics.reduction_metrics import MODULE
from multikeras.metrics.regression_metrics import _NamedMeanWrapper
from multikeras.saving.object_registration import register_builtin


@register_builtin(MODULE)
class Hinge(_NamedMeanWrapper):
    """The mean of :func:`~multikeras.losses.hinge` over all samples seen (labels -1/1, or 0/1 mapped to -1/1).

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = Hinge()
        ...     m.update_state([[0.0, 1.0], [0.0, 0.0]], [[0.6, 0.4], [0.4, 0.6]])
        ...     round(float(m.result()), 4)
        1.3
    """

    def __init__(self, name: str = "hinge", dtype: Any = None):
        super().__init__(hinge, name=name, dtype=dtype)
        self._direction = "down"


@register_builtin(MODULE)
class SquaredHinge(_NamedMeanWrapper):
    """The mean of :func:`~multikeras.losses.squared_hinge` over all samples seen.

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = SquaredHinge()
        ...     m.update_state([[0.0, 1.0], [0.0, 0.0]], [[0.6, 0.4], [0.4, 0.6]])
        ...     round(float(m.result()), 4)
        1.86
    """

    def __init__(self, name: str = "squared_hinge", dtype: Any = None):
        super().__init__(squared_hinge, name=name, dtype=dtype)
        self._direction = "down"


@register_builtin(MODULE)
class CategoricalHinge(_NamedMeanWrapper):
    """The mean of :func:`~multikeras.losses.categorical_hinge` over all samples seen.

    Args:
        name: the metric's name.
        dtype: the dtype of the state and result.

    Example:
        >>> import multikeras as mk
        >>> with mk.backend.use("numpy"):
        ...     m = CategoricalHinge()
        ...     m.update_state([[0.0, 1.0], [0.0, 0.0]], [[0.6, 0.4], [0.4, 0.6]])
        ...     round(float(m.result()), 4)
        1.4
    """

    def __init__(self, name: str = "categorical_hinge", dtype: Any = None):
        super().__init__(categorical_hinge, name=name, dtype=dtype)
        self._direction = "down"
