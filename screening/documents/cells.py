"""A document's segments with spreadsheet cells stored column-wise.

A 100,000-row sheet has about a million cells. As objects (a :class:`CellSegment` and its own text
string each) they took ~180 bytes per cell, 180 MB for the sheet. :class:`SegmentList` keeps a cell as
a few array entries (sheet, row, column, header, flags: ~19 bytes) and its text only inside the
document text (all segments joined); the :class:`CellSegment` a caller asks for is built on access.
Other segments (headers, comments, properties) are kept as they are.

While it is built, the texts are joined a batch at a time (:data:`PIECE` texts into one string), so
a million cell strings are never held at once (~60 MB at the end of a roster's read); the offsets
of the segments are counted as they come.

It is a ``Sequence`` like the plain list other readers use; slices are views (no copying); and it
answers the two questions recognizers ask about every segment -- which ones sit under a column
header, which ones tell the page layout -- without building a segment per cell.

>>> segs = SegmentList()
>>> segs.append(Segment("表头", {"part": "header"}, "header"))
>>> segs.add_cell("张三", "名单", 2, 2, None, "姓名", False)
>>> segs.add_cell("110105194912310021", "名单", 2, 3, "row", "身份证号", False)
>>> text = segs.finish()
>>> text, segs[1].text, segs[2].location
('表头\\n张三\\n110105194912310021', '张三', {'sheet': '名单', 'cell': 'C2', 'row': 2, 'col': 3, 'hidden': 'row'})
>>> list(segs.headed()), list(segs[1:].headed()), list(segs.layout())
([(1, '姓名'), (2, '身份证号')], [(0, '姓名'), (1, '身份证号')], [0])
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterator, Sequence
from typing import Any, overload

from screening.documents.model import SEPARATOR, CellSegment, Segment, col_letter

_HIDDEN = (None, "row", "column", "sheet")
_HIDDEN_CODE = {h: i for i, h in enumerate(_HIDDEN)}
_TOP = 4  # flag bit: one of the first cells of a sheet (the top of its first page)
_SEP = len(SEPARATOR)
_LETTERS: dict[int, str] = {}  # column -> its letters (col_letter), as asked


def _letters(col: int) -> str:
    _LETTERS[col] = letters = col_letter(col)
    return letters


PIECE = 4096  # texts joined into one string while the list is built


class SegmentList(Sequence[Segment | CellSegment]):
    """Segments in document order; cells added with :meth:`add_cell` are stored compactly.

    Build with :meth:`append` / :meth:`extend` / :meth:`add_cell`, then call :meth:`finish` once:
    it returns the document text and from then on cell texts are slices of it.
    """

    def __init__(self) -> None:
        self._objects: list[Segment | CellSegment | None] = []  # None: a compact cell
        self._sheet = array("I")
        self._row = array("I")
        self._col = array("I")
        self._header = array("I")  # index into _headers (0: none)
        self._flags = bytearray()
        self._sheets: list[str] = []
        self._sheet_ids: dict[str, int] = {}
        self._headers: list[str | None] = [None]
        self._header_ids: dict[str, int] = {}
        #: the texts not yet joined (None once finished), the joined batches before them and where
        #: each batch starts (its first segment, its offset in the document text)
        self._parts: list[str] | None = []
        self._pieces: list[str] = []
        self._piece_first: list[int] = []
        self._piece_offset: list[int] = []
        self._pos = 0  # the document-text offset of the next segment
        self._text = ""
        self._starts = array("q")
        self._layout: list[int] = []

    # -- building ---------------------------------------------------------------------------
    def append(self, seg: Segment | CellSegment) -> None:
        if self._parts is None:
            raise RuntimeError("SegmentList is finished")
        if seg.first_page_top or seg.kind not in ("text", "table_cell"):
            self._layout.append(len(self._objects))
        self._objects.append(seg)
        self._sheet.append(0)
        self._row.append(0)
        self._col.append(0)
        self._header.append(0)
        self._flags.append(0)
        self._add_text(seg.text)

    def extend(self, segs: Iterator[Segment | CellSegment] | Sequence[Segment | CellSegment]) -> None:
        for seg in segs:
            self.append(seg)

    def add_cell(self, text: str, sheet: str, row: int, col: int, hidden: str | None,
                 column_header: str | None, first_page_top: bool) -> None:
        """A spreadsheet cell (see :class:`CellSegment` for the fields)."""
        if self._parts is None:
            raise RuntimeError("SegmentList is finished")
        sid = self._sheet_id(sheet)
        hid = self.header_id(column_header)
        if first_page_top:
            self._layout.append(len(self._objects))
        self._objects.append(None)
        self._sheet.append(sid)
        self._row.append(row)
        self._col.append(col)
        self._header.append(hid)
        self._flags.append(_HIDDEN_CODE[hidden] | (_TOP if first_page_top else 0))
        self._add_text(text)

    def _add_text(self, text: str) -> None:
        self._starts.append(self._pos)
        self._pos += len(text) + len(SEPARATOR)
        self._parts.append(text)  # type: ignore[union-attr]  # (checked by the callers)
        if len(self._parts) >= PIECE:  # type: ignore[arg-type]
            self._join_batch()

    def _join_batch(self) -> None:
        """The texts not yet joined become one string (a piece of the document text)."""
        parts = self._parts
        if parts:
            self._piece_first.append(len(self._starts) - len(parts))
            self._piece_offset.append(self._starts[len(self._starts) - len(parts)])
            self._pieces.append(SEPARATOR.join(parts))
            self._parts = []

    def _sheet_id(self, sheet: str) -> int:
        sid = self._sheet_ids.get(sheet)
        if sid is None:
            sid = self._sheet_ids[sheet] = len(self._sheets)
            self._sheets.append(sheet)
        return sid

    def header_id(self, column_header: str | None) -> int:
        """The id :meth:`add_row` takes for ``column_header`` (0: none)."""
        if column_header is None:
            return 0
        hid = self._header_ids.get(column_header, 0)
        if not hid:
            hid = self._header_ids[column_header] = len(self._headers)
            self._headers.append(column_header)
        return hid

    def add_row(self, sheet: str, row: int, cells: Sequence[tuple[int, str]], header_ids: Sequence[int]) -> None:
        """The cells ``(column, text)`` of one row at once, none hidden nor at the top of the first
        page; ``header_ids`` from :meth:`header_id`, one per cell (``add_cell`` for each, faster)."""
        if self._parts is None:
            raise RuntimeError("SegmentList is finished")
        sid = self._sheet_id(sheet)
        n = len(cells)
        self._objects.extend([None] * n)
        self._sheet.extend([sid] * n)
        self._row.extend([row] * n)
        self._col.extend([c for c, _ in cells])
        self._header.extend(header_ids)
        self._flags.extend(bytes(n))
        pos, sep, starts = self._pos, len(SEPARATOR), self._starts
        for _, t in cells:
            starts.append(pos)
            pos += len(t) + sep
        self._pos = pos
        self._parts.extend([t for _, t in cells])
        if len(self._parts) >= PIECE:
            self._join_batch()

    def finish(self) -> str:
        """Join the texts into the document text (returned) and drop the per-cell strings."""
        if self._parts is None:
            return self._text
        self._join_batch()
        pieces, self._pieces, self._parts = self._pieces, [], None
        self._piece_first, self._piece_offset = [], []
        self._text = SEPARATOR.join(pieces)
        return self._text

    @property
    def text(self) -> str:
        """The document text (all segments joined with ``SEPARATOR``); needs :meth:`finish`."""
        return self.finish()

    @property
    def starts(self) -> Sequence[int]:
        self.finish()
        return self._starts

    # -- Sequence ---------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._objects)

    @overload
    def __getitem__(self, i: int) -> Segment | CellSegment: ...

    @overload
    def __getitem__(self, i: slice) -> SegmentView: ...

    def __getitem__(self, i: int | slice) -> Segment | CellSegment | SegmentView:
        if isinstance(i, slice):
            start, stop, step = i.indices(len(self._objects))
            if step != 1:
                raise ValueError("SegmentList slices take no step")
            return SegmentView(self, start, max(start, stop))
        obj = self._objects[i]
        if obj is not None:
            return obj
        if i < 0:
            i += len(self._objects)
        return self._cell(i)

    def _text_of(self, i: int) -> str:
        """Segment ``i``'s text, while the list is built (from its batch) or after."""
        start = self._starts[i]
        end = self._starts[i + 1] - len(SEPARATOR) if i + 1 < len(self._starts) else self._pos - len(SEPARATOR)
        if self._parts is None:
            return self._text[start:end]
        first = len(self._starts) - len(self._parts)
        if i >= first:
            return self._parts[i - first]
        k = bisect.bisect_right(self._piece_first, i) - 1
        off = self._piece_offset[k]
        return self._pieces[k][start - off:end - off]

    def _cell(self, i: int) -> CellSegment:
        text = self._text_of(i)
        flags = self._flags[i]
        return CellSegment(text, self._sheets[self._sheet[i]], self._row[i], self._col[i], _HIDDEN[flags & 3],
                           self._headers[self._header[i]], bool(flags & _TOP))

    def __iter__(self) -> Iterator[Segment | CellSegment]:
        for i, obj in enumerate(self._objects):
            yield obj if obj is not None else self._cell(i)

    # -- what the scan asks about one segment, without building it ---------------------------
    def is_cell(self, i: int) -> bool:
        return self._objects[i] is None

    def header_of(self, i: int) -> str | None:
        h = self._header[i]
        if h:
            return self._headers[h]
        obj = self._objects[i]
        return obj.column_header if obj is not None else None

    def length_of(self, i: int) -> int:
        starts = self.starts
        end = starts[i + 1] - len(SEPARATOR) if i + 1 < len(starts) else len(self._text)
        return end - starts[i]

    def cell_row_key(self, i: int) -> tuple[str, str, int]:
        """The row key of compact cell ``i`` (as ``_row_key`` in scan_context gives for cells)."""
        return ("sheet", self._sheets[self._sheet[i]], self._row[i])

    def location_of(self, i: int) -> dict[str, Any]:
        """``self[i].location`` (a fresh dict) without building the segment."""
        if self._objects[i] is not None:
            return self._objects[i].new_location()  # type: ignore[union-attr]
        row = self._row[i]
        loc: dict[str, Any] = {"sheet": self._sheets[self._sheet[i]], "cell": f"{col_letter(self._col[i])}{row}",
                               "row": row, "col": self._col[i]}
        hidden = _HIDDEN[self._flags[i] & 3]
        if hidden:
            loc["hidden"] = hidden
        return loc

    def cell_place_at(self, start: int, end: int) -> tuple[str, str, int, int, str | None, list[int] | None] | None:
        """``(sheet, cell, row, col, hidden, offset)`` of the span ``[start, end)`` of the text when
        it starts in a compact cell: the values of its location (:meth:`location_of`), in order, and
        its offsets in the cell when there are several segments (else None); None when the span
        starts in another segment. What a report asks of each of half a million findings."""
        starts, objects = self._starts, self._objects
        i = self._index_at(start)
        if not objects or objects[i] is not None:
            return None
        row, col = self._row[i], self._col[i]
        offset = None
        n = len(objects)
        if n > 1:
            s0 = starts[i]
            cell_end = starts[i + 1] - _SEP if i + 1 < n else len(self._text)
            offset = [start - s0, min(end, cell_end) - s0]
        letters = _LETTERS.get(col) or _letters(col)
        return self._sheets[self._sheet[i]], f"{letters}{row}", row, col, _HIDDEN[self._flags[i] & 3], offset

    def sheet_column_of(self, i: int) -> tuple[str, int] | None:
        """``(sheet, column)`` of compact cell ``i``; None for other segments."""
        if self._objects[i] is not None:
            return None
        return self._sheets[self._sheet[i]], self._col[i]

    def sheet_column_at(self, pos: int) -> tuple[str, int] | None:
        """:meth:`sheet_column_of` the segment holding offset ``pos`` of the text."""
        i = self._index_at(pos)
        if not self._objects or self._objects[i] is not None:
            return None
        return self._sheets[self._sheet[i]], self._col[i]

    _hint = 0  # the segment the last offset asked about was in (offsets are mostly asked in order)

    def _index_at(self, pos: int) -> int:
        """The index of the segment holding offset ``pos`` (``Document.segment_index_at``). A report
        asks this of half a million findings in text order: a search near the previous answer stays
        in the processor's cache, a search of the whole million-entry array would not."""
        if self._parts is not None:
            self.finish()
        starts, i = self._starts, self._hint
        n = len(starts)
        if i < n and starts[i] <= pos:
            hi = min(n, i + 16)
            k = bisect.bisect_right(starts, pos, i, hi)
            if k < hi or hi == n:
                self._hint = k - 1
                return k - 1
        i = max(0, bisect.bisect_right(starts, pos) - 1)
        self._hint = i
        return i

    # -- what recognizers ask about every segment --------------------------------------------
    def headed(self, lo: int = 0, hi: int | None = None) -> Iterator[tuple[int, str]]:
        """``(index - lo, header)`` of the segments in ``[lo, hi)`` under a column header."""
        hi = len(self._objects) if hi is None else hi
        headers, header, objects = self._headers, self._header, self._objects
        for i in range(lo, hi):
            h = header[i]
            if h:
                yield i - lo, headers[h]  # type: ignore[misc]
            else:
                obj = objects[i]
                if obj is not None and obj.column_header:
                    yield i - lo, obj.column_header

    def layout(self, lo: int = 0, hi: int | None = None) -> Iterator[int]:
        """``index - lo`` of the segments in ``[lo, hi)`` with ``first_page_top`` or of a kind
        other than body text and table cells."""
        hi = len(self._objects) if hi is None else hi
        first = bisect.bisect_left(self._layout, lo)
        for i in self._layout[first:]:
            if i >= hi:
                break
            yield i - lo


class SegmentView(Sequence[Segment | CellSegment]):
    """``segments[lo:hi]`` of a :class:`SegmentList`, without copying."""

    def __init__(self, base: SegmentList, lo: int, hi: int) -> None:
        self.base, self.lo, self.hi = base, lo, hi

    def __len__(self) -> int:
        return self.hi - self.lo

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            start, stop, step = i.indices(len(self))
            if step != 1:
                raise ValueError("SegmentList slices take no step")
            return SegmentView(self.base, self.lo + start, self.lo + max(start, stop))
        n = self.hi - self.lo
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("segment index out of range")
        return self.base[self.lo + i]

    def __iter__(self) -> Iterator[Segment | CellSegment]:
        for i in range(self.lo, self.hi):
            yield self.base[i]

    def is_cell(self, i: int) -> bool:
        return self.base.is_cell(self.lo + i)

    def header_of(self, i: int) -> str | None:
        return self.base.header_of(self.lo + i)

    def length_of(self, i: int) -> int:
        return self.base.length_of(self.lo + i)

    def cell_row_key(self, i: int) -> tuple[str, str, int]:
        return self.base.cell_row_key(self.lo + i)

    def headed(self) -> Iterator[tuple[int, str]]:
        return self.base.headed(self.lo, self.hi)

    def layout(self) -> Iterator[int]:
        return self.base.layout(self.lo, self.hi)
