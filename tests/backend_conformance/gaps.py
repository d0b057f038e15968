"""Known gaps as data: ``known_gaps.json`` maps backend -> record id -> reason.

A listed record runs as ``xfail(strict=True)``: a gap that gets fixed fails
the run until its entry is removed, so the list never goes stale.
"""

from __future__ import annotations

import json
import pathlib

KNOWN_GAPS_PATH = pathlib.Path(__file__).with_name("known_gaps.json")


def load_known_gaps(path: pathlib.Path = KNOWN_GAPS_PATH) -> dict[str, dict[str, str]]:
    """Read ``known_gaps.json`` (an absent file means no gaps)."""
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise ValueError(f"{path}: expected {{backend: {{record_id: reason}}}}, received {type(data).__name__}")
    return data


def write_known_gaps(gaps: dict[str, dict[str, str]], path: pathlib.Path = KNOWN_GAPS_PATH) -> None:
    """Write ``gaps`` sorted, one entry per line, so diffs stay reviewable."""
    ordered = {backend: dict(sorted(entries.items())) for backend, entries in sorted(gaps.items()) if entries}
    path.write_text(json.dumps(ordered, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
