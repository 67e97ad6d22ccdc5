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
import io
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
from screening.documents.embedded_ocr import burn_zip_media
from screening.documents.limits import Limits, check_zip, open_zip
from screening.documents.ooxml import PKG_REL_NS, parse_xml
from screening.documents.residue import decode_text, is_image, parse_xml_safely, text_variants
from screening.errors import DocumentError
from screening.redaction.plan import DocumentPlan
from screening.redaction.policy import Policy
from screening.redaction.writers import WriteResult
from screening.redaction.writers.slots import ValueSweep, log_entry, splice

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
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
        _drop_object_refs(zf, roots, removed)
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
    burn_zip_media(out_path, plan, result)  # issue 16: values OCR read in word/media images
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
        elif not low.endswith((".xml", ".rels", ".vml")) and _unrewritable(low, zf.open(name).read(8)):
            removed.add(name)
            result.notes.append(f"嵌入对象 {name} 无法逐项清理，已从输出中删除")
            result.sanitised.append("embedded OLE objects, macros and ActiveX binaries removed")
    return removed


def _unrewritable(low: str, head: bytes) -> bool:
    """An OLE object, a VBA project or an ActiveX binary: nothing we can clean value by value."""
    return head.startswith(_OLE_MAGIC) or low.endswith("vbaproject.bin") or ("/activex/" in low and low.endswith(".bin"))


def _drop_object_refs(zf: zipfile.ZipFile, roots: dict[str, etree._Element], removed: set[str]) -> None:
    """``o:OLEObject`` / ``w:control`` elements whose part was removed (their preview image stays)."""
    from screening.documents.ooxml import relationships

    tags = ("{urn:schemas-microsoft-com:office:office}OLEObject", _w("control"))
    rid = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    for name, root in roots.items():
        rels = relationships(zf, name, None)
        for el in list(root.iter(*tags)):
            rel = rels.get(el.get(rid, ""))
            if rel is not None and not rel.external and rel.target in removed:
                _drop(el)


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


def _sub_value(value: str, sweep: ValueSweep) -> tuple[str, list[Any]]:
    """``value`` with every planned value replaced; when a value hides behind an encoding (percent-
    encoded link, formula or number-format literals ``"3201"&"05"``, ``\\u`` escapes), the decoded
    form is rewritten and kept (the encoded original would still spell the value)."""
    new, hits = sweep.sub(value)
    if hits:
        return new, hits
    for variant in text_variants(value)[1:]:
        new, hits = sweep.sub(variant)
        if hits:
            return new, hits
    return value, []


def _sweep_tree(root: etree._Element, sweep: ValueSweep, place: str, result: WriteResult) -> None:
    """Text nodes and attribute values of any other XML part (alt text, charts, bookmarks, field
    instructions, tooltips, rels targets, custom XML, SmartArt, form fields ...)."""
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for attr, value in list(el.attrib.items()):
            new, hits = _sub_value(value, sweep)
            if hits:
                el.set(attr, new)
                result.changes.extend(log_entry(h, {"xml_part": place, "attribute": etree.QName(attr).localname})
                                      for h in hits)
        for which in ("text", "tail"):
            value = getattr(el, which)
            if value:
                new, hits = _sub_value(value, sweep)
                if hits:
                    setattr(el, which, new)
                    result.changes.extend(log_entry(h, {"xml_part": place}) for h in hits)
                    if which == "text" and el.tag == _SML_V:
                        _as_text_cell(el)


_SML_V = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}v"


def _as_text_cell(v: etree._Element) -> None:
    """A numeric spreadsheet cell whose value became a mask (an embedded workbook): a string cell."""
    c = v.getparent()
    if c is not None and c.get("t", "n") == "n":
        c.set("t", "str")


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
            kept = _other_member(name, data, sweep, result, depth=0)
            if kept is not None:
                data = kept
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


MAX_NESTING = 4


def _other_member(name: str, data: bytes, sweep: ValueSweep, result: WriteResult, depth: int) -> bytes | None:
    """A member that is not one of the package's XML parts: an embedded package is redacted
    recursively (every XML and text part of it swept, nested packages too); a text part (a ``.txt``
    somebody put in the package) is swept; an OLE object, a macro project or an ActiveX binary, which
    we cannot rewrite, is removed (``None``) with a note; images and fonts are kept as they are (the
    report lists images as unscanned content)."""
    head = data[:8]
    low = name.lower()
    if head.startswith(b"PK\x03\x04"):
        if depth >= MAX_NESTING:
            result.notes.append(f"嵌入包 {name} 嵌套过深，已删除")
            return None
        return _redact_package(name, data, sweep, result, depth + 1)
    if head.startswith(_OLE_MAGIC) or low.endswith("vbaproject.bin") or "/activex/" in low and low.endswith(".bin"):
        result.notes.append(f"嵌入对象 {name} 无法逐项清理，已从输出中删除")
        result.sanitised.append("embedded OLE objects, macros and ActiveX binaries removed")
        return None
    if is_image(low, data) or low.endswith((".odttf", ".ttf", ".otf")):
        return data
    text = decode_text(data)
    if text is None:
        result.notes.append(f"无法解码的部件 {name} 已从输出中删除")
        result.sanitised.append("undecodable parts removed")
        return None
    new, hits = sweep.sub(text)
    if not hits:
        return data
    result.changes.extend(log_entry(h, {"xml_part": name}) for h in hits)
    return new.encode("utf-8")


def _redact_package(name: str, data: bytes, sweep: ValueSweep, result: WriteResult, depth: int) -> bytes | None:
    """An embedded package (an xlsx/docx in ``word/embeddings/``, a zip anywhere), redacted part by part
    at the XML level: its charts, pivot caches and formulas stay intact (an openpyxl round trip would
    drop them); its own embedded packages recursively."""
    try:
        zin = zipfile.ZipFile(io.BytesIO(data))
        check_zip(zin, Limits())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, DocumentError):
        result.notes.append(f"嵌入包 {name} 无法打开，已从输出中删除")
        return None
    out_members = []
    with zin:
        for info in zin.infolist():
            inner = f"{name}!/{info.filename}"
            blob = zin.read(info)
            low = info.filename.lower()
            if low.endswith((".xml", ".rels", ".vml")):
                root = parse_xml_safely(blob)
                if root is None:
                    blob2 = _other_member(inner, blob, sweep, result, depth)
                    if blob2 is not None:
                        out_members.append((info, blob2))
                    continue
                _sweep_tree(root, sweep, inner, result)
                if low.startswith("docprops/core"):
                    _clean_core(root, result)
                blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            else:
                blob2 = _other_member(inner, blob, sweep, result, depth)
                if blob2 is None:
                    continue
                blob = blob2
            out_members.append((info, blob))
    buf = io.BytesIO()
    _save_to(buf, out_members)
    result.sanitised.append("embedded packages redacted")
    return buf.getvalue()


def _save_to(target: Any, members: list[tuple[zipfile.ZipInfo, bytes]]) -> None:
    with zipfile.ZipFile(target, "w") as out:
        for info, data in members:
            zi = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = info.external_attr
            out.writestr(zi, data)


def _save(zf: zipfile.ZipFile, out_path: Path, members: list[tuple[zipfile.ZipInfo, bytes]]) -> None:
    _save_to(out_path, members)


__all__ = ["PKG_REL_NS", "write"]
