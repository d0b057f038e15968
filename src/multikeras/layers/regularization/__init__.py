"""Regularization layers."""

__all__: list[str] = []
