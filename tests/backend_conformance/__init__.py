"""The backend conformance suite: one table of op records, walked for every backend.

Run it for some backends (default: every available one, third-party included)::

    pytest tests/backend_conformance --backend torch --backend numpy64

* ``record.py``: the ``OpRecord`` dataclass and the dtype rules;
* ``records/``: the table, one module per catalog section (plus ``promotion``);
* ``test_conformance.py``: the single parametrized test;
* ``known_gaps.json``: expected failures per backend (strict xfail), written by
  ``tools/record_known_gaps.py`` after review; ``tools/generate_support_matrix.py``
  turns the result into ``docs/support-matrix.md``.
"""
