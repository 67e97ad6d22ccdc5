"""The findings contract as JSON (UTF-8, never ``\\uXXXX`` escapes for Chinese).

>>> from screening.results import DocumentResult
>>> render_jsonl_line(DocumentResult("a.txt")).startswith('{"schema_version": 1')
True
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from screening.findings import SCHEMA_VERSION
from screening.results import DocumentResult, report_dict


def render_json(results: Iterable[DocumentResult], indent: int | None = 2) -> str:
    """ONE JSON object: ``{"schema_version", "documents", "summary"}``."""
    return json.dumps(report_dict(results), ensure_ascii=False, indent=indent)


def render_jsonl_line(result: DocumentResult) -> str:
    """One document per line, for streaming large batches."""
    return json.dumps({"schema_version": SCHEMA_VERSION, **result.to_dict()}, ensure_ascii=False)
