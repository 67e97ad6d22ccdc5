"""One worksheet part rewritten in a stream (for :mod:`screening.redaction.writers.xlsx`).

The part is read in blocks: the markup before ``<sheetData>`` (columns, views) and after it
(merged cells, hyperlinks, validations, conditional formats, autofilter, header/footer) goes through
the token rewrite of :mod:`~screening.redaction.writers.xml_stream`; the rows are cut into batches
of complete ``<row>`` elements, each batch parsed with lxml (inside a copy of the root tag, so the
namespaces resolve), edited, and written back only if something changed (else the input characters
are copied). Memory is bounded by the batch size, never by the sheet's extent: a sheet with cells at
A1 and XFD1048576 costs two cells.

>>> shift_ref("C5", [3], [2]), shift_ref("A1:D9", [3], [2]), shift_ref("B3", [3], [])
('B4', 'A1:C8', None)
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lxml import etree

from screening.documents.model import col_letter
from screening.documents.xlsx import col_index, number_text
from screening.errors import RedactionError, ResourceLimitExceeded
from screening.redaction.writers.slots import log_entry, splice
from screening.redaction.writers.xml_stream import (
    MemberWriter,
    attrs_of,
    iter_tokens,
    set_attr,
    tag_name,
)

if TYPE_CHECKING:
    from screening.redaction.writers.xlsx import _Context

S_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
MAX_MARKUP = 64 << 20  # characters of markup before/after the rows, and of one row
_TRUE = {"1", "true"}
_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")
_LITERAL = re.compile(r'"((?:[^"]|"")*)"')
_START_TAG = re.compile(r"<([^\s/>!?]+)")
_SHEET_DATA = re.compile(r"""<([\w.-]+:)?sheetData\b(?:[^>"']|"[^"]*"|'[^']*')*>""")


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _count_below(sorted_list: list[int], n: int) -> int:
    return bisect.bisect_left(sorted_list, n)


def shift_ref(ref: str, rows: list[int], cols: list[int]) -> str | None:
    """A cell or range reference with deleted ``rows``/``cols`` (sorted) taken out; ``None`` when
    nothing of it is left."""
    parts = ref.split(":")
    cells = []
    for p in parts:
        m = _CELL.match(p)
        if not m:
            return ref
        cells.append((col_index(m.group(1).upper()), int(m.group(2))))
    if len(cells) == 1:
        c, r = cells[0]
        if (rows and bisect.bisect_left(rows, r) < len(rows) and rows[bisect.bisect_left(rows, r)] == r) or \
           (cols and bisect.bisect_left(cols, c) < len(cols) and cols[bisect.bisect_left(cols, c)] == c):
            return None
        return f"{col_letter(c - _count_below(cols, c))}{r - _count_below(rows, r)}"
    (c0, r0), (c1, r1) = cells[0], cells[-1]
    nc0, nr0 = c0 - _count_below(cols, c0), r0 - _count_below(rows, r0)
    nc1, nr1 = c1 - _count_below(cols, c1 + 1), r1 - _count_below(rows, r1 + 1)
    if nc1 < nc0 or nr1 < nr0:
        return None
    return f"{col_letter(nc0)}{nr0}:{col_letter(nc1)}{nr1}"


def shift_sqref(value: str, rows: list[int], cols: list[int]) -> str | None:
    out = [s for s in (shift_ref(p, rows, cols) for p in value.split()) if s]
    return " ".join(out) or None


def formula_literals(formula: str) -> str:
    """The string literals of a formula, joined (``="3201"&"05"`` -> ``320105``)."""
    return "".join(m.group(1).replace('""', '"') for m in _LITERAL.finditer(formula))


@dataclass
class SheetJob:
    name: str  # the sheet's name in the input (plan locations use it)
    part: str
    hidden_mode: str  # "redact" | "clear" | "remove"
    has_comments: bool = False
    drop_legacy_drawing: bool = False
    hidden_rows: list[int] = field(default_factory=list)
    hidden_cols: list[int] = field(default_factory=list)
    dropped_shared: set[str] = field(default_factory=set)
    last_row: int = 0
    changed_cells: int = 0


class SheetWriter:
    def __init__(self, ctx: _Context, job: SheetJob) -> None:
        self.ctx, self.job = ctx, job
        self._planned_cells = ctx.cells.sheet(job.name)
        self.remove = job.hidden_mode == "remove"
        self.clear = job.hidden_mode == "clear"
        self.wrapper_open = ""
        self.wrapper_close = ""
        self.cleared = False
        self._row_tag = ""
        self._set_tags(f"{{{S_NS}}}row")

    def _set_tags(self, row_tag: str) -> None:
        ns = row_tag[: row_tag.index("}") + 1] if row_tag.startswith("{") else ""
        self._row_tag, self._c_tag, self._v_tag, self._is_tag = ns + "row", ns + "c", ns + "v", ns + "is"
        self._f_tag, self._t_tag, self._r_tag = ns + "f", ns + "t", ns + "r"

    # -- the part -----------------------------------------------------------------------------
    def run(self, blocks: Iterator[str], out: MemberWriter) -> None:
        ctx, part = self.ctx, self.job.part
        buf = ""
        m = None
        for block in blocks:  # the markup before the rows, up to and with <sheetData>
            buf += block
            m = _SHEET_DATA.search(buf)
            if m:
                break
            if len(buf) > MAX_MARKUP:
                raise ResourceLimitExceeded(f"{part}: more than {MAX_MARKUP >> 20} M characters before the rows")
        if m is None:  # no rows at all
            for tok in iter_tokens(iter([buf])):
                out.write(ctx.rewrite(tok, self._prefix_hook, part))
            return
        for tok in iter_tokens(iter([buf[: m.start()]])):
            if not self.wrapper_open and tok.startswith("<") and not tok.startswith(("<?", "<!")):
                qm = _START_TAG.match(tok)
                self.wrapper_open = tok[:-2] + ">" if tok.endswith("/>") else tok
                self.wrapper_close = f"</{qm.group(1)}>" if qm else ""
            out.write(ctx.rewrite(tok, self._prefix_hook, part))
        out.write(m.group(0))
        buf = buf[m.end():]
        if not m.group(0).endswith("/>"):
            buf = self._rows(buf, blocks, out, m.group(1) or "")
        for tok in iter_tokens(itertools.chain([buf], blocks), MAX_MARKUP):
            out.write(ctx.rewrite(tok, self._suffix_hook, part))

    def _rows(self, buf: str, blocks: Iterator[str], out: MemberWriter, prefix: str) -> str:
        """Rows in batches of complete ``<row>`` elements (cut in the text, parsed per batch); the
        text after ``</sheetData>`` (with it written) is returned."""
        end_tag, row_end = f"</{prefix}sheetData>", f"</{prefix}row>"
        while True:
            idx = buf.find(end_tag)
            if idx >= 0:
                self._batch(buf[:idx], out)
                out.write(end_tag)
                return buf[idx + len(end_tag):]
            cut = buf.rfind(row_end)
            if cut >= 0:
                cut += len(row_end)
                self._batch(buf[:cut], out)
                buf = buf[cut:]
            if len(buf) > MAX_MARKUP:
                raise ResourceLimitExceeded(f"{self.job.part}: a row longer than {MAX_MARKUP >> 20} M characters")
            block = next(blocks, None)
            if block is None:
                raise RedactionError(f"{self.job.part}: the sheet's rows are not closed (truncated part?)")
            buf += block

    # -- markup around the rows ------------------------------------------------------------------
    def _prefix_hook(self, tag: str) -> str | None:
        name = tag_name(tag)
        if name == "col" and not tag.startswith("</"):
            a = attrs_of(tag)
            lo, hi = int(a.get("min", "0") or 0), int(a.get("max", "0") or 0)
            if (a.get("hidden") or "").lower() in _TRUE:
                self.job.hidden_cols.extend(range(lo, min(hi, 16384) + 1))
                self.job.hidden_cols.sort()
                if self.remove:
                    return ""
            elif self.remove and self.job.hidden_cols:
                tag = set_attr(tag, "min", str(lo - _count_below(self.job.hidden_cols, lo)))
                return set_attr(tag, "max", str(hi - _count_below(self.job.hidden_cols, hi + 1)))
        elif name == "dimension" and self.remove:
            return ""
        return None

    def _suffix_hook(self, tag: str) -> str | None:
        name = tag_name(tag)
        if name == "legacyDrawing" and self.job.drop_legacy_drawing:
            return ""
        if not self.remove or tag.startswith("</") or not (self.job.hidden_rows or self.job.hidden_cols):
            return None
        a = attrs_of(tag)
        for attr in ("ref", "sqref"):
            if attr in a:
                new = shift_sqref(a[attr], self.job.hidden_rows, self.job.hidden_cols)
                if new is None:
                    if tag.endswith("/>") and name in ("mergeCell", "hyperlink", "selection", "protectedRange"):
                        return ""
                    new = "A1"
                tag = set_attr(tag, attr, new)
        return tag

    # -- rows ----------------------------------------------------------------------------------
    def _batch(self, text: str, out: MemberWriter) -> None:
        if not text:
            return
        if not text.strip():
            out.write(text)
            return
        try:
            root = etree.fromstring(self.wrapper_open + text + self.wrapper_close, PARSER)
        except etree.XMLSyntaxError as exc:
            raise RedactionError(f"{self.job.part}: cannot parse the rows ({exc})") from None
        if self._edit(root):
            xml = etree.tostring(root, encoding="unicode")
            if len(root) == 0 and not (root.text or "").strip():
                return
            body = xml[xml.index(">") + 1 : xml.rindex("</")]
            out.write(body)
        else:
            out.write(text)

    def _edit(self, root: etree._Element) -> bool:
        cells: list[tuple[etree._Element, str]] = []
        slots: list[str] = []
        changed = False
        for row in list(root):
            changed |= self._edit_row(root, row, cells, slots)
        if cells:
            changed |= self._sweep_cells(cells, slots)
        return changed

    def _edit_row(self, root: etree._Element, row: etree._Element, cells: list[tuple[etree._Element, str]],
                  slots: list[str]) -> bool:
        """One element of a batch: a row hidden, emptied or removed per policy, renumbered when rows
        above it were removed, its cells edited (their texts added to ``cells`` and ``slots`` for the
        sweep); a comment between rows swept."""
        if not isinstance(row.tag, str):  # a comment between rows
            new, hits = self.ctx.sub(row.text or "")
            if hits:
                row.text = new
            return bool(hits)
        if row.tag != self._row_tag:
            if _local(row.tag) != "row":
                return False
            self._set_tags(row.tag)
        where = self._row_place(row)
        if where is None:  # a hidden row, removed
            root.remove(row)
            return True
        changed = bool(where[1])  # (renumbered)
        c_tag = self._c_tag
        for pos, c in enumerate(list(row)):
            if c.tag == c_tag:
                changed |= self._edit_cell(row, pos, c, where, cells, slots)
        return changed

    def _row_place(self, row: etree._Element) -> tuple[int, int, bool, bool] | None:
        """``(number, removed rows above it, hidden, the cells' columns asked)`` of a row, renumbered
        when rows above it were removed; None for a hidden row the policy removes."""
        job = self.job
        r = row.get("r")
        rnum = int(r) if r and r.isdigit() else job.last_row + 1
        job.last_row = rnum
        hidden_row = (row.get("hidden") or "").lower() in _TRUE
        if hidden_row:
            job.hidden_rows.append(rnum)
            if self.remove:
                return None
        shift_r = _count_below(job.hidden_rows, rnum) if self.remove else 0
        if shift_r:
            row.set("r", str(rnum - shift_r))
        return rnum, shift_r, hidden_row, self.remove or bool(job.hidden_cols)  # (else the column is never asked)

    def _edit_cell(self, row: etree._Element, pos: int, c: etree._Element, where: tuple[int, int, bool, bool],
                   cells: list[tuple[etree._Element, str]], slots: list[str]) -> bool:
        """One cell of a row (``where``: :meth:`_row_place`): removed, emptied or moved per policy,
        its planned replacements placed, its text added for the sweep."""
        ref = c.get("r") or ""
        done, changed = self._place_cell(row, pos, c, ref, where)
        if done:
            return changed
        text = self._cell_text(c)
        if text is None:
            return self._formula_only(c) or changed
        cells.append((c, text))
        slots.append(self._planned(ref, text))
        return changed

    def _place_cell(self, row: etree._Element, pos: int, c: etree._Element, ref: str,
                    where: tuple[int, int, bool, bool]) -> tuple[bool, bool]:
        """``(done with, changed)``: a cell of a hidden column removed, one of a hidden row or column
        emptied (done with either way), per policy; one moved by removed rows or columns renumbered."""
        job = self.job
        rnum, shift_r, hidden_row, need_col = where
        m, col, hidden_col = self._column(ref, pos) if need_col else (None, 0, False)
        if hidden_col and self.remove:
            row.remove(c)
            return True, True
        if self.clear and (hidden_row or hidden_col):
            if len(c) or c.get("t"):
                _set_value(c, "")
                self.cleared = True
                return True, True
            return True, False
        if self.remove and m and (shift_r or job.hidden_cols):
            new_ref = f"{col_letter(col - _count_below(job.hidden_cols, col))}{rnum - shift_r}"
            if new_ref != ref:
                c.set("r", new_ref)
                return False, True
        return False, False

    def _column(self, ref: str, pos: int) -> tuple[re.Match[str] | None, int, bool]:
        """``(the reference parsed, the column, hidden)`` of the cell ``ref`` at ``pos`` in its row."""
        m = _CELL.match(ref)
        col = col_index(m.group(1)) if m else pos + 1
        return m, col, bool(self.job.hidden_cols) and col in _Set(self.job.hidden_cols)

    def _planned(self, ref: str, text: str) -> str:
        """``text`` of the cell ``ref`` with its planned replacements placed (those whose original
        value is still there, each logged as the plan's change)."""
        planned = self._planned_cells.get(ref)
        if not planned:
            return text
        reps, changes = self.ctx.reps, self.ctx.result.changes
        spans = []
        for i, s, e in planned:
            if text[s:e] == reps.original_of(i):
                spans.append((s, e, reps.replacement_of(i)))
                changes.append_planned(i)  # type: ignore[attr-defined]  # a ChangeLog
        return splice([text], spans)[0] if spans else text

    def _sweep_cells(self, cells: list[tuple[etree._Element, str]], slots: list[str]) -> bool:
        """The batch's cells in reading order as one run of slots (a value typed over two cells is
        found too), then every cell written back: a changed value as an inline string."""
        ctx, job = self.ctx, self.job
        found = ctx.sweep.find("".join(slots))
        new = splice(slots, [(s, e, r) for s, e, r, _ in found]) if found else slots
        if found:
            starts, pos = [], 0
            for t in slots:
                starts.append(pos)
                pos += len(t)
            for s, _e, _r, hit in found:
                c = cells[max(0, bisect.bisect_right(starts, s) - 1)][0]
                ctx.result.changes.append(log_entry(hit, {"sheet": job.name, "cell": c.get("r") or ""}))
        changed = False
        for (c, old), text in zip(cells, new, strict=True):
            value_changed = text != old
            f = None
            if len(c) > 1:
                f_tag = self._f_tag
                for child in c:
                    if child.tag == f_tag:
                        f = child
                        break
            if f is not None:
                changed |= self._formula(c, f, value_changed)
            if value_changed:
                is_ = c[0] if len(c) == 1 and f is None else None
                if text and is_ is not None and is_.tag == self._is_tag and len(is_) == 1 \
                        and is_[0].tag == self._t_tag:
                    is_[0].text = text  # an inline string of one run already: only its text changes
                    if text != text.strip():
                        is_[0].set(XML_SPACE, "preserve")
                else:
                    _set_value(c, text)
                job.changed_cells += 1
                changed = True
            elif len(c) and len(c[0]) > 1:
                changed |= self._phonetic(c)  # an inline string of several runs (phonetic ones too)
        return changed

    def _cell_text(self, c: etree._Element) -> str | None:
        """The cell's text as the reader gives it (None: no value, or only whitespace)."""
        t = c.get("t", "n")
        text = None
        v_tag, is_tag = self._v_tag, self._is_tag
        for child in c:
            local = "v" if child.tag == v_tag else "is" if child.tag == is_tag else ""
            if local == "v":
                raw = child.text
                if raw is None:
                    return None
                if t == "s":
                    try:
                        text = self.ctx.strings[int(raw)]
                    except (ValueError, IndexError):
                        raise RedactionError(f"{self.job.part}: a cell refers to a missing shared string") from None
                elif t == "n":
                    text = number_text(raw)
                else:
                    text = raw
                break
            if local == "is":
                if len(child) == 1 and child[0].tag == self._t_tag:
                    text = child[0].text or ""
                else:
                    text = _rich_text(child)
                break
        if not text or text.isspace():
            return None
        return text

    def _formula(self, c: etree._Element, f: etree._Element, value_changed: bool) -> bool:
        """Drop a formula whose cached value changed or that itself holds a value (``="3201"&…``):
        an office suite would recalculate it and show the value again."""
        ctx = self.ctx
        formula = f.text or ""
        renamed = ctx.rename_refs(formula)
        si = f.get("si")
        drop = value_changed or (f.get("t") == "shared" and si in self.job.dropped_shared and not f.get("ref"))
        if not drop and formula:
            hits = ctx.sweep.find(renamed) or ctx.sweep.find(formula_literals(renamed))
            if hits:
                drop = True
                ctx.result.changes.extend(log_entry(h, {"sheet": self.job.name, "cell": c.get("r") or "",
                                                        "formula": True}) for *_, h in hits)
        if drop:
            if f.get("t") == "shared" and f.get("ref") and si is not None:
                self.job.dropped_shared.add(si)
            c.remove(f)
            ctx.result.sanitised.append("formulas holding a redacted value replaced by their redacted value")
            if not value_changed and c.get("t") == "str":
                v = _child(c, "v")
                _set_value(c, v.text or "" if v is not None else "")
            return True
        if renamed != formula:
            f.text = renamed
            return True
        return False

    def _formula_only(self, c: etree._Element) -> bool:
        """A formula cell without a cached value: replaced by its redacted string literals when it
        holds a value."""
        f = _child(c, "f")
        if f is None or not (f.text or "").strip():
            return False
        ctx = self.ctx
        formula = ctx.rename_refs(f.text or "")
        literals = formula_literals(formula)
        hits = ctx.sweep.find(formula) or ctx.sweep.find(literals)
        if not hits:
            if formula != f.text:
                f.text = formula
                return True
            return False
        ctx.result.changes.extend(log_entry(h, {"sheet": self.job.name, "cell": c.get("r") or "", "formula": True})
                                  for *_, h in hits)
        if f.get("t") == "shared" and f.get("ref") and f.get("si") is not None:
            self.job.dropped_shared.add(f.get("si") or "")
        c.remove(f)
        _set_value(c, ctx.sweep.sub(literals)[0])
        ctx.result.sanitised.append("formulas holding a redacted value replaced by their redacted value")
        return True

    def _phonetic(self, c: etree._Element) -> bool:
        """Phonetic runs (and every other text) of an inline string that kept its value."""
        is_ = _child(c, "is")
        if is_ is None or len(is_) < 2:
            return False  # a single run: swept with the batch
        changed = False
        for t in is_.iter(_ns_of(c.tag) + "t"):
            if t.text:
                new, hits = self.ctx.sub(t.text)
                if hits:
                    t.text = new
                    changed = True
        return changed


class _Set:
    """Membership in a sorted list without building a set per cell."""

    __slots__ = ("items",)

    def __init__(self, items: list[int]) -> None:
        self.items = items

    def __contains__(self, n: int) -> bool:
        i = bisect.bisect_left(self.items, n)
        return i < len(self.items) and self.items[i] == n


def _child(c: etree._Element, local: str) -> etree._Element | None:
    tag = _ns_of(c.tag) + local
    for child in c:
        if child.tag == tag:
            return child
    return None


def _ns_of(tag: str) -> str:
    return tag[: tag.index("}") + 1] if tag[:1] == "{" else ""


def _rich_text(el: etree._Element) -> str:
    """Text of an ``is``/``si`` element without phonetic runs (as the reader reads it)."""
    ns = _ns_of(el.tag)
    t_tag = ns + "t"
    if len(el) == 1 and el[0].tag == t_tag:
        return el[0].text or ""
    out = []
    for child in el:  # <t>, or rich runs <r><rPr/><t/></r>; <rPh> (phonetic) and <phoneticPr> skipped
        if child.tag == t_tag:
            out.append(child.text or "")
        elif child.tag == ns + "r":
            out.extend(t.text or "" for t in child if t.tag == t_tag)
    return "".join(out)


def _set_value(c: etree._Element, text: str) -> None:
    """The cell's value replaced by an inline string (an empty text: no value at all)."""
    ns = _ns_of(c.tag)
    drop = (ns + "v", ns + "is", ns + "f")
    for child in [ch for ch in c if ch.tag in drop]:
        c.remove(child)
    if not text:
        c.attrib.pop("t", None)
        return
    c.set("t", "inlineStr")
    is_ = etree.Element(ns + "is")
    t = etree.SubElement(is_, ns + "t")
    t.text = text
    if text != text.strip() or "\n" in text:
        t.set(XML_SPACE, "preserve")
    c.insert(0, is_)
