"""State: variables, stateless execution and autocasting.

Example:
    >>> import multikeras as mk
    >>> with mk.backend.use("numpy"):
    ...     print(mk.state.Variable(3.0).numpy())
    3.0
"""

from multikeras.state.autocast_scope import AutocastScope, autocast_dtype
from multikeras.state.name_scopes import current_path, name_scope
from multikeras.state.stateless_scope import StatelessScope, active_stateless_scope, in_stateless_scope
from multikeras.state.variable import Variable

__all__ = [
    "AutocastScope", "StatelessScope", "Variable", "active_stateless_scope", "autocast_dtype", "current_path",
    "in_stateless_scope", "name_scope",
]
