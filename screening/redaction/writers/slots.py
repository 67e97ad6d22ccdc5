"""Replacing text that is split over several *slots* (Word runs, HTML text nodes, PDF glyphs).

A replacement that spans slots goes into the first slot it touches (so it keeps that run's
formatting); the covered text is removed from the other slots.

>>> splice(["电话13", "9123", "45678。"], [(2, 13, "[电话]")])
['电话[电话]', '', '。']
>>> sweep = ValueSweep({"张伟华": "张伟华", "张伟": "张某"})
>>> [(s, e, new) for s, e, new, _ in sweep.find("张伟和张伟华")]
[(0, 2, '张某')]
>>> ValueSweep({"武威市凉州区": "武威市凉州区", "凉州区东关街88号": "凉州区"}).sub("武威市凉州区东关街88号")[0]
'武威市凉州区'
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from screening.redaction.plan import DocumentPlan, NonSpace, Replacement, squeeze
from screening.redaction.search import Containers, ValueIndex


def splice(slots: list[str], spans: Iterable[tuple[int, int, str]]) -> list[str]:
    """Apply non-overlapping ``(start, end, new)`` spans (offsets into ``"".join(slots)``)."""
    if len(slots) == 1:  # one cell's text: what the loop below does for a single slot
        text = slots[0]
        n = len(text)
        for start, end, new in sorted(spans, key=lambda t: -t[0]):
            if start < n and end > 0:
                text = text[:max(start, 0)] + new + text[min(end, n):]
        return [text]
    out = list(slots)
    starts, ends = [], []
    pos = 0
    for s in slots:
        starts.append(pos)
        pos += len(s)
        ends.append(pos)
    for start, end, new in sorted(spans, key=lambda t: -t[0]):
        placed = False
        # the slots a span touches are consecutive: from the first ending after its start to the
        # last starting before its end (empty slots never overlap)
        i = bisect.bisect_right(ends, start)
        while i < len(slots) and starts[i] < end:
            b0, b1 = starts[i], ends[i]
            lo, hi = max(start, b0) - b0, min(end, b1) - b0
            text = out[i]
            out[i] = text[:lo] + (new if not placed else "") + text[hi:]
            placed = True
            i += 1
    return out


@dataclass(frozen=True, slots=True)
class Hit:
    entity_type: str
    operator: str
    replacement: str


class ValueSweep:
    """Finds every occurrence of the plan's values (leftmost, then the longest value there, as a
    regex alternation of the values longest first would), compared in their squeezed form
    (width-folded, whitespace ignored: ``王 芳`` and a number broken over two paragraphs are found);
    kept values map to themselves and shield the redacted values they contain.

    ``hits``: per value, the ``(entity type, operator)`` a found occurrence is logged with (a
    :class:`Hit` is built per occurrence found, not per value: a roster has 400,000 values), or the
    hit itself (a :class:`Hit` or a replacement, returned as it is).

    >>> ValueSweep({"13912345678": "[电话]"}).sub("电话：139 1234\\n5678。")[0]
    '电话：[电话]。'
    """

    def __init__(self, value_map: dict[str, str], hits: dict[str, tuple[str, str] | Hit | Replacement] | None = None,
                 *, copy: bool = True) -> None:
        self.value_map = {k: v for k, v in value_map.items() if k} if copy else value_map
        self._kinds: list[tuple[str, str] | Hit | Replacement] = []
        table, shields = self._table(hits or {})
        shields -= set(table)
        self.pattern = ValueIndex(sorted(table, key=len, reverse=True)) if table else None
        values = self.pattern.values if self.pattern is not None else []
        #: per value of the pattern: its replacement, and its hit (a number in ``_kinds``)
        self._new = [table[v][0] for v in values]
        self._kind = array("q", [table[v][1] for v in values])
        del table
        self.shield = ValueIndex(shields) if shields else None

    def _table(self, hits: dict[str, Any]) -> tuple[dict[str, tuple[str, int]], set[str]]:
        """Squeezed value -> (replacement, its hit as a number in ``_kinds``), the first value of each
        squeezed form; and the squeezed kept values (the shields)."""
        kinds: dict[Any, int] = {}
        table: dict[str, tuple[str, int]] = {}
        shields: set[str] = set()
        for k, v in self.value_map.items():
            key = squeeze(k)
            if not key:
                continue
            if key == k:
                key = k  # (the value is its own squeezed form: one string, not two)
            if v == k:
                shields.add(key)
            elif key not in table:
                kind = hits.get(k, ("", ""))
                n = kinds.get(kind)
                if n is None:
                    n = kinds[kind] = len(self._kinds)
                    self._kinds.append(kind)
                table[key] = (v, n)
        return table, shields

    @classmethod
    def from_plan(cls, plan: DocumentPlan) -> ValueSweep:
        # each value's last replacement gives its type and operator (as a dict of them would)
        kinds: dict[str, tuple[str, str]] = {}
        value_map = plan.value_map_and_kinds(kinds)
        return cls(value_map, kinds, copy=False)  # type: ignore[arg-type]  # (no empty value in a plan's map)

    def find(self, text: str) -> list[tuple[int, int, str, Hit]]:
        """``(start, end, replacement, hit)`` for the values to change in ``text`` (a span runs from
        the value's first to its last character, whitespace in between included)."""
        if self.pattern is None or not text:
            return []
        squeezed = NonSpace(text)
        stream = squeezed.stream
        found = self.pattern.leftmost_longest_ids(stream)
        if not found:
            return []
        kept = Containers((s, e) for s, e, _ in self.shield.leftmost_longest_ids(stream)) if self.shield else None
        out = []
        at = squeezed.original
        for start, end, k in found:
            if kept and kept.inside(start, end):
                continue  # inside a kept value (张伟 inside the official 张伟华): leave it
            new, hit = self._new[k], self._kinds[self._kind[k]]
            out.append((at(start), at(end - 1) + 1, new, Hit(*hit, new) if isinstance(hit, tuple) else hit))
        return out  # type: ignore[return-value]  # a hit given as a replacement serves as one (same fields)

    def sub(self, text: str) -> tuple[str, list[Hit]]:
        spans = self.find(text)
        if not spans:
            return text, []
        out, pos = [], 0
        for s, e, new, _ in spans:
            out.append(text[pos:s])
            out.append(new)
            pos = e
        out.append(text[pos:])
        return "".join(out), [h for *_, h in spans]


def log_entry(hit: Hit | Replacement, location: dict[str, Any]) -> dict[str, Any]:
    """A log entry without the original value."""
    return {"entity_type": hit.entity_type, "operator": hit.operator, "replacement": hit.replacement,
            "location": location}
