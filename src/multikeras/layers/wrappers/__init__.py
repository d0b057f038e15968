"""Wrapper layers: Wrapper and TimeDistributed."""

from multikeras.layers.wrappers.time_distributed import TimeDistributed
from multikeras.layers.wrappers.wrapper import Wrapper

__all__ = ["TimeDistributed", "Wrapper"]
