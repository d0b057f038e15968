"""Built-in backend plug-ins, registered through entry points like any third-party one.

Each folder has the same modules: ``plugin`` (the pluggy hook, imports no
framework), ``backend`` (``load()`` builds the :class:`Backend`), and the op
modules ``core``, ``numpy``, ``nn``, ``linalg``, ``math``, ``image``,
``random`` and ``autodiff``.
"""
