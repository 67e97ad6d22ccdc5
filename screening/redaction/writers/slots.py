"""Replacing text that is split over several *slots* (Word runs, HTML text nodes, PDF glyphs).

A replacement that spans slots goes into the first slot it touches (so it keeps that run's
formatting); the covered text is removed from the other slots.

>>> splice(["电话13", "9123", "45678。"], [(2, 13, "[电话]")])
['电话[电话]', '', '。']
>>> sweep = ValueSweep({"张伟华": "张伟华", "张伟": "张某"})
>>> [(s, e, new) for s, e, new, _ in sweep.find("张伟和张伟华")]
[(0, 2, '张某')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from screening.redaction.plan import DocumentPlan, Replacement


def splice(slots: list[str], spans: Iterable[tuple[int, int, str]]) -> list[str]:
    """Apply non-overlapping ``(start, end, new)`` spans (offsets into ``"".join(slots)``)."""
    out = list(slots)
    bounds = []
    pos = 0
    for s in slots:
        bounds.append((pos, pos + len(s)))
        pos += len(s)
    for start, end, new in sorted(spans, key=lambda t: -t[0]):
        placed = False
        for i, (b0, b1) in enumerate(bounds):
            if b1 <= start or b0 >= end:  # no overlap (empty slots never overlap)
                continue
            lo, hi = max(start, b0) - b0, min(end, b1) - b0
            text = out[i]
            out[i] = text[:lo] + (new if not placed else "") + text[hi:]
            placed = True
    return out


@dataclass(frozen=True)
class Hit:
    entity_type: str
    operator: str
    replacement: str


class ValueSweep:
    """Finds every occurrence of the plan's values (longest first; kept values map to themselves
    and shield the redacted values they contain)."""

    def __init__(self, value_map: dict[str, str], hits: dict[str, Hit] | None = None) -> None:
        self.value_map = {k: v for k, v in value_map.items() if k}
        self.hits = hits or {}
        keys = sorted(self.value_map, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, keys))) if keys else None

    @classmethod
    def from_plan(cls, plan: DocumentPlan) -> ValueSweep:
        hits = {r.original: Hit(r.entity_type, r.operator, r.replacement) for r in plan.replacements}
        return cls(plan.value_map, hits)

    def find(self, text: str) -> list[tuple[int, int, str, Hit]]:
        """``(start, end, replacement, hit)`` for the values to change in ``text``."""
        if self.pattern is None or not text:
            return []
        out = []
        for m in self.pattern.finditer(text):
            new = self.value_map[m.group(0)]
            if new != m.group(0):
                hit = self.hits.get(m.group(0), Hit("", "", new))
                out.append((m.start(), m.end(), new, hit))
        return out

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
