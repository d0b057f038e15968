"""`Config`: a dict of settings read and written as attributes (``keras.utils.Config``)."""

from __future__ import annotations

import json
from collections.abc import ItemsView, Iterator, KeysView, ValuesView
from typing import Any

# Names that stay Python attributes instead of becoming keys: the storage, and the class's own members.
_STORAGE = ("_config", "_frozen")


class Config:
    """Settings as attributes: ``config.learning_rate`` reads the key ``"learning_rate"``.

    Keys are set as attributes (``config.x = 1``) or items (``config["x"] = 1``),
    read either way, and listed by ``keys()``/``values()``/``items()``.
    ``freeze()`` makes the config read-only (every change raises ``ValueError``)
    until ``unfreeze()``.

    Args:
        **kwargs: the initial keys and values.

    Example:
        >>> config = Config(learning_rate=0.01, layers=[64, 64])
        >>> config.epochs = 3
        >>> config["learning_rate"], config.epochs, len(config)
        (0.01, 3, 3)
        >>> config.freeze()
        >>> try:
        ...     config.epochs = 5
        ... except ValueError as error:
        ...     print(error)
        Config: cannot set 'epochs': the config is frozen (call unfreeze() first).
        >>> config.to_json()
        '{"learning_rate": 0.01, "layers": [64, 64], "epochs": 3}'
    """

    def __init__(self, **kwargs: Any):
        object.__setattr__(self, "_config", dict(kwargs))
        object.__setattr__(self, "_frozen", False)

    # Freezing ------------------------------------------------------------------

    @property
    def frozen(self) -> bool:
        """Whether the config is read-only (see :meth:`freeze`)."""
        return self._frozen

    def freeze(self) -> None:
        """Make the config read-only: setting, deleting, ``pop`` and ``update`` raise ``ValueError``."""
        object.__setattr__(self, "_frozen", True)

    def unfreeze(self) -> None:
        """Allow changes again after :meth:`freeze`."""
        object.__setattr__(self, "_frozen", False)

    def _check_mutable(self, action: str) -> None:
        if self._frozen:
            raise ValueError(f"Config: cannot {action}: the config is frozen (call unfreeze() first).")

    # Attribute access --------------------------------------------------------

    def __getattr__(self, name: str) -> Any:
        # Reached only for names that are not real attributes. The storage may not exist yet (copy and
        # pickle create the object without __init__), so it is read from __dict__.
        config = self.__dict__.get("_config")
        if config is None or name.startswith("__") or name not in config:
            known = sorted(config) if config else []
            raise AttributeError(f"Config: unknown attribute {name!r}; the keys are {known}.")
        return config[name]

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _STORAGE or hasattr(type(self), name):
            object.__setattr__(self, name, value)  # `frozen` (a read-only property) raises here
            return
        self._check_mutable(f"set {name!r}")
        self._config[name] = value

    def __delattr__(self, name: str) -> None:
        if name in _STORAGE or hasattr(type(self), name) or name in self.__dict__:
            object.__delattr__(self, name)
            return
        if name not in self._config:
            raise AttributeError(f"Config: unknown attribute {name!r}; the keys are {sorted(self._config)}.")
        self._check_mutable(f"delete {name!r}")
        del self._config[name]

    # Item access -------------------------------------------------------------

    def __getitem__(self, key: str) -> Any:
        return self._config[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self._check_mutable(f"set {key!r}")
        self._config[key] = value

    def __delitem__(self, key: str) -> None:
        self._check_mutable(f"delete {key!r}")
        del self._config[key]

    def __contains__(self, key: object) -> bool:
        return key in self._config

    def __iter__(self) -> Iterator[str]:
        return iter(self._config)

    def __len__(self) -> int:
        return len(self._config)

    def get(self, keyname: str, value: Any = None) -> Any:
        """The value of ``keyname``, or ``value`` when it is not a key."""
        return self._config.get(keyname, value)

    def keys(self) -> KeysView[str]:
        return self._config.keys()

    def values(self) -> ValuesView[Any]:
        return self._config.values()

    def items(self) -> ItemsView[str, Any]:
        return self._config.items()

    def pop(self, *args: Any) -> Any:
        """``dict.pop``: remove a key and return its value (or the default given after it)."""
        self._check_mutable("pop a key")
        return self._config.pop(*args)

    def update(self, *args: Any, **kwargs: Any) -> None:
        """``dict.update``: set keys from a mapping, pairs and/or keyword arguments."""
        self._check_mutable("update it")
        self._config.update(*args, **kwargs)

    # Conversion ----------------------------------------------------------------

    def as_dict(self) -> dict[str, Any]:
        """A new dict with the keys and values (changing it leaves the config as it is)."""
        return dict(self._config)

    def to_json(self) -> str:
        """The keys and values as a JSON string (``TypeError`` for values JSON cannot hold)."""
        return json.dumps(self._config)

    def __repr__(self) -> str:
        return f"<Config {self._config!r}>"
