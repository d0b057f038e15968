"""Activations layers."""

__all__: list[str] = []
