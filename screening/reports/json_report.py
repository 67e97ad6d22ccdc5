"""The findings contract as JSON (UTF-8, never ``\\uXXXX`` escapes for Chinese).

>>> from screening.results import DocumentResult
>>> render_jsonl_line(DocumentResult("a.txt")).startswith('{"schema_version": 1')
True
"""

from __future__ import annotations

import json
import operator
import tempfile
import textwrap
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
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
_SHARED = 8192  # encoded attributes and explanation items (and heads) kept at most
_SMALL_BLOCK = 256  # findings encoded at once during a scan (little memory held while the workers need theirs)
_SMALL_MEMORY = 1024  # and the encoder's memory then


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

    def __init__(self, memory: int | None = None) -> None:
        self._heads: dict[Any, tuple[str, str]] = {}
        self._shared: dict[int, tuple[Any, str]] = {}  # id -> (the object, kept alive; its JSON)
        self._memory = memory or _SHARED  # entries each of the two dicts keeps at most

    def __call__(self, f: Finding) -> str:
        if type(f) is not ScannedFinding:
            return _encode(f.to_dict())
        text, context, attributes, fingerprint, items, place = f.report_parts()
        key = (f.entity_type, f.score, f.severity, f.recognizer, f.explanation)
        head = self._heads.get(key)
        if head is None:
            if len(self._heads) >= self._memory:  # an explanation naming the person a phrase links to is its own
                self._heads.clear()
            head = self._heads[key] = self._head(*key)
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
        if len(self._shared) >= self._memory:  # most are one finding's own (a birth date): keep the memory bounded
            self._shared.clear()
        self._shared[id(packed)] = (packed, text)
        return text


def _cell_location(sheet: str, cell: str, row: int, col: int, hidden: str | None, offset: list[int] | None) -> str:
    """The JSON of a cell's location dict (:func:`screening.scanned.place_location`)."""
    text = f'{{"sheet": {_string(sheet)}, "cell": {_string(cell)}, "row": {row:d}, "col": {col:d}'
    if hidden:
        text += f', "hidden": {_string(hidden)}'
    if offset is not None:
        text += f', "offset": [{offset[0]:d}, {offset[1]:d}]'
    return text + "}"


def iter_findings_json(findings: Sequence[Finding], sep: str, encoder: FindingEncoder | None = None,
                       block: int | None = None) -> Iterator[str]:
    """``sep.join(encoded findings)`` in pieces of ``block`` (:data:`BLOCK`) findings (the first
    without ``sep``)."""
    encoder = encoder or FindingEncoder()
    block = block or BLOCK
    for lo in range(0, len(findings), block):
        yield (sep if lo else "") + sep.join(map(encoder, findings[lo:lo + block]))


JSON_SEP = ",\n        "  # between the findings of render_json (indent 2)
JSONL_SEP = ", "  # between the findings of render_jsonl_line


class Prerender:
    """The findings of a big document encoded while it is still being scanned (issue 15 item 4).

    Scanning a 100,000-row sheet, the chunk workers keep both cores busy and the findings come back
    chunk by chunk; encoding them after the scan took one core for seconds while the other idled.
    Told of each chunk's findings (:data:`screening.engine.CHUNK_FINDINGS`, see :meth:`listening`),
    this encodes them at once, beside the workers, into a temporary file (``sep`` between them: the
    report's own bytes, not kept in memory). The writers (:func:`iter_json_utf8`,
    :func:`iter_jsonl_line_utf8`) then copy those bytes for the document whose findings end with
    exactly those finding objects (checked one by one) and encode the rest themselves; anything
    else -- another document, findings dropped or changed after the chunks, a full disk -- is
    encoded as without it. The output is the same either way.
    """

    def __init__(self, sep: str) -> None:
        self.sep = sep
        self.encoder = FindingEncoder(_SMALL_MEMORY)
        self.file: Any = None
        self.spans: list[list[Any]] = []  # [the scan's findings list, encoded count, first byte, end byte]

    @contextmanager
    def listening(self) -> Iterator[Prerender]:
        """Be told of the findings of the documents scanned in this block (then :meth:`close`)."""
        from screening.engine import CHUNK_FINDINGS

        token = CHUNK_FINDINGS.set(self)
        try:
            yield self
        finally:
            CHUNK_FINDINGS.reset(token)

    def __call__(self, findings: list[Finding], start: int) -> None:
        if self.spans is None or start >= len(findings):
            return
        try:
            if not self.spans or self.spans[-1][0] is not findings:  # a new document
                if start:
                    return  # its first findings were not seen: encoded by the writer
                if self.file is None:
                    self.file = tempfile.TemporaryFile(prefix="screening-report-")
                self.spans.append([findings, 0, self.file.tell(), self.file.tell()])
            span = self.spans[-1]
            if span[1] != start:
                return  # a chunk was missed (never happens): this document's span stays incomplete, unused
            write, lead = self.file.write, self.sep if start else ""
            for piece in iter_findings_json(findings[start:], self.sep, self.encoder, _SMALL_BLOCK):
                write((lead + piece).encode("utf-8"))
                lead = ""  # the next pieces begin with their separator
            span[1], span[3] = len(findings), self.file.tell()
            from screening.memory import trim_heap  # imported here: this runs inside the scan

            trim_heap()  # the pieces' freed memory back to the system: the scan's peak stays where it was
        except Exception:  # noqa: BLE001 -- a shortcut of the writer never fails a scan (full disk ...)
            self.spans = None  # type: ignore[assignment]  # the writers encode everything themselves

    def take(self, findings: Sequence[Finding], sep: str) -> tuple[int, Iterator[bytes]] | None:
        """``(k, the encoded findings[k:])`` when the end of ``findings`` was encoded here with
        ``sep`` between them (that span is then forgotten), else None."""
        if not self.spans or sep != self.sep:
            return None
        for n, span in enumerate(self.spans):
            done = span[1]
            k = len(findings) - done
            if done and k >= 0 and len(span[0]) == done and all(map(operator.is_, span[0], findings[k:])):
                del self.spans[n]
                return k, self._read(span[2], span[3])
        return None

    def _read(self, lo: int, hi: int) -> Iterator[bytes]:
        while lo < hi:
            self.file.seek(lo)
            piece = self.file.read(min(hi - lo, 1 << 20))
            if not piece:
                raise OSError("the encoded findings file ended early")
            lo += len(piece)
            yield piece

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None
        self.spans = []


def _findings_pieces(findings: Sequence[Finding], sep: str, encoder: FindingEncoder,
                     prerender: Prerender | None) -> Iterator[str | bytes]:
    """The findings joined by ``sep``: from ``prerender`` where it has them, else encoded here."""
    taken = prerender.take(findings, sep) if prerender is not None else None
    if taken is None:
        yield from iter_findings_json(findings, sep, encoder)
        return
    k, spooled = taken
    if k:
        yield from iter_findings_json(findings[:k], sep, encoder)
        yield sep
    yield from spooled


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
    return _iter_json(results, indent, None)  # type: ignore[return-value]  # str pieces without a prerender


def _iter_json(results: Iterable[DocumentResult], indent: int | None, prerender: Prerender | None,
               ) -> Iterator[str | bytes]:
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
            yield from _findings_pieces(r.findings, "," + nl + pad * 4, encoder, prerender)
        yield f"{nl}{pad * 3}]" if r.findings else "]"
        yield f"{nl}{pad * 2}}}"
    summary = json.dumps(summarize(results), ensure_ascii=False, indent=indent)
    if indent:
        summary = textwrap.indent(summary, pad).lstrip()
    yield f"{nl}{pad}]," if results else "],"
    yield f'{nl}{pad}"summary": {summary}{nl}}}'


def _utf8(pieces: Iterable[str | bytes]) -> Iterator[bytes]:
    for piece in pieces:
        yield piece if type(piece) is bytes else piece.encode("utf-8")  # type: ignore[union-attr]


def iter_json_utf8(results: Iterable[DocumentResult], indent: int | None = 2,
                   prerender: Prerender | None = None) -> Iterator[bytes]:
    """:func:`iter_json` as UTF-8 bytes (what the CLI writes), findings encoded during the scan
    taken from ``prerender``."""
    return _utf8(_iter_json(results, indent, prerender))


def render_jsonl_line(result: DocumentResult) -> str:
    """One document per line, for streaming large batches."""
    return "".join(iter_jsonl_line(result))


def iter_jsonl_line(result: DocumentResult) -> Iterator[str]:
    """:func:`render_jsonl_line` in pieces (a block of findings at a time; no line break at the end)."""
    return _iter_jsonl_line(result, None)  # type: ignore[return-value]  # str pieces without a prerender


def _iter_jsonl_line(result: DocumentResult, prerender: Prerender | None) -> Iterator[str | bytes]:
    head = json.dumps({"schema_version": SCHEMA_VERSION, **result.to_dict(findings=False)}, ensure_ascii=False)
    yield head[:-1] + ', "findings": ['
    yield from _findings_pieces(result.findings, JSONL_SEP, FindingEncoder(), prerender)
    yield "]}"


def iter_jsonl_line_utf8(result: DocumentResult, prerender: Prerender | None = None) -> Iterator[bytes]:
    """:func:`iter_jsonl_line` as UTF-8 bytes (what the CLI writes), findings encoded during the
    scan taken from ``prerender``."""
    return _utf8(_iter_jsonl_line(result, prerender))
