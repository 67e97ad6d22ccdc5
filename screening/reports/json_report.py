"""The findings contract as JSON (UTF-8, never ``\\uXXXX`` escapes for Chinese).

>>> from screening.results import DocumentResult
>>> render_jsonl_line(DocumentResult("a.txt")).startswith('{"schema_version": 1')
True
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable, Iterator

from screening.findings import SCHEMA_VERSION
from screening.results import DocumentResult, summarize

_encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for every finding (json.dumps builds one per call)


def render_json(results: Iterable[DocumentResult], indent: int | None = 2) -> str:
    """ONE JSON object: ``{"schema_version", "documents", "summary"}``."""
    return "".join(iter_json(results, indent))


def iter_json(results: Iterable[DocumentResult], indent: int | None = 2) -> Iterator[str]:
    """:func:`render_json` in pieces, one finding at a time (one per line): a 100,000-row sheet
    with half a million findings is written without building the whole text (or every finding's
    dict) in memory.

    >>> import json
    >>> json.loads("".join(iter_json([DocumentResult("a.txt")])))["summary"]["gate"]
    'pass'
    """
    results = list(results)
    pad = " " * (indent or 0)
    nl = "\n" if indent else ""
    yield f'{{{nl}{pad}"schema_version": {SCHEMA_VERSION},{nl}{pad}"documents": ['
    for i, r in enumerate(results):
        head = json.dumps(r.to_dict(findings=False), ensure_ascii=False, indent=indent)
        if indent:
            head = textwrap.indent(head, pad * 2)
        yield ("," if i else "") + nl + head[: head.rstrip().rfind("}")].rstrip()
        yield f',{nl}{pad * 3}"findings": ['
        for j, f in enumerate(r.findings):
            yield ("," if j else "") + nl + pad * 4 + _encode(f.to_dict())
        yield f"{nl}{pad * 3}]" if r.findings else "]"
        yield f"{nl}{pad * 2}}}"
    summary = json.dumps(summarize(results), ensure_ascii=False, indent=indent)
    if indent:
        summary = textwrap.indent(summary, pad).lstrip()
    yield f"{nl}{pad}]," if results else "],"
    yield f'{nl}{pad}"summary": {summary}{nl}}}'


def render_jsonl_line(result: DocumentResult) -> str:
    """One document per line, for streaming large batches."""
    return "".join(iter_jsonl_line(result))


def iter_jsonl_line(result: DocumentResult) -> Iterator[str]:
    """:func:`render_jsonl_line` in pieces (one finding at a time; no line break at the end)."""
    head = json.dumps({"schema_version": SCHEMA_VERSION, **result.to_dict(findings=False)}, ensure_ascii=False)
    yield head[:-1] + ', "findings": ['
    for j, f in enumerate(result.findings):
        yield (", " if j else "") + _encode(f.to_dict())
    yield "]}"
