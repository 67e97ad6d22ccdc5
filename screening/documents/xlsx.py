"""The .xlsx reader: every sheet (hidden and very hidden too), every cell, comments, headers and
footers, defined names, drawings, charts, pivot caches, unused shared strings and properties.

Sheets are streamed with ``lxml.etree.iterparse`` straight from the zip (one pass per sheet, elements
cleared as they are read), which gives the raw cell values, hidden rows and hidden columns in that
same pass. openpyxl's read-only mode streams too, but turns numbers into floats
(``13912345678.0``) and does not expose hidden rows/columns without a second, non-streaming load.

One segment per non-empty cell::

    {"sheet": "低保名单", "cell": "C7", "row": 7, "col": 3, "hidden": "row" | "column" | "sheet"}

with ``column_header`` = the header-row text of that column (the first of the sheet's first ten
non-empty rows that looks like a header row, else none). ``Document.facts["column_summary"]`` lists
the header of every column, so the CLI can count findings per column.

>>> col_letter(28), col_index("AB")
('AB', 28)
>>> header_footer_text('&L&"宋体,常规"&12内部资料&R第 &P 页')
'内部资料 第 页'
"""

from __future__ import annotations

import io
import multiprocessing
import os
import re
import threading
import uuid
import zipfile
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from lxml import etree

from screening.documents import embedded_ocr
from screening.documents.cells import SegmentList
from screening.documents.limits import Limits, check_text_size, open_zip
from screening.documents.model import Document, Segment, col_letter, hygiene_finding
from screening.documents.ooxml import (
    PROPERTY_COVERAGE,
    iter_text_nodes,
    looks_like_header,
    property_segments,
    read_xml,
    relationships,
    sweep_findings,
)
from screening.documents.residue import Coverage, text_variants, texts
from screening.errors import DocumentError
from screening.findings import Finding
from screening.memory import forking_allowed

S_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _s(name: str) -> str:
    return f"{{{S_NS}}}{name}"


ROW, C, COL, V, IS, T, RPH, SI = _s("row"), _s("c"), _s("col"), _s("v"), _s("is"), _s("t"), _s("rPh"), _s("si")
F = _s("f")
_SD_ATTRS: frozenset[str] = frozenset()
_IS_CHILDREN = frozenset({_s("t"), _s("r"), _s("rPh"), _s("phoneticPr")})
_R_CHILDREN = frozenset({_s("t"), _s("rPr")})
_T_ATTRS = frozenset({"{http://www.w3.org/XML/1998/namespace}space"})
_CELL_ATTRS = frozenset({"r", "s", "t", "cm", "vm", "ph"})
_ROW_ATTRS = frozenset({"r", "spans", "ht", "customHeight", "hidden", "s", "customFormat", "outlineLevel", "collapsed",
                        "thickBot", "thickTop", "ph", "{http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac}dyDescent"})
HF_TAGS = {_s(n): n for n in ("oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter")}
HEADER_SEARCH_ROWS = 10
FIRST_CELLS_TOP = 8
_TRUE = {"1", "true"}
_CELL_REF = re.compile(r"([A-Z]+)(\d+)")
_HF_CODES = re.compile(r'&"[^"]*"|&K[0-9A-Fa-f]{6}|&K\d\d[+-]\d{3}|&\d+|&[LCRPNDTFABIUESXYGZlcrpndtfabiuesxygz]')


#: what this reader reads, for the residue sweep (:mod:`screening.documents.residue`). A worksheet's
#: ``sheetData`` is read here in one streaming pass (cell values, inline strings; formulas and phonetic
#: runs go to residue segments from that same pass), so the sweep cuts it out; everything else of a
#: worksheet (autofilters, conditional formats, validations, hyperlinks ...) is residue, as are sheet
#: names, number formats, tables, pivot tables, customXml and VML. Orphan sheets (no workbook entry)
#: are not read here: ``needs_read`` leaves them wholly to the sweep.
XLSX_COVERAGE = (
    Coverage("xl/worksheets/*.xml", {**texts(*(_s(n) for n in ("oddHeader", "oddFooter", "evenHeader",
                                                                 "evenFooter", "firstHeader", "firstFooter")))},
             cut=frozenset({"sheetData"})),
    Coverage("xl/sharedStrings.xml", whole=True),
    Coverage("xl/workbook.xml", texts(_s("definedName"))),
    Coverage("xl/comments*.xml", {**texts(_s("t"), unless=(_s("rPh"),)), **texts(_s("author"))}),
    Coverage("xl/threadedComments/*.xml", texts("*"), frozenset({"v", "descr", "title"})),
    *(Coverage(f"xl/{d}/*.xml", texts("*"), frozenset({"v", "descr", "title"}))
      for d in ("drawings", "charts", "pivotCache", "externalLinks")),
    *PROPERTY_COVERAGE,
)


def col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


_col_index = lru_cache(maxsize=4096)(col_index)


def header_footer_text(code: str) -> str:
    """The printed text of a header/footer definition, formatting codes removed."""
    text = _HF_CODES.sub(" ", code.replace("&&", "\x00")).replace("\x00", "&")
    return re.sub(r"[ \t]+", " ", text).strip()


def _rich_text(el: etree._Element) -> str:
    """Text of an ``si``/``is``/comment ``text`` element without phonetic runs."""
    return "".join(t.text or "" for t in el.iter(T) if not any(a.tag == RPH for a in t.iterancestors()))


def number_text(raw: str) -> str:
    """A numeric cell's stored value as digits (no exponent, no trailing ``.0``).

    >>> number_text("1.3912345678E10"), number_text("42.0"), number_text("0.5")
    ('13912345678', '42', '0.5')
    """
    if "E" in raw or "e" in raw or raw.endswith(".0"):
        try:
            d = Decimal(raw)
        except InvalidOperation:
            return raw
        text = format(d, "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text
    return raw


def read_xlsx(path: str, limits: Limits | None = None) -> Document:
    """Read a .xlsx file into a :class:`Document` (see the module docstring)."""
    limits = limits or Limits()
    with open_zip(path, limits) as zf:
        return _Workbook(zf, path, limits).read()


class _Workbook:
    def __init__(self, zf: zipfile.ZipFile, path: str, limits: Limits | None = None) -> None:
        self.zf, self.path = zf, path
        self.limits = limits or Limits()
        self.residue: list[Segment] = []
        self.read_parts: set[str] = set()
        self.chars = 0
        self.segments = SegmentList()
        self.hygiene: list[Finding] = []
        self.column_summary: list[dict[str, Any]] = []
        self.used_strings: set[int] = set()
        main = next((r.target for r in relationships(zf, "", path).values()
                     if r.type == "officeDocument" and not r.external), "xl/workbook.xml")
        if main not in zf.NameToInfo:
            raise DocumentError("not an Excel workbook (no workbook part)", path=path)
        self.main = main
        self.rels = relationships(zf, main, path)
        sst = next((r.target for r in self.rels.values() if r.type == "sharedStrings"), None)
        self.strings = self._shared_strings(sst) if sst and sst in zf.NameToInfo else []
        self.sst_part = sst

    def _shared_strings(self, part: str) -> list[str]:
        out: list[str] = []
        chars = 0
        with self.zf.open(part) as fh:
            for _, el in etree.iterparse(fh, events=("end",), tag=SI, resolve_entities="internal", no_network=True):
                if len(el) == 1 and el[0].tag == T:
                    text = el[0].text or ""
                else:
                    text = _rich_text(el)
                    for ph in el.iter(RPH):
                        self._residue(part, "phonetic", "".join(ph.itertext()), {"index": len(out)})
                out.append(text)
                chars += len(text)
                if chars > self.limits.max_text_chars:
                    check_text_size(chars, self.limits, self.path, part)
                el.clear()
                while el.getprevious() is not None:
                    del el.getparent()[0]
        return out

    def _residue(self, part: str, place: str, text: str | None, extra: dict[str, Any] | None = None) -> None:
        """A value the structured read met but does not show (a formula, a phonetic run)."""
        if text and text.strip():
            loc = {"part": part, "place": place, **(extra or {})}
            self.residue.append(Segment("\n".join(text_variants(text.strip())), loc, kind="residue"))

    def read(self) -> Document:
        root = read_xml(self.zf, self.main, self.path)
        sheets = []
        for sh in root.iter(_s("sheet")):
            rel = self.rels.get(sh.get(R_ID, ""))
            sheets.append((sh.get("name", ""), sh.get("state", "visible"), rel.target if rel else None))
        for name, state, part in sheets:
            if part is None or part not in self.zf.NameToInfo:
                continue
            self.read_parts.add(part)
            self._sheet(name, state, part)
        self._defined_names(root)
        self._other_parts()
        self._unused_strings()
        prop_segs, prop_findings = property_segments(self.zf, self.path)
        self.segments.extend(prop_segs)
        self.hygiene.extend(prop_findings)
        ocr_read = embedded_ocr.ooxml_media(self.zf, "xl/", self.path, self.segments, self.hygiene)  # issue 16
        self.read_parts |= {self.main, *(n for n in self.zf.NameToInfo if n.startswith(("docProps/",
                                                                                             "xl/sharedStrings")))}
        self.read_parts |= {n for n in self.zf.NameToInfo if n.startswith(("xl/comments", "xl/threadedComments/",
                                                                          "xl/drawings/", "xl/charts/",
                                                                          "xl/pivotCache/", "xl/externalLinks/"))}
        self.segments.extend(self.residue)
        self.segments.extend(sweep_findings(self.zf, XLSX_COVERAGE, self.read_parts, self.hygiene, self.limits,
                                            self.path, ocr_read=ocr_read))
        facts = {"sheets": [{"name": n, "state": s} for n, s, _ in sheets], "column_summary": self.column_summary}
        self.segments.finish()
        return Document(path=self.path, format="xlsx", segments=self.segments, facts=facts, hygiene=self.hygiene)

    # -- one sheet --------------------------------------------------------------------------------
    def _sheet(self, name: str, state: str, part: str) -> None:
        hidden_cols: set[int] = set()
        buffered: list[tuple[int, list[tuple[int, str]], bool]] = []
        header: dict[int, str] | None = None
        header_row = 0
        hidden_cells: dict[str, int] = {"row": 0, "column": 0}
        hidden_rows: list[int] = []
        used_hidden_cols: set[int] = set()
        counts: dict[int, int] = {}
        top_left = FIRST_CELLS_TOP
        row_no = 0
        sheet_hidden = state in ("hidden", "veryHidden")
        sheet_cells = 0

        header_ids: dict[int, int] = {}  # column -> the SegmentList id of its header (filled on use)

        def emit(r: int, row_cells: list[tuple[int, str]], r_hidden: bool) -> None:
            nonlocal top_left, sheet_cells
            cell_header = header if header and r > header_row else None
            add_cell = self.segments.add_cell
            self.chars += sum(len(t) for _, t in row_cells)
            if self.chars > self.limits.max_text_chars:
                check_text_size(self.chars, self.limits, self.path, f"sheet {name!r}")
            if not (sheet_hidden or r_hidden or hidden_cols or top_left > 0):  # the common row: one call
                hids = [0] * len(row_cells)
                if cell_header:  # fixed once found: each column's header id is looked up once
                    for k, (c, _) in enumerate(row_cells):
                        hid = header_ids.get(c)
                        if hid is None:
                            hid = header_ids[c] = self.segments.header_id(cell_header.get(c))
                        if hid:
                            counts[c] = counts.get(c, 0) + 1
                            hids[k] = hid
                sheet_cells += len(row_cells)
                self.segments.add_row(name, r, row_cells, hids)
                return
            for c, text in row_cells:
                if sheet_hidden:
                    hidden: str | None = "sheet"
                elif r_hidden:
                    hidden = "row"
                    hidden_cells["row"] += 1
                elif c in hidden_cols:
                    hidden = "column"
                    hidden_cells["column"] += 1
                    used_hidden_cols.add(c)
                else:
                    hidden = None
                col_header = cell_header.get(c) if cell_header else None
                if col_header is not None:
                    counts[c] = counts.get(c, 0) + 1
                top = top_left > 0
                if top:
                    top_left -= 1
                sheet_cells += 1
                add_cell(text, name, r, c, hidden, col_header, top)

        def take(r: str | None, row_hidden: bool, cells: list[tuple[int, str]]) -> None:
            """One row read from the sheet (in this process or the helper), in document order."""
            nonlocal row_no, header, header_row, buffered
            row_no = int(r) if r and r.isdigit() else row_no + 1
            if row_hidden and cells:
                hidden_rows.append(row_no)
            if cells:
                if header is None and len(buffered) < HEADER_SEARCH_ROWS:
                    buffered.append((row_no, cells, row_hidden))
                    if looks_like_header([t for _, t in cells]):
                        header, header_row = {c: t.strip() for c, t in cells}, row_no
                    if header is not None or len(buffered) == HEADER_SEARCH_ROWS:
                        for item in buffered:
                            emit(*item)
                        buffered = []
                        header = header or {}
                else:
                    emit(row_no, cells, row_hidden)

        split = _SplitSheet.plan(self, name, part)
        with split if split is not None else self.zf.open(part) as fh:  # a split stops its helper on exit
            tags = (ROW, COL, *HF_TAGS) if split is None else (ROW, COL, *HF_TAGS, split.marker)
            events = etree.iterparse(fh, events=("end",), tag=tags, resolve_entities="internal", no_network=True)
            for _event, el in events:
                tag = el.tag
                if tag == ROW:
                    take(*self._row_element(el, name, part))
                elif split is not None and tag == split.marker:  # the rest of sheetData, read by the helper
                    if el.getparent() is None or el.getparent().tag != _s("sheetData"):
                        raise DocumentError("cannot read a sheet whose rows are nested in other markup",
                                            path=self.path)
                    el.getparent().remove(el)
                    rows = split.rows()
                    for k, row in enumerate(rows):
                        rows[k] = None  # type: ignore[call-overload]  # freed as taken
                        take(*row)
                elif tag == COL:
                    if (el.get("hidden") or "").lower() in _TRUE:
                        lo, hi = int(el.get("min", "0") or 0), int(el.get("max", "0") or 0)
                        hidden_cols.update(range(lo, min(hi, 16384) + 1))
                else:
                    text = header_footer_text(el.text or "")
                    if text:
                        kind = "header" if "Header" in HF_TAGS[tag] else "footer"
                        self.segments.append(Segment(text, {"sheet": name, "part": kind, "element": HF_TAGS[tag]},
                                                     kind, first_page_top=kind == "header"))
            for sd in events.root.iter(_s("sheetData")) if events.root is not None else ():
                if sd.text and not sd.text.isspace() or not _SD_ATTRS.issuperset(sd.keys()):
                    self._odd(sd, name, part)
                for child in sd:
                    if child.tag != ROW:
                        self._odd(child, name, part)
        for item in buffered:
            emit(*item)
        if header:
            for c, h in sorted(header.items()):
                if h:
                    self.column_summary.append({"sheet": name, "column": col_letter(c), "col": c, "header": h,
                                                "header_row": header_row, "cells": counts.get(c, 0)})
        if sheet_hidden:
            self.hygiene.append(hygiene_finding(
                "HIDDEN_SHEET", f"隐藏工作表“{name}”（{'深度隐藏' if state == 'veryHidden' else '隐藏'}），含 {sheet_cells} 个非空单元格",
                {"sheet": name}, attributes={"sheet": name, "state": state, "cells": sheet_cells}))
        if hidden_rows or used_hidden_cols:
            self.hygiene.append(hygiene_finding(
                "HIDDEN_ROWS_COLUMNS",
                f"工作表“{name}”有 {len(hidden_rows)} 个含内容的隐藏行、{len(used_hidden_cols)} 个含内容的隐藏列（已一并审查）",
                {"sheet": name},
                attributes={"sheet": name, "rows": hidden_rows[:100], "columns": [col_letter(c) for c in sorted(used_hidden_cols)],
                            "cells": hidden_cells["row"] + hidden_cells["column"]}))
        self._comments(name, part)

    def _row_element(self, el: etree._Element, name: str, part: str) -> tuple[str | None, bool, list[tuple[int, str]]]:
        """``(r attribute, hidden, cells)`` of a parsed ``row`` element; odd markup in it, its tail
        and non-row elements before it become residue; the element and the ones before it are freed."""
        r = el.get("r")
        row_hidden = (el.get("hidden") or "").lower() in _TRUE
        if not _ROW_ATTRS.issuperset(el.keys()):
            self._odd(el, name, part)
        cells = self._row_cells(el, name, part)
        if el.tail is not None and not el.tail.isspace():
            self._residue(part, "cell markup", el.tail, {"sheet": name})
        el.clear()
        while (prev := el.getprevious()) is not None:
            if prev.tag != ROW:  # something else inside sheetData: read before it goes
                self._odd(prev, name, part)
            del el.getparent()[0]
        return r, row_hidden, cells

    def _rows_of(self, stream: bytes, name: str, part: str) -> list[tuple[str | None, bool, list[tuple[int, str]]]]:
        """The rows of a sheet fragment (:class:`_SplitSheet`'s second half) as :meth:`_row_element`
        gives them, non-row elements after the last row read too."""
        out = []
        events = etree.iterparse(io.BytesIO(stream), events=("end",), tag=ROW, resolve_entities="internal",
                                 no_network=True)
        for _event, el in events:
            out.append(self._row_element(el, name, part))
        for sd in events.root.iter(_s("sheetData")) if events.root is not None else ():
            for child in sd:
                if child.tag != ROW:
                    self._odd(child, name, part)
        return out

    def _odd(self, el: etree._Element, sheet: str, part: str) -> None:
        """Markup inside ``sheetData`` that is not a plain cell (an unknown attribute or child, text
        where none belongs): every value in it becomes a residue segment (fail closed: the sweep cuts
        ``sheetData`` out and relies on this pass)."""
        loc = {"sheet": sheet, "cell": el.get("r", "")}
        for sub in el.iter():
            if not isinstance(sub.tag, str):
                continue
            for k, v in sub.attrib.items():
                if k not in _CELL_ATTRS or sub.tag not in (C, ROW):
                    self._residue(part, "cell markup", v, loc)
            for t in (sub.text, sub.tail if sub is not el else None):
                if t and not t.isspace() and sub.tag not in (V, T):
                    self._residue(part, "cell markup", t, loc)

    def _row_cells(self, row: etree._Element, sheet: str, part: str) -> list[tuple[int, str]]:
        """``(column, text)`` of the non-blank cells of ``row``.

        The two shapes nearly every cell has -- ``<c r="B2" t="s"><v>7</v></c>`` and ``<c r="B2"
        t="inlineStr"><is><t>text</t></is></c>`` with known attributes -- are read here directly
        (a million cells: a few seconds less); anything else goes through :meth:`_cell`, which
        reads it the same way and also turns unexpected markup into residue."""
        out: list[tuple[int, str]] = []
        strings, used, cell_attrs, t_attrs = self.strings, self.used_strings, _CELL_ATTRS, _T_ATTRS
        cell_ref, col_of = _CELL_REF.match, _col_index
        for pos, el in enumerate(row):
            if el.tag == C and len(el) == 1 and el.text is None and cell_attrs.issuperset(el.keys()):
                child = el[0]
                ctag = child.tag
                if ctag == V and not len(child) and not child.keys():
                    raw = child.text
                    if raw is None:
                        continue
                    t = el.get("t", "n")
                    if t == "s":
                        try:
                            i = int(raw)
                            text = strings[i]
                        except (ValueError, IndexError):
                            raise DocumentError(f"cell refers to a missing shared string ({raw!r})",
                                                path=self.path) from None
                        used.add(i)
                    elif t == "n":
                        text = number_text(raw)
                    else:
                        text = raw
                elif ctag == IS and len(child) == 1 and not child.keys():
                    tt = child[0]
                    if tt.tag != T or len(tt) or not t_attrs.issuperset(tt.keys()):
                        cell = self._cell(el, pos, sheet, part)
                        if cell is not None:
                            out.append(cell)
                        continue
                    text = tt.text or ""
                else:
                    cell = self._cell(el, pos, sheet, part)
                    if cell is not None:
                        out.append(cell)
                    continue
                if not text or text.isspace():
                    continue
                m = cell_ref(el.get("r") or "")
                out.append((col_of(m.group(1)) if m else pos + 1, text))
            else:
                cell = self._cell(el, pos, sheet, part)
                if cell is not None:
                    out.append(cell)
        return out

    def _cell(self, el: etree._Element, pos: int, sheet: str = "", part: str = "") -> tuple[int, str] | None:
        if el.tag != C:
            if el.tag != _s("extLst"):
                self._odd(el, sheet, part)
            return None
        n = len(el)
        if not _CELL_ATTRS.issuperset(el.keys()) or n > 2 or (n == 2 and el[0].tag != F) or el.text is not None:
            self._odd(el, sheet, part)
        t = el.get("t", "n")
        text = None
        for child in el:  # find() costs ~4 us per call; a direct loop over 1-2 children is cheaper
            ctag = child.tag
            if ctag == F:  # a formula (before its cached value): its literals may spell a value
                if child.text:
                    self._residue(part, "formula", child.text, {"sheet": sheet, "cell": el.get("r", "")})
                continue
            if ctag == V:
                if child.keys() or len(child):
                    self._odd(child, sheet, part)
                raw = child.text
                if raw is None:
                    return None
                if t == "s":
                    try:
                        i = int(raw)
                        text = self.strings[i]
                    except (ValueError, IndexError):
                        raise DocumentError(f"cell refers to a missing shared string ({raw!r})",
                                            path=self.path) from None
                    self.used_strings.add(i)
                elif t == "n":
                    text = number_text(raw)
                else:
                    text = raw
                break
            if ctag == IS:
                if child.keys():
                    self._odd(child, sheet, part)
                if len(child) == 1 and child[0].tag == T:
                    if len(child[0]) or child[0].keys() and not _T_ATTRS.issuperset(child[0].keys()):
                        self._odd(child, sheet, part)
                    text = child[0].text or ""
                else:
                    text = _rich_text(child)
                    if any(c.tag not in _IS_CHILDREN or len(c) and c.tag == T for c in child) or any(
                            c.tag not in _R_CHILDREN for r in child if r.tag == _s("r") for c in r):
                        self._odd(child, sheet, part)
                    for ph in child.iter(RPH):
                        self._residue(part, "phonetic", "".join(ph.itertext()), {"sheet": sheet, "cell": el.get("r", "")})
                break
        if text is None:
            return None
        if not text or text.isspace():
            return None
        m = _CELL_REF.match(el.get("r") or "")
        col = _col_index(m.group(1)) if m else pos + 1
        return col, text

    # -- the rest of the package -----------------------------------------------------------------
    def _comments(self, sheet: str, part: str) -> None:
        for rel in relationships(self.zf, part, self.path).values():
            if rel.external or rel.target not in self.zf.NameToInfo:
                continue
            if rel.type == "comments":
                root = read_xml(self.zf, rel.target, self.path)
                authors = [a.text or "" for a in root.iter(_s("author"))]
                for a in dict.fromkeys(authors):
                    if a.strip():
                        self.segments.append(Segment(f"批注作者：{a}", {"sheet": sheet, "part": "comment",
                                                     "attribute": "author"}, "metadata"))
                n = 0
                for cm in root.iter(_s("comment")):
                    text = _rich_text(cm)
                    aid = cm.get("authorId", "")
                    author = authors[int(aid)] if aid.isdigit() and int(aid) < len(authors) else ""
                    if text.strip():
                        n += 1
                        self.segments.append(Segment(text, {"sheet": sheet, "cell": cm.get("ref", ""),
                                                            "part": "comment", "author": author}, "comment"))
                if n:
                    self.hygiene.append(hygiene_finding("COMMENTS", f"工作表“{sheet}”含 {n} 条批注",
                                                        {"sheet": sheet, "part": "comment"},
                                                        attributes={"count": n, "authors": sorted(set(authors))}))
            elif rel.type == "threadedComment":
                for i, text in iter_text_nodes(read_xml(self.zf, rel.target, self.path)):
                    self.segments.append(Segment(text, {"sheet": sheet, "part": "comment", "xml_part": rel.target,
                                                        "element": i}, "comment"))

    def _defined_names(self, root: etree._Element) -> None:
        for dn in root.iter(_s("definedName")):
            value = (dn.text or "").strip()
            name = dn.get("name", "")
            if value and not name.startswith("_xlnm."):
                self.segments.append(Segment(f"{name}：{value}", {"part": "defined_name", "name": name},
                                             "defined_name"))

    def _other_parts(self) -> None:
        """Drawings (text boxes, alt text), charts, pivot caches and external links hold copies of text."""
        for name in sorted(self.zf.NameToInfo):
            if not name.endswith(".xml") or "/_rels/" in name:
                continue
            if name.startswith(("xl/drawings/", "xl/charts/", "xl/pivotCache/", "xl/externalLinks/")):
                kind = name.split("/")[1]
                for i, text in iter_text_nodes(read_xml(self.zf, name, self.path)):
                    self.segments.append(Segment(text, {"part": kind, "xml_part": name, "element": i}, "other"))

    def _unused_strings(self) -> None:
        """Shared strings no cell shows any more (deleted cells can leave them behind)."""
        unused = [i for i in range(len(self.strings)) if i not in self.used_strings and self.strings[i].strip()]
        for i in unused:
            self.segments.append(Segment(self.strings[i], {"part": "shared_strings", "index": i}, "unused_string"))
        if unused:
            self.hygiene.append(hygiene_finding(
                "HIDDEN_TEXT", f"共享字符串表中有 {len(unused)} 条文字不在任何单元格中显示（已一并审查）",
                {"part": "shared_strings", "xml_part": self.sst_part}, attributes={"count": len(unused)}))



SPLIT_MIN_BYTES = 16 * 1024 * 1024  # a sheet part this big is read by two processes (about 25,000 rows)
SPLIT_MAX_BYTES = 512 * 1024 * 1024  # ... and held in memory for that only up to this size
SPLIT_AT = 0.4  # the share of sheetData this process parses itself
_PREFIXED_TAG = re.compile(rb"</?[A-Za-z_][\w.\-]*:")
#: markup whose meaning depends on what came before it: the helper's half of sheetData holds none
_NOT_IN_SECOND_HALF = (b"<!", b"<?", b"xmlns", b"<col", b"<sheetData", b"</sheetData",
                       *(f"<{n}".encode() for n in HF_TAGS.values()))
_ROOT_TAG = re.compile(rb'\s*<worksheet(?:\s+[\w:.\-]+\s*=\s*"[^"<>]*")*\s*>')


class _SplitSheet:
    """A big sheet read by two processes: this one parses the sheet without the last rows (about
    ``1 - SPLIT_AT`` of sheetData), a forked helper parses those rows (the same
    :meth:`_Workbook._row_element` code) at the same time; their rows meet, in order, where a
    marker element stands in for the cut.

    Only plain sheets are cut (fail closed: anything else is read in one pass as before): a UTF-8 or
    ASCII part without DOCTYPE, comments, CDATA or processing instructions, one ``<sheetData>``
    without attributes or text before its first row, and in the second half only unprefixed rows and
    cells (no namespace declarations, columns, headers/footers). The helper's half is parsed as a
    document of its own under the same root tag, so every cell reads as in one pass; if the helper
    fails, this process parses that half itself (its error, if any, is then raised here). A sheet is
    never cut in a process with other threads, in a forked child, with ``SCREENING_SCAN_JOBS=1``, or
    inside :func:`screening.memory.single_process`.
    """

    def __init__(self, wb: _Workbook, name: str, part: str, cut: tuple[int, int, int]) -> None:
        self.wb, self.name, self.part, self._cut = wb, name, part, cut
        ns = f"urn:uuid:{uuid.uuid4()}"  # a namespace no file can contain
        self.marker = f"{{{ns}}}cut"
        self._marker_xml = f'<cut xmlns="{ns}"/>'.encode()
        self._proc: Any = None
        self._conn: Any = None
        self._parent = b""
        self._inherited = b""

    @classmethod
    def plan(cls, wb: _Workbook, name: str, part: str) -> _SplitSheet | None:
        """A started split of ``part``, or None when it is small or not plain enough to cut."""
        info = wb.zf.NameToInfo.get(part)
        if info is None or not SPLIT_MIN_BYTES <= info.file_size <= SPLIT_MAX_BYTES or not _may_fork():
            return None
        data = cls._data(wb, part)
        cut = _cut_points(data)
        if cut is None:
            return None
        plan = cls(wb, name, part, cut)
        root_end, split, sd_end = cut
        plan._parent = b"".join((data[:split], plan._marker_xml, data[sd_end:]))
        plan._start(data)
        return plan

    @staticmethod
    def _data(wb: _Workbook, part: str) -> bytes:
        with wb.zf.open(part) as fh:
            return fh.read(SPLIT_MAX_BYTES + 1)

    def _child_stream(self, data: bytes) -> bytes:
        root_end, split, sd_end = self._cut
        return b"".join((data[:root_end], b"<sheetData>", data[split:sd_end], b"</sheetData></worksheet>"))

    def _start(self, data: bytes) -> None:
        ctx = multiprocessing.get_context("fork")
        self._conn, child_end = ctx.Pipe(duplex=False)
        self._inherited = data  # the forked helper has it; this process lets it go as soon as it is started
        self._proc = ctx.Process(target=self._helper, args=(child_end,), daemon=True)
        try:
            self._proc.start()
        finally:
            self._inherited = b""
            child_end.close()

    def _helper(self, conn: Any) -> None:  # in the forked helper
        wb, data = self.wb, self._inherited
        wb.residue, wb.used_strings = [], set()
        try:
            rows = wb._rows_of(self._child_stream(data), self.name, self.part)
            conn.send(("ok", rows, wb.residue, wb.used_strings))
        except BaseException:  # noqa: BLE001 - the parent reads the half itself and raises what it gets
            conn.send(("failed",))
        finally:
            conn.close()

    def __enter__(self) -> io.BytesIO:
        """The sheet without the helper's rows, a marker element in their place."""
        stream, self._parent = io.BytesIO(self._parent), b""
        return stream

    def __exit__(self, *exc: object) -> None:
        self.close()

    def rows(self) -> list[tuple[str | None, bool, list[tuple[int, str]]]]:
        """The helper's rows, in order (its residue and shared-string uses added to this reader's)."""
        try:
            got = self._conn.recv()
        except (EOFError, OSError):
            got = ("failed",)
        finally:
            self.close()
        wb = self.wb
        if got[0] != "ok":
            return wb._rows_of(self._child_stream(self._data(wb, self.part)), self.name, self.part)
        _, rows, residue, used = got
        wb.residue.extend(residue)
        wb.used_strings |= used
        return rows  # type: ignore[no-any-return]

    def close(self) -> None:
        """Stop the helper (if it still runs) and wait for it."""
        if self._proc is not None:
            if self._proc.is_alive():
                self._proc.kill()
            self._proc.join()
            self._proc = None
            self._conn.close()


def _cut_points(data: bytes) -> tuple[int, int, int] | None:
    """``(end of the root start tag, start of the first row of the second half, end of sheetData's
    content)`` of a plain sheet part (see :class:`_SplitSheet`), or None."""
    if len(data) > SPLIT_MAX_BYTES or b"<!" in data or b"\0" in data[:4096]:
        return None
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    decl_end = start
    if data.startswith(b"<?xml", start):
        decl_end = data.find(b"?>", start)
        if decl_end < 0:
            return None
        decl_end += 2
        encoding = re.search(rb'encoding\s*=\s*["\']([\w.\-]+)', data[start:decl_end])
        if encoding is not None and encoding.group(1).lower() not in (b"utf-8", b"utf8", b"us-ascii", b"ascii"):
            return None
    if data.find(b"<?", decl_end) >= 0:
        return None
    root = _ROOT_TAG.match(data, decl_end)
    if root is None or data.count(b"<sheetData") != 1 or data.count(b"</sheetData>") != 1:
        return None
    sd_start = data.find(b"<sheetData>")
    if sd_start < 0:
        return None
    sd_start += len(b"<sheetData>")
    sd_end = data.find(b"</sheetData>")
    first = data.find(b"<", sd_start)
    if sd_end < sd_start or first != sd_start and not data[sd_start:first].isspace():
        return None
    # the helper takes more than half: this process also emits every row and unpickles the helper's
    split = data.find(b"<row ", sd_start + int((sd_end - sd_start) * SPLIT_AT), sd_end)
    if split < 0:
        return None
    if any(data.find(bad, split, sd_end) >= 0 for bad in _NOT_IN_SECOND_HALF) or \
            _PREFIXED_TAG.search(data, split, sd_end):
        return None
    return root.end(), split, sd_end


def _may_fork() -> bool:
    """Fork a helper only from a single-threaded main process, unless told not to."""
    if os.environ.get("SCREENING_SCAN_JOBS", "").strip() == "1" or not forking_allowed():
        return False
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    if multiprocessing.parent_process() is not None or threading.active_count() > 1:
        return False
    try:
        return len(os.sched_getaffinity(0)) > 1
    except (AttributeError, OSError):
        return (os.cpu_count() or 1) > 1
