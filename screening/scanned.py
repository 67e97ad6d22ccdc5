"""Findings of a scan that compute their location, context and fingerprint when asked.

A 100,000-row benefit list yields half a million findings. Stored eagerly, each would carry its
own location dict, context string and fingerprint string (about 1 KB together); the reviewer only
reads them once, when the report is written. A :class:`ScannedFinding` keeps the values the scan
decided (type, offsets, score, severity, explanation, attributes) and one reference to the
:class:`ScanSource` it came from (the document and the fingerprint key), and derives the rest on
every access. It *is* a :class:`~screening.findings.Finding`: equal to, hashing like, serialising
like and pickling as the eager finding with the same values.

>>> from screening import Screener
>>> f = Screener(fingerprint_key="k").scan_text("联系电话：13912345678")[0]
>>> isinstance(f, Finding), f.location, f.context
(True, {'part': 'body', 'line': 1, 'column': 6}, '联系电话：【13912345678】')
>>> f == Finding(**{k: getattr(f, k) for k in f.__dataclass_fields__})
True
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import Any

from screening.documents.model import Document
from screening.findings import Finding, Severity

CONTEXT_CHARS = 20  # characters of context on each side of a finding


class ScanSource:
    """What the findings of one scanned document share: the document, its line index (plain
    text) and the screener's keyed fingerprint function. Keeps the document alive as long as one
    of its findings is."""

    __slots__ = ("doc", "lines", "fingerprint")

    def __init__(self, doc: Document, lines: LineIndex | None, fingerprint: Callable[[str, str, str], str]) -> None:
        self.doc, self.lines, self.fingerprint = doc, lines, fingerprint

    def location(self, start: int, end: int) -> dict[str, Any]:
        loc = locate(self.doc, start, end)
        if self.lines is not None:
            loc.update(self.lines.locate(start))
        return loc

    def context(self, start: int, end: int) -> str:
        text = self.doc.text
        return f"{text[max(0, start - CONTEXT_CHARS):start]}【{text[start:end]}】{text[end:end + CONTEXT_CHARS]}"


def locate(doc: Document | None, start: int, end: int) -> dict[str, Any]:
    """Where ``[start, end)`` of a document's text is: the segment's location, the offsets inside
    the segment when there are several, and reader-specific facts (a PDF bbox)."""
    if doc is None or not doc.segments:
        return {}
    place = cell_place(doc, start, end)
    if place is not None:  # a compact spreadsheet cell: its location without building the segment
        return place_location(place)
    i = doc.segment_index_at(start)
    segments = doc.segments
    seg = segments[i]
    loc = seg.new_location()
    local = (start - doc.starts[i], min(end - doc.starts[i], len(seg.text)))
    if len(segments) > 1:
        loc["offset"] = list(local)
    if seg.locator is not None:
        try:
            loc.update(seg.locator(*local))
        except (ValueError, IndexError, KeyError, TypeError):
            pass  # a reader's locator that cannot place this span: the position is enough
    return loc


#: ``(sheet, cell, row, col, hidden, offset)`` of a span in a compact spreadsheet cell
Place = tuple[str, str, int, int, "str | None", "list[int] | None"]


def cell_place(doc: Document, start: int, end: int) -> Place | None:
    """The place of ``[start, end)`` when it is in a compact spreadsheet cell
    (:meth:`~screening.documents.cells.SegmentList.cell_place_at`), None elsewhere: the values of
    :func:`locate`'s dict in its order (``hidden`` and ``offset`` are only there when set)."""
    place = getattr(doc.segments, "cell_place_at", None)
    return place(start, end) if place is not None else None  # type: ignore[no-any-return]


def place_location(place: Place) -> dict[str, Any]:
    """The location dict of a :func:`cell_place`."""
    sheet, cell, row, col, hidden, offset = place
    loc: dict[str, Any] = {"sheet": sheet, "cell": cell, "row": row, "col": col}
    if hidden:
        loc["hidden"] = hidden
    if offset is not None:
        loc["offset"] = offset
    return loc


class LineIndex:
    """1-based line and column of an offset in a plain-text document (for reviewers)."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        pos = text.find("\n")
        while pos >= 0:
            self.starts.append(pos + 1)
            pos = text.find("\n", pos + 1)

    def locate(self, offset: int) -> dict[str, int]:
        i = bisect.bisect_right(self.starts, offset) - 1
        return {"line": i + 1, "column": offset - self.starts[i] + 1}


_FIELDS = tuple(Finding.__dataclass_fields__)
_COMPARED = tuple(n for n, f in Finding.__dataclass_fields__.items() if f.compare)
_set = object.__setattr__
_new = object.__new__
# The slots of Finding's ``attributes`` and ``explanation_items`` hold the packed values in a
# ScannedFinding (whose properties of those names unpack them): no slot more per finding.
_get_attributes = Finding.__dict__["attributes"].__get__
_set_attributes = Finding.__dict__["attributes"].__set__
_get_items = Finding.__dict__["explanation_items"].__get__
_set_items = Finding.__dict__["explanation_items"].__set__


def _fill(f: ScannedFinding, entity_type: str, start: int, end: int, score: float, severity: Severity,
          recognizer: str, explanation: str, attributes: tuple[Any, ...], source: ScanSource,
          explanation_items: tuple[tuple[Any, ...], ...]) -> None:
    _set(f, "entity_type", entity_type)
    _set(f, "start", start)
    _set(f, "end", end)
    _set(f, "score", score)
    _set(f, "severity", severity)
    _set(f, "recognizer", recognizer)
    _set(f, "explanation", explanation)
    _set_attributes(f, attributes)
    _set_items(f, explanation_items)
    _set(f, "_source", source)


def pack(d: dict[str, Any]) -> tuple[Any, ...]:
    """A dict as one flat tuple, ``(keys, *values)`` (``()`` when empty): a third of the dict's size,
    and equal packed values can be shared by many findings (:func:`unpack` gives the dict back).

    >>> pack({"kind": "mobile", "valid": True})
    (('kind', 'valid'), 'mobile', True)
    >>> unpack(pack({"kind": "mobile", "valid": True})), unpack(())
    ({'kind': 'mobile', 'valid': True}, {})
    """
    return (tuple(d), *d.values()) if d else ()


def unpack(packed: tuple[Any, ...]) -> dict[str, Any]:
    """The dict of :func:`pack` (a new dict on every call)."""
    return dict(zip(packed[0], packed[1:], strict=False)) if packed else {}  # equal lengths (pack)


def packed_get(packed: tuple[Any, ...], key: str, default: Any = None) -> Any:
    """``unpack(packed).get(key, default)`` without building the dict.

    >>> packed_get(pack({"kind": "mobile", "role": "private"}), "role"), packed_get((), "role", "")
    ('private', '')
    """
    if packed and key in packed[0]:
        return packed[packed[0].index(key) + 1]
    return default


class ScannedFinding(Finding):
    """A :class:`Finding` whose ``text``, ``location``, ``context`` and ``fingerprint`` are derived
    from its :class:`ScanSource` on each access (never stored), and whose ``attributes`` and
    ``explanation_items`` are stored packed (:func:`pack`), shared with other findings: each access
    gives fresh dicts."""

    __slots__ = ("_source",)
    _source: ScanSource

    def __init__(self, entity_type: str, start: int, end: int, score: float, severity: Severity,
                 recognizer: str, explanation: str, attributes: dict[str, Any], source: ScanSource,
                 explanation_items: tuple[dict[str, Any], ...] = ()) -> None:
        # Finding.__init__ would assign the derived fields, which are read-only properties here
        _fill(self, entity_type, start, end, score, severity, recognizer, explanation, pack(attributes), source,
              tuple(pack(i) for i in explanation_items))

    @classmethod
    def packed(cls, entity_type: str, start: int, end: int, score: float, severity: Severity, recognizer: str,
               explanation: str, attributes: tuple[Any, ...], source: ScanSource,
               explanation_items: tuple[tuple[Any, ...], ...] = ()) -> ScannedFinding:
        """A finding from attributes and explanation items already packed (:func:`pack`), which it
        may share with others: the engine builds half a million findings of a big sheet this way."""
        f = _new(cls)
        _fill(f, entity_type, start, end, score, severity, recognizer, explanation, attributes, source,
              explanation_items)
        return f

    @property  # type: ignore[override]
    def attributes(self) -> dict[str, Any]:
        return unpack(_get_attributes(self))

    @property  # type: ignore[override]
    def explanation_items(self) -> tuple[dict[str, Any], ...]:
        return tuple([unpack(i) for i in _get_items(self)])

    @property  # type: ignore[override]
    def text(self) -> str:
        return self._source.doc.text[self.start:self.end]

    @property  # type: ignore[override]
    def location(self) -> dict[str, Any]:
        return self._source.location(self.start, self.end)

    @property  # type: ignore[override]
    def context(self) -> str:
        return self._source.context(self.start, self.end)

    @property  # type: ignore[override]
    def fingerprint(self) -> str:
        return self._source.fingerprint(self.entity_type, self.text, str(self.attributes.get("role", "")))

    def to_dict(self) -> dict[str, Any]:
        # Finding.to_dict, each derived value computed once (a report asks this of every finding)
        text, context, attributes, fingerprint, items, place = self.report_parts()
        location = place_location(place) if place is not None else self._source.location(self.start, self.end)
        return self._as_dict(text, context, location, unpack(attributes), fingerprint, [unpack(i) for i in items])

    def report_parts(self) -> tuple[str, str, tuple[Any, ...], str, tuple[tuple[Any, ...], ...], Place | None]:
        """What a report writes of this finding, each derived value computed once: ``(text, context,
        attributes, fingerprint, explanation_items, place)``; the attributes and items packed
        (:func:`pack`; shared with other findings: a writer may encode each distinct one once), the
        place of a compact spreadsheet cell (:func:`cell_place`; None elsewhere: ask :attr:`location`)."""
        source, start, end = self._source, self.start, self.end
        doc = source.doc
        text = doc.text[start:end]
        attributes = _get_attributes(self)
        fingerprint = source.fingerprint(self.entity_type, text, str(packed_get(attributes, "role", "")))
        place = getattr(doc.segments, "cell_place_at", None)
        return (text, source.context(start, end), attributes, fingerprint, _get_items(self),
                place(start, end) if place is not None and source.lines is None else None)

    def eager(self) -> Finding:
        """The same finding with every field stored (independent of the document)."""
        return Finding(*(getattr(self, n) for n in _FIELDS))

    def __reduce__(self) -> tuple[Any, ...]:  # pickles (and copies) as a plain Finding
        return Finding, tuple(getattr(self, n) for n in _FIELDS)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Finding):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in _COMPARED)

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, n) for n in _COMPARED))


def sheet_and_column(f: Finding) -> tuple[str, int] | None:
    """``(sheet, column)`` of a finding in a spreadsheet cell, None elsewhere (per-column counts ask
    this of every finding: a compact cell answers without building its location)."""
    if isinstance(f, ScannedFinding) and f.start >= 0:
        fast = getattr(f._source.doc.segments, "sheet_column_at", None)
        if fast is not None:
            hit = fast(f.start)
            if hit is not None:
                return hit  # type: ignore[no-any-return]
    loc = f.location
    sheet, col = loc.get("sheet"), loc.get("col")
    return (str(sheet), col) if sheet is not None and isinstance(col, int) else None
