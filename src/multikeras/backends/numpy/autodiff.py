"""autodiff ops of the NumPy backend."""
