"""Attention layers: MultiHeadAttention, GroupQueryAttention, Attention (Luong), AdditiveAttention (Bahdanau)."""

from multikeras.layers.attention.additive_attention import AdditiveAttention
from multikeras.layers.attention.attention import Attention
from multikeras.layers.attention.grouped_query_attention import GroupedQueryAttention, GroupQueryAttention
from multikeras.layers.attention.multi_head_attention import MultiHeadAttention

__all__ = [
    "AdditiveAttention",
    "Attention",
    "GroupQueryAttention",
    "MultiHeadAttention",
]
