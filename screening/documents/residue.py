"""The residue sweep: after a structured reader has read what it understands, walk *every* member of
a zip package (recursively into embedded packages and OLE objects holding one), parse every XML
part (internal DTD entities resolved, nothing loaded from outside, sizes capped), and collect every
text node and attribute value the reader did not cover. Fail closed: a member that cannot be decoded
at all is an ``UNSCANNED_CONTENT`` finding naming the part.

A reader declares its coverage once, as data (:class:`Coverage`): which parts, which elements' text,
which attributes it reads. Everything else that could hold a value (≥5 digits, CJK, ``@``, ...)
becomes a ``residue`` :class:`~screening.documents.model.Segment` with
``{"part": "word/embeddings/x.xlsx!/xl/sharedStrings.xml", "place": "chart cache"}`` that the normal
engine scans, so a hit is an ordinary finding with ``location.part`` and ``location.place``.

The helpers for decoding (:func:`text_variants`, :func:`decode_text`) are format-agnostic.

>>> text_variants('="1390"&"0123"&"4567"')
['="1390"&"0123"&"4567"', '139001234567', '=1390&0123&4567']
>>> text_variants("tel:%2B86%2013912345678")
['tel:%2B86%2013912345678', 'tel:+86 13912345678']
>>> interesting("rId12"), interesting("50000"), interesting("张三"), interesting("1391234"), interesting("a@b")
(False, False, True, True, True)
"""

from __future__ import annotations

import fnmatch
import html
import io
import posixpath
import re
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from lxml import etree

from screening.documents.limits import MB, Limits, check_zip, read_member
from screening.documents.model import Segment, hygiene_finding
from screening.errors import DocumentError, ResourceLimitExceeded
from screening.findings import Finding

# -- coverage: what a reader reads ------------------------------------------------------------------


@dataclass(frozen=True)
class Coverage:
    """What a structured reader reads in the parts matching ``pattern`` (an ``fnmatch`` glob on the
    member name).

    ``texts``: element tags (Clark ``{ns}local`` or ``*``) whose text the reader reads, each with the
    ancestor tags under which it does *not* (``{T: {RPH}}``: ``t`` but not phonetic ``rPh/t``).
    ``attrs``: attributes it reads, as ``{ns}attr`` (on any element) or ``{ns}elem@{ns}attr``.
    ``cut``: local names of elements whose whole subtree the reader handles in its own streaming pass
    (a worksheet's ``sheetData``): they are cut out of the bytes before the sweep parses the rest.
    ``whole``: the reader reads or reports everything in the part.
    ``needs_read``: the entry applies only to parts the reader actually read (an orphan worksheet
    that no workbook names is not covered by the worksheet entry).
    """

    pattern: str
    texts: dict[str, frozenset[str]] = field(default_factory=dict)
    attrs: frozenset[str] = frozenset()
    cut: frozenset[str] = frozenset()
    whole: bool = False
    needs_read: bool = True


def texts(*tags: str, unless: Iterable[str] = ()) -> dict[str, frozenset[str]]:
    """``texts`` for :class:`Coverage`: these tags, none of them under an ``unless`` ancestor."""
    no = frozenset(unless)
    return {t: no for t in tags}


#: attributes that never carry user text (ids, revision ids, namespaces): skipped everywhere
STRUCTURAL_ATTRS = frozenset({
    "Id", "id", "Type", "ContentType", "PartName", "Extension", "TargetMode", "uri", "spid", "shapeid",
    "paraId", "textId", "durableId", "anchorId", "editId", "embed", "link", "pict", "rsidR", "rsidRPr",
    "rsidRDefault", "rsidP", "rsidDel", "rsidSect", "rsidTr", "rsid", "r", "s", "spans", "ref", "sqref",
    "xr:uid", "uid", "guid", "macro", "fLocksText", "dyDescent",
})
_STRUCTURAL_PREFIXES = ("rsid",)

#: local names / attributes -> the ``place`` a residue is reported under (first match, innermost first)
_PLACE_ATTR = {
    ("bookmarkStart", "name"): "bookmark", ("fldSimple", "instr"): "field instruction",
    ("hyperlink", "tooltip"): "tooltip", ("hyperlink", "location"): "hyperlink",
    ("hyperlink", "display"): "hyperlink", ("Relationship", "Target"): "relationship target",
    ("textpath", "string"): "WordArt", ("docVar", "val"): "document variable",
    ("docVar", "name"): "document variable", ("cNvPr", "descr"): "alt text", ("cNvPr", "title"): "alt text",
    ("cNvPr", "name"): "shape name", ("sheet", "name"): "sheet name", ("numFmt", "formatCode"): "number format",
    ("filter", "val"): "autofilter", ("customFilter", "val"): "autofilter", ("tableColumn", "name"): "table column",
    ("alias", "val"): "content control", ("tag", "val"): "content control", ("listItem", "displayText"):
    "content control list item", ("listItem", "value"): "content control list item",
    ("attr", "val"): "smart tag", ("ddList", "val"): "form field", ("default", "val"): "form field",
    ("listEntry", "val"): "form field drop-down item", ("result", "val"): "form field",
}
_PLACE_ANCESTOR = (
    ("oMath", "math"), ("oMathPara", "math"), ("rt", "ruby"), ("ffData", "form field"), ("sdtPr", "content control"),
    ("smartTag", "smart tag"), ("textpath", "WordArt"), ("dataValidation", "data validation"),
    ("conditionalFormatting", "conditional format"), ("autoFilter", "autofilter"), ("rPh", "phonetic"),
    ("hyperlink", "hyperlink"), ("txbxContent", "text box"), ("textbox", "VML text"), ("docVars", "document variable"),
)
_PLACE_PART = (
    ("*/charts/*", "chart cache"), ("*/diagrams/*", "SmartArt"), ("customXml/*", "custom XML"),
    ("*/pivotCache/*", "pivot cache"), ("*/pivotTables/*", "pivot table"), ("*.vml", "VML text"),
    ("*/activeX/*", "ActiveX"), ("*_rels/*", "relationship"), ("docProps/*", "properties"),
)


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


# -- decoding helpers (format-agnostic) --------------------------------------------------------------
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
#: 7 digits: the shortest value looked for (a landline without area code); shorter numbers in styles
#: and themes (sizes, colours, tints) are not worth a segment each
_SEVEN_DIGITS = re.compile(r"[0-9０-９](?:[^0-9０-９]{0,3}[0-9０-９]){6}")
_LITERAL = re.compile(r'"((?:[^"]|"")*)"')
_U_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_TAG = re.compile(rb"<[^>]*>")


def interesting(text: str) -> bool:
    """Could ``text`` hold a value the recognizers look for (the cheap prefilter)?"""
    return "@" in text or _CJK.search(text) is not None or _SEVEN_DIGITS.search(text) is not None


_ELEVEN_DIGITS = re.compile(r"[0-9０-９](?:[^0-9０-９]{0,2}[0-9０-９]){10}")


def _strong(text: str) -> bool:
    """A value even a structural attribute (an ``id``) must not hide: CJK, ``@``, 11+ digits."""
    return "@" in text or _CJK.search(text) is not None or _ELEVEN_DIGITS.search(text) is not None


def text_variants(text: str) -> list[str]:
    """``text`` and the decoded forms a value can hide behind: string literals of a formula or number
    format joined (``"1390"&"0123"``), percent-encoding (``%E5%BC%A0``), ``\\uXXXX`` escapes, double
    HTML escaping."""
    out = [text]
    if '"' in text:
        lits = [m.group(1).replace('""', '"') for m in _LITERAL.finditer(text)]
        if len(lits) >= 2 or (lits and len(lits[0]) < len(text) - 2):
            out.append("".join(lits))
        out.append(text.replace('"', "").replace("\\", ""))  # number-format literals: "320105""1987"@
    if "%" in text:
        try:
            dec = unquote(text, errors="strict")
        except UnicodeDecodeError:
            dec = unquote(text, encoding="gb18030", errors="replace")
        out.append(dec)
    if "\\u" in text:
        out.append(_U_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text))
    if "&" in text and ";" in text:
        out.append(html.unescape(text))
    return list(dict.fromkeys(out))


def decode_text(data: bytes) -> str | None:
    """Bytes as text (BOM, UTF-8, UTF-16 without BOM, GB18030), or ``None`` for binary."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    head = data[:4096]
    if len(head) >= 4 and head.count(b"\x00") * 3 >= len(head):
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _printable(text):
                return text
        return None
    if b"\x00" in head:
        return None
    for enc in ("utf-8", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        return text if _printable(text) else None
    return None


def _printable(text: str) -> bool:
    sample = text[:4096]
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f")
    return bad * 50 <= len(sample)


_STRINGS = re.compile(rb"[\x20-\x7e]{6,}|(?:[\x20-\x7e]\x00){6,}")


def binary_strings(data: bytes, limit: int = 1 << 20) -> list[str]:
    """Printable ASCII and UTF-16LE runs of a binary blob (a printer-settings part, an OLE object)."""
    out = []
    for m in _STRINGS.finditer(data[: 16 * MB]):
        s = m.group(0)
        out.append(s.decode("utf-16-le" if s[1:2] == b"\x00" else "latin-1", errors="ignore"))
        limit -= len(s)
        if limit <= 0:
            break
    return out


# -- member kinds ------------------------------------------------------------------------------------
_IMAGE_EXT = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".emf", ".wmf", ".svg", ".webp", ".ico")
_FONT_EXT = (".odttf", ".ttf", ".otf", ".fntdata")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_XML_EXT = (".xml", ".rels", ".vml")
_TEXTISH_EXT = (".txt", ".csv", ".htm", ".html", ".json", ".md", ".rtf", ".mht")
MAX_DEPTH = 4


def _cut(data: bytes, locals_: frozenset[str]) -> bytes:
    """``data`` without the elements named in ``locals_`` (any prefix), found at byte level: C-speed
    searches, nothing else of a 100 MB worksheet is looked at. What lies between the first start tag
    and the last end tag of that name goes; the tags themselves stay (with their attributes).

    >>> _cut(b'<w><sheetData a="1"><row/></sheetData><x/></w>', frozenset({"sheetData"}))
    b'<w><sheetData a="1"></sheetData><x/></w>'
    """
    for name in sorted(locals_):
        n = re.escape(name.encode())
        m = re.search(rb"<(?:[A-Za-z_][\w.-]*:)?" + n + rb"[\s>]", data)
        if not m:
            continue
        last = None
        for hit in re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?" + n + rb"\s*>").finditer(data, m.start()):
            last = hit
        gt = data.find(b">", m.start())
        if last is not None and 0 <= gt < last.start():
            data = data[: gt + 1] + data[last.start():]  # the element's own tag (and attributes) stay
    return data


def is_image(name: str, data: bytes) -> bool:
    """An image by extension or magic bytes (PNG, JPEG, GIF, BMP, TIFF, EMF, WMF, WebP)."""
    if name.lower().endswith(_IMAGE_EXT):
        return True
    head = data[:64]
    return (head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"\xd7\xcd\xc6\x9a"))
            or (head.startswith(b"BM") and len(head) > 14 and head[6:10] == b"\x00\x00\x00\x00")
            or (head.startswith(b"\x01\x00\x00\x00") and head[40:44] == b" EMF")
            or (head.startswith(b"RIFF") and head[8:12] == b"WEBP"))


_PARSER = etree.XMLParser(resolve_entities="internal", no_network=True, load_dtd=False, huge_tree=False)
_RECOVER = etree.XMLParser(resolve_entities="internal", no_network=True, load_dtd=False, huge_tree=False,
                           recover=True)


def parse_xml_safely(data: bytes) -> etree._Element | None:
    """Parse XML with internal entities resolved and nothing fetched (``None`` when it is not XML)."""
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        if "amplification" in str(exc) or "ntity" in str(exc) and "loop" in str(exc):
            raise
    try:
        return etree.fromstring(data, _RECOVER)
    except etree.XMLSyntaxError:
        return None


# -- the sweep ---------------------------------------------------------------------------------------


@dataclass
class Sweep:
    """What the sweep found: residue segments and hygiene findings."""

    segments: list[Segment] = field(default_factory=list)
    hygiene: list[Finding] = field(default_factory=list)
    members: int = 0
    chars: int = 0


class _Walker:
    def __init__(self, coverage: Sequence[Coverage], read: set[str], reported: set[str], limits: Limits,
                 path: str | None, parsed: dict[str, etree._Element] | None = None) -> None:
        self.coverage, self.read, self.reported = coverage, read, reported
        self.parsed = parsed or {}
        self.limits, self.path = limits, path
        self.out = Sweep()
        self.seen: set[tuple[str, str, str]] = set()
        self.inflated = 0

    # -- emitting -------------------------------------------------------------------------------------
    def add(self, part: str, place: str, text: str) -> None:
        text = text.strip()
        if not text or not interesting(text):
            return
        key = (part, place, text)
        if key in self.seen:
            return
        self.seen.add(key)
        value = "\n".join(text_variants(text))
        self.out.chars += len(value)
        if self.out.chars > self.limits.max_residue_chars:
            raise ResourceLimitExceeded(
                f"more than {self.limits.max_residue_chars:,} characters of text outside the parts the reader "
                f"understands (limit max_residue_chars; last part {part!r})", path=self.path)
        self.out.segments.append(Segment(value, {"part": part, "place": place}, kind="residue"))

    def unscanned(self, part: str, reason: str, what: str, embedded: bool = False) -> None:
        if part in self.reported:
            return
        self.reported.add(part)
        loc = {"part": part, "xml_part": part}
        if embedded:
            self.out.hygiene.append(hygiene_finding("EMBEDDED_OBJECT", f"嵌入对象 {part}", loc, text=part))
        self.out.hygiene.append(hygiene_finding("UNSCANNED_CONTENT", f"{what} {part} 未被审查，无法确认不含个人信息",
                                                loc, text=part, attributes={"reason": reason}))

    # -- walking ------------------------------------------------------------------------------------
    def package(self, zf: zipfile.ZipFile, prefix: str, depth: int) -> None:
        for info in zf.infolist():
            name = info.filename
            if name.endswith("/"):
                continue
            full = prefix + name
            self.out.members += 1
            top = not prefix
            cov = self._coverage(name) if top else []
            if any(c.whole for c in cov):
                continue
            if top and name in self.parsed and not any(c.cut for c in cov):
                self.xml(full, name, self.parsed[name], cov)  # the reader's own parse (same parser settings)
                continue
            self.inflated += info.file_size
            if self.inflated > self.limits.max_total_size:
                raise ResourceLimitExceeded(
                    f"package and embedded packages inflate to more than {self.limits.max_total_size // MB} MB "
                    f"(limit max_total_size; at {full!r})", path=self.path)
            if info.file_size > self.limits.max_xml_part_size and not any(c.cut for c in cov):
                if name.lower().endswith(_IMAGE_EXT):
                    self.unscanned(full, "image", "图片")
                    continue
                raise ResourceLimitExceeded(
                    f"part {full!r} inflates to {info.file_size / MB:.1f} MB, more than the residue sweep reads "
                    f"as one piece (limit max_xml_part_size {self.limits.max_xml_part_size // MB} MB; a zip bomb?)",
                    path=self.path)
            data = read_member(zf, name, self.path)
            self.member(full, name, data, cov, depth)

    def member(self, full: str, name: str, data: bytes, cov: list[Coverage], depth: int) -> None:
        low = name.lower()
        head = data[:8]
        if not data.strip():
            return
        if head.startswith(b"PK\x03\x04"):
            self.nested(full, data, depth)
            return
        if head.startswith(_OLE_MAGIC):
            self.ole(full, data, depth)
            return
        if is_image(low, data):
            self.unscanned(full, "image", "图片")
            return
        if low.endswith(_FONT_EXT):
            return  # glyph outlines, no text of the document
        if posixpath.basename(low).startswith("vbaproject"):
            self.unscanned(full, "macro", "宏代码（VBA）", embedded=True)
            return
        stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
        if low.endswith(_XML_EXT) or stripped.startswith(b"<") or data.startswith((b"\xff\xfe<", b"\xfe\xff\x00<")):
            if cov:
                cuts = frozenset().union(*(c.cut for c in cov))
                if cuts:
                    data = _cut(data, cuts)
            root = parse_xml_safely(data)
            if root is not None:
                self.xml(full, name, root, cov)
                return
            text = decode_text(data)
            if text is not None:
                self.text(full, html.unescape(_TAG.sub(b" ", data).decode("utf-8", "replace")), "markup")
                return
        text = decode_text(data)
        if text is not None:
            self.text(full, text, "unknown part" if not low.endswith(_TEXTISH_EXT) else "text part")
            return
        strings = binary_strings(data)
        for s in strings:
            self.add(full, "binary part strings", s)
        if "printersettings" in low:
            return  # a printer's DEVMODE: its strings (printer/driver names) were scanned above
        if "/activex/" in low:
            self.unscanned(full, "activex", "ActiveX 控件", embedded=True)
        else:
            self.unscanned(full, "binary", "无法解码的部件", embedded="/embeddings/" in low)

    def text(self, full: str, text: str, place: str) -> None:
        for line in io.StringIO(text):  # lazily: a big part stops at max_residue_chars, not after a list
            self.add(full, place, line)

    def nested(self, full: str, data: bytes, depth: int) -> None:
        if depth >= MAX_DEPTH:
            self.unscanned(full, "nesting", "嵌套过深的嵌入包", embedded=True)
            return
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                zf = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
            self.unscanned(full, "corrupt_package", "无法打开的嵌入包", embedded=True)
            return
        with zf:
            check_zip(zf, self.limits, self.path)
            loc = {"part": full, "xml_part": full}
            self.out.hygiene.append(hygiene_finding(
                "EMBEDDED_OBJECT", f"嵌入文件包 {full}（其中的内容已一并审查）", loc, text=full,
                attributes={"reason": "embedded_package", "members": len(zf.infolist())}))
            self.package(zf, full + "!/", depth + 1)

    def ole(self, full: str, data: bytes, depth: int) -> None:
        found = False
        try:
            import olefile  # type: ignore[import-untyped]

            with olefile.OleFileIO(io.BytesIO(data)) as ole:
                for entry in ole.listdir(streams=True, storages=False):
                    sname = "/".join(entry)
                    size = ole.get_size(entry)
                    if size > self.limits.max_part_size:
                        raise ResourceLimitExceeded(f"OLE stream {full}:{sname} is too large", path=self.path)
                    blob = ole.openstream(entry).read()
                    inner = full + "!/" + sname
                    if sname.endswith("Ole10Native") and len(blob) > 8:
                        blob = _ole10_payload(blob)
                    if blob[:4] == b"PK\x03\x04":
                        self.nested(inner, blob, depth + 1)
                        found = True
                    elif sname.lower() in ("contents", "package") or sname.endswith("Ole10Native"):
                        text = decode_text(blob)
                        if text is not None:
                            self.text(inner, text, "embedded object")
                            found = True
                    else:
                        for s in binary_strings(blob):
                            self.add(inner, "embedded object strings", s)
        except ResourceLimitExceeded:
            raise
        except Exception:  # noqa: BLE001 - a corrupt OLE object is reported, not fatal
            found = False
        # an OLE object is never fully understood: report it
        self.unscanned(full, "embedded_object", "嵌入对象（OLE）" + ("，其中的嵌入包已审查" if found else ""),
                       embedded=True)

    def xml(self, full: str, name: str, root: etree._Element, cov: list[Coverage]) -> None:
        text_rules: dict[str, frozenset[str]] = {}
        attr_rules: set[str] = set()
        for c in cov:
            text_rules.update(c.texts)
            attr_rules |= c.attrs
        all_text = "*" in text_rules
        part_place = next((p for pat, p in _PLACE_PART if fnmatch.fnmatchcase(name, pat)), None)
        docinfo = root.getroottree().docinfo
        dtd = docinfo.internalDTD
        if dtd is not None:
            for ent in dtd.iterentities():
                if ent.content:
                    self.add(full, "DTD entity", ent.content)
        for el in root.iter():
            tag = el.tag
            if not isinstance(tag, str):
                if isinstance(el, etree._Comment | etree._ProcessingInstruction) and el.text:
                    self.add(full, "XML comment", el.text)
                continue
            t = el.text
            if t and not t.isspace():
                rule = text_rules.get(tag)
                if rule is None and all_text:
                    rule = text_rules["*"]
                covered = rule is not None and not (rule and any(a.tag in rule for a in el.iterancestors()))
                if not covered and interesting(t):
                    self.add(full, self._place(el, None, part_place), t)
            tail = el.tail
            if tail and not tail.isspace() and interesting(tail):
                parent = el.getparent()
                ptag = parent.tag if parent is not None else None
                if not (ptag in text_rules or all_text):
                    self.add(full, self._place(parent if parent is not None else el, None, part_place), tail)
            if el.attrib:
                for attr, value in el.attrib.items():
                    if not value or value.isspace():
                        continue
                    loc = _local(attr)
                    if (loc in STRUCTURAL_ATTRS or loc.startswith(_STRUCTURAL_PREFIXES)) and not _strong(value):
                        continue
                    if attr in attr_rules or f"{tag}@{attr}" in attr_rules:
                        continue
                    if interesting(value):
                        self.add(full, self._place(el, attr, part_place), value)

    @staticmethod
    def _place(el: etree._Element, attr: str | None, part_place: str | None) -> str:
        loc = _local(el.tag)
        if attr is not None:
            a = _local(attr)
            named = _PLACE_ATTR.get((loc, a))
            if named:
                return named
        for anc in [el, *el.iterancestors()]:
            al = _local(anc.tag)
            for name, place in _PLACE_ANCESTOR:
                if al == name:
                    return place
        if part_place:
            return part_place
        prefix = el.prefix + ":" if el.prefix else ""
        if attr is not None:
            q = etree.QName(attr)
            return f"attribute {prefix}{loc}@{q.localname}"
        return f"element {prefix}{loc}"

    def _coverage(self, name: str) -> list[Coverage]:
        return [c for c in self.coverage if fnmatch.fnmatchcase(name, c.pattern)
                and (not c.needs_read or name in self.read)]


def _ole10_payload(blob: bytes) -> bytes:
    """The file inside an ``\\x01Ole10Native`` stream (size, flags, label, path, ..., data)."""
    pk = blob.find(b"PK\x03\x04")
    return blob[pk:] if pk >= 0 else blob[4:]


def sweep_package(zf: zipfile.ZipFile, coverage: Sequence[Coverage], *, read: Iterable[str] = (),
                  reported: Iterable[str] = (), limits: Limits | None = None, path: str | None = None,
                  parsed: dict[str, etree._Element] | None = None) -> Sweep:
    """Residue segments and hygiene findings for everything in ``zf`` the reader did not cover.

    ``read``: the parts the reader actually read (for ``needs_read`` coverage); ``reported``: parts
    already reported as hygiene findings (an image under ``word/media/``) that need no second one;
    ``parsed``: part roots the reader already parsed (with the same safe parser), not parsed again.
    """
    walker = _Walker(coverage, set(read), set(reported), limits or Limits(), path, parsed)
    walker.package(zf, "", 0)
    return walker.out


def check_members(zf: zipfile.ZipFile, path: str | None = None) -> None:
    """Duplicate member names are an error: a reader would read one copy and an office suite another."""
    seen: set[str] = set()
    for info in zf.infolist():
        if info.filename in seen:
            raise DocumentError(f"duplicate member name {info.filename!r} in the zip package", path=path)
        seen.add(info.filename)


__all__ = ["Coverage", "Sweep", "binary_strings", "check_members", "decode_text", "interesting",
           "parse_xml_safely", "sweep_package", "text_variants", "texts"]
