"""Learning rate schedules (``multikeras.optimizers.schedules``), Keras 3 names and formulas.

Example:
    >>> import multikeras as mk
    >>> with mk.backend.use("numpy"):
    ...     schedule = mk.optimizers.schedules.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)
    ...     round(float(schedule(10)), 6)
    0.05
"""

from multikeras.optimizers.schedules.cosine_decay import CosineDecay
from multikeras.optimizers.schedules.cosine_decay_restarts import CosineDecayRestarts
from multikeras.optimizers.schedules.exponential_decay import ExponentialDecay
from multikeras.optimizers.schedules.inverse_time_decay import InverseTimeDecay
from multikeras.optimizers.schedules.learning_rate_schedule import LearningRateSchedule
from multikeras.optimizers.schedules.piecewise_constant_decay import PiecewiseConstantDecay
from multikeras.optimizers.schedules.polynomial_decay import PolynomialDecay
from multikeras.optimizers.schedules.serialization import deserialize, serialize

__all__ = [
    "CosineDecay", "CosineDecayRestarts", "ExponentialDecay", "InverseTimeDecay", "LearningRateSchedule",
    "PiecewiseConstantDecay", "PolynomialDecay", "deserialize", "serialize",
]
