"""The PDF residue sweep: after the PDF reader has read the pages, metadata, annotations and form
fields, walk **every object** of the file with pikepdf and collect every text value the reader did
not already read -- the PDF side of :mod:`screening.documents.residue` (same :class:`Sweep`, same
``residue`` segments the normal engine scans, same decoding helpers).

Places (``location.part``):

- strings, names and dictionary keys anywhere: ``outline`` (bookmark titles), ``annotation``
  (``/Contents``, ``/T``, ``/RC`` ...), ``form field`` (``/V``, ``/DV``, ``/Opt``, ``/TU``),
  ``javascript``/``action``/``link``, ``document info``, ``attachment name``, ``object`` (anything else);
  PDF text strings are decoded as PDFDocEncoding or UTF-16 (either BOM), and raw UTF-8/GB18030 bytes
  some producers write are tried too;
- decoded streams that are not page content, fonts or images: ``xmp`` (element text **and**
  attribute values), ``javascript`` (``/JS`` streams), ``stream`` (anything else that decodes as
  text; a binary stream nobody understands is ``UNSCANNED_CONTENT``);
- embedded files (the ``/EmbeddedFiles`` name tree, ``FileAttachment`` annotations, ``/AF`` of the
  catalog or a page, orphan ``/EmbeddedFile`` streams): ``attachment:<name>`` -- read with the normal
  readers when the format is supported (recursively, size-capped), else ``UNSCANNED_CONTENT``;
- earlier revisions kept by an incremental update: ``revision:<n>`` (their pages and objects read
  like the current file; only what the current revision does not contain is residue), and a
  ``TRACKED_CHANGES`` hygiene finding (reason ``incremental_update``).

Text the reader already read (page text, metadata, annotations, fields) is not repeated.

>>> pdf_text(b"\\xfe\\xff\\x5f\\x20\\x4e\\x09")
['张三']
>>> pdf_text("张三".encode("gb18030"))[-1]
'张三'
>>> count_revisions(b"%PDF-1.4 ... startxref 9 %%EOF\\n")
1
"""

from __future__ import annotations

import contextvars
import mmap
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pikepdf

from screening.documents.limits import MB, Limits
from screening.documents.model import Document, Segment, hygiene_finding
from screening.documents.residue import (
    Sweep,
    binary_strings,
    decode_text,
    interesting,
    parse_xml_safely,
    text_variants,
)
from screening.errors import DocumentError, ResourceLimitExceeded
from screening.normalize import fold

#: attachments inside attachments are read this deep; deeper ones are UNSCANNED_CONTENT
MAX_ATTACHMENT_DEPTH = 3
#: earlier revisions read at most (a file with more is reported, the rest unscanned)
MAX_REVISIONS = 16
#: an attachment larger than this (decoded) is not read: UNSCANNED_CONTENT
MAX_ATTACHMENT_SIZE = 64 * MB

_depth: contextvars.ContextVar[int] = contextvars.ContextVar("pdf_residue_depth", default=0)
#: set while an earlier revision is read: the outer sweep reads every revision itself
_in_revision: contextvars.ContextVar[bool] = contextvars.ContextVar("pdf_in_revision", default=False)
_EOF = re.compile(rb"%%EOF[ \t\r\n\x00]*")
_PDF_DATE = re.compile(r"D:\d{4,14}(?:[Zz]'?|[+-]\d\d'?(?:\d\d'?)?)?")
#: checksums and file identifiers (``/DocChecksum``, ``/CheckSum``, ``/ID``): hex, no document text
_CHECKSUM_KEYS = frozenset({"/DocChecksum", "/CheckSum", "/ID"})
_HEX = re.compile(r"[0-9A-Fa-f]{16,}")
_PRIVATE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")


def pdf_text(raw: bytes) -> list[str]:
    """The readings of a PDF string: UTF-16 with either BOM, UTF-8 with BOM, else PDFDocEncoding,
    plus raw UTF-8 or GB18030 when those decode to CJK (some producers write them unmarked)."""
    if raw.startswith(b"\xfe\xff"):
        return [raw[2:].decode("utf-16-be", errors="replace")]
    if raw.startswith(b"\xff\xfe"):
        return [raw[2:].decode("utf-16-le", errors="replace")]
    if raw.startswith(b"\xef\xbb\xbf"):
        return [raw[3:].decode("utf-8", errors="replace")]
    out = [str(pikepdf.String(raw))]  # PDFDocEncoding
    if any(b >= 0x80 for b in raw):
        for enc in ("utf-8", "gb18030"):
            try:
                text = raw.decode(enc)
            except UnicodeDecodeError:
                continue
            if text not in out and any("\u3400" <= ch <= "\u9fff" for ch in text):
                out.append(text)
                break
    return out


def _squeeze(text: str) -> str:
    return "".join(fold(text).split())


def revision_ends(data: bytes | mmap.mmap) -> list[int]:
    """Byte offsets just after each ``%%EOF`` marker (one per revision; a linearized file's first
    marker belongs to its first-page cross-reference section, not to a revision)."""
    ends = [m.end() for m in _EOF.finditer(data)]
    if len(ends) >= 2 and b"/Linearized" in data[:1024]:
        ends = ends[1:]
    return ends


def count_revisions(data: bytes | mmap.mmap) -> int:
    """How many revisions (an original and its incremental updates) a PDF holds."""
    return max(1, len(revision_ends(data)))


class _PdfWalker:
    def __init__(self, path: str, covered: str, limits: Limits, prefix: str = "") -> None:
        self.path, self.covered, self.limits, self.prefix = path, covered, limits, prefix
        self.out = Sweep()
        self.seen: set[tuple[str, str]] = set()
        self.done_files: set[tuple[int, int]] = set()
        self.attachment_chars = 0

    # -- emitting --------------------------------------------------------------------------------
    def add(self, part: str, place: str, text: str) -> None:
        text = text.strip()
        if not text or not interesting(text) or _PDF_DATE.fullmatch(text):
            return
        variants = text_variants(text)
        if all(_squeeze(v) in self.covered for v in variants):
            return  # the reader read it (page text, metadata, annotation, form field)
        key = (part, text)
        if key in self.seen:
            return
        self.seen.add(key)
        value = "\n".join(variants)
        self.out.chars += len(value)
        if self.out.chars > self.limits.max_residue_chars:
            raise ResourceLimitExceeded(
                f"more than {self.limits.max_residue_chars:,} characters of text outside the page text "
                f"(limit max_residue_chars; last in {part!r})", path=self.path)
        self.out.segments.append(Segment(value, {"part": self.prefix + part, "place": place}, kind="residue"))

    def unscanned(self, part: str, reason: str, what: str, place: str = "") -> None:
        loc = {"part": self.prefix + part, **({"place": place} if place else {})}
        self.out.hygiene.append(hygiene_finding("UNSCANNED_CONTENT", f"PDF {what}未被审查，无法确认不含个人信息",
                                                loc, text=part, attributes={"reason": reason}))

    # -- objects ---------------------------------------------------------------------------------
    def walk(self, pdf: pikepdf.Pdf) -> None:
        skip = _structural_streams(pdf)
        js = _js_streams(pdf)
        info = pdf.trailer.get("/Info")
        info_gen = info.objgen if isinstance(info, pikepdf.Dictionary) and info.is_indirect else None
        self.container(pdf.trailer, "trailer", 0, "document info" if info_gen is None else None)
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream):
                self.stream(obj, skip, js)
            if isinstance(obj, pikepdf.Dictionary | pikepdf.Array):
                name = f"object {obj.objgen[0]}"
                self.container(obj, name, 0, "document info" if obj.objgen == info_gen else None)

    def container(self, obj: Any, where: str, depth: int, kind: str | None = None) -> None:
        if depth > 32:
            return
        if isinstance(obj, pikepdf.Dictionary) or isinstance(obj, pikepdf.Stream):
            kind = kind or _kind(obj)
            if "/EF" in obj and isinstance(obj.get("/EF"), pikepdf.Dictionary):
                self.filespec(obj)  # type: ignore[arg-type]  # a Stream is a Dictionary with data
            items: Iterator[tuple[Any, Any]] = iter(obj.items())
        else:
            items = enumerate(obj)
        for key, value in items:
            if isinstance(key, str):
                self.add(kind or "object", f"{where} key", key[1:])
            self.value(value, kind or "object", f"{where} {key}" if isinstance(key, str) else where, depth)

    def value(self, value: Any, kind: str, where: str, depth: int) -> None:
        if isinstance(value, pikepdf.String | pikepdf.Name) and where.rsplit(" ", 1)[-1] in _CHECKSUM_KEYS:
            raw = bytes(value) if isinstance(value, pikepdf.String) else str(value).encode()
            if _HEX.fullmatch(str(value).lstrip("/")) or (
                    not raw.startswith((b"\xfe\xff", b"\xff\xfe")) and any(b < 0x20 or b >= 0x80 for b in raw)):
                return  # a hex checksum or a binary file identifier
        if isinstance(value, pikepdf.String):
            for text in pdf_text(bytes(value)):
                self.add(kind, where, text)
        elif isinstance(value, pikepdf.Name):
            self.add(kind, where, str(value)[1:])
        elif isinstance(value, pikepdf.Dictionary | pikepdf.Array) and not value.is_indirect:
            self.container(value, where, depth + 1, kind if kind != "object" else None)

    def stream(self, obj: pikepdf.Stream, skip: set[tuple[int, int]], js: set[tuple[int, int]]) -> None:
        gen = obj.objgen
        where = f"object {gen[0]}"
        typ, sub = str(obj.get("/Type", "")), str(obj.get("/Subtype", ""))
        if gen in skip or sub in ("/Image", "/Form") or typ in ("/XRef", "/ObjStm", "/CMap"):
            return
        if any(k in obj for k in ("/FunctionType", "/ShadingType", "/PatternType", "/Length1", "/CMapName")):
            return
        if typ == "/EmbeddedFile":
            if gen not in self.done_files:
                self.attachment(f"object {gen[0]}", obj, where)
            return
        data = self.decoded(obj, where)
        if data is None:
            return
        if typ == "/Metadata" or sub == "/XML":
            self.xmp(data, where)
            return
        part = "javascript" if gen in js else "stream"
        text = decode_text(data)
        if text is not None:
            for line in text.splitlines():
                self.add(part, where, line)
            return
        for s in binary_strings(data):
            self.add(part, where, s)
        if "/N" in obj or "/Alternate" in obj:
            return  # an ICC colour profile
        self.unscanned(f"object {gen[0]}", "binary_stream", f"无法解码的数据流（对象 {gen[0]}）", where)

    def decoded(self, obj: pikepdf.Stream, where: str) -> bytes | None:
        try:
            if int(obj.get("/Length", 0)) > self.limits.max_part_size:
                raise ResourceLimitExceeded(f"PDF stream {where} is larger than the part limit", path=self.path)
            data = obj.read_bytes()
        except pikepdf.PdfError:
            self.unscanned(where, "undecodable_stream", f"无法解压的数据流（{where}）", where)
            return None
        if len(data) > self.limits.max_part_size:
            raise ResourceLimitExceeded(f"PDF stream {where} inflates to more than "
                                        f"{self.limits.max_part_size // MB} MB (limit max_part_size)", path=self.path)
        return data

    def xmp(self, data: bytes, where: str) -> None:
        root = parse_xml_safely(data)
        if root is None:
            text = decode_text(data)
            if text is None:
                self.unscanned("xmp", "undecodable_xmp", "XMP 元数据", where)
                return
            for line in text.splitlines():
                self.add("xmp", where, line)
            return
        for el in root.iter():
            if not isinstance(el.tag, str):
                if el.text:
                    self.add("xmp", f"{where} comment", el.text)
                continue
            local = el.tag.rsplit("}", 1)[-1]
            for t in (el.text, el.tail):
                if t and not t.isspace():
                    self.add("xmp", f"{where} {local}", t)
            for attr, val in el.attrib.items():
                self.add("xmp", f"{where} {local}@{attr.rsplit('}', 1)[-1]}", val)

    # -- attachments -----------------------------------------------------------------------------
    def filespec(self, spec: pikepdf.Dictionary) -> None:
        ef = spec.get("/EF")
        name = ""
        for key in ("/UF", "/F", "/Desc"):
            v = spec.get(key)
            if isinstance(v, pikepdf.String):
                name = pdf_text(bytes(v))[0]
                break
        for key in ("/UF", "/F", "/DOS", "/Mac", "/Unix"):
            stream = ef.get(key) if isinstance(ef, pikepdf.Dictionary) else None
            if isinstance(stream, pikepdf.Stream) and stream.objgen not in self.done_files:
                self.attachment(name or f"object {stream.objgen[0]}", stream, f"object {stream.objgen[0]}")

    def attachment(self, name: str, stream: pikepdf.Stream, where: str) -> None:
        if stream.is_indirect:
            self.done_files.add(stream.objgen)
        part = f"attachment:{name}"
        loc = {"part": self.prefix + part, "attachment": name}
        self.out.hygiene.append(hygiene_finding("EMBEDDED_OBJECT", f"PDF 附件 {name}（内容已一并审查）", loc, text=name,
                                                attributes={"reason": "attachment"}))
        try:
            if int(stream.get("/Length", 0)) > MAX_ATTACHMENT_SIZE:
                raise ValueError
            data = stream.read_bytes()
        except (pikepdf.PdfError, ValueError):
            self.unscanned(part, "attachment", f"附件 {name} ", where)
            return
        if len(data) > MAX_ATTACHMENT_SIZE:
            self.unscanned(part, "attachment_too_large", f"附件 {name}（超过 {MAX_ATTACHMENT_SIZE // MB} MB）", where)
            return
        doc, why = read_embedded(name, data, self.limits)
        if doc is None:
            self.unscanned(part, "attachment", f"附件 {name}（{why}）", where)
            return
        for seg in doc.segments:
            inner = seg.new_location()
            inner_part = inner.get("part")
            inner.update({"part": self.prefix + part + (f"!/{inner_part}" if inner_part else ""),
                          "attachment": name})
            self.attachment_chars += len(seg.text)
            if self.attachment_chars > self.limits.max_text_chars:
                raise ResourceLimitExceeded(f"attachments hold more than {self.limits.max_text_chars:,} characters "
                                            "(limit max_text_chars)", path=self.path)
            self.out.segments.append(Segment(seg.text, inner, kind="residue" if seg.kind == "text" else seg.kind,
                                             column_header=seg.column_header))
        for f in doc.hygiene:
            inner_part = f.location.get("part")
            loc = {**f.location, "part": self.prefix + part + (f"!/{inner_part}" if inner_part else ""),
                   "attachment": name}
            self.out.hygiene.append(replace(f, location=loc))


def read_embedded(name: str, data: bytes, limits: Limits) -> tuple[Document | None, str]:
    """An embedded file read with the normal readers (from a private temp file, by content), or
    ``(None, why)`` when its format is not supported, it is damaged, or it nests too deep."""
    from screening.documents import read_document

    depth = _depth.get()
    if depth >= MAX_ATTACHMENT_DEPTH:
        return None, "嵌套过深"
    suffix = re.sub(r"[^A-Za-z0-9.]", "", Path(name).suffix)[:10]
    token = _depth.set(depth + 1)
    try:
        with tempfile.TemporaryDirectory(prefix="screening-pdf-") as tmp:
            p = os.path.join(tmp, "attachment" + suffix)
            with open(p, "wb") as fh:
                fh.write(data)
            try:
                return read_document(p, limits), ""
            except ResourceLimitExceeded:
                raise
            except DocumentError as exc:
                return None, exc.message if hasattr(exc, "message") else str(exc)
    finally:
        _depth.reset(token)


def _kind(d: Any) -> str | None:
    """What a dictionary is, for ``location.part``."""
    typ = str(d.get("/Type", ""))
    if "/FT" in d or ("/T" in d and ("/Kids" in d or "/Parent" in d) and "/Title" not in d):
        return "form field"
    if typ == "/Annot" or ("/Subtype" in d and "/Rect" in d):
        return "annotation"
    if "/Title" in d and any(k in d for k in ("/Parent", "/First", "/Next", "/Prev", "/Dest", "/A", "/Count")):
        return "outline"
    if typ == "/Outlines":
        return "outline"
    if "/JS" in d or str(d.get("/S", "")) == "/JavaScript":
        return "javascript"
    if str(d.get("/S", "")) == "/URI":
        return "link"
    if "/S" in d and typ in ("", "/Action"):
        return "action"
    if "/EF" in d or typ == "/Filespec":
        return "attachment name"
    return None


def _refs(value: Any) -> Iterator[Any]:
    if isinstance(value, pikepdf.Array):
        yield from value
    elif value is not None:
        yield value


def _structural_streams(pdf: pikepdf.Pdf) -> set[tuple[int, int]]:
    """Streams the reader reads or that hold no document text: page content, font programs and
    their CMaps, Type 3 glyph procedures, thumbnails."""
    out: set[tuple[int, int]] = set()
    for page in pdf.pages:
        for c in _refs(page.obj.get("/Contents")):
            if isinstance(c, pikepdf.Stream):
                out.add(c.objgen)
        thumb = page.obj.get("/Thumb")
        if isinstance(thumb, pikepdf.Stream):
            out.add(thumb.objgen)
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary) or isinstance(obj, pikepdf.Stream):
            continue
        typ = str(obj.get("/Type", ""))
        if typ == "/FontDescriptor":
            for key in ("/FontFile", "/FontFile2", "/FontFile3", "/CIDSet"):
                s = obj.get(key)
                if isinstance(s, pikepdf.Stream):
                    out.add(s.objgen)
        elif typ == "/Font":
            for key in ("/ToUnicode", "/Encoding", "/CIDToGIDMap"):
                s = obj.get(key)
                if isinstance(s, pikepdf.Stream):
                    out.add(s.objgen)
            procs = obj.get("/CharProcs")
            if isinstance(procs, pikepdf.Dictionary):
                out.update(s.objgen for s in procs.values() if isinstance(s, pikepdf.Stream))
    return out


def _js_streams(pdf: pikepdf.Pdf) -> set[tuple[int, int]]:
    """Streams that are the ``/JS`` of an action (wherever the action dictionary sits)."""
    out: set[tuple[int, int]] = set()

    def visit(obj: Any, depth: int) -> None:
        if depth > 32:
            return
        if isinstance(obj, pikepdf.Dictionary) and not isinstance(obj, pikepdf.Stream):
            js = obj.get("/JS")
            if isinstance(js, pikepdf.Stream):
                out.add(js.objgen)
            values = list(obj.values())
        elif isinstance(obj, pikepdf.Array):
            values = list(obj)
        else:
            return
        for v in values:
            if isinstance(v, pikepdf.Dictionary | pikepdf.Array) and not v.is_indirect:
                visit(v, depth + 1)

    for obj in pdf.objects:
        visit(obj, 0)
    visit(pdf.trailer, 0)
    return out


def text_streams(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Stream]:
    """Streams that may hold document text outside the pages: XMP, ``/JS`` code, private data --
    everything but page content, form XObjects, fonts and their CMaps, images, functions, ICC
    profiles and cross-reference/object streams (for the writer, which empties those holding a value)."""
    skip = _structural_streams(pdf)
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream) or obj.objgen in skip:
            continue
        typ, sub = str(obj.get("/Type", "")), str(obj.get("/Subtype", ""))
        if sub in ("/Image", "/Form") or typ in ("/XRef", "/ObjStm", "/CMap", "/EmbeddedFile"):
            continue
        if any(k in obj for k in ("/FunctionType", "/ShadingType", "/PatternType", "/Length1", "/CMapName")):
            continue
        yield obj


def sweep_pdf(path: str, reader: Document, limits: Limits | None = None) -> Sweep:
    """Residue segments and hygiene findings for everything in the PDF at ``path`` that the reader
    (its result ``reader``) did not read, including earlier revisions (see the module docstring)."""
    limits = limits or Limits()
    covered = _squeeze("\n".join(s.text for s in reader.segments))
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        raise
    except pikepdf.PdfError as exc:
        raise DocumentError(f"corrupt PDF ({exc})"[:300], path=path) from None
    walker = _PdfWalker(path, covered, limits)
    with pdf:
        walker.walk(pdf)
    _revisions(path, reader, walker, limits)
    walker.out.members = len(walker.seen)
    return walker.out


def _revisions(path: str, reader: Document, walker: _PdfWalker, limits: Limits) -> None:
    """An incremental update keeps every earlier revision's bytes: a hygiene finding, and each
    earlier revision read like a file of its own (what it holds that the current one does not is
    residue under ``revision:<n>``)."""
    if _in_revision.get():
        return
    with open(path, "rb") as fh:
        try:
            data: bytes | mmap.mmap = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:
            data = b""
        try:
            ends = revision_ends(data)
            if len(ends) < 2:
                return
            reader.facts["revisions"] = len(ends)
            walker.out.hygiene.append(hygiene_finding(
                "TRACKED_CHANGES", f"PDF 经过增量更新，文件中保留了 {len(ends) - 1} 个早期版本（其内容已一并审查）",
                {"part": "revisions"}, attributes={"reason": "incremental_update", "revisions": len(ends)}))
            if _depth.get() >= MAX_ATTACHMENT_DEPTH:
                walker.unscanned("revisions", "revisions", "早期版本")
                return
            for i, end in enumerate(ends[:-1][:MAX_REVISIONS], start=1):
                _revision(data[:end], i, reader, walker, limits)
            if len(ends) - 1 > MAX_REVISIONS:
                walker.unscanned("revisions", "too_many_revisions", f"第 {MAX_REVISIONS + 1} 个以后的早期版本")
        finally:
            if isinstance(data, mmap.mmap):
                data.close()


def _revision(data: bytes, n: int, reader: Document, walker: _PdfWalker, limits: Limits) -> None:
    part = f"revision:{n}"
    token = _in_revision.set(True)
    try:
        doc, why = read_embedded(f"revision{n}.pdf", data, limits)
    finally:
        _in_revision.reset(token)
    if doc is None:
        walker.unscanned(part, "revision", f"早期版本 {n}（{why}）")
        return
    for seg in doc.segments:
        loc = seg.new_location()
        inner = loc.get("part")
        loc["part"] = part + (f"!/{inner}" if inner else "")
        for line in seg.text.splitlines():
            if line.strip() and interesting(line) and _squeeze(line) not in walker.covered:
                walker.out.segments.append(Segment(line, dict(loc), kind="residue"))
    known = {(f.entity_type, f.explanation) for f in (*reader.hygiene, *walker.out.hygiene)}
    for f in doc.hygiene:
        if f.entity_type != "UNSCANNED_CONTENT" or (f.entity_type, f.explanation) in known:
            continue  # what the current revision also holds is reported once
        inner = f.location.get("part")
        walker.out.hygiene.append(replace(f, location={**f.location, "part": part + (f"!/{inner}" if inner else "")}))


def unreadable_share(text: str) -> float:
    """The share of non-space characters that are control or private-use code points, or U+FFFD:
    what pdfium returns for glyphs of a font without a usable ``/ToUnicode``.

    >>> unreadable_share("ab\\x03\\x04"), unreadable_share("张三 1")
    (0.5, 0.0)
    """
    chars = [ch for ch in text if not ch.isspace()]
    if not chars:
        return 0.0
    bad = sum(1 for ch in chars if ord(ch) < 32 or ch == "\ufffd" or 0x7F <= ord(ch) < 0xA0
              or _PRIVATE.match(ch) is not None)
    return bad / len(chars)


__all__ = ["count_revisions", "pdf_text", "read_embedded", "revision_ends", "sweep_pdf", "text_streams",
           "unreadable_share"]
