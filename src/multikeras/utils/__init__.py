"""Utilities (summaries; progress bars and plots come with training)."""

__all__: list[str] = []
