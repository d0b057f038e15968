"""The conformance table: records of every catalog section, gathered in one tuple."""

from __future__ import annotations

import dataclasses

from backend_conformance.record import OpRecord
from backend_conformance.records import abstract, autodiff, core, image, linalg, math, nn, numpy, promotion, random

SECTIONS = {
    "core": core.RECORDS,
    "numpy": numpy.RECORDS,
    "promotion": promotion.RECORDS,
    "nn": nn.RECORDS,
    "linalg": linalg.RECORDS,
    "math": math.RECORDS,
    "image": image.RECORDS,
    "random": random.RECORDS,
    "backend": autodiff.RECORDS,
    "abstract": abstract.RECORDS,
}


# Ops whose first record is repeated with raw NumPy inputs (no conversion to the backend's
# tensors first): every op must accept NumPy arrays, and mixed raw/native calls are common.
RAW_NUMPY_OPS = (
    "abs", "add", "argmax", "cast", "clip", "concatenate", "conv", "cumsum", "divide", "dot", "einsum", "exp",
    "expand_dims", "log_softmax", "matmul", "max", "max_pool", "maximum", "mean", "multiply", "one_hot", "relu",
    "reshape", "sigmoid", "softmax", "sort", "sqrt", "stack", "sum", "take", "tanh", "top_k", "transpose", "where",
    "norm", "solve", "segment_sum", "resize", "logsumexp", "layer_normalization",
)


def _raw_variants(records: list[OpRecord]) -> list[OpRecord]:
    first: dict[str, OpRecord] = {}
    for record in records:
        if record.op in RAW_NUMPY_OPS and record.op not in first and record.raises is None and not record.raw:
            first[record.op] = record
    return [dataclasses.replace(record, id=f"{record.id}-raw-numpy", raw=True, grad=False) for record in first.values()]


def _gather() -> tuple[OpRecord, ...]:
    records: list[OpRecord] = []
    seen: set[str] = set()
    for section in SECTIONS.values():
        for record in section:
            if record.id in seen:
                raise ValueError(f"duplicate conformance record id {record.id!r}")
            seen.add(record.id)
            records.append(record)
    return tuple(records + _raw_variants(records))


ALL_RECORDS: tuple[OpRecord, ...] = _gather()
RECORDS_BY_OP: dict[str, list[OpRecord]] = {}
for _record in ALL_RECORDS:
    RECORDS_BY_OP.setdefault(_record.op, []).append(_record)
