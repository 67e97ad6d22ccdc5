"""Readers: turn a file into a :class:`~screening.documents.model.Document`.

Formats are chosen by content (magic bytes) first and by extension second.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"; _ = p.write_text("电话13912345678", encoding="utf-8")
>>> read_document(p).facts["encoding"]
'utf-8'
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import Any

from screening.documents.limits import Limits
from screening.documents.model import Document, Segment, hygiene_finding
from screening.documents.text import looks_binary, read_text
from screening.errors import DocumentError, EncryptedDocument, ResourceLimitExceeded, UnsupportedFormat
from screening.paths import check_regular

__all__ = ["Document", "Limits", "Segment", "hygiene_finding", "read_document", "sniff_format"]

TEXT_EXTENSIONS = {".txt", ".md", ".csv", ".text", ".tsv", ""}
_OLD_BINARY = {".doc": "Word 97-2003 (.doc)", ".xls": "Excel 97-2003 (.xls)", ".wps": "WPS (.wps)",
               ".et": "WPS 表格 (.et)", ".ppt": "PowerPoint 97-2003 (.ppt)"}


def sniff_format(head: bytes, ext: str) -> str:
    """``text``, ``docx``, ``xlsx``, ``pdf``, ``html``, ``image``, ``ole`` (old binary Office), ``zip`` or ``unknown``."""
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    from screening.documents.image import image_kind  # issue 16: images are read by OCR

    if image_kind(head):
        return "image"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        if ext in (".docx", ".docm", ".dotx"):
            return "docx"
        if ext in (".xlsx", ".xlsm", ".xltx"):
            return "xlsx"
        return "zip"
    low = head[:2048].lstrip().lower()
    if ext in (".html", ".htm", ".xhtml") or low.startswith((b"<!doctype html", b"<html")):
        return "html"
    if ext in TEXT_EXTENSIONS:
        return "text"
    return "unknown"


_ENCRYPTED_OLE = "EncryptedPackage".encode("utf-16-le")


def zip_kind(path: str) -> str:
    """``docx``, ``xlsx``, ``pptx``, ``odf``, ``ofd`` or ``zip`` from the members of a zip package (not its name)."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.NameToInfo)
    except zipfile.BadZipFile as exc:
        raise DocumentError(f"corrupt or truncated zip package ({exc})", path=path) from None
    except (OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise DocumentError(f"cannot open zip package ({exc})", path=path) from None
    if "OFD.xml" in names:
        return "ofd"  # GB/T 33190 (issue 16)
    if "word/document.xml" in names or any(n.endswith("/document.xml") and n.startswith("word") for n in names):
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    if "mimetype" in names or "content.xml" in names:
        return "odf"
    if "[Content_Types].xml" in names:
        # a package whose main part is elsewhere: the docx reader follows _rels/.rels
        return "docx"
    return "zip"


def _is_encrypted_ole(p: Path) -> bool:
    """An OLE container holding an ``EncryptedPackage`` stream: a password-protected .docx/.xlsx."""
    with open(p, "rb") as fh:
        tail = b""
        while chunk := fh.read(1 << 20):
            if _ENCRYPTED_OLE in tail + chunk:
                return True
            tail = chunk[-len(_ENCRYPTED_OLE):]
    return False


def read_document(path: str | os.PathLike[str], limits: Limits | None = None, **overrides: Any) -> Document:
    """Read any supported file; the format is decided by content, not by the extension.

    ``limits`` / keyword overrides (``max_total_size=...``, see :class:`Limits`) guard against zip
    bombs and huge files. Raises :class:`DocumentError` (or a subclass) naming the file and reason.
    """
    check_regular(path)  # a FIFO, socket or device blocks or never ends: refused before any open (issue 11)
    lim = Limits.from_options(limits, **overrides)
    p = Path(path)
    name = str(path)
    try:
        if p.is_dir():
            raise DocumentError("is a directory", path=name)
        size = p.stat().st_size
        if size == 0:
            raise DocumentError("empty file (0 bytes)", path=name)
        if size > lim.max_file_size:
            raise ResourceLimitExceeded(
                f"file is {size / 2**20:.0f} MB (limit {lim.max_file_size / 2**20:.0f} MB)", path=name)
        with open(p, "rb") as fh:
            head = fh.read(4096)
        ext = p.suffix.lower()
        fmt = sniff_format(head, ext)
        if fmt == "ole":
            if _is_encrypted_ole(p):
                raise EncryptedDocument("password-protected Office file; remove the password first", path=name)
            converted = _converted(p, name, ext, fmt, head, lim)  # issue 16: LibreOffice
            if converted is not None:
                return converted
            kind = _OLD_BINARY.get(ext, "an old binary Office/WPS file")
            raise UnsupportedFormat(f"{kind} is not supported; convert it to .docx/.xlsx first", path=name)
        if fmt in ("docx", "xlsx", "zip"):
            fmt = zip_kind(name)
        if fmt in ("odf", "unknown"):
            converted = _converted(p, name, ext, fmt, head, lim)  # .odt/.ods, .rtf
            if converted is not None:
                return converted
        return _dispatch(fmt, p, name, ext, size, lim)
    except PermissionError:
        raise DocumentError("permission denied", path=name) from None
    except FileNotFoundError:
        raise DocumentError("no such file", path=name) from None
    except IsADirectoryError:
        raise DocumentError("is a directory", path=name) from None
    except OSError as exc:
        raise DocumentError(f"cannot read: {exc.strerror or exc}", path=name) from None


def _converted(p: Path, name: str, ext: str, fmt: str, head: bytes, lim: Limits) -> Document | None:
    """Old Office/WPS, RTF and OpenDocument files read through LibreOffice (:mod:`.convert`), or
    None when the file is not one of those."""
    from screening.documents import convert

    if fmt == "ole":
        head = convert.ole_head(p)
    target = convert.conversion_target(head, ext, fmt)
    if target is None:
        return None
    return _guarded(lambda n, lm: convert.read_converted(n, target, lm), fmt, name, lim)


def _dispatch(fmt: str, p: Path, name: str, ext: str, size: int, lim: Limits) -> Document:
    if fmt in ("text", "html") and size > lim.max_text_size:
        raise ResourceLimitExceeded(
            f"{fmt} file is {size / 2**20:.0f} MB (limit {lim.max_text_size / 2**20:.0f} MB)", path=name)
    if fmt == "text":
        return read_text(p.read_bytes(), name, fmt="text")
    if fmt == "unknown":
        with open(p, "rb") as fh:
            head = fh.read(8192)
        if looks_binary(head):
            raise UnsupportedFormat(
                f"unrecognised binary content ({ext or 'no extension'}); supported: .txt .docx .xlsx .pdf .html",
                path=name)
        if size > lim.max_text_size:
            raise ResourceLimitExceeded(f"text file is larger than {lim.max_text_size / 2**20:.0f} MB", path=name)
        doc = read_text(p.read_bytes(), name, fmt="text")
        doc.facts["note"] = f"read as plain text: the content is text whatever the extension ({ext})"
        return doc
    reader = _READERS.get(fmt)
    if reader is None:
        what = {"pptx": "PowerPoint (.pptx)", "odf": "OpenDocument (.odt/.ods)", "zip": "a zip archive"}.get(fmt)
        raise UnsupportedFormat(
            f"{what or 'this file format'} is not supported ({ext or 'no extension'})", path=name)
    return _guarded(reader, fmt, name, lim)


def _guarded(reader: Any, fmt: str, name: str, lim: Limits) -> Document:
    """Run a reader; any unexpected exception from a parser becomes a :class:`DocumentError`."""
    try:
        return reader(name, lim)
    except (DocumentError, MemoryError):
        raise
    except (PermissionError, FileNotFoundError, IsADirectoryError):
        raise
    except Exception as exc:
        raise DocumentError(f"corrupt or unreadable {fmt} file ({type(exc).__name__}: {exc})"[:300], path=name) from None


def _read_docx(name: str, lim: Limits) -> Document:
    from screening.documents.docx import read_docx

    return read_docx(name, lim)


def _read_xlsx(name: str, lim: Limits) -> Document:
    from screening.documents.xlsx import read_xlsx

    return read_xlsx(name, lim)


def _read_pdf(name: str, lim: Limits) -> Document:
    from screening.documents.pdf import read_pdf

    return read_pdf(name, lim)


def _read_html(name: str, lim: Limits) -> Document:
    from screening.documents.html import read_html

    return read_html(name, lim)


def _read_image(name: str, lim: Limits) -> Document:
    from screening.documents.image import read_image

    return read_image(name, lim)


def _read_ofd(name: str, lim: Limits) -> Document:
    from screening.documents.ofd import read_ofd

    return read_ofd(name, lim)


_READERS = {"ofd": _read_ofd, "image": _read_image, "docx": _read_docx, "xlsx": _read_xlsx, "pdf": _read_pdf, "html": _read_html}
