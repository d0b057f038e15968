"""random ops of the NumPy backend."""
