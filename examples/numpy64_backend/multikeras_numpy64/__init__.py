"""multikeras-numpy64: an example third-party multikeras backend (NumPy, float64 default).

Select it with ``MULTIKERAS_BACKEND=numpy64`` or ``multikeras.backend.use("numpy64")``.
"""

__version__ = "0.1.0"
