"""Readers: turn a file into a :class:`~screening.documents.model.Document`.

Formats are chosen by content (magic bytes) first and by extension second.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"; _ = p.write_text("电话13912345678", encoding="utf-8")
>>> read_document(p).facts["encoding"]
'utf-8'
"""

from __future__ import annotations

import os
from pathlib import Path

from screening.documents.model import Document, Segment, hygiene_finding
from screening.documents.text import read_text
from screening.errors import DocumentError, UnsupportedFormat

__all__ = ["Document", "Segment", "hygiene_finding", "read_document", "sniff_format"]

TEXT_EXTENSIONS = {".txt", ".md", ".csv", ".text", ".tsv", ""}
_OLD_BINARY = {".doc": "Word 97-2003 (.doc)", ".xls": "Excel 97-2003 (.xls)", ".wps": "WPS (.wps)",
               ".et": "WPS 表格 (.et)", ".ppt": "PowerPoint 97-2003 (.ppt)"}


def sniff_format(head: bytes, ext: str) -> str:
    """``text``, ``docx``, ``xlsx``, ``pdf``, ``html``, ``ole`` (old binary Office), ``zip`` or ``unknown``."""
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
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


def read_document(path: str | os.PathLike[str], **limits: int) -> Document:
    """Read any supported file. Raises :class:`DocumentError` (or a subclass) naming the reason."""
    p = Path(path)
    name = str(path)
    try:
        if p.is_dir():
            raise DocumentError("is a directory", path=name)
        size = p.stat().st_size
        if size == 0:
            raise DocumentError("empty file (0 bytes)", path=name)
        with open(p, "rb") as fh:
            head = fh.read(4096)
    except PermissionError:
        raise DocumentError("permission denied", path=name) from None
    except FileNotFoundError:
        raise DocumentError("no such file", path=name) from None
    except OSError as exc:
        raise DocumentError(f"cannot read: {exc.strerror or exc}", path=name) from None
    ext = p.suffix.lower()
    fmt = sniff_format(head, ext)
    if fmt == "ole":
        kind = _OLD_BINARY.get(ext, "an old binary Office/WPS file")
        raise UnsupportedFormat(f"{kind} is not supported; convert it to .docx/.xlsx first", path=name)
    if fmt == "text":
        return read_text(p.read_bytes(), name, fmt="text")
    raise UnsupportedFormat(f"unsupported file format ({ext or 'no extension'})", path=name)
