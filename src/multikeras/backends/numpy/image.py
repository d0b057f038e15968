"""image ops of the NumPy backend."""
