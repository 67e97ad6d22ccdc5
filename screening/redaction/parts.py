"""Every part of an output file, decoded to text, for the byte-level residue search.

Decoding matters: openpyxl writes Chinese as XML character references (``&#29579;``), Word splits
text over runs, PDFs hold strings as UTF-16 or CID codes inside compressed streams. Each part is
yielded in several decoded forms; a residue found in any of them fails verification.

>>> import tempfile, os
>>> p = os.path.join(tempfile.mkdtemp(), "a.xml")
>>> _ = open(p, "w").write("<t>&#29579;&#20255;</t>")
>>> any("王伟" in text for _, text in iter_parts(p, "html"))
True
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

BOUNDARY = "\x00"  # a hard boundary: never joined by squeeze()
_PARA_END = re.compile(r"</(?:w:p|a:p|si|c|row|t|v|is|comment|text)>|<w:br\b[^>]*/>|<w:tab\b[^>]*/>")
_TAG = re.compile(r"<[^>]*>")
_TEXT_MEMBER = (".xml", ".rels", ".vml", ".txt", ".htm", ".html", ".json", ".csv")


def xml_views(raw: str) -> list[str]:
    """The raw markup with entities decoded, and the text alone (tags dropped, so text split over
    runs is joined; paragraph/cell ends become hard boundaries)."""
    decoded = html.unescape(raw)
    text_only = html.unescape(_TAG.sub("", _PARA_END.sub(BOUNDARY, raw)))
    return [decoded, text_only]


def _decode_bytes(data: bytes) -> str:
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def iter_parts(path: str | Path, fmt: str) -> Iterator[tuple[str, str]]:
    """``(place, decoded text)`` for every part of the file (several views per part)."""
    p = Path(path)
    if fmt in ("docx", "xlsx") or zipfile.is_zipfile(p) and fmt not in ("text", "html", "pdf"):
        yield from _zip_parts(p)
    elif fmt == "pdf":
        from screening.redaction.writers.pdf_parts import iter_pdf_parts

        yield from iter_pdf_parts(p)
    elif fmt == "html":
        yield from _html_parts(p.read_bytes())
    else:
        raw = _decode_bytes(p.read_bytes())
        yield "file", raw


def _html_parts(data: bytes) -> Iterator[tuple[str, str]]:
    """An HTML output as the reader decodes it (its charset), the markup entity-decoded, and every
    node and attribute in each decoded form the residue sweep reads (percent-encoding, query
    strings, JS/CSS escapes, JSON, ``srcdoc`` and ``data:`` URIs recursively)."""
    from screening.documents.html import decode_html, decoded_views
    from screening.errors import DocumentError

    try:
        raw = decode_html(data)[0]
    except DocumentError:
        raw = _decode_bytes(data)
    yield "file", raw
    for view in xml_views(raw):
        yield "file (decoded)", view
    yield from decoded_views(raw)


#: members bigger than this are searched in windows (bounded memory); consecutive windows overlap
#: by ``WINDOW_OVERLAP`` characters of markup, far more than any value with the markup inside it
WINDOW = 4 << 20
WINDOW_OVERLAP = 64 << 10


def _windows(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[str]:
    """A big XML member as overlapping windows of text, each cut before a ``<`` (never inside a tag)."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    carry = ""
    with zf.open(info) as fh:
        while True:
            data = fh.read(WINDOW)
            text = carry + decoder.decode(data, final=not data)
            if not data:
                if text:
                    yield text
                return
            cut = text.rfind("<", len(carry))
            if cut <= 0:
                carry = text
                continue
            yield text[:cut]
            start = text.rfind("<", 0, max(1, cut - WINDOW_OVERLAP))
            carry = text[max(start, 0):]


def _zip_parts(p: Path | io.BytesIO, prefix: str = "", depth: int = 0) -> Iterator[tuple[str, str]]:
    """Every member, recursively into embedded packages (``word/embeddings/x.xlsx!/xl/...``) and the
    streams of OLE objects; XML entity-decoded, percent-decoded views too. Members bigger than
    :data:`WINDOW` are searched in overlapping windows (bounded memory)."""
    with zipfile.ZipFile(p) as zf:
        for info in zf.infolist():
            name = prefix + info.filename
            if info.file_size > WINDOW and info.filename.lower().endswith(_TEXT_MEMBER):
                for raw in _windows(zf, info):
                    yield name, raw
                    for view in xml_views(raw):
                        yield name, view
                continue
            if info.file_size > WINDOW:
                with zf.open(info) as fh:  # a big binary member: overlapping windows of its bytes
                    tail = b""
                    while chunk := fh.read(WINDOW):
                        data = tail + chunk
                        yield name, data.decode("utf-8", errors="ignore")
                        yield name, data.decode("utf-16-le", errors="ignore")
                        tail = data[-WINDOW_OVERLAP:]
                continue
            data = zf.read(info)
            yield from _member_views(name, info.filename, data, depth)


def _member_views(name: str, base: str, data: bytes, depth: int) -> Iterator[tuple[str, str]]:
    if data[:4] == b"PK\x03\x04" and depth < 5:
        try:
            yield from _zip_parts(io.BytesIO(data), name + "!/", depth + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
            pass
    elif data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" and depth < 5:
        yield from _ole_views(name, data, depth)
    if base.lower().endswith(_TEXT_MEMBER) or data[:5] == b"<?xml":
        raw = _decode_bytes(data)
        yield name, raw
        for view in xml_views(raw):
            yield name, view
        if "%" in raw:
            yield name, unquote(raw, errors="replace")
    else:
        # binary member (image, embedded object): search its bytes as UTF-8/UTF-16 text
        yield name, data.decode("utf-8", errors="ignore")
        yield name, data.decode("utf-16-le", errors="ignore")


def _ole_views(name: str, data: bytes, depth: int) -> Iterator[tuple[str, str]]:
    try:
        import olefile  # type: ignore[import-untyped]

        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            streams = [(("/".join(e)), ole.openstream(e).read()) for e in ole.listdir(streams=True, storages=False)]
    except Exception:  # noqa: BLE001 - a corrupt OLE object is searched as raw bytes (below)
        return
    for sname, blob in streams:
        pk = blob.find(b"PK\x03\x04")
        if pk >= 0:
            blob = blob[pk:]
        yield from _member_views(f"{name}!/{sname}", sname, blob, depth + 1)
