"""Verification views of a PDF: every stream decompressed, every string, the page text by our own
glyph interpreter and by pypdfium2 (a second extractor), each decoded in several ways (UTF-16BE,
GB18030, Latin-1 ...), for :mod:`screening.redaction.verify`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf

from screening.documents.pdf_lock import PDFIUM_LOCK
from screening.documents.pdf_residue import count_revisions, pdf_text
from screening.redaction.writers.pdf_glyphs import FontCache, Unsupported, interpret


def iter_pdf_parts(path: str | Path) -> Iterator[tuple[str, str]]:
    """Every stream (decompressed) and string of the PDF, page text by two extractors and by our own
    glyph interpreter, each decoded in several ways, for :func:`screening.redaction.verify`."""
    import pypdfium2 as pdfium

    with pikepdf.open(path) as pdf:
        contents = _content_streams(pdf)
        for obj in pdf.objects:
            place = f"object {obj.objgen[0]}" if obj.is_indirect else "object"
            if isinstance(obj, pikepdf.Stream):
                if obj.get("/Subtype") == "/Image":
                    continue
                try:
                    data = obj.read_bytes()
                except pikepdf.PdfError:
                    data = obj.read_raw_bytes()
                for enc in ("latin-1", "utf-16-be", "utf-8", "gb18030"):
                    yield f"{place} stream", data.decode(enc, errors="ignore")
                if obj.objgen in contents or obj.get("/Subtype") == "/Form":
                    yield f"{place} stream strings", _stream_strings(obj)
            if isinstance(obj, pikepdf.Stream) and obj.get("/Type") == "/EmbeddedFile":
                yield from _attachment_views(place, obj)
            if isinstance(obj, pikepdf.Dictionary | pikepdf.Array):
                yield f"{place} strings", " ".join(_strings(obj, 0))
        yield "trailer strings", " ".join(_strings(pdf.trailer, 0))
        fonts = FontCache()
        for n, page in enumerate(pdf.pages, start=1):
            try:
                pg = interpret(page, fonts)
                yield f"page {n} glyphs", "".join(g.text for g in pg.glyphs) + pg.form_text
            except Unsupported:
                continue
    texts: list[str] = []
    with PDFIUM_LOCK:  # collected under the lock, yielded after it (a generator must not hold it)
        doc = pdfium.PdfDocument(str(path))
        try:
            for n in range(len(doc)):
                page = doc[n]
                tp = page.get_textpage()
                texts.append(tp.get_text_range())
                tp.close()
                page.close()
        finally:
            doc.close()
    for n, text in enumerate(texts, start=1):
        yield f"page {n} text (pdfium)", text
    raw = Path(path).read_bytes()
    if count_revisions(raw) > 1:  # an earlier revision's objects are not in pdf.objects: its raw bytes
        yield "earlier revisions (raw bytes)", raw.decode("latin-1")


def _attachment_views(place: str, stream: pikepdf.Stream) -> Iterator[tuple[str, str]]:
    """An embedded file left in the output, read with the normal readers (its text and residue)."""
    from screening.documents.limits import Limits
    from screening.documents.pdf_residue import read_embedded

    try:
        data = stream.read_bytes()
    except pikepdf.PdfError:
        return
    doc, _why = read_embedded("attachment", data, Limits())
    if doc is not None:
        yield f"{place} attachment", doc.text


def _content_streams(pdf: pikepdf.Pdf) -> set[tuple[int, int]]:
    out = set()
    for page in pdf.pages:
        contents = page.obj.get("/Contents")
        for c in (list(contents) if isinstance(contents, pikepdf.Array) else [contents]):
            if isinstance(c, pikepdf.Stream) and c.is_indirect:
                out.add(c.objgen)
    return out


def _stream_strings(stream: pikepdf.Stream) -> str:
    """Shown strings of a content stream decoded as UTF-16BE and GB18030 (UCS-2/GBK CMaps)."""
    try:
        instructions = pikepdf.parse_content_stream(stream)
    except (pikepdf.PdfError, TypeError, ValueError):
        return ""
    raw = b""
    for ins in instructions:
        if isinstance(ins, pikepdf.ContentStreamInlineImage):
            continue
        for operand in ins.operands:
            items = list(operand) if isinstance(operand, pikepdf.Array) else [operand]
            raw += b"".join(bytes(x) for x in items if isinstance(x, pikepdf.String))
    return raw.decode("utf-16-be", errors="ignore") + "\x00" + raw.decode("gb18030", errors="ignore")


def _strings(obj: Any, depth: int) -> Iterator[str]:
    """Every string (each reading: PDFDocEncoding/UTF-16, raw UTF-8/GB18030), name and key."""
    if depth > 32:
        return
    if isinstance(obj, pikepdf.Dictionary):
        yield from (k[1:] for k in obj.keys())
        values = list(obj.values())
    else:
        values = list(obj)
    for v in values:
        if isinstance(v, pikepdf.String):
            yield from pdf_text(bytes(v))
        elif isinstance(v, pikepdf.Name):
            yield str(v)[1:]
        elif isinstance(v, pikepdf.Dictionary | pikepdf.Array) and not v.is_indirect:
            yield from _strings(v, depth + 1)
