"""The document model every reader produces and every scanner/writer consumes.

A :class:`Document` is an ordered list of :class:`Segment` objects (text plus location) and
document-level facts. The document *text* is the segments joined with ``"\\n"``; finding offsets
are offsets into that text. For plain text there is one segment, so offsets are offsets into the
decoded file.

>>> doc = Document(path="a.txt", format="text", segments=[Segment("第一段", {"part": "body", "paragraph": 1}),
...                                                        Segment("第二段", {"part": "body", "paragraph": 2})])
>>> doc.text
'第一段\\n第二段'
>>> doc.segment_at(4).location["paragraph"]
2
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from screening.findings import Finding, Severity, default_severity

SEPARATOR = "\n"


@dataclass(slots=True)
class Segment:
    """One piece of text and where it came from.

    ``kind``: ``text`` (body), ``table_cell``, ``header``, ``footer``, ``footnote``, ``comment``,
    ``deleted`` (tracked deletion), ``hidden``, ``metadata``, ``attribute`` ...
    ``locator``: optional ``(local_start, local_end) -> dict`` adding precise facts to a finding's
    location (a PDF reader returns the bbox of those characters).
    """

    text: str
    location: dict[str, Any] = field(default_factory=dict)
    kind: str = "text"
    column_header: str | None = None
    first_page_top: bool = False
    locator: Callable[[int, int], dict[str, Any]] | None = field(default=None, repr=False)
    ref: Any = field(default=None, repr=False, compare=False)  # reader-specific handle for writers

    def new_location(self) -> dict[str, Any]:
        """A fresh copy of :attr:`location` the caller may change."""
        return dict(self.location)


@lru_cache(maxsize=4096)
def col_letter(n: int) -> str:
    """Spreadsheet column letters: 1 -> ``A``, 28 -> ``AB``."""
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


class CellSegment:
    """A spreadsheet cell: the :class:`Segment` interface in a few slots (a 100,000-row sheet has
    700,000 of them), its location dict built only when asked for.

    >>> c = CellSegment("张三", "名单", 7, 3, hidden="row")
    >>> c.location, c.kind
    ({'sheet': '名单', 'cell': 'C7', 'row': 7, 'col': 3, 'hidden': 'row'}, 'table_cell')
    """

    __slots__ = ("text", "sheet", "row", "col", "hidden", "column_header", "first_page_top")
    kind = "table_cell"
    locator: Callable[[int, int], dict[str, Any]] | None = None
    ref: Any = None

    def __init__(self, text: str, sheet: str, row: int, col: int, hidden: str | None = None,
                 column_header: str | None = None, first_page_top: bool = False) -> None:
        self.text, self.sheet, self.row, self.col, self.hidden = text, sheet, row, col, hidden
        self.column_header, self.first_page_top = column_header, first_page_top

    @property
    def location(self) -> dict[str, Any]:
        loc: dict[str, Any] = {"sheet": self.sheet, "cell": f"{col_letter(self.col)}{self.row}",
                               "row": self.row, "col": self.col}
        if self.hidden:
            loc["hidden"] = self.hidden
        return loc

    new_location = location.fget  # type: ignore[attr-defined]  # already a fresh dict

    def __repr__(self) -> str:
        return f"CellSegment({self.text!r}, {self.location!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CellSegment | Segment):
            return NotImplemented
        return (self.text, self.location, self.kind, self.column_header, self.first_page_top) == (
            other.text, other.location, other.kind, other.column_header, other.first_page_top)

    __hash__ = None  # type: ignore[assignment]  # like the (mutable) Segment dataclass

@dataclass
class Document:
    """A read document: segments, facts (encoding, metadata, pages, ...) and hygiene findings."""

    path: str | None
    format: str
    #: a list, or a :class:`screening.documents.cells.SegmentList` (big sheets: cells stored compactly)
    segments: Sequence[Segment | CellSegment] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    hygiene: list[Finding] = field(default_factory=list)

    @cached_property
    def starts(self) -> Sequence[int]:
        """Offset of every segment in :attr:`text` (a compact int array: bisect works on it)."""
        known = getattr(self.segments, "starts", None)
        if known is not None:
            return known  # type: ignore[no-any-return]
        out, pos, sep = array("q"), 0, len(SEPARATOR)
        append = out.append
        for s in self.segments:
            append(pos)
            pos += len(s.text) + sep
        return out

    @cached_property
    def text(self) -> str:
        known = getattr(self.segments, "text", None)
        if isinstance(known, str):
            return known
        return SEPARATOR.join(s.text for s in self.segments)

    def segment_index_at(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.starts, pos) - 1)

    def segment_at(self, pos: int) -> Segment | CellSegment:
        return self.segments[self.segment_index_at(pos)]


def hygiene_finding(
    entity_type: str,
    explanation: str,
    location: dict[str, Any] | None = None,
    text: str = "",
    attributes: dict[str, Any] | None = None,
    severity: Severity | None = None,
    recognizer: str = "reader",
) -> Finding:
    """A finding about the file itself (tracked changes, an unreadable image, author metadata).

    Hygiene findings have no text offsets (``start == end == -1``).
    """
    return Finding(
        entity_type=entity_type,
        start=-1,
        end=-1,
        text=text,
        score=1.0,
        severity=severity if severity is not None else default_severity(entity_type),
        recognizer=recognizer,
        explanation=explanation,
        location=dict(location or {}),
        attributes=dict(attributes or {}),
    )
