"""The .xlsx writer (openpyxl): cells, sheet names, comments, headers/footers, defined names,
data-validation messages, hidden sheets/rows/columns per policy, document properties.

Numbers count: an ID or a mobile stored as a number is matched on its digits and replaced by a
text cell. Comments are removed (a hygiene item); properties and custom properties are cleared.
openpyxl does not keep images and charts of the input: the report says so when there were any.

>>> _cell_text(13912345678), _cell_text(1.5), _cell_text("x")
('13912345678', '1.5', 'x')
"""

from __future__ import annotations

import bisect
import re
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from screening.redaction.plan import DocumentPlan
from screening.redaction.policy import Policy
from screening.redaction.writers import WriteResult
from screening.redaction.writers.slots import ValueSweep, log_entry, splice

_PROPS = ("creator", "lastModifiedBy", "title", "subject", "description", "keywords", "category", "identifier",
          "contentStatus", "version", "revision", "language")
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


def _cell_text(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return None


def write(in_path: Path, out_path: Path, plan: DocumentPlan, policy: Policy) -> WriteResult:
    result = WriteResult()
    sweep = ValueSweep.from_plan(plan)
    wb = load_workbook(in_path, rich_text=False, keep_links=False)
    _hidden_sheets(wb, policy.document["hidden_sheets"], result)
    positions = _positions(plan)
    for ws in wb.worksheets:
        _hidden_rows_columns(ws, policy.document["hidden_rows_columns"], result)
        _redact_cells(ws, positions, sweep, result)
        _headers_footers(ws, sweep, result)
        _validations(ws, sweep, result)
    for ws in wb.worksheets:
        new, hits = sweep.sub(ws.title)
        if hits:
            ws.title = _BAD_TITLE.sub("_", new)[:31]
            result.changes.extend(log_entry(h, {"sheet_name": ws.title}) for h in hits)
    _defined_names(wb, sweep, result)
    _properties(wb, result)
    with zipfile.ZipFile(in_path) as zf:
        names = zf.namelist()
        if any(n.startswith(("xl/media/", "xl/charts/", "xl/drawings/drawing")) for n in names):
            result.notes.append("images, charts and drawings of the input are not kept in the redacted .xlsx")
    wb.save(out_path)
    result.sanitised = sorted(set(result.sanitised))
    return result


def _positions(plan: DocumentPlan) -> dict[tuple[str, str], list[Any]]:
    out: dict[tuple[str, str], list[Any]] = {}
    for r in plan.replacements:
        loc = r.location
        if "sheet" in loc and "cell" in loc and "offset" in loc:
            out.setdefault((str(loc["sheet"]), str(loc["cell"])), []).append(r)
    return out


def _redact_cells(ws: Any, positions: dict[tuple[str, str], list[Any]], sweep: ValueSweep,
                  result: WriteResult) -> None:
    """Planned positions per cell, then a sweep over the sheet's cells in reading order as one run
    of slots (a value typed over two cells is found too)."""
    cells, slots = [], []
    for row in ws.iter_rows():
        for cell in row:
            if cell.comment is not None:
                cell.comment = None
                result.sanitised.append("cell comments removed")
            link = cell.hyperlink
            if link is not None:
                for attr in ("target", "tooltip", "display", "location"):
                    value = getattr(link, attr, None)
                    if isinstance(value, str) and value:
                        new_value, hits = sweep.sub(value)
                        if hits:
                            setattr(link, attr, new_value)
                            result.changes.extend(log_entry(h, {"sheet": ws.title, "cell": cell.coordinate,
                                                                "hyperlink": attr}) for h in hits)
            text = _cell_text(cell.value)
            if text is None:
                continue
            spans = []
            for r in positions.get((ws.title, cell.coordinate), []):
                s, e = r.location["offset"]
                if text[s:e] == r.original:
                    spans.append((s, e, r.replacement))
                    result.changes.append(r.to_log())
            cells.append(cell)
            slots.append(splice([text], spans)[0] if spans else text)
    starts, pos = [], 0
    for t in slots:
        starts.append(pos)
        pos += len(t)
    found = sweep.find("".join(slots))
    new = splice(slots, [(s, e, r) for s, e, r, _ in found]) if found else slots
    for cell, text in zip(cells, new, strict=True):
        if text != _cell_text(cell.value):
            cell.value = text
    for s, _e, _r, hit in found:
        cell = cells[max(0, bisect.bisect_right(starts, s) - 1)]
        result.changes.append(log_entry(hit, {"sheet": ws.title, "cell": cell.coordinate}))


def _hidden_sheets(wb: Any, mode: str, result: WriteResult) -> None:
    if mode != "remove":
        return
    for ws in list(wb.worksheets) + list(getattr(wb, "chartsheets", [])):
        if ws.sheet_state in ("hidden", "veryHidden") and len(wb.worksheets) > 1:
            wb.remove(ws)
            result.sanitised.append("hidden sheets removed")


def _hidden_rows_columns(ws: Any, mode: str, result: WriteResult) -> None:
    if mode == "redact":
        return
    rows = sorted(r for r, dim in ws.row_dimensions.items() if dim.hidden)
    cols: set[int] = set()
    for dim in ws.column_dimensions.values():
        if dim.hidden and dim.min:
            cols.update(range(dim.min, (dim.max or dim.min) + 1))
    if not rows and not cols:
        return
    if mode == "clear":
        for r in rows:
            for cell in ws[r]:
                cell.value = None
        for c in cols:
            for (cell,) in ws.iter_rows(min_col=c, max_col=c):
                cell.value = None
        result.sanitised.append("hidden rows/columns emptied")
        return
    for r in reversed(rows):
        ws.delete_rows(r)
    for c in sorted(cols, reverse=True):
        ws.delete_cols(c)
        ws.column_dimensions.pop(get_column_letter(c), None)
    for r in rows:
        ws.row_dimensions.pop(r, None)
    result.sanitised.append("hidden rows/columns removed")


def _headers_footers(ws: Any, sweep: ValueSweep, result: WriteResult) -> None:
    for name in ("oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter"):
        hf = getattr(ws, name, None)
        if hf is None:
            continue
        for side in ("left", "center", "right"):
            part = getattr(hf, side, None)
            if part is not None and part.text:
                new, hits = sweep.sub(part.text)
                if hits:
                    part.text = new
                    result.changes.extend(log_entry(h, {"sheet": ws.title, "header_footer": f"{name}.{side}"})
                                          for h in hits)


def _validations(ws: Any, sweep: ValueSweep, result: WriteResult) -> None:
    dvs = getattr(getattr(ws, "data_validations", None), "dataValidation", [])
    for dv in dvs:
        for attr in ("prompt", "error", "promptTitle", "errorTitle", "formula1", "formula2"):
            value = getattr(dv, attr, None)
            if isinstance(value, str) and value:
                new, hits = sweep.sub(value)
                if hits:
                    setattr(dv, attr, new)
                    result.changes.extend(log_entry(h, {"sheet": ws.title, "data_validation": attr}) for h in hits)


def _defined_names(wb: Any, sweep: ValueSweep, result: WriteResult) -> None:
    names = getattr(wb, "defined_names", None)
    items = list(names.values()) if hasattr(names, "values") else list(names or [])
    for dn in items:
        value = getattr(dn, "attr_text", None)
        if isinstance(value, str):
            new, hits = sweep.sub(value)
            if hits:
                dn.attr_text = new
                result.changes.extend(log_entry(h, {"defined_name": dn.name}) for h in hits)


def _properties(wb: Any, result: WriteResult) -> None:
    props = wb.properties
    for name in _PROPS:
        if hasattr(props, name):
            setattr(props, name, None)
    props.creator = ""
    custom = getattr(wb, "custom_doc_props", None)
    if custom is not None and hasattr(custom, "props"):
        custom.props = []
    result.sanitised.append("document properties cleared")
