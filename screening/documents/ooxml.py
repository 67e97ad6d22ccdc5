"""Shared helpers for Office Open XML packages (.docx, .xlsx): safe XML parsing, relationships,
document properties, embedded images/objects.

>>> ROLE_LABELS["creator"]
'作者'
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

from screening.documents.limits import Limits, check_text_size, read_member
from screening.documents.model import Segment, hygiene_finding
from screening.documents.residue import Coverage, texts
from screening.errors import DocumentError
from screening.findings import Finding

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CP_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC_NS = "http://purl.org/dc/elements/1.1/"
EP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"

#: internal DTD entities are resolved (a value declared as ``<!ENTITY x "...">`` and used as ``&x;`` is
#: read where it is used); external ones are never loaded (an undefined entity is a parse error), and
#: libxml2's amplification limit stops "billion laughs" (``huge_tree`` stays off)
_PARSER = etree.XMLParser(resolve_entities="internal", no_network=True, load_dtd=False, huge_tree=False)

#: Chinese labels for document properties (the label is kept in the segment text as context).
ROLE_LABELS = {
    "creator": "作者",
    "lastModifiedBy": "最后修改者",
    "title": "标题",
    "subject": "主题",
    "keywords": "关键词",
    "description": "备注",
    "category": "类别",
    "contentStatus": "状态",
    "Company": "单位",
    "Manager": "经理",
    "Template": "模板",
    "HyperlinkBase": "超链接基础",
}
#: Properties that identify people or organisations: their presence is a DOCUMENT_METADATA item.
PERSONAL_PROPERTIES = frozenset({"creator", "lastModifiedBy", "Company", "Manager"})


def parse_xml(data: bytes, part: str, path: str | None) -> etree._Element:
    """Parse a part without entity expansion or network access."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise DocumentError(f"corrupt XML in part {part!r} ({exc})", path=path) from None
    if root is None:
        raise DocumentError(f"empty XML part {part!r}", path=path)
    return root


def read_xml(zf: zipfile.ZipFile, part: str, path: str | None) -> etree._Element:
    return parse_xml(read_member(zf, part, path), part, path)


def rels_path(part: str) -> str:
    """``word/document.xml`` -> ``word/_rels/document.xml.rels``."""
    d, f = posixpath.split(part)
    return posixpath.join(d, "_rels", f + ".rels")


@dataclass(frozen=True)
class Rel:
    id: str
    type: str  # last path component of the relationship type, e.g. "header", "image"
    target: str  # absolute zip member name, or the URL for external targets
    external: bool


def relationships(zf: zipfile.ZipFile, part: str, path: str | None) -> dict[str, Rel]:
    """The relationships of ``part`` by id (empty if the part has none)."""
    name = rels_path(part)
    if name not in zf.NameToInfo:
        return {}
    root = read_xml(zf, name, path)
    out: dict[str, Rel] = {}
    base = posixpath.dirname(part)
    for el in root.iter(f"{{{PKG_REL_NS}}}Relationship"):
        target = el.get("Target", "")
        external = el.get("TargetMode") == "External"
        if not external:
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
        out[el.get("Id", "")] = Rel(el.get("Id", ""), el.get("Type", "").rsplit("/", 1)[-1], target, external)
    return out


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def property_segments(zf: zipfile.ZipFile, path: str | None) -> tuple[list[Segment], list[Finding]]:
    """Core, app and custom properties as ``metadata`` segments (``作者：张三``) plus one
    DOCUMENT_METADATA finding when personal properties (author, last editor, company, manager) are set.
    """
    segments: list[Segment] = []
    personal: list[str] = []
    for part, ns_ok in (("docProps/core.xml", (CP_NS, DC_NS)), ("docProps/app.xml", (EP_NS,))):
        if part not in zf.NameToInfo:
            continue
        for el in read_xml(zf, part, path):
            name = _local(el.tag)
            value = (el.text or "").strip()
            if not value or name not in ROLE_LABELS or etree.QName(el).namespace not in ns_ok:
                continue
            segments.append(_prop_segment(part, name, ROLE_LABELS[name], value))
            if name in PERSONAL_PROPERTIES:
                personal.append(name)
    if "docProps/custom.xml" in zf.NameToInfo:
        for prop in read_xml(zf, "docProps/custom.xml", path):
            name = prop.get("name", "")
            value = "".join(prop.itertext()).strip()
            if value:
                segments.append(_prop_segment("docProps/custom.xml", name, name, value))
                personal.append(name)
    findings = []
    if personal:
        findings.append(
            hygiene_finding(
                "DOCUMENT_METADATA",
                "文档属性含个人/单位信息：" + "、".join(dict.fromkeys(personal)),
                {"part": "properties"},
                attributes={"properties": list(dict.fromkeys(personal))},
            )
        )
    return segments, findings


def _prop_segment(part: str, name: str, label: str, value: str) -> Segment:
    prefix = f"{label}："
    return Segment(
        prefix + value,
        {"part": "properties", "xml_part": part, "property": name},
        kind="metadata",
        ref={"xml_part": part, "property": name, "prefix_len": len(prefix)},
    )


#: what :func:`property_segments` and :func:`custom_xml_segments` read (for the residue sweep)
PROPERTY_COVERAGE = (
    Coverage("docProps/core.xml", texts(*(f"{{{ns}}}{n}" for ns in (CP_NS, DC_NS) for n in ROLE_LABELS))),
    Coverage("docProps/app.xml", texts(*(f"{{{EP_NS}}}{n}" for n in ROLE_LABELS))),
    Coverage("docProps/custom.xml", texts("*"), frozenset({"name"})),
    Coverage("customXml/item[0-9]*.xml", texts("*")),
)


def custom_xml_names(zf: zipfile.ZipFile) -> list[str]:
    """The ``customXml/item*.xml`` data parts (not their ``itemProps``)."""
    return [n for n in sorted(zf.NameToInfo)
            if n.startswith("customXml/item") and n.endswith(".xml") and "Props" not in n]


def custom_xml_segments(zf: zipfile.ZipFile, path: str | None, limits: Limits | None = None) -> list[Segment]:
    """Text held in ``customXml/item*.xml`` parts (data bound to content controls); their text counts
    against ``max_text_chars`` (a package of huge custom XML parts is a zip bomb)."""
    limits = limits or Limits()
    out = []
    chars = 0
    for name in custom_xml_names(zf):
        try:
            root = read_xml(zf, name, path)
        except DocumentError:
            continue
        for i, el in enumerate(root.iter()):
            text = (el.text or "").strip() if isinstance(el.tag, str) else ""
            if text:
                chars += len(text)
                if chars > limits.max_text_chars:
                    check_text_size(chars, limits, path, "the custom XML parts")
                out.append(Segment(text, {"part": "custom_xml", "xml_part": name, "element": i}, kind="custom_xml"))
    return out


def media_findings(zf: zipfile.ZipFile, prefix: str) -> list[Finding]:
    """UNSCANNED_CONTENT for every embedded image under ``prefix`` (``word/`` or ``xl/``) ``media/``.

    Embedded objects are the residue sweep's (:mod:`screening.documents.residue`): it reads embedded
    packages (xlsx in a docx, OLE objects holding one) and reports what it cannot read."""
    out = []
    for name in sorted(zf.NameToInfo):
        if not name.startswith(prefix):
            continue
        sub = name[len(prefix):]
        if sub.startswith("media/"):
            out.append(
                hygiene_finding(
                    "UNSCANNED_CONTENT",
                    f"嵌入图片 {name} 未经文字识别（OCR），无法确认不含个人信息",
                    {"part": "media", "xml_part": name},
                    text=name,
                    attributes={"reason": "image"},
                )
            )
    return out


def sweep_findings(zf: zipfile.ZipFile, coverage: tuple[Coverage, ...], read: set[str], hygiene: list[Finding],
                   limits: Any, path: str | None, parsed: dict[str, Any] | None = None,
                   ocr_read: set[str] = frozenset()) -> list[Segment]:  # type: ignore[assignment]
    """Run the residue sweep after a reader: its segments are returned, its findings added to
    ``hygiene`` (parts already reported there, e.g. images under ``media/``, are not reported twice;
    nor are the images ``ocr_read`` by :mod:`screening.documents.embedded_ocr`)."""
    from screening.documents.residue import sweep_package

    reported = {f.location.get("xml_part") for f in hygiene if f.entity_type == "UNSCANNED_CONTENT"} | ocr_read
    result = sweep_package(zf, coverage, read=read, reported={r for r in reported if r}, limits=limits, path=path,
                           parsed=parsed)
    hygiene.extend(result.hygiene)
    return result.segments


def looks_like_header(cells: list[str]) -> bool:
    """A header row: at least two cells, mostly filled, short labels without long digit runs.

    >>> looks_like_header(["序号", "姓名", "身份证号", "联系电话"])
    True
    >>> looks_like_header(["1", "张三", "11010519491231002X", ""])
    False
    """
    filled = [c for c in cells if c.strip()]
    if len(filled) < 2 or len(filled) * 2 < len(cells):
        return False
    for c in filled:
        digits = sum(ch.isdigit() for ch in c)
        if len(c) > 24 or digits > 3 or c.strip().replace(".", "").isdigit():
            return False
    return True


def iter_text_nodes(root: etree._Element) -> Iterator[tuple[int, str]]:
    """``(element index, text)`` for every element with non-blank text or a ``v`` (cached value),
    ``descr`` or ``title`` (alt text) attribute."""
    for i, el in enumerate(root.iter()):
        if not isinstance(el.tag, str):
            continue
        text = (el.text or "").strip()
        if text:
            yield i, text
        for attr in ("v", "descr", "title"):
            v = el.get(attr)
            if v and v.strip():
                yield i, v.strip()
