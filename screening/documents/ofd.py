"""The OFD reader (GB/T 33190, the national fixed-layout format for official documents).

An OFD file is a zip package; it is opened with the same checks as docx/xlsx (duplicate member
names, part count, sizes, compression ratio) and its XML is parsed with the same safe parser. The
structure (:mod:`.ofd_package`): ``OFD.xml`` -> ``Document.xml`` -> pages; every ``TextCode``
character is placed on its page and the characters are regrouped into lines by position, so a
number drawn as several TextCodes (one per character is common) reads as one value.

Segments:

- one per page (the first page's first lines a separate ``first_page_top`` segment, as in PDFs),
  location ``{"page": n, "part": "Doc_0/Pages/Page_0/Content.xml"}``; a finding's location gains
  ``bbox``/``boxes`` in millimetres (``"unit": "mm"``, origin top-left); template pages
  (headers, red heads drawn once for many pages) are segments of their own (``"template": id``);
- ``DocInfo`` metadata (``标题：…``, ``作者：…``, keywords, ``CustomDatas``) as ``metadata``
  segments; a ``DOCUMENT_METADATA`` finding when Author or custom data are set;
- annotations (``Annots``: remarks, parameters, text drawn in their appearance) as ``comment``
  segments and one ``COMMENTS`` finding;
- attachments (``Attachments.xml``) read with the normal readers (their segments are prefixed
  ``附件 name``; locations carry ``attachment``); one that cannot be read is ``UNSCANNED_CONTENT``;
- signatures (``Signs``) an ``EMBEDDED_OBJECT`` finding (the seal and certificate are not text;
  their binary parts are swept and stay ``UNSCANNED_CONTENT``);
- images (``ImageObject``) OCR'd when the OCR extra is installed, else ``UNSCANNED_CONTENT``.

Then the residue sweep (:mod:`.residue`) walks every member for text and attributes not read above.

>>> from screening.documents.ofd_package import parse_deltas
>>> len(parse_deltas("g 10 5.0"))
10
"""

from __future__ import annotations

import glob
import os
import posixpath
import tempfile
from functools import partial
from pathlib import Path
from typing import Any

from screening.documents.limits import Limits, check_text_size, open_zip, read_member
from screening.documents.model import Document, Segment, hygiene_finding
from screening.documents.ofd_package import (
    ContentPart,
    Line,
    Package,
    descendants,
    kid,
    kids,
    local,
    open_package,
    text_object_glyphs,
    text_of,
    union,
)
from screening.documents.residue import Coverage, sweep_package, texts
from screening.errors import DocumentError, ResourceLimitExceeded, UnsupportedFormat
from screening.findings import Finding

#: lines at the top of page 1 marked ``first_page_top`` (the secrecy header zone), as in the PDF reader
FIRST_PAGE_TOP_LINES = 8
#: DocInfo fields read as metadata, with their labels; those naming a person make a DOCUMENT_METADATA item
DOCINFO_LABELS = {"Title": "标题", "Author": "作者", "Subject": "主题", "Abstract": "摘要", "DocUsage": "文档类型",
                  "Creator": "创建程序", "CreatorVersion": "创建程序版本", "CreationDate": "创建日期",
                  "ModDate": "修改日期", "DocID": "文档标识", "Cover": "封面"}
PERSONAL_DOCINFO = frozenset({"Author"})
#: attributes and element text of page content that are geometry, ids and resource names (not text)
GEOMETRY_ATTRS = frozenset({
    "ID", "Boundary", "CTM", "X", "Y", "DeltaX", "DeltaY", "Size", "Font", "Value", "LineWidth", "MiterLimit",
    "DashPattern", "DashOffset", "Alpha", "ResourceID", "TemplateID", "ZOrder", "DrawParam", "Weight",
    "HScale", "ReadDirection", "CharDirection", "Fill", "Stroke", "Rule", "Join", "Cap", "Italic", "Visible",
    "Index", "ColorSpace", "Substitution", "ImageMask", "Type", "Format", "BaseLoc", "FontName", "FamilyName",
    "Charset", "Serif", "Bold", "FixedWidth", "Name", "CodePosition", "CodeCount", "GlyphCount", "Width",
    "Height", "Position", "Extend", "StartPoint", "EndPoint", "MapType", "MapUnit", "Angle", "Offset",
    "Content", "Relative", "Mode", "Thumbnail", "BitsPerComponent", "Version", "DocType", "PageID",
    "LastModDate", "CreationDate", "NoPrint", "NoView", "NoZoom", "NoRotate", "ReadOnly", "Event",
})
GEOMETRY_TEXT = ("PhysicalBox", "ApplicationBox", "ContentBox", "BleedBox", "AbbreviatedData", "Glyphs",
                 "MaxUnitID", "MediaFile", "FontFile", "PublicRes", "DocumentRes", "DocRoot", "Signatures",
                 "Annotations", "Attachments", "CustomTags", "Extensions", "FileLoc", "PageRes", "Thumbnail")


def read_ofd(path: str, limits: Limits | None = None, _depth: int = 0) -> Document:
    """Read an .ofd file (see the module docstring)."""
    lim = limits or Limits()
    with open_zip(path, lim) as zf:
        pkg = open_package(zf, path, lim)
        segments: list[Segment] = []
        hygiene: list[Finding] = []
        for cp in pkg.contents:
            segments.extend(_content_segments(cp))
        if sum(len(s.text) for s in segments) > lim.max_text_chars:
            check_text_size(sum(len(s.text) for s in segments), lim, path, "the OFD pages")
        meta_segs, meta_findings = _docinfo(pkg)
        segments.extend(meta_segs)
        hygiene.extend(meta_findings)
        annot_segs, annot_findings = _annotations(pkg)
        segments.extend(annot_segs)
        hygiene.extend(annot_findings)
        reported: set[str] = set()
        whole: list[str] = []
        img_segs, img_findings, ocred = _images(pkg)
        segments.extend(img_segs)
        hygiene.extend(img_findings)
        reported |= ocred
        att_segs, att_findings, att_members = _attachments(pkg, lim, _depth)
        segments.extend(att_segs)
        hygiene.extend(att_findings)
        whole.extend(att_members)
        hygiene.extend(_signatures(pkg))
        coverage = _coverage(pkg, whole)
        sweep = sweep_package(zf, coverage, read=set(pkg.trees), reported=reported, limits=lim, path=path,
                              parsed=dict(pkg.trees))
        segments.extend(sweep.segments)
        hygiene.extend(sweep.hygiene)
        facts: dict[str, Any] = {"pages": sum(1 for c in pkg.contents if c.page), "fonts": sorted(set(pkg.fonts.values())),
                                 "unit": "mm", "images": sum(len(c.images) for c in pkg.contents),
                                 "templates": sum(1 for c in pkg.contents if c.template)}
        if len(kids(pkg.ofd_root, "DocBody")) > 1:
            facts["note"] = "OFD 包含多个文档（DocBody），只读取了第一个；其余文档的部件已由残留扫描审查"
    return Document(path=path, format="ofd", segments=segments, facts=facts, hygiene=hygiene)


# -- page text -----------------------------------------------------------------------------------
def _locate(lines: list[Line], starts: list[int], base: dict[str, Any], start: int, end: int) -> dict[str, Any]:
    rows: list[list[float]] = []
    for line, s in zip(lines, starts, strict=True):
        e = s + len(line.text)
        if e <= start or s >= end:
            continue
        gl = [g for g in line.chars[max(start, s) - s: min(end, e) - s] if g is not None]
        if gl:
            rows.append(union([g.box for g in gl]))
    if not rows:
        return {}
    return {**base, "bbox": union([tuple(r) for r in rows]), "boxes": rows, "unit": "mm"}  # type: ignore[misc]


def _segment(lines: list[Line], loc: dict[str, Any], top: bool, ref: dict[str, Any]) -> Segment:
    starts, pos = [], 0
    for ln in lines:
        starts.append(pos)
        pos += len(ln.text) + 1
    text = "\n".join(ln.text for ln in lines)
    base = {k: v for k, v in loc.items() if k in ("page", "template")}
    return Segment(text, loc, "text", first_page_top=top, locator=partial(_locate, lines, starts, base),
                   ref={**ref, "lines": lines})


def _content_segments(cp: ContentPart) -> list[Segment]:
    lines = cp.lines()
    loc: dict[str, Any] = {"part": cp.part}
    if cp.page is not None:
        loc = {"page": cp.page, **loc}
    else:
        loc = {"template": cp.template, **loc}
    if not lines:
        return [Segment("", loc, "text", first_page_top=cp.page == 1)] if cp.page == 1 else []
    if cp.page == 1 and len(lines) > FIRST_PAGE_TOP_LINES:
        return [_segment(lines[:FIRST_PAGE_TOP_LINES], loc, True, {"ofd_part": cp.part}),
                _segment(lines[FIRST_PAGE_TOP_LINES:], loc, False, {"ofd_part": cp.part})]
    kind_top = cp.page == 1
    seg = _segment(lines, loc, kind_top, {"ofd_part": cp.part})
    if cp.template is not None:
        seg.kind = "header"  # drawn on every page that uses the template: page furniture
    return [seg]


# -- metadata ----------------------------------------------------------------------------------------
def _docinfo(pkg: Package) -> tuple[list[Segment], list[Finding]]:
    info = kid(pkg.docbody, "DocInfo")
    segs: list[Segment] = []
    personal: list[str] = []
    if info is None:
        return segs, []
    for el in info:
        name = local(el.tag)
        if name in DOCINFO_LABELS:
            value = text_of(el)
            if value:
                segs.append(_meta(name, DOCINFO_LABELS[name], value))
                if name in PERSONAL_DOCINFO:
                    personal.append(name)
        elif name == "Keywords":
            words = [text_of(k) for k in kids(el, "Keyword") if text_of(k)]
            if words:
                segs.append(_meta("Keywords", "关键词", "；".join(words)))
        elif name == "CustomDatas":
            for cd in kids(el, "CustomData"):
                value, label = text_of(cd), cd.get("Name", "")
                if value or label:
                    segs.append(_meta(f"CustomData:{label}", label or "自定义数据", value))
                    personal.append(f"CustomData:{label}")
    findings = []
    if personal:
        findings.append(hygiene_finding(
            "DOCUMENT_METADATA", "OFD 文档信息（DocInfo）含个人/自定义属性：" + "、".join(dict.fromkeys(personal)),
            {"part": "properties", "xml_part": "OFD.xml"}, attributes={"properties": list(dict.fromkeys(personal))}))
    return segs, findings


def _meta(name: str, label: str, value: str) -> Segment:
    prefix = f"{label}："
    return Segment(prefix + value, {"part": "properties", "xml_part": "OFD.xml", "property": name}, kind="metadata",
                   ref={"xml_part": "OFD.xml", "property": name, "prefix_len": len(prefix)})


# -- annotations -------------------------------------------------------------------------------------
def _annotations(pkg: Package) -> tuple[list[Segment], list[Finding]]:
    segs: list[Segment] = []
    count = 0
    for member, page in pkg.annotation_parts:
        root = pkg.xml(member)
        for annot in descendants(root, "Annot"):
            count += 1
            loc: dict[str, Any] = {"part": "annotation", "xml_part": member, "annot": annot.get("ID", ""),
                                   "type": annot.get("Type", "")}
            if page:
                loc["page"] = page
            pieces = []
            for attr in ("Creator", "Subtype"):
                if annot.get(attr):
                    pieces.append(f"{'创建者' if attr == 'Creator' else '类型'}：{annot.get(attr)}")
            remark = text_of(kid(annot, "Remark"))
            if remark:
                pieces.append(f"备注：{remark}")
            for p in descendants(annot, "Parameter"):
                if text_of(p):
                    pieces.append(f"{p.get('Name', '参数')}：{text_of(p)}")
            drawn = "".join(g.ch for t in descendants(annot, "TextObject") for g in text_object_glyphs(t))
            if drawn:
                pieces.append(drawn)
            if pieces:
                segs.append(Segment("\n".join(pieces), loc, kind="comment"))
    findings = []
    if count:
        findings.append(hygiene_finding("COMMENTS", f"OFD 含 {count} 条注释（Annots：批注、图章、水印等）",
                                        {"part": "annotation", "xml_part": pkg.annotations_index or ""},
                                        attributes={"count": count}))
    return segs, findings


# -- images ----------------------------------------------------------------------------------------
def _images(pkg: Package) -> tuple[list[Segment], list[Finding], set[str]]:
    from screening.documents import ocr

    segs: list[Segment] = []
    findings: list[Finding] = []
    done: set[str] = set()
    for cp in pkg.contents:
        for _obj, rid in cp.images:
            member = pkg.media.get(rid)
            if member is None or member in done:
                continue
            done.add(member)
            loc: dict[str, Any] = {"part": member, "xml_part": member, "image": rid, "ofd_media": member}
            if cp.page is not None:
                loc["page"] = cp.page
            where = f"第 {cp.page} 页图片 {member}" if cp.page else f"模板页图片 {member}"
            info = pkg.zf.NameToInfo[member]
            if info.file_size > 64 * 2**20:
                findings.append(hygiene_finding("UNSCANNED_CONTENT", f"{where}过大，未经 OCR", loc,
                                                attributes={"reason": "image"}))
                continue
            s, f = ocr.ocr_image_bytes(read_member(pkg.zf, member, pkg.path), loc, where, name=member)
            segs.extend(s)
            findings.extend(f)
    return segs, findings, done


# -- attachments ---------------------------------------------------------------------------------------
def attachment_entries(pkg: Package) -> list[tuple[Any, str | None]]:
    """``(Attachment element, member or None)`` for every attachment the package lists."""
    if not pkg.attachments_part:
        return []
    base = posixpath.dirname(pkg.attachments_part)
    return [(a, pkg.member(base, text_of(kid(a, "FileLoc")))) for a in descendants(pkg.xml(pkg.attachments_part),
                                                                                   "Attachment")]


def _attachments(pkg: Package, lim: Limits, depth: int) -> tuple[list[Segment], list[Finding], list[str]]:
    from screening.documents import read_document

    segs: list[Segment] = []
    findings: list[Finding] = []
    read: list[str] = []
    for att, member in attachment_entries(pkg):
        name = att.get("Name", "") or (posixpath.basename(member) if member else "")
        base = {"part": "attachment", "attachment": name, "xml_part": member or pkg.attachments_part or ""}
        label = f"附件 {name}："
        segs.append(Segment(f"{label}{name}", base, kind="attachment"))
        findings.append(hygiene_finding("EMBEDDED_OBJECT", f"OFD 附件 {name}（其内容已用相应读取器审查，脱敏版将移除附件）",
                                        base, text=name, attributes={"reason": "attachment"}))
        if member is None:
            continue
        data = read_member(pkg.zf, member, pkg.path)
        ext = os.path.splitext(name or member)[1].lower() or os.path.splitext(member)[1].lower()
        doc = None
        why = ""
        if depth >= 2:
            why = "附件嵌套过深"
        else:
            with tempfile.TemporaryDirectory(prefix="ofd-att-") as tmp:
                p = Path(tmp) / f"attachment{ext if len(ext) <= 6 else ''}"
                p.write_bytes(data)
                try:
                    doc = (read_ofd(str(p), lim, depth + 1) if ext == ".ofd" else read_document(p, lim))
                except UnsupportedFormat as exc:
                    why = exc.message if hasattr(exc, "message") else str(exc)
                except ResourceLimitExceeded:
                    raise
                except DocumentError as exc:
                    why = getattr(exc, "message", str(exc))
        if doc is None:
            findings.append(hygiene_finding("UNSCANNED_CONTENT", f"OFD 附件 {name} 无法读取，未被审查（{why[:120]}）",
                                            base, text=name, attributes={"reason": "attachment"}))
            continue
        read.append(member)
        for s in doc.segments:
            loc = {**base, **{k: v for k, v in s.location.items() if k != "part"}}
            if "part" in s.location:
                loc["attachment_part"] = s.location["part"]
            segs.append(Segment(s.text, loc, kind=s.kind if s.kind != "text" else "attachment"))
        for f in doc.hygiene:
            from dataclasses import replace

            findings.append(replace(f, location={**base, **f.location, "part": "attachment"},
                                    explanation=f"附件 {name}：{f.explanation}"))
    return segs, findings, read


# -- signatures -------------------------------------------------------------------------------------
def signature_members(pkg: Package) -> list[str]:
    """The members of the package's signatures: the list, each Signature.xml and the files it names."""
    if not pkg.signatures_part:
        return []
    out = [pkg.signatures_part]
    base = posixpath.dirname(pkg.signatures_part)
    for s in descendants(pkg.xml(pkg.signatures_part), "Signature"):
        m = pkg.member(base, s.get("BaseLoc", ""))
        if m:
            out.append(m)
            sdir = posixpath.dirname(m)
            out.extend(n for n in pkg.zf.NameToInfo if n.startswith(sdir + "/") and n not in out and sdir)
    return out


def _signatures(pkg: Package) -> list[Finding]:
    if not pkg.signatures_part:
        return []
    n = sum(1 for _ in descendants(pkg.xml(pkg.signatures_part), "Signature"))
    return [hygiene_finding(
        "EMBEDDED_OBJECT", f"OFD 含 {n} 个电子签章/数字签名（Signs）：印章图像与证书不是文字，未逐项审查；"
        "脱敏会使签名失效，脱敏版将移除签名", {"part": "signatures", "xml_part": pkg.signatures_part},
        attributes={"reason": "signature", "count": n})]


# -- residue coverage ----------------------------------------------------------------------------------
def _coverage(pkg: Package, whole: list[str]) -> tuple[Coverage, ...]:
    geo = frozenset(GEOMETRY_ATTRS)
    info_tags: set[str] = set()
    info = kid(pkg.docbody, "DocInfo")
    if info is not None:
        for el in info.iter():
            if isinstance(el.tag, str):
                info_tags.add(el.tag)
    geo_tags = {el.tag for root in pkg.trees.values() for el in root.iter()
                if isinstance(el.tag, str) and local(el.tag) in GEOMETRY_TEXT}
    cov = [Coverage("OFD.xml", texts(*info_tags, *geo_tags), geo)]
    esc = glob.escape
    cov.append(Coverage(esc(pkg.doc_part), texts(*geo_tags), geo))
    text_tags = {el.tag for root in pkg.trees.values() for el in root.iter()
                 if isinstance(el.tag, str) and local(el.tag) == "TextCode"}
    for cp in pkg.contents:
        cov.append(Coverage(esc(cp.part), texts(*geo_tags, *text_tags), geo))
    for m in pkg.res_parts:
        cov.append(Coverage(esc(m), texts(*geo_tags), geo))
    annot_tags = {el.tag for m, _ in pkg.annotation_parts for el in pkg.xml(m).iter()
                  if isinstance(el.tag, str) and local(el.tag) in ("Remark", "Parameter", "TextCode")}
    for m, _ in pkg.annotation_parts:
        cov.append(Coverage(esc(m), texts(*geo_tags, *annot_tags), geo | {"Creator", "Subtype"}))
    if pkg.annotations_index:
        cov.append(Coverage(esc(pkg.annotations_index), texts(*geo_tags), geo))
    if pkg.attachments_part:
        cov.append(Coverage(esc(pkg.attachments_part), texts(*geo_tags), geo))
    for m in whole:
        cov.append(Coverage(esc(m), whole=True, needs_read=False))
    return tuple(cov)

