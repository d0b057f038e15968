"""Preprocessing layers."""

__all__: list[str] = []
