"""The .docx reader: every part a reader or a leak could hide in.

Parts read: the body (paragraphs, nested tables, text boxes), headers and footers of every section,
footnotes, endnotes, comments (text and author), glossary and other WordprocessingML parts,
image alt text, core/app/custom properties and custom XML parts.

Each ``w:p`` gives one segment of what a reader *sees*: the text of its visible runs (``w:t``;
``w:tab`` as ``\\t``; ``w:br``/``w:cr`` as ``\\n``), tracked insertions included. Tracked deletions
(``w:delText``, ``w:moveFrom``), hidden runs (``w:vanish``, also through a hidden style) and field
codes (``w:instrText``) become separate segments with kind ``deleted`` / ``hidden`` / ``field`` right
after their paragraph, so the body text stays what a reader sees and nothing is skipped.

Locations (the contract redaction relies on)::

    {"part": "body" | "table" | "textbox" | "header" | "footer" | "footnote" | "endnote" | "comment"
             | "glossary" | "other" | "properties" | "custom_xml",
     "xml_part": "word/document.xml",   # zip member
     "paragraph": 17,                   # index of the w:p among root.iter(w:p) of that part (0-based)
     "table": 2, "row": 5, "col": 3,    # 1-based; col is the grid column (merged cells counted)
     "nesting": [{"table": 1, "row": 2, "col": 1}],  # outer tables of a nested table
     "section": 1, "header_type": "default" | "first" | "even",
     "comment_id": "0", "author": "...", "note_id": "1",
     "content": "deleted" | "hidden" | "field"}          # only on those extra segments

The writer reuses :func:`iter_paragraphs` and :func:`iter_pieces` so both sides compute the same
text: ``"".join(piece.text for piece in iter_pieces(p) if piece.kind == "text")``.

>>> from lxml import etree
>>> p = etree.fromstring(
...     f'<w:p xmlns:w="{W_NS}"><w:r><w:t>电话139</w:t></w:r><w:ins><w:r><w:t>1234</w:t></w:r></w:ins>'
...     '<w:del><w:r><w:delText>0000</w:delText></w:r></w:del><w:r><w:t>5678</w:t></w:r></w:p>')
>>> paragraph_text(p)
'电话13912345678'
>>> [(x.kind, x.text) for x in iter_pieces(p) if x.kind != "text"]
[('deleted', '0000')]
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from screening.documents import embedded_ocr
from screening.documents.limits import Limits, check_text_size, check_tree_parts, open_zip
from screening.documents.model import Document, Segment, hygiene_finding
from screening.documents.ooxml import (
    PROPERTY_COVERAGE,
    R_NS,
    custom_xml_names,
    custom_xml_segments,
    looks_like_header,
    property_segments,
    read_xml,
    relationships,
    sweep_findings,
)
from screening.documents.residue import Coverage, texts
from screening.errors import DocumentError
from screening.findings import Finding

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
V_NS = "urn:schemas-microsoft-com:vml"
O_NS = "urn:schemas-microsoft-com:office:office"


def _w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


W_P, W_R, W_T, W_TBL, W_TR, W_TC = _w("p"), _w("r"), _w("t"), _w("tbl"), _w("tr"), _w("tc")
W_TXBX = _w("txbxContent")
W_PPR, W_RPR = _w("pPr"), _w("rPr")
W_DEL, W_INS, W_MOVEFROM, W_MOVETO = _w("del"), _w("ins"), _w("moveFrom"), _w("moveTo")
W_VANISH, W_VAL = _w("vanish"), _w("val")
MC_FALLBACK = f"{{{MC_NS}}}Fallback"
W_RUBY, W_RT = _w("ruby"), _w("rt")

#: first this many non-empty body paragraphs count as "top of the first page" (secrecy marks)
FIRST_PAGE_TOP_PARAGRAPHS = 8

_RUN_TEXT = {_w("t"): "text", _w("delText"): "deleted", _w("instrText"): "field", _w("delInstrText"): "deleted"}
_RUN_CHARS = {_w("tab"): "\t", _w("ptab"): "\t", _w("br"): "\n", _w("cr"): "\n", _w("noBreakHyphen"): "-"}
_FALSE = {"0", "false", "off"}


@dataclass(frozen=True)
class Piece:
    """One piece of a paragraph: ``kind`` is ``text`` (visible), ``deleted``, ``hidden`` or ``field``;
    ``element`` is the ``w:t``/``w:tab``/... element it came from (writers edit it)."""

    kind: str
    element: etree._Element
    text: str


def _on(el: etree._Element | None) -> bool:
    return el is not None and (el.get(W_VAL) or "true").lower() not in _FALSE


def _run_hidden(r: etree._Element, hidden_styles: frozenset[str], para_hidden: bool) -> bool:
    rpr = r.find(W_RPR)
    if rpr is not None:
        v = rpr.find(W_VANISH)
        if v is not None:
            return _on(v)
        style = rpr.find(_w("rStyle"))
        if style is not None and style.get(W_VAL) in hidden_styles:
            return True
    return para_hidden


def iter_pieces(p: etree._Element, hidden_styles: frozenset[str] = frozenset()) -> Iterator[Piece]:
    """The pieces of paragraph ``p`` in document order (nested text-box paragraphs excluded: they are
    paragraphs of their own)."""
    ppr = p.find(W_PPR)
    para_hidden = False
    if ppr is not None and hidden_styles:
        ps = ppr.find(_w("pStyle"))
        para_hidden = ps is not None and ps.get(W_VAL) in hidden_styles
    yield from _walk(p, False, hidden_styles, para_hidden)


def _walk(el: etree._Element, deleted: bool, hidden_styles: frozenset[str], para_hidden: bool) -> Iterator[Piece]:
    for child in el:
        tag = child.tag
        if tag == W_R:
            hidden = _run_hidden(child, hidden_styles, para_hidden)
            for item in child:
                t = item.tag
                if t in _RUN_TEXT:
                    kind = _RUN_TEXT[t]
                    text = item.text or ""
                elif t in _RUN_CHARS:
                    kind, text = "text", _RUN_CHARS[t]
                elif t == W_RUBY:  # base text in line, the annotation (w:rt) a piece of its own kind
                    for sub in item:
                        for x in _walk(sub, deleted, hidden_styles, para_hidden):
                            yield x if sub.tag != W_RT or x.kind == "deleted" else Piece("ruby", x.element, x.text)
                    continue
                else:
                    continue
                if deleted or kind == "deleted":
                    kind = "deleted"
                elif hidden:
                    kind = "hidden"
                if text:
                    yield Piece(kind, item, text)
        elif tag in (W_PPR, W_TXBX, W_P) or not isinstance(tag, str):
            continue
        else:
            yield from _walk(child, deleted or tag in (W_DEL, W_MOVEFROM), hidden_styles, para_hidden)


def paragraph_text(p: etree._Element, hidden_styles: frozenset[str] = frozenset()) -> str:
    """What a reader sees of paragraph ``p`` (tracked insertions in, deletions/hidden/field codes out)."""
    return "".join(x.text for x in iter_pieces(p, hidden_styles) if x.kind == "text")


@dataclass
class ParagraphRef:
    """One ``w:p`` of one part, with its location (see the module docstring)."""

    xml_part: str
    index: int
    element: etree._Element
    location: dict[str, Any]
    hidden_styles: frozenset[str] = field(default=frozenset(), repr=False)
    fallback: bool = False  # inside mc:Fallback (a duplicate of the mc:Choice text box for old readers)
    column_header: str | None = None  # table cells below a header row

    def pieces(self) -> list[Piece]:
        return list(iter_pieces(self.element, self.hidden_styles))

    @property
    def text(self) -> str:
        return paragraph_text(self.element, self.hidden_styles)


# -- the package --------------------------------------------------------------------------------
_PART_KIND = {"header": "header", "footer": "footer", "footnotes": "footnote", "endnotes": "endnote",
              "comments": "comment", "glossaryDocument": "glossary"}
_NOT_TEXT = ("styles", "settings", "webSettings", "fontTable", "numbering", "theme", "stylesWithEffects",
             "people", "commentsExtended", "commentsIds", "commentsExtensible")


def main_part(zf: zipfile.ZipFile, path: str | None = None) -> str:
    """The main document part named by ``_rels/.rels`` (normally ``word/document.xml``)."""
    for rel in relationships(zf, "", path).values():
        if rel.type == "officeDocument" and not rel.external:
            return rel.target
    if "word/document.xml" in zf.NameToInfo:
        return "word/document.xml"
    raise DocumentError("not a Word document (no main document part)", path=path)


def text_parts(zf: zipfile.ZipFile, path: str | None = None) -> list[tuple[str, str]]:
    """``(xml_part, part kind)`` for every WordprocessingML part with text, main document first.

    Parts not linked from the main document but holding ``w:p`` elements are included as ``other``
    (fail closed: an orphaned part is still in the file)."""
    main = main_part(zf, path)
    parts = [(main, "body")]
    seen = {main}
    for rel in relationships(zf, main, path).values():
        kind = _PART_KIND.get(rel.type)
        if kind and not rel.external and rel.target not in seen and rel.target in zf.NameToInfo:
            parts.append((rel.target, kind))
            seen.add(rel.target)
    prefix = main.rsplit("/", 1)[0] + "/"
    for name in sorted(zf.NameToInfo):
        stem = name.rsplit("/", 1)[-1][:-4]
        if (name.startswith(prefix) and name.endswith(".xml") and name not in seen and "/_rels/" not in name
                and not any(stem.startswith(n) for n in _NOT_TEXT) and "/theme/" not in name):
            if "glossary/" in name:
                kind = "glossary"
            else:
                kind = next((k for t, k in _PART_KIND.items() if stem.startswith(t)), "other")
            parts.append((name, kind))
            seen.add(name)
    return parts


def hidden_styles(zf: zipfile.ZipFile, main: str, path: str | None = None) -> frozenset[str]:
    """Ids of styles whose run properties hide text (``w:vanish``)."""
    name = next((r.target for r in relationships(zf, main, path).values() if r.type == "styles"), None)
    if not name or name not in zf.NameToInfo:
        return frozenset()
    out = set()
    for st in read_xml(zf, name, path).iter(_w("style")):
        rpr = st.find(W_RPR)
        if rpr is not None and _on(rpr.find(W_VANISH)):
            out.add(st.get(_w("styleId"), ""))
    return frozenset(out)


def _sections(root: etree._Element, rels: dict) -> dict[str, tuple[int, str]]:
    """header/footer part -> (1-based section, type) for the first section referencing it."""
    out: dict[str, tuple[int, str]] = {}
    n = 0
    for sect in root.iter(_w("sectPr")):
        if sect.getparent() is None or sect.getparent().tag not in (W_PPR, _w("body")):
            continue  # sectPrChange history
        n += 1
        for ref in sect:
            if ref.tag in (_w("headerReference"), _w("footerReference")):
                rel = rels.get(ref.get(f"{{{R_NS}}}id", ""))
                if rel is not None:
                    out.setdefault(rel.target, (n, ref.get(_w("type"), "default")))
    return out


class _Tables:
    """Table/row/grid-column of every cell of one part, and the header text of each column."""

    def __init__(self, root: etree._Element, hidden: frozenset[str]) -> None:
        self.cell_pos: dict[etree._Element, tuple[int, int, int]] = {}
        self.headers: dict[int, dict[int, str]] = {}
        self.hidden = hidden
        for t_index, tbl in enumerate(root.iter(W_TBL), start=1):
            rows = [tr for tr in tbl.iter(W_TR) if _nearest(tr, W_TBL) is tbl]
            for r_index, tr in enumerate(rows, start=1):
                col = 1
                for tc in tr.iter(W_TC):
                    if _nearest(tc, W_TR) is not tr:
                        continue
                    self.cell_pos[tc] = (t_index, r_index, col)
                    span = tc.find(f"{_w('tcPr')}/{_w('gridSpan')}")
                    col += int(span.get(W_VAL, "1")) if span is not None and (span.get(W_VAL) or "").isdigit() else 1
            if rows:
                self.headers[t_index] = self._header(rows[0])

    def _header(self, tr: etree._Element) -> dict[int, str]:
        cells = {self.cell_pos[tc][2]: self._cell_text(tc) for tc in tr.iter(W_TC) if tc in self.cell_pos}
        marked = tr.find(f"{_w('trPr')}/{_w('tblHeader')}") is not None
        if marked or looks_like_header(list(cells.values())):
            return {c: t for c, t in cells.items() if t}
        return {}

    def _cell_text(self, tc: etree._Element) -> str:
        return " ".join(
            paragraph_text(p, self.hidden) for p in tc.iter(W_P) if _nearest(p, W_TC) is tc
        ).strip()


def _nearest(el: etree._Element, tag: str) -> etree._Element | None:
    for a in el.iterancestors(tag):
        return a
    return None


def iter_paragraphs(zf: zipfile.ZipFile, path: str | None = None,
                    roots: dict[str, etree._Element] | None = None) -> Iterator[ParagraphRef]:
    """Every ``w:p`` of every text part, with its location.

    ``roots`` (optional) caches the parsed part roots by name: a writer can pass its own dict and then
    edit and save exactly the elements it was given.
    """
    roots = {} if roots is None else roots
    main = main_part(zf, path)
    hidden = hidden_styles(zf, main, path)
    sections = _sections(_root(zf, main, path, roots), relationships(zf, main, path))
    for xml_part, kind in text_parts(zf, path):
        root = _root(zf, xml_part, path, roots)
        yield from _part_paragraphs(root, xml_part, kind, sections.get(xml_part), hidden)


def _root(zf: zipfile.ZipFile, part: str, path: str | None, roots: dict[str, etree._Element]) -> etree._Element:
    if part not in roots:
        roots[part] = read_xml(zf, part, path)
    return roots[part]


def _part_paragraphs(root: etree._Element, xml_part: str, kind: str, section: tuple[int, str] | None,
                     hidden: frozenset[str]) -> Iterator[ParagraphRef]:
    tables = _Tables(root, hidden) if root.find(f".//{W_TBL}") is not None else None
    for index, p in enumerate(root.iter(W_P)):
        loc: dict[str, Any] = {"part": kind, "xml_part": xml_part, "paragraph": index}
        fallback = False
        nesting: list[dict[str, int]] = []
        for a in p.iterancestors():
            tag = a.tag
            if tag == W_TC and tables is not None and a in tables.cell_pos:
                t, r, c = tables.cell_pos[a]
                nesting.append({"table": t, "row": r, "col": c})
            elif tag == W_TXBX and loc["part"] == "body":
                loc["part"] = "textbox"
            elif tag == MC_FALLBACK:
                fallback = True
            elif tag in (_w("comment"), _w("footnote"), _w("endnote")):
                key = "comment_id" if tag == _w("comment") else "note_id"
                loc[key] = a.get(_w("id"), "")
                if tag == _w("comment"):
                    loc["author"] = a.get(_w("author"), "")
        header = None
        if nesting:
            loc.update(nesting[0])
            if nesting[0]["row"] > 1 and tables is not None:
                header = tables.headers.get(nesting[0]["table"], {}).get(nesting[0]["col"])
            if len(nesting) > 1:
                loc["nesting"] = list(reversed(nesting[1:]))
            if loc["part"] == "body":
                loc["part"] = "table"
        if section is not None:
            loc["section"], loc[f"{kind}_type"] = section
        yield ParagraphRef(xml_part, index, p, loc, hidden, fallback, header)


# -- the reader ---------------------------------------------------------------------------------
_ALT_ELEMENTS = (f"{{{WP_NS}}}docPr", f"{{{V_NS}}}shape", f"{{{V_NS}}}imagedata")
_ALT_ATTRS = ("descr", "title", "alt", f"{{{O_NS}}}title")

#: what this reader reads, for the residue sweep (:mod:`screening.documents.residue`): in the
#: WordprocessingML parts it reads (:func:`text_parts`), run text, deleted text and field codes,
#: alt text of drawings/VML shapes, comment and revision authors; plus the properties and custom XML
#: (:data:`~screening.documents.ooxml.PROPERTY_COVERAGE`). Everything else is residue.
DOCX_COVERAGE = (
    Coverage("*", texts(*_RUN_TEXT)),
    Coverage("*", attrs=frozenset(
        {f"{el}@{a}" for el in _ALT_ELEMENTS for a in _ALT_ATTRS}
        | {f"{_w(el)}@{_w('author')}" for el in ("comment", "ins", "del", "moveFrom", "moveTo")})),
    *PROPERTY_COVERAGE,
)
_SEGMENT_KIND = {"body": "text", "table": "table_cell", "textbox": "textbox", "glossary": "text", "other": "text"}


def read_docx(path: str, limits: Limits | None = None) -> Document:
    """Read a .docx file into a :class:`Document` (see the module docstring for locations); then the
    residue sweep adds every value in a place this reader does not read (``kind="residue"``)."""
    limits = limits or Limits()
    with open_zip(path, limits) as zf:
        return _read(zf, path, limits)


def _read(zf: zipfile.ZipFile, path: str, limits: Limits | None = None) -> Document:
    limits = limits or Limits()
    segments: list[Segment] = []
    hygiene: list[Finding] = []
    counts: dict[str, dict[str, int]] = {}
    top_left = FIRST_PAGE_TOP_PARAGRAPHS
    choice_texts: set[str] = set()
    roots: dict[str, etree._Element] = {}
    check_tree_parts(zf, [name for name, _kind in text_parts(zf, path)] + custom_xml_names(zf), limits, path)
    refs = list(iter_paragraphs(zf, path, roots))
    for ref in refs:
        if ref.location["part"] == "textbox" and not ref.fallback:
            choice_texts.add(ref.text)
    chars = 0
    for ref in refs:
        loc = ref.location
        part = loc["part"]
        c = counts.setdefault(ref.xml_part, {"deleted": 0, "hidden": 0, "field": 0, "ruby": 0, "paragraphs": 0})
        c["paragraphs"] += 1
        pieces = ref.pieces()
        text = "".join(x.text for x in pieces if x.kind == "text")
        chars += len(text)
        if chars > limits.max_text_chars:
            check_text_size(chars, limits, path, "the document's paragraphs")
        if ref.fallback and text in choice_texts and all(x.kind == "text" for x in pieces):
            continue  # the same text box already read from mc:Choice
        header = ref.column_header
        top = False
        if text.strip():
            if part in ("body", "table", "textbox") and top_left > 0:
                top, top_left = True, top_left - 1
            elif part == "header":
                top = True
            kind = "table_cell" if "table" in loc else _SEGMENT_KIND.get(part, part)
            segments.append(Segment(text, loc, kind=kind, column_header=header, first_page_top=top,
                                    ref={"xml_part": ref.xml_part, "paragraph": ref.index}))
        for kind, group in _extra_groups(pieces):
            c[kind] += 1
            segments.append(Segment(group, {**loc, "content": kind}, kind=kind, column_header=header,
                                    ref={"xml_part": ref.xml_part, "paragraph": ref.index, "content": kind}))
    segments.extend(_alt_text_segments(refs))
    parts = text_parts(zf, path)
    hygiene.extend(_change_findings(parts, roots, counts))
    prop_segs, prop_findings = property_segments(zf, path)
    segments.extend(_author_segments(parts, roots))
    segments.extend(prop_segs)
    segments.extend(custom_xml_segments(zf, path, limits))
    hygiene.extend(prop_findings)
    ocr_read = embedded_ocr.ooxml_media(zf, "word/", path, segments, hygiene)  # issue 16: OCR of images
    hygiene.extend(_chunk_findings(zf, path))
    read = {name for name, _ in parts} | {n for n in zf.NameToInfo if n.startswith(("docProps/", "customXml/item"))}
    segments.extend(sweep_findings(zf, DOCX_COVERAGE, read, hygiene, limits, path, roots, ocr_read))
    facts = {
        "parts": sorted({r.xml_part for r in refs}),
        "paragraphs": sum(1 for r in refs if r.location["part"] in ("body", "table")),
        "tracked_changes": sum(c["deleted"] for c in counts.values()),
    }
    return Document(path=path, format="docx", segments=segments, facts=facts, hygiene=hygiene)


def _extra_groups(pieces: list[Piece]) -> Iterator[tuple[str, str]]:
    """Contiguous runs of deleted/hidden/field pieces, each as ``(kind, text)``."""
    kind: str | None = None
    buf: list[str] = []
    for x in pieces:
        if x.kind != kind:
            if kind not in (None, "text") and "".join(buf).strip():
                yield kind, "".join(buf)
            kind, buf = x.kind, []
        buf.append(x.text)
    if kind not in (None, "text") and "".join(buf).strip():
        yield kind, "".join(buf)


def _alt_text_segments(refs: list[ParagraphRef]) -> list[Segment]:
    """Image/shape alt text (``wp:docPr`` descr/title, VML alt/title) of each paragraph."""
    out = []
    attrs = tuple((a, etree.QName(a).localname) for a in _ALT_ATTRS)
    for ref in refs:
        for el in ref.element.iter(*_ALT_ELEMENTS):
            if _nearest(el, W_P) is not ref.element:
                continue
            for attr, name in attrs:
                value = (el.get(attr) or "").strip()
                if value:
                    loc = {**ref.location, "attribute": name}
                    out.append(Segment(value, loc, kind="attribute",
                                       ref={"xml_part": ref.xml_part, "paragraph": ref.index, "attribute": attr}))
    return out


def _author_segments(parts: list[tuple[str, str]], roots: dict[str, etree._Element]) -> list[Segment]:
    """Names of comment authors and revision authors (``批注作者：张三``), one per name and part."""
    out = []
    for xml_part, kind in parts:
        root = roots[xml_part]
        seen: set[tuple[str, str]] = set()
        for el in root.iter(_w("comment"), W_INS, W_DEL, W_MOVEFROM, W_MOVETO):
            author = (el.get(_w("author")) or "").strip()
            label = "批注作者" if el.tag == _w("comment") else "修订者"
            if author and (label, author) not in seen:
                seen.add((label, author))
                prefix = f"{label}："
                out.append(Segment(prefix + author, {"part": kind, "xml_part": xml_part, "attribute": "author"},
                                   kind="metadata", ref={"xml_part": xml_part, "attribute": "author",
                                                         "prefix_len": len(prefix)}))
    return out


def _change_findings(parts: list[tuple[str, str]], roots: dict[str, etree._Element],
                     counts: dict[str, dict[str, int]]) -> list[Finding]:
    out = []
    for xml_part, kind in parts:
        root = roots[xml_part]
        ins = sum(1 for _ in root.iter(W_INS, W_MOVETO))
        dels = sum(1 for _ in root.iter(W_DEL, W_MOVEFROM))
        loc = {"part": kind, "xml_part": xml_part}
        if ins or dels:
            authors = sorted({a for el in root.iter(W_INS, W_DEL, W_MOVEFROM, W_MOVETO) if (a := el.get(_w("author")))})
            out.append(hygiene_finding(
                "TRACKED_CHANGES", f"{xml_part} 含修订痕迹：插入 {ins} 处、删除 {dels} 处（删除的文字仍在文件中）",
                loc, attributes={"insertions": ins, "deletions": dels, "authors": authors}))
        if kind == "comment":
            n = sum(1 for _ in root.iter(_w("comment")))
            if n:
                authors = sorted({a for el in root.iter(_w("comment")) if (a := el.get(_w("author")))})
                out.append(hygiene_finding("COMMENTS", f"文档含 {n} 条批注", loc,
                                           attributes={"count": n, "authors": authors}))
        hidden = counts.get(xml_part, {}).get("hidden", 0)
        if hidden:
            out.append(hygiene_finding("HIDDEN_TEXT", f"{xml_part} 含 {hidden} 处隐藏文字（已一并审查）", loc,
                                       attributes={"count": hidden}))
    return out


def _chunk_findings(zf: zipfile.ZipFile, path: str | None) -> list[Finding]:
    """altChunk parts (whole documents pasted in as HTML/RTF/DOCX): we do not read them."""
    out = []
    main = main_part(zf, path)
    for rel in relationships(zf, main, path).values():
        if rel.type in ("aFChunk", "oleObject", "package") and not rel.target.startswith("word/embeddings/"):
            loc = {"part": "embedding", "xml_part": rel.target}
            out.append(hygiene_finding("EMBEDDED_OBJECT", f"嵌入内容 {rel.target}", loc, text=rel.target))
            out.append(hygiene_finding("UNSCANNED_CONTENT", f"嵌入内容 {rel.target} 未被审查", loc,
                                       text=rel.target, attributes={"reason": "embedded_object"}))
    return out
