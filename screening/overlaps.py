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
from collections.abc import Iterable

from screening.findings import ENTITY_TYPES, Finding

_COMPETING_FAMILIES = frozenset({"identifier", "person", "address"})


def _group(f: Finding) -> str:
    et = ENTITY_TYPES.get(f.entity_type)
    if et is not None and et.family in _COMPETING_FAMILIES:
        return "competing"
    return f.entity_type


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
    groups: dict[str, list[Finding]] = defaultdict(list)
    positionless: list[Finding] = []
    for f in findings:
        if f.start < 0:
            positionless.append(f)
        else:
            groups[_group(f)].append(f)
    kept: list[Finding] = []
    for items in groups.values():
        items.sort(key=lambda f: (f.start, f.end))
        run: list[Finding] = []
        run_end = -1
        for f in items:
            if run and f.start >= run_end:
                kept.extend(_best_first(run))
                run = []
            run.append(f)
            run_end = max(run_end, f.end) if len(run) > 1 else f.end
        if run:
            kept.extend(_best_first(run))
    kept.sort(key=lambda f: (f.start, -f.end, f.entity_type))
    return positionless + kept


def _best_first(run: list[Finding]) -> list[Finding]:
    if len(run) == 1:
        return run
    chosen: list[Finding] = []
    for f in sorted(run, key=_priority, reverse=True):
        if not any(f.start < c.end and c.start < f.end for c in chosen):
            chosen.append(f)
    return chosen
