"""The findings contract as JSON (UTF-8, never ``\\uXXXX`` escapes for Chinese).

>>> from screening.results import DocumentResult
>>> render_jsonl_line(DocumentResult("a.txt")).startswith('{"schema_version": 1')
True
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from screening.findings import SCHEMA_VERSION, Finding, Severity
from screening.results import DocumentResult, summarize
from screening.scanned import ScannedFinding, unpack

_encoder = json.JSONEncoder(ensure_ascii=False)
_encode = _encoder.encode  # one encoder for every finding (json.dumps builds one per call)
_string = json.encoder.encode_basestring  # what that encoder writes for a str (C; no \\uXXXX for Chinese)
_make_encoder = getattr(json.encoder, "c_make_encoder", None)
# _encode's C encoder itself, built once (_encode builds one per call); without circular check (findings' values are trees)
_c_encode = (_make_encoder(None, _encoder.default, _string, None, ": ", ", ", False, False, True)  # same arguments as _encode's
             if _make_encoder is not None else None)
BLOCK = 4096  # findings encoded and joined into one piece
_SHARED = 8192  # encoded attributes and explanation items kept at most


def _value(o: Any) -> str:
    """``_encode(o)`` of a dict or a list."""
    return "".join(_c_encode(o, 0)) if _c_encode is not None else _encode(o)


class FindingEncoder:
    """``_encode(f.to_dict())`` of findings, faster: the values a scan's findings share (the
    entity type, score, severity, recognizer and explanation together; the attributes and the
    explanation items, shared objects of the scan) are encoded once per distinct value; only text,
    context, location and fingerprint are encoded for each finding, a spreadsheet cell's location
    from its values. The keys in ``Finding.to_dict``'s order, the separators of :func:`json.dumps`:
    the same text (tests/test_json_blocks.py).
    """

    def __init__(self) -> None:
        self._heads: dict[Any, tuple[str, str]] = {}
        self._shared: dict[int, tuple[Any, str]] = {}  # id -> (the object, kept alive; its JSON)

    def __call__(self, f: Finding) -> str:
        if type(f) is not ScannedFinding:
            return _encode(f.to_dict())
        text, context, attributes, fingerprint, items = f.report_parts()
        key = (f.entity_type, f.score, f.severity, f.recognizer, f.explanation)
        head = self._heads.get(key)
        if head is None:
            head = self._heads[key] = self._head(*key)
        place = f.cell_place()
        location = _cell_location(*place) if place is not None else _value(f.location)
        return (f'{{"entity_type": {head[0]}, "start": {f.start:d}, "end": {f.end:d}, "text": {_string(text)}'
                f'{head[1]}, "context": {_string(context)}, "location": {location}, '
                f'"attributes": {self._packed(attributes, False)}, "fingerprint": {_string(fingerprint)}, '
                f'"explanation_items": {self._packed(items, True)}}}')

    @staticmethod
    def _head(entity_type: str, score: float, severity: Any, recognizer: str, explanation: str) -> tuple[str, str]:
        middle = _value({"score": round(float(score), 4), "severity": Severity(severity).label,
                         "recognizer": recognizer, "explanation": explanation})
        return _string(entity_type), ", " + middle[1:-1]

    def _packed(self, packed: tuple[Any, ...], items: bool) -> str:
        hit = self._shared.get(id(packed))
        if hit is not None and hit[0] is packed:
            return hit[1]
        text = _value([unpack(i) for i in packed] if items else unpack(packed))
        if len(self._shared) >= _SHARED:  # most are one finding's own (a birth date): keep the memory bounded
            self._shared.clear()
        self._shared[id(packed)] = (packed, text)
        return text


def _cell_location(sheet: str, cell: str, row: int, col: int, hidden: str | None, offset: list[int] | None) -> str:
    """The JSON of a cell's location dict (:func:`screening.scanned.cell_place`)."""
    text = f'{{"sheet": {_string(sheet)}, "cell": {_string(cell)}, "row": {row:d}, "col": {col:d}'
    if hidden:
        text += f', "hidden": {_string(hidden)}'
    if offset is not None:
        text += f', "offset": [{offset[0]:d}, {offset[1]:d}]'
    return text + "}"


def iter_findings_json(findings: Sequence[Finding], sep: str, encoder: FindingEncoder | None = None) -> Iterator[str]:
    """``sep.join(encoded findings)`` in pieces of :data:`BLOCK` findings (the first without ``sep``)."""
    encoder = encoder or FindingEncoder()
    block = BLOCK
    for lo in range(0, len(findings), block):
        yield (sep if lo else "") + sep.join(map(encoder, findings[lo:lo + block]))


def render_json(results: Iterable[DocumentResult], indent: int | None = 2) -> str:
    """ONE JSON object: ``{"schema_version", "documents", "summary"}``."""
    return "".join(iter_json(results, indent))


def iter_json(results: Iterable[DocumentResult], indent: int | None = 2) -> Iterator[str]:
    """:func:`render_json` in pieces, a block of findings (one per line) at a time: a 100,000-row
    sheet with half a million findings is written without building the whole text (or every
    finding's dict) in memory.

    >>> import json
    >>> json.loads("".join(iter_json([DocumentResult("a.txt")])))["summary"]["gate"]
    'pass'
    """
    results = list(results)
    pad = " " * (indent or 0)
    nl = "\n" if indent else ""
    encoder = FindingEncoder()
    yield f'{{{nl}{pad}"schema_version": {SCHEMA_VERSION},{nl}{pad}"documents": ['
    for i, r in enumerate(results):
        head = json.dumps(r.to_dict(findings=False), ensure_ascii=False, indent=indent)
        if indent:
            head = textwrap.indent(head, pad * 2)
        yield ("," if i else "") + nl + head[: head.rstrip().rfind("}")].rstrip()
        yield f',{nl}{pad * 3}"findings": ['
        if r.findings:
            yield nl + pad * 4
            yield from iter_findings_json(r.findings, "," + nl + pad * 4, encoder)
        yield f"{nl}{pad * 3}]" if r.findings else "]"
        yield f"{nl}{pad * 2}}}"
    summary = json.dumps(summarize(results), ensure_ascii=False, indent=indent)
    if indent:
        summary = textwrap.indent(summary, pad).lstrip()
    yield f"{nl}{pad}]," if results else "],"
    yield f'{nl}{pad}"summary": {summary}{nl}}}'


def iter_json_utf8(results: Iterable[DocumentResult], indent: int | None = 2) -> Iterator[bytes]:
    """:func:`iter_json` as UTF-8 bytes (what the CLI writes)."""
    for piece in iter_json(results, indent):
        yield piece.encode("utf-8")


def render_jsonl_line(result: DocumentResult) -> str:
    """One document per line, for streaming large batches."""
    return "".join(iter_jsonl_line(result))


def iter_jsonl_line(result: DocumentResult) -> Iterator[str]:
    """:func:`render_jsonl_line` in pieces (a block of findings at a time; no line break at the end)."""
    head = json.dumps({"schema_version": SCHEMA_VERSION, **result.to_dict(findings=False)}, ensure_ascii=False)
    yield head[:-1] + ', "findings": ['
    yield from iter_findings_json(result.findings, ", ")
    yield "]}"


def iter_jsonl_line_utf8(result: DocumentResult) -> Iterator[bytes]:
    """:func:`iter_jsonl_line` as UTF-8 bytes (what the CLI writes)."""
    for piece in iter_jsonl_line(result):
        yield piece.encode("utf-8")
