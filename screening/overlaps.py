"""Overlap resolution: the one place that decides which of two overlapping findings stays.

Identifiers, names and addresses compete for the same characters: when two of them overlap, the
one with the higher score wins, then the longer one (an 18-digit ID beats the 11 digits inside it
that look like a mobile). Other families (sensitive phrases, secrecy marks, custom terms, hygiene)
may overlap anything; within one entity type of those, the same rule applies.

>>> from screening.findings import Finding, Severity
>>> a = Finding("CN_RESIDENT_ID", 0, 18, "x" * 18, 1.0, Severity.HIGH, "r")
>>> b = Finding("PHONE_NUMBER", 3, 14, "x" * 11, 0.9, Severity.HIGH, "r")
>>> [f.entity_type for f in resolve_overlaps([b, a])]
['CN_RESIDENT_ID']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from operator import attrgetter, itemgetter
from typing import Any, TypeVar

from screening.findings import ENTITY_TYPES, Finding

T = TypeVar("T")

_COMPETING_FAMILIES = frozenset({"identifier", "person", "address"})
#: entity type -> its overlap group: the competing families share one, any other type is its own
_GROUPS = {name: "competing" if et.family in _COMPETING_FAMILIES else name for name, et in ENTITY_TYPES.items()}


def _group(f: Finding) -> str:
    return _GROUPS.get(f.entity_type, f.entity_type)


def _priority(f: Finding) -> tuple[float, int, int, int]:
    # higher score, then longer, then higher severity, then the earlier one (a total order, so the
    # outcome never depends on input order)
    return (round(f.score, 3), f.end - f.start, int(f.severity), -f.start)


def resolve_overlaps(findings: Iterable[Finding]) -> list[Finding]:
    """Drop findings that overlap a better one in the same group; return them sorted by position.

    Findings are split into runs of transitively overlapping spans (a sweep in position order);
    the greedy best-first choice runs inside each run, so the cost stays O(n log n) for the
    hundreds of thousands of findings of a big spreadsheet.
    """
    positionless: list[Finding] = []
    positioned: list[Finding] = []
    for f in findings:
        (positionless if f.start < 0 else positioned).append(f)
    return positionless + _resolve(positioned, _group, attrgetter("start", "end"), _priority,
                                   attrgetter("start", "end", "entity_type"))


#: a finding as a row: ``(entity_type, start, end, score, severity, ...)`` (``screening.engine``)
Row = tuple[Any, ...]


def resolve_overlap_rows(rows: Iterable[Row]) -> list[Row]:
    """:func:`resolve_overlaps` of findings given as rows ``(entity_type, start, end, score,
    severity, ...)`` with ``start >= 0`` (the engine resolves each chunk of a big document where it
    was scanned, before any finding object exists; a run of overlapping spans never crosses a
    chunk, so this equals resolving the whole document).

    >>> from screening.findings import Severity
    >>> rows = [("PHONE_NUMBER", 3, 14, 0.9, Severity.HIGH), ("CN_RESIDENT_ID", 0, 18, 1.0, Severity.HIGH)]
    >>> [row[:3] for row in resolve_overlap_rows(rows)]
    [('CN_RESIDENT_ID', 0, 18)]
    """
    return _resolve(list(rows), _row_group, itemgetter(1, 2), _row_priority, _row_order)


def _row_group(r: Row) -> str:
    return str(_GROUPS.get(r[0], r[0]))


def _row_priority(r: Row) -> tuple[float, int, int, int]:
    return (round(r[3], 3), r[2] - r[1], int(r[4]), -r[1])


_row_order = itemgetter(1, 2, 0)


def _resolve(items: list[T], group: Callable[[T], str], span: Callable[[T], tuple[int, int]],
             priority: Callable[[T], Any], order: Callable[[T], tuple[int, int, str]]) -> list[T]:
    groups: dict[str, list[T]] = defaultdict(list)
    for f in items:
        groups[group(f)].append(f)
    kept: list[T] = []
    for members in groups.values():
        members.sort(key=span)
        run: list[T] = []
        run_end = -1
        for f in members:
            start, end = span(f)
            if run and start >= run_end:
                kept.extend(_best_first(run, span, priority))
                run = []
            run.append(f)
            run_end = max(run_end, end) if len(run) > 1 else end
        if run:
            kept.extend(_best_first(run, span, priority))

    def position(f: T) -> tuple[int, int, str]:
        start, end, et = order(f)
        return (start, -end, et)

    kept.sort(key=position)
    return kept


def _best_first(run: list[T], span: Callable[[T], tuple[int, int]], priority: Callable[[T], Any]) -> list[T]:
    if len(run) == 1:
        return run
    chosen: list[tuple[int, int]] = []
    out: list[T] = []
    for f in sorted(run, key=priority, reverse=True):
        start, end = span(f)
        if not any(start < c_end and c_start < end for c_start, c_end in chosen):
            chosen.append((start, end))
            out.append(f)
    return out
