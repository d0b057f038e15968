"""linalg ops of the NumPy backend."""
