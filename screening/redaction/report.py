"""The redaction report of one document, the JSON log of a run, and a readable summary.

The log says what changed where, by entity type, operator, replacement and location, never the
original values (``keep_originals`` writes those to a separate file for the responsible unit).

>>> r = RedactionReport("a.txt", "out/a.txt", "text", "publication",
...                     changes=[{"entity_type": "PERSON", "operator": "surname", "replacement": "张某",
...                               "location": {}}])
>>> redaction_log([r])["summary"]["changes"]
1
>>> "PERSON:surname 1" in render_table([r])
True
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from screening.findings import SCHEMA_VERSION
from screening.redaction.verify import Verification


@dataclass
class RedactionReport:
    """What happened to one input. ``status``: ``ok``, ``dry-run``, ``failed`` (verification found a
    residue: no output was written) or ``error`` (the input could not be read or written)."""

    input: str
    output: str | None
    format: str | None = None
    policy: str = ""
    status: str = "ok"
    error: str | None = None
    changes: list[dict[str, Any]] = field(default_factory=list)
    sanitised: list[str] = field(default_factory=list)
    rasterised_pages: list[int] = field(default_factory=list)
    verification: Verification | None = None
    kept_flagged: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: places of the written output that nobody read (images, embedded objects, pages without text):
    #: the output exists but is not cleared for publication
    unscanned: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status in ("ok", "dry-run")

    @property
    def blocked(self) -> bool:
        """The output still carries a blocking finding (a 密级 mark, 不予公开): redaction cannot make
        such a document publishable, whatever else it removed."""
        return any(k.get("severity") == "blocking" for k in self.kept_flagged)

    def to_dict(self) -> dict[str, Any]:
        """The redaction log of this document: what changed where, never the original values."""
        counts = Counter(f"{c['entity_type']}:{c['operator']}" for c in self.changes)
        return {
            "input": self.input, "output": self.output, "format": self.format, "policy": self.policy,
            "status": self.status, "error": self.error, "counts": dict(sorted(counts.items())),
            "changes": list(self.changes), "sanitised": self.sanitised, "rasterised_pages": self.rasterised_pages,
            "kept_flagged": self.kept_flagged,
            "verification": self.verification.to_dict() if self.verification else None,
            "notes": self.notes,
            "unscanned": self.unscanned,
        }


def redaction_log(reports: Sequence[RedactionReport]) -> dict[str, Any]:
    """The JSON log of a run (``schema_version`` shared with the findings contract)."""
    return {"schema_version": SCHEMA_VERSION, "documents": [r.to_dict() for r in reports],
            "summary": {"documents": len(reports), "ok": sum(r.ok for r in reports),
                        "changes": sum(len(r.changes) for r in reports),
                        "failed": [r.input for r in reports if not r.ok],
                        "blocked": [r.input for r in reports if r.blocked],
                        "unscanned": [r.input for r in reports if r.unscanned]}}


DRY_RUN_LINES = 50


def _where(change: dict[str, Any]) -> str:
    loc = change.get("location") or {}
    parts = [f"{k}={v}" for k, v in loc.items() if k in ("page", "line", "sheet", "cell", "part", "paragraph",
                                                         "table", "row", "col", "element", "attribute")]
    if not parts and "start" in change:
        parts.append(f"chars {change['start']}-{change['end']}")
    return ", ".join(parts) or "-"


def render_table(reports: Sequence[RedactionReport]) -> str:
    """A short readable summary, one block per document."""
    lines = []
    for r in reports:
        target = r.output or "(dry run: nothing written)"
        lines.append(f"{r.input} -> {target}  [{r.status}]")
        if r.error:
            lines.append(f"  错误 error: {r.error}")
        counts = Counter(f"{c['entity_type'] or '-'}:{c['operator']}" for c in r.changes)
        if counts:
            lines.append("  " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        if r.status == "dry-run":  # show what would change, place by place (never the original)
            for c in r.changes[:DRY_RUN_LINES]:
                lines.append(f"    {c['entity_type']} {c['operator']} -> {c['replacement']!r} at {_where(c)}")
            if len(r.changes) > DRY_RUN_LINES:
                lines.append(f"    ... {len(r.changes) - DRY_RUN_LINES} more (--format json lists all)")
        if r.sanitised:
            lines.append("  清理 sanitised: " + "; ".join(r.sanitised))
        if r.rasterised_pages:
            lines.append("  栅格化页 rasterised pages: " + ", ".join(map(str, r.rasterised_pages)))
        if r.verification is not None:
            v = r.verification
            state = "通过 ok" if v.ok else "未通过 FAILED"
            lines.append(f"  校验 verification: {state} ({v.parts_checked} parts, {v.values_checked} values, "
                         f"{v.rescan_findings} re-scan findings)")
            lines.extend(f"    残留 residue: {res}" for res in v.residues)
        for k in r.kept_flagged:
            lines.append(f"  注意 kept by policy: {k['entity_type']} ({k['severity']}) at {k['location']}")
        lines.extend(f"  说明 note: {n}" for n in r.notes)
        lines.extend(f"  未审查 unscanned (not cleared for publication): {u}" for u in r.unscanned)
    dry = sum(r.status == "dry-run" for r in reports)
    done = sum(r.status == "ok" for r in reports)
    if dry:
        lines.append(f"dry run: {dry}/{len(reports)} documents planned, nothing written")
    else:
        lines.append(f"{done}/{len(reports)} documents redacted and verified")
    return "\n".join(lines)
