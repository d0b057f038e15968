"""nn ops of the NumPy backend."""
