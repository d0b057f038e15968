"""The built-in NumPy (inference only) backend plug-in.

Importing this package imports no framework: the entry point is
``plugin``, and the framework is imported by ``backend.load()`` only when
the backend is selected.
"""
