"""The .xlsx writer: the package edited in a stream, every member copied, never the workbook loaded.

Each zip member is copied to the output; XML members are rewritten on the way
(:mod:`~screening.redaction.writers.xml_stream`), everything else is copied byte for byte, so images,
charts, drawings, pivot tables and embedded objects are kept (the report lists what was kept
without being read). Memory is bounded by a block of the input, not by the sheet's extent.

Where values are cleaned:

* **cells** (:mod:`~screening.redaction.writers.xlsx_sheet`): the planned positions, then a sweep of
  every planned value over the cells of a batch of rows in reading order; a changed cell becomes an
  inline string (numbers count: an ID stored as a number is matched on its digits). **Formulas**
  whose value changed, or that hold a value themselves (``="3201"&…``, with or without a cached
  value), are replaced by their redacted value; hidden rows/columns are kept, emptied or removed per
  policy;
* **every other XML part** (shared strings, workbook, charts and their caches, pivot caches,
  drawings, VML, tables, styles' number formats, external links, the markup around the rows:
  autofilter, conditional formats, data validations, hyperlink tooltips, headers/footers): every text
  node, attribute value, comment and CDATA section with XML references decoded, numbers in their
  digit form too; relationship targets percent-decoded as well;
* **sheet names** holding a value are renamed, and references to them (``'name'!A1``) follow;
  hidden sheets are removed per policy (with the parts only they use; local defined names follow);
* **removed** (hygiene): comments (parts, VML shapes, threaded comments, persons), custom
  properties, custom XML, the thumbnail, the calculation chain; core properties cleared, app
  properties reduced to the application's own fields.

>>> _cell_text(13912345678), _cell_text(1.5), _cell_text("x")
('13912345678', '1.5', 'x')
>>> _Context.quote_sheet("低保 名单"), _Context.quote_sheet("O'Neil")
("'低保 名单'", "'O''Neil'")
"""

from __future__ import annotations

import bisect
import posixpath
import re
import shutil
import zipfile
from array import array
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from lxml import etree

from screening.documents.cells import SegmentList
from screening.documents.embedded_ocr import burn_zip_media
from screening.documents.limits import Limits, open_zip, read_member
from screening.documents.model import col_letter
from screening.documents.ooxml import PKG_REL_NS, parse_xml, rels_path
from screening.documents.xlsx import _col_index, number_text
from screening.errors import RedactionError, ScreeningError
from screening.redaction.plan import DocumentPlan, LazyLocation
from screening.redaction.policy import Policy
from screening.redaction.writers import WriteResult
from screening.redaction.writers.changelog import ChangeLog
from screening.redaction.writers.slots import Hit, ValueSweep, log_entry
from screening.redaction.writers.xlsx_sheet import PARSER, SheetJob, SheetWriter
from screening.redaction.writers.xml_stream import (
    MemberWriter,
    TagHook,
    escape_text,
    iter_decoded,
    iter_tokens,
    rewrite_token,
)

S_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d*)?(?:[eE][+-]?\d+)?")
_XML_MEMBER = (".xml", ".rels", ".vml")
_TEXT_LIMIT = 16 << 20
MAX_DEPTH = 3  # embedded packages inside embedded packages
#: relationship types (last segment) whose parts are removed, with the sanitising note
_REMOVED_TYPES = {
    "comments": "cell comments removed", "threadedComment": "cell comments removed",
    "person": "cell comments removed", "custom-properties": "document properties cleared",
    "customXml": "custom XML removed", "thumbnail": "thumbnail removed", "calcChain": "calculation chain removed",
}
_APP_KEEP = {"Application", "AppVersion", "DocSecurity", "ScaleCrop", "LinksUpToDate", "SharedDoc",
             "HyperlinksChanged"}
_KEPT_UNREAD = ("media/", "embeddings/", "activeX/", "vbaProject", "printerSettings/")


def _cell_text(value: Any) -> str | None:
    """A Python cell value as the reader's text (kept for callers of the former openpyxl writer)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return None


Planned = tuple[int, int, int]  # a replacement (its number in the plan) and its offsets inside its cell
#: a cell reference as :func:`screening.scanned.locate` writes one (``f"{col_letter(col)}{row}"``)
_CANONICAL_REF = re.compile(r"([A-Z]{1,5})([1-9][0-9]{0,10})")
_COL_BITS = 24  # a cell's key: row << 24 | column (26 ** 5 columns fit)


class PlannedCells:
    """The planned replacements of every sheet cell, compact: per sheet the cells' keys (row and
    column in one integer) in a sorted array, with the replacement's number and its offsets inside
    the cell in parallel arrays (a roster's half a million as dict entries keyed by cell strings
    took ~100 MB through the write). A reference other than the canonical ``B2`` form is kept by its
    string, as given.

    >>> cells = PlannedCells()
    >>> cells.add("名单", 2, 2, 0, 0, 2); cells.add("名单", 2, 2, 1, 3, 5); cells.add_ref("名单", "b9", 2, 0, 1)
    >>> cells.finish(); sheet = cells.sheet("名单")
    >>> sheet.get("B2"), sheet.get("C2"), sheet.get("b9"), cells.sheet("其他").get("B2")
    ([(0, 0, 2), (1, 3, 5)], None, [(2, 0, 1)], None)
    """

    def __init__(self) -> None:
        self._sheets: dict[str, _SheetCells] = {}

    def _of(self, sheet: str) -> _SheetCells:
        cells = self._sheets.get(sheet)
        if cells is None:
            cells = self._sheets[sheet] = _SheetCells()
        return cells

    def add(self, sheet: str, row: int, col: int, i: int, start: int, end: int) -> None:
        """Replacement ``i`` at ``[start, end)`` of the cell in ``row`` and column ``col`` (1 = A)."""
        if 0 < col < 1 << _COL_BITS and 0 < row < 1 << 39:
            self._of(sheet).add(row << _COL_BITS | col, i, start, end)
        else:
            self.add_ref(sheet, f"{col_letter(col)}{row}", i, start, end)

    def add_ref(self, sheet: str, ref: str, i: int, start: int, end: int) -> None:
        """Replacement ``i`` at ``[start, end)`` of the cell named ``ref``."""
        key = _ref_key(ref)
        if key is None:
            self._of(sheet).odd.setdefault(ref, []).append((i, start, end))
        else:
            self._of(sheet).add(key, i, start, end)

    def finish(self) -> None:
        for cells in self._sheets.values():
            cells.finish()

    def sheet(self, name: str) -> _SheetCells:
        return self._sheets.get(name) or _NO_CELLS


def _ref_key(ref: str) -> int | None:
    m = _CANONICAL_REF.fullmatch(ref)
    return None if m is None else int(m.group(2)) << _COL_BITS | _col_index(m.group(1))


class _SheetCells:
    __slots__ = ("_keys", "_entries", "_starts", "_ends", "odd")

    def __init__(self) -> None:
        self._keys, self._entries, self._starts, self._ends = array("q"), array("q"), array("q"), array("q")
        self.odd: dict[str, list[Planned]] = {}

    def add(self, key: int, i: int, start: int, end: int) -> None:
        self._keys.append(key)
        self._entries.append(i)
        self._starts.append(start)
        self._ends.append(end)

    def finish(self) -> None:
        """Sorted by cell (a stable sort: a cell's replacements stay in plan order); a scanned
        sheet's cells come in that order already."""
        keys = self._keys
        if all(keys[k] <= keys[k + 1] for k in range(len(keys) - 1)):
            return
        order = sorted(range(len(keys)), key=keys.__getitem__)
        for name in ("_keys", "_entries", "_starts", "_ends"):
            col = getattr(self, name)
            setattr(self, name, array("q", [col[k] for k in order]))

    def get(self, ref: str) -> list[Planned] | None:
        """The planned replacements of the cell ``ref`` (as written in the sheet), in plan order."""
        key = _ref_key(ref)
        if key is None:
            return self.odd.get(ref)
        keys = self._keys
        j = bisect.bisect_left(keys, key)
        if j == len(keys) or keys[j] != key:
            return None
        out = []
        while j < len(keys) and keys[j] == key:
            out.append((self._entries[j], self._starts[j], self._ends[j]))
            j += 1
        return out


_NO_CELLS = _SheetCells()


class _Context:
    """What every part's rewrite needs: the sweep, the planned cell positions, the shared strings,
    the sheet renames, the result."""

    def __init__(self, plan: DocumentPlan, result: WriteResult) -> None:
        self.sweep = ValueSweep.from_plan(plan)
        self.plan = plan
        self.reps = plan.replacements
        self.result = result
        #: a planned value read by OCR from an image of the package (its boxes are burned in)
        self.ocr_media = False
        # the planned replacements of each cell, with their offsets inside the cell (a lazy location
        # of a compact cell is read from the document's arrays, without building it)
        self.cells = PlannedCells()
        _cell_positions(plan, self)
        self.cells.finish()
        self.strings: list[str] = []
        self.renames: dict[str, str] = {}
        self._rename_re: re.Pattern[str] | None = None
        self.hits: list[Hit] = []

    @staticmethod
    def quote_sheet(name: str) -> str:
        return "'" + name.replace("'", "''") + "'"

    def set_renames(self, renames: dict[str, str]) -> None:
        self.renames = renames
        if renames:
            alts = []
            for old in sorted(renames, key=len, reverse=True):
                alts.append(re.escape(self.quote_sheet(old)) + "!")
                if re.fullmatch(r"[^\s'!:\[\]*?/\\()&,;+=<>^\"-]+", old):
                    alts.append(r"(?<![\w'.])" + re.escape(old) + "!")
            self._rename_re = re.compile("|".join(alts))

    def rename_refs(self, text: str) -> str:
        """References to renamed sheets (``'old'!A1``, ``old!A1``) pointed at the new names."""
        if self._rename_re is None or "!" not in text:
            return text

        def repl(m: re.Match[str]) -> str:
            raw = m.group(0)[:-1]
            old = raw[1:-1].replace("''", "'") if raw.startswith("'") else raw
            return self.quote_sheet(self.renames[old]) + "!"

        return self._rename_re.sub(repl, text)

    def sub(self, text: str) -> tuple[str, list[Any]]:
        """``text`` with sheet references renamed and every planned value replaced (a number also in
        its digit form: ``1.3912345678E10``); the hits (values) are also collected in ``self.hits``."""
        if not text or text.isspace():
            return text, []
        renamed = self.rename_refs(text)
        if self.renames and renamed in self.renames:
            renamed = self.renames[renamed]  # pivot caches' worksheetSource sheet="..."
        new, hits = self.sweep.sub(renamed)
        if not hits and len(text) < 40 and _NUMBER.fullmatch(text.strip()):
            digits = number_text(text.strip())
            if digits != text.strip():
                new2, hits = self.sweep.sub(digits)
                if hits:
                    new = new2
        if hits:
            self.hits.extend(hits)
            return new, hits
        return (renamed, ["sheet name"]) if renamed != text else (text, [])

    def rewrite(self, tok: str, hook: TagHook | None, part: str) -> str:
        new, _n = rewrite_token(tok, self.sub, hook)
        self.flush_hits(part)
        return new

    def flush_hits(self, part: str) -> None:
        if self.hits:
            self.result.changes.extend(log_entry(h, {"xml_part": part}) for h in self.hits)
            self.hits = []


def _cell_positions(plan: DocumentPlan, ctx: _Context) -> None:
    """Every replacement whose location is a cell (offsets inside the cell), as ``dict(r.location)``
    gives it, into ``ctx.cells``; sets ``ctx.ocr_media`` when a location names an image read by OCR.
    A scanned sheet cell's location is computed from the document's compact cells directly, without
    building the location dict."""
    reps, cells = plan.replacements, ctx.cells
    for i in range(len(reps)):
        parts = reps.lazy_location(i)
        if parts is not None:
            fast = _compact_cell(*parts)
            if fast is not None:
                cells.add(*fast[:3], i, *fast[3:])
                continue
        loc = reps.location_of(i)
        if isinstance(loc, LazyLocation):
            loc = loc.to_dict()  # (a lazy location: built once here)
        if "ocr_media" in loc:
            ctx.ocr_media = True
        if "sheet" in loc and "cell" in loc and "offset" in loc:
            s, e = loc["offset"]
            cells.add_ref(str(loc["sheet"]), str(loc["cell"]), i, s, e)


def _compact_cell(source: Any, start: int, end: int) -> tuple[str, int, int, int, int] | None:
    """``(sheet, row, column, start, end)`` of a lazy location ``(source, start, end)`` in a compact
    cell of a sheet, exactly as :func:`screening.scanned.locate` places it; None for anything else
    (then the dict is built)."""
    doc = getattr(source, "doc", None)
    segments = getattr(doc, "segments", None)
    if not isinstance(segments, SegmentList) or getattr(source, "lines", None) is not None or len(segments) < 2:
        return None
    i = doc.segment_index_at(start)  # type: ignore[union-attr]
    if not segments.is_cell(i):
        return None
    sheet, col = segments.sheet_column_of(i)  # type: ignore[misc]
    row = segments.cell_row_key(i)[2]
    base = doc.starts[i]  # type: ignore[union-attr]
    return sheet, row, col, start - base, min(end - base, segments.length_of(i))


def write(in_path: Path, out_path: Path, plan: DocumentPlan, policy: Policy, *, _depth: int = 0) -> WriteResult:
    """Write the redacted copy of ``in_path`` to ``out_path`` (see the module docstring)."""
    result = WriteResult()
    result.changes = ChangeLog(planned=plan.replacements)  # type: ignore[assignment]  # entries built when read
    ctx = _Context(plan, result)
    with open_zip(str(in_path), Limits()) as zf:
        pkg = _Package(zf, str(in_path), ctx, policy)
        pkg.depth = _depth
        with zipfile.ZipFile(out_path, "w", zipfile.ZIP_DEFLATED, compresslevel=5) as out:
            for info in zf.infolist():
                pkg.copy(info, out)
        pkg.notes()
    if ctx.ocr_media:
        burn_zip_media(out_path, plan, result)  # issue 16: values OCR read in xl/media images
    result.sanitised = sorted(set(result.sanitised))
    return result


class _Package:
    def __init__(self, zf: zipfile.ZipFile, path: str, ctx: _Context, policy: Policy) -> None:
        self.zf, self.path, self.ctx, self.policy = zf, path, ctx, policy
        self.depth = 0
        self.result = ctx.result
        names = [i.filename for i in zf.infolist()]
        if len(set(names)) != len(names):
            raise RedactionError("the package has duplicate member names", path=path)
        self.names = set(names)
        self.rels = {n: self._rels_of(n) for n in names if n.endswith(".rels")}
        root_rels = self.rels.get("_rels/.rels", [])
        self.main = next((t for _i, typ, t, ext in root_rels if typ == "officeDocument" and not ext),
                         "xl/workbook.xml")
        if self.main not in self.names:
            raise RedactionError("not an Excel workbook (no workbook part)", path=path)
        self.workbook = parse_xml(read_member(zf, self.main, path), self.main, path)
        wb_rels = {i: (typ, t) for i, typ, t, _ext in self.rels.get(rels_path(self.main), [])}
        self.sst = next((t for typ, t in wb_rels.values() if typ == "sharedStrings"), None)
        self.sheets: list[dict[str, Any]] = []
        for el in self.workbook.iter(f"{{{S_NS}}}sheet"):
            typ, target = wb_rels.get(el.get(R_ID, ""), ("", ""))
            self.sheets.append({"el": el, "name": el.get("name", ""), "state": el.get("state", "visible"),
                                "part": target, "type": typ})
        self.removed: set[str] = set()
        self.sheet_jobs: dict[str, SheetJob] = {}
        self._plan_sheets()
        self._plan_removals()
        if self.sst and self.sst in self.names:
            ctx.strings = self._shared_strings(self.sst)

    # -- planning ----------------------------------------------------------------------------------
    def _rels_of(self, name: str) -> list[tuple[str, str, str, bool]]:
        root = parse_xml(read_member(self.zf, name, self.path), name, self.path)
        src_dir = posixpath.dirname(posixpath.dirname(name))
        out = []
        for el in root.iter(f"{{{PKG_REL_NS}}}Relationship"):
            target = el.get("Target", "")
            ext = el.get("TargetMode") == "External"
            if not ext:
                target = target.lstrip("/") if target.startswith("/") else \
                    posixpath.normpath(posixpath.join(src_dir, target))
            out.append((el.get("Id", ""), el.get("Type", "").rsplit("/", 1)[-1], target, ext))
        return out

    def _plan_sheets(self) -> None:
        mode = self.policy.document["hidden_sheets"]
        visible = [s for s in self.sheets if s["state"] not in ("hidden", "veryHidden")]
        for s in self.sheets:
            s["remove"] = mode == "remove" and s["state"] in ("hidden", "veryHidden") and bool(visible)
            if s["remove"]:
                self.removed.add(s["part"])
                self.result.sanitised.append("hidden sheets removed")
        taken = {s["name"] for s in self.sheets if not s["remove"]}
        renames: dict[str, str] = {}
        for s in self.sheets:
            if s["remove"]:
                continue
            new, hits = self.ctx.sweep.sub(s["name"])
            if hits:
                title = _BAD_TITLE.sub("_", new)[:31].strip("'") or "Sheet"
                base, n = title, 1
                while title in taken:
                    n += 1
                    title = f"{base[:28]}({n})"
                taken.add(title)
                renames[s["name"]] = title
                self.result.changes.extend(log_entry(h, {"sheet_name": title}) for h in hits)
        self.ctx.set_renames(renames)
        hidden_mode = self.policy.document["hidden_rows_columns"]
        for s in self.sheets:
            if not s["remove"] and s["type"] == "worksheet" and s["part"] in self.names:
                rels = self.rels.get(rels_path(s["part"]), [])
                has_comments = any(typ == "comments" for _i, typ, _t, _e in rels)
                self.sheet_jobs[s["part"]] = SheetJob(s["name"], s["part"], hidden_mode, has_comments=has_comments)

    def _plan_removals(self) -> None:
        """Parts removed: hidden sheets (and what only they use), comments, custom properties and
        XML, the thumbnail, the calculation chain."""
        for rels_name, rels in self.rels.items():
            for _i, typ, target, ext in rels:
                if ext:
                    continue
                if typ in _REMOVED_TYPES:
                    self.removed.add(target)
                    self.result.sanitised.append(_REMOVED_TYPES[typ])
                elif typ == "vmlDrawing" and target in self.names:
                    job = self.sheet_jobs.get(_source_of(rels_name))
                    # the comments' shapes (a header/footer picture's VML is kept)
                    if job is not None and job.has_comments and b'"Note"' in read_member(
                            self.zf, target, self.path):
                        self.removed.add(target)
                        job.drop_legacy_drawing = True
        for name in self.names:
            low = name.lower()
            if low.startswith("customxml/"):
                self.removed.add(name)
                self.result.sanitised.append("custom XML removed")
            elif low.startswith("docprops/thumbnail") or low == "docprops/custom.xml":
                self.removed.add(name)
            elif low.startswith("xl/comments") or low.startswith(("xl/threadedcomments/", "xl/persons/")):
                self.removed.add(name)
                self.result.sanitised.append("cell comments removed")
        # parts only removed parts point at go too (a hidden sheet's drawing, its chart, ...)
        reachable = self._reachable(set())
        after = self._reachable(self.removed)
        self.removed |= {n for n in reachable - after if not n.endswith(".rels")}
        self.removed |= {rels_path(n) for n in self.removed if rels_path(n) in self.names}

    def _reachable(self, removed: set[str]) -> set[str]:
        seen: set[str] = set()
        todo = [""]
        while todo:
            src = todo.pop()
            for _i, _typ, target, ext in self.rels.get(rels_path(src) if src else "_rels/.rels", []):
                if ext or target in seen or target in removed:
                    continue
                seen.add(target)
                todo.append(target)
        return seen

    def _shared_strings(self, part: str) -> list[str]:
        from screening.redaction.writers.xlsx_sheet import _rich_text

        out = []
        with self.zf.open(part) as fh:
            for _, el in etree.iterparse(fh, events=("end",), tag=f"{{{S_NS}}}si", resolve_entities=False,
                                         no_network=True, huge_tree=True):
                out.append(_rich_text(el))
                el.clear()
                while el.getprevious() is not None:
                    del el.getparent()[0]
        return out

    # -- copying -----------------------------------------------------------------------------------
    def copy(self, info: zipfile.ZipInfo, out: zipfile.ZipFile) -> None:
        name = info.filename
        if name in self.removed or info.is_dir():
            return
        low = name.lower()
        if name in self.sheet_jobs:
            self._stream(info, out, sheet=self.sheet_jobs[name])
        elif name == self.sst:
            self._shared_strings_part(info, out)
        elif name == self.main:
            self._small(info, out, self._workbook_xml())
        elif low == "[content_types].xml":
            self._small(info, out, self._content_types())
        elif low.endswith(".rels"):
            self._small(info, out, self._rels_xml(name))
        elif low == "docprops/core.xml":
            root = self._parse(name)
            for child in list(root):
                root.remove(child)
            # an empty author (readers such as openpyxl fill in their own name when there is none)
            etree.SubElement(root, "{http://purl.org/dc/elements/1.1/}creator")
            self.result.sanitised.append("document properties cleared")
            self._small(info, out, root)
        elif low == "docprops/app.xml":
            root = self._parse(name)
            for child in list(root):
                if etree.QName(child).localname not in _APP_KEEP:
                    root.remove(child)
            self._small(info, out, root)
        elif low.endswith(_XML_MEMBER):
            self._stream(info, out)
        else:
            self._other(info, out)

    def _parse(self, name: str) -> etree._Element:
        return parse_xml(read_member(self.zf, name, self.path), name, self.path)

    def _small(self, info: zipfile.ZipInfo, out: zipfile.ZipFile, root: etree._Element) -> None:
        data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        zi = zipfile.ZipInfo(info.filename, date_time=info.date_time)
        zi.compress_type = zipfile.ZIP_DEFLATED
        zi.external_attr = info.external_attr
        out.writestr(zi, data)

    def _stream(self, info: zipfile.ZipInfo, out: zipfile.ZipFile, sheet: SheetJob | None = None) -> None:
        with self.zf.open(info) as fh:
            enc, blocks = iter_decoded(fh)
            with MemberWriter(out, info, enc) as w:
                if sheet is not None:
                    SheetWriter(self.ctx, sheet).run(blocks, w)
                    if sheet.hidden_rows or sheet.hidden_cols:
                        if sheet.hidden_mode == "remove":
                            self.result.sanitised.append("hidden rows/columns removed")
                        elif sheet.hidden_mode == "clear":
                            self.result.sanitised.append("hidden rows/columns emptied")
                else:
                    for tok in iter_tokens(blocks):
                        w.write(self.ctx.rewrite(tok, None, info.filename))
        self.ctx.flush_hits(info.filename)

    def _shared_strings_part(self, info: zipfile.ZipInfo, out: zipfile.ZipFile) -> None:
        """Each ``<si>`` whose text holds a value becomes one plain run of the redacted text (rich
        runs and phonetic runs dropped); then every text node is swept (phonetic runs too)."""
        from screening.redaction.writers.xlsx_sheet import _rich_text

        ctx = self.ctx
        with self.zf.open(info) as fh:
            enc, blocks = iter_decoded(fh)
            with MemberWriter(out, info, enc) as w:
                opened, close, size = "", "", 0
                buf: list[str] = []

                def flush() -> None:
                    text = "".join(buf)
                    if not text.strip():
                        w.write(text)
                        return
                    root = etree.fromstring(opened + text + close, PARSER)
                    changed = False
                    items = [si for si in root if isinstance(si.tag, str)]
                    texts = [_rich_text(si) for si in items]
                    # one sweep over the batch; NUL (in no value) keeps the strings apart
                    joined = "\x00".join(texts)
                    found = ctx.sweep.find(joined)
                    touched = set()
                    if found:
                        starts, pos = [], 0
                        for t in texts:
                            starts.append(pos)
                            pos += len(t) + 1
                        touched = {bisect.bisect_right(starts, f[0]) - 1 for f in found}
                    for k, si in enumerate(items):
                        if k not in touched:
                            continue
                        new, hits = ctx.sweep.sub(texts[k])
                        if hits:
                            ctx.hits.extend(hits)
                            ns = etree.QName(si).namespace
                            for child in list(si):
                                si.remove(child)
                            t = etree.SubElement(si, f"{{{ns}}}t" if ns else "t")
                            t.text = new
                            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                            changed = True
                    for si in items:  # phonetic runs, numbers in digit form
                        if len(si) == 1 and si[0].text and not ctx.renames and not _NUMBER.fullmatch(si[0].text):
                            continue  # a single run: its text was swept above
                        for t in si.iter():
                            if isinstance(t.tag, str) and t.text and t.text.strip():
                                new, hits = ctx.sub(t.text)
                                if hits:
                                    t.text, changed = new, True
                    if changed:
                        xml = etree.tostring(root, encoding="unicode")
                        w.write(xml[xml.index(">") + 1 : xml.rindex("</")] if len(root) else "")
                    else:
                        w.write(text)

                for tok in iter_tokens(blocks):
                    if not opened and tok.startswith("<") and not tok.startswith(("<?", "<!")):
                        m = re.match(r"<([^\s/>]+)", tok)
                        opened = tok[:-2] + ">" if tok.endswith("/>") else tok
                        close = f"</{m.group(1) if m else 'sst'}>"
                        w.write(tok)
                        continue
                    if opened and tok == close:
                        flush()
                        buf, size = [], 0
                        w.write(tok)
                        continue
                    if not opened:
                        w.write(tok)
                        continue
                    buf.append(tok)
                    size += len(tok)
                    if size > 1 << 20 and tok.startswith("</") and tok.endswith("si>"):
                        flush()
                        buf, size = [], 0
                if buf:
                    flush()
        ctx.flush_hits(info.filename)

    def _other(self, info: zipfile.ZipInfo, out: zipfile.ZipFile) -> None:
        """A member that is not XML: an embedded .xlsx/.docx package is redacted recursively (by the
        plan's values), text (small, UTF-8) is swept; anything else is copied."""
        zi = zipfile.ZipInfo(info.filename, date_time=info.date_time)
        zi.compress_type = zipfile.ZIP_DEFLATED
        zi.external_attr = info.external_attr
        if info.file_size <= _TEXT_LIMIT:
            data = read_member(self.zf, info.filename, self.path)
            if data[:2] == b"PK" and info.filename.lower().endswith((".xlsx", ".xlsm", ".docx", ".docm")):
                out.writestr(zi, self._embedded(info.filename, data))
                return
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = None
            if text is not None and "\x00" not in text:
                new, hits = self.ctx.sweep.sub(text)
                if hits:
                    self.ctx.hits.extend(hits)
                    self.ctx.flush_hits(info.filename)
                    data = new.encode("utf-8")
            out.writestr(zi, data)
            return
        with self.zf.open(info) as src, out.open(zi, "w", force_zip64=True) as dst:
            shutil.copyfileobj(src, dst, 1 << 20)

    def _embedded(self, name: str, data: bytes) -> bytes:
        """An embedded Office package written by its own writer with the plan's values (no positions:
        they belong to the outer file); kept as it is past :data:`MAX_DEPTH` or when it cannot be
        read (it is then reported as unread content)."""
        import tempfile

        from screening.redaction.writers import get_writer

        if self.depth >= MAX_DEPTH:
            return data
        fmt = "docx" if name.lower().endswith((".docx", ".docm")) else "xlsx"
        plan = self.ctx.plan
        inner = DocumentPlan(plan.doc_id, plan.text, plan.replacements.copy(locations=False), plan.kept)
        with tempfile.TemporaryDirectory(prefix=".screening-embedded-") as tmp:
            src, dst = Path(tmp) / f"in.{fmt}", Path(tmp) / f"out.{fmt}"
            src.write_bytes(data)
            try:
                if fmt == "xlsx":
                    res = write(src, dst, inner, self.policy, _depth=self.depth + 1)
                else:
                    res = get_writer(fmt)(src, dst, inner, self.policy)
            except (ScreeningError, zipfile.BadZipFile, etree.XMLSyntaxError, OSError, ValueError) as exc:
                self.result.notes.append(f"embedded package {name} could not be redacted "
                                         f"({type(exc).__name__}); kept as it is")
                return data
            self.result.changes.extend({**c, "location": {"embedded": name, **c.get("location", {})}}
                                       for c in res.changes)
            self.result.sanitised.append("embedded packages redacted")
            return dst.read_bytes()

    # -- package parts -----------------------------------------------------------------------------
    def _workbook_xml(self) -> etree._Element:
        root, ctx = self.workbook, self.ctx
        index_map: dict[int, int] = {}
        removed_names = set()
        n = 0
        for i, s in enumerate(self.sheets):
            el = s["el"]
            if s["remove"]:
                el.getparent().remove(el)
                removed_names.add(s["name"])
                continue
            index_map[i] = n
            n += 1
            if s["name"] in ctx.renames:
                el.set("name", ctx.renames[s["name"]])
        for view in root.iter(f"{{{S_NS}}}workbookView"):
            for attr in ("activeTab", "firstSheet"):
                v = view.get(attr)
                if v is not None and v.isdigit():
                    view.set(attr, str(min(index_map.get(int(v), 0), max(n - 1, 0))))
        removed_ref = [ctx.quote_sheet(x) + "!" for x in removed_names] + [x + "!" for x in removed_names]
        for dn in list(root.iter(f"{{{S_NS}}}definedName")):
            local = dn.get("localSheetId")
            text = dn.text or ""
            if local is not None and local.isdigit():
                if int(local) not in index_map:
                    dn.getparent().remove(dn)
                    continue
                dn.set("localSheetId", str(index_map[int(local)]))
            if any(ref in text for ref in removed_ref):
                dn.getparent().remove(dn)
                continue
            new_name, hits = ctx.sweep.sub(dn.get("name", ""))
            if hits:
                dn.set("name", "_" + re.sub(r"[^\w.]", "_", new_name))
                self.result.changes.extend(log_entry(h, {"defined_name": dn.get("name")}) for h in hits)
            new, hits = ctx.sub(text)
            if hits:
                dn.text = new
                if ctx.hits:
                    self.result.changes.extend(log_entry(h, {"defined_name": dn.get("name")}) for h in ctx.hits)
                    ctx.hits = []
        _sweep_tree(root, ctx, self.main)
        return root

    def _content_types(self) -> etree._Element:
        root = self._parse("[Content_Types].xml")
        for ov in list(root):
            if ov.get("PartName", "").lstrip("/") in self.removed:
                root.remove(ov)
        return root

    def _rels_xml(self, name: str) -> etree._Element:
        root = self._parse(name)
        src_dir = posixpath.dirname(posixpath.dirname(name))
        for el in list(root):
            target = el.get("Target", "")
            ext = el.get("TargetMode") == "External"
            typ = el.get("Type", "").rsplit("/", 1)[-1]
            if not ext:
                full = target.lstrip("/") if target.startswith("/") else \
                    posixpath.normpath(posixpath.join(src_dir, target))
                if full in self.removed or typ in _REMOVED_TYPES:
                    root.remove(el)
                continue
            new, hits = self.ctx.sub(target)
            if not hits:
                decoded = unquote(target)
                new2, hits = self.ctx.sub(decoded) if decoded != target else (decoded, [])
                new = quote(new2, safe=":/?#[]@!$&'()*+,;=%~") if hits else target
            if hits:
                el.set("Target", new)
        self.ctx.flush_hits(name)
        return root

    def notes(self) -> None:
        kept = sorted(n for n in self.names - self.removed
                      if n.startswith("xl/") and n[3:].startswith(_KEPT_UNREAD))
        if kept:
            self.result.notes.append("kept in the output without being read (images, embedded objects, macros: "
                                     "unscanned content): " + ", ".join(kept[:20])
                                     + (f" and {len(kept) - 20} more" if len(kept) > 20 else ""))
        charts = sorted(n for n in self.names - self.removed if n.startswith(("xl/charts/", "xl/drawings/"))
                        and n.endswith(".xml"))
        if charts:
            self.result.notes.append(f"charts and drawings kept ({len(charts)} parts); their text and cached values "
                                     "were redacted like the cells")


def _source_of(rels_name: str) -> str:
    """``xl/worksheets/_rels/sheet1.xml.rels`` -> ``xl/worksheets/sheet1.xml``."""
    d, f = posixpath.split(rels_name)
    return posixpath.join(posixpath.dirname(d), f[: -len(".rels")])


def _sweep_tree(root: etree._Element, ctx: _Context, part: str) -> None:
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for attr, value in list(el.attrib.items()):
            new, hits = ctx.sub(value)
            if hits:
                el.set(attr, new)
        for which in ("text", "tail"):
            value = getattr(el, which)
            if value and value.strip():
                new, hits = ctx.sub(value)
                if hits:
                    setattr(el, which, new)
    ctx.flush_hits(part)


__all__ = ["escape_text", "write"]
