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
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from presidio_analyzer.nlp_engine import NlpArtifacts

from screening.normalize import Normalized, normalize


@dataclass(frozen=True)
class SegmentInfo:
    """A segment's place in the joined document text (original offsets)."""

    start: int
    end: int
    location: dict[str, Any] = field(default_factory=dict)
    column_header: str | None = None
    kind: str = "text"  # text | table_cell | header | footer | comment | metadata | ...
    first_page_top: bool = False  # near the top of the first page (secrecy/process marks)


_TABLE_SPLIT = re.compile(r"\t|\|")


class ScanContext(NlpArtifacts):
    """Per-call context handed to recognizers as presidio ``nlp_artifacts``.

    ``text`` is the normalized text the recognizers see; ``norm`` maps it back to the original.
    """

    def __init__(
        self,
        norm: Normalized,
        segments: Sequence[SegmentInfo] = (),
        facts: dict[str, Any] | None = None,
        options: dict[str, Any] | None = None,
        at_document_start: bool = True,
        at_document_end: bool = True,
    ) -> None:
        super().__init__(
            entities=[], tokens=None, tokens_indices=[], lemmas=[], nlp_engine=None, language="zh"
        )
        self.norm = norm
        self.text = norm.text
        self.segments = list(segments)
        self._seg_starts = [s.start for s in self.segments]
        self.facts = facts or {}
        self.options = options or {}
        self._text_tables: list[tuple[int, int, list[tuple[int, int, str]]]] | None = None
        self._table_starts: list[int] = []
        self.cache: dict[str, Any] = {}  # per-scan scratch space for recognizers
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
    def segment_at(self, pos: int) -> SegmentInfo | None:
        """The segment holding normalized offset ``pos`` (``None`` for plain text)."""
        if not self.segments:
            return None
        opos = self.norm.to_original(pos)
        i = bisect.bisect_right(self._seg_starts, opos) - 1
        if i < 0:
            return None
        seg = self.segments[i]
        return seg if opos < max(seg.end, seg.start + 1) else None

    def line_at(self, pos: int) -> tuple[int, int]:
        """``(start, end)`` of the line holding normalized offset ``pos``."""
        s = self.text.rfind("\n", 0, pos) + 1
        e = self.text.find("\n", pos)
        return s, (len(self.text) if e < 0 else e)

    # -- table headers ------------------------------------------------------------------------
    def column_header_at(self, pos: int) -> str | None:
        """The header of the table column holding ``pos``: from the reader (docx/xlsx cells) or
        from tab/``|``-delimited rows in plain text."""
        seg = self.segment_at(pos)
        if seg is not None and seg.column_header:
            return seg.column_header
        tables = self._tables()
        if not tables:
            return None
        i = bisect.bisect_right(self._table_starts, pos) - 1
        if i < 0 or pos >= tables[i][1]:
            return None
        header = tables[i][2]
        ls, le = self.line_at(pos)
        col = 0
        for m in _TABLE_SPLIT.finditer(self.text, ls, le):
            if m.start() >= pos:
                break
            col += 1
        if self.text[ls:le].lstrip().startswith("|"):
            col -= 1
        return header[col][2] if 0 <= col < len(header) else None

    def _tables(self) -> list[tuple[int, int, list[tuple[int, int, str]]]]:
        if self._text_tables is None:
            self._text_tables = _find_text_tables(self.text)
            self._table_starts = [t[0] for t in self._text_tables]
        return self._text_tables


def _cells(line: str) -> list[str]:
    stripped = line.strip()
    if stripped.startswith("|"):
        stripped = stripped.strip("|")
    return [c.strip() for c in _TABLE_SPLIT.split(stripped)]


_SEPARATOR_ROW = re.compile(r"^[\s|:\-]+$")


def _find_text_tables(text: str) -> list[tuple[int, int, list[tuple[int, int, str]]]]:
    """Blocks of >= 2 consecutive lines with >= 2 tab or ``|`` separators; the first line is the
    header. Returns ``(block_start, block_end, [(0, 0, header_cell), ...])``."""
    if "\t" not in text and "|" not in text:
        return []
    tables = []
    pos = 0
    block_start = None
    header: list[str] = []
    rows = 0
    for line in text.splitlines(keepends=True):
        seps = line.count("\t") + line.count("|")
        if seps >= 2 or (block_start is not None and seps >= 1):
            if block_start is None:
                block_start, header, rows = pos, _cells(line), 0
            elif not _SEPARATOR_ROW.match(line):
                rows += 1
        else:
            if block_start is not None and rows >= 1:
                tables.append((block_start, pos, [(0, 0, h) for h in header]))
            block_start = None
        pos += len(line)
    if block_start is not None and rows >= 1:
        tables.append((block_start, pos, [(0, 0, h) for h in header]))
    return tables
