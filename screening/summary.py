"""Site-level summary of a re-audit (汇总表): one row per file, one row per sheet column.

Per file: path, status, error, format, flagged, counts by severity and by entity type. Per
spreadsheet column (the ``columns`` field of the JSON report): file, sheet, column, header, entity
type, count. ``.csv`` (UTF-8 with BOM, so Excel opens it) puts both in one table with a ``row``
column (``file``/``column``); ``.xlsx`` has two sheets, 文件 and 列. Cells that a spreadsheet would
run as a formula (``=``, ``+``, ``-``, ``@`` first) are prefixed with ``'``. Written atomically.

>>> from screening.results import DocumentResult
>>> s = SiteSummary(); s.add(DocumentResult("a.txt", format="text"))
>>> s.files[0]["status"], s.files[0]["high"]
('ok', 0)
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from screening.errors import ScreeningError
from screening.findings import ENTITY_TYPES, SEVERITY_ORDER

if TYPE_CHECKING:
    from screening.results import DocumentResult

FILE_FIELDS = ["path", "status", "error", "format", "flagged", *[s.label for s in SEVERITY_ORDER]]
COLUMN_FIELDS = ["path", "sheet", "column", "header", "entity_type", "count"]


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


class SiteSummary:
    """Collects the small per-file rows while a batch streams (findings themselves are not kept)."""

    def __init__(self) -> None:
        self.files: list[dict[str, Any]] = []
        self.columns: list[dict[str, Any]] = []
        self.entity_types: set[str] = set()

    def add(self, result: DocumentResult) -> None:
        by_sev = Counter(f.severity.label for f in result.findings)
        by_type = Counter(f.entity_type for f in result.findings)
        self.entity_types.update(by_type)
        row: dict[str, Any] = {"path": result.path, "status": result.status, "error": result.error or "",
                               "format": result.format or "", "flagged": result.flagged}
        row.update({s.label: by_sev.get(s.label, 0) for s in SEVERITY_ORDER})
        row.update(by_type)
        self.files.append(row)
        for c in result.column_counts():
            self.columns.append({"path": result.path, **{k: c.get(k) for k in COLUMN_FIELDS[1:]}})

    def _type_fields(self) -> list[str]:
        known = [t for t in ENTITY_TYPES if t in self.entity_types]
        return known + sorted(self.entity_types - set(known))

    def write(self, path: str | os.PathLike[str]) -> None:
        """Write ``.csv`` or ``.xlsx`` (by the suffix). Raises :class:`ScreeningError` for another suffix."""
        target = Path(path)
        suffix = target.suffix.lower()
        if suffix == ".csv":
            data = self._csv().encode("utf-8-sig")
        elif suffix == ".xlsx":
            data = self._xlsx()
        else:
            raise ScreeningError(f"{target}: the summary must be a .csv or .xlsx file")
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}.", suffix=f".tmp{suffix}")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)

    def _csv(self) -> str:
        types = self._type_fields()
        header = ["row", *FILE_FIELDS, *types, *COLUMN_FIELDS[1:]]
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(header)
        for f in self.files:
            w.writerow(["file", *[_cell(f.get(k, "")) for k in FILE_FIELDS], *[f.get(t, 0) for t in types],
                        *[""] * (len(COLUMN_FIELDS) - 1)])
        for c in self.columns:
            w.writerow(["column", _cell(c["path"]), *[""] * (len(FILE_FIELDS) - 1), *[""] * len(types),
                        *[_cell(c.get(k)) if c.get(k) is not None else "" for k in COLUMN_FIELDS[1:]]])
        return buf.getvalue()

    def _xlsx(self) -> bytes:
        from openpyxl import Workbook

        types = self._type_fields()
        wb = Workbook(write_only=True)
        files = wb.create_sheet("文件")
        files.append([*FILE_FIELDS, *types])
        for f in self.files:
            files.append([*[_cell(f.get(k, "")) for k in FILE_FIELDS], *[f.get(t, 0) for t in types]])
        cols = wb.create_sheet("列")
        cols.append(COLUMN_FIELDS)
        for c in self.columns:
            cols.append([_cell(c.get(k)) for k in COLUMN_FIELDS])
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()
