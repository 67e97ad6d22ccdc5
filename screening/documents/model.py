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
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
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


@dataclass
class Document:
    """A read document: segments, facts (encoding, metadata, pages, ...) and hygiene findings."""

    path: str | None
    format: str
    segments: list[Segment] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    hygiene: list[Finding] = field(default_factory=list)

    @cached_property
    def starts(self) -> list[int]:
        out, pos = [], 0
        for s in self.segments:
            out.append(pos)
            pos += len(s.text) + len(SEPARATOR)
        return out

    @cached_property
    def text(self) -> str:
        return SEPARATOR.join(s.text for s in self.segments)

    def segment_index_at(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.starts, pos) - 1)

    def segment_at(self, pos: int) -> Segment:
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
