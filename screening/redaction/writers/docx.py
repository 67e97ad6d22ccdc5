"""The .docx writer: replace across runs keeping the first run's formatting, then sanitise.

Text is replaced in every part the reader reads (body, tables, text boxes, headers, footers,
footnotes, endnotes; field codes and image alt text too), first at the planned positions (the
reader's :func:`~screening.documents.docx.iter_pieces` gives the identical paragraph text), then
by a sweep for every planned value anywhere else. Sanitising then removes comments (parts,
anchors, references), tracked deletions (insertions are accepted), formatting-change history,
hidden runs (``w:vanish``, also through a hidden style; per policy), core/app/custom properties,
custom XML parts, the thumbnail, rsids, document variables and the attached-template path.
Paragraphs, styles, tables and sections are never added or removed.

>>> REMOVED_PART_TYPES["people"]
'comment/revision authors'
"""

from __future__ import annotations

import bisect
import posixpath
import re
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from screening.documents.docx import (
    W_NS,
    W_P,
    W_R,
    W_RPR,
    W_T,
    ParagraphRef,
    hidden_styles,
    iter_paragraphs,
    main_part,
)
from screening.documents.limits import Limits, open_zip
from screening.documents.ooxml import PKG_REL_NS, parse_xml
from screening.redaction.plan import DocumentPlan
from screening.redaction.policy import Policy
from screening.redaction.writers import WriteResult
from screening.redaction.writers.slots import ValueSweep, log_entry, splice

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_REL_TYPE_TAIL = re.compile(r"/([A-Za-z-]+)$")


def _w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


#: relationship type (last path segment) -> what it is; these parts are dropped with their rels
REMOVED_PART_TYPES = {
    "comments": "comments", "commentsExtended": "comments", "commentsIds": "comments",
    "commentsExtensible": "comments", "people": "comment/revision authors", "custom-properties": "custom properties",
    "customXml": "custom XML", "thumbnail": "thumbnail", "attachedTemplate": "attached template path",
}
_TRACK_REMOVE = {_w(n) for n in ("del", "moveFrom", "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart",
                                 "moveToRangeEnd", "rPrChange", "pPrChange", "sectPrChange", "tblPrChange",
                                 "tcPrChange", "trPrChange", "tblGridChange", "numberingChange", "cellIns",
                                 "cellDel", "cellMerge", "customXmlInsRangeStart", "customXmlInsRangeEnd",
                                 "customXmlDelRangeStart", "customXmlDelRangeEnd")}
_TRACK_UNWRAP = {_w("ins"), _w("moveTo")}
_COMMENT_MARKS = {_w("commentRangeStart"), _w("commentRangeEnd"), _w("commentReference")}
_SETTINGS_REMOVE = {_w(n) for n in ("rsids", "attachedTemplate", "docVars", "mailMerge", "documentProtection",
                                    "writeProtection")}
_ALT_ATTRS = ("descr", "title", "name", "alt")
_APP_KEEP = {"Application", "AppVersion", "DocSecurity", "ScaleCrop", "LinksUpToDate", "SharedDoc",
             "HyperlinksChanged", "Pages", "Words", "Characters", "CharactersWithSpaces", "Lines", "Paragraphs"}


def write(in_path: Path, out_path: Path, plan: DocumentPlan, policy: Policy) -> WriteResult:
    result = WriteResult()
    sweep = ValueSweep.from_plan(plan)
    with open_zip(str(in_path), Limits()) as zf:
        roots: dict[str, etree._Element] = {}
        paragraphs = list(iter_paragraphs(zf, str(in_path), roots))
        main = main_part(zf, str(in_path))
        hidden = hidden_styles(zf, main, str(in_path))
        _apply_positions(paragraphs, plan, result)
        removed = _parts_to_remove(zf, result)
        for name, root in roots.items():
            if name in removed:
                continue
            _sanitise_part(root, hidden, policy, result)
        by_part: dict[str, list[ParagraphRef]] = {}
        for ref in paragraphs:
            if ref.xml_part not in removed:
                by_part.setdefault(ref.xml_part, []).append(ref)
        for refs in by_part.values():
            _sweep_part(refs, sweep, result)
        members = _rewrite(zf, roots, removed, sweep, result)
        result.sanitised.append("rsids stripped")
        _save(zf, out_path, members)
    result.sanitised = sorted(set(result.sanitised))
    return result


# -- text ---------------------------------------------------------------------------------------
def _set_text(el: etree._Element, text: str) -> None:
    if el.tag == W_T or el.tag in (_w("instrText"), _w("delText")):
        el.text = text
        if text != text.strip() or "  " in text:
            el.set(XML_SPACE, "preserve")
    elif text == "":
        parent = el.getparent()
        if parent is not None:
            parent.remove(el)  # a w:tab / w:br inside a redacted span
    else:  # a w:tab / w:br that now carries replacement text: make it a w:t
        t = etree.Element(W_T)
        t.text = text
        el.addnext(t)
        el.getparent().remove(el)


def _edit_pieces(pieces: list[Any], spans: list[tuple[int, int, str]]) -> None:
    new = splice([p.text for p in pieces], spans)
    for piece, text in zip(pieces, new, strict=True):
        if text != piece.text:
            _set_text(piece.element, text)


def _apply_positions(paragraphs: list[ParagraphRef], plan: DocumentPlan, result: WriteResult) -> None:
    """Planned replacements at the reader's paragraph offsets (visible text only)."""
    by_para: dict[tuple[str, int], list[Any]] = {}
    for r in plan.replacements:
        loc = r.location
        if "xml_part" in loc and "paragraph" in loc and "offset" in loc and "content" not in loc:
            by_para.setdefault((loc["xml_part"], int(loc["paragraph"])), []).append(r)
    for ref in paragraphs:
        reps = by_para.get((ref.xml_part, ref.index))
        if not reps:
            continue
        pieces = [p for p in ref.pieces() if p.kind == "text"]
        text = "".join(p.text for p in pieces)
        spans = []
        for r in reps:
            s, e = r.location["offset"]
            if text[s:e] == r.original:  # the contract held: same text on both sides
                spans.append((s, e, r.replacement))
                result.changes.append(r.to_log())
        _edit_pieces(pieces, spans)


def _sweep_part(refs: list[ParagraphRef], sweep: ValueSweep, result: WriteResult) -> None:
    """Every remaining occurrence of a planned value, per kind of piece (visible, field, hidden),
    across the paragraphs of one part (a number broken over two paragraphs is found too)."""
    pieces_of = [(ref, ref.pieces()) for ref in refs]
    for kind in ("text", "field", "hidden", "deleted", "ruby"):
        group, owners = [], []
        for ref, pieces in pieces_of:
            for p in pieces:
                if p.kind == kind:
                    group.append(p)
                    owners.append(ref)
        if not group:
            continue
        starts, pos = [], 0
        for p in group:
            starts.append(pos)
            pos += len(p.text)
        found = sweep.find("".join(p.text for p in group))
        if not found:
            continue
        _edit_pieces(group, [(s, e, new) for s, e, new, _ in found])
        for s, _e, _new, hit in found:
            ref = owners[max(0, bisect.bisect_right(starts, s) - 1)]
            loc = {k: v for k, v in ref.location.items() if k in ("part", "xml_part", "paragraph", "table",
                                                                  "row", "col", "section")}
            result.changes.append(log_entry(hit, {**loc, "content": kind}))


# -- sanitising -----------------------------------------------------------------------------------
def _on(el: etree._Element | None) -> bool:
    return el is not None and (el.get(_w("val")) or "true").lower() not in ("0", "false", "off")


def _run_hidden(r: etree._Element, hidden: frozenset[str]) -> bool:
    rpr = r.find(W_RPR)
    if rpr is not None:
        v = rpr.find(_w("vanish"))
        if v is not None:
            return _on(v)
        st = rpr.find(_w("rStyle"))
        if st is not None and st.get(_w("val")) in hidden:
            return True
    p = next(r.iterancestors(W_P), None)
    ppr = p.find(_w("pPr")) if p is not None else None
    ps = ppr.find(_w("pStyle")) if ppr is not None else None
    return ps is not None and ps.get(_w("val")) in hidden


def _drop(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is not None:
        _keep_tail(el)
        parent.remove(el)


def _keep_tail(el: etree._Element) -> None:
    if el.tail:
        prev = el.getprevious()
        parent = el.getparent()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        elif parent is not None:
            parent.text = (parent.text or "") + el.tail


def _sanitise_part(root: etree._Element, hidden: frozenset[str], policy: Policy, result: WriteResult) -> None:
    for el in [e for e in root.iter() if e.tag in _TRACK_REMOVE]:
        if el.getparent() is not None:
            _drop(el)
            result.sanitised.append("tracked deletions and change history removed")
    for el in [e for e in root.iter() if e.tag in _TRACK_UNWRAP]:
        parent = el.getparent()
        if parent is None:
            continue
        if parent.tag in (W_RPR, _w("pPr"), _w("trPr"), _w("tcPr")) or len(el) == 0:
            _drop(el)  # a marker (inserted paragraph mark / row), not a container
        else:
            idx = parent.index(el)
            for child in list(el):
                parent.insert(idx, child)
                idx += 1
            _drop(el)
        result.sanitised.append("tracked insertions accepted")
    for el in [e for e in root.iter() if e.tag in _COMMENT_MARKS]:
        parent = el.getparent()
        _drop(el)
        if parent is not None and parent.tag == W_R and all(c.tag == W_RPR for c in parent):
            _drop(parent)
        result.sanitised.append("comments removed")
    if policy.document.get("hidden_text") == "remove":
        for r in [r for r in root.iter(W_R) if _run_hidden(r, hidden)]:
            _drop(r)
            result.sanitised.append("hidden text removed")


def _strip_rsids(root: etree._Element) -> None:
    prefix = f"{{{W_NS}}}rsid"
    for el in root.iter():
        if isinstance(el.tag, str):
            for attr in [a for a in el.attrib if a.startswith(prefix)]:
                del el.attrib[attr]


def _parts_to_remove(zf: zipfile.ZipFile, result: WriteResult) -> set[str]:
    removed = set()
    for name in zf.namelist():
        low = name.lower()
        base = posixpath.basename(low)
        if low.startswith("customxml/"):
            removed.add(name)
            result.sanitised.append("custom XML removed")
        elif low.startswith("docprops/thumbnail"):
            removed.add(name)
            result.sanitised.append("thumbnail removed")
        elif low == "docprops/custom.xml":
            removed.add(name)
            result.sanitised.append("custom properties removed")
        elif low.startswith("word/") and base.startswith(("comments", "people")) and base.endswith(".xml"):
            removed.add(name)
            result.sanitised.append("comments removed")
    return removed


def _rel_target(rels_name: str, target: str) -> str:
    folder = posixpath.dirname(posixpath.dirname(rels_name))
    return posixpath.normpath(posixpath.join(folder, target)).lstrip("/")


def _clean_rels(name: str, root: etree._Element, removed: set[str], result: WriteResult) -> None:
    for rel in list(root):
        rtype = rel.get("Type", "")
        tail = _REL_TYPE_TAIL.search(rtype)
        kind = tail.group(1) if tail else ""
        target = rel.get("Target", "")
        internal = rel.get("TargetMode") != "External"
        dead = internal and _rel_target(name, target) in removed
        if dead or kind in REMOVED_PART_TYPES:
            root.remove(rel)
            result.sanitised.append(f"{REMOVED_PART_TYPES.get(kind, kind)} relationship removed")


def _clean_core(root: etree._Element, result: WriteResult) -> None:
    for child in list(root):
        root.remove(child)
    result.sanitised.append("core properties cleared")


def _clean_app(root: etree._Element, result: WriteResult) -> None:
    for child in list(root):
        local = etree.QName(child).localname
        if local not in _APP_KEEP:
            root.remove(child)
    result.sanitised.append("app properties cleared (company, manager, template, titles)")


def _clean_settings(root: etree._Element, result: WriteResult) -> None:
    for el in [e for e in root if e.tag in _SETTINGS_REMOVE]:
        root.remove(el)
    result.sanitised.append("settings: rsids, attached template, document variables removed")


def _sweep_tree(root: etree._Element, sweep: ValueSweep, place: str, result: WriteResult) -> None:
    """Text nodes and attribute values of any other XML part (alt text, charts, rels targets)."""
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for attr, value in list(el.attrib.items()):
            new, hits = sweep.sub(value)
            if hits:
                el.set(attr, new)
                result.changes.extend(log_entry(h, {"xml_part": place, "attribute": etree.QName(attr).localname})
                                      for h in hits)
        for which in ("text", "tail"):
            value = getattr(el, which)
            if value:
                new, hits = sweep.sub(value)
                if hits:
                    setattr(el, which, new)
                    result.changes.extend(log_entry(h, {"xml_part": place}) for h in hits)


def _rewrite(zf: zipfile.ZipFile, roots: dict[str, etree._Element], removed: set[str], sweep: ValueSweep,
             result: WriteResult) -> list[tuple[zipfile.ZipInfo, bytes]]:
    members = []
    for info in zf.infolist():
        name = info.filename
        if name in removed:
            continue
        data = zf.read(info)
        low = name.lower()
        is_xml = low.endswith((".xml", ".rels", ".vml"))
        if not is_xml:
            members.append((info, data))
            continue
        root = roots.get(name)
        if root is None:
            root = parse_xml(data, name, None)
        if low.endswith(".rels"):
            _clean_rels(name, root, removed, result)
        elif low == "[content_types].xml":
            for ov in list(root):
                if ov.get("PartName", "").lstrip("/") in removed:
                    root.remove(ov)
        elif low == "docprops/core.xml":
            _clean_core(root, result)
        elif low == "docprops/app.xml":
            _clean_app(root, result)
        elif low.endswith("/settings.xml"):
            _clean_settings(root, result)
        if low != "[content_types].xml":
            _sweep_tree(root, sweep, name, result)
            _strip_rsids(root)
        data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        members.append((info, data))
    return members


def _save(zf: zipfile.ZipFile, out_path: Path, members: list[tuple[zipfile.ZipInfo, bytes]]) -> None:
    with zipfile.ZipFile(out_path, "w") as out:
        for info, data in members:
            zi = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = info.external_attr
            out.writestr(zi, data)


__all__ = ["PKG_REL_NS", "write"]
