"""Merging layers."""

__all__: list[str] = []
