"""`Node` moved to :mod:`multikeras.symbolic.node` (operations below ``layers`` record nodes too); this
name stays for the modules that import it from here."""

from multikeras.symbolic.node import Node

__all__ = ["Node"]
