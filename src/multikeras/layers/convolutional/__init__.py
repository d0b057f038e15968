"""Convolutional layers."""

__all__: list[str] = []
