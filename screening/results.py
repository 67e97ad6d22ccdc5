"""Per-document scan results and the batch summary of the findings contract.

>>> from screening import Screener
>>> r = scan_bytes_as_text("身份证号：11010519491231002X", Screener())
>>> r.status, r.flagged
('ok', True)
"""

from __future__ import annotations

import hashlib
import logging
import operator
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from screening.documents import read_document
from screening.documents.model import Document, Segment, col_letter
from screening.engine import Screener
from screening.errors import DocumentError
from screening.findings import SCHEMA_VERSION, SEVERITY_ORDER, Finding, Severity
from screening.paths import open_regular
from screening.scanned import sheet_and_column

#: Parsers that log their complaints about a file (pdfminer: "Cannot set gray non-stroke color" ...).
#: A NullHandler keeps those records off stderr when the application configured no logging (Python's
#: last-resort handler would print them); an application that configures logging still gets them.
QUIET_LOGGERS = ("pdfminer", "pdfplumber", "pypdf", "pypdfium2", "pikepdf", "openpyxl", "PIL", "fontTools")
for _name in QUIET_LOGGERS:
    logging.getLogger(_name).addHandler(logging.NullHandler())


@dataclass
class DocumentResult:
    """The scan of one input: ``status`` is ``"ok"`` or ``"error"`` (then ``error`` says why)."""

    path: str
    status: str = "ok"
    error: str | None = None
    sha256: str | None = None
    format: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    column_summary: list[dict[str, Any]] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        """Something at ``medium`` or above was found."""
        return any(f.is_flagged for f in self.findings)

    @property
    def blocked(self) -> bool:
        return any(f.severity is Severity.BLOCKING for f in self.findings)

    def to_dict(self, findings: bool = True) -> dict[str, Any]:
        """The document object of the findings contract (``findings=False``: without the list of
        findings, for writers that stream it)."""
        counts = Counter(map(_severity_of, self.findings))  # by Severity: the label is asked once per severity
        out = {
            "path": self.path,
            "sha256": self.sha256,
            "status": self.status,
            "error": self.error,
            "format": self.format,
            "encoding": self.facts.get("encoding"),
            "flagged": self.flagged,
            "publication_attribute": publication_attribute(self.findings) if self.status == "ok" else None,
            "genre": self.facts.get("genre"),
            "counts": {s.label: counts.get(s, 0) for s in SEVERITY_ORDER},
            "columns": self.column_counts(),
        }
        if self.facts.get("converted_from"):  # read through LibreOffice (issue 16): locations are in the copy
            out["converted_from"] = self.facts["converted_from"]
            out["note"] = self.facts.get("note")
        if findings:
            out["findings"] = [f.to_dict() for f in self.findings]
        return out

    def column_counts(self) -> list[dict[str, Any]]:
        """Per spreadsheet column and entity type: how many flagged findings
        (``列 C 身份证号：312 处身份证号``). Empty for documents without sheet/column locations.
        """
        counts: Counter[tuple[str, int, str]] = Counter()
        medium = Severity.MEDIUM
        for f in self.findings:
            if f.severity < medium:  # not f.is_flagged (asked of each of half a million findings)
                continue
            where = sheet_and_column(f)
            if where is not None:
                counts[(where[0], where[1], f.entity_type)] += 1
        headers = {(c.get("sheet"), c.get("col")): c for c in self.column_summary}
        out = []
        for (sheet, col, et), n in sorted(counts.items()):
            info = headers.get((sheet, col), {})
            out.append({"sheet": sheet, "column": info.get("column") or col_letter(col),
                        "header": info.get("header"), "entity_type": et, "count": n})
        return out


def publication_attribute(findings: Iterable[Finding]) -> str | None:
    """The document's own 公开属性 (主动公开, 依申请公开, 不予公开 ...), or None when it carries none.

    Some document kinds must carry one; reviewers see a missing attribute at document level.
    """
    for f in findings:
        if f.entity_type == "PUBLICATION_ATTRIBUTE":
            return str(f.attributes.get("attribute") or f.attributes.get("value") or f.text)
    return None


def sha256_file(path: str | os.PathLike[str]) -> str:
    """The SHA-256 of a regular file; a FIFO, socket or device is refused before it is read
    (:class:`DocumentError`: hashing ``/dev/zero`` or a FIFO would never end)."""
    h = hashlib.sha256()
    with open(open_regular(path), "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def scan_file(path: str | os.PathLike[str], screener: Screener, **read_options: Any) -> DocumentResult:
    """Read and scan one file. Never raises for a bad input: the result has ``status="error"``
    (unreadable, not a regular file, a size limit hit, out of memory, a parser's surprise), so a
    batch goes on and the gate fails for that file."""
    name = str(path)
    digest = None
    try:
        digest = sha256_file(path)
        doc = read_document(path, **read_options)
        return result_for_document(doc, screener, name, digest)
    except DocumentError as exc:
        return DocumentResult(name, status="error", error=str(exc), sha256=digest)
    except OSError as exc:
        return DocumentResult(name, status="error", error=f"{name}: cannot read: {exc.strerror or exc}",
                              sha256=digest)
    except MemoryError:
        return DocumentResult(name, status="error", sha256=digest, error=(
            f"{name}: out of memory while reading or scanning this file (too large or hostile); not scanned"))
    except RecursionError:
        return DocumentResult(name, status="error", sha256=digest,
                              error=f"{name}: structure nested too deeply to read; not scanned")
    except Exception as exc:  # noqa: BLE001 - one file's surprise must not stop a batch (fail closed)
        return DocumentResult(name, status="error", sha256=digest,
                              error=f"{name}: internal error while scanning ({type(exc).__name__}: {exc})"[:300])


def result_for_document(doc: Document, screener: Screener, path: str, digest: str | None) -> DocumentResult:
    findings = screener.scan_document(doc)
    facts = {k: v for k, v in doc.facts.items() if isinstance(v, str | int | float | bool | type(None))}
    facts["genre"] = doc.facts.get("genre")  # a plain dict (screening.genres.Genre.to_dict)
    columns = list(doc.facts.get("column_summary") or [])
    return DocumentResult(path, "ok", None, digest, doc.format, facts, findings, columns)


def scan_bytes_as_text(text: str, screener: Screener, path: str = "<text>") -> DocumentResult:
    """Scan an in-memory text as a one-segment document."""
    doc = Document(path=path, format="text", segments=[Segment(text, {"part": "body"})])
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return result_for_document(doc, screener, path, digest)


def summarize(results: Iterable[DocumentResult]) -> dict[str, Any]:
    """The ``summary`` object of the findings contract."""
    results = list(results)
    by_sev: Counter[Severity] = Counter()
    by_type: Counter[str] = Counter()
    for r in results:
        by_sev.update(map(_severity_of, r.findings))
        by_type.update(map(_entity_type_of, r.findings))
    ok = [r for r in results if r.status == "ok"]
    return {
        "documents": len(results),
        "scanned": len(ok),
        "errors": len(results) - len(ok),
        "flagged_documents": sum(1 for r in ok if r.flagged),
        "blocked_documents": sum(1 for r in ok if r.blocked),
        "findings": sum(by_sev.values()),
        "by_severity": {s.label: by_sev.get(s, 0) for s in SEVERITY_ORDER},
        "by_entity_type": dict(sorted(by_type.items())),
        "gate": gate(results),
    }


_severity_of = operator.attrgetter("severity")
_entity_type_of = operator.attrgetter("entity_type")


def gate(results: Iterable[DocumentResult]) -> str:
    """``"pass"`` only when every document was read and nothing is flagged (fail closed)."""
    results = list(results)
    if not results or any(r.status != "ok" for r in results):
        return "fail"
    return "fail" if any(r.flagged for r in results) else "pass"


def report_dict(results: Iterable[DocumentResult]) -> dict[str, Any]:
    """The whole findings-contract object."""
    results = list(results)
    return {
        "schema_version": SCHEMA_VERSION,
        "documents": [r.to_dict() for r in results],
        "summary": summarize(results),
    }
