"""What a recognizer may know besides the text: segments, locations and table column headers.

The engine analyses a whole document text (all segments joined) in one call and passes a
:class:`ScanContext` to presidio as ``nlp_artifacts``. Presidio never runs an NLP pipeline on the
hot path; recognizers read the context instead.

>>> ctx = ScanContext.for_text("序号\\t姓名\\t身份证号\\n1\\t张三\\t110101199003074578\\n")
>>> ctx.column_header_at(ctx.text.index("张三"))
'姓名'
>>> ctx.column_header_at(ctx.text.index("1101"))
'身份证号'
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from presidio_analyzer.nlp_engine import NlpArtifacts

from screening.documents.model import SEPARATOR, CellSegment, Segment
from screening.normalize import Normalized, normalize


class ScanContext(NlpArtifacts):
    """Per-call context handed to recognizers as presidio ``nlp_artifacts``.

    ``text`` is the normalized text the recognizers see; ``norm`` maps it back to the original.
    """

    def __init__(
        self,
        norm: Normalized,
        segments: Sequence[Segment | CellSegment] = (),
        starts: Sequence[int] = (),
        base: int = 0,
        facts: dict[str, Any] | None = None,
        options: dict[str, Any] | None = None,
        at_document_start: bool = True,
        at_document_end: bool = True,
    ) -> None:
        super().__init__(
            entities=[], tokens=None, tokens_indices=[], lemmas=[], nlp_engine=None, language="zh"  # type: ignore[arg-type]
        )
        self.norm = norm
        self.text = norm.text
        # The document's segments overlapping this text, their start offsets in the document text,
        # and the document offset of this text (a long document is scanned in chunks).
        self.segments = segments
        self._seg_starts = starts
        self.base = base
        self.facts = facts or {}
        self.options = options or {}
        self._text_tables: list[TextTable] | None = None
        self._table_starts: list[int] = []
        self.cache: dict[str, Any] = {}  # per-scan scratch space for recognizers
        self._last_segment = 0  # recognizers ask about consecutive positions: remember the last hit
        self._header_memo: dict[int, str | None] = {}  # column_header_at answers, by position
        # a SegmentList (compact spreadsheet cells) answers about a segment without building it
        self._compact: Any = segments if hasattr(segments, "header_of") else None
        self._rows: dict[int, list[tuple[int, int, int]] | None] = {}  # segment index -> its row's cells
        self._row_objects: dict[int, list[tuple[int, int, Segment | CellSegment]]] = {}  # row_cells answers, by first cell
        # A long document is analysed in chunks: only the first chunk holds the document's top
        # (版头) and only the last its end (版记).
        self.at_document_start = at_document_start
        self.at_document_end = at_document_end

    @classmethod
    def for_text(cls, text: str, **kwargs: Any) -> ScanContext:
        return cls(normalize(text), **kwargs)

    def to_json(self) -> str:  # presidio calls this when tracing
        return "{}"

    # -- segments -----------------------------------------------------------------------------
    def segment_at(self, pos: int) -> Segment | CellSegment | None:
        """The document segment (location, kind, column header, ``first_page_top``) holding
        normalized offset ``pos``; ``None`` for plain text."""
        i = self._segment_holding(pos)
        return None if i is None else self.segments[i]

    def _segment_holding(self, pos: int) -> int | None:
        """Index of the segment holding normalized offset ``pos`` (None: between segments)."""
        if not self.segments:
            return None
        opos = self.base + self.norm.to_original(pos)
        i = self._segment_index(pos, opos)
        if i is None:
            return None
        starts = self._seg_starts
        # segments are joined by one separator: the next start tells the length without the segment
        length = starts[i + 1] - starts[i] - _SEP_LEN if i + 1 < len(starts) else self._length_of(i)
        return i if opos < starts[i] + max(length, 1) else None

    def _length_of(self, i: int) -> int:
        return self._compact.length_of(i) if self._compact is not None else len(self.segments[i].text)

    def _header_of(self, i: int) -> str | None:
        return self._compact.header_of(i) if self._compact is not None else self.segments[i].column_header

    def _row_key_of(self, i: int) -> tuple[Any, ...] | None:
        compact = self._compact
        if compact is not None and compact.is_cell(i):
            return compact.cell_row_key(i)  # type: ignore[no-any-return]  # a SegmentList's row key
        return _row_key(self.segments[i])

    def _segment_index(self, pos: int, opos: int | None = None) -> int | None:
        """Index of the segment starting at or before normalized offset ``pos`` (``opos``: its
        document offset, when the caller has it)."""
        if not self.segments:
            return None
        if opos is None:
            opos = self.base + self.norm.to_original(pos)
        starts = self._seg_starts
        i = self._last_segment
        if starts[i] <= opos and (i + 1 == len(starts) or opos < starts[i + 1]):
            return i
        i = bisect.bisect_right(starts, opos) - 1
        if i < 0:
            return None
        self._last_segment = i
        return i

    # -- table rows of read documents ---------------------------------------------------------
    def row_cells(self, pos: int) -> list[tuple[int, int, Segment | CellSegment]] | None:
        """The cells of the reader table row holding normalized offset ``pos`` -- every segment of
        the same spreadsheet row or docx table row -- as ``(start, end, segment)`` in normalized
        offsets; ``None`` when ``pos`` is not in a table cell of a read document.

        Plain-text tables are rows of one line each (see :meth:`table_at`).
        """
        spans = self._row_spans(pos)
        if spans is None:
            return None
        built = self._row_objects.get(spans[0][2])
        if built is None:  # segment objects only when asked for (spreadsheet cells are compact)
            built = self._row_objects[spans[0][2]] = [(s, e, self.segments[j]) for s, e, j in spans]
        return built

    def row_span(self, pos: int) -> tuple[int, int]:
        """``(start, end)`` of the table row holding ``pos``: a reader table row (all its cells)
        or, in plain text, the line."""
        spans = self._row_spans(pos)
        if spans:
            return spans[0][0], spans[-1][1]
        return self.line_at(pos)

    def _row_spans(self, pos: int) -> list[tuple[int, int, int]] | None:
        """``(start, end, segment index)`` of the cells of the reader table row holding ``pos``."""
        i = self._segment_index(pos)
        if i is None:
            return None
        if i in self._rows:
            return self._rows[i]
        segments, seg_starts, key_of = self.segments, self._seg_starts, self._row_key_of
        key = key_of(i)
        if key is None:
            self._rows[i] = None
            return None
        lo = hi = i
        first, last = max(0, i - _MAX_ROW_CELLS), min(len(segments) - 1, i + _MAX_ROW_CELLS)
        while lo > first and key_of(lo - 1) == key:
            lo -= 1
        while hi < last and key_of(hi + 1) == key:
            hi += 1
        out = []
        index, base, n = self.norm.index, self.base, len(self.text)
        for j in range(lo, hi + 1):
            start = seg_starts[j] - base
            end = start + self._length_of(j)
            if index is not None:
                start, end = bisect.bisect_left(index, start), bisect.bisect_left(index, end)
            if 0 <= start <= end <= n:
                out.append((start, end, j))
        row = out or None
        whole = (lo > first or first == 0) and (hi < last or last == len(segments) - 1)  # not cut at the bound
        for j in range(lo, hi + 1) if whole else (i,):  # every cell of the row shares the answer
            self._rows[j] = row
        return row

    def segment_span(self, i: int) -> tuple[int, int]:
        """``(start, end)`` of ``self.segments[i]`` in normalized offsets of this text (negative or
        past the end for a segment cut by a chunk boundary): a recognizer walking every cell of a
        big sheet once needs no per-position lookups."""
        start = self._seg_starts[i] - self.base
        return self._to_norm(start), self._to_norm(start + self._length_of(i))

    def headed_segments(self) -> Iterator[tuple[int, str]]:
        """``(index, column header)`` of every segment under a table column header, in order
        (indices into :attr:`segments`). Use this, not a loop over every segment: the cells of a
        big sheet are stored compactly and built only when asked for."""
        headed = getattr(self.segments, "headed", None)
        if headed is not None:
            yield from headed()
            return
        for i, seg in enumerate(self.segments):
            if seg.column_header:
                yield i, seg.column_header

    def layout_segments(self) -> Iterator[int]:
        """Indices of the segments that tell the page layout: ``first_page_top`` segments and
        segments of any kind but body text and table cells (headers, footers, comments ...)."""
        layout = getattr(self.segments, "layout", None)
        if layout is not None:
            yield from layout()
            return
        for i, seg in enumerate(self.segments):
            if seg.first_page_top or seg.kind not in ("text", "table_cell"):
                yield i

    def _to_norm(self, local: int) -> int:
        """Normalized offset of an original offset of this text."""
        if self.norm.index is None:
            return local
        return bisect.bisect_left(self.norm.index, local)

    def line_at(self, pos: int) -> tuple[int, int]:
        """``(start, end)`` of the line holding normalized offset ``pos``."""
        s = self.text.rfind("\n", 0, pos) + 1
        e = self.text.find("\n", pos)
        return s, (len(self.text) if e < 0 else e)

    def unit(self, pos: int) -> Unit:
        r"""Every "same unit" question about normalized offset ``pos`` in one answer: its line, its
        sentence (inside the line and the cell), its table row, its cell and the cell's column header.

        Recognizers that need "the same row" or "the same sentence" (a role word and the name it
        governs, a landline and the person it follows, a health phrase and its person) ask this.

        >>> ctx = ScanContext.for_text("申请人甲乙。联系电话：0571-8793\n姓名\t电话\t备注\n丙丁\t13912345678\t无")
        >>> u = ctx.unit(8)
        >>> ctx.text[slice(*u.sentence)], u.row is None, u.header
        ('联系电话:0571-8793', True, None)
        >>> u = ctx.unit(ctx.text.index("139"))
        >>> ctx.text[slice(*u.row)], ctx.text[slice(*u.cell)], u.header
        ('丙丁\t13912345678\t无', '13912345678', '电话')
        """
        line = self.line_at(pos)
        spans = self._row_spans(pos)
        row: tuple[int, int] | None = None
        cell: tuple[int, int] | None = None
        if spans:
            row = spans[0][0], spans[-1][1]
            cell = next(((s, e) for s, e, _ in spans if s <= pos < e), None)
        else:
            table = self.table_at(pos)
            if table is not None:
                row = line
                cell = _cell_in_line(self.text, line, pos, table.splitter)
        lo, hi = cell if cell is not None else line
        start = max(lo, max(self.text.rfind(c, lo, pos) for c in _SENTENCE_ENDS) + 1)
        ends = [e for e in (self.text.find(c, pos, hi) for c in _SENTENCE_ENDS) if e >= 0]
        end = min(ends) + 1 if ends else hi
        return Unit(line, (start, end), row, cell, self.column_header_at(pos))

    # -- table headers ------------------------------------------------------------------------
    def column_header_at(self, pos: int) -> str | None:
        """The header of the table column holding ``pos``: from the reader (docx/xlsx cells) or
        from plain-text tables (tab- or ``|``-delimited rows, or columns aligned with runs of 2+
        spaces). The first row of a table is its header."""
        memo = self._header_memo  # several recognizers and the context enhancer ask about one cell
        header = memo.get(pos, _UNKNOWN)
        if header is _UNKNOWN:
            header = memo[pos] = self._column_header_at(pos)
        return header  # type: ignore[return-value]

    def _column_header_at(self, pos: int) -> str | None:
        i = self._segment_holding(pos)
        if i is not None:
            header = self._header_of(i)
            if header:
                return _compact(header)
        table = self.table_at(pos)
        if table is None:
            return None
        ls, le = self.line_at(pos)
        line = self.text[ls:le]
        # a tab row's leading tab is an empty first cell (序号 left blank under the household's row), not indentation
        indent = len(line) - len(line.lstrip(" \u3000" if table.splitter is _TAB_SPLIT else None))
        if table.header_words and (word := table.word_column(line, pos - ls)) is not None:
            return table.header_words[word]
        col = sum(1 for m in table.splitter.finditer(line, indent) if m.start() < pos - ls)
        if table.splitter is _TAB_SPLIT and line.lstrip().startswith("|"):
            col -= 1
        return table.header[col] if 0 <= col < len(table.header) else None

    def text_tables(self) -> list[TextTable]:
        """The plain-text tables of the text, in order."""
        if self._text_tables is None:
            self._text_tables = _find_text_tables(self.text)
            self._table_starts = [t.start for t in self._text_tables]
        return self._text_tables

    def table_at(self, pos: int) -> TextTable | None:
        """The plain-text table holding normalized offset ``pos``, if any."""
        self.text_tables()
        assert self._text_tables is not None
        i = bisect.bisect_right(self._table_starts, pos) - 1
        if i < 0 or pos >= self._text_tables[i].end:
            return None
        return self._text_tables[i]


_MAX_ROW_CELLS = 200
_UNKNOWN = object()
_SENTENCE_ENDS = "。！？；!?;"


class Unit(NamedTuple):
    """What :meth:`ScanContext.unit` answers: ``(start, end)`` spans in normalized offsets, ``None``
    where ``pos`` is not in a table; ``header`` is the column header (compacted) or None."""

    line: tuple[int, int]
    sentence: tuple[int, int]
    row: tuple[int, int] | None
    cell: tuple[int, int] | None
    header: str | None


def _cell_in_line(text: str, line: tuple[int, int], pos: int, splitter: re.Pattern[str]) -> tuple[int, int]:
    """The cell of a plain-text table line holding ``pos`` (between two separators)."""
    start, end = line
    for m in splitter.finditer(text, line[0], line[1]):
        if m.end() <= pos:
            start = m.end()
        elif m.start() > pos:
            end = m.start()
            break
    return start, end
_SEP_LEN = len(SEPARATOR)


def _row_key(seg: Segment | CellSegment) -> tuple[Any, ...] | None:
    """What makes two reader segments cells of one table row (None: not a table cell)."""
    if type(seg) is CellSegment:  # a spreadsheet cell: no location dict to build
        return ("sheet", seg.sheet, seg.row)
    if seg.column_header is None and seg.kind != "table_cell":
        return None
    loc = seg.location
    if "row" not in loc:
        return None
    if "sheet" in loc:
        return ("sheet", loc["sheet"], loc["row"])
    return ("table", loc.get("xml_part"), loc.get("part"), loc.get("table"), loc["row"])


@dataclass(frozen=True)
class TextTable:
    """A table found in plain text: ``[start, end)`` offsets, header cells, the cell separator."""

    start: int
    end: int
    header: tuple[str, ...]
    splitter: re.Pattern[str]
    #: a space-aligned table's header split at every space (序号 名称 经营者 …): rows whose cells are set
    #: apart by single (full-width) spaces are read against it word by word
    header_words: tuple[str, ...] = ()

    def word_column(self, line: str, offset: int) -> int | None:
        """The column of ``offset`` in a row whose words line up one to one with :attr:`header_words` (a
        last cell of digit groups, 139 5265 4417, may hold spaces); None when the row is not such a row.

        >>> t = TextTable(0, 0, ("序号", "名称经营者"), _SPACE_SPLIT, ("序号", "名称", "经营者", "电话"))
        >>> row = "1 阿香茶水铺 季香 139 5265 4417"
        >>> t.word_column(row, row.index("季香")), t.word_column(row, row.index("4417"))
        (2, 3)
        """
        n = len(self.header_words)
        if n <= len(self.header):
            return None
        words = list(_WORD.finditer(line))
        if len(words) < n or any(not w.group().isdigit() for w in words[n:]) or (
            len(words) > n and not words[n - 1].group().isdigit()
        ):
            return None
        col = sum(1 for w in words if w.start() <= offset) - 1
        return min(col, n - 1) if col >= 0 else None


_TAB_SPLIT = re.compile(r"\t|\|")
_WORD = re.compile(r"\S+")
_SPACE_SPLIT = re.compile(r"(?:[ \t]{2,}|\t)")
_SEPARATOR_ROW = re.compile(r"^[\s|:\-]+$")


@lru_cache(maxsize=4096)  # a sheet has a few dozen headers, asked about for every cell
def _compact(header: str) -> str:
    """A header without the spaces that pad it to a column width (``姓　名`` -> ``姓名``)."""
    return _INNER_SPACE.sub("", header) if " " in header or "\u3000" in header else header


_INNER_SPACE = re.compile(r"[ \u3000]+")


def _cells(line: str, splitter: re.Pattern[str]) -> tuple[str, ...]:
    stripped = line.strip()
    if splitter is _TAB_SPLIT and stripped.startswith("|"):
        stripped = stripped.strip("|")
    return tuple(_compact(c.strip()) for c in splitter.split(stripped))


def _separators(line: str) -> tuple[int, int]:
    """``(tab-or-pipe separators, runs of 2+ spaces inside the line)``."""
    if "\t" not in line and "|" not in line and "  " not in line:  # most lines: no table shape
        return 0, 0
    body = line.strip()
    return body.count("\t") + body.count("|"), len(_SPACE_SPLIT.findall(body))


def _find_text_tables(text: str) -> list[TextTable]:
    """Blocks of >= 2 consecutive table-shaped lines; the first line is the header.

    A line is table-shaped with >= 2 tab/``|`` separators (>= 1 inside a block) or, for
    space-aligned tables, >= 2 runs of 2+ spaces between cells (leading indentation ignored).
    """
    if "\t" not in text and "|" not in text and "  " not in text:
        return []
    tables: list[TextTable] = []
    pos = 0
    block: tuple[int, tuple[str, ...], re.Pattern[str]] | None = None
    rows = 0

    def close(end: int) -> None:
        if block is not None and rows >= 1:
            header_end = text.find("\n", block[0])
            words = tuple(text[block[0] : len(text) if header_end < 0 else header_end].split())
            if block[2] is not _SPACE_SPLIT or any(len(w) < 2 for w in words):
                words = ()  # a padded header (姓　名) is no word-by-word header
            tables.append(TextTable(block[0], end, block[1], block[2], words))

    for line in text.splitlines(keepends=True):
        tabs, spaces = _separators(line)
        if block is not None and block[2] is _TAB_SPLIT and tabs >= 1:
            if not _SEPARATOR_ROW.match(line):
                rows += 1
        elif block is not None and block[2] is _SPACE_SPLIT and spaces >= 1 and tabs == 0:
            rows += 1
        else:
            close(pos)
            block, rows = None, 0
            if tabs >= 2:
                block = (pos, _cells(line, _TAB_SPLIT), _TAB_SPLIT)
            elif spaces >= 2:
                block = (pos, _cells(line, _SPACE_SPLIT), _SPACE_SPLIT)
        pos += len(line)
    close(pos)
    return tables
