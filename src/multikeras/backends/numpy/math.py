"""math ops of the NumPy backend."""
