"""Package attributes imported on first use (PEP 562 module ``__getattr__`` / ``__dir__``).

``import multikeras`` stays cheap because its namespaces (``layers``,
``models``, ...) and re-exported names are imported the first time they are
looked up. After that they are ordinary module attributes: the lookup hook
runs once per name.

Example:
    >>> import types
    >>> package = types.ModuleType("demo")
    >>> getattr_, dir_ = lazy_attributes("demo", vars(package), {"dumps": "json"})
    >>> getattr_("dumps").__name__
    'dumps'
    >>> "dumps" in vars(package)
    True
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Iterable, Mapping
from typing import Any


def lazy_attributes(
    package: str, namespace: dict[str, Any], homes: Mapping[str, str], listed: Iterable[str] = ()
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A module ``__getattr__`` and ``__dir__`` that import attributes when first used.

    Args:
        package: the package's ``__name__``.
        namespace: the package's ``globals()``; an imported attribute is stored there.
        homes: attribute name -> the module that defines it; a name whose home
            is ``f"{package}.{name}"`` is that sub-module itself.
        listed: further names ``__dir__`` reports.

    Returns:
        ``(__getattr__, __dir__)`` to bind at the package's top level. Any
        other sub-module of the package is imported when looked up as well,
        as if the package had imported it.

    Example:
        >>> import types
        >>> package = types.ModuleType("demo")
        >>> getattr_, dir_ = lazy_attributes("demo", vars(package), {"loads": "json"})
        >>> "loads" in dir_()
        True
    """

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            if (not name.isidentifier() or name.startswith("__")
                    or importlib.util.find_spec(f"{package}.{name}") is None):
                raise AttributeError(f"module {package!r} has no attribute {name!r}")
            home = f"{package}.{name}"
        module = importlib.import_module(home)
        value = module if home == f"{package}.{name}" else getattr(module, name)
        namespace[name] = value  # from now on a plain module attribute
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(homes) | set(listed))

    return __getattr__, __dir__
