"""The review gate: a document may go out only when its review is complete.

:func:`check` passes only when the document was read, no ``blocking`` finding (a secrecy mark,
不予公开) remains -- a blocking finding can never be "published", whatever the decisions say --
and every flagged (``medium`` or above) item has a decision at every required level. Decisions
of an earlier scan are carried over first (:func:`screening.review.decisions.carry_over`), so
an edit elsewhere in the draft does not undo the review. Nothing here holds a value in the clear:
what is missing is listed by entity type, place and masked value.

>>> from screening import Screener
>>> from screening.results import scan_bytes_as_text
>>> from screening.review.decisions import new_record, decide
>>> s = Screener(fingerprint_key="k")
>>> r = scan_bytes_as_text("申请人身份证号：11010519491231002X。", s, "a.txt")
>>> check(r, None, screener=s).passed
False
>>> rec = new_record(r, s)
>>> for f in r.findings:
...     if f.is_flagged:
...         rec = decide(rec, s, f, "redact", reviewer="张三", level="初审")
>>> g = check(r, rec, ("初审",), screener=s)
>>> g.passed, check(r, rec, ("初审", "复审"), screener=s).missing_count
(True, 1)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from screening.errors import DecisionsError
from screening.findings import ENTITY_TYPES, Finding, Severity
from screening.review.decisions import LEVELS, CarryOver, DecisionsRecord, carry_over, flagged_items
from screening.review.masking import mask_value

if TYPE_CHECKING:
    from screening.engine import Screener
    from screening.results import DocumentResult


@dataclass(frozen=True)
class PendingItem:
    """A flagged item the gate names: no value, only its type, place and masked value."""

    fingerprint: str
    context_key: str
    entity_type: str
    severity: str
    place: str
    masked: str
    occurrences: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {"fingerprint": self.fingerprint, "context_key": self.context_key, "entity_type": self.entity_type,
                "label": ENTITY_TYPES[self.entity_type].label, "severity": self.severity, "place": self.place,
                "masked": self.masked, "occurrences": self.occurrences}

    def __str__(self) -> str:
        more = f" (×{self.occurrences})" if self.occurrences > 1 else ""
        return f"{self.place}: {ENTITY_TYPES[self.entity_type].label} {self.masked} [{self.severity}]{more}"


@dataclass
class GateResult:
    """The gate's verdict on one document."""

    path: str
    passed: bool
    required_levels: tuple[str, ...]
    error: str | None = None
    reviewed: bool = False  # a decisions record was given for this document
    items: int = 0  # flagged items
    blocking: list[PendingItem] = field(default_factory=list)
    missing: dict[str, list[PendingItem]] = field(default_factory=dict)  # level -> undecided items
    carry: CarryOver | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def missing_count(self) -> int:
        return sum(len(v) for v in self.missing.values())

    def reasons(self) -> list[str]:
        """Why the gate failed, one line each (empty when it passed)."""
        out = []
        if self.error:
            out.append(f"not read: {self.error}")
        if not self.reviewed and self.error is None:
            out.append("not reviewed: no decisions record for this document (--decisions)")
        if self.blocking:
            out.append(f"{len(self.blocking)} blocking finding(s) remain (密级标志/不予公开: cannot be published)")
        for level, pending in self.missing.items():
            if pending:
                out.append(f"{level}: {len(pending)} flagged item(s) undecided")
        return out

    def to_dict(self) -> dict[str, Any]:
        carry = self.carry
        return {
            "path": self.path,
            "passed": self.passed,
            "error": self.error,
            "reviewed": self.reviewed,
            "required_levels": list(self.required_levels),
            "flagged_items": self.items,
            "blocking": [b.to_dict() for b in self.blocking],
            "missing": {lv: [p.to_dict() for p in v] for lv, v in self.missing.items()},
            "carry_over": None if carry is None else {
                "unchanged": len(carry.kept), "moved": len(carry.moved), "new": len(carry.new),
                "stale": [{"fingerprint": d.fingerprint, "context_key": d.context_key,
                           "entity_type": d.entity_type, "level": d.level, "decision": d.decision}
                          for d in carry.stale]},
            "reasons": self.reasons(),
            "notes": list(self.notes),
        }


def parse_levels(levels: str | Sequence[str]) -> tuple[str, ...]:
    """``"初审,复审"`` or a sequence → a validated tuple (:class:`DecisionsError` otherwise).

    >>> parse_levels("初审， 复审")
    ('初审', '复审')
    """
    parts = levels.replace("，", ",").replace("、", ",").split(",") if isinstance(levels, str) else list(levels)
    out = tuple(dict.fromkeys(p.strip() for p in parts if p.strip()))
    bad = [p for p in out if p not in LEVELS]
    if bad or not out:
        raise DecisionsError(f"unknown review level(s) {', '.join(bad) or '(none)'}; use {'、'.join(LEVELS)}")
    return out


def place_of(f: Finding) -> str:
    """A short, value-free place: ``第 3 行``, ``Sheet1!C7``, ``第 2 页``, ``正文``."""
    loc = f.location or {}
    if "cell" in loc:
        return f"{loc.get('sheet', '')}!{loc['cell']}".lstrip("!")
    if "page" in loc:
        return f"第 {loc['page']} 页"
    if "line" in loc:
        return f"第 {loc['line']} 行"
    if "paragraph" in loc:
        return f"第 {loc['paragraph']} 段"
    part = loc.get("part")
    return str(part) if part else "文档"


def pending_item(item: tuple[str, str], findings: list[Finding]) -> PendingItem:
    f = findings[0]
    shown = f.text if f.start >= 0 and f.text else f.explanation[:30]
    masked = mask_value(shown) if f.start >= 0 else shown
    return PendingItem(item[0], item[1], f.entity_type, f.severity.label, place_of(f), masked, len(findings))


def check(result: DocumentResult, record: DecisionsRecord | None, require_levels: Sequence[str] = ("初审",), *,
          screener: Screener) -> GateResult:
    """The gate for one scanned document and its decisions record (``None``: not reviewed).

    ``screener`` must be the one that scanned ``result`` (its key makes the items comparable).
    """
    levels = parse_levels(require_levels)
    if result.status != "ok":
        return GateResult(result.path, False, levels, error=result.error or "could not be read",
                          reviewed=record is not None)
    items = flagged_items(result, screener)
    gate = GateResult(result.path, False, levels, reviewed=record is not None, items=len(items))
    decisions = None
    if record is not None:
        gate.carry = carry_over(record, result, screener, items)
        gate.notes.extend(gate.carry.notes)
        decisions = gate.carry.record
    for item, findings in items.items():
        if any(f.severity is Severity.BLOCKING for f in findings):
            gate.blocking.append(pending_item(item, findings))
    blocked = {(b.fingerprint, b.context_key) for b in gate.blocking}
    for level in levels:
        decided = decisions.at_level(level) if decisions is not None else {}
        gate.missing[level] = [pending_item(item, fs) for item, fs in items.items()
                               if item not in blocked and item not in decided]
    gate.passed = gate.reviewed and not gate.blocking and gate.missing_count == 0
    return gate
